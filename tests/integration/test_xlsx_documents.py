"""Every workbook kind: registered, written for the demo with marks, exported from the command line."""

from __future__ import annotations

import openpyxl
import pytest

from thidua.cli import main
from thidua.documents import marks as mk
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
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.page_setup.fitToWidth == 1
        texts = [str(c.value) for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        assert "DỰ THẢO" in texts
        assert any(t.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") for t in texts)


def test_contents(demo_copy, tmp_path):
    db, first, _second = demo_copy
    season = clusters.open_season(db.uow(), first)
    kinds = load_writers()
    kinds["ranking"].writers["xlsx"](season, tmp_path / "r.xlsx")
    kinds["minutes"].writers["xlsx"](season, tmp_path / "m.xlsx")
    ranking = [str(c.value) for row in openpyxl.load_workbook(tmp_path / "r.xlsx").active.iter_rows() for c in row
               if c.value is not None]
    assert "Liên minh HTX tỉnh Ninh Bình" in ranking and "HTX Nông nghiệp Nhân Chính" in ranking
    assert "7/8 (87,5%)" in ranking
    minutes = " ".join(str(c.value) for row in openpyxl.load_workbook(tmp_path / "m.xlsx").active.iter_rows()
                       for c in row if c.value is not None)
    assert "Số: 01/BB-CTĐ" in minutes and "Vắng mặt: Liên minh HTX tỉnh Hưng Yên" in minutes
    assert "ngày 15 tháng 12 năm 2017" in minutes and "Bỏ phiếu kín" in minutes


def test_export_from_the_command_line(demo_copy, tmp_path, capsys):
    db, _first, _second = demo_copy
    out = tmp_path / "bang.xlsx"
    url = str(db.engine.url)
    assert main(["--db", url, "export", "scoring-table", "--cluster", "dong bang song hong", "--year", "2017",
                 "--format", "xlsx", "--out", str(out)]) == 0
    assert openpyxl.load_workbook(out).active["A1"].value == "LIÊN MINH HỢP TÁC XÃ VIỆT NAM"
