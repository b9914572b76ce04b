"""Every workbook thidua writes, registered with the document registry when this module is imported."""

from __future__ import annotations

from .registry import register
from .xlsx_scoring import write_scoring_table

register("scoring-table", "Bảng tổng hợp chấm điểm", "Scoring table", "xlsx", write_scoring_table)
