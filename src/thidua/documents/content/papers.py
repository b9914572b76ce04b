"""The portrait papers' content: the ranking with award proposals, the meeting minutes, the award submission."""

from __future__ import annotations

from ...domain.awards import NomineeKind, Origin
from ...domain.season import Season
from ...services.scoring import ranking_of
from . import words
from .rules import ballot_for, quota_lines, season_rule_lines, vote_basis_lines
from .common import (attached_note, document, head_signer, header, member_names, nominee_lines, numbered,
                     vote_brief)
from .model import Closing, Column, Document, Heading, Para, Row, Run, Signer, Table, Title


def ranking_table(season: Season, sheet: str = "") -> Table:
    result = ranking_of(season)
    cols = (Column("Xếp hạng", 16), Column("Đơn vị", 58, "L"), Column("Tổng điểm", 20), Column("Xếp loại", 22),
            Column("Ghi chú", 44, "L"))
    rows = tuple(Row((str(r.rank), r.full_name, words.points(r.total), r.classification or "",
                      words.rank_note(r))) for r in result.rows)
    return Table(cols, rows, sheet=sheet)


def _rank_of(result, member_id: str | None) -> str:
    row = next((r for r in result.rows if r.member_id == member_id), None)
    return str(row.rank) if row else "—"


# ---- ranking with proposals ------------------------------------------------------------------
def ranking(season: Season) -> Document:
    result = ranking_of(season)
    body: list = [Para(f"Kết quả chấm điểm, xếp hạng, xếp loại các đơn vị thành viên {season.cluster_name} "
                       f"năm {season.year} (điểm tối đa: {words.points(result.max_total)} điểm):"),
                  ranking_table(season, "Xếp hạng")]
    body += [Para(line, "note") for line in season_rule_lines(season, cells=False)]   # the rules in force
    for group in result.unresolved:
        body.append(Para(f"Chưa phân định được thứ hạng giữa: {member_names(season, group)}; Cụm cần biểu quyết."))
    body.append(Heading("ĐỀ NGHỊ KHEN THƯỞNG"))
    lines = nominee_lines(season)
    if not lines:
        body.append(Para("Chưa có đối tượng nào được đề nghị khen thưởng."))
    else:
        cols = (Column("STT", 12), Column("Tập thể, cá nhân được đề nghị", 46, "L"),
                Column("Hình thức khen thưởng", 40, "L"), Column("Căn cứ đề nghị", 32, "L"),
                Column("Kết quả biểu quyết", 30, "L"))
        rows = []
        for i, ln in enumerate(lines, 1):
            basis = (f"Xếp hạng {_rank_of(result, ln.nominee.member_id)}" if ln.nominee.origin is Origin.RANKING
                     else f"Do {ln.proposer} đề nghị")
            if ln.nominee.contested:
                basis += " (đồng hạng tại giới hạn số lượng, do biểu quyết quyết định)"
            rows.append(Row((str(i), ln.nominee.name, ln.award.name, basis, vote_brief(ln.ballot))))
        body.append(Table(cols, tuple(rows), sheet="Đề nghị khen thưởng"))
        # how many each award may go to, as the regulation counts them (issue 13)
        body += [Para("Số lượng: " + line, "note") for line in quota_lines(season)]
    body.append(Closing((head_signer(season),), words.RECIPIENTS_UP))
    return document(season, "ranking", "Bảng xếp hạng, xếp loại thi đua", header(season, None),
                    Title("BẢNG XẾP HẠNG, XẾP LOẠI THI ĐUA", f"Năm {season.year}", attached_note(season)), body)


# ---- minutes -----------------------------------------------------------------------------------
def _who(name: str, title: str) -> str:
    """"đồng chí Nguyễn Văn Hòa, Chủ tịch …" — one form of address for every person the minutes name."""
    if not name:
        return f"đồng chí {words.DOTS}" + (f", {title}" if title else "")
    return f"đồng chí {name}" + (f", {title}" if title else "")


def minutes(season: Season) -> Document:
    mt = season.meeting
    result = ranking_of(season)
    if mt.date:
        # no hour recorded: dots to fill in by hand, never "Vào hồi ngày …" (an hour word with no hour)
        when = f"Vào hồi {mt.start_time or f'{words.DOTS} giờ {words.DOTS}'}, {words.date(mt.date)}"
    else:
        when = f"Vào hồi {words.DOTS} giờ {words.DOTS}, ngày {words.DOTS} tháng {words.DOTS} năm {words.DOTS}"
    body: list = [Para(f"{when}, tại {mt.venue or mt.place or words.DOTS}, {season.cluster_name} tổ chức họp "
                       f"tổng kết, bình xét thi đua năm {season.year}.")]

    body.append(Heading("I. THÀNH PHẦN THAM DỰ"))
    body.append(Para(f"- Chủ trì: {_who(mt.chair, mt.chair_title)}.", "plain"))
    body.append(Para(f"- Thư ký: {_who(mt.secretary, mt.secretary_title)}.", "plain"))
    if mt.guests:
        body.append(Para(f"- Đại biểu mời: {mt.guests}.", "plain"))
    total = len(season.members)
    present = [m for m in season.members if (mt.attendee(m.id) or "").strip()]
    if not mt.attendance:
        body.append(Para("- Thành phần các đơn vị thành viên dự họp: chưa ghi nhận.", "plain"))
    else:
        body.append(Para(f"- Đơn vị thành viên có mặt: {len(present)}/{total} đơn vị:", "plain"))
        for m in present:
            name = mt.attendee_name(m.id)
            who = f"đồng chí {name}, {mt.attendee(m.id)}" if name else mt.attendee(m.id)
            body.append(Para(f"+ {m.display_full}: {who}.", "item"))
        absent = [m.display_full for m in season.members if m not in present]
        body.append(Para(f"- Đơn vị thành viên vắng mặt: {len(absent)}/{total} đơn vị"
                         + (": " + ", ".join(absent) + "." if absent else "."), "plain"))

    body.append(Heading("II. NỘI DUNG"))
    section = 0

    def sub(text: str) -> Para:
        nonlocal section
        section += 1
        return Para(f"{section}. {text}", "plain")

    agenda = [line.strip() for line in mt.agenda.splitlines() if line.strip()]
    if agenda:
        body.append(sub("Chương trình họp:"))
        body += [Para(line, "item") for line in agenda]
    body.append(sub(f"Kết quả chấm điểm, xếp hạng, xếp loại (điểm tối đa {words.points(result.max_total)} điểm):"))
    body.append(ranking_table(season))
    for r in result.rows:
        if r.decided is not None:
            body.append(Para(f"Thứ hạng của {r.full_name} do Cụm biểu quyết"
                             + (f": {r.decided.note}." if r.decided.note else ".")))
    lines = nominee_lines(season)
    rules = {ln.ballot.rule for ln in lines if ln.ballot}
    rule_text = "; ".join(sorted(words.vote_rule(r) for r in rules)) or words.vote_rule(season.settings.vote_rule)
    body.append(sub(f"Kết quả bình xét, biểu quyết đề nghị khen thưởng. Đối tượng được đề nghị khi có số phiếu "
                    f"đồng ý {rule_text}:"))
    if lines:
        cols = (Column("STT", 11), Column("Đối tượng đề nghị", 34, "L"), Column("Hình thức khen thưởng", 30, "L"),
                Column("Cách biểu quyết", 19, "L"), Column("Có mặt / tổng số", 15), Column("Đồng ý", 16),
                Column("Không đồng ý", 14), Column("Phiếu trắng", 12), Column("Kết quả", 19))
        rows = []
        for i, ln in enumerate(lines, 1):
            b = ln.ballot
            name = ln.nominee.name + ("" if ln.nominee.kind is NomineeKind.MEMBER else f"\n(do {ln.proposer} đề nghị)")
            if b is None:
                rows.append(Row((str(i), name, ln.award.name, "Chưa biểu quyết", "", "", "", "", "")))
                continue
            verdict = ("Đạt" if b.passed else "Không đạt") + f"\n(cần {b.needed})"
            rows.append(Row((str(i), name, ln.award.name, words.VOTE_METHODS[b.method], f"{b.present}/{b.eligible}",
                             ballot_for(b), str(b.votes_against), str(b.blank), (Run(verdict, bold=True),))))
        body.append(Table(cols, tuple(rows), size=10))
        # the base of the share, the quorum and the threshold each vote used (issue 13)
        body += [Para(line, "note") for line in vote_basis_lines(season, [ln.ballot for ln in lines if ln.ballot])]
    else:
        body.append(Para("Không có đối tượng nào được đưa ra bình xét."))

    body.append(Heading("III. KẾT LUẬN"))
    if mt.conclusions:
        body.append(Para(mt.conclusions))
    heads = member_names(season, mt.next_heads)
    if heads:
        deputy = member_names(season, [mt.next_deputy_id]) if mt.next_deputy_id else ""
        word = "cùng làm Cụm trưởng" if len(mt.next_heads) > 1 else "làm Cụm trưởng"
        body.append(Para(f"Cụm trưởng, Cụm phó năm {season.year + 1}: {heads} {word}"
                         + (f"; {deputy} làm Cụm phó." if deputy else ".")))
    body.append(Para("Biên bản đã được đọc lại trước cuộc họp; các thành viên dự họp thống nhất thông qua."))
    body.append(Closing((Signer(("THƯ KÝ",), mt.secretary, "secretary"), Signer(("CHỦ TRÌ",), mt.chair, "chair")),
                        words.RECIPIENTS_UP))
    facts = {"chu_tri": mt.chair, "chuc_vu_chu_tri": mt.chair_title, "thu_ky": mt.secretary,
             "chuc_vu_thu_ky": mt.secretary_title, "dia_diem": mt.venue or mt.place, "gio": mt.start_time,
             "ngay": words.date(mt.date) if mt.date else "", "ket_luan": mt.conclusions, "noi_dung": agenda}
    return document(season, "minutes", "Biên bản họp bình xét thi đua",
                    header(season, numbered(mt.minutes_number, "BB-CTĐ")),
                    Title("BIÊN BẢN", f"Họp bình xét thi đua năm {season.year}"), body, facts=facts)


# ---- submission -------------------------------------------------------------------------------
def submission(season: Season) -> Document:
    mt = season.meeting
    lines = [ln for ln in nominee_lines(season) if ln.ballot is None or ln.ballot.passed]
    body: list = [Para(f"Kính gửi: {mt.recipient}.", "address")]
    if mt.grounds:
        body.append(Para(mt.grounds))
    held = f" ngày {words.short_date(mt.date)}" if mt.date else ""
    number = f" (Biên bản số {mt.minutes_number})" if mt.minutes_number else ""
    body.append(Para(f"Năm {season.year}, các đơn vị thành viên {season.cluster_name} đã tích cực hưởng ứng phong "
                     f"trào thi đua, hoàn thành các chỉ tiêu giao ước. Tại cuộc họp bình xét thi đua{held}{number}, "
                     f"Cụm đã chấm điểm, xếp hạng và bỏ phiếu bình xét các tập thể, cá nhân có thành tích tiêu biểu."))
    if lines:
        body.append(Para(f"{season.cluster_name} kính đề nghị {mt.recipient} xem xét, khen thưởng cho "
                         f"{len(lines):02d} tập thể, cá nhân sau:"))
        cols = (Column("STT", 12), Column("Tên tập thể, cá nhân", 53, "L"), Column("Hình thức khen thưởng", 36, "L"),
                Column("Đơn vị đề nghị", 30, "L"), Column("Kết quả bình xét", 34, "L"))
        rows = []
        for i, ln in enumerate(lines, 1):
            name: tuple = (Run(ln.nominee.name),)
            if ln.nominee.reason:
                name += (Run(f"\n{ln.nominee.reason}", italic=True),)
            rows.append(Row((str(i), name, ln.award.name, ln.proposer, vote_brief(ln.ballot))))
        body.append(Table(cols, tuple(rows)))
    else:
        body.append(Para("Chưa có tập thể, cá nhân nào đạt số phiếu cần thiết để đề nghị khen thưởng."))
    body.append(Para(f"Kính đề nghị {mt.recipient} xem xét, quyết định./."))
    body.append(Closing((head_signer(season),), ("Như trên;", "Các đơn vị thành viên Cụm;", "Lưu: VT, Cụm.")))
    return document(season, "submission", "Tờ trình đề nghị khen thưởng",
                    header(season, numbered(mt.submission_number, "TTr-CTĐ")),
                    Title("TỜ TRÌNH", f"Về việc đề nghị khen thưởng năm {season.year}"), body)
