"""Seeded fuzzing: hundreds of damaged, tampered and malicious tables and forms — no traceback, no hang,
nothing half-written. The files run in a separate process bounded in time (fuzz_worker.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import openpyxl

from tests.mutants import mutants
from thidua.documents.forms.write import write_member_forms
from thidua.services import clusters

ROOT = Path(__file__).resolve().parents[2]
TABLES = ROOT / "tests" / "fixtures" / "tables"
WORKER = Path(__file__).with_name("fuzz_worker.py")
SEED = 20261122


def _run(args: list[str], timeout: float) -> list[dict]:
    # a hang or a native crash shows here as a timeout or a non-zero exit, never as a stuck test run
    done = subprocess.run([sys.executable, str(WORKER), *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def _check(results: list[dict], kinds: dict[str, str], expected: int) -> Counter:
    assert len(results) == expected
    bad = [r for r in results if r["outcome"] == "traceback" or r["partial"]]
    assert bad == [], bad[:3]
    refused = [r for r in results if r["outcome"] == "refused"]
    assert all(r["sentence"] and "Traceback" not in r["sentence"] for r in refused)
    seen = Counter((kinds[r["file"]], r["outcome"]) for r in results)
    print(sorted(seen.items()))
    return seen


def test_mutated_tables_never_crash_hang_or_half_write(tmp_path):
    folder = tmp_path / "tables"
    folder.mkdir()
    kinds = {}
    sources = [("sample", TABLES / "bang-cham-diem-tay-nam-bo-2023.xlsx", ["D8", "E9", "F12", "C8", "B8", "I33"]),
               ("self", TABLES / "tu-cham-cum-cham.xlsx", ["D10", "E11", "C10", "B12", "F30"])]
    n = 0
    for label, path, cells in sources:
        for kind, blob in mutants(path.read_bytes(), SEED + n, 70, cells):
            name = f"{n:04d}-{label}-{kind}.xlsx"
            (folder / name).write_bytes(blob)
            kinds[name] = kind
            n += 1
    for label in ("tu-cham-cum-cham.xls", "mau-04-tieu-de-gop.ods", "tong-hop-theo-hang.xls"):
        data = (TABLES / label).read_bytes()
        import random
        rnd = random.Random(SEED + n)
        for k in range(12):
            blob = bytearray(data)
            for _ in range(rnd.randint(1, 10)):
                blob[rnd.randrange(len(blob))] = rnd.randrange(256)
            name = f"{n:04d}-{label}-flip{Path(label).suffix}"
            (folder / name).write_bytes(bytes(blob[:len(blob) if k % 3 else rnd.randrange(len(blob))]))
            kinds[name] = "flip-" + Path(label).suffix
            n += 1
    results = _run(["tables", str(folder), f"sqlite:///{tmp_path / 'fuzz.sqlite'}"], timeout=600)
    seen = _check(results, kinds, n)
    for kind in ("flip", "truncate", "xml", "number", "formula", "merge", "bomb"):
        assert sum(v for (k, _o), v in seen.items() if k == kind) >= 20, seen
    # the harmless damage still imports (formulas read as their cached values, merges ignored where meaningless)
    assert seen[("merge", "imported")] > 0 and seen[("number", "refused")] > 0 and seen[("bomb", "refused")] > 0


def test_mutated_member_forms_never_crash_hang_or_half_write(demo_copy, tmp_path):
    db, _first, second = demo_copy
    season = clusters.open_season(db.uow(), second)
    (form,) = write_member_forms(season, tmp_path / "sent", [season.members[1].id])
    wb = openpyxl.load_workbook(form)
    ws = wb.worksheets[0]
    inputs = [c.coordinate for row in ws.iter_rows() for c in row if c.protection.locked is False]
    # a valid filled form: each input by its kind (the identifying sheet says which), a note on each row
    typed = {"points": 0, "yes_no": "Có", "count": 1, "figure": 7}
    for (record,) in wb["_thidua"].iter_rows(min_row=2, max_col=1, values_only=True):
        _cid, row, column, kind = json.loads(record)[:4]
        ws[f"{column}{row}"] = typed[kind]
        ws[f"G{row}"] = "ghi chú của đơn vị"
    wb.save(form)
    db.close()
    folder = tmp_path / "forms"
    folder.mkdir()
    kinds = {}
    count = 56
    for i, (kind, blob) in enumerate(mutants(form.read_bytes(), SEED, count, inputs)):
        name = f"{i:04d}-{kind}.xlsx"
        (folder / name).write_bytes(blob)
        kinds[name] = kind
    template = tmp_path / "demo.sqlite"
    results = _run(["forms", str(folder), str(template), second], timeout=600)
    seen = _check(results, kinds, count)
    assert seen[("number", "refused")] > 0 and any(o == "applied" for (_k, o) in seen)
