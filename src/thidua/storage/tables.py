"""The database schema at the newest revision (migrations in storage/migrations build it)."""

from __future__ import annotations

from sqlalchemy import (Column, DateTime, ForeignKey, Integer, MetaData, String, Table, Text,
                        UniqueConstraint)

metadata = MetaData()

ID = 32

clusters = Table(
    "clusters", metadata,
    Column("id", String(ID), primary_key=True),
    Column("name", String(300), nullable=False, unique=True),
    Column("parent_body", String(300), nullable=False),
    Column("created_at", DateTime, nullable=False),
)

seasons = Table(
    "seasons", metadata,
    Column("id", String(ID), primary_key=True),
    Column("cluster_id", String(ID), ForeignKey("clusters.id"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("state", String(20), nullable=False),
    Column("version", Integer, nullable=False),
    Column("settings", Text, nullable=False),
    Column("meeting", Text, nullable=False),
    Column("decisions", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("cluster_id", "year", name="uq_season_cluster_year"),
)

season_members = Table(
    "season_members", metadata,
    Column("season_id", String(ID), ForeignKey("seasons.id", ondelete="CASCADE"), primary_key=True),
    Column("member_id", String(ID), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("short_name", String(200), nullable=False),
    Column("full_name", String(300), nullable=False),
)

criteria = Table(
    "criteria", metadata,
    Column("id", String(ID), primary_key=True),
    Column("season_id", String(ID), ForeignKey("seasons.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("parent_id", String(ID), nullable=True),
    Column("position", Integer, nullable=False),
    Column("code", String(20), nullable=False),
    Column("title", Text, nullable=False),
    Column("kind", String(10), nullable=False),
    Column("role", String(10), nullable=False),
    Column("method", String(30), nullable=True),
    Column("max_centi", Integer, nullable=True),
    Column("step_centi", Integer, nullable=False),
    Column("params", Text, nullable=False),
)

figures = Table(
    "figures", metadata,
    Column("season_id", String(ID), ForeignKey("seasons.id", ondelete="CASCADE"), primary_key=True),
    Column("member_id", String(ID), primary_key=True),
    Column("criterion_id", String(ID), primary_key=True),
    Column("target", String(40), nullable=True),
    Column("actual", String(40), nullable=True),
)

scores = Table(
    "scores", metadata,
    Column("season_id", String(ID), ForeignKey("seasons.id", ondelete="CASCADE"), primary_key=True),
    Column("member_id", String(ID), primary_key=True),
    Column("criterion_id", String(ID), primary_key=True),
    Column("self_centi", Integer, nullable=True),
    Column("agreed_centi", Integer, nullable=True),
    Column("note", Text, nullable=False, default=""),
    Column("review_centi", Integer, nullable=True),    # cụm trưởng thẩm định (schema 0004)
    Column("council_centi", Integer, nullable=True),   # Hội đồng (schema 0004)
)

cross_scores = Table(
    "cross_scores", metadata,
    Column("season_id", String(ID), ForeignKey("seasons.id", ondelete="CASCADE"), primary_key=True),
    Column("member_id", String(ID), primary_key=True),
    Column("criterion_id", String(ID), primary_key=True),
    Column("scorer_id", String(ID), primary_key=True),
    Column("points_centi", Integer, nullable=False),
)

award_types = Table(
    "award_types", metadata,
    Column("id", String(ID), primary_key=True),
    Column("season_id", String(ID), ForeignKey("seasons.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("data", Text, nullable=False),
)

nominees = Table(
    "nominees", metadata,
    Column("id", String(ID), primary_key=True),
    Column("season_id", String(ID), ForeignKey("seasons.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("data", Text, nullable=False),
)

ballots = Table(
    "ballots", metadata,
    Column("nominee_id", String(ID), primary_key=True),
    Column("season_id", String(ID), ForeignKey("seasons.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("data", Text, nullable=False),
)

# the higher council's later decision on a proposal: written also into a signed-off season
council_decisions = Table(
    "council_decisions", metadata,
    Column("nominee_id", String(ID), primary_key=True),
    Column("season_id", String(ID), ForeignKey("seasons.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("data", Text, nullable=False),
)

revisions = Table(
    "revisions", metadata,
    Column("season_id", String(ID), ForeignKey("seasons.id", ondelete="CASCADE"), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("signed_by", String(200), nullable=False),
    Column("signed_at", DateTime, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("content", Text, nullable=False),
    Column("reopened_by", String(200), nullable=True),
    Column("reopened_at", DateTime, nullable=True),
    Column("reopen_reason", Text, nullable=True),
)

audit = Table(
    "audit", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("season_id", String(ID), nullable=True, index=True),
    Column("entity", String(30), nullable=False),
    Column("key", String(200), nullable=False),
    Column("field", String(60), nullable=False),
    Column("old", Text, nullable=True),
    Column("new", Text, nullable=True),
    Column("reason", Text, nullable=True),
    Column("chain", String(ID), nullable=False, server_default=""),   # the season's id; '' database-wide
    Column("seq", Integer, nullable=True),                            # 1, 2, 3… within its chain
    Column("os_user", String(200), nullable=False, server_default=""),
    Column("prev_hash", String(64), nullable=True),
    Column("hash", String(64), nullable=True),
)

audit_heads = Table(
    "audit_heads", metadata,
    Column("chain", String(ID), primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)

# marks a database as thidua's, so another program's file is never mistaken for ours
thidua_info = Table(
    "thidua_info", metadata,
    Column("key", String(40), primary_key=True),
    Column("value", String(200), nullable=False),
)
