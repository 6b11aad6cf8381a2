"""Run every benchmark script in this folder; each writes its table to benchmarks/results/.

Benchmarks measure time and peak memory and report ratios to numpy floors (or to the
peer tools). They are not tests: numbers depend on the machine.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
failed = []
for script in sorted(here.glob("bench_*.py")):
    print(f"== {script.name}", flush=True)
    if subprocess.run([sys.executable, str(script)], cwd=here.parent).returncode != 0:
        failed.append(script.name)
if failed:
    sys.exit(f"failed: {', '.join(failed)}")
