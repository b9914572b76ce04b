"""Run every benchmark script in bench/ (bench_*.py) and print their figures."""

import runpy
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
sys.path.insert(0, str(here))
for script in sorted(here.glob("bench_*.py")):
    print(f"\n=== {script.stem} ===", flush=True)
    runpy.run_path(str(script), run_name="__main__")
