"""The open database and season the window works on: every service call from the UI passes here.

Why one place: review mode (read-only) is enforced here for every view at once, the season
aggregate is re-read after each call (services cache it, so that is cheap), and views learn
what changed through two signals instead of reloading everything.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from ..domain.season import Season
from ..services import clusters
from ..storage.first_look import NeedsDatabase
from .i18n import ReviewOnly, explain, tr


class Session(QObject):
    # the season was switched or reloaded as a whole: views rebuild
    season_changed = Signal()
    # scores of these members changed: views update only their columns and the ranking
    scores_changed = Signal(list)
    # something other than scores changed (members, criteria, outcome, meeting, state)
    structure_changed = Signal()

    def __init__(self, db, read_only: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.read_only = read_only
        self.season_id: str | None = None
        self._season: Season | None = None
        self.undo_stack = QUndoStack(self)

    # ---- reading -----------------------------------------------------------------------
    @property
    def season(self) -> Season | None:
        return self._season

    def refresh(self) -> Season | None:
        """Re-read the aggregate (a cache hit unless it was changed elsewhere or a call failed)."""
        if self.season_id is None:
            self._season = None
        else:
            self._season = self._reading(clusters.open_season, self.season_id)
        return self._season

    def open(self, season_id: str | None) -> None:
        self.season_id = season_id
        self.undo_stack.clear()
        self.refresh()
        self.season_changed.emit()

    def read(self, fn: Callable, *args: Any, **kw: Any) -> Any:
        """A service call that only reads: allowed in review mode."""
        return self._reading(fn, *args, **kw)

    def _reading(self, fn: Callable, *args: Any, **kw: Any) -> Any:
        # a file still opening answers the first screen's reads itself; anything more, the full database
        try:
            return fn(self.db.reading(), *args, **kw)
        except NeedsDatabase:
            return fn(self.db.uow(), *args, **kw)

    # ---- writing -----------------------------------------------------------------------
    def call(self, fn: Callable, *args: Any, **kw: Any) -> Any:
        """A service call that changes data; refused in review mode. The season is re-read after."""
        if self.read_only:
            raise ReviewOnly()
        try:
            return fn(self.db.uow(), *args, **kw)
        finally:
            # after a failure the service dropped its cached copy: read the stored truth again
            self.refresh()

    def editable(self, area) -> bool:
        return not self.read_only and self._season is not None and self._season.can(area)

    def refusal(self, action) -> str | None:
        """Why `action` (a domain.season.Action) cannot be done now, in one sentence, or None when it can.

        Review mode gives its own reason; otherwise the season's step decides (Season.refusal):
        the window shows the domain's reason, it never re-decides the rules.
        """
        if self.read_only:
            return explain(ReviewOnly())
        if self._season is None:
            return tr("Chưa chọn kỳ thi đua nào.", "No season is open.")
        error = self._season.refusal(action)
        return None if error is None else explain(error)

    def close(self) -> None:
        self.db.close()
