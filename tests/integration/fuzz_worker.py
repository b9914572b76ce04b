"""Run mutated files through the table importer or the form importer; print one JSON line per file.

Started by test_fuzz_imports.py in its own process (so a hang or a crash of a native reader
cannot take the test run with it). Each outcome is "imported"/"applied", "refused" with the
sentence a person would read, or "traceback"; "partial" says whether the database changed
although nothing should have (or changed more than the file said).
"""

from __future__ import annotations

import json
import shutil
import sys
import traceback
from pathlib import Path

DEADLINE = 20.0   # seconds one file may take inside the readers (the readers' own deadline)


def _sentence(exc: BaseException) -> str:
    from thidua import wording

    return wording.explain_lines(exc)[0]


def tables(folder: Path, db_url: str) -> None:
    from thidua.documents.readers.safe import WorkbookError
    from thidua.domain.errors import DomainError
    from thidua.services import clusters
    from thidua.services.imports import import_table
    from thidua.storage.database import Database

    db = Database(db_url, actor="fuzz")
    for i, path in enumerate(sorted(folder.iterdir())):
        before = len(clusters.list_clusters(db.uow()))
        out = {"file": path.name, "outcome": "refused", "sentence": "", "partial": False}
        try:
            from thidua.documents.readers.table import parse_table

            parsed = parse_table(path, seconds=DEADLINE)
            done = import_table(db.uow(), parsed, f"Cụm thử {i}", 2020)
            season = clusters.open_season(db.uow(), done.season_id)
            totals = season.results().tallies
            for m, member in zip(parsed.members, season.members):
                printed = parsed.totals.get(m.index)
                if printed is not None and printed != totals[member.id].total:
                    out["partial"] = True   # imported although its own total row disagrees
            out["outcome"] = "imported"
        except (WorkbookError, DomainError) as exc:
            out["sentence"] = _sentence(exc)
        except BaseException:   # noqa: BLE001 - the point: anything else is a failure to report
            out["outcome"] = "traceback"
            out["sentence"] = traceback.format_exc()[-3000:]
        after = len(clusters.list_clusters(db.uow()))
        out["partial"] = out["partial"] or after != before + (out["outcome"] == "imported")
        print(json.dumps(out, ensure_ascii=False), flush=True)
    db.close()


def _snapshot(season) -> dict:
    return {f"{k[0]}/{k[1]}": [str(c.self_points), str(c.agreed_points), c.note] for k, c in season.scores.items()}


def forms(folder: Path, template: Path, season_id: str) -> None:
    from thidua.documents.forms.read import read_member_forms
    from thidua.documents.readers.safe import WorkbookError
    from thidua.domain.errors import DomainError
    from thidua.services import clusters
    from thidua.services.imports import apply_form_changes
    from thidua.services.ports import StorageError
    from thidua.storage.database import Database

    work = folder.parent / "work.sqlite"
    for path in sorted(folder.iterdir()):
        shutil.copy(template, work)
        db = Database(f"sqlite:///{work}", actor="fuzz")
        before = _snapshot(clusters.open_season(db.uow(), season_id))
        out = {"file": path.name, "outcome": "refused", "sentence": "", "partial": False}
        changes = []
        try:
            season = clusters.open_season(db.uow(), season_id)
            reading = read_member_forms([path], season, seconds=DEADLINE)
            if not reading.ok:
                out["sentence"] = reading.all_problems[0].sentence()
            else:
                changes = reading.changes
                apply_form_changes(db.uow(), season_id, changes)
                out["outcome"] = "applied"
        except (WorkbookError, DomainError, StorageError) as exc:
            out["sentence"] = _sentence(exc)
        except BaseException:   # noqa: BLE001
            out["outcome"] = "traceback"
            out["sentence"] = traceback.format_exc()[-3000:]
        after = _snapshot(clusters.open_season(db.uow(), season_id))
        if out["outcome"] == "applied":
            # a form touches only its own member (a chosen band clears that member's other bands)
            touched = {c.member_id for c in changes}
            keys = set(before) | set(after)
            out["partial"] = any(after.get(k) != before.get(k) for k in keys if k.split("/")[0] not in touched) or any(
                str(c.new) != after.get(f"{c.member_id}/{c.criterion_id}", ["None"])[0] for c in changes)
        else:
            out["partial"] = after != before
        db.close()
        print(json.dumps(out, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "tables":
        tables(Path(sys.argv[2]), sys.argv[3])
    else:
        forms(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4])
