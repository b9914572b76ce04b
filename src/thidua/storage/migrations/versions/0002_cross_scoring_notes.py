"""Cross-scoring, evidence notes on scores, and reasons in the audit log.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cross_scores",
        sa.Column("season_id", sa.String(32), sa.ForeignKey("seasons.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("member_id", sa.String(32), primary_key=True),
        sa.Column("criterion_id", sa.String(32), primary_key=True),
        sa.Column("scorer_id", sa.String(32), primary_key=True),
        sa.Column("points_centi", sa.Integer, nullable=False),
    )
    with op.batch_alter_table("scores") as batch:
        batch.add_column(sa.Column("note", sa.Text, nullable=False, server_default=""))
    with op.batch_alter_table("audit") as batch:
        batch.add_column(sa.Column("reason", sa.Text, nullable=True))
