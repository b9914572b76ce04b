"""Lays a paper's content (content.model.Document) out on a worksheet, printed as the PDF is.

Portrait papers get a grid of columns fine enough for every table and the header's two halves
(cells of a table span several grid columns); a wide table gets one column per table column,
its member columns split across printed pages with the fixed columns and header row repeated
(print titles), never shrunk below 10 pt. A wide table without formulas (the covenant) repeats its
header row itself, as a row at the top of each page it continues on: print titles would also head
the pages after it, which hold only the signatures. Every printed page carries "DỰ THẢO" in its page
header until sign-off, and the marks in its footer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from ..content import words
from ..content.model import Closing, Document, Heading, Para, SignerGrid, Table, Text, plain
from .book import DRAFT_COLOR, HEADER_FILL, POINTS_FORMAT, Align, Book, Font, Style
from .book import Sheet as Out

PRINT_MM = {False: 160.0, True: 247.0}   # printable width of A4 less the Decree-30 margins, a little slack
HEADER_SPLIT = 0.38                      # the Decree-30 header's left half, as a share of the width
PAGE_PT = {False: (297 - 44) * 72 / 25.4, True: (210 - 44) * 72 / 25.4}   # printable height (22 mm margins)
DEFAULT_ROW_PT = 15.0
PX_MM = 25.4 / 96                        # a screen pixel at 96 dpi, in mm
LINE_PT = 15.75                          # a 12 pt line
SHEETS = {"scoring-table": "Bảng chấm điểm", "ranking": "Xếp hạng", "minutes": "Biên bản", "submission": "Tờ trình",
          "covenant": "Giao ước"}

BODY, BODY_B, BODY_I = Font(12), Font(12, bold=True), Font(12, italic=True)
NOTE = Font(11, italic=True)
CELL, CELL_B = Font(11), Font(11, bold=True)
TITLE = Font(14, bold=True)
H13 = Font(13)
ADDRESS = Font(13)
WRAP_L = Align("left", "top")
WRAP_J = Align("justify", "top")
WRAP_C = Align("center", "center")
CELL_L = Align("left", "center")
ITEM = Align("left", "top", indent=3)


class Formula(str):
    """A cell's live formula ("=ROUND(…)"), as opposed to a text that merely starts with "="."""


# values(i, first_row) → what row i of the wide table writes in each of its cells: a number, a Formula or a
# text (None: the content's text); None for the whole row: its texts
Values = Callable[[int, int], Sequence | None]


@dataclass
class Placed:
    """Where the wide table landed, so the scoring workbook can point formulas at its cells."""

    header_row: int = 0
    first_row: int = 0
    last_row: int = 0


class Sheet:
    """A worksheet being filled top to bottom over a grid of columns given as fractions of the width."""

    def __init__(self, out: Out | Measure, doc: Document, wide: Table | None,
                 repeat_at: set[int] = frozenset()) -> None:
        self.out, self.doc, self.wide = out, doc, wide
        self.row = 1
        self.keep: set[int] = set()        # rows never left last on a page (headings, table headers, signatures)
        self.repeat = 0                    # the row repeated at the top of every page (print titles)
        self.repeat_at = repeat_at         # wide-table rows (0-based) that start a page: a copy of its header first
        self.page_tops: list[int] = []     # the rows those copies landed on, each the top of a page
        self.title_cols: tuple[int, int] | None = None   # the wide table's fixed columns, repeated on every page
        self.freeze: tuple[int, int] | None = None
        self.col_breaks: list[int] = []
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
            out.width(i, units(w))

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
    def put(self, row: int, c1: int, c2: int, text: Text, font: Font, align: Align, border: bool = False,
            fill: str | None = None) -> None:
        self.out.text(row, c1, plain(text), Style(font, align, border, fill), c2)

    def lines(self, text: str, c1: int, c2: int, font: Font) -> int:
        """How many lines `text` wraps to across columns c1..c2 (Times New Roman at the font's size)."""
        chars = self.width_mm(c1, c2) / (font.size * 0.19 * (1.08 if font.bold else 1.0))
        return line_count(text, chars / 1.2)

    def line(self, text: Text, font: Font = BODY, align: Align = WRAP_J, start: float = 0, stop: float = 1,
             row: int | None = None) -> int:
        c1, c2 = self.span(start, stop)
        r = self.row if row is None else row
        self.put(r, c1, c2, text, font, align)
        n = self.lines(plain(text), c1, c2, font)
        height = n * font.size * 1.3 + 3
        self.out.set_height(r, max(self.out.height(r) or 0, height))
        if row is None:
            self.row += 1
        return r

    # ---- blocks ------------------------------------------------------------------------------
    def header(self) -> None:
        h = self.doc.header
        left = [(h.parent_body, BODY), (h.issuer, BODY_B)] + ([(h.number, H13)] if h.number else [])
        right = [(h.country, BODY_B), (h.motto, Font(13, bold=True, underline=True))]
        right += [(h.dateline, Font(13, italic=True))] if h.dateline else []
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
        font = Font(12, bold=True, color=DRAFT_COLOR) if self.doc.marks.draft else Font(10, italic=True)
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
        out = self.out
        r = self.row
        for (c1, c2), col in zip(spans, t.columns):
            self.put(r, c1, c2, col.label, CELL_B, WRAP_C, border=True, fill=HEADER_FILL)
        out.set_height(r, max(self.lines(c.label, *s, CELL_B) for c, s in zip(t.columns, spans)) * 14 + 4)
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
            out.set_height(r, n * 14 + 4)
        self.row = r + 1

    def wide_table(self, t: Table, values: Values | None, placed: Placed) -> None:
        """One sheet column per table column; formulas or numbers where `values` gives them."""
        out = self.out
        header = self.row
        self._header_row(t, header)
        first = header + 1
        title_chars = t.columns[1].width / (11 * 0.19) / 1.2
        aligns = [CELL_L if c.align == "L" else WRAP_C for c in t.columns]
        # the figures' formats, made once: a big table writes thousands of them
        figure = {bold: out.format(Style(CELL_B if bold else CELL, WRAP_C, True, None, POINTS_FORMAT))
                  for bold in (False, True)}
        if not self.repeat_at:
            self.repeat = header   # print titles
        number, formula = out.number, out.formula
        r = header
        for i, row in enumerate(t.rows):
            r += 1
            if i in self.repeat_at:
                self._header_row(t, r)
                self.page_tops.append(r)
                r += 1
            if row.keep_with_next:
                self.keep.add(r)
            font = CELL_B if row.bold else CELL
            fmt = figure[row.bold]
            written = (values(i, first) if values is not None else None) or (None,) * len(row.cells)
            for j, (value, computed) in enumerate(zip(row.cells, written), 1):
                if computed is None:
                    align = Align("left", "center", indent=row.indent) if j == 2 else aligns[j - 1]
                    out.text(r, j, plain(value), Style(font, align, True))
                elif type(computed) is Formula:
                    formula(r, j, computed, fmt)
                elif isinstance(computed, str):
                    out.text(r, j, computed, Style(font, WRAP_C, True, None, POINTS_FORMAT))
                else:
                    number(r, j, computed, fmt)
            lines = line_count(plain(row.cells[1]), title_chars - row.indent * 1.5, bold=row.bold)
            if lines > 1:
                # LibreOffice and Excel do not grow rows on opening, so wrapped titles need the height
                out.set_height(r, 14 * lines + 3)
        placed.header_row, placed.first_row, placed.last_row = header, first, r
        self.title_cols = (1, t.fixed)
        self.freeze = (first, t.fixed + 1)
        self.col_breaks = [t.fixed + stop for _start, stop in member_chunks(t, PRINT_MM[True])[:-1]]
        self.row = r + 2

    def _header_row(self, t: Table, r: int) -> None:
        for j, col in enumerate(t.columns, 1):
            self.out.text(r, j, col.label, Style(CELL_B, WRAP_C, True, HEADER_FILL))
        self.out.set_height(r, 44)

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
                self.line("Nơi nhận:", Font(12, bold=True, italic=True), WRAP_L, 0, 0.5, row=r)
                for i, line in enumerate(c.recipients, 1):
                    self.line(f"- {line}", Font(11), WRAP_L, 0, 0.5, row=r + i)
            self.row = max(self.row, top + 1 + len(c.recipients)) + 1
            return
        n = len(c.signers)
        bottom = top
        for i, s in enumerate(c.signers):
            bottom = max(bottom, self._signer(s, i / n, (i + 1) / n, top))
        self.row = bottom + 1
        if c.recipients:
            self.line("Nơi nhận:", Font(12, bold=True, italic=True), WRAP_L, 0, 0.5)
            for line in c.recipients:
                self.line(f"- {line}", Font(11), WRAP_L, 0, 0.5)

    def _signer(self, s, start: float, stop: float, top: int, font: Font = BODY_B) -> int:
        r = top
        for t in s.titles:
            self.line(t, font, WRAP_C, start, stop, row=r)
            r += 1
        for _ in range(3):   # the space to sign
            self.out.set_height(r, max(self.out.height(r) or 0, 18))
            r += 1
        self.line(s.name, font, WRAP_C, start, stop, row=r)
        self.row = max(self.row, r + 1)
        return r + 1

    def signer_grid(self, g: SignerGrid) -> None:
        self.row += 1
        self.keep.add(self.line(g.heading, BODY_B, WRAP_C))   # the heading stays with the first signatures
        cols = g.columns
        small = Font(11, bold=True)
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


def render(doc: Document, book: Book, values: Values | None = None) -> Placed:
    """Lay the paper out on a sheet of `book` (not yet stamped or saved); returns where its wide table landed."""
    wide = next((t for t in doc.tables() if t.fixed), None)
    repeat_at: set[int] = set()
    if wide is not None and values is None:
        # laid out once to count its pages: the table rows that start one get a copy of the header above
        probe, placed = layout(doc, Measure(), wide, None)
        breaks = paginate(probe.out.height, probe.row, probe.keep, probe.repeat, PAGE_PT[doc.landscape])
        repeat_at = {b + 1 - placed.first_row for b in breaks if placed.first_row <= b + 1 <= placed.last_row}
    sheet, placed = layout(doc, book.sheet(SHEETS.get(doc.kind, doc.kind)[:31]), wide, values, repeat_at)
    out = sheet.out
    out.print_setup(doc.landscape, title_rows=(sheet.repeat, sheet.repeat) if sheet.repeat else None,
                    title_cols=sheet.title_cols, freeze=sheet.freeze,
                    areas=print_areas(sheet, placed) or [(1, 1, sheet.row, len(sheet.mm))],
                    row_breaks=paginate(out.height, sheet.row, sheet.keep, sheet.repeat, PAGE_PT[doc.landscape],
                                        [top - 1 for top in sheet.page_tops]),
                    col_breaks=sheet.col_breaks)
    return placed


def layout(doc: Document, out: Out | Measure, wide: Table | None, values: Values | None,
           repeat_at: set[int] = frozenset()) -> tuple[Sheet, Placed]:
    sheet = Sheet(out, doc, wide, repeat_at)
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
    return sheet, placed


class Measure:
    """Stands in for a worksheet when a paper is laid out only to count its pages: keeps the row heights."""

    def __init__(self) -> None:
        self.heights: dict[int, float] = {}

    def format(self, style: Style, quoted: bool = False) -> None:
        return None

    def text(self, *args, **kwargs) -> None:
        pass

    number = formula = width = text

    def height(self, row: int) -> float | None:
        return self.heights.get(row)

    def set_height(self, row: int, points: float) -> None:
        self.heights[row] = points


def print_areas(sheet: Sheet, placed: Placed) -> list[tuple[int, int, int, int]] | None:
    """A wide table whose member columns need more than one printed run: one print area per run.

    The header, title, notes and signatures are laid out over the first run's columns; printed as one
    area, the later runs' pages showed, in the repeated STT and criterion columns, the left end of
    every header and note line cut off. So the first area is the first run's columns from the header
    to the signatures, and each later run is its table rows only (the header row and the fixed
    columns repeat as print titles). The areas are kept in order of their top-left cell, so the
    first run's comes first and the signatures close it, as they did. Areas are (first row, first
    column, last row, last column).
    """
    t = sheet.wide
    if t is None:
        return None
    runs = member_chunks(t, PRINT_MM[True])
    if len(runs) < 2:
        return None
    # a later run's first page shows the header row: as print titles, or its own when the table repeats it
    top = placed.first_row if sheet.repeat else placed.header_row
    return [(1, 1, sheet.row, sheet.page_cols)] + [
        (top, t.fixed + start + 1, placed.last_row, t.fixed + stop) for start, stop in runs[1:]]


def paginate(height_of: Callable[[int], float | None], last: int, keep: set[int], repeat: int,
             page: float, forced: list[int] = ()) -> list[int]:
    """Manual page breaks (the last row of each page) where the printer would leave a heading, a table
    header, a group row or part of the signatures at the foot of a page (every row's height is known, so
    pages can be counted); `forced`: rows that end a page whatever follows."""
    def height(r: int) -> float:
        return height_of(r) or DEFAULT_ROW_PT

    forced = set(forced)
    breaks = []
    used, r, page_top = 0.0, 1, 1
    while r <= last:
        if r - 1 in forced and r > page_top:
            breaks.append(r - 1)
            page_top, used = r, height(repeat) if repeat and r > repeat else 0.0
        h = height(r)
        if used + h > page and r > page_top:
            start = r
            while start - 1 in keep and start - 1 > page_top and r - start < 12:
                start -= 1
            if start - 1 in keep:
                start = r
            breaks.append(start - 1)
            page_top = start
            used = height(repeat) if repeat and start > repeat else 0.0
            r = start
            continue
        used += h
        r += 1
    return breaks


def line_count(value: str, width: float, bold: bool = False) -> int:
    """How many lines wrapped text takes in a column `width` units wide (12 pt Times New Roman)."""
    per_line = max(1.0, width * (1.05 if bold else 1.2))
    lines = 0
    for part in str(value).split("\n"):
        words, length, n = part.split(), 0, 1
        for w in words:
            if length and length + 1 + len(w) > per_line:
                n += 1
                length = len(w)
            else:
                length += (1 if length else 0) + len(w)
        lines += n
    return max(1, lines)
