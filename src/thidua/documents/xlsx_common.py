"""Shared pieces of every workbook thidua writes: Decree 30 header, A4 page setup, safe cells, marks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..domain.season import Season
from ..wording import vn_date
from . import marks as mk

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


def number(value: Decimal | int | None) -> int | float | None:
    """A cell value for exact points: ints stay ints so the digest reads back the same type.

    openpyxl reads 5.0 back as int 5, so integral values are written as int; the rest as the
    float nearest the two-decimal value (Excel holds nothing else).
    """
    if value is None:
        return None
    d = Decimal(value)
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def text(ws: Worksheet, row: int, col: int, value: str | None, font: Font = NORMAL,
         align: Alignment = LEFT):
    """Write text that is always text: '=SUM(…)' typed as a title stays a title, never a formula."""
    cell = ws.cell(row=row, column=col)
    if value is None or value == "":
        cell.value = None
    else:
        clean = ILLEGAL_CHARACTERS_RE.sub("", str(value))
        cell.value = clean
        cell.data_type = "s"
        if clean[:1] in ("=", "+", "-", "@"):
            cell.quotePrefix = True
    cell.font = font
    cell.alignment = align
    return cell


def upper(s: str) -> str:
    return s.upper()


def header_block(ws: Worksheet, season: Season, last_col: int, split: int, dateline: str | None = None,
                 number_text: str | None = None) -> int:
    """The Decree 30 block: issuer top left, national motto top right, place and date; returns next row.

    `split` is the first column of the right-hand block.
    """
    left_end = max(1, split - 1)
    rows = [
        (upper(season.parent_body), NORMAL, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", HEAD_RIGHT),
        (upper(season.cluster_name), BOLD, "Độc lập - Tự do - Hạnh phúc", MOTTO),
    ]
    for r, (left, lfont, right, rfont) in enumerate(rows, start=1):
        text(ws, r, 1, left, lfont, CENTER)
        text(ws, r, split, right, rfont, CENTER)
        if left_end > 1:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=left_end)
        if last_col > split:
            ws.merge_cells(start_row=r, start_column=split, end_row=r, end_column=last_col)
        ws.row_dimensions[r].height = 18 if r == 1 else 20
    r = 3
    if number_text:
        text(ws, r, 1, number_text, NORMAL, CENTER)
        if left_end > 1:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=left_end)
    if dateline is None:
        meeting = season.meeting
        dateline = vn_date(meeting.date, meeting.place) if meeting.date else \
            f"{meeting.place or '…'}, ngày … tháng … năm {season.year}"
    text(ws, r, split, dateline, ITALIC, CENTER)
    if last_col > split:
        ws.merge_cells(start_row=r, start_column=split, end_row=r, end_column=last_col)
    return 4


def title(ws: Worksheet, row: int, last_col: int, value: str, font: Font = TITLE, height: float = 22) -> int:
    text(ws, row, 1, value, font, CENTER)
    if last_col > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
    ws.row_dimensions[row].height = height
    return row + 1


def status_line(ws: Worksheet, season: Season, row: int, last_col: int) -> int:
    """'DỰ THẢO' on a draft; revision, signer, time and hash on a signed-off season — visibly."""
    m = mk.marks_of(season)
    if m.draft:
        text(ws, row, 1, "DỰ THẢO", DRAFT, CENTER)
        ws.row_dimensions[row].height = 20
    else:
        when = m.signed_at.strftime("%H:%M ngày %d/%m/%Y") if m.signed_at else ""
        text(ws, row, 1, f"Đã ký duyệt lần {m.revision}, người ký: {m.signed_by}, lúc {when}. "
                         f"Mã kiểm tra SHA-256: {m.sha256}", SMALL_ITALIC, CENTER)
        ws.row_dimensions[row].height = 28
    if last_col > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
    return row + 1


def print_setup(ws: Worksheet, landscape: bool, title_rows: str | None = None, freeze: str | None = None,
                area: str | None = None) -> None:
    """A4, Decree 30 margins, fit to one page wide, page numbers centred at the top from page 2."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = 30 * MM if not landscape else 20 * MM
    ws.page_margins.right = 15 * MM
    ws.page_margins.top = 20 * MM
    ws.page_margins.bottom = 20 * MM
    ws.page_margins.header = 8 * MM
    ws.page_margins.footer = 8 * MM
    ws.HeaderFooter.differentFirst = True
    ws.oddHeader.center.text = "&P"
    ws.oddHeader.center.font = FONT_NAME
    ws.evenHeader.center.text = "&P"
    if title_rows:
        ws.print_title_rows = title_rows
    if freeze:
        ws.freeze_panes = freeze
    if area:
        ws.print_area = area


def widths(ws: Worksheet, cols: dict[int, float]) -> None:
    for col, width in cols.items():
        ws.column_dimensions[get_column_letter(col)].width = width


def fit_width(values: list[str], minimum: float = 8, maximum: float = 60) -> float:
    """A column width that fits the longest line of text (Excel units ≈ characters)."""
    longest = max((len(line) for v in values if v for line in str(v).split("\n")), default=0)
    return max(minimum, min(maximum, longest * 1.1 + 2))


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
    props = [
        (mk.PROP_KIND, kind), (mk.PROP_CLUSTER, m.cluster), (mk.PROP_YEAR, str(m.year)),
        (mk.PROP_REVISION, str(m.revision)), (mk.PROP_SIGNED_BY, m.signed_by),
        (mk.PROP_SIGNED_AT, m.signed_at.isoformat() if m.signed_at else ""), (mk.PROP_SHA256, m.sha256),
    ]
    for name, value in props:
        wb.custom_doc_props.append(StringProperty(name=name, value=value))
    wb.custom_doc_props.append(StringProperty(name=mk.PROP_CELLS, value=mk.cells_digest(wb)))


def save(wb: Workbook, path: Path | str) -> None:
    """Compose the workbook in memory, then write it next to the target and rename: a full disk
    fails in one plain write (no half-closed zip left to complain later) and leaves no file."""
    import io

    from ..files import write_bytes

    buffer = io.BytesIO()
    wb.save(buffer)
    write_bytes(path, buffer.getvalue())


def now() -> dt.datetime:
    return dt.datetime.now()
