"""The score grid screen: frozen criteria columns, Excel-like typing and pasting, notes, history."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QAction, QColor, QFontMetrics, QGuiApplication, QKeySequence, QPainter, QPolygon
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QComboBox, QHBoxLayout, QHeaderView,
                               QInputDialog, QLabel, QMenu, QRadioButton, QSplitter, QStyledItemDelegate,
                               QTableView, QTableWidget, QTableWidgetItem, QToolTip, QVBoxLayout, QWidget)

from .. import wording
from ..domain.scoring import ScoreKind, ScoringMode
from ..domain.season import Area
from ..services import outcome
from .i18n import tr
from .score_model import (AGREED, EMPTY, FIXED_COLUMNS, SELF_ONLY, ErrorRole, KindRole, Mode, NoteRole,
                          ScoreGridModel, cell_data)
from .widgets import refusal_label

TITLE_WIDTH = 310
MEMBER_WIDTH = 84


class CellDelegate(QStyledItemDelegate):
    """Paints a note marker and a refusal frame; Enter commits and moves down, as in Excel."""

    def __init__(self, view: "ScoreTable", under_frozen: bool = False) -> None:
        super().__init__(view)
        self.view = view
        self.under_frozen = under_frozen

    def paint(self, painter: QPainter, option, index) -> None:
        if self.under_frozen and index.column() < FIXED_COLUMNS:
            return   # hidden under the frozen view, which paints these columns itself
        super().paint(painter, option, index)
        if cell_data(index, NoteRole):
            r = option.rect
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setBrush(QColor("#d97706"))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawPolygon(QPolygon([QPoint(r.right() - 7, r.top()), QPoint(r.right(), r.top()),
                                          QPoint(r.right(), r.top() + 7)]))
            painter.restore()
        if cell_data(index, ErrorRole):
            painter.save()
            painter.setPen(QColor("#c62828"))
            painter.drawRect(option.rect.adjusted(0, 0, -1, -1))
            painter.restore()

    def eventFilter(self, editor, event) -> bool:
        if event.type() == event.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.view.move_down_after_edit = True
        return super().eventFilter(editor, event)


def _repaint_range(view: QTableView, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
    """Repaint only the rectangle a changed range covers.

    Why: for any range wider than one cell QTableView repaints its whole viewport; after an edit
    that is a member's column and the rank rows, a small part of a 63 × 200 grid.
    """
    rect = view.visualRect(top_left).united(view.visualRect(bottom_right))
    view.viewport().update(rect.intersected(view.viewport().rect()))


class FrozenColumns(QTableView):
    """The criteria columns kept in place while the member columns scroll; scores never change here."""

    def dataChanged(self, top_left, bottom_right, roles=()) -> None:   # noqa: N802 - Qt override
        if top_left.column() < FIXED_COLUMNS:
            _repaint_range(self, top_left, bottom_right)


class FooterRows(QTableView):
    """The total, rank and classification rows kept at the bottom while the criteria rows scroll.

    A second view over the same model with every criterion row hidden; `corner` is the part
    under the frozen criteria columns. Like the other views it repaints only what changed.
    """

    def __init__(self, table: "ScoreTable", corner: bool = False) -> None:
        super().__init__(table)
        self.corner = corner
        self.first_row = 0
        self.setModel(table.model())
        self.setItemDelegate(CellDelegate(table, under_frozen=not corner))
        self.setSelectionModel(table.selectionModel())
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(True)
        edge = "border-right: 2px solid #8a96a3;" if corner else ""
        self.setStyleSheet(f"QTableView {{ border: none; border-top: 2px solid #8a96a3; {edge} }}")

    def dataChanged(self, top_left, bottom_right, roles=()) -> None:   # noqa: N802 - Qt override
        if bottom_right.row() < self.first_row or (self.corner and top_left.column() >= FIXED_COLUMNS):
            return
        # a hidden row has no rectangle: start the range at the first footer row
        top = top_left.siblingAtRow(max(top_left.row(), self.first_row))
        _repaint_range(self, top, bottom_right)


class ScoreTable(QTableView):
    """The scrolling part of the grid; a second view over the same model freezes the criteria columns."""

    def dataChanged(self, top_left, bottom_right, roles=()) -> None:   # noqa: N802 - Qt override
        _repaint_range(self, top_left, bottom_right)

    def __init__(self, model: ScoreGridModel, parent=None) -> None:
        super().__init__(parent)
        self.move_down_after_edit = False
        self.setModel(model)
        self.setItemDelegate(CellDelegate(self, under_frozen=True))
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().hide()
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.horizontalHeader().setMinimumHeight(44)
        self.setWordWrap(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

        self.frozen = FrozenColumns(self)
        self.frozen.setModel(model)
        self.frozen.setItemDelegate(CellDelegate(self))
        self.frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.frozen.verticalHeader().hide()
        self.frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.frozen.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.frozen.horizontalHeader().setMinimumHeight(44)
        self.frozen.setSelectionModel(self.selectionModel())
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.frozen.setWordWrap(True)
        self.frozen.setStyleSheet("QTableView { border: none; border-right: 2px solid #8a96a3; }")
        self.viewport().stackUnder(self.frozen)
        self.frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)
        self.horizontalHeader().sectionResized.connect(self._section_resized)

        self.footer = FooterRows(self)
        self.footer_corner = FooterRows(self, corner=True)
        self.horizontalScrollBar().valueChanged.connect(self.footer.horizontalScrollBar().setValue)
        self.footer.horizontalScrollBar().valueChanged.connect(self.horizontalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(self._place_footer)
        self.verticalScrollBar().rangeChanged.connect(self._place_footer)
        model.modelReset.connect(self.layout_columns)
        self.layout_columns()

    # ---- layout ------------------------------------------------------------------------
    def layout_columns(self) -> None:
        model = self.model()
        widths = [44, TITLE_WIDTH, 56]
        for col in range(model.columnCount()):
            width = widths[col] if col < FIXED_COLUMNS else MEMBER_WIDTH
            self.setColumnWidth(col, width)
            self.frozen.setColumnWidth(col, width)
            self.frozen.setColumnHidden(col, col >= FIXED_COLUMNS)
            self.footer.setColumnWidth(col, width)
            self.footer_corner.setColumnWidth(col, width)
            self.footer_corner.setColumnHidden(col, col >= FIXED_COLUMNS)
        footer_rows = [r for r, row in enumerate(model.rows) if row.kind != "node"]
        first = footer_rows[0] if footer_rows else model.rowCount()
        for view in (self.footer, self.footer_corner):
            view.first_row = first
            for r in range(model.rowCount()):
                view.setRowHidden(r, r < first)
        self._row_heights()
        self._place_frozen()

    def _row_heights(self) -> None:
        """Long criterion titles wrap onto two or three lines instead of being cut off."""
        model = self.model()
        metrics = QFontMetrics(self.font())
        bold = self.font()
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)
        line = metrics.lineSpacing()
        for row in range(model.rowCount()):
            text = cell_data(model.index(row, 1)) or ""
            m = metrics if cell_data(model.index(row, 1), KindRole) == "leaf" else bold_metrics
            rect = m.boundingRect(QRect(0, 0, TITLE_WIDTH - 10, 10_000), Qt.TextFlag.TextWordWrap, text)
            height = max(line + 10, rect.height() + 8)
            self.setRowHeight(row, height)
            self.frozen.setRowHeight(row, height)
            if row >= self.footer.first_row:
                self.footer.setRowHeight(row, height)
                self.footer_corner.setRowHeight(row, height)

    def frozen_width(self) -> int:
        return sum(self.columnWidth(c) for c in range(FIXED_COLUMNS))

    def _place_frozen(self) -> None:
        self.frozen.setGeometry(self.verticalHeader().width() + self.frameWidth(), self.frameWidth(),
                                self.frozen_width(), self.viewport().height() + self.horizontalHeader().height())
        self._place_footer()

    def footer_height(self) -> int:
        model = self.model()
        return sum(self.rowHeight(r) for r in range(self.footer.first_row, model.rowCount()))

    def _place_footer(self, *_args) -> None:
        """Pin the footer rows to the viewport's bottom edge, or onto the rows themselves when they show.

        Scrolled to the end, the grid's own footer rows lie exactly under the pinned ones, so
        nothing is covered; with a short table the footer sits right under the last criterion.
        """
        height = self.footer_height()
        if not height:
            self.footer.hide()
            self.footer_corner.hide()
            return
        vp = self.viewport().geometry()
        y = max(0, min(vp.height() - height, self.rowViewportPosition(self.footer.first_row)))
        self.footer.setGeometry(vp.left(), vp.top() + y, vp.width(), height)
        self.footer_corner.setGeometry(vp.left(), vp.top() + y, min(self.frozen_width(), vp.width()), height)
        self.footer.horizontalScrollBar().setValue(self.horizontalScrollBar().value())
        self.footer.show()
        self.footer_corner.show()
        self.footer_corner.raise_()

    def _section_resized(self, col: int, _old: int, new: int) -> None:
        self.footer.setColumnWidth(col, new)
        if col < FIXED_COLUMNS:
            self.frozen.setColumnWidth(col, new)
            self.footer_corner.setColumnWidth(col, new)
            self._place_frozen()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_frozen()

    def moveCursor(self, action, modifiers):
        current = super().moveCursor(action, modifiers)
        # keep the cursor visible beside the frozen columns instead of under them
        if action == QAbstractItemView.CursorAction.MoveLeft and current.column() >= FIXED_COLUMNS:
            x = self.visualRect(current).topLeft().x()
            if x < self.frozen_width():
                self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + x - self.frozen_width())
        return current

    def scrollTo(self, index, hint=QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        if index.column() >= FIXED_COLUMNS:
            super().scrollTo(index, hint)
            # a criterion cell must not end up under the pinned footer rows
            if index.row() < self.footer.first_row and self.footer.isVisible():
                limit = self.footer.geometry().top() - self.viewport().geometry().top()
                bottom = self.visualRect(index).bottom()
                if bottom >= limit:
                    bar = self.verticalScrollBar()
                    bar.setValue(bar.value() + bottom - limit + 1)

    def closeEditor(self, editor, hint) -> None:
        super().closeEditor(editor, hint)
        if self.move_down_after_edit:
            self.move_down_after_edit = False
            self.move_current(1, 0)

    # ---- keys: Enter, Delete, paste, copy ----------------------------------------------
    def move_current(self, drow: int, dcol: int) -> None:
        cur = self.currentIndex()
        if not cur.isValid():
            return
        row = min(max(cur.row() + drow, 0), self.model().rowCount() - 1)
        col = min(max(cur.column() + dcol, FIXED_COLUMNS), self.model().columnCount() - 1)
        self.setCurrentIndex(self.model().index(row, col))

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_clipboard()
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            return
        if self.state() != QAbstractItemView.State.EditingState:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.move_current(1, 0)
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.clear_selection()
                return
        super().keyPressEvent(event)

    def _editable_selected(self) -> list[QModelIndex]:
        model = self.model()
        return [i for i in self.selectionModel().selectedIndexes()
                if model.flags(i) & Qt.ItemFlag.ItemIsEditable]

    def clear_selection(self) -> bool:
        model: ScoreGridModel = self.model()
        cells = {(model.member_at(i.column()), model.leaf_at(i.row()).id): None for i in self._editable_selected()}
        if not cells:
            self._explain_locked()
            return False
        return model.enter(cells)

    def paste_text(self, text: str) -> bool:
        """A block copied from Excel (tabs between cells, newlines between rows) from the current cell.

        Group, total and rank rows inside the block are skipped: they are computed, not entered.
        """
        model: ScoreGridModel = self.model()
        start = self.currentIndex()
        if not start.isValid():
            return False
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        while lines and lines[-1] == "":
            lines.pop()
        cells: dict[tuple[str, str], object] = {}
        for r, line in enumerate(lines):
            for c, value in enumerate(line.split("\t")):
                index = model.index(start.row() + r, max(start.column(), FIXED_COLUMNS) + c)
                if not index.isValid() or not model.flags(index) & Qt.ItemFlag.ItemIsEditable:
                    continue
                cells[(model.member_at(index.column()), model.leaf_at(index.row()).id)] = value
        if not cells:
            self._explain_locked()
            return False
        return model.enter(cells)

    def paste_clipboard(self) -> bool:
        return self.paste_text(QGuiApplication.clipboard().text())

    def copy_selection(self) -> None:
        indexes = sorted(self.selectionModel().selectedIndexes(), key=lambda i: (i.row(), i.column()))
        if not indexes:
            return
        rows: dict[int, dict[int, str]] = {}
        for i in indexes:
            rows.setdefault(i.row(), {})[i.column()] = cell_data(i) or ""
        cols = sorted({i.column() for i in indexes})
        QGuiApplication.clipboard().setText("\n".join("\t".join(rows[r].get(c, "") for c in cols)
                                                      for r in sorted(rows)))

    def _explain_locked(self) -> None:
        model: ScoreGridModel = self.model()
        reason = model.locked_reason()
        if reason is not None:
            model.refused.emit(reason)

    def edit(self, index, trigger=None, event=None):
        if trigger is None:   # the public slot edit(index)
            return super().edit(index)
        opened = super().edit(index, trigger, event)
        # typing or double-clicking a score cell of a locked step is not silently dropped: say why
        if not opened and trigger in (QAbstractItemView.EditTrigger.AnyKeyPressed,
                                      QAbstractItemView.EditTrigger.DoubleClicked):
            model: ScoreGridModel = self.model()
            if model.member_at(index.column()) is not None and model.leaf_at(index.row()) is not None:
                self._explain_locked()
        return opened

    def show_refusal(self, index: QModelIndex) -> None:
        message = cell_data(index, ErrorRole)
        if message and self.isVisible():
            QToolTip.showText(self.viewport().mapToGlobal(self.visualRect(index).bottomLeft()), message, self)


class HistoryPanel(QWidget):
    """Who changed the current cell, when, and from what."""

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(tr("Lịch sử ô điểm", "Cell history"))
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([tr("Lúc", "When"), tr("Người sửa", "Who"), tr("Thay đổi", "Change")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.table)

    def show_cell(self, member_id: str | None, criterion_id: str | None) -> None:
        season = self.session.season
        if season is None or member_id is None or criterion_id is None:
            self.title.setText(tr("Lịch sử ô điểm: chọn một ô", "Cell history: pick a cell"))
            self.table.setRowCount(0)
            return
        self.title.setText(tr("Lịch sử: ", "History: ") + f"{season.member(member_id).short_name} · "
                           f"{season.criteria.path_code(criterion_id)}")
        records = self.session.read(outcome.history, season.id, entity="score", key=f"{member_id}/{criterion_id}")
        self.records = records
        self.table.setRowCount(len(records))
        for r, rec in enumerate(records):
            what = {"self": tr("tự chấm", "self"), "agreed": tr("cụm chấm", "agreed"),
                    "note": tr("ghi chú", "note")}.get(rec.field, rec.field)
            change = f"{what}: {_shown(rec.old)} → {_shown(rec.new)}"
            for c, text in enumerate((f"{rec.at:%d/%m/%Y %H:%M}", rec.actor, change)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()


def _shown(value: str | None) -> str:
    if value in (None, "", "None"):
        return tr("trống", "empty")
    try:
        return wording.p(Decimal(value))   # the log stores "4.50"; people read "4,5"
    except (InvalidOperation, ValueError):
        return value


class ScoreTab(QWidget):
    """The score grid with its mode switch, colour legend, refusal line and history panel."""

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = ScoreGridModel(session, self)
        self.table = ScoreTable(self.model)
        self.history = HistoryPanel(session)

        bar = QHBoxLayout()
        self.modes = QButtonGroup(self)
        self.mode_buttons = {}
        for mode, text in ((Mode.AGREED, tr("Điểm cụm chấm", "Agreed scores")),
                           (Mode.SELF, tr("Điểm tự chấm", "Self-scores")),
                           (Mode.REVIEW, tr("Cụm trưởng thẩm định", "Head's review")),
                           (Mode.COUNCIL, tr("Hội đồng", "Council")),
                           (Mode.COMPARE, tr("So sánh các cột", "Columns side by side")),
                           (Mode.CROSS, tr("Chấm chéo, đơn vị chấm:", "Cross-scoring by:"))):
            button = QRadioButton(text)
            self.modes.addButton(button)
            self.mode_buttons[mode] = button
            bar.addWidget(button)
            button.toggled.connect(self._mode_changed)
        self.scorer = QComboBox()
        self.scorer.currentIndexChanged.connect(self._mode_changed)
        bar.addWidget(self.scorer)
        bar.addStretch(1)
        for colour, text in ((EMPTY, tr("chưa chấm", "empty")), (SELF_ONLY, tr("mới tự chấm", "self-score only")),
                             (AGREED, tr("đã thống nhất", "agreed"))):
            swatch = QLabel(text)
            swatch.setStyleSheet(f"background: {colour.name()}; border: 1px solid #b0b8c0; padding: 2px 6px")
            bar.addWidget(swatch)
        self.message = refusal_label()
        self.mode_buttons[Mode.AGREED].setChecked(True)

        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(self.history)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 1)
        split.setSizes([1130, 220])

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)

        self.model.refused.connect(self.show_message)
        self.model.saved.connect(self.clear_message)
        self.table.selectionModel().currentChanged.connect(self._current_changed)
        self.table.customContextMenuRequested.connect(self._context_menu)
        session.season_changed.connect(self._season_changed)
        session.structure_changed.connect(self._season_changed)
        self._season_changed()

    def _season_changed(self) -> None:
        season = self.session.season
        self.scorer.blockSignals(True)
        self.scorer.clear()
        for m in (season.members if season else []):
            self.scorer.addItem(m.short_name, m.id)
        self.scorer.blockSignals(False)
        cross = season is not None and season.settings.scoring_mode is ScoringMode.CROSS
        self.mode_buttons[Mode.CROSS].setVisible(cross)
        self.scorer.setVisible(cross)
        panels = season.settings.panels if season is not None else ()
        # the review panel's and the council's columns, and comparing them, only where the season keeps them
        for mode in (Mode.REVIEW, Mode.COUNCIL):
            self.mode_buttons[mode].setVisible(ScoreKind(mode.value) in panels)
        self.mode_buttons[Mode.COMPARE].setVisible(bool(panels))
        if self.model.mode is not Mode.AGREED and not self.mode_buttons[self.model.mode].isVisibleTo(self):
            self.mode_buttons[Mode.AGREED].setChecked(True)
        self.history.show_cell(None, None)

    def _mode_changed(self, *_args) -> None:
        mode = next(m for m, b in self.mode_buttons.items() if b.isChecked()) if self.modes.checkedButton() else Mode.AGREED
        self.model.set_mode(mode, self.scorer.currentData() if self.scorer.count() else None)
        self.clear_message()

    def show_message(self, text: str) -> None:
        self.message.setText("⚠ " + text)
        self.message.show()
        cur = self.table.currentIndex()
        if cur.isValid():
            self.table.show_refusal(cur)

    def clear_message(self, *_args) -> None:
        self.message.clear()
        self.message.hide()

    def _current_changed(self, current: QModelIndex, _previous=None) -> None:
        member_id = self.model.member_at(current.column())
        leaf = self.model.leaf_at(current.row())
        self.history.show_cell(member_id, leaf.id if leaf else None)

    def _context_menu(self, pos) -> None:
        index = self.table.indexAt(pos)
        member_id = self.model.member_at(index.column())
        leaf = self.model.leaf_at(index.row())
        if member_id is None or leaf is None:
            return
        menu = QMenu(self)
        note = QAction(tr("Ghi chú cho ô này…", "Note for this cell…"), menu)
        note.setEnabled(self.session.editable(Area.SCORES))
        note.triggered.connect(lambda: self.edit_note(member_id, leaf.id))
        menu.addAction(note)
        clear = QAction(tr("Xóa điểm", "Clear"), menu)
        clear.triggered.connect(self.table.clear_selection)
        menu.addAction(clear)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def edit_note(self, member_id: str, criterion_id: str) -> None:
        current = self.session.season.cell(member_id, criterion_id).note
        text, ok = QInputDialog.getMultiLineText(self, tr("Ghi chú", "Note"),
                                                 f"{self.session.season.member(member_id).short_name} · "
                                                 f"{self.session.season.criteria.path_code(criterion_id)}", current)
        if ok:
            self.model.set_note(member_id, criterion_id, text.strip())
            self.history.show_cell(member_id, criterion_id)
