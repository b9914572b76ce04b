"""User text never becomes a formula in any workbook thidua writes: names, criteria, notes, nominees, meeting
text and the hidden sheets, with "=", "+", "-" and "@" payloads, for every writer the registry knows."""

from __future__ import annotations

import dataclasses

import openpyxl
import pytest

from thidua.documents import registry
from thidua.documents.forms.write import write_member_forms
from thidua.domain.awards import AwardType, Nominee, NomineeKind
from thidua.domain.criteria import new_id
from thidua.domain.season import State
from thidua.services import clusters

MARK = "PWN"
PAYLOADS = [f"={MARK}()+1", f"+{MARK}+1", f"-{MARK}-1", f"@{MARK}(1)", f'=HYPERLINK("x","{MARK}")',
            f"=cmd|' /C {MARK}'!A0", f"-2+3+{MARK}", f"={MARK}"]


def _payload(i: int) -> str:
    return PAYLOADS[i % len(PAYLOADS)] + f" #{i}"


def poisoned(season):
    """The season with user text in every field a workbook prints, each starting like a formula."""
    n = iter(range(10_000))
    season.cluster_name = _payload(next(n))
    season.parent_body = _payload(next(n))
    state = season.state
    season.state = State.SCORING
    for m in season.members:
        season.update_member(m.id, short_name=_payload(next(n)), full_name=_payload(next(n)))
    for node, _depth in season.criteria.walk():
        changes = {"title": _payload(next(n)), "code": _payload(next(n))[:12]}
        if node.is_leaf:
            changes["unit"] = _payload(next(n))
        season.update_criterion(node.id, **changes)
    for m in season.members:
        for leaf in season.criteria.leaves()[:4]:
            season.set_note(m.id, leaf.id, _payload(next(n)))
    season.state = State.VOTING
    award = AwardType(new_id(), _payload(next(n)), 9, from_ranking=False, exclusive=False,
                      min_classification=None)
    season.put_award_type(award)
    season.put_nominee(Nominee(new_id(), _payload(next(n)), NomineeKind.COOPERATIVE, award.id,
                               season.members[0].id, reason=_payload(next(n))))
    text_fields = [f.name for f in dataclasses.fields(season.meeting) if f.type in ("str", str)]
    meeting = dataclasses.replace(season.meeting, **{name: _payload(next(n)) for name in text_fields},
                                  attendance=tuple((m, _payload(next(n))) for m, _who in season.meeting.attendance))
    season.set_meeting(meeting)
    season.state = state
    return season


def _formula_cells_from_user_text(path) -> tuple[list[str], int]:
    wb = openpyxl.load_workbook(path)   # formulas as written, not their cached values
    bad, seen = [], 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str) or MARK not in cell.value:
                    continue
                seen += 1
                if cell.data_type == "f" or cell.value.startswith("=") and cell.data_type != "s":
                    bad.append(f"{ws.title}!{cell.coordinate}: {cell.value!r}")
    return bad, seen


def test_every_registered_workbook_keeps_user_text_as_text(demo_copy, tmp_path):
    db, first, _second = demo_copy
    season = poisoned(clusters.open_season(db.uow(), first))
    written = 0
    for kind in registry.load_writers().values():
        writer = kind.writers.get("xlsx")
        if writer is None:
            continue
        path = tmp_path / f"{kind.name}.xlsx"
        writer(season, path)
        bad, seen = _formula_cells_from_user_text(path)
        assert bad == [], (kind.name, bad[:5])
        assert seen > 0, kind.name   # the payloads did reach the workbook
        written += 1
    assert written >= 4


def test_member_forms_keep_user_text_as_text_in_every_sheet(demo_copy, tmp_path):
    db, _first, second = demo_copy
    season = poisoned(clusters.open_season(db.uow(), second))
    paths = write_member_forms(season, tmp_path / "forms")
    assert len(paths) == len(season.members)
    for path in paths:
        bad, seen = _formula_cells_from_user_text(path)
        assert bad == [] and seen > 0, bad[:5]
        hidden = openpyxl.load_workbook(path)["_thidua"]
        assert all(c.data_type == "s" for row in hidden.iter_rows() for c in row if c.value is not None)


@pytest.mark.parametrize("text", PAYLOADS + ["=1+1", "@x", "-", "+"])
def test_the_shared_safe_cell_helper(text):
    from thidua.documents import xlsx_common as xc

    ws = openpyxl.Workbook().active
    cell = xc.text(ws, 1, 1, text)
    assert cell.data_type == "s" and cell.value == text and (cell.quotePrefix or text[0] not in "=+-@")
