"""The wording of official papers: always Vietnamese, whatever language the app's screens use.

Screens and the command line word things through thidua.wording, which follows the user's
language; a paper that is signed and sent up must not. Numbers are "99,5" and "4.139", dates
"ngày 05 tháng 02 năm 2018" (Decree 30), and each sentence a paper prints is written here once.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

from ...domain.points import format_count, format_points
from ...domain.ranking import TieBreakerKind
from ...domain.votes import VoteMethod, VoteRule
from ...wording import rule_notes, vote_rule_text

DOTS = "……"
PARENT_SHORT = ("HỢP TÁC XÃ", "HTX")   # "LIÊN MINH HỢP TÁC XÃ VIỆT NAM" prints as "LIÊN MINH HTX VIỆT NAM"

VOTE_METHODS = {VoteMethod.SECRET_BALLOT: "Bỏ phiếu kín", VoteMethod.SHOW_OF_HANDS: "Biểu quyết giơ tay"}

RECIPIENTS_UP = ("Liên minh HTX Việt Nam (để b/c);", "Các đơn vị thành viên Cụm;", "Lưu: Cụm.")


@lru_cache(maxsize=4096)
def points(value: Decimal | None) -> str:
    """Points as a Vietnamese paper prints them: "99,5", "17" (cached: a big table repeats few values)."""
    return format_points(value, ",")


def count(value: Decimal | int | None) -> str:
    """Figures with thousands: "4.139", "1.298,5"."""
    return format_count(value, ".", ",")


def percent(value: Decimal | None) -> str:
    return "" if value is None else f"{points(value)}%"


def date(day: dt.date, place: str = "") -> str:
    """'Ninh Bình, ngày 15 tháng 12 năm 2017' (Decree 30: days under 10 and months 1–2 take a 0)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {text}" if place else text


def short_date(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def dateline(day: dt.date | None, place: str, year: int) -> str:
    """The dateline, or its blanks to fill by hand when the date is not recorded yet."""
    if day is None:
        return f"{place or DOTS}, ngày {DOTS} tháng {DOTS} năm {year}"
    return date(day, place or DOTS)


def signed_time(at: dt.datetime) -> str:
    """A signing time in ISO 8601 with the Vietnamese time zone (Decree 30, Appendix I)."""
    # a naive time is the computer's local time (what datetime.now() gave when it was taken)
    return at.astimezone(VN_TZ).replace(microsecond=0).isoformat()


VN_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")


def parent_body(name: str) -> str:
    return name.upper().replace(*PARENT_SHORT)


def settled_by(kind: TieBreakerKind, group: str = "") -> str:
    if kind is TieBreakerKind.GROUP_SCORE:
        return f"điểm nhóm “{group}”"
    if kind is TieBreakerKind.MORE_BONUS:
        return "điểm thưởng"
    return "điểm trừ"


def rank_note(row, with_missing: bool = True) -> str:
    """The note beside a ranking row (services.scoring.RankingRow): shared, decided or settled."""
    note = ""
    if row.tie:
        note = "Đồng hạng"
    elif row.decided is not None:
        note = "Thứ hạng do Cụm biểu quyết" + (f": {row.decided.note}" if row.decided.note else "")
    elif row.settled_by is not None:
        note = "Bằng tổng điểm, phân định theo " + settled_by(row.settled_by.kind, row.settled_by_group or "")
    # what the regulations' rules did to the row (rate, rows not assigned, a cap, a floor): issue 13
    parts = ([note] if note else []) + rule_notes(row, "vi")
    if with_missing and row.missing:
        parts.append(f"còn {row.missing} ô chưa chấm")
    return "; ".join(parts)


def vote_rule(rule: VoteRule) -> str:
    """"trên một nửa số thành viên có mặt", "từ 70% số thành viên có mặt và ý kiến bằng văn bản … trở lên"."""
    return vote_rule_text(rule, "vi")


def vote_share(votes_for: int, present: int) -> str:
    if not present:
        return "0%"
    return percent(Decimal(votes_for * 100) / Decimal(present))


def names(items: list[str]) -> str:
    """"A và B" for two, "A, B, C" for more."""
    return " và ".join(items) if len(items) <= 2 else ", ".join(items)


def continued(what: str, first: int, last: int, total: int) -> str:
    return f"{what} (tiếp theo): đơn vị thứ {first} đến {last} trong {total} đơn vị thành viên"


def draft_footer() -> str:
    return "DỰ THẢO — chưa ký duyệt; số liệu có thể còn thay đổi. Văn bản chỉ có giá trị khi đã ký duyệt."


def signed_footer(revision: int, signer: str, at: dt.datetime | None, sha256: str) -> str:
    when = f"{at:%H:%M ngày %d/%m/%Y}" if at else ""
    return f"Ký duyệt lần {revision} · Người ký duyệt: {signer} · {when} · SHA-256: {sha256}"


def footer(marks) -> str:
    """The marks line every page of every paper carries (signoff.marks.Marks)."""
    if marks.draft:
        return draft_footer()
    return signed_footer(marks.revision, marks.signed_by, marks.signed_at, marks.sha256)
