"""Awards and vote: a non-member nominee, ballot figures with pass/fail at once, impossible figures refused."""

from __future__ import annotations

from thidua.domain.awards import NomineeKind
from thidua.domain.season import State


def test_nominee_and_ballot_pass_fail(make_window):
    window = make_window(year=2017)
    tab = window.views["awards"]
    season = window.session.season
    assert season.state is State.VOTING
    award = next(a for a in season.award_types.values() if a.name.startswith("Giấy khen") or a.precedence > 1)
    hung_yen = next(m.id for m in season.members if m.short_name == "Hưng Yên")
    assert tab.add_nominee(dict(name="HTX Nông nghiệp Tiên Tiến", kind=NomineeKind.COOPERATIVE,
                                award_type_id=award.id, member_id=hung_yen, reason="Doanh thu tăng 30%"))
    tab.select_nominee("HTX Nông nghiệp Tiên Tiến")
    assert tab.current_nominee() is not None
    spins = tab.spins
    spins["present"].setValue(8)
    spins["absent"].setValue(1)
    spins["votes_for"].setValue(4)
    spins["votes_against"].setValue(3)
    spins["blank"].setValue(1)
    assert tab.verdict.text().startswith("KHÔNG ĐẠT")        # 4 of 8 is not more than half
    spins["votes_for"].setValue(5)
    spins["votes_against"].setValue(2)
    assert tab.verdict.text().startswith("ĐẠT")
    assert tab.record_vote()
    row = next(r for r in range(tab.nominees.rowCount()) if tab.nominees.item(r, 0).text() == "HTX Nông nghiệp Tiên Tiến")
    assert tab.nominees.item(row, 4).text().startswith("ĐẠT (5/8")
    # impossible figures: said before saving, and refused by the service too
    tab.select_nominee("HTX Nông nghiệp Tiên Tiến")
    spins["blank"].setValue(3)
    assert "phải cộng lại bằng số thành viên có mặt" in tab.verdict.text()
    assert not tab.record_vote()
    assert "phải cộng lại" in tab.message.text()


def test_review_mode_disables_awards(make_window):
    window = make_window(read_only=True, year=2017)
    tab = window.views["awards"]
    assert not tab.btn_vote.isEnabled() and not tab.btn_add.isEnabled()
    assert tab.nominees.rowCount() >= 3
