"""The season settings editor: tie-breakers change the ranking, award types drive proposals, locks hold."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from thidua.domain.ranking import TieBreakerKind
from thidua.domain.season import State
from thidua.domain.votes import Comparison
from thidua.ui.season_settings import AwardTypeDialog, SeasonSettingsDialog


def _dialog(cls):
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible())


def _rank_of(window, name):
    model = window.views["ranking"].model
    row = next(r for r in range(model.rowCount()) if model.index(r, 1).data().endswith(name))
    return model.index(row, 0).data(), model.index(row, 4).data()


def test_reordering_tie_breakers_changes_the_ranking(make_window):
    window = make_window(year=2017)
    window.advance(State.SCORING)               # settings are locked while voting
    window.tabs.setCurrentWidget(window.views["ranking"])
    # equal totals (83,47): group II puts Hà Nam ahead, fewer deductions would put Hải Dương ahead
    assert _rank_of(window, "Hà Nam")[0] == "6" and _rank_of(window, "Hải Dương")[0] == "7"
    assert "Phát triển hợp tác xã" in _rank_of(window, "Hà Nam")[1]

    def answer():
        dialog = _dialog(SeasonSettingsDialog)
        kinds = [tb.kind for tb in dialog.tie_breakers()]
        assert kinds == [TieBreakerKind.GROUP_SCORE, TieBreakerKind.MORE_BONUS, TieBreakerKind.FEWER_DEDUCTIONS]
        assert dialog.tie_list.item(0).text().startswith("Điểm nhóm “II. Phát triển")
        dialog.tie_list.setCurrentRow(2)
        dialog.btn_tie_up.click()
        dialog.btn_tie_up.click()
        # and a stricter vote rule while we are here
        dialog.comparison.setCurrentIndex(dialog.comparison.findData(Comparison.AT_LEAST.value))
        dialog.share.setValue(70)
        assert dialog.rule_text.text() == "Đạt khi có từ 70% số thành viên có mặt trở lên đồng ý."
        dialog.buttons.accepted.emit()

    QTimer.singleShot(0, answer)
    assert window.edit_season_settings()
    settings = window.session.season.settings
    assert settings.tie_breakers[0].kind is TieBreakerKind.FEWER_DEDUCTIONS
    assert settings.vote_rule.comparison is Comparison.AT_LEAST and float(settings.vote_rule.share) == 0.7
    assert _rank_of(window, "Hải Dương") == ("6", "Bằng tổng điểm, phân định theo điểm trừ")
    assert _rank_of(window, "Hà Nam")[0] == "7"


def test_bad_bands_refused_inside_the_dialog(make_window):
    window = make_window(year=2018)
    dialog = SeasonSettingsDialog(window.session, window)
    dialog.add_band("Tốt", None)
    dialog.bands.item(dialog.bands.rowCount() - 1, 1).setText("85")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "Tên xếp loại bị trùng." in dialog.message.text()
    dialog.bands.item(dialog.bands.rowCount() - 1, 1).setText("tám lăm")
    dialog.accept()
    assert "không phải là số" in dialog.message.text()
    dialog.bands.removeRow(dialog.bands.rowCount() - 1)
    dialog.add_band("Hoàn thành", None)
    dialog.bands.item(dialog.bands.rowCount() - 1, 1).setText("60,5")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert window.edit_season_settings(edit=dialog.value)
    names = [(b.name, str(b.min_total)) for b in window.session.season.settings.classes]
    assert ("Hoàn thành", "60.5") in names


def test_award_type_with_quota_one_proposes_one_nominee(make_window):
    window = make_window(year=2018)

    def fill_award():
        award = _dialog(AwardTypeDialog)
        award.name.setText("Bằng khen của Liên minh HTX Việt Nam")
        award.precedence.setValue(2)
        award.has_count.setChecked(True)
        award.count.setValue(1)
        award.exclusive.setChecked(True)
        award.accept()

    def answer():
        dialog = _dialog(SeasonSettingsDialog)
        assert dialog.pages.currentIndex() == 1
        QTimer.singleShot(0, fill_award)
        dialog.btn_award_add.click()
        texts = [dialog.award_table.item(r, 0).text() for r in range(dialog.award_table.rowCount())]
        assert "Bằng khen của Liên minh HTX Việt Nam" in texts
        row = texts.index("Bằng khen của Liên minh HTX Việt Nam")
        assert dialog.award_table.item(row, 2).text() == "1 → tối đa 1"
        dialog.buttons.accepted.emit()

    QTimer.singleShot(0, answer)
    window.views["awards"].btn_types.click()
    season = window.session.season
    award = next(a for a in season.award_types.values() if a.name.startswith("Bằng khen"))
    assert award.quota_count == 1 and award.from_ranking
    tab = window.views["awards"]
    assert tab.propose()
    season = window.session.season
    chosen = [n for n in season.nominees.values() if n.award_type_id == award.id]
    assert len(chosen) == 1
    assert chosen[0].name == "Liên minh HTX tỉnh Ninh Bình"     # first in the ranking

    # removing the award type removes its nominee too
    dialog = SeasonSettingsDialog(window.session, window, page=1)
    dialog.remove_award(award.id)
    dialog.accept()
    assert window.edit_season_settings(edit=dialog.value)
    assert award.id not in window.session.season.award_types
    assert not [n for n in window.session.season.nominees.values() if n.award_type_id == award.id]


def test_locks_follow_the_state_and_review_mode(make_window):
    window = make_window(year=2017)                # voting: awards may change, settings not
    dialog = SeasonSettingsDialog(window.session, window)
    assert not dialog.mode.isEnabled() or not dialog.mode.parentWidget().isEnabled()
    assert dialog.settings_refusal and "bình xét" in dialog.settings_refusal
    assert dialog.awards_refusal is None and dialog.btn_award_add.isEnabled()
    dialog.reject()

    review = make_window(read_only=True, year=2018)
    dialog = SeasonSettingsDialog(review.session, review)
    assert "chế độ xem lại" in dialog.settings_refusal and not dialog.btn_award_add.isEnabled()
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).isHidden()
    dialog.reject()
