"""The papers' workbook writer (documents/xlsx/book.py) stamps the cells digest from the values it wrote.

`verify` recomputes that digest from the file as openpyxl reads it, so every kind of value the writer can
put in a cell — whole and fractional numbers, numbers that do not survive 16 digits, text with line breaks,
control characters, Excel's "_xHHHH_" escapes, text that looks like a formula, live formulas, merged
cells — must read back as the writer said it would.
"""

from __future__ import annotations

import random
from decimal import Decimal as D

import openpyxl
import pytest

from thidua.documents.signoff import marks as mk
from thidua.documents.xlsx.book import Align, Book, Font, Style, number
from thidua.documents.xlsx.render import Formula
from thidua.services import clusters, outcome

STYLE = Style(Font(11), Align("center", "center"), True)
TEXTS = ["x", " lề trái", "lề phải ", "dòng 1\ndòng 2", "a\r\nb", "a\rb", "tab\tgiữa", "\x00\x01\x07chuông", "\x0b\x0c",
         "_x0041_", "x005F_", "_x005F_", "_x005F_x0041_", "__x0041__", "a_x000D_b", "=SUM(A1:A2)", "+1", "-2", "@x",
         "Điểm “kép” & <thẻ> 'đơn'", "😀 biểu tượng", "\ufffe\uffff", "—", "0", "1.5", "TRUE", "#N/A"]
NUMBERS = [0, 1, -5, 17, 10 ** 15, 0.1, 2.675, 99.99, -0.25, 1e-7, 123456789.12, 1 / 3, 0.1 + 0.2, 2.0 ** 60,
           number(D("15.5")), number(D("17.00")), number(D("-0.25")), number(D("72.84"))]
FORMULAS = ["=ROUND(SUM(D11:D13),2)", '=IF(A1>=5,"Xuất sắc","")', "=RANK(D5,$D$5:$K$5,0)+1", "=0"]


def fuzz(seed: int) -> tuple[list[str], list[float]]:
    rnd = random.Random(seed)
    alphabet = "_x005F0Aa1 \n\r\t=Đ\x1f"
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 14))) for _ in range(400)]
    numbers = [round(rnd.uniform(-1000, 1000), rnd.randint(0, 4)) for _ in range(400)]
    return texts, numbers + [rnd.randint(-10 ** 9, 10 ** 9) for _ in range(50)]


def write_every_kind(season, path) -> Book:
    book = Book(season)
    sheet = book.sheet("Mọi loại ô")
    texts, numbers = fuzz(7)
    fmt = book.format(STYLE)
    for i, text in enumerate(TEXTS + texts, start=1):
        sheet.text(i, 1, text, STYLE)
    for i, value in enumerate(NUMBERS + numbers, start=1):
        sheet.number(i, 2, value, fmt)
    for i, formula in enumerate(FORMULAS, start=1):
        sheet.formula(i, 3, Formula(formula), fmt)
    sheet.width(1, 7.38)        # as the layout computes them: not rounded to whole pixels
    sheet.set_height(5, 18.6)
    sheet.text(1, 4, "gộp ba ô", STYLE, last_col=6)
    sheet.text(2, 4, "", STYLE, last_col=6)      # an empty merge: nothing to read
    sheet.print_setup(landscape=False)
    other = book.sheet("Trang hai")
    other.text(3, 2, "=không phải công thức", STYLE)
    other.number(3, 3, 15.5, fmt)
    other.print_setup(landscape=True, title_rows=(3, 3), freeze=(4, 2))
    book.stamp("scoring-table", "Thử mọi loại ô")
    book.save(path)
    return book


def read_cells(workbook) -> dict[str, dict[str, str]]:
    out = {}
    for ws in workbook.worksheets:
        out[ws.title] = {c.coordinate: mk.shown(c.value) for row in ws.iter_rows() for c in row if c.value is not None}
    return out


def test_the_stamped_digest_is_the_one_verify_reads_back(demo_copy, tmp_path):
    db, first, _second = demo_copy
    season = clusters.open_season(db.uow(), first)
    path = tmp_path / "moi-loai-o.xlsx"
    book = write_every_kind(season, path)
    wb = openpyxl.load_workbook(path)
    # cell by cell first, so a difference is named
    written = {s.title: dict(s.values()) for s in book.sheets}
    assert read_cells(wb) == written
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    assert props[mk.PROP_CELLS] == mk.cells_digest(wb) == book.digest()


def test_text_stays_text_and_formulas_stay_live(demo_copy, tmp_path):
    db, first, _second = demo_copy
    season = clusters.open_season(db.uow(), first)
    path = tmp_path / "moi-loai-o.xlsx"
    write_every_kind(season, path)
    ws = openpyxl.load_workbook(path)["Mọi loại ô"]
    looks_like_formula = [c for c in ws["A"] if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@"))]
    assert looks_like_formula and all(c.data_type == "s" and c.quotePrefix for c in looks_like_formula)
    assert [c.value for c in ws["C"] if c.value is not None] == FORMULAS
    assert all(c.data_type == "f" for c in ws["C"] if c.value is not None)
    assert "D1:F1" in {str(r) for r in ws.merged_cells.ranges} and ws["D1"].value == "gộp ba ô"
    # widths and heights as the layout asked for them, which is what LibreOffice prints
    assert ws.column_dimensions["A"].width == pytest.approx(7.38, abs=1 / 256)
    assert ws.row_dimensions[5].height == pytest.approx(18.6)
    # a carriage return is a line break; characters XML cannot carry are left out
    assert ws["A5"].value == "a\nb" and ws["A6"].value == "a\nb" and ws["A8"].value == "chuông"


def test_a_signed_book_carries_its_content_very_hidden_and_verifiable(demo_copy, tmp_path):
    db, first, _second = demo_copy
    outcome.sign_off(db.uow(), first, "Nguyễn Văn Hòa")
    season = clusters.open_season(db.uow(), first)
    path = tmp_path / "ky.xlsx"
    write_every_kind(season, path)
    wb = openpyxl.load_workbook(path)
    hidden = wb[mk.CONTENT_SHEET]
    assert hidden.sheet_state == "veryHidden" and wb.sheetnames[-1] == mk.CONTENT_SHEET
    assert mk.embedded_content(wb) == season.signed.content
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    assert props[mk.PROP_CELLS] == mk.cells_digest(wb) and props[mk.PROP_SHA256] == season.signed.sha256
    for ws in wb.worksheets[:2]:   # the printed sheets: no "DỰ THẢO", the marks in every footer
        assert ws.HeaderFooter.differentFirst and ws.oddHeader.center.text == "&P"
        assert "SHA-256" in ws.oddFooter.left.text and ws.firstFooter.left.text == ws.oddFooter.left.text

