"""Initial schema: clusters, seasons, members, criteria, figures, scores, outcome, revisions, audit.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = 32


def upgrade() -> None:
    op.create_table(
        "clusters",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("name", sa.String(300), nullable=False, unique=True),
        sa.Column("parent_body", sa.String(300), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "seasons",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("cluster_id", sa.String(ID), sa.ForeignKey("clusters.id"), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("settings", sa.Text, nullable=False),
        sa.Column("meeting", sa.Text, nullable=False),
        sa.Column("decisions", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("cluster_id", "year", name="uq_season_cluster_year"),
    )
    op.create_table(
        "season_members",
        sa.Column("season_id", sa.String(ID), sa.ForeignKey("seasons.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("member_id", sa.String(ID), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("short_name", sa.String(200), nullable=False),
        sa.Column("full_name", sa.String(300), nullable=False),
    )
    op.create_table(
        "criteria",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("season_id", sa.String(ID), sa.ForeignKey("seasons.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("parent_id", sa.String(ID), nullable=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("method", sa.String(30), nullable=True),
        sa.Column("max_centi", sa.Integer, nullable=True),
        sa.Column("step_centi", sa.Integer, nullable=False),
        sa.Column("params", sa.Text, nullable=False),
    )
    op.create_table(
        "figures",
        sa.Column("season_id", sa.String(ID), sa.ForeignKey("seasons.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("member_id", sa.String(ID), primary_key=True),
        sa.Column("criterion_id", sa.String(ID), primary_key=True),
        sa.Column("target", sa.String(40), nullable=True),
        sa.Column("actual", sa.String(40), nullable=True),
    )
    op.create_table(
        "scores",
        sa.Column("season_id", sa.String(ID), sa.ForeignKey("seasons.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("member_id", sa.String(ID), primary_key=True),
        sa.Column("criterion_id", sa.String(ID), primary_key=True),
        sa.Column("self_centi", sa.Integer, nullable=True),
        sa.Column("agreed_centi", sa.Integer, nullable=True),
    )
    op.create_table(
        "award_types",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("season_id", sa.String(ID), sa.ForeignKey("seasons.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_table(
        "nominees",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("season_id", sa.String(ID), sa.ForeignKey("seasons.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_table(
        "ballots",
        sa.Column("nominee_id", sa.String(ID), primary_key=True),
        sa.Column("season_id", sa.String(ID), sa.ForeignKey("seasons.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_table(
        "revisions",
        sa.Column("season_id", sa.String(ID), sa.ForeignKey("seasons.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("signed_by", sa.String(200), nullable=False),
        sa.Column("signed_at", sa.DateTime, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("reopened_by", sa.String(200), nullable=True),
        sa.Column("reopened_at", sa.DateTime, nullable=True),
        sa.Column("reopen_reason", sa.Text, nullable=True),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("season_id", sa.String(ID), nullable=True, index=True),
        sa.Column("entity", sa.String(30), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("field", sa.String(60), nullable=False),
        sa.Column("old", sa.Text, nullable=True),
        sa.Column("new", sa.Text, nullable=True),
    )
