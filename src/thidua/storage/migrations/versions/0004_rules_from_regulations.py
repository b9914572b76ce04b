"""Rules from real regulations: review-panel and council score columns, the higher council's later decisions.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("scores") as batch:
        batch.add_column(sa.Column("review_centi", sa.Integer, nullable=True))
        batch.add_column(sa.Column("council_centi", sa.Integer, nullable=True))
    op.create_table(
        "council_decisions",
        sa.Column("nominee_id", sa.String(32), primary_key=True),
        sa.Column("season_id", sa.String(32), sa.ForeignKey("seasons.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("data", sa.Text, nullable=False),
    )
