"""The season file: one season as plain JSON data and back — the shape docs/season.schema.json describes.

A file carries everything a season holds: cluster, members, the criteria tree with every method,
covenant figures, every score column with notes, cross scores, settings, award types, nominees
with their ballots and the higher council's decisions, tie decisions, the meeting, the step it
is at, and its signed revisions with their content and hash. Numbers are exact decimal strings,
shares exact fractions ("1/2"); keys come in a fixed order, so two exports of one season are the
same bytes and diff line by line.

This module only converts: `to_data` from a season, `from_data` to domain values (the file's
paths kept, so every problem names where it is). Creating the season is the services' job.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from typing import Any, Callable

from .awards import AwardType, Nominee, NomineeKind, Origin
from .criteria import Band, Criterion, Kind, Method, Role, new_id
from .errors import Problem
from .points import exact_text
from .ranking import ClassBand, FloorScope, RankBasis, TieBreaker, TieBreakerKind, TieDecision
from .scoring import PANELS, ScoreCell, ScoreKind, ScoringMode
from .season import CouncilDecision, Figure, Meeting, Member, Revision, Season, SeasonSettings, State
from .votes import Ballot, Base, Comparison, VoteMethod, VoteRule

VERSION = 1                 # the "thidua_season" field: this file layout
VERSION_KEY = "thidua_season"
DEFAULT_PARENT = "Liên minh Hợp tác xã Việt Nam"

_d = exact_text


def _frac(value: Fraction | None) -> str | None:
    return None if value is None else str(value)


def _when(value: dt.date | dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


# ---- season → data ------------------------------------------------------------------------
def to_data(season: Season) -> dict[str, Any]:
    """The whole season as JSON data, keys in a fixed order."""
    table = season.criteria
    member_pos = {m.id: i for i, m in enumerate(season.members)}
    node_pos = {n.id: i for i, n in enumerate(table.nodes())}

    def cell_order(key: tuple) -> tuple:
        return tuple(member_pos.get(k, len(member_pos)) if i != 1 else node_pos.get(k, len(node_pos))
                     for i, k in enumerate(key)) + key

    st = season.settings
    return {
        VERSION_KEY: VERSION,
        "cluster": season.cluster_name,
        "parent_body": season.parent_body,
        "year": season.year,
        "id": season.id,
        "state": season.state.value,
        "members": [{"id": m.id, "short_name": m.short_name, "full_name": m.full_name} for m in season.members],
        "criteria": [_criterion(n) for n in table.nodes()],
        "figures": [{"member": m, "criterion": c, "target": _d(f.target), "actual": _d(f.actual)}
                    for (m, c), f in sorted(season.figures.items(), key=lambda kv: cell_order(kv[0]))],
        "scores": [_score(m, c, cell) for (m, c), cell in sorted(season.scores.items(),
                                                                  key=lambda kv: cell_order(kv[0]))],
        "cross_scores": [{"member": m, "criterion": c, "scorer": s, "points": _d(p)}
                         for (m, c, s), p in sorted((((m, c, s), p) for (m, c), by in season.cross.items()
                                                     for s, p in by.items()), key=lambda kv: cell_order(kv[0]))],
        "settings": {
            "scoring_mode": st.scoring_mode.value,
            "drop_extremes": st.drop_extremes,
            "highest_of": [k.value for k in st.highest_of],
            "panels": [k.value for k in st.panels],
            "tie_breakers": [{"kind": t.kind.value, "criterion": t.criterion_id} for t in st.tie_breakers],
            "rank_basis": st.rank_basis.value,
            "classes": [{"name": c.name, "min_total": _d(c.min_total), "floor": _d(c.floor)} for c in st.classes],
            "floor_scope": st.floor_scope.value,
            "class_cap": _d(st.class_cap),
            "vote_rule": _rule(st.vote_rule),
        },
        "award_types": [_award(a) for a in sorted(season.award_types.values(),
                                                  key=lambda a: (a.precedence, a.name, a.id))],
        "nominees": [_nominee(season, n) for n in season.nominees.values()],
        "tie_decisions": [{"members": list(d.member_ids), "note": d.note} for d in season.decisions],
        "meeting": _meeting(season.meeting),
        "revisions": [{
            "number": r.number, "signed_by": r.signed_by, "signed_at": _when(r.signed_at), "sha256": r.sha256,
            "reopened_by": r.reopened_by, "reopened_at": _when(r.reopened_at), "reopen_reason": r.reopen_reason,
            "content": r.content,
        } for r in season.revisions],
    }


def _criterion(n: Criterion) -> dict[str, Any]:
    return {
        "id": n.id, "parent": n.parent_id, "code": n.code, "title": n.title, "kind": n.kind.value,
        "role": n.role.value, "method": n.method.value if n.method else None, "max_points": _d(n.max_points),
        "step": _d(n.step), "bands": [{"threshold": _d(b.threshold), "points": _d(b.points)} for b in n.bands],
        "per_item": _d(n.per_item), "exceed_cap": _d(n.exceed_cap), "unit": n.unit,
        "description": n.description, "not_assigned": list(n.not_assigned),
    }


def _score(member_id: str, criterion_id: str, cell: ScoreCell) -> dict[str, Any]:
    row: dict[str, Any] = {"member": member_id, "criterion": criterion_id, "self": _d(cell.self_points),
                           "agreed": _d(cell.agreed_points)}
    for kind in PANELS:   # the panels' columns only where a season keeps them: most files have none
        if cell.get(kind) is not None:
            row[kind.value] = _d(cell.get(kind))
    row["note"] = cell.note
    return row


def _rule(rule: VoteRule) -> dict[str, Any]:
    return {"comparison": rule.comparison.value, "share": _frac(rule.share), "base": rule.base.value,
            "quorum": _frac(rule.quorum)}


def _award(a: AwardType) -> dict[str, Any]:
    return {"id": a.id, "name": a.name, "precedence": a.precedence, "quota_count": a.quota_count,
            "quota_share": _d(a.quota_share), "within": a.within, "max_rank": a.max_rank,
            "min_classification": a.min_classification, "exclusive": a.exclusive, "from_ranking": a.from_ranking}


def _nominee(season: Season, n: Nominee) -> dict[str, Any]:
    b = season.ballots.get(n.id)
    c = season.council.get(n.id)
    return {
        "id": n.id, "name": n.name, "kind": n.kind.value, "award_type": n.award_type_id, "member": n.member_id,
        "origin": n.origin.value, "reason": n.reason, "contested": n.contested,
        "ballot": None if b is None else {
            "method": b.method.value, "eligible": b.eligible, "present": b.present, "absent": b.absent,
            "for": b.votes_for, "against": b.votes_against, "blank": b.blank, "written_for": b.written_for,
            "written_against": b.written_against, "rule": _rule(b.rule)},
        "council_decision": None if c is None else {
            "approved": c.approved, "number": c.number, "date": _when(c.date), "note": c.note},
    }


# the meeting's lists of pairs and triples, as objects a person can read: field → the keys of each item
MEETING_ITEMS = {"attendance": ("member", "attended_by"), "attendee_names": ("member", "name"),
                 "covenant_signers": ("member", "title", "name")}


def _meeting(m: Meeting) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in m.__dataclass_fields__:
        value = getattr(m, name)
        if name in MEETING_ITEMS:
            value = [dict(zip(MEETING_ITEMS[name], item)) for item in value]
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out


def dumps(data: dict[str, Any]) -> str:
    """The file's text: UTF-8 JSON, two-space indents, keys in the order built, a final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# ---- data → domain values -------------------------------------------------------------------
@dataclass
class SeasonFile:
    """A season file read into domain values; each item keeps its path in the file."""

    cluster: str
    parent_body: str
    year: int
    season_id: str | None
    state: State
    members: list[tuple[str, Member]] = field(default_factory=list)
    criteria: list[tuple[str, Criterion]] = field(default_factory=list)
    figures: list[tuple[str, str, str, Figure]] = field(default_factory=list)
    scores: list[tuple[str, str, str, ScoreCell]] = field(default_factory=list)
    cross: list[tuple[str, str, str, str, Decimal]] = field(default_factory=list)
    settings: SeasonSettings = field(default_factory=SeasonSettings)
    award_types: list[tuple[str, AwardType]] = field(default_factory=list)
    nominees: list[tuple[str, Nominee]] = field(default_factory=list)
    ballots: list[tuple[str, Ballot]] = field(default_factory=list)
    council: list[tuple[str, str, CouncilDecision]] = field(default_factory=list)
    decisions: list[tuple[str, TieDecision]] = field(default_factory=list)
    meeting: Meeting = field(default_factory=Meeting)
    revisions: list[Revision] = field(default_factory=list)
    problems: list = field(default_factory=list)   # found while reading, said with the rest

    @property
    def signed(self) -> bool:
        return self.state is State.SIGNED_OFF


class _Reader:
    """Reads values out of already schema-checked data, noting a problem (with its path) for each
    value the schema cannot rule out: a 31st of February, a year out of range."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def dec(self, value: str | None) -> Decimal | None:
        return None if value is None else Decimal(value)

    def _iso(self, path: str, value: str | None, kind: type, reason: str):
        if value is None:
            return None
        try:
            return kind.fromisoformat(value)
        except ValueError:
            self.problems.append(Problem(path, reason, value))
            return None

    def date(self, path: str, value: str | None) -> dt.date | None:
        return self._iso(path, value, dt.date, "bad_date")

    def when(self, path: str, value: str | None) -> dt.datetime | None:
        return self._iso(path, value, dt.datetime, "bad_datetime")


def _vote_rule(d: dict | None) -> VoteRule:
    if not d:
        return VoteRule()
    return VoteRule(Comparison(d.get("comparison", "more_than")), Fraction(d.get("share", "1/2")),
                    Base(d.get("base", "present")), Fraction(d["quorum"]) if d.get("quorum") else None)


def from_data(data: dict[str, Any]) -> tuple[SeasonFile, list[Problem]]:
    """Domain values from schema-checked data, and the problems found in values the schema cannot judge."""
    r = _Reader()
    out = SeasonFile(
        cluster=" ".join(data["cluster"].split()), parent_body=data.get("parent_body") or DEFAULT_PARENT,
        year=data["year"], season_id=data.get("id"), state=State(data.get("state", "draft")))
    for i, m in enumerate(data["members"]):
        out.members.append((f"members[{i}]", Member(m["id"], m["short_name"].strip(), m.get("full_name", "").strip())))
    for i, n in enumerate(data["criteria"]):
        kind = Kind(n["kind"])
        out.criteria.append((f"criteria[{i}]", Criterion(
            id=n["id"], title=n["title"], kind=kind, code=n.get("code", ""), parent_id=n.get("parent"),
            role=Role(n.get("role", "normal")), method=Method(n["method"]) if n.get("method") else None,
            max_points=r.dec(n.get("max_points")), step=r.dec(n.get("step")) or Decimal("0.25"),
            bands=tuple(Band(Decimal(b["threshold"]), Decimal(b["points"])) for b in n.get("bands", ())),
            per_item=r.dec(n.get("per_item")), exceed_cap=r.dec(n.get("exceed_cap")) or Decimal(0),
            unit=n.get("unit", ""), description=n.get("description", ""),
            not_assigned=tuple(n.get("not_assigned", ())))))
    for i, f in enumerate(data.get("figures", ())):
        out.figures.append((f"figures[{i}]", f["member"], f["criterion"],
                            Figure(r.dec(f.get("target")), r.dec(f.get("actual")))))
    for i, s in enumerate(data.get("scores", ())):
        out.scores.append((f"scores[{i}]", s["member"], s["criterion"], ScoreCell(
            r.dec(s.get("self")), r.dec(s.get("agreed")), s.get("note", ""), r.dec(s.get("review")),
            r.dec(s.get("council")))))
    for i, c in enumerate(data.get("cross_scores", ())):
        out.cross.append((f"cross_scores[{i}]", c["member"], c["criterion"], c["scorer"], Decimal(c["points"])))
    st = data.get("settings", {})
    out.settings = SeasonSettings(
        scoring_mode=ScoringMode(st.get("scoring_mode", "agreed")), drop_extremes=st.get("drop_extremes", False),
        tie_breakers=tuple(TieBreaker(TieBreakerKind(t["kind"]), t.get("criterion"))
                           for t in st.get("tie_breakers", ())),
        classes=tuple(ClassBand(c["name"], Decimal(c["min_total"]), r.dec(c.get("floor")))
                      for c in st.get("classes", ())),
        vote_rule=_vote_rule(st.get("vote_rule")), rank_basis=RankBasis(st.get("rank_basis", "total")),
        class_cap=r.dec(st.get("class_cap")), floor_scope=FloorScope(st.get("floor_scope", "criterion")),
        panels=tuple(ScoreKind(k) for k in st.get("panels", ())),
        highest_of=tuple(ScoreKind(k) for k in st.get("highest_of", ())))
    for i, a in enumerate(data.get("award_types", ())):
        out.award_types.append((f"award_types[{i}]", AwardType(
            a["id"], a["name"], a["precedence"], a.get("quota_count"), r.dec(a.get("quota_share")),
            a.get("max_rank"), a.get("min_classification"), a.get("exclusive", True), a.get("from_ranking", True),
            a.get("within"))))
    for i, n in enumerate(data.get("nominees", ())):
        path = f"nominees[{i}]"
        out.nominees.append((path, Nominee(
            n["id"], n["name"].strip(), NomineeKind(n["kind"]), n["award_type"], n.get("member"),
            Origin(n.get("origin", "manual")), n.get("reason", ""), n.get("contested", False))))
        if n.get("ballot"):
            b = n["ballot"]
            out.ballots.append((f"{path}.ballot", Ballot(
                n["id"], VoteMethod(b["method"]), b["eligible"], b["present"], b["absent"], b["for"], b["against"],
                b["blank"], _vote_rule(b.get("rule")), b.get("written_for", 0), b.get("written_against", 0))))
        if n.get("council_decision"):
            c = n["council_decision"]
            out.council.append((f"{path}.council_decision", n["id"], CouncilDecision(
                c["approved"], c.get("number", ""), r.date(f"{path}.council_decision.date", c.get("date")),
                c.get("note", ""))))
    for i, d in enumerate(data.get("tie_decisions", ())):
        out.decisions.append((f"tie_decisions[{i}]", TieDecision(tuple(d["members"]), d.get("note", ""))))
    out.meeting = _meeting_from(data.get("meeting", {}), r)
    for i, v in enumerate(data.get("revisions", ())):
        path = f"revisions[{i}]"
        out.revisions.append(Revision(
            v["number"], v["signed_by"], r.when(f"{path}.signed_at", v["signed_at"]), v["sha256"], v["content"],
            v.get("reopened_by"), r.when(f"{path}.reopened_at", v.get("reopened_at")), v.get("reopen_reason")))
    return out, r.problems


def _meeting_from(d: dict[str, Any], r: _Reader) -> Meeting:
    kwargs: dict[str, Any] = {}
    dates = {name for name, f in Meeting.__dataclass_fields__.items() if "date" in str(f.type)}
    for name, value in d.items():
        if name in dates:
            value = r.date(f"meeting.{name}", value)
        elif name in MEETING_ITEMS:
            value = tuple(tuple(item.get(k, "") for k in MEETING_ITEMS[name]) for item in value)
        elif isinstance(value, list):
            value = tuple(value)
        kwargs[name] = value
    return Meeting(**kwargs)


# ---- identifiers ---------------------------------------------------------------------------
def ids_of(f: SeasonFile) -> set[str]:
    """The identifiers a file brings that are unique across a database (members are per season)."""
    return ({f.season_id} if f.season_id else set()) | {c.id for _, c in f.criteria} | \
        {a.id for _, a in f.award_types} | {n.id for _, n in f.nominees}


def renamed(f: SeasonFile, taken: set[str], fresh: Callable[[], str] = new_id) -> SeasonFile:
    """The same file with fresh identifiers where the database already uses the file's ones.

    Every reference follows: parents, figures, scores, tie-breakers, quotas within another award,
    nominees' awards, ballots and the council's decisions.
    """
    if not taken:
        return f
    crit = {c.id: fresh() for _, c in f.criteria} if any(c.id in taken for _, c in f.criteria) else {}
    award = {a.id: fresh() for _, a in f.award_types} if any(a.id in taken for _, a in f.award_types) else {}
    nom = {n.id: fresh() for _, n in f.nominees} if any(n.id in taken for _, n in f.nominees) else {}

    def c_(x: str | None) -> str | None:
        return crit.get(x, x) if x is not None else None
    settings = replace(f.settings, tie_breakers=tuple(replace(t, criterion_id=c_(t.criterion_id))
                                                      for t in f.settings.tie_breakers))
    return replace(
        f, season_id=None if f.season_id in taken else f.season_id,
        criteria=[(p, replace(c, id=c_(c.id), parent_id=c_(c.parent_id))) for p, c in f.criteria],
        figures=[(p, m, c_(c), x) for p, m, c, x in f.figures],
        scores=[(p, m, c_(c), x) for p, m, c, x in f.scores],
        cross=[(p, m, c_(c), s, x) for p, m, c, s, x in f.cross],
        settings=settings,
        award_types=[(p, replace(a, id=award.get(a.id, a.id), within=award.get(a.within, a.within)))
                     for p, a in f.award_types],
        nominees=[(p, replace(n, id=nom.get(n.id, n.id), award_type_id=award.get(n.award_type_id, n.award_type_id)))
                  for p, n in f.nominees],
        ballots=[(p, replace(b, nominee_id=nom.get(b.nominee_id, b.nominee_id))) for p, b in f.ballots],
        council=[(p, nom.get(n, n), c) for p, n, c in f.council])
