"""The window's side of issue 13: File → season file export and import, and the regulations' rules edited
in the settings, the criteria form, the grid and the awards tab — each checked by what the user sees."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D
from pathlib import Path

from PySide6.QtCore import Qt

from thidua import wording
from thidua.domain.ranking import RankBasis
from thidua.domain.scoring import ScoreKind, ScoringMode
from thidua.domain.season import CouncilDecision, State
from thidua.domain.votes import Base
from thidua.services import clusters, outcome
from thidua.services.season_file import export_text
from thidua.storage.database import Database
from thidua.ui.score_model import FIXED_COLUMNS, Mode
from thidua.ui.season_settings import SeasonSettingsDialog

from .ui_helpers import _cell

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "season-rules-tay-nguyen-2025.json"


def test_file_menu_has_the_season_file_actions(make_window):
    window = make_window()
    assert window.act_export_season.text() == "Xuất tệp kỳ thi đua…"
    assert window.act_import_season.text() == "Nhập tệp kỳ thi đua…"


def test_export_then_import_into_another_database(make_window, qtbot, tmp_path):
    window = make_window(year=2018)
    target = tmp_path / "kỳ 2018.json"
    window.export_season_file(target)
    qtbot.waitUntil(lambda: target.exists() and "Đã xuất tệp kỳ thi đua" in window.statusBar().currentMessage(),
                    timeout=10000)
    assert target.read_text(encoding="utf-8") == export_text(window.session.season)
    window.use_database(Database(f"sqlite:///{tmp_path / 'empty.sqlite'}", actor="tester"))
    assert window.session.season is None
    window.import_season_file(target, confirm=False)
    qtbot.waitUntil(lambda: window.session.season is not None or window.last_error is not None, timeout=10000)
    assert window.last_error is None
    assert window.session.season.year == 2018 and window.cluster_box.currentText().endswith("Đồng bằng sông Hồng")
    assert "Đã nhập kỳ thi đua" in window.statusBar().currentMessage()


def test_import_replaces_an_unsigned_season_and_refuses_a_signed_one(make_window, qtbot, tmp_path):
    window = make_window(year=2018)
    season = window.session.season
    doc = json.loads(export_text(season))
    row = next(s for s in doc["scores"] if s["agreed"] == "5")
    row["agreed"] = "4.5"
    path = tmp_path / "sửa.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    window.import_season_file(path, confirm=False)
    qtbot.waitUntil(lambda: bool("Đã thay kỳ thi đua" in window.statusBar().currentMessage() or window.last_error),
                    timeout=10000)
    assert window.last_error is None
    assert window.session.season.cell(row["member"], row["criterion"]).agreed_points == D("4.5")
    first, _ = make_window.ids
    outcome.sign_off(make_window.db.uow(), first, "Nguyễn Văn Hòa")
    signed = tmp_path / "2017.json"
    signed.write_text(export_text(clusters.open_season(make_window.db.uow(), first)), encoding="utf-8")
    window.import_season_file(signed, confirm=False)
    qtbot.waitUntil(lambda: window.last_error is not None, timeout=10000)
    assert "đã ký duyệt nên không thể thay bằng tệp" in window.last_error


def test_a_hostile_file_names_every_problem(make_window, qtbot, tmp_path):
    window = make_window()
    bad = tmp_path / "hỏng.json"
    bad.write_text('{"thidua_season": 1, "cluster": "Cụm", "year": 20, "members": [], "criteria": [{}]}',
                   encoding="utf-8")
    window.import_season_file(bad, confirm=False)
    qtbot.waitUntil(lambda: window.last_error is not None, timeout=10000)
    lines = window.last_error.splitlines()
    assert "chưa nhập gì" in lines[0]
    assert any(line.startswith("  - criteria[0].id: thiếu mục này") for line in lines)
    assert any(line.startswith("  - year: cần một số nguyên từ 1900 đến 2200") for line in lines)


def test_the_rules_are_set_in_the_settings_dialog(make_window):
    window = make_window(year=2018)
    dialog = SeasonSettingsDialog(window.session, window)
    # Nghệ An's floors in the classification table, rate, cap, quorum and the written opinions
    for r in range(dialog.bands.rowCount()):
        if dialog.bands.item(r, 0).text() == "Xuất sắc":
            dialog.bands.item(r, 2).setText("85")
    dialog.rules.basis.setCurrentIndex(dialog.rules.basis.findData(RankBasis.RATE.value))
    dialog.rules.has_cap.setChecked(True)
    dialog.rules.cap.setValue(100)
    dialog.base.setCurrentIndex(dialog.base.findData(Base.PRESENT_AND_WRITTEN.value))
    dialog.quorum.box.setChecked(True)
    dialog.quorum.share.setValue(66.67)
    assert dialog.rule_text.text() == ("Đạt khi có trên một nửa số thành viên có mặt và ý kiến bằng văn bản của thành "
                                       "viên vắng mặt đồng ý. Cuộc họp chỉ biểu quyết khi có mặt từ 2/3 tổng số thành "
                                       "viên trở lên.")
    dialog.columns.kept[ScoreKind.REVIEW].setChecked(True)
    dialog.mode.setCurrentIndex(dialog.mode.findData(ScoringMode.HIGHEST.value))
    dialog.columns.highest[ScoreKind.AGREED].setChecked(True)
    dialog.columns.highest[ScoreKind.REVIEW].setChecked(True)
    dialog.accept()
    assert window.edit_season_settings(edit=dialog.value)
    s = window.session.season.settings
    assert next(b.floor for b in s.classes if b.name == "Xuất sắc") == D("0.85")
    assert (s.rank_basis, s.class_cap, s.vote_rule.base, str(s.vote_rule.quorum)) == (
        RankBasis.RATE, D(100), Base.PRESENT_AND_WRITTEN, "2/3")
    assert (s.scoring_mode, s.panels, s.highest_of) == (ScoringMode.HIGHEST, (ScoreKind.REVIEW,),
                                                        (ScoreKind.AGREED, ScoreKind.REVIEW))
    # the grid now offers the review column and the columns side by side
    tab = window.views["scores"]
    assert tab.mode_buttons[Mode.REVIEW].isVisibleTo(tab) and tab.mode_buttons[Mode.COMPARE].isVisibleTo(tab)
    assert not tab.mode_buttons[Mode.COUNCIL].isVisibleTo(tab)
    tab.mode_buttons[Mode.COMPARE].setChecked(True)
    model = tab.model
    assert model.columnCount() == FIXED_COLUMNS + 4 * len(window.session.season.members)
    heads = [model.headerData(FIXED_COLUMNS + i, Qt.Orientation.Horizontal) for i in range(5)]
    # self, agreed and review side by side, then what counts by the season's rule (the highest of agreed and review)
    assert heads == ["Ninh Bình\nTC", "Ninh Bình\nCC", "Ninh Bình\nTĐ", "Ninh Bình\nTính", "Hà Nam\nTC"]
    season = window.session.season
    leaf = season.criteria.find_code("I.1")
    ninh = season.members[0].id
    assert model.index(model._row_of[leaf.id], FIXED_COLUMNS + 3).data() == wording.p(season.final(ninh, leaf.id))


def test_not_assigned_from_the_criteria_form_shows_in_the_grid(make_window):
    window = make_window(year=2018)
    form = window.views["structure"]
    season = window.session.season
    node = season.criteria.find_code("V.2")
    form._select(node.id)
    kon = next(m.id for m in season.members if m.short_name == "Hưng Yên")
    form.f_not_assigned.set_value((kon,))
    assert form.f_not_assigned.label.text() == "Hưng Yên"
    assert form.apply_node()
    assert window.session.season.criteria.get(node.id).not_assigned == (kon,)
    model = window.views["scores"].model
    index = _cell(model, "Hưng Yên", "V.2")
    assert index.data() == "—" and "không giao" in index.data(3).lower()   # 3: the tooltip role
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable


def test_a_council_decision_in_a_signed_off_season_shows_in_the_members_years(make_window):
    window = make_window(year=2017)
    first, _ = make_window.ids
    outcome.sign_off(make_window.db.uow(), first, "Nguyễn Văn Hòa")
    window.session.open(first)
    tab = window.views["awards"]
    assert window.session.season.state is State.SIGNED_OFF and tab.btn_council.isEnabled()
    assert not tab.btn_vote.isEnabled()
    tab.select_nominee("Liên minh HTX tỉnh Ninh Bình")
    decision = CouncilDecision(True, "125/QĐ-LMHTX", dt.date(2018, 3, 10), "Tặng Cờ thi đua năm 2017")
    assert tab.record_council_decision(decision)
    assert "Quyết định số 125/QĐ-LMHTX ngày 10/03/2018" in tab.council.text()
    row = next(r for r in range(tab.nominees.rowCount())
               if tab.nominees.item(r, 0).text() == "Liên minh HTX tỉnh Ninh Bình")
    assert tab.nominees.item(row, 5).text().startswith("Được khen thưởng")
    ranking = window.views["ranking"]
    ranking.table.selectRow(0)
    ranking.refresh()
    ranking.show_member(0)
    texts = [ranking.years.item(r, 3).text() for r in range(ranking.years.rowCount()) if ranking.years.item(r, 3)]
    assert any("125/QĐ-LMHTX" in t for t in texts), texts


def test_the_hand_written_rules_season_reads_in_the_window(make_window, qtbot):
    window = make_window()
    window.import_season_file(FIXTURE, confirm=False)
    qtbot.waitUntil(lambda: window.session.season is not None and window.session.season.year == 2025, timeout=10000)
    window.tabs.setCurrentWidget(window.views["ranking"])
    model = window.views["ranking"].model
    notes = [model.index(r, 4).data() for r in range(model.rowCount())]
    assert any("đủ điểm “Hoàn thành xuất sắc” nhưng chưa đạt 85% điểm tối đa ở I.1 14/20" in n for n in notes)
    assert any("tỷ lệ đạt 88,89% của 90 điểm được giao" in n for n in notes)
