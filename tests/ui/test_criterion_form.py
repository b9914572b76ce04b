"""Every scoring method set up through the criteria form; what is stored, what the tree and the paper say."""

from __future__ import annotations

from decimal import Decimal as D

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from thidua.documents.content import build
from thidua.documents.content.model import Para
from thidua.domain.criteria import Band, Kind, Method
from thidua.ui.band_editor import FROM, POINTS, TO


def _tab(window):
    tab = window.views["structure"]
    window.tabs.setCurrentWidget(tab)
    return tab


def _item(tab, node_id):
    stack = [tab.tree.topLevelItem(i) for i in range(tab.tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        if item.data(0, Qt.ItemDataRole.UserRole) == node_id:
            return item
        stack.extend(item.child(i) for i in range(item.childCount()))
    raise AssertionError(node_id)


def _rule_line(tab, node_id):
    item = _item(tab, node_id)
    lines = [item.child(i).text(1) for i in range(item.childCount()) if item.child(i).data(0, Qt.ItemDataRole.UserRole) is None]
    assert len(lines) == 1
    return lines[0]


def _new_leaf(window, tab, group_code, code, title, method):
    """Add a leaf under a group with the buttons' action and pick its method in the form."""
    tab._select(window.session.season.criteria.find_code(group_code).id)
    assert tab.add_node(Kind.LEAF, title=title)
    tab.f_code.setText(code)
    tab.f_method.setCurrentIndex(tab.f_method.findData(method.value))
    return tab.current_node_id()


def _type_bands(tab, *ranges):
    table = tab.band_editor.table
    for r, cells in enumerate(ranges):
        while table.rowCount() <= r:
            table.add_row()
        for col, text in zip((FROM, TO, POINTS), cells):
            table.item(r, col).setText(text)


def _shown(tab, widget):
    return tab.form.isRowVisible(widget)


def test_bands_on_a_measured_value_set_up_through_the_form(make_window):
    window = make_window()
    tab = _tab(window)
    node_id = _new_leaf(window, tab, "III", "5", "Tỷ lệ HTX có lãi", Method.BANDS)
    assert _shown(tab, tab.band_editor) and not _shown(tab, tab.f_step) and not _shown(tab, tab.f_exceed)
    assert tab.f_max.text() == ""                      # a banded row's maximum is its highest range
    tab.f_unit.setText("%")
    _type_bands(tab, ("0", "72,5", "1"), ("72,5", "90", "3"), ("90", "", "5"))
    assert tab.band_editor.problems_label.text() == ""
    assert tab.apply_node()
    stored = window.session.season.criteria.get(node_id)
    assert stored.method is Method.BANDS
    assert stored.bands == (Band(D(0), D(1)), Band(D("72.5"), D(3)), Band(D(90), D(5)))
    assert stored.unit == "%"
    assert _item(tab, node_id).text(3) == "5"
    assert _rule_line(tab, node_id) == "↳ theo mức (≥ 90%: 5 đ; 72,5–90%: 3 đ; 0–72,5%: 1 đ)"
    # shown back in the form as ranges, the highest open-ended
    assert tab.band_editor.typed() == [("0", "72,5", "1"), ("72,5", "90", "3"), ("90", "", "5")]
    # the scoring table's notes say it in the same words
    notes = [b.text for b in build("scoring-table", window.session.season).body if isinstance(b, Para)]
    assert "Tiêu chí III.5: theo mức (≥ 90%: 5 đ; 72,5–90%: 3 đ; 0–72,5%: 1 đ)." in notes


def test_a_gap_in_the_bands_is_refused_beside_the_form_which_keeps_what_was_typed(make_window):
    window = make_window()
    tab = _tab(window)
    node_id = _new_leaf(window, tab, "III", "5", "Tỷ lệ HTX có lãi", Method.BANDS)
    tab.f_title.setText("Tỷ lệ HTX làm ăn có lãi")
    _type_bands(tab, ("0", "60", "1"), ("70", "", "4"))
    assert "Dòng 1 và 2 bị hở: giá trị từ 60 đến dưới 70 không thuộc khoảng nào." in \
        tab.band_editor.problems_label.text()
    assert not tab.apply_node()
    assert tab.form_error.text() == ("⚠ Chưa lưu được các mức điểm. Dòng 1 và 2 bị hở: giá trị từ 60 đến dưới 70 "
                                     "không thuộc khoảng nào.")
    assert tab.error.text() == ""                      # the fixed message line stays empty
    # nothing was wiped
    assert tab.f_title.text() == "Tỷ lệ HTX làm ăn có lãi"
    assert tab.band_editor.typed()[:2] == [("0", "60", "1"), ("70", "", "4")]
    assert tab.f_method.currentData() == Method.BANDS.value
    assert window.session.season.criteria.get(node_id).method is Method.MANUAL
    # fixing the gap clears the reason at once; saving then stores it
    tab.band_editor.table.item(0, TO).setText("70")
    assert tab.form_error.text() == ""
    assert tab.apply_node()
    assert window.session.season.criteria.get(node_id).bands == (Band(D(0), D(1)), Band(D(70), D(4)))
    assert window.session.season.criteria.get(node_id).title == "Tỷ lệ HTX làm ăn có lãi"


def test_band_points_above_an_explicit_maximum_are_named_by_row(make_window):
    window = make_window()
    tab = _tab(window)
    _new_leaf(window, tab, "III", "5", "Tỷ lệ HTX có lãi", Method.BANDS)
    tab.f_max.setText("4")
    tab.f_max.textEdited.emit("4")
    _type_bands(tab, ("0", "50", "2"), ("50", "", "6"))
    assert "Dòng 2: 6 điểm vượt điểm tối đa 4 của tiêu chí." in tab.band_editor.problems_label.text()
    assert not tab.apply_node()
    assert "Dòng 2: 6 điểm vượt điểm tối đa 4" in tab.form_error.text()
    # values under the lowest range score 0, and the editor says so
    tab.f_unit.setText("%")
    _type_bands(tab, ("30", "50", "2"), ("50", "", "4"))
    assert "Giá trị dưới 30% được 0 điểm." in tab.band_editor.note.text()
    assert tab.band_editor.problems_label.text() == ""


def test_band_table_moves_as_excel_does(make_window, qtbot):
    window = make_window()
    tab = _tab(window)
    _new_leaf(window, tab, "III", "5", "Tỷ lệ HTX có lãi", Method.BANDS)
    table = tab.band_editor.table
    table.setCurrentCell(0, FROM)

    def focused():   # keys go where a person's keys go: the cell editor while one is open
        editors = [w for w in table.viewport().findChildren(QLineEdit) if w.isVisible()]
        return editors[0] if editors else table

    for text in ("0", "70", "1", "", "90", "3", "", "", "5"):   # "" = a cell the editor filled already
        if text:
            qtbot.keyClick(focused(), text[0])   # the first key opens the cell's editor, as in Excel
            if text[1:]:
                qtbot.keyClicks(focused(), text[1:])
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert tab.band_editor.typed() == [("0", "70", "1"), ("70", "90", "3"), ("90", "", "5"), ("", "", "")]
    # Enter moves down, as in Excel
    table.setCurrentCell(0, POINTS)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert (table.currentRow(), table.currentColumn()) == (1, POINTS)
    assert tab.apply_node()
    leaf = window.session.season.criteria.get(tab.current_node_id())
    assert leaf.bands == (Band(D(0), D(1)), Band(D(70), D(3)), Band(D(90), D(5)))


def test_ratio_with_extra_for_exceeding(make_window):
    window = make_window()
    tab = _tab(window)
    node_id = _new_leaf(window, tab, "II", "6", "Kết nạp thành viên mới so với chỉ tiêu", Method.RATIO)
    assert _shown(tab, tab.f_exceed) and not _shown(tab, tab.band_editor) and not _shown(tab, tab.f_per_item)
    assert tab.form.labelForField(tab.f_max).text() == "Điểm khi đạt chỉ tiêu:"
    tab.f_max.setText("10")
    tab.f_exceed.setText("2,5")
    tab.f_unit.setText("thành viên")
    assert tab.apply_node()
    stored = window.session.season.criteria.get(node_id)
    assert (stored.method, stored.max_points, stored.exceed_cap, stored.unit) == \
        (Method.RATIO, D(10), D("2.5"), "thành viên")
    assert _item(tab, node_id).text(3) == "12,5"
    assert _rule_line(tab, node_id) == \
        "↳ theo tỷ lệ thực hiện/chỉ tiêu, tối đa 10 đ; vượt chỉ tiêu cộng thêm tối đa 2,5 đ"
    assert tab.f_exceed.text() == "2,5"


def test_bonus_and_deduction_per_item_with_caps(make_window):
    window = make_window()
    tab = _tab(window)
    bonus = _new_leaf(window, tab, "VI", "3", "Có mô hình điểm được nhân rộng", Method.BONUS_PER_ITEM)
    assert _shown(tab, tab.f_per_item) and not _shown(tab, tab.f_step)
    tab.f_per_item.setText("0,5")
    tab.f_max.setText("2")
    tab.f_unit.setText("mô hình")
    assert tab.apply_node()
    stored = window.session.season.criteria.get(bonus)
    assert (stored.method, stored.per_item, stored.max_points) == (Method.BONUS_PER_ITEM, D("0.5"), D(2))
    assert _rule_line(tab, bonus) == "↳ cộng 0,5 đ/mô hình, tối đa 2 đ"

    deduction = _new_leaf(window, tab, "VII", "3", "Để xảy ra sai phạm tài chính", Method.DEDUCTION_PER_ITEM)
    tab.f_per_item.setText("1")
    tab.f_max.setText("3")
    tab.f_unit.setText("vụ")
    assert tab.apply_node()
    stored = window.session.season.criteria.get(deduction)
    assert (stored.method, stored.per_item, stored.max_points) == (Method.DEDUCTION_PER_ITEM, D(1), D(3))
    assert _rule_line(tab, deduction) == "↳ trừ 1 đ/vụ, tối đa 3 đ"
    # a per-item row without its points per item is refused, and the form keeps the cap typed
    tab.f_per_item.setText("")
    tab.f_max.setText("4")
    assert not tab.apply_node()
    assert tab.form_error.text() == "⚠ Cần ghi số điểm cho mỗi lần."
    assert tab.f_max.text() == "4"


def test_yes_no_and_manual(make_window):
    window = make_window()
    tab = _tab(window)
    yes_no = _new_leaf(window, tab, "IV", "6", "Có quy chế phối hợp", Method.YES_NO)
    assert tab.form.labelForField(tab.f_max).text() == "Điểm khi đạt:"
    assert not _shown(tab, tab.f_step) and not _shown(tab, tab.band_editor)
    tab.f_max.setText("2")
    assert tab.apply_node()
    stored = window.session.season.criteria.get(yes_no)
    assert (stored.method, stored.max_points) == (Method.YES_NO, D(2))
    assert _item(tab, yes_no).text(2) == "Có / không"

    manual = _new_leaf(window, tab, "IV", "7", "Công tác văn phòng", Method.MANUAL)
    assert _shown(tab, tab.f_step) and not _shown(tab, tab.f_unit) and not _shown(tab, tab.f_exceed)
    tab.f_max.setText("4")
    tab.f_step.setText("0,5")
    assert tab.apply_node()
    stored = window.session.season.criteria.get(manual)
    assert (stored.method, stored.max_points, stored.step) == (Method.MANUAL, D(4), D("0.5"))
    assert _item(tab, manual).text(2) == "Chấm điểm trực tiếp"
    assert _item(tab, manual).text(3) == "4"
    assert tab.f_rule.text() == "chấm trực tiếp 0–4 đ, bước 0,5"


def test_a_group_maximum_is_derived_unless_it_has_its_own_cap(make_window):
    window = make_window()
    tab = _tab(window)
    group = window.session.season.criteria.find_code("III")
    tab._select(group.id)
    assert tab.f_derived.text() == "= tổng điểm các tiêu chí con: 20"
    assert _shown(tab, tab.f_derived) and not _shown(tab, tab.f_max) and not tab.f_cap_on.isChecked()
    assert not tab.f_cap.isEnabled()
    tab.f_cap_on.setChecked(True)
    tab.f_cap.setText("18")
    assert tab.apply_node()
    assert window.session.season.criteria.get(group.id).max_points == D(18)
    assert _item(tab, group.id).text(3) == "18"
    assert tab.f_cap_on.isChecked() and tab.f_cap.text() == "18"
    assert tab.f_derived.text() == "= tổng điểm các tiêu chí con: 20"
    # back to the derived maximum
    tab.f_cap_on.setChecked(False)
    assert tab.apply_node()
    assert window.session.season.criteria.get(group.id).max_points is None
    assert _item(tab, group.id).text(3) == "20"
    choice = window.session.season.criteria.find_code("II.4")
    tab._select(choice.id)
    assert tab.f_derived.text() == "= điểm cao nhất trong các mức: 4"
    assert not _shown(tab, tab._cap_row)


def test_the_band_editor_at_1366x768(make_window, qtbot, tmp_path):
    window = make_window()
    tab = _tab(window)
    tab._select(window.session.season.criteria.find_code("III.4").id)
    assert tab.band_editor.typed() == [("0", "30", "2"), ("30", "50", "3"), ("50", "", "4")]
    assert _rule_line(tab, tab.current_node_id()) == "↳ theo mức (≥ 50%: 4 đ; 30–50%: 3 đ; 0–30%: 2 đ)"
    # a click on the grey rule line stands for its criterion
    rule = _item(tab, tab.current_node_id()).child(0)
    leaf_id = tab.current_node_id()
    tab.tree.setCurrentItem(rule)
    assert tab.current_node_id() == leaf_id
    qtbot.wait(50)   # let the scrolling form settle to its width, as it does on screen
    assert tab.form_box.width() <= tab.form_box.parentWidget().width()
    assert window.grab().save(str(tmp_path / "band-editor.png"))
