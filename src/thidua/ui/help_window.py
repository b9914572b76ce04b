"""F1: the user guide bundled in resources/help/<language>/, one HTML page per task of the year.

The pages are plain HTML that QTextBrowser shows (no web engine in the bundle); the contents list
on the left comes from the guide's own index page, so adding a page means adding one link there.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QUrl, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QHBoxLayout, QListWidget, QListWidgetItem, QSplitter, QTextBrowser, QToolButton,
                               QVBoxLayout, QWidget)

from .. import wording
from ..resources import resources_dir
from .i18n import tr

INDEX = "index.html"
# the page F1 opens for each tab of the main window (context help); the start page when none is open
TAB_PAGES = {"scores": "cham-diem.html", "ranking": "xep-hang.html", "structure": "don-vi-tieu-chi.html",
             "covenant": "giao-uoc.html", "awards": "khen-thuong.html", "minutes": "bien-ban.html"}
START_PAGE = "bat-dau.html"
_LINK = re.compile(r'<li><a href="([^"#]+\.html)">([^<]+)</a>')


def help_dir(language: str | None = None) -> Path:
    """The guide's folder in the app's language (Vietnamese unless English was chosen)."""
    language = language or wording.language()
    return resources_dir() / "help" / ("en" if language == "en" else "vi")


def contents(folder: Path) -> list[tuple[str, str]]:
    """(file name, title) of every page, in the order the index lists them (the index first)."""
    text = (folder / INDEX).read_text(encoding="utf-8")
    title = re.search(r"<title>([^<]+)</title>", text)
    pages = [(INDEX, title.group(1) if title else "thidua")]
    for name, label in _LINK.findall(text):
        if name not in (p for p, _t in pages):
            pages.append((name, label))
    return pages


class HelpWindow(QWidget):
    """The guide in its own window: contents on the left, the page on the right, back and forward."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(tr("Hướng dẫn sử dụng thidua", "thidua user guide"))
        self.folder = help_dir()
        self.pages = contents(self.folder)
        self.toc = QListWidget()
        for name, title in self.pages:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.toc.addItem(item)
        self.toc.setMinimumWidth(220)
        self.toc.setWordWrap(True)      # long titles wrap instead of being cut
        self.toc.setSpacing(3)
        self.toc.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)   # http(s) links go to the system browser
        self.browser.document().setDefaultStyleSheet(
            "body { font-size: 11pt; } h1 { font-size: 17pt; color: #1f4e79; } h2 { font-size: 13pt; color: #1f4e79; }"
            "td, th { padding: 3px 6px; } th { background: #e8eef6; } .tip { background: #fff8e1; }"
            "kbd { font-family: monospace; background: #eee; }")
        self.back = self._button("◀ " + tr("Trở lại", "Back"), self.browser.backward)
        self.forward = self._button(tr("Tiếp", "Forward") + " ▶", self.browser.forward)
        self.home = self._button(tr("Mục lục", "Contents"), lambda: self.show_page(INDEX))
        self.browser.backwardAvailable.connect(self.back.setEnabled)
        self.browser.forwardAvailable.connect(self.forward.setEnabled)
        self.back.setEnabled(False)
        self.forward.setEnabled(False)
        self.browser.sourceChanged.connect(self._source_changed)
        self.toc.currentItemChanged.connect(self._toc_picked)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Back), self, self.browser.backward)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Forward), self, self.browser.forward)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)
        QShortcut(QKeySequence("Esc"), self, self.close)

        bar = QHBoxLayout()
        bar.addWidget(self.back)
        bar.addWidget(self.forward)
        bar.addWidget(self.home)
        bar.addStretch(1)
        split = QSplitter()
        split.addWidget(self.toc)
        split.addWidget(self.browser)
        split.setStretchFactor(1, 1)
        split.setSizes([230, 1070])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self.resize(1300, 720)   # the guide's screenshots are up to 1040 px wide

    def _button(self, text: str, slot) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.clicked.connect(slot)
        return button

    def show_page(self, name: str) -> None:
        """Open a page by file name (the index when the guide has no such page)."""
        path = self.folder / name
        if not path.is_file():
            path = self.folder / INDEX
        self.browser.setSource(QUrl.fromLocalFile(str(path)))

    @property
    def current_page(self) -> str:
        return Path(self.browser.source().toLocalFile()).name

    def _source_changed(self, url: QUrl) -> None:
        name = Path(url.toLocalFile()).name
        for i in range(self.toc.count()):
            if self.toc.item(i).data(Qt.ItemDataRole.UserRole) == name:
                self.toc.blockSignals(True)
                self.toc.setCurrentRow(i)
                self.toc.blockSignals(False)
                break
        self.setWindowTitle(tr("Hướng dẫn sử dụng thidua", "thidua user guide") + " — " +
                            self.browser.documentTitle())

    def _toc_picked(self, item, _previous=None) -> None:
        if item is not None and item.data(Qt.ItemDataRole.UserRole) != self.current_page:
            self.show_page(item.data(Qt.ItemDataRole.UserRole))


def page_for(window) -> str:
    """The page about what the window shows now: the current tab's task, or getting started."""
    if window.session is None or not window.views:
        return START_PAGE
    key = window.views.key_at(window.tabs.currentIndex())   # never builds the tabs not yet shown
    return TAB_PAGES.get(key, START_PAGE)


def show_help(window, page: str | None = None) -> HelpWindow:
    """Open (or bring forward) the guide at `page`, by default the page for the current tab."""
    helper = getattr(window, "help_window", None)
    if helper is None or helper.folder != help_dir():   # the language may have changed
        helper = HelpWindow(window)
        window.help_window = helper
    helper.show_page(page or page_for(window))
    helper.show()
    helper.raise_()
    helper.activateWindow()
    return helper
