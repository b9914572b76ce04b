"""Number parsing as Vietnamese users type, diacritic folding, Vietnamese sort order, dates."""

import datetime as dt
from decimal import Decimal as D

import pytest

from thidua.domain.points import format_count, format_points, parse_number
from thidua.domain.text import fold, sort_key
from thidua.wording import vn_date


@pytest.mark.parametrize("text,value", [
    ("15,5", D("15.5")), ("15.5", D("15.5")), (" 7 ", D(7)), ("1.298", D(1298)), ("4.139,25", D("4139.25")),
    ("1,298.5", D("1298.5")), ("0.25", D("0.25")), ("-2", D(-2)), ("178%", D(178)), ("", None), (None, None),
    (3, D(3)), (2.5, D("2.5")),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["abc", "1,2,3.4.5x", "nan", "inf", True])
def test_parse_number_refuses(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_format():
    assert format_points(D("72.84")) == "72,84"
    assert format_points(D("15.50")) == "15,5"
    assert format_points(D("10.00")) == "10"
    assert format_points(None) == ""
    assert format_count(4139) == "4.139"
    assert format_count(D("1298")) == "1.298"


def test_fold_ignores_case_and_diacritics():
    assert fold("Đồng  bằng sông Hồng") == "dong bang song hong"
    assert "dong bang" in fold("Cụm thi đua các tỉnh Đồng bằng sông Hồng")


def test_vietnamese_sort_order():
    names = ["Đắk Nông", "Bắc Ninh", "Đắk Lắk", "Dung", "Hà Nam", "Hải Dương", "Ha Giang", "Ăn", "An"]
    assert sorted(names, key=sort_key) == ["An", "Ăn", "Bắc Ninh", "Dung", "Đắk Lắk", "Đắk Nông", "Ha Giang",
                                           "Hà Nam", "Hải Dương"]


def test_vn_date_pads_day_and_early_months():
    assert vn_date(dt.date(2017, 12, 15), "Ninh Bình") == "Ninh Bình, ngày 15 tháng 12 năm 2017"
    assert vn_date(dt.date(2018, 2, 5)) == "ngày 05 tháng 02 năm 2018"
    assert vn_date(dt.date(2018, 3, 9)) == "ngày 09 tháng 3 năm 2018"


def test_achievement_as_progress_reports_write_it():
    from thidua.wording import achievement
    assert achievement(D(50), D(89)) == "89/50 — đạt 178%"
    assert achievement(D(10), D(29)) == "29/10 — đạt 290%"
    assert achievement(D(6000), D(4139)) == "4.139/6.000 — đạt 68,98%"
    assert achievement(None, D(3)) == "3"


def test_rank_note_reads_true_for_both_members_of_a_settled_tie():
    from types import SimpleNamespace as NS

    from thidua.domain.ranking import TieBreaker, TieBreakerKind, TieDecision
    from thidua.wording import rank_note
    settled = TieBreaker(TieBreakerKind.GROUP_SCORE, "g2")
    row = NS(tie=False, decided=None, settled_by=settled, settled_by_group="II. Phát triển HTX", missing=0)
    assert rank_note(row) == "Bằng tổng điểm, phân định theo điểm nhóm “II. Phát triển HTX”"
    assert rank_note(NS(tie=True, decided=None, settled_by=None, missing=3)) == "Đồng hạng; còn 3 ô chưa chấm"
    decided = NS(tie=False, decided=TieDecision(("a", "b"), "Giơ tay 6/9"), settled_by=None, missing=0)
    assert rank_note(decided) == "Thứ hạng do Cụm biểu quyết: Giơ tay 6/9"
    assert rank_note(NS(tie=False, decided=None, settled_by=None, missing=0)) == ""
