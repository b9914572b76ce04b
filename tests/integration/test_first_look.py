"""The first look at a data file (storage/first_look.py): read with the standard library, the same as a
unit of work reads, only for files there is no doubt about, and handing over to the full Database."""

from __future__ import annotations

import sqlite3
import sys
from decimal import Decimal as D

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from thidua.domain.canonical import canonical_json
from thidua.domain.scoring import ScoreKind
from thidua.services import clusters, outcome, scoring
from thidua.storage.database import Database, migrate
from thidua.storage.first_look import NeedsDatabase, OpeningFile
from thidua.storage.sqlite_file import sqlite_path


@pytest.mark.parametrize("url", [
    "sqlite:///rel.db", "sqlite:////abs/p%20q.db", "sqlite:////abs/Tệp dữ liệu.sqlite", "sqlite://",
    "sqlite:///:memory:", "sqlite+pysqlite:////a/b.db", "sqlite:////a/b.db?mode=ro", "sqlite:///file:x?mode=ro&uri=true",
    "sqlite:///C:\\Users\\x.db", "postgresql+psycopg://postgres@127.0.0.1:5432/test", "sqlite:////a/%C4%91.thidua",
])
def test_the_file_behind_a_url_is_the_one_sqlalchemy_opens(url):
    parsed = make_url(url)
    db = parsed.database if parsed.get_backend_name() == "sqlite" else None
    expected = None if not db or db == ":memory:" or db.startswith("file:") else db
    found = sqlite_path(url)
    assert (str(found) if found is not None else None) == expected


def _first_season(db) -> str:
    ref = clusters.list_seasons(db.uow())[-1]
    return ref.id


def test_the_first_look_reads_what_a_unit_of_work_loads(demo_copy):
    db, first, second = demo_copy
    opening = OpeningFile.look(db.url, "tester")
    assert opening is not None
    try:
        assert clusters.list_clusters(opening.reading()) == clusters.list_clusters(db.uow())
        assert clusters.list_seasons(opening.reading()) == clusters.list_seasons(db.uow())
        for sid in (first, second):
            looked = clusters.open_season(opening.reading(), sid)
            loaded = clusters.open_season(db.uow(), sid)
            assert canonical_json(looked) == canonical_json(loaded)
            assert (looked.version, looked.state, looked.revisions) == (loaded.version, loaded.state, loaded.revisions)
        assert not opening.is_open
    finally:
        opening.close()


def test_only_a_current_thidua_file_we_may_write_is_looked_at(tmp_path, demo_copy):
    db, _first, _second = demo_copy
    assert OpeningFile.look(f"sqlite:///{tmp_path / 'missing.sqlite'}") is None
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    assert OpeningFile.look(f"sqlite:///{empty}") is None
    text = tmp_path / "notes.sqlite"
    text.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    assert OpeningFile.look(f"sqlite:///{text}") is None
    foreign = tmp_path / "other.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE clusters (id TEXT)")
    conn.close()
    assert OpeningFile.look(f"sqlite:///{foreign}") is None
    older = tmp_path / "older.sqlite"
    engine = create_engine(f"sqlite:///{older}")
    migrate(engine, "0003")
    engine.dispose()
    assert OpeningFile.look(f"sqlite:///{older}") is None
    assert OpeningFile.look(db.url + "?mode=ro") is None
    assert OpeningFile.look("sqlite://") is None
    # what it refused, it left as it was: the older file still has its older schema
    with sqlite3.connect(older) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0003",)
    conn.close()
    # and it never wrote the file it read
    before = sqlite_path(db.url).read_bytes()
    opening = OpeningFile.look(db.url)
    clusters.open_season(opening.reading(), _first_season(db))
    opening.close()
    assert sqlite_path(db.url).read_bytes() == before


def test_a_write_opens_the_full_database_which_takes_over(demo_copy):
    db, _first, second = demo_copy
    opening = OpeningFile.look(db.url, "tester")
    season = clusters.open_season(opening.reading(), second)
    member, leaf = season.members[0].id, next(iter(season.criteria.leaves())).id
    assert not opening.is_open
    seen = season.cell(member, leaf).get(ScoreKind.AGREED)
    scoring.record_scores(opening.uow(), second, [(member, leaf, seen, D("1.5"))], ScoreKind.AGREED)
    assert opening.is_open
    with pytest.raises(NeedsDatabase):   # the first look's connection is gone: the Database answers now
        opening.fetch("SELECT 1", {})
    after = clusters.open_season(opening.reading(), second)
    assert after.final(member, leaf) == D("1.5")
    assert after.version == season.version + 1
    # the audit log, which only the Database reads, names the person who wrote
    assert outcome.history(opening.reading(), second, "score")[0].actor == "tester"
    opening.close()
    other = Database(db.url, actor="someone else")
    try:
        assert clusters.open_season(other.uow(), second).final(member, leaf) == D("1.5")
    finally:
        other.close()


def test_what_another_editor_wrote_meanwhile_is_seen_before_and_after_the_handover(demo_copy):
    db, _first, second = demo_copy
    opening = OpeningFile.look(db.url, "tester")
    season = clusters.open_season(opening.reading(), second)
    member, leaf = season.members[1].id, next(iter(season.criteria.leaves())).id
    seen = season.cell(member, leaf).get(ScoreKind.AGREED)
    scoring.record_scores(db.uow(), second, [(member, leaf, seen, D("0.5"))], ScoreKind.AGREED)
    assert clusters.open_season(opening.reading(), second).final(member, leaf) == D("0.5")
    scoring.record_scores(db.uow(), second, [(member, leaf, D("0.5"), D("1.0"))], ScoreKind.AGREED)
    opening.database()   # takes over the seasons the first look read: their versions are checked on use
    assert clusters.open_season(opening.reading(), second).final(member, leaf) == D("1.0")
    opening.close()


def test_the_first_look_needs_no_sqlalchemy(demo_copy, tmp_path):
    """Run in a fresh interpreter: the first screen's reads import neither SQLAlchemy nor Alembic."""
    import json
    import os
    import subprocess
    from pathlib import Path

    import thidua

    db, _first, second = demo_copy
    code = (
        "import json, sys\n"
        "from thidua.services import clusters\n"
        "from thidua.storage.first_look import OpeningFile\n"
        "opening = OpeningFile.look(sys.argv[1])\n"
        "season = clusters.open_season(opening.reading(), sys.argv[2])\n"
        "print(json.dumps({'loaded': sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')),"
        " 'members': len(season.members)}))\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(Path(thidua.__file__).parents[1]),
                                                       os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-c", code, db.url, second], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"loaded": [], "members": 9}


def test_a_season_is_read_from_one_state_of_the_file_while_another_editor_commits(demo_copy, monkeypatch):
    from thidua.storage.reading import SEASON_VERSION

    db, _first, second = demo_copy
    before = clusters.open_season(db.uow(), second)
    member, leaf = before.members[2].id, next(iter(before.criteria.leaves())).id
    opening = OpeningFile.look(db.url, "tester")
    real = opening.fetch
    committed = []

    def fetch(sql, params):
        rows = real(sql, params)
        if sql == SEASON_VERSION and not committed:   # another editor commits between the first look's statements
            seen = before.cell(member, leaf).get(ScoreKind.AGREED)
            scoring.record_scores(db.uow(), second, [(member, leaf, seen, D("1.5"))], ScoreKind.AGREED)
            committed.append(True)
        return rows
    monkeypatch.setattr(opening, "fetch", fetch)
    looked = clusters.open_season(opening.reading(), second)
    assert committed
    assert looked.version == before.version
    assert canonical_json(looked) == canonical_json(before)
    # the next read sees the other editor's score, with its version
    monkeypatch.undo()
    again = clusters.open_season(opening.reading(), second)
    assert (again.version, again.final(member, leaf)) == (before.version + 1, D("1.5"))
    opening.close()
