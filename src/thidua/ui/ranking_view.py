"""The ranking screen: totals, ranks, ties and what settled them, a bar chart, breakdown and years."""

from __future__ import annotations

import errno
import os
from decimal import Decimal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPoint, QRectF, Qt, QTimer
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QPainter, QPen, QPixmap, QRegion
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QSplitter, QTableView, QTableWidget, QTableWidgetItem, QToolButton, QVBoxLayout,
                               QWidget)

from .. import wording
from ..domain.season import Action
from ..services import outcome, scoring
from .dialogs import TieDecisionDialog
from .i18n import explain, tr
from .season_rules import year_awards_text
from .widgets import MessageLine


def note_of(row) -> str:
    """Why a member holds its place: shared rank, a tie-breaker, the committee's decision, gaps."""
    return wording.rank_note(row)


def _fit_rows_on_resize(table: QTableWidget) -> None:
    """Row heights follow the wrapped text once the columns have their final widths (after layout)."""
    timer = QTimer(table)
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(table.resizeRowsToContents)
    table.horizontalHeader().sectionResized.connect(lambda *_: timer.start())


class RankingModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.result = None

    def set_result(self, result) -> None:
        self.beginResetModel()
        self.result = result
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or self.result is None else len(self.result.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 5

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (tr("Hạng", "Rank"), tr("Đơn vị", "Member"), tr("Tổng điểm", "Total"),
                    tr("Xếp loại", "Classification"), tr("Ghi chú", "Note"))[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.result.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (str(row.rank), row.full_name, wording.p(row.total), row.classification or "",
                    note_of(row))[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (0, 2, 3):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and row.tie:
            return QBrush(QColor("#fff4d6"))
        if role == Qt.ItemDataRole.BackgroundRole and row.decided is not None:
            return QBrush(QColor("#e8eefb"))
        if role == Qt.ItemDataRole.FontRole and index.column() in (0, 2):
            font = QFont()
            font.setBold(True)
            return font
        return None


class BarChart(QWidget):
    """Totals as horizontal bars against the table's maximum, best first (drawn with QPainter)."""

    PNG_WIDTH = 1200     # a saved chart is drawn afresh at this width, whatever the window's size
    PNG_ROW = 30         # … and this height per member

    def __init__(self, parent=None, saving: bool = True) -> None:
        super().__init__(parent)
        self.result = None
        self.setMinimumSize(320, 200)
        self.last_saved = None
        if saving:   # the chart on screen offers "save as PNG"; the copy drawn for the file does not
            self.btn_save = QToolButton(self)
            self.btn_save.setText(tr("Lưu ảnh…", "Save image…"))
            self.btn_save.setToolTip(tr("Lưu biểu đồ thành ảnh PNG…", "Save the chart as a PNG image…"))
            self.btn_save.clicked.connect(lambda: self.save_png())
            self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            action = QAction(tr("Lưu biểu đồ thành ảnh PNG…", "Save the chart as a PNG image…"), self)
            action.triggered.connect(lambda: self.save_png())
            self.addAction(action)

    def set_result(self, result) -> None:
        self.result = result
        self.update()

    def resizeEvent(self, event) -> None:
        if hasattr(self, "btn_save"):
            hint = self.btn_save.sizeHint()
            self.btn_save.move(self.width() - hint.width() - 4, 2)
        super().resizeEvent(event)

    def image(self, width: int | None = None) -> QPixmap:
        """The chart drawn afresh at a printable size: PNG_WIDTH wide, PNG_ROW per member."""
        rows = len(self.result.rows) if self.result is not None else 0
        copy = BarChart(saving=False)
        copy.setFont(self.font())
        copy.set_result(self.result)
        width = width or self.PNG_WIDTH
        height = copy.fontMetrics().height() + 8 + self.PNG_ROW * max(rows, 1) + 16
        copy.resize(width, height)
        pixmap = QPixmap(width, height)
        pixmap.fill(QColor("white"))
        copy.render(pixmap, QPoint(), QRegion(), QWidget.RenderFlag.DrawWindowBackground)
        copy.deleteLater()
        return pixmap

    def save_png(self, path=None):
        """Save the chart as a PNG (asked for when `path` is None); written whole or not at all."""
        from pathlib import Path

        from ..files import atomic_output

        if self.result is None or not self.result.rows:
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, tr("Lưu biểu đồ thành ảnh PNG", "Save the chart as PNG"),
                                                  tr("Biểu đồ xếp hạng.png", "Ranking chart.png"),
                                                  tr("Ảnh PNG (*.png)", "PNG image (*.png)"))
            if not path:
                return None
        path = Path(path)
        if path.suffix.lower() != ".png":
            path = path.with_name(path.name + ".png")
        try:
            with atomic_output(path) as tmp:
                if not self.image().save(str(tmp), "PNG"):
                    raise OSError(errno.EIO, os.strerror(errno.EIO), str(path))
        except OSError as exc:   # a folder we may not write, a full disk: one sentence
            self._tell(wording.os_refusal(exc, path), error=True)
            return None
        self.last_saved = path
        self._tell(tr(f"Đã lưu biểu đồ: {path}", f"Chart saved: {path}"))
        return path

    def _tell(self, message: str, error: bool = False) -> None:
        window = self.window()
        if error and hasattr(window, "show_error"):
            window.show_error(message)
        elif hasattr(window, "statusBar"):
            window.statusBar().showMessage(message, 10000)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        if self.result is None or not self.result.rows:
            return
        rows = self.result.rows
        # what ranks is what the bars show: the total, or the rate achieved (of 100 %) when the season ranks by it
        by_rate = getattr(self.result, "by_rate", False)
        top = Decimal(100) if by_rate else self.result.max_total
        values = [(r.rate if by_rate else r.total) or Decimal(0) for r in rows]
        top_value = max([top, *values]) or Decimal(1)
        metrics = painter.fontMetrics()
        label_w = max(metrics.horizontalAdvance(r.member) for r in rows) + 12
        value_w = metrics.horizontalAdvance("100,00") + 10
        title_h = metrics.height() + 8
        painter.setPen(QColor("#222"))
        bold = painter.font()
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(QRectF(8, 2, self.width() - 16, title_h), Qt.AlignmentFlag.AlignLeft,
                         tr("Tỷ lệ đạt (%)", "Rate achieved (%)") if by_rate else
                         tr(f"Tổng điểm (tối đa {wording.p(self.result.max_total)})",
                            f"Totals (maximum {wording.p(self.result.max_total)})"))
        painter.setFont(self.font())
        avail_h = self.height() - title_h - 8
        bar_h = max(8.0, min(26.0, avail_h / len(rows)))
        chart_w = max(10, self.width() - label_w - value_w - 16)
        for i, r in enumerate(rows):
            y = title_h + i * bar_h
            painter.setPen(QColor("#222"))
            painter.drawText(QRectF(8, y, label_w - 8, bar_h), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                             r.member)
            width = float(max(values[i], Decimal(0)) / top_value) * chart_w
            colour = QColor("#2e7d32") if r.rank == 1 else QColor("#e0a800") if r.tie else QColor("#3b6ea5")
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRect(QRectF(label_w + 4, y + 3, width, bar_h - 6))
            painter.setPen(QColor("#222"))
            painter.drawText(QRectF(label_w + 8 + width, y, value_w, bar_h), Qt.AlignmentFlag.AlignVCenter,
                             wording.p(values[i]) + ("%" if by_rate else ""))
        # the maximum as a dashed line: how far every member is from a full score
        x = label_w + 4 + float(top / top_value) * chart_w
        painter.setPen(QPen(QColor("#999"), 1, Qt.PenStyle.DashLine))
        painter.drawLine(int(x), title_h, int(x), int(title_h + bar_h * len(rows)))


class RankingTab(QWidget):
    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = RankingModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.chart = BarChart()
        self.ties = QLabel()
        self.ties.setWordWrap(True)
        self.ties.setStyleSheet("color: #8a5a00")
        self.btn_decide = QPushButton(tr("Ghi kết quả biểu quyết thứ hạng…", "Record the committee's order…"))
        self.btn_decide.clicked.connect(lambda: self.decide_tie())
        self.message = MessageLine()
        self.tie_bar = QWidget()
        tie_row = QHBoxLayout(self.tie_bar)
        tie_row.setContentsMargins(0, 0, 0, 0)
        tie_row.addWidget(self.ties, 1)
        tie_row.addWidget(self.btn_decide, 0, Qt.AlignmentFlag.AlignTop)

        self.breakdown_title = QLabel()
        self.breakdown_title.setStyleSheet("font-weight: bold")
        self.breakdown = QTableWidget(0, 3)
        self.breakdown.setHorizontalHeaderLabels([tr("Nhóm tiêu chí", "Group"), tr("Điểm", "Points"),
                                                  tr("Tối đa", "Max")])
        self.breakdown.verticalHeader().hide()
        self.breakdown.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # the group's name takes the width the figures leave and wraps onto more lines, never cut off
        self.breakdown.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.breakdown.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.breakdown.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.breakdown.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.breakdown.setWordWrap(True)
        _fit_rows_on_resize(self.breakdown)
        self.years_title = QLabel(tr("Thứ hạng qua các năm", "Rank over the years"))
        self.years_title.setStyleSheet("font-weight: bold")
        self.years = QTableWidget(0, 4)
        self.years.setHorizontalHeaderLabels([tr("Năm", "Year"), tr("Hạng", "Rank"), tr("Tổng điểm", "Total"),
                                              tr("Khen thưởng, quyết định của cấp trên", "Awards, higher council")])
        self.years.verticalHeader().hide()
        self.years.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.years.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.years.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.years.setWordWrap(True)
        self.years.setTextElideMode(Qt.TextElideMode.ElideNone)
        _fit_rows_on_resize(self.years)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.table, 3)
        lv.addWidget(self.tie_bar)
        lv.addWidget(self.message)
        lv.addWidget(self.chart, 2)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.breakdown_title)
        rv.addWidget(self.breakdown, 3)
        rv.addWidget(self.years_title)
        rv.addWidget(self.years, 2)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([880, 460])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.show_member(cur.row()))
        session.season_changed.connect(self.refresh)
        session.structure_changed.connect(self.refresh)
        session.scores_changed.connect(lambda _ids: self.refresh_soon())
        self._stale = False
        self.refresh()

    def refresh_soon(self) -> None:
        """After a score edit: refresh now if shown, else when next shown (keeps typing in the grid fast)."""
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        self._stale = False
        season = self.session.season
        selected = self.table.currentIndex().row()
        result = scoring.ranking_of(season) if season is not None and season.members else None
        self.result = result
        self.model.set_result(result)
        self.chart.set_result(result)
        texts = []
        if result is not None:
            names = {m.id: m.short_name for m in season.members}
            for group in result.unresolved:
                texts.append(tr("Đồng điểm chưa phân định, cần Cụm biểu quyết: ",
                                "Tie no tie-breaker settles, for the committee to vote: ")
                             + ", ".join(names[m] for m in group))
        self.ties.setText("\n".join(texts))
        self.tie_bar.setVisible(bool(texts))
        decide_refusal = self.session.refusal(Action.DECIDE_TIE)   # the committee orders ties in Bình xét
        self.btn_decide.setEnabled(bool(texts) and decide_refusal is None)
        self.btn_decide.setToolTip(decide_refusal or "")
        if result is not None and result.rows:
            self.table.selectRow(selected if 0 <= selected < len(result.rows) else 0)
            self.show_member(max(selected, 0) if selected < len(result.rows) else 0)

    def tie_groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The ties the committee still has to order, as the dialog lists them."""
        season = self.session.season
        if season is None or self.result is None:
            return []
        names = {m.id: m.short_name for m in season.members}
        rank_of = {r.member_id: r.rank for r in self.result.rows}
        groups = []
        for group in self.result.unresolved:
            label = tr(f"Đồng hạng {rank_of[group[0]]}: ", f"Shared rank {rank_of[group[0]]}: ") + \
                ", ".join(names[m] for m in group)
            groups.append((label, [(m, names[m]) for m in group]))
        return groups

    def decide_tie(self, order: list[str] | None = None, note: str = ""):
        """Record the committee's order of a tie (asked for in a dialog when `order` is None)."""
        if order is None:
            groups = self.tie_groups()
            if not groups:
                return None
            dialog = TieDecisionDialog(groups, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            order, note = dialog.value
        try:
            seen = self.session.season.value_of("decision", tuple(sorted(order)), "order")
            self.session.call(outcome.decide_tie, self.session.season_id, order, note, expected=seen)
        except Exception as exc:   # a refusal is a sentence under the table
            self.message.setText("⚠ " + explain(exc))
            self.message.show()
            self.session.structure_changed.emit()
            return None
        self.message.hide()
        self.session.structure_changed.emit()
        return True

    def show_member(self, row: int) -> None:
        season = self.session.season
        if self.result is None or not 0 <= row < len(self.result.rows) or season is None:
            return
        r = self.result.rows[row]
        tally = season.tally(r.member_id)
        # the member's own maxima: rows not assigned to it are not in them
        maxima = season.criteria.maxima_without(season.criteria.exempt(r.member_id))
        self.breakdown_title.setText(tr("Điểm theo nhóm: ", "By group: ") + r.full_name)
        groups = [n for n in season.criteria.roots()]
        self.breakdown.setRowCount(len(groups) + 1)
        for i, node in enumerate(groups):
            label = f"{node.code}. {node.title}" if node.code else node.title
            for c, text in enumerate((label, wording.p(tally.subtotals.get(node.id)), wording.p(maxima[node.id]))):
                item = QTableWidgetItem(text)
                item.setToolTip(label)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.breakdown.setItem(i, c, item)
        last = len(groups)
        for c, text in enumerate((tr("Tổng cộng", "Total"), wording.p(tally.total),
                                  wording.p(tally.maximum if tally.maximum is not None else season.criteria.max_total()))):
            item = QTableWidgetItem(text)
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            if c:
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.breakdown.setItem(last, c, item)
        self.breakdown.resizeRowsToContents()
        years = self.session.read(outcome.member_over_years, season.cluster_id, r.member_id)
        self.years_title.setText(tr("Thứ hạng qua các năm: ", "Rank over the years: ") + r.member)
        self.years.setRowCount(len(years))
        for i, y in enumerate(years):
            rank = tr(f"{y.rank}/{y.members}", f"{y.rank} of {y.members}") if y.rank is not None else "—"
            if y.provisional:
                rank += tr(" (tạm tính)", " (provisional)")
            for c, text in enumerate((str(y.year), rank, wording.p(y.total), year_awards_text(y))):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter if c < 3 else Qt.AlignmentFlag.AlignLeft)
                item.setToolTip(text)
                self.years.setItem(i, c, item)
        self.years.resizeRowsToContents()
