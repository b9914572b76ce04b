"""Any spreadsheet as the same plain grid: .xlsx, .xls and .ods sheets as bounded, sparse cells and merged ranges.

The readers above this (scoring tables, member forms) never see a file format: they ask a
`Sheet` for the value at (row, column) and for the merged range covering a cell. Each format
is read by a well-kept library — calamine for .xlsx and .ods, xlrd (rows kept ragged) for
.xls — after a bounded look at the file decides it is safe to hand over: rows and columns are cut at MAX_ROWS × MAX_COLS, merged ranges are kept as their
four corners (never expanded over the sheet), and the deadline is checked as rows arrive.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ... import wording
from .safe import (MAX_COLS, MAX_DENSE_CELLS, MAX_MERGES, MAX_ROW_CELLS, MAX_ROWS, MAX_SHEETS, Deadline, Opened,
                   WorkbookError, iterparse, open_file)

Merge = tuple[int, int, int, int]   # first row, first column, last row, last column (1-based, inclusive)

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_ZIP_ERRORS = (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError, KeyError)


@dataclass
class Sheet:
    """One sheet's values (1-based row, column → value) and merged ranges, as far as they were read."""

    name: str
    visible: bool = True
    cells: dict[tuple[int, int], object] = field(default_factory=dict)
    merges: list[Merge] = field(default_factory=list)
    rows: int = 0                # the last row holding a value (within the bound)
    cols: int = 0
    truncated: bool = False      # the sheet goes on beyond MAX_ROWS rows

    def value(self, row: int, col: int) -> object:
        return self.cells.get((row, col))

    def put(self, row: int, col: int, value: object) -> None:
        if value is None or value == "":
            return
        self.cells[(row, col)] = value
        if row > self.rows:
            self.rows = row
        if col > self.cols:
            self.cols = col

    def merged_in(self, first_row: int, last_row: int) -> dict[tuple[int, int], Merge]:
        """Cell → its merged range, for the rows first_row…last_row and the columns read only.

        The lazy part: a range like A1:XFD1048576 costs (rows asked for) × MAX_COLS entries here,
        never the 17 billion cells it names.
        """
        out: dict[tuple[int, int], Merge] = {}
        for merge in self.merges:
            r0, c0, r1, c1 = merge
            if r1 < first_row or r0 > last_row or c0 > MAX_COLS:
                continue
            for r in range(max(r0, first_row), min(r1, last_row) + 1):
                for c in range(c0, min(c1, MAX_COLS) + 1):
                    out[(r, c)] = merge
        return out


@dataclass
class Book:
    name: str
    kind: str                    # "xlsx" | "xls" | "ods"
    sheets: list[Sheet]
    warnings: list[str] = field(default_factory=list)


def load_book(path: Path | str, seconds: float | None = None) -> Book:
    """Every sheet of the file at `path`, bounded; raises WorkbookError with a sentence when it cannot."""
    opened = open_file(path, seconds)
    reader = {"xlsx": _xlsx, "xls": _xls, "ods": _ods}[opened.kind]
    try:
        sheets = reader(opened)
    except WorkbookError:
        raise
    except MemoryError:
        raise WorkbookError("too_big_inside", opened.name) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:   # any failure of a library on a damaged file (calamine panics are BaseException)
        raise WorkbookError("corrupt", opened.name) from None
    return Book(opened.name, opened.kind, sheets, opened.warnings)


# ---- .xlsx ----------------------------------------------------------------------------------
def _xlsx(opened: Opened) -> list[Sheet]:
    """calamine reads the values (fast, cached formula results, never evaluated) once a scan of each
    sheet's markup has bounded it: calamine builds each sheet as a dense grid, so its extent is
    checked first, and it gets a package rebuilt from what Python's zip reader unpacked."""
    from python_calamine import CalamineWorkbook

    data, name, deadline = opened.data, opened.name, opened.deadline
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        if any(n.lower().endswith("vbaproject.bin") for n in names):
            opened.warnings.append(wording.reading("macros_ignored"))
        parts = _sheet_parts(zf)
        scans = {title: _xlsx_scan(zf, part, deadline, name) for title, part in list(parts.items())[:MAX_SHEETS]}
        for title, (_merges, rows, width) in scans.items():
            if rows * width > MAX_DENSE_CELLS:
                raise WorkbookError("sheet_too_big", name, sheet=title, rows=rows, cols=width)
        # stored, not compressed, and only the XML parts: macros, pictures and links never reach calamine,
        # and it never decompresses anything beyond the sizes already checked
        clean = io.BytesIO()
        with zipfile.ZipFile(clean, "w", zipfile.ZIP_STORED) as out:
            for part in names:
                if part.endswith((".xml", ".rels")) and not part.startswith(("xl/externalLinks", "customXml")):
                    body = zf.read(part)
                    if b"<!DOCTYPE" in body or b"<!ENTITY" in body:
                        raise WorkbookError("corrupt", name)   # a spreadsheet has no DTD: no entity is expanded
                    out.writestr(part, body)
    deadline.check()
    clean.seek(0)
    wb = CalamineWorkbook.from_filelike(clean)
    try:
        sheets = []
        for meta in wb.sheets_metadata[:MAX_SHEETS]:
            if meta.name not in scans or "WorkSheet" not in str(meta.typ):
                continue
            deadline.check()
            merges, rows, width = scans[meta.name]
            sheet = Sheet(meta.name, str(meta.visible).endswith("Visible"), merges=merges)
            sheet.truncated = rows > MAX_ROWS
            if rows:
                _put_rows(sheet, wb.get_sheet_by_name(meta.name), deadline)
            sheets.append(sheet)
        return sheets
    finally:
        wb.close()


def _put_rows(sheet: Sheet, ws, deadline: Deadline) -> None:
    """A calamine sheet's values into `sheet`, within MAX_ROWS × MAX_COLS ('' is an empty cell)."""
    r0, c0 = ws.start or (0, 0)
    for r, row in enumerate(ws.iter_rows(), start=r0 + 1):
        if r > MAX_ROWS:
            sheet.truncated = True
            break
        if r % 64 == 0:
            deadline.check()
        for c, value in enumerate(row[:max(0, MAX_COLS - c0)], start=c0 + 1):
            if value != "":
                sheet.put(r, c, value)


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title → the part holding it, from the package's relationships (as openpyxl resolves them)."""
    def rels_of(part: str) -> dict[str, str]:
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        out = {}
        if rels_name not in zf.namelist():
            return out
        with zf.open(rels_name) as fh:
            for _event, el in iterparse(fh):
                if el.tag == f"{_REL}Relationship":
                    target = el.get("Target", "")
                    path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                        posixpath.join(folder, target))
                    out[el.get("Id", "")] = path
        return out

    workbook = next((t for t in rels_of("").values() if t.endswith(".xml") and "workbook" in t), "xl/workbook.xml")
    targets = rels_of(workbook)
    out: dict[str, str] = {}
    if workbook not in zf.namelist():
        return out
    with zf.open(workbook) as fh:
        for _event, el in iterparse(fh):
            if el.tag == f"{_MAIN}sheet":
                part = targets.get(el.get(f"{_OFFICE_REL}id", ""))
                if part and part in zf.namelist():
                    out[el.get("name", "")] = part
    return out


_ROW = re.compile(rb"<(?:[\w.-]+:)?row[\s/>]")
_ROW_NUMBER = re.compile(rb"<(?:[\w.-]+:)?(?:row|c)\s[^>]*?\br=\"[A-Z]{0,3}([0-9]{1,9})\"")
_CELL = re.compile(rb"<(?:[\w.-]+:)?c[\s/>]")
_CELL_COLUMN = re.compile(rb"<(?:[\w.-]+:)?c\s[^>]*?\br=\"([A-Z]{1,3})[0-9]+\"")
_MERGE = re.compile(rb"<(?:[\w.-]+:)?mergeCell\s[^>]*?\bref=\"([^\"]*)\"")


def _xlsx_scan(zf: zipfile.ZipFile, part: str, deadline: Deadline, name: str) -> tuple[list[Merge], int, int]:
    """One sheet part's merged ranges and the rows and columns it really uses, before any reader sees it.

    A scan of the markup, not a parse (nothing is expanded): it bounds every row's cells, keeps
    merged ranges as four numbers, and finds the last row and widest column actually present —
    never what a declared dimension says — so a dense reader is never asked for more.
    """
    from openpyxl.utils.cell import column_index_from_string, range_boundaries

    data = zf.read(part)   # within the package's checked unpacked size
    deadline.check()
    worst = 0
    for n, segment in enumerate(_ROW.split(data)):
        if n % 4096 == 0:
            deadline.check()
        worst = max(worst, len(_CELL.findall(segment)))
    if worst > MAX_ROW_CELLS:
        raise WorkbookError("corrupt", name)
    columns = set(_CELL_COLUMN.findall(data))
    cells = len(_CELL.findall(data))
    rows = max((int(n) for n in set(_ROW_NUMBER.findall(data))), default=0)
    rows = max(rows, len(_ROW.findall(data)))
    width = max((column_index_from_string(c.decode()) for c in columns), default=0)
    if cells and sum(1 for _ in _CELL_COLUMN.finditer(data)) < cells:
        width = max(width, worst)   # cells without a reference follow each other: a row is as wide as its cells
    merges: list[Merge] = []
    for match in _MERGE.finditer(data):
        if len(merges) >= MAX_MERGES:
            raise WorkbookError("too_many_merges", name, limit=MAX_MERGES)
        try:
            c0, r0, c1, r1 = range_boundaries(match.group(1).decode("ascii", "replace"))
        except (ValueError, TypeError):
            continue   # a malformed range: openpyxl refuses the sheet when it reaches it
        if None not in (c0, r0, c1, r1):
            merges.append((r0, c0, r1, c1))
    deadline.check()
    return merges, rows, max(width, 1)


# ---- .xls (Excel 97-2003) -------------------------------------------------------------------
def _xls(opened: Opened) -> list[Sheet]:
    import xlrd

    book = xlrd.open_workbook(file_contents=opened.data, formatting_info=True, ragged_rows=True, on_demand=True,
                              logfile=io.StringIO(), verbosity=0)
    try:
        sheets = []
        for index in range(min(book.nsheets, MAX_SHEETS)):
            opened.deadline.check()
            ws = book.sheet_by_index(index)
            sheet = Sheet(ws.name, ws.visibility == 0)
            sheet.merges = [(r0 + 1, c0 + 1, r1, c1) for r0, r1, c0, c1 in ws.merged_cells[:MAX_MERGES]]
            for r in range(min(ws.nrows, MAX_ROWS)):
                if r % 64 == 0:
                    opened.deadline.check()
                for c, cell in enumerate(ws.row(r)[:MAX_COLS]):
                    sheet.put(r + 1, c + 1, _xls_value(cell))
            sheet.truncated = ws.nrows > MAX_ROWS
            sheets.append(sheet)
            book.unload_sheet(index)
        return sheets
    finally:
        book.release_resources()


def _xls_value(cell) -> object:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERR")
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return cell.value


# ---- .ods (LibreOffice) ---------------------------------------------------------------------
@dataclass
class _OdsTable:
    name: str
    rows: int = 0
    cols: int = 0
    merges: list[Merge] = field(default_factory=list)


def _ods(opened: Opened) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    data, name, deadline = opened.data, opened.name, opened.deadline
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        with zf.open("content.xml") as fh:
            tables = _ods_scan(fh, deadline, name)
        # calamine reads every sheet into one dense grid as soon as it opens the file: a 8 KB file
        # naming cell ALL1048576 would ask it for a billion cells, so such a file stops here
        for table in tables:
            if table.rows * table.cols > MAX_DENSE_CELLS:
                raise WorkbookError("sheet_too_big", name, sheet=table.name, rows=table.rows, cols=table.cols)
        # calamine gets a package rebuilt from what Python's zip reader unpacked, stored without
        # compression: it never decompresses anything beyond the sizes checked above
        clean = io.BytesIO()
        with zipfile.ZipFile(clean, "w", zipfile.ZIP_STORED) as out:
            out.writestr("mimetype", zf.read("mimetype"))
            for part in ("content.xml", "styles.xml", "meta.xml", "META-INF/manifest.xml"):
                if part in zf.namelist():
                    out.writestr(part, zf.read(part))
    clean.seek(0)
    wb = CalamineWorkbook.from_filelike(clean)
    try:
        sheets = []
        for table in tables[:MAX_SHEETS]:
            deadline.check()
            sheet = Sheet(table.name, True, merges=table.merges)
            if table.rows and table.cols:
                _put_rows(sheet, wb.get_sheet_by_name(table.name), deadline)
            sheets.append(sheet)
        return sheets
    finally:
        wb.close()


def _ods_scan(fh, deadline: Deadline, name: str) -> list[_OdsTable]:
    """Each table's extent (rows × columns holding a value, repeats counted) and merged ranges, streaming."""
    tables: list[_OdsTable] = []
    current: _OdsTable | None = None
    row = col = 0
    row_repeat = 1
    row_has_value = False
    row_width = 0
    n = 0
    for event, el in iterparse(fh, events=("start", "end")):
        n += 1
        if n % 4096 == 0:
            deadline.check()
        tag = el.tag
        if event == "start":
            if tag == f"{_TABLE}table":
                current = _OdsTable(el.get(f"{_TABLE}name", f"Sheet{len(tables) + 1}"))
                tables.append(current)
                row = 0
            elif tag == f"{_TABLE}table-row" and current is not None:
                row_repeat = _count(el.get(f"{_TABLE}number-rows-repeated"))
                col = 0
                row_has_value = False
                row_width = 0
            continue
        if current is None:
            continue
        if tag in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"):
            repeat = _count(el.get(f"{_TABLE}number-columns-repeated"))
            if el.get(f"{_OFFICE}value-type") is not None or len(el):
                row_has_value = True
                row_width = col + repeat
            span_cols = _count(el.get(f"{_TABLE}number-columns-spanned"))
            span_rows = _count(el.get(f"{_TABLE}number-rows-spanned"))
            if (span_cols > 1 or span_rows > 1) and tag.endswith("}table-cell"):
                if len(current.merges) >= MAX_MERGES:
                    raise WorkbookError("too_many_merges", name, limit=MAX_MERGES)
                current.merges.append((row + 1, col + 1, row + span_rows, col + span_cols))
            col += repeat
            el.clear()
        elif tag == f"{_TABLE}table-row":
            if row_has_value:
                current.rows = row + row_repeat
                current.cols = max(current.cols, row_width)
            row += row_repeat
            el.clear()
        elif tag == f"{_TABLE}table":
            current = None
            el.clear()
    return tables


def _count(value: str | None) -> int:
    """A repeat or span count from the file, bounded so arithmetic on it stays small."""
    try:
        n = int(value) if value is not None else 1
    except ValueError:
        return 1
    return max(1, min(n, 1 << 24))
