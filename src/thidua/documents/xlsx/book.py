"""The papers' workbook writer: XlsxWriter behind a small API of styled cells, merges and print setup.

XlsxWriter writes a styled workbook as fast as openpyxl writes bare values (openpyxl spends most of a
styled save giving every cell its style id). Every value is recorded as openpyxl will read it back,
so the cells digest (signoff/marks.py), which `verify` recomputes from the file, is computed here
without reading the workbook again. Reading workbooks stays with openpyxl.
"""

from __future__ import annotations

import io
import re
import zipfile
from concurrent.futures import Future, ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple
from xml.sax.saxutils import escape

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name, xl_range_abs

from ...domain.season import Season
from ...files import write_bytes
from ..signoff import marks as mk

FONT_NAME = "Times New Roman"
MM = 1 / 25.4          # inches, as page margins are given
# Points: a Vietnamese locale tag makes LibreOffice show "15,5"; Excel follows the system's
# separator. General (not "0.##") so whole numbers print as "17", not "17.".
POINTS_FORMAT = "[$-42A]General"
HEADER_FILL = "D9D9D9"
DRAFT_COLOR = "C00000"
HF_LIMIT = 255         # Excel keeps at most 255 characters of a page header or footer

# characters XML cannot carry (kept out, as openpyxl kept them out); a carriage return is a line break
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_RETURNS = re.compile("\r\n?")


class Font(NamedTuple):
    size: float = 12
    bold: bool = False
    italic: bool = False
    underline: bool = False
    color: str | None = None       # "C00000"


class Align(NamedTuple):
    horizontal: str = "left"        # left, center, right, justify
    vertical: str = "center"        # top, center
    wrap: bool = True
    indent: int = 0


class Style(NamedTuple):
    font: Font = Font()
    align: Align = Align()
    border: bool = False            # a thin box
    fill: str | None = None         # a solid background, "D9D9D9"
    number_format: str | None = None


def number(value: Decimal | int | None) -> int | float | None:
    """A cell value for exact points: ints stay ints, so a whole number reads back as the same type.

    Integral values are written as int; the rest as the float nearest the two-decimal value (Excel
    holds nothing else).
    """
    if value is None:
        return None
    d = Decimal(value)
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def clean(value: object) -> str:
    """Text a cell can hold: no XML-illegal characters, line breaks as "\\n"."""
    text = str(value)
    if "\r" in text:
        text = _RETURNS.sub("\n", text)
    return _ILLEGAL.sub("", text)


def read_back(value: object) -> object:
    """The value openpyxl reads back for a number or text XlsxWriter wrote (what the cells digest hashes).

    XlsxWriter writes a number with 16 significant digits, which openpyxl reads as an int unless it
    shows a point or an exponent; it writes a literal "_xHHHH_" in text as "_x005F_xHHHH_", and
    openpyxl drops every "x005F_" it reads.
    """
    if isinstance(value, str):
        return value.replace("x005F_", "") if "x005F_" in value else value
    if isinstance(value, bool):
        raise TypeError("no booleans in a paper")
    if isinstance(value, int):
        return value
    shown = f"{value:.16G}"
    return float(shown) if "." in shown or "E" in shown else int(shown)


def _quoted(text: str) -> bool:
    """Text Excel would take for a formula when typed in again: kept as text with a quote prefix."""
    return text[:1] in ("=", "+", "-", "@")


class Formats:
    """A workbook's cell formats, one per style, and the numbers it wrote as the digest shows them.

    Shared by the workbook's sheets; it refers to none of them, so a written workbook holds no reference
    cycle and is freed as soon as it is dropped, without waiting for the garbage collector.
    """

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self._wb = wb
        self._formats: dict[tuple[Style, bool], Format] = {}
        # number → as the digest shows it read back (1 and 1.0 share a key, harmlessly: both read back as 1)
        self.numbers_shown: dict[int | float, str] = {}

    def format(self, style: Style, quoted: bool = False) -> Format:
        key = (style, quoted)
        fmt = self._formats.get(key)
        if fmt is None:
            font, align = style.font, style.align
            props: dict = {"font_name": FONT_NAME, "font_size": font.size, "align": align.horizontal,
                           "valign": "vcenter" if align.vertical == "center" else align.vertical}
            if font.bold:
                props["bold"] = True
            if font.italic:
                props["italic"] = True
            if font.underline:
                props["underline"] = 1
            if font.color:
                props["font_color"] = f"#{font.color}"
            if align.wrap:
                props["text_wrap"] = True
            if align.indent:
                props["indent"] = align.indent
            if style.border:
                props["border"] = 1
            if style.fill:
                props["pattern"], props["bg_color"] = 1, f"#{style.fill}"
            if style.number_format:
                props["num_format"] = style.number_format
            if quoted:
                props["quote_prefix"] = True
            fmt = self._formats[key] = self._wb.add_format(props)
        return fmt


class Book:
    """One paper's workbook being written in memory: its sheets, formats and document properties."""

    def __init__(self, season: Season) -> None:
        self.season = season
        self._packed: Future | None = None
        if season.signed is not None:
            # the signed content (1.5 MB of text for 63 members × 200 criteria) is compressed while the
            # sheets are laid out: zlib works outside the GIL, on another core where there is one
            pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="thidua-embed")
            self._packed = pool.submit(mk.packed_chunks, season.signed.content)
            pool.shutdown(wait=False)
        self._buffer = io.BytesIO()
        # strings stay strings: no formula, number or link is ever made from a text
        self.wb = xlsxwriter.Workbook(self._buffer, {
            "in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
            "strings_to_urls": False})
        self.sheets: list[Sheet] = []
        self.formats = Formats(self.wb)

    def sheet(self, title: str) -> "Sheet":
        sheet = Sheet(self.formats, self.wb, self.wb.add_worksheet(title), title)
        self.sheets.append(sheet)
        return sheet

    def format(self, style: Style, quoted: bool = False) -> Format:
        return self.formats.format(style, quoted)

    # ---- marks ---------------------------------------------------------------------------------
    def stamp(self, kind: str, title: str) -> None:
        """Document properties, the page marks, the signed content and, last, the digest of the cells."""
        season = self.season
        m = mk.marks_of(season)
        self.wb.set_properties({
            "title": title, "subject": f"{season.cluster_name} — năm {season.year}", "author": "thidua",
            "keywords": f"thidua; {kind}; {season.year}; lần {m.revision}",
            "comments": "Dự thảo" if m.draft else f"Đã ký duyệt lần {m.revision}"})
        for name, value in mk.properties(m, kind):
            self.wb.set_custom_property(name, value, "text")
        for sheet in self.sheets:
            if not sheet.hidden:
                sheet.page_marks(m)
        if self._packed is not None:
            hidden = self.sheet(mk.CONTENT_SHEET)
            hidden.ws.very_hidden()
            hidden.hidden = True
            for i, chunk in enumerate(self._packed.result()):
                hidden.text(i + 1, 1, chunk)
        self.wb.set_custom_property(mk.PROP_CELLS, self.digest(), "text")

    def digest(self) -> str:
        return mk.digest((s.title, s.values()) for s in self.sheets)

    # ---- output --------------------------------------------------------------------------------
    def save(self, path: Path | str) -> None:
        """Compose the workbook in memory, then write it next to the target and rename: a full disk
        fails in one plain write and leaves no half-written file."""
        for sheet in self.sheets:
            sheet.finish()
        self.wb.close()
        write_bytes(path, self._first_pages(self._buffer.getvalue()))

    def _first_pages(self, data: bytes) -> bytes:
        """Give each printed sheet its own first-page header and footer (no page number on page 1).

        XlsxWriter writes one header and footer for every page and has no first-page variant, so the
        `headerFooter` element of those sheets is completed in the package it wrote."""
        patches = {f"xl/worksheets/sheet{i}.xml": s for i, s in enumerate(self.sheets, 1) if s.first is not None}
        if not patches:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                part = zin.read(info.filename)
                sheet = patches.pop(info.filename, None)
                if sheet is not None:
                    part = sheet.first_page_marks(part)
                # the parts are deflated a second time here: the fastest level keeps that cheap
                zout.writestr(info, part, compresslevel=1)
        if patches:
            raise RuntimeError(f"worksheet parts not found: {sorted(patches)}")
        return out.getvalue()


class Sheet:
    """One worksheet, addressed as openpyxl and the paper's layout count: rows and columns from 1."""

    def __init__(self, formats: Formats, wb: xlsxwriter.Workbook, ws, title: str) -> None:
        self.formats, self.wb, self.ws, self.title = formats, wb, ws, title
        self.hidden = False
        self.cells: dict[tuple[int, int], str] = {}         # (row, column) → its value read back, shown
        self.merged: set[tuple[int, int]] = set()           # cells under a merge other than its first
        self.heights: dict[int, float] = {}
        self.first: tuple[str, str] | None = None           # the first page's header and footer

    # ---- cells ---------------------------------------------------------------------------------
    def text(self, row: int, col: int, value: object, style: Style | None = None, last_col: int | None = None) -> None:
        """Text that is always text ("=SUM(…)" typed as a title stays a title), across columns up to
        `last_col` (merged); None or "" leaves the cell empty, styled. No style: the workbook's default."""
        text = "" if value is None else clean(value)
        quoted = _quoted(text)
        fmt = None if style is None and not quoted else self.formats.format(style or Style(), quoted)
        r, c = row - 1, col - 1
        if last_col is not None and last_col > col:
            self.ws.merge_range(r, c, r, last_col - 1, "", fmt)
            self.merged.update((row, k) for k in range(col + 1, last_col + 1))
        if text:
            self.ws.write_string(r, c, text, fmt)
            self.cells[row, col] = "str:" + read_back(text)
        else:
            self.ws.write_blank(r, c, None, fmt)
            self.cells.pop((row, col), None)

    def format(self, style: Style, quoted: bool = False) -> Format:
        return self.formats.format(style, quoted)

    def number(self, row: int, col: int, value: int | float, fmt: Format) -> None:
        self.ws.write_number(row - 1, col - 1, value, fmt)
        known = self.formats.numbers_shown   # a big table repeats few values
        shown = known.get(value)
        if shown is None:
            shown = known[value] = mk.shown(read_back(value))
        self.cells[row, col] = shown

    def formula(self, row: int, col: int, formula: str, fmt: Format) -> None:
        """A live formula with no cached result, so Excel and LibreOffice compute it on opening."""
        self.ws.write_formula(row - 1, col - 1, formula, fmt, "")
        text = str(formula)
        self.cells[row, col] = "str:" + (text if text.startswith("=") else f"={text}")

    def values(self) -> list[tuple[str, str]]:
        """Every non-empty cell in row then column order, (reference, value shown as the digest takes what
        openpyxl reads back); a merge reads empty but for its first cell."""
        if not self.cells:
            return []
        letters = [""] + [xl_col_to_name(c) for c in range(max(c for _r, c in self.cells))]
        merged = self.merged
        return [(f"{letters[c]}{r}", text) for (r, c), text in sorted(self.cells.items()) if (r, c) not in merged]

    # ---- rows and columns -----------------------------------------------------------------------
    def height(self, row: int) -> float | None:
        return self.heights.get(row)

    def set_height(self, row: int, points: float) -> None:
        self.heights[row] = points

    def width(self, col: int, units: float) -> None:
        """A column `units` wide as the file records it (Excel's character units, 7 px each). Given in pixels,
        not rounded (set_column would round to whole pixels), so the file keeps the width asked for."""
        self.ws.set_column_pixels(col - 1, col - 1, units * 7)

    def finish(self) -> None:
        # heights given in pixels, not rounded (set_row would round to whole pixels): the file keeps the
        # points the pages were counted with, which LibreOffice prints as they are
        for row, points in self.heights.items():
            self.ws.set_row_pixels(row - 1, points * 4 / 3)

    # ---- printing ------------------------------------------------------------------------------
    def print_setup(self, landscape: bool, title_rows: tuple[int, int] | None = None,
                    title_cols: tuple[int, int] | None = None, freeze: tuple[int, int] | None = None,
                    areas: list[tuple[int, int, int, int]] = (), row_breaks: list[int] = (),
                    col_breaks: list[int] = ()) -> None:
        """A4 at full size (wide tables split across pages, never shrunk), Decree 30 margins (left 30 mm),
        page numbers centred at the top from page 2, counted from 1 on every sheet. `freeze` is the first
        scrolling cell; `areas` the print areas (first row, first column, last row, last column)."""
        ws = self.ws
        ws.set_paper(9)
        if landscape:
            ws.set_landscape()
        else:
            ws.set_portrait()
        ws.set_start_page(1)
        ws.center_horizontally()
        ws.set_margins(left=30 * MM, right=15 * MM, top=22 * MM, bottom=22 * MM)
        if title_rows:
            ws.repeat_rows(title_rows[0] - 1, title_rows[1] - 1)
        if title_cols:
            ws.repeat_columns(title_cols[0] - 1, title_cols[1] - 1)
        if freeze:
            ws.freeze_panes(freeze[0] - 1, freeze[1] - 1)
        if len(areas) == 1:
            r1, c1, r2, c2 = areas[0]
            ws.print_area(r1 - 1, c1 - 1, r2 - 1, c2 - 1)
        elif areas:
            # several areas (a wide table's later runs of member columns): XlsxWriter's print_area()
            # takes one range, so the sheet's Print_Area name is defined with all of them
            sheet = "'" + self.title.replace("'", "''") + "'"
            ranges = ",".join(f"{sheet}!{xl_range_abs(r1 - 1, c1 - 1, r2 - 1, c2 - 1)}" for r1, c1, r2, c2 in areas)
            self.wb.define_name(f"{sheet}!_xlnm.Print_Area", ranges)
        if row_breaks:
            ws.set_h_pagebreaks(list(row_breaks))
        if col_breaks:
            ws.set_v_pagebreaks(list(col_breaks))

    def page_marks(self, marks: mk.Marks) -> None:
        """"DỰ THẢO" in the page header of every printed page until sign-off, the page number from page 2,
        and the marks (the line the PDF prints at every page's foot) in every footer."""
        from ..content import words

        right = f'&R&"{FONT_NAME},Bold"&13 ' + ("DỰ THẢO" if marks.draft else "")
        left = f'&L&"{FONT_NAME}"&8 '
        footer = left + words.footer(marks).replace("&", "&&")[:HF_LIMIT - len(left)]
        self.ws.set_header(f'&C&"{FONT_NAME}"&13 &P' + right, {"margin": 9 * MM})
        self.ws.set_footer(footer, {"margin": 9 * MM})
        self.first = (right, footer)

    def first_page_marks(self, part: bytes) -> bytes:
        """The worksheet part with its first page's header and footer added (see Book._first_pages)."""
        header, footer = self.first
        open_tag, close_tag = b"<headerFooter>", b"</headerFooter>"
        if part.count(open_tag) != 1 or part.count(close_tag) != 1:
            raise RuntimeError(f"unexpected page header markup in sheet {self.title!r}")
        first = f"<firstHeader>{escape(header)}</firstHeader><firstFooter>{escape(footer)}</firstFooter>"
        return part.replace(open_tag, b'<headerFooter differentFirst="1">').replace(
            close_tag, first.encode("utf-8") + close_tag)
