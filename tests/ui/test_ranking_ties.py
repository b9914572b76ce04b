"""A tie no tie-breaker settles: the committee's order is recorded and the ranking shows it."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from thidua.domain.season import State
from thidua.ui.dialogs import TieDecisionDialog

from .ui_helpers import _grid, _row_text


def _ranks(tab):
    model = tab.model
    return {model.index(r, 1).data(): (model.index(r, 0).data(), model.index(r, 4).data())
            for r in range(model.rowCount())}


def test_committee_orders_a_tie(make_window):
    window = make_window(year=2018)
    tab = window.views["ranking"]
    window.tabs.setCurrentWidget(tab)
    # 2018 is still being scored: the committee orders ties in Bình xét, and the button says so
    assert tab.tie_bar.isVisible() and not tab.btn_decide.isEnabled()
    assert tab.btn_decide.toolTip().startswith("Chỉ ghi được phiếu bầu và quyết định thứ hạng đồng điểm ở bước Bình xét")
    assert window.advance(State.VOTING)
    ranks = _ranks(tab)
    nam_dinh = next(k for k in ranks if k.endswith("Nam Định"))
    vinh_phuc = next(k for k in ranks if k.endswith("Vĩnh Phúc"))
    assert ranks[nam_dinh][0] == ranks[vinh_phuc][0] == "4"
    assert "Đồng hạng" in ranks[nam_dinh][1]
    assert tab.tie_bar.isVisible() and tab.btn_decide.isEnabled()
    assert "Nam Định" in tab.ties.text() and "Vĩnh Phúc" in tab.ties.text()

    # the dialog: reorder with the Down button, add the vote's figures as a note
    def answer():
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, TieDecisionDialog) and w.isVisible())
        assert [dialog.order.item(i).text() for i in range(dialog.order.count())] == ["Nam Định", "Vĩnh Phúc"]
        dialog.order.setCurrentRow(0)
        dialog.btn_down.click()
        dialog.note.setText("Biểu quyết giơ tay 6/9")
        dialog.accept()

    QTimer.singleShot(0, answer)
    assert tab.decide_tie()

    ranks = _ranks(tab)
    assert ranks[vinh_phuc][0] == "4" and ranks[nam_dinh][0] == "5"
    assert "Thứ hạng do Cụm biểu quyết: Biểu quyết giơ tay 6/9" in ranks[vinh_phuc][1]
    assert not tab.tie_bar.isVisible()
    # the score grid's rank row agrees: 4 and 5, no longer 4=
    _tab, _table, model = _grid(window)
    assert _row_text(model, "rank", "Vĩnh Phúc") == "4"
    assert _row_text(model, "rank", "Nam Định") == "5"
    assert window.session.season.decisions[0].note == "Biểu quyết giơ tay 6/9"


def test_tie_decision_refused_in_review_mode(make_window):
    window = make_window(read_only=True, year=2018)
    tab = window.views["ranking"]
    assert not tab.btn_decide.isEnabled()
    season = window.session.season
    ids = [m.id for m in season.members if m.short_name in ("Nam Định", "Vĩnh Phúc")]
    assert tab.decide_tie(ids, "x") is None
    assert "chế độ xem lại" in tab.message.text()
