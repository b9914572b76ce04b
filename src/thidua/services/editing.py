"""How every edit of a season runs: check what its author saw, apply, commit — and re-apply when only the season moved on.

Two people edit one season: both load version 7, one commits 8. The other's commit finds the
version changed and is refused by the store — but if what it touches still holds the values its
author saw, nothing conflicts: the season is read again and the same edit applied to it. Only a
value that really changed meanwhile refuses the edit, naming who changed what and when.
"""

from __future__ import annotations

import random
import time
from typing import Callable, Iterable, TypeVar

from ..domain.edits import Seen
from ..domain.errors import EditConflict
from ..domain.season import Season
from .ports import ConcurrentChange, UnitOfWork

T = TypeVar("T")

MAX_ATTEMPTS = 10


def key_text(key: tuple) -> str:
    """A Change key as the audit log stores it."""
    return "/".join("" if k is None else str(k) for k in key)


def name_author(uow: UnitOfWork, season_id: str, conflict: EditConflict) -> EditConflict:
    """Fill in who last changed the conflicting value, and when, from the audit log."""
    entity, key, fld = conflict.data.get("entity"), conflict.data.get("key"), conflict.data.get("field")
    if entity is None or key is None or conflict.data.get("by"):
        return conflict
    last = uow.audit.last_change(season_id, entity, key_text(key), fld)
    if last is not None:
        conflict.data.update(by=last.actor, at=last.at)
    return conflict


def edit_season(uow: UnitOfWork, season_id: str, apply: Callable[[Season], T],
                seen: Iterable[Seen] | Callable[[Season], Iterable[Seen]] = ()) -> T:
    """Run one edit of a season as its own transaction, re-applied while only other things changed.

    `seen` lists the values the edit is based on (or computes them from the stored season);
    `apply` makes the change on the unit of work's private copy and returns the result.
    """
    attempt = uow
    for n in range(MAX_ATTEMPTS):
        with attempt:
            season = attempt.seasons.get(season_id)
            try:
                season.expect(seen(season) if callable(seen) else seen)
                result = apply(season)
            except EditConflict as conflict:
                raise name_author(attempt, season_id, conflict)
            try:
                attempt.commit()
                return result
            except ConcurrentChange:
                if n == MAX_ATTEMPTS - 1:
                    raise
        # someone committed to this season between our read and our write: read it again
        time.sleep(random.uniform(0, 0.004 * (n + 1)))
        attempt = uow.fresh()
    raise AssertionError("unreachable")   # pragma: no cover
