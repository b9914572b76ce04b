"""A season rebuilt from a signed revision's canonical content, so `verify` can rebuild a paper without the database.

The canonical content (domain.canonical) records what the papers show: members, the criteria tree,
each member's final points and figures, awards, nominees with their ballots, the meeting and the
ranking settings. Final points are restored as agreed points, which gives the same totals, ranks
and papers whatever scoring mode produced them.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from fractions import Fraction

from ...domain.awards import AwardType, Nominee, NomineeKind, Origin
from ...domain.criteria import Band, CriteriaTable, Criterion, Kind, Method, Role
from ...domain.ranking import ClassBand, TieBreaker, TieBreakerKind, TieDecision
from ...domain.scoring import ScoreCell, ScoringMode
from ...domain.season import Figure, Meeting, Member, Revision, Season, SeasonSettings, State
from ...domain.votes import Ballot, Base, Comparison, VoteMethod, VoteRule


def _d(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _meeting(raw: dict) -> Meeting:
    known = Meeting.__dataclass_fields__
    values = {}
    for name, value in raw.items():
        if name not in known:
            continue
        if name in ("date", "covenant_date") and value:
            value = dt.date.fromisoformat(value)
        elif isinstance(value, list):
            value = tuple(tuple(v) if isinstance(v, list) else v for v in value)   # pairs, triples
        values[name] = value
    return Meeting(**values)


def _rule(raw: list) -> VoteRule:
    comparison, share, base = raw
    return VoteRule(Comparison(comparison), Fraction(share), Base(base))


def season_from_content(content: str, revision: int, signed_by: str, signed_at: dt.datetime, sha256: str) -> Season:
    """The signed-off season the content describes (raises KeyError/ValueError on content it cannot read)."""
    c = json.loads(content)
    members = [Member(m["id"], m["short_name"], m["full_name"]) for m in c["members"]]
    nodes = []
    for n in c["criteria"]:
        kind = Kind(n["kind"])
        method = Method(n["method"]) if n["method"] else None
        exceed = _d(n["exceed_cap"]) or Decimal(0)
        # a leaf's recorded maximum includes the extra allowed for exceeding a target (Criterion.leaf_maximum)
        leaf_max = _d(n["maximum"]) - (exceed if method is Method.RATIO else 0) if n["maximum"] else None
        nodes.append(Criterion(
            n["id"], n["title"], kind, code=n["code"], parent_id=n["parent"], role=Role(n["role"]), method=method,
            max_points=leaf_max if kind is Kind.LEAF else _d(n["cap"]),
            step=_d(n["step"]) or Decimal("0.25") if kind is Kind.LEAF else Decimal("0.25"),
            bands=tuple(Band(Decimal(a), Decimal(b)) for a, b in n["bands"]), per_item=_d(n["per_item"]),
            exceed_cap=exceed, unit=n["unit"]))
    scores, figures = {}, {}
    for member_id, row in c["scores"].items():
        for leaf_id, cell in row.items():
            if cell["final"] is not None or cell["self"] is not None or cell["note"]:
                scores[(member_id, leaf_id)] = ScoreCell(_d(cell["self"]), _d(cell["final"]), cell["note"])
            if cell["target"] is not None or cell["actual"] is not None:
                figures[(member_id, leaf_id)] = Figure(_d(cell["target"]), _d(cell["actual"]))
    st = c["settings"]
    awards = {a["id"]: AwardType(a["id"], a["name"], a["precedence"], a["quota_count"], _d(a["quota_share"]),
                                 a["max_rank"], a["min_classification"], a["exclusive"], a["from_ranking"])
              for a in c["award_types"]}
    nominees, ballots, rules = {}, {}, []
    for n in c["nominees"]:
        nominees[n["id"]] = Nominee(n["id"], n["name"], NomineeKind(n["kind"]), n["award"], n["member"],
                                    Origin(n["origin"]), n["reason"])
        b = n["ballot"]
        if b is not None:
            rule = _rule(b["rule"])
            rules.append(rule)
            ballots[n["id"]] = Ballot(n["id"], VoteMethod(b["method"]), b["eligible"], b["present"], b["absent"],
                                      b["for"], b["against"], b["blank"], rule)
    settings = SeasonSettings(
        scoring_mode=ScoringMode.AGREED,
        tie_breakers=tuple(TieBreaker(TieBreakerKind(k), cid) for k, cid in st["tie_breakers"]),
        classes=tuple(ClassBand(name, Decimal(m)) for name, m in st["classes"]),
        vote_rule=rules[0] if rules else VoteRule())
    return Season(
        id="", cluster_id="", cluster_name=c["cluster"], year=c["year"], parent_body=c["parent_body"],
        state=State.SIGNED_OFF, members=members, criteria=CriteriaTable(nodes), figures=figures, scores=scores,
        settings=settings, award_types=awards, nominees=nominees, ballots=ballots,
        decisions=tuple(TieDecision(tuple(ids), note) for ids, note in st["decisions"]),
        meeting=_meeting(c["meeting"]),
        revisions=[Revision(n, signed_by, signed_at, sha256, content) if n == revision else
                   Revision(n, "", signed_at, "", "", "", signed_at, "") for n in range(1, revision + 1)])
