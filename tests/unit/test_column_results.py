"""What the self-scores alone would give: the domain adds them up and ranks them, beside the agreed results."""

from __future__ import annotations

from decimal import Decimal

from thidua.domain.scoring import ScoreKind, column_results
from thidua.services.clusters import open_season


def test_self_score_subtotals_totals_and_ranks_come_from_the_self_column(demo_copy):
    db, first, _second = demo_copy
    season = open_season(db.uow(), first)
    thai_binh = next(m for m in season.members if m.short_name == "Thái Bình")
    group = season.criteria.find_code("I")
    own = column_results(season, ScoreKind.SELF)
    assert own.tallies[thai_binh.id].subtotals[group.id] == Decimal(6)          # 4,5 + 1,5 + 0
    assert season.tally(thai_binh.id).subtotals[group.id] == Decimal("5.5")     # the agreed ones differ
    # every member ranked by its self-score total, best first, by the season's rule
    rows = own.ranking.rows
    assert {r.member_id for r in rows} == {m.id for m in season.members}
    totals = [r.total for r in rows]
    assert totals == sorted(totals, reverse=True)
    assert rows[0].rank == 1
    assert all(r.total == own.tallies[r.member_id].total for r in rows)
