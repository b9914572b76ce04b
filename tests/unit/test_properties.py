"""Property tests: totals equal the signed sum of leaves; ranks agree with totals."""

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.domain.criteria import Criterion, CriteriaTable, Kind, Method, Role
from thidua.domain.ranking import MemberTally, TieBreaker, TieBreakerKind, rank
from thidua.domain.scoring import tally

points = st.integers(min_value=0, max_value=2000).map(lambda c: D(c) / 100)


@st.composite
def tables_and_scores(draw):
    """An uncapped table (groups of leaves, some deductions) and one member's leaf points."""
    table = CriteriaTable()
    finals = {}
    sign = {}
    for g in range(draw(st.integers(1, 5))):
        role = draw(st.sampled_from([Role.NORMAL, Role.NORMAL, Role.BONUS, Role.DEDUCTION]))
        table.add(Criterion(f"g{g}", f"Nhóm {g}", Kind.GROUP, role=role))
        for n in range(draw(st.integers(0, 6))):
            lid = f"g{g}l{n}"
            method = Method.DEDUCTION_PER_ITEM if role is Role.DEDUCTION else Method.MANUAL
            table.add(Criterion(lid, lid, Kind.LEAF, parent_id=f"g{g}", method=method, max_points=D(20),
                                per_item=D("0.01"), step=D("0.01")))
            finals[lid] = draw(st.one_of(st.none(), points))
            sign[lid] = -1 if role is Role.DEDUCTION else 1
    return table, finals, sign


@given(tables_and_scores())
def test_total_is_the_signed_sum_of_leaves(case):
    table, finals, sign = case
    result = tally(table, "m", finals)
    expected = sum((sign[k] * (v or 0) for k, v in finals.items()), D(0))
    assert result.total == expected
    assert result.missing == sum(1 for v in finals.values() if v is None)
    for root in table.roots():
        assert result.subtotals[root.id] == sum((finals[c.id] or 0 for c in table.children(root.id)), D(0))


totals = st.lists(st.tuples(st.integers(0, 10000), st.integers(0, 500), st.integers(0, 500)),
                  min_size=1, max_size=30)


@settings(max_examples=200)
@given(totals, st.booleans())
def test_ranks_agree_with_totals(rows, with_breakers):
    tallies = [MemberTally(f"m{i}", {"g": D(g) / 100}, D(t) / 100, D(b) / 100, D(0)) for i, (t, g, b) in
               enumerate(rows)]
    breakers = [TieBreaker(TieBreakerKind.GROUP_SCORE, "g"), TieBreaker(TieBreakerKind.MORE_BONUS)] \
        if with_breakers else []
    result = rank(tallies, breakers)
    by = {t.member_id: t for t in tallies}
    assert sorted(r.member_id for r in result.rows) == sorted(by)
    for a in result.rows:
        # a rank is one more than the number of members strictly ahead
        ahead = [b for b in result.rows if b.total > a.total or
                 (b.total == a.total and with_breakers and
                  (-by[b.member_id].subtotals["g"], -by[b.member_id].bonus) <
                  (-by[a.member_id].subtotals["g"], -by[a.member_id].bonus))]
        assert a.rank == len(ahead) + 1
        assert a.tie == any(b.rank == a.rank and b.member_id != a.member_id for b in result.rows)
    listed = [r.total for r in result.rows]
    assert listed == sorted(listed, reverse=True)


@given(st.integers(0, 100000), st.integers(0, 3))
def test_canonical_decimals_ignore_scale(cents, extra):
    from thidua.domain.canonical import _d
    value = D(cents) / 100
    assert _d(value) == _d(value.quantize(D(1).scaleb(-2 - extra)))
