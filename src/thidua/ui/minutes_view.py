"""Placeholder view (being written)."""

from PySide6.QtWidgets import QLabel


class MinutesTab(QLabel):
    def __init__(self, session, parent=None):
        super().__init__("…", parent)
        self.session = session

    def print_preview(self):
        pass
