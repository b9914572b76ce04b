"""An SQLite data file looked at with the standard library alone: its URL, schema revision, a read-only connection.

Why apart from database.py: a file is checked here before anything may write to it, and the
window's first screen is read through these (storage/first_look.py) before SQLAlchemy loads —
importing SQLAlchemy takes longer than a bare Qt window takes to start.
"""

from __future__ import annotations

import functools
import os
import re
import sqlite3
from pathlib import Path
from urllib.parse import unquote

from ..services.ports import NotThiduaDatabase

MIGRATIONS = Path(__file__).with_name("migrations")
# how long a write waits for another writer of the same SQLite file (THIDUA_LOCK_TIMEOUT: seconds)
LOCK_TIMEOUT_S = float(os.environ.get("THIDUA_LOCK_TIMEOUT", "10"))
# the tables by which a database made before thidua marked its files (schema 0001–0002) is known
OLD_THIDUA_TABLES = {"alembic_version", "clusters", "seasons", "season_members", "criteria", "audit"}


def default_url() -> str:
    """The user's own database file, in the platform's data folder (created on first use)."""
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("thidua", appauthor=False))
    return f"sqlite:///{folder / 'thidua.sqlite'}"


def resolve_url(url: str | None) -> str:
    url = url or os.environ.get("THIDUA_DB") or default_url()
    if "://" not in url:   # a plain path means an SQLite file
        url = f"sqlite:///{Path(url).expanduser().resolve()}"
    return url


# sqlite[+driver]://[/database][?query], as SQLAlchemy's make_url reads it (database percent-decoded)
_SQLITE_URL = re.compile(r"^sqlite(?:\+\w+)?://(?:/(?P<database>[^?]*))?(?:\?.*)?$", re.DOTALL)


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL (None for memory, URIs or other databases)."""
    m = _SQLITE_URL.match(url)
    if m is None:
        return None
    db = unquote(m.group("database") or "")
    if not db or db == ":memory:" or db.startswith("file:"):
        return None
    return Path(db)


def writable(path: Path) -> bool:
    """Can we write the file and create its -wal/-journal beside it?"""
    folder = path.parent
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return os.access(folder, os.W_OK | os.X_OK) if folder.exists() else True


def ro_uri(path: Path, immutable: bool = False) -> str:
    from urllib.parse import quote

    return f"file:{quote(str(path))}?mode=ro" + ("&immutable=1" if immutable else "")


def connect_ro(path: Path) -> sqlite3.Connection:
    """A read-only connection that writes nothing; `immutable` when the folder cannot hold a -shm file."""
    try:
        conn = sqlite3.connect(ro_uri(path), uri=True)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn = sqlite3.connect(ro_uri(path, immutable=True), uri=True)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn


def check_sqlite_file(path: Path) -> str | None:
    """Look at a file before opening it for real. Returns its schema revision (None for a new or
    empty file); raises NotThiduaDatabase for another program's file or one that is not SQLite.
    Reads through a read-only connection, so the file keeps every byte."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    if not path.is_file():
        raise NotThiduaDatabase(str(path))
    try:
        conn = connect_ro(path)
    except sqlite3.DatabaseError as exc:
        raise NotThiduaDatabase(f"{path}: {exc}") from exc
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                  if not r[0].startswith("sqlite_")}
        if not tables:
            return None
        if "thidua_info" not in tables and not OLD_THIDUA_TABLES <= tables:
            raise NotThiduaDatabase(str(path))
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone() if "alembic_version" in tables \
            else None
        return row[0] if row else None
    except sqlite3.DatabaseError as exc:
        raise NotThiduaDatabase(f"{path}: {exc}") from exc
    finally:
        conn.close()


_REVISION_LINE = re.compile(r"""^(down_revision|revision)\s*(?::[^=]*)?=\s*(?:"([^"]*)"|'([^']*)'|None)""",
                            re.MULTILINE)


@functools.cache
def revision_graph() -> dict[str, str | None]:
    """Each schema revision with the one it follows, read from the migration files' own lines.

    Opening a file whose schema is current needs nothing more; importing Alembic to learn the
    same (its script directory loads every migration) would cost the start ~0.2 s.
    """
    graph: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        found = {m.group(1): m.group(2) or m.group(3) for m in _REVISION_LINE.finditer(path.read_text("utf-8"))}
        if found.get("revision"):
            graph[found["revision"]] = found.get("down_revision")
    return graph


def head_revision() -> str:
    """The newest schema revision: the one no other revision follows."""
    graph = revision_graph()
    heads = set(graph) - set(graph.values())
    if len(heads) != 1:   # a broken migration folder must not pass for a current schema
        raise RuntimeError(f"the schema migrations have {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


def known_revisions() -> set[str]:
    return set(revision_graph())
