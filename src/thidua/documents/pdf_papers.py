"""The portrait PDF papers: the ranking with award proposals, the meeting minutes and the award submission."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer, Table, TableStyle

from ..domain.awards import AwardType, Nominee, NomineeKind, Origin
from ..domain.votes import Ballot
from ..services.scoring import ranking_of
from ..wording import p, rank_note, vn_date, vote_method_name, vote_rule_text
from . import rules_text
from .pdf_base import (DocInfo, body, bold, build_pdf, doc_info, esc, head_name, header_block, heading, markup,
                       member_names, para, recipients_column, signature_column, style, table_style, text_width,
                       title_block, two_columns)

KIND_WORDS = {NomineeKind.MEMBER: "Tập thể (đơn vị thành viên)", NomineeKind.COOPERATIVE: "Tập thể (hợp tác xã)",
              NomineeKind.PERSON: "Cá nhân"}


@dataclass(frozen=True)
class NomineeLine:
    nominee: Nominee
    award: AwardType
    proposer: str
    ballot: Ballot | None


def nominee_lines(season) -> list[NomineeLine]:
    """Nominees, highest award first; within an award those from the ranking first, then by name."""
    lines = []
    for n in season.nominees.values():
        award = season.award_types[n.award_type_id]
        proposer = season.member(n.member_id).display_full if n.member_id else "Cụm thi đua"
        lines.append(NomineeLine(n, award, proposer, season.ballots.get(n.id)))
    from ..domain.text import sort_key
    lines.sort(key=lambda ln: (ln.award.precedence, ln.nominee.origin is not Origin.RANKING,
                               sort_key(ln.nominee.name)))
    return lines


def vote_share(ballot: Ballot) -> str:
    share = ballot.share_for   # of the base the vote rule takes the share of (present, all, written opinions)
    return p(Decimal(share.numerator * 100) / Decimal(share.denominator)) + "%"


def _cell(text: str, size: float = 10, align=TA_LEFT, font: str = "ThiduaSerif") -> Paragraph:
    return Paragraph(esc(text).replace("\n", "<br/>"), style(f"cell{size}{align}{font}", size, align, font=font,
                                                             leading=size * 1.2))


def _h(text: str, size: float = 10) -> Paragraph:
    return _cell(text, size, TA_CENTER, bold())


def _grid(rows: list, widths: list[float], size: float = 10, header_rows: int = 1) -> Table:
    t = Table(rows, colWidths=widths, repeatRows=header_rows)
    t.setStyle(TableStyle(table_style(header_rows, size) + [("ALIGN", (0, 1), (-1, -1), "CENTER"),
                                                             ("BACKGROUND", (0, 0), (-1, header_rows - 1), "#eeeeee")]))
    return t


def ranking_table(season, size: float = 11) -> Table:
    result = ranking_of(season)
    width = text_width(False)
    rows = [[_h("Xếp hạng", size), _h("Đơn vị", size), _h("Tổng điểm", size), _h("Xếp loại", size),
             _h("Ghi chú", size)]]
    for r in result.rows:
        note = rank_note(r)
        rows.append([str(r.rank), _cell(r.full_name, size), p(r.total), _cell(r.classification or "", size, TA_CENTER),
                     _cell(note, size - 1.5)])
    widths = [46, width * 0.36, 58, 66]
    widths.append(width - sum(widths))
    return _grid(rows, widths, size)


# ---- ranking with proposals ------------------------------------------------------------------
def ranking_story(season, info: DocInfo) -> list:
    width = text_width(False)
    result = ranking_of(season)
    story: list = [header_block(season, None, width)]
    story += title_block("Bảng xếp hạng, xếp loại thi đua", f"Năm {season.year}")
    story.append(para(f"Kết quả chấm điểm, xếp hạng, xếp loại các đơn vị thành viên {season.cluster_name} "
                      f"năm {season.year} (điểm tối đa: {p(result.max_total)} điểm):", body(13)))
    story.append(ranking_table(season))
    for line in rules_text.season_rule_lines(season, cells=False):   # the season's rules in force (issue 13)
        story.append(para(line, style("note", 11, TA_LEFT, font="ThiduaSerif-Italic", leading=14)))
    if result.unresolved:
        story.append(Spacer(1, 4))
        for group in result.unresolved:
            story.append(para("Chưa phân định được thứ hạng giữa: " + member_names(season, group)
                              + "; Cụm cần biểu quyết.", body(12)))
    story.append(Spacer(1, 10))
    story.append(heading("ĐỀ NGHỊ KHEN THƯỞNG"))
    lines = nominee_lines(season)
    if not lines:
        story.append(para("Chưa có đối tượng nào được đề nghị khen thưởng.", body(13)))
    else:
        rows = [[_h("STT"), _h("Tập thể, cá nhân được đề nghị"), _h("Hình thức khen thưởng"), _h("Căn cứ đề nghị"),
                 _h("Kết quả biểu quyết")]]
        for i, ln in enumerate(lines, 1):
            basis = (f"Xếp hạng {result_rank(result, ln.nominee.member_id)}" if ln.nominee.origin is Origin.RANKING
                     else f"Do {ln.proposer} đề nghị")
            if ln.nominee.contested:
                basis += " (đồng hạng tại giới hạn số lượng, do biểu quyết quyết định)"
            rows.append([str(i), _cell(ln.nominee.name), _cell(ln.award.name), _cell(basis), _cell(_vote_brief(ln.ballot))])
        story.append(_grid(rows, [26, width * 0.30, width * 0.24, width * 0.2, width * 0.26 - 26]))
        for line in rules_text.quota_lines(season):   # quotas as the regulation counts them (issue 13)
            story.append(para("Số lượng: " + line, style("note", 11, TA_LEFT, font="ThiduaSerif-Italic", leading=14)))
    story.append(Spacer(1, 14))
    story.append(two_columns(
        recipients_column(["Liên minh HTX Việt Nam (để b/c);", "Các đơn vị thành viên Cụm;", "Lưu: Cụm."]),
        signature_column(info, ["TM. Cụm thi đua", "Cụm trưởng"], head_name(season), 220), width, 0.5))
    return story


def result_rank(result, member_id: str | None) -> str:
    row = next((r for r in result.rows if r.member_id == member_id), None)
    return str(row.rank) if row else "—"


def _vote_brief(ballot: Ballot | None) -> str:
    if ballot is None:
        return "Chưa biểu quyết"
    verdict = "Đạt" if ballot.passed else "Không đạt"
    return f"{verdict}: {ballot.counted_for}/{ballot.base_count} phiếu đồng ý ({vote_share(ballot)})"


def write_ranking(season, path: Path) -> None:
    info = doc_info(season, "ranking", "Bảng xếp hạng, xếp loại thi đua")
    build_pdf(path, ranking_story(season, info), info, season)


# ---- minutes -----------------------------------------------------------------------------------
def minutes_story(season, info: DocInfo) -> list:
    width = text_width(False)
    mt = season.meeting
    st = body(13)
    plain = style("plain", 13, TA_LEFT, leading=16, space_after=3, left_indent=0)
    story: list = [header_block(season, mt.minutes_number, width)]
    story += title_block("Biên bản", f"Họp bình xét thi đua năm {season.year}")
    when = (f"Vào hồi {mt.start_time + ', ' if mt.start_time else ''}{vn_date(mt.date)}" if mt.date
            else "Vào hồi …… giờ ……, ngày …… tháng …… năm ……")
    where = mt.venue or mt.place or "……………"
    story.append(para(f"{when}, tại {where}, {season.cluster_name} tổ chức họp tổng kết, bình xét thi đua "
                      f"năm {season.year}.", st))

    story.append(heading("I. THÀNH PHẦN THAM DỰ"))
    story.append(para(f"- Chủ trì: đồng chí {mt.chair or '……………'}" + (f", {mt.chair_title}." if mt.chair_title else "."), st))
    story.append(para(f"- Thư ký: đồng chí {mt.secretary or '……………'}"
                      + (f", {mt.secretary_title}." if mt.secretary_title else "."), st))
    if mt.guests:
        story.append(para(f"- Đại biểu mời: {mt.guests}.", st))
    present = [(m, mt.attendee(m.id)) for m in season.members if (mt.attendee(m.id) or "").strip()]
    absent = [m for m in season.members if not (mt.attendee(m.id) or "").strip()]
    story.append(para(f"- Đơn vị thành viên có mặt: {len(present)}/{len(season.members)} đơn vị:", st))
    for m, who in present:
        story.append(para(f"+ {m.display_full}: {who}.", style("list", 13, TA_LEFT, leading=16, left_indent=12 * 2.83)))
    story.append(para(f"- Đơn vị thành viên vắng mặt: {len(absent)}/{len(season.members)} đơn vị"
                      + (": " + ", ".join(m.display_full for m in absent) + "." if absent else "."), st))

    story.append(heading("II. NỘI DUNG"))
    if mt.agenda:
        story.append(para("1. Chương trình họp:", plain))
        for line in mt.agenda.splitlines():
            if line.strip():
                story.append(para(line.strip(), style("agenda", 13, TA_LEFT, leading=16, left_indent=10 * 2.83)))
    result = ranking_of(season)
    story.append(para(f"2. Kết quả chấm điểm, xếp hạng, xếp loại (điểm tối đa {p(result.max_total)} điểm):", plain))
    story.append(ranking_table(season, 11))
    for r in result.rows:
        if r.decided is not None:
            story.append(para(f"Thứ hạng của {r.full_name} do Cụm biểu quyết"
                              + (f": {r.decided.note}." if r.decided.note else "."), st))
    story.append(Spacer(1, 6))
    lines = nominee_lines(season)
    rules = {ln.ballot.rule for ln in lines if ln.ballot}
    rule_text = "; ".join(sorted(vote_rule_text(r, "vi") for r in rules)) or \
        vote_rule_text(season.settings.vote_rule, "vi")
    story.append(para(f"3. Kết quả bình xét, biểu quyết đề nghị khen thưởng. Đối tượng được đề nghị khi có số "
                      f"phiếu đồng ý {rule_text}:", plain))
    if lines:
        rows = [[_h("STT", 9), _h("Đối tượng đề nghị", 9), _h("Hình thức khen thưởng", 9), _h("Cách biểu quyết", 9),
                 _h("Có mặt / tổng số", 9), _h("Đồng ý", 9), _h("Không đồng ý", 9), _h("Phiếu trắng", 9),
                 _h("Kết quả", 9)]]
        for i, ln in enumerate(lines, 1):
            b = ln.ballot
            name = ln.nominee.name + ("" if ln.nominee.kind is NomineeKind.MEMBER else f"\n(do {ln.proposer} đề nghị)")
            if b is None:
                rows.append([str(i), _cell(name, 9), _cell(ln.award.name, 9), _cell("Chưa biểu quyết", 9),
                             "", "", "", "", ""])
                continue
            rows.append([str(i), _cell(name, 9), _cell(ln.award.name, 9), _cell(vote_method_name(b.method), 9),
                         f"{b.present}/{b.eligible}", _cell(rules_text.ballot_for(b), 9, TA_CENTER),
                         str(b.votes_against), str(b.blank),
                         _cell(("Đạt" if b.passed else "Không đạt") + f"\n(cần {b.needed})", 9, TA_CENTER, bold())])
        w = [25, 100, 84, 52, 40, 44, 38, 34]
        story.append(_grid(rows, w + [width - sum(w)], 9))
        # the base of the share, the quorum and the threshold each vote used (rules_text, issue 13)
        for line in rules_text.vote_basis_lines(season, [ln.ballot for ln in lines if ln.ballot]):
            story.append(para(line, style("note", 11, TA_LEFT, font="ThiduaSerif-Italic", leading=14)))
    else:
        story.append(para("Không có đối tượng nào được đưa ra bình xét.", st))

    story.append(heading("III. KẾT LUẬN"))
    if mt.conclusions:
        story.append(para(mt.conclusions, st))
    heads = member_names(season, mt.next_heads)
    if heads:
        deputy = member_names(season, [mt.next_deputy_id]) if mt.next_deputy_id else ""
        word = "cùng làm Cụm trưởng" if len(mt.next_heads) > 1 else "làm Cụm trưởng"
        story.append(para(f"Cụm trưởng, Cụm phó năm {season.year + 1}: {heads} {word}"
                          + (f"; {deputy} làm Cụm phó." if deputy else "."), st))
    story.append(para("Biên bản đã được đọc lại trước cuộc họp; các thành viên dự họp thống nhất thông qua.", st))
    story.append(CondPageBreak(150))
    story.append(Spacer(1, 10))
    secretary = signature_column(info, ["Thư ký"], mt.secretary, 200, record=False)
    chair = signature_column(info, ["Chủ trì"], mt.chair, 200)
    story.append(KeepTogether([two_columns(secretary, chair, width, 0.5)]))
    story.append(Spacer(1, 10))
    story.append(KeepTogether(recipients_column(["Liên minh HTX Việt Nam (để b/c);", "Các đơn vị thành viên Cụm;",
                                                 "Lưu: Cụm."])))
    return story


def write_minutes(season, path: Path) -> None:
    info = doc_info(season, "minutes", "Biên bản họp bình xét thi đua")
    build_pdf(path, minutes_story(season, info), info, season)


# ---- submission -------------------------------------------------------------------------------
def submission_lines(season) -> list[NomineeLine]:
    """Nominees the vote carried (and, in a draft, those not voted on yet); rejected ones are left out."""
    return [ln for ln in nominee_lines(season) if ln.ballot is None or ln.ballot.passed]


def submission_story(season, info: DocInfo) -> list:
    width = text_width(False)
    mt = season.meeting
    st = body(13)
    story: list = [header_block(season, mt.submission_number, width)]
    story += title_block("Tờ trình", f"Về việc đề nghị khen thưởng năm {season.year}")
    story.append(markup(f"Kính gửi: {esc(mt.recipient)}.", style("kg", 14, TA_CENTER, leading=18, space_after=10)))
    if mt.grounds:
        story.append(para(mt.grounds, st))
    held = f" ngày {mt.date:%d/%m/%Y}" if mt.date else ""
    minutes = f" (Biên bản số {mt.minutes_number})" if mt.minutes_number else ""
    story.append(para(f"Năm {season.year}, các đơn vị thành viên {season.cluster_name} đã tích cực hưởng ứng phong "
                      f"trào thi đua, hoàn thành các chỉ tiêu giao ước. Tại cuộc họp bình xét thi đua{held}{minutes}, "
                      f"Cụm đã chấm điểm, xếp hạng và bỏ phiếu bình xét các tập thể, cá nhân có thành tích "
                      f"tiêu biểu.", st))
    lines = submission_lines(season)
    story.append(para(f"{season.cluster_name} kính đề nghị {mt.recipient} xem xét, khen thưởng cho "
                      f"{len(lines):02d} tập thể, cá nhân sau:", st))
    if lines:
        rows = [[_h("STT"), _h("Tên tập thể, cá nhân"), _h("Hình thức khen thưởng"), _h("Đơn vị đề nghị"),
                 _h("Kết quả bình xét")]]
        for i, ln in enumerate(lines, 1):
            name = esc(ln.nominee.name)
            if ln.nominee.reason:
                name += f"<br/><i>{esc(ln.nominee.reason)}</i>"
            name_cell = Paragraph(name, style("sub_name", 10, TA_LEFT, leading=12))
            rows.append([str(i), name_cell, _cell(ln.award.name), _cell(ln.proposer), _cell(_vote_brief(ln.ballot))])
        story.append(_grid(rows, [26, width * 0.34, width * 0.22, width * 0.18, width * 0.26 - 26]))
    else:
        story.append(para("Không có đối tượng nào đạt số phiếu cần thiết để đề nghị khen thưởng.", st))
    story.append(Spacer(1, 6))
    story.append(para(f"Kính đề nghị {mt.recipient} xem xét, quyết định./.", st))
    story.append(Spacer(1, 10))
    story.append(two_columns(
        recipients_column(["Như trên;", "Các đơn vị thành viên Cụm;", "Lưu: VT, Cụm."]),
        signature_column(info, ["TM. Cụm thi đua", "Cụm trưởng"], head_name(season), 220), width, 0.5))
    return story


def write_submission(season, path: Path) -> None:
    info = doc_info(season, "submission", "Tờ trình đề nghị khen thưởng")
    build_pdf(path, submission_story(season, info), info, season)
