"""A grid that never surprises: computed rows ignore typing, Enter/Tab move as in Excel in every grid,
the self-score view adds up self-scores, messages never move the grid, a refused form keeps what was typed."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from thidua.domain.criteria import Role
from thidua.domain.points import parse_number
from thidua.domain.season import State
from thidua.ui.score_model import FIXED_COLUMNS, ErrorRole, Mode, cell_data

from .ui_helpers import _cell, _grid, _group_text, _row_text


def _grid_top(table) -> int:
    return table.viewport().mapToGlobal(QPoint(0, 0)).y()


def test_a_digit_typed_on_a_group_row_changes_nothing_and_says_why(make_window, qtbot):
    window = make_window()
    tab, table, model = _grid(window)
    group = _cell(model, "Thái Bình", "I")
    table.setCurrentIndex(group)
    shown = {c: _row_text(model, "total", c) for c in ("Ninh Bình", "Thái Bình", "Hưng Yên")}
    qtbot.keyClicks(table, "5")
    # no keyboard search: the selection stays on the group row, no editor opened, nothing saved
    assert table.currentIndex() == group
    assert table.state() != QAbstractItemView.State.EditingState
    assert _group_text(model, "Thái Bình", "I") == "5,5"
    assert {c: _row_text(model, "total", c) for c in shown} == shown
    assert not window.session.undo_stack.canUndo()
    assert "Dòng cộng nhóm được tính tự động — hãy nhập điểm vào các tiêu chí con." in tab.message.text()
    # the same on the total row, with its own reason
    total_row = next(r for r, row in enumerate(model.rows) if row.kind == "total")
    table.setCurrentIndex(model.index(total_row, FIXED_COLUMNS))
    assert tab.message.text() == ""            # a hint goes when the user moves on
    qtbot.keyClicks(table, "7")
    assert table.currentIndex().row() == total_row
    assert "tổng cộng được tính tự động" in tab.message.text()


def test_score_grid_enter_tab_arrows_escape_and_f2_as_in_excel(make_window, qtbot):
    window = make_window()
    tab, table, model = _grid(window)
    table.setFocus()
    table.setCurrentIndex(_cell(model, "Ninh Bình", "I.1"))
    qtbot.keyClick(table, Qt.Key.Key_Return)                       # not editing: Enter moves down
    assert table.currentIndex() == _cell(model, "Ninh Bình", "I.2")
    qtbot.keyClick(table, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert table.currentIndex() == _cell(model, "Ninh Bình", "I.1")

    # typing replaces the value; Tab commits and moves right, Shift+Tab back
    table.setCurrentIndex(_cell(model, "Ninh Bình", "I.3"))
    qtbot.keyClicks(table, "3")      # I.3 is a yes/no criterion: 0 or 3
    qtbot.keyClick(table.indexWidget(_cell(model, "Ninh Bình", "I.3")), Qt.Key.Key_Tab)
    assert _cell(model, "Ninh Bình", "I.3").data() == "3"
    assert table.currentIndex() == _cell(model, "Hà Nam", "I.3")
    qtbot.keyClick(table, Qt.Key.Key_Backtab)
    assert table.currentIndex() == _cell(model, "Ninh Bình", "I.3")

    # Tab at the end of a row wraps to the first member column of the next row that takes scores:
    # past the computed group row II, never into the frozen STT / criterion columns
    last = model.season.members[-1].short_name
    table.setCurrentIndex(_cell(model, last, "I.3"))
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert table.currentIndex() == _cell(model, "Ninh Bình", "II.1")
    assert table.currentIndex().column() == FIXED_COLUMNS
    qtbot.keyClick(table, Qt.Key.Key_Backtab)
    assert table.currentIndex() == _cell(model, last, "I.3")
    # editing, Tab at the row's end commits and wraps the same way
    qtbot.keyClicks(table, "0")
    qtbot.keyClick(table.indexWidget(_cell(model, last, "I.3")), Qt.Key.Key_Tab)
    assert _cell(model, last, "I.3").data() == "0"
    assert table.currentIndex() == _cell(model, "Ninh Bình", "II.1")

    # the left arrow stops at the first member column
    qtbot.keyClick(table, Qt.Key.Key_Left)
    assert table.currentIndex() == _cell(model, "Ninh Bình", "II.1")

    # an arrow after typing commits and moves
    table.setCurrentIndex(_cell(model, "Hà Nam", "I.3"))
    qtbot.keyClicks(table, "3")
    qtbot.keyClick(table.indexWidget(_cell(model, "Hà Nam", "I.3")), Qt.Key.Key_Down)
    assert _cell(model, "Hà Nam", "I.3").data() == "3"
    assert table.currentIndex() == _cell(model, "Hà Nam", "II")    # an arrow moves one cell, as in Excel

    # Esc cancels the edit
    table.setCurrentIndex(_cell(model, "Hà Nam", "I.1"))
    qtbot.keyClicks(table, "1")
    qtbot.keyClick(table.indexWidget(_cell(model, "Hà Nam", "I.1")), Qt.Key.Key_Escape)
    assert _cell(model, "Hà Nam", "I.1").data() == "4,5"
    assert table.state() != QAbstractItemView.State.EditingState

    # F2 edits keeping the value, the cursor at its end
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.indexWidget(_cell(model, "Hà Nam", "I.1"))
    assert editor.text() == "4,5" and not editor.hasSelectedText() and editor.cursorPosition() == 3
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.keyClicks(editor, "0")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert _cell(model, "Hà Nam", "I.1").data() == "4"
    assert table.currentIndex() == _cell(model, "Hà Nam", "I.2")


def test_a_refused_cell_keeps_what_was_typed_and_the_message_never_moves_the_grid(make_window, qtbot):
    window = make_window()
    tab, table, model = _grid(window)
    QApplication.processEvents()
    top = _grid_top(table)
    index = _cell(model, "Hà Nam", "I.1")
    table.setCurrentIndex(index)
    qtbot.keyClicks(table, "9")
    editor = table.indexWidget(index)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # refused: the editor stays open on the cell with the 9 typed, the reason is shown
    assert table.currentIndex() == index
    assert table.indexWidget(index) is editor and editor.text() == "9"
    assert "vượt điểm tối đa 5" in tab.message.text()
    assert "vượt điểm tối đa 5" in cell_data(index, ErrorRole)
    QApplication.processEvents()
    assert _grid_top(table) == top          # the message did not push the grid down
    # a valid value fixes the cause: the message goes, the grid still has not moved
    editor.selectAll()
    qtbot.keyClicks(editor, "3")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert index.data() == "3"
    assert tab.message.text() == "" and cell_data(index, ErrorRole) is None
    QApplication.processEvents()
    assert _grid_top(table) == top
    # a refusal on one cell goes when another cell is saved
    assert not model.setData(_cell(model, "Nam Định", "I.1"), "bảy")
    assert "không phải là số" in tab.message.text()
    assert _grid_top(table) == top
    assert model.setData(_cell(model, "Nam Định", "I.2"), "1")
    assert tab.message.text() == ""


def test_self_score_view_adds_up_the_self_scores_and_says_so(make_window):
    window = make_window(year=2017)
    tab, table, model = _grid(window)
    season = model.season
    thai_binh = next(m for m in season.members if m.short_name == "Thái Bình")
    group = season.criteria.find_code("I")
    own = [season.cell(thai_binh.id, leaf.id).self_points for leaf in season.criteria.children(group.id)]
    assert _group_text(model, "Thái Bình", "I") == "5,5"                  # the agreed subtotal
    tab.mode_buttons[Mode.SELF].setChecked(True)
    assert sum(p for p in own if p is not None) == Decimal(6)
    assert _group_text(model, "Thái Bình", "I") == "6"
    total_row = next(r for r, row in enumerate(model.rows) if row.kind == "total")
    rank_row = next(r for r, row in enumerate(model.rows) if row.kind == "rank")
    assert model.index(total_row, 1).data() == "Tổng tự chấm"
    assert model.index(rank_row, 1).data() == "Hạng theo điểm tự chấm"
    # the total adds up the self-score groups (a deduction group subtracts); the rank is what those
    # totals would give
    totals = {}
    for m in season.members:
        groups = [(parse_number(_group_text(model, m.short_name, root.code)), root.role)
                  for root in season.criteria.roots()]
        totals[m.short_name] = sum((-p if role is Role.DEDUCTION else p for p, role in groups), Decimal(0))
        assert parse_number(_row_text(model, "total", m.short_name)) == totals[m.short_name]
    best = max(totals.values())
    leaders = [name for name, t in totals.items() if t == best]
    for name in leaders:
        assert _row_text(model, "rank", name) == ("1=" if len(leaders) > 1 else "1")
    tab.mode_buttons[Mode.AGREED].setChecked(True)
    assert _group_text(model, "Thái Bình", "I") == "5,5"
    assert model.index(total_row, 1).data() == "Tổng cộng"


def test_a_self_score_typed_moves_the_self_score_subtotal_only(make_window):
    window = make_window()
    tab, table, model = _grid(window)
    tab.mode_buttons[Mode.SELF].setChecked(True)
    assert _group_text(model, "Thái Bình", "I") == "0"
    total = parse_number(_row_text(model, "total", "Thái Bình"))
    assert model.setData(_cell(model, "Thái Bình", "I.1"), "4")
    assert _group_text(model, "Thái Bình", "I") == "4"
    assert parse_number(_row_text(model, "total", "Thái Bình")) == total + 4
    tab.mode_buttons[Mode.AGREED].setChecked(True)
    assert _group_text(model, "Thái Bình", "I") == "5,5"


def test_covenant_grid_moves_as_in_excel(make_window, qtbot):
    window = make_window()
    tab = window.views["covenant"]
    window.tabs.setCurrentWidget(tab)
    table, model = tab.table, tab.model
    assert model.rowCount() >= 3
    table.setFocus()
    table.setCurrentIndex(model.index(0, 0))
    # typing a target, Enter saves it and moves down
    qtbot.keyClicks(table, "1")
    editor = table.indexWidget(model.index(0, 0))
    qtbot.keyClicks(editor, "2")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert model.index(0, 0).data() == "12"
    assert table.currentIndex() == model.index(1, 0)
    # Tab from the actual figure (the last column typed into) wraps to the next member's target
    table.setCurrentIndex(model.index(1, 1))
    qtbot.keyClicks(table, "7")
    qtbot.keyClick(table.indexWidget(model.index(1, 1)), Qt.Key.Key_Tab)
    assert model.index(1, 1).data() == "7"
    assert table.currentIndex() == model.index(2, 0)
    qtbot.keyClick(table, Qt.Key.Key_Backtab)
    assert table.currentIndex() == model.index(1, 1)
    # a digit on the computed % column changes nothing, does not move, and says why
    top = _grid_top(table)
    table.setCurrentIndex(model.index(2, 2))
    qtbot.keyClicks(table, "5")
    assert table.currentIndex() == model.index(2, 2)
    assert "được tính tự động từ số liệu" in tab.message.text()
    assert _grid_top(table) == top
    # a refused figure keeps its editor with what was typed
    table.setCurrentIndex(model.index(2, 0))
    qtbot.keyClicks(table, "a")
    editor = table.indexWidget(model.index(2, 0))
    qtbot.keyClicks(editor, "bc")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert table.indexWidget(model.index(2, 0)) is editor and editor.text() == "abc"
    assert "không phải là số" in tab.message.text()
    assert _grid_top(table) == top


def test_ballot_figures_move_with_enter_and_a_refused_vote_keeps_them(make_window, qtbot):
    window = make_window(year=2017)
    tab = window.views["awards"]
    window.tabs.setCurrentWidget(tab)
    assert window.session.season.state is State.VOTING
    tab.nominees.selectRow(0)
    spins = tab.spins
    spins["present"].setFocus()
    qtbot.waitUntil(spins["present"].hasFocus)
    spins["present"].selectAll()
    qtbot.keyClicks(spins["present"], "8")
    qtbot.keyClick(spins["present"], Qt.Key.Key_Return)
    assert spins["present"].value() == 8
    assert spins["absent"].hasFocus()                        # Enter went down to the next figure
    qtbot.keyClicks(spins["absent"], "1")                    # the value was selected: typing replaced it
    qtbot.keyClick(spins["absent"], Qt.Key.Key_Tab)
    assert spins["absent"].value() == 1 and spins["votes_for"].hasFocus()
    for key, typed in (("votes_for", "5"), ("votes_against", "1")):
        spins[key].selectAll()
        qtbot.keyClicks(spins[key], typed)
        qtbot.keyClick(spins[key], Qt.Key.Key_Return)
    assert spins["blank"].hasFocus()
    qtbot.keyClick(spins["blank"], Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert spins["votes_against"].hasFocus()                 # Shift+Enter goes back up
    spins["blank"].setValue(3)                               # 5 + 1 + 3 ≠ 8 present
    typed = {k: s.value() for k, s in spins.items()}
    top = tab.nominees.viewport().mapToGlobal(QPoint(0, 0)).y()
    assert not tab.record_vote()
    assert "phải cộng lại" in tab.message.text()
    assert {k: s.value() for k, s in spins.items()} == typed   # nothing typed is lost
    assert tab.nominees.viewport().mapToGlobal(QPoint(0, 0)).y() == top
    spins["blank"].setValue(2)
    assert tab.record_vote()
    assert tab.message.text() == ""
