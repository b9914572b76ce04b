"""The old import path of xlsx/scoring.py, kept for member_forms.py until the data-in work moves it."""

from .xlsx.scoring import node_formula, total_formula, write_scoring_table  # noqa: F401
