"""Coding speed once text is extracted: words per second on one core.

Reproduce (from the repository root):
    .venv/bin/python -m benchmarks.coding_speed            # demo corpus passages, repeated
    .venv/bin/python -m benchmarks.coding_speed --words 2000000 --model default

The passages of the demo corpus (extracted once, outside the timing) are repeated into documents
of ~5,000 words each until the set holds --words words; each document is then coded with
``code_passages`` in this one process. The first pass warms the lemma and cue caches, as a real
corpus does after its first few documents; the figure is the steady rate of the second pass,
together with the cold first pass. Target: >= 50,000 words/s per core.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from miner.codebook_io import load_codebook  # noqa: E402
from miner.coding import code_passages  # noqa: E402
from miner.coding.run import resolve_model  # noqa: E402
from miner.extract import extract_file  # noqa: E402
from miner.fileio import write_text  # noqa: E402
from miner.pipeline import discover, Batch  # noqa: E402
from miner.runinfo import run_info  # noqa: E402
from miner.settings import Settings  # noqa: E402

TARGET = 50_000


def source_passages(corpus: Path, settings: Settings):
    batch = Batch()
    out = []
    for f in discover([corpus], batch):
        try:
            out += extract_file(f, settings).passages
        except Exception as err:  # a demo file the extractor cannot read yet: leave it out
            print(f"coding_speed: skipped {f}: {err}", file=sys.stderr)
    return out


def synthetic_documents(passages, words: int, doc_words: int = 5000):
    docs, cur, n_cur, total, k = [], [], 0, 0, 0
    while total < words:
        for p in passages:
            n = len(p.text.split())
            doc_id = f"synthetic-{len(docs):05d}"
            cur.append(replace(p, document=doc_id, passage_id=f"{doc_id}:{len(cur):05d}", index=len(cur)))
            n_cur += n
            total += n
            if n_cur >= doc_words:
                docs.append(cur)
                cur, n_cur = [], 0
            if total >= words:
                break
        k += 1
    if cur:
        docs.append(cur)
    return docs, total


def timed(docs, cb, settings, model) -> tuple[float, int]:
    """CPU seconds of this process (not wall time): a words/s figure per core that other load on
    the machine does not distort."""
    t0 = time.process_time()
    n = 0
    for d in docs:
        n += len(code_passages(d, cb, settings, model=model))
    return time.process_time() - t0, n


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT / "corpora" / "demo"))
    ap.add_argument("--words", type=int, default=1_000_000)
    ap.add_argument("--codebook", default="lob")
    ap.add_argument("--model", default=None, help="none (rules only, default), default, or a model JSON")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "coding_speed.json"))
    args = ap.parse_args(argv)
    settings = Settings()
    cb = load_codebook(args.codebook)
    model = resolve_model(args.model, cb)
    src = source_passages(Path(args.corpus), settings)
    if not src:
        print(f"coding_speed: no passages found in {args.corpus}")
        return 1
    docs, words = synthetic_documents(src, args.words)
    cold, n1 = timed(docs, cb, settings, model)
    warm, n2 = timed(docs, cb, settings, model)
    assert n1 == n2, "coding is not deterministic"
    rate = words / warm
    how = "rules+model" if model is not None else "rules"
    print(f"{how}: {words:,} words in {len(docs)} documents ({len(src)} distinct passages repeated), {n2:,} codings")
    print(f"  cold pass {cold:.2f}s = {words / cold:,.0f} words/s; warm pass {warm:.2f}s = {rate:,.0f} words/s (CPU time of one core)")
    print(f"  target {TARGET:,} words/s per core: {'met' if rate >= TARGET else 'NOT met'}")
    cmd = "python -m benchmarks.coding_speed" + (f" --model {args.model}" if args.model else "") + f" --words {args.words}"
    print(f"  reproduce: {cmd}")
    result = {
        "run_info": run_info("benchmark coding_speed", settings, cb.hash()), "method": how, "words": words,
        "documents": len(docs), "codings": n2, "cold_seconds": round(cold, 3), "warm_seconds": round(warm, 3),
        "words_per_second": round(rate), "cold_words_per_second": round(words / cold), "target": TARGET,
        "reproduce": cmd,
    }
    out = Path(args.out)
    if args.model and args.model not in ("none",):
        out = out.with_name(out.stem + "_model" + out.suffix)
    write_text(out, json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
