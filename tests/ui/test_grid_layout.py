"""At 1366 × 768 the nine demo members fit beside a foldable history; nothing is cut; Ctrl+/Ctrl− zoom."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from thidua.ui.score_model import FIXED_COLUMNS

from .ui_helpers import _cell, _grid


def _member_columns_fully_visible(table) -> bool:
    model = table.model()
    width = table.viewport().width()
    frozen = table.frozen_width()
    cols = range(FIXED_COLUMNS, model.columnCount())
    return all(table.columnViewportPosition(c) >= frozen
               and table.columnViewportPosition(c) + table.columnWidth(c) <= width for c in cols)


def _text_fits(table, row: int, col: int) -> bool:
    """The wrapped text of a cell fits the cell's width and height (nothing cut, nothing elided)."""
    item = table.item(row, col)
    metrics = QFontMetrics(item.font())
    rect = metrics.boundingRect(QRect(0, 0, table.columnWidth(col) - 8, 10_000), Qt.TextFlag.TextWordWrap,
                                item.text())
    return rect.height() <= table.rowHeight(row) and table.columnViewportPosition(col) + table.columnWidth(col) \
        <= table.viewport().width()


def test_nine_members_fit_at_1366_with_the_history_shown_and_folded(make_window, qtbot):
    window = make_window()
    assert (window.width(), window.height()) == (1366, 768)
    tab, table, model = _grid(window)
    assert model.columnCount() - FIXED_COLUMNS == 9
    QApplication.processEvents()
    assert tab.history_shown() and tab.history.isVisible()
    assert _member_columns_fully_visible(table)
    assert table.horizontalScrollBar().maximum() == 0
    # folded: the history button folds it away, the members still fit
    tab.history_button.click()
    QApplication.processEvents()
    assert not tab.history_shown() and not tab.history_button.isChecked()
    assert _member_columns_fully_visible(table)
    tab.history_button.click()
    QApplication.processEvents()
    assert tab.history_shown() and tab.history.width() >= 200

    # the history's change column is not cut
    index = _cell(model, "Nam Định", "I.1")
    assert model.setData(index, "5")
    assert model.setData(index, "4")
    table.setCurrentIndex(index)
    QApplication.processEvents()
    history = tab.history.table
    assert history.rowCount() >= 2
    assert all(_text_fits(history, r, 2) for r in range(history.rowCount()))
    assert "4,5 → 5" in history.item(history.rowCount() - 2, 2).text()
    window.grab().save(str(window.settings.path.with_name("scores-1366.png")))


def test_the_folded_history_and_the_zoom_are_remembered(qtbot, demo_copy, tmp_path):
    from thidua.ui.main_window import MainWindow
    from thidua.ui.settings import AppSettings

    db, _first, second = demo_copy

    def open_window():
        window = MainWindow(AppSettings(tmp_path / "thidua.ini"))
        window.quiet = True
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.use_database(db, season_id=second)
        window.show()
        qtbot.waitExposed(window)
        return window

    window = open_window()
    tab, table, model = _grid(window)
    base = table.font().pointSize()
    width = table.columnWidth(FIXED_COLUMNS)
    window.activateWindow()
    qtbot.waitActive(window)
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)     # Ctrl++
    assert table.font().pointSize() > base
    assert table.frozen.font().pointSize() == table.font().pointSize()
    assert table.columnWidth(FIXED_COLUMNS) > width
    qtbot.keyClick(table, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)        # Ctrl+0
    assert table.font().pointSize() == base and table.columnWidth(FIXED_COLUMNS) == width
    qtbot.keyClick(table, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)    # Ctrl+−
    assert table.font().pointSize() < base
    tab.act_zoom_in.trigger()
    tab.act_zoom_in.trigger()
    zoomed = table.font().pointSize()
    assert zoomed > base
    tab.show_history(False)
    window.save_window_state()
    window.session = None         # the database stays open for the second window
    window.close()

    again = open_window()
    tab, table, model = _grid(again)
    QApplication.processEvents()
    assert table.font().pointSize() == zoomed
    assert not tab.history_shown() and not tab.history_button.isChecked()
