"""Domain values to and from the JSON and integer columns storage keeps them in."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..domain.awards import AwardType, Nominee, NomineeKind, Origin
from ..domain.criteria import Band, Criterion, Kind, Method, Role
from ..domain.ranking import ClassBand, FloorScope, RankBasis, TieBreaker, TieBreakerKind, TieDecision
from ..domain.scoring import ScoreKind, ScoringMode
from ..domain.season import CouncilDecision, Meeting, SeasonSettings
from ..domain.votes import Ballot, Base, Comparison, VoteMethod, VoteRule


def to_centi(value: Decimal | None) -> int | None:
    return None if value is None else int(value * 100)


def from_centi(value: int | None) -> Decimal | None:
    # scaleb keeps two decimal places (500 → 5.00), the same scale the domain quantises to,
    # so a season read back serialises — and hashes — exactly as it did in memory
    return None if value is None else Decimal(value).scaleb(-2)


def dec_text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


def text_dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)


# ---- criteria ---------------------------------------------------------------------------
def criterion_row(node: Criterion, season_id: str, position: int) -> dict:
    return {
        "id": node.id, "season_id": season_id, "parent_id": node.parent_id, "position": position,
        "code": node.code, "title": node.title, "kind": node.kind.value, "role": node.role.value,
        "method": node.method.value if node.method else None, "max_centi": to_centi(node.max_points),
        "step_centi": to_centi(node.step),
        "params": dumps({
            "bands": [[dec_text(b.threshold), dec_text(b.points)] for b in node.bands],
            "per_item": dec_text(node.per_item), "exceed_cap": dec_text(node.exceed_cap),
            "unit": node.unit, "description": node.description,
            **({"not_assigned": list(node.not_assigned)} if node.not_assigned else {}),
        }),
    }


def criterion_from_row(row: Any) -> Criterion:
    params = json.loads(row.params)
    return Criterion(
        id=row.id, title=row.title, kind=Kind(row.kind), code=row.code, parent_id=row.parent_id,
        role=Role(row.role), method=Method(row.method) if row.method else None,
        max_points=from_centi(row.max_centi), step=from_centi(row.step_centi),
        bands=tuple(Band(Decimal(t), Decimal(p)) for t, p in params.get("bands", [])),
        per_item=text_dec(params.get("per_item")), exceed_cap=text_dec(params.get("exceed_cap")) or Decimal(0),
        unit=params.get("unit", ""), description=params.get("description", ""),
        not_assigned=tuple(params.get("not_assigned", ())),
    )


# ---- settings, decisions, meeting ---------------------------------------------------------
def rule_json(rule: VoteRule) -> list:
    return [rule.comparison.value, str(rule.share), rule.base.value,
            *([str(rule.quorum)] if rule.quorum is not None else [])]


def rule_from(data: list) -> VoteRule:
    return VoteRule(Comparison(data[0]), Fraction(data[1]), Base(data[2]),
                    Fraction(data[3]) if len(data) > 3 else None)


def settings_json(s: SeasonSettings) -> str:
    return dumps({
        "scoring_mode": s.scoring_mode.value, "drop_extremes": s.drop_extremes,
        "tie_breakers": [[t.kind.value, t.criterion_id] for t in s.tie_breakers],
        "classes": [[c.name, dec_text(c.min_total), *([dec_text(c.floor)] if c.floor is not None else [])]
                    for c in s.classes],
        "vote_rule": rule_json(s.vote_rule),
        "rank_basis": s.rank_basis.value, "class_cap": dec_text(s.class_cap), "floor_scope": s.floor_scope.value,
        "panels": [k.value for k in s.panels], "highest_of": [k.value for k in s.highest_of],
    })


def settings_from(text: str) -> SeasonSettings:
    d = json.loads(text)
    return SeasonSettings(
        scoring_mode=ScoringMode(d["scoring_mode"]), drop_extremes=d["drop_extremes"],
        tie_breakers=tuple(TieBreaker(TieBreakerKind(k), c) for k, c in d["tie_breakers"]),
        classes=tuple(ClassBand(c[0], Decimal(c[1]), Decimal(c[2]) if len(c) > 2 else None) for c in d["classes"]),
        vote_rule=rule_from(d["vote_rule"]),
        # written by schema 0004 on: older rows take the defaults
        rank_basis=RankBasis(d.get("rank_basis", "total")), class_cap=text_dec(d.get("class_cap")),
        floor_scope=FloorScope(d.get("floor_scope", "criterion")),
        panels=tuple(ScoreKind(k) for k in d.get("panels", ())),
        highest_of=tuple(ScoreKind(k) for k in d.get("highest_of", ())),
    )


def decisions_json(decisions: tuple[TieDecision, ...]) -> str:
    return dumps([[list(d.member_ids), d.note] for d in decisions])


def decisions_from(text: str) -> tuple[TieDecision, ...]:
    return tuple(TieDecision(tuple(ids), note) for ids, note in json.loads(text))


def meeting_json(m: Meeting) -> str:
    out = {}
    for name in m.__dataclass_fields__:
        value = getattr(m, name)
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = [list(v) if isinstance(v, tuple) else v for v in value]
        out[name] = value
    return dumps(out)


def meeting_from(text: str) -> Meeting:
    d = json.loads(text)
    known = Meeting.__dataclass_fields__
    kwargs: dict[str, Any] = {}
    for name, value in d.items():
        if name not in known:
            continue   # written by a newer minor version; ignore rather than fail
        if name in ("date", "covenant_date") and value:
            value = dt.date.fromisoformat(value)
        elif name in ("attendance", "attendee_names", "covenant_signers"):
            value = tuple(tuple(v) for v in value)
        elif isinstance(value, list):
            value = tuple(value)
        kwargs[name] = value
    return Meeting(**kwargs)


# ---- outcome --------------------------------------------------------------------------------
def award_json(a: AwardType) -> str:
    return dumps({"name": a.name, "precedence": a.precedence, "quota_count": a.quota_count,
                  "quota_share": dec_text(a.quota_share), "max_rank": a.max_rank,
                  "min_classification": a.min_classification, "exclusive": a.exclusive,
                  "from_ranking": a.from_ranking, "within": a.within})


def award_from(award_id: str, text: str) -> AwardType:
    d = json.loads(text)
    return AwardType(award_id, d["name"], d["precedence"], d["quota_count"], text_dec(d["quota_share"]),
                     d["max_rank"], d["min_classification"], d["exclusive"], d["from_ranking"], d.get("within"))


def nominee_json(n: Nominee) -> str:
    return dumps({"name": n.name, "kind": n.kind.value, "award_type_id": n.award_type_id,
                  "member_id": n.member_id, "origin": n.origin.value, "reason": n.reason,
                  "contested": n.contested})


def nominee_from(nominee_id: str, text: str) -> Nominee:
    d = json.loads(text)
    return Nominee(nominee_id, d["name"], NomineeKind(d["kind"]), d["award_type_id"], d["member_id"],
                   Origin(d["origin"]), d["reason"], d.get("contested", False))


def ballot_json(b: Ballot) -> str:
    return dumps({"method": b.method.value, "eligible": b.eligible, "present": b.present,
                  "absent": b.absent, "for": b.votes_for, "against": b.votes_against, "blank": b.blank,
                  "rule": rule_json(b.rule), "written_for": b.written_for, "written_against": b.written_against})


def ballot_from(nominee_id: str, text: str) -> Ballot:
    d = json.loads(text)
    return Ballot(nominee_id, VoteMethod(d["method"]), d["eligible"], d["present"], d["absent"],
                  d["for"], d["against"], d["blank"], rule_from(d["rule"]), d.get("written_for", 0),
                  d.get("written_against", 0))


def council_json(c: CouncilDecision) -> str:
    return dumps({"approved": c.approved, "number": c.number, "date": c.date.isoformat() if c.date else None,
                  "note": c.note})


def council_from(text: str) -> CouncilDecision:
    d = json.loads(text)
    return CouncilDecision(d["approved"], d["number"], dt.date.fromisoformat(d["date"]) if d["date"] else None,
                           d["note"])


def _plain(value: Any) -> Any:
    """A changed value as plain JSON data: dataclasses as objects, enums by value, decimals as text."""
    import dataclasses
    import enum
    from fractions import Fraction

    if value is None or isinstance(value, (str, int, bool)):
        return value
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (Fraction, float)):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def audit_text(value: Any) -> str | None:
    """How a changed value reads in the audit log: plain text for scalars, compact JSON for the rest."""
    plain = _plain(value)
    if plain is None:
        return None
    if isinstance(plain, (str, int, bool)):
        return str(plain)
    return json.dumps(plain, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if hasattr(value, "value") and not hasattr(value, "__dataclass_fields__"):
        return str(value.value)
    if isinstance(value, AwardType):
        return award_json(value)
    if isinstance(value, Nominee):
        return nominee_json(value)
    if isinstance(value, Ballot):
        return ballot_json(value)
    if isinstance(value, SeasonSettings):
        return settings_json(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple) and value and isinstance(value[0], TieDecision):
        return decisions_json(value)
    return str(value)
