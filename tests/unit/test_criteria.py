"""Scoring methods, point checks and maxima of the criteria tree, against hand-computed figures."""

from decimal import Decimal as D

import pytest

from thidua.domain.criteria import Band, Criterion, CriteriaTable, Kind, Method, Role, achievement_percent
from thidua.domain.errors import InvalidCriteria, InvalidPoints


def leaf(method, maximum=None, **kw):
    return Criterion("x", "Tiêu chí", Kind.LEAF, method=method,
                     max_points=None if maximum is None else D(maximum), **kw)


class TestPointsFromFigures:
    def test_ratio_below_target_is_proportional(self):
        assert leaf(Method.RATIO, 15).points_from_figures(D(50), D(40)) == D("12.00")

    def test_ratio_is_capped_at_maximum(self):
        # Kiên Giang 2023: 89/50 THT — 178 %, still only the maximum
        assert leaf(Method.RATIO, 15).points_from_figures(D(50), D(89)) == D("15.00")

    def test_ratio_extra_for_exceeding_is_capped(self):
        node = leaf(Method.RATIO, 12, exceed_cap=D(3))
        assert node.points_from_figures(D(8), D(9)) == D("13.50")     # 12 + 12 × 1/8
        assert node.points_from_figures(D(15), D(22)) == D("15.00")   # 12 + min(3, 5.6)
        assert node.leaf_maximum() == D(15)

    def test_ratio_rounds_half_up_to_hundredths(self):
        assert leaf(Method.RATIO, 8).points_from_figures(D(15), D(13)) == D("6.93")  # 6.9333…
        assert leaf(Method.RATIO, 8).points_from_figures(D(15), D(10)) == D("5.33")

    def test_ratio_without_target_cannot_be_computed(self):
        assert leaf(Method.RATIO, 8).points_from_figures(None, D(10)) is None
        assert leaf(Method.RATIO, 8).points_from_figures(D(0), D(10)) is None

    def test_bands_pick_the_highest_band_reached(self):
        node = leaf(Method.BANDS, bands=(Band(D(80), D(4)), Band(D(60), D(3)), Band(D(0), D(2))))
        assert node.points_from_figures(None, D(80)) == D(4)
        assert node.points_from_figures(None, D("79.99")) == D(3)
        assert node.points_from_figures(None, D(60)) == D(3)
        assert node.points_from_figures(None, D(12)) == D(2)
        assert node.leaf_maximum() == D(4)

    def test_yes_no(self):
        node = leaf(Method.YES_NO, 3)
        assert node.points_from_figures(None, D(1)) == D(3)
        assert node.points_from_figures(None, D(0)) == D(0)

    def test_bonus_per_item_is_capped(self):
        node = leaf(Method.BONUS_PER_ITEM, 3, per_item=D(1))
        assert node.points_from_figures(None, D(2)) == D(2)
        assert node.points_from_figures(None, D(7)) == D(3)

    def test_deduction_per_item_is_capped(self):
        node = leaf(Method.DEDUCTION_PER_ITEM, 2, per_item=D("0.5"), role=Role.DEDUCTION)
        assert node.points_from_figures(None, D(3)) == D("1.5")
        assert node.points_from_figures(None, D(9)) == D(2)

    def test_manual_is_never_computed(self):
        assert leaf(Method.MANUAL, 5).points_from_figures(D(1), D(1)) is None

    def test_achievement_percent(self):
        assert achievement_percent(D(50), D(89)) == D("178.00")
        assert achievement_percent(D(10), D(29)) == D("290.00")
        assert achievement_percent(D(0), D(3)) is None


class TestCheckPoints:
    def test_above_maximum_is_refused_with_the_maximum(self):
        with pytest.raises(InvalidPoints) as err:
            leaf(Method.MANUAL, 5, step=D("0.5")).check_points(D("5.5"))
        assert err.value.data["reason"] == "above_max" and err.value.data["maximum"] == D(5)

    def test_step(self):
        node = leaf(Method.MANUAL, 5, step=D("0.25"))
        assert node.check_points(D("4.75")) == D("4.75")
        with pytest.raises(InvalidPoints) as err:
            node.check_points(D("4.8"))
        assert err.value.data["reason"] == "step"

    def test_negative_and_too_precise(self):
        node = leaf(Method.RATIO, 8)
        with pytest.raises(InvalidPoints):
            node.check_points(D("-1"))
        with pytest.raises(InvalidPoints) as err:
            node.check_points(D("1.234"))
        assert err.value.data["reason"] == "too_precise"

    def test_yes_no_takes_zero_or_max(self):
        node = leaf(Method.YES_NO, 3)
        assert node.check_points(D(3)) == D(3)
        with pytest.raises(InvalidPoints):
            node.check_points(D(2))

    def test_bands_take_a_band_value(self):
        node = leaf(Method.BANDS, bands=(Band(D(80), D(4)), Band(D(0), D(2))))
        node.check_points(D(2))
        with pytest.raises(InvalidPoints) as err:
            node.check_points(D(3))
        assert err.value.data["allowed"] == [D(0), D(2), D(4)]

    def test_per_item_multiple_or_cap(self):
        node = leaf(Method.BONUS_PER_ITEM, D("2.5"), per_item=D(1))
        node.check_points(D(2))
        node.check_points(D("2.5"))  # the cap itself is always allowed
        with pytest.raises(InvalidPoints):
            node.check_points(D("1.5"))


def table_with_bonus():
    t = CriteriaTable()
    t.add(Criterion("g1", "Nhóm 1", Kind.GROUP, code="1"))
    t.add(Criterion("a", "a", Kind.LEAF, parent_id="g1", method=Method.MANUAL, max_points=D(5)))
    t.add(Criterion("b", "b", Kind.LEAF, parent_id="g1", method=Method.MANUAL, max_points=D(2)))
    t.add(Criterion("c", "c", Kind.LEAF, parent_id="g1", method=Method.YES_NO, max_points=D(3)))
    t.add(Criterion("ch", "Tỷ lệ", Kind.CHOICE, parent_id="g1"))
    for i, pts in enumerate((4, 3, 2)):
        t.add(Criterion(f"ch{i}", f"m{i}", Kind.LEAF, parent_id="ch", method=Method.MANUAL,
                        max_points=D(pts), step=D(pts)))
    t.add(Criterion("bonus", "Điểm thưởng", Kind.GROUP, role=Role.BONUS, max_points=D(5)))
    t.add(Criterion("b1", "b1", Kind.LEAF, parent_id="bonus", method=Method.BONUS_PER_ITEM, max_points=D(3),
                    per_item=D(1)))
    t.add(Criterion("b2", "b2", Kind.LEAF, parent_id="bonus", method=Method.BONUS_PER_ITEM, max_points=D(3),
                    per_item=D(1)))
    t.add(Criterion("ded", "Điểm trừ", Kind.GROUP, role=Role.DEDUCTION, max_points=D(4)))
    t.add(Criterion("d1", "d1", Kind.LEAF, parent_id="ded", method=Method.DEDUCTION_PER_ITEM, max_points=D(4),
                    per_item=D(1)))
    return t


class TestTable:
    def test_group_maximum_derives_from_children_and_alternatives_count_once(self):
        t = table_with_bonus()
        assert t.maximum("g1") == D(14)     # 5 + 2 + 3 + max(4, 3, 2)
        assert t.maximum("ch") == D(4)

    def test_bonus_capped_and_deductions_not_in_max_total(self):
        t = table_with_bonus()
        assert t.maximum("bonus") == D(5)   # children add to 6, capped at 5
        assert t.max_total() == D(19)

    def test_children_inherit_role(self):
        t = table_with_bonus()
        assert t.get("d1").role is Role.DEDUCTION and t.get("b1").role is Role.BONUS

    def test_mismatch_warning(self):
        t = table_with_bonus()
        assert t.mismatches() == []
        t.update("g1", max_points=D(10))
        (node, declared, children), = t.mismatches()
        assert node.id == "g1" and declared == D(10) and children == D(14)

    def test_walk_order_codes_and_move(self):
        t = table_with_bonus()
        assert [n.id for n in t.roots()] == ["g1", "bonus", "ded"]
        assert t.find_code("1").id == "g1"
        t.move("b", "g1", 0)
        assert [c.id for c in t.children("g1")][:2] == ["b", "a"]
        with pytest.raises(InvalidCriteria):
            t.move("g1", "a", 0)

    def test_structural_rules(self):
        t = table_with_bonus()
        with pytest.raises(InvalidCriteria):
            t.add(Criterion("z", "z", Kind.LEAF, parent_id="a", method=Method.MANUAL, max_points=D(1)))
        with pytest.raises(InvalidCriteria):
            t.add(Criterion("z", "z", Kind.GROUP, parent_id="ch"))
        with pytest.raises(InvalidCriteria):
            t.add(Criterion("z", "z", Kind.LEAF, method=Method.DEDUCTION_PER_ITEM, max_points=D(1), per_item=D(1)))
        with pytest.raises(InvalidCriteria):
            t.add(Criterion("z", " ", Kind.LEAF, method=Method.MANUAL, max_points=D(1)))

    def test_remove_takes_the_subtree(self):
        t = table_with_bonus()
        removed = t.remove("ch")
        assert {r.id for r in removed} == {"ch", "ch0", "ch1", "ch2"}
        assert t.maximum("g1") == D(10)

    def test_copy_gets_fresh_ids_and_same_shape(self):
        t = table_with_bonus()
        mapping = {}
        c = t.copy(mapping)
        assert set(mapping) == {n.id for n in t.nodes()}
        assert [n.title for n in c.nodes()] == [n.title for n in t.nodes()]
        assert c.max_total() == t.max_total()
        assert not set(mapping.values()) & set(mapping)
