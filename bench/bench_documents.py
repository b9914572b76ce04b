"""The 63 × 200 scoring table as papers, each beside the obvious alternative measured in the same run.

- PDF: the whole `thidua export scoring-table --format pdf` process (start, open the database, lay
  out, write) against LibreOffice's `soffice --headless --convert-to pdf` of the same table's
  workbook (target ≤ 0.5 ×).
- Workbook: thidua writing the scoring-table workbook (content, layout, formulas, print setup,
  marks) against a bare openpyxl save of the same cells, values only (target ≤ 1.5 ×). The two
  alternate over several rounds, each run after a garbage collection, and the best of each counts:
  one run's garbage is not charged to the other's.
Not a test: run `python bench/run.py` (make bench).
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

from bench_pdf import build
from thidua.documents.xlsx.scoring import write_scoring_table
from thidua.services import clusters, outcome
from thidua.storage.database import Database


WORKBOOK_ROUNDS = 7


def best(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()   # each run starts without the garbage of the one before (the other's, when they alternate)
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def thidua_exe() -> list[str]:
    exe = Path(sys.executable).with_name("thidua")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "thidua"]


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-docs-"))
    try:
        db_file = tmp / "bench.sqlite"
        db = Database(f"sqlite:///{db_file}", actor="bench")
        sid = build(db)
        outcome.sign_off(db.uow(), sid, "Nguyễn Văn A")
        season = clusters.open_season(db.uow(), sid)
        db.close()

        # ---- workbook: thidua against a bare openpyxl save of the same cells --------------------
        table = tmp / "scoring-table.xlsx"
        write_scoring_table(season, table)
        wb = openpyxl.load_workbook(table)
        cells = [[(c.row, c.column, c.value) for row in ws.iter_rows() for c in row if c.value is not None]
                 for ws in wb.worksheets]

        def bare() -> None:
            out = openpyxl.Workbook()
            sheets = [out.active] + [out.create_sheet() for _ in cells[1:]]
            for ws, values in zip(sheets, cells):
                for r, c, v in values:
                    ws.cell(row=r, column=c, value=v)
            out.save(tmp / "bare.xlsx")

        # the two alternate, so both see the same load on the machine; the best of each counts
        ours, plain = float("inf"), float("inf")
        for _ in range(WORKBOOK_ROUNDS):
            ours = min(ours, best(lambda: write_scoring_table(season, table), 1))
            plain = min(plain, best(bare, 1))
        n = sum(len(v) for v in cells)
        ratio = ours / plain
        print(f"scoring-table workbook (63 × 200, signed, {n} cells): thidua {ours:5.2f} s, bare openpyxl save of the "
              f"same cells {plain:5.2f} s → {ratio:4.2f} × (target ≤ 1.5 ×) {'ok' if ratio <= 1.5 else 'SLOW'}")

        # ---- PDF: the whole export process against LibreOffice converting the workbook -------------
        pdf = tmp / "scoring-table.pdf"
        command = thidua_exe() + ["--db", str(db_file), "export", "scoring-table", "--cluster", "hiệu năng",
                                  "--year", "2024", "--format", "pdf", "--out", str(pdf)]
        env = dict(os.environ, THIDUA_LANG="vi")
        ours = best(lambda: subprocess.run(command, check=True, capture_output=True, env=env))
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            print(f"scoring-table PDF, whole `thidua export` process: {ours:5.2f} s (LibreOffice not installed: "
                  "no comparison)")
            return
        profile = tmp / "lo-profile"
        convert = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                   "--outdir", str(tmp / "lo"), str(table)]
        subprocess.run(convert, check=True, capture_output=True)        # first start creates the profile
        theirs = best(lambda: subprocess.run(convert, check=True, capture_output=True), 2)
        ratio = ours / theirs
        print(f"scoring-table PDF, whole `thidua export` process {ours:5.2f} s; LibreOffice converting the same "
              f"table's workbook {theirs:5.2f} s → {ratio:4.2f} × (target ≤ 0.5 ×) {'ok' if ratio <= 0.5 else 'SLOW'}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
