"""Reading clusters, seasons and a whole season aggregate with plain SQL, over any connection.

Why plain SQL: the same reads serve SQLAlchemy's connection (every unit of work) and the standard
library's sqlite3 (the window's first screen, read before SQLAlchemy has loaded: first_look.py).
One loader, so what the first screen shows is exactly what a unit of work loads. A `Fetch` runs
one statement with `:name` parameters (both drivers take that style) and returns rows whose
columns read as attributes.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any, Callable, Iterable

from ..domain.criteria import CriteriaTable
from ..domain.errors import NotFound
from ..domain.scoring import ScoreCell
from ..domain.season import Figure, Member, Revision, Season, State
from ..services.ports import ClusterRecord, SeasonRef
from . import codec

Fetch = Callable[[str, dict], Iterable[Any]]


class SeasonCache:
    """Seasons already loaded by this process, reused while their stored version is unchanged.

    Why: a score edit must cost milliseconds on a 63 × 200 season, so the aggregate is not
    reloaded when a cheap version check shows nobody else changed it. The cache holds committed
    state only and is never handed out: every unit of work gets its own copy (Season.copy).
    """

    def __init__(self) -> None:
        self._seasons: dict[str, Season] = {}
        self.lock = threading.RLock()

    def get(self, season_id: str, version: int) -> Season | None:
        s = self._seasons.get(season_id)
        return s if s is not None and s.version == version and not s.changes else None

    def put(self, season: Season) -> None:
        self._seasons[season.id] = season

    def drop(self, season_id: str) -> None:
        self._seasons.pop(season_id, None)

    def clear(self) -> None:
        self._seasons.clear()

    def seasons(self) -> list[Season]:
        return list(self._seasons.values())


CLUSTERS = "SELECT id, name, parent_body FROM clusters ORDER BY name"
SEASONS = "SELECT id, cluster_id, year, state FROM seasons"
SEASON_VERSION = "SELECT version FROM seasons WHERE id = :sid"
_SEASON = ("SELECT s.cluster_id, s.year, s.state, s.version, s.settings, s.meeting, s.decisions, c.name, "
           "c.parent_body FROM seasons s JOIN clusters c ON c.id = s.cluster_id WHERE s.id = :sid")
_MEMBERS = "SELECT member_id, short_name, full_name FROM season_members WHERE season_id = :sid ORDER BY position"
_CRITERIA = ("SELECT id, parent_id, position, code, title, kind, role, method, max_centi, step_centi, params "
             "FROM criteria WHERE season_id = :sid ORDER BY position")
_FIGURES = "SELECT member_id, criterion_id, target, actual FROM figures WHERE season_id = :sid"
_SCORES = ("SELECT member_id, criterion_id, self_centi, agreed_centi, note, review_centi, council_centi "
           "FROM scores WHERE season_id = :sid")
_CROSS = "SELECT member_id, criterion_id, scorer_id, points_centi FROM cross_scores WHERE season_id = :sid"
_AWARDS = "SELECT id, data FROM award_types WHERE season_id = :sid"
_NOMINEES = "SELECT id, data FROM nominees WHERE season_id = :sid ORDER BY position"
_BALLOTS = "SELECT nominee_id, data FROM ballots WHERE season_id = :sid"
_COUNCIL = "SELECT nominee_id, data FROM council_decisions WHERE season_id = :sid ORDER BY nominee_id"
_REVISIONS = ("SELECT number, signed_by, signed_at, sha256, content, reopened_by, reopened_at, reopen_reason "
              "FROM revisions WHERE season_id = :sid ORDER BY number")


def cluster_list(fetch: Fetch) -> list[ClusterRecord]:
    return [ClusterRecord(r.id, r.name, r.parent_body) for r in fetch(CLUSTERS, {})]


def season_list(fetch: Fetch, cluster_id: str | None = None) -> list[SeasonRef]:
    if cluster_id:
        rows = fetch(SEASONS + " WHERE cluster_id = :cid ORDER BY year", {"cid": cluster_id})
    else:
        rows = fetch(SEASONS + " ORDER BY year", {})
    return [SeasonRef(r.id, r.cluster_id, r.year, r.state) for r in rows]


def season_version(fetch: Fetch, season_id: str) -> int | None:
    row = next(iter(fetch(SEASON_VERSION, {"sid": season_id})), None)
    return None if row is None else row[0]


def cached_season(fetch: Fetch, cache: SeasonCache, season_id: str) -> Season:
    """A private copy of the season as stored: the cached one while its stored version is unchanged,
    else loaded (and a copy cached). Run the statements inside one read transaction where the reader
    can, so the version and the rows come from one state of the database."""
    version = season_version(fetch, season_id)
    if version is None:
        raise NotFound(kind="season", key=season_id)
    with cache.lock:
        cached = cache.get(season_id, version)
        if cached is not None:
            return cached.copy()
    season = load_season(fetch, season_id)
    with cache.lock:
        cache.put(season.copy())
    return season


def _when(value: Any) -> dt.datetime | None:
    """A stored moment: SQLite hands plain SQL its text, PostgreSQL a datetime."""
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(value)


def load_season(fetch: Fetch, season_id: str) -> Season:
    """The whole aggregate in one query per table."""
    p = {"sid": season_id}
    srow = next(iter(fetch(_SEASON, p)), None)
    if srow is None:
        raise NotFound(kind="season", key=season_id)
    members = [Member(r.member_id, r.short_name, r.full_name) for r in fetch(_MEMBERS, p)]
    table = build_table(list(fetch(_CRITERIA, p)))
    figures = {(r.member_id, r.criterion_id): Figure(codec.text_dec(r.target), codec.text_dec(r.actual))
               for r in fetch(_FIGURES, p)}
    fc = codec.from_centi
    scores = {(r[0], r[1]): ScoreCell(fc(r[2]), fc(r[3]), r[4], fc(r[5]), fc(r[6])) for r in fetch(_SCORES, p)}
    cross: dict[tuple[str, str], dict[str, Any]] = {}
    for r in fetch(_CROSS, p):
        cross.setdefault((r.member_id, r.criterion_id), {})[r.scorer_id] = fc(r.points_centi)
    awards = {r.id: codec.award_from(r.id, r.data) for r in fetch(_AWARDS, p)}
    nominees = {r.id: codec.nominee_from(r.id, r.data) for r in fetch(_NOMINEES, p)}
    ballots = {r.nominee_id: codec.ballot_from(r.nominee_id, r.data) for r in fetch(_BALLOTS, p)}
    council = {r.nominee_id: codec.council_from(r.data) for r in fetch(_COUNCIL, p)}
    revisions = [Revision(r.number, r.signed_by, _when(r.signed_at), r.sha256, r.content, r.reopened_by,
                          _when(r.reopened_at), r.reopen_reason) for r in fetch(_REVISIONS, p)]
    return Season(
        id=season_id, cluster_id=srow.cluster_id, cluster_name=srow.name, year=srow.year,
        parent_body=srow.parent_body, state=State(srow.state), version=srow.version,
        members=members, criteria=table, figures=figures, scores=scores, cross=cross,
        settings=codec.settings_from(srow.settings), award_types=awards, nominees=nominees,
        ballots=ballots, decisions=codec.decisions_from(srow.decisions),
        meeting=codec.meeting_from(srow.meeting), revisions=revisions, council=council,
    )


def build_table(rows: list) -> CriteriaTable:
    """Rebuild the tree from rows in any order: parents before children, siblings by position."""
    by_parent: dict[str | None, list] = {}
    for r in rows:
        by_parent.setdefault(r.parent_id, []).append(r)
    ordered: list = []

    def rec(parent: str | None) -> None:
        for r in sorted(by_parent.get(parent, []), key=lambda r: r.position):
            ordered.append(codec.criterion_from_row(r))
            rec(r.id)
    rec(None)
    return CriteriaTable(ordered)
