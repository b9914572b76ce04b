"""Opening a database: checked before anything touches it, migrated, and handing out units of work.

A file handed to us is left as it was unless it is thidua's and of a version we know: its tables
and schema version are read through a read-only connection first, before any PRAGMA or
migration could change a byte. A file we may not write opens for review.
"""

from __future__ import annotations

import getpass
import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

from ..services.ports import ConcurrentChange, DatabaseTooNew, NotThiduaDatabase, StorageError
from .repository import SeasonCache, SqlAuditLog, SqlClusterRepository, SqlSeasonRepository
from .sqlite_file import (LOCK_TIMEOUT_S, MIGRATIONS, OLD_THIDUA_TABLES, check_sqlite_file, head_revision,
                          known_revisions, resolve_url, ro_uri, sqlite_path, writable)
from .sqlite_file import default_url  # noqa: F401  (where callers have always found it)

def make_engine(url: str, read_only: bool = False) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if read_only and path is not None:
            immutable = not os.access(path.parent, os.W_OK)
            engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(
                ro_uri(path, immutable), uri=True, timeout=LOCK_TIMEOUT_S, check_same_thread=False))
            return engine
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": LOCK_TIMEOUT_S})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:   # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            if path is not None:
                cur.execute("PRAGMA journal_mode=WAL")
            cur.close()
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("", "psycopg2"):
        url = str(parsed.set(drivername="postgresql+psycopg"))
    return create_engine(url, pool_pre_ping=True)


def _alembic_config(connection):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _check_server_schema(engine: Engine) -> None:
    """On a server: refuse a schema that holds another program's tables named like ours."""
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
    ours = {"clusters", "seasons", "audit"}
    if tables & ours and "thidua_info" not in tables and not OLD_THIDUA_TABLES <= tables:
        raise NotThiduaDatabase(", ".join(sorted(tables & ours)))


def migrate(engine: Engine, target: str = "head") -> None:
    """Bring the schema up to `target`; refuse a database made by a newer thidua.

    Alembic is imported only when there is something to upgrade."""
    current = current_revision(engine)
    if current is not None:
        if current not in known_revisions():
            raise DatabaseTooNew(current)
        if current == (head_revision() if target == "head" else target):
            return
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), target)


def create_database(path: Path | str, actor: str | None = None) -> "Database":
    """A new, empty thidua data file at `path`, with the schema in place, opened.

    Why a path of its own: opening creates a missing file silently, which is right for the
    default database but not for "Tệp → Tạo tệp dữ liệu mới…", where the person named a file and
    must never lose another one by it. An existing file is refused — another program's, or a
    thidua file with its data — so nothing is overwritten; an empty (0-byte) file is taken. The
    schema is built under a temporary name beside the target and renamed into place, so a
    failure leaves no half-made file. A file system refusal is raised as the OSError it is.
    """
    from ..files import atomic_output

    target = Path(path).expanduser().resolve()
    try:
        if target.exists() and (not target.is_file() or target.stat().st_size > 0):
            try:
                check_sqlite_file(target)
            except NotThiduaDatabase as exc:
                raise StorageError("create_foreign", str(target)) from exc
            raise StorageError("create_exists", str(target))
        with atomic_output(target) as tmp:
            engine = create_engine(f"sqlite:///{tmp}")
            try:
                migrate(engine)
                with engine.connect() as conn:
                    # one self-contained file until it is opened (opening turns WAL on)
                    conn.exec_driver_sql("PRAGMA journal_mode=DELETE")
            finally:
                engine.dispose()
    except SQLAlchemyError as exc:
        raise storage_error(exc) from exc
    return Database(f"sqlite:///{target}", actor=actor)


def storage_error(exc: BaseException) -> StorageError:
    """Name the failures a person can act on: a full disk, a locked or unreachable database."""
    if isinstance(exc, StorageError):
        return exc
    message = str(getattr(exc, "orig", exc)).lower()
    if "disk" in message and "full" in message or "no space" in message:
        return StorageError("disk_full", message)
    if "locked" in message or "busy" in message:
        return StorageError("locked", message)
    if "readonly" in message or "read-only" in message or "read only" in message:
        return StorageError("read_only", message)
    if "unable to open database" in message or "out of range" in message and "integer" in message:
        return StorageError("cannot_open" if "unable" in message else "database", message)
    if "not a database" in message:
        return NotThiduaDatabase(message)
    if isinstance(exc, OperationalError) and ("connect" in message or "connection" in message):
        return StorageError("unreachable", message)
    return StorageError("database", message)


class Database:
    """One open database: checked and migrated on open, handing out units of work.

    `read_only` opens for review: nothing is written, not even the journal mode; a file we may
    not write opens that way by itself.
    """

    def __init__(self, url: str | None = None, migrate_schema: bool = True, actor: str | None = None,
                 read_only: bool = False) -> None:
        self.url = resolve_url(url)
        self.cache = SeasonCache()
        self.actor = actor or _os_user()
        self.os_user = _os_user()
        path = sqlite_path(self.url)
        self.read_only = read_only or (path is not None and path.exists() and not writable(path))
        try:
            if path is not None:
                if self.read_only and not path.exists():
                    raise StorageError("cannot_open", str(path))
                revision = check_sqlite_file(path)
                if revision is not None and revision not in known_revisions():
                    raise DatabaseTooNew(revision)
                if self.read_only and migrate_schema and revision != head_revision():
                    raise StorageError("needs_upgrade", str(path))
        except OSError as exc:
            raise StorageError("cannot_open", f"{path}: {exc.strerror or exc}") from exc
        self.engine = make_engine(self.url, self.read_only)
        try:
            if path is None:
                _check_server_schema(self.engine)
            if migrate_schema and not self.read_only:
                migrate(self.engine)
        except StorageError:
            self.engine.dispose()
            raise
        except (SQLAlchemyError, OSError) as exc:
            self.engine.dispose()
            error = storage_error(exc)
            if error.reason == "cannot_open":   # name the file, not the driver's English
                error = StorageError("cannot_open", str(path) if path is not None else self.display_name)
            raise error from exc

    @property
    def is_sqlite(self) -> bool:
        return make_url(self.url).get_backend_name() == "sqlite"

    def uow(self, actor: str | None = None) -> "SqlUnitOfWork":
        return SqlUnitOfWork(self, actor or self.actor)

    def reading(self) -> "SqlUnitOfWork":
        """A unit of work for reading (the same as any here; a file still opening answers it otherwise:
        first_look.OpeningFile)."""
        return self.uow()

    def checkpoint(self, mode: str = "PASSIVE") -> None:
        """Move what the -wal file holds into the database file itself (SQLite only)."""
        if not self.is_sqlite or self.read_only or sqlite_path(self.url) is None:
            return
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql(f"PRAGMA wal_checkpoint({mode})")
        except SQLAlchemyError:
            pass   # a reader holds the file: the next checkpoint catches up; nothing is lost

    def close(self) -> None:
        """Checkpoint the WAL so the .sqlite file alone holds everything, then let go of the file."""
        self.checkpoint("TRUNCATE")
        self.engine.dispose()

    def backup(self, target: Path | str) -> Path:
        """A complete copy of the database as one SQLite file, safe to take while others write."""
        from .backup import backup_database

        return backup_database(self, Path(target))

    @property
    def display_name(self) -> str:
        parsed = make_url(self.url)
        if parsed.get_backend_name() == "sqlite":
            return parsed.database or ":memory:"
        return parsed.render_as_string(hide_password=True)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:   # pragma: no cover - no user database on some systems
        return "unknown"


class SqlUnitOfWork:
    """One transaction, used once: seasons touched are written on commit; anything else rolls back."""

    def __init__(self, db: Database, actor: str) -> None:
        self.db = db
        self.actor = actor
        self._committed = False
        self._finished = False
        self._entered = False

    def fresh(self) -> "SqlUnitOfWork":
        """A new unit of work on the same database for the same person (a unit of work is used once)."""
        return SqlUnitOfWork(self.db, self.actor)

    def __enter__(self) -> "SqlUnitOfWork":
        if self._entered:
            raise RuntimeError("a unit of work is used once; ask for a fresh one")
        self._entered = True
        try:
            self.conn = self.db.engine.connect()
            self.tx = self.conn.begin()
        except SQLAlchemyError as exc:
            raise storage_error(exc) from exc
        self.clusters = SqlClusterRepository(self.conn)
        self.seasons = SqlSeasonRepository(self.conn, self.db.cache)
        self.audit = SqlAuditLog(self.conn, self.actor, self.db.os_user)
        return self

    def _touched(self):
        return [s for s in self.seasons.seen.values() if s.changes or s.id in self.seasons.added]

    def commit(self) -> None:
        if self._finished:
            raise RuntimeError("this unit of work has finished; ask for a fresh one")
        touched = self._touched()
        if self.db.read_only and (touched or self.audit._pending or self.clusters.added):
            self._rollback()
            raise StorageError("read_only", "review")
        try:
            if self.db.is_sqlite and not self.conn.connection.driver_connection.in_transaction:
                # take the write lock first: reads so far ran outside it, and what they saw is
                # checked by the version claim below
                self.conn.exec_driver_sql("BEGIN IMMEDIATE")
            for season in touched:
                # version first: a concurrent writer (or a signed-off store) is found before we touch rows
                self.seasons.bump_version(season)
                self.seasons.flush(season)
                self.audit.record_changes(season)
            self.audit.flush()
            self.tx.commit()
        except (ConcurrentChange, StorageError):
            self._rollback()
            raise
        except (DBAPIError, SQLAlchemyError) as exc:
            self._rollback()
            raise storage_error(exc) from exc
        except BaseException:
            self._rollback()
            raise
        self._committed = self._finished = True
        with self.db.cache.lock:
            for season in touched:
                if season.id not in self.seasons.added:
                    season.version += 1
                season.changes.clear()
                self.db.cache.put(season.copy())

    def _rollback(self) -> None:
        if self._finished:
            return
        self._finished = True
        self.tx.rollback()

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if not self._committed:
                self._rollback()
        finally:
            self.conn.close()
            if self._committed and self.db.is_sqlite:
                self.db.checkpoint()
