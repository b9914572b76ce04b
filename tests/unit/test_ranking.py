"""Totals, shared ranks, tie-breakers, committee decisions and classification."""

from decimal import Decimal as D

from thidua.domain.ranking import (ClassBand, MemberTally, TieBreaker, TieBreakerKind, TieDecision, classify,
                                   rank)
from thidua.domain.scoring import cross_mean, tally
from tests.unit.test_criteria import table_with_bonus


def t(member, total, g=0, bonus=0, ded=0, missing=0):
    return MemberTally(member, {"g": D(g)}, D(total), D(bonus), D(ded), missing)


def test_equal_totals_share_a_rank_and_the_next_rank_skips():
    r = rank([t("a", 90), t("b", 85), t("c", 85), t("d", 80)])
    assert [(row.member_id, row.rank, row.tie) for row in r.rows] == [
        ("a", 1, False), ("b", 2, True), ("c", 2, True), ("d", 4, False)]
    assert r.unresolved == (("b", "c"),)


def test_tie_breakers_apply_in_order():
    breakers = [TieBreaker(TieBreakerKind.GROUP_SCORE, "g"), TieBreaker(TieBreakerKind.MORE_BONUS),
                TieBreaker(TieBreakerKind.FEWER_DEDUCTIONS)]
    r = rank([t("a", 85, g=30, bonus=1), t("b", 85, g=30, bonus=2), t("c", 85, g=31), t("d", 70)], breakers)
    assert [(row.member_id, row.rank, row.tie) for row in r.rows] == [
        ("c", 1, False), ("b", 2, False), ("a", 3, False), ("d", 4, False)]
    by = r.by_member()
    assert by["c"].settled_by.kind is TieBreakerKind.GROUP_SCORE
    assert by["b"].settled_by.kind is TieBreakerKind.GROUP_SCORE   # separated from c above it by the group
    assert by["a"].settled_by.kind is TieBreakerKind.MORE_BONUS
    assert by["d"].settled_by is None
    assert r.unresolved == ()


def test_fewer_deductions_wins():
    r = rank([t("a", 85, ded=2), t("b", 85, ded=1)], [TieBreaker(TieBreakerKind.FEWER_DEDUCTIONS)])
    assert [row.member_id for row in r.rows] == ["b", "a"]


def test_unbroken_tie_goes_to_the_committee_decision():
    decision = TieDecision(("c", "b"), "Biểu quyết giơ tay 6/9")
    r = rank([t("a", 90), t("b", 85), t("c", 85)], decisions=[decision])
    assert [(row.member_id, row.rank, row.tie) for row in r.rows] == [("a", 1, False), ("c", 2, False),
                                                                      ("b", 3, False)]
    assert r.by_member()["c"].decided == decision and r.unresolved == ()


def test_decision_for_other_members_is_ignored():
    r = rank([t("a", 85), t("b", 85), t("c", 85)], decisions=[TieDecision(("a", "b"))])
    assert all(row.tie and row.rank == 1 for row in r.rows)


def test_classification_bands():
    bands = [ClassBand("Xuất sắc", D(90)), ClassBand("Tốt", D(80)), ClassBand("Khá", D(70)),
             ClassBand("Trung bình", D(50)), ClassBand("Yếu", D(0))]
    assert classify(D(90), bands) == "Xuất sắc"
    assert classify(D("89.99"), bands) == "Tốt"
    assert classify(D(50), bands) == "Trung bình"
    assert classify(D(-1), bands) is None
    r = rank([t("a", 95), t("b", 60, missing=2)], classes=bands)
    assert r.by_member()["a"].classification == "Xuất sắc"
    assert r.by_member()["b"].classification is None   # not classified while scores are missing


def test_tally_subtotals_caps_choices_and_deductions():
    table = table_with_bonus()
    finals = {"a": D("4.5"), "b": D(2), "c": D(3), "ch0": None, "ch1": D(3), "ch2": None,
              "b1": D(3), "b2": D(3), "d1": D("1.5")}
    result = tally(table, "m", finals)
    assert result.subtotals["ch"] == D(3)
    assert result.subtotals["g1"] == D("12.5")
    assert result.subtotals["bonus"] == D(5)          # 6 capped at 5
    assert result.subtotals["ded"] == D("1.5")
    assert result.total == D("16")                    # 12.5 + 5 − 1.5
    assert (result.bonus, result.deductions, result.missing) == (D(5), D("1.5"), 0)


def test_tally_counts_missing_leaves_once_per_choice():
    table = table_with_bonus()
    result = tally(table, "m", {"a": D(1)})
    # b, c, the choice (once), b1, b2, d1
    assert result.missing == 6 and result.total == D(1)


def test_cross_mean_drops_extremes():
    assert cross_mean([D(4), D(5), D(3)], False) == D(4)
    assert cross_mean([D(1), D(4), D(5), D(10)], True) == D("4.5")
    assert cross_mean([D(1), D(2)], True) == D("1.5")     # fewer than three: nothing dropped
    assert cross_mean([D(1), D(1), D(2)], False) == D("1.33")
    assert cross_mean([], True) is None
