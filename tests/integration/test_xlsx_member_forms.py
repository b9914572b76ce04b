"""Member self-scoring forms: written locked and validated, filled offline, checked, previewed, applied all or nothing."""

from __future__ import annotations

from decimal import Decimal as D

import openpyxl
import pytest

from thidua.documents.member_forms import HIDDEN, explain_reading, read_member_forms, write_member_forms
from thidua.documents.xlsx_safe import WorkbookError
from thidua.domain.criteria import Criterion, Kind, Method, new_id
from thidua.domain.scoring import ScoreKind
from thidua.services import clusters
from thidua.services.imports import apply_form_changes


def _row_of(ws, title: str) -> int:
    return next(c.row for c in ws["B"] if c.value == title)


@pytest.fixture
def form(demo_copy, tmp_path):
    db, _first, second = demo_copy
    season = clusters.open_season(db.uow(), second)
    path = tmp_path / "phieu.xlsx"
    write_member_forms(season, path)
    return db, second, season, path


def test_form_is_locked_validated_and_fingerprinted(form):
    _db, _sid, season, path = form
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [m.short_name for m in season.members] + [HIDDEN]
    assert wb[HIDDEN].sheet_state == "veryHidden"
    ws = wb["Ninh Bình"]
    assert ws.protection.sheet
    leaf = season.criteria.find_code("I.1")
    r = _row_of(ws, leaf.title)
    assert ws.cell(r, 5).protection.locked is False and ws.cell(r, 2).protection.locked is True
    group_row = _row_of(ws, season.criteria.find_code("I").title)
    assert ws.cell(group_row, 5).protection.locked is True
    rules = [dv for dv in ws.data_validations.dataValidation if f"E{r}" in str(dv.sqref).split()]
    assert len(rules) == 1 and "<=5" in rules[0].formula1 and "50)=0" in rules[0].formula1   # max 5, step 0.5


def test_round_trip_preview_and_apply(form):
    db, sid, season, path = form
    wb = openpyxl.load_workbook(path)
    ws = wb["Hà Nam"]
    i1 = season.criteria.find_code("I.1")
    i2 = season.criteria.find_code("I.2")
    band = season.criteria.children(season.criteria.find_code("II.4").id)[1]
    ws.cell(_row_of(ws, i1.title), 5).value = 4.5
    ws.cell(_row_of(ws, i2.title), 5).value = "1,75"       # typed on a Vietnamese Excel as text
    ws.cell(_row_of(ws, band.title), 5).value = 3
    wb.save(path)
    reading = read_member_forms(path, season)
    assert reading.ok, explain_reading(reading)
    ha_nam = next(m for m in season.members if m.short_name == "Hà Nam")
    got = {(c.member, c.code, c.old, c.new, c.sheet) for c in reading.changes}
    assert got == {("Hà Nam", "I.1", None, D("4.5"), "Hà Nam"), ("Hà Nam", "I.2", None, D("1.75"), "Hà Nam"),
                   ("Hà Nam", "II.4.-", None, D(3), "Hà Nam")}
    assert apply_form_changes(db.uow(), sid, reading.changes) == 3
    after = clusters.open_season(db.uow(), sid)
    assert after.cell(ha_nam.id, i1.id).self_points == D("4.5")
    assert after.cell(ha_nam.id, band.id).self_points == D(3)
    # read again: nothing left to change
    assert read_member_forms(path, after).changes == []


def test_bad_values_are_listed_and_nothing_is_applied(form):
    db, sid, season, path = form
    wb = openpyxl.load_workbook(path)
    ws = wb["Nam Định"]
    i1, i3 = season.criteria.find_code("I.1"), season.criteria.find_code("I.3")
    alternatives = season.criteria.children(season.criteria.find_code("II.4").id)
    r1 = _row_of(ws, i1.title)
    ws.cell(r1, 5).value = 4.25          # step 0.5
    ws.cell(_row_of(ws, i3.title), 5).value = "có"
    ws.cell(_row_of(ws, alternatives[0].title), 5).value = 4
    ws.cell(_row_of(ws, alternatives[1].title), 5).value = 3
    wb["Hà Nam"].cell(r1, 5).value = 4   # a good change in another sheet
    wb.save(path)
    reading = read_member_forms(path, season)
    assert not reading.ok
    text = "\n".join(explain_reading(reading))
    assert f"trang “Nam Định”, hàng {r1}, cột E: I.1" in text and "bước 0,5" in text
    assert "“có” không phải là số điểm" in text and "chỉ được chọn một mức" in text
    before = clusters.open_season(db.uow(), sid)
    assert all(before.cell(m.id, i1.id).self_points is None for m in before.members)


def test_wrong_season_or_changed_criteria_is_refused(form, demo_copy):
    db, sid, season, path = form
    other = clusters.open_season(db.uow(), demo_copy[1])
    with pytest.raises(WorkbookError) as err:
        read_member_forms(path, other)
    assert "không phải" in err.value.sentence() and "2017" in err.value.sentence()
    node = season.criteria.find_code("I.1")
    clusters.update_criterion(db.uow(), sid, node.id, max_points=D(6), expected=node)
    with pytest.raises(WorkbookError) as err:
        read_member_forms(path, clusters.open_season(db.uow(), sid))
    assert "Bảng tiêu chí đã thay đổi" in err.value.sentence()


def test_a_cell_changed_meanwhile_refuses_the_whole_apply(form):
    from thidua.domain.errors import EditConflict
    from thidua.services import scoring

    db, sid, season, path = form
    wb = openpyxl.load_workbook(path)
    ws = wb["Hà Nam"]
    i1, i2 = season.criteria.find_code("I.1"), season.criteria.find_code("I.2")
    ws.cell(_row_of(ws, i1.title), 5).value = 4
    ws.cell(_row_of(ws, i2.title), 5).value = 1
    wb.save(path)
    reading = read_member_forms(path, season)
    ha_nam = next(m for m in season.members if m.short_name == "Hà Nam")
    scoring.record_score(db.uow(), sid, ha_nam.id, i2.id, D("0.5"), ScoreKind.SELF,
                         expected=season.cell(ha_nam.id, i2.id).self_points)
    with pytest.raises(EditConflict):
        apply_form_changes(db.uow(), sid, reading.changes)
    after = clusters.open_season(db.uow(), sid)
    assert after.cell(ha_nam.id, i1.id).self_points is None


def test_not_a_form(tmp_path, form):
    _db, _sid, season, _path = form
    wb = openpyxl.Workbook()
    wb.save(tmp_path / "x.xlsx")
    with pytest.raises(WorkbookError) as err:
        read_member_forms(tmp_path / "x.xlsx", season)
    assert "không phải phiếu tự chấm" in err.value.sentence()
