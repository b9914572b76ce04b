"""The canonical content of a season: a stable serialisation of everything its documents show.

Its SHA-256 is what a sign-off records and what every document of a signed-off season carries,
so the same season always serialises to the same bytes (sorted keys, decimals as text).

What the regulations' rules add (floors, rows not assigned, rate, caps, quorum, score columns…)
appears only when a season uses them, so a season signed before they existed hashes as it did.
The higher council's later decisions are never part of it: they come after the signature.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .points import exact_text
from .ranking import RankBasis
from .scoring import PANELS
from .season import Season


# decimals as text without their scale: 5, 5.0 and 5.00 are the same number and hash the same
_d = exact_text


# meeting facts added after seasons were first signed: in the content only when recorded, so a season
# signed before they existed still hashes to what its signer saw
LATER_MEETING = frozenset({"attendee_names", "covenant_number", "covenant_date", "covenant_signers"})


def season_content(season: Season) -> dict[str, Any]:
    results = season.results()
    table = season.criteria
    members = [{"id": m.id, "short_name": m.short_name, "full_name": m.display_full} for m in season.members]
    criteria = [{
        "id": n.id, "parent": n.parent_id, "code": n.code, "title": n.title, "kind": n.kind.value,
        "role": n.role.value, "method": n.method.value if n.method else None,
        "maximum": _d(table.maximum(n.id)), "cap": _d(n.max_points) if not n.is_leaf else None,
        "step": _d(n.step) if n.is_leaf else None,
        "bands": [[_d(b.threshold), _d(b.points)] for b in n.bands],
        "per_item": _d(n.per_item), "exceed_cap": _d(n.exceed_cap), "unit": n.unit,
        **({"not_assigned": list(n.not_assigned)} if n.not_assigned else {}),
    } for n in table.nodes()]
    scores = {}
    for m in season.members:
        row = {}
        for leaf in table.leaves():
            cell = season.cell(m.id, leaf.id)
            fig = season.figure(m.id, leaf.id)
            row[leaf.id] = {
                "final": _d(season.final(m.id, leaf.id)), "self": _d(cell.self_points),
                "agreed": _d(cell.agreed_points), "note": cell.note,
                "target": _d(fig.target), "actual": _d(fig.actual),
                **{k.value: _d(cell.get(k)) for k in PANELS if cell.get(k) is not None},
            }
        scores[m.id] = row
    ranking = [{
        "member": r.member_id, "total": _d(r.total), "rank": r.rank, "classification": r.classification,
        "tie": r.tie, "subtotals": {k: _d(v) for k, v in results.tallies[r.member_id].subtotals.items()
                                    if not table.get(k).is_leaf},
        **({"rate": _d(r.rate)} if r.rate is not None else {}),
        **({"classified_on": _d(r.class_measure)} if r.class_measure is not None else {}),
    } for r in results.ranking.rows]
    awards = [{
        "id": a.id, "name": a.name, "precedence": a.precedence, "quota_count": a.quota_count,
        "quota_share": _d(a.quota_share), "max_rank": a.max_rank, "min_classification": a.min_classification,
        "exclusive": a.exclusive, "from_ranking": a.from_ranking,
        **({"within": a.within} if a.within else {}),
    } for a in sorted(season.award_types.values(), key=lambda a: (a.precedence, a.name))]
    nominees = []
    for n in season.nominees.values():
        b = season.ballots.get(n.id)
        nominees.append({
            "id": n.id, "name": n.name, "kind": n.kind.value, "award": n.award_type_id, "member": n.member_id,
            "origin": n.origin.value, "reason": n.reason,
            "ballot": None if b is None else {
                "method": b.method.value, "eligible": b.eligible, "present": b.present, "absent": b.absent,
                "for": b.votes_for, "against": b.votes_against, "blank": b.blank,
                "rule": [b.rule.comparison.value, str(b.rule.share), b.rule.base.value,
                         *([str(b.rule.quorum)] if b.rule.quorum is not None else [])], "passed": b.passed,
                **({"written": [b.written_for, b.written_against]} if b.written else {})},
        })
    nominees.sort(key=lambda x: x["id"])
    mt = season.meeting
    meeting = {name: (value.isoformat() if hasattr(value, "isoformat") else
                      [list(v) if isinstance(v, tuple) else v for v in value] if isinstance(value, tuple) else value)
               for name, value in vars(mt).items() if name not in LATER_MEETING or value not in ((), "", None)}
    st = season.settings
    settings = {
        "scoring_mode": st.scoring_mode.value, "drop_extremes": st.drop_extremes,
        "tie_breakers": [[t.kind.value, t.criterion_id] for t in st.tie_breakers],
        "classes": [[c.name, _d(c.min_total), *([_d(c.floor)] if c.floor is not None else [])] for c in st.classes],
        "decisions": [[list(d.member_ids), d.note] for d in season.decisions],
    }
    if st.floors:
        settings["floor_scope"] = st.floor_scope.value
    if st.rank_basis is not RankBasis.TOTAL:
        settings["rank_basis"] = st.rank_basis.value
    if st.class_cap is not None:
        settings["class_cap"] = _d(st.class_cap)
    if st.panels:
        settings["panels"] = [k.value for k in st.panels]
    if st.highest_of:
        settings["highest_of"] = [k.value for k in st.highest_of]
    return {
        "format": 1, "cluster": season.cluster_name, "parent_body": season.parent_body, "year": season.year,
        "members": members, "criteria": criteria, "scores": scores, "max_total": _d(results.max_total),
        "ranking": ranking, "award_types": awards, "nominees": nominees, "meeting": meeting,
        "settings": settings,
    }


def canonical_json(season: Season) -> str:
    return json.dumps(season_content(season), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
