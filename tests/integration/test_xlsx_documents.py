"""Every workbook kind: registered, written for the demo with marks, exported from the command line."""

from __future__ import annotations

import subprocess

import openpyxl
import pytest

from thidua.cli import main
from thidua.documents.signoff import marks as mk
from thidua.documents.registry import load_writers
from thidua.services import clusters

KINDS = ["scoring-table", "ranking", "minutes", "covenant"]   # member forms: a folder, tests/integration/test_xlsx_member_forms.py


def test_all_kinds_are_registered():
    kinds = load_writers()
    for name in KINDS:
        assert "xlsx" in kinds[name].writers


@pytest.mark.parametrize("kind", KINDS)
def test_each_workbook_carries_its_marks_and_prints_on_a4(demo_copy, tmp_path, kind):
    db, first, _second = demo_copy
    season = clusters.open_season(db.uow(), first)
    path = tmp_path / f"{kind}.xlsx"
    load_writers()[kind].writers["xlsx"](season, path)
    wb = openpyxl.load_workbook(path)
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    assert props[mk.PROP_KIND] == kind and props[mk.PROP_CLUSTER] == season.cluster_name
    assert props[mk.PROP_REVISION] == "0" and props[mk.PROP_CELLS] == mk.cells_digest(wb)
    assert wb.properties.title
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
        # Decree 30 margins whatever the orientation; never shrunk below the fonts' own size
        assert ws.page_margins.left == pytest.approx(30 / 25.4) and not ws.sheet_properties.pageSetUpPr.fitToPage
        # a draft says so in the page header of every printed page, not only on the sheet
        assert ws.oddHeader.right.text == "DỰ THẢO" and ws.firstHeader.right.text == "DỰ THẢO"
        assert ws.oddHeader.center.text == "&P" and ws.HeaderFooter.differentFirst   # numbers from page 2
        texts = [str(c.value) for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        assert any(t.startswith("DỰ THẢO — chưa ký duyệt") for t in texts)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts
        sizes = {c.font.sz for row in ws.iter_rows() for c in row if c.value is not None}
        assert min(sizes) >= 10, kind


def test_contents(demo_copy, tmp_path):
    db, first, _second = demo_copy
    season = clusters.open_season(db.uow(), first)
    kinds = load_writers()
    kinds["ranking"].writers["xlsx"](season, tmp_path / "r.xlsx")
    kinds["minutes"].writers["xlsx"](season, tmp_path / "m.xlsx")
    ranking = [str(c.value) for row in openpyxl.load_workbook(tmp_path / "r.xlsx").active.iter_rows() for c in row
               if c.value is not None]
    assert "Liên minh HTX tỉnh Ninh Bình" in ranking and "HTX Nông nghiệp Nhân Chính" in ranking
    assert "Đạt: 7/8 phiếu đồng ý (87,5%)" in ranking
    minutes = " ".join(str(c.value) for row in openpyxl.load_workbook(tmp_path / "m.xlsx").active.iter_rows()
                       for c in row if c.value is not None)
    assert "Số: 01/BB-CTĐ" in minutes and "vắng mặt: 1/9 đơn vị: Liên minh HTX tỉnh Hưng Yên." in minutes
    assert "ngày 15 tháng 12 năm 2017" in minutes
    # the flag went by secret ballot, the two certificates by show of hands — as the PDF says
    assert minutes.count("Bỏ phiếu kín") == 1 and minutes.count("Biểu quyết giơ tay") == 2
    assert "lập xong hồi" not in minutes and "Ông (Bà)" not in minutes


def test_export_from_the_command_line(demo_copy, tmp_path, capsys):
    db, _first, _second = demo_copy
    out = tmp_path / "bang.xlsx"
    url = str(db.engine.url)
    assert main(["--db", url, "export", "scoring-table", "--cluster", "dong bang song hong", "--year", "2017",
                 "--format", "xlsx", "--out", str(out)]) == 0
    texts = [c.value for row in openpyxl.load_workbook(out).active.iter_rows(max_row=6) for c in row if c.value]
    assert "LIÊN MINH HTX VIỆT NAM" in texts and "CỤM THI ĐUA CÁC TỈNH\nĐỒNG BẰNG SÔNG HỒNG" in texts


def test_covenant_pages_of_signatures_alone_carry_no_table_header(demo_copy, tmp_path):
    """The covenant's table repeats its header row at the top of each page it continues on, as rows of its own:
    print titles would also head the pages after it, which hold only the members' signatures."""
    from pypdf import PdfReader

    from thidua.documents.content.tables import covenant

    from .test_xlsx_scoring_recalc import soffice

    db, _first, second = demo_copy
    for name in ("Hà Nội", "Hải Phòng", "Bắc Giang", "Phú Thọ"):   # two runs of member columns, two pages of names
        clusters.add_member(db.uow(), second, name)
    season = clusters.open_season(db.uow(), second)
    book = tmp_path / "giao-uoc.xlsx"
    load_writers()["covenant"].writers["xlsx"](season, book)
    ws = openpyxl.load_workbook(book).worksheets[0]
    assert ws.print_title_rows is None and ws.print_title_cols == "$A:$C"
    subprocess.run([soffice(), f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(book)],
                   check=True, capture_output=True, timeout=180)
    squash = lambda text: "".join(text.split())   # noqa: E731  (titles wrap inside cells)
    pages = [squash(p.extract_text()) for p in PdfReader(tmp_path / "giao-uoc.pdf").pages]
    rows = [squash(row.cells[1]) for row in covenant(season).tables()[0].rows]
    header = squash("Nội dung chỉ tiêu")
    with_rows = [any(title in page for title in rows) for page in pages]
    assert [header in page for page in pages] == with_rows      # the header heads every page of rows, no other
    signatures_alone = [i for i, page in enumerate(pages) if not with_rows[i] and squash("KÝ GIAO ƯỚC") in page]
    assert signatures_alone, "the signatures no longer start a page of their own: the test shows nothing"
