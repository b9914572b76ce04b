"""PDF documents of a season (Decree 30 layout): importing this module registers every PDF kind."""

from __future__ import annotations

from .pdf_tables import write_covenant, write_scoring_table
from .registry import register

register("scoring-table", "Bảng tổng hợp kết quả chấm điểm", "Scoring table", "pdf", write_scoring_table)
register("covenant", "Bản giao ước thi đua", "Covenant", "pdf", write_covenant)

try:   # the papers land in their own module; the tables work without them
    from .pdf_papers import write_minutes, write_ranking, write_submission
except ImportError:   # pragma: no cover - only while the papers module is being written
    pass
else:
    register("ranking", "Bảng xếp hạng, xếp loại và đề nghị khen thưởng", "Ranking and award proposals", "pdf",
             write_ranking)
    register("minutes", "Biên bản họp bình xét thi đua", "Minutes of the year-end meeting", "pdf", write_minutes)
    register("submission", "Tờ trình đề nghị khen thưởng", "Award submission", "pdf", write_submission)

KINDS = ("scoring-table", "ranking", "minutes", "submission", "covenant")
