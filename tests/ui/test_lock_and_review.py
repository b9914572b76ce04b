"""Sign-off locks the season everywhere; reopening asks for a reason; review mode refuses every edit."""

from __future__ import annotations

from PySide6.QtCore import Qt

from thidua.domain.season import State
from thidua.ui.score_model import cell_data, ErrorRole

from .ui_helpers import _cell, _grid


def test_sign_off_locks_editing_and_reopen_needs_a_reason(make_window, qtbot):
    window = make_window(year=2017)
    tab, table, model = _grid(window)
    assert window.session.season.state is State.VOTING
    index = _cell(model, "Hưng Yên", "I.1")
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable      # voting: scores frozen
    window.advance(State.SCORING)
    assert window.session.season.state is State.SCORING
    assert model.flags(_cell(model, "Hưng Yên", "I.1")) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(_cell(model, "Hưng Yên", "I.1"), "4")
    # sign-off only from Bình xét: refused from scoring, with the reason
    assert not window.act_sign.isEnabled()
    assert not window.sign_off("Nguyễn Văn An")
    assert window.last_error.startswith("Chỉ ký duyệt được ở bước Bình xét")
    window.advance(State.VOTING)

    assert window.sign_off("Nguyễn Văn An")
    season = window.session.season
    assert season.state is State.SIGNED_OFF and season.signed.signed_by == "Nguyễn Văn An"
    assert not window.banner.isHidden() and "Nguyễn Văn An" in window.banner.text()
    index = _cell(model, "Hưng Yên", "I.1")
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
    # even a direct attempt is refused by the season, with the reason shown
    assert not model.setData(index, "3")
    assert index.data() == "4"
    assert "đã ký duyệt" in cell_data(index, ErrorRole)
    table.setCurrentIndex(index)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert index.data() == "4"
    assert "ký duyệt" in tab.message.text()
    assert not window.act_sign.isEnabled() and window.act_reopen.isEnabled()
    # editing the members is refused as well
    assert window.act(__import__("thidua.services.clusters", fromlist=["x"]).add_member,
                      season.id, "Hà Nội") is None
    assert "đã ký duyệt" in window.last_error

    assert not window.reopen("tester", "   ")        # no reason, no reopening
    assert "lý do" in window.last_error
    assert window.session.season.state is State.SIGNED_OFF
    assert window.reopen("tester", "Sửa điểm tiêu chí I.1 theo kết luận hội nghị")
    assert window.session.season.state is State.SCORING     # reopened at scoring: scores editable at once
    assert window.banner.isHidden()
    assert model.flags(_cell(model, "Hưng Yên", "I.1")) & Qt.ItemFlag.ItemIsEditable


def test_review_mode_refuses_every_edit_and_says_so(make_window, qtbot):
    window = make_window(read_only=True)
    tab, table, model = _grid(window)
    assert "CHẾ ĐỘ XEM LẠI" in window.banner.text() and not window.banner.isHidden()
    assert "[chỉ đọc]" in window.windowTitle()
    index = _cell(model, "Ninh Bình", "I.3")
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(index, "3")
    assert "xem lại" in cell_data(index, ErrorRole)
    table.setCurrentIndex(_cell(model, "Ninh Bình", "I.1"))
    assert not table.paste_text("4")
    assert _cell(model, "Ninh Bình", "I.1").data() == "5"
    for action in (window.act_sign, window.act_next, window.act_to_voting, window.act_undo):
        assert not action.isEnabled()
    # reading still works: the ranking and a cell's history
    assert window.views["ranking"].model.rowCount() == 9
    table.setCurrentIndex(_cell(model, "Ninh Bình", "I.1"))
    assert tab.history.table.rowCount() >= 1
