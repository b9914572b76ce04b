"""Award quotas and eligibility, and vote rules, against hand-computed figures."""

from decimal import Decimal as D
from fractions import Fraction

import pytest

from thidua.domain.awards import AwardType, propose
from thidua.domain.errors import ImpossibleVote
from thidua.domain.ranking import ClassBand, MemberTally, rank
from thidua.domain.votes import Ballot, Base, Comparison, VoteMethod, VoteRule

CLASSES = [ClassBand("Xuất sắc", D(90)), ClassBand("Tốt", D(80)), ClassBand("Khá", D(0))]


def ranking(*totals):
    return rank([MemberTally(f"m{i}", {}, D(v), D(0), D(0)) for i, v in enumerate(totals)], classes=CLASSES)


def test_quota_as_count_takes_the_top():
    flag = AwardType("f", "Cờ", 1, quota_count=1)
    assert [(p.member_id, p.contested) for p in propose(ranking(95, 92, 80), [flag], CLASSES)] == [("m0", False)]


def test_quota_as_share_rounds_down():
    # an old decree: Government flags for at most 20 % of members — 20 % of 9 is 1
    award = AwardType("g", "Cờ Chính phủ", 1, quota_share=D("0.2"))
    assert award.quota(9) == 1 and award.quota(10) == 2 and award.quota(4) == 0
    assert len(propose(ranking(*range(99, 90, -1)), [award], CLASSES)) == 1
    both = AwardType("h", "x", 1, quota_count=3, quota_share=D("0.2"))
    assert both.quota(10) == 2


def test_eligibility_by_rank_and_classification():
    award = AwardType("b", "Bằng khen", 1, max_rank=3, min_classification="Tốt")
    got = [p.member_id for p in propose(ranking(95, 91, 85, 79, 60), [award], CLASSES)]
    assert got == ["m0", "m1", "m2"]
    award = AwardType("b", "Bằng khen", 1, min_classification="Xuất sắc")
    assert [p.member_id for p in propose(ranking(95, 91, 85), [award], CLASSES)] == ["m0", "m1"]


def test_exclusive_award_bars_lower_awards_for_the_same_member():
    flag = AwardType("f", "Cờ", 1, quota_count=1, exclusive=True)
    merit = AwardType("m", "Bằng khen", 2, quota_count=2)
    got = [(p.award_type_id, p.member_id) for p in propose(ranking(95, 92, 88), [flag, merit], CLASSES)]
    assert got == [("f", "m0"), ("m", "m1"), ("m", "m2")]
    flag = AwardType("f", "Cờ", 1, quota_count=1, exclusive=False)
    got = [(p.award_type_id, p.member_id) for p in propose(ranking(95, 92, 88), [flag, merit], CLASSES)]
    assert got == [("f", "m0"), ("m", "m0"), ("m", "m1")]


def test_tie_at_quota_boundary_brings_in_all_tied_marked_contested():
    flag = AwardType("f", "Cờ", 1, quota_count=1)
    got = [(p.member_id, p.contested) for p in propose(ranking(95, 95, 80), [flag], CLASSES)]
    assert got == [("m0", True), ("m1", True)]


def test_manual_only_awards_are_not_proposed():
    certificate = AwardType("g", "Giấy khen", 3, from_ranking=False)
    assert propose(ranking(95), [certificate], CLASSES) == []


def ballot(present=9, absent=0, yes=5, no=2, blank=2, rule=VoteRule()):
    return Ballot("n", VoteMethod.SECRET_BALLOT, present + absent, present, absent, yes, no, blank, rule)


def test_more_than_half_of_present():
    assert ballot(yes=5, no=4, blank=0).needed == 5
    assert ballot(yes=5, no=4, blank=0).passed
    assert not ballot(present=8, absent=1, yes=4, no=4, blank=0).passed   # exactly half is not more than half


def test_at_least_seventy_percent():
    rule = VoteRule(Comparison.AT_LEAST, Fraction(7, 10))
    assert ballot(present=10, yes=7, no=3, blank=0, rule=rule).passed
    assert not ballot(present=10, yes=6, no=4, blank=0, rule=rule).passed
    assert ballot(present=9, yes=7, no=2, blank=0, rule=rule).needed == 7      # 6.3 → 7


def test_share_of_all_members():
    rule = VoteRule(Comparison.MORE_THAN, Fraction(1, 2), Base.ALL)
    b = ballot(present=6, absent=4, yes=5, no=1, blank=0, rule=rule)
    assert b.needed == 6 and not b.passed


@pytest.mark.parametrize("kw,reason", [
    (dict(present=9, absent=1, yes=5, no=2, blank=2), None),
    (dict(present=9, absent=0, yes=5, no=2, blank=3), "votes_vs_present"),
    (dict(present=9, absent=0, yes=-1, no=5, blank=5), "negative"),
    (dict(present=0, absent=9, yes=0, no=0, blank=0), "nobody_present"),
])
def test_impossible_figures_are_refused(kw, reason):
    b = ballot(**kw)
    if reason is None:
        b.validate()
        return
    with pytest.raises(ImpossibleVote) as err:
        b.validate()
    assert err.value.data["reason"] == reason


def test_present_plus_absent_must_be_the_members():
    b = Ballot("n", VoteMethod.SHOW_OF_HANDS, 9, 7, 1, 7, 0, 0)
    with pytest.raises(ImpossibleVote) as err:
        b.validate()
    assert err.value.data["reason"] == "present_absent"
