"""The year as visible steps: the step bar shows where the season is, its next action, and why an action is off."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from thidua.domain.season import Action, State
from thidua.ui.dialogs import ReopenDialog

from .ui_helpers import _cell, _grid

SHOTS = os.environ.get("THIDUA_STEP_SHOTS")   # a folder: save the window at each step to look at


def _shot(window, name):
    if SHOTS:
        window.grab().save(os.path.join(SHOTS, f"step-bar-{name}.png"))


def _pills(window):
    return {state: pill.text() for state, pill in window.step_bar.pills.items()}


def test_the_bar_shows_the_step_and_a_disabled_actions_reason(make_window, qtbot):
    window = make_window(year=2018)          # the demo's 2018 season is being scored
    bar = window.step_bar
    assert bar.isVisible() and bar.height() == bar.HEIGHT
    assert bar.state is State.SCORING
    assert _pills(window) == {State.DRAFT: "✓ Dự thảo", State.SCORING: "Chấm điểm", State.VOTING: "Bình xét",
                              State.SIGNED_OFF: "Ký duyệt"}
    assert "font-weight: bold" in bar.pills[State.SCORING].styleSheet()
    assert bar.hint.full == bar.hint.toolTip() == "Có thể sửa điểm, danh sách đơn vị và tiêu chí."
    assert (bar.back.text(), bar.next.text(), bar.sign.text()) == ("Trở lại dự thảo", "Chuyển sang bình xét",
                                                                     "Ký duyệt…")
    assert bar.next.isEnabled() and bar.back.isEnabled()
    # sign-off is off in scoring: the domain's reason in the tooltip, the menu action too
    reason = ("Chỉ ký duyệt được ở bước Bình xét, sau khi Cụm đã bình xét và bỏ phiếu. Hãy chuyển sang bước "
              "bình xét trước (Kỳ thi đua → Chuyển sang bước bình xét, bỏ phiếu).")
    assert not bar.sign.isEnabled() and bar.sign.toolTip() == reason
    assert not window.act_sign.isEnabled() and window.act_sign.toolTip() == reason
    assert window.act_sign.statusTip() == reason
    assert not window.act_reopen.isEnabled()
    assert window.act_reopen.toolTip() == "Chỉ mở lại được kỳ thi đua đã ký duyệt; kỳ này đang ở bước Chấm điểm."
    assert not window.act_to_scoring.isEnabled() and window.act_to_scoring.toolTip() == \
        "Kỳ thi đua đang ở bước Chấm điểm."
    _shot(window, "scoring")
    # hovering or clicking the disabled button says the reason on the status line
    window.statusBar().clearMessage()
    qtbot.mouseClick(bar.sign, Qt.MouseButton.LeftButton)
    assert window.statusBar().currentMessage() == "ⓘ " + reason
    assert window.session.season.state is State.SCORING

    # the next action moves the season; the bar follows
    qtbot.mouseClick(bar.next, Qt.MouseButton.LeftButton)
    assert window.session.season.state is State.VOTING and bar.state is State.VOTING
    assert _pills(window)[State.SCORING] == "✓ Chấm điểm"
    assert (bar.back.text(), bar.next.text(), bar.sign.isVisible()) == ("Trở lại chấm điểm", "Ký duyệt…", False)
    # 2018 still has scores missing: sign-off says how many and where
    assert not bar.next.isEnabled()
    assert bar.next.toolTip().startswith("Chưa ký duyệt được: còn ")
    assert bar.reason_of(Action.SIGN_OFF) == bar.next.toolTip() == window.act_sign.toolTip()
    # the vote controls follow Bình xét
    assert window.views["awards"].btn_vote.isEnabled()
    _shot(window, "voting-incomplete")


def test_votes_are_off_outside_voting_and_say_why(make_window):
    window = make_window(year=2017)
    awards = window.views["awards"]
    assert awards.btn_vote.isEnabled() and awards.spins["votes_for"].isEnabled()
    assert window.advance(State.SCORING)
    assert not awards.btn_vote.isEnabled() and not awards.spins["votes_for"].isEnabled()
    assert awards.btn_vote.toolTip().startswith("Chỉ ghi được phiếu bầu và quyết định thứ hạng đồng điểm ở bước Bình xét")
    assert awards.btn_add.isEnabled()   # nominees stay editable before voting
    assert window.statusBar().currentMessage() == \
        "Đã chuyển sang bước Chấm điểm: có thể sửa điểm, danh sách đơn vị và tiêu chí."


def test_review_mode_gives_its_own_reason(make_window):
    window = make_window(read_only=True, year=2017)
    bar = window.step_bar
    assert bar.state is State.VOTING
    assert not bar.next.isEnabled() and "chế độ xem lại" in bar.next.toolTip()
    assert not window.act_to_scoring.isEnabled() and "chế độ xem lại" in window.act_to_scoring.toolTip()


def test_reopen_asks_the_step_and_lands_in_scoring_with_scores_editable(make_window, qtbot):
    window = make_window(year=2017)
    bar = window.step_bar
    tab, table, model = _grid(window)
    assert window.sign_off("Nguyễn Văn An")
    assert "đã ký duyệt" in window.banner.text().lower() and not window.banner.isHidden()
    assert bar.state is State.SIGNED_OFF and bar.next.text() == "Mở lại…" and bar.next.isEnabled()
    assert not bar.back.isVisible()
    _shot(window, "signed-off")
    # typing into a locked cell is not silently ignored: the score view says why
    window.tabs.setCurrentWidget(tab)
    index = _cell(model, "Hưng Yên", "I.1")
    table.setCurrentIndex(index)
    qtbot.keyClicks(table, "3")
    assert "đã ký duyệt" in tab.message.text()
    assert index.data() == _cell(model, "Hưng Yên", "I.1").data()

    seen = {}

    def answer():
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ReopenDialog) and w.isVisible())
        buttons = [b.text() for b in dialog.steps.buttons()]
        seen["choices"] = buttons
        seen["default"] = dialog.step
        seen["notes"] = [n.text() for n in dialog.step_notes]
        if SHOTS:
            dialog.grab().save(os.path.join(SHOTS, "step-bar-reopen-dialog.png"))
        dialog.reason.setPlainText("Sửa điểm tiêu chí I.1 của Hưng Yên theo kết luận hội nghị")
        dialog.accept()

    QTimer.singleShot(0, answer)
    qtbot.mouseClick(bar.next, Qt.MouseButton.LeftButton)
    assert seen["default"] is State.SCORING
    assert seen["choices"] == ["Chấm điểm (thường dùng)", "Bình xét", "Dự thảo"]
    assert seen["notes"] == ["Có thể sửa điểm, danh sách đơn vị và tiêu chí.",
                             "Có thể sửa khen thưởng, ghi phiếu bầu, quyết định đồng hạng và biên bản; điểm đã khóa.",
                             "Có thể sửa danh sách đơn vị, bảng tiêu chí, giao ước và điểm."]
    season = window.session.season
    assert season.state is State.SCORING and bar.state is State.SCORING
    assert window.banner.isHidden()
    assert window.statusBar().currentMessage() == \
        "Đã mở lại ở bước Chấm điểm: có thể sửa điểm, danh sách đơn vị và tiêu chí."
    assert model.flags(_cell(model, "Hưng Yên", "I.1")) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(_cell(model, "Hưng Yên", "I.1"), "4")
    assert _cell(model, "Hưng Yên", "I.1").data() == "4"
    _shot(window, "reopened")


def test_reopen_at_voting_keeps_scores_locked(make_window):
    window = make_window(year=2017)
    assert window.sign_off("Nguyễn Văn An")
    assert window.reopen("tester", "Sửa biên bản", to=State.VOTING)
    assert window.session.season.state is State.VOTING
    assert window.statusBar().currentMessage().startswith("Đã mở lại ở bước Bình xét: có thể sửa khen thưởng")
    _tab, _table, model = _grid(window)
    assert not model.flags(_cell(model, "Hưng Yên", "I.1")) & Qt.ItemFlag.ItemIsEditable
