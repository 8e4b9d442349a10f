"""Agreement of miner's coder with a human coding of the respondent sentences of the demo transcripts.

Reproduce (from the repository root):
    .venv/bin/python -m benchmarks.transcript_gold      # writes benchmarks/results/transcript_gold.json

Gold: corpora/demo-source/transcript-gold (292 respondent sentences of the five fictional
transcripts in corpora/demo, one coder, made without looking at the rules). Only respondent turns
are units: interviewer turns are not coded by default and are not scored.

Configurations, all on the transcripts as ``miner run corpora/demo`` sees them (speaker roles from
corpora/demo/speakers.csv, so interviewer questions frame the answers and are not coded):
  rules                  the rules alone
  auto                   what `miner code` does by default: the rules, and the shipped model for
                         the respondent turns they leave uncoded
  rules+default_model    the rules with the shipped default model
  rules_without_roles    the rules on the bare extraction, without speakers.csv (a folder without
                         speaker roles), kept to show what the roles are worth
The transcripts and the codebook come from the same team: see the gold's README for the caveat.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.dev_gold import coded, print_table, summarise  # noqa: E402
from miner.codebook_io import load_codebook  # noqa: E402
from miner.evaluation import AutoCorpus, AutoDocument, evaluate, load_units_gold  # noqa: E402
from miner.extract import extract_file  # noqa: E402
from miner.fileio import write_text  # noqa: E402
from miner.metadata import CorpusMetadata  # noqa: E402
from miner.pipeline import slug  # noqa: E402
from miner.runinfo import run_info  # noqa: E402
from miner.settings import Settings  # noqa: E402

GOLD = ROOT / "corpora" / "demo-source" / "transcript-gold"
SOURCES = ROOT / "corpora" / "demo"
SHOWN_DISAGREEMENTS = 400   # all of them fit: the transcripts are fictional and may be quoted


def transcript_corpus(gold, sources: Path, settings: Settings, roles: bool = True) -> AutoCorpus:
    """The gold's documents extracted as a run would: with the folder's speaker roles when ``roles``."""
    meta = CorpusMetadata.load(sources) if roles else None
    docs = {}
    for name in gold.documents:
        path = sources / name
        ex = extract_file(path, settings, document_id=slug(Path(name).stem))
        if meta is not None:
            ex = meta.apply(ex, path)
        docs[ex.document.id] = AutoDocument(ex.document.id, str(path), ex.passages)
    return AutoCorpus(docs, source=str(sources))


def disagreement_rows(ev) -> list[dict]:
    out = []
    for r in ev.disagreements()[:SHOWN_DISAGREEMENTS]:
        out.append({
            "id": r.unit.id, "doc": r.unit.doc, "text": r.unit.text,
            "gold": [r.unit.type, list(r.unit.themes)], "auto": [r.auto_type, list(r.auto_themes)],
            "gold_note": r.unit.note, "evidence": r.evidence,
        })
    return out


def uncoded_reasons(gold, corpus: AutoCorpus, codebook) -> dict:
    """Why the rules left gold-coded units uncoded: skipped, no type, no theme, or neither.

    Reads the rule pass's own scores (miner.coding.rules), so it says where recall is lost
    without changing any rule; returns {} when those internals are not there.
    """
    try:
        from miner.coding.rules import compile_codebook, rule_pass
    except ImportError:
        return {}
    from collections import Counter

    from miner.evaluation import align

    cc = compile_codebook(codebook)
    results = {}
    for doc in corpus.documents.values():
        for p, r in zip(doc.passages, rule_pass(doc.passages, cc, False)):
            results[(doc.id, p.passage_id)] = r
    alignments = align(gold.units, corpus)
    out: Counter[str] = Counter()
    for u in gold.units:
        a = alignments[u.id]
        if u.type == "none" or not a.passage_ids:
            continue
        r = results[(a.document, a.passage_ids[0])]
        has_type, has_theme = r.best_type() is not None, bool(r.themes())
        out["skipped: " + r.skip if r.skip else
            "coded (type and theme found)" if has_type and has_theme else
            "type found, no theme" if has_type else
            "theme found, no type" if has_theme else "neither type nor theme found"] += 1
    return dict(out.most_common())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "transcript_gold.json"))
    ap.add_argument("--gold", default=str(GOLD), help="folder with units.jsonl and labels.jsonl")
    ap.add_argument("--sources", default=str(SOURCES))
    args = ap.parse_args(argv)

    from miner.coding import code_passages

    codebook = load_codebook("lob")
    settings = Settings()
    gold_dir, sources = Path(args.gold), Path(args.sources)
    gold = load_units_gold(gold_dir / "units.jsonl", gold_dir / "labels.jsonl",
                           set(codebook.type_ids()), set(codebook.theme_ids()))
    t0 = time.perf_counter()
    with_roles = transcript_corpus(gold, sources, settings, roles=True)
    bare = transcript_corpus(gold, sources, settings, roles=False)
    t_extract = time.perf_counter() - t0

    results: dict[str, dict] = {}
    listed: dict[str, list] = {}

    def run(name, corpus, model):
        ev = evaluate(gold, coded(corpus, lambda _doc: (lambda ps: code_passages(ps, codebook, settings, model=model))),
                      codebook.type_ids(), codebook.theme_ids())
        results[name] = summarise(ev)
        listed[name] = disagreement_rows(ev)

    run("rules", with_roles, None)
    try:
        from miner.coding.learned import default_model
    except ImportError:
        default_model = None
    model = default_model(codebook) if default_model else None
    if model is not None:
        from miner.coding.engine import UncodedTurns

        run("auto", with_roles, UncodedTurns(model))
        run("rules+default_model", with_roles, model)
    else:
        for name in ("auto", "rules+default_model"):
            results[name] = {"available": False, "reason": "no default model for this codebook"}
    run("rules_without_roles", bare, None)
    results["rules"]["gold_coded_units_by_rule_outcome"] = uncoded_reasons(gold, with_roles, codebook)

    print_table(results, codebook.type_ids())
    print(f"(type F1 per type; {len(gold.units)} respondent units, alignment coverage "
          f"{results['rules']['alignment_coverage']}; extraction {t_extract:.1f}s)")

    out = {
        "run_info": run_info("benchmark transcript_gold", settings, codebook.hash(), gold=str(gold_dir / "units.jsonl"),
                             model=None if model is None else model.hash()),
        "units": len(gold.units),
        "configurations": results,
        "disagreement_list": listed,
        "note": "one coder, fictional transcripts written by the team that wrote the codebook; respondent turns only",
    }
    write_text(args.out, json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
