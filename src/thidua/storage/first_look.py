"""A data file shown at once: its reads answered by the standard library while the Database opens behind.

Why: importing SQLAlchemy takes longer than a bare Qt window takes to start, and the window's
first screen only reads (issue 12: a cold start within 3 × a bare window). `OpeningFile.look`
takes only a file there is no doubt about — an SQLite file of thidua's current schema that we
may write — and returns None for anything else, so the normal opening path runs and words the
problem. Reads go through a read-only connection and the same statements every unit of work
runs (reading.py), so nothing is written and what shows is what a unit of work would load. The
full Database opens on the first write, or when the window asks for it once its screen is up
(`database()`); from then on it answers everything, and takes over the seasons already read
(the cache checks their stored version on every use).
"""

from __future__ import annotations

import sqlite3
import threading
from collections import namedtuple
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..services.ports import NotThiduaDatabase
from . import reading
from .reading import SeasonCache
from .sqlite_file import check_sqlite_file, head_revision, ro_uri, sqlite_path, writable

if TYPE_CHECKING:
    from ..domain.season import Season
    from ..services.ports import ClusterRecord, SeasonRef
    from .database import Database


class NeedsDatabase(Exception):
    """Asked of the first look what only the full Database answers (a write, the audit log…)."""


_ROW_CLASSES: dict[tuple[str, ...], type] = {}


def _rows(cursor: sqlite3.Cursor) -> list:
    """Rows whose columns read as attributes, as SQLAlchemy's do."""
    names = tuple(d[0] for d in cursor.description)
    cls = _ROW_CLASSES.get(names)
    if cls is None:
        cls = _ROW_CLASSES[names] = namedtuple("Row", names)
    return [cls._make(r) for r in cursor]


class OpeningFile:
    """Stands in for a Database (url, actor, uow(), close()…) while the real one opens."""

    def __init__(self, url: str, path: Path, actor: str | None, conn: sqlite3.Connection) -> None:
        self.url = url
        self.path = path
        self.read_only = False   # `look` takes only files we may write
        self.cache = SeasonCache()
        self._actor = actor
        self._conn: sqlite3.Connection | None = conn
        self._conn_lock = threading.RLock()   # the first look's reads and its closing
        self._open_lock = threading.Lock()   # one Database, whichever thread asks first
        self._db: Database | None = None

    @classmethod
    def look(cls, url: str, actor: str | None = None) -> OpeningFile | None:
        """The file at `url` ready to read at once, or None when the normal opening must decide."""
        path = sqlite_path(url)
        if path is None or "?" in url or not path.is_file() or not writable(path):
            return None
        try:
            if check_sqlite_file(path) != head_revision():
                return None   # new, empty or older: opening creates or upgrades it
            # read-only, never `immutable`: what another program's writes left in the -wal must show
            # autocommit: a season is read inside a BEGIN of its own (OpeningFile.snapshot)
            conn = sqlite3.connect(ro_uri(path), uri=True, check_same_thread=False, isolation_level=None)
            conn.execute("SELECT count(*) FROM seasons").fetchone()
        except (NotThiduaDatabase, sqlite3.Error, OSError):
            return None
        return cls(url, path, actor, conn)

    # ---- reading before the Database is open ----------------------------------------------------
    def fetch(self, sql: str, params: dict) -> list:
        with self._conn_lock:
            if self._conn is None:   # the Database has taken over
                raise NeedsDatabase()
            return _rows(self._conn.execute(sql, params))

    @contextmanager
    def snapshot(self):
        """Statements that see one state of the file, even while another program commits between them."""
        with self._conn_lock:
            if self._conn is None:
                raise NeedsDatabase()
            self._conn.execute("BEGIN")
            try:
                yield
            finally:
                if self._conn is not None:
                    self._conn.execute("COMMIT")

    def reading(self):
        """A unit of work for reading: the Database's once open, else the first look's."""
        db = self._db
        return db.uow() if db is not None else _FirstLookReads(self)

    # ---- the full Database ---------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self._db is not None

    def database(self) -> Database:
        """The full Database (SQLAlchemy, the schema checked), opened on first use from any thread."""
        with self._open_lock:
            if self._db is None:
                from .database import Database

                db = Database(self.url, actor=self._actor)
                with db.cache.lock:
                    for season in self.cache.seasons():
                        db.cache.put(season)
                self._db = db
                with self._conn_lock:
                    conn, self._conn = self._conn, None
                if conn is not None:
                    conn.close()
            return self._db

    def uow(self, actor: str | None = None):
        return self.database().uow(actor)

    def backup(self, target: Path | str) -> Path:
        return self.database().backup(target)

    @property
    def actor(self) -> str | None:
        return self._db.actor if self._db is not None else self._actor

    @actor.setter
    def actor(self, name: str) -> None:
        self._actor = name
        if self._db is not None:
            self._db.actor = name

    @property
    def display_name(self) -> str:
        return str(self.path)

    @property
    def is_sqlite(self) -> bool:
        return True

    def close(self) -> None:
        with self._open_lock:
            if self._db is not None:
                self._db.close()
            with self._conn_lock:
                conn, self._conn = self._conn, None
            if conn is not None:
                conn.close()


class _FirstLookReads:
    """A unit of work that only reads, through the first look's connection."""

    def __init__(self, file: OpeningFile) -> None:
        self._file = file
        self.clusters = _Clusters(file)
        self.seasons = _Seasons(file)

    def fresh(self) -> _FirstLookReads:
        return _FirstLookReads(self._file)

    def __enter__(self) -> _FirstLookReads:
        return self

    def __exit__(self, *exc: Any) -> None:
        pass

    @property
    def audit(self):
        raise NeedsDatabase()

    def commit(self) -> None:
        raise NeedsDatabase()


class _Clusters:
    def __init__(self, file: OpeningFile) -> None:
        self._file = file

    def list(self) -> list[ClusterRecord]:
        return reading.cluster_list(self._file.fetch)


class _Seasons:
    def __init__(self, file: OpeningFile) -> None:
        self._file = file

    def list(self, cluster_id: str | None = None) -> list[SeasonRef]:
        return reading.season_list(self._file.fetch, cluster_id)

    def get(self, season_id: str) -> Season:
        """As the unit of work's repository hands it: a private copy, the cache keeping the stored one."""
        with self._file.snapshot():   # the version and the rows it stands for, from one state of the file
            return reading.cached_season(self._file.fetch, self._file.cache, season_id)
