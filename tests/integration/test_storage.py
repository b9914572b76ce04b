"""Storage on SQLite and PostgreSQL: round trips, the audit log, locks, sign-off, version checks."""

from decimal import Decimal as D

import pytest
from sqlalchemy import text

from thidua.domain.errors import SeasonLocked
from thidua.domain.scoring import ScoreKind
from thidua.services import clusters, outcome, scoring
from thidua.services.demo import load_demo
from thidua.storage.database import Database


def fresh(db):
    """A second process's view: the same database, nothing cached."""
    return Database(db.url, actor="someone-else")


def test_demo_round_trips_exactly(db):
    first, second = load_demo(db.uow())
    before = scoring.rank_season(db.uow(), first)
    other = fresh(db)
    after = scoring.rank_season(other.uow(), first)
    assert after == before
    assert after.rows[0].member == "Ninh Bình" and after.max_total == D(100)
    s1 = clusters.open_season(db.uow(), first)
    s2 = clusters.open_season(other.uow(), first)
    assert [n.title for n in s2.criteria.nodes()] == [n.title for n in s1.criteria.nodes()]
    assert s2.scores == s1.scores and s2.figures == s1.figures
    assert s2.meeting == s1.meeting and s2.settings == s1.settings
    assert s2.nominees == s1.nominees and s2.ballots == s1.ballots
    assert s2.award_types == s1.award_types
    other.close()


def test_loading_the_demo_twice_changes_nothing(db):
    ids = load_demo(db.uow())
    assert load_demo(db.uow()) == ids
    assert len(clusters.list_clusters(db.uow())) == 1


def test_every_change_is_audited_with_who_old_and_new(db):
    first, _ = load_demo(db.uow())
    s = clusters.open_season(db.uow(), first)
    outcome.advance(db.uow(), first, s.state.__class__.SCORING, reason="Sửa điểm sau góp ý", expected=s.state)
    member, leaf = s.members[0].id, s.criteria.find_code("I.1").id
    scoring.record_score(db.uow("Trần Thị Mai"), first, member, leaf, D("4.5"), expected=D(5))
    (last, *_) = outcome.history(db.uow(), first, "score", f"{member}/{leaf}")
    assert (last.actor, last.field, last.old, last.new) == ("Trần Thị Mai", "agreed", "5.00", "4.50")
    state = outcome.history(db.uow(), first, "season")
    assert any(r.field == "state" and r.reason == "Sửa điểm sau góp ý" for r in state)


def test_signed_off_season_refuses_changes_and_keeps_its_content(db):
    first, _ = load_demo(db.uow())
    signed = outcome.sign_off(db.uow("Nguyễn Văn Hòa"), first, "Nguyễn Văn Hòa")
    s = clusters.open_season(db.uow(), first)
    with pytest.raises(SeasonLocked):
        scoring.record_score(db.uow(), first, s.members[0].id, s.criteria.find_code("I.1").id, D(1),
                             expected=s.cell(s.members[0].id, s.criteria.find_code("I.1").id).agreed_points)
    other = fresh(db)
    reloaded = clusters.open_season(other.uow(), first)
    assert reloaded.signed.sha256 == signed.sha256 and reloaded.signed.signed_by == "Nguyễn Văn Hòa"
    from thidua.domain.canonical import canonical_json, content_hash
    assert content_hash(canonical_json(reloaded)) == signed.sha256
    assert content_hash(reloaded.signed.content) == signed.sha256
    other.close()


def test_failed_change_leaves_database_and_cache_unchanged(db):
    _, second = load_demo(db.uow())
    s = clusters.open_season(db.uow(), second)
    m = [x.id for x in s.members]
    leaf = s.criteria.find_code("I.1").id
    before = s.cell(m[0], leaf)
    with pytest.raises(Exception):
        scoring.record_scores(db.uow(), second, [(m[0], leaf, before.agreed_points, D(1)),
                                                 (m[1], leaf, s.cell(m[1], leaf).agreed_points, D(99))])
    assert clusters.open_season(db.uow(), second).cell(m[0], leaf) == before
    other = fresh(db)
    assert clusters.open_season(other.uow(), second).cell(m[0], leaf) == before
    other.close()


def test_a_change_by_another_process_is_seen(db):
    _, second = load_demo(db.uow())
    s = clusters.open_season(db.uow(), second)
    m, leaf = s.members[2].id, s.criteria.find_code("III.2").id
    other = fresh(db)
    scoring.record_score(other.uow(), second, m, leaf, D(3), ScoreKind.AGREED, expected=None)
    assert clusters.open_season(db.uow(), second).cell(m, leaf).agreed_points == D(3)
    other.close()


def test_schema_version_is_current(db):
    from thidua.storage.database import current_revision, head_revision
    assert current_revision(db.engine) == head_revision()
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit")).scalar() == 0
