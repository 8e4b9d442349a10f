"""Agreement of miner's coder with the fictional gold sets in corpora/ (held out from tuning).

Reproduce (from the repository root):
    .venv/bin/python -m benchmarks.heldout             # corpora/heldout, heldout2-9, devset2-20, talk2-16
    .venv/bin/python -m benchmarks.heldout --sets heldout2 --out /tmp/h2.json   # one set

The sets: `heldout` (three documents; the first was used for diagnosis in later work, the other
two are blind), `heldout2` (two documents, blind, but its scores gated changes), `heldout3`,
`heldout4` to `heldout9` (two documents each, scored only with the rules frozen) and
`devset2` to `devset33` (two documents each, written for diagnosis: their scores measure progress
on material we read, not generalisation; each README records its score on arrival). `talk2`,
`talk4`, `talk7` and `talk9` to `talk21` (interviews, diagnosis), `talk3`, `talk5` and `talk6`
(blind) and `talk8` (blind, but its score steered a change: watched) are transcript golds: their
units are the respondents' passages, and the folder's speakers.csv gives the roles, as in a run.

Configurations: the rules alone; `auto`, what `miner code` does by default (the rules, and the
shipped model for the interview turns they leave uncoded; the same as the rules on reports); the
rules with the shipped default model everywhere; and, when ../shared is
present, the rules with a model trained on the whole dev gold (plus the codebook's examples) -
for that model this set is truly unseen. The same rules-only and rules+default scores on the dev
gold are computed alongside (needs ../shared), so the dev-to-held-out gap - the overfitting of
tuning on the dev gold - is in one run of one codebook. Do not tune on this set: see
corpora/heldout/README.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"
HELDOUT = CORPORA / "heldout"
DEFAULT_SETS = ("heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "devset2", "devset3",
                "devset4", "devset5", "devset6", "devset7", "devset8", "devset9", "devset10", "devset11", "devset12",
                "devset13", "devset14", "devset15", "devset16", "devset17", "devset18", "devset19", "devset20", "devset21", "devset22", "devset23", "devset24", "devset25", "devset26", "devset27", "devset28", "devset29", "devset30", "devset31", "devset32", "devset33", "talk2", "talk3", "talk4", "talk5", "talk6", "talk7", "talk8", "talk9", "talk10", "talk11", "talk12", "talk13", "talk14", "talk15", "talk16", "talk17", "talk18", "talk19", "talk20", "talk21", "talk19")
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from benchmarks.dev_gold import coded, print_table, summarise  # noqa: E402
from miner.codebook_io import load_codebook  # noqa: E402
from miner.coding.engine import UncodedTurns  # noqa: E402
from miner.evaluation import corpus_from_sources, evaluate, labelled_passages, load_units_gold  # noqa: E402
from miner.fileio import write_text  # noqa: E402
from miner.runinfo import run_info  # noqa: E402
from miner.settings import Settings  # noqa: E402

GAP_KEYS = ("pair_micro_f1", "type_kappa", "type_micro_f1", "theme_micro_f1")


def _learned():
    try:
        from miner.coding import learned
    except ImportError:
        return None
    return learned


def load_gold(units, labels, codebook):
    return load_units_gold(units, labels, set(codebook.type_ids()), set(codebook.theme_ids()))


def extract(gold, sources, settings):
    corpus, errors = corpus_from_sources(gold, sources, lambda ps: [], settings)
    for e in errors:
        print(f"heldout: error: {e}", file=sys.stderr)
    return corpus


def score(gold, corpus, codebook, settings, model) -> dict:
    from miner.coding import code_passages

    auto = coded(corpus, lambda _doc: (lambda ps: code_passages(ps, codebook, settings, model=model)))
    return summarise(evaluate(gold, auto, codebook.type_ids(), codebook.theme_ids()))


def dev_model(dev_gold, dev_corpus, codebook):
    """A model trained on the whole dev gold plus the codebook's examples, as dev_gold's LODO folds are."""
    learned = _learned()
    if learned is None or not all(hasattr(learned, n) for n in ("train_model", "Labelled", "codebook_examples")):
        return None, "miner.coding.learned has no train_model()/Labelled/codebook_examples"
    data = learned.Labelled(sources=["dev gold (all documents)"])
    for doc in dev_corpus.documents.values():
        data.documents.append(doc.passages)
    for p, typ, themes in labelled_passages(dev_gold.units, dev_corpus):
        data.labels[p.passage_id] = (typ, list(themes))
    data.extend(learned.codebook_examples(codebook))
    return learned.train_model(data, codebook), ""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "heldout.json"))
    ap.add_argument("--sets", default=",".join(DEFAULT_SETS), help="comma-separated folders under corpora/")
    ap.add_argument("--shared", default=str(SHARED), help="for the dev-gold comparison and the dev-trained model")
    args = ap.parse_args(argv)
    shared = Path(args.shared)
    names = [n.strip() for n in args.sets.split(",") if n.strip()]

    codebook = load_codebook("lob")
    settings = Settings()
    learned = _learned()
    default_factory = getattr(learned, "default_model", None) if learned else None
    default = default_factory(codebook) if default_factory else None
    no_default = ("miner.coding.learned has no default_model() yet" if default_factory is None
                  else "no default model shipped for this codebook")

    dev: dict[str, dict] = {}
    model, why = None, f"the shared development gold is not at {shared}"
    if (shared / "dev-units.jsonl").exists():
        dev_gold = load_gold(shared / "dev-units.jsonl", shared / "dev-labels.jsonl", codebook)
        dev_corpus = extract(dev_gold, shared / "seeds", settings)
        dev["rules"] = score(dev_gold, dev_corpus, codebook, settings, None)
        dev["rules+default_model"] = (score(dev_gold, dev_corpus, codebook, settings, default) if default is not None
                                      else {"available": False, "reason": no_default})
        model, why = dev_model(dev_gold, dev_corpus, codebook)

    types = codebook.type_ids()
    sets: dict[str, dict] = {}
    gaps: dict[str, dict] = {}
    for name in names:
        folder = CORPORA / name
        gold = load_gold(folder / "units.jsonl", folder / "labels.jsonl", codebook)
        t0 = time.perf_counter()
        corpus = extract(gold, folder, settings)
        t_extract = time.perf_counter() - t0
        results: dict[str, dict] = {"rules": score(gold, corpus, codebook, settings, None)}
        results["auto"] = (score(gold, corpus, codebook, settings, UncodedTurns(default)) if default is not None
                           else {"available": False, "reason": no_default})
        results["rules+default_model"] = (score(gold, corpus, codebook, settings, default) if default is not None
                                          else {"available": False, "reason": no_default})
        results["rules+dev_model"] = (score(gold, corpus, codebook, settings, model) if model is not None
                                      else {"available": False, "reason": why})
        print_table(results, types, f"gold set corpora/{name}")
        print(f"(type F1 per type; {len(gold.units)} units, alignment coverage "
              f"{results['rules']['alignment_coverage']}; extraction {t_extract:.1f}s)")
        for doc, d in results["rules"]["per_document"].items():
            print(f"  rules, {doc}: kappa {d['type_kappa']}, pair F1 {d['pair_micro_f1']} ({d['units']} units)")
        print()
        sets[name] = {"units": len(gold.units), "configurations": results,
                      "gold": str((folder / "units.jsonl").relative_to(ROOT))}
        gap: dict[str, dict] = {}
        for conf, d in dev.items():
            h = results.get(conf, {})
            if d.get("available") and h.get("available"):
                gap[conf] = {k: (None if d[k] is None or h[k] is None else round(h[k] - d[k], 4)) for k in GAP_KEYS}
        gaps[name] = gap

    if dev:
        print_table(dev, types, "dev gold (../shared), same run, same codebook")
        for name, gap in gaps.items():
            for conf, g in gap.items():
                print(f"{name} minus dev, {conf}: " + ", ".join(f"{k} {v:+.3f}" for k, v in g.items() if v is not None))
    else:
        print(f"(no dev-gold comparison: the shared development gold is not at {shared})")

    out = {
        "run_info": run_info("benchmark heldout", settings, codebook.hash(), sets=",".join(names)),
        "sets": sets,
        "dev_gold_same_run": dev or {"available": False},
        "set_minus_dev": gaps,
        "note": "fictional reports coded by one coder each, frozen before any automatic coding; see each set's "
                "README for its role (blind check or diagnosis). rules+dev_model: trained on the whole dev gold "
                "plus codebook examples, so these sets are unseen for it.",
    }
    write_text(args.out, json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
