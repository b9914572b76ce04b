"""Deleting with a way back: members, criteria, nominees and award types kept as snapshots, seasons and
clusters as season files — and putting them back, refused when their place was taken meanwhile.

Every removal checks what its author was told would go (the question's counts), takes the snapshot
inside the same transaction, and returns it; "Hoàn tác" hands it back to a restore here, which runs
through the write contract like any edit. A whole season goes as its season file (issue 13): the
file keeps its ids, so the season comes back as it was — its audit chain, which is never deleted,
continues where it stopped. A deletion is also written to the database's own chain, so a committee
finds what was deleted, by whom and when, even after the season is gone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..domain import restore as rs
from ..domain import season_file as sf
from ..domain.awards import AwardType, Nominee
from ..domain.criteria import Criterion
from ..domain.edits import Seen
from ..domain.errors import EditConflict, NotFound
from ..domain.season import Member, Season
from .editing import edit_season
from .ports import ClusterRecord, UnitOfWork

UNDO_REASON = "hoàn tác xóa"


def _same_loss(season: Season, expected: rs.Loss, actual: rs.Loss, entity: str, key: tuple) -> None:
    """The question named what would go; if more (or less) would go now, someone changed it meanwhile."""
    if actual != expected:
        raise EditConflict(entity=entity, key=key, field="values", expected=expected, current=None,
                           subject=season.subject(entity, key))


def _remove(uow: UnitOfWork, season_id: str, entity: str, key: tuple, expected_loss: rs.Loss | None,
            loss_of, snapshot_of, remove, seen: list[Seen]):
    """One removal: the question's counts still hold (when it named any), the snapshot taken, the row gone."""
    def apply(season: Season):
        if expected_loss is not None:
            _same_loss(season, expected_loss, loss_of(season), entity, key)
        snap = snapshot_of(season)
        remove(season)
        return snap
    return edit_season(uow, season_id, apply, seen)


# ---- rows of a season ------------------------------------------------------------------------
def remove_member(uow: UnitOfWork, season_id: str, member_id: str, *, expected: Member,
                  expected_loss: rs.Loss) -> rs.MemberSnapshot:
    """Remove a member with what the question named; returns what undo puts back."""
    return _remove(uow, season_id, "member", (member_id,), expected_loss, lambda s: rs.member_loss(s, member_id),
                   lambda s: rs.member_snapshot(s, member_id), lambda s: s.remove_member(member_id),
                   [Seen("member", (member_id,), "short_name", expected.short_name),
                    Seen("member", (member_id,), "full_name", expected.full_name)])


def restore_member(uow: UnitOfWork, season_id: str, snap: rs.MemberSnapshot) -> Member:
    return edit_season(uow, season_id, lambda s: rs.restore_member(s, snap), snap.seen)


def remove_criterion(uow: UnitOfWork, season_id: str, criterion_id: str, *, expected: Criterion,
                     expected_loss: rs.Loss) -> rs.CriterionSnapshot:
    """Remove a row with its subtree and values; returns what undo puts back."""
    return _remove(uow, season_id, "criterion", (criterion_id,), expected_loss,
                   lambda s: rs.criterion_loss(s, criterion_id), lambda s: rs.criterion_snapshot(s, criterion_id),
                   lambda s: s.remove_criterion(criterion_id),
                   [Seen("criterion", (criterion_id,), "title", expected.title)])


def restore_criterion(uow: UnitOfWork, season_id: str, snap: rs.CriterionSnapshot) -> Criterion:
    return edit_season(uow, season_id, lambda s: rs.restore_criterion(s, snap), snap.seen)


def remove_nominee(uow: UnitOfWork, season_id: str, nominee_id: str, *, expected: Nominee,
                   expected_ballot) -> rs.NomineeSnapshot:
    return _remove(uow, season_id, "nominee", (nominee_id,), None, None, lambda s: rs.nominee_snapshot(s, nominee_id),
                   lambda s: s.remove_nominee(nominee_id),
                   [Seen("nominee", (nominee_id,), "nominee", expected),
                    Seen("ballot", (nominee_id,), "ballot", expected_ballot)])


def restore_nominee(uow: UnitOfWork, season_id: str, snap: rs.NomineeSnapshot) -> Nominee:
    return edit_season(uow, season_id, lambda s: rs.restore_nominee(s, snap), snap.seen)


def remove_award_type(uow: UnitOfWork, season_id: str, award_id: str, *, expected: AwardType,
                      expected_loss: rs.Loss) -> rs.AwardSnapshot:
    return _remove(uow, season_id, "award_type", (award_id,), expected_loss, lambda s: rs.award_loss(s, award_id),
                   lambda s: rs.award_snapshot(s, award_id), lambda s: s.remove_award_type(award_id),
                   [Seen("award_type", (award_id,), "award_type", expected)])


def restore_award_type(uow: UnitOfWork, season_id: str, snap: rs.AwardSnapshot) -> AwardType:
    return edit_season(uow, season_id, lambda s: rs.restore_award(s, snap), snap.seen)


# ---- whole seasons and clusters --------------------------------------------------------------
@dataclass(frozen=True)
class DeletedSeason:
    """A deleted season as its file: everything undo needs to bring it back."""

    season_id: str
    cluster_name: str
    year: int
    version: int
    file_text: str


@dataclass(frozen=True)
class DeletedCluster:
    cluster: ClusterRecord
    seasons: tuple[DeletedSeason, ...]


def _delete(uow: UnitOfWork, season: Season, reason: str | None) -> DeletedSeason:
    from .season_file import export_text   # season_file builds on clusters: imported when used

    rs.check_deletable(season)
    kept = DeletedSeason(season.id, season.cluster_name, season.year, season.version, export_text(season))
    name = f"{season.cluster_name} {season.year}"
    uow.seasons.remove(season.id, season.version)
    # the season's own chain says it ended; the database's chain keeps the trace after it is gone
    uow.audit.record(season.id, "season", "", "deleted", name, None, reason)
    uow.audit.record(None, "season", season.id, "deleted", name, None, reason)
    return kept


def delete_season(uow: UnitOfWork, season_id: str, *, expected_version: int | None,
                  reason: str | None = None) -> DeletedSeason:
    """Delete a season that is not signed off; `expected_version` is the version its author saw
    (None: the command line, which shows nothing first). Returns its file for undo."""
    with uow:
        season = uow.seasons.get(season_id)
        rs.check_deletable(season)
        if expected_version is not None and season.version != expected_version:
            last = uow.audit.history(season_id, limit=1)
            raise EditConflict(entity="season", key=(), field="version", expected=expected_version,
                               current=season.version, subject={}, by=last[0].actor if last else None,
                               at=last[0].at if last else None)
        kept = _delete(uow, season, reason)
        uow.commit()
        return kept


def restore_season(uow: UnitOfWork, kept: DeletedSeason, reason: str = UNDO_REASON):
    """Bring a deleted season back from its file, ids kept; refused when the cluster has a season of that
    year again. Its version continues after the deleted one, so no cache takes it for the old."""
    from .season_file import import_season

    # our own export, read without the schema's demands on a file from elsewhere (a season just
    # created has no criteria yet, which a file to share may not lack)
    parsed, problems = sf.from_data(json.loads(kept.file_text))
    if problems:   # pragma: no cover - an export always reads back
        raise ValueError(problems)
    done = import_season(uow, parsed, version=kept.version + 1, reason=reason)
    with uow.fresh() as again:
        again.audit.record(None, "season", done.season_id, "restored", None, f"{done.cluster} {done.year}", reason)
        again.commit()
    return done


def undo_start_next_season(uow: UnitOfWork, season_id: str) -> DeletedSeason:
    """Take back "Bắt đầu kỳ thi đua năm sau" while nothing was typed into the new season."""
    with uow:
        season = uow.seasons.get(season_id)
        rs.check_undo_start(season)
        kept = _delete(uow, season, "hoàn tác “Bắt đầu kỳ thi đua năm sau”")
        uow.commit()
        return kept


def delete_cluster(uow: UnitOfWork, cluster_id: str, *, expected_seasons: tuple[str, ...] | list[str] | None,
                   reason: str | None = None) -> DeletedCluster:
    """Delete a cluster with all its seasons — refused whole when any of them is signed off, or when
    its seasons are not the ones its author saw (`expected_seasons`, ids; None: don't check)."""
    with uow:
        cluster = next((c for c in uow.clusters.list() if c.id == cluster_id), None)
        if cluster is None:
            raise NotFound(kind="cluster", key=cluster_id)
        refs = uow.seasons.list(cluster_id)
        if expected_seasons is not None and sorted(r.id for r in refs) != sorted(expected_seasons):
            raise EditConflict(entity="cluster", key=(cluster_id,), field="seasons", expected=len(expected_seasons),
                               current=len(refs), subject={})
        seasons = [uow.seasons.get(r.id) for r in refs]
        for s in seasons:   # all checked before any goes
            rs.check_deletable(s)
        kept = tuple(_delete(uow, s, reason or f"xóa cụm {cluster.name}") for s in seasons)
        uow.clusters.remove(cluster_id)
        uow.audit.record(None, "cluster", cluster.id, "deleted", cluster.name, None, reason)
        uow.commit()
        return DeletedCluster(cluster, kept)


def restore_cluster(uow: UnitOfWork, kept: DeletedCluster, reason: str = UNDO_REASON) -> ClusterRecord:
    """Bring a deleted cluster back with its id and every season it had."""
    with uow:
        uow.clusters.add(kept.cluster)   # a cluster of that name added meanwhile: refused (Duplicate)
        uow.audit.record(None, "cluster", kept.cluster.id, "restored", None, kept.cluster.name, reason)
        uow.commit()
    for season in kept.seasons:
        restore_season(uow.fresh(), season, reason)
    return kept.cluster
