"""Small widgets every view uses the same way."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def refusal_label() -> QLabel:
    """The hidden red line where a view says why it refused a change (shown with the sentence)."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #b71c1c; font-weight: bold")
    label.hide()
    return label
