"""The main window's tabs, each view built the first time it is shown or asked for.

Why not all at once: building six views (and their imports — the minutes view renders its PDF
preview) is most of what the start cost; a secretary sees one tab at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from importlib import import_module

from PySide6.QtWidgets import QTabWidget, QWidget

from .i18n import tr

# key, module in thidua.ui, class, tab title (Vietnamese, English) — in tab order
TABS = (("scores", "score_view", "ScoreTab", ("Bảng chấm điểm", "Scoring table")),
        ("ranking", "ranking_view", "RankingTab", ("Xếp hạng", "Ranking")),
        ("structure", "structure_view", "StructureTab", ("Đơn vị và tiêu chí", "Members and criteria")),
        ("covenant", "covenant_view", "CovenantTab", ("Giao ước thi đua", "Covenant")),
        ("awards", "awards_view", "AwardsTab", ("Khen thưởng và bỏ phiếu", "Awards and vote")),
        ("minutes", "minutes_view", "MinutesTab", ("Biên bản hội nghị", "Minutes")))


class TabViews(Mapping):
    """The views by key over a tab widget: `views[key]` builds that view if it is not built yet.

    Until then its tab holds an empty widget; `built` holds the views that exist. Iterating gives
    every key without building anything; `items()`/`values()` build them all.
    """

    def __init__(self, tabs: QTabWidget | None = None, session=None,
                 on_built: Callable[[str, QWidget], None] | None = None) -> None:
        self.tabs = tabs
        self.session = session
        self.on_built = on_built
        self.built: dict[str, QWidget] = {}
        self._keys = [key for key, *_ in TABS] if tabs is not None and session is not None else []
        for key, _module, _cls, title in TABS if self._keys else ():
            waiting = QWidget()
            waiting.setObjectName(f"unbuilt_{key}")
            tabs.addTab(waiting, tr(*title))
        if self._keys:
            tabs.currentChanged.connect(self._shown)

    def __getitem__(self, key: str) -> QWidget:
        if key not in self.built:
            if key not in self._keys:
                raise KeyError(key)
            self._build(self._keys.index(key))
        return self.built[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def key_at(self, index: int) -> str | None:
        return self._keys[index] if 0 <= index < len(self._keys) else None

    def current(self) -> QWidget | None:
        """The view of the tab on screen, built if it was not."""
        key = self.key_at(self.tabs.currentIndex()) if self.tabs is not None else None
        return self[key] if key is not None else None

    def _shown(self, index: int) -> None:
        key = self.key_at(index)
        if key is not None and key not in self.built:
            self._build(index)

    def _build(self, index: int) -> QWidget:
        key, module, cls, title = TABS[index]
        view = getattr(import_module(f".{module}", __package__), cls)(self.session)
        self.built[key] = view
        tabs = self.tabs
        current = tabs.currentIndex()
        # swap the empty widget for the view without telling anyone the current tab changed
        tabs.blockSignals(True)
        try:
            waiting = tabs.widget(index)
            tabs.insertTab(index, view, tr(*title))
            tabs.removeTab(index + 1)
            tabs.setCurrentIndex(current)
        finally:
            tabs.blockSignals(False)
        waiting.deleteLater()
        if self.on_built is not None:
            self.on_built(key, view)
        return view

