"""The covenant: each member's signed target and actual figure per criterion, with achievement %."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QListWidget, QListWidgetItem, QSplitter,
                               QTableView, QVBoxLayout, QWidget)

from .. import wording
from ..domain.points import format_count, parse_number
from ..domain.season import Area
from ..services import scoring
from .grid_keys import GridKeys
from .i18n import explain, not_a_number, tr
from .widgets import MessageLine

IdRole = Qt.ItemDataRole.UserRole


def _count(value) -> str:
    return format_count(value, "." if wording.language() == "vi" else ",", "," if wording.language() == "vi" else ".")


class CovenantModel(QAbstractTableModel):
    """Rows are members; columns target, actual, % achieved and the points the figures earn."""

    refused = Signal(str)

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.criterion_id: str | None = None

    def set_criterion(self, criterion_id: str | None) -> None:
        self.beginResetModel()
        self.criterion_id = criterion_id
        self.endResetModel()

    def reset(self) -> None:
        self.beginResetModel()
        season = self.session.season
        if season is None or self.criterion_id not in season.criteria:
            self.criterion_id = None
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        season = self.session.season
        return 0 if parent.isValid() or season is None or self.criterion_id is None else len(season.members)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 4

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return (tr("Chỉ tiêu (kế hoạch)", "Target"), tr("Thực hiện", "Actual"), tr("Tỷ lệ đạt", "Achieved"),
                    tr("Điểm cụm chấm", "Agreed points"))[section]
        return self.session.season.members[section].short_name

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        season = self.session.season
        member = season.members[index.row()]
        fig = season.figure(member.id, self.criterion_id)
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                return _count(fig.target) if role == Qt.ItemDataRole.DisplayRole else wording.p(fig.target)
            if col == 1:
                return _count(fig.actual) if role == Qt.ItemDataRole.DisplayRole else wording.p(fig.actual)
            if col == 2:
                return f"{wording.p(fig.percent)}%" if fig.percent is not None else ""
            return wording.p(season.cell(member.id, self.criterion_id).agreed_points)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and col == 2 and fig.percent is not None:
            return QBrush(QColor("#e3f2e5") if fig.percent >= 100 else QColor("#fff4d6"))
        if role == Qt.ItemDataRole.BackgroundRole and col >= 2:
            return QBrush(QColor("#f3f5f7"))
        return None

    def flags(self, index):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() < 2 and self.session.editable(Area.SCORES):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() > 1:
            return False
        season = self.session.season
        member = season.members[index.row()]
        try:
            number = parse_number(value)
        except ValueError:
            self.refused.emit(f"{member.short_name}: " + explain(not_a_number(str(value))))
            return False
        field = "target" if index.column() == 0 else "actual"
        try:
            self.session.call(scoring.record_figures, season.id, member.id, self.criterion_id, **{field: number},
                              expected=season.figure(member.id, self.criterion_id))
        except Exception as exc:   # refused: shown as a sentence
            self.refused.emit(f"{member.short_name}: " + explain(exc))
            return False
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), 3))
        # a figure-scored criterion just got its points: the grid and ranking follow
        self.session.scores_changed.emit([member.id])
        self.refused.emit("")
        return True


class CovenantTab(QWidget):
    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.criteria = QListWidget()
        self.criteria.setWordWrap(True)
        self.model = CovenantModel(session, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Enter moves down, Tab across and on to the next member's target, as in Excel; a key typed
        # on a computed column says why instead of jumping to another member's row
        self.keys = GridKeys(self.table, 0, self.why_not, lambda text: self.message.say("⚠ " + text, transient=True))
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold; font-size: 11pt")
        self.method = QLabel()
        self.method.setWordWrap(True)
        self.method.setStyleSheet("color: #555")
        self.message = MessageLine()   # one fixed line: a sentence never pushes the grid down
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.title)
        rv.addWidget(self.method)
        rv.addWidget(self.message)
        rv.addWidget(self.table, 1)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        head = QLabel(tr("Tiêu chí có chỉ tiêu giao ước", "Criteria with covenant targets"))
        head.setStyleSheet("font-weight: bold")
        lv.addWidget(head)
        lv.addWidget(self.criteria)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([430, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.criteria.currentItemChanged.connect(self._picked)
        self.model.refused.connect(self._message)
        self.table.selectionModel().currentChanged.connect(self._moved)
        session.season_changed.connect(self.reload)
        session.structure_changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        season = self.session.season
        current = self.model.criterion_id
        self.criteria.blockSignals(True)
        self.criteria.clear()
        if season is not None:
            for leaf in season.criteria.leaves():
                if leaf.method is None or not leaf.method.uses_figures:
                    continue
                code = season.criteria.path_code(leaf.id)
                item = QListWidgetItem(f"{code}  {leaf.title}")
                item.setData(IdRole, leaf.id)
                self.criteria.addItem(item)
                if leaf.id == current:
                    self.criteria.setCurrentItem(item)
        self.criteria.blockSignals(False)
        if self.criteria.currentItem() is None and self.criteria.count():
            self.criteria.setCurrentRow(0)
        else:
            self.model.reset()
            self._describe()

    def select(self, criterion_id: str) -> None:
        for i in range(self.criteria.count()):
            if self.criteria.item(i).data(IdRole) == criterion_id:
                self.criteria.setCurrentRow(i)

    def _picked(self, item, _prev=None) -> None:
        self.model.set_criterion(item.data(IdRole) if item else None)
        self._describe()

    def _describe(self) -> None:
        season = self.session.season
        if season is None or self.model.criterion_id is None:
            self.title.setText("")
            self.method.setText("")
            return
        leaf = season.criteria.get(self.model.criterion_id)
        self.title.setText(f"{season.criteria.path_code(leaf.id)}. {leaf.title}")
        unit = f" · {tr('đơn vị tính', 'unit')}: {leaf.unit}" if leaf.unit else ""
        self.method.setText(tr("Cách chấm: ", "Method: ") + wording.method_name(leaf.method)
                            + f" · {tr('tối đa', 'max')} {wording.p(season.criteria.maximum(leaf.id))} "
                            + tr("điểm", "points") + unit
                            + tr(" — điểm được tính từ số liệu khi nhập.", " — points follow from the figures."))

    def _message(self, text: str) -> None:
        """A refusal, or "" once a figure was saved (the refusal no longer holds)."""
        self.message.say(("⚠ " + text) if text else "")

    def _moved(self, *_args) -> None:
        if self.message.transient:
            self.message.clear()

    def why_not(self, index) -> str:
        """Why a cell of the covenant takes no typing."""
        if index.column() >= 2:
            return tr("Tỷ lệ đạt và điểm được tính tự động từ số liệu — hãy nhập chỉ tiêu và số thực hiện.",
                      "The rate and the points follow from the figures — type the target and the actual.")
        if not self.session.editable(Area.SCORES):
            season = self.session.season
            if self.session.read_only:
                from .i18n import ReviewOnly
                return explain(ReviewOnly())
            from ..domain.errors import SeasonLocked
            return explain(SeasonLocked(state=season.state.value, action="scores"))
        return ""
