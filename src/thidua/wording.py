"""Words people read: Vietnamese (default) and English sentences for errors, states and labels.

Domain errors carry data; this module turns them into a sentence that says what happened and
what to do next. Screens, the command line and documents all word things through here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .domain.criteria import Method, Role
from .domain.errors import DomainError
from .domain.points import format_points
from .domain.ranking import TieBreaker, TieBreakerKind
from .domain.season import State
from .domain.votes import Base, Comparison, VoteMethod, VoteRule
from .services.ports import StorageError

_LANG = "vi"


def set_language(lang: str) -> None:
    global _LANG
    _LANG = "en" if lang == "en" else "vi"


def language() -> str:
    return _LANG


def _pick(vi: str, en: str) -> str:
    return en if _LANG == "en" else vi


def p(value: Decimal | None) -> str:
    """Points as the user reads them: '15,5' in Vietnamese, '15.5' in English."""
    return format_points(value, "." if _LANG == "en" else ",")


STATES = {
    State.DRAFT: ("Dự thảo", "Draft"),
    State.SCORING: ("Đang chấm điểm", "Scoring"),
    State.VOTING: ("Bình xét, bỏ phiếu", "Voting"),
    State.SIGNED_OFF: ("Đã ký duyệt", "Signed off"),
}
METHODS = {
    Method.MANUAL: ("Chấm điểm trực tiếp", "Manual points"),
    Method.RATIO: ("Tỷ lệ thực hiện / chỉ tiêu", "Achieved / target"),
    Method.BANDS: ("Theo mức (khoảng giá trị)", "Bands on a value"),
    Method.YES_NO: ("Có / không", "Yes / no"),
    Method.BONUS_PER_ITEM: ("Cộng điểm theo số lần", "Bonus per item"),
    Method.DEDUCTION_PER_ITEM: ("Trừ điểm theo số lần", "Deduction per item"),
    Method.RELATIVE: ("So với đơn vị dẫn đầu", "Against the leader"),
}
ROLES = {
    Role.NORMAL: ("Tiêu chí", "Criterion"),
    Role.BONUS: ("Điểm thưởng", "Bonus"),
    Role.DEDUCTION: ("Điểm trừ", "Deduction"),
}
VOTE_METHODS = {
    VoteMethod.SECRET_BALLOT: ("Bỏ phiếu kín", "Secret ballot"),
    VoteMethod.SHOW_OF_HANDS: ("Biểu quyết giơ tay", "Show of hands"),
}


def state_name(state: State) -> str:
    return _pick(*STATES[state])


def method_name(method: Method) -> str:
    return _pick(*METHODS[method])


def role_name(role: Role) -> str:
    return _pick(*ROLES[role])


def vote_method_name(method: VoteMethod) -> str:
    return _pick(*VOTE_METHODS[method])


def tie_breaker_name(tb: TieBreaker, group_title: str = "") -> str:
    if tb.kind is TieBreakerKind.GROUP_SCORE:
        return _pick(f"điểm nhóm “{group_title}” cao hơn", f"higher score in “{group_title}”")
    if tb.kind is TieBreakerKind.MORE_BONUS:
        return _pick("nhiều điểm thưởng hơn", "more bonus points")
    return _pick("ít điểm trừ hơn", "fewer deductions")


def settled_by_text(tb: TieBreaker, group_title: str = "") -> str:
    """What separated two equal totals, said neutrally so it reads true for both members."""
    if tb.kind is TieBreakerKind.GROUP_SCORE:
        return _pick(f"điểm nhóm “{group_title}”", f"the score in “{group_title}”")
    if tb.kind is TieBreakerKind.MORE_BONUS:
        return _pick("điểm thưởng", "bonus points")
    return _pick("điểm trừ", "deductions")


def rank_note(row, with_missing: bool = True) -> str:
    """The note beside a ranking row (a services.scoring.RankingRow): shared, decided or settled."""
    note = ""
    if row.tie:
        note = _pick("Đồng hạng", "Shared rank")
    elif row.decided is not None:
        note = _pick("Thứ hạng do Cụm biểu quyết", "Ordered by the committee's vote")
        if row.decided.note:
            note += f": {row.decided.note}"
    elif row.settled_by is not None:
        note = _pick("Bằng tổng điểm, phân định theo ", "Equal total, settled by ") + \
            settled_by_text(row.settled_by, row.settled_by_group or "")
    parts = [note] if note else []
    parts += rule_notes(row)
    if with_missing and row.missing:
        parts.append(_pick(f"còn {row.missing} ô chưa chấm", f"{row.missing} scores missing"))
    return "; ".join(parts)


def percent(share: Decimal, lang: str | None = None) -> str:
    """A share as a percentage: 0.85 → '85%', 0.875 → '87,5%'."""
    return f"{format_points(share * 100, '.' if (lang or _LANG) == 'en' else ',')}%"


def rule_notes(row, lang: str | None = None) -> list[str]:
    """What the season's regulation rules did to a ranking row: its rate, rows not assigned to it,
    a capped classification, and the band a criterion below its floor kept it out of.

    `lang` "vi" words it for an official paper whatever the screens' language.
    """
    vi = (lang or _LANG) != "en"

    def say(v: str, e: str) -> str:
        return v if vi else e

    def n(value: Decimal | None) -> str:
        return format_points(value, "," if vi else ".")
    out = []
    rate, maximum = getattr(row, "rate", None), getattr(row, "maximum", None)
    if rate is not None:
        of = say(f" của {n(maximum)} điểm được giao", f" of the {n(maximum)} points assigned") \
            if maximum is not None else ""
        out.append(say(f"tỷ lệ đạt {n(rate)}%{of}", f"{n(rate)}% achieved{of}"))
    elif maximum is not None:
        out.append(say(f"tối đa {n(maximum)} điểm được giao", f"{n(maximum)} points assigned"))
    if getattr(row, "not_assigned", ()):
        rows = ", ".join(row.not_assigned)
        out.append(say(f"không được giao {rows}", f"not assigned {rows}"))
    measure = getattr(row, "class_measure", None)
    if measure is not None and row.classification is not None:
        unit = "%" if rate is not None else say(" điểm", " points")
        actual = rate if rate is not None else row.total
        out.append(say(f"xếp loại tính tối đa {n(measure)}{unit} (thực tế {n(actual)}{unit})",
                       f"classified on at most {n(measure)}{unit} (actual {n(actual)}{unit})"))
    held = getattr(row, "held_back", ())
    if held:
        top = held[0]
        floor = percent(top.floor, "vi" if vi else "en")
        below = ", ".join(f"{code} {n(points)}/{n(top_points)}" for code, points, top_points in top.below)
        out.append(say(f"đủ điểm “{top.band}” nhưng chưa đạt {floor} điểm tối đa ở {below}",
                       f"enough points for “{top.band}” but below {floor} of the maximum on {below}"))
    return out


def _say(lang: str | None, vi: str, en: str) -> str:
    """Vietnamese or English: `lang` when a paper fixes it, the screens' language otherwise."""
    return en if (lang or _LANG) == "en" else vi


def vote_base_text(base: Base, lang: str | None = None) -> str:
    return {Base.PRESENT: _say(lang, "số thành viên có mặt", "members present"),
            Base.ALL: _say(lang, "tổng số thành viên", "all members"),
            Base.PRESENT_AND_WRITTEN: _say(lang, "số thành viên có mặt và ý kiến bằng văn bản của thành viên vắng mặt",
                                           "members present plus the absent members' written opinions")}[base]


def share_text(share, lang: str | None = None) -> str:
    """A vote share: 'một nửa', '70%', '2/3'."""
    if share == Fraction(1, 2):
        return _say(lang, "một nửa", "half")
    if (share * 100).denominator == 1:
        return f"{share * 100}%"
    return f"{share.numerator}/{share.denominator}"


def vote_rule_text(rule: VoteRule, lang: str | None = None) -> str:
    pct = share_text(rule.share, lang)
    base = vote_base_text(rule.base, lang)
    if rule.comparison is Comparison.MORE_THAN:
        return _say(lang, f"trên {pct} {base}", f"more than {pct} of {base}")
    return _say(lang, f"từ {pct} {base} trở lên", f"at least {pct} of {base}")


def quorum_text(rule: VoteRule, lang: str | None = None) -> str:
    """The meeting's quorum as regulations write it, or "" when the season sets none."""
    if rule.quorum is None:
        return ""
    return _say(lang, f"cuộc họp chỉ biểu quyết khi có mặt từ {share_text(rule.quorum, lang)} tổng số thành viên trở lên",
                f"the meeting decides only with at least {share_text(rule.quorum, lang)} of members present")


def vote_rule_sentence(rule: VoteRule, lang: str | None = None) -> str:
    """'Đạt khi có trên một nửa số thành viên có mặt đồng ý.' and, when set, the quorum as a second sentence."""
    text = _say(lang, f"Đạt khi có {vote_rule_text(rule, lang)} đồng ý.",
                f"Passes with {vote_rule_text(rule, lang)} in favour.")
    quorum = quorum_text(rule, lang)
    return f"{text} {quorum[:1].upper()}{quorum[1:]}." if quorum else text


def ballot_basis(ballot, lang: str | None = None) -> str:
    """What a ballot's share was taken of, and whether the meeting had its quorum — as the minutes state it:
    'tính trên 4 thành viên có mặt và 1 ý kiến bằng văn bản = 5; có mặt 4/5, đủ tối thiểu 4'."""
    rule = ballot.rule
    if rule.base is Base.PRESENT_AND_WRITTEN:
        base = _say(lang, f"tính trên {ballot.present} thành viên có mặt và {ballot.written} ý kiến bằng văn bản "
                          f"= {ballot.base_count}",
                    f"of {ballot.present} present and {ballot.written} written opinions = {ballot.base_count}")
    elif rule.base is Base.ALL:
        base = _say(lang, f"tính trên tổng số {ballot.eligible} thành viên", f"of all {ballot.eligible} members")
    else:
        base = _say(lang, f"tính trên {ballot.present} thành viên có mặt", f"of {ballot.present} present")
    if rule.quorum is None:
        return base
    need = rule.quorum_needed(ballot.eligible)
    enough = _say(lang, "đủ", "met") if ballot.quorum_met else _say(lang, "không đủ", "not met")
    return base + _say(lang, f"; có mặt {ballot.present}/{ballot.eligible}, tối thiểu {need}: {enough}",
                       f"; {ballot.present}/{ballot.eligible} present, quorum {need}: {enough}")


def quota_text(award, members: int, by_id: dict | None = None, lang: str | None = None) -> str:
    """How many an award may go to, as the regulation counts it ('không quá 20% của 9 đơn vị = 1,8, làm tròn
    xuống 1'), and the award whose quota it is counted within."""
    from .domain.awards import quota_chain

    vi = (lang or _LANG) != "en"
    bits = []
    if award.quota_count is not None:
        bits.append(_say(lang, f"không quá {award.quota_count}", f"at most {award.quota_count}"))
    if award.quota_share is not None:
        exact = format_points(award.quota_share * members, "," if vi else ".")
        share = percent(award.quota_share, "vi" if vi else "en")
        bits.append(_say(lang, f"không quá {share} của {members} đơn vị = {exact}, làm tròn xuống {award.quota(members)}",
                         f"at most {share} of {members} members = {exact}, rounded down to {award.quota(members)}"))
    for outer in quota_chain(award, by_id or {})[1:]:
        bits.append(_say(lang, f"tính trong số lượng của “{outer.name}”", f"counted within “{outer.name}”'s quota"))
    return "; ".join(bits)


def achievement(target: Decimal | None, actual: Decimal | None) -> str:
    """'89/50 — đạt 178%' as progress reports write it; just the figure when there is no target."""
    from .domain.criteria import achievement_percent
    from .domain.points import format_count

    if actual is None:
        return ""
    sep = ("." , ",") if _LANG == "vi" else (",", ".")
    if target is None or target <= 0:
        return format_count(actual, *sep)
    pct = achievement_percent(target, actual)
    pct_text = format_points(pct, sep[1])
    return _pick(f"{format_count(actual, *sep)}/{format_count(target, *sep)} — đạt {pct_text}%",
                 f"{format_count(actual, *sep)}/{format_count(target, *sep)} — {pct_text}% achieved")


# ---- how a criterion's points are computed: the tree, the form and the papers say it the same way ----
def _figure(value: Decimal, unit: str, vi: bool) -> str:
    from .domain.points import format_count

    text = format_count(value, *((".", ",") if vi else (",", ".")))
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def band_ranges(bands, unit: str = "", lang: str | None = None) -> str:
    """'≥ 90%: 5 đ; 70–90%: 3 đ; < 70%: 0 đ' — highest first; values under the lowest threshold score 0."""
    from .domain.points import format_count

    vi = (lang or _LANG) != "en"
    pts = "đ" if vi else "pt"
    num = (lambda v: format_count(v, *((".", ",") if vi else (",", "."))))
    ordered = sorted(bands, key=lambda b: b.threshold, reverse=True)
    parts = []
    for i, b in enumerate(ordered):
        points = format_points(b.points, "," if vi else ".")
        if i == 0:
            parts.append(f"≥ {_figure(b.threshold, unit, vi)}: {points} {pts}")
        else:
            upper = ordered[i - 1].threshold
            parts.append(f"{num(b.threshold)}–{_figure(upper, unit, vi)}: {points} {pts}")
    if ordered and ordered[-1].threshold > 0:
        parts.append(f"< {_figure(ordered[-1].threshold, unit, vi)}: 0 {pts}")
    return "; ".join(parts)


def criterion_rule(node, lang: str | None = None) -> str:
    """How a scored criterion's points are computed, in one line ('' for a group): what the tree's method
    column, the form and the scoring table's notes all show."""
    from .domain.criteria import Method

    vi = (lang or _LANG) != "en"
    n = (lambda v: format_points(v, "," if vi else "."))
    pts = "đ" if vi else "pt"
    m = node.method
    if m is None:
        return ""
    top = node.max_points
    if m is Method.BANDS:
        ranges = band_ranges(node.bands, node.unit, lang)
        return _say(lang, f"theo mức ({ranges})", f"by band ({ranges})")
    if m is Method.RATIO:
        text = _say(lang, f"theo tỷ lệ thực hiện/chỉ tiêu, tối đa {n(top)} {pts}",
                    f"by achieved/target, at most {n(top)} {pts}")
        if node.exceed_cap:
            text += _say(lang, f"; vượt chỉ tiêu cộng thêm tối đa {n(node.exceed_cap)} {pts}",
                         f"; exceeding the target adds at most {n(node.exceed_cap)} {pts}")
        return text
    if m in (Method.BONUS_PER_ITEM, Method.DEDUCTION_PER_ITEM):
        unit = node.unit or _say(lang, "lần", "item")
        if m is Method.BONUS_PER_ITEM:
            return _say(lang, f"cộng {n(node.per_item)} {pts}/{unit}, tối đa {n(top)} {pts}",
                        f"+{n(node.per_item)} {pts} per {unit}, at most {n(top)} {pts}")
        return _say(lang, f"trừ {n(node.per_item)} {pts}/{unit}, tối đa {n(top)} {pts}",
                    f"−{n(node.per_item)} {pts} per {unit}, at most {n(top)} {pts}")
    if m is Method.YES_NO:
        return _say(lang, f"đạt: {n(top)} {pts}; không đạt: 0 {pts}", f"yes: {n(top)} {pts}; no: 0 {pts}")
    if m is Method.RELATIVE:
        return _say(lang, f"so với đơn vị dẫn đầu, tối đa {n(top)} {pts}", f"against the leader, at most {n(top)} {pts}")
    return _say(lang, f"chấm trực tiếp 0–{n(top)} {pts}, bước {n(node.step)}",
                f"points 0–{n(top)}, in steps of {n(node.step)}")


def has_own_rule(node) -> bool:
    """A criterion whose points follow a rule the table's columns do not show: bands, the extra for
    exceeding a target, points per item (the scoring table's notes spell these out)."""
    from .domain.criteria import Method

    return node.method is Method.BANDS or (node.method is Method.RATIO and node.exceed_cap > 0) or \
        node.method in (Method.BONUS_PER_ITEM, Method.DEDUCTION_PER_ITEM)


_BAND_PROBLEMS = {
    "none": ("Cần ít nhất một khoảng giá trị.", "Give at least one range."),
    "incomplete": ("{rows}: cần ghi cả “Từ” và “Điểm”.", "{rows}: give both “From” and “Points”."),
    "negative": ("{rows}: “{value}” là số âm; giá trị và điểm không được âm.",
                 "{rows}: “{value}” is negative; values and points cannot be."),
    "too_large": ("{rows}: “{value}” quá lớn.", "{rows}: “{value}” is too large."),
    "too_precise": ("{rows}: “{value}” có quá nhiều chữ số thập phân (điểm: tối đa 2, giá trị: tối đa 4).",
                    "{rows}: “{value}” has too many decimals (points: 2, values: 4)."),
    "not_finite": ("{rows}: “{value}” không phải là số.", "{rows}: “{value}” is not a number."),
    "empty_range": ("{rows}: “Đến” ({other}) phải lớn hơn “Từ” ({value}).",
                    "{rows}: “To” ({other}) must be above “From” ({value})."),
    "duplicate": ("{rows} cùng bắt đầu từ {value}.", "{rows} both start at {value}."),
    "gap": ("{rows} bị hở: giá trị từ {value} đến dưới {other} không thuộc khoảng nào.",
            "{rows} leave a gap: values from {value} to below {other} fall in no range."),
    "overlap": ("{rows} chồng lên nhau: giá trị từ {other} đến dưới {value} thuộc cả hai khoảng.",
                "{rows} overlap: values from {other} to below {value} fall in both."),
    "open_not_last": ("{rows}: chỉ khoảng cao nhất được để trống “Đến”; khoảng bắt đầu từ {value} cần ghi “Đến”.",
                      "{rows}: only the highest range may leave “To” blank; the range from {value} needs one."),
    "last_closed": ("{rows} là khoảng cao nhất: hãy để trống ô “Đến” (từ {other} trở lên), vì giá trị từ {value} "
                    "trở lên vẫn được điểm của khoảng này.",
                    "{rows} is the highest range: leave “To” blank (from {other} up), since values from {value} up "
                    "still earn its points."),
    "above_max": ("{rows}: {value} điểm vượt điểm tối đa {other} của tiêu chí.",
                  "{rows}: {value} points is above the criterion's maximum of {other}."),
}


def band_problem_text(problem, lang: str | None = None) -> str:
    """One typed-band problem as a sentence naming its rows: 'Dòng 2 và 3 chồng lên nhau: …'."""
    from .domain.points import format_count

    vi = (lang or _LANG) != "en"
    rows = list(problem.rows)
    if not rows:
        where = ""
    elif len(rows) == 1:
        where = _say(lang, f"Dòng {rows[0]}", f"Row {rows[0]}")
    else:
        where = _say(lang, f"Dòng {', '.join(map(str, rows[:-1]))} và {rows[-1]}",
                     f"Rows {', '.join(map(str, rows[:-1]))} and {rows[-1]}")
    points_reason = problem.reason == "above_max"
    def fmt(v):
        if v is None:
            return ""
        return format_points(v, "," if vi else ".") if points_reason else \
            format_count(v, *((".", ",") if vi else (",", ".")))
    vi_text, en_text = _BAND_PROBLEMS.get(problem.reason, (problem.reason, problem.reason))
    return _say(lang, vi_text, en_text).format(rows=where, value=fmt(problem.value), other=fmt(problem.other))


def bands_refusal(error) -> str:
    """The sentence a refused save of bands says: the first problem, and how many more there are."""
    problems = error.data.get("problems", ())
    first = band_problem_text(problems[0]) if problems else ""
    more = len(problems) - 1
    tail = _pick(f" (và {more} lỗi khác, xem dưới bảng mức)", f" (and {more} more, see under the bands)") if more > 0 else ""
    if tail:
        first = first.rstrip(".") + tail + "."
    return _pick(f"Chưa lưu được các mức điểm. {first}", f"The bands were not saved. {first}")


def vn_date(day: dt.date, place: str = "") -> str:
    """'Ninh Bình, ngày 15 tháng 12 năm 2017' (Decree 30: days under 10 and months 1–2 take a 0)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {text}" if place else text


# ---- errors -------------------------------------------------------------------------------
_POINT_REASONS = {
    "negative": ("Điểm không được âm.", "Points cannot be negative."),
    "above_max": ("Điểm {points} vượt điểm tối đa {maximum} của tiêu chí này.",
                  "{points} is above this criterion's maximum of {maximum}."),
    "step": ("Điểm phải chia hết cho bước {step} (ví dụ 0, {step}, …).",
             "Points must be in steps of {step}."),
    "yes_no": ("Tiêu chí có/không chỉ nhận 0 hoặc {maximum} điểm.",
               "A yes/no criterion takes 0 or {maximum} points."),
    "band": ("Tiêu chí theo mức chỉ nhận một trong các mức: {allowed}.",
             "A banded criterion takes one of: {allowed}."),
    "per_item": ("Điểm phải là bội số của {step} điểm mỗi lần.", "Points must be a multiple of {step} per item."),
    "too_precise": ("Điểm chỉ ghi tới hai chữ số thập phân.", "Points take at most two decimals."),
}

_CRITERIA_REASONS = {
    "no_title": ("Tiêu chí cần có nội dung.", "A criterion needs a title."),
    "leaf_without_method": ("Tiêu chí chấm điểm cần có cách chấm.", "A scored criterion needs a method."),
    "bands_missing": ("Tiêu chí theo mức cần ít nhất một mức điểm.", "A banded criterion needs at least one band."),
    "max_missing": ("Tiêu chí cần có điểm tối đa lớn hơn 0.", "A criterion needs a maximum above 0."),
    "per_item_missing": ("Cần ghi số điểm cho mỗi lần.", "Give the points per item."),
    "deduction_outside_deductions": ("Tiêu chí trừ điểm phải nằm trong mục Điểm trừ.",
                                     "A deduction must sit under a deductions heading."),
    "bad_step": ("Bước điểm phải lớn hơn 0.", "The step must be above 0."),
    "bad_exceed_cap": ("Điểm vượt chỉ tiêu không được âm.", "Extra points cannot be negative."),
    "group_with_method": ("Nhóm tiêu chí không có cách chấm riêng.", "A group has no method of its own."),
    "duplicate_id": ("Tiêu chí đã có trong bảng.", "The criterion is already in the table."),
    "child_of_leaf": ("Không thể thêm tiêu chí con vào một tiêu chí chấm điểm; hãy thêm vào nhóm.",
                      "A scored criterion cannot have children; add it to a group."),
    "choice_needs_leaves": ("Các phương án (mức) chỉ gồm tiêu chí chấm điểm.", "Alternatives must be scored rows."),
    "leaf_with_children": ("Tiêu chí đang có tiêu chí con nên không thể đổi thành tiêu chí chấm điểm.",
                           "It has children, so it cannot become a scored row."),
    "move_into_itself": ("Không thể chuyển một nhóm vào chính nó.", "A group cannot move into itself."),
    "number_too_large": ("Số điểm “{value}” quá lớn: điểm, điểm tối đa và bước điểm không vượt quá 10.000.",
                         "“{value}” is too large: points, maxima and steps are at most 10,000."),
    "number_too_precise": ("Số điểm “{value}” chỉ được ghi tới hai chữ số thập phân (ngưỡng mức: bốn).",
                           "“{value}” takes at most two decimals (band thresholds: four)."),
    "number_not_finite": ("“{value}” không phải là một số.", "“{value}” is not a number."),
}

_SETTING_REASONS = {
    "signed_season_kept": ("Kỳ thi đua {value} đã ký duyệt nên không bao giờ bị xóa: đó là hồ sơ của những gì "
                           "đã ký. Muốn sửa, hãy mở lại và ghi rõ lý do.",
                           "Season {value} is signed off, so it is never deleted: it is the record of what was "
                           "signed. To edit it, reopen it with a reason."),
    "next_season_not_empty": ("Kỳ thi đua năm {value} đã có số liệu được nhập nên không thể hoàn tác việc bắt đầu; "
                              "nếu thật sự muốn bỏ, hãy dùng “Xóa kỳ thi đua này…”.",
                              "Season {value} already has data typed in, so starting it cannot be undone; "
                              "to drop it, use “Delete this season…”."),
    "band_without_name": ("Mỗi mức xếp loại cần có tên.", "Each classification needs a name."),
    "band_name_twice": ("Tên xếp loại bị trùng.", "A classification name repeats."),
    "band_threshold_twice": ("Hai mức xếp loại có cùng ngưỡng điểm.", "Two classifications share a threshold."),
    "bad_vote_share": ("Tỷ lệ phiếu cần nằm trong khoảng 0–100%.", "The vote share must be between 0 and 100 %."),
    "award_without_name": ("Hình thức khen thưởng cần có tên.", "An award needs a name."),
    "bad_quota": ("Số lượng khen thưởng không được âm.", "A quota cannot be negative."),
    "bad_quota_share": ("Tỷ lệ khen thưởng cần nằm trong khoảng 0–100%.", "A quota share must be 0–100 %."),
    "bad_max_rank": ("Thứ hạng tối thiểu phải từ 1 trở lên.", "The rank limit must be 1 or more."),
    "member_without_name": ("Đơn vị thành viên cần có tên.", "A member needs a name."),
    "nominee_without_name": ("Đối tượng đề nghị khen thưởng cần có tên.", "A nominee needs a name."),
    "self_cross_score": ("Đơn vị không được tự chấm chéo cho chính mình.", "A member never cross-scores itself."),
    "signer_missing": ("Cần ghi tên người ký duyệt.", "Give the signer's name."),
    "reopen_reason_missing": ("Cần ghi lý do mở lại kỳ thi đua đã ký duyệt.",
                              "Give a reason to reopen a signed-off season."),
    "not_a_tie": ("Các đơn vị này không bằng điểm nhau nên không cần biểu quyết thứ hạng.",
                  "These members are not tied, so there is nothing to decide."),
    "too_many_heads": ("Một năm có tối đa hai đơn vị cùng làm Cụm trưởng.", "At most two members share the head."),
    "bad_year": ("Năm {value} không hợp lệ (cần từ 1900 đến 2200).", "{value} is not a valid year (1900–2200)."),
    "bad_floor": ("Ngưỡng tối thiểu của mỗi tiêu chí trong mức xếp loại cần lớn hơn 0% và không quá 100%.",
                  "A band's floor must be above 0 % and at most 100 %."),
    "not_assigned_twice": ("Một đơn vị được ghi hai lần trong danh sách không được giao.",
                           "A member is listed twice as not assigned."),
    "column_not_kept": ("Kỳ thi đua này không dùng cột điểm đó; hãy bật cột trong thiết lập trước.",
                        "This season does not keep that score column; turn it on in the settings first."),
    "counting_column_not_kept": ("Cột điểm được tính phải là cột kỳ thi đua có dùng.",
                                 "The column that counts must be one the season keeps."),
    "highest_of_columns": ("Hãy chọn ít nhất một cột điểm (trong các cột đang dùng) để lấy điểm cao nhất.",
                           "Choose at least one kept column to take the highest of."),
    "bad_panels": ("Các cột điểm thêm chỉ gồm cụm trưởng thẩm định và Hội đồng, mỗi cột một lần.",
                   "Extra columns are the review panel and the council, each once."),
    "bad_class_cap": ("Mức điểm tính tối đa khi xếp loại cần lớn hơn 0 và không quá 10.000, hai chữ số thập phân.",
                      "The classification cap must be above 0 and at most 10,000 with two decimals."),
    "quota_within_itself": ("Một hình thức khen thưởng không thể tính trong số lượng của chính nó.",
                            "An award cannot count within its own quota."),
    "quota_within_cycle": ("Các hình thức khen thưởng không thể tính vòng trong số lượng của nhau.",
                           "Awards cannot count within each other's quotas in a circle."),
    "bad_quorum": ("Tỷ lệ thành viên có mặt tối thiểu cần lớn hơn 0% và không quá 100%.",
                   "The quorum must be above 0 % and at most 100 %."),
    "decision_number_too_long": ("Số quyết định quá dài (tối đa 100 ký tự).", "The decision number is too long."),
    "cluster_without_name": ("Cụm thi đua cần có tên.", "A cluster needs a name."),
}

_VOTE_REASONS = {
    "negative": ("Số phiếu không được âm.", "Vote counts cannot be negative."),
    "present_absent": ("Số có mặt ({present}) cộng vắng mặt ({absent}) phải bằng tổng số thành viên ({eligible}).",
                       "Present ({present}) plus absent ({absent}) must equal the members ({eligible})."),
    "votes_vs_present": ("Số phiếu đồng ý ({votes_for}), không đồng ý ({votes_against}) và phiếu trắng ({blank}) "
                         "phải cộng lại bằng số thành viên có mặt ({present}).",
                         "For ({votes_for}), against ({votes_against}) and blank ({blank}) must add up to "
                         "those present ({present})."),
    "nobody_present": ("Không có thành viên nào có mặt thì không thể biểu quyết.", "Nobody present, no vote."),
    "written_vs_absent": ("Số ý kiến bằng văn bản ({written_for} đồng ý, {written_against} không đồng ý) không thể "
                          "nhiều hơn số thành viên vắng mặt ({absent}).",
                          "Written opinions ({written_for} for, {written_against} against) cannot outnumber "
                          "the absent ({absent})."),
}

_KINDS = {
    "cluster": ("cụm thi đua", "cluster"), "season": ("kỳ thi đua", "season"), "member": ("đơn vị thành viên", "member"),
    "criterion": ("tiêu chí", "criterion"), "leaf": ("tiêu chí chấm điểm", "scored criterion"),
    "award_type": ("hình thức khen thưởng", "award"), "nominee": ("đối tượng đề nghị", "nominee"),
}

_STORAGE = {
    "disk_full": ("Ổ đĩa đã đầy nên chưa lưu được thay đổi. Hãy giải phóng dung lượng rồi thử lại; "
                  "dữ liệu đã lưu trước đó vẫn nguyên vẹn.",
                  "The disk is full, so the change was not saved. Free some space and try again; "
                  "everything saved before is intact."),
    "locked": ("Cơ sở dữ liệu đang bận (có người khác đang ghi). Hãy thử lại sau giây lát.",
               "The database is busy (someone else is writing). Try again in a moment."),
    "read_only": ("Không ghi được vào tệp dữ liệu (tệp chỉ đọc). Hãy mở tệp ở nơi có quyền ghi.",
                  "The database file is read-only. Open it from a place you can write to."),
    "unreachable": ("Không kết nối được tới cơ sở dữ liệu. Hãy kiểm tra mạng và địa chỉ máy chủ.",
                    "Cannot reach the database. Check the network and the server address."),
    "too_new": ("Cơ sở dữ liệu này được tạo bởi phiên bản thidua mới hơn. Hãy cập nhật thidua để mở; "
                "dữ liệu không bị thay đổi.",
                "This database was made by a newer thidua. Update thidua to open it; nothing was changed."),
    "concurrent_change": ("Người khác vừa lưu thay đổi trong kỳ thi đua này. Dữ liệu đã được tải lại; "
                          "hãy xem lại rồi nhập lại thay đổi của bạn.",
                          "Someone else just saved a change to this season. It has been reloaded; "
                          "check it and make your change again."),
    "foreign": ("Tệp hoặc cơ sở dữ liệu này không phải của thidua (nó chứa bảng của chương trình khác); "
                "thidua không mở và không thay đổi gì trong đó. Hãy chọn tệp dữ liệu thidua hoặc tạo tệp mới.",
                "This file or database is not thidua's (it holds another program's tables); thidua did not open "
                "it and changed nothing. Choose a thidua data file or create a new one."),
    "cannot_open": ("Không mở được tệp dữ liệu {detail}: tệp không có hoặc không đọc được. "
                    "Hãy kiểm tra đường dẫn và quyền truy cập.",
                    "Cannot open the data file {detail}: it is missing or unreadable. Check the path and access."),
    "create_exists": ("Tệp {detail} đã có dữ liệu thidua; thidua không ghi đè lên nó. Muốn dùng tệp đó, hãy chọn "
                      "Tệp → Mở tệp dữ liệu; muốn tạo tệp mới, hãy đặt tên khác.",
                      "{detail} already holds thidua data; thidua does not overwrite it. To use it, choose "
                      "File → Open; for a new file, give another name."),
    "create_foreign": ("Tệp {detail} đã có và là của chương trình khác; thidua không ghi đè lên nó. "
                       "Hãy đặt tên khác cho tệp dữ liệu mới.",
                       "{detail} already exists and belongs to another program; thidua does not overwrite it. "
                       "Give the new data file another name."),
    "missing_file": ("Không tìm thấy tệp dữ liệu {detail}: có thể tệp đã bị chuyển đi hoặc xóa. Hãy mở tệp ở "
                     "nơi mới (Tệp → Mở tệp dữ liệu) hoặc tạo tệp mới.",
                     "The data file {detail} is not there: it may have been moved or deleted. Open it from "
                     "its new place (File → Open) or create a new one."),
    "needs_upgrade": ("Tệp dữ liệu {detail} do phiên bản thidua cũ hơn tạo ra và cần nâng cấp, nhưng đang chỉ "
                      "đọc được. Hãy chép tệp sang nơi có quyền ghi rồi mở lại.",
                      "The data file {detail} was made by an older thidua and needs upgrading, but it is "
                      "read-only. Copy it to a place you can write to and open it again."),
    "database": ("Lỗi cơ sở dữ liệu: {detail}. Thay đổi chưa được lưu; dữ liệu cũ vẫn nguyên vẹn.",
                 "Database error: {detail}. The change was not saved; earlier data is intact."),
}


_OS_REASONS = {
    # errno name: (what happened, what to do), Vietnamese then English
    "ENOSPC": ("ổ đĩa đã đầy", "hãy giải phóng dung lượng rồi thử lại",
               "the disk is full", "free some space and try again"),
    "EDQUOT": ("đã hết hạn mức dung lượng", "hãy giải phóng dung lượng rồi thử lại",
               "the disk quota is used up", "free some space and try again"),
    "EISDIR": ("đó là một thư mục, không phải tệp", "hãy ghi tên tệp cụ thể",
               "it is a folder, not a file", "give a file name"),
    "ENOTDIR": ("một phần của đường dẫn là tệp chứ không phải thư mục", "hãy kiểm tra lại đường dẫn",
                "part of the path is a file, not a folder", "check the path"),
    "ENOENT": ("không tìm thấy tệp hoặc thư mục", "hãy kiểm tra lại đường dẫn",
               "no such file or folder", "check the path"),
    "EACCES": ("không có quyền truy cập", "hãy chọn nơi bạn có quyền ghi",
               "permission denied", "choose a place you may write to"),
    "EPERM": ("không được phép", "hãy chọn nơi bạn có quyền ghi",
              "not permitted", "choose a place you may write to"),
    "EROFS": ("ổ đĩa chỉ cho đọc", "hãy chọn nơi có thể ghi",
              "the disk is read-only", "choose a place you can write to"),
    "ENAMETOOLONG": ("tên tệp quá dài", "hãy đặt tên ngắn hơn",
                     "the file name is too long", "use a shorter name"),
    "EEXIST": ("tệp đã tồn tại", "hãy chọn tên khác", "the file already exists", "choose another name"),
    "EBUSY": ("tệp đang được chương trình khác dùng", "hãy đóng chương trình đó rồi thử lại",
              "the file is in use by another program", "close that program and try again"),
    "ETXTBSY": ("tệp đang được chương trình khác dùng", "hãy đóng chương trình đó rồi thử lại",
                "the file is in use by another program", "close that program and try again"),
    "EIO": ("lỗi đọc ghi ổ đĩa", "hãy kiểm tra ổ đĩa hoặc USB rồi thử lại",
            "a disk input/output error", "check the disk or USB stick and try again"),
}


def _os_parts(error: OSError) -> tuple[str, str]:
    import errno as errno_names

    name = errno_names.errorcode.get(error.errno or 0, "")
    parts = _OS_REASONS.get(name)
    if parts is None:
        return (_pick("lỗi hệ thống tệp", "a file system error"),
                _pick("hãy kiểm tra đường dẫn rồi thử lại", "check the path and try again"))
    return (parts[0], parts[1]) if _LANG == "vi" else (parts[2], parts[3])


def internal_error(log_path: str) -> str:
    """A fault in thidua itself: nothing half-written, and where the details are for whoever fixes it."""
    where = _pick(f" Chi tiết đã ghi vào {log_path}.", f" Details were written to {log_path}.") if log_path else ""
    return _pick("thidua gặp lỗi không mong muốn nên đã dừng; dữ liệu đã lưu trước đó không bị ảnh hưởng. "
                 "Hãy báo cho người hỗ trợ kỹ thuật." + where,
                 "thidua hit an unexpected fault and stopped; data saved before is unaffected. "
                 "Please tell technical support." + where)


def os_reason(error: OSError) -> str:
    """Why a file operation failed, as a clause in the user's language ('ổ đĩa đã đầy')."""
    return _os_parts(error)[0]


def os_refusal(error: OSError, path: object = None) -> str:
    """A failed file operation as one sentence with the path and what to do next."""
    what, todo = _os_parts(error)
    target = path if path is not None else (error.filename or "")
    if target:
        return _pick(f"Không ghi hoặc đọc được “{target}”: {what}; {todo}.",
                     f"Cannot write or read “{target}”: {what}; {todo}.")
    return _pick(f"Không thực hiện được: {what}; {todo}.", f"Could not do it: {what}; {todo}.")


def _fmt(value: Any) -> Any:
    if isinstance(value, Decimal):
        return p(value)
    if isinstance(value, list):
        return ", ".join(str(_fmt(v)) for v in value)
    return value


_CERTIFICATE = {
    "unreadable": ("Không đọc được tệp chứng thư số {path}: {detail}.",
                   "Cannot read the certificate file {path}: {detail}."),
    "bad_password_or_file": ("Không mở được chứng thư số {path}: sai mật khẩu hoặc tệp không phải dạng PKCS#12 "
                             "(.p12/.pfx). Hãy kiểm tra mật khẩu rồi thử lại.",
                             "Cannot open the certificate {path}: wrong password or not a PKCS#12 file "
                             "(.p12/.pfx). Check the password and try again."),
    "expired": ("Chứng thư số {path} đã hết hạn ngày {detail}; hãy dùng chứng thư còn hiệu lực.",
                "The certificate {path} expired on {detail}; use one that is still valid."),
    "not_yet_valid": ("Chứng thư số {path} chỉ có hiệu lực từ ngày {detail}.",
                      "The certificate {path} is valid only from {detail}."),
    "not_thidua": ("Tệp {detail} không do thidua tạo ra nên không ký số được.",
                   "{detail} was not made by thidua, so it cannot be signed."),
}


def certificate_refusal(error: BaseException, path: str, locking: bool = True) -> str:
    """A certificate that cannot sign, in a sentence; when signing off, said before anything is locked."""
    texts = _CERTIFICATE.get(getattr(error, "reason", ""))
    if texts is None:
        return explain(error)
    text = _pick(*texts).format(path=path, detail=getattr(error, "detail", ""))
    return text + _pick(" Kỳ thi đua chưa bị khóa.", " The season was not locked.") if locking else text


def explain_lines(error: BaseException) -> list[str]:
    """The sentence, then one line per detail (for refusals that list many problems, like imports)."""
    if hasattr(error, "sentence") and hasattr(error, "problems"):     # a workbook we will not read
        return [error.sentence()] + [p.sentence() for p in error.problems]
    code = getattr(error, "code", None)
    if code == "season_file":
        return season_file_lines(error)
    if code == "import_problems":
        problems = error.data["problems"]
        file = error.data.get("file", "")
        if len(problems) == 1:
            return [_pick(f"Không nhập được bảng trong tệp “{file}” — {problems[0].sentence()} Chưa ghi gì; "
                          "hãy sửa trong Excel rồi nhập lại.",
                          f"The table in “{file}” cannot be imported — {problems[0].sentence()} Nothing was "
                          "written; fix it in Excel and import again.")]
        head = _pick(f"Bảng trong tệp “{file}” có {len(problems)} ô không nhập được; "
                     "chưa ghi gì. Hãy sửa trong Excel rồi nhập lại:",
                     f"The table in “{file}” has {len(problems)} cells that cannot be "
                     "imported; nothing was written. Fix them in Excel and import again:")
        return [head] + [f"  - {p.sentence()}" for p in problems]
    if code == "import_totals":
        checks = error.data["checks"]
        sheet = error.data.get("sheet", "")
        lines = [total_difference(c, sheet) for c in checks]
        if len(lines) == 1:
            return [_pick(f"{lines[0]} Chưa ghi gì; hãy kiểm tra lại điểm trong Excel.",
                          f"{lines[0]} Nothing was written; check the scores in Excel.")]
        return [_pick(f"{len(lines)} con số in trong bảng khác với số tính từ các tiêu chí; chưa ghi gì — hãy "
                      "kiểm tra lại trong Excel:",
                      f"{len(lines)} figures printed in the table differ from what the criteria add up to; "
                      "nothing was written — check them in Excel:")] + [f"  - {line}" for line in lines]
    if code == "form_conflicts":
        lines = [_form_conflict(*cell) for cell in error.data["cells"]]
        tail = _pick(" Chưa ghi gì từ các phiếu; hãy xem giá trị mới, xuất phiếu mới cho đơn vị hoặc sửa trực tiếp.",
                     " Nothing from the forms was written; check the new values, export a new form for the "
                     "member or change the cell directly.")
        if len(lines) == 1:
            return [lines[0] + tail]
        return [_pick(f"{len(lines)} ô đã được sửa sau khi xuất phiếu.", f"{len(lines)} cells changed after the "
                      "forms were made.") + tail] + [f"  - {line}" for line in lines]
    return [explain(error)]


def total_difference(check: Any, sheet: str = "") -> str:
    """'Hậu Giang: ô I33 (trang “Bảng”) ghi 92 nhưng các tiêu chí cộng lại 93' — one printed figure that is off."""
    where = cell_place(sheet, None, None)
    cell = f"{_pick('ô', 'cell')} {check.cell}" + (f" ({where})" if where else "") if check.cell else ""
    what = {"total": _pick("tổng điểm", "total"), "self_total": _pick("tổng điểm tự chấm", "self-score total"),
            "subtotal": _pick(f"điểm nhóm “{check.label}”", f"subtotal of “{check.label}”")}[check.what]
    return _pick(f"{check.member}: {what} ở {cell} ghi {p(check.printed)} nhưng các tiêu chí cộng lại "
                 f"{p(check.computed)}.",
                 f"{check.member}: the {what} in {cell} says {p(check.printed)} but the criteria add up to "
                 f"{p(check.computed)}.")


def _form_conflict(member: str, criterion: str, expected: Any, current: Any, by: Any, at: Any) -> str:
    if expected is None and current is None and by is None:
        return _pick(f"Ghi chú của {member} ở “{criterion}” đã được sửa sau khi xuất phiếu.",
                     f"The note of {member} on “{criterion}” changed after the form was made.")
    who = by or _pick("người khác", "someone else")
    when = f" {_pick('lúc', 'at')} {at:%H:%M %d/%m/%Y}" if isinstance(at, dt.datetime) else ""
    blank = _pick("trống", "empty")
    return _pick(f"Điểm tự chấm của {member} ở “{criterion}” đã được {who} sửa{when} từ {p(expected) or blank} "
                 f"thành {p(current) or blank} sau khi xuất phiếu.",
                 f"{who} changed the self-score of {member} on “{criterion}”{when} from {p(expected) or blank} "
                 f"to {p(current) or blank} after the form was made.")


_FIELDS = {
    "self": ("điểm tự chấm", "self-score"), "agreed": ("điểm cụm chấm", "agreed score"),
    "note": ("ghi chú", "note"), "points": ("điểm chấm chéo", "cross score"),
    "target": ("chỉ tiêu", "target"), "actual": ("số thực hiện", "actual figure"),
    "short_name": ("tên", "name"), "full_name": ("tên đầy đủ", "full name"), "values": ("số liệu", "data"),
    "title": ("nội dung", "title"), "code": ("số thứ tự", "number"), "max_points": ("điểm tối đa", "maximum"),
    "method": ("cách chấm", "method"), "step": ("bước điểm", "step"), "per_item": ("điểm mỗi lần", "points per item"),
    "bands": ("các mức", "bands"), "exceed_cap": ("điểm vượt chỉ tiêu", "extra for exceeding"),
    "role": ("loại", "kind"), "unit": ("đơn vị tính", "unit"), "parent_id": ("vị trí", "place"),
    "order": ("thứ tự", "order"), "state": ("bước", "step"), "version": ("nội dung", "content"),
    "ballot": ("kết quả biểu quyết", "vote"), "nominee": ("đối tượng đề nghị", "nominee"),
    "award_type": ("hình thức khen thưởng", "award"), "nominees": ("danh sách đề nghị", "proposals"),
    "name": ("tên", "name"), "quota_count": ("số lượng", "quota"), "quota_share": ("tỷ lệ", "quota share"),
    "reason": ("lý do", "reason"), "id": ("", ""),
    "review": ("điểm cụm trưởng thẩm định", "review score"), "council": ("điểm Hội đồng", "council score"),
    "decision": ("quyết định của cấp trên", "the higher council's decision"),
    "not_assigned": ("danh sách đơn vị không được giao", "members not assigned"),
    "within": ("số lượng tính chung", "quota counted within"),
    "added": ("thêm mới", "added"), "removed": ("xóa", "removed"), "position": ("vị trí", "position"),
    "created": ("tạo mới", "created"), "signed": ("ký duyệt", "signed off"), "reopened": ("mở lại", "reopened"),
    "replaced": ("thay toàn bộ", "replaced"), "precedence": ("thứ tự ưu tiên", "precedence"),
    "max_rank": ("thứ hạng tối thiểu", "rank limit"), "min_classification": ("xếp loại tối thiểu", "class limit"),
    "exclusive": ("không kèm hình thức thấp hơn", "excludes lower awards"),
    "from_ranking": ("đề nghị theo xếp hạng", "proposed from the ranking"), "kind": ("loại", "kind"),
    "award_type_id": ("hình thức khen thưởng", "award"), "member_id": ("đơn vị", "member"),
    "origin": ("nguồn đề nghị", "origin"), "contested": ("còn tranh chấp", "contested"),
}
_MEETING_FIELDS = {
    "date": ("ngày họp", "meeting date"), "start_time": ("giờ họp", "start time"), "place": ("địa điểm", "place"),
    "venue": ("nơi họp", "venue"), "chair": ("người chủ trì", "chair"), "secretary": ("thư ký", "secretary"),
    "attendance": ("danh sách có mặt", "attendance"), "agenda": ("nội dung họp", "agenda"),
    "conclusions": ("kết luận", "conclusions"), "minutes_number": ("số biên bản", "minutes number"),
    "submission_number": ("số tờ trình", "submission number"), "grounds": ("căn cứ", "grounds"),
    "classes": ("xếp loại", "classification"), "tie_breakers": ("tiêu chí phụ", "tie-breakers"),
    "vote_rule": ("tỷ lệ biểu quyết", "vote rule"), "scoring_mode": ("cách tính điểm", "scoring mode"),
    "rank_basis": ("xếp hạng theo", "rank by"), "class_cap": ("xếp loại tính tối đa", "classification cap"),
    "floor_scope": ("ngưỡng tối thiểu áp dụng cho", "floors look at"), "panels": ("các cột điểm", "score columns"),
    "highest_of": ("cột lấy điểm cao nhất", "columns for the highest"),
    "drop_extremes": ("bỏ điểm cao nhất và thấp nhất", "drop extremes"), "heads": ("Cụm trưởng", "heads"),
    "deputy_id": ("Cụm phó", "deputy"), "next_heads": ("Cụm trưởng năm sau", "next heads"),
    "next_deputy_id": ("Cụm phó năm sau", "next deputy"), "host_member_id": ("đơn vị đăng cai", "host"),
    "chair_title": ("chức vụ chủ trì", "chair's title"), "secretary_title": ("chức vụ thư ký", "secretary's title"),
    "guests": ("khách mời", "guests"), "recipient": ("kính gửi", "recipient"),
}


def _conflict_what(data: dict) -> str:
    """What the conflicting edit was about: 'điểm cụm chấm của Ninh Bình ở tiêu chí I.1'."""
    subject = data.get("subject") or {}
    entity, fld = data.get("entity"), str(data.get("field") or "")
    if "." in fld:
        area, name = fld.split(".", 1)
        label = _pick(*_MEETING_FIELDS.get(name, (name, name)))
        return _pick(f"“{label}” của {'biên bản họp' if area == 'meeting' else 'thiết lập kỳ thi đua'}",
                     f"the {'meeting' if area == 'meeting' else 'settings'}’ “{label}”")
    label = _pick(*_FIELDS.get(fld, (fld, fld)))
    member, crit = subject.get("member"), subject.get("criterion")
    if entity in ("score", "figure", "cross") and member and crit:
        scorer = subject.get("scorer")
        by = _pick(f" do {scorer} chấm", f" by {scorer}") if scorer else ""
        return _pick(f"{label} của {member} ở tiêu chí {crit}{by}", f"{member}’s {label} on {crit}{by}")
    if entity == "member" and member:
        return _pick(f"{label} của đơn vị {member}", f"the {label} of {member}") if label else member
    if entity in ("criterion", "criteria_order") and crit:
        return _pick(f"{label} của tiêu chí {crit}", f"the {label} of criterion {crit}")
    if entity in ("nominee", "ballot", "council") and subject.get("nominee"):
        return _pick(f"{label} của {subject['nominee']}", f"the {label} of {subject['nominee']}")
    if entity == "award_type" and subject.get("award"):
        return _pick(f"{label} của “{subject['award']}”", f"the {label} of “{subject['award']}”")
    if entity == "decision":
        return _pick(f"thứ hạng do Cụm quyết định cho {subject.get('members', '')}",
                     f"the committee's order of {subject.get('members', '')}")
    if entity == "season" and fld == "version":
        return _pick("kỳ thi đua", "the season")
    return label or _pick("dữ liệu này", "this data")


def conflict_sentence(error: BaseException) -> str:
    """Someone else changed what this edit was based on: who, what, when, and that nothing was saved."""
    data = error.data
    who = data.get("by") or _pick("người khác", "someone else")
    when = data.get("at")
    when_text = f" {_pick('lúc', 'at')} {when:%H:%M %d/%m/%Y}" if isinstance(when, dt.datetime) else ""
    what = _conflict_what(data)
    current = data.get("current")
    if data.get("entity") == "season" and data.get("field") == "version":
        return _pick(f"Kỳ thi đua vừa được {who} thay đổi{when_text} sau khi bạn xem; chưa ký duyệt. "
                     "Hãy xem lại nội dung mới rồi ký duyệt.",
                     f"{who} changed the season{when_text} after you reviewed it; nothing was signed. "
                     "Review the new content, then sign off.")
    shown = _fmt(current)
    if data.get("entity") == "season" and data.get("field") == "state" and current in {s.value for s in State}:
        shown = f"“{step_name(State(current))}”"   # the step's name, not its code
    if isinstance(current, (str, Decimal, int)) and shown not in ("", None):
        now = _pick(f" thành {shown}", f" to {shown}")
    elif current is None or current == "":
        now = _pick(" (nay đã trống hoặc đã bị xóa)", " (now empty or removed)")
    else:
        now = ""
    return _pick(f"{what[:1].upper()}{what[1:]} vừa được {who} sửa{when_text}{now}; thay đổi của bạn chưa được lưu. "
                 "Hãy xem giá trị mới rồi nhập lại nếu cần.",
                 f"{who} changed {what}{when_text}{now}; your change was not saved. "
                 "Check the new value and enter yours again if needed.")


_ENTITIES = {
    "score": ("điểm", "score"), "figure": ("số liệu", "figure"), "cross": ("điểm chấm chéo", "cross score"),
    "member": ("đơn vị", "member"), "criterion": ("tiêu chí", "criterion"), "season": ("kỳ thi đua", "season"),
    "award_type": ("hình thức khen thưởng", "award"), "nominee": ("đối tượng đề nghị", "nominee"),
    "ballot": ("biểu quyết", "vote"), "decision": ("quyết định thứ hạng", "tie decision"),
    "revision": ("lần ký duyệt", "sign-off"), "cluster": ("cụm thi đua", "cluster"),
    "criteria_all": ("bảng tiêu chí", "criteria table"),
}


def audit_subject(entity: str, fld: str, subject: dict) -> str:
    """One audit row's subject as a person reads it: 'Ninh Bình · I.1 · điểm cụm chấm'."""
    parts = [subject[k] for k in ("member", "criterion", "scorer", "nominee", "award", "members") if subject.get(k)]
    if not parts:
        parts = [_pick(*_ENTITIES.get(entity, (entity, entity)))]
    if "." in fld:
        name = fld.split(".", 1)[1]
        label = _pick(*_MEETING_FIELDS.get(name, (name, name)))
    else:
        label = _pick(*_FIELDS.get(fld, (fld, fld)))
    return " · ".join(parts + ([label] if label else []))


def audit_whole(rows: int, cluster: str, year: int) -> str:
    return _pick(f"Nhật ký thay đổi của {cluster} năm {year} nguyên vẹn: {rows} dòng, không dòng nào bị sửa, "
                 "xóa hay chèn thêm.",
                 f"The change log of {cluster} {year} is whole: {rows} rows, none edited, removed or inserted.")


def audit_break(b, cluster: str, year: int) -> str:
    """The first place a season's audit chain does not hold, in one sentence."""
    where = _pick(f"dòng thứ {b.seq}", f"row {b.seq}") if b.seq else _pick("một dòng", "a row")
    when = f" ({b.at:%H:%M:%S %d/%m/%Y}, {b.entity}/{b.field})" if b.at else ""
    text = {
        "edited": (f"{where}{when} đã bị sửa bên ngoài thidua", f"{where}{when} was edited outside thidua"),
        "removed": (f"{where} đã bị xóa", f"{where} was removed"),
        "inserted": (f"{where}{when} đã bị chèn thêm bên ngoài thidua", f"{where}{when} was inserted outside thidua"),
        "truncated": (f"các dòng từ dòng thứ {b.seq} trở đi đã bị xóa", f"the rows from row {b.seq} on were removed"),
        "head_edited": ("dấu kiểm tra cuối nhật ký đã bị sửa", "the log's closing check was edited"),
    }[b.kind]
    return _pick(f"Nhật ký thay đổi của {cluster} năm {year} không còn nguyên vẹn: {text[0]}. "
                 "Hãy đối chiếu với bản sao lưu hoặc văn bản đã ký.",
                 f"The change log of {cluster} {year} is not whole: {text[1]}. Compare it with a backup or the "
                 "signed papers.")


# ---- the season's steps: what each allows, and why an action is refused ---------------------
STEP_NAMES = {   # the step bar's short names
    State.DRAFT: ("Dự thảo", "Draft"),
    State.SCORING: ("Chấm điểm", "Scoring"),
    State.VOTING: ("Bình xét", "Voting"),
    State.SIGNED_OFF: ("Ký duyệt", "Signed off"),
}
_EDITABLE = {    # what a person can change at each step (the domain's ALLOWED, said in words)
    State.DRAFT: ("có thể sửa danh sách đơn vị, bảng tiêu chí, giao ước và điểm",
                  "members, the criteria table, the covenant and scores can be edited"),
    State.SCORING: ("có thể sửa điểm, danh sách đơn vị và tiêu chí",
                    "scores, members and criteria can be edited"),
    State.VOTING: ("có thể sửa khen thưởng, ghi phiếu bầu, quyết định đồng hạng và biên bản; điểm đã khóa",
                   "awards, ballots, tie decisions and the minutes can be edited; scores are locked"),
    State.SIGNED_OFF: ("số liệu đã khóa; chỉ ghi được quyết định khen thưởng của cấp trên",
                       "everything is locked; only the higher council's decisions can be recorded"),
}


def step_name(state: State) -> str:
    return _pick(*STEP_NAMES[state])


def editable_at(state: State) -> str:
    """What can be changed at a step, e.g. "có thể sửa điểm, danh sách đơn vị và tiêu chí"."""
    return _pick(*_EDITABLE[state])


def reopened(cluster: str, year: int, revision: int, to: State) -> str:
    """After reopening: where the season is now and what can be edited there."""
    return _pick(f"Đã mở lại {cluster} năm {year} (bản ký duyệt lần {revision} vẫn giữ trong lịch sử) ở bước "
                 f"{step_name(to)}: {editable_at(to)}.",
                 f"Reopened {cluster} {year} (signed revision {revision} stays in the history) at {step_name(to)}: "
                 f"{editable_at(to)}.")


def reopened_here(to: State) -> str:
    """The status line after reopening in the window."""
    return _pick(f"Đã mở lại ở bước {step_name(to)}: {editable_at(to)}.",
                 f"Reopened at {step_name(to)}: {editable_at(to)}.")


def locked_sentence(state: State, area: str | None) -> str:
    """Why the season's step forbids changing `area` (an Area value) now."""
    if state is State.SIGNED_OFF:
        return _pick("Kỳ thi đua đã ký duyệt nên không thể thay đổi. Muốn sửa, hãy mở lại và ghi rõ lý do.",
                     "The season is signed off and cannot change. To edit, reopen it with a reason.")
    if area == "votes":
        return _pick("Chỉ ghi được phiếu bầu và quyết định thứ hạng đồng điểm ở bước Bình xét. Hãy chuyển kỳ thi "
                     "đua sang bước bình xét (Kỳ thi đua → Chuyển sang bước bình xét, bỏ phiếu).",
                     "Ballots and tie decisions are recorded only in the Voting step. Move the season to voting "
                     "(Season → Go to voting).")
    if area == "aftermath":
        return _pick("Quyết định khen thưởng của cấp trên chỉ ghi được sau hội nghị (bước Bình xét hoặc đã ký "
                     "duyệt).", "The higher council's decisions are recorded after the meeting (voting or signed off).")
    if state is State.VOTING:
        return _pick("Kỳ thi đua đang ở bước bình xét: điểm và bảng tiêu chí đã khóa. "
                     "Chuyển về bước Chấm điểm nếu cần sửa (Kỳ thi đua → Chuyển sang bước chấm điểm).",
                     "The season is in voting: scores and criteria are locked. Go back to scoring to edit "
                     "(Season → Go to scoring).")
    return _pick("Bước hiện tại của kỳ thi đua không cho phép thay đổi này.",
                 "The season's current step does not allow this change.")


def transition_sentence(from_state: State, to_state: State, action: str | None = None) -> str:
    """Why the season cannot go from one step to another (advance, sign off or reopen)."""
    here = step_name(from_state)
    if action == "adopt":   # a season file whose step does not match its signed revisions
        return _pick(f"Không thể chuyển từ “{state_name(from_state)}” sang “{state_name(to_state)}”.",
                     f"Cannot go from “{state_name(from_state)}” to “{state_name(to_state)}”.")
    if action == "reopen":
        if from_state is not State.SIGNED_OFF:
            return _pick(f"Chỉ mở lại được kỳ thi đua đã ký duyệt; kỳ này đang ở bước {here}.",
                         f"Only a signed-off season can be reopened; this one is at {here}.")
        return _pick(f"Không mở lại được ở bước {step_name(to_state)}: chỉ mở lại ở bước Chấm điểm, Bình xét "
                     "hoặc Dự thảo.", f"Cannot reopen at {step_name(to_state)}: reopen at scoring, voting or draft.")
    if from_state is State.SIGNED_OFF:
        return _pick("Kỳ thi đua đã ký duyệt. Muốn thay đổi, hãy mở lại và ghi rõ lý do (Kỳ thi đua → Mở lại).",
                     "The season is signed off. To change it, reopen it with a reason (Season → Reopen).")
    if to_state is State.SIGNED_OFF:
        if from_state is State.SCORING:
            return _pick("Chỉ ký duyệt được ở bước Bình xét, sau khi Cụm đã bình xét và bỏ phiếu. Hãy chuyển sang "
                         "bước bình xét trước (Kỳ thi đua → Chuyển sang bước bình xét, bỏ phiếu).",
                         "Sign-off happens only in the Voting step, after the committee has voted. Move to voting "
                         "first (Season → Go to voting).")
        return _pick(f"Chỉ ký duyệt được ở bước Bình xét; kỳ thi đua đang ở bước {here}: hãy chấm điểm rồi "
                     "chuyển sang bình xét trước.",
                     f"Sign-off happens only in the Voting step; the season is at {here}: score it, then move to "
                     "voting first.")
    if to_state is from_state:
        return _pick(f"Kỳ thi đua đang ở bước {here}.", f"The season is already at {here}.")
    if from_state is State.DRAFT and to_state is State.VOTING:
        return _pick("Từ Dự thảo phải qua bước Chấm điểm rồi mới bình xét.",
                     "From draft the season goes to scoring before voting.")
    if from_state is State.VOTING and to_state is State.DRAFT:
        return _pick("Từ Bình xét chỉ trở lại được bước Chấm điểm; từ đó mới về Dự thảo.",
                     "From voting the season goes back to scoring; from there to draft.")
    return _pick(f"Không thể chuyển từ “{state_name(from_state)}” sang “{state_name(to_state)}”.",
                 f"Cannot go from “{state_name(from_state)}” to “{state_name(to_state)}”.")


def explain(error: BaseException) -> str:
    """One sentence a secretary understands, saying what to do next."""
    if hasattr(error, "sentence") or getattr(error, "code", None) in ("import_problems", "import_totals",
                                                                      "form_conflicts", "season_file"):
        return explain_lines(error)[0]
    if isinstance(error, StorageError):
        vi, en = _STORAGE.get(error.reason, _STORAGE["database"])
        return _pick(vi, en).format(detail=error.detail)
    if not isinstance(error, DomainError):
        return _pick(f"Đã xảy ra lỗi không mong muốn: {error}", f"Unexpected error: {error}")
    d = {k: _fmt(v) for k, v in error.data.items()}
    code = error.code
    if code == "invalid_points":
        vi, en = _POINT_REASONS[error.data["reason"]]
        return _pick(vi, en).format(**d)
    if code == "invalid_figure":
        reason = error.data.get("reason")
        if reason == "too_large":
            return _pick(f"Số liệu “{d.get('value')}” quá lớn: chỉ tiêu và kết quả không vượt quá 10^15.",
                         f"“{d.get('value')}” is too large: targets and actuals are at most 10^15.")
        if reason == "too_precise":
            return _pick(f"Số liệu “{d.get('value')}” có quá nhiều chữ số thập phân (tối đa 4).",
                         f"“{d.get('value')}” has too many decimals (at most 4).")
        return _pick(f"Số liệu “{d.get('value')}” không hợp lệ: chỉ tiêu và kết quả phải là số không âm.",
                     f"“{d.get('value')}” is not a valid figure: targets and actuals are non-negative numbers.")
    if code == "season_locked":
        return locked_sentence(State(error.data["state"]), error.data.get("action"))
    if code == "bad_transition":
        return transition_sentence(State(error.data["from_state"]), State(error.data["to_state"]),
                                   error.data.get("action"))
    if code == "not_found":
        kind = _pick(*_KINDS.get(error.data["kind"], (error.data["kind"], error.data["kind"])))
        return _pick(f"Không tìm thấy {kind} “{d['key']}”.", f"No {kind} “{d['key']}” found.")
    if code == "ambiguous":
        kind = _pick(*_KINDS.get(error.data["kind"], (error.data["kind"], error.data["kind"])))
        return _pick(f"“{d['key']}” khớp với nhiều {kind}: {d['matches']}. Hãy ghi cụ thể hơn.",
                     f"“{d['key']}” matches several: {d['matches']}. Be more specific.")
    if code == "duplicate":
        kind = _pick(*_KINDS.get(error.data["kind"], (error.data["kind"], error.data["kind"])))
        return _pick(f"Đã có {kind} “{d['key']}”.", f"There is already a {kind} “{d['key']}”.")
    if code == "invalid_criteria":
        vi, en = _CRITERIA_REASONS.get(error.data["reason"], (error.data["reason"],) * 2)
        return _pick(vi, en).format(**d) if "value" in d else _pick(vi, en)
    if code == "invalid_setting":
        vi, en = _SETTING_REASONS.get(error.data["reason"], (error.data["reason"],) * 2)
        return _pick(vi, en).format(**d) if "{" in vi else _pick(vi, en)
    if code == "invalid_bands":
        return bands_refusal(error)
    if code == "impossible_vote":
        vi, en = _VOTE_REASONS[error.data["reason"]]
        return _pick(vi, en).format(**d)
    if code == "edit_conflict":
        return conflict_sentence(error)
    if code == "incomplete_season":
        return _pick(f"Chưa ký duyệt được: còn {d['missing']} ô điểm chưa chấm (ví dụ: {d['examples']}); "
                     "hãy chấm đủ trước khi ký duyệt.",
                     f"Cannot sign off yet: {d['missing']} scores are missing (e.g. {d['examples']}); complete them "
                     "before signing off.")
    return str(error)


# ---- reading received files: tables, member forms -------------------------------------------
_READING = {
    # refusals of a whole file: {name} is the file's name
    "missing": ("Không tìm thấy tệp “{name}”. Hãy kiểm tra lại đường dẫn.",
                "File “{name}” not found. Check the path."),
    "unreadable": ("Không đọc được tệp “{name}” ({detail}). Hãy kiểm tra quyền truy cập rồi thử lại.",
                   "Cannot read “{name}” ({detail}). Check the permissions and try again."),
    "not_regular": ("“{name}” không phải là một tệp thông thường (có thể là thiết bị, thư mục hoặc đường ống) "
                    "nên không đọc. Hãy chọn tệp Excel (.xlsx, .xls) hoặc LibreOffice (.ods).",
                    "“{name}” is not a regular file (a device, folder or pipe), so it was not read. Choose an "
                    "Excel (.xlsx, .xls) or LibreOffice (.ods) file."),
    "empty": ("Tệp “{name}” trống. Hãy chọn đúng tệp bảng tính (.xlsx, .xls, .ods).",
              "“{name}” is empty. Choose the spreadsheet (.xlsx, .xls, .ods)."),
    "too_big": ("Tệp “{name}” quá lớn ({size}) để là một bảng chấm điểm; giới hạn là {limit}. "
                "Hãy chỉ giữ lại trang tính chứa bảng rồi lưu lại.",
                "“{name}” is too large ({size}) for a scoring table; the limit is {limit}. "
                "Keep only the sheet with the table and save it again."),
    "too_big_inside": ("Tệp “{name}” chứa quá nhiều dữ liệu để đọc an toàn. Hãy chỉ giữ lại trang tính chứa "
                       "bảng rồi lưu lại.",
                       "“{name}” holds too much data to read safely. Keep only the sheet with the table and "
                       "save it again."),
    "too_slow": ("Đọc tệp “{name}” mất quá {seconds} giây nên đã dừng; tệp quá lớn hoặc có cấu trúc bất thường. "
                 "Hãy chỉ giữ lại trang tính chứa bảng rồi lưu lại.",
                 "Reading “{name}” took over {seconds} seconds and was stopped; it is too large or oddly built. "
                 "Keep only the sheet with the table and save it again."),
    "too_many_merges": ("Tệp “{name}” có hơn {limit} vùng ô gộp trong một trang nên không đọc. Hãy bỏ gộp ô "
                        "thừa rồi lưu lại.",
                        "“{name}” has more than {limit} merged ranges on one sheet, so it was not read. Unmerge "
                        "the extra cells and save again."),
    "too_many_rows": ("Bảng trong tệp “{name}” (trang “{sheet}”) dài hơn {limit} hàng mà chưa gặp hàng "
                      "“Tổng cộng”; hãy xóa các hàng thừa dưới bảng rồi nhập lại.",
                      "The table in “{name}” (sheet “{sheet}”) runs past {limit} rows without a total row; "
                      "delete the extra rows under it and import again."),
    "password": ("Tệp “{name}” được đặt mật khẩu nên không đọc được. Hãy mở trong Excel, gỡ mật khẩu "
                 "(Tệp → Thông tin → Bảo vệ sổ làm việc) rồi lưu lại và nhập lại.",
                 "“{name}” is password-protected. Open it in Excel, remove the password "
                 "(File → Info → Protect Workbook), save and import again."),
    "not_workbook": ("Tệp “{name}” không phải là tệp bảng tính Excel (.xlsx, .xls) hay LibreOffice (.ods). "
                     "Hãy chọn đúng tệp bảng chấm điểm.",
                     "“{name}” is not an Excel (.xlsx, .xls) or LibreOffice (.ods) spreadsheet. Choose the "
                     "scoring table."),
    "corrupt": ("Tệp “{name}” bị hỏng hoặc không đầy đủ nên không đọc được. Hãy mở thử trong Excel, "
                "lưu lại rồi nhập lại.",
                "“{name}” is damaged or incomplete and cannot be read. Open it in Excel, save it again and "
                "import again."),
    "no_table": ("Không tìm thấy bảng chấm điểm trong tệp “{name}”: cần một hàng tiêu đề có cột “STT”, cột "
                 "“Nội dung/Tiêu chí”, cột “Điểm tối đa” và một cột cho mỗi đơn vị (hoặc bảng tổng hợp có "
                 "cột “Đơn vị” và một cột cho mỗi nhóm tiêu chí).",
                 "No scoring table found in “{name}”: a header row with an “STT” column, a “Nội dung/Tiêu chí” "
                 "column, a “Điểm tối đa” column and one column per member is needed (or a summary with a "
                 "“Đơn vị” column and one column per criterion group)."),
    "no_members": ("Bảng trong tệp “{name}” (trang “{sheet}”, hàng tiêu đề {row}) không có cột đơn vị thành viên "
                   "nào bên phải cột điểm tối đa.",
                   "The table in “{name}” (sheet “{sheet}”, header row {row}) has no member column right of "
                   "the maximum column."),
    "no_criteria": ("Bảng trong tệp “{name}” (trang “{sheet}”, hàng tiêu đề {row}) không có tiêu chí nào dưới "
                    "hàng tiêu đề.",
                    "The table in “{name}” (sheet “{sheet}”, header row {row}) has no criteria under its header."),
    # returned self-scoring forms
    "not_a_form": ("Tệp “{name}” không phải phiếu tự chấm điểm do thidua tạo (không có phần nhận dạng). "
                   "Hãy dùng phiếu đã xuất từ phần mềm.",
                   "“{name}” is not a self-scoring form made by thidua (it has no identifying part). Use a form "
                   "exported from the program."),
    "old_form": ("Phiếu “{name}” theo mẫu cũ (một tệp cho mọi đơn vị) nên không nhập được; hãy xuất phiếu mới "
                 "cho từng đơn vị (thidua export member-forms) và gửi lại.",
                 "“{name}” is an old-style form (one file for every member) and cannot be imported; export new "
                 "forms, one per member (thidua export member-forms), and send them again."),
    "wrong_season": ("Phiếu “{name}” là của {form_cluster} năm {form_year}, không phải {cluster} năm {year}. "
                     "Không có gì được ghi.",
                     "“{name}” belongs to {form_cluster} {form_year}, not {cluster} {year}. Nothing was written."),
    "form_signed_off": ("Kỳ thi đua {cluster} năm {year} đã ký duyệt nên không nhập phiếu “{name}”. Muốn sửa, "
                        "hãy mở lại kỳ thi đua và ghi rõ lý do.",
                        "{cluster} {year} is signed off, so “{name}” was not imported. To change it, reopen the "
                        "season with a reason."),
    "form_scores_locked": ("Kỳ thi đua {cluster} năm {year} đang ở bước bình xét, điểm đã khóa nên không nhập "
                           "phiếu “{name}”. Chuyển về bước chấm điểm nếu cần.",
                           "{cluster} {year} is in voting and its scores are locked, so “{name}” was not "
                           "imported. Go back to scoring if needed."),
    "form_season_missing": ("Phiếu “{name}” là của kỳ thi đua {cluster} năm {year}, không có trong cơ sở dữ liệu "
                            "này. Hãy mở đúng tệp dữ liệu của Cụm.",
                            "“{name}” belongs to {cluster} {year}, which is not in this database. Open the "
                            "cluster's own data file."),
    "form_member_gone": ("Phiếu “{name}” là của đơn vị “{member}”, không còn trong kỳ thi đua này.",
                         "“{name}” belongs to “{member}”, who is no longer a member of this season."),
    "form_criterion_gone": ("tiêu chí của ô này đã bị xóa khỏi bảng tiêu chí sau khi xuất phiếu.",
                            "this cell's criterion was removed from the table after the form was made."),
    "form_rule_changed": ("cách chấm của “{label}” (điểm tối đa, bước hoặc chỉ tiêu) đã đổi sau khi xuất phiếu; "
                          "hãy xuất phiếu mới cho đơn vị.",
                          "the rule of “{label}” (maximum, step or target) changed after the form was made; "
                          "export a new form for this member."),
    "form_choice_twice": ("“{label}” chỉ được chọn một mức, phiếu ghi điểm ở {cells}.",
                          "“{label}” takes one level only; the form has points in {cells}."),
    "form_yes_no": ("chỉ ghi “Có” hoặc “Không”, phiếu ghi “{value}”.", "write “Có” or “Không”, not “{value}”."),
    "form_not_number": ("“{value}” không phải là số điểm.", "“{value}” is not a number of points."),
    "form_count": ("số lần “{value}” phải là số nguyên từ 0 trở lên.",
                   "the count “{value}” must be a whole number, 0 or more."),
    "form_figure": ("kết quả thực hiện “{value}” phải là số không âm, nhỏ hơn 10^15.",
                    "the figure “{value}” must be a non-negative number below 10^15."),
    "form_copies_differ": ("hai phiếu của {member} ghi khác nhau ở “{label}” (“{file}” và “{other}”); hãy bỏ "
                           "bớt một phiếu.",
                           "two forms of {member} differ on “{label}” (“{file}” and “{other}”); leave one out."),
    "form_one_problem": ("Chưa ghi gì vì phiếu có một ô không hợp lệ — {problem} Hãy sửa rồi gửi lại.",
                         "Nothing was written because one cell is not valid — {problem} Fix it and send it "
                         "again."),
    "form_problems": ("Chưa ghi gì vì các phiếu có {count} ô không hợp lệ; hãy sửa rồi gửi lại:",
                      "Nothing was written because the forms have {count} cells that are not valid; fix them "
                      "and send them again:"),
    # notes shown with a preview
    "macros_ignored": ("Tệp có macro: macro đã được bỏ qua, không chạy.",
                       "The file has macros: they were ignored, never run."),
    "sheet_too_big": ("Trang “{sheet}” của tệp “{name}” có dữ liệu tới hàng {rows}, cột {cols} — quá lớn để "
                      "là một bảng chấm điểm nên không đọc. Hãy xóa dữ liệu thừa rồi lưu lại.",
                      "Sheet “{sheet}” of “{name}” holds data up to row {rows}, column {cols} — too large for a "
                      "scoring table, so it was not read. Delete the extra data and save again."),
    "group_max_differs": ("Nhóm “{label}” (hàng {row}) ghi điểm tối đa {printed} nhưng các tiêu chí con cộng lại "
                          "{children}; dùng {children}.",
                          "Group “{label}” (row {row}) says maximum {printed} but its rows add up to {children}; "
                          "using {children}."),
    "leaf_without_max": ("Tiêu chí “{label}” (hàng {row}) không ghi điểm tối đa; lấy {maximum}.",
                         "Criterion “{label}” (row {row}) has no maximum; using {maximum}."),
    # one cell: said after its place ("trang …, hàng …, cột …: ")
    "cell_not_number": ("{what} “{value}” không phải là số.", "{what} “{value}” is not a number."),
    "cell_too_large": ("{what} “{value}” quá lớn (điểm không vượt quá 10.000).",
                       "{what} “{value}” is too large (points are at most 10,000)."),
    "cell_negative": ("điểm {value} âm; điểm trừ ghi dưới mục “Điểm trừ”.",
                      "points {value} are negative; deductions go under a “Điểm trừ” heading."),
    "cell_above_max": ("điểm {value} vượt điểm tối đa {maximum} của “{label}”.",
                       "{value} is above the maximum {maximum} of “{label}”."),
    "member_twice": ("tên đơn vị “{header}” bị trùng với cột {other}.",
                     "member “{header}” appears again (column {other})."),
    "member_twice_row": ("tên đơn vị “{header}” bị trùng với hàng {other}.",
                         "member “{header}” appears again (row {other})."),
    "points_without_criterion": ("hàng có điểm nhưng không có nội dung tiêu chí.",
                                 "a row with points but no criterion."),
    "what_points": ("điểm", "points"),
    "what_total": ("tổng điểm", "total"),
    "what_maximum": ("điểm tối đa", "maximum"),
    "what_subtotal": ("điểm cộng nhóm", "subtotal"),
}


def reading(key: str, **data: Any) -> str:
    """A sentence about a received file (a refusal, a note, or one cell's problem after its place)."""
    vi, en = _READING.get(key, (key, key))
    try:
        return _pick(vi, en).format(**data)
    except (KeyError, IndexError):   # a template missing a figure still says what happened
        return _pick(vi, en)


def cell_place(sheet: str, row: int | None, column: str | None) -> str:
    """'trang “Mẫu 04”, hàng 12, cột E' — where a person finds a cell."""
    parts = [_pick(f"trang “{sheet}”", f"sheet “{sheet}”")] if sheet else []
    if row is not None:
        parts.append(_pick(f"hàng {row}", f"row {row}"))
    if column:
        parts.append(_pick(f"cột {column}", f"column {column}"))
    return ", ".join(parts)


COLUMN_ROLES = {
    "stt": ("STT", "number"), "content": ("nội dung tiêu chí", "criterion"), "maximum": ("điểm tối đa", "maximum"),
    "member": ("điểm của đơn vị", "member's points"), "names": ("tên đơn vị", "member names"), "agreed": ("cụm chấm", "agreed score"),
    "self": ("tự chấm", "self-score"), "criterion": ("nhóm tiêu chí", "criterion group"),
    "total": ("tổng điểm", "total"), "rank": ("xếp hạng", "rank"), "notes": ("ghi chú (bỏ qua)", "notes (ignored)"),
    "ignored": ("bỏ qua", "ignored"),
}


def column_role(role: str) -> str:
    """What the table reader took a column for: 'tự chấm', 'điểm tối đa'…"""
    return _pick(*COLUMN_ROLES.get(role, (role, role)))


def form_change_line(change: Any) -> str:
    """'Hà Nam · I.1 Tham mưu…: — → 4,5 (ghi “12”) · ghi chú: “…”  [F11]' — one previewed cell of a form."""
    blank = "—"
    text = f"{change.member} · {change.code} {change.title}"
    if change.score_changed:
        text += f": {p(change.old) or blank} → {p(change.new) or blank}"
        if change.entered:
            text += _pick(f" (ghi “{change.entered}”)", f" (typed “{change.entered}”)")
    if change.note is not None:
        text += _pick(f" · ghi chú: “{change.note}”", f" · note: “{change.note}”")
    text += f"  [{change.cell}]"
    if change.conflict:
        text += _pick(f"  ĐÃ ĐỔI thành {p(change.current) or blank} sau khi xuất phiếu",
                      f"  CHANGED to {p(change.current) or blank} since the form was made")
    return text


def forms_summary(reading: Any, season: Any) -> list[str]:
    """The season, then one line per returned form: whose it is, which version it was made from, what it changes."""
    lines = [_pick(f"Kỳ thi đua: {season.cluster_name} — năm {season.year} (phiên bản dữ liệu {season.version})",
                   f"Season: {season.cluster_name} — {season.year} (data version {season.version})")]
    for r in reading.readings:
        lines.append(_pick(f"Phiếu “{r.file}”: {r.member} — lập từ phiên bản {r.revision}, {len(r.changes)} ô thay "
                           f"đổi, {r.unchanged} ô giữ nguyên",
                           f"Form “{r.file}”: {r.member} — made from version {r.revision}, {len(r.changes)} "
                           f"changed, {r.unchanged} unchanged"))
    return lines


# ---- season files ---------------------------------------------------------------------------
_EXPECTED = {
    # what the schema asks for at a place in a season file, said to someone editing it by hand
    "decimal": ("một số viết trong dấu ngoặc kép, dấu chấm thập phân, như \"12.5\"",
                "a number in quotes with a decimal point, like \"12.5\""),
    "fraction": ("một tỷ lệ trong dấu ngoặc kép, như \"1/2\" hoặc \"7/10\"", "a share in quotes, like \"1/2\""),
    "id": ("một mã gồm chữ không dấu, số, “.”, “_” hoặc “-” (tối đa 32 ký tự)",
           "an id of letters, digits, “.”, “_” or “-” (at most 32)"),
    "date": ("một ngày dạng \"2017-12-15\"", "a date like \"2017-12-15\""),
    "datetime": ("một thời điểm dạng \"2017-12-15T09:30:00\"", "a time like \"2017-12-15T09:30:00\""),
    "count": ("một số nguyên từ 0 đến 100.000", "a whole number from 0 to 100,000"),
    "name300": ("một tên không để trống (tối đa 300 ký tự)", "a name, not blank (at most 300 characters)"),
    "text": ("một đoạn chữ", "text"),
    "boolean": ("true hoặc false", "true or false"),
    "array": ("một danh sách […]", "a list […]"),
    "object": ("một mục {…}", "an object {…}"),
    "string": ("chữ trong dấu ngoặc kép", "text in quotes"),
    "null": ("null", "null"),
    "column": ("một trong: self, agreed, review, council", "one of: self, agreed, review, council"),
}


def _expected_text(expected: str, choices: tuple) -> str:
    base, _, null = expected.partition("_or_null")
    if base == "enum":
        text = _pick("một trong: ", "one of: ") + ", ".join(str(c) for c in choices)
    elif base == "const":
        text = str(choices[0])
    elif base == "integer":
        low, high = choices
        text = _pick(f"một số nguyên từ {low} đến {high}", f"a whole number from {low} to {high}")
    elif base == "string" and choices:
        text = _pick(f"chữ trong dấu ngoặc kép, tối đa {choices[0]} ký tự", f"text in quotes, at most {choices[0]}")
    elif base == "array" and choices:
        text = _pick(f"một danh sách tối đa {choices[0]} mục", f"a list of at most {choices[0]}")
    else:
        text = _pick(*_EXPECTED.get(base, ("một giá trị khác", "another value")))
    return text + (_pick(" hoặc null", " or null") if null == "" and expected.endswith("_or_null") else "")


def _shown(value: Any) -> str:
    import json

    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "…"


def file_problem_text(problem) -> str:
    """One place in a season file that cannot be taken, as one sentence naming it."""
    where = problem.path or _pick("tệp", "the file")
    r = problem.reason
    if r == "missing":
        return _pick(f"{where}: thiếu mục này.", f"{where}: missing.")
    if r == "unknown":
        return _pick(f"{where}: không có mục này trong tệp kỳ thi đua (gõ nhầm tên?).",
                     f"{where}: no such field in a season file (a typo?).")
    if r == "count":
        low, high = problem.choices
        bound = _pick(f"ít nhất {low}", f"at least {low}") if low is not None and problem.found < low else \
            _pick(f"tối đa {high}", f"at most {high}")
        return _pick(f"{where}: cần {bound} mục, tệp có {problem.found}.",
                     f"{where}: needs {bound} items, the file has {problem.found}.")
    if r == "expected":
        return _pick(f"{where}: cần {_expected_text(problem.expected, problem.choices)}, tệp ghi {_shown(problem.found)}.",
                     f"{where}: expected {_expected_text(problem.expected, problem.choices)}, "
                     f"the file has {_shown(problem.found)}.")
    if r in ("bad_date", "bad_datetime"):
        return _pick(f"{where}: “{problem.found}” không phải là một ngày có thật.",
                     f"{where}: “{problem.found}” is not a real date.")
    if r == "alternative_twice":
        return _pick(f"{where}: đơn vị đã có điểm ở một phương án khác của cùng nhóm chọn một mức; "
                     "mỗi đơn vị chỉ được chấm một phương án.",
                     f"{where}: the member already has points on another alternative of the same set; "
                     "a member gets one alternative.")
    if r == "signed_changed":
        return _pick(f"{where}: dữ liệu trong tệp không còn khớp với nội dung đã ký duyệt (mã SHA-256 "
                     f"{str(problem.found)[:12]}…); tệp đã bị sửa sau khi ký, nên không nhập như một kỳ đã ký duyệt.",
                     f"{where}: the file's data no longer match what was signed (SHA-256 {str(problem.found)[:12]}…); "
                     "it was changed after signing, so it is not imported as signed off.")
    if r == "content_hash":
        return _pick(f"{where}: nội dung đã ký không khớp với mã SHA-256 ghi kèm.",
                     f"{where}: the signed content does not match its SHA-256.")
    if r == "domain" and problem.error is not None:
        return f"{where}: {explain(problem.error)}"
    return f"{where}: {r}"


def season_file_lines(error) -> list[str]:
    """A season file that was not imported: the sentence, then one line per problem with its place."""
    d = error.data
    name = d.get("file") or _pick("tệp kỳ thi đua", "the season file")
    reason = d.get("reason")
    if reason == "not_json":
        return [_pick(f"“{name}” không phải là tệp kỳ thi đua (JSON hỏng ở dòng {d.get('line')}, cột {d.get('column')}); "
                      "chưa nhập gì.",
                      f"“{name}” is not a season file (broken JSON at line {d.get('line')}, column {d.get('column')}); "
                      "nothing was imported.")]
    if reason == "not_utf8":
        return [_pick(f"“{name}” không phải là tệp văn bản UTF-8; chưa nhập gì. Hãy lưu lại tệp dạng UTF-8.",
                      f"“{name}” is not UTF-8 text; nothing was imported. Save it as UTF-8.")]
    if reason == "too_large":
        return [_pick(f"“{name}” quá lớn để là một tệp kỳ thi đua; chưa nhập gì.",
                      f"“{name}” is too large to be a season file; nothing was imported.")]
    if reason == "too_new":
        return [_pick(f"“{name}” được tạo bởi phiên bản thidua mới hơn (mẫu tệp số {d.get('version')}); "
                      "hãy cập nhật thidua để nhập. Chưa nhập gì.",
                      f"“{name}” was made by a newer thidua (file layout {d.get('version')}); update thidua to "
                      "import it. Nothing was imported.")]
    if reason == "signed_renamed":
        return [_pick(f"Kỳ thi đua trong “{name}” đã ký duyệt ({d.get('cluster')} năm {d.get('year')}) nên không "
                      "nhập dưới tên cụm hoặc năm khác: chữ ký sẽ không còn đúng. Chưa nhập gì.",
                      f"The season in “{name}” is signed off ({d.get('cluster')} {d.get('year')}), so it cannot come "
                      "in under another cluster or year: its signature would no longer hold. Nothing was imported.")]
    if reason == "signed_ids_taken":
        return [_pick(f"Cơ sở dữ liệu này đã có một kỳ thi đua dùng cùng mã với kỳ đã ký duyệt trong “{name}”; "
                      "kỳ đã ký duyệt phải giữ nguyên mã nên chưa nhập gì. Hãy nhập vào một tệp dữ liệu khác.",
                      f"This database already holds a season using the ids of the signed-off season in “{name}”; "
                      "a signed-off season keeps its ids, so nothing was imported. Import it into another data file.")]
    problems = d.get("problems", [])
    head = _pick(f"Tệp “{name}” có {len(problems)} chỗ chưa đúng; chưa nhập gì. Hãy sửa rồi nhập lại:",
                 f"“{name}” has {len(problems)} problem(s); nothing was imported. Fix them and import again:")
    return [head] + [f"  - {file_problem_text(p)}" for p in problems]


def season_exists(key: str) -> str:
    return _pick(f"Đã có kỳ thi đua “{key}”; chưa nhập gì. Muốn thay kỳ đó bằng tệp này (khi chưa ký duyệt), "
                 "hãy thêm --replace; muốn nhập thành kỳ khác, hãy dùng --year hoặc --as-cluster.",
                 f"There is already a season “{key}”; nothing was imported. To replace it with this file (if it is "
                 "not signed off) add --replace; to import it as another season use --year or --as-cluster.")


def season_imported(done) -> str:
    """What an import of a season file did, in one sentence."""
    how = _pick("thay", "replaced") if done.replaced else _pick("nhập", "imported")
    new_cluster = _pick(" (cụm mới)", " (new cluster)") if done.cluster_created else ""
    ids = _pick("; các mã trùng với dữ liệu đã có được đặt mới", "; ids already used here were renewed") \
        if done.renamed_ids else ""
    from .domain.season import State

    return _pick(f"Đã {how} kỳ thi đua {done.cluster}{new_cluster} năm {done.year} "
                 f"({state_name(State(done.state)).lower()}): {done.members} đơn vị, {done.criteria} dòng tiêu chí, "
                 f"{done.scores} ô điểm{ids}.",
                 f"{how.capitalize()} the season {done.cluster}{new_cluster} {done.year} "
                 f"({state_name(State(done.state)).lower()}): {done.members} members, {done.criteria} criteria rows, "
                 f"{done.scores} scored cells{ids}.")
