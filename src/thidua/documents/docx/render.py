"""Lays a paper's content out as a Word document (python-docx) to Decree 30, for offices to edit.

A4, margins top/bottom 20 mm, left 30 mm, right 15 mm, Times New Roman 13 pt; the two-column
header table with the underlined motto and the italic dateline; page numbers from page 2 at the
top centre; "DỰ THẢO" in the page header until sign-off and the marks in every footer; tables with
their header row repeated, member columns split into runs that fit the page.
"""

from __future__ import annotations

import io

from docx import Document as Word
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..content import words
from ..content.model import DRAFT, Closing, Document, Heading, Para, Row, Run, Signer, SignerGrid, Table, Text

FONT = "Times New Roman"
TEXT_MM = {False: 210 - 45, True: 297 - 45}
MIN_TITLE_MM, MEMBER_MM = 70, 15
CENTER, LEFT, JUSTIFY, RIGHT = (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY,
                                WD_ALIGN_PARAGRAPH.RIGHT)


def _runs(text: Text) -> tuple[Run, ...]:
    return (Run(text),) if isinstance(text, str) else text


def _write(par, text: Text, size: float, bold: bool = False, italic: bool = False, underline: bool = False) -> None:
    """Runs into a paragraph; "\n" becomes a line break inside it."""
    for run in _runs(text):
        for i, piece in enumerate(run.text.split("\n")):
            if i:
                par.add_run().add_break(WD_BREAK.LINE)
            r = par.add_run(piece)
            r.font.size = Pt(size)
            r.font.name = FONT
            r.bold = bold or run.bold or None
            r.italic = italic or run.italic or None
            r.underline = underline or None


def _para(container, text: Text, size: float = 13, align=JUSTIFY, bold=False, italic=False, underline=False,
          before: float = 0, after: float = 0, first_indent: float = 0, left_indent: float = 0):
    par = container.add_paragraph()
    fmt = par.paragraph_format
    fmt.alignment = align
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if first_indent:
        fmt.first_line_indent = Mm(first_indent)
    if left_indent:
        fmt.left_indent = Mm(left_indent)
    _write(par, text, size, bold, italic, underline)
    return par


def _cell_para(cell, text: Text, size: float, align=CENTER, bold=False, italic=False, underline=False, after=0):
    """The cell's first (empty) paragraph for the first text, new paragraphs after."""
    first = cell.paragraphs[0]
    if not first.runs and not first.text:
        par = first
        par.paragraph_format.alignment = align
        par.paragraph_format.space_after = Pt(after)
        _write(par, text, size, bold, italic, underline)
        return par
    return _para(cell, text, size, align, bold, italic, underline, after=after)


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _widths(table, mm: list[float]) -> None:
    table.autofit = False
    for col, w in zip(table.columns, mm):   # the grid LibreOffice lays out by
        col.width = Mm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, mm):
            cell.width = Mm(w)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _keep_row(row) -> None:
    """A row that does not break across pages."""
    el = OxmlElement("w:cantSplit")
    row._tr.get_or_add_trPr().append(el)


def _field(par, code: str, size: float) -> None:
    """A field (PAGE) Word and LibreOffice compute when they lay the pages out."""
    run = par.add_run()
    run.font.size, run.font.name = Pt(size), FONT
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == code:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {code} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


# ---- the page ------------------------------------------------------------------------------------
def _page(word, doc: Document) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if doc.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(8)
    section.different_first_page_header_footer = True
    draft = doc.marks.draft
    # page 1: no number; every page: DỰ THẢO until sign-off, the marks at the foot
    first = section.first_page_header.paragraphs[0]
    first.paragraph_format.alignment = RIGHT
    if draft:
        _write(first, DRAFT, 12, bold=True)
    head = section.header.paragraphs[0]
    head.paragraph_format.alignment = CENTER
    _field(head, "PAGE", 13)
    if draft:
        _para(section.header, DRAFT, 12, RIGHT, bold=True)
    for footer in (section.first_page_footer, section.footer):
        par = footer.paragraphs[0]
        par.paragraph_format.alignment = LEFT
        _write(par, words.footer(doc.marks), 8)
    normal = word.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(13)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(0)
    props = word.core_properties
    props.title, props.subject, props.author = doc.title, f"{doc.title} — {doc.cluster}", doc.cluster
    props.keywords = f"thidua; {doc.kind}; {doc.year}; lần {doc.marks.revision}"
    props.comments = words.footer(doc.marks)


def _header(word, doc: Document, width: float) -> None:
    h = doc.header
    table = word.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    _cell_para(left, h.parent_body, 12)
    _cell_para(left, h.issuer, 12, bold=True)
    _cell_para(left, "\u00a0" * 14, 6, underline=True)   # the short rule under the issuing body
    if h.number:
        _cell_para(left, h.number, 13).paragraph_format.space_before = Pt(4)
    _cell_para(right, h.country, 12, bold=True)
    _cell_para(right, h.motto, 13, bold=True, underline=True)
    if h.dateline:
        _cell_para(right, h.dateline, 13, italic=True).paragraph_format.space_before = Pt(6)
    left_w = width * 0.41
    _widths(table, [left_w, width - left_w])


def _title(word, doc: Document) -> None:
    t = doc.heading
    _para(word, t.name, 14, CENTER, bold=True, before=14)
    if t.summary:
        _para(word, t.summary, 14, CENTER, bold=True)
    if t.note:
        _para(word, t.note, 12, CENTER, italic=True, before=2)
    _para(word, "", 6)


PARA = {
    "body": dict(size=13, align=JUSTIFY, after=6, first_indent=10),
    "plain": dict(size=13, align=LEFT, after=3),
    "item": dict(size=13, align=LEFT, after=2, left_indent=10),
    "note": dict(size=11, align=LEFT, italic=True, after=2),
    "address": dict(size=14, align=CENTER, after=10),
    "centre": dict(size=13, align=CENTER, bold=True, after=8),
}


def _table(word, t: Table, width: float) -> None:
    size = max(10, t.size)
    total = sum(c.width for c in t.columns)
    mm = [width * c.width / total for c in t.columns]
    _ruled(word, t, t.rows, mm, size)


def _ruled(word, t: Table, rows: tuple[Row, ...], mm: list[float], size: float) -> None:
    table = word.add_table(rows=1 + len(rows), cols=len(t.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = table.rows[0]
    _repeat_header(head)
    for cell, col in zip(head.cells, t.columns):
        _cell_para(cell, col.label, size, bold=True)
        shade = OxmlElement("w:shd")
        shade.set(qn("w:val"), "clear")
        shade.set(qn("w:fill"), "EEEEEE")
        cell._tc.get_or_add_tcPr().append(shade)
    for row, tr in zip(rows, table.rows[1:]):
        _keep_row(tr)
        for i, (cell, col, value) in enumerate(zip(tr.cells, t.columns, row.cells)):
            par = _cell_para(cell, value, size, LEFT if col.align == "L" else CENTER, bold=row.bold)
            if i == 1 and row.indent:
                par.paragraph_format.left_indent = Mm(2 * row.indent)
        if row.keep_with_next:
            for cell in tr.cells:
                for p in cell.paragraphs:
                    p.paragraph_format.keep_with_next = True
    _widths(table, mm)
    _para(word, "", 6)


def chunks(t: Table, width: float) -> list[tuple[int, int]]:
    others = sum(c.width for i, c in enumerate(t.columns[:t.fixed]) if i != 1)
    return t.runs(int((width - others - MIN_TITLE_MM) // MEMBER_MM))


def _wide(word, t: Table, width: float) -> None:
    size = max(10, t.size)
    for index, (start, stop) in enumerate(chunks(t, width)):
        part = t.chunk(start, stop)
        if index:
            par = _para(word, "", 12)
            par.add_run().add_break(WD_BREAK.PAGE)
            _para(word, words.continued(t.continued, start + 1, stop, t.members), 12, LEFT, bold=True, after=6)
        mm = [c.width for c in part.columns[:t.fixed]]
        n = stop - start
        member = min(22.0, (width - sum(mm) + mm[1] - MIN_TITLE_MM) / max(1, n))
        mm[1] = width - sum(mm) + mm[1] - member * n
        _ruled(word, part, part.rows, mm + [member] * n, size)


def _signer(cell, s: Signer, size: float = 13) -> None:
    for t in s.titles:
        _cell_para(cell, t, size, bold=True)
    for _ in range(4):   # the space to sign
        _cell_para(cell, "", size)
    _cell_para(cell, s.name, size, bold=True)


def _recipients(cell_or_doc, lines) -> None:
    add = _cell_para if hasattr(cell_or_doc, "_tc") else (lambda c, t, s, a, **k: _para(c, t, s, a, **k))
    add(cell_or_doc, "Nơi nhận:", 12, LEFT, bold=True, italic=True)
    for line in lines:
        add(cell_or_doc, f"- {line}", 11, LEFT)


def _closing(word, c: Closing, width: float) -> None:
    _para(word, "", 10).paragraph_format.keep_with_next = True
    if c.dateline:
        _para(word, c.dateline, 13, CENTER, italic=True)
    if len(c.signers) == 1:
        table = word.add_table(rows=1, cols=2)
        _no_borders(table)
        left, right = table.rows[0].cells
        if c.recipients:
            _recipients(left, c.recipients)
        _signer(right, c.signers[0])
        _keep_row(table.rows[0])
        _widths(table, [width / 2, width / 2])
        return
    n = len(c.signers)
    table = word.add_table(rows=1, cols=n)
    _no_borders(table)
    for cell, s in zip(table.rows[0].cells, c.signers):
        _signer(cell, s)
    _keep_row(table.rows[0])
    _widths(table, [width / n] * n)
    if c.recipients:
        _para(word, "", 10)
        _recipients(word, c.recipients)


def _signer_grid(word, g: SignerGrid, width: float) -> None:
    _para(word, g.heading, 13, CENTER, bold=True, before=12, after=8)
    cols = g.columns
    rows = [g.signers[i:i + cols] for i in range(0, len(g.signers), cols)]
    if not rows:
        return
    table = word.add_table(rows=len(rows), cols=cols)
    _no_borders(table)
    for tr, signers in zip(table.rows, rows):
        _keep_row(tr)
        for cell, s in zip(tr.cells, signers):
            _signer(cell, s, 11)
    _widths(table, [width / cols] * cols)


def _keep_last(word) -> None:
    """Keep what ends the body so far (a paragraph, or a table's last two rows) with what follows."""
    if word.paragraphs:
        word.paragraphs[-1].paragraph_format.keep_with_next = True
    body = list(word.element.body.iterchildren())
    tables = [el for el in body[-3:] if el.tag == qn("w:tbl")]
    if tables:
        rows = list(tables[-1].iter(qn("w:tr")))[-2:]
        for tr in rows:
            for p in tr.iter(qn("w:p")):
                p.get_or_add_pPr().insert(0, OxmlElement("w:keepNext"))


def render(doc: Document) -> bytes:
    word = Word()
    _page(word, doc)
    width = TEXT_MM[doc.landscape]
    # the default template starts with one empty paragraph: the header table goes before it
    _header(word, doc, width)
    _title(word, doc)
    for i, block in enumerate(doc.body):
        following = doc.body[i + 1] if i + 1 < len(doc.body) else None
        if isinstance(block, Heading):
            _para(word, block.text, 13, LEFT, bold=True, before=10, after=4).paragraph_format.keep_with_next = True
        elif isinstance(block, Para):
            st = PARA[block.style]
            par = _para(word, block.text, st["size"], st["align"], bold=st.get("bold", False),
                        italic=st.get("italic", False), after=st["after"], first_indent=st.get("first_indent", 0),
                        left_indent=st.get("left_indent", 0))
            par.paragraph_format.keep_with_next = isinstance(following, Table)
        elif isinstance(block, Table):
            (_wide if block.fixed else _table)(word, block, width)
        elif isinstance(block, Closing):
            _keep_last(word)   # the signatures never stand alone on a page
            _closing(word, block, width)
        elif isinstance(block, SignerGrid):
            _signer_grid(word, block, width)
    body = word.element.body
    first = body[0]
    if first.tag == qn("w:p") and not "".join(first.itertext()).strip():
        body.remove(first)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _text_of(p) -> str:
    out = []
    for el in p.iter(qn("w:t"), qn("w:br")):
        out.append("\n" if el.tag == qn("w:br") else el.text or "")
    return "".join(out)


def texts(data: bytes) -> list[str]:
    """Every paragraph and cell text of a .docx, in order, page headers and footers first."""
    word = Word(io.BytesIO(data))
    out = []
    section = word.sections[0]
    for part in (section.first_page_header, section.header, section.first_page_footer, section.footer):
        out += [_text_of(p._p) for p in part.paragraphs]
    for p in word.element.body.iter(qn("w:p")):
        out.append(_text_of(p))
    return [t for t in out if t.strip()]
