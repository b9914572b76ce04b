"""The band editor of a criterion scored on a measured value: ranges "from ≥ … to < …" → points,
checked by the domain (domain/bands.py) as they are typed, the problems said under the table."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from .. import wording
from ..domain.bands import BandRow, bands_from_rows, below_lowest, check_bands, rows_from_bands
from ..domain.criteria import Band
from ..domain.points import format_count, parse_number
from .i18n import explain, not_a_number, tr

FROM, TO, POINTS = range(3)


class BandTable(QTableWidget):
    """Moves as Excel does: Enter goes down, Tab right then to the next row; Tab on the last cell adds a row."""

    def __init__(self, parent=None) -> None:
        super().__init__(0, 3, parent)
        self._after_edit: str | None = None

    def closeEditor(self, editor, hint) -> None:
        row, col = self.currentRow(), self.currentColumn()
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:       # Enter
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self._move(row + 1, col)
            return
        if hint == QAbstractItemDelegate.EndEditHint.EditNextItem and row == self.rowCount() - 1 and col == POINTS:
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.add_row()
            return
        super().closeEditor(editor, hint)

    def keyPressEvent(self, event) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            row, col = self.currentRow(), self.currentColumn()
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._move(row + 1, col)
                return
            if event.key() == Qt.Key.Key_Tab and row == self.rowCount() - 1 and col == POINTS:
                self.add_row()
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                for item in self.selectedItems():
                    item.setText("")
                return
        super().keyPressEvent(event)

    def _move(self, row: int, col: int) -> None:
        if 0 <= row < self.rowCount():
            self.setCurrentCell(row, col)

    def add_row(self, lower: str = "", upper: str = "", points: str = "", select: bool = True) -> int:
        r = self.rowCount()
        self.insertRow(r)
        for col, text in ((FROM, lower), (TO, upper), (POINTS, points)):
            item = QTableWidgetItem(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.setItem(r, col, item)
        if select:
            self.setCurrentCell(r, FROM)
        return r


class BandEditor(QWidget):
    """Ranges → points; `rows()` reads what was typed, `problems()` says what is wrong, `bands()` stores."""

    changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.maximum: Decimal | None = None
        self.unit = ""
        self.table = BandTable()
        self.table.setHorizontalHeaderLabels([tr("Từ (≥)", "From (≥)"), tr("Đến (<)", "To (<)"), tr("Điểm", "Points")])
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.model().rowsInserted.connect(lambda *_: self._fit_height())
        self.table.model().rowsRemoved.connect(lambda *_: self._fit_height())
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.itemChanged.connect(self._item_changed)
        self.btn_add = QPushButton(tr("Thêm khoảng", "Add range"))
        self.btn_remove = QPushButton(tr("Xóa khoảng", "Remove range"))
        self.btn_add.clicked.connect(lambda: self.table.add_row())
        self.btn_remove.clicked.connect(self.remove_row)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555")
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet("color: #b71c1c")
        self.problems_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._fit_height()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        row.addWidget(self.btn_add)
        row.addWidget(self.btn_remove)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addWidget(self.problems_label)
        self._refresh()

    # ---- showing ------------------------------------------------------------------------------
    def set_bands(self, bands: tuple[Band, ...], unit: str = "", maximum: Decimal | None = None) -> None:
        """Show stored bands as ranges, lowest first; an empty criterion starts with one blank range."""
        self.unit, self.maximum = unit, maximum
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for r in rows_from_bands(bands):
            self.table.add_row(_figure(r.lower), _figure(r.upper), wording.p(r.points), select=False)
        if not bands:
            self.table.add_row(select=False)
        self.table.blockSignals(False)
        self.table.setCurrentCell(0, FROM)
        self._refresh()

    def set_unit(self, unit: str) -> None:
        self.unit = unit.strip()
        self._refresh()

    def set_maximum(self, maximum: Decimal | None) -> None:
        self.maximum = maximum
        self._refresh()

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._refresh()
            self.changed.emit()

    # ---- reading ------------------------------------------------------------------------------
    def cell(self, row: int, col: int) -> str:
        item = self.table.item(row, col)
        return item.text().strip() if item else ""

    def rows(self) -> list[BandRow]:
        """The typed ranges; raises ValueError (worded by explain) naming the first cell that is not a number."""
        out = []
        for r in range(self.table.rowCount()):
            values = []
            for col in (FROM, TO, POINTS):
                text = self.cell(r, col)
                try:
                    values.append(parse_number(text))
                except ValueError:
                    raise not_a_number(text) from None
            out.append(BandRow(*values))
        return out

    def problem_lines(self) -> list[str]:
        """Every problem of what is typed, as the sentences shown under the table."""
        try:
            rows = self.rows()
        except ValueError as exc:
            return [explain(exc)]
        return [wording.band_problem_text(p) for p in check_bands(rows, self.maximum)]

    def bands(self) -> tuple[Band, ...]:
        """The bands to store; raises ValueError or InvalidBands (both worded by explain)."""
        return bands_from_rows(self.rows(), self.maximum)

    def typed(self) -> list[tuple[str, str, str]]:
        return [(self.cell(r, FROM), self.cell(r, TO), self.cell(r, POINTS)) for r in range(self.table.rowCount())]

    def _fit_height(self) -> None:
        """As tall as its ranges (3 to 7 rows shown): the form under it stays in view."""
        rows = min(max(self.table.rowCount(), 3), 7)
        height = self.table.horizontalHeader().sizeHint().height() + rows * 24 + 2 * self.table.frameWidth()
        self.table.setFixedHeight(height)

    # ---- reacting -----------------------------------------------------------------------------
    def _item_changed(self, item: QTableWidgetItem) -> None:
        # a range's upper end is where the next begins: fill the next "from" when it is still empty
        if item.column() == TO and item.text().strip():
            nxt = item.row() + 1
            if nxt == self.table.rowCount():
                self.table.blockSignals(True)
                self.table.add_row(item.text().strip(), select=False)   # the typist's cell stays current
                self.table.blockSignals(False)
            elif not self.cell(nxt, FROM):
                self.table.item(nxt, FROM).setText(item.text().strip())
        self._refresh()
        self.changed.emit()

    def _refresh(self) -> None:
        lines = self.problem_lines()
        self.problems_label.setText("\n".join("⚠ " + line for line in lines))
        self.problems_label.setVisible(bool(lines))
        note = tr("Để trống ô “Đến” ở khoảng cao nhất: từ đó trở lên.", "Leave “To” blank on the highest range: from there up.")
        try:
            rows = [r for r in self.rows() if r.lower is not None]
        except ValueError:
            rows = []
        lowest = below_lowest([Band(r.lower, r.points or Decimal(0)) for r in rows])
        if lowest is not None:
            shown = _figure(lowest) + ("%" if self.unit == "%" else (f" {self.unit}" if self.unit else ""))
            note += " " + tr(f"Giá trị dưới {shown} được 0 điểm.", f"Values below {shown} score 0.")
        else:
            note += " " + tr("Giá trị dưới khoảng thấp nhất được 0 điểm.", "Values below the lowest range score 0.")
        self.note.setText(note)


def _figure(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format_count(value, *((".", ",") if wording.language() == "vi" else (",", ".")))

