"""Use cases for clusters and seasons: create, find, copy to next year, members and criteria."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Iterable

from ..domain.criteria import Criterion, new_id
from ..domain.errors import Ambiguous, Duplicate, NotFound
from ..domain.season import Meeting, Member, Season, SeasonSettings
from ..domain.text import fold
from .ports import ClusterRecord, SeasonRef, UnitOfWork

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
        record = ClusterRecord(new_id(), name.strip(), parent_body.strip() or DEFAULT_PARENT)
        uow.clusters.add(record)
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
    cluster = find_cluster(uow, cluster_query)
    with uow:
        for ref in uow.seasons.list(cluster.id):
            if ref.year == year:
                return SeasonInfo(ref.id, cluster.id, cluster.name, ref.year, ref.state)
    raise NotFound(kind="season", key=f"{cluster.name} {year}")


def open_season(uow: UnitOfWork, season_id: str) -> Season:
    """The season aggregate for reading (screens and documents read its results())."""
    with uow:
        return uow.seasons.get(season_id)


def create_season(uow: UnitOfWork, cluster_id: str, year: int,
                  members: Iterable[tuple[str, str]] = (), settings: SeasonSettings | None = None) -> Season:
    with uow:
        cluster = next((c for c in uow.clusters.list() if c.id == cluster_id), None)
        if cluster is None:
            raise NotFound(kind="cluster", key=cluster_id)
        if any(r.year == year for r in uow.seasons.list(cluster_id)):
            raise Duplicate(kind="season", key=f"{cluster.name} {year}")
        season = Season(new_id(), cluster.id, cluster.name, year, cluster.parent_body)
        uow.seasons.add(season)
        for short, full in members:
            season.add_member(Member(new_id(), short.strip(), full.strip()))
        if settings is not None:
            season.set_settings(settings)
        uow.commit()
        return season


def add_member(uow: UnitOfWork, season_id: str, short_name: str, full_name: str = "") -> Member:
    with uow:
        season = uow.seasons.get(season_id)
        member = season.add_member(Member(new_id(), short_name.strip(), full_name.strip()))
        uow.commit()
        return member


def update_member(uow: UnitOfWork, season_id: str, member_id: str, short_name: str | None = None,
                  full_name: str | None = None) -> Member:
    with uow:
        member = uow.seasons.get(season_id).update_member(member_id, short_name, full_name)
        uow.commit()
        return member


def remove_member(uow: UnitOfWork, season_id: str, member_id: str) -> None:
    with uow:
        uow.seasons.get(season_id).remove_member(member_id)
        uow.commit()


def move_member(uow: UnitOfWork, season_id: str, member_id: str, position: int) -> None:
    with uow:
        uow.seasons.get(season_id).move_member(member_id, position)
        uow.commit()


def add_criterion(uow: UnitOfWork, season_id: str, criterion: Criterion, position: int | None = None) -> Criterion:
    with uow:
        node = uow.seasons.get(season_id).add_criterion(criterion, position)
        uow.commit()
        return node


def update_criterion(uow: UnitOfWork, season_id: str, criterion_id: str, **changes: Any) -> Criterion:
    with uow:
        node = uow.seasons.get(season_id).update_criterion(criterion_id, **changes)
        uow.commit()
        return node


def remove_criterion(uow: UnitOfWork, season_id: str, criterion_id: str) -> int:
    with uow:
        removed = uow.seasons.get(season_id).remove_criterion(criterion_id)
        uow.commit()
        return len(removed)


def move_criterion(uow: UnitOfWork, season_id: str, criterion_id: str, parent_id: str | None,
                   position: int) -> Criterion:
    with uow:
        node = uow.seasons.get(season_id).move_criterion(criterion_id, parent_id, position)
        uow.commit()
        return node


def copy_criteria(uow: UnitOfWork, from_season_id: str, to_season_id: str) -> dict[str, str]:
    """Copy another season's criteria table (and its tie-breakers) into this one; returns old → new ids."""
    with uow:
        source = uow.seasons.get(from_season_id)
        target = uow.seasons.get(to_season_id)
        mapping: dict[str, str] = {}
        target.replace_criteria(source.criteria.copy(mapping))
        target.set_settings(_remap_settings(source.settings, mapping))
        uow.commit()
        return mapping


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


def set_settings(uow: UnitOfWork, season_id: str, settings: SeasonSettings) -> None:
    with uow:
        uow.seasons.get(season_id).set_settings(settings)
        uow.commit()


def set_meeting(uow: UnitOfWork, season_id: str, meeting: Meeting) -> None:
    with uow:
        uow.seasons.get(season_id).set_meeting(meeting)
        uow.commit()
