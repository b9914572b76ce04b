"""Picking the Vietnamese or English wording of a label, following thidua.wording's language."""

from __future__ import annotations

from .. import wording


def tr(vi: str, en: str) -> str:
    """The label in the current language; Vietnamese unless English was chosen in the settings."""
    return en if wording.language() == "en" else vi


class ReviewOnly(Exception):
    """An edit attempted while the database is open for review (read-only)."""


def explain(exc: BaseException) -> str:
    """A sentence for any failure a user can meet; never a traceback."""
    if isinstance(exc, ReviewOnly):
        return tr("Cơ sở dữ liệu đang mở ở chế độ xem lại (chỉ đọc) nên không thể thay đổi. "
                  "Muốn sửa, hãy mở lại tệp ở chế độ bình thường.",
                  "The database is open for review (read-only), so nothing can change. "
                  "To edit, open the file normally.")
    if isinstance(exc, ValueError) and exc.args and isinstance(exc.args[0], str) and exc.args[0].startswith("nan:"):
        return tr(f"“{exc.args[0][4:]}” không phải là số. Hãy nhập số, ví dụ 4 hoặc 4,5.",
                  f"“{exc.args[0][4:]}” is not a number. Type a number such as 4 or 4.5.")
    return wording.explain(exc)


def not_a_number(text: str) -> ValueError:
    return ValueError(f"nan:{text}")
