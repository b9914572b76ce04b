"""Nothing destroyed by one click: every deletion asks, naming what goes, and Ctrl+Z puts it back."""

import pytest

from thidua.ui import undo_deletes

from .ui_helpers import _grid, _row_text


@pytest.fixture
def answers(monkeypatch):
    """Answer the questions: `answers.reply` says yes or no; `answers.asked` keeps what was asked."""
    class Answers:
        reply = True
        asked: list[str] = []

        def __call__(self, question):
            self.asked.append(question)
            return self.reply
    a = Answers()
    a.asked = []
    monkeypatch.setattr(undo_deletes, "answer", a)
    return a


def _select_member(tab, name):
    for i in range(tab.members.count()):
        if tab.members.item(i).text().endswith(name):
            tab.members.setCurrentRow(i)
            return
    raise AssertionError(name)


def _ctrl_z(qtbot, window):
    """Edit → Hoàn tác, the action Ctrl+Z triggers."""
    assert "Ctrl+Z" in [k.toString() for k in window.act_undo.shortcuts()]
    assert window.act_undo.isEnabled()
    window.act_undo.trigger()


def test_member_with_scores_asks_naming_them_cancel_keeps_confirm_removes_ctrl_z_restores(make_window, qtbot,
                                                                                           answers):
    window = make_window()
    tab = window.views["structure"]
    _, _, model = _grid(window)
    total = _row_text(model, "total", "Thái Bình")
    season = window.session.season
    tb = next(m for m in season.members if m.short_name == "Thái Bình")
    cells = {k: c for k, c in season.scores.items() if k[0] == tb.id}
    _select_member(tab, "Thái Bình")

    answers.reply = False
    tab.remove_member()
    assert answers.asked == ["Xóa đơn vị “Thái Bình” cùng 7 điểm đã chấm và 5 số liệu giao ước?\n"
                             "Có thể hoàn tác bằng Ctrl+Z (Sửa → Hoàn tác)."]
    assert tb.id in [m.id for m in window.session.season.members]

    answers.reply = True
    tab.remove_member()
    assert tb.id not in [m.id for m in window.session.season.members]
    assert window.act_undo.isEnabled()

    _ctrl_z(qtbot, window)
    season = window.session.season
    assert [m.short_name for m in season.members].index("Thái Bình") == 3   # back at its place
    assert {k: c for k, c in season.scores.items() if k[0] == tb.id} == cells
    _, _, model = _grid(window)
    assert _row_text(model, "total", "Thái Bình") == total


def test_criterion_group_asks_naming_its_rows_and_scores_then_comes_back(make_window, qtbot, answers):
    window = make_window()
    tab = window.views["structure"]
    season = window.session.season
    group = season.criteria.roots()[0]
    before = (season.criteria.nodes(), dict(season.scores))
    tab._select(group.id)
    tab.remove_node()
    assert answers.asked[0].startswith(f"Xóa tiêu chí “I. {group.title}” cùng 3 tiêu chí con và 18 điểm đã chấm?")
    assert group.id not in window.session.season.criteria
    _ctrl_z(qtbot, window)
    season = window.session.season
    assert (season.criteria.nodes(), season.scores) == before


def test_nominee_and_award_type_ask_and_come_back_with_their_votes(make_window, qtbot, answers):
    window = make_window(year=2017)
    awards = window.views["awards"]
    season = window.session.season
    order = list(season.nominees)
    voted = next(n for n in season.nominees.values() if n.id in season.ballots and n.id != order[-1])
    ballot = season.ballots[voted.id]
    awards.select_nominee(voted.name)
    awards.remove_nominee()
    assert answers.asked[-1].startswith(f"Xóa đề cử “{voted.name}”")
    assert "cùng 1 kết quả bỏ phiếu?" in answers.asked[-1]
    assert voted.id not in window.session.season.nominees
    _ctrl_z(qtbot, window)
    season = window.session.season
    assert season.nominees[voted.id] == voted and season.ballots[voted.id] == ballot
    assert list(season.nominees) == order   # back at its place in the list

    from thidua.ui.season_settings import SeasonSettingsDialog
    award = season.award_types[voted.award_type_id]
    count = sum(1 for n in season.nominees.values() if n.award_type_id == award.id)
    dialog = SeasonSettingsDialog(window.session, window)
    dialog.remove_award(award.id)
    assert answers.asked[-1].startswith(f"Xóa hình thức khen thưởng “{award.name}” cùng {count} đề cử")
    assert window.edit_season_settings(edit=dialog.edit())
    assert award.id not in window.session.season.award_types
    _ctrl_z(qtbot, window)
    season = window.session.season
    assert season.award_types[award.id] == award
    assert list(season.nominees) == order


def test_season_delete_asks_refuses_signed_off_and_ctrl_z_brings_it_back(make_window, qtbot, answers):
    from thidua.services import outcome
    from thidua.services.season_file import export_season

    window = make_window()
    sid = window.session.season_id
    before = export_season(window.session.db.uow(), sid)
    assert window.delete_season()
    assert answers.asked[-1].startswith("Xóa kỳ thi đua “Cụm thi đua")
    assert "9 đơn vị" in answers.asked[-1]
    assert window.session.season_id != sid
    _ctrl_z(qtbot, window)
    qtbot.waitUntil(lambda: window.session.season_id == sid)
    assert export_season(window.session.db.uow(), sid) == before

    first = make_window.ids[0]
    window.select_season(first)
    window.act(outcome.sign_off, first, "Nguyễn Văn Hòa")
    asked = len(answers.asked)
    assert not window.delete_season()
    assert len(answers.asked) == asked   # refused before asking
    assert "đã ký duyệt nên không bao giờ bị xóa" in window.last_error


def test_start_next_season_asks_and_undo_takes_it_back_while_empty(make_window, qtbot, answers):
    window = make_window()
    sid = window.session.season_id
    answers.reply = False
    window.start_next_season()
    assert answers.asked[-1].startswith("Bắt đầu kỳ thi đua năm 2019 cho Cụm thi đua")
    assert "9 đơn vị" in answers.asked[-1]
    assert window.session.season_id == sid
    answers.reply = True
    made = window.start_next_season()
    assert window.session.season_id == made.id
    _ctrl_z(qtbot, window)
    qtbot.waitUntil(lambda: window.session.season_id == sid)
    assert 2019 not in [int(window.season_box.itemText(i)) for i in range(window.season_box.count())]


def test_review_mode_refuses_deleting_a_season_or_cluster_before_asking(make_window, answers):
    window = make_window(read_only=True)
    assert not window.delete_season()
    assert not window.delete_cluster()
    assert answers.asked == []
    assert "chế độ xem lại" in window.last_error


def test_cluster_delete_names_its_seasons_refuses_a_signed_one_and_ctrl_z_brings_it_back(make_window, qtbot,
                                                                                           answers):
    from thidua.services import clusters

    window = make_window()
    db = window.session.db
    cluster = clusters.create_cluster(db.uow(), "Cụm thi đua miền núi phía Bắc")
    made = clusters.create_season(db.uow(), cluster.id, 2020, [("Hà Giang", ""), ("Cao Bằng", "")])
    window.select_season(made.id)
    assert window.delete_cluster()
    assert answers.asked[-1].startswith("Xóa cụm thi đua “Cụm thi đua miền núi phía Bắc” cùng 1 kỳ thi đua (năm 2020)")
    assert cluster.id not in [window.cluster_box.itemData(i) for i in range(window.cluster_box.count())]
    _ctrl_z(qtbot, window)
    qtbot.waitUntil(lambda: window.session.season_id == made.id)
    assert [m.short_name for m in window.session.season.members] == ["Hà Giang", "Cao Bằng"]

    window.select_season(make_window.ids[0])   # the demo cluster: its 2017 season signed off
    from thidua.services import outcome
    window.act(outcome.sign_off, make_window.ids[0], "Nguyễn Văn Hòa")
    asked = len(answers.asked)
    assert not window.delete_cluster()
    assert len(answers.asked) == asked
    assert "có kỳ thi đua đã ký duyệt (năm 2017)" in window.last_error
