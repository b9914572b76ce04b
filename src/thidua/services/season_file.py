"""Export a season to its file and import one: checked against the JSON Schema, created in one transaction.

Import reads the file, checks it against schemas/season.schema.json (the copy in docs/ is the
same) and then builds the season through the aggregate's own methods — so every value lands in
the audit log like a typed one — collecting one problem per place in the file that cannot be
taken. Nothing is written unless the whole file goes in. A signed-off season comes in signed off,
its revisions with their content and hash, and only when its data still hash to what was signed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..domain import season_file as sf
from ..domain.canonical import canonical_json, content_hash
from ..domain.criteria import new_id
from ..domain.errors import DomainError, Duplicate, EditConflict, SeasonLocked
from ..domain.season import Season, State
from ..domain.text import fold
from .clusters import DEFAULT_PARENT, YEARS
from .ports import ClusterRecord, UnitOfWork

SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "season.schema.json"
MAX_BYTES = 200 * 1024 * 1024   # 63 members × 200 criteria with every column is some 20 MB
MAX_PROBLEMS = 50    # a file wrong everywhere is said in its first fifty places, not ten thousand


@dataclass(frozen=True)
class FileProblem:
    """One place in a season file that cannot be taken, as data for wording.season_file_lines."""

    path: str                     # "criteria[3].max_points"; "" for the file as a whole
    reason: str                   # missing, unknown, expected, domain, bad_date, signed_changed, …
    expected: str = ""            # what the schema wants there: decimal, id, fraction, date, enum…
    choices: tuple = ()           # the allowed values (enum) or bounds (integer)
    found: Any = None             # what the file has there
    error: BaseException | None = None   # a rule the season refused, worded by wording.explain


class SeasonFileRefused(DomainError):
    """A season file that is not imported. data: file, problems (FileProblem), reason (not_json, too_new, problems)."""

    code = "season_file"


@dataclass(frozen=True)
class ImportedSeason:
    season_id: str
    cluster: str
    year: int
    state: str
    members: int
    criteria: int
    scores: int
    cluster_created: bool
    replaced: bool
    renamed_ids: bool


# ---- export --------------------------------------------------------------------------------
def export_text(season: Season) -> str:
    """The season's file, as text (UTF-8 JSON, stable key order: two exports are the same bytes)."""
    return sf.dumps(sf.to_data(season))


def export_season(uow: UnitOfWork, season_id: str) -> str:
    with uow:
        return export_text(uow.seasons.get(season_id))


# ---- reading and checking ------------------------------------------------------------------
@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return Draft202012Validator(schema), schema["$defs"]


def parse(data: bytes | str, file: str = "") -> dict[str, Any]:
    """The file's JSON: refused (not_json, with line and column) when it is not JSON or not an object."""
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
        doc = json.loads(text)
    except UnicodeDecodeError as exc:
        raise SeasonFileRefused(file=file, reason="not_utf8", problems=[], detail=str(exc.start)) from None
    except json.JSONDecodeError as exc:
        raise SeasonFileRefused(file=file, reason="not_json", problems=[], line=exc.lineno, column=exc.colno) from None
    if not isinstance(doc, dict):
        raise SeasonFileRefused(file=file, reason="not_json", problems=[], line=1, column=1)
    return doc


def path_text(parts) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _expected(schema: Any, defs: dict) -> tuple[str, tuple]:
    """What a (sub)schema asks for, as a token wording knows, and its choices or bounds."""
    if isinstance(schema, dict):
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            return _expected(defs[name], defs) if name.endswith("_or_null") else (name, ())
        for name, value in defs.items():
            if value == schema and not name.endswith("_or_null"):
                return name, ()
        if "anyOf" in schema:
            kinds = [_expected(s, defs) for s in schema["anyOf"]]
            main = next((k for k in kinds if k[0] != "null"), ("null", ()))
            return (main[0] + "_or_null", main[1]) if any(k[0] == "null" for k in kinds) else main
        if "enum" in schema:
            return "enum", tuple(v for v in schema["enum"] if v is not None)
        if "const" in schema:
            return "const", (schema["const"],)
        kind = schema.get("type")
        if kind == "integer":
            return "integer", (schema.get("minimum"), schema.get("maximum"))
        if kind == "string" and schema.get("maxLength"):
            return "string", (schema.get("maxLength"),)
        if kind == "array" and schema.get("maxItems"):
            return "array", (schema.get("maxItems"),)
        if kind:
            return str(kind), ()
    return "value", ()


def schema_problems(doc: dict[str, Any]) -> list[FileProblem]:
    """One problem per place the file breaks the schema, in file order."""
    validator, defs = _validator()
    out: list[FileProblem] = []
    errors = sorted(validator.iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path])
    for e in errors:
        path = path_text(e.absolute_path)
        if e.validator == "required":
            for name in e.validator_value:
                if isinstance(e.instance, dict) and name not in e.instance:
                    out.append(FileProblem(path_text([*e.absolute_path, name]), "missing"))
        elif e.validator == "additionalProperties":
            known = set(e.schema.get("properties", {}))
            for name in sorted(k for k in e.instance if k not in known):
                out.append(FileProblem(path_text([*e.absolute_path, name]), "unknown", found=name))
        elif e.validator in ("minItems", "maxItems") and e.schema.get("type") == "array":
            out.append(FileProblem(path, "count", choices=(e.schema.get("minItems"), e.schema.get("maxItems")),
                                   found=len(e.instance)))
        else:
            expected, choices = _expected(e.schema, defs)
            out.append(FileProblem(path, "expected", expected, choices, e.instance))
        if len(out) >= MAX_PROBLEMS:
            break
    return out


def read(data: bytes | str, file: str = "") -> sf.SeasonFile:
    """A season file checked against the schema and read into domain values, or refused with every problem."""
    doc = parse(data, file)
    version = doc.get(sf.VERSION_KEY)
    if isinstance(version, int) and not isinstance(version, bool) and version > sf.VERSION:
        raise SeasonFileRefused(file=file, reason="too_new", problems=[], version=version)
    problems = schema_problems(doc)
    if problems:
        raise SeasonFileRefused(file=file, reason="problems", problems=problems)
    parsed, found = sf.from_data(doc)
    # values the schema cannot judge (a 30th of February) are said together with what the season refuses
    parsed.problems = [FileProblem(p.where, p.reason, found=p.value) for p in found]
    return parsed


def read_file(path: Path) -> sf.SeasonFile:
    """A season file from disk, read and checked (refused whole when too large to be a season)."""
    path = Path(path)
    if path.is_file() and path.stat().st_size > MAX_BYTES:
        raise SeasonFileRefused(file=str(path), reason="too_large", problems=[], size=path.stat().st_size)
    return read(path.read_bytes(), str(path))


# ---- import --------------------------------------------------------------------------------
@dataclass
class _Builder:
    """Applies a file's items to a new season through its own methods, noting a problem per refused item."""

    season: Season
    problems: list[FileProblem] = field(default_factory=list)

    def do(self, path: str, fn, *args, **kw) -> bool:
        if len(self.problems) >= MAX_PROBLEMS:
            return False
        try:
            fn(*args, **kw)
            return True
        except DomainError as exc:
            self.problems.append(FileProblem(path, "domain", error=exc))
            return False


def import_season(uow: UnitOfWork, data: bytes | str | sf.SeasonFile, *, file: str = "",
                  as_cluster: str | None = None, year: int | None = None, replace_existing: bool = False,
                  expected_version: int | None = None, version: int = 0,
                  reason: str | None = None) -> ImportedSeason:
    """Create a season from its file — or, when asked, replace the same cluster's season of that year
    if it is not signed off — in one transaction; every value is logged as a change.

    `expected_version` is the version of the season being replaced as its author saw it (the app
    shows it before asking); when it changed meanwhile nothing is replaced. The command line, which
    shows nothing first, replaces what is stored. `version` continues a deleted season's versions
    when undo brings it back (so no cache takes it for the old one); `reason` goes in its log.
    """
    f = data if isinstance(data, sf.SeasonFile) else read(data, file)
    cluster_name = " ".join((as_cluster or f.cluster).split())
    year = year or f.year
    if not YEARS[0] <= year <= YEARS[1]:
        raise SeasonFileRefused(file=file, reason="problems", problems=[FileProblem("year", "expected", "integer",
                                                                                      YEARS, year)])
    if f.signed and (fold(cluster_name) != fold(f.cluster) or year != f.year):
        raise SeasonFileRefused(file=file, reason="signed_renamed", problems=[], cluster=f.cluster, year=f.year)
    reason = reason or (f"nhập từ tệp {Path(file).name}" if file else "nhập từ tệp kỳ thi đua")
    with uow:
        cluster = next((c for c in uow.clusters.list() if fold(c.name) == fold(cluster_name)), None)
        created = cluster is None
        if created:
            cluster = ClusterRecord(new_id(), cluster_name, f.parent_body.strip() or DEFAULT_PARENT)
            uow.clusters.add(cluster)
            uow.audit.record(None, "cluster", cluster.id, "added", None, cluster.name, reason)
        existing = next((r for r in uow.seasons.list(cluster.id) if r.year == year), None)
        if existing is not None:
            if not replace_existing:
                raise Duplicate(kind="season", key=f"{cluster.name} {year}")
            old = uow.seasons.get(existing.id)
            if old.state is State.SIGNED_OFF:
                raise SeasonLocked(state=State.SIGNED_OFF.value, action="replace")
            if expected_version is not None and old.version != expected_version:
                last = uow.audit.history(old.id, limit=1)
                raise EditConflict(entity="season", key=(), field="version", expected=expected_version,
                                   current=old.version, subject={}, by=last[0].actor if last else None,
                                   at=last[0].at if last else None)
            uow.seasons.remove(old.id, old.version)
            uow.audit.record(old.id, "season", "", "replaced", f"{cluster.name} {year}", None, reason)
            # the same id keeps one audit chain; a later version tells every cache the season changed
            version = old.version + 1
        taken = uow.seasons.taken(sf.ids_of(f))
        if taken and f.signed:
            raise SeasonFileRefused(file=file, reason="signed_ids_taken", problems=[])
        f = sf.renamed(f, taken)
        season = Season(f.season_id or new_id(), cluster.id, cluster.name, year, cluster.parent_body,
                        version=version)
        uow.seasons.add(season)
        season.record_creation(reason)
        problems = f.problems + _build(season, f, reason)
        if not problems and f.signed:
            problems = _check_signature(season)
        if not problems:
            problems = _check_revisions(f)
        if problems:
            raise SeasonFileRefused(file=file, reason="problems", problems=problems)
        uow.commit()
        return ImportedSeason(season.id, cluster.name, year, season.state.value, len(season.members),
                              len(season.criteria), len(season.scores), created, existing is not None, bool(taken))


def _build(season: Season, f: sf.SeasonFile, reason: str) -> list[FileProblem]:
    b = _Builder(season)
    for path, m in f.members:
        b.do(path, season.add_member, m)
    for path, c in f.criteria:
        b.do(path, season.add_criterion, c)
    if b.problems:   # everything below names members and criteria: say what is wrong with them first
        return b.problems
    b.do("settings", season.set_settings, f.settings)
    for path, m, c, fig in f.figures:
        b.do(path, season.set_figure, m, c, fig.target, fig.actual, apply_points=False)
    for path, m, c, cell in f.scores:
        for kind, value in cell.values():
            b.do(f"{path}.{kind.value}", season.set_score, m, c, value, kind)
        if cell.note:
            b.do(f"{path}.note", season.set_note, m, c, cell.note)
    # a hand-written file may leave the points of rows scored from figures to be computed
    agreed_given = {c for _, _, c, cell in f.scores if cell.agreed_points is not None}
    for path, c in f.criteria:
        if c.method is not None and c.method.uses_figures and c.id not in agreed_given and \
                any(fc == c.id for _, _, fc, _ in f.figures):
            b.do(path, season.score_from_figures, c.id)
    for path, m, c, scorer, points in f.cross:
        b.do(path, season.set_cross_score, scorer, m, c, points)
    if not b.problems:
        _check_scores(b, f)
    # quotas counted inside another award name it: every award first, then what each is counted within
    for path, a in f.award_types:
        b.do(path, season.put_award_type, replace(a, within=None))
    for path, a in f.award_types:
        if a.within is not None:
            b.do(f"{path}.within", season.put_award_type, a)
    for path, n in f.nominees:
        b.do(path, season.put_nominee, n)
    for path, ballot in f.ballots:
        b.do(path, season.restore_ballot, ballot)
    for path, decision in f.decisions:
        b.do(path, season.restore_decision, decision)
    b.do("meeting", season.set_meeting, f.meeting)
    if b.problems:
        return b.problems
    b.do("state", season.adopt, f.state, f.revisions, reason)
    for path, nominee_id, decision in f.council:
        b.do(path, season.record_council_decision, nominee_id, decision)
    return b.problems


def _check_scores(b: _Builder, f: sf.SeasonFile) -> None:
    """Every score the file gives is the one recorded: two alternatives of one set both scored clear each other."""
    for path, m, c, cell in f.scores:
        held = b.season.cell(m, c)
        for kind, value in cell.values():
            if held.get(kind) != value:
                b.problems.append(FileProblem(f"{path}.{kind.value}", "alternative_twice", found=str(value)))


def _check_signature(season: Season) -> list[FileProblem]:
    """A signed-off season is taken only when its data hash to what was signed: a file edited after
    signing would otherwise come in looking signed."""
    signed = season.revisions[-1]
    if content_hash(canonical_json(season)) != signed.sha256:
        return [FileProblem(f"revisions[{len(season.revisions) - 1}]", "signed_changed", found=signed.sha256)]
    return []


def _check_revisions(f: sf.SeasonFile) -> list[FileProblem]:
    return [FileProblem(f"revisions[{i}].content", "content_hash", found=r.sha256)
            for i, r in enumerate(f.revisions) if content_hash(r.content) != r.sha256]
