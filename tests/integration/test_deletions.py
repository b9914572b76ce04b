"""Deleting and putting back on a real database: rows, whole seasons and clusters, and the trace left behind."""

import pytest

from thidua.domain import restore as rs
from thidua.domain.errors import Duplicate, EditConflict, InvalidSetting
from thidua.domain.scoring import ScoreKind
from thidua.domain.season import State
from thidua.services import clusters, deletions, outcome, scoring
from thidua.services.season_file import export_season
from thidua import wording


def _member(season, name):
    return next(m for m in season.members if m.short_name == name)


def test_member_removed_and_restored_keeps_every_value_and_logs_both(demo_copy):
    db, _, sid = demo_copy
    before = export_season(db.uow(), sid)
    season = clusters.open_season(db.uow(), sid)
    tb = _member(season, "Thái Bình")
    snap = deletions.remove_member(db.uow(), sid, tb.id, expected=tb, expected_loss=rs.member_loss(season, tb.id))
    assert export_season(db.uow(), sid) != before
    deletions.restore_member(db.uow(), sid, snap)
    assert export_season(db.uow(), sid) == before
    with db.uow() as uow:
        fields = [(r.entity, r.field) for r in uow.audit.history(sid, "member", tb.id)]
        assert ("member", "removed") in fields
        assert fields.count(("member", "added")) == 2   # the demo's, then the restore's
        assert uow.audit.verify(sid).whole


def test_restore_refused_when_the_member_was_added_again_meanwhile(demo_copy):
    db, _, sid = demo_copy
    season = clusters.open_season(db.uow(), sid)
    tb = _member(season, "Thái Bình")
    snap = deletions.remove_member(db.uow(), sid, tb.id, expected=tb, expected_loss=rs.member_loss(season, tb.id))
    clusters.add_member(db.uow(), sid, "Thái Bình")
    with pytest.raises(Duplicate) as refused:
        deletions.restore_member(db.uow(), sid, snap)
    assert wording.explain(refused.value) == "Đã có đơn vị thành viên “Thái Bình”."


def test_removal_refused_when_more_was_typed_since_the_question(demo_copy):
    db, _, sid = demo_copy
    season = clusters.open_season(db.uow(), sid)
    tb = _member(season, "Thái Bình")
    told = rs.member_loss(season, tb.id)
    leaf = next(n for n in season.criteria.leaves() if season.cell(tb.id, n.id).self_points is None)
    scoring.record_score(db.uow(), sid, tb.id, leaf.id, leaf.max_points, ScoreKind.SELF, expected=None)
    with pytest.raises(EditConflict):
        deletions.remove_member(db.uow(), sid, tb.id, expected=tb, expected_loss=told)
    assert tb.id in [m.id for m in clusters.open_season(db.uow(), sid).members]


def test_criterion_subtree_removed_and_restored(demo_copy):
    db, _, sid = demo_copy
    before = export_season(db.uow(), sid)
    season = clusters.open_season(db.uow(), sid)
    group = season.criteria.roots()[0]
    loss = rs.criterion_loss(season, group.id)
    assert loss.scores > 0
    snap = deletions.remove_criterion(db.uow(), sid, group.id, expected=group, expected_loss=loss)
    deletions.restore_criterion(db.uow(), sid, snap)
    assert export_season(db.uow(), sid) == before


def test_season_deleted_and_restored_gives_the_same_file_bytes_and_leaves_a_trace(demo_copy):
    db, first, sid = demo_copy
    before = export_season(db.uow(), sid).encode("utf-8")
    version = clusters.open_season(db.uow(), sid).version
    kept = deletions.delete_season(db.uow(), sid, expected_version=version, reason="thử")
    assert [r.id for r in clusters.list_seasons(db.uow())] == [first]
    with db.uow() as uow:   # the database's own chain says what went, by whom
        rows = uow.audit.entries("")
        assert [(r.entity, r.key, r.field, r.old, r.actor) for r in rows][-1] == \
            ("season", sid, "deleted", f"{kept.cluster_name} {kept.year}", "tester")
        assert uow.audit.verify("").whole
    deletions.restore_season(db.uow(), kept)
    assert export_season(db.uow(), sid).encode("utf-8") == before
    restored = clusters.open_season(db.uow(), sid)
    assert restored.version == version + 1
    with db.uow() as uow:
        assert uow.audit.verify(sid).whole
        assert uow.audit.entries("")[-1].field == "restored"


def test_signed_off_season_is_never_deleted(demo_copy):
    db, first, _ = demo_copy
    outcome.sign_off(db.uow(), first, "Nguyễn Văn Hòa")
    season = clusters.open_season(db.uow(), first)
    assert season.state is State.SIGNED_OFF
    with pytest.raises(InvalidSetting) as refused:
        deletions.delete_season(db.uow(), first, expected_version=season.version)
    assert "không bao giờ bị xóa" in wording.explain(refused.value)
    cluster = season.cluster_id
    with pytest.raises(InvalidSetting):
        deletions.delete_cluster(db.uow(), cluster, expected_seasons=None)
    assert len(clusters.list_seasons(db.uow(), cluster)) == 2   # nothing went


def test_cluster_without_signed_season_deleted_and_restored_with_its_id(demo_copy):
    db, _, sid = demo_copy
    cluster = clusters.create_cluster(db.uow(), "Cụm thi đua thử")
    made = clusters.create_season(db.uow(), cluster.id, 2020, [("Hà Giang", ""), ("Cao Bằng", "")])
    before = export_season(db.uow(), made.id)
    kept = deletions.delete_cluster(db.uow(), cluster.id, expected_seasons=[made.id])
    assert cluster.id not in [c.id for c in clusters.list_clusters(db.uow())]
    deletions.restore_cluster(db.uow(), kept)
    assert cluster.id in [c.id for c in clusters.list_clusters(db.uow())]
    assert export_season(db.uow(), made.id) == before
    assert sid in [r.id for r in clusters.list_seasons(db.uow())]   # other clusters' seasons untouched


def test_next_season_taken_back_while_empty_refused_once_typed(demo_copy):
    db, first, sid = demo_copy
    made = clusters.start_next_season(db.uow(), sid)
    deletions.undo_start_next_season(db.uow(), made.id)
    assert made.id not in [r.id for r in clusters.list_seasons(db.uow())]
    made = clusters.start_next_season(db.uow(), sid)
    member = made.members[0]
    leaf = made.criteria.leaves()[0]
    outcome.advance(db.uow(), made.id, State.SCORING, expected=made.state)
    scoring.record_score(db.uow(), made.id, member.id, leaf.id, leaf.max_points, ScoreKind.AGREED, expected=None)
    with pytest.raises(InvalidSetting) as refused:
        deletions.undo_start_next_season(db.uow(), made.id)
    assert "không thể hoàn tác" in wording.explain(refused.value)
    assert made.id in [r.id for r in clusters.list_seasons(db.uow())]


def test_command_line_deletes_a_season_keeping_its_file_and_refuses_a_signed_one(demo_copy, tmp_path, capsys):
    from thidua.cli import main

    db, first, sid = demo_copy
    before = export_season(db.uow(), sid)
    outcome.sign_off(db.uow(), first, "Nguyễn Văn Hòa")
    url = db.url
    keep = tmp_path / "2018.json"
    assert main(["--db", url, "delete-season", "--cluster", "dong bang song hong", "--year", "2018",
                 "--keep", str(keep)]) == 0
    assert keep.read_text(encoding="utf-8") == before
    assert sid not in [r.id for r in clusters.list_seasons(db.uow())]
    capsys.readouterr()
    assert main(["--db", url, "delete-season", "--cluster", "dong bang song hong", "--year", "2017"]) == 1
    assert "đã ký duyệt nên không bao giờ bị xóa" in capsys.readouterr().err
    assert first in [r.id for r in clusters.list_seasons(db.uow())]


def test_on_each_database_a_stale_delete_is_refused_and_a_deleted_season_comes_back_the_same(db):
    """SQLite and the shared PostgreSQL: a second editor typed after the first was asked — the deletion
    is refused and nothing goes; deleted when nobody typed, the season returns byte for byte."""
    from thidua.services.demo import load_demo

    _first, second = load_demo(db.uow())
    seen = clusters.open_season(db.uow(), second)
    member = seen.members[0]
    leaf = next(n for n in seen.criteria.leaves() if seen.cell(member.id, n.id).self_points is None)
    scoring.record_score(db.uow(), second, member.id, leaf.id, leaf.max_points, ScoreKind.SELF, expected=None)
    with pytest.raises(EditConflict):
        deletions.delete_season(db.uow(), second, expected_version=seen.version)
    assert second in [r.id for r in clusters.list_seasons(db.uow())]
    now = export_season(db.uow(), second).encode("utf-8")
    kept = deletions.delete_season(db.uow(), second, expected_version=clusters.open_season(db.uow(), second).version)
    assert second not in [r.id for r in clusters.list_seasons(db.uow())]
    deletions.restore_season(db.uow(), kept)
    assert export_season(db.uow(), second).encode("utf-8") == now
    with db.uow() as uow:
        assert uow.audit.verify(second).whole and uow.audit.verify("").whole
