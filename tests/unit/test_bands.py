"""Bands on a measured value as typed: gaps, overlaps, repeated thresholds, the open highest range."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua import wording
from thidua.domain.bands import BandRow, bands_from_rows, check_bands, rows_from_bands
from thidua.domain.criteria import Band, CriteriaTable, Criterion, Kind, Method
from thidua.domain.errors import InvalidBands


def rows(*triples):
    return [BandRow(*(None if v is None else D(str(v)) for v in t)) for t in triples]


def reasons(problems):
    return [(p.reason, p.rows) for p in problems]


def test_contiguous_ranges_with_an_open_top_are_stored_lowest_first():
    typed = rows((70, 90, 3), (90, None, 5), (0, 70, 1))
    assert check_bands(typed) == []
    assert bands_from_rows(typed) == (Band(D(0), D(1)), Band(D(70), D(3)), Band(D(90), D(5)))


def test_a_gap_names_both_rows_and_the_uncovered_values():
    [problem] = check_bands(rows((0, 60, 2), (70, None, 4)))
    assert (problem.reason, problem.rows, problem.value, problem.other) == ("gap", (1, 2), D(60), D(70))
    assert wording.band_problem_text(problem) == \
        "Dòng 1 và 2 bị hở: giá trị từ 60 đến dưới 70 không thuộc khoảng nào."


def test_an_overlap_names_both_rows_lowest_row_number_first():
    [problem] = check_bands(rows((60, None, 4), (0, 80, 2)))
    assert (problem.reason, problem.rows) == ("overlap", (1, 2))
    assert "chồng lên nhau: giá trị từ 60 đến dưới 80 thuộc cả hai khoảng" in wording.band_problem_text(problem)


def test_duplicate_threshold_and_open_range_below_the_top():
    assert reasons(check_bands(rows((0, 50, 1), (0, None, 3)))) == [("duplicate", (1, 2))]
    assert reasons(check_bands(rows((0, None, 1), (50, None, 3)))) == [("open_not_last", (1, 2))]


def test_the_highest_range_must_be_open_ended():
    [problem] = check_bands(rows((0, 50, 1), (50, 100, 3)))
    assert (problem.reason, problem.rows) == ("last_closed", (2,))
    assert "Dòng 2 là khoảng cao nhất: hãy để trống ô “Đến”" in wording.band_problem_text(problem)


def test_negative_incomplete_empty_range_and_points_above_the_maximum():
    typed = rows((-5, 10, 1), (10, 10, 2), (20, None, None), (30, None, 7))
    assert reasons(check_bands(typed, maximum=D(5))) == [
        ("negative", (1,)), ("empty_range", (2,)), ("incomplete", (3,)), ("above_max", (4,))]
    above = check_bands(rows((0, None, "7.5")), maximum=D(5))[0]
    assert wording.band_problem_text(above) == "Dòng 1: 7,5 điểm vượt điểm tối đa 5 của tiêu chí."


def test_blank_rows_are_ignored_and_no_range_at_all_is_refused():
    assert check_bands(rows((None, None, None), (0, None, 2), (None, None, None))) == []
    assert reasons(check_bands(rows((None, None, None)))) == [("none", ())]


def test_refusal_sentence_says_the_first_problem_and_how_many_more():
    with pytest.raises(InvalidBands) as caught:
        bands_from_rows(rows((0, 60, 2), (70, 80, 4), (75, None, 5)))
    text = wording.explain(caught.value)
    assert text.startswith("Chưa lưu được các mức điểm. Dòng 1 và 2 bị hở")
    assert text.endswith("không thuộc khoảng nào (và 1 lỗi khác, xem dưới bảng mức).")


def test_the_table_refuses_stored_bands_that_repeat_a_threshold_or_exceed_the_maximum():
    table = CriteriaTable()
    leaf = Criterion("a", "Tỷ lệ HTX hiệu quả", Kind.LEAF, method=Method.BANDS,
                     bands=(Band(D(0), D(1)), Band(D(50), D(3))))
    table.add(leaf)
    with pytest.raises(InvalidBands):
        table.update("a", bands=(Band(D(0), D(1)), Band(D(0), D(3))))
    with pytest.raises(InvalidBands):
        table.update("a", max_points=D(2))
    assert table.maximum("a") == D(3)


thresholds = st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=6, unique=True)


@settings(max_examples=60, deadline=None)
@given(thresholds, st.data())
def test_stored_bands_read_back_as_ranges_that_check_clean_and_score_the_same(ts, data):
    bands = tuple(Band(D(t), D(data.draw(st.integers(0, 20)))) for t in ts)
    typed = rows_from_bands(bands)
    assert check_bands(typed) == []
    assert typed[-1].upper is None
    again = bands_from_rows(typed)
    assert sorted(again, key=lambda b: b.threshold) == sorted(bands, key=lambda b: b.threshold)
    # a value scores the points of the typed range that holds it, 0 below the lowest
    leaf = Criterion("x", "x", Kind.LEAF, method=Method.BANDS, bands=again)
    value = D(data.draw(st.integers(0, 10_100)))
    holding = [r.points for r in typed if r.lower <= value and (r.upper is None or value < r.upper)]
    assert leaf.points_from_figures(None, value) == (holding[0] if holding else D(0)).quantize(D("0.01"))
