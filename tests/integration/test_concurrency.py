"""Two secretaries on one shared PostgreSQL database never overwrite each other silently."""

import threading
from decimal import Decimal as D

import pytest

from thidua.domain.errors import EditConflict
from thidua.services import clusters, scoring
from thidua.services.demo import load_demo
from thidua.services.ports import ConcurrentChange
from thidua.storage.database import Database

from ..conftest import drop_pg_schema, pg_schema_url

pytestmark = pytest.mark.postgres


@pytest.fixture
def shared():
    url, schema = pg_schema_url()
    a = Database(url, actor="Thư ký A")
    b = Database(url, actor="Thư ký B")
    yield a, b
    a.close()
    b.close()
    drop_pg_schema(schema)


def test_second_editor_of_the_same_cell_is_told(shared):
    a, b = shared
    _, season_id = load_demo(a.uow())
    seen_a = clusters.open_season(a.uow(), season_id)
    seen_b = clusters.open_season(b.uow(), season_id)
    member, leaf = seen_a.members[0].id, seen_a.criteria.find_code("III.2").id
    shown = seen_b.cell(member, leaf).agreed_points            # both see the empty cell
    scoring.record_score(a.uow(), season_id, member, leaf, D("3.5"), expected=shown)
    with pytest.raises(EditConflict) as err:
        scoring.record_score(b.uow(), season_id, member, leaf, D(4), expected=shown)
    assert err.value.data["current"] == D("3.5") and err.value.data["by"] == "Thư ký A"
    assert clusters.open_season(b.uow(), season_id).cell(member, leaf).agreed_points == D("3.5")


def test_different_cells_by_two_editors_both_land(shared):
    a, b = shared
    _, season_id = load_demo(a.uow())
    s = clusters.open_season(a.uow(), season_id)
    leaf = s.criteria.find_code("III.2").id
    clusters.open_season(b.uow(), season_id)
    scoring.record_score(a.uow(), season_id, s.members[0].id, leaf, D(3), expected=None)
    scoring.record_score(b.uow(), season_id, s.members[1].id, leaf, D(4), expected=None)
    final = clusters.open_season(Database(a.url).uow(), season_id)
    assert final.cell(s.members[0].id, leaf).agreed_points == D(3)
    assert final.cell(s.members[1].id, leaf).agreed_points == D(4)


def test_simultaneous_commits_one_wins_the_other_is_refused(shared):
    """Both transactions read the same version; the database lets only one bump it."""
    a, b = shared
    _, season_id = load_demo(a.uow())
    s = clusters.open_season(a.uow(), season_id)
    leaf = s.criteria.find_code("III.2").id
    clusters.open_season(b.uow(), season_id)
    barrier = threading.Barrier(2)
    outcomes = {}

    def edit(db, member_index, value):
        uow = db.uow()
        try:
            with uow:
                season = uow.seasons.get(season_id)
                season.set_score(season.members[member_index].id, leaf, D(value))
                barrier.wait(timeout=10)     # both have read the version before either commits
                uow.commit()
            outcomes[db.actor] = "ok"
        except ConcurrentChange:
            outcomes[db.actor] = "conflict"

    threads = [threading.Thread(target=edit, args=(a, 0, 3)), threading.Thread(target=edit, args=(b, 1, 4))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes.values()) == ["conflict", "ok"]
    final = clusters.open_season(Database(a.url).uow(), season_id)
    landed = [final.cell(final.members[i].id, leaf).agreed_points for i in (0, 1)]
    assert landed.count(None) == 1      # exactly one edit landed, the other was not half-applied
