"""Incremental re-runs: adding one document to a corpus redoes only that document.

Reproduce:  .venv/bin/python -m benchmarks.incremental        (writes benchmarks/results/incremental.json)

On a copy of corpora/demo in a temporary folder, each `miner run` in its own process (as a user
runs it, imports included):

  full         the whole corpus into a fresh output folder (nothing in the store)
  warm         the corpus minus one report (the last PDF by name), then that report is added back
  incremental  the re-run after adding it, into the same output folder (the store is reused)
  unchanged    one more re-run with nothing changed

Measured three times: on the demo as it is; on the demo grown to five copies of its PDF and text
documents (renamed, each made byte-unique), where coding is a larger part of a run; and on the
demo plus six report-sized PDFs (the 130-page synthetic report of benchmarks/extract_pdf.py, made
byte-unique), where, as in a real synthesis of long evaluation reports, extraction and coding
outweigh the cross-document stages. In the last one the held-out document is one of the long reports.

Reported: wall and CPU time of each (CPU time = user+system of the run and its worker processes,
steadier than wall time on a busy machine), the ratios full / incremental, the documents coded
and extracted in each run (new 'codings' and 'extraction' entries in the project store
miner.sqlite), and the wall time per stage. Cross-document stages (tracing, matrices, report) always
redo the whole corpus: they are what remains of the incremental time.
"""

from __future__ import annotations

import json
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "demo"
RESULTS = ROOT / "benchmarks" / "results" / "incremental.json"
SCALED_COPIES = 5   # the second measurement: the demo's text and PDF documents five times over
STAGE_TIMER = (
    "import sys, json, time; from miner.runall import run_corpus; "
    "o = run_corpus(sys.argv[1], sys.argv[2], progress=False); "
    "print(json.dumps({'status': o.status, 'seconds': o.seconds}))"
)


def store_keys(out: Path) -> dict[str, set[str]]:
    db = out / "miner.sqlite"
    if not db.exists():
        return {"codings": set(), "extraction": set()}
    con = sqlite3.connect(db)
    try:
        return {kind: {k for (k,) in con.execute("SELECT key FROM cache WHERE kind=?", (kind,))}
                for kind in ("codings", "extraction")}
    finally:
        con.close()


def _child_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def miner_run(corpus: Path, out: Path) -> dict:
    before = store_keys(out)
    t, cpu = time.perf_counter(), _child_cpu()
    proc = subprocess.run([sys.executable, "-c", STAGE_TIMER, str(corpus), str(out)],
                          cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - t
    cpu = _child_cpu() - cpu
    if proc.returncode not in (0, 1):
        sys.exit(f"miner run failed:\n{proc.stderr}")
    after = store_keys(out)
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    return {
        "seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "status": info["status"],
        "stages": {k: round(v, 2) for k, v in info["seconds"].items()},
        "documents_coded": len(after["codings"] - before["codings"]),
        "documents_extracted": len(after["extraction"] - before["extraction"]),
    }


def newest_document(corpus: Path) -> Path:
    """The held-out document: a report (PDF) that sorts last by name, else any last document."""
    from miner.pipeline import Batch, discover

    docs = sorted(discover([corpus], Batch()))
    pdfs = [p for p in docs if p.suffix.lower() == ".pdf"]
    return (pdfs or docs)[-1]


def add_copies(corpus: Path, copies: int) -> None:
    """Grow the corpus with renamed copies of its text-based documents, each made unique by a
    trailing blank line or PDF comment (so the store sees new content, the readers the same text)."""
    from miner.pipeline import Batch, discover

    originals = [p for p in discover([corpus], Batch()) if p.suffix.lower() in (".pdf", ".txt", ".md", ".srt", ".vtt")]
    for k in range(1, copies):
        for p in originals:
            tail = f"\n%copy {k}\n".encode() if p.suffix.lower() == ".pdf" else b"\n" * (k + 1)
            (p.parent / f"{p.stem}-copy{k}{p.suffix}").write_bytes(p.read_bytes() + tail)


def add_long_reports(corpus: Path, n: int) -> None:
    from benchmarks.extract_pdf import long_report

    big = long_report()[0].read_bytes()
    # "vervolgrapport" sorts after the demo's reports, so the held-out document is a long one.
    for k in range(1, n + 1):
        (corpus / f"vervolgrapport-{k}.pdf").write_bytes(big + f"\n%copy {k}\n".encode())


def measure(copies: int, long_reports: int = 0) -> dict:
    from miner.pipeline import Batch, discover

    with tempfile.TemporaryDirectory(prefix="miner-incremental-") as tmp:
        tmp = Path(tmp)
        corpus = tmp / "demo"
        shutil.copytree(DEMO, corpus)
        add_copies(corpus, copies)
        if long_reports:
            add_long_reports(corpus, long_reports)
        n_docs = len(discover([corpus], Batch()))

        full = miner_run(corpus, tmp / "full")

        held = newest_document(corpus)
        aside = tmp / held.name
        shutil.move(held, aside)
        warm = miner_run(corpus, tmp / "out")
        shutil.move(aside, held)
        incremental = miner_run(corpus, tmp / "out")
        unchanged = miner_run(corpus, tmp / "out")

    return {
        "corpus": "corpora/demo" + (f" x{copies}" if copies > 1 else "")
                  + (f" + {long_reports} long reports" if long_reports else ""), "documents": n_docs, "added": held.name,
        "full": full, "warm": warm, "incremental": incremental, "unchanged": unchanged,
        "ratio_full_over_incremental": round(full["seconds"] / incremental["seconds"], 2),
        "cpu_ratio_full_over_incremental": round(full["cpu_seconds"] / incremental["cpu_seconds"], 2),
        "extract_code_ratio": round(full["stages"]["extract+code"] / max(incremental["stages"]["extract+code"], 0.01), 2),
    }


def main() -> None:
    if not DEMO.is_dir():
        sys.exit(f"{DEMO} not found")
    results = [measure(1), measure(SCALED_COPIES), measure(1, long_reports=6)]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    ok = True
    for result in results:
        print(f"\ncorpus: {result['corpus']}, {result['documents']} documents; added {result['added']}")
        for name in ("full", "warm", "incremental", "unchanged"):
            r = result[name]
            stages = ", ".join(f"{k} {v:.1f}s" for k, v in r["stages"].items())
            print(f"{name:12s} {r['seconds']:6.1f}s wall {r['cpu_seconds']:6.1f}s cpu  coded {r['documents_coded']:3d}, "
                  f"extracted {r['documents_extracted']:3d}  ({stages})")
        print(f"full / incremental: {result['ratio_full_over_incremental']:.2f}x wall time, "
              f"{result['cpu_ratio_full_over_incremental']:.2f}x cpu time, "
              f"{result['extract_code_ratio']:.2f}x for the extract+code stage")
        good = result["incremental"]["documents_coded"] == 1 and result["unchanged"]["documents_coded"] == 0
        print("recoded only the added document: " + ("yes" if good else "NO"))
        ok = ok and good
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
