"""Reading existing scoring tables: the sample and other layouts clusters keep, checked against their totals."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from thidua.cli import main
from thidua.documents.readers.safe import WorkbookError
from thidua.documents.readers.table import parse_table, short_member_name
from thidua.services import clusters
from thidua.services.imports import TableHasProblems, TotalsDiffer, import_table, plan_table
from thidua.storage.database import Database

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "tables" / "bang-cham-diem-tay-nam-bo-2023.xlsx"


def test_sample_is_understood():
    t = parse_table(SAMPLE)
    assert (t.cluster_hint, t.year_hint) == ("Cụm thi đua các tỉnh Tây Nam Bộ", 2023)
    assert [m.short_name for m in t.members] == ["Kiên Giang", "An Giang", "Cà Mau", "Bạc Liêu", "Sóc Trăng",
                                                 "Hậu Giang", "Cần Thơ"]
    roots = t.roots()
    assert [r.code for r in roots] == ["I", "II", "III", "IV", "V", "VI"]
    assert [(r.role, r.max_points) for r in roots[4:]] == [("bonus", D(5)), ("deduction", None)]
    choice = next(n for n in t.nodes if n.kind == "choice")
    assert choice.title.startswith("Tỷ lệ hợp tác xã") and len(choice.children) == 3
    assert t.nodes[1].values[1] == D("6.5")          # "6,5" typed as text
    plan = plan_table(t, "Cụm thi đua các tỉnh Tây Nam Bộ", 2023)
    assert plan.agrees and [c.computed for c in plan.checks] == [D(84), D(83), D("83.5"), D("90.5"), D(86),
                                                                  D(93), D(86)]
    assert plan.season.criteria.max_total() == D(105)
    ranks = {plan.season.member(r.member_id).short_name: r.rank for r in plan.season.results().ranking.rows}
    assert ranks == {"Hậu Giang": 1, "Bạc Liêu": 2, "Sóc Trăng": 3, "Cần Thơ": 3, "Kiên Giang": 5, "Cà Mau": 6,
                     "An Giang": 7}
    assert {t.members[i].short_name: r for i, r in t.ranks.items()} == ranks


@pytest.mark.parametrize("header,short,full", [
    ("LMHTX Kiên Giang", "Kiên Giang", "Liên minh HTX tỉnh Kiên Giang"),
    ("Liên minh HTX tỉnh An Giang", "An Giang", "Liên minh HTX tỉnh An Giang"),
    ("Liên minh HTX thành phố Cần Thơ", "Cần Thơ", "Liên minh HTX thành phố Cần Thơ"),
    ("Bạc Liêu", "Bạc Liêu", "Liên minh HTX tỉnh Bạc Liêu"),
    ("LM HTX Đắk Lắk", "Đắk Lắk", "Liên minh HTX tỉnh Đắk Lắk"),
])
def test_member_headers(header, short, full):
    assert short_member_name(header) == (short, full)


def other_layout(path: Path, total_an: object = "60,5", bad: object = None) -> Path:
    """Tây Nguyên style: a notes sheet first, the table on sheet 2 with a two-row merged header,
    a column-number row, groups 1/2, leaves a)/-/+/unnumbered, 'Cộng' rows, unnumbered bonus and
    deduction headings, a notes column, text numbers, 'Tổng số điểm' and 'Xếp thứ'."""
    wb = openpyxl.Workbook()
    wb.active.title = "Hướng dẫn"
    wb.active["A1"] = "Bảng này do các đơn vị gửi về, không sửa công thức."
    ws = wb.create_sheet("Mẫu số 04")
    ws["A1"] = "LIÊN MINH HTX VIỆT NAM"
    ws["A2"] = "CỤM THI ĐUA CÁC TỈNH TÂY NGUYÊN"
    ws["A4"] = "KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM 2019"
    ws.append([])
    ws.append(["STT", "Nội dung và chỉ tiêu thi đua", "Số điểm tối đa", "Điểm chấm của các đơn vị", None, None,
               "Ghi chú"])
    ws.merge_cells("D6:F6")
    for col in "ABCG":
        ws.merge_cells(f"{col}6:{col}7")
    ws.append([None, None, None, "LMHTX Đắk Nông", "Liên minh HTX tỉnh Đắk Lắk", "LM HTX Gia Lai", None])
    ws.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"])
    rows = [
        ("1", "Nhiệm vụ thành viên Ban Chỉ đạo tỉnh", 10, 9, "8,5", 7, None),
        ("a)", "Tham mưu chương trình, kế hoạch", 5, 5, "4,5", 4, None),
        ("b)", "Kiểm tra, giám sát", 2, 1, 2, 1, None),
        ("c)", "Báo cáo đúng hạn", 3, 3, 2, 2, "chậm 1 lần"),
        (None, "Cộng mục 1", 10, 9, "8,5", 7, None),
        ("2", "Phát triển HTX và thành viên", 20, 16, 15, "13,75", None),
        (None, "- Thành lập mới HTX theo chỉ tiêu", 12, 10, 9, 8, None),
        (None, "Tỷ lệ HTX là thành viên Liên minh", 4, 3, 4, 2, None),
        ("+", "Từ 80% trở lên", 4, None, 4, None, None),
        ("+", "Từ 60% đến dưới 80%", 3, 3, None, None, None),
        ("+", "Dưới 60%", 2, None, None, 2, None),
        ("-", "Đào tạo cán bộ", 4, 3, 2, "3,75", None),
        ("3", "Công tác nội bộ", 40, 38, 36, 30, None),
        (None, "Tài chính, kế toán", 20, 19, 18, 15, None),
        (None, "Thi đua, khen thưởng", 20, 19, 18, 15, None),
        (None, "Điểm thưởng", 3, 3, 1, 0, None),
        ("-", "Khen thưởng đột xuất", 2, 2, 1, 0, None),
        ("-", "Sáng kiến", 2, 2, 0, 0, None),
        (None, "Điểm trừ", None, "0,5", 0, 1, None),
        ("-", "Chậm báo cáo", 1, "0,5", bad, 1, None),
        (None, "Tổng số điểm", 73, "65,5", total_an, "49,75", None),
        (None, "Xếp thứ", None, 1, 2, 3, None),
    ]
    for row in rows:
        ws.append(list(row))
    ws.append([])
    ws.append([None, "TM. CỤM THI ĐUA", None, None, "Người lập biểu"])
    wb.save(path)
    return path


def test_other_layout(tmp_path):
    t = parse_table(other_layout(tmp_path / "tay-nguyen.xlsx"))
    assert t.sheet == "Mẫu số 04" and t.year_hint == 2019 and t.cluster_hint == "Cụm thi đua các tỉnh Tây Nguyên"
    assert [m.short_name for m in t.members] == ["Đắk Nông", "Đắk Lắk", "Gia Lai"]
    assert [m.column for m in t.members] == ["D", "E", "F"]
    tree = [(t.depth(n), n.code, n.title, n.kind, n.role) for n in t.nodes]
    assert tree[:4] == [(0, "1", "Nhiệm vụ thành viên Ban Chỉ đạo tỉnh", "group", "normal"),
                        (1, "a)", "Tham mưu chương trình, kế hoạch", "leaf", "normal"),
                        (1, "b)", "Kiểm tra, giám sát", "leaf", "normal"),
                        (1, "c)", "Báo cáo đúng hạn", "leaf", "normal")]
    assert (0, "2", "Phát triển HTX và thành viên", "group", "normal") in tree
    assert (1, "", "Tỷ lệ HTX là thành viên Liên minh", "choice", "normal") in tree
    assert (2, "+", "Từ 80% trở lên", "leaf", "normal") in tree
    assert (0, "", "Điểm thưởng", "group", "bonus") in tree and (0, "", "Điểm trừ", "group", "deduction") in tree
    assert all(n.title != "Cộng mục 1" for n in t.nodes)
    plan = plan_table(t, "Cụm thi đua các tỉnh Tây Nguyên", 2019)
    assert plan.agrees, plan.checks
    assert [c.computed for c in plan.checks] == [D("65.5"), D("60.5"), D("49.75")]
    assert plan.season.criteria.max_total() == D(73)


def test_a_total_that_does_not_add_up_is_refused_and_nothing_written(tmp_path):
    t = parse_table(other_layout(tmp_path / "t.xlsx", total_an=72))
    plan = plan_table(t, "Cụm Tây Nguyên", 2019)
    assert not plan.agrees
    db = Database(f"sqlite:///{tmp_path / 'db.sqlite'}", actor="tester")
    with pytest.raises(TotalsDiffer) as err:
        import_table(db.uow(), t, "Cụm Tây Nguyên", 2019)
    assert [(c.member, c.computed, c.printed, c.cell) for c in err.value.data["checks"]] == \
        [("Đắk Lắk", D("60.5"), D(72), "E29")]
    assert clusters.list_clusters(db.uow()) == []
    db.close()


def test_values_that_are_not_points_are_listed_by_sheet_row_column(tmp_path):
    t = parse_table(other_layout(tmp_path / "t.xlsx", bad="một"))
    assert [p.sentence() for p in t.problems] == [
        "trang “Mẫu số 04”, hàng 28, cột E: điểm “một” không phải là số."]
    with pytest.raises(TableHasProblems):
        plan_table(t, "X", 2019)


def test_above_maximum_is_a_problem(tmp_path):
    path = other_layout(tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Mẫu số 04"]["D10"] = 6   # a) max 5
    wb.save(path)
    t = parse_table(path)
    assert any(p.row == 10 and p.column == "D" and "vượt điểm tối đa 5" in p.message for p in t.problems)


def test_import_writes_one_season(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'db.sqlite'}", actor="tester")
    done = import_table(db.uow(), parse_table(SAMPLE), "Cụm thi đua các tỉnh Tây Nam Bộ", 2023)
    assert done.cluster_created and done.members == 7 and done.criteria == 25
    season = clusters.open_season(db.uow(), done.season_id)
    totals = {m.short_name: season.results().tallies[m.id].total for m in season.members}
    assert totals["Bạc Liêu"] == D("90.5") and totals["An Giang"] == D(83)
    db.close()


def test_cli(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    assert main(["--db", url, "import-table", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "cột D: Kiên Giang" in out and "Hậu Giang: 93 / 93  khớp" in out and "[chọn một mức]" in out
    assert main(["--db", url, "ranking", "--cluster", "tay nam bo", "--year", "2023", "--format", "json"]) == 0
    assert '"member": "Hậu Giang", "total": 93, "rank": 1' in capsys.readouterr().out
    # a layout without a recognisable title needs --cluster/--year
    path = other_layout(tmp_path / "x.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Mẫu số 04"]
    ws["A2"], ws["A4"] = None, None
    wb.save(path)
    assert main(["--db", url, "import-table", str(path)]) == 2
    assert "--cluster" in capsys.readouterr().err
    assert main(["--db", url, "import-table", str(path), "--cluster", "Tây Nguyên", "--year", "2019"]) == 0
    junk = tmp_path / "not.xlsx"
    junk.write_text("STT;Nội dung\n")
    assert main(["--db", url, "import-table", str(junk)]) == 1
    assert "không phải là tệp bảng tính Excel" in capsys.readouterr().err


def test_no_table(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Danh sách cán bộ"
    wb.save(tmp_path / "x.xlsx")
    with pytest.raises(WorkbookError) as err:
        parse_table(tmp_path / "x.xlsx")
    assert "Không tìm thấy bảng chấm điểm" in err.value.sentence()
