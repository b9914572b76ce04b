"""A complete copy of a database as one SQLite file: SQLite's online backup, or a server's rows copied over.

Why a file of its own: a secretary copies or e-mails the data file while the app is open; the
live .sqlite may still have recent changes in its -wal file, the copy never does.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import create_engine, delete, insert, select

from ..files import atomic_output
from . import tables as t


def backup_database(db, target: Path) -> Path:
    with atomic_output(target) as tmp:
        tmp.unlink()   # sqlite3 writes a fresh file here
        if db.is_sqlite:
            with db.engine.connect() as conn:
                source = conn.connection.driver_connection
                dest = sqlite3.connect(tmp)
                try:
                    source.backup(dest)
                    dest.execute("PRAGMA journal_mode=DELETE")   # one self-contained file, no -wal beside it
                    dest.commit()
                finally:
                    dest.close()
        else:
            _copy_rows(db, tmp)
    return target


def _copy_rows(db, path: Path) -> None:
    """Every thidua table of a server, row for row, into a new SQLite file at the same schema revision."""
    from .database import migrate

    engine = create_engine(f"sqlite:///{path}")
    try:
        migrate(engine)
        with db.engine.connect() as src, engine.begin() as dst:
            dst.execute(delete(t.audit_heads))
            dst.execute(delete(t.thidua_info))
            for table in t.metadata.sorted_tables:
                rows = [dict(r._mapping) for r in src.execute(select(table))]
                if rows:
                    dst.execute(insert(table), rows)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=DELETE")
    finally:
        engine.dispose()
