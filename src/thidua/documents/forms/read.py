"""Reading returned self-scoring forms back: what each member changed, checked cell by cell, nothing written.

A form says which season and member it belongs to and what every input cell held when it was
made; reading compares each input with that, so only the cells the member actually changed
become changes — each carrying the value the form was made from (the `expected` of the write
contract). Forms for another season, a locked season or a member no longer in it are refused
in one sentence; a value that breaks its criterion's rule is listed by sheet, row and column.
services.imports.apply_form_changes writes the lot, all or nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ... import wording
from ...domain.criteria import Kind
from ...domain.errors import DomainError
from ...domain.points import (COUNT_LIMIT, FIGURE_DECIMALS, FIGURE_LIMIT, POINTS_DECIMALS, POINTS_LIMIT,
                              bounds_problem, parse_number)
from ...domain.season import Area, Season, State
from ...domain.text import fold
from ..readers.grid import Sheet, load_book
from ..readers.safe import Problem, WorkbookError
from .write import HIDDEN, MARKER, NO, NOTE_COL, YES, rule_fingerprint

_NOTE_LIMIT = 2000   # characters of a member's note kept


@dataclass(frozen=True)
class FormChange:
    """One cell a member changed: its score (old → new) and/or its note."""

    member_id: str
    member: str
    criterion_id: str
    code: str
    title: str
    old: Decimal | None          # the self-score the form was made from (what the member saw)
    new: Decimal | None
    sheet: str
    cell: str
    file: str = ""
    note: str | None = None      # the member's note when changed, else None
    old_note: str = ""
    entered: str = ""            # what the member typed, when it is not the points ("Có", "89", "3 lần")
    current: Decimal | None = None   # the stored self-score now (differs from `old` when changed meanwhile)

    @property
    def score_changed(self) -> bool:
        return self.new != self.old

    @property
    def conflict(self) -> bool:
        """Someone changed this cell since the form was made (and not to what the member wrote)."""
        return self.score_changed and self.current != self.old and self.current != self.new


@dataclass
class FormReading:
    """What one returned form would change, and why it cannot (if it cannot)."""

    file: str
    member_id: str = ""
    member: str = ""
    revision: int = 0             # the season's stored version the form was made from
    changes: list[FormChange] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def members(self) -> list[str]:
        return [self.member] if self.member else []


@dataclass
class FormsReading:
    """Several returned forms read together: applied together, all or nothing."""

    readings: list[FormReading]
    problems: list[Problem] = field(default_factory=list)   # across forms (two copies that disagree)
    changes: list[FormChange] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and all(r.ok for r in self.readings)

    @property
    def all_problems(self) -> list[Problem]:
        return [p for r in self.readings for p in r.problems] + self.problems

    @property
    def conflicts(self) -> list[FormChange]:
        return [c for c in self.changes if c.conflict]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    return str(value).strip()


def _decimal(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def _record(value, name: str) -> list[str] | None:
    """One input row of the identifying sheet: [criterion, row, column, kind, input, self-score, note, rule, target]."""
    if value is None:
        return None
    try:
        record = json.loads(str(value))
    except ValueError:
        raise WorkbookError("not_a_form", name) from None
    if not isinstance(record, list) or len(record) != 9 or not all(isinstance(x, str) for x in record) or \
            not record[1].isdigit() or record[2] not in ("E", "F") or \
            record[3] not in ("points", "yes_no", "count", "figure"):
        raise WorkbookError("not_a_form", name)
    return record


def _head(hidden: Sheet, name: str) -> list[str]:
    head = [_text(hidden.value(1, c)) for c in range(1, 8)]
    if head[0] != MARKER:
        reason = "old_form" if head[0].startswith("thidua-member-form/") else "not_a_form"
        raise WorkbookError(reason, name)
    return head


def read_member_form(path: Path | str, season: Season, seconds: float | None = None) -> FormReading:
    """Check one returned form against `season` and list its changes; nothing is written."""
    book = load_book(path, seconds)
    name = book.name
    hidden = next((s for s in book.sheets if s.name == HIDDEN), None)
    if hidden is None:
        raise WorkbookError("not_a_form", name)
    _marker, season_id, member_id, version, cluster, year, short = _head(hidden, name)
    if season_id != season.id:
        raise WorkbookError("wrong_season", name, form_cluster=cluster or "?", form_year=year or "?",
                            cluster=season.cluster_name, year=season.year)
    if season.state is State.SIGNED_OFF:
        raise WorkbookError("form_signed_off", name, cluster=season.cluster_name, year=season.year)
    if not season.can(Area.SCORES):
        raise WorkbookError("form_scores_locked", name, cluster=season.cluster_name, year=season.year)
    member = next((m for m in season.members if m.id == member_id), None)
    if member is None:
        raise WorkbookError("form_member_gone", name, member=short or "?")
    sheet = next((s for s in book.sheets if s.name != HIDDEN), None)
    if sheet is None:
        raise WorkbookError("not_a_form", name)
    out = FormReading(name, member.id, member.short_name, int(version) if version.isdigit() else 0)
    chosen: dict[str, list[tuple[str, Decimal]]] = {}
    for r in range(2, hidden.rows + 1):
        record = _record(hidden.value(r, 1), name)
        if record is None:
            continue
        cid, row_text, column, kind, before, before_self, before_note, fingerprint, target = record
        _read_cell(out, season, member, sheet, int(row_text), column, kind, before, before_self, before_note,
                   fingerprint, target, cid, chosen)
    for choice_id, picked in chosen.items():
        nonzero = [(cell, v) for cell, v in picked if v]
        if len(nonzero) > 1:
            node = season.criteria.get(choice_id)
            out.problems.append(Problem(sheet.name, int(nonzero[0][0][1:]), nonzero[0][0][0], wording.reading(
                "form_choice_twice", label=_label(season, node), cells=", ".join(c for c, _v in nonzero))))
    return out


def _read_cell(out: FormReading, season: Season, member, sheet: Sheet, row: int, column: str, kind: str,
               before: str, before_self: str, before_note: str, fingerprint: str, target_text: str, cid: str,
               chosen: dict) -> None:
    col = 5 if column == "E" else 6
    raw = sheet.value(row, col)
    typed = _text(raw)
    note = _text(sheet.value(row, NOTE_COL))[:_NOTE_LIMIT]
    where = f"{column}{row}"
    expected = _decimal(before_self)
    input_changed = _changed(kind, typed, before)
    note_changed = note != before_note.strip()
    leaf = season.criteria.get(cid) if cid in season.criteria else None
    if not input_changed:
        if leaf is not None:
            _remember_choice(season, leaf, expected, where, chosen)
        if not note_changed:
            out.unchanged += 1
            return
    if leaf is None or leaf.kind is not Kind.LEAF:
        out.problems.append(Problem(sheet.name, row, column, wording.reading("form_criterion_gone")))
        return
    target = _decimal(target_text)
    if input_changed and rule_fingerprint(leaf, season.criteria.maximum(leaf.id),
                                          season.figure(member.id, leaf.id).target) != fingerprint:
        out.problems.append(Problem(sheet.name, row, column,
                                    wording.reading("form_rule_changed", label=_label(season, leaf))))
        return
    new = expected
    if input_changed:
        try:
            new = _points(kind, typed, raw, leaf, target)
        except _Refused as refused:
            out.problems.append(Problem(sheet.name, row, column, f"{_label(season, leaf)}: {refused}"))
            return
    _remember_choice(season, leaf, new, where, chosen)
    stored = season.cell(member.id, leaf.id)
    current = stored.self_points
    already = new == current and (not note_changed or note == stored.note)   # this form was applied before
    if (new == expected and not note_changed) or already:
        out.unchanged += 1
        return
    out.changes.append(FormChange(member.id, member.short_name, leaf.id, season.criteria.path_code(leaf.id),
                                  leaf.title, expected, new, sheet.name, where, out.file,
                                  note if note_changed else None, before_note,
                                  typed if kind != "points" and input_changed else "", current))


class _Refused(Exception):
    """A typed value its criterion does not take; str() is the reason, worded."""


def _changed(kind: str, typed: str, before: str) -> bool:
    if kind == "yes_no":
        return fold(typed) != fold(before)
    try:
        now = parse_number(typed) if typed else None
    except (ValueError, ArithmeticError):
        return True
    then = _decimal(before)
    return now != then


def _points(kind: str, typed: str, raw, leaf, target: Decimal | None) -> Decimal | None:
    """The self-score a typed input means under its criterion's rule; raises _Refused with a reason."""
    if not typed:
        return None
    if kind == "yes_no":
        answer = fold(typed)
        if answer in (fold(YES), "co", "x", "dat", "yes"):
            value = leaf.max_points
        elif answer in (fold(NO), "khong", "khong dat", "no"):
            value = Decimal(0)
        else:
            raise _Refused(wording.reading("form_yes_no", value=typed[:40]))
        return _checked(leaf, value)
    try:
        number = parse_number(raw if not isinstance(raw, str) else typed)
    except (ValueError, ArithmeticError):
        raise _Refused(wording.reading("form_not_number", value=typed[:40])) from None
    if number is None:
        return None
    if kind == "count":
        if bounds_problem(number, Decimal(COUNT_LIMIT), 0) or number < 0 or number != number.to_integral_value():
            raise _Refused(wording.reading("form_count", value=typed[:40]))
        return _checked(leaf, min(leaf.max_points, (leaf.per_item or Decimal(0)) * number))
    if kind == "figure":
        problem = bounds_problem(number, FIGURE_LIMIT, FIGURE_DECIMALS)
        if problem or number < 0:
            raise _Refused(wording.reading("form_figure", value=typed[:40]))
        return _checked(leaf, leaf.points_from_figures(target, number))
    if bounds_problem(number, POINTS_LIMIT, POINTS_DECIMALS) in ("not_finite", "too_large"):
        raise _Refused(wording.reading("cell_too_large", what=wording.reading("what_points"), value=typed[:40]))
    return _checked(leaf, number)


def _checked(leaf, value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    try:
        return leaf.check_points(value)
    except DomainError as exc:
        raise _Refused(wording.explain(exc)) from None


def _remember_choice(season: Season, leaf, value: Decimal | None, where: str, chosen: dict) -> None:
    choice = season.criteria.choice_of(leaf.id)
    if choice is not None:
        chosen.setdefault(choice.id, []).append((where, value))


def _label(season: Season, node) -> str:
    code = season.criteria.path_code(node.id)
    return f"{code} {node.title}" if code else node.title


def read_member_forms(paths: list[Path | str] | Path | str, season: Season,
                      seconds: float | None = None) -> FormsReading:
    """Read any number of returned forms, in any order; two copies of one member's form must agree."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    readings = [read_member_form(p, season, seconds) for p in paths]
    out = FormsReading(readings)
    seen: dict[tuple[str, str], FormChange] = {}
    for reading in readings:
        for change in reading.changes:
            key = (change.member_id, change.criterion_id)
            other = seen.get(key)
            if other is None:
                seen[key] = change
                out.changes.append(change)
            elif (other.new, other.note) != (change.new, change.note):
                out.problems.append(Problem(change.sheet, int(change.cell[1:]), change.cell[0], wording.reading(
                    "form_copies_differ", member=change.member, label=f"{change.code} {change.title}".strip(),
                    file=change.file, other=other.file)))
    return out


def explain_reading(reading: FormReading | FormsReading) -> list[str]:
    """The refusal and its reasons, by sheet, row and column (empty when the forms can be applied)."""
    problems = reading.all_problems if isinstance(reading, FormsReading) else reading.problems
    if not problems:
        return []
    if len(problems) == 1:
        return [wording.reading("form_one_problem", problem=problems[0].sentence())]
    return [wording.reading("form_problems", count=len(problems))] + [f"  - {p.sentence()}" for p in problems]


def form_identity(path: Path | str, seconds: float | None = None) -> dict[str, str]:
    """Which season and member a form says it belongs to (to open that season before reading it whole)."""
    book = load_book(path, seconds)
    hidden = next((s for s in book.sheets if s.name == HIDDEN), None)
    if hidden is None:
        raise WorkbookError("not_a_form", book.name)
    _marker, season_id, member_id, version, cluster, year, short = _head(hidden, book.name)
    return {"season_id": season_id, "member_id": member_id, "revision": version, "cluster": cluster,
            "year": year, "member": short, "file": book.name}
