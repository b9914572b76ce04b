"""Lays a paper's content (content.model.Document) out on a worksheet, printed as the PDF is.

Portrait papers get a grid of columns fine enough for every table and the header's two halves
(cells of a table span several grid columns); a wide table gets one column per table column,
its member columns split across printed pages with the fixed columns and header row repeated
(print titles), never shrunk below 10 pt. Every printed page carries "DỰ THẢO" in its page
header until sign-off, and the marks in its footer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from ..content import words
from ..content.model import Closing, Document, Heading, Para, SignerGrid, Table, Text, plain
from . import common as xc

PRINT_MM = {False: 160.0, True: 247.0}   # printable width of A4 less the Decree-30 margins, a little slack
HEADER_SPLIT = 0.38                      # the Decree-30 header's left half, as a share of the width
PAGE_PT = {False: (297 - 44) * 72 / 25.4, True: (210 - 44) * 72 / 25.4}   # printable height (22 mm margins)
DEFAULT_ROW_PT = 15.0
PX_MM = 25.4 / 96                        # a screen pixel at 96 dpi, in mm
LINE_PT = 15.75                          # a 12 pt line
SHEETS = {"scoring-table": "Bảng chấm điểm", "ranking": "Xếp hạng", "minutes": "Biên bản", "submission": "Tờ trình",
          "covenant": "Giao ước"}

F = xc.FONT_NAME
BODY, BODY_B, BODY_I = Font(name=F, size=12), Font(name=F, size=12, bold=True), Font(name=F, size=12, italic=True)
NOTE = Font(name=F, size=11, italic=True)
CELL, CELL_B = Font(name=F, size=11), Font(name=F, size=11, bold=True)
TITLE = Font(name=F, size=14, bold=True)
H13 = Font(name=F, size=13)
ADDRESS = Font(name=F, size=13)
WRAP_L = Alignment(horizontal="left", vertical="top", wrap_text=True)
WRAP_J = Alignment(horizontal="justify", vertical="top", wrap_text=True)
WRAP_C = Alignment(horizontal="center", vertical="center", wrap_text=True)
CELL_L = Alignment(horizontal="left", vertical="center", wrap_text=True)
ITEM = Alignment(horizontal="left", vertical="top", wrap_text=True, indent=3)

# values(i, j, first_row) → a number or formula for row i, column j of the wide table (None: its text)
Values = Callable[[int, int, int], object]


@dataclass
class Placed:
    """Where the wide table landed, so the scoring workbook can point formulas at its cells."""

    header_row: int = 0
    first_row: int = 0
    last_row: int = 0


class Sheet:
    """A worksheet being filled top to bottom over a grid of columns given as fractions of the width."""

    def __init__(self, ws: Worksheet, doc: Document, wide: Table | None) -> None:
        self.ws, self.doc, self.wide = ws, doc, wide
        self.row = 1
        self.keep: set[int] = set()        # rows never left last on a page (headings, table headers, signatures)
        self.repeat = 0                    # the row repeated at the top of every page (print titles)
        width = PRINT_MM[doc.landscape]
        if wide is not None:
            self.mm = [c.width for c in wide.columns]
            self.page_cols = wide.fixed + member_chunks(wide, width)[0][1]
            page = self.mm[:self.page_cols]
            acc, self.cuts = 0.0, [0.0]
            for w in page:
                acc += w
                self.cuts.append(acc / sum(page))
        else:
            cuts = {0.0, 1.0, HEADER_SPLIT, 0.5}
            for block in doc.body:
                if isinstance(block, Table):
                    total = sum(c.width for c in block.columns)
                    acc = 0.0
                    for c in block.columns:
                        acc += c.width / total
                        cuts.add(round(acc, 3))
                elif isinstance(block, (Closing, SignerGrid)):
                    n = block.columns if isinstance(block, SignerGrid) else max(1, len(block.signers))
                    cuts.update(round(i / n, 3) for i in range(n + 1))
            self.cuts = sorted(cuts)
            self.mm = [(b - a) * width for a, b in zip(self.cuts, self.cuts[1:])]
        for i, w in enumerate(self.mm, 1):
            ws.column_dimensions[get_column_letter(i)].width = units(w)

    # ---- positions ---------------------------------------------------------------------------
    def span(self, start: float, stop: float) -> tuple[int, int]:
        """The grid columns (1-based, inclusive) covering the fraction [start, stop) of the first page."""
        cuts = self.cuts
        first = min(range(len(cuts) - 1), key=lambda i: abs(cuts[i] - start)) + 1
        last = min(range(1, len(cuts)), key=lambda i: abs(cuts[i] - stop))
        return first, max(first, last)

    def width_mm(self, c1: int, c2: int) -> float:
        return sum(self.mm[c1 - 1:c2])

    # ---- cells -------------------------------------------------------------------------------
    def put(self, row: int, c1: int, c2: int, text: Text, font: Font, align: Alignment, border: bool = False):
        cell = xc.text(self.ws, row, c1, plain(text), font, align)
        if c2 > c1:
            self.ws.merge_cells(start_row=row, start_column=c1, end_row=row, end_column=c2)
        if border:
            for col in range(c1, c2 + 1):
                self.ws.cell(row=row, column=col).border = xc.BOX
        return cell

    def lines(self, text: str, c1: int, c2: int, font: Font) -> int:
        """How many lines `text` wraps to across columns c1..c2 (Times New Roman at the font's size)."""
        chars = self.width_mm(c1, c2) / (font.size * 0.19 * (1.08 if font.bold else 1.0))
        return xc.line_count(text, chars / 1.2)

    def line(self, text: Text, font: Font = BODY, align: Alignment = WRAP_J, start: float = 0, stop: float = 1,
             row: int | None = None) -> int:
        c1, c2 = self.span(start, stop)
        r = self.row if row is None else row
        self.put(r, c1, c2, text, font, align)
        n = self.lines(plain(text), c1, c2, font)
        height = n * font.size * 1.3 + 3
        current = self.ws.row_dimensions[r].height or 0
        self.ws.row_dimensions[r].height = max(current, height)
        if row is None:
            self.row += 1
        return r

    # ---- blocks ------------------------------------------------------------------------------
    def header(self) -> None:
        h = self.doc.header
        left = [(h.parent_body, BODY), (h.issuer, BODY_B)] + ([(h.number, H13)] if h.number else [])
        right = [(h.country, BODY_B), (h.motto, Font(name=F, size=13, bold=True, underline="single"))]
        right += [(h.dateline, Font(name=F, size=13, italic=True))] if h.dateline else []
        top = self.row
        for i in range(max(len(left), len(right))):
            if i < len(left):
                self.line(left[i][0], left[i][1], WRAP_C, 0, HEADER_SPLIT, row=top + i)
            if i < len(right):
                self.line(right[i][0], right[i][1], WRAP_C, HEADER_SPLIT, 1, row=top + i)
        self.row = top + max(len(left), len(right)) + 1

    def title(self) -> None:
        t = self.doc.heading
        self.line(t.name, TITLE, WRAP_C)
        if t.summary:
            self.line(t.summary, TITLE, WRAP_C)
        if t.note:
            self.line(t.note, BODY_I, WRAP_C)
        self.row += 1

    def status(self) -> None:
        """The marks, visibly on the sheet too: "DỰ THẢO — …" or the revision, signer, time and hash."""
        font = Font(name=F, size=12, bold=True, color="C00000") if self.doc.marks.draft else Font(name=F, size=10,
                                                                                                italic=True)
        self.line(words.footer(self.doc.marks), font, WRAP_C)

    def para(self, p: Para) -> None:
        if p.style == "note":   # a note stays with what it annotates (the table's last rows)
            self.keep.update((self.row - 2, self.row - 1))
        font, align = {
            "body": (BODY, WRAP_J), "plain": (BODY, WRAP_L), "item": (BODY, ITEM), "note": (NOTE, WRAP_L),
            "address": (ADDRESS, WRAP_C), "centre": (BODY_B, WRAP_C),
        }[p.style]
        self.line(p.text, font, align)

    def table(self, t: Table) -> None:
        total = sum(c.width for c in t.columns)
        acc, spans = 0.0, []
        for c in t.columns:
            spans.append(self.span(acc / total, (acc + c.width) / total))
            acc += c.width
        self._table_rows(t, spans)
        self.row += 1

    def _table_rows(self, t: Table, spans: list[tuple[int, int]]) -> None:
        ws = self.ws
        r = self.row
        for (c1, c2), col in zip(spans, t.columns):
            cell = self.put(r, c1, c2, col.label, CELL_B, WRAP_C, border=True)
            cell.fill = xc.HEADER_FILL
        ws.row_dimensions[r].height = max(self.lines(c.label, *s, CELL_B) for c, s in zip(t.columns, spans)) * 14 + 4
        self.keep.add(r)
        if self.row > 1:
            self.keep.add(self.row - 1)   # the line introducing the table stays with it
        for row in t.rows:
            r += 1
            if row.keep_with_next:
                self.keep.add(r)
            n = 1
            for (c1, c2), col, value in zip(spans, t.columns, row.cells):
                font = CELL_B if row.bold or _is_bold(value) else CELL
                self.put(r, c1, c2, value, font, CELL_L if col.align == "L" else WRAP_C, border=True)
                n = max(n, self.lines(plain(value), c1, c2, font))
            ws.row_dimensions[r].height = n * 14 + 4
        self.row = r + 1

    def wide_table(self, t: Table, values: Values | None, placed: Placed) -> None:
        """One sheet column per table column; formulas or numbers where `values` gives them."""
        ws = self.ws
        styles = xc.StyleCache(ws)
        header = self.row
        for j, col in enumerate(t.columns, 1):
            c = ws.cell(row=header, column=j)
            styles.apply(c, CELL_B, WRAP_C, fill=xc.HEADER_FILL)
            xc.put_text(c, col.label)
        ws.row_dimensions[header].height = 44
        first = header + 1
        title_chars = t.columns[1].width / (11 * 0.19) / 1.2
        indents = {}
        self.repeat = header
        for i, row in enumerate(t.rows):
            r = first + i
            if row.keep_with_next:
                self.keep.add(r)
            font = CELL_B if row.bold else CELL
            for j, value in enumerate(row.cells, 1):
                computed = values(i, j, first) if values is not None else None
                if computed is None:
                    align = WRAP_C
                    if j == 2:
                        align = indents.get(row.indent)
                        if align is None:
                            align = indents[row.indent] = Alignment(horizontal="left", vertical="center",
                                                                    wrap_text=True, indent=row.indent)
                    elif t.columns[j - 1].align == "L":
                        align = CELL_L
                    c = ws.cell(row=r, column=j)
                    styles.apply(c, font, align)
                    xc.put_text(c, plain(value))
                else:
                    c = ws.cell(row=r, column=j, value=computed)
                    styles.apply(c, font, WRAP_C, xc.POINTS_FORMAT)
            lines = xc.line_count(plain(row.cells[1]), title_chars - row.indent * 1.5, bold=row.bold)
            if lines > 1:
                # LibreOffice and Excel do not grow rows on opening, so wrapped titles need the height
                ws.row_dimensions[r].height = 14 * lines + 3
        placed.header_row, placed.first_row, placed.last_row = header, first, first + len(t.rows) - 1
        ws.print_title_rows = f"{header}:{header}"
        ws.print_title_cols = f"A:{get_column_letter(t.fixed)}"
        ws.freeze_panes = ws.cell(row=first, column=t.fixed + 1).coordinate
        for _start, stop in member_chunks(t, PRINT_MM[True])[:-1]:
            ws.col_breaks.append(Break(id=t.fixed + stop))
        self.row = first + len(t.rows) + 1

    def closing(self, c: Closing) -> None:
        start = self.row
        self._closing(c)
        # the signatures stay together, and with the line before them
        self.keep.update(range(start - 2, self.row - 1))

    def _closing(self, c: Closing) -> None:
        if c.dateline:
            self.line(c.dateline, BODY_I, WRAP_C, 0.5, 1)
        top = self.row
        if len(c.signers) == 1:
            self._signer(c.signers[0], 0.5, 1, top)
            r = top
            if c.recipients:
                self.line("Nơi nhận:", Font(name=F, size=12, bold=True, italic=True), WRAP_L, 0, 0.5, row=r)
                for i, line in enumerate(c.recipients, 1):
                    self.line(f"- {line}", Font(name=F, size=11), WRAP_L, 0, 0.5, row=r + i)
            self.row = max(self.row, top + 1 + len(c.recipients)) + 1
            return
        n = len(c.signers)
        bottom = top
        for i, s in enumerate(c.signers):
            bottom = max(bottom, self._signer(s, i / n, (i + 1) / n, top))
        self.row = bottom + 1
        if c.recipients:
            self.line("Nơi nhận:", Font(name=F, size=12, bold=True, italic=True), WRAP_L, 0, 0.5)
            for line in c.recipients:
                self.line(f"- {line}", Font(name=F, size=11), WRAP_L, 0, 0.5)

    def _signer(self, s, start: float, stop: float, top: int, font: Font = BODY_B) -> int:
        r = top
        for t in s.titles:
            self.line(t, font, WRAP_C, start, stop, row=r)
            r += 1
        for _ in range(3):   # the space to sign
            self.ws.row_dimensions[r].height = max(self.ws.row_dimensions[r].height or 0, 18)
            r += 1
        self.line(s.name, font, WRAP_C, start, stop, row=r)
        self.row = max(self.row, r + 1)
        return r + 1

    def signer_grid(self, g: SignerGrid) -> None:
        self.row += 1
        self.line(g.heading, BODY_B, WRAP_C)
        cols = g.columns
        small = Font(name=F, size=11, bold=True)
        for i in range(0, len(g.signers), cols):
            top = self.row
            bottom = top
            for k, s in enumerate(g.signers[i:i + cols]):
                bottom = max(bottom, self._signer(s, k / cols, (k + 1) / cols, top, small))
            self.keep.update(range(top, bottom))   # a signature block never splits across pages
            self.row = bottom + 1


def units(mm: float) -> float:
    """A column width in Excel's units: digits of the default font (Calibri 11: 7 px) plus 5 px padding."""
    return round(max(0.1, (mm / PX_MM - 5) / 7), 2)


def _is_bold(value: Text) -> bool:
    return not isinstance(value, str) and any(r.bold for r in value)


def member_chunks(t: Table, width_mm: float) -> list[tuple[int, int]]:
    """Runs of member columns that fit one printed page beside the fixed columns."""
    fixed = sum(c.width for c in t.columns[:t.fixed])
    member = max((c.width for c in t.columns[t.fixed:]), default=16)
    return t.runs(int((width_mm - fixed) // member))


def render(doc: Document, values: Values | None = None) -> tuple[Workbook, Placed]:
    """The paper as a workbook (not yet stamped or saved) and where its wide table landed."""
    wb = Workbook()
    ws = wb.active
    wide = next((t for t in doc.tables() if t.fixed), None)
    ws.title = SHEETS.get(doc.kind, doc.kind)[:31]
    sheet = Sheet(ws, doc, wide)
    placed = Placed()
    sheet.status()
    sheet.header()
    sheet.title()
    for block in doc.body:
        if isinstance(block, Heading):
            sheet.row += 1 if block is not doc.body[0] else 0
            sheet.keep.add(sheet.line(block.text, BODY_B, WRAP_L))
        elif isinstance(block, Para):
            sheet.para(block)
        elif isinstance(block, Table):
            if block is wide:
                sheet.wide_table(block, values, placed)
            else:
                sheet.table(block)
        elif isinstance(block, Closing):
            sheet.row += 1
            sheet.closing(block)
        elif isinstance(block, SignerGrid):
            sheet.signer_grid(block)
    last = get_column_letter(len(sheet.mm))
    xc.print_setup(ws, doc.landscape, area=print_areas(sheet, placed) or f"A1:{last}{sheet.row}", fit_width=False)
    paginate(ws, sheet.row, sheet.keep, sheet.repeat, PAGE_PT[doc.landscape])
    return wb, placed


def print_areas(sheet: Sheet, placed: Placed) -> list[str] | None:
    """A wide table whose member columns need more than one printed run: one print area per run.

    The header, title, notes and signatures are laid out over the first run's columns; printed as one
    area, the later runs' pages showed, in the repeated STT and criterion columns, the left end of
    every header and note line cut off. So the first area is the first run's columns from the header
    to the signatures, and each later run is its table rows only (the header row and the fixed
    columns repeat as print titles). The areas are kept in order of their top-left cell, so the
    first run's comes first and the signatures close it, as they did.
    """
    t = sheet.wide
    if t is None:
        return None
    runs = member_chunks(t, PRINT_MM[True])
    if len(runs) < 2:
        return None
    def col(k: int) -> str:   # member column k (1-based) as a letter
        return get_column_letter(t.fixed + k)

    first = get_column_letter(sheet.page_cols)
    return [f"A1:{first}{sheet.row}"] + [f"{col(start + 1)}{placed.first_row}:{col(stop)}{placed.last_row}"
                                          for start, stop in runs[1:]]


def paginate(ws: Worksheet, last: int, keep: set[int], repeat: int, page: float) -> None:
    """Manual page breaks where the printer would leave a heading, a table header, a group row or part
    of the signatures at the foot of a page (every row's height is known, so pages can be counted)."""
    def height(r: int) -> float:
        return ws.row_dimensions[r].height or DEFAULT_ROW_PT

    used, r, page_top = 0.0, 1, 1
    while r <= last:
        h = height(r)
        if used + h > page and r > page_top:
            start = r
            while start - 1 in keep and start - 1 > page_top and r - start < 12:
                start -= 1
            if start - 1 in keep:
                start = r
            ws.row_breaks.append(Break(id=start - 1))
            page_top = start
            used = height(repeat) if repeat and start > repeat else 0.0
            r = start
            continue
        used += h
        r += 1
