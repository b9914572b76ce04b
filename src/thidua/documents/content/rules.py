"""What the regulations' rules did, as the papers say it (always Vietnamese): the lines under the scoring table
and the ranking, the score columns side by side, the vote's base, quorum and threshold, the quotas.

The builders beside this module put these texts into each document's content; every renderer lays them
out the same way. Sentences shared with the screens come from thidua.wording in Vietnamese (`lang="vi"`).
"""

from __future__ import annotations

from ...domain.ranking import FloorScope, RankBasis
from ...domain.scoring import PANELS, ScoreKind, ScoringMode
from ...domain.season import Season
from ...domain.votes import Base
from ...services.scoring import ranking_of
from ...wording import percent, quorum_text, quota_text, rule_notes, vote_base_text, vote_rule_text
from . import words

COLUMN_NAMES = {ScoreKind.SELF: "Tự chấm", ScoreKind.AGREED: "Cụm chấm", ScoreKind.REVIEW: "Thẩm định",
                ScoreKind.COUNCIL: "Hội đồng"}
NOT_ASSIGNED = "—"   # a criterion not assigned to the member, in its cell


pts = words.points


def counting_rule(season: Season) -> str:
    """Which column counts, as the scoring table's note says it ('' when the agreed score counts, as usual)."""
    st = season.settings
    if st.scoring_mode is ScoringMode.REVIEW:
        return "Điểm được tính là điểm cụm trưởng thẩm định."
    if st.scoring_mode is ScoringMode.COUNCIL:
        return "Điểm được tính là điểm Hội đồng thi đua thẩm định."
    if st.scoring_mode is ScoringMode.HIGHEST:
        names = ", ".join(COLUMN_NAMES[k] for k in st.highest_of)
        return f"Điểm được tính là điểm cao nhất trong các cột: {names}."
    return ""


def season_rule_lines(season: Season, cells: bool = True) -> list[str]:
    """The season's rules in force, one sentence each (none when the season uses none); `cells` when the
    paper shows the criteria's cells (the scoring table), where a criterion not assigned reads "—"."""
    st = season.settings
    out = []
    if cells and any(season.criteria.exempt(m.id) for m in season.members):
        out.append(f"Ô “{NOT_ASSIGNED}”: tiêu chí không giao cho đơn vị; không tính điểm và không tính vào điểm tối đa "
                   "của đơn vị đó.")
    by_rate = st.rank_basis is RankBasis.RATE
    if by_rate:
        out.append("Xếp hạng, xếp loại theo tỷ lệ đạt (tổng điểm chia điểm tối đa được giao, tính %); "
                   "các mức xếp loại đọc theo phần trăm.")
    if st.class_cap is not None:
        out.append(f"Xếp loại tính tổng điểm tối đa {pts(st.class_cap)}"
                   f"{'%' if by_rate else ' điểm'}; xếp hạng theo tổng điểm thực tế.")
    floors = [b for b in st.classes if b.floor is not None]
    if floors:
        what = "tiêu chí" if st.floor_scope is FloorScope.CRITERION else "nhóm tiêu chí"
        out.append("Điều kiện xếp loại: " + "; ".join(
            f"{b.name} từ {pts(b.min_total)} trở lên và không có {what} nào dưới {percent(b.floor, 'vi')} "
            f"điểm tối đa của {what} đó" for b in sorted(floors, key=lambda b: b.min_total, reverse=True)) + ".")
    rule = counting_rule(season)
    if rule:
        out.append(rule)
    return out


def member_rule_lines(season: Season) -> list[str]:
    """Per member, what the rules did to its row: 'Liên minh HTX tỉnh Đắk Nông: đủ điểm … nhưng …'."""
    out = []
    for r in ranking_of(season).rows:
        notes = rule_notes(r, "vi")
        if notes:
            out.append(f"{r.full_name}: " + "; ".join(notes) + ".")
    return out


def column_table(season: Season, members) -> tuple[list[str], list[tuple]]:
    """The score columns side by side: a header per (member, column) and a row per scored criterion
    (the criterion, then each member's columns followed by the points that count by the season's rule).
    Values are the points (Decimal or None), or NOT_ASSIGNED; `cell_text` words one for a paper."""
    kinds = season.settings.columns
    header = [f"{m.short_name}\n{name}" for m in members
              for name in [COLUMN_NAMES[k] for k in kinds] + ["Được tính"]]
    rows = []
    for leaf in season.criteria.leaves():
        values = []
        for m in members:
            if leaf.id in season.criteria.exempt(m.id):
                values += [NOT_ASSIGNED] * (len(kinds) + 1)
                continue
            cell = season.cell(m.id, leaf.id)
            values += [cell.get(k) for k in kinds] + [season.final(m.id, leaf.id)]
        rows.append((leaf, values))
    return header, rows


def cell_text(value) -> str:
    return value if isinstance(value, str) else pts(value)


COLUMNS_ROOM = 250   # mm of a landscape page for the columns tables: STT and criterion, then members' columns
COLUMNS_HEADING = "ĐIỂM CÁC CỘT VÀ ĐIỂM ĐƯỢC TÍNH"


def column_blocks(season: Season) -> list:
    """The score columns side by side as the papers print them: a heading and tables of a few members each,
    so one member's columns never split across pages."""
    from .model import Column, Heading, Row, Table

    per_member = len(season.settings.columns) + 1
    per_table = max(1, int((COLUMNS_ROOM - 70) // (13 * per_member)))
    out: list = [Heading(COLUMNS_HEADING)]
    for start in range(0, len(season.members), per_table):
        header, rows = column_table(season, season.members[start:start + per_table])
        cols = (Column("STT", 12), Column("Tiêu chí", 58, "L")) + tuple(Column(h, 13) for h in header)
        out.append(Table(cols, tuple(Row((season.criteria.path_code(leaf.id), leaf.title, *map(cell_text, values)))
                                     for leaf, values in rows), size=10, sheet="Các cột điểm"))
    return out


def keeps_columns(season: Season) -> bool:
    return any(k in PANELS for k in season.settings.panels)


def vote_basis_lines(season: Season, ballots) -> list[str]:
    """The minutes state the base of the share, the quorum and the threshold each vote used."""
    rules = {b.rule for b in ballots} or {season.settings.vote_rule}
    out = []
    for rule in sorted(rules, key=lambda r: (r.base.value, str(r.share), r.comparison.value)):
        line = f"Cơ sở tính tỷ lệ: {vote_base_text(rule.base, 'vi')}; ngưỡng đạt: {vote_rule_text(rule, 'vi')}"
        quorum = quorum_text(rule, "vi")
        out.append(line + (f"; {quorum}." if quorum else "."))
    for b in ballots:
        if b.rule.quorum is not None and not b.quorum_met:
            out.append(f"Có mặt {b.present}/{b.eligible} thành viên, chưa đủ {b.rule.quorum_needed(b.eligible)} "
                       "thành viên theo quy định nên cuộc họp chưa đủ điều kiện biểu quyết.")
            break
    return out


def ballot_for(ballot) -> str:
    """The votes for as the minutes' table shows them: '3 + 1 VB (80%)' with the absent's written opinions."""
    written = f" + {ballot.written_for} VB" if ballot.written_for and ballot.rule.base is Base.PRESENT_AND_WRITTEN \
        else ""
    return f"{ballot.votes_for}{written}\n({words.vote_share(ballot.counted_for, ballot.base_count)})"


def quota_lines(season: Season) -> list[str]:
    """How many each award may go to, as the regulation counts it (awards proposed from the ranking)."""
    members = len(season.members)
    out = []
    for award in sorted(season.award_types.values(), key=lambda a: a.precedence):
        text = quota_text(award, members, season.award_types, "vi")
        if text and (award.quota_share is not None or award.within):
            out.append(f"{award.name}: {text}.")
    return out
