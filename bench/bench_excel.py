"""Excel speed: the scoring table for 63 members × 200 criteria, and importing 63 filled member forms.

Prints each figure next to openpyxl merely loading and saving the same files (targets: ≤ 1 s to
write the table, ≤ 5 s to read 63 forms). Not a test: run `python bench/run.py`.
"""

from __future__ import annotations

import tempfile
import time
from decimal import Decimal as D
from pathlib import Path

import openpyxl

from thidua.documents.forms.read import read_member_forms
from thidua.documents.forms.write import write_member_form
from thidua.documents.xlsx.scoring import write_scoring_table
from thidua.domain.criteria import Criterion, Kind, Method, new_id
from thidua.domain.scoring import ScoreKind
from thidua.services import clusters, scoring
from thidua.storage.database import Database

MEMBERS, GROUPS, LEAVES_PER_GROUP = 63, 20, 9    # 20 groups + 180 leaves = 200 criteria


def build(db) -> str:
    c = clusters.create_cluster(db.uow(), "Cụm thi đua đo tốc độ")
    season = clusters.create_season(db.uow(), c.id, 2024, [(f"Tỉnh số {i + 1}", "") for i in range(MEMBERS)])
    leaves = []
    for g in range(GROUPS):
        group = clusters.add_criterion(db.uow(), season.id, Criterion(new_id(), f"Nhóm tiêu chí {g + 1}",
                                                                      Kind.GROUP, code=str(g + 1)))
        for k in range(LEAVES_PER_GROUP):
            leaf = clusters.add_criterion(db.uow(), season.id, Criterion(
                new_id(), f"Tiêu chí {g + 1}.{k + 1}: nội dung chấm điểm thi đua", Kind.LEAF, code=f"{k + 1}",
                parent_id=group.id, method=Method.MANUAL, max_points=D(5), step=D("0.25")))
            leaves.append(leaf.id)
    s = clusters.open_season(db.uow(), season.id)
    entries = [(m.id, leaf, None, D((i * 7 + j * 3) % 21) / 4) for i, m in enumerate(s.members)
               for j, leaf in enumerate(leaves)]
    scoring.record_scores(db.uow(), season.id, entries, ScoreKind.AGREED)
    return season.id


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-excel-"))
    db = Database(f"sqlite:///{tmp / 'bench.sqlite'}", actor="bench")
    t = time.perf_counter()
    sid = build(db)
    season = clusters.open_season(db.uow(), sid)
    print(f"season built with the services: {MEMBERS} members × {len(season.criteria)} criteria "
          f"in {time.perf_counter() - t:.2f} s")

    table = tmp / "scoring-table.xlsx"
    write = timed(lambda: write_scoring_table(season, table))
    wb = openpyxl.load_workbook(table)
    plain_load = timed(lambda: openpyxl.load_workbook(table), 1)
    plain_save = timed(lambda: wb.save(tmp / "resaved.xlsx"), 1)
    print(f"write scoring table:       {write:6.2f} s  (target ≤ 1 s)")
    print(f"  openpyxl load same file: {plain_load:6.2f} s;  save: {plain_save:6.2f} s")

    forms = []
    for i, m in enumerate(season.members):
        path = tmp / f"form-{i:02d}.xlsx"
        write_member_form(season, m.id, path)
        fwb = openpyxl.load_workbook(path)
        ws = fwb.worksheets[0]
        for row in ws.iter_rows(min_col=6, max_col=6):   # F: the self-score of a manual criterion
            cell = row[0]
            if cell.protection.locked is False:
                cell.value = 2.5
        fwb.save(path)
        forms.append(path)

    def read_all():
        reading = read_member_forms(forms, season)   # all 63 together, as they are applied
        assert reading.ok, reading.all_problems[:3]
        return len(reading.changes)

    t = time.perf_counter()
    changes = read_all()
    read = time.perf_counter() - t
    plain = timed(lambda: [openpyxl.load_workbook(p, read_only=True, data_only=True).close() for p in forms], 1)
    plain_full = timed(lambda: [openpyxl.load_workbook(p) for p in forms], 1)
    print(f"read 63 filled forms:      {read:6.2f} s  (target ≤ 5 s; {changes} changes found)")
    print(f"  openpyxl load same files: {plain:6.2f} s read-only, {plain_full:6.2f} s full")
    db.close()


if __name__ == "__main__":
    main()
