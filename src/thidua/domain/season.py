"""The season aggregate: one cluster's year — members, criteria, figures, scores, outcome, state.

Every change goes through a method here that checks the season's state and the rules, then
records a `Change`; storage persists exactly those changes and writes them to the audit log.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Iterable

from .awards import AwardType, Nominee, NomineeKind, Origin, Proposal, propose
from .awards import quota_chain
from .criteria import CriteriaTable, Criterion, Kind, Method, achievement_percent, relative_points
from .edits import UNSET, Seen, anchor_after
from .errors import (BadTransition, DomainError, Duplicate, EditConflict, IncompleteSeason, InvalidFigure,
                     InvalidSetting, NotFound, SeasonLocked)
from .points import FIGURE_DECIMALS, FIGURE_LIMIT, POINTS_DECIMALS, POINTS_LIMIT, ZERO, bounds_problem
from .ranking import (ClassBand, FloorScope, MemberTally, RankBasis, Ranking, RankRule, TieBreaker, TieBreakerKind,
                      TieDecision, check_bands, rank)
from .scoring import PANELS, ScoreCell, ScoreKind, ScoringMode, cross_mean, tally
from .votes import Ballot, VoteRule


class State(str, enum.Enum):
    DRAFT = "draft"            # setting up: members, criteria, covenant
    SCORING = "scoring"        # scores are being entered
    VOTING = "voting"          # scores frozen, the committee deliberates and votes
    SIGNED_OFF = "signed_off"  # ký duyệt: nothing changes


class Area(str, enum.Enum):
    STRUCTURE = "structure"   # members, criteria table, scoring settings
    SCORES = "scores"         # figures, self / agreed / cross scores
    OUTCOME = "outcome"       # award types, nominees and proposals
    VOTES = "votes"           # ballots and tie decisions: what the committee decides at the meeting
    MEETING = "meeting"       # the meeting's facts for the minutes
    AFTERMATH = "aftermath"   # the higher council's later decisions on the proposals


# the column that counts in each single-column mode (final() runs once per cell of every paper)
_COUNTED = {mode: ScoreKind(mode.value) for mode in ScoringMode if mode.value in {k.value for k in ScoreKind}}

ALLOWED: dict[State, frozenset[Area]] = {
    # votes are cast on frozen scores: a ballot beside scores still changing would count on a ranking
    # that no longer holds, so ballots and tie decisions wait for Bình xét
    State.DRAFT: frozenset(Area) - {Area.AFTERMATH, Area.VOTES},
    State.SCORING: frozenset(Area) - {Area.AFTERMATH, Area.VOTES},
    State.VOTING: frozenset({Area.OUTCOME, Area.VOTES, Area.MEETING, Area.AFTERMATH}),
    # signed off: nothing that was signed changes; what the higher council decided later is recorded
    # beside it, outside the signed content (canonical.py never reads it)
    State.SIGNED_OFF: frozenset({Area.AFTERMATH}),
}

TRANSITIONS: dict[State, frozenset[State]] = {
    State.DRAFT: frozenset({State.SCORING}),
    State.SCORING: frozenset({State.DRAFT, State.VOTING}),
    State.VOTING: frozenset({State.SCORING}),
    State.SIGNED_OFF: frozenset(),
}

# the steps a signed-off season can be reopened at, the usual one first
REOPEN_TO: tuple[State, ...] = (State.SCORING, State.VOTING, State.DRAFT)


@dataclass(frozen=True)
class Action:
    """Something a person can ask of a season: go to a step, sign off, reopen at a step, or change an area.

    `Season.refusal(action)` says whether the season allows it now, and if not, why: the window
    and the command line show that reason instead of re-deciding the rules.
    """

    kind: str                    # "advance", "sign_off", "reopen" or "edit"
    state: State | None = None   # advance: the step to go to; reopen: the step to return to
    area: Area | None = None     # edit: what would change

    @staticmethod
    def advance(to: State) -> "Action":
        return Action("advance", state=to)

    @staticmethod
    def reopen(to: State = State.SCORING) -> "Action":
        return Action("reopen", state=to)

    @staticmethod
    def edit(area: Area) -> "Action":
        return Action("edit", area=area)


Action.SIGN_OFF = Action("sign_off")
Action.VOTE = Action.edit(Area.VOTES)          # record a ballot
Action.DECIDE_TIE = Action.edit(Area.VOTES)    # order members no tie-breaker separates




def _before(item: str, order: list[str]) -> str:
    """The id just before `item` in `order` ('' when it comes first)."""
    i = order.index(item)
    return order[i - 1] if i else ""


@dataclass(frozen=True)
class Member:
    id: str
    short_name: str                 # "Ninh Bình"
    full_name: str = ""             # "Liên minh HTX tỉnh Ninh Bình"

    @property
    def display_full(self) -> str:
        return self.full_name or f"Liên minh HTX tỉnh {self.short_name}"


@dataclass(frozen=True)
class Figure:
    """A member's covenant target and actual figure for one criterion."""

    target: Decimal | None = None
    actual: Decimal | None = None

    @property
    def percent(self) -> Decimal | None:
        return achievement_percent(self.target, self.actual)


@dataclass(frozen=True)
class Meeting:
    """The year-end meeting's facts, as the minutes record them."""

    date: dt.date | None = None
    start_time: str = ""                     # "8 giờ 00"
    place: str = ""                          # "Ninh Bình" (used in the dateline too)
    venue: str = ""                          # "Hội trường Liên minh HTX tỉnh Ninh Bình"
    host_member_id: str | None = None
    heads: tuple[str, ...] = ()              # this year's cluster head(s): one or two members
    deputy_id: str | None = None
    chair: str = ""
    chair_title: str = ""
    secretary: str = ""
    secretary_title: str = ""
    attendance: tuple[tuple[str, str], ...] = ()   # (member id, who attended); absent if missing
    attendee_names: tuple[tuple[str, str], ...] = ()   # (member id, the attendee's name: signs the covenant)
    guests: str = ""
    agenda: str = ""
    conclusions: str = ""
    next_heads: tuple[str, ...] = ()
    next_deputy_id: str | None = None
    minutes_number: str = ""                 # "01/BB-CTĐ"
    submission_number: str = ""              # "01/TTr-CTĐ"
    recipient: str = "Hội đồng Thi đua - Khen thưởng Liên minh Hợp tác xã Việt Nam"
    grounds: str = ""
    covenant_number: str = ""                # "01/GƯ-CTĐ"
    covenant_date: dt.date | None = None     # when the members signed the covenant
    # (member id, title, name) of who signed the covenant for each member; the attendance when empty
    covenant_signers: tuple[tuple[str, str, str], ...] = ()

    def attendee(self, member_id: str) -> str | None:
        return dict(self.attendance).get(member_id)

    def attendee_name(self, member_id: str) -> str:
        return dict(self.attendee_names).get(member_id, "")

    def present_ids(self) -> list[str]:
        return [m for m, who in self.attendance if who.strip()]

    def without(self, member_id: str) -> "Meeting":
        """The meeting with every mention of a member dropped (the member is being removed)."""
        def drop(v: str | None) -> str | None:
            return None if v == member_id else v
        return replace(
            self, heads=tuple(m for m in self.heads if m != member_id), deputy_id=drop(self.deputy_id),
            host_member_id=drop(self.host_member_id), next_heads=tuple(m for m in self.next_heads if m != member_id),
            next_deputy_id=drop(self.next_deputy_id), attendance=tuple(a for a in self.attendance if a[0] != member_id),
            attendee_names=tuple(a for a in self.attendee_names if a[0] != member_id),
            covenant_signers=tuple(a for a in self.covenant_signers if a[0] != member_id))


@dataclass(frozen=True)
class SeasonSettings:
    scoring_mode: ScoringMode = ScoringMode.AGREED
    drop_extremes: bool = False                      # cross-scoring: drop highest and lowest
    tie_breakers: tuple[TieBreaker, ...] = ()
    classes: tuple[ClassBand, ...] = ()
    vote_rule: VoteRule = VoteRule()
    rank_basis: RankBasis = RankBasis.TOTAL          # rank by total, or by tỷ lệ đạt (own maximum)
    class_cap: Decimal | None = None                 # classification on the total capped here (rank uncapped)
    floor_scope: FloorScope = FloorScope.CRITERION   # what a band's floor looks at
    panels: tuple[ScoreKind, ...] = ()               # extra score columns kept: review panel, council
    highest_of: tuple[ScoreKind, ...] = ()           # HIGHEST mode: the columns whose highest counts

    @property
    def rank_rule(self) -> RankRule:
        return RankRule(self.rank_basis, self.class_cap, self.floor_scope)

    @property
    def floors(self) -> bool:
        return any(b.floor is not None for b in self.classes)

    @property
    def columns(self) -> tuple[ScoreKind, ...]:
        """The score columns this season keeps, in the grid's order."""
        return (ScoreKind.SELF, ScoreKind.AGREED) + tuple(k for k in PANELS if k in self.panels)


@dataclass(frozen=True)
class CouncilDecision:
    """What the higher council later decided on a proposal ("Quyết định số …/QĐ-LMHTX ngày …").

    Recorded after the meeting, also into a signed-off season: it is not part of what was signed.
    """

    approved: bool
    number: str = ""                 # "125/QĐ-LMHTX"
    date: dt.date | None = None
    note: str = ""                   # e.g. the award actually granted, or why it was not approved


@dataclass(frozen=True)
class Revision:
    """A signed-off revision: kept intact when the season is reopened."""

    number: int
    signed_by: str
    signed_at: dt.datetime
    sha256: str
    content: str
    reopened_by: str | None = None
    reopened_at: dt.datetime | None = None
    reopen_reason: str | None = None


@dataclass(frozen=True)
class Change:
    """One recorded change: what storage persists and the audit log keeps."""

    entity: str          # season, member, criterion, criteria_order, figure, score, cross, ...
    key: tuple           # identifies the row within the season
    field: str
    old: Any
    new: Any
    reason: str | None = None


@dataclass(frozen=True)
class SeasonResults:
    tallies: dict[str, MemberTally]
    ranking: Ranking
    max_total: Decimal

    @property
    def missing(self) -> int:
        return sum(t.missing for t in self.tallies.values())


@dataclass
class Season:
    id: str
    cluster_id: str
    cluster_name: str
    year: int
    parent_body: str = "Liên minh Hợp tác xã Việt Nam"
    state: State = State.DRAFT
    version: int = 0
    members: list[Member] = field(default_factory=list)
    criteria: CriteriaTable = field(default_factory=CriteriaTable)
    figures: dict[tuple[str, str], Figure] = field(default_factory=dict)
    scores: dict[tuple[str, str], ScoreCell] = field(default_factory=dict)
    cross: dict[tuple[str, str], dict[str, Decimal]] = field(default_factory=dict)
    settings: SeasonSettings = field(default_factory=SeasonSettings)
    award_types: dict[str, AwardType] = field(default_factory=dict)
    nominees: dict[str, Nominee] = field(default_factory=dict)
    ballots: dict[str, Ballot] = field(default_factory=dict)
    decisions: tuple[TieDecision, ...] = ()
    meeting: Meeting = field(default_factory=Meeting)
    revisions: list[Revision] = field(default_factory=list)
    council: dict[str, CouncilDecision] = field(default_factory=dict)   # nominee id → the later decision
    changes: list[Change] = field(default_factory=list, repr=False)
    _tallies: dict[str, MemberTally] = field(default_factory=dict, repr=False, compare=False)
    _criteria_shared: bool = field(default=False, repr=False, compare=False)

    # ---- state -------------------------------------------------------------------------
    @property
    def revision(self) -> int:
        return self.revisions[-1].number if self.revisions else 0

    @property
    def signed(self) -> Revision | None:
        return self.revisions[-1] if self.state is State.SIGNED_OFF and self.revisions else None

    def can(self, area: Area) -> bool:
        return area in ALLOWED[self.state]

    def copy(self) -> "Season":
        """A private copy: containers copied, frozen values shared (cheap even for 63 × 200 cells).

        Why: the cached season is shared by every reader of this process (views, worker threads);
        each unit of work and each reader gets its own copy, so nobody changes another's object.
        """
        # the criteria table and the computed tallies are shared until this copy changes them
        # (copy on write: _own_criteria, _dirty), so a reader's copy costs no tree walk and no tally
        self._criteria_shared = True
        return replace(
            self, members=list(self.members), figures=dict(self.figures),
            scores=dict(self.scores), cross={k: dict(v) for k, v in self.cross.items()},
            award_types=dict(self.award_types), nominees=dict(self.nominees), ballots=dict(self.ballots),
            revisions=list(self.revisions), council=dict(self.council), changes=[], _criteria_shared=True)

    def _own_criteria(self) -> None:
        """Before changing the criteria table: a table shared with other copies is cloned first."""
        if self._criteria_shared:
            self.criteria = self.criteria.clone()
            self._criteria_shared = False

    # ---- what an editor saw --------------------------------------------------------------
    def value_of(self, entity: str, key: tuple, fld: str) -> Any:
        """The stored value an edit of (entity, key, field) is based on — the triple a Change records."""
        if entity == "score":
            cell = self.cell(*key)
            return cell.note if fld == "note" else cell.get(ScoreKind(fld))
        if entity == "cross":
            member_id, criterion_id, scorer_id = key
            return self.cross.get((member_id, criterion_id), {}).get(scorer_id)
        if entity == "figure":
            return getattr(self.figure(*key), fld)
        if entity == "member":
            member = next((m for m in self.members if m.id == key[0]), None)
            if fld == "after":   # the member just before it: where it stands, as a person sees it
                return _before(key[0], [m.id for m in self.members]) if member else None
            return getattr(member, fld) if member else None
        if entity == "member_order":
            return tuple(m.id for m in self.members)
        if entity == "criterion":
            if key[0] not in self.criteria:
                return None
            if fld == "after":
                node = self.criteria.get(key[0])
                return _before(key[0], [c.id for c in self.criteria.children(node.parent_id)])
            return getattr(self.criteria.get(key[0]), fld)
        if entity == "criteria_order":
            parent = key[0] if key else None
            if parent is not None and parent not in self.criteria:
                return None
            return tuple(c.id for c in self.criteria.children(parent))
        if entity == "season":
            if fld == "state":
                return self.state.value
            area, _, name = fld.partition(".")
            return getattr(self.settings if area == "settings" else self.meeting, name)
        if entity == "award_type":
            award = self.award_types.get(key[0])
            return award if fld == "award_type" or award is None else getattr(award, fld)
        if entity == "nominee":
            nominee = self.nominees.get(key[0])
            return nominee if fld == "nominee" or nominee is None else getattr(nominee, fld)
        if entity == "ballot":
            return self.ballots.get(key[0])
        if entity == "council":
            decision = self.council.get(key[0])
            return decision if fld == "decision" or decision is None else getattr(decision, fld)
        if entity == "decision":
            return next((d for d in self.decisions if frozenset(d.member_ids) == frozenset(key)), None)
        if entity == "proposals":   # the nominees a new proposal from the ranking replaces
            return tuple(sorted(n.id for n in self.nominees.values()
                                if n.origin is Origin.RANKING and n.id not in self.ballots))
        raise ValueError(f"no stored value for {entity}")   # pragma: no cover - a programming error

    def expect(self, seen: Iterable[Seen]) -> None:
        """Refuse the edit when any value its author saw has changed since (EditConflict names which)."""
        for s in seen:
            current = self.value_of(s.entity, s.key, s.field)
            if not s.holds(current):
                raise EditConflict(entity=s.entity, key=s.key, field=s.field, expected=s.value,
                                   current=current, subject=self.subject(s.entity, s.key))

    def subject(self, entity: str, key: tuple) -> dict[str, str]:
        """Names of what (entity, key) is about, for a sentence: member, criterion code and title, nominee…"""
        names = {m.id: m.short_name for m in self.members}
        out: dict[str, str] = {}
        if entity in ("score", "figure", "cross", "member") and key:
            out["member"] = names.get(key[0], "")
        if entity in ("score", "figure", "cross", "criterion") and len(key) >= (1 if entity == "criterion" else 2):
            cid = key[0] if entity == "criterion" else key[1]
            if cid in self.criteria:
                out["criterion"] = self.criteria.path_code(cid) or self.criteria.get(cid).title
                out["criterion_title"] = self.criteria.get(cid).title
        if entity == "cross" and len(key) == 3:
            out["scorer"] = names.get(key[2], "")
        if entity == "criteria_order" and key and key[0] in self.criteria:
            out["criterion"] = self.criteria.path_code(key[0]) or self.criteria.get(key[0]).title
        if entity in ("nominee", "ballot", "council") and key and key[0] in self.nominees:
            out["nominee"] = self.nominees[key[0]].name
        if entity == "award_type" and key and key[0] in self.award_types:
            out["award"] = self.award_types[key[0]].name
        if entity == "decision":
            out["members"] = ", ".join(names.get(m, m) for m in key)
        return out

    def require(self, area: Area) -> None:
        self._check(Action.edit(area))

    def _record(self, entity: str, key: tuple, fld: str, old: Any, new: Any, reason: str | None = None) -> None:
        self.changes.append(Change(entity, key, fld, old, new, reason))

    def _dirty(self, member_id: str | None = None) -> None:
        # a new dict, never a change to the old one: copies of this season may share it
        if member_id is None:
            self._tallies = {}
        elif member_id in self._tallies:
            self._tallies = {k: v for k, v in self._tallies.items() if k != member_id}

    def record_creation(self, reason: str | None = None) -> None:
        """A new season's first log row: which cluster and year, and where it came from."""
        self._record("season", (), "created", None, f"{self.cluster_name} {self.year}", reason)

    def refusal(self, action: Action) -> DomainError | None:
        """Why the season refuses `action` now (the domain error, with its data), or None when it allows it.

        The one place the steps' rules are decided: every method below that changes the step
        asks it, and the window asks it to enable its actions and say why one is disabled.
        """
        state = self.state
        if action.kind == "edit":
            return None if self.can(action.area) else SeasonLocked(state=state.value, action=action.area.value)
        if action.kind == "advance":
            to = action.state
            if to is State.SIGNED_OFF or to not in TRANSITIONS[state]:
                return BadTransition(from_state=state.value, to_state=to.value)
            return None
        if action.kind == "sign_off":
            if state is not State.VOTING:
                return BadTransition(from_state=state.value, to_state=State.SIGNED_OFF.value, action="sign_off")
            results = self.results()
            if results.missing:
                examples = [m.short_name for m in self.members if results.tallies[m.id].missing][:3]
                return IncompleteSeason(missing=results.missing, examples=examples)
            return None
        if action.kind == "reopen":
            to = action.state or State.SCORING
            if state is not State.SIGNED_OFF or to not in REOPEN_TO:
                return BadTransition(from_state=state.value, to_state=to.value, action="reopen")
            return None
        raise ValueError(f"no such action: {action.kind}")   # pragma: no cover - a programming error

    def _check(self, action: Action) -> None:
        refused = self.refusal(action)
        if refused is not None:
            raise refused

    def advance(self, to: State, reason: str | None = None) -> None:
        self._check(Action.advance(to))
        self._record("season", (), "state", self.state.value, to.value, reason)
        self.state = to

    def sign_off(self, by: str, at: dt.datetime, content: str, sha256: str) -> Revision:
        """Sign off from Bình xét only: the votes the minutes report must have been taken on these scores."""
        self._check(Action.SIGN_OFF)
        if not by.strip():
            raise InvalidSetting(reason="signer_missing", value=by)
        revision = Revision(self.revision + 1, by.strip(), at, sha256, content)
        self.revisions.append(revision)
        self._record("revision", (revision.number,), "signed", None, sha256)
        self._record("season", (), "state", self.state.value, State.SIGNED_OFF.value)
        self.state = State.SIGNED_OFF
        return revision

    def reopen(self, by: str, at: dt.datetime, reason: str, to: State = State.SCORING) -> None:
        """Reopen a signed-off season at step `to` (scoring by default); the log records the step and the reason."""
        self._check(Action.reopen(to))
        if not reason.strip():
            raise InvalidSetting(reason="reopen_reason_missing", value=reason)
        last = self.revisions[-1]
        self.revisions[-1] = replace(last, reopened_by=by, reopened_at=at, reopen_reason=reason.strip())
        self._record("revision", (last.number,), "reopened", None, by, reason.strip())
        self._record("season", (), "state", self.state.value, to.value, reason.strip())
        self.state = to

    # ---- members -------------------------------------------------------------------------
    def member(self, member_id: str) -> Member:
        for m in self.members:
            if m.id == member_id:
                return m
        raise NotFound(kind="member", key=member_id)

    def add_member(self, member: Member, position: int | None = None) -> Member:
        self.require(Area.STRUCTURE)
        if not member.short_name.strip():
            raise InvalidSetting(reason="member_without_name", value=member.short_name)
        if any(m.id == member.id or m.short_name.strip().lower() == member.short_name.strip().lower()
               for m in self.members):
            raise Duplicate(kind="member", key=member.short_name)
        self.members.insert(len(self.members) if position is None else position, member)
        self._record("member", (member.id,), "added", None, member.short_name)
        if member.full_name:
            self._record("member", (member.id,), "full_name", None, member.full_name)
        self._record("member", (member.id,), "position", None, self.members.index(member) + 1)
        self._dirty()
        return member

    def update_member(self, member_id: str, short_name: str | None = None, full_name: str | None = None) -> Member:
        self.require(Area.STRUCTURE)
        old = self.member(member_id)
        new = replace(old, short_name=short_name.strip() if short_name is not None else old.short_name,
                      full_name=full_name.strip() if full_name is not None else old.full_name)
        if not new.short_name.strip():
            raise InvalidSetting(reason="member_without_name", value=new.short_name)
        if any(m.id != member_id and m.short_name.lower() == new.short_name.lower() for m in self.members):
            raise Duplicate(kind="member", key=new.short_name)
        self.members[self.members.index(old)] = new
        for name in ("short_name", "full_name"):
            if getattr(old, name) != getattr(new, name):
                self._record("member", (member_id,), name, getattr(old, name), getattr(new, name))
        return new

    def remove_member(self, member_id: str) -> None:
        """Remove a member and everything recorded for it; each removed value lands in the log with its old value."""
        self.require(Area.STRUCTURE)
        old = self.member(member_id)
        reason = f"xóa đơn vị {old.short_name}"
        for key in sorted(k for k in self.scores if k[0] == member_id):
            self._forget_cell(key, reason)
        for key in sorted(k for k in self.figures if k[0] == member_id):
            fig = self.figures.pop(key)
            for name in ("target", "actual"):
                if getattr(fig, name) is not None:
                    self._record("figure", key, name, getattr(fig, name), None, reason)
        for key in sorted(self.cross):
            by_scorer = self.cross[key]
            for scorer in sorted(by_scorer):
                if key[0] == member_id or scorer == member_id:
                    self._record("cross", (*key, scorer), "points", by_scorer[scorer], None, reason)
            if key[0] == member_id:
                del self.cross[key]
            else:
                by_scorer.pop(member_id, None)
                if not by_scorer:
                    del self.cross[key]
        for node in [n for n in self.criteria.nodes() if member_id in n.not_assigned]:
            self._own_criteria()
            kept = tuple(m for m in node.not_assigned if m != member_id)
            self.criteria.update(node.id, not_assigned=kept)
            self._record("criterion", (node.id,), "not_assigned", node.not_assigned, kept, reason)
        # what names the member goes with it: its nominees (and their votes) and its places in the meeting
        for nominee in [n for n in self.nominees.values() if n.member_id == member_id]:
            self.remove_nominee(nominee.id)
        if self.meeting.without(member_id) != self.meeting:
            self.set_meeting(self.meeting.without(member_id))
        position = self.members.index(old) + 1
        self.members.remove(old)
        self._record("member", (member_id,), "removed", f"{old.short_name} | {old.full_name}", None)
        self._record("member", (member_id,), "position", position, None)
        self._dirty()

    def _forget_cell(self, key: tuple[str, str], reason: str) -> None:
        cell = self.scores.pop(key)
        for kind, value in cell.values():
            self._record("score", key, kind.value, value, None, reason)
        if cell.note:
            self._record("score", key, "note", cell.note, "", reason)

    def move_member(self, member_id: str, position: int, seen_order: Iterable[str] | None = None) -> None:
        """Move a member to `position` of the order its author saw (the current order when not given)."""
        self.require(Area.STRUCTURE)
        m = self.member(member_id)
        old_position = self.members.index(m)
        order = list(seen_order) if seen_order is not None else [x.id for x in self.members]
        anchor = anchor_after(order, member_id, position)
        self.members.remove(m)
        ids = [x.id for x in self.members]
        if anchor is not None and anchor not in ids:
            self.members.insert(old_position, m)
            raise EditConflict(entity="member", key=(anchor,), field="removed", expected=anchor, current=None,
                               subject={"member": m.short_name})
        self.members.insert(ids.index(anchor) if anchor is not None else len(ids), m)
        new_position = self.members.index(m)
        if new_position != old_position:
            self._record("member", (member_id,), "position", old_position + 1, new_position + 1)

    # ---- criteria ------------------------------------------------------------------------
    def _place(self, node_id: str) -> str:
        """Where a criterion sits, as the log shows it: its parent's printed code and its position there."""
        node = self.criteria.get(node_id)
        parent = self.criteria.path_code(node.parent_id) if node.parent_id else ""
        return f"{parent or '—'} / {self.criteria.position(node_id) + 1}"

    def _check_assigned(self, not_assigned: tuple[str, ...]) -> None:
        for m in not_assigned:
            self.member(m)
        if len(set(not_assigned)) != len(not_assigned):
            raise InvalidSetting(reason="not_assigned_twice", value=list(not_assigned))

    def add_criterion(self, node: Criterion, position: int | None = None) -> Criterion:
        self.require(Area.STRUCTURE)
        self._check_assigned(node.not_assigned)
        self._own_criteria()
        node = self.criteria.add(node, position)
        self._record("criterion", (node.id,), "added", None, node.title)
        self._record("criterion", (node.id,), "position", None, self._place(node.id))
        self._dirty()
        return node

    def update_criterion(self, node_id: str, **changes: Any) -> Criterion:
        self.require(Area.STRUCTURE)
        if "not_assigned" in changes:
            changes["not_assigned"] = tuple(changes["not_assigned"])
            self._check_assigned(changes["not_assigned"])
        self._own_criteria()
        old, new = self.criteria.update(node_id, **changes)
        for name in changes:
            if getattr(old, name) != getattr(new, name):
                self._record("criterion", (node_id,), name, getattr(old, name), getattr(new, name))
        if new.role is not old.role:
            for cid in self.criteria.subtree_ids(node_id)[1:]:
                self._record("criterion", (cid,), "role", old.role, new.role)
        self._dirty()
        # who is scored against whom changed: every relative row under it is scored again
        for leaf in self.criteria.leaves():
            if leaf.method is Method.RELATIVE and leaf.id in self.criteria.subtree_ids(node_id) and old != new:
                self._apply_relative(leaf)
        return new

    def _forget_values_under(self, ids: set[str], reason: str) -> None:
        for key in sorted(k for k in self.scores if k[1] in ids):
            self._forget_cell(key, reason)
        for key in sorted(k for k in self.figures if k[1] in ids):
            fig = self.figures.pop(key)
            for name in ("target", "actual"):
                if getattr(fig, name) is not None:
                    self._record("figure", key, name, getattr(fig, name), None, reason)
        for key in sorted(k for k in self.cross if k[1] in ids):
            for scorer, points in sorted(self.cross.pop(key).items()):
                self._record("cross", (*key, scorer), "points", points, None, reason)

    def remove_criterion(self, node_id: str) -> list[Criterion]:
        """Remove a row and everything under it; every removed value lands in the log with its old value."""
        self.require(Area.STRUCTURE)
        node = self.criteria.get(node_id)
        place = self._place(node_id)
        ids = set(self.criteria.subtree_ids(node_id))
        self._forget_values_under(ids, f"xóa tiêu chí {self.criteria.path_code(node_id) or node.title}")
        self._own_criteria()
        removed = self.criteria.remove(node_id)
        for r in removed:
            self._record("criterion", (r.id,), "removed", r.title, None)
        self._record("criterion", (node_id,), "position", place, None)
        self._dirty()
        return removed

    def move_criterion(self, node_id: str, parent_id: str | None, position: int,
                       seen_siblings: Iterable[str] | None = None) -> Criterion:
        """Move a row under `parent_id` at `position` of the children its author saw there."""
        self.require(Area.STRUCTURE)
        before = self._place(node_id)
        siblings = list(seen_siblings) if seen_siblings is not None else \
            [c.id for c in self.criteria.children(parent_id)]
        anchor = anchor_after(siblings, node_id, position)
        current = [c.id for c in self.criteria.children(parent_id) if c.id != node_id]
        if anchor is not None and anchor not in current:
            raise EditConflict(entity="criteria_order", key=(parent_id,), field="order", expected=anchor,
                               current=None, subject=self.subject("criterion", (node_id,)))
        self._own_criteria()
        moved = self.criteria.move(node_id, parent_id, current.index(anchor) if anchor is not None else len(current))
        after = self._place(node_id)
        if after != before:
            self._record("criterion", (node_id,), "position", before, after)
        self._dirty()
        return moved

    def replace_criteria(self, table: CriteriaTable) -> None:
        """Swap in a whole table (copied from another season or imported)."""
        self.require(Area.STRUCTURE)
        self._forget_values_under(set(n.id for n in self.criteria.nodes()), "thay bảng tiêu chí")
        for node in self.criteria.nodes():
            self._record("criterion", (node.id,), "removed", node.title, None)
        self.criteria = table
        self._criteria_shared = False
        for node in table.nodes():
            self._record("criterion", (node.id,), "added", None, node.title)
            self._record("criterion", (node.id,), "position", None, self._place(node.id))
        self._record("criteria_all", (), "replaced", None, len(table))
        self._dirty()

    # ---- figures and scores --------------------------------------------------------------
    def _leaf(self, criterion_id: str) -> Criterion:
        node = self.criteria.get(criterion_id)
        if node.kind is not Kind.LEAF:
            raise NotFound(kind="leaf", key=node.title)
        return node

    def figure(self, member_id: str, criterion_id: str) -> Figure:
        return self.figures.get((member_id, criterion_id), Figure())

    def set_figure(self, member_id: str, criterion_id: str, target: Any = UNSET, actual: Any = UNSET,
                   apply_points: bool = True) -> Figure:
        """Record a covenant target and/or actual figure; computed leaves get their agreed points."""
        self.require(Area.SCORES)
        self.member(member_id)
        leaf = self._leaf(criterion_id)
        old = self.figure(member_id, criterion_id)
        new = old
        for name, value in (("target", target), ("actual", actual)):
            if value is UNSET:
                continue
            if value is not None:
                if problem := bounds_problem(value, FIGURE_LIMIT, FIGURE_DECIMALS):
                    raise InvalidFigure(reason=problem, value=value, limit=FIGURE_LIMIT, field=name)
                if value < 0:
                    raise InvalidFigure(reason="negative", value=value, field=name)
            new = replace(new, **{name: value})
        key = (member_id, criterion_id)
        if new == Figure():
            self.figures.pop(key, None)
        else:
            self.figures[key] = new
        for name in ("target", "actual"):
            if getattr(old, name) != getattr(new, name):
                self._record("figure", key, name, getattr(old, name), getattr(new, name))
        if apply_points and leaf.method is Method.RELATIVE:
            if old != new:
                self._apply_relative(leaf)
        elif apply_points and leaf.method is not None and leaf.method.uses_figures:
            points = leaf.points_from_figures(new.target, new.actual)
            if points is not None and points != self.cell(member_id, criterion_id).agreed_points:
                self.set_score(member_id, criterion_id, points, ScoreKind.AGREED)
        return new

    def score_from_figures(self, criterion_id: str) -> None:
        """Give every member the agreed points its figures earn on a row scored from figures."""
        leaf = self._leaf(criterion_id)
        if leaf.method is Method.RELATIVE:
            self._apply_relative(leaf)
            return
        for m in self.members:
            fig = self.figure(m.id, criterion_id)
            points = leaf.points_from_figures(fig.target, fig.actual)
            if points is not None and points != self.cell(m.id, criterion_id).agreed_points:
                self.set_score(m.id, criterion_id, points, ScoreKind.AGREED)

    def _apply_relative(self, leaf: Criterion) -> None:
        """Score every member again on a row scored against the leader: one figure moves everyone's points."""
        assigned = {m.id for m in self.members if leaf.id not in self.criteria.exempt(m.id)}
        figures = {m: (f.target, f.actual) for (m, c), f in self.figures.items() if c == leaf.id and m in assigned}
        scored = relative_points(leaf.leaf_maximum(), figures)
        for m in self.members:
            points = scored.get(m.id)
            if points is not None and points != self.cell(m.id, leaf.id).agreed_points:
                self.set_score(m.id, leaf.id, points, ScoreKind.AGREED)

    def cell(self, member_id: str, criterion_id: str) -> ScoreCell:
        return self.scores.get((member_id, criterion_id), ScoreCell())

    def set_score(self, member_id: str, criterion_id: str, points: Decimal | None,
                  kind: ScoreKind = ScoreKind.AGREED, expected: Any = UNSET) -> ScoreCell:
        """Record a self or agreed score (None clears it).

        `expected` is the value the editor saw; when it no longer holds, someone else changed
        the cell meanwhile and the edit is refused rather than silently overwriting theirs.
        """
        self.require(Area.SCORES)
        self.member(member_id)
        leaf = self._leaf(criterion_id)
        if kind in PANELS and kind not in self.settings.panels:
            raise InvalidSetting(reason="column_not_kept", value=kind.value)
        key = (member_id, criterion_id)
        old = self.cell(member_id, criterion_id)
        current = old.get(kind)
        if expected is not UNSET and expected != current:
            raise EditConflict(expected=expected, current=current)
        if points is not None:
            points = leaf.check_points(points)
        if points == current:
            return old
        new = replace(old, **{ScoreCell.field_of(kind): points})
        self._put_cell(key, new)
        self._record("score", key, kind.value, current, points)
        choice = self.criteria.choice_of(criterion_id)
        if choice is not None and points:
            # alternatives: choosing one band clears the member's points on the others
            for sibling in self.criteria.children(choice.id):
                if sibling.id != criterion_id and self.cell(member_id, sibling.id).get(kind) is not None:
                    self.set_score(member_id, sibling.id, None, kind)
        self._dirty(member_id)
        return new

    def set_note(self, member_id: str, criterion_id: str, note: str) -> ScoreCell:
        self.require(Area.SCORES)
        self.member(member_id)
        self._leaf(criterion_id)
        key = (member_id, criterion_id)
        old = self.cell(member_id, criterion_id)
        if old.note == note:
            return old
        new = replace(old, note=note)
        self._put_cell(key, new)
        self._record("score", key, "note", old.note, note)
        return new

    def _put_cell(self, key: tuple[str, str], cell: ScoreCell) -> None:
        if cell.empty:
            self.scores.pop(key, None)
        else:
            self.scores[key] = cell

    def set_cross_score(self, scorer_id: str, member_id: str, criterion_id: str,
                        points: Decimal | None) -> None:
        self.require(Area.SCORES)
        if scorer_id == member_id:
            raise InvalidSetting(reason="self_cross_score", value=member_id)
        self.member(scorer_id)
        self.member(member_id)
        leaf = self._leaf(criterion_id)
        if points is not None:
            points = leaf.check_points(points)
        key = (member_id, criterion_id)
        by_scorer = self.cross.setdefault(key, {})
        old = by_scorer.get(scorer_id)
        if points is None:
            by_scorer.pop(scorer_id, None)
        else:
            by_scorer[scorer_id] = points
        if not by_scorer:
            self.cross.pop(key, None)
        if old != points:
            self._record("cross", (member_id, criterion_id, scorer_id), "points", old, points)
            self._dirty(member_id)

    def final(self, member_id: str, criterion_id: str) -> Decimal | None:
        """The points that count, by the season's explicit rule of which column counts."""
        mode = self.settings.scoring_mode
        if mode is ScoringMode.CROSS:
            by_scorer = self.cross.get((member_id, criterion_id), {})
            return cross_mean([p for s, p in by_scorer.items() if s != member_id],
                              self.settings.drop_extremes)
        cell = self.scores.get((member_id, criterion_id))
        if cell is None:
            return None
        if mode is ScoringMode.HIGHEST:
            return max((v for k, v in cell.values() if k in self.settings.highest_of), default=None)
        return cell.get(_COUNTED[mode])

    # ---- results -------------------------------------------------------------------------
    def tally(self, member_id: str) -> MemberTally:
        cached = self._tallies.get(member_id)
        if cached is None:
            leaves = self.criteria.leaves()
            if self.settings.scoring_mode is ScoringMode.AGREED:
                # the common case, inlined: this runs for every member on every full ranking
                scores = self.scores
                finals = {}
                for leaf in leaves:
                    cell = scores.get((member_id, leaf.id))
                    finals[leaf.id] = cell.agreed_points if cell is not None else None
            else:
                finals = {leaf.id: self.final(member_id, leaf.id) for leaf in leaves}
            st = self.settings
            cached = tally(self.criteria, member_id, finals,
                           floor_scope=st.floor_scope.value if st.floors else None,
                           with_rate=st.rank_basis is RankBasis.RATE)
            self._tallies[member_id] = cached
        return cached

    def results(self) -> SeasonResults:
        """Totals, ranks and classifications: the one computation every screen and file reads."""
        tallies = {m.id: self.tally(m.id) for m in self.members}
        ranking = rank(list(tallies.values()), self.settings.tie_breakers, self.settings.classes,
                       self.decisions, order=[m.id for m in self.members], rule=self.settings.rank_rule)
        return SeasonResults(tallies, ranking, self.criteria.max_total())

    def proposals(self) -> list[Proposal]:
        return propose(self.results().ranking, list(self.award_types.values()), self.settings.classes)

    # ---- settings, outcome, meeting ------------------------------------------------------
    def set_settings(self, settings: SeasonSettings) -> None:
        self.require(Area.STRUCTURE)
        check_bands(settings.classes)
        settings.vote_rule.validate()
        check_columns(settings)
        for tb in settings.tie_breakers:
            if tb.kind is TieBreakerKind.GROUP_SCORE:
                if tb.criterion_id not in self.criteria:
                    raise NotFound(kind="criterion", key=tb.criterion_id)
        old = self.settings
        self.settings = settings
        for name in settings.__dataclass_fields__:
            if getattr(old, name) != getattr(settings, name):
                self._record("season", (), f"settings.{name}", getattr(old, name), getattr(settings, name))
        self._dirty()

    def _record_fields(self, entity: str, key: tuple, old: Any, new: Any) -> None:
        """One log row per changed field of a form-like value (an award type, a nominee)."""
        if old is None:
            self._record(entity, key, "added", None, getattr(new, "name", new))
        for name in new.__dataclass_fields__:
            if name == "id":
                continue
            before = getattr(old, name) if old is not None else None
            if before != getattr(new, name) and not (old is None and getattr(new, name) in (None, "", False)):
                self._record(entity, key, name, before, getattr(new, name))

    def put_award_type(self, award: AwardType) -> None:
        self.require(Area.OUTCOME)
        award.validate()
        if award.within is not None:
            if award.within not in self.award_types:
                raise NotFound(kind="award_type", key=award.within)
            others = {**self.award_types, award.id: award}
            if quota_chain(award, others)[-1].within is not None:
                raise InvalidSetting(reason="quota_within_cycle", value=award.name)
        if any(a.id != award.id and a.name.strip().lower() == award.name.strip().lower()
               for a in self.award_types.values()):
            raise Duplicate(kind="award_type", key=award.name)
        old = self.award_types.get(award.id)
        self.award_types[award.id] = award
        self._record_fields("award_type", (award.id,), old, award)

    def remove_award_type(self, award_id: str) -> None:
        self.require(Area.OUTCOME)
        old = self.award_types.get(award_id)
        if old is None:
            raise NotFound(kind="award_type", key=award_id)
        for n in [n for n in self.nominees.values() if n.award_type_id == award_id]:
            self.remove_nominee(n.id)
        for inner in [a for a in self.award_types.values() if a.within == award_id]:
            self.award_types[inner.id] = replace(inner, within=None)
            self._record("award_type", (inner.id,), "within", award_id, None, f"xóa {old.name}")
        del self.award_types[award_id]
        self._record("award_type", (award_id,), "removed", old, None)

    def put_nominee(self, nominee: Nominee) -> None:
        self.require(Area.OUTCOME)
        if nominee.award_type_id not in self.award_types:
            raise NotFound(kind="award_type", key=nominee.award_type_id)
        if nominee.member_id is not None:
            self.member(nominee.member_id)
        if not nominee.name.strip():
            raise InvalidSetting(reason="nominee_without_name", value=nominee.name)
        old = self.nominees.get(nominee.id)
        self.nominees[nominee.id] = nominee
        self._record_fields("nominee", (nominee.id,), old, nominee)

    def remove_nominee(self, nominee_id: str) -> None:
        self.require(Area.OUTCOME)
        old = self.nominees.pop(nominee_id, None)
        if old is None:
            raise NotFound(kind="nominee", key=nominee_id)
        ballot = self.ballots.pop(nominee_id, None)
        if ballot is not None:
            self._record("ballot", (nominee_id,), "ballot", ballot, None)
        later = self.council.pop(nominee_id, None)
        if later is not None:
            self._record("council", (nominee_id,), "removed", later, None)
        self._record("nominee", (nominee_id,), "removed", old, None)

    def place_nominee(self, nominee_id: str, position: int) -> None:
        """Move a nominee to `position` in the list (a restored one goes back where it stood)."""
        self.require(Area.OUTCOME)
        order = [i for i in self.nominees if i != nominee_id]
        if nominee_id not in self.nominees:
            raise NotFound(kind="nominee", key=nominee_id)
        old = list(self.nominees).index(nominee_id)
        order.insert(max(0, min(position, len(order))), nominee_id)
        if order.index(nominee_id) == old:
            return
        self.nominees = {i: self.nominees[i] for i in order}
        self._record("nominee", (nominee_id,), "position", old + 1, order.index(nominee_id) + 1)
        # every nominee between the two places has a new stored position too
        low, high = sorted((old, order.index(nominee_id)))
        for i in order[low:high + 1]:
            if i != nominee_id:
                self._record("nominee", (i,), "position", None, order.index(i) + 1)

    def apply_proposals(self, proposals: Iterable[Proposal], new_id) -> list[Nominee]:
        """Replace the ranking-made nominees that have no ballot yet with these proposals."""
        self.require(Area.OUTCOME)
        for n in [n for n in self.nominees.values() if n.origin is Origin.RANKING and n.id not in self.ballots]:
            self.remove_nominee(n.id)
        existing = {(n.member_id, n.award_type_id) for n in self.nominees.values() if n.kind is NomineeKind.MEMBER}
        made = []
        for p in proposals:
            if (p.member_id, p.award_type_id) in existing:
                continue
            m = self.member(p.member_id)
            nominee = Nominee(new_id(), m.display_full, NomineeKind.MEMBER, p.award_type_id, m.id,
                              Origin.RANKING, contested=p.contested)
            self.put_nominee(nominee)
            made.append(nominee)
        return made

    def record_ballot(self, ballot: Ballot) -> Ballot:
        self.require(Area.VOTES)
        return self._put_ballot(ballot)

    def return_ballot(self, ballot: Ballot) -> Ballot:
        """A ballot put back with the nominee an undo restores: not a new vote, so it needs what the
        removal needed (award types and nominees), not Bình xét."""
        self.require(Area.OUTCOME)
        return self._put_ballot(ballot)

    def restore_ballot(self, ballot: Ballot) -> Ballot:
        """A ballot a season file carries, while the new season is built (before `adopt` gives it the file's step)."""
        self._require_building(Area.VOTES)
        return self._put_ballot(ballot)

    def _require_building(self, area: Area) -> None:
        # only a new season still in draft, like `adopt`: a season in use records votes in Bình xét
        if self.state is not State.DRAFT or self.revisions:
            raise SeasonLocked(state=self.state.value, action=area.value)

    def _put_ballot(self, ballot: Ballot) -> Ballot:
        if ballot.nominee_id not in self.nominees:
            raise NotFound(kind="nominee", key=ballot.nominee_id)
        ballot.validate()
        old = self.ballots.get(ballot.nominee_id)
        self.ballots[ballot.nominee_id] = ballot
        self._record("ballot", (ballot.nominee_id,), "ballot", old, ballot)
        return ballot

    def decide_tie(self, decision: TieDecision) -> None:
        self.require(Area.VOTES)
        self._put_decision(decision)

    def restore_decision(self, decision: TieDecision) -> None:
        """A tie decision a season file carries, while the new season is built."""
        self._require_building(Area.VOTES)
        self._put_decision(decision)

    def _put_decision(self, decision: TieDecision) -> None:
        ids = set(decision.member_ids)
        for m in ids:
            self.member(m)
        tied = {frozenset(g) for g in rank(list(self.results().tallies.values()), self.settings.tie_breakers,
                                           self.settings.classes, (), order=[m.id for m in self.members],
                                           rule=self.settings.rank_rule).unresolved}
        if frozenset(ids) not in tied:
            raise InvalidSetting(reason="not_a_tie", value=sorted(ids))
        old = next((d for d in self.decisions if set(d.member_ids) == ids), None)
        self.decisions = tuple(d for d in self.decisions if set(d.member_ids) != ids) + (decision,)
        self._record("decision", tuple(sorted(ids)), "order", old, decision)

    def record_council_decision(self, nominee_id: str, decision: CouncilDecision | None) -> None:
        """The higher council's later decision on a proposal (None removes it): after the meeting,
        also in a signed-off season, whose signed content it never enters."""
        self.require(Area.AFTERMATH)
        self._put_council(nominee_id, decision)

    def return_council_decision(self, nominee_id: str, decision: CouncilDecision) -> None:
        """The council's decision put back with the nominee an undo restores (what the removal needed)."""
        self.require(Area.OUTCOME)
        self._put_council(nominee_id, decision)

    def _put_council(self, nominee_id: str, decision: CouncilDecision | None) -> None:
        nominee = self.nominees.get(nominee_id)
        if nominee is None:
            raise NotFound(kind="nominee", key=nominee_id)
        if decision is not None and len(decision.number) > 100:
            raise InvalidSetting(reason="decision_number_too_long", value=decision.number)
        old = self.council.get(nominee_id)
        if decision is None:
            if old is not None:
                del self.council[nominee_id]
                self._record("council", (nominee_id,), "removed", old, None)
            return
        self.council[nominee_id] = decision
        if old is None:
            self._record("council", (nominee_id,), "added", None, nominee.name)
        for name in ("approved", "number", "date", "note"):
            before = getattr(old, name) if old is not None else None
            if old is None and name != "approved" and getattr(decision, name) in (None, ""):
                continue
            if before != getattr(decision, name):
                self._record("council", (nominee_id,), name, before, getattr(decision, name))

    def adopt(self, state: State, revisions: Iterable[Revision], reason: str | None = None) -> None:
        """A season built from a file takes the step and the signed revisions the file carries.

        Only for a new season still in draft: everything it holds was added through the methods
        above (and logged), so it reaches the file's step without replaying the meeting.
        """
        revisions = list(revisions)
        if self.state is not State.DRAFT or self.revisions:
            raise BadTransition(from_state=self.state.value, to_state=state.value, action="adopt")
        reopened = [r.reopened_by is not None for r in revisions]
        if state is State.SIGNED_OFF and (not revisions or reopened[-1] or any(not r for r in reopened[:-1])):
            raise BadTransition(from_state=State.DRAFT.value, to_state=state.value, action="adopt")
        if state is not State.SIGNED_OFF and not all(reopened):
            raise BadTransition(from_state=State.DRAFT.value, to_state=state.value, action="adopt")
        for rev in revisions:
            self.revisions.append(rev)
            self._record("revision", (rev.number,), "imported", None, rev.sha256, reason)
        if state is not self.state:
            self._record("season", (), "state", self.state.value, state.value, reason)
            self.state = state

    def set_meeting(self, meeting: Meeting) -> None:
        self.require(Area.MEETING)
        member_ids = {m.id for m in self.members}
        refs = [*meeting.heads, *meeting.next_heads, meeting.deputy_id, meeting.next_deputy_id,
                meeting.host_member_id, *(m for m, _ in meeting.attendance),
                *(m for m, _ in meeting.attendee_names), *(m for m, *_ in meeting.covenant_signers)]
        for ref in refs:
            if ref is not None and ref not in member_ids:
                raise NotFound(kind="member", key=ref)
        if len(meeting.heads) > 2 or len(meeting.next_heads) > 2:
            raise InvalidSetting(reason="too_many_heads", value=len(meeting.heads))
        old = self.meeting
        self.meeting = meeting
        for name in meeting.__dataclass_fields__:
            if getattr(old, name) != getattr(meeting, name):
                self._record("season", (), f"meeting.{name}", getattr(old, name), getattr(meeting, name))



def check_columns(settings: SeasonSettings) -> None:
    """The rule of which column counts must name columns the season keeps."""
    if any(k not in PANELS for k in settings.panels) or len(set(settings.panels)) != len(settings.panels):
        raise InvalidSetting(reason="bad_panels", value=[k.value for k in settings.panels])
    mode = settings.scoring_mode
    if mode in (ScoringMode.REVIEW, ScoringMode.COUNCIL) and ScoreKind(mode.value) not in settings.panels:
        raise InvalidSetting(reason="counting_column_not_kept", value=mode.value)
    if mode is ScoringMode.HIGHEST:
        kept = settings.columns
        if not settings.highest_of or any(k not in kept for k in settings.highest_of):
            raise InvalidSetting(reason="highest_of_columns", value=[k.value for k in settings.highest_of])
    if settings.class_cap is not None:
        if bounds_problem(settings.class_cap, POINTS_LIMIT, POINTS_DECIMALS) or settings.class_cap <= 0:
            raise InvalidSetting(reason="bad_class_cap", value=settings.class_cap)
