"""The score grid screen: frozen criteria columns, Excel-like typing and pasting, notes, history."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFontMetrics, QGuiApplication, QKeySequence, QPainter, QPolygon
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QComboBox, QHBoxLayout, QHeaderView,
                               QInputDialog, QLabel, QMenu, QRadioButton, QSplitter, QTableView, QTableWidget,
                               QTableWidgetItem, QToolButton, QToolTip, QVBoxLayout, QWidget)

from .. import wording
from ..domain.scoring import ScoreKind, ScoringMode
from ..domain.season import Area
from ..services import outcome
from .grid_keys import ExcelDelegate, GridKeys
from .i18n import tr
from .score_model import (AGREED, EMPTY, FIXED_COLUMNS, SELF_ONLY, ErrorRole, KindRole, Mode, NoteRole,
                          ScoreGridModel, cell_data)
from .widgets import MessageLine

# column widths at the normal font size (BASE_POINTS); zooming scales them with the font.
# At 1366 × 768 the criteria columns and nine members leave room for the history panel.
STT_WIDTH = 40
TITLE_WIDTH = 262
MAX_WIDTH = 50
MEMBER_WIDTH = 74
BASE_POINTS = 9
ZOOM_POINTS = (7, 8, 9, 10, 11, 12, 14, 16, 18)


class CellDelegate(ExcelDelegate):
    """Paints a note marker and a refusal frame; the Excel keys come from ExcelDelegate."""

    def __init__(self, view: "ScoreTable", under_frozen: bool = False) -> None:
        super().__init__(view)
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

    hint = Signal(str)   # why a key typed on a computed or locked cell did nothing

    def dataChanged(self, top_left, bottom_right, roles=()) -> None:   # noqa: N802 - Qt override
        _repaint_range(self, top_left, bottom_right)

    def __init__(self, model: ScoreGridModel, parent=None) -> None:
        super().__init__(parent)
        self.scale = 1.0   # the zoom: column widths follow the font size
        self.setModel(model)
        self.setItemDelegate(CellDelegate(self, under_frozen=True))
        self.keys = GridKeys(self, FIXED_COLUMNS, self.why_not, self.hint.emit)
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
        self.frozen.setProperty("base_sheet", "QTableView { border: none; border-right: 2px solid #8a96a3; }")
        self.frozen.setStyleSheet(self.frozen.property("base_sheet"))
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
        widths = [round(w * self.scale) for w in (STT_WIDTH, TITLE_WIDTH, MAX_WIDTH)]
        member = self.member_width()
        for col in range(model.columnCount()):
            width = widths[col] if col < FIXED_COLUMNS else member
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
            rect = m.boundingRect(QRect(0, 0, self.columnWidth(1) - 10, 10_000), Qt.TextFlag.TextWordWrap, text)
            height = max(line + 10, rect.height() + 8)
            self.setRowHeight(row, height)
            self.frozen.setRowHeight(row, height)
            if row >= self.footer.first_row:
                self.footer.setRowHeight(row, height)
                self.footer_corner.setRowHeight(row, height)

    def member_width(self) -> int:
        """Wide enough for a score like 18,25 in bold and for each word of a member's name."""
        bold = self.font()
        bold.setBold(True)
        need = QFontMetrics(bold).horizontalAdvance("100,25") + 12
        header = QFontMetrics(self.horizontalHeader().font())
        names = [m.short_name for m in self.model().season.members] if self.model().season else []
        words = [w for n in names for w in n.split()]
        need = max([need, *(header.horizontalAdvance(w) + 14 for w in words)])
        return max(round(MEMBER_WIDTH * self.scale), need)

    def set_point_size(self, points: int) -> None:
        """Zoom: the grid's font, its frozen parts and headers, the column widths and row heights."""
        self.scale = points / BASE_POINTS
        for view in (self, self.frozen, self.footer, self.footer_corner):
            font = view.font()
            font.setPointSize(points)
            view.setFont(font)
            for header in (view.horizontalHeader(), view.verticalHeader()):
                header.setFont(font)
            # under a style sheet (the frozen view's border) a header takes its font from the sheet
            sheet = view.property("base_sheet")
            if sheet:
                view.setStyleSheet(f"{sheet} QHeaderView {{ font-size: {points}pt; }}")
        self.layout_columns()

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
        # the keyboard never lands in the frozen STT / criterion / maximum columns
        if current.isValid() and current.column() < FIXED_COLUMNS:
            current = current.siblingAtColumn(FIXED_COLUMNS)
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

    # ---- keys: Delete, paste, copy (Enter, Tab and typing: GridKeys) ---------------------
    def keyboardSearch(self, search: str) -> None:   # noqa: N802 - Qt override
        """Never: jumping to a row whose text starts with the typed digit sent scores to the wrong cell."""

    def why_not(self, index: QModelIndex) -> str:
        """Why this cell takes no typing, as one sentence (empty when it does)."""
        model: ScoreGridModel = self.model()
        if not index.isValid() or model.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return ""
        kind = cell_data(index, KindRole)
        if kind == "group":
            return tr("Dòng cộng nhóm được tính tự động — hãy nhập điểm vào các tiêu chí con.",
                      "A group row is added up automatically — type scores into its criteria.")
        if kind == "total":
            return tr("Dòng tổng cộng được tính tự động từ điểm các tiêu chí.",
                      "The total is added up automatically from the criteria.")
        if kind in ("rank", "class"):
            return tr("Xếp hạng và xếp loại được tính tự động từ tổng điểm.",
                      "Rank and classification follow automatically from the totals.")
        if index.column() < FIXED_COLUMNS:
            return tr("Cột này ghi tiêu chí — hãy nhập điểm vào cột của đơn vị.",
                      "This column names the criterion — type scores in a member's column.")
        locked = self.locked_reason()
        if locked:
            return locked
        member_id = model.member_at(index.column())
        leaf = model.leaf_at(index.row())
        if model.mode is Mode.COMPARE:
            return tr("Chế độ so sánh các cột chỉ để xem — hãy chọn một cột điểm để nhập.",
                      "Columns side by side are for reading — pick one column to type into.")
        if model.mode is Mode.CROSS and member_id == model.scorer_id:
            return tr("Đơn vị không tự chấm chéo cho mình.", "A member does not cross-score itself.")
        if leaf is not None and leaf.id in model.season.criteria.exempt(member_id):
            return tr(f"Tiêu chí này không giao cho {model.season.member(member_id).short_name} nên không chấm điểm.",
                      f"This criterion is not assigned to {model.season.member(member_id).short_name}: no score.")
        return ""

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_clipboard()
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            return
        if self.state() != QAbstractItemView.State.EditingState:
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

    def locked_reason(self) -> str:
        """Why no score can be typed now (review mode or the season's step, as the domain says), or ""."""
        return self.model().locked_reason() or ""

    def _explain_locked(self) -> None:
        reason = self.locked_reason()
        if reason:
            self.model().refused.emit(reason)

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
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # a narrow panel wraps the change onto more lines instead of cutting it off
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.setWordWrap(True)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
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
            for c, text in enumerate((f"{rec.at:%d/%m/%Y}\n{rec.at:%H:%M}", rec.actor, change)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()


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
        self._zoom_actions(bar)
        self.history_button = QToolButton()
        self.history_button.setText(tr("Lịch sử ô", "Cell history"))
        self.history_button.setCheckable(True)
        self.history_button.setChecked(True)
        self.history_button.setToolTip(tr("Hiện hoặc thu gọn bảng lịch sử của ô đang chọn",
                                          "Show or fold away the history of the current cell"))
        self.history_button.toggled.connect(self.show_history)
        bar.addWidget(self.history_button)
        # always there, one line high: a sentence appearing never moves the grid under the mouse
        self.message = MessageLine()
        self.mode_buttons[Mode.AGREED].setChecked(True)

        # the first splitter of the tab: the window remembers its sizes, a folded history included
        self.split = split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(self.history)
        split.setCollapsible(0, False)
        split.setCollapsible(1, True)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 1)
        split.setSizes([1060, 280])
        self._history_width = 280
        split.splitterMoved.connect(self._splitter_moved)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)

        self.model.refused.connect(self.show_message)
        self.model.saved.connect(self.clear_message)
        self.table.hint.connect(self.show_hint)
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
        self.message.say("⚠ " + text)
        cur = self.table.currentIndex()
        if cur.isValid():
            self.table.show_refusal(cur)

    def show_hint(self, text: str) -> None:
        """Why the key just typed did nothing; goes when the user moves on."""
        self.message.say("⚠ " + text, transient=True)

    def clear_message(self, *_args) -> None:
        """A value was saved: the refusal before it no longer holds."""
        self.message.clear()

    # ---- the history panel, folded or shown -------------------------------------------
    def history_shown(self) -> bool:
        return self.split.sizes()[1] > 0

    def show_history(self, shown: bool) -> None:
        sizes = self.split.sizes()
        if shown == (sizes[1] > 0):
            return
        total = sum(sizes)
        if shown:
            width = min(self._history_width, max(total // 3, 1))
            self.split.setSizes([total - width, width])
        else:
            self._history_width = sizes[1]
            self.split.setSizes([total, 0])
        self.history_button.setChecked(shown)

    def _splitter_moved(self, *_args) -> None:
        shown = self.history_shown()
        if shown:
            self._history_width = self.split.sizes()[1]
        self.history_button.blockSignals(True)
        self.history_button.setChecked(shown)
        self.history_button.blockSignals(False)

    # ---- zoom: Ctrl++ / Ctrl+− / Ctrl+0, the size remembered with the window's state ----------
    def _zoom_actions(self, bar: QHBoxLayout) -> None:
        self.points = BASE_POINTS
        self._zoom_restored = False
        for name, text, keys, step in (
                ("zoom_out", tr("Thu nhỏ bảng", "Zoom out"), ["Ctrl+-"], -1),
                ("zoom_in", tr("Phóng to bảng", "Zoom in"), ["Ctrl++", "Ctrl+="], 1),   # "=" is "+" unshifted
                ("zoom_reset", tr("Cỡ chữ bình thường", "Normal size"), ["Ctrl+0"], 0)):
            action = QAction(text, self)
            # each sequence once: an action listing one twice has an "ambiguous" shortcut that never fires
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _=False, st=step: self.zoom(st))
            self.addAction(action)
            setattr(self, f"act_{name}", action)
            if step:
                button = QToolButton()
                button.setDefaultAction(action)
                button.setText("A−" if step < 0 else "A+")
                button.setToolTip(f"{text} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
                bar.addWidget(button)

    def zoom(self, step: int) -> None:
        """One size bigger (1), smaller (-1) or back to normal (0)."""
        if step == 0:
            points = BASE_POINTS
        else:
            i = min(range(len(ZOOM_POINTS)), key=lambda k: abs(ZOOM_POINTS[k] - self.points))
            points = ZOOM_POINTS[min(max(i + step, 0), len(ZOOM_POINTS) - 1)]
        self.set_zoom(points)
        store = self._window_state()
        if store is not None:
            store.put("views/scores/points", points)
            store.sync()

    def set_zoom(self, points: int) -> None:
        self.points = points
        self.table.set_point_size(points)

    def _window_state(self):
        settings = getattr(self.window(), "settings", None)
        return getattr(settings, "window", None)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._zoom_restored:   # the window's state is reachable once the tab sits in it
            self._zoom_restored = True
            store = self._window_state()
            points = store.get_int("views/scores/points", BASE_POINTS) if store is not None else BASE_POINTS
            if points != BASE_POINTS and points in ZOOM_POINTS:
                self.set_zoom(points)
            self._splitter_moved()

    def _current_changed(self, current: QModelIndex, _previous=None) -> None:
        if self.message.transient:
            self.message.clear()
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
