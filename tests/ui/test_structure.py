"""Members and criteria editors: changes land through the services and the grid follows."""

from __future__ import annotations

from thidua.domain.criteria import Kind
from thidua.ui.score_model import FIXED_COLUMNS


def test_add_member_and_rename_shows_in_the_grid(make_window):
    window = make_window()
    tab = window.views["structure"]
    model = window.views["scores"].model
    assert tab.add_member("Hà Nội")
    assert model.columnCount() == FIXED_COLUMNS + 10
    assert model.headerData(FIXED_COLUMNS + 9, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal) == "Hà Nội"
    assert not tab.add_member("Ninh Bình")            # duplicate refused, in words
    assert "Đã có đơn vị thành viên “Ninh Bình”" in tab.error.text()


def test_criteria_tree_add_leaf_and_mismatch_warning(make_window):
    window = make_window()
    tab = window.views["structure"]
    season = window.session.season
    group = season.criteria.find_code("I")
    tab._select(group.id)
    # give group I a declared maximum that its rows do not add up to
    tab.f_cap_on.setChecked(True)
    tab.f_cap.setText("12")
    assert tab.apply_node()
    assert "ghi điểm tối đa 12 nhưng các tiêu chí con cộng lại được 10" in tab.warning.text()
    tab._select(group.id)
    assert tab.add_node(Kind.LEAF, title="Tiêu chí bổ sung")
    tab.f_max.setText("2")
    tab.f_code.setText("4")
    assert tab.apply_node()
    assert "⚠" not in tab.warning.text()                 # 5 + 2 + 3 + 2 = 12 now
    assert window.session.season.criteria.find_code("I.4").title == "Tiêu chí bổ sung"
    grid = window.views["scores"].model
    assert any(r.node_id == window.session.season.criteria.find_code("I.4").id for r in grid.rows)
    # a leaf with no maximum is refused with the reason
    tab.f_max.setText("")
    assert not tab.apply_node()
    assert "điểm tối đa lớn hơn 0" in tab.form_error.text()     # beside the form, which keeps what was typed
    assert tab.f_code.text() == "4"


def test_covenant_figures_give_percent_and_points_and_the_grid_follows(make_window):
    from PySide6.QtCore import Qt
    from .ui_helpers import _cell

    window = make_window()
    tab = window.views["covenant"]
    season = window.session.season
    leaf = season.criteria.find_code("II.1")          # new cooperatives vs target, max 12 (+3 extra)
    tab.select(leaf.id)
    model = tab.model
    row = [m.short_name for m in season.members].index("Quảng Ninh")
    assert model.setData(model.index(row, 0), "40")
    assert model.setData(model.index(row, 1), "86")
    assert model.index(row, 2).data() == "215%"
    assert model.index(row, 3).data() == "15"                        # 12 + extra capped at 3
    grid = window.views["scores"].model
    assert _cell(grid, "Quảng Ninh", "II.1").data() == "15"
    assert _cell(grid, "Quảng Ninh", "II").data() == "15"
    assert not model.setData(model.index(row, 1), "-3")
    assert "không âm" in tab.message.text()
    assert not model.setData(model.index(row, 1), "nhiều")
    assert "không phải là số" in tab.message.text()
    assert model.flags(model.index(row, 2)) & Qt.ItemFlag.ItemIsEditable == Qt.ItemFlag(0)
