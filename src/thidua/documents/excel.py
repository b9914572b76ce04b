"""Every workbook thidua writes, registered with the document registry when this module is imported."""

from __future__ import annotations

from .registry import register
from .xlsx_documents import write_covenant, write_minutes, write_ranking
from .xlsx_scoring import write_scoring_table

register("scoring-table", "Bảng tổng hợp chấm điểm", "Scoring table", "xlsx", write_scoring_table)
register("ranking", "Kết quả xếp hạng và đề nghị khen thưởng", "Ranking and awards", "xlsx", write_ranking)
register("minutes", "Biên bản họp Cụm thi đua", "Meeting minutes", "xlsx", write_minutes)
register("covenant", "Chỉ tiêu giao ước thi đua", "Covenant targets", "xlsx", write_covenant)
