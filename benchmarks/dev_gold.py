"""Agreement of miner's coder with the expert coding of the shared development gold.

Reproduce (from the repository root):
    .venv/bin/python -m benchmarks.dev_gold            # writes benchmarks/results/dev_gold.json

Configurations: the rules alone; the rules with the shipped default model (trained only on the
codebook's own examples); the rules with a model trained on the dev gold itself, scored by
leave-one-document-out cross-validation (train on two documents, code the third, pool the three
held-out codings) - never in-sample. Needs ../shared; skips with a message when it is absent.
The dev gold is development data: a held-out set of other reports is what the coder is judged by.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from miner.codebook_io import load_codebook  # noqa: E402
from miner.evaluation import (  # noqa: E402
    AutoCorpus,
    AutoDocument,
    corpus_from_sources,
    evaluate,
    labelled_passages,
    load_units_gold,
)
from miner.fileio import write_text  # noqa: E402
from miner.runinfo import run_info  # noqa: E402
from miner.settings import Settings  # noqa: E402


def coded(corpus: AutoCorpus, coder_for_doc) -> AutoCorpus:
    """A copy of ``corpus`` with each document coded by ``coder_for_doc(doc_id)(passages)``."""
    docs = {}
    for doc in corpus.documents.values():
        d = AutoDocument(doc.id, doc.path, doc.passages)
        for c in coder_for_doc(doc.id)(doc.passages):
            d.codings.setdefault(c.passage_id, []).append(c)
        docs[doc.id] = d
    return AutoCorpus(docs, source=corpus.source)


def summarise(ev) -> dict:
    s = ev.summary
    ty = s["type"]
    conf = sorted(((n, g, a) for g, row in ty["confusion"].items() for a, n in row.items() if g != a and n),
                  key=lambda x: (-x[0], x[1], x[2]))
    return {
        "available": True,
        "pair_micro_f1": s["pair"]["micro"]["f1"],
        "pair_macro_f1": s["pair"]["macro_f1"],
        "type_kappa": ty["kappa"],
        "type_alpha": ty["alpha"],
        "type_kappa_coded_only": ty["coded_only"]["kappa"],
        "type_micro_f1": ty["micro"]["f1"],
        "theme_micro_f1": s["theme"]["micro"]["f1"],
        "theme_macro_f1": s["theme"]["macro_f1"],
        "per_type_f1": {r.code: (None if r.f1 is None else round(r.f1, 4)) for r in ev.per_code["type"].values()},
        "per_theme_f1": {r.code: (None if r.f1 is None else round(r.f1, 4)) for r in ev.per_code["theme"].values()},
        "theme_alpha": {k: (None if v is None else round(v, 4)) for k, v in ev.theme_alpha.items()},
        "both_uncoded": ty["both_uncoded"],
        "alignment_coverage": s["alignment"]["coverage"],
        "top_type_confusions": [f"{g}->{a}: {n}" for n, g, a in conf[:8]],
        "per_document": s["per_document"],
        "disagreements": s["disagreements"],
    }


def print_table(results: dict, types: list[str], title: str | None = None) -> None:
    """One line a configuration: pair F1, type kappa and alpha, theme F1, F1 per type."""
    head = f"{'configuration':<24} {'pair F1':>8} {'kappa':>6} {'alpha':>6} {'theme F1':>8} " + " ".join(f"{t[:7]:>7}" for t in types)
    if title:
        print(title)
    print(head)
    print("-" * len(head))
    f = lambda x: "-" if x is None else f"{x:.3f}"  # noqa: E731
    for name, r in results.items():
        if not r.get("available"):
            print(f"{name:<24} not available: {r.get('reason', '')}")
            continue
        print(f"{name:<24} {f(r['pair_micro_f1']):>8} {f(r['type_kappa']):>6} {f(r['type_alpha']):>6} "
              f"{f(r['theme_micro_f1']):>8} " + " ".join(f"{f(r['per_type_f1'].get(t)):>7}" for t in types))


def _learned():
    try:
        from miner.coding import learned
    except ImportError:  # not written yet
        return None
    return learned


def lodo(gold, corpus, codebook, settings, code_passages, with_examples: bool) -> tuple[dict | None, str]:
    """Leave-one-document-out: a model trained on the other documents' gold codes each document.

    The training documents go in whole (the rules read headings and list lead-ins in context);
    only their passages the gold units align to carry labels. With ``with_examples`` the codebook's
    own example sentences are added to every fold's training data.
    """
    learned = _learned()
    if learned is None or not hasattr(learned, "train_model") or not hasattr(learned, "Labelled"):
        return None, "miner.coding.learned has no train_model()/Labelled yet"
    models = {}
    for held_out in sorted(corpus.documents):
        others = AutoCorpus({k: v for k, v in corpus.documents.items() if k != held_out})
        units = [u for u in gold.units if (d := corpus.find(u.doc)) is not None and d.id != held_out]
        data = learned.Labelled(sources=[f"dev gold without {held_out}"])
        for doc in others.documents.values():
            data.documents.append(doc.passages)
        for p, typ, themes in labelled_passages(units, others):
            data.labels[p.passage_id] = (typ, list(themes))
        if with_examples:
            data.extend(learned.codebook_examples(codebook))
        models[held_out] = learned.train_model(data, codebook)
    pooled = coded(corpus, lambda doc_id: (lambda ps: code_passages(ps, codebook, settings, model=models[doc_id])))
    return summarise(evaluate(gold, pooled, codebook.type_ids(), codebook.theme_ids())), ""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "dev_gold.json"))
    ap.add_argument("--shared", default=str(SHARED))
    args = ap.parse_args(argv)
    shared = Path(args.shared)
    if not (shared / "dev-units.jsonl").exists():
        print(f"dev_gold: skipped, the shared development gold is not at {shared}")
        return 0

    from miner.coding import code_passages

    codebook = load_codebook("lob")
    settings = Settings()
    gold = load_units_gold(shared / "dev-units.jsonl", shared / "dev-labels.jsonl",
                           set(codebook.type_ids()), set(codebook.theme_ids()))
    t0 = time.perf_counter()
    corpus, errors = corpus_from_sources(gold, shared / "seeds", lambda ps: [], settings)
    for e in errors:
        print(f"dev_gold: error: {e}", file=sys.stderr)
    t_extract = time.perf_counter() - t0

    results: dict[str, dict] = {}
    notes: dict[str, str] = {}

    def run(name, model):
        ev = evaluate(gold, coded(corpus, lambda _doc: (lambda ps: code_passages(ps, codebook, settings, model=model))),
                      codebook.type_ids(), codebook.theme_ids())
        results[name] = summarise(ev)

    run("rules", None)
    learned = _learned()
    default = getattr(learned, "default_model", None) if learned else None
    if default is not None:
        model = default(codebook)
        if model is not None:
            run("rules+default_model", model)
        else:
            results["rules+default_model"] = {"available": False}
            notes["rules+default_model"] = "no default model shipped for this codebook"
    else:
        results["rules+default_model"] = {"available": False}
        notes["rules+default_model"] = "miner.coding.learned has no default_model() yet"
    for name, with_examples in (("dev_lodo", False), ("dev+examples_lodo", True)):
        summary, why = lodo(gold, corpus, codebook, settings, code_passages, with_examples)
        if summary is None:
            results[f"rules+{name}"] = {"available": False}
            notes[f"rules+{name}"] = why
        else:
            results[f"rules+{name}"] = summary
    for k, v in notes.items():
        results[k]["reason"] = v

    print_table(results, codebook.type_ids())
    print(f"(type F1 per type; {len(gold.units)} units, alignment coverage "
          f"{results['rules']['alignment_coverage']}; extraction {t_extract:.1f}s)")

    out = {
        "run_info": run_info("benchmark dev_gold", settings, codebook.hash(), gold=str(shared / "dev-units.jsonl")),
        "units": len(gold.units),
        "configurations": results,
        "note": "dev gold = development data; the model trained on it is scored by leave-one-document-out CV",
    }
    write_text(args.out, json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
