"""Property tests for the regulations' rules: what must hold whatever the figures."""

from decimal import Decimal as D
from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from thidua.domain.awards import AwardType, propose
from thidua.domain.criteria import relative_points
from thidua.domain.ranking import (ClassBand, MemberTally, RankBasis, RankRule, classify_with_floors, rank)
from thidua.domain.votes import Ballot, Base, Comparison, VoteMethod, VoteRule

cents = st.integers(min_value=0, max_value=10000).map(lambda c: D(c) / 100)
BANDS = (ClassBand("XS", D(90), D("0.85")), ClassBand("T", D(80), D("0.8")), ClassBand("K", D(70), D("0.7")),
         ClassBand("KHT", D(0)))
ORDER = [b.name for b in BANDS] + [None]


@settings(max_examples=80)
@given(st.lists(cents, min_size=1, max_size=20), st.integers(0, 5000).map(lambda c: D(c) / 100),
       st.sampled_from([RankBasis.TOTAL, RankBasis.RATE]))
def test_rank_order_is_invariant_to_adding_the_same_points_to_every_member(totals, extra, basis):
    def tallies(shift):
        return [MemberTally(f"m{i}", {}, t + shift, D(0), D(0), rate=t + shift) for i, t in enumerate(totals)]
    rule = RankRule(basis)
    before = [(r.member_id, r.rank) for r in rank(tallies(D(0)), rule=rule).rows]
    after = [(r.member_id, r.rank) for r in rank(tallies(extra), rule=rule).rows]
    assert before == after


parts = st.lists(st.tuples(st.integers(0, 100), st.integers(1, 100)), min_size=1, max_size=8).map(
    lambda xs: tuple((f"c{i}", D(min(p, m)), D(m)) for i, (p, m) in enumerate(xs)))


@settings(max_examples=100)
@given(cents, parts, st.integers(0, 7), st.integers(0, 100), cents)
def test_more_points_never_lower_the_classification(total, ps, which, gain, more):
    name, _ = classify_with_floors(total, BANDS, ps)
    i = which % len(ps)
    cid, p, m = ps[i]
    better = ps[:i] + ((cid, min(m, p + gain), m),) + ps[i + 1:]
    name2, _ = classify_with_floors(total + more, BANDS, better)
    assert ORDER.index(name2) <= ORDER.index(name)


@settings(max_examples=100)
@given(cents, parts)
def test_a_held_back_band_names_only_criteria_really_below_its_floor(total, ps):
    name, held = classify_with_floors(total, BANDS, ps)
    bands = {b.name: b for b in BANDS}
    for h in held:
        assert total >= bands[h.band].min_total and h.parts
        assert all(p < h.floor * m for _, p, m in h.parts)
        assert ORDER.index(h.band) < ORDER.index(name)


figures = st.dictionaries(
    st.sampled_from("abcdefgh"),
    st.tuples(st.one_of(st.none(), st.integers(1, 500).map(D)), st.integers(0, 1000).map(D)), min_size=1)


@settings(max_examples=100)
@given(figures, st.integers(1, 100).map(D))
def test_relative_points_stay_within_the_maximum_and_the_leader_gets_it(figs, maximum):
    pts = relative_points(maximum, figs)
    assert set(pts) == set(figs)
    assert all(D(0) <= p <= maximum for p in pts.values())
    above = {m: (a - t) / t for m, (t, a) in figs.items() if t is not None and a > t}
    if above:
        top = max(above.values())
        assert all(pts[m] == maximum for m, e in above.items() if e == top)


@settings(max_examples=80)
@given(figures, st.integers(1, 100).map(D), st.integers(2, 9))
def test_relative_points_do_not_change_when_every_figure_is_scaled(figs, maximum, k):
    scaled = {m: (t * k if t is not None else None, a * k) for m, (t, a) in figs.items()}
    assert relative_points(maximum, scaled) == relative_points(maximum, figs)


@settings(max_examples=80)
@given(figures, st.integers(1, 100).map(D), st.sampled_from("abcdefgh"), st.integers(1, 300))
def test_a_higher_actual_never_lowers_a_members_own_points(figs, maximum, who, more):
    assume(who in figs)
    t, a = figs[who]
    higher = {**figs, who: (t, a + more)}
    assert relative_points(maximum, higher)[who] >= relative_points(maximum, figs)[who]


@settings(max_examples=80)
@given(st.lists(st.integers(0, 100), min_size=1, max_size=40, unique=True), st.integers(1, 100),
       st.integers(1, 100))
def test_quotas_counted_inside_another_never_exceed_it(totals, inner_pct, outer_pct):
    r = rank([MemberTally(f"m{i}", {}, D(v), D(0), D(0)) for i, v in enumerate(totals)])
    inner = AwardType("in", "A", 1, quota_share=D(inner_pct) / 100, within="out")
    outer = AwardType("out", "B", 2, quota_share=D(outer_pct) / 100)
    got = propose(r, [inner, outer])
    n = len(totals)
    assert sum(p.award_type_id == "in" for p in got) <= inner.quota(n)
    # no ties (unique totals): together they stay inside the outer award's quota, rounded down
    assert len(got) <= outer.quota(n) == int(D(outer_pct) / 100 * n)


@settings(max_examples=100)
@given(st.integers(1, 30), st.data(), st.sampled_from(list(Base)), st.sampled_from(list(Comparison)),
       st.sampled_from([Fraction(1, 2), Fraction(7, 10), Fraction(9, 10), Fraction(2, 3)]),
       st.sampled_from([None, Fraction(1, 2), Fraction(2, 3)]))
def test_one_more_vote_for_never_turns_a_pass_into_a_fail(eligible, data, base, comparison, share, quorum):
    present = data.draw(st.integers(1, eligible))
    against = data.draw(st.integers(1, present))
    yes = present - against
    absent = eligible - present
    written_for = data.draw(st.integers(0, absent))
    rule = VoteRule(comparison, share, base, quorum)
    b = Ballot("n", VoteMethod.SECRET_BALLOT, eligible, present, absent, yes, against, 0, rule, written_for)
    b.validate()
    moved = Ballot("n", VoteMethod.SECRET_BALLOT, eligible, present, absent, yes + 1, against - 1, 0, rule,
                   written_for)
    assert moved.passed or not b.passed
    assert b.passed == (b.quorum_met and b.counted_for >= b.needed)


@settings(max_examples=80)
@given(cents, cents)
def test_a_cap_above_every_threshold_never_changes_the_band(total, extra):
    rule = RankRule(class_cap=D(100))
    t = MemberTally("m", {}, total + extra, D(0), D(0))
    bands = tuple(ClassBand(b.name, b.min_total) for b in BANDS)   # thresholds ≤ 90 < cap 100
    capped = classify_with_floors(rule.class_measure(t), bands, ())[0]
    assert capped == classify_with_floors(t.total, bands, ())[0]
