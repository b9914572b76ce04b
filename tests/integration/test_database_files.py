"""Files handed to thidua are left as they were; the data file can be copied while the app is open; one guard in the store."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from decimal import Decimal as D
from pathlib import Path

import pytest

from thidua.domain.errors import SeasonLocked
from thidua.domain.scoring import ScoreKind
from thidua.services import clusters, outcome, scoring
from thidua.services.ports import DatabaseTooNew, NotThiduaDatabase
from thidua.storage.database import Database

JOURNAL_MODES = ["DELETE", "TRUNCATE", "PERSIST", "WAL", "OFF"]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _newer(path: Path, mode: str) -> None:
    """A thidua file from a newer version, left in `mode` by whoever wrote it last."""
    Database(str(path)).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '0099'")
    con.commit()
    con.execute(f"PRAGMA journal_mode={mode}")
    con.close()


def _foreign(path: Path, mode: str) -> None:
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA journal_mode={mode}")
    con.execute("CREATE TABLE seasons (id INTEGER PRIMARY KEY, name TEXT)")   # a name like ours, another program
    con.execute("INSERT INTO seasons VALUES (1, 'Xuân 2024')")
    con.commit()
    con.close()


@pytest.mark.parametrize("mode", JOURNAL_MODES)
@pytest.mark.parametrize("make,error", [(_newer, DatabaseTooNew), (_foreign, NotThiduaDatabase)],
                         ids=["newer", "foreign"])
def test_a_file_thidua_will_not_open_keeps_every_byte(tmp_path, mode, make, error):
    path = tmp_path / "f.sqlite"
    make(path, mode)
    before = sha(path)
    listing = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(error):
        Database(str(path))
    with pytest.raises(error):
        Database(str(path), read_only=True)
    assert sha(path) == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm"))) == \
        [n for n in listing if not n.endswith(("-wal", "-shm"))]


def test_a_rollback_journal_file_is_not_switched_to_wal_when_refused(tmp_path):
    path = tmp_path / "f.sqlite"
    _newer(path, "DELETE")
    header = path.read_bytes()[18:20]
    with pytest.raises(DatabaseTooNew):
        Database(str(path))
    assert path.read_bytes()[18:20] == header == b"\x01\x01"     # still a rollback-journal file


def test_an_old_thidua_file_is_upgraded(tmp_path):
    from .test_migrations import make_0001_database
    path = tmp_path / "old.sqlite"
    make_0001_database(path)
    db = Database(str(path))
    assert clusters.find_cluster(db.uow(), "tay nguyen").name == "Cụm thi đua các tỉnh Tây Nguyên"
    db.close()


def test_a_copy_of_the_file_made_while_open_holds_everything(demo_copy, tmp_path):
    """The secretary copies (or e-mails) the .sqlite file while the app is open: nothing is missing."""
    db, first, second = demo_copy
    s = clusters.open_season(db.uow(), second)
    member, leaf = s.members[3].id, s.criteria.find_code("III.2").id
    scoring.record_score(db.uow(), second, member, leaf, D("1.5"), ScoreKind.AGREED, expected=None)
    path = Path(db.engine.url.database)
    copy = tmp_path / "copy.sqlite"
    shutil.copy(path, copy)                       # the file alone, without its -wal
    other = Database(str(copy))
    assert clusters.open_season(other.uow(), second).cell(member, leaf).agreed_points == D("1.5")
    other.close()
    backup = db.backup(tmp_path / "backup.sqlite")    # File → Lưu bản sao…, thidua backup
    assert not Path(str(backup) + "-wal").exists()
    third = Database(str(backup))
    assert clusters.open_season(third.uow(), second).cell(member, leaf).agreed_points == D("1.5")
    third.close()


@pytest.mark.postgres
def test_a_server_backs_up_into_one_sqlite_file(tmp_path):
    from thidua.services.audit import verify_log
    from thidua.services.demo import load_demo

    from ..conftest import drop_pg_schema, pg_schema_url
    url, schema = pg_schema_url()
    db = Database(url)
    first, second = load_demo(db.uow())
    path = db.backup(tmp_path / "copy.sqlite")
    db.close()
    drop_pg_schema(schema)
    copy = Database(str(path))
    assert scoring.rank_season(copy.uow(), first).rows[0].member == "Ninh Bình"
    assert verify_log(copy.uow(), first).whole
    copy.close()


def test_the_store_refuses_a_signed_off_season_whatever_object_it_is_handed(demo_copy):
    db, first, _ = demo_copy
    outcome.sign_off(db.uow(), first, "Nguyễn Văn Hòa")
    uow = db.uow()
    with uow:
        season = uow.seasons.get(first)
        season.state = season.state.__class__.SCORING        # a caller lying about the state
        leaf = season.criteria.find_code("I.1").id
        season.set_score(season.members[0].id, leaf, D(1))
        with pytest.raises(SeasonLocked) as err:
            uow.commit()
    assert err.value.data["action"] == "store"
    assert clusters.open_season(db.uow(), first).cell(season.members[0].id, leaf).agreed_points != D(1)


def test_callers_get_copies_and_a_unit_of_work_is_used_once(demo_copy):
    db, first, _ = demo_copy
    a = clusters.open_season(db.uow(), first)
    b = clusters.open_season(db.uow(), first)
    assert a is not b and a.scores is not b.scores
    a.scores.clear()                                   # a view that misbehaves changes only its own copy
    assert clusters.open_season(db.uow(), first).scores == b.scores
    uow = db.uow()
    with uow:
        uow.seasons.get(first)
    with pytest.raises(RuntimeError):
        with uow:
            pass


def test_a_unit_of_work_rolls_back_unless_committed(demo_copy):
    db, first, _ = demo_copy
    uow = db.uow()
    with uow:
        season = uow.seasons.get(first)
        season.meeting = season.meeting.__class__(place="Nơi khác")
        clusters_before = len(clusters.list_clusters(db.uow()))
        uow.clusters.add(clusters.ClusterRecord("x" * 32, "Cụm không lưu", "LM"))
    assert len(clusters.list_clusters(db.uow())) == clusters_before
    assert clusters.open_season(db.uow(), first).meeting.place == "Ninh Bình"
