"""Any spreadsheet as the same plain grid: .xlsx, .xls and .ods sheets as bounded, sparse cells and merged ranges.

The readers above this (scoring tables, member forms) never see a file format: they ask a
`Sheet` for the value at (row, column) and for the merged range covering a cell. Each format
is read by a well-kept library — openpyxl (read-only, streaming) for .xlsx, xlrd (rows kept
ragged) for .xls, calamine for .ods — after a bounded look at the file decides it is safe to
hand over: rows and columns are cut at MAX_ROWS × MAX_COLS, merged ranges are kept as their
four corners (never expanded over the sheet), and the deadline is checked as rows arrive.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ... import wording
from .safe import (MAX_COLS, MAX_DENSE_CELLS, MAX_MERGES, MAX_ROW_CELLS, MAX_ROWS, MAX_SHEETS, Deadline, Opened,
                   WorkbookError, iterparse, open_file, require_defusedxml)

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
    import warnings

    from openpyxl import load_workbook

    require_defusedxml()
    data, name, deadline = opened.data, opened.name, opened.deadline
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = _sheet_parts(zf)
        if any(n.lower().endswith("vbaproject.bin") for n in zf.namelist()):
            opened.warnings.append(wording.reading("macros_ignored"))
        merges = {title: _xlsx_merges(zf, part, deadline, name) for title, part in parts.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # openpyxl warns about extensions it does not read
        # read-only streams each sheet; data_only reads the values Excel cached instead of evaluating
        # formulas; links are neither kept nor followed and macros are never run
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False, rich_text=False)
    try:
        sheets = []
        for ws in wb.worksheets[:MAX_SHEETS]:
            deadline.check()
            sheet = Sheet(ws.title, ws.sheet_state == "visible", merges=merges.get(ws.title, []))
            for r, row in enumerate(ws.iter_rows(min_row=1, max_row=MAX_ROWS + 1, max_col=MAX_COLS,
                                                 values_only=True), start=1):
                if r > MAX_ROWS:
                    sheet.truncated = any(v is not None for v in row)
                    break
                if r % 64 == 0:
                    deadline.check()
                for c, value in enumerate(row, start=1):
                    if value is not None:
                        sheet.put(r, c, value)
            sheets.append(sheet)
        return sheets
    finally:
        wb.close()


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


def _xlsx_merges(zf: zipfile.ZipFile, part: str, deadline: Deadline, name: str) -> list[Merge]:
    """The merged ranges of one sheet part, read in one streaming pass that also bounds every row."""
    from openpyxl.utils.cell import range_boundaries

    merges: list[Merge] = []
    cells_in_row = 0
    with zf.open(part) as fh:
        for n, (_event, el) in enumerate(iterparse(fh)):
            if n % 4096 == 0:
                deadline.check()
            tag = el.tag
            if tag == f"{_MAIN}c":
                cells_in_row += 1
                if cells_in_row > MAX_ROW_CELLS:
                    raise WorkbookError("corrupt", name)
            elif tag == f"{_MAIN}row":
                cells_in_row = 0
                el.clear()
            elif tag == f"{_MAIN}mergeCell":
                if len(merges) >= MAX_MERGES:
                    raise WorkbookError("too_many_merges", name, limit=MAX_MERGES)
                try:
                    c0, r0, c1, r1 = range_boundaries(el.get("ref", ""))
                except (ValueError, TypeError):
                    continue   # a malformed range is ignored, as Excel ignores it
                if None not in (c0, r0, c1, r1):
                    merges.append((r0, c0, r1, c1))
                el.clear()
    return merges


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
                ws = wb.get_sheet_by_name(table.name)
                r0, c0 = ws.start or (0, 0)
                for r, row in enumerate(ws.iter_rows(), start=r0 + 1):
                    if r > MAX_ROWS:
                        sheet.truncated = True
                        break
                    if r % 64 == 0:
                        deadline.check()
                    for c, value in enumerate(row[:max(0, MAX_COLS - c0)], start=c0 + 1):
                        sheet.put(r, c, value)
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
