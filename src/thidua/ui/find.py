"""Ctrl+F: find a member or a criterion by name or code, accents optional, and jump to it in the score grid."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QItemSelection, QItemSelectionModel
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from ..domain.text import fold
from .i18n import tr


def _words(text: str) -> str:
    """Folded, punctuation as spaces: "dao tao boi duong" finds "Đào tạo, bồi dưỡng"."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


@dataclass(frozen=True)
class Match:
    kind: str        # "member" or "criterion"
    key: str         # the member's or the criterion's id
    label: str       # what the list shows


def find(season, query: str) -> list[Match]:
    """Members whose short or full name, and criteria whose code or title, contain the query.

    Accents, đ and case are ignored ("thai binh" finds "Thái Bình"); a query equal to a
    criterion's printed code ("II.3", "ii") lists that criterion first.
    """
    wanted = _words(query)
    code_wanted = fold(query).rstrip(".)")
    if season is None or not wanted:
        return []
    members = [Match("member", m.id, f"{m.short_name} — {m.full_name}" if m.full_name else m.short_name)
               for m in season.members
               if wanted in _words(m.short_name) or wanted in _words(m.full_name or "")]
    by_code, by_title = [], []
    table = season.criteria
    for node, _depth in table.walk():
        code = table.path_code(node.id)
        match = Match("criterion", node.id, f"{code}. {node.title}" if code else node.title)
        if code and fold(code) == code_wanted:
            by_code.append(match)
        elif wanted in _words(node.title):
            by_title.append(match)
    return members + by_code + by_title


class FindDialog(QDialog):
    """A small non-modal box: type, see the matches, Enter/F3 jumps to the next one, Esc closes."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.setWindowTitle(tr("Tìm đơn vị hoặc tiêu chí", "Find a member or criterion"))
        self.setModal(False)
        self.resize(420, 260)
        self.query = QLineEdit()
        self.query.setPlaceholderText(tr("Tên đơn vị, mã hoặc tên tiêu chí (gõ không dấu cũng được)",
                                         "Member name, criterion code or title (accents optional)"))
        self.query.setClearButtonEnabled(True)
        self.matches_list = QListWidget()
        self.status = QLabel()
        self.status.setStyleSheet("color: #555")
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.matches_list, 1)
        layout.addWidget(self.status)
        self.matches: list[Match] = []
        self.position = -1
        self.query.textChanged.connect(self.search)
        self.query.returnPressed.connect(self.next_match)
        self.matches_list.itemActivated.connect(lambda item: self.go(self.matches_list.row(item)))
        self.matches_list.itemClicked.connect(lambda item: self.go(self.matches_list.row(item)))
        # F3 everywhere, and the platform's own "find next" where it is another key (Ctrl+G on macOS);
        # the same key twice would make both shortcuts ambiguous and neither fire
        keys = {QKeySequence("F3").toString()} | {k.toString() for k in
                                                 QKeySequence.keyBindings(QKeySequence.StandardKey.FindNext)}
        for key in sorted(keys):
            QShortcut(QKeySequence(key), self, self.next_match)

    def open_with(self, text: str | None = None) -> None:
        if text is not None:
            self.query.setText(text)
        if not self.isVisible():   # beside the grid's right edge, not over the columns it selects
            frame = self.window.geometry()
            self.move(frame.right() - self.width() - 24, frame.top() + 120)
        self.show()
        self.raise_()
        self.activateWindow()
        self.query.setFocus()
        self.query.selectAll()

    def search(self, *_args) -> list[Match]:
        session = self.window.session
        self.matches = find(session.season if session else None, self.query.text())
        self.position = -1
        self.matches_list.clear()
        for m in self.matches:
            prefix = tr("Đơn vị: ", "Member: ") if m.kind == "member" else tr("Tiêu chí: ", "Criterion: ")
            QListWidgetItem(prefix + m.label, self.matches_list)
        if not self.query.text().strip():
            self.status.setText("")
        elif not self.matches:
            self.status.setText(tr("Không tìm thấy đơn vị hay tiêu chí nào khớp.", "No member or criterion matches."))
        else:
            self.status.setText(tr(f"{len(self.matches)} kết quả — Enter hoặc F3 để chuyển đến kết quả tiếp theo.",
                                   f"{len(self.matches)} matches — Enter or F3 goes to the next one."))
        return self.matches

    def next_match(self) -> Match | None:
        if not self.matches:
            return None
        return self.go((self.position + 1) % len(self.matches))

    def go(self, position: int) -> Match | None:
        if not 0 <= position < len(self.matches):
            return None
        self.position = position
        self.matches_list.setCurrentRow(position)
        match = self.matches[position]
        jump_to(self.window, match)
        return match


def jump_to(window, match: Match) -> bool:
    """Show the score grid with the member's column, or the criterion's row, selected and in view."""
    view = window.views.get("scores")
    if view is None:
        return False
    window.tabs.setCurrentWidget(view)
    table, model = view.table, view.model
    selection = table.selectionModel()
    current = table.currentIndex()
    if match.kind == "member":
        col = next((c for c in range(model.columnCount()) if model.member_at(c) == match.key), None)
        if col is None:
            return False
        row = current.row() if current.isValid() else next(
            (i for i in range(model.rowCount()) if model.leaf_at(i) is not None), 0)
        index = model.index(row, col)
        table.setCurrentIndex(index)
        top, bottom = model.index(0, col), model.index(model.rowCount() - 1, col)
    else:
        row = next((i for i, r in enumerate(model.rows) if r.node_id == match.key), None)
        if row is None:
            return False
        col = current.column() if current.isValid() and model.member_at(current.column()) else next(
            (c for c in range(model.columnCount()) if model.member_at(c) is not None), 0)
        index = model.index(row, col)
        table.setCurrentIndex(index)
        top, bottom = model.index(row, 0), model.index(row, model.columnCount() - 1)
    selection.select(QItemSelection(top, bottom), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    table.scrollTo(index)
    return True
