"""The audit log as a hash chain (one per season), the OS login beside the actor, and thidua's own mark.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

from thidua.storage.audit_chain import GENESIS, row_hash

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "thidua_info",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )
    op.bulk_insert(sa.table("thidua_info", sa.column("key"), sa.column("value")),
                   [{"key": "application", "value": "thidua"}])
    with op.batch_alter_table("audit") as batch:
        batch.add_column(sa.Column("chain", sa.String(32), nullable=False, server_default=""))
        batch.add_column(sa.Column("seq", sa.Integer, nullable=True))
        batch.add_column(sa.Column("os_user", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("prev_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("hash", sa.String(64), nullable=True))
    op.create_table(
        "audit_heads",
        sa.Column("chain", sa.String(32), primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    # chain the rows already there, in the order they were written
    conn = op.get_bind()
    audit = sa.table("audit", *(sa.column(c) for c in (
        "id", "at", "actor", "season_id", "entity", "key", "field", "old", "new", "reason", "chain", "seq",
        "os_user", "prev_hash", "hash")))
    heads: dict[str, tuple[int, str]] = {"": (0, GENESIS)}
    rows = list(conn.execute(sa.select(audit).order_by(audit.c.id)))
    for r in rows:
        chain = r.season_id or ""
        seq, prev = heads.get(chain, (0, GENESIS))
        values = {**r._mapping, "chain": chain, "seq": seq + 1, "os_user": ""}
        digest = row_hash(prev, values)
        conn.execute(sa.update(audit).where(audit.c.id == r.id).values(chain=chain, seq=seq + 1, prev_hash=prev,
                                                                       hash=digest))
        heads[chain] = (seq + 1, digest)
    op.bulk_insert(sa.table("audit_heads", sa.column("chain"), sa.column("seq"), sa.column("hash")),
                   [{"chain": c, "seq": s, "hash": h} for c, (s, h) in heads.items()])
    op.create_index("ix_audit_chain_seq", "audit", ["chain", "seq"], unique=True)
