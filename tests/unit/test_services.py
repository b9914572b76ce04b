"""Services over an in-memory unit of work: transactions, state rules, sign-off, next season."""

from decimal import Decimal as D

import pytest

from thidua.domain.awards import AwardType, NomineeKind
from thidua.domain.criteria import Criterion, Kind, Method
from thidua.domain.errors import (Ambiguous, BadTransition, EditConflict, IncompleteSeason, InvalidPoints,
                                  NotFound, SeasonLocked)
from thidua.domain.scoring import ScoreKind
from thidua.domain.season import Meeting, State
from thidua.domain.votes import VoteMethod
from thidua.services import clusters, outcome, scoring

from .fakes import FakeUnitOfWork


@pytest.fixture
def uow():
    return FakeUnitOfWork()


@pytest.fixture
def season(uow):
    cluster = clusters.create_cluster(uow, "Cụm thi đua các tỉnh Tây Nguyên")
    s = clusters.create_season(uow, cluster.id, 2019, [(m, "") for m in
                                                       ("Đắk Nông", "Đắk Lắk", "Lâm Đồng", "Gia Lai", "Kon Tum")])
    g = clusters.add_criterion(uow, s.id, Criterion("g", "Nhiệm vụ Ban chỉ đạo", Kind.GROUP, code="1"))
    for code, mx in (("a", 5), ("b", 2), ("c", 3)):
        clusters.add_criterion(uow, s.id, Criterion(code, f"Tiêu chí {code}", Kind.LEAF, code="-", parent_id=g.id,
                                                    method=Method.MANUAL, max_points=D(mx), step=D("0.5")))
    outcome.advance(uow, s.id, State.SCORING, expected=State.DRAFT)
    return s


def ids(season):
    return [m.id for m in season.members]


def test_find_cluster_ignores_diacritics_and_refuses_ambiguity(uow, season):
    assert clusters.find_cluster(uow, "tay nguyen").name == "Cụm thi đua các tỉnh Tây Nguyên"
    clusters.create_cluster(uow, "Cụm thi đua các tỉnh Tây Nam Bộ")
    with pytest.raises(Ambiguous):
        clusters.find_cluster(uow, "cum thi dua cac tinh tay")
    with pytest.raises(NotFound):
        clusters.find_cluster(uow, "Đông Nam Bộ")


def test_record_score_and_rank(uow, season):
    m = ids(season)
    scoring.record_scores(uow, season.id, [(m[0], "a", None, D(5)), (m[0], "b", None, D(2)),
                                           (m[0], "c", None, D(3)), (m[1], "a", None, D("4.5")),
                                           (m[1], "b", None, D(2)), (m[1], "c", None, D(3))])
    result = scoring.rank_season(uow, season.id)
    assert [(r.member, r.total, r.rank) for r in result.rows[:2]] == [("Đắk Nông", D(10), 1), ("Đắk Lắk", D("9.5"), 2)]
    assert result.max_total == D(10)


def test_a_block_with_one_bad_value_saves_nothing(uow, season):
    m = ids(season)
    with pytest.raises(InvalidPoints):
        scoring.record_scores(uow, season.id, [(m[0], "a", None, D(5)), (m[1], "a", None, D(6))])
    assert clusters.open_season(uow, season.id).cell(m[0], "a").agreed_points is None


def test_edit_conflict_names_who_changed_the_cell(uow, season):
    m = ids(season)
    scoring.record_score(uow, season.id, m[0], "a", D(4), expected=None)
    with pytest.raises(EditConflict) as err:
        scoring.record_score(uow, season.id, m[0], "a", D(3), expected=None)
    assert err.value.data["current"] == D(4) and err.value.data["by"] == "tester"
    scoring.record_score(uow, season.id, m[0], "a", D(3), expected=D(4))


def test_voting_locks_scores_and_sign_off_locks_everything(uow, season):
    m = ids(season)
    entries = [(x, leaf, None, D(1)) for x in m for leaf in "abc"]
    scoring.record_scores(uow, season.id, entries)
    outcome.advance(uow, season.id, State.VOTING, expected=State.SCORING)
    with pytest.raises(SeasonLocked):
        scoring.record_score(uow, season.id, m[0], "a", D(2), expected=D(1))
    result = outcome.sign_off(uow, season.id, "Nguyễn Văn A")
    assert result.revision == 1 and len(result.sha256) == 64
    for attempt in (lambda: scoring.record_score(uow, season.id, m[0], "a", D(2), expected=D(1)),
                    lambda: clusters.add_member(uow, season.id, "Bình Phước"),
                    lambda: clusters.set_meeting(uow, season.id, Meeting(place="Gia Lai"), expected=Meeting()),
                    lambda: outcome.put_award_type(uow, season.id, AwardType("x", "Cờ", 1), expected=None)):
        with pytest.raises(SeasonLocked):
            attempt()
    with pytest.raises(EditConflict):
        outcome.advance(uow, season.id, State.SCORING, expected=State.VOTING)
    with pytest.raises(BadTransition):
        outcome.advance(uow, season.id, State.SCORING, expected=State.SIGNED_OFF)


def test_sign_off_needs_every_score(uow, season):
    scoring.record_score(uow, season.id, ids(season)[0], "a", D(1), expected=None)
    outcome.advance(uow, season.id, State.VOTING, expected=State.SCORING)
    with pytest.raises(IncompleteSeason) as err:
        outcome.sign_off(uow, season.id, "A")
    assert err.value.data["missing"] == 14


def test_reopen_needs_a_reason_and_keeps_the_signed_revision(uow, season):
    entries = [(x, leaf, None, D(1)) for x in ids(season) for leaf in "abc"]
    scoring.record_scores(uow, season.id, entries)
    outcome.advance(uow, season.id, State.VOTING, expected=State.SCORING)
    signed = outcome.sign_off(uow, season.id, "A")
    with pytest.raises(Exception):
        outcome.reopen(uow, season.id, "B", "  ")
    outcome.reopen(uow, season.id, "B", "Sửa điểm tiêu chí 1 của Gia Lai")
    s = clusters.open_season(uow, season.id)
    # reopened at scoring by default: the scores are editable at once
    assert s.state is State.SCORING
    assert s.revisions[0].sha256 == signed.sha256 and s.revisions[0].reopen_reason.startswith("Sửa")
    scoring.record_score(uow, season.id, ids(season)[3], "a", D(2), expected=D(1))
    outcome.advance(uow, season.id, State.VOTING, expected=State.SCORING)
    again = outcome.sign_off(uow, season.id, "A")
    assert again.revision == 2 and again.sha256 != signed.sha256


def test_sign_off_from_scoring_is_refused_with_the_step(uow, season):
    entries = [(x, leaf, None, D(1)) for x in ids(season) for leaf in "abc"]
    scoring.record_scores(uow, season.id, entries)
    with pytest.raises(BadTransition) as err:
        outcome.sign_off(uow, season.id, "A")
    assert err.value.data == {"from_state": "scoring", "to_state": "signed_off", "action": "sign_off"}
    assert clusters.open_season(uow, season.id).state is State.SCORING


def test_reopen_at_voting_keeps_scores_locked(uow, season):
    scoring.record_scores(uow, season.id, [(x, leaf, None, D(1)) for x in ids(season) for leaf in "abc"])
    outcome.advance(uow, season.id, State.VOTING, expected=State.SCORING)
    outcome.sign_off(uow, season.id, "A")
    with pytest.raises(BadTransition):
        outcome.reopen(uow, season.id, "B", "Sửa biên bản", to=State.SIGNED_OFF)
    outcome.reopen(uow, season.id, "B", "Sửa biên bản", to=State.VOTING)
    assert clusters.open_season(uow, season.id).state is State.VOTING
    with pytest.raises(SeasonLocked):
        scoring.record_score(uow, season.id, ids(season)[0], "a", D(2), expected=D(1))
    step = [r for r in outcome.history(uow, season.id, "season") if r.field == "state"][0]
    assert (step.old, step.new, step.reason) == ("signed_off", "voting", "Sửa biên bản")


def test_votes_and_tie_decisions_only_in_voting(uow, season):
    m = ids(season)
    flag = outcome.put_award_type(uow, season.id, AwardType("f", "Cờ thi đua", 1, quota_count=1), expected=None)
    coop = outcome.add_nominee(uow, season.id, "HTX Nông nghiệp Ea Kar", NomineeKind.COOPERATIVE, flag.id, m[1])
    with pytest.raises(SeasonLocked) as err:
        outcome.record_vote(uow, season.id, coop.id, VoteMethod.SECRET_BALLOT, 4, 1, 3, 1, 0, expected=None)
    assert err.value.data == {"state": "scoring", "action": "votes"}
    with pytest.raises(SeasonLocked):
        outcome.decide_tie(uow, season.id, [m[0], m[1]], expected=None)
    outcome.advance(uow, season.id, State.DRAFT, expected=State.SCORING)
    with pytest.raises(SeasonLocked):
        outcome.record_vote(uow, season.id, coop.id, VoteMethod.SECRET_BALLOT, 4, 1, 3, 1, 0, expected=None)
    assert clusters.open_season(uow, season.id).ballots == {}


def test_proposals_nominees_and_votes(uow, season):
    m = ids(season)
    scoring.record_scores(uow, season.id, [(x, leaf, None, D(i % 5)) for i, x in enumerate(m) for leaf in "a"])
    flag = outcome.put_award_type(uow, season.id, AwardType("f", "Cờ thi đua", 1, quota_count=1), expected=None)
    made = outcome.propose_awards(uow, season.id)
    assert [n.member_id for n in made] == [m[4]]
    coop = outcome.add_nominee(uow, season.id, "HTX Nông nghiệp Ea Kar", NomineeKind.COOPERATIVE, flag.id, m[1])
    outcome.advance(uow, season.id, State.VOTING, expected=State.SCORING)
    ballot = outcome.record_vote(uow, season.id, coop.id, VoteMethod.SECRET_BALLOT, 4, 1, 3, 1, 0, expected=None)
    assert ballot.eligible == 5 and ballot.passed
    # proposing again keeps nominees that already have a vote and does not duplicate
    outcome.propose_awards(uow, season.id)
    assert len(clusters.open_season(uow, season.id).nominees) == 2


def test_next_season_copies_members_and_table_and_rotates_the_head(uow, season):
    m = ids(season)
    clusters.set_meeting(uow, season.id, Meeting(heads=(m[1],)), expected=Meeting())
    nxt = clusters.start_next_season(uow, season.id)
    s = clusters.open_season(uow, nxt.id)
    assert s.year == 2020 and [x.id for x in s.members] == m
    assert [n.title for n in s.criteria.nodes()] == [n.title for n in season.criteria.nodes()]
    assert s.meeting.heads == (m[2],)
    assert not set(n.id for n in s.criteria.nodes()) & set(n.id for n in season.criteria.nodes())


def test_next_season_takes_the_elected_co_heads(uow, season):
    m = ids(season)
    clusters.set_meeting(uow, season.id, Meeting(heads=(m[0],), next_heads=(m[3], m[4]), next_deputy_id=m[1]),
                         expected=Meeting())
    s = clusters.start_next_season(uow, season.id)
    assert s.meeting.heads == (m[3], m[4]) and s.meeting.deputy_id == m[1]


def test_figures_give_points_to_computed_leaves(uow, season):
    g = clusters.open_season(uow, season.id).criteria.roots()[0]
    leaf = clusters.add_criterion(uow, season.id, Criterion("r", "HTX thành lập mới", Kind.LEAF, parent_id=g.id,
                                                            method=Method.RATIO, max_points=D(15)))
    m = ids(season)[0]
    scoring.record_figures(uow, season.id, m, leaf.id, target=D(50), actual=D(40), expected=None)
    s = clusters.open_season(uow, season.id)
    assert s.cell(m, leaf.id).agreed_points == D(12) and s.figure(m, leaf.id).percent == D(80)


def test_cross_scoring_uses_the_others_mean(uow, season):
    from thidua.domain.scoring import ScoringMode
    from thidua.domain.season import SeasonSettings
    m = ids(season)
    clusters.set_settings(uow, season.id, SeasonSettings(scoring_mode=ScoringMode.CROSS, drop_extremes=True),
                          expected=SeasonSettings())
    for scorer, pts in zip(m[1:], ("5", "4", "4.5", "1")):
        scoring.record_cross_score(uow, season.id, scorer, m[0], "a", D(pts), expected=None)
    with pytest.raises(Exception):
        scoring.record_cross_score(uow, season.id, m[0], m[0], "a", D(5), expected=None)
    s = clusters.open_season(uow, season.id)
    assert s.final(m[0], "a") == D("4.25")      # 1 and 5 dropped: (4 + 4.5) / 2


def test_choosing_a_band_clears_the_other_alternatives(uow, season):
    g = clusters.open_season(uow, season.id).criteria.roots()[0]
    ch = clusters.add_criterion(uow, season.id, Criterion("ch", "Tỷ lệ HTX thành viên", Kind.CHOICE, parent_id=g.id))
    for code, pts in (("hi", 4), ("mid", 3), ("lo", 2)):
        clusters.add_criterion(uow, season.id, Criterion(code, code, Kind.LEAF, parent_id=ch.id, method=Method.MANUAL,
                                                         max_points=D(pts), step=D(pts)))
    m = ids(season)[0]
    scoring.record_score(uow, season.id, m, "hi", D(4), expected=None)
    recorded = scoring.record_score(uow, season.id, m, "mid", D(3), expected=None)
    assert recorded.cleared == ("hi",)
    s = clusters.open_season(uow, season.id)
    assert s.cell(m, "hi").agreed_points is None and s.tally(m).subtotals["ch"] == D(3)


def test_self_and_agreed_are_separate(uow, season):
    m = ids(season)[0]
    scoring.record_score(uow, season.id, m, "a", D(5), ScoreKind.SELF, expected=None)
    s = clusters.open_season(uow, season.id)
    assert s.cell(m, "a").self_points == D(5) and s.final(m, "a") is None


def test_tie_decision_only_for_real_ties(uow, season):
    m = ids(season)
    scoring.record_scores(uow, season.id, [(m[0], "a", None, D(3)), (m[1], "a", None, D(3))])
    outcome.advance(uow, season.id, State.VOTING, expected=State.SCORING)
    outcome.decide_tie(uow, season.id, [m[1], m[0]], "Biểu quyết", expected=None)
    rows = scoring.rank_season(uow, season.id).rows
    assert [(r.member_id, r.rank) for r in rows[:2]] == [(m[1], 1), (m[0], 2)]
    with pytest.raises(Exception):
        outcome.decide_tie(uow, season.id, [m[2], m[0]], expected=None)


def test_rank_over_years_marks_a_year_with_missing_scores_provisional(uow, season):
    m = ids(season)
    scoring.record_scores(uow, season.id, [(x, leaf, None, D(1)) for x in m for leaf in "abc"])
    nxt = clusters.start_next_season(uow, season.id)
    scoring.record_score(uow, nxt.id, m[0], clusters.open_season(uow, nxt.id).criteria.leaves()[0].id, D(5),
                         expected=None)
    years = outcome.member_over_years(uow, season.cluster_id, m[0])
    assert [(y.year, y.rank, y.provisional) for y in years] == [(2019, 1, False), (2020, 1, True)]
