"""Run every benchmark in this folder, one after the other, each in its own process."""

import subprocess
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
names = sorted(p.stem for p in here.glob("*.py") if not p.stem.startswith("_"))
failed = []
for name in names:
    print(f"\n=== benchmarks.{name} ===", flush=True)
    if subprocess.call([sys.executable, "-m", f"benchmarks.{name}"], cwd=here.parent):
        failed.append(name)
if failed:
    print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
sys.exit(1 if failed else 0)
