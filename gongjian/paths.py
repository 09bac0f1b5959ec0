"""Where the shipped data lives (demo sources, default rules, templates): the `data/` folder; and how a file
the clerk asked for is written: whole or not at all (`replacing`), so Ctrl-C never leaves half a file."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path


def data_path(*parts: str) -> Path:
    """A path inside the shipped `data/` folder (installed as the `gongjian.data` package)."""
    node = files("gongjian.data")
    for part in parts:
        node = node.joinpath(part)
    return Path(str(node))


class InUse(PermissionError):
    """A finished file could not replace `filename`: Windows refuses while another program (Excel, WPS)
    holds it open. The command line says so in one line (`file_in_use`); the old file is unchanged."""


def put_in_place(partial: Path, target: Path) -> None:
    """Rename the finished `partial` to `target` (`InUse` when another program holds `target` open)."""
    try:
        os.replace(partial, target)
    except PermissionError as exc:
        raise InUse(exc.errno, exc.strerror, str(target)) from exc


def partial_name(target: Path) -> Path:
    """Where a file is written before it becomes `target`: hidden, beside it, named for this process."""
    return target.with_name(f".{target.name}.{os.getpid()}.partial")


@contextmanager
def replacing(target: Path | str) -> Iterator[Path]:
    """A temporary path beside `target` to write the whole file into; it becomes `target` only when the
    block ends normally. On an error or Ctrl-C it is removed, and `target` (old or absent) is as it was."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = partial_name(target)
    partial.unlink(missing_ok=True)
    try:
        yield partial
        put_in_place(partial, target)
    finally:
        partial.unlink(missing_ok=True)


@contextmanager
def replacing_folder(target: Path | str) -> Iterator[Path]:
    """`replacing` for a folder of files (owner-only, 0700): written beside `target` and renamed into place
    when complete; `target` may exist only as an empty folder, which it then replaces."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = partial_name(target)
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(mode=0o700)
    os.chmod(partial, 0o700)
    try:
        yield partial
        if target.is_dir():
            target.rmdir()  # empty (the caller checked); a folder is not replaced by a rename
        put_in_place(partial, target)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
