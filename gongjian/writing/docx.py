"""The Word writer: renders a `Document` (what a report module computed) as a .docx that offices open in
WPS and Word (the only module that imports python-docx).

A document is a list of blocks laid out in Chinese office style (after GB/T 9704): A4 portrait, the title
centred in 黑体, body text in 仿宋 with a two-character first-line indent, headings 一、二、三 in 黑体,
tables with borders on every cell (宋体, numbers right-aligned, a bold 合计 row), a signature and seal
block, and 第 N 页 共 M 页 at the foot of every page.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongjian.paths import replacing
from gongjian.writing.table import Column, display

TITLE_FONT, HEADING_FONT, SUBHEADING_FONT, BODY_FONT, TABLE_FONT = "黑体", "黑体", "楷体", "仿宋", "宋体"
TITLE_PT, BODY_PT, TABLE_PT = 22, 16, 10.5  # 二号, 三号, 五号
BLANK = "＿＿＿＿＿＿"  # a line to sign on by hand
USABLE_MM = 156  # the text block's width between the margins


@dataclass
class Para:
    """A paragraph: `kind` is body (indented), heading (一、), subheading ((一)), plain, center, right, note."""

    text: str
    kind: str = "body"


@dataclass
class Grid:
    """A bordered table of records: columns of `gongjian.writing.table.Column`, rows and an optional 合计 row."""

    columns: list[Column]
    rows: list[dict[str, Any]]
    totals: dict[str, Any] | None = None
    caption: str | None = None
    widths: list[float] | None = None  # relative column widths


@dataclass
class Fields:
    """Particulars as a bordered label/value grid, `per_row` pairs a row (a record card's head)."""

    pairs: list[tuple[str, str | None]]
    per_row: int = 2


@dataclass
class Seal:
    """A signature block: one column per party, each a list of lines (label, name or None to sign by hand)."""

    parties: list[list[tuple[str, str | None]]]


@dataclass
class Opinion:
    """An opinion to write by hand: the label, empty lines, then the seal and the date, right-aligned; with
    `lines=0`, the seal and the date alone."""

    label: str
    seal: str
    date: str
    lines: int = 3


@dataclass
class Document:
    """A whole document: title, optional line under it, blocks; `properties` become the file's metadata."""

    title: str
    blocks: list[Any] = field(default_factory=list)
    subtitle: str | None = None
    body_pt: float = BODY_PT
    properties: dict[str, str] = field(default_factory=dict)


def write_docx(path: Path | str, document: Document) -> Path:
    """Write `document` to `path` (owner-only, like every file gongjian writes; whole or not at all);
    returns the path."""
    # deferred (start-up): python-docx and lxml, ~120 ms, only for `-o FILE.docx`
    from docx import Document as new_document

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = new_document()
    _page(doc)
    _styles(doc, document.body_pt)
    for key, value in document.properties.items():
        setattr(doc.core_properties, key, value)
    _title(doc, document.title, document.subtitle)
    for block in document.blocks:
        if isinstance(block, Para):
            _para(doc, block, document.body_pt)
        elif isinstance(block, Grid):
            _grid(doc, block)
        elif isinstance(block, Fields):
            _fields(doc, block)
        elif isinstance(block, Seal):
            _seal(doc, block, document.body_pt)
        elif isinstance(block, Opinion):
            _opinion(doc, block, document.body_pt)
    with replacing(path) as partial:  # an interrupted save leaves no half-written document
        fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        os.close(fd)
        os.chmod(partial, 0o600)
        doc.save(str(partial))
    return path


# ---------------------------------------------------------------------------- page and styles
def _page(doc) -> None:
    """A4 portrait with the margins of GB/T 9704 and 第 N 页 共 M 页 in the footer."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, code in (("第 ", None), (None, "PAGE"), (" 页 共 ", None), (None, "NUMPAGES"), (" 页", None)):
        if code:
            _field(footer, code)
        else:
            _font(footer.add_run(text), TABLE_FONT, 10.5)


def _field(paragraph, code: str) -> None:
    """A field (PAGE, NUMPAGES) in a paragraph, shown as 1 until the reader updates it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    _font(run, TABLE_FONT, 10.5)
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
        elif text == code:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {code} "
            run._r.append(el)
        else:
            el = OxmlElement("w:t")
            el.text = text
            run._r.append(el)


def _font(run, name: str, size: float, *, bold: bool = False) -> None:
    """Set a run's font for Chinese and Latin text alike (python-docx sets only the Latin name)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _styles(doc, body_pt: float) -> None:
    """Normal text in 仿宋 at the body size, single spacing at a fixed 28-point line for 三号 text."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    footer = doc.styles["Footer"]
    footer.font.size = Pt(10.5)
    footer.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), TABLE_FONT)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(body_pt)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(body_pt * 1.75)


def _title(doc, title: str, subtitle: str | None) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.line_spacing = Pt(TITLE_PT * 1.5)
    p.paragraph_format.space_after = Pt(6)
    _font(p.add_run(title), TITLE_FONT, TITLE_PT)
    if subtitle:
        s = doc.add_paragraph()
        s.alignment = WD_ALIGN_PARAGRAPH.CENTER
        s.paragraph_format.space_after = Pt(12)
        _font(s.add_run(subtitle), "楷体", 14)
    else:
        p.paragraph_format.space_after = Pt(18)


def _para(doc, block: Para, body_pt: float) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = doc.add_paragraph()
    fmt = p.paragraph_format
    if block.kind == "heading":
        _font(p.add_run(block.text), HEADING_FONT, body_pt)
        fmt.first_line_indent = Pt(body_pt * 2)
        fmt.keep_with_next = True
        fmt.space_before = Pt(6)
    elif block.kind == "subheading":
        _font(p.add_run(block.text), SUBHEADING_FONT, body_pt)
        fmt.first_line_indent = Pt(body_pt * 2)
        fmt.keep_with_next = True
    else:
        size = body_pt if block.kind != "note" else body_pt - 2
        _font(p.add_run(block.text), BODY_FONT, size)
        if block.kind in ("body", "note"):
            fmt.first_line_indent = Pt(size * 2)
        elif block.kind == "center":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif block.kind == "right":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            fmt.right_indent = Pt(body_pt * 2)


def _cell(cell, text: str, *, bold: bool = False, align: str = "left", shade: str | None = None) -> None:
    """Write text into a table cell in 宋体 五号, vertically centred."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    p.paragraph_format.line_spacing = Pt(TABLE_PT * 1.4)
    p.paragraph_format.first_line_indent = Pt(0)
    p.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    _font(p.add_run(text), TABLE_FONT, TABLE_PT, bold=bold)
    if shade:
        props = cell._tc.get_or_add_tcPr()
        fill = OxmlElement("w:shd")
        fill.set(qn("w:val"), "clear")
        fill.set(qn("w:color"), "auto")
        fill.set(qn("w:fill"), shade)
        props.append(fill)


def _repeat_header(row) -> None:
    """Repeat a table's header row at the top of every page it runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    props.append(el)


def _no_split(row) -> None:
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _align(column: Column) -> str:
    if column.kind in ("int", "money", "percent", "score"):
        return "right"
    if column.kind in ("date", "enum", "bool"):
        return "center"
    return "left"


def _grid(doc, block: Grid) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    if block.caption:
        cap = doc.add_paragraph()
        cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
        cap.paragraph_format.keep_with_next = True
        cap.paragraph_format.space_before = Pt(6)
        _font(cap.add_run(block.caption), HEADING_FONT, 12)
    cols = [c for c in block.columns if c.show]
    table = doc.add_table(rows=1, cols=len(cols))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, c in zip(table.rows[0].cells, cols, strict=True):
        _cell(cell, c.label, bold=True, align="center", shade="DDEBF7")
    _repeat_header(table.rows[0])
    for record in block.rows:
        row = table.add_row()
        _no_split(row)
        for cell, c in zip(row.cells, cols, strict=True):
            _cell(cell, shown(record.get(c.key), c), align=_align(c))
    if block.totals:
        row = table.add_row()
        _no_split(row)
        for cell, c in zip(row.cells, cols, strict=True):
            _cell(cell, shown(block.totals.get(c.key), c), bold=True, align=_align(c), shade="F2F2F2")
    _widths(table, block.widths or [_weight(c) for c in cols])
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def _widths(table, widths: list[float]) -> None:
    """Fix the columns' widths (shares of the text block) for Word and LibreOffice alike."""
    from docx.shared import Mm

    table.autofit = False
    total = sum(widths)
    for ci, w in enumerate(widths):
        width = Mm(USABLE_MM * w / total)
        table.columns[ci].width = width
        for cell in table.columns[ci].cells:
            cell.width = width


def shown(value: Any, column: Column) -> str:
    """A value as a table cell shows it: numbers with thousands separators, the rest as `display`."""
    if value is None:
        return ""
    if column.kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if column.kind == "score" and isinstance(value, int | float):
        return f"{value:,.2f}"
    return display(value, column)


def _weight(column: Column) -> float:
    """A column's share of the page: text gets more room than numbers and dates."""
    if column.kind in ("int", "bool", "enum"):
        return 1.0
    if column.kind == "percent":
        return 1.2
    if column.kind == "money":
        return 1.9
    if column.kind in ("score", "date"):
        return 1.4
    return 2.0


def _fields(doc, block: Fields) -> None:
    from docx.shared import Pt

    per = block.per_row
    rows = [block.pairs[i : i + per] for i in range(0, len(block.pairs), per)]
    table = doc.add_table(rows=len(rows), cols=per * 2)
    table.style = "Table Grid"
    for r, pairs in zip(table.rows, rows, strict=True):
        _no_split(r)
        for i in range(per):
            label, value = pairs[i] if i < len(pairs) else ("", "")
            _cell(r.cells[2 * i], label, bold=True, align="center", shade="F2F2F2")
            _cell(r.cells[2 * i + 1], value or "")
    _widths(table, [0.3 if ci % 2 == 0 else 0.7 for ci in range(per * 2)])
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def _seal(doc, block: Seal, body_pt: float) -> None:
    """Parties side by side in a borderless table that never splits over two pages."""
    from docx.shared import Pt

    if doc.paragraphs:  # the seals stay on the page of the text they sign
        doc.paragraphs[-1].paragraph_format.keep_with_next = True
    doc.add_paragraph().paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1, cols=len(block.parties))
    _no_split(table.rows[0])
    for cell, lines in zip(table.rows[0].cells, block.parties, strict=True):
        first = True
        for label, name in lines:
            p = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            p.paragraph_format.line_spacing = Pt(body_pt * 2.4)
            p.paragraph_format.keep_with_next = True
            _font(p.add_run(f"{label}：{name or BLANK}"), BODY_FONT, body_pt - 2)


def _ruled(paragraph) -> None:
    """A line drawn under a paragraph across the text block: room to write by hand."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _opinion(doc, block: Opinion, body_pt: float) -> None:
    """An opinion to write by hand on ruled lines, then the seal and the date on the right."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    if block.lines > 0:  # lines=0: only the seal and the date (a notice signs without an opinion)
        p = doc.add_paragraph()
        p.paragraph_format.keep_with_next = True
        p.paragraph_format.space_before = Pt(6)
        _font(p.add_run(block.label + "："), BODY_FONT, body_pt)
        _ruled(p)
    for _ in range(block.lines - 1):
        line = doc.add_paragraph()
        line.paragraph_format.keep_with_next = True
        _font(line.add_run(""), BODY_FONT, body_pt)
        _ruled(line)
    for text in (block.seal, block.date):
        q = doc.add_paragraph()
        q.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        q.paragraph_format.right_indent = Pt(body_pt * 2)
        q.paragraph_format.keep_with_next = text == block.seal
        q.paragraph_format.space_before = Pt(body_pt if text == block.seal else 0)
        _font(q.add_run(text), BODY_FONT, body_pt)
