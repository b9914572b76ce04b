"""Two editors on one database (one SQLite file, one PostgreSQL schema) on the new write paths:
replacing a season from its file, the higher council's decisions, the review and council score columns."""

import datetime as dt
import threading
from dataclasses import replace
from decimal import Decimal as D

import pytest

from thidua.domain.errors import EditConflict
from thidua.domain.scoring import ScoreKind
from thidua.domain.season import CouncilDecision, State
from thidua.services import clusters, outcome, scoring
from thidua.services.demo import load_demo
from thidua.services.ports import ConcurrentChange, StorageError
from thidua.services.season_file import export_text, import_season
from thidua.storage.database import Database

from ..conftest import drop_pg_schema, pg_schema_url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def two(request, tmp_path):
    """Two secretaries' Database objects on the same database, the demo loaded."""
    if request.param == "sqlite":
        url, schema = f"sqlite:///{tmp_path / 'shared.sqlite'}", None
    else:
        url, schema = pg_schema_url()
    a = Database(url, actor="Thư ký A")
    b = Database(url, actor="Thư ký B")
    first, second = load_demo(a.uow())
    yield a, b, first, second
    a.close()
    b.close()
    if schema:
        drop_pg_schema(schema)


def test_a_replace_from_a_file_never_overwrites_an_edit_made_after_it_was_shown(two):
    a, b, _, second = two
    shown = clusters.open_season(a.uow(), second)
    leaf, member = shown.criteria.find_code("III.2").id, shown.members[7].id
    scoring.record_score(b.uow(), second, member, leaf, D("2.5"), expected=None)
    with pytest.raises(EditConflict) as err:
        import_season(a.uow(), export_text(shown), replace_existing=True, expected_version=shown.version)
    assert err.value.data["by"] == "Thư ký B"
    assert clusters.open_season(a.uow(), second).cell(member, leaf).agreed_points == D("2.5")


def test_two_replaces_at_once_one_lands_whole_the_other_is_refused(two):
    a, b, _, second = two
    base = clusters.open_season(a.uow(), second)
    leaf = base.criteria.find_code("III.2").id
    files = {}
    for db, value in ((a, "1"), (b, "2")):
        season = clusters.open_season(db.uow(), second)
        season.changes = []
        season.scores = dict(season.scores)
        for m in season.members:
            season.scores[(m.id, leaf)] = replace(season.cell(m.id, leaf), agreed_points=D(value))
        files[db.actor] = export_text(season)
    barrier = threading.Barrier(2)
    outcomes = {}

    def run(db):
        barrier.wait(timeout=10)
        try:
            import_season(db.uow(), files[db.actor], replace_existing=True)
            outcomes[db.actor] = "ok"
        except (ConcurrentChange, StorageError) as exc:
            outcomes[db.actor] = type(exc).__name__

    threads = [threading.Thread(target=run, args=(db,)) for db in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    landed = clusters.open_season(Database(a.url).uow(), second)
    values = {landed.cell(m.id, leaf).agreed_points for m in landed.members}
    # whichever landed, it landed whole: every member has that file's value, none the other's
    assert values in ({D(1)}, {D(2)})
    assert list(outcomes.values()).count("ok") >= 1
    if list(outcomes.values()).count("ok") == 2:    # one after the other: the later one is what stands
        assert len(values) == 1


def test_two_editors_of_one_council_decision_the_second_is_told(two):
    a, b, first, _ = two
    outcome.sign_off(a.uow(), first, "Nguyễn Văn Hòa")
    season = clusters.open_season(a.uow(), first)
    flag = next(n for n in season.nominees.values() if n.member_id == season.members[0].id)
    coop = next(n for n in season.nominees.values() if n.kind.value == "cooperative")
    outcome.record_council_decision(a.uow(), first, flag.id, CouncilDecision(True, "12/QĐ-LMHTX", dt.date(2018, 3, 1)),
                                    expected=None)
    with pytest.raises(EditConflict) as err:
        outcome.record_council_decision(b.uow(), first, flag.id, CouncilDecision(False, "13/QĐ-LMHTX"), expected=None)
    assert err.value.data["by"] == "Thư ký A"
    # another nominee's decision by the other editor lands beside it, the season still signed off and verified
    outcome.record_council_decision(b.uow(), first, coop.id, CouncilDecision(False, "14/QĐ-LMHTX"), expected=None)
    after = clusters.open_season(Database(a.url).uow(), first)
    assert after.state is State.SIGNED_OFF
    assert (after.council[flag.id].number, after.council[coop.id].number) == ("12/QĐ-LMHTX", "14/QĐ-LMHTX")
    from thidua.domain.canonical import canonical_json, content_hash
    assert content_hash(canonical_json(after)) == after.signed.sha256


def test_two_editors_of_one_review_score_the_second_is_told(two):
    a, b, _, second = two
    season = clusters.open_season(a.uow(), second)
    clusters.set_settings(a.uow(), second, replace(season.settings, panels=(ScoreKind.REVIEW,)),
                          expected=season.settings)
    leaf = season.criteria.find_code("I.1").id
    m0, m1 = season.members[0].id, season.members[1].id
    scoring.record_score(a.uow(), second, m0, leaf, D("4.5"), ScoreKind.REVIEW, expected=None)
    with pytest.raises(EditConflict) as err:
        scoring.record_score(b.uow(), second, m0, leaf, D(4), ScoreKind.REVIEW, expected=None)
    assert err.value.data["by"] == "Thư ký A" and err.value.data["current"] == D("4.5")
    scoring.record_score(b.uow(), second, m1, leaf, D(4), ScoreKind.REVIEW, expected=None)
    after = clusters.open_season(Database(a.url).uow(), second)
    assert (after.cell(m0, leaf).review_points, after.cell(m1, leaf).review_points) == (D("4.5"), D(4))
