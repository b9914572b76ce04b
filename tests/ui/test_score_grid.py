"""The score grid as a secretary uses it: typing, pasting, refusals, undo, notes, history."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from thidua.domain.points import parse_number
from thidua.ui.score_model import cell_data, ErrorRole, Mode, NoteRole
from .ui_helpers import _cell, _grid, _group_text, _row_text


def test_typing_a_score_updates_subtotal_total_and_rank_and_undo_restores(make_window, qtbot):
    window = make_window()
    tab, table, model = _grid(window)
    assert window.session.season.year == 2018
    before_group = _group_text(model, "Ninh Bình", "I")
    before_total = _row_text(model, "total", "Ninh Bình")
    assert (before_group, before_total) == ("7", "20")
    index = _cell(model, "Ninh Bình", "I.3")
    assert index.data() == ""
    table.setCurrentIndex(index)
    qtbot.keyClicks(table, "3")          # typing starts the editor, as in Excel
    editor = table.indexWidget(index)
    assert editor.text() == "3"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _cell(model, "Ninh Bình", "I.3").data() == "3")   # the delegate commits queued
    assert _group_text(model, "Ninh Bình", "I") == "10"
    assert _row_text(model, "total", "Ninh Bình") == "23"
    # Enter moved the cursor down, as in Excel, past the computed group row II to its first criterion
    assert table.currentIndex() == _cell(model, "Ninh Bình", "II.1")
    # Ninh Bình now leads alone; the ranking view agrees
    assert _row_text(model, "rank", "Ninh Bình") == "1"
    window.tabs.setCurrentWidget(window.views["ranking"])   # refreshed when shown
    ranking = window.views["ranking"].model.result
    assert ranking.rows[0].member == "Ninh Bình" and ranking.rows[0].total == Decimal("23")
    # saved at once: a fresh read of the database has it
    from thidua.services.clusters import open_season
    window.session.db.cache.clear()
    stored = open_season(window.session.db.uow(), window.session.season_id)
    assert stored.cell(model.member_ids[0], stored.criteria.find_code("I.3").id).agreed_points == Decimal("3")

    window.act_undo.trigger()
    assert _cell(model, "Ninh Bình", "I.3").data() == ""
    assert _group_text(model, "Ninh Bình", "I") == "7"
    assert _row_text(model, "total", "Ninh Bình") == "20"
    window.act_redo.trigger()
    assert _row_text(model, "total", "Ninh Bình") == "23"


def test_paste_block_from_excel_with_decimal_commas(make_window):
    window = make_window()
    tab, table, model = _grid(window)
    before = parse_number(_row_text(model, "total", "Hà Nam"))
    table.setCurrentIndex(_cell(model, "Ninh Bình", "III.2"))
    # two rows × two members, as Excel puts it on the clipboard, Vietnamese decimals
    assert table.paste_text("3,5\t4\r\n2,5\t3\r\n")
    assert _cell(model, "Ninh Bình", "III.2").data() == "3,5"
    assert _cell(model, "Hà Nam", "III.2").data() == "4"
    assert _cell(model, "Ninh Bình", "III.3").data() == "2,5"
    assert _cell(model, "Hà Nam", "III.3").data() == "3"
    assert _group_text(model, "Ninh Bình", "III") == "6"
    assert parse_number(_row_text(model, "total", "Hà Nam")) == before + 7
    # one undo takes the whole block back
    window.act_undo.trigger()
    assert _cell(model, "Hà Nam", "III.3").data() == ""
    assert _group_text(model, "Ninh Bình", "III") == "0"


def test_value_above_maximum_is_refused_at_the_cell_with_the_reason(make_window, qtbot):
    window = make_window()
    tab, table, model = _grid(window)
    index = _cell(model, "Hà Nam", "I.1")
    assert index.data() == "4,5"
    assert not model.setData(index, "6")
    assert index.data() == "4,5"
    reason = cell_data(index, ErrorRole)
    assert "vượt điểm tối đa 5" in reason
    assert index.data(Qt.ItemDataRole.BackgroundRole).color().name() == "#ffd0d0"
    assert "Hà Nam" in tab.message.text() and "vượt điểm tối đa" in tab.message.text()
    assert not window.session.undo_stack.canUndo()
    # not a number
    assert not model.setData(index, "bốn")
    assert "không phải là số" in cell_data(index, ErrorRole)
    # a block with one bad value saves nothing and names the culprit
    table.setCurrentIndex(_cell(model, "Ninh Bình", "I.1"))
    assert not table.paste_text("4\t9")
    assert _cell(model, "Ninh Bình", "I.1").data() == "5"
    assert "vượt điểm tối đa" in cell_data(_cell(model, "Hà Nam", "I.1"), ErrorRole)
    # a good value clears the refusal
    assert model.setData(index, "3,5")
    assert cell_data(index, ErrorRole) is None
    assert tab.message.text() == ""


def test_delete_clears_and_self_scores_are_separate(make_window, qtbot):
    window = make_window()
    tab, table, model = _grid(window)
    index = _cell(model, "Ninh Bình", "I.2")
    table.setCurrentIndex(index)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert index.data() == ""
    assert _group_text(model, "Ninh Bình", "I") == "5"
    # the self-score view shows what members scored themselves
    tab.mode_buttons[Mode.SELF].setChecked(True)
    assert _cell(model, "Ninh Bình", "III.2").data() == "3,5"
    assert model.setData(_cell(model, "Ninh Bình", "I.1"), "4")
    tab.mode_buttons[Mode.AGREED].setChecked(True)
    assert _cell(model, "Ninh Bình", "I.1").data() == "5"     # the agreed score is untouched
    assert _cell(model, "Ninh Bình", "III.2").data() == "(3,5)"  # self-score shown as a hint


def test_note_and_history_of_a_cell(make_window):
    window = make_window()
    tab, table, model = _grid(window)
    index = _cell(model, "Nam Định", "I.1")
    assert model.setData(index, "5")
    member_id, crit = model.member_at(index.column()), model.leaf_at(index.row()).id
    assert model.set_note(member_id, crit, "Đã có văn bản chứng minh")
    assert cell_data(index, NoteRole) == "Đã có văn bản chứng minh"
    table.setCurrentIndex(index)
    records = tab.history.records
    assert records[0].actor == "tester"
    texts = [tab.history.table.item(r, 2).text() for r in range(tab.history.table.rowCount())]
    assert "cụm chấm: 4,5 → 5" in texts[-1] or any("4,5 → 5" in t for t in texts)
    assert any("ghi chú" in t for t in texts)
