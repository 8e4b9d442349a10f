"""Precision and recall of recommendation tracing against the demo corpus gold links.

    .venv/bin/python benchmarks/trace_eval.py                      # code corpora/demo, trace, score
    .venv/bin/python benchmarks/trace_eval.py --sweep              # also score thresholds 0.15..0.60
    .venv/bin/python benchmarks/trace_eval.py --seeds ../shared    # trace the three seed documents

Writes benchmarks/results/trace_eval.json.

The gold (corpora/demo/trace-gold.csv: rec_id, source_file, source_year, recommendation,
target_file, target_year, kind, target_quote) names each recommendation by a verbatim quote; a
recommendation of the tracer is the gold one when its passage contains the quote (or the quote
contains the passage, when segmentation cut the quote in two). A link is correct when target
document and kind agree. Two settings are scored:

* ``pipeline``: the recommendations the coder found (what a user gets);
* ``oracle``:   the gold recommendations' passages traced directly, which measures the tracer
  apart from the coder's misses.

Per kind: precision = correct links of that kind / links the tracer gave that kind; recall =
correct / gold links of that kind. "none" is scored per recommendation (no trace vs gold none).
Links from recommendations the gold does not list are counted apart ("unlisted"), not as errors.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from miner.results import load_results  # noqa: E402
from miner.tracing import TraceSettings, trace  # noqa: E402

KINDS = ("repeated", "addressed", "mentioned")


def norm(text: str) -> str:
    text = re.sub(r"-\s*\n\s*", "", str(text or ""))
    return re.sub(r"\s+", " ", text).strip().casefold()


def doc_of_file(documents: pd.DataFrame) -> dict[str, str]:
    """gold file name (with or without suffix) -> document id."""
    out: dict[str, str] = {}
    for doc, path in zip(documents["id"], documents.get("path", documents["id"])):
        p = Path(str(path))
        for key in (p.name, p.stem, doc):
            out[key.casefold()] = doc
    return out


def gold_passages(gold: pd.DataFrame, results) -> dict[str, list[str]]:
    """gold rec_id -> passage ids of its source document that hold the quote."""
    files = doc_of_file(results.documents)
    passages = results.passages
    by_doc = {d: g for d, g in passages.groupby("document")}
    found: dict[str, list[str]] = {}
    for rec_id, g in gold.groupby("rec_id", sort=True):
        row = g.iloc[0]
        doc = files.get(str(row["source_file"]).casefold()) or files.get(Path(str(row["source_file"])).stem.casefold())
        quote = norm(row["recommendation"])
        hits: list[str] = []
        if doc in by_doc and quote:
            for pid, text in zip(by_doc[doc]["passage_id"], by_doc[doc]["text"]):
                t = norm(text)
                if quote in t or (len(t) > 30 and t in quote):
                    hits.append(pid)
        found[str(rec_id)] = hits
    return found


def score(table: pd.DataFrame, gold: pd.DataFrame, results, rec_passages: dict[str, list[str]]) -> dict:
    files = doc_of_file(results.documents)

    def target(f: str) -> str:
        f = str(f or "").strip()
        return files.get(f.casefold()) or files.get(Path(f).stem.casefold()) or f

    passage_to_gold = {p: r for r, ps in rec_passages.items() for p in ps}
    gold_links = {(str(r.rec_id), target(r.target_file), r.kind) for r in gold.itertuples()
                  if r.kind in KINDS and str(r.target_file).strip()}
    gold_none = {str(r) for r, g in gold.groupby("rec_id") if not (g["kind"].isin(KINDS)).any()}
    pred_links: set[tuple[str, str, str]] = set()
    pred_traced: set[str] = set()
    seen: set[str] = set()
    unlisted = 0
    for row in table.itertuples():
        g = passage_to_gold.get(row.rec_id)
        if g is None:
            unlisted += row.status != "no trace"
            continue
        seen.add(g)
        if row.status != "no trace":
            pred_links.add((g, row.target_document, row.status))
            pred_traced.add(g)
    pred_none = seen - pred_traced

    def pr(tp: int, npred: int, ngold: int) -> dict:
        p = tp / npred if npred else None
        r = tp / ngold if ngold else None
        f = 2 * p * r / (p + r) if p and r else 0.0
        return {"precision": _round(p), "recall": _round(r), "f1": round(f, 3), "tp": tp, "predicted": npred, "gold": ngold}

    out = {k: pr(len({l for l in pred_links if l[2] == k} & gold_links), sum(l[2] == k for l in pred_links),
                 sum(l[2] == k for l in gold_links)) for k in KINDS}
    out["none"] = pr(len(pred_none & gold_none), len(pred_none), len(gold_none))
    out["overall"] = pr(len(pred_links & gold_links), len(pred_links), len(gold_links))
    strip = lambda s: {(a, b) for a, b, _ in s}  # noqa: E731
    out["link_any_kind"] = pr(len(strip(pred_links) & strip(gold_links)), len(strip(pred_links)), len(strip(gold_links)))
    out["recommendations"] = {"gold": int(gold["rec_id"].nunique()), "found_by_tracer": len(seen),
                              "quote_not_found": sorted(r for r, ps in rec_passages.items() if not ps)}
    out["links_from_unlisted_recommendations"] = int(unlisted)
    out["errors"] = _errors(pred_links, gold_links)
    return out


def _errors(pred: set, gold: set) -> dict:
    by_pair_gold = {(r, d): k for r, d, k in gold}
    by_pair_pred = {(r, d): k for r, d, k in pred}
    return {
        "wrong_kind": sorted(f"{r} -> {d}: gold {by_pair_gold[(r, d)]}, traced {k}" for (r, d), k in by_pair_pred.items()
                             if (r, d) in by_pair_gold and by_pair_gold[(r, d)] != k),
        "false_links": sorted(f"{r} -> {d} ({k})" for (r, d), k in by_pair_pred.items() if (r, d) not in by_pair_gold),
        "missed": sorted(f"{r} -> {d} ({k})" for (r, d), k in by_pair_gold.items() if (r, d) not in by_pair_pred),
    }


def _round(v):
    return None if v is None else round(v, 3)


def code_corpus(corpus: Path, out: Path, codebook: str) -> str:
    """Code the corpus into ``out``; returns how (the batch driver, or extract + rules fallback)."""
    from miner.codebook_io import load_codebook
    from miner.settings import Settings

    cb = load_codebook(codebook)
    try:
        from miner.coding.run import code_run  # noqa: F401
    except ImportError:
        code_run = None
    if code_run is not None:
        from miner.coding import code_run as run_coding

        run_coding([corpus], cb, out, Settings(), progress=False)
        return "miner.coding.code_run"
    # The batch driver is not there yet: extract, then code each document's passages directly.
    import csv

    from miner.coding import code_passages
    from miner.model import Passage
    from miner.runs import extract_run
    from miner.tables import CODING_COLUMNS, coding_row

    extract_run([corpus], out, Settings(), progress=False)
    passages = pd.read_csv(out / "passages.csv", dtype=str, keep_default_na=False)
    rows = []
    for _, g in passages.groupby("document", sort=False):
        ps = [Passage(document=r.document, passage_id=r.passage_id, index=int(r.passage_id.rsplit(":", 1)[1]),
                      kind=r.kind, text=r.text, start=int(r.start or 0), end=int(r.end or 0),
                      page=int(r.page) if r.page else None,
                      section=tuple(r.section.split(" > ")) if r.section else (),
                      speaker=r.speaker or None, role=r.role or None) for r in g.itertuples()]
        by_id = {p.passage_id: p for p in ps}
        rows += [coding_row(c, by_id[c.passage_id]) for c in code_passages(ps, cb)]
    with open(out / "codings.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(CODING_COLUMNS)
        w.writerows([["" if v is None else v for v in r] for r in rows])
    return "extract_run + code_passages"


def evaluate(corpus: Path, codebook: str, sweep: bool) -> dict:
    gold = pd.read_csv(corpus / "trace-gold.csv", dtype=str, keep_default_na=False)
    work = Path(tempfile.mkdtemp(prefix="trace-eval-"))
    t0 = time.perf_counter()
    coded_by = code_corpus(corpus, work / "run", codebook)
    t_code = time.perf_counter() - t0
    results = load_results(work / "run")
    rec_passages = gold_passages(gold, results)
    oracle_ids = sorted({p for ps in rec_passages.values() for p in ps})
    settings = TraceSettings()
    t0 = time.perf_counter()
    pipeline = trace(results, settings)
    t_trace = time.perf_counter() - t0
    oracle = trace(results, settings, recommendations=oracle_ids)
    from miner import __version__
    from miner.codebook_io import load_codebook

    report = {
        "command": "python benchmarks/trace_eval.py" + (" --sweep" if sweep else ""),
        "miner_version": __version__,
        "codebook_hash": load_codebook(codebook).hash(),
        "corpus": str(corpus.relative_to(ROOT) if corpus.is_relative_to(ROOT) else corpus),
        "codebook": codebook,
        "coded_by": coded_by,
        "settings": settings.to_dict(),
        # One run each; the trace time includes importing scikit-learn and loading the lemma tables.
        "seconds": {"code": round(t_code, 2), "trace": round(t_trace, 2)},
        "pipeline": score(pipeline, gold, results, rec_passages),
        "oracle": score(oracle, gold, results, rec_passages),
    }
    if sweep:
        rows = []
        for th in [round(0.15 + 0.05 * i, 2) for i in range(10)]:
            s = settings.with_(threshold=th)
            p = score(trace(results, s), gold, results, rec_passages)
            o = score(trace(results, s, recommendations=oracle_ids), gold, results, rec_passages)
            rows.append({"threshold": th,
                         "pipeline_overall": {k: p["overall"][k] for k in ("precision", "recall", "f1")},
                         "oracle_overall": {k: o["overall"][k] for k in ("precision", "recall", "f1")},
                         "oracle_any_kind": {k: o["link_any_kind"][k] for k in ("precision", "recall", "f1")},
                         "oracle_none": {k: o["none"][k] for k in ("precision", "recall", "f1")}})
        report["sweep"] = rows
    return report


def seeds(shared: Path, out: Path) -> Path:
    """A run folder of the three seed documents, with the expert dev labels as codings.

    The seeds are extracted with miner's own text reader (years from a metadata.csv written next
    to links to the seed files, outside the repository); the coding is the expert coding of
    ../shared/dev-labels.jsonl, mapped onto the passages that contain each unit, so the trace is
    judged apart from the automatic coder.
    """
    import csv
    import os

    from miner.runs import extract_run
    from miner.settings import Settings
    from miner.tables import CODING_COLUMNS

    corpus = out / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    meta = {
        "stimuleringsproject-mbo-eindrapportage-2015.txt": ("2015", "", "Eindrapportage stimuleringsproject LOB mbo"),
        "kamerbrief-lob-2021.txt": ("2021", "2021-02-26", "Kamerbrief LOB (brief van de ministers)"),
        "expertisepunt-evaluatie-2022.txt": ("2022", "", "Evaluatie subsidie Expertisepunt LOB"),
    }
    for name in meta:
        link = corpus / name
        if not link.exists():
            os.symlink(shared / "seeds" / name, link)
    with open(corpus / "metadata.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "year", "date", "title"])
        for name, (y, d, t) in meta.items():
            w.writerow([name, y, d, t])
    run = out / "run"
    extract_run([corpus], run, Settings(), progress=False)
    results = load_results(run)
    units = [json.loads(line) for line in (shared / "dev-units.jsonl").read_text(encoding="utf-8").splitlines() if line]
    labels = {d["id"]: d for d in map(json.loads, (shared / "dev-labels.jsonl").read_text(encoding="utf-8").splitlines()) if d}
    by_doc = {d: g for d, g in results.passages.groupby("document")}
    rows = []
    for u in units:
        lab = labels.get(u["id"])
        if not lab or lab["type"] == "none":
            continue
        doc = Path(u["doc"]).stem
        if doc not in by_doc:
            continue
        unit = norm(u["text"])
        g = by_doc[doc]
        for rec in g.itertuples():
            t = norm(rec.text)
            if unit and (unit in t or (len(t) > 40 and t in unit)):
                for theme in lab["themes"]:
                    rows.append([rec.document, rec.passage_id, rec.page, rec.section, rec.kind, "", "", "",
                                 rec.start, rec.end, rec.text, lab["type"], theme, 1.0, "human", "dev-labels", "expert"])
                break
    with open(run / "codings.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(CODING_COLUMNS)
        seen = set()
        for r in rows:
            key = (r[1], r[11], r[12])
            if key not in seen:
                seen.add(key)
                w.writerow(["" if v is None or (not isinstance(v, str) and pd.isna(v)) else v for v in r])
    return run


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT / "corpora" / "demo"))
    ap.add_argument("--codebook", default="lob")
    ap.add_argument("--sweep", action="store_true", help="score thresholds 0.15..0.60 as well")
    ap.add_argument("--seeds", metavar="SHARED", help="trace the seed documents of this shared folder instead")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "trace_eval.json"))
    args = ap.parse_args(argv)
    if args.seeds:
        out = Path(tempfile.mkdtemp(prefix="trace-seeds-"))
        run = seeds(Path(args.seeds), out)
        from miner.tracing import trace_run

        print(trace_run(run))
        return 0
    report = evaluate(Path(args.corpus), args.codebook, args.sweep)
    from miner.fileio import write_text

    write_text(args.out, json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    for mode in ("pipeline", "oracle"):
        r = report[mode]
        print(f"{mode}: " + "  ".join(f"{k} P={r[k]['precision']} R={r[k]['recall']}"
                                     for k in (*KINDS, "none", "overall", "link_any_kind")))
    for row in report.get("sweep", []):
        print(row["threshold"], "pipeline", row["pipeline_overall"], "oracle", row["oracle_overall"])
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
