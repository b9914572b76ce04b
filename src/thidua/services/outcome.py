"""Use cases after the scores: award proposals, nominees, votes, tie decisions, state, sign-off."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ..domain.awards import AwardType, Nominee, NomineeKind, Origin
from ..domain.canonical import canonical_json, content_hash
from ..domain.criteria import new_id
from ..domain.ranking import TieDecision
from ..domain.season import Revision, State
from ..domain.votes import Ballot, VoteMethod, VoteRule
from .ports import AuditRecord, UnitOfWork


@dataclass(frozen=True)
class SignOffResult:
    season_id: str
    revision: int
    signed_by: str
    signed_at: dt.datetime
    sha256: str


def put_award_type(uow: UnitOfWork, season_id: str, award: AwardType) -> AwardType:
    with uow:
        uow.seasons.get(season_id).put_award_type(award)
        uow.commit()
        return award


def remove_award_type(uow: UnitOfWork, season_id: str, award_id: str) -> None:
    with uow:
        uow.seasons.get(season_id).remove_award_type(award_id)
        uow.commit()


def propose_awards(uow: UnitOfWork, season_id: str) -> list[Nominee]:
    """Nominees from the ranking under each award's quota and eligibility (replacing earlier ones)."""
    with uow:
        season = uow.seasons.get(season_id)
        made = season.apply_proposals(season.proposals(), new_id)
        uow.commit()
        return made


def add_nominee(uow: UnitOfWork, season_id: str, name: str, kind: NomineeKind, award_type_id: str,
                member_id: str | None = None, reason: str = "") -> Nominee:
    """A nominee put forward by hand: a member, or a cooperative or person a member proposes."""
    with uow:
        nominee = Nominee(new_id(), name.strip(), kind, award_type_id, member_id, Origin.MANUAL, reason.strip())
        uow.seasons.get(season_id).put_nominee(nominee)
        uow.commit()
        return nominee


def remove_nominee(uow: UnitOfWork, season_id: str, nominee_id: str) -> None:
    with uow:
        uow.seasons.get(season_id).remove_nominee(nominee_id)
        uow.commit()


def record_vote(uow: UnitOfWork, season_id: str, nominee_id: str, method: VoteMethod, present: int,
                absent: int, votes_for: int, votes_against: int, blank: int,
                rule: VoteRule | None = None) -> Ballot:
    """Record a nominee's ballot; impossible figures are refused. Eligible voters are the members."""
    with uow:
        season = uow.seasons.get(season_id)
        ballot = Ballot(nominee_id, method, len(season.members), present, absent, votes_for, votes_against,
                        blank, rule or season.settings.vote_rule)
        season.record_ballot(ballot)
        uow.commit()
        return ballot


def decide_tie(uow: UnitOfWork, season_id: str, ordered_member_ids: list[str], note: str = "") -> None:
    """Record how the committee ordered members whose tie no tie-breaker settled."""
    with uow:
        uow.seasons.get(season_id).decide_tie(TieDecision(tuple(ordered_member_ids), note.strip()))
        uow.commit()


def advance(uow: UnitOfWork, season_id: str, to: State, reason: str | None = None) -> State:
    with uow:
        season = uow.seasons.get(season_id)
        season.advance(to, reason)
        uow.commit()
        return season.state


def sign_off(uow: UnitOfWork, season_id: str, by: str, at: dt.datetime | None = None) -> SignOffResult:
    """Lock the season and record the signer, time and the hash of its canonical content."""
    with uow:
        season = uow.seasons.get(season_id)
        content = canonical_json(season)
        digest = content_hash(content)
        revision = season.sign_off(by, at or dt.datetime.now().replace(microsecond=0), content, digest)
        uow.commit()
        return SignOffResult(season_id, revision.number, revision.signed_by, revision.signed_at, revision.sha256)


def reopen(uow: UnitOfWork, season_id: str, by: str, reason: str, at: dt.datetime | None = None) -> Revision:
    """Reopen a signed-off season for changes; the signed revision stays intact in the history."""
    with uow:
        season = uow.seasons.get(season_id)
        season.reopen(by, at or dt.datetime.now().replace(microsecond=0), reason)
        uow.commit()
        return season.revisions[-1]


def history(uow: UnitOfWork, season_id: str, entity: str | None = None, key: str | None = None,
            limit: int = 200) -> list[AuditRecord]:
    """Who changed what, newest first (a cell's history: entity 'score', key 'member/criterion')."""
    with uow:
        return uow.audit.history(season_id, entity, key, limit)


@dataclass(frozen=True)
class YearRank:
    year: int
    rank: int | None
    total: Decimal | None
    members: int
    provisional: bool = False   # scores still missing that year: the rank may change


def member_over_years(uow: UnitOfWork, cluster_id: str, member_id: str) -> list[YearRank]:
    """A member's rank and total in every season of its cluster (members keep their id across years)."""
    out = []
    with uow:
        for ref in uow.seasons.list(cluster_id):
            season = uow.seasons.get(ref.id)
            row = season.results().ranking.by_member().get(member_id)
            missing = season.tally(member_id).missing if row else 0
            out.append(YearRank(ref.year, row.rank if row else None, row.total if row else None,
                                len(season.members), missing > 0))
    return out
