"""Import speed: a scoring table of 1,000 and 2,000 rows read, checked and written, beside openpyxl merely loading it.

Target (issue 11): linear in rows, 2,000 rows in a few seconds. The obvious alternative is a
bare openpyxl read of the same file (the full load a naive importer does, and the read-only
stream thidua's reader uses). Not a test: run `python bench/run.py`.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import openpyxl

from thidua.documents.readers.table import parse_table
from thidua.services.imports import import_table, plan_table
from thidua.storage.database import Database

MEMBERS = 12


def make_table(path: Path, rows: int) -> None:
    """Groups of nine leaves each until `rows` body rows, with printed subtotals and the total row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "CỤM THI ĐUA ĐO TỐC ĐỘ"
    ws["A3"] = "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM 2024"
    ws.append([])
    ws.append(["STT", "Nội dung và tiêu chí thi đua", "Điểm tối đa"] + [f"LMHTX Tỉnh {i + 1}" for i in range(MEMBERS)])
    totals = [0.0] * MEMBERS
    groups = rows // 10
    for g in range(groups):
        leaves = [[((g * 7 + k * 3 + m) % 9) / 2 for m in range(MEMBERS)] for k in range(9)]
        sub = [sum(leaf[m] for leaf in leaves) for m in range(MEMBERS)]
        ws.append([str(g + 1), f"Nhóm tiêu chí thứ {g + 1}", 36] + sub)
        for k, leaf in enumerate(leaves):
            ws.append([f"{g + 1}.{k + 1}", f"Tiêu chí {g + 1}.{k + 1}: nội dung chấm điểm thi đua", 4] + leaf)
        totals = [t + s for t, s in zip(totals, sub)]
    ws.append([None, "TỔNG CỘNG", 36 * groups] + totals)
    wb.save(path)


def timed(fn) -> tuple[float, object]:
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-import-"))
    for rows in (1000, 2000):
        path = tmp / f"table-{rows}.xlsx"
        make_table(path, rows)
        read, parsed = timed(lambda: parse_table(path))
        check, plan = timed(lambda: plan_table(parsed, "Cụm thi đua đo tốc độ", 2024))
        assert plan.agrees, plan.differences[:3]
        db = Database(f"sqlite:///{tmp / f'bench-{rows}.sqlite'}", actor="bench")
        write, _done = timed(lambda: import_table(db.uow(), parsed, "Cụm thi đua đo tốc độ", 2024))
        db.close()
        full, _wb = timed(lambda: openpyxl.load_workbook(path))
        stream, _rows = timed(lambda: list(openpyxl.load_workbook(path, read_only=True).active.values))
        print(f"import-table {rows:5d} rows × {MEMBERS} members: read {read:5.2f} s, check {check:5.2f} s, "
              f"write {write:5.2f} s = {read + check + write:5.2f} s  (target: a few seconds at 2,000)")
        print(f"  openpyxl alone, same file:     full load {full:5.2f} s, read-only stream {stream:5.2f} s")


if __name__ == "__main__":
    main()
