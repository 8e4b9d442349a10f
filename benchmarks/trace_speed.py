"""Recommendation tracing speed on a run folder of long reports, against another revision.

Reproduce (from the repository root):
    .venv/bin/python -m benchmarks.trace_speed --baseline HEAD            # builds the run folder once
    .venv/bin/python -m benchmarks.trace_speed --run /tmp/longout --baseline HEAD --rounds 5

The run folder is the demo corpus plus six copies of the 130-page synthetic report (as
benchmarks/incremental.py's long-report measurement), run once with ``miner run`` into
--run (default: a folder under the system temp directory, reused when it already holds a
coded run). Tracing reads it and writes trace.csv/.xlsx/.json, so each side traces its own copy.

Each side runs in a child process with PYTHONPATH on its tree (this working tree, or
``git archive REV`` in a temp folder), alternately, ``--rounds`` times; reported are the medians
of the child's wall time (Python start and imports included, as ``miner trace`` pays them) and of
``trace_run`` alone, and their ratios. Single runs on a shared machine vary by 15% or more; the
claim is the ratio of medians measured in one run. The two sides' trace.csv must be byte-identical
and their trace.json equal apart from the date, working folder and source folder, or the
benchmark fails: a speed-up that changes the output is not one.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._revision import tree_at  # noqa: E402
from miner.fileio import write_text  # noqa: E402
from miner.runinfo import run_info  # noqa: E402
from miner.settings import Settings  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "trace_speed.json"
DEFAULT_RUN = Path(tempfile.gettempdir()) / "miner-trace-speed-run"
LONG_REPORTS = 6
# Fields of trace.json that name the machine, the moment or the folder, not the trace.
_VOLATILE = ("date", "cwd", "source_run")

# One side, as a child with PYTHONPATH on that side's tree. Imports are timed from the start.
_SIDE = r"""
import sys, time
t0 = time.perf_counter()
from miner.tracing import trace_run
t1 = time.perf_counter()
trace_run(sys.argv[1])
t2 = time.perf_counter()
print(t2 - t0, t2 - t1)
"""


def build_run(out: Path) -> Path:
    """A coded run folder of the demo corpus plus the long reports (reused when present)."""
    if (out / "passages.csv").exists() and (out / "codings.csv").exists():
        return out
    from benchmarks.incremental import add_long_reports
    from miner.runall import run_corpus

    with tempfile.TemporaryDirectory(prefix="miner-trace-speed-") as tmp:
        corpus = Path(tmp) / "demo"
        shutil.copytree(ROOT / "corpora" / "demo", corpus)
        add_long_reports(corpus, LONG_REPORTS)
        print(f"trace_speed: building {out} (extract and code {LONG_REPORTS} long reports, once)", file=sys.stderr)
        run_corpus(str(corpus), str(out), progress=False)
    if not (out / "passages.csv").exists():
        raise SystemExit(f"trace_speed: miner run did not write {out / 'passages.csv'}")
    return out


def _tree(rev: str | None, tmp: Path) -> Path:
    return tree_at(rev, tmp)


def _side(tree: Path, run: Path) -> tuple[float, float]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    res = subprocess.run([sys.executable, "-c", _SIDE, str(run)], cwd=tree, env=env, capture_output=True, text=True)
    if res.returncode:
        raise SystemExit(f"trace_speed ({tree}): {res.stderr.strip()[-600:]}")
    total, trace = (float(x) for x in res.stdout.strip().splitlines()[-1].split())
    return total, trace


def _same_output(a: Path, b: Path) -> list[str]:
    """What differs between two traces of the same run folder (empty: nothing)."""
    problems = []
    if (a / "trace.csv").read_bytes() != (b / "trace.csv").read_bytes():
        problems.append("trace.csv differs")
    ja, jb = (json.loads((p / "trace.json").read_text(encoding="utf-8")) for p in (a, b))
    for key in sorted(set(ja) | set(jb)):
        if key not in _VOLATILE and ja.get(key) != jb.get(key):
            problems.append(f"trace.json '{key}' differs")
    return problems


def measure(run: Path, rev: str | None, rounds: int) -> dict:
    sides = ("baseline", "current") if rev else ("current",)
    with tempfile.TemporaryDirectory(prefix="miner-trace-speed-") as tmp:
        tmp = Path(tmp)
        trees = {"current": _tree(None, tmp / "tree-current")}
        if rev:
            trees["baseline"] = _tree(rev, tmp / "tree-baseline")
        runs = {}
        for side in sides:
            runs[side] = tmp / f"run-{side}"
            shutil.copytree(run, runs[side], ignore=shutil.ignore_patterns("trace.*"))
        times: dict[str, dict[str, list[float]]] = {s: {"total": [], "trace_run": []} for s in sides}
        for _ in range(rounds):
            for side in sides:
                total, trace = _side(trees[side], runs[side])
                times[side]["total"].append(total)
                times[side]["trace_run"].append(trace)
        problems = _same_output(runs["baseline"], runs["current"]) if rev else []
        rows = len((runs["current"] / "trace.csv").read_text(encoding="utf-8").splitlines()) - 1
    med = {s: {k: statistics.median(v) for k, v in t.items()} for s, t in times.items()}
    result = {
        "baseline": rev, "rounds": rounds, "trace_rows": rows,
        "seconds": {s: {k: [round(x, 3) for x in v] for k, v in t.items()} for s, t in times.items()},
        "median": {s: {k: round(v, 3) for k, v in m.items()} for s, m in med.items()},
    }
    if rev:
        result["speedup_baseline_over_current"] = {
            k: round(med["baseline"][k] / med["current"][k], 2) for k in ("total", "trace_run")}
        result["same_output"] = not problems
        result["output_differences"] = problems
    return result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--run", default=str(DEFAULT_RUN),
                    help="a coded run folder to trace (built from the demo + long reports when missing)")
    ap.add_argument("--baseline", metavar="REV", help="also time git revision REV, alternately, for a ratio")
    ap.add_argument("--rounds", type=int, default=3, help="rounds per side (default: 3)")
    ap.add_argument("--out", default=str(RESULTS))
    args = ap.parse_args(argv)
    run = build_run(Path(args.run))
    result = measure(run, args.baseline, max(1, args.rounds))
    cmd = "python -m benchmarks.trace_speed" + (f" --run {args.run}" if Path(args.run) != DEFAULT_RUN else "") \
        + (f" --baseline {args.baseline}" if args.baseline else "") + f" --rounds {args.rounds}"
    med = result["median"]
    print(f"trace of {run}: {result['trace_rows']} rows; medians of {args.rounds} rounds")
    for side, m in med.items():
        print(f"  {side:8s} {m['total']:.2f}s in all (imports included), trace_run {m['trace_run']:.2f}s")
    if args.baseline:
        sp = result["speedup_baseline_over_current"]
        print(f"  baseline / current: {sp['total']}x in all, {sp['trace_run']}x trace_run")
        print("  same output: " + ("yes" if result["same_output"] else "NO: " + "; ".join(result["output_differences"])))
    print(f"  reproduce: {cmd}")
    result = {"run_info": run_info("benchmark trace_speed", Settings(), None), "run": str(run), **result, "reproduce": cmd}
    write_text(Path(args.out), json.dumps(result, indent=2) + "\n")
    return 0 if result.get("same_output", True) else 1


if __name__ == "__main__":
    sys.exit(main())
