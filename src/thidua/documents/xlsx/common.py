"""The member forms' workbook pieces (openpyxl): Decree 30 header, A4 page setup, safe cells, marks.

The papers themselves are written by render.py over book.py (XlsxWriter); the forms keep openpyxl for
their protection, validation and hidden sheets.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ...domain.season import Season
from ...files import write_bytes
from ..signoff import marks as mk
from .book import number  # noqa: F401  (exact points as cell values, as the papers write them)
from .render import line_count  # noqa: F401  (the member forms wrap their titles as the papers do)

FONT_NAME = "Times New Roman"
# Points: a Vietnamese locale tag makes LibreOffice show "15,5"; Excel follows the system's
# separator. General (not "0.##") so whole numbers print as "17", not "17.".
POINTS_FORMAT = "[$-42A]General"
COUNT_FORMAT = "[$-42A]#,##0.##"

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
NORMAL = Font(name=FONT_NAME, size=12)
BOLD = Font(name=FONT_NAME, size=12, bold=True)
ITALIC = Font(name=FONT_NAME, size=12, italic=True)
SMALL = Font(name=FONT_NAME, size=10)
SMALL_ITALIC = Font(name=FONT_NAME, size=10, italic=True)
TITLE = Font(name=FONT_NAME, size=14, bold=True)
HEAD_RIGHT = Font(name=FONT_NAME, size=12, bold=True)
MOTTO = Font(name=FONT_NAME, size=13, bold=True, underline="single")
DRAFT = Font(name=FONT_NAME, size=14, bold=True, color="C00000")
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)

# Decree 30 margins, in inches as openpyxl wants them: left 30 mm, right 15 mm, top/bottom 20 mm.
MM = 1 / 25.4


def put_text(cell, value: str | None) -> None:
    """Text that is always text: '=SUM(…)' typed as a title stays a title, never a formula (after the style)."""
    if value is None or value == "":
        cell.value = None
        return
    clean = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell.value = clean
    cell.data_type = "s"
    if clean[:1] in ("=", "+", "-", "@"):
        cell.quotePrefix = True


def text(ws: Worksheet, row: int, col: int, value: str | None, font: Font = NORMAL,
         align: Alignment = LEFT):
    cell = ws.cell(row=row, column=col)
    cell.font = font
    cell.alignment = align
    put_text(cell, value)
    return cell


def upper(s: str) -> str:
    return s.upper()


def header_block(ws: Worksheet, season: Season, last_col: int, split: int, dateline: str | None = None,
                 number_text: str | None = None) -> int:
    """The Decree 30 block (content.common.header, the one header every paper prints): issuer top left,
    national motto top right, place and date; returns the next row. `split` is the first column of the
    right-hand block."""
    from ..content.common import header

    h = header(season, number_text.removeprefix("Số: ") if number_text else None, dateline=dateline)
    left_end = max(1, split - 1)
    left = [(h.parent_body, NORMAL), (h.issuer, BOLD)] + ([(h.number, NORMAL)] if h.number else [])
    right = [(h.country, HEAD_RIGHT), (h.motto, MOTTO)] + ([(h.dateline, ITALIC)] if h.dateline else [])
    for r in range(1, max(len(left), len(right)) + 1):
        if r <= len(left):
            text(ws, r, 1, left[r - 1][0], left[r - 1][1], CENTER)
            if left_end > 1:
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=left_end)
        if r <= len(right):
            text(ws, r, split, right[r - 1][0], right[r - 1][1], CENTER)
            if last_col > split:
                ws.merge_cells(start_row=r, start_column=split, end_row=r, end_column=last_col)
        texts = [side[r - 1][0] for side in (left, right) if r <= len(side)]
        ws.row_dimensions[r].height = 18 * max(t.count("\n") + 1 for t in texts)
    return max(len(left), len(right)) + 1


def title(ws: Worksheet, row: int, last_col: int, value: str, font: Font = TITLE, height: float = 22) -> int:
    text(ws, row, 1, value, font, CENTER)
    if last_col > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
    ws.row_dimensions[row].height = height
    return row + 1


def status_line(ws: Worksheet, season: Season, row: int, last_col: int) -> int:
    """'DỰ THẢO' on a draft; the marks (the line the PDF prints at every page's foot) once signed off."""
    from ..content import words
    from ..content.model import DRAFT as DRAFT_WORD

    m = mk.marks_of(season)
    text(ws, row, 1, DRAFT_WORD if m.draft else words.footer(m), DRAFT if m.draft else SMALL_ITALIC, CENTER)
    ws.row_dimensions[row].height = 20 if m.draft else 32
    if last_col > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
    return row + 1


def print_setup(ws: Worksheet, landscape: bool, title_rows: str | None = None, freeze: str | None = None,
                area: str | None = None, fit_width: bool = True) -> None:
    """A4, Decree 30 margins (left 30 mm), page numbers centred at the top from page 2, counted from 1 on
    every sheet. `fit_width` fits a narrow sheet (a member form) to one page wide; the papers are printed
    at full size instead, their wide tables split across pages, so nothing prints below 10 pt."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    if fit_width:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    else:
        ws.page_setup.scale = 100
        ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.firstPageNumber = 1
    ws.page_setup.useFirstPageNumber = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = 30 * MM
    ws.page_margins.right = 15 * MM
    ws.page_margins.top = 22 * MM
    ws.page_margins.bottom = 22 * MM
    ws.page_margins.header = 9 * MM
    ws.page_margins.footer = 9 * MM
    ws.HeaderFooter.differentFirst = True
    ws.oddHeader.center.text = "&P"
    ws.oddHeader.center.font = FONT_NAME
    ws.oddHeader.center.size = 13
    if title_rows:
        ws.print_title_rows = title_rows
    if freeze:
        ws.freeze_panes = freeze
    if area:
        ws.print_area = area


def page_marks(ws: Worksheet, marks) -> None:
    """"DỰ THẢO" in the page header of every printed page until sign-off, and the marks in every footer."""
    from ..content import words

    for hf in (ws.oddHeader, ws.firstHeader):
        hf.right.text = "DỰ THẢO" if marks.draft else ""
        hf.right.font, hf.right.size = f"{FONT_NAME},Bold", 13
    for hf in (ws.oddFooter, ws.firstFooter):
        # Excel allows 255 characters in a header or footer section
        hf.left.text = words.footer(marks).replace("&", "&&")[:250]
        hf.left.font, hf.left.size = FONT_NAME, 8


def widths(ws: Worksheet, cols: dict[int, float]) -> None:
    for col, width in cols.items():
        ws.column_dimensions[get_column_letter(col)].width = width


def fit_width(values: list[str], minimum: float = 8, maximum: float = 60) -> float:
    """A column width that fits the longest line of text (Excel units ≈ characters)."""
    longest = max((len(line) for v in values if v for line in str(v).split("\n")), default=0)
    return max(minimum, min(maximum, longest * 1.1 + 2))


def signature(ws: Worksheet, row: int, col: int, last_col: int, heading: str, name: str) -> int:
    """A signature block: heading in capitals, room to sign, the signer's name in bold."""
    text(ws, row, col, heading, BOLD, CENTER)
    text(ws, row + 4, col, name, BOLD, CENTER)
    if last_col > col:
        ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=last_col)
        ws.merge_cells(start_row=row + 4, start_column=col, end_row=row + 4, end_column=last_col)
    return row + 5


def stamp(wb: Workbook, season: Season, kind: str, title_text: str) -> None:
    """Document properties and the sign-off marks; PROP_CELLS last, over the finished cells."""
    m = mk.marks_of(season)
    wb.properties.title = title_text
    wb.properties.subject = f"{season.cluster_name} — năm {season.year}"
    wb.properties.creator = "thidua"
    wb.properties.keywords = f"thidua; {kind}; {season.year}; lần {m.revision}"
    wb.properties.description = "Dự thảo" if m.draft else f"Đã ký duyệt lần {m.revision}"
    for name, value in mk.properties(m, kind):
        wb.custom_doc_props.append(StringProperty(name=name, value=value))
    for ws in wb.worksheets:
        if ws.sheet_state == "visible":
            page_marks(ws, m)
    if not m.draft:
        mk.embed_content(wb, season.signed.content)
    wb.custom_doc_props.append(StringProperty(name=mk.PROP_CELLS, value=mk.cells_digest(wb)))


def save(wb: Workbook, path: Path | str) -> None:
    """Compose the workbook in memory, then write it next to the target and rename: a full disk
    fails in one plain write (no half-closed zip left to complain later) and leaves no file."""
    import io

    buffer = io.BytesIO()
    wb.save(buffer)
    write_bytes(path, buffer.getvalue())
