"""The eight rules real regulations write, each against figures computed by hand (the comments show the sums)."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal as D
from fractions import Fraction

import pytest

from thidua.domain.awards import AwardType, Nominee, NomineeKind, Origin, propose
from thidua.domain.canonical import canonical_json, content_hash
from thidua.domain.criteria import Criterion, CriteriaTable, Kind, Method, Role, relative_points
from thidua.domain.errors import InvalidSetting, SeasonLocked
from thidua.domain.ranking import (ClassBand, FloorScope, MemberTally, RankBasis, RankRule, classify_with_floors,
                                   rank)
from thidua.domain.scoring import ScoreKind, ScoringMode, tally
from thidua.domain.season import CouncilDecision, Member, Season, SeasonSettings, State
from thidua.domain.votes import Ballot, Base, Comparison, VoteMethod, VoteRule

NGHE_AN = (ClassBand("Hoàn thành xuất sắc", D(90), D("0.85")), ClassBand("Hoàn thành tốt", D(80), D("0.8")),
           ClassBand("Hoàn thành", D(70), D("0.7")), ClassBand("Không hoàn thành", D(0)))


def leaf(cid, mx, parent=None, method=Method.MANUAL, **kw):
    return Criterion(cid, cid, Kind.LEAF, code=cid, parent_id=parent, method=method, max_points=D(mx),
                     step=D("0.5"), **kw)


def season_with(nodes, members=("a", "b", "c"), **settings) -> Season:
    s = Season("s", "c", "Cụm thi đua các tỉnh Tây Nguyên", 2025)
    for m in members:
        s.add_member(Member(m, m.upper()))
    for n in nodes:
        s.add_criterion(n)
    if settings:
        s.set_settings(SeasonSettings(**settings))
    s.advance(State.SCORING)
    return s


def score(s, member, values):
    for cid, v in values.items():
        s.set_score(member, cid, D(v))


# ---- 1. floors inside classification bands ---------------------------------------------------
def test_a_criterion_below_the_floor_keeps_a_member_out_of_the_band():
    # 92 points: above 90 for "xuất sắc", but criterion "x" has 14 of 20 = 70 %:
    #   below 85 % (needs 17) → not xuất sắc; below 80 % (needs 16) → not tốt; 70 % needs 14 → hoàn thành
    parts = (("x", D(14), D(20)), ("y", D(48), D(50)), ("z", D(30), D(30)))
    name, held = classify_with_floors(D(92), NGHE_AN, parts)
    assert name == "Hoàn thành"
    assert [(h.band, h.floor, h.parts) for h in held] == [
        ("Hoàn thành xuất sắc", D("0.85"), (("x", D(14), D(20)),)),
        ("Hoàn thành tốt", D("0.8"), (("x", D(14), D(20)),))]


def test_exactly_at_the_floor_is_not_below_it():
    # 17 of 20 is exactly 85 %: "no criterion below 85 %" holds
    assert classify_with_floors(D(90), NGHE_AN, (("x", D(17), D(20)),))[0] == "Hoàn thành xuất sắc"
    assert classify_with_floors(D("89.99"), NGHE_AN, (("x", D(17), D(20)),))[0] == "Hoàn thành tốt"


def test_floors_in_a_season_look_at_criteria_or_at_groups():
    nodes = [Criterion("G", "Nhóm", Kind.GROUP, code="I"), leaf("x", 20, "G"), leaf("y", 80, "G")]
    s = season_with(nodes, classes=NGHE_AN)
    score(s, "a", {"x": 10, "y": 80})
    # criteria: x is 10/20 = 50 % → below every floor → "Không hoàn thành" although the total is 90
    row = s.results().ranking.by_member()["a"]
    assert (row.total, row.classification) == (D(90), "Không hoàn thành")
    assert [h.band for h in row.held_back] == ["Hoàn thành xuất sắc", "Hoàn thành tốt", "Hoàn thành"]
    # groups: group I has 90/100 = 90 % ≥ 85 % → xuất sắc
    s.set_settings(replace(s.settings, floor_scope=FloorScope.GROUP))
    assert s.results().ranking.by_member()["a"].classification == "Hoàn thành xuất sắc"


def test_bonus_and_deductions_have_no_floor():
    nodes = [leaf("x", 100), Criterion("B", "Điểm thưởng", Kind.GROUP, role=Role.BONUS),
             leaf("b1", 5, "B")]
    s = season_with(nodes, members=("a",), classes=NGHE_AN)
    score(s, "a", {"x": 95, "b1": 0})
    # b1 has 0 of 5 but is a bonus: it is not a criterion the floor looks at
    assert s.results().ranking.by_member()["a"].classification == "Hoàn thành xuất sắc"


# ---- 2. criteria not assigned, rank by achievement rate --------------------------------------------
def test_a_criterion_not_assigned_leaves_the_members_maximum_and_rate_ranks():
    nodes = [leaf("x", 60), leaf("y", 40, not_assigned=("b",))]
    s = season_with(nodes, members=("a", "b"), rank_basis=RankBasis.RATE)
    score(s, "a", {"x": 55, "y": 30})     # 85 of 100 → 85,00 %
    score(s, "b", {"x": 54})              # 54 of 60 (y not assigned) → 90,00 %
    t = s.tally("b")
    assert (t.total, t.maximum, t.rate, t.missing) == (D(54), D(60), D("90.00"), 0)
    assert s.tally("a").maximum is None and s.tally("a").rate == D("85.00")
    rows = s.results().ranking.rows
    assert [(r.member_id, r.rank, r.rate) for r in rows] == [("b", 1, D("90.00")), ("a", 2, D("85.00"))]
    # by total, a (85) would lead b (54)
    s.set_settings(replace(s.settings, rank_basis=RankBasis.TOTAL))
    assert [r.member_id for r in s.results().ranking.rows] == ["a", "b"]


def test_rate_is_rounded_to_two_decimals_half_up():
    # 80 of 90 = 88,888… % → 88,89 %
    nodes = [leaf("x", 90), leaf("y", 10, not_assigned=("a",))]
    s = season_with(nodes, members=("a",), rank_basis=RankBasis.RATE)
    score(s, "a", {"x": 80})
    assert s.tally("a").rate == D("88.89")


def test_a_group_not_assigned_takes_its_whole_subtree_out():
    nodes = [Criterion("G", "Nhóm", Kind.GROUP, not_assigned=("a",)), leaf("x", 30, "G"), leaf("y", 70)]
    s = season_with(nodes, members=("a",))
    score(s, "a", {"y": 70})
    t = s.tally("a")
    # x is under G, which is not assigned: not missing, no points, maximum 100 − 30 = 70
    assert (t.missing, t.maximum, t.total) == (0, D(70), D(70))


def test_not_assigned_names_members():
    s = season_with([leaf("x", 10)], members=("a",))
    with pytest.raises(Exception):
        s.update_criterion("x", not_assigned=("nobody",))


# ---- 3. scoring relative to the leader --------------------------------------------------------
def test_relative_points_as_the_peer_tool_computes_them():
    # max 10 (half 5). With targets: A 120/100 (+20 %), C 60/50 (+20 %), D 80/80 (at target).
    #   leader excess 20 %: A → 10; C → 5 + 5 × 20/20 = 10; D → 5.
    # Without: B 150, E 100, F 75 → measured against the best of them (150): 10, 6,67, 5.
    figs = {"A": (D(100), D(120)), "B": (None, D(150)), "C": (D(50), D(60)), "D": (D(80), D(80)),
            "E": (D(0), D(100)), "F": (None, D(75))}
    assert relative_points(D(10), figs) == {"A": D(10), "B": D(10), "C": D(10), "D": D(5), "E": D("6.67"),
                                            "F": D(5)}


def test_relative_points_below_and_above_target():
    # max 20 (half 10). dn 12/10 (+20 %), dl 30/20 (+50 %, leads), ld 9/10 (below)
    #   dl → 20; dn → 10 + 10 × 0,2/0,5 = 14; ld → 10 × 9/10 = 9
    figs = {"dn": (D(10), D(12)), "dl": (D(20), D(30)), "ld": (D(10), D(9))}
    assert relative_points(D(20), figs) == {"dn": D(14), "dl": D(20), "ld": D(9)}
    # nobody above target: nobody leads, at target is half
    assert relative_points(D(20), {"x": (D(10), D(10))}) == {"x": D(10)}


def test_one_figure_moves_every_members_points_on_a_relative_row():
    s = season_with([leaf("r", 20, method=Method.RELATIVE)])
    s.set_figure("a", "r", D(10), D(12))
    s.set_figure("b", "r", D(20), D(30))
    assert (s.cell("a", "r").agreed_points, s.cell("b", "r").agreed_points) == (D(14), D(20))
    # c overtakes b as the leader (+100 %): a → 10 + 10 × 0,2/1 = 12; b → 10 + 10 × 0,5/1 = 15
    s.set_figure("c", "r", D(5), D(10))
    assert [s.cell(m, "r").agreed_points for m in "abc"] == [D(12), D(15), D(20)]
    # a criterion not assigned to c takes it out of the comparison: b leads again
    s.update_criterion("r", not_assigned=("c",))
    assert [s.cell(m, "r").agreed_points for m in "ab"] == [D(14), D(20)]


# ---- 4. totals above the nominal maximum ------------------------------------------------------
def test_classification_on_the_capped_total_rank_on_the_uncapped_one():
    # Hồ Chí Minh City: 97 + 10 for a city flag = 107; 95 + 15 for the Government's = 110
    nodes = [leaf("x", 100), Criterion("B", "Điểm thưởng khen thưởng đã nhận", Kind.GROUP, role=Role.BONUS),
             leaf("flag", 10, "B", method=Method.YES_NO), leaf("gov", 15, "B", method=Method.YES_NO)]
    bands = (ClassBand("Xuất sắc", D(100)), ClassBand("Tốt", D(80)))
    s = season_with(nodes, members=("a", "b"), classes=bands, class_cap=D(100))
    score(s, "a", {"x": 97, "flag": 10, "gov": 0})
    score(s, "b", {"x": 95, "flag": 0, "gov": 15})
    rows = s.results().ranking.rows
    assert [(r.member_id, r.total, r.rank, r.class_measure) for r in rows] == [
        ("b", D(110), 1, D(100)), ("a", D(107), 2, D(100))]
    assert [r.classification for r in rows] == ["Xuất sắc", "Xuất sắc"]
    # the rule off: nothing capped, the same ranks
    s.set_settings(replace(s.settings, class_cap=None))
    assert [r.class_measure for r in s.results().ranking.rows] == [None, None]


def test_cap_applies_to_the_rate_when_ranking_by_rate():
    rule = RankRule(RankBasis.RATE, D(100))
    t = MemberTally("m", {}, D(107), D(10), D(0), rate=D("107.00"))
    assert (rule.measure(t), rule.class_measure(t)) == (D("107.00"), D(100))


# ---- 5. votes as regulations write them ---------------------------------------------------------
def ballot(present, absent, yes, no, blank, rule, wf=0, wa=0):
    b = Ballot("n", VoteMethod.SECRET_BALLOT, present + absent, present, absent, yes, no, blank, rule, wf, wa)
    b.validate()
    return b


def test_present_plus_written_opinions_of_the_absent():
    rule = VoteRule(Comparison.AT_LEAST, Fraction(7, 10), Base.PRESENT_AND_WRITTEN)
    # 4 present, 1 absent who wrote "for": base 4 + 1 = 5, for 3 + 1 = 4, needed ⌈0,7 × 5⌉ = 4 → passes
    assert (ballot(4, 1, 3, 1, 0, rule, wf=1).needed, ballot(4, 1, 3, 1, 0, rule, wf=1).passed) == (4, True)
    # the absent wrote "against": base 5, for 3 < 4 → fails; counted of those present only it would pass (3 ≥ ⌈2,8⌉)
    assert ballot(4, 1, 3, 0, 1, rule, wa=1).passed is False
    assert ballot(4, 1, 3, 0, 1, replace(rule, base=Base.PRESENT), wa=1).passed is True


def test_thresholds_more_than_half_seventy_and_ninety_percent():
    # 9 present: "trên 50 %" needs 5 (4,5 → more than: 5); "từ 70 %" needs ⌈6,3⌉ = 7; "từ 90 %" needs ⌈8,1⌉ = 9
    more_than_half = VoteRule(Comparison.MORE_THAN, Fraction(1, 2))
    seventy = VoteRule(Comparison.AT_LEAST, Fraction(7, 10))
    ninety = VoteRule(Comparison.AT_LEAST, Fraction(9, 10))
    assert [r.needed(9, 9) for r in (more_than_half, seventy, ninety)] == [5, 7, 9]
    # "trên 50 %" of 8 present: 4 is exactly half, not more → needs 5
    assert more_than_half.needed(8, 9) == 5


def test_a_meeting_without_its_quorum_decides_nothing():
    rule = VoteRule(Comparison.MORE_THAN, Fraction(1, 2), quorum=Fraction(2, 3))
    # 9 members: ⌈2/3 × 9⌉ = 6 must be present. 5 present voting 5–0: no quorum → not passed
    b = ballot(5, 4, 5, 0, 0, rule)
    assert (rule.quorum_needed(9), b.quorum_met, b.passed) == (6, False, False)
    assert ballot(6, 3, 4, 2, 0, rule).passed is True


def test_written_opinions_cannot_outnumber_the_absent():
    with pytest.raises(Exception):
        ballot(8, 1, 8, 0, 0, VoteRule(base=Base.PRESENT_AND_WRITTEN), wf=1, wa=1)


# ---- 6. quotas as regulations count them ------------------------------------------------------
def ranking_of(totals, classes=NGHE_AN):
    return rank([MemberTally(f"m{i}", {}, D(v), D(0), D(0)) for i, v in enumerate(totals)], classes=classes)


def test_a_share_of_members_is_rounded_down():
    # "không vượt quá 20 %" of 9 members = 1,8 → 1; of 10 → 2
    award = AwardType("f", "Cờ thi đua", 1, quota_share=D("0.2"))
    assert (award.quota(9), award.quota(10)) == (1, 2)


def test_a_quota_counted_inside_another_awards_quota():
    # 5 members: Government flag 20 % → 1, counted within the Alliance flag's 40 % → 2:
    # one Government flag leaves one Alliance flag (not two)
    gov = AwardType("gov", "Cờ Chính phủ", 1, quota_share=D("0.2"), within="lm")
    lm = AwardType("lm", "Cờ Liên minh", 2, quota_share=D("0.4"))
    r = ranking_of([95, 93, 91, 85, 80])
    assert [(p.member_id, p.award_type_id) for p in propose(r, [gov, lm])] == [("m0", "gov"), ("m1", "lm")]
    assert [(p.member_id, p.award_type_id) for p in propose(r, [replace(gov, within=None), lm])] == [
        ("m0", "gov"), ("m1", "lm"), ("m2", "lm")]


def test_eligibility_by_classification_follows_the_floors():
    # m0 has 95 points but a floor kept it at "Hoàn thành": an award for "Hoàn thành tốt" skips it
    tallies = [MemberTally("m0", {}, D(95), D(0), D(0), parts=(("x", D(10), D(20)),)),
               MemberTally("m1", {}, D(85), D(0), D(0), parts=(("x", D(18), D(20)),))]
    r = rank(tallies, classes=NGHE_AN)
    award = AwardType("f", "Cờ", 1, quota_count=1, min_classification="Hoàn thành tốt")
    assert [p.member_id for p in propose(r, [award], NGHE_AN)] == ["m1"]


def test_a_quota_cannot_count_within_itself_or_in_a_circle():
    s = season_with([leaf("x", 10)])
    s.put_award_type(AwardType("a", "A", 1))
    with pytest.raises(InvalidSetting):
        s.put_award_type(AwardType("b", "B", 2, within="b"))
    s.put_award_type(AwardType("b", "B", 2, within="a"))
    with pytest.raises(InvalidSetting):
        s.put_award_type(AwardType("a", "A", 1, within="b"))


# ---- 7. the higher council's later decision ------------------------------------------------------
def signed_season():
    s = season_with([leaf("x", 10)], members=("a",))
    score(s, "a", {"x": 10})
    s.put_award_type(AwardType("f", "Cờ thi đua", 1))
    s.put_nominee(Nominee("n", "Liên minh HTX tỉnh A", NomineeKind.MEMBER, "f", "a", Origin.MANUAL))
    s.advance(State.VOTING)
    content = canonical_json(s)
    s.sign_off("Chủ tịch", dt.datetime(2025, 12, 18, 10), content, content_hash(content))
    return s


def test_a_council_decision_is_recorded_in_a_signed_off_season_without_touching_the_signature():
    s = signed_season()
    before = canonical_json(s)
    s.record_council_decision("n", CouncilDecision(True, "125/QĐ-LMHTX", dt.date(2026, 3, 10)))
    assert canonical_json(s) == before and content_hash(before) == s.signed.sha256
    assert [(c.entity, c.field) for c in s.changes[-4:]] == [
        ("council", "added"), ("council", "approved"), ("council", "number"), ("council", "date")]
    # nothing else moves in a signed-off season
    with pytest.raises(SeasonLocked):
        s.set_score("a", "x", D(5))


def test_a_council_decision_waits_for_the_meeting():
    s = season_with([leaf("x", 10)], members=("a",))
    s.put_award_type(AwardType("f", "Cờ", 1))
    s.put_nominee(Nominee("n", "A", NomineeKind.MEMBER, "f", "a"))
    with pytest.raises(SeasonLocked):
        s.record_council_decision("n", CouncilDecision(False))


# ---- 8. more than one score column -------------------------------------------------------------------
def test_the_column_that_counts_is_the_seasons_explicit_rule():
    s = season_with([leaf("x", 10), leaf("y", 10)], members=("a",),
                    panels=(ScoreKind.REVIEW, ScoreKind.COUNCIL))
    s.set_score("a", "x", D(6), ScoreKind.SELF)
    s.set_score("a", "x", D(7), ScoreKind.AGREED)
    s.set_score("a", "x", D("7.5"), ScoreKind.REVIEW)
    s.set_score("a", "x", D("6.5"), ScoreKind.COUNCIL)
    s.set_score("a", "y", D(8), ScoreKind.AGREED)
    expected = {ScoringMode.AGREED: (D(7), D(15)),        # 7 + 8
                ScoringMode.REVIEW: (D("7.5"), D("7.5")),  # y has no review score: missing, counts 0
                ScoringMode.COUNCIL: (D("6.5"), D("6.5"))}
    for mode, (x, total) in expected.items():
        s.set_settings(replace(s.settings, scoring_mode=mode, highest_of=()))
        assert (s.final("a", "x"), s.tally("a").total) == (x, total)
    # the highest of self, agreed and council: max(6, 7, 6,5) = 7 on x; 8 on y → 15
    s.set_settings(replace(s.settings, scoring_mode=ScoringMode.HIGHEST,
                           highest_of=(ScoreKind.SELF, ScoreKind.AGREED, ScoreKind.COUNCIL)))
    assert (s.final("a", "x"), s.tally("a").total) == (D(7), D(15))
    # with the review panel in: 7,5
    s.set_settings(replace(s.settings, highest_of=(ScoreKind.AGREED, ScoreKind.REVIEW, ScoreKind.COUNCIL)))
    assert s.final("a", "x") == D("7.5")


def test_a_column_the_season_does_not_keep_takes_no_scores():
    s = season_with([leaf("x", 10)], members=("a",))
    with pytest.raises(InvalidSetting):
        s.set_score("a", "x", D(5), ScoreKind.REVIEW)
    with pytest.raises(InvalidSetting):
        s.set_settings(replace(s.settings, scoring_mode=ScoringMode.COUNCIL))


def test_every_rule_off_leaves_the_canonical_content_as_it_was():
    # what a season signed before these rules existed hashes to: no new key appears
    s = season_with([leaf("x", 10)], members=("a",), classes=(ClassBand("Tốt", D(5)),))
    score(s, "a", {"x": 10})
    text = canonical_json(s)
    for word in ("not_assigned", "floor", "rate", "class_cap", "panels", "highest_of", "within", "written",
                 "classified_on", "review", "council",
                 # and the meeting's later facts (covenant, attendees' names) when not recorded
                 "attendee_names", "covenant_number", "covenant_date", "covenant_signers"):
        assert f'"{word}' not in text


def test_table_maxima_without_rows_not_assigned():
    t = CriteriaTable([Criterion("G", "G", Kind.GROUP, max_points=D(10)), leaf("a", 6, "G"), leaf("b", 6, "G"),
                       leaf("c", 5)])
    # G is capped at 10 (6 + 6 = 12); without b: min(6, 10) = 6; total 6 + 5 = 11 instead of 15
    assert t.max_total() == D(15)
    assert t.max_total_without(frozenset({"b"})) == D(11)
    result = tally(t, "m", {"a": D(6), "b": None, "c": D(5)})
    assert result.missing == 1     # b is assigned to m: still missing


def test_the_ranking_notes_say_what_each_rule_did_in_either_language():
    from thidua import wording
    from thidua.services.scoring import ranking_of

    nodes = [leaf("x", 20), leaf("y", 80, not_assigned=("b",)),
             Criterion("B", "Điểm thưởng", Kind.GROUP, role=Role.BONUS), leaf("flag", 10, "B", method=Method.YES_NO)]
    s = season_with(nodes, members=("a", "b"), classes=NGHE_AN, rank_basis=RankBasis.RATE, class_cap=D(100))
    score(s, "a", {"x": 14, "y": 80, "flag": 10})    # 104 of 110 → 94,55 %; x 14/20 = 70 % < 85 %
    score(s, "b", {"x": 20, "flag": 10})              # 30 of 30 → 100 %
    rows = {r.member: r for r in ranking_of(s).rows}
    assert wording.rule_notes(rows["A"], "vi") == [
        "tỷ lệ đạt 94,55%", "đủ điểm “Hoàn thành xuất sắc” nhưng chưa đạt 85% điểm tối đa ở x 14/20"]
    assert wording.rule_notes(rows["B"], "vi") == ["tỷ lệ đạt 100% của 30 điểm được giao", "không được giao y"]
    assert wording.rule_notes(rows["A"], "en")[1] == \
        "enough points for “Hoàn thành xuất sắc” but below 85% of the maximum on x 14/20"
    # the JSON the command line prints carries the rate of a season ranked by it
    assert ranking_of(s).as_json()["rows"][0]["rate"] == 100
