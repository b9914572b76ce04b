"""Member self-scoring forms: one locked, validated workbook per member, filled offline, read back cell by cell
and applied all or nothing — in any order, from any revision, never touching another member."""

from __future__ import annotations

import random
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from thidua.cli import main
from thidua.documents.forms.read import explain_reading, read_member_forms
from thidua.documents.forms.write import HIDDEN, write_member_forms
from thidua.documents.readers.safe import WorkbookError
from thidua.domain.errors import SeasonLocked
from thidua.domain.scoring import ScoreKind
from thidua.domain.season import State
from thidua.services import clusters, outcome, scoring
from thidua.services.imports import FormConflicts, apply_form_changes

from .test_xlsx_scoring_recalc import recalc


def _row_of(ws, title: str) -> int:
    return next(c.row for c in ws["B"] if c.value == title)


def _form(paths: list[Path], member: str) -> Path:
    return next(p for p in paths if p.name.endswith(f" - {member}.xlsx"))


def _fill(path: Path, season, values: dict[str, object], notes: dict[str, str] | None = None) -> None:
    """Type into a form as a member would: points in F, or the figure / count / Có-Không in E."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    for code, value in values.items():
        node = season.criteria.find_code(code)
        r = _row_of(ws, node.title)
        col = 6 if ws.cell(r, 6).protection.locked is False else 5
        assert ws.cell(r, col).protection.locked is False, code
        ws.cell(r, col).value = value
    for code, note in (notes or {}).items():
        ws.cell(_row_of(ws, season.criteria.find_code(code).title), 7).value = note
    wb.save(path)


@pytest.fixture
def forms(demo_copy, tmp_path):
    db, _first, second = demo_copy
    season = clusters.open_season(db.uow(), second)
    paths = write_member_forms(season, tmp_path / "phieu")
    return db, second, season, paths


def test_one_locked_validated_workbook_per_member(forms):
    _db, _sid, season, paths = forms
    assert [p.name for p in paths] == [f"Phiếu tự chấm 2018 - {m.short_name}.xlsx" for m in season.members]
    wb = openpyxl.load_workbook(_form(paths, "Ninh Bình"))
    assert wb.sheetnames == ["Ninh Bình", HIDDEN] and wb[HIDDEN].sheet_state == "veryHidden"
    ws = wb["Ninh Bình"]
    assert ws.protection.sheet
    crit = season.criteria

    def rules(ref):
        return [dv for dv in ws.data_validations.dataValidation if ref in str(dv.sqref).split()]

    r = _row_of(ws, crit.find_code("I.1").title)          # manual, max 5, step 0.5
    assert ws.cell(r, 6).protection.locked is False and ws.cell(r, 5).protection.locked is not False
    (dv,) = rules(f"F{r}")
    assert "<=5" in dv.formula1 and "50)=0" in dv.formula1
    r = _row_of(ws, crit.find_code("I.3").title)          # yes / no
    (dv,) = rules(f"E{r}")
    assert dv.type == "list" and dv.formula1 == '"Có,Không"'
    assert ws.cell(r, 6).value.startswith("=IF(E") and ws.cell(r, 6).protection.locked is not False
    r = _row_of(ws, crit.find_code("II.1").title)         # a target row: the member types the figure
    (dv,) = rules(f"E{r}")
    ninh_binh = season.members[0]
    assert dv.type == "decimal" and ws.cell(r, 4).protection.locked is not False
    assert ws.cell(r, 4).value == season.figure(ninh_binh.id, crit.find_code("II.1").id).target == 16
    r = _row_of(ws, crit.find_code("VI.1").title)         # bonus per item: a count
    (dv,) = rules(f"E{r}")
    assert dv.type == "whole"
    group = _row_of(ws, crit.find_code("I").title)
    assert ws.cell(group, 6).value.startswith("=ROUND(") and ws.cell(group, 6).protection.locked is not False
    # the identifying part is text only, never a formula
    assert all(c.data_type == "s" for row in wb[HIDDEN].iter_rows() for c in row if c.value is not None)
    # marks and print setup like every workbook thidua writes
    from thidua.documents.signoff import marks as mk

    props = {p.name: p.value for p in wb.custom_doc_props.props}
    assert props[mk.PROP_KIND] == "member-form" and props[mk.PROP_CELLS] == mk.cells_digest(wb)
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.page_setup.fitToWidth == 1
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "DỰ THẢO" in texts and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts


def test_prefilled_values_pass_their_own_validation(demo_copy, tmp_path):
    """Computed points such as 9,6 or 6,93 are never put in a cell whose rule refuses them."""
    db, _first, second = demo_copy
    season = clusters.open_season(db.uow(), second)
    crit = season.criteria
    members = season.members
    for m, actual in zip(members, (8, 13, 7, 11, 9, 10, 12, 6, 14)):
        node = crit.find_code("II.1").id
        scoring.record_figures(db.uow(), second, m.id, node, actual=D(actual), expected=season.figure(m.id, node))
    after = clusters.open_season(db.uow(), second)
    entries = [(m.id, crit.find_code("II.1").id, None, after.cell(m.id, crit.find_code("II.1").id).agreed_points)
               for m in members]
    scoring.record_scores(db.uow(), second, entries, ScoreKind.SELF)
    season = clusters.open_season(db.uow(), second)
    assert any(season.cell(m.id, crit.find_code("II.1").id).self_points % D("0.25") for m in members)
    paths = write_member_forms(season, tmp_path / "f")
    for path in paths:
        ws = openpyxl.load_workbook(path).worksheets[0]
        for dv in ws.data_validations.dataValidation:
            for ref in str(dv.sqref).split():
                value = ws[ref].value
                if value is None:
                    continue
                if dv.type == "custom":
                    mx = D(dv.formula1.split("<=")[1].split(",")[0])
                    cents = int(dv.formula1.rsplit(",", 1)[1].split(")")[0])
                    assert 0 <= D(str(value)) <= mx and int(D(str(value)) * 100) % cents == 0, (path.name, ref)
                elif dv.type == "list":
                    assert value in ("Có", "Không")
                elif dv.type == "whole":
                    assert isinstance(value, int) and value >= 0
                else:
                    assert D(str(value)) >= 0
    # reading the untouched forms back changes nothing
    reading = read_member_forms(paths, season)
    assert reading.ok and reading.changes == []


def test_nine_members_return_their_forms_in_any_order(forms, capsys):
    db, sid, season, paths = forms
    crit = season.criteria
    before = clusters.open_season(db.uow(), sid)
    typed = {}
    for i, m in enumerate(season.members):
        values = {"I.1": [4.5, 5, 3, 2.5, 4, 3.5, 5, 1, 0][i], "I.2": f"{[1, 1.25, 2, 0.5, 1.75, 0, 2, 1.5, 0.25][i]}"
                  .replace(".", ","), "I.3": "Có" if i % 2 else "Không", "II.1": 5 + i, "VI.2": i % 4,
                  "II.4." + "abc"[i % 3]: None}
        values.pop("II.4." + "abc"[i % 3])
        band = crit.children(crit.find_code("II.4").id)[i % 3]
        _fill(_form(paths, m.short_name), season, values, {"I.1": f"Giải trình của {m.short_name}"})
        wb = openpyxl.load_workbook(_form(paths, m.short_name))
        ws = wb.worksheets[0]
        ws.cell(_row_of(ws, band.title), 6).value = float(band.max_points)
        wb.save(_form(paths, m.short_name))
        typed[m.id] = (values, band)
    url = db.url
    order = list(paths)
    random.Random(11).shuffle(order)
    # the first five through the command line one by one, the other four in one go
    for path in order[:5]:
        assert main(["--db", url, "import-forms", str(path), "--apply"]) == 0, capsys.readouterr().err
    assert main(["--db", url, "import-forms", *map(str, order[5:]), "--apply"]) == 0, capsys.readouterr().err
    after = clusters.open_season(db.uow(), sid)
    for i, m in enumerate(after.members):
        values, band = typed[m.id]
        got = after.cell(m.id, crit.find_code("I.1").id)
        assert got.self_points == D(str(values["I.1"])) and got.note == f"Giải trình của {m.short_name}"
        assert after.cell(m.id, crit.find_code("I.2").id).self_points == D(values["I.2"].replace(",", "."))
        assert after.cell(m.id, crit.find_code("I.3").id).self_points == (D(3) if i % 2 else D(0))
        assert after.cell(m.id, crit.find_code("II.1").id).self_points == \
            crit.find_code("II.1").points_from_figures(before.figure(m.id, crit.find_code("II.1").id).target,
                                                       D(5 + i))
        assert after.cell(m.id, crit.find_code("VI.2").id).self_points == (D(i % 4) if i % 4 else D(0))
        assert after.cell(m.id, band.id).self_points == band.max_points
        # agreed scores are the cluster's: no form touches them
        for leaf in crit.leaves():
            assert after.cell(m.id, leaf.id).agreed_points == before.cell(m.id, leaf.id).agreed_points


def test_a_form_from_an_older_revision_is_checked_cell_by_cell(forms):
    db, sid, season, paths = forms
    made_from = season.version
    i1, i2 = season.criteria.find_code("I.1"), season.criteria.find_code("I.2")
    ha_nam = next(m for m in season.members if m.short_name == "Hà Nam")
    # the secretariat corrects Hà Nam's I.2 self-score after the forms went out
    scoring.record_score(db.uow(), sid, ha_nam.id, i2.id, D("0.5"), ScoreKind.SELF, expected=None)
    path = _form(paths, "Hà Nam")
    _fill(path, season, {"I.1": 4})
    now = clusters.open_season(db.uow(), sid)
    reading = read_member_forms([path], now)
    assert reading.ok and reading.readings[0].revision == made_from < now.version
    assert not reading.conflicts
    assert apply_form_changes(db.uow(), sid, reading.changes).scores == 1
    after = clusters.open_season(db.uow(), sid)
    assert after.cell(ha_nam.id, i1.id).self_points == D(4)
    assert after.cell(ha_nam.id, i2.id).self_points == D("0.5")      # untouched by the form
    # a form that changes the corrected cell is refused, naming it and who changed it
    _fill(path, season, {"I.1": 4, "I.2": 1})
    reading = read_member_forms([path], after)
    assert [c.code for c in reading.conflicts] == ["I.2"]
    with pytest.raises(FormConflicts) as err:
        apply_form_changes(db.uow(), sid, reading.changes)
    from thidua import wording
    text = wording.explain(err.value)
    assert "Hà Nam" in text and "“I.2”" in text and "tester" in text and "0,5" in text and "Chưa ghi gì" in text
    assert clusters.open_season(db.uow(), sid).cell(ha_nam.id, i2.id).self_points == D("0.5")


def test_bad_values_are_listed_by_cell_and_nothing_is_applied(forms):
    db, sid, season, paths = forms
    crit = season.criteria
    alternatives = crit.children(crit.find_code("II.4").id)
    path = _form(paths, "Nam Định")
    _fill(path, season, {"I.1": 4.25, "I.2": "1e30", "I.3": "có lẽ", "IV.1": "bốn", "VI.1": -2, "II.1": "inf"})
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    ws.cell(_row_of(ws, alternatives[0].title), 6).value = 4
    ws.cell(_row_of(ws, alternatives[1].title), 6).value = 3
    wb.save(path)
    good = _form(paths, "Hà Nam")
    _fill(good, season, {"I.1": 4})
    reading = read_member_forms([good, path], season)
    assert not reading.ok
    text = "\n".join(explain_reading(reading))
    r1 = _row_of(ws, crit.find_code("I.1").title)
    assert f"trang “Nam Định”, hàng {r1}, cột F: I.1" in text and "bước 0,5" in text
    assert "“1e30” quá lớn" in text and "“có lẽ”" in text and "“bốn” không phải là số điểm" in text
    assert "số lần “-2”" in text and "“inf”" in text and "chỉ được chọn một mức" in text
    assert text.startswith("Chưa ghi gì vì các phiếu có 7 ô không hợp lệ")
    assert main(["--db", db.url, "import-forms", str(good), str(path),
                 "--apply"]) == 1
    after = clusters.open_season(db.uow(), sid)
    assert all(after.cell(m.id, crit.find_code("I.1").id).self_points is None for m in after.members)


def test_applying_the_same_form_twice_is_harmless_and_copies_must_agree(forms, tmp_path):
    db, sid, season, paths = forms
    path = _form(paths, "Thái Bình")
    _fill(path, season, {"I.1": 3})
    copy = tmp_path / "copy.xlsx"
    copy.write_bytes(path.read_bytes())
    same = read_member_forms([path, copy], season)          # the same form sent twice: one change
    assert same.ok and [(c.code, c.new) for c in same.changes] == [("I.1", D(3))]
    _fill(copy, season, {"I.1": 2})
    both = read_member_forms([path, copy], season)
    assert not both.ok and "hai phiếu của Thái Bình ghi khác nhau" in explain_reading(both)[0]
    done = apply_form_changes(db.uow(), sid, read_member_forms([path], season).changes)
    assert done.scores == 1 and done.members == ("Thái Bình",)
    again = read_member_forms([path], clusters.open_season(db.uow(), sid))
    assert again.changes == [] and again.readings[0].unchanged > 0
    assert apply_form_changes(db.uow(), sid, read_member_forms([path], season).changes).scores == 0


def test_forms_for_another_season_or_a_locked_one_are_refused(demo_copy, tmp_path, forms):
    db, first, second = demo_copy
    _db, _sid, season, paths = forms
    other = clusters.open_season(db.uow(), first)
    with pytest.raises(WorkbookError) as err:
        read_member_forms([paths[0]], other)
    assert "không phải Cụm thi đua các tỉnh Đồng bằng sông Hồng năm 2017" in err.value.sentence()
    with pytest.raises(SeasonLocked):       # 2017 is being voted on: no forms go out
        write_member_forms(other, tmp_path / "x")
    outcome.advance(db.uow(), first, State.SCORING, expected=State.VOTING)
    sent = write_member_forms(clusters.open_season(db.uow(), first), tmp_path / "2017")
    _fill(sent[0], other, {"I.1": 1})
    outcome.advance(db.uow(), first, State.VOTING, expected=State.SCORING)
    with pytest.raises(WorkbookError) as err:
        read_member_forms([sent[0]], clusters.open_season(db.uow(), first))
    assert "đang ở bước bình xét" in err.value.sentence()
    outcome.sign_off(db.uow(), first, "Nguyễn Văn Hòa")
    url = db.url
    assert main(["--db", url, "import-forms", str(sent[0]), "--apply"]) == 1


def test_not_a_form(tmp_path, forms):
    _db, _sid, season, _paths = forms
    wb = openpyxl.Workbook()
    wb.save(tmp_path / "x.xlsx")
    with pytest.raises(WorkbookError) as err:
        read_member_forms([tmp_path / "x.xlsx"], season)
    assert "không phải phiếu tự chấm" in err.value.sentence()


def test_a_name_starting_with_equals_stays_text_and_its_scores_are_kept(demo_copy, tmp_path):
    db, _first, second = demo_copy
    season = clusters.open_season(db.uow(), second)
    victim = season.members[1]
    clusters.update_member(db.uow(), second, victim.id, short_name="=Hà Nam", full_name="=HYPERLINK(\"x\")",
                           expected=victim)
    season = clusters.open_season(db.uow(), second)
    (path,) = write_member_forms(season, tmp_path, [victim.id])
    wb = openpyxl.load_workbook(path)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)
             and "Hà Nam" in c.value or isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)
    _fill(path, season, {"I.1": 2})
    reading = read_member_forms([path], season)
    assert [(c.member, c.code, c.new) for c in reading.changes] == [("=Hà Nam", "I.1", D(2))]


def test_forms_recalculate_to_the_points_the_import_records(forms, tmp_path):
    """LibreOffice computes the locked points beside each figure exactly as the import will."""
    db, sid, season, paths = forms
    path = _form(paths, "Bắc Ninh")
    _fill(path, season, {"II.1": 13, "II.2": 7, "III.1": 555, "III.4": 35, "I.3": "Có", "VI.1": 5, "VII.1": 3})
    reading = read_member_forms([path], season)
    assert reading.ok
    out = recalc([path], tmp_path / "recalc")[path]
    ws = openpyxl.load_workbook(out, data_only=True).worksheets[0]
    for change in reading.changes:
        shown = ws.cell(int(change.cell[1:]), 6).value
        assert D(str(shown)).quantize(D("0.01")) == change.new, change.code
