"""Schema migrations: an old database upgrades with its data; a newer one is refused."""

import datetime as dt
from decimal import Decimal as D

import pytest
from sqlalchemy import create_engine, text

from thidua.services import scoring
from thidua.services.clusters import find_season
from thidua.services.ports import DatabaseTooNew
from thidua.storage.database import Database, current_revision, head_revision, migrate


def make_0001_database(path):
    """A database as thidua's first schema left it, with one season and two scores."""
    engine = create_engine(f"sqlite:///{path}")
    migrate(engine, "0001")
    now = dt.datetime(2018, 1, 2, 8, 0)
    settings = ('{"classes": [], "drop_extremes": false, "scoring_mode": "agreed", "tie_breakers": [], '
                '"vote_rule": ["more_than", "1/2", "present"]}')
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO clusters VALUES ('c1', 'Cụm thi đua các tỉnh Tây Nguyên', "
                          "'Liên minh Hợp tác xã Việt Nam', :now)"), {"now": now})
        conn.execute(text("INSERT INTO seasons VALUES ('s1', 'c1', 2019, 'scoring', 3, :st, '{}', '[]', :now)"),
                     {"st": settings, "now": now})
        conn.execute(text("INSERT INTO season_members VALUES ('s1', 'm1', 0, 'Gia Lai', ''), "
                          "('s1', 'm2', 1, 'Kon Tum', '')"))
        conn.execute(text("INSERT INTO criteria VALUES ('k1', 's1', NULL, 0, '1', 'Nhiệm vụ', 'leaf', 'normal', "
                          "'manual', 1000, 50, '{\"bands\": [], \"unit\": \"\"}')"))
        conn.execute(text("INSERT INTO scores VALUES ('s1', 'm1', 'k1', 900, 850), ('s1', 'm2', 'k1', NULL, 925)"))
    engine.dispose()


def test_upgrade_from_first_schema_keeps_the_data(tmp_path):
    path = tmp_path / "old.sqlite"
    make_0001_database(path)
    db = Database(f"sqlite:///{path}")
    assert current_revision(db.engine) == head_revision()
    info = find_season(db.uow(), "tay nguyen", 2019)
    result = scoring.rank_season(db.uow(), info.season_id)
    assert [(r.member, r.total, r.rank) for r in result.rows] == [("Kon Tum", D("9.25"), 1), ("Gia Lai", D("8.5"), 2)]
    # the new column works on the upgraded file
    scoring.record_note(db.uow(), info.season_id, "m1", "k1", "Biên bản kiểm tra số 12", expected="")
    db.close()


def test_database_from_a_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "new.sqlite"
    Database(f"sqlite:///{path}").close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNew):
        Database(f"sqlite:///{path}")
    assert path.read_bytes() == before


def test_too_new_is_worded_for_a_secretary():
    from thidua.wording import explain
    assert "phiên bản thidua mới hơn" in explain(DatabaseTooNew("0099"))


# Opening a file: a current schema is recognised from the migration files' text, and Alembic —
# ~0.2 s of the app's start — is imported only when there is something to upgrade.
OPEN_AND_REPORT = """
import json, sys
from thidua.storage.database import Database, current_revision
db = Database(sys.argv[1])
print(json.dumps({"alembic": "alembic" in sys.modules, "revision": current_revision(db.engine)}))
db.close()
"""


def _open_in_fresh_process(url: str) -> dict:
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    import thidua

    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(Path(thidua.__file__).parents[1]),
                                                       os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-c", OPEN_AND_REPORT, url], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_current_schema_opens_without_alembic_and_an_old_one_is_still_upgraded(tmp_path):
    current = tmp_path / "current.sqlite"
    Database(f"sqlite:///{current}").close()
    assert _open_in_fresh_process(f"sqlite:///{current}") == {"alembic": False, "revision": head_revision()}
    old = tmp_path / "old.sqlite"
    make_0001_database(old)
    assert _open_in_fresh_process(f"sqlite:///{old}") == {"alembic": True, "revision": head_revision()}
    upgraded = Database(f"sqlite:///{old}")
    result = scoring.rank_season(upgraded.uow(), find_season(upgraded.uow(), "tay nguyen", 2019).season_id)
    assert [(r.member, r.total) for r in result.rows] == [("Kon Tum", D("9.25")), ("Gia Lai", D("8.5"))]
    upgraded.close()


def test_the_revisions_read_from_the_files_are_alembics_own():
    from alembic.script import ScriptDirectory

    from thidua.storage.database import _alembic_config
    from thidua.storage.sqlite_file import revision_graph as _revision_graph

    script = ScriptDirectory.from_config(_alembic_config(None))
    assert _revision_graph() == {rev.revision: rev.down_revision for rev in script.walk_revisions()}
    assert head_revision() == script.get_current_head()
