"""The rules file as plain data, for the parts that read one table of it without pydantic: the members'
targets (`records.members.member_rules`) and the problems' promises (`tickets.promises.promise_rules`).
The assessment validates the whole file (`assessment/rules.py`)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from gongjian.errors import InvalidValue
from gongjian.paths import data_path


def rules_path(path: Path | str | None = None) -> Path:
    """The rules file read: `path` (an explicit `--rules` file) or the shipped `data/rules/default.toml`."""
    return Path(path).expanduser() if path else data_path("rules", "default.toml")


def rules_data(path: Path | str | None = None) -> dict[str, Any]:
    """The TOML of `rules_path(path)` ({} when no file is named and none is shipped); a named file that does
    not exist or cannot be read is one `InvalidValue`."""
    file = rules_path(path)
    if not file.is_file():
        if path:
            raise InvalidValue("file_missing", path=str(file))
        return {}
    try:
        return tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidValue("member_rules_unreadable", path=str(file), error=str(exc)) from None
