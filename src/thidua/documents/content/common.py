"""What every paper's content shares: the Decree-30 header, the marks, the head's signature, the nominee list."""

from __future__ import annotations

from dataclasses import dataclass

from ...domain.awards import AwardType, Nominee, Origin
from ...domain.season import Season
from ...domain.text import sort_key
from ...domain.votes import Ballot
from ..signoff.marks import current_hash, marks_of
from . import words
from .model import Block, Document, Header, Signer, Title


def header(season: Season, number: str | None, dated: bool = True, dateline: str | None = None) -> Header:
    """The one Decree-30 header: `number` None leaves out the "Số:" line (an annex carries its parent's)."""
    mt = season.meeting
    if dated and dateline is None:
        dateline = words.dateline(mt.date, mt.place, season.year)
    return Header(words.parent_body(season.parent_body), issuer(season.cluster_name),
                  None if number is None else f"Số: {number}",
                  dateline if dated else None)


def issuer(name: str) -> str:
    """The issuing body in capitals on two balanced lines when long, broken after "CỤM THI ĐUA" or after
    "CÁC TỈNH", so a line never splits the place name ("ĐỒNG / BẰNG SÔNG HỒNG")."""
    up = name.upper()
    if len(up) <= 30:
        return up
    breaks = [up.index(lead) + len(lead) for lead in ("CỤM THI ĐUA", "CÁC TỈNH", "THÀNH PHỐ") if lead in up]
    breaks = [b for b in breaks if 0 < b < len(up) and up[b] == " "]
    if not breaks:
        return up
    best = min(breaks, key=lambda b: abs(len(up) - 2 * b))
    return up[:best] + "\n" + up[best + 1:]


def numbered(number: str, code: str) -> str:
    """"01/BB-CTĐ", or "……/BB-CTĐ" to fill in by hand when the number is not recorded yet."""
    return number or f"{words.DOTS}/{code}"


def document(season: Season, kind: str, title: str, head: Header, heading: Title, body: list[Block],
             landscape: bool = False, facts: dict | None = None) -> Document:
    marks = marks_of(season)
    return Document(kind, title, head, heading, tuple(body), marks, marks.sha256 or current_hash(season),
                    landscape, season.cluster_name, season.year, facts or {})


def head_signer(season: Season) -> Signer:
    """Who signs for the cluster: the meeting's chair (the head's leader)."""
    return Signer(("TM. CỤM THI ĐUA", "CỤM TRƯỞNG"), season.meeting.chair, "head")


def attached_note(season: Season) -> str:
    """"(Kèm theo Biên bản số 01/BB-CTĐ ngày 15/12/2017 của Cụm …)" for an annex of the minutes."""
    mt = season.meeting
    if not mt.minutes_number:
        return ""
    when = f" ngày {words.short_date(mt.date)}" if mt.date else ""
    return f"(Kèm theo Biên bản số {mt.minutes_number}{when} của {season.cluster_name})"


def member_names(season: Season, ids) -> str:
    known = {m.id: m.display_full for m in season.members}
    return words.names([known[i] for i in ids if i in known])


@dataclass(frozen=True)
class NomineeLine:
    nominee: Nominee
    award: AwardType
    proposer: str
    ballot: Ballot | None


def nominee_lines(season: Season) -> list[NomineeLine]:
    """Nominees, highest award first; within an award those from the ranking first, then by name."""
    lines = []
    for n in season.nominees.values():
        award = season.award_types[n.award_type_id]
        proposer = season.member(n.member_id).display_full if n.member_id else "Cụm thi đua"
        lines.append(NomineeLine(n, award, proposer, season.ballots.get(n.id)))
    lines.sort(key=lambda ln: (ln.award.precedence, ln.nominee.origin is not Origin.RANKING,
                               sort_key(ln.nominee.name)))
    return lines


def vote_brief(ballot: Ballot | None) -> str:
    if ballot is None:
        return "Chưa biểu quyết"
    verdict = "Đạt" if ballot.passed else "Không đạt"
    # of the base the vote rule takes the share of: present, all members, or present plus written opinions
    return f"{verdict}: {ballot.counted_for}/{ballot.base_count} phiếu đồng ý " \
           f"({words.vote_share(ballot.counted_for, ballot.base_count)})"
