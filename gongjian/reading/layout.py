"""The layout of a clerk's sheet: where the header is, what each column means, which rows are not records.

Part of the import framework (`gongjian.importing.importer`). A header row is the row, among the first few dozen,
whose cells name the most fields of the kind through their aliases (`Field.aliases`, the field key and its
labels, plus a `--map` TOML file); title rows, notes and blank rows above it are passed over, and a second
header row under it (a merged `联系人` over `姓名 | 电话`) is folded in. Columns such as `序号` and `备注`
(when the kind has no note) are ignored; unknown columns are reported, never fatal. Totals rows
(`合计`, `小计` …) and note rows (`注：…`, `填表人：…`) are recognised so they are never imported.

Registers that other offices send (the market regulator's enterprises, civil affairs' social
organisations, the party-member system's rosters) use their own column names: the editable table
`data/registers/columns.toml` (`register_columns`) adds them beside each field's own aliases, and lists
the register columns the ledger does not keep, which are ignored like `序号`.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongjian.errors import FileProblem, GongjianError
from gongjian.i18n import LABELS
from gongjian.paths import data_path
from gongjian.reading import normalize as n
from gongjian.reading.specs import SPECS, Spec

HEADER_SCAN_ROWS = 40  # title and note rows above the header: never more than a few in practice
# Headers of columns that carry no record data: skipped quietly (reported once as ignored).
IGNORABLE = frozenset(
    {
        "序号",
        "序",
        "no",
        "no.",
        "#",
        "行号",
        "序列",
        "备注",
        "说明",
        "附注",
        "备考",
        "其他",
        "其它",
        "错误原因",
        "原行号",
        "id",
        "uid",
        "createdat",
        "updatedat",
        "签字",
        "签名",
        "盖章",
        "单位盖章",
        "签章",
        "操作",
    }
)
_TOTAL = re.compile(
    r"(?:合计|总计|小计|共计|累计|总合计|本页合计|total|subtotal|grandtotal|sum)(?:[:：(（].*|\d.*)?"
)
TOTAL_STARTS = "合总小共累本TtSsGg"  # the first characters of the totals words (`is_total` looks no further)
_TOTAL_FIRST = frozenset(TOTAL_STARTS)
_NOTE = re.compile(
    r"(?:注|说明|备注|填表人|填报人|制表人|制表|审核人|审核|负责人|单位负责人|填表日期|填报日期|制表日期|联系人|联系电话)"
    r"\s*\d*\s*[:：、.．]"
)
_HEADER_JUNK = re.compile(r"[\s_\-·•*＊※★☆]+")
_HEADER_TRAIL = re.compile(r"[:：]+$")
_PARENS = re.compile(r"[(\[（【〔][^)\]）】〕]*[)\]）】〕]")
_SCALE = re.compile(r"[万千亿]")


# ---------------------------------------------------------------------------------------------- headers


def header_key(value: object) -> str:
    """How a header cell is compared: NFKC, case-folded, without spaces, `_`/`-`, `*` marks or a trailing colon."""
    try:
        s = n.folded(value) or ""
    except GongjianError:
        return ""
    s = _HEADER_JUNK.sub("", s.casefold())
    return _HEADER_TRAIL.sub("", s)


REGISTER_COLUMNS = ("registers", "columns.toml")
IGNORED = "ignored"  # the entry of a kind's table listing the register columns the ledger does not keep
_REGISTERS: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {}


def register_columns() -> dict[str, dict[str, tuple[str, ...]]]:
    """The column names of real registers, read once from `data/registers/columns.toml`.

    kind -> field key -> the names registers give that field's column, and `ignored` -> the names of
    register columns the ledger does not keep. A broken file is refused with the file and the reason.
    """
    if "table" in _REGISTERS:
        return _REGISTERS["table"]
    path = data_path(*REGISTER_COLUMNS)
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise FileProblem("imp_registers_invalid", file=str(path), detail=str(exc)) from None
    table: dict[str, dict[str, tuple[str, ...]]] = {}
    for kind, fields in data.items():
        if not isinstance(fields, dict):
            raise FileProblem("imp_registers_invalid", file=str(path), detail=kind)
        spec = SPECS.get(kind)
        table[kind] = {}
        for fkey, names in fields.items():
            known = fkey == IGNORED or spec is None or fkey in spec.by_key
            if not known or not isinstance(names, list) or not all(isinstance(x, str) for x in names):
                raise FileProblem("imp_registers_invalid", file=str(path), detail=f"[{kind}] {fkey}")
            table[kind][fkey] = tuple(names)
    _REGISTERS["table"] = table
    return table


def register_aliases(kind: str, fkey: str) -> tuple[str, ...]:
    """The names registers give the column of field `fkey` of `kind` (`data/registers/columns.toml`)."""
    return register_columns().get(kind, {}).get(fkey, ())


_ALIASES: dict[int, dict[str, tuple[str, int]]] = {}
_IGNORED: dict[int, frozenset[str]] = {}
REGISTER_PRIORITY = 20  # after a field's own aliases and labels, before a header found without its brackets


def _alias_index(spec: Spec) -> dict[str, tuple[str, int]]:
    """Header key -> (field key, priority): aliases first, then the field key and its labels, then the
    names registers give the field (`register_columns`)."""
    cached = _ALIASES.get(id(spec))
    if cached is not None:
        return cached
    index: dict[str, tuple[str, int]] = {}
    for f in spec.fields:
        names = [*f.aliases, f.key, *(LABELS.get(f.key) or ())]
        for priority, name in enumerate(names):
            key = header_key(name)
            if key:
                index.setdefault(key, (f.key, priority))
    for fkey, names in register_columns().get(spec.kind, {}).items():
        if fkey == IGNORED:
            continue
        for priority, name in enumerate(names):
            key = header_key(name)
            if key:
                index.setdefault(key, (fkey, REGISTER_PRIORITY + priority))
    _ALIASES[id(spec)] = index
    return index


def _ignorable(spec: Spec) -> frozenset[str]:
    """Header keys of columns skipped quietly: `IGNORABLE`, and the register columns the kind does not keep."""
    cached = _IGNORED.get(id(spec))
    if cached is None:
        names = register_columns().get(spec.kind, {}).get(IGNORED, ())
        cached = _IGNORED[id(spec)] = IGNORABLE | {header_key(name) for name in names} - {""}
    return cached


@dataclass
class Columns:
    """The header row and what each of its columns means."""

    row: int  # Excel row number of the header (the last header row when it spans two)
    headers: list[str]  # header text of every column, as in the file
    fields: dict[str, int]  # field key -> column index
    titles: dict[str, str]  # field key -> its header text as in the file
    ignored: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (ignored header, header used)
    fen: set[str] = field(
        default_factory=set
    )  # money fields given in whole fen (`amount_fen`, gongjian's export)
    minutes: set[str] = field(default_factory=set)  # durations given in whole minutes (`minutes`, the export)


def load_map(path: Path | str, kind: str) -> dict[str, str | None]:
    """Read a `--map` TOML file: `"表头" = "field"` (or an alias), `false`/`""` to ignore a column.

    Pairs may sit at the top level, under `[columns]`, or under `[<kind>]` (which wins), so one file can
    serve several kinds.
    """
    path = Path(path).expanduser()
    if not path.is_file():
        raise FileProblem("imp_map_missing", file=str(path))
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise FileProblem("imp_map_invalid", file=path.name, detail=str(exc)) from None
    except UnicodeDecodeError:
        raise FileProblem("imp_map_invalid", file=path.name, detail="UTF-8") from None
    pairs: dict[str, Any] = {k: v for k, v in data.items() if not isinstance(v, dict)}
    for section in ("columns", kind):
        if isinstance(data.get(section), dict):
            pairs.update(data[section])
    spec = SPECS[kind]
    index = _alias_index(spec)
    out: dict[str, str | None] = {}
    for header, target in pairs.items():
        hkey = header_key(header)
        if not hkey:
            continue
        if target is False or target == "" or target is None:
            out[hkey] = None
            continue
        if not isinstance(target, str) or header_key(target) not in index:
            raise FileProblem(
                "imp_map_bad_field",
                file=path.name,
                header=header,
                target=str(target),
                fields="、".join(f.key for f in spec.fields),
            )
        out[hkey] = index[header_key(target)][0]
    return out


def map_columns(cells: list[Any], spec: Spec, extra: dict[str, str | None], row: int) -> Columns:
    """Map one header row's cells to the kind's fields; unknown and ignorable columns are noted, not fatal."""
    index = _alias_index(spec)
    ignorable = _ignorable(spec)
    best: dict[str, tuple[int, int, str]] = {}  # field -> (priority, column, header)
    headers: list[str] = []
    ignored: list[str] = []
    unknown: list[str] = []
    duplicates: list[tuple[str, str]] = []
    fen_cols: set[int] = set()
    minute_cols: set[int] = set()
    duration = next((f.key for f in spec.fields if f.parse is n.minutes), None)
    for col, cell in enumerate(cells):
        text = _cell_text(cell)
        headers.append(text)
        key = header_key(text)
        if not key:
            continue
        target: str | None
        if key in extra:
            target, priority = extra[key], -1
            if target is None:
                ignored.append(text)
                continue
        elif key in index:
            target, priority = index[key]
        else:
            bare = _PARENS.sub("", key)
            if bare != key and bare in index and not _SCALE.search(key):
                target, priority = index[bare]
                priority += 100
            elif (
                key.endswith("fen")
                and key[:-3] in index
                and spec.by_key[index[key[:-3]][0]].parse is n.money_fen
            ):
                target, priority = index[
                    key[:-3]
                ]  # `amount_fen`: the same money in fen, as gongjian exports it
                fen_cols.add(col)
            elif key == "minutes" and duration is not None:
                target, priority = duration, 50  # gongjian's export writes durations in whole minutes
                minute_cols.add(col)
            elif key in ignorable or bare in ignorable:
                ignored.append(text)
                continue
            else:
                unknown.append(text)
                continue
        seen = best.get(target)
        if seen is None or priority < seen[0]:
            if seen is not None:
                duplicates.append((seen[2], text))
            best[target] = (priority, col, text)
        else:
            duplicates.append((text, seen[2]))
    fields = {k: v[1] for k, v in best.items()}
    ordered = dict(sorted(fields.items(), key=lambda kv: kv[1]))
    titles = {k: best[k][2] for k in ordered}
    fen = {k for k, col in ordered.items() if col in fen_cols}
    minutes = {k for k, col in ordered.items() if col in minute_cols}
    return Columns(row, headers, ordered, titles, ignored, unknown, duplicates, fen, minutes)


def fen_as_yuan(value: Any) -> Any:
    """A whole number of fen (a `*_fen` column) as yuan text for the money normaliser; else refused by it."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.isascii() and text.isdigit():
        fen = int(text)
        return f"{fen // 100}.{fen % 100:02d}"
    return f"{text}分"  # not whole fen: the money normaliser refuses it rather than read it as yuan


def _is_subheader(cells: list[Any], above: list[str], spec: Spec, extra: dict[str, str | None]) -> bool:
    """True for a second header row: every cell repeats the header above or is itself a known header."""
    index = _alias_index(spec)
    ignorable = _ignorable(spec)
    new = 0
    for col, cell in enumerate(cells):
        key = header_key(cell)
        if not key:
            continue
        if col < len(above) and key == header_key(above[col]):
            continue
        if key in extra or key in index:
            new += 1
            continue
        if key in ignorable:
            continue
        return False
    return new > 0


def find_header(
    rows: Iterator[tuple[int, list[Any]]],
    spec: Spec,
    extra: dict[str, str | None],
    *,
    file: str,
    sheet: str,
    supplied: frozenset[str] = frozenset(),
) -> tuple[Columns, list[tuple[int, list[Any]]]]:
    """Find the header among the first rows: the one naming most fields. Returns it and the rows read past it.

    A required field in `supplied` (given for every row, e.g. `--community`) needs no column.
    """
    scanned: list[tuple[int, list[Any]]] = []
    for item in rows:
        scanned.append(item)
        if len(scanned) >= HEADER_SCAN_ROWS:
            break
    if not any(_nonblank(cells) for _, cells in scanned):
        raise FileProblem("imp_sheet_empty", file=file, sheet=sheet)
    required = {f.key for f in spec.fields if f.required}
    best: Columns | None = None
    best_at = -1
    best_score = (0, 0)
    for at, (number, cells) in enumerate(scanned):
        if not _nonblank(cells):
            continue
        cols = map_columns(cells, spec, extra, number)
        score = (len(cols.fields), len(required & cols.fields.keys()))
        if score > best_score:
            best, best_at, best_score = cols, at, score
    if best is None or not (best_score[1] or best_score[0] >= 2):
        expected = "、".join(f.aliases[0] if f.aliases else f.key for f in spec.fields if f.template)
        raise FileProblem("imp_no_header", file=file, sheet=sheet, expected=expected)
    rest = scanned[best_at + 1 :]
    if rest and _is_subheader(rest[0][1], best.headers, spec, extra):
        number, sub = rest[0]
        index = _alias_index(spec)
        merged: list[str] = []
        for i in range(max(len(sub), len(best.headers))):
            below = _cell_text(sub[i]) if i < len(sub) else ""
            above = best.headers[i] if i < len(best.headers) else ""
            key = header_key(below)
            merged.append(below if key and (key in index or key in extra) else above)
        combined = map_columns(merged, spec, extra, number)
        if len(combined.fields) >= len(best.fields):
            best = combined
            rest = rest[1:]
    missing = [f for f in spec.fields if f.required and f.key not in best.fields and f.key not in supplied]
    if missing:
        raise FileProblem(
            "imp_missing_columns",
            file=file,
            sheet=sheet,
            row=best.row,
            columns="、".join(f.aliases[0] if f.aliases else f.key for f in missing),
            fields=",".join(f.key for f in missing),
        )
    return best, rest


def _cell_text(value: object) -> str:
    try:
        return n.text(value) or ""
    except GongjianError:
        return ""


def _nonblank(cells: list[Any]) -> bool:
    for c in cells:
        if c is None or c == "":
            continue
        if c.__class__ is str and not c.strip():
            continue
        return True
    return False


def is_total(cells: list[Any]) -> bool:
    """A totals row: one of its first non-empty cells says 合计/总计/小计/共计/total …"""
    seen = 0
    for c in cells:
        if c.__class__ is str:
            if not c or c.isspace():
                continue
            s = c.lstrip()
            if s[0] in _TOTAL_FIRST and _TOTAL.fullmatch("".join(s.split()).casefold()):
                return True
        elif c is None:
            continue
        seen += 1
        if seen >= 3:
            return False
    return False


def is_note(cells: list[Any]) -> bool:
    """A note row under or above the table: `注：…`, `填表人：…`, with at most two cells filled."""
    filled = [c for c in cells if not (c is None or c == "" or (c.__class__ is str and not c.strip()))]
    if not filled or len(filled) > 2 or not isinstance(filled[0], str):
        return False
    return bool(_NOTE.match(unicodedata.normalize("NFKC", filled[0].strip())))
