"""Failures a secretary can meet: a full disk, a read-only file, an unreachable server — worded, nothing lost."""

from decimal import Decimal as D

import pytest
from sqlalchemy import event

from thidua.services import clusters, scoring
from thidua.services.ports import StorageError
from thidua.storage.database import Database
from thidua.wording import explain


def test_full_disk_is_worded_and_loses_nothing(demo_copy):
    db, _, second = demo_copy
    season = clusters.open_season(db.uow(), second)
    before = {k: v for k, v in season.scores.items()}
    db.engine.dispose()

    @event.listens_for(db.engine, "connect")
    def _tiny_disk(dbapi_conn, _record):
        cur = dbapi_conn.cursor()
        pages = cur.execute("PRAGMA page_count").fetchone()[0]
        cur.execute(f"PRAGMA max_page_count = {pages}")   # no room to grow: "database or disk is full"
        cur.close()

    big = [(m.id, leaf.id, season.cell(m.id, leaf.id).agreed_points, D(0)) for m in season.members
           for leaf in season.criteria.leaves() if leaf.method.value == "manual"]
    with pytest.raises(StorageError) as err:
        for _ in range(3):   # enough rows (and audit rows) to need new pages
            scoring.record_scores(db.uow(), second, big)
            big = [(m, c, v, D(1) if v == 0 else D(0)) for m, c, _, v in big]
    assert err.value.reason == "disk_full"
    assert "Ổ đĩa đã đầy" in explain(err.value)
    fresh = Database(db.url)
    assert clusters.open_season(fresh.uow(), second).scores == before
    fresh.close()


def test_read_only_file_is_worded(demo_copy):
    db, _, second = demo_copy
    path = db.engine.url.database
    db.close()
    # opened read-only (as from a write-protected USB stick); root ignores file modes, the URI does not
    ro = Database(f"sqlite:///file:{path}?mode=ro&uri=true")
    s = clusters.open_season(ro.uow(), second)
    with pytest.raises(StorageError) as err:
        leaf = s.criteria.leaves()[0].id
        scoring.record_score(ro.uow(), second, s.members[0].id, leaf, D(1),
                             expected=s.cell(s.members[0].id, leaf).agreed_points)
    assert err.value.reason == "read_only"
    assert "chỉ đọc" in explain(err.value)
    ro.close()


def test_unreachable_server_is_worded():
    with pytest.raises(StorageError) as err:
        Database("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")
    assert err.value.reason == "unreachable"
    assert "Không kết nối được" in explain(err.value)
