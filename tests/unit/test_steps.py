"""The season's steps: what each allows, and the one refusal function the window and the CLI show."""

import datetime as dt
from decimal import Decimal as D

import pytest

from thidua import wording
from thidua.domain.awards import AwardType, Nominee, NomineeKind
from thidua.domain.criteria import Criterion, Kind, Method
from thidua.domain.errors import BadTransition, IncompleteSeason, SeasonLocked
from thidua.domain.ranking import TieDecision
from thidua.domain.season import ALLOWED, REOPEN_TO, Action, Area, Member, Season, State
from thidua.domain.votes import Ballot, VoteMethod, VoteRule


def season_at(state: State, complete: bool = True) -> Season:
    """A two-member season walked through the steps to `state` (every score given unless not `complete`)."""
    s = Season("s", "c", "Cụm thi đua các tỉnh Tây Nguyên", 2025)
    for m in ("a", "b"):
        s.add_member(Member(m, m.upper()))
    s.add_criterion(Criterion("x", "x", Kind.LEAF, code="1", method=Method.MANUAL, max_points=D(10), step=D(1)))
    s.put_award_type(AwardType("f", "Cờ thi đua", 1))
    s.put_nominee(Nominee("n", "Liên minh HTX tỉnh A", NomineeKind.MEMBER, "f", "a"))
    if state is State.DRAFT:
        return s
    s.advance(State.SCORING)
    s.set_score("a", "x", D(7))
    if complete:
        s.set_score("b", "x", D(7))
    if state is State.SCORING:
        return s
    s.advance(State.VOTING)
    if state is State.VOTING:
        return s
    s.sign_off("Chủ tịch", dt.datetime(2025, 12, 18, 10), "{}", "0" * 64)
    return s


def refusal(state, action):
    return season_at(state).refusal(action)


# every (state, action) and the refusal expected: None (allowed) or the error class with its data
ADVANCE = {
    (State.DRAFT, State.SCORING): None,
    (State.DRAFT, State.VOTING): (BadTransition, {"from_state": "draft", "to_state": "voting"}),
    (State.DRAFT, State.DRAFT): (BadTransition, {"from_state": "draft", "to_state": "draft"}),
    (State.SCORING, State.DRAFT): None,
    (State.SCORING, State.VOTING): None,
    (State.SCORING, State.SCORING): (BadTransition, {"from_state": "scoring", "to_state": "scoring"}),
    (State.VOTING, State.SCORING): None,
    (State.VOTING, State.DRAFT): (BadTransition, {"from_state": "voting", "to_state": "draft"}),
    (State.VOTING, State.VOTING): (BadTransition, {"from_state": "voting", "to_state": "voting"}),
    (State.SIGNED_OFF, State.SCORING): (BadTransition, {"from_state": "signed_off", "to_state": "scoring"}),
    (State.SIGNED_OFF, State.VOTING): (BadTransition, {"from_state": "signed_off", "to_state": "voting"}),
    (State.SIGNED_OFF, State.DRAFT): (BadTransition, {"from_state": "signed_off", "to_state": "draft"}),
}


@pytest.mark.parametrize("state,to", list(ADVANCE), ids=[f"{a.value}->{b.value}" for a, b in ADVANCE])
def test_advance(state, to):
    expected = ADVANCE[(state, to)]
    got = refusal(state, Action.advance(to))
    if expected is None:
        assert got is None
    else:
        assert (type(got), got.data) == expected
        assert wording.explain(got)   # worded, never the raw code
        assert "bad_transition" not in wording.explain(got)


def test_advancing_to_signed_off_is_never_a_step_move():
    for state in State:
        assert isinstance(refusal(state, Action.advance(State.SIGNED_OFF)), BadTransition)


@pytest.mark.parametrize("state", [State.DRAFT, State.SCORING])
def test_sign_off_only_from_voting(state):
    got = refusal(state, Action.SIGN_OFF)
    assert (type(got), got.data) == (BadTransition, {"from_state": state.value, "to_state": "signed_off",
                                                     "action": "sign_off"})
    assert "Chỉ ký duyệt được ở bước Bình xét" in wording.explain(got)


def test_sign_off_from_voting_when_complete_and_refused_with_missing_scores():
    assert refusal(State.VOTING, Action.SIGN_OFF) is None
    got = season_at(State.VOTING, complete=False).refusal(Action.SIGN_OFF)
    assert (type(got), got.data) == (IncompleteSeason, {"missing": 1, "examples": ["B"]})
    assert wording.explain(got).startswith("Chưa ký duyệt được: còn 1 ô điểm chưa chấm (ví dụ: B)")


def test_sign_off_when_signed_off_says_so():
    got = refusal(State.SIGNED_OFF, Action.SIGN_OFF)
    assert isinstance(got, BadTransition)
    assert wording.explain(got).startswith("Kỳ thi đua đã ký duyệt.")


@pytest.mark.parametrize("state", [State.DRAFT, State.SCORING, State.VOTING])
def test_reopen_only_a_signed_off_season(state):
    got = refusal(state, Action.reopen())
    assert (type(got), got.data) == (BadTransition, {"from_state": state.value, "to_state": "scoring",
                                                     "action": "reopen"})
    assert wording.explain(got) == (f"Chỉ mở lại được kỳ thi đua đã ký duyệt; kỳ này đang ở bước "
                                    f"{wording.step_name(state)}.")


def test_reopen_at_each_step_but_signed_off():
    for to in REOPEN_TO:
        assert refusal(State.SIGNED_OFF, Action.reopen(to)) is None
    assert isinstance(refusal(State.SIGNED_OFF, Action.reopen(State.SIGNED_OFF)), BadTransition)


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("area", list(Area))
def test_edit_each_area(state, area):
    got = refusal(state, Action.edit(area))
    if area in ALLOWED[state]:
        assert got is None
    else:
        assert (type(got), got.data) == (SeasonLocked, {"state": state.value, "action": area.value})
        assert wording.explain(got)


def test_votes_and_ties_only_in_voting():
    allowed = {state for state in State if refusal(state, Action.VOTE) is None}
    assert allowed == {State.VOTING}
    assert {state for state in State if refusal(state, Action.DECIDE_TIE) is None} == {State.VOTING}
    # award types and nominees stay editable before voting
    assert {state for state in State if refusal(state, Action.edit(Area.OUTCOME)) is None} == \
        {State.DRAFT, State.SCORING, State.VOTING}
    got = refusal(State.SCORING, Action.VOTE)
    assert wording.explain(got).startswith("Chỉ ghi được phiếu bầu và quyết định thứ hạng đồng điểm ở bước Bình xét")


def test_the_methods_refuse_with_the_same_error():
    s = season_at(State.SCORING)
    ballot = Ballot("n", VoteMethod.SECRET_BALLOT, 2, 2, 0, 2, 0, 0, VoteRule())
    with pytest.raises(SeasonLocked) as err:
        s.record_ballot(ballot)
    assert err.value.data == s.refusal(Action.VOTE).data
    with pytest.raises(SeasonLocked):
        s.decide_tie(TieDecision(("a", "b")))
    with pytest.raises(BadTransition) as err:
        s.sign_off("Chủ tịch", dt.datetime(2025, 12, 18, 10), "{}", "0" * 64)
    assert err.value.data == s.refusal(Action.SIGN_OFF).data
    s.advance(State.VOTING)
    assert s.record_ballot(ballot).passed


def test_reopen_records_the_step_returned_to():
    s = season_at(State.SIGNED_OFF)
    s.changes.clear()
    s.reopen("B", dt.datetime(2025, 12, 20, 9), "Sửa điểm", to=State.VOTING)
    assert s.state is State.VOTING
    assert [(c.entity, c.field, c.old, c.new, c.reason) for c in s.changes] == [
        ("revision", "reopened", None, "B", "Sửa điểm"), ("season", "state", "signed_off", "voting", "Sửa điểm")]
    s2 = season_at(State.SIGNED_OFF)
    s2.reopen("B", dt.datetime(2025, 12, 20, 9), "Sửa điểm")
    assert s2.state is State.SCORING and s2.can(Area.SCORES)


def test_a_season_being_built_from_a_file_restores_its_votes_only_while_new():
    s = Season("s", "c", "Cụm", 2025)
    s.add_member(Member("a", "A"))
    s.put_award_type(AwardType("f", "Cờ thi đua", 1))
    s.put_nominee(Nominee("n", "A", NomineeKind.MEMBER, "f", "a"))
    ballot = Ballot("n", VoteMethod.SECRET_BALLOT, 1, 1, 0, 1, 0, 0, VoteRule())
    s.restore_ballot(ballot)
    assert s.ballots == {"n": ballot}
    s.advance(State.SCORING)
    with pytest.raises(SeasonLocked):
        s.restore_ballot(ballot)
