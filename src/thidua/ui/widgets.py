"""Small widgets every view uses the same way."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy


class MessageLine(QLabel):
    """A view's message place: one line that is always there, so showing a sentence never moves
    the grid under the mouse (a bar appearing above it did, and the next click hit the wrong row).

    `say(text, transient)` shows a sentence; `clear()` empties it. A transient one (a hint about
    the key just typed) also goes when the user moves to another cell. `hide()` empties it too,
    and `show()` keeps the line where it is, so code written for a hidden label keeps working.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.full = ""
        self.transient = False
        self.setStyleSheet("color: #b71c1c; font-weight: bold; padding: 0 2px")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setFixedHeight(self.fontMetrics().height() + 6)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def say(self, text: str, transient: bool = False) -> None:
        self.transient = transient and bool(text)
        self.setText(text)

    def setText(self, text: str) -> None:   # noqa: N802 - Qt override
        self.full = text or ""
        self.setToolTip(self.full)
        self._elide()

    def text(self) -> str:
        return self.full

    def clear(self) -> None:
        self.transient = False
        self.setText("")

    def setVisible(self, visible: bool) -> None:   # noqa: N802 - Qt override
        if self.parentWidget() is None:   # not placed yet: a plain widget
            super().setVisible(visible)
            return
        if not visible:
            self.clear()
        super().setVisible(True)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        # a long sentence is shortened on the line; its tooltip holds it whole
        shown = self.fontMetrics().elidedText(self.full, Qt.TextElideMode.ElideRight, max(self.width() - 6, 40))
        super().setText(shown)
