"""Keys that move and edit as in Excel, shared by every grid a user types figures into.

Not editing: Enter / Shift+Enter move down / up, Tab / Shift+Tab right / left, wrapping at
the end of a row to the first editable cell of the next row (never into the grid's frozen
label columns); typing starts an edit that replaces the value; F2 edits keeping it. A key typed
on a computed or locked cell changes nothing and does not move: the grid says why instead
(QAbstractItemView's keyboard search would jump to a row starting with that digit, and a fast
typist would then enter scores into the wrong cell).

Editing: Enter / Tab (and their Shift variants) commit and move the same way; an arrow key
commits and moves when the edit was started by typing, and moves the text cursor after F2,
as in Excel; Esc cancels. A value the model refuses keeps its editor open with what was typed.

For a form of spin boxes (the ballot) `FormKeys` gives Enter / arrows the same meaning:
Enter and Down go to the next field, Shift+Enter and Up to the previous one.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QAbstractSpinBox, QLineEdit, QStyledItemDelegate, QTableView, QWidget

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
ARROWS = {Qt.Key.Key_Up: (-1, 0), Qt.Key.Key_Down: (1, 0), Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1)}


def _typed_text(event) -> str:
    """The character a key press types, or "" for a shortcut or a movement key."""
    mods = event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                                | Qt.KeyboardModifier.MetaModifier)
    text = event.text()
    return text if text and not mods and text.isprintable() else ""


def _step(event) -> tuple[int, int] | None:
    """(rows, columns) an Enter or Tab press moves by, or None for any other key."""
    shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
    if event.key() in ENTER_KEYS:
        return (-1, 0) if shift else (1, 0)
    if event.key() == Qt.Key.Key_Backtab or (event.key() == Qt.Key.Key_Tab and shift):
        return (0, -1)
    if event.key() == Qt.Key.Key_Tab:
        return (0, 1)
    return None


class GridKeys(QObject):
    """The Excel keys on one table view: install with `GridKeys(view, first_column, why_not)`.

    `first_column`: the first column a user types into (the ones before it are frozen labels).
    `why_not(index)`: the sentence saying why a cell takes no typing (computed, locked), shown
    through `say(text)` when a key is typed on it.
    """

    def __init__(self, view: QTableView, first_column: int = 0,
                 why_not: Callable[[QModelIndex], str] | None = None,
                 say: Callable[[str], None] | None = None) -> None:
        super().__init__(view)
        self.view = view
        self.first_column = first_column
        self.why_not = why_not
        self.say = say
        self.typing = False    # the current edit was started by typing (arrows then commit and move)
        view.grid_keys = self
        view.setTabKeyNavigation(True)
        view.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        delegate = view.itemDelegate()
        if not isinstance(delegate, ExcelDelegate):
            view.setItemDelegate(ExcelDelegate(view))
        view.installEventFilter(self)

    # ---- where a move lands ---------------------------------------------------------------
    def _editable(self, row: int, col: int) -> bool:
        model = self.view.model()
        return bool(model.flags(model.index(row, col)) & Qt.ItemFlag.ItemIsEditable)

    def _visible_rows(self) -> list[int]:
        return [r for r in range(self.view.model().rowCount()) if not self.view.isRowHidden(r)]

    def _visible_cols(self) -> list[int]:
        return [c for c in range(self.first_column, self.view.model().columnCount())
                if not self.view.isColumnHidden(c)]

    def target(self, drow: int, dcol: int) -> QModelIndex:
        """The cell Enter (drow) or Tab (dcol) moves to from the current one.

        Like a protected sheet in Excel, the move skips cells that take no typing (group and
        total rows, criteria not assigned); when nothing ahead is editable it moves one cell.
        """
        view, model = self.view, self.view.model()
        cur = view.currentIndex()
        rows, cols = self._visible_rows(), self._visible_cols()
        if not rows or not cols:
            return QModelIndex()
        if not cur.isValid():
            return model.index(rows[0], cols[0])
        r = rows.index(cur.row()) if cur.row() in rows else 0
        c = cols.index(cur.column()) if cur.column() in cols else 0
        if drow:
            line = [(rows[i], cols[c]) for i in (range(r + 1, len(rows)) if drow > 0 else range(r - 1, -1, -1))]
            plain = (rows[min(max(r + drow, 0), len(rows) - 1)], cols[c])
        else:
            order = [(row, col) for row in rows for col in cols]
            here = order.index((rows[r], cols[c]))
            line = order[here + 1:] if dcol > 0 else order[:here][::-1]
            plain = line[0] if line else (rows[r], cols[c])
        found = next((cell for cell in line if self._editable(*cell)), plain)
        return model.index(*found)

    def move(self, drow: int, dcol: int) -> None:
        index = self.target(drow, dcol)
        if index.isValid():
            self.view.setCurrentIndex(index)

    def step(self, drow: int, dcol: int) -> None:
        """One cell in an arrow's direction, staying right of the frozen columns."""
        view, model = self.view, self.view.model()
        cur = view.currentIndex()
        if not cur.isValid():
            return
        row = min(max(cur.row() + drow, 0), model.rowCount() - 1)
        col = min(max(cur.column() + dcol, self.first_column), model.columnCount() - 1)
        view.setCurrentIndex(model.index(row, col))

    # ---- keys on the view (not editing) -----------------------------------------------------
    def eventFilter(self, obj, event) -> bool:
        if obj is not self.view or event.type() != QEvent.Type.KeyPress:
            return False
        if self.view.state() == QAbstractItemView.State.EditingState:
            return False
        step = _step(event)
        if step is not None:
            self.move(*step)
            return True
        cur = self.view.currentIndex()
        editable = cur.isValid() and bool(self.view.model().flags(cur) & Qt.ItemFlag.ItemIsEditable)
        if event.key() == Qt.Key.Key_F2 and editable:
            self.typing = False
            self.view.edit(cur)
            editor = self.view.indexWidget(cur)
            if isinstance(editor, QLineEdit):   # F2 keeps the value: cursor at its end, nothing selected
                editor.deselect()
                editor.end(False)
            return True
        if _typed_text(event):
            if editable:
                self.typing = True
                return False        # the view starts an edit that replaces the value
            if cur.isValid() and self.why_not is not None and self.say is not None:
                reason = self.why_not(cur)
                if reason:
                    self.say(reason)
            return True             # never a keyboard search: the selection stays put
        return False


class ExcelDelegate(QStyledItemDelegate):
    """The editor's side of the Excel keys: Enter/Tab commit and move; a refused value keeps its editor."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view

    def createEditor(self, parent, option, index) -> QWidget:
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            editor.setFrame(False)
        return editor

    def _keys(self) -> GridKeys | None:
        return getattr(self.view, "grid_keys", None)

    def commit(self, editor: QWidget) -> bool:
        """Save the editor's value; False (and the editor kept with what was typed) when refused."""
        index = self.view.currentIndex()
        model = self.view.model()
        name = editor.metaObject().userProperty().name()
        value = editor.property(name) if name else None
        if not index.isValid() or not model.setData(index, value, Qt.ItemDataRole.EditRole):
            if name:   # a refresh after the refusal may have put the stored value back: keep the typed one
                editor.setProperty(name, value)
            return False
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
        return True

    def eventFilter(self, editor, event) -> bool:
        keys = self._keys()
        if keys is None or event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(editor, event)
        move = _step(event)
        if move is None and event.key() in ARROWS and keys.typing and not event.modifiers():
            move = ARROWS[event.key()]
            if self.commit(editor):
                keys.step(*move)
            return True
        if move is not None:
            if self.commit(editor):
                keys.move(*move)
            return True
        return super().eventFilter(editor, event)


class FormKeys(QObject):
    """Enter and the arrows on a column of spin boxes move between them, as Enter moves down a grid."""

    def __init__(self, parent: QObject, fields: Callable[[], list[QAbstractSpinBox]]) -> None:
        super().__init__(parent)
        self.fields = fields
        for field in fields():
            field.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if event.key() in ENTER_KEYS:
            delta = -1 if shift else 1
        elif event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not event.modifiers():
            delta = -1 if event.key() == Qt.Key.Key_Up else 1
        else:
            return False
        fields = [f for f in self.fields() if f.isVisibleTo(f.window()) and f.isEnabled()]
        if obj not in fields:
            return False
        i = min(max(fields.index(obj) + delta, 0), len(fields) - 1)
        obj.interpretText()      # what was typed counts before leaving the field
        fields[i].setFocus(Qt.FocusReason.TabFocusReason)
        fields[i].selectAll()    # typing replaces the value, as in a grid cell
        return True
