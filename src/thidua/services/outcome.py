"""Use cases after the scores: award proposals, nominees, votes, tie decisions, state, sign-off."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ..domain.awards import AwardType, Nominee, NomineeKind, Origin
from ..domain.canonical import canonical_json, content_hash
from ..domain.criteria import new_id
from ..domain.edits import Seen, merge_fields, seen_fields
from ..domain.errors import EditConflict
from ..domain.ranking import TieDecision
from ..domain.season import CouncilDecision, Revision, State
from ..domain.votes import Ballot, VoteMethod, VoteRule
from .editing import edit_season
from .ports import AuditRecord, UnitOfWork


@dataclass(frozen=True)
class SignOffResult:
    season_id: str
    revision: int
    signed_by: str
    signed_at: dt.datetime
    sha256: str


def put_award_type(uow: UnitOfWork, season_id: str, award: AwardType, *, expected: AwardType | None) -> AwardType:
    """Add (expected None) or change an award type; a change is merged field by field with what others saved."""
    if expected is None:
        def apply(season):
            season.put_award_type(award)
            return award
        return edit_season(uow, season_id, apply, [Seen("award_type", (award.id,), "award_type", None, award)])

    def merge(season):
        merged = merge_fields(season.award_types[award.id], expected, award)
        season.put_award_type(merged)
        return merged
    seen = [Seen("award_type", (award.id,), "id", award.id)] + seen_fields("award_type", (award.id,), expected, award)
    return edit_season(uow, season_id, merge, seen)




def propose_awards(uow: UnitOfWork, season_id: str, *, expected: tuple[str, ...] | list[str] | None = None
                   ) -> list[Nominee]:
    """Nominees from the ranking under each award's quota and eligibility (replacing earlier ones).

    `expected` is the ranking-made nominees (without a ballot) the editor saw: they are the ones
    replaced, so when someone changed them meanwhile nothing is replaced.
    """
    seen = [] if expected is None else [Seen("proposals", (), "nominees", tuple(sorted(expected)))]
    return edit_season(uow, season_id, lambda s: s.apply_proposals(s.proposals(), new_id), seen)


def add_nominee(uow: UnitOfWork, season_id: str, name: str, kind: NomineeKind, award_type_id: str,
                member_id: str | None = None, reason: str = "") -> Nominee:
    """A nominee put forward by hand: a member, or a cooperative or person a member proposes."""
    nominee = Nominee(new_id(), name.strip(), kind, award_type_id, member_id, Origin.MANUAL, reason.strip())

    def apply(season):
        season.put_nominee(nominee)
        return nominee
    return edit_season(uow, season_id, apply)




def record_vote(uow: UnitOfWork, season_id: str, nominee_id: str, method: VoteMethod, present: int,
                absent: int, votes_for: int, votes_against: int, blank: int,
                rule: VoteRule | None = None, *, expected: Ballot | None, written_for: int = 0,
                written_against: int = 0) -> Ballot:
    """Record a nominee's ballot; impossible figures are refused. Eligible voters are the members.

    `expected` is the ballot the editor saw (None: no vote recorded yet). `written_for` and
    `written_against` are the absent members' written opinions (counted when the rule's base takes them).
    """
    def apply(season):
        ballot = Ballot(nominee_id, method, len(season.members), present, absent, votes_for, votes_against,
                        blank, rule or season.settings.vote_rule, written_for, written_against)
        return season.record_ballot(ballot)

    def seen(season):
        current = season.ballots.get(nominee_id)
        same = current is not None and (current.method, current.present, current.absent, current.votes_for,
                                        current.votes_against, current.blank, current.written_for,
                                        current.written_against) == \
            (method, present, absent, votes_for, votes_against, blank, written_for, written_against)
        return [] if same else [Seen("ballot", (nominee_id,), "ballot", expected)]
    return edit_season(uow, season_id, apply, seen)


def decide_tie(uow: UnitOfWork, season_id: str, ordered_member_ids: list[str], note: str = "", *,
               expected: TieDecision | None) -> None:
    """Record how the committee ordered members whose tie no tie-breaker settled.

    `expected` is the decision the editor saw for these members (None: none yet).
    """
    decision = TieDecision(tuple(ordered_member_ids), note.strip())
    edit_season(uow, season_id, lambda s: s.decide_tie(decision),
                [Seen("decision", tuple(sorted(ordered_member_ids)), "order", expected, decision)])


def record_council_decision(uow: UnitOfWork, season_id: str, nominee_id: str, decision: CouncilDecision | None, *,
                            expected: CouncilDecision | None) -> CouncilDecision | None:
    """The higher council's later decision on a proposal (None removes it), also in a signed-off season:
    it is written beside the signed content, never into it, so the signed hash stays as it was.

    `expected` is the decision the editor saw (None: none recorded yet).
    """
    def apply(season):
        season.record_council_decision(nominee_id, decision)
        return season.council.get(nominee_id)
    return edit_season(uow, season_id, apply, [Seen("council", (nominee_id,), "decision", expected, decision)])


def advance(uow: UnitOfWork, season_id: str, to: State, reason: str | None = None, *, expected: State) -> State:
    """Move the season to another step; `expected` is the step the editor saw it in."""
    def apply(season):
        season.advance(to, reason)
        return season.state
    return edit_season(uow, season_id, apply, [Seen("season", (), "state", expected.value, to.value)])


def sign_off(uow: UnitOfWork, season_id: str, by: str, at: dt.datetime | None = None, *,
             expected_version: int | None = None) -> SignOffResult:
    """Lock the season and record the signer, time and the hash of its canonical content.

    `expected_version` is the season's version the signer reviewed: when anything changed since,
    the signer has not seen what would be signed, and nothing is locked. The command line, which
    shows nothing before signing, signs what is stored.
    """
    with uow:
        season = uow.seasons.get(season_id)
        if expected_version is not None and season.version != expected_version:
            last = uow.audit.history(season_id, limit=1)
            raise EditConflict(entity="season", key=(), field="version", expected=expected_version,
                               current=season.version, subject={}, by=last[0].actor if last else None,
                               at=last[0].at if last else None)
        content = canonical_json(season)
        digest = content_hash(content)
        revision = season.sign_off(by, at or dt.datetime.now().replace(microsecond=0), content, digest)
        uow.commit()
        return SignOffResult(season_id, revision.number, revision.signed_by, revision.signed_at, revision.sha256)


def reopen(uow: UnitOfWork, season_id: str, by: str, reason: str, at: dt.datetime | None = None,
           to: State = State.SCORING, *, expected: State | None = None) -> Revision:
    """Reopen a signed-off season at step `to` (Chấm điểm by default); the signed revision stays intact.

    `expected` is the step the window showed (signed off): when someone reopened it meanwhile, the
    conflict names them. The command line, which shows nothing first, reopens what is stored and
    the domain says why when it is not signed off.
    """
    def apply(season):
        season.reopen(by, at or dt.datetime.now().replace(microsecond=0), reason, to)
        return season.revisions[-1]
    seen = [] if expected is None else [Seen("season", (), "state", expected.value, to.value)]
    return edit_season(uow, season_id, apply, seen)


def history(uow: UnitOfWork, season_id: str, entity: str | None = None, key: str | None = None,
            limit: int = 200) -> list[AuditRecord]:
    """Who changed what, newest first (a cell's history: entity 'score', key 'member/criterion')."""
    with uow:
        return uow.audit.history(season_id, entity, key, limit)


@dataclass(frozen=True)
class YearAward:
    """An award the member was proposed for that year, the vote, and what the higher council decided."""

    award: str
    nominee: str
    passed: bool | None              # the cluster's vote (None: not voted)
    decision: CouncilDecision | None


@dataclass(frozen=True)
class YearRank:
    year: int
    rank: int | None
    total: Decimal | None
    members: int
    provisional: bool = False   # scores still missing that year: the rank may change
    awards: tuple[YearAward, ...] = ()


def member_over_years(uow: UnitOfWork, cluster_id: str, member_id: str) -> list[YearRank]:
    """A member's rank and total in every season of its cluster (members keep their id across years)."""
    out = []
    with uow:
        for ref in uow.seasons.list(cluster_id):
            season = uow.seasons.get(ref.id)
            row = season.results().ranking.by_member().get(member_id)
            missing = season.tally(member_id).missing if row else 0
            awards = tuple(
                YearAward(season.award_types[n.award_type_id].name, n.name,
                          season.ballots[n.id].passed if n.id in season.ballots else None, season.council.get(n.id))
                for n in season.nominees.values() if n.member_id == member_id and n.kind is NomineeKind.MEMBER)
            out.append(YearRank(ref.year, row.rank if row else None, row.total if row else None,
                                len(season.members), missing > 0, awards))
    return out
