"""Opening a database: the engine, schema migrations at startup, and units of work over it."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

from ..services.ports import DatabaseTooNew, StorageError
from .repository import SeasonCache, SqlAuditLog, SqlClusterRepository, SqlSeasonRepository

MIGRATIONS = Path(__file__).with_name("migrations")


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


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        is_file = parsed.database and parsed.database != ":memory:" and not parsed.database.startswith("file:")
        if is_file:   # a "file:…?mode=ro" URI names an existing file: create nothing for it
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 15})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:   # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            if is_file:
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


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    cfg = _alembic_config(None)
    return ScriptDirectory.from_config(cfg).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine, target: str = "head") -> None:
    """Bring the schema up to `target`; refuse a database made by a newer thidua."""
    from alembic import command
    from alembic.script import ScriptDirectory

    current = current_revision(engine)
    script = ScriptDirectory.from_config(_alembic_config(None))
    if current is not None:
        known = {rev.revision for rev in script.walk_revisions()}
        if current not in known:
            raise DatabaseTooNew(current)
        if target == "head" and current == script.get_current_head():
            return
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), target)


def storage_error(exc: BaseException) -> StorageError:
    """Name the failures a person can act on: a full disk, a locked or unreachable database."""
    message = str(getattr(exc, "orig", exc)).lower()
    if "disk" in message and "full" in message or "no space" in message:
        return StorageError("disk_full", message)
    if "locked" in message or "busy" in message:
        return StorageError("locked", message)
    if "readonly" in message or "read-only" in message or "read only" in message:
        return StorageError("read_only", message)
    if isinstance(exc, OperationalError) and ("connect" in message or "connection" in message):
        return StorageError("unreachable", message)
    return StorageError("database", message)


class Database:
    """One open database: migrated on open, handing out units of work."""

    def __init__(self, url: str | None = None, migrate_schema: bool = True, actor: str | None = None) -> None:
        self.url = resolve_url(url)
        self.engine = make_engine(self.url)
        self.cache = SeasonCache()
        self.actor = actor or _os_user()
        if migrate_schema:
            try:
                migrate(self.engine)
            except (DatabaseTooNew, StorageError):
                self.engine.dispose()
                raise
            except SQLAlchemyError as exc:
                self.engine.dispose()
                raise storage_error(exc) from exc

    def uow(self, actor: str | None = None) -> "SqlUnitOfWork":
        return SqlUnitOfWork(self, actor or self.actor)

    def close(self) -> None:
        self.engine.dispose()

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
    """One transaction. Seasons touched are written on commit; anything else rolls back."""

    def __init__(self, db: Database, actor: str) -> None:
        self.db = db
        self.actor = actor
        self._committed = False
        self._finished = False

    def fresh(self) -> "SqlUnitOfWork":
        """A new unit of work on the same database for the same person (a unit of work is used once)."""
        return SqlUnitOfWork(self.db, self.actor)

    def __enter__(self) -> "SqlUnitOfWork":
        try:
            self.conn = self.db.engine.connect()
            self.tx = self.conn.begin()
        except SQLAlchemyError as exc:
            raise storage_error(exc) from exc
        self.clusters = SqlClusterRepository(self.conn)
        self.seasons = SqlSeasonRepository(self.conn, self.db.cache)
        self.audit = SqlAuditLog(self.conn, self.actor)
        return self

    def commit(self) -> None:
        try:
            for season in self.seasons.seen.values():
                if not season.changes and season.id not in self.seasons.added:
                    continue
                # version first: a concurrent writer is found before we touch its rows
                self.seasons.bump_version(season)
                self.seasons.flush(season)
                self.audit.record_changes(season)
            self.tx.commit()
        except (DBAPIError, SQLAlchemyError) as exc:
            self._rollback()
            raise storage_error(exc) from exc
        except BaseException:
            self._rollback()
            raise
        for season in self.seasons.seen.values():
            if season.changes or season.id in self.seasons.added:
                season.version += 1 if season.id not in self.seasons.added else 0
                season.changes.clear()
        self._committed = self._finished = True

    def _rollback(self) -> None:
        if self._finished:
            return
        self._finished = True
        try:
            self.tx.rollback()
        finally:
            # a season only read stays valid; one changed in memory but not committed does not
            with self.db.cache.lock:
                for season_id, season in self.seasons.seen.items():
                    if season.changes or season_id in self.seasons.added:
                        self.db.cache.drop(season_id)

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if not self._committed:
                self._rollback()
        finally:
            self.conn.close()
