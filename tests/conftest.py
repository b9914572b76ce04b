"""Shared fixtures: databases on SQLite and PostgreSQL, and the demo loaded into them."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from thidua.storage.database import Database

IN_CI = os.environ.get("CI", "").lower() == "true"
PG_URL = os.environ.get("THIDUA_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _pg_reachable() -> str | None:
    try:
        engine = create_engine(PG_URL)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:   # any failure means "no server here"
        return str(exc).splitlines()[0]


def pg_schema_url() -> str:
    """A fresh PostgreSQL schema per test, so tests never see each other's rows."""
    problem = _pg_reachable()
    if problem:
        if IN_CI:
            pytest.fail(f"PostgreSQL is required under CI but unreachable: {problem}")
        pytest.skip(f"no PostgreSQL server at {PG_URL}: {problem}")
    schema = "t_" + uuid.uuid4().hex[:12]
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}", schema


def drop_pg_schema(schema: str) -> None:
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """A database URL on each backend (run every storage test on both)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'thidua.sqlite'}"
        return
    url, schema = pg_schema_url()
    yield url
    drop_pg_schema(schema)


@pytest.fixture
def db(db_url):
    database = Database(db_url, actor="tester")
    yield database
    database.close()


@pytest.fixture
def sqlite_db(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'thidua.sqlite'}", actor="tester")
    yield database
    database.close()


@pytest.fixture
def demo(sqlite_db):
    """The demo loaded into a fresh SQLite database: (db, season 2017 id, season 2018 id)."""
    from thidua.services.demo import load_demo

    first, second = load_demo(sqlite_db.uow())
    return sqlite_db, first, second


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """One demo database per test session, copied by `demo_copy` (loading takes ~0.5 s)."""
    from thidua.services.demo import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    database = Database(f"sqlite:///{path}", actor="tester")
    ids = load_demo(database.uow())
    database.close()
    return path, ids


@pytest.fixture
def demo_copy(demo_template, tmp_path):
    """A private copy of the session's demo database: (db, season 2017 id, season 2018 id)."""
    import shutil

    path, (first, second) = demo_template
    target = tmp_path / "demo.sqlite"
    shutil.copy(path, target)
    database = Database(f"sqlite:///{target}", actor="tester")
    yield database, first, second
    database.close()
