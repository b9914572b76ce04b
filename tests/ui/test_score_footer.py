"""The total, rank and classification rows stay in sight at the bottom of the grid while it scrolls."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication

from thidua.domain.season import State

from .ui_helpers import _cell, _grid, _row_text


def _footer_text_at(table, member_col_x: int, row_offset: int = 0):
    footer = table.footer
    index = footer.indexAt(QPoint(member_col_x, 2 + row_offset))
    return index, footer.model().data(index) if index.isValid() else None


def test_total_row_visible_while_scrolling(make_window, qtbot):
    window = make_window(year=2017)
    window.advance(State.SCORING)
    tab, table, model = _grid(window)
    window.tabs.setCurrentWidget(tab)
    QApplication.processEvents()
    bar = table.verticalScrollBar()
    assert bar.maximum() > 0, "the demo table is taller than the window"
    bar.setValue(0)
    QApplication.processEvents()

    footer = table.footer
    assert footer.isVisible() and table.footer_corner.isVisible()
    viewport = table.viewport().geometry()
    # pinned to the viewport's bottom edge, across its width, above the horizontal scroll bar
    assert footer.geometry().bottom() == viewport.bottom()
    assert footer.geometry().width() == viewport.width()
    total_row = next(i for i, r in enumerate(model.rows) if r.kind == "total")
    assert table.rowViewportPosition(total_row) > viewport.height()     # the grid's own total row is off screen
    # what a user sees at the bottom: "Tổng cộng" in the corner and each member's total beside it
    corner = table.footer_corner
    label = corner.indexAt(QPoint(table.columnWidth(0) + 5, 2))
    assert corner.model().data(label) == "Tổng cộng"
    x = table.columnViewportPosition(3) + 5
    index, text = _footer_text_at(table, x)
    assert index.row() == total_row and text == _row_text(model, "total", model.season.member(model.member_at(3)).short_name)
    rank_index = footer.indexAt(QPoint(x, table.rowHeight(total_row) + 2))
    assert model.rows[rank_index.row()].kind == "rank"

    # an edit shows at once in the pinned total
    before = _row_text(model, "total", "Hưng Yên")
    assert model.setData(_cell(model, "Hưng Yên", "I.1"), "0")
    assert _row_text(model, "total", "Hưng Yên") != before

    # horizontal scrolling moves the member totals with the member columns (nine members fit at
    # 1366 px: a wide history panel makes the grid scroll)
    tab.split.setSizes([700, 640])
    QApplication.processEvents()
    table.horizontalScrollBar().setValue(table.horizontalScrollBar().maximum())
    QApplication.processEvents()
    assert footer.horizontalScrollBar().value() == table.horizontalScrollBar().value() > 0
    last = model.columnCount() - 1
    assert footer.columnViewportPosition(last) == table.columnViewportPosition(last)

    # scrolled to the end, the pinned rows lie exactly over the grid's own footer rows
    bar.setValue(bar.maximum())
    QApplication.processEvents()
    assert footer.geometry().top() == viewport.top() + table.rowViewportPosition(total_row)


def test_current_cell_never_hides_under_the_footer(make_window):
    window = make_window(year=2017)
    tab, table, model = _grid(window)
    window.tabs.setCurrentWidget(tab)
    QApplication.processEvents()
    table.verticalScrollBar().setValue(0)
    QApplication.processEvents()
    # the last criterion row: scrolling to it keeps it above the pinned rows
    last_leaf = max(r for r in range(model.rowCount()) if model.leaf_at(r) is not None)
    index = model.index(last_leaf, 3)
    table.setCurrentIndex(index)
    table.scrollTo(index)
    QApplication.processEvents()
    rect = table.visualRect(index)
    assert rect.bottom() < table.footer.geometry().top() - table.viewport().geometry().top()
