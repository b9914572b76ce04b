"""One rule for every number, the same on SQLite and PostgreSQL: the largest allowed values round-trip,
anything beyond is refused with a sentence before it reaches the database."""

from decimal import Decimal as D

import pytest

from thidua.domain.criteria import Criterion, Kind, Method, new_id
from thidua.domain.errors import InvalidCriteria, InvalidFigure, InvalidPoints
from thidua.domain.points import FIGURE_LIMIT, POINTS_LIMIT, parse_number
from thidua.domain.season import State
from thidua.services import clusters, outcome, scoring
from thidua.wording import explain


@pytest.fixture
def season(db):
    cluster = clusters.create_cluster(db.uow(), "Cụm thi đua các tỉnh Tây Nguyên")
    s = clusters.create_season(db.uow(), cluster.id, 2024, [("Gia Lai", ""), ("Kon Tum", "")])
    return db, s.id, [m.id for m in s.members]


def test_the_largest_numbers_round_trip_on_every_backend(season):
    db, sid, members = season
    big = clusters.add_criterion(db.uow(), sid, Criterion(new_id(), "Doanh thu", Kind.LEAF, code="1",
                                                          method=Method.MANUAL, max_points=POINTS_LIMIT,
                                                          step=D("0.01")))
    ratio = clusters.add_criterion(db.uow(), sid, Criterion(new_id(), "Vốn", Kind.LEAF, code="2",
                                                            method=Method.RATIO, max_points=D(10)))
    outcome.advance(db.uow(), sid, State.SCORING, expected=State.DRAFT)
    scoring.record_score(db.uow(), sid, members[0], big.id, D("9999.99"), expected=None)
    figure = FIGURE_LIMIT - D("0.0001")
    scoring.record_figures(db.uow(), sid, members[0], ratio.id, target=figure, actual=figure, expected=None)
    db.cache.clear()
    s = clusters.open_season(db.uow(), sid)
    assert s.criteria.get(big.id).max_points == POINTS_LIMIT
    assert s.cell(members[0], big.id).agreed_points == D("9999.99")
    assert s.figure(members[0], ratio.id).target == figure and s.cell(members[0], ratio.id).agreed_points == D(10)


@pytest.mark.parametrize("maximum", ["10000.01", "1e20", "21474837", "1e30"])
def test_a_maximum_beyond_the_rule_is_refused_the_same_everywhere(season, maximum):
    db, sid, _ = season
    with pytest.raises(InvalidCriteria) as err:
        clusters.add_criterion(db.uow(), sid, Criterion(new_id(), "Quá lớn", Kind.LEAF, code="1", method=Method.MANUAL,
                                                        max_points=D(maximum)))
    assert "quá lớn" in explain(err.value)
    assert len(clusters.open_season(db.uow(), sid).criteria) == 0


@pytest.mark.parametrize("typed", ["1e26", "1e30", "99999999999999999999999999999", "1E+400"])
def test_a_huge_score_is_a_sentence_not_a_traceback(season, typed):
    db, sid, members = season
    leaf = clusters.add_criterion(db.uow(), sid, Criterion(new_id(), "Tiêu chí", Kind.LEAF, code="1",
                                                           method=Method.MANUAL, max_points=D(10)))
    outcome.advance(db.uow(), sid, State.SCORING, expected=State.DRAFT)
    with pytest.raises(InvalidPoints) as err:
        scoring.record_score(db.uow(), sid, members[0], leaf.id, parse_number(typed), expected=None)
    assert "vượt điểm tối đa 10" in explain(err.value)


@pytest.mark.parametrize("typed,says", [("1.0001e15", "quá lớn"), ("1e30", "quá lớn"),
                                        ("12,34567", "quá nhiều chữ số thập phân")])
def test_a_huge_or_too_precise_figure_is_refused(season, typed, says):
    db, sid, members = season
    leaf = clusters.add_criterion(db.uow(), sid, Criterion(new_id(), "HTX mới", Kind.LEAF, code="1",
                                                           method=Method.RATIO, max_points=D(10)))
    outcome.advance(db.uow(), sid, State.SCORING, expected=State.DRAFT)
    with pytest.raises(InvalidFigure) as err:
        scoring.record_figures(db.uow(), sid, members[0], leaf.id, target=parse_number(typed), expected=None)
    assert says in explain(err.value)
