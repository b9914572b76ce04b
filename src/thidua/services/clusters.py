"""Use cases for clusters and seasons: create, find, copy to next year, members and criteria."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Iterable

from ..domain.criteria import Criterion, new_id
from ..domain.edits import Seen, merge_fields, seen_fields
from ..domain.errors import Ambiguous, Duplicate, InvalidSetting, NotFound
from ..domain.season import Meeting, Member, Season, SeasonSettings
from ..domain.text import fold
from .editing import edit_season
from .ports import ClusterRecord, SeasonRef, UnitOfWork


def _before(item: str, order: list[str]) -> str:
    i = order.index(item)
    return order[i - 1] if i else ""

YEARS = (1900, 2200)   # a season's year: what a person could mean, and what every database column holds

DEFAULT_PARENT = "Liên minh Hợp tác xã Việt Nam"


@dataclass(frozen=True)
class SeasonInfo:
    season_id: str
    cluster_id: str
    cluster_name: str
    year: int
    state: str


def create_cluster(uow: UnitOfWork, name: str, parent_body: str = DEFAULT_PARENT) -> ClusterRecord:
    with uow:
        if any(fold(c.name) == fold(name) for c in uow.clusters.list()):
            raise Duplicate(kind="cluster", key=name)
        if not name.strip():
            raise InvalidSetting(reason="cluster_without_name", value=name)
        record = ClusterRecord(new_id(), " ".join(name.split()), parent_body.strip() or DEFAULT_PARENT)
        uow.clusters.add(record)
        uow.audit.record(None, "cluster", record.id, "added", None, record.name)
        uow.commit()
        return record


def list_clusters(uow: UnitOfWork) -> list[ClusterRecord]:
    with uow:
        return uow.clusters.list()


def find_cluster(uow: UnitOfWork, query: str) -> ClusterRecord:
    """The one cluster whose name contains the query, ignoring case and diacritics."""
    with uow:
        clusters = uow.clusters.list()
    q = fold(query)
    exact = [c for c in clusters if fold(c.name) == q]
    if exact:
        return exact[0]
    found = [c for c in clusters if q in fold(c.name)]
    if not found:
        raise NotFound(kind="cluster", key=query)
    if len(found) > 1:
        raise Ambiguous(kind="cluster", key=query, matches=[c.name for c in found])
    return found[0]


def list_seasons(uow: UnitOfWork, cluster_id: str | None = None) -> list[SeasonRef]:
    with uow:
        return uow.seasons.list(cluster_id)


def find_season(uow: UnitOfWork, cluster_query: str, year: int) -> SeasonInfo:
    cluster = find_cluster(uow.fresh(), cluster_query)
    with uow:
        for ref in uow.seasons.list(cluster.id):
            if ref.year == year:
                return SeasonInfo(ref.id, cluster.id, cluster.name, ref.year, ref.state)
    raise NotFound(kind="season", key=f"{cluster.name} {year}")


def open_season(uow: UnitOfWork, season_id: str) -> Season:
    """The season for reading (screens and documents read its results()): a private copy, never the
    cached one, so a view or a worker thread can hold it while others edit."""
    with uow:
        return uow.seasons.get(season_id)


def create_season(uow: UnitOfWork, cluster_id: str, year: int,
                  members: Iterable[tuple[str, str]] = (), settings: SeasonSettings | None = None) -> Season:
    if not YEARS[0] <= year <= YEARS[1]:
        raise InvalidSetting(reason="bad_year", value=year)
    with uow:
        cluster = next((c for c in uow.clusters.list() if c.id == cluster_id), None)
        if cluster is None:
            raise NotFound(kind="cluster", key=cluster_id)
        if any(r.year == year for r in uow.seasons.list(cluster_id)):
            raise Duplicate(kind="season", key=f"{cluster.name} {year}")
        season = Season(new_id(), cluster.id, cluster.name, year, cluster.parent_body)
        uow.seasons.add(season)
        season.record_creation()
        for short, full in members:
            season.add_member(Member(new_id(), short.strip(), full.strip()))
        if settings is not None:
            season.set_settings(settings)
        uow.commit()
        return season


def add_member(uow: UnitOfWork, season_id: str, short_name: str, full_name: str = "") -> Member:
    return edit_season(uow, season_id,
                       lambda s: s.add_member(Member(new_id(), short_name.strip(), full_name.strip())))


def update_member(uow: UnitOfWork, season_id: str, member_id: str, short_name: str | None = None,
                  full_name: str | None = None, *, expected: Member) -> Member:
    """Rename a member; `expected` is the member as the editor saw it (only the names changed are checked)."""
    seen = [Seen("member", (member_id,), name, getattr(expected, name), value)
            for name, value in (("short_name", short_name), ("full_name", full_name))
            if value is not None and value.strip() != getattr(expected, name)]
    seen.append(Seen("member", (member_id,), "id", member_id))   # still there
    return edit_season(uow, season_id, lambda s: s.update_member(member_id, short_name, full_name), seen)




def move_member(uow: UnitOfWork, season_id: str, member_id: str, position: int, *,
                expected_order: list[str] | tuple[str, ...]) -> None:
    """Move a member to `position` in the order the editor saw; members added meanwhile keep their place.

    Refused when someone moved this member (or the one just before it) since the editor looked.
    """
    order = list(expected_order)
    moved = [x for x in order if x != member_id]
    moved.insert(max(0, min(position, len(moved))), member_id)
    seen = [Seen("member", (member_id,), "after", _before(member_id, order), _before(member_id, moved))]
    edit_season(uow, season_id, lambda s: s.move_member(member_id, position, expected_order), seen)


def add_criterion(uow: UnitOfWork, season_id: str, criterion: Criterion, position: int | None = None) -> Criterion:
    return edit_season(uow, season_id, lambda s: s.add_criterion(criterion, position))


def update_criterion(uow: UnitOfWork, season_id: str, criterion_id: str, *, expected: Criterion,
                     **changes: Any) -> Criterion:
    """Change a criterion's fields; `expected` is the row as the form showed it: only the fields the
    editor changed are checked and written, so two editors of different fields both keep theirs."""
    changed = {k: v for k, v in changes.items() if getattr(expected, k) != v}
    seen = [Seen("criterion", (criterion_id,), k, getattr(expected, k), v) for k, v in changed.items()]
    seen.append(Seen("criterion", (criterion_id,), "id", criterion_id))

    def apply(season):
        return season.update_criterion(criterion_id, **changed) if changed else season.criteria.get(criterion_id)
    return edit_season(uow, season_id, apply, seen)




def move_criterion(uow: UnitOfWork, season_id: str, criterion_id: str, parent_id: str | None,
                   position: int, *, expected_parent: str | None, expected_after: str,
                   expected_siblings: list[str] | tuple[str, ...]) -> Criterion:
    """Move a row under `parent_id` at `position` among the children the editor saw there.

    `expected_parent` and `expected_after` (the row just before it, '' for first) are where the editor
    saw it: when someone moved it meanwhile, nothing moves.
    """
    siblings = [x for x in expected_siblings if x != criterion_id]
    position = max(0, min(position, len(siblings)))
    after = siblings[position - 1] if position else ""
    seen = [Seen("criterion", (criterion_id,), "parent_id", expected_parent, parent_id),
            Seen("criterion", (criterion_id,), "after", expected_after, after)]
    return edit_season(uow, season_id,
                       lambda s: s.move_criterion(criterion_id, parent_id, position, expected_siblings), seen)


def copy_criteria(uow: UnitOfWork, from_season_id: str, to_season_id: str, *,
                  expected_ids: tuple[str, ...] | list[str]) -> dict[str, str]:
    """Copy another season's criteria table (and its tie-breakers) into this one; returns old → new ids.

    `expected_ids` are the rows the editor saw in this season's table (all replaced).
    """
    with uow.fresh() as read:
        source = read.seasons.get(from_season_id)

    def apply(target):
        mapping: dict[str, str] = {}
        target.replace_criteria(source.criteria.copy(mapping))
        target.set_settings(_remap_settings(source.settings, mapping))
        return mapping
    return edit_season(uow, to_season_id, apply, _ids_seen(expected_ids))


def _ids_seen(expected_ids):
    def seen(season):
        current = tuple(n.id for n in season.criteria.nodes())
        return [] if current == tuple(expected_ids) else [Seen("criteria_order", (None,), "order",
                                                                tuple(expected_ids))]
    return seen


def _remap_settings(settings: SeasonSettings, mapping: dict[str, str]) -> SeasonSettings:
    breakers = tuple(replace(tb, criterion_id=mapping.get(tb.criterion_id, tb.criterion_id))
                     for tb in settings.tie_breakers if tb.criterion_id is None or tb.criterion_id in mapping)
    return replace(settings, tie_breakers=breakers)


def start_next_season(uow: UnitOfWork, season_id: str) -> Season:
    """Next year's season: same members and criteria table, the cluster head rotated.

    The heads elected at this year's meeting become next year's heads; if none were recorded,
    the headship passes to the member after this year's head in the member list.
    """
    with uow:
        source = uow.seasons.get(season_id)
        if any(r.year == source.year + 1 for r in uow.seasons.list(source.cluster_id)):
            raise Duplicate(kind="season", key=f"{source.cluster_name} {source.year + 1}")
        season = Season(new_id(), source.cluster_id, source.cluster_name, source.year + 1, source.parent_body)
        uow.seasons.add(season)
        season.record_creation(f"tiếp nối năm {source.year}")
        for m in source.members:
            season.add_member(Member(m.id, m.short_name, m.full_name))
        mapping: dict[str, str] = {}
        season.replace_criteria(source.criteria.copy(mapping))
        season.set_settings(_remap_settings(source.settings, mapping))
        for award in source.award_types.values():
            season.put_award_type(replace(award, id=new_id()))
        heads = source.meeting.next_heads or _rotate(source)
        deputy = source.meeting.next_deputy_id
        season.set_meeting(Meeting(heads=tuple(heads), deputy_id=deputy,
                                   host_member_id=heads[0] if heads else None,
                                   recipient=source.meeting.recipient))
        uow.commit()
        return season


def _rotate(season: Season) -> tuple[str, ...]:
    ids = [m.id for m in season.members]
    if not ids:
        return ()
    current = season.meeting.heads[-1] if season.meeting.heads else None
    if current not in ids:
        return (ids[0],)
    return (ids[(ids.index(current) + 1) % len(ids)],)


def set_settings(uow: UnitOfWork, season_id: str, settings: SeasonSettings, *, expected: SeasonSettings) -> None:
    """Save the settings form, merged field by field with what others saved since `expected` was shown."""
    edit_season(uow, season_id, lambda s: s.set_settings(merge_fields(s.settings, expected, settings)),
                seen_fields("season", (), expected, settings, "settings."))


def set_meeting(uow: UnitOfWork, season_id: str, meeting: Meeting, *, expected: Meeting) -> None:
    """Save the meeting form, merged field by field: two people changing two different fields both keep theirs."""
    edit_season(uow, season_id, lambda s: s.set_meeting(merge_fields(s.meeting, expected, meeting)),
                seen_fields("season", (), expected, meeting, "meeting."))
