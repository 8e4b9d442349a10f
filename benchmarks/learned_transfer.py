"""What the learned layer adds on unseen reports when trained on every coded document we read.

The realistic use of `miner train`: an evaluator codes (or reviews) a few reports and trains the
model on them before coding the rest. Here the training material is everything this project used
for development: the shared dev gold (if ../shared is present), corpora/devset2 to devset33, the
interviews of corpora/talk2, talk4, talk7 and talk9 to talk21, the first document of corpora/heldout and the three development
transcripts of the transcript gold, plus the codebook's examples. It is scored only on documents
nobody read for development: the other two documents of corpora/heldout, corpora/heldout2 to
heldout9, the interviews of corpora/talk3, talk5, talk6 and talk8 and the two check transcripts.

Reproduce (from the repository root):
    .venv/bin/python -m benchmarks.learned_transfer      # writes benchmarks/results/learned_transfer.json

The model uses `train_model`'s defaults (chosen on the dev gold in an earlier session); nothing is
tuned on the blind documents here.
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
from benchmarks.heldout import extract, load_gold  # noqa: E402
from benchmarks.transcript_gold import GOLD as TALK_GOLD, SOURCES as TALK_SOURCES, transcript_corpus  # noqa: E402
from miner.codebook_io import load_codebook  # noqa: E402
from miner.evaluation import AutoCorpus, evaluate, labelled_passages  # noqa: E402
from miner.fileio import write_text  # noqa: E402
from miner.runinfo import run_info  # noqa: E402
from miner.settings import Settings  # noqa: E402

CORPORA = ROOT / "corpora"
SHARED = ROOT.parent / "shared"
# Documents read during development (their disagreements were looked at): training only.
READ_HELDOUT = ("evaluatie-kiesroute-aldervaart-2024.txt",)
READ_TALK = ("interview-mentoren-stroomdal-2019.txt", "teams-decanen-2023.vtt", "zoom-ouders-2021.srt")
DEVSETS = ("devset2", "devset3", "devset4", "devset5", "devset6", "devset7", "devset8", "devset9", "devset10",
           "devset11", "devset12", "devset13", "devset14", "devset15", "devset16", "devset17", "devset18", "devset19", "devset20", "devset21", "devset22", "devset23", "devset24", "devset25", "devset26", "devset27", "devset28", "devset29", "devset30", "devset31", "devset32", "devset33", "talk2", "talk4", "talk7", "talk9", "talk10", "talk11", "talk12", "talk13", "talk14", "talk15", "talk16", "talk17", "talk18", "talk19", "talk20", "talk21", "talk19")
BLIND = ("heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "talk3", "talk5", "talk6", "talk8")


def subset(gold, corpus, keep):
    """The gold units and corpus documents of the source files ``keep`` says yes to."""
    units = [u for u in gold.units if keep(u.doc)]
    ids = {d.id for u in units if (d := corpus.find(u.doc)) is not None}
    sub = type(gold)(**{**gold.__dict__, "units": units})
    return sub, AutoCorpus({k: v for k, v in corpus.documents.items() if k in ids}, source=corpus.source)


def labelled(learned, name, gold, corpus):
    data = learned.Labelled(sources=[name])
    for doc in corpus.documents.values():
        data.documents.append(doc.passages)
    for p, typ, themes in labelled_passages(gold.units, corpus):
        data.labels[p.passage_id] = (typ, list(themes))
    return data


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "learned_transfer.json"))
    ap.add_argument("--shared", default=str(SHARED))
    args = ap.parse_args(argv)
    from miner.coding import code_passages, learned

    codebook = load_codebook("lob")
    settings = Settings()
    t0 = time.perf_counter()
    heldout = load_gold(CORPORA / "heldout" / "units.jsonl", CORPORA / "heldout" / "labels.jsonl", codebook)
    heldout_corpus = extract(heldout, CORPORA / "heldout", settings)
    def folder(name):
        gold = load_gold(CORPORA / name / "units.jsonl", CORPORA / name / "labels.jsonl", codebook)
        return gold, extract(gold, CORPORA / name, settings)

    devsets = {name: folder(name) for name in DEVSETS if (CORPORA / name / "units.jsonl").exists()}
    blind_sets = {name: folder(name) for name in BLIND}
    talk = load_gold(TALK_GOLD / "units.jsonl", TALK_GOLD / "labels.jsonl", codebook)
    talk_corpus = transcript_corpus(talk, TALK_SOURCES, settings)

    train = learned.Labelled()
    sources = []
    shared = Path(args.shared)
    if (shared / "dev-units.jsonl").exists():
        dev = load_gold(shared / "dev-units.jsonl", shared / "dev-labels.jsonl", codebook)
        train.extend(labelled(learned, "shared dev gold", dev, extract(dev, shared / "seeds", settings)))
        sources.append(f"shared dev gold ({len(dev.units)} units)")
    for name, (gold, corpus) in devsets.items():
        train.extend(labelled(learned, name, gold, corpus))
        sources.append(f"corpora/{name} ({len(gold.units)} units)")
    g, c = subset(heldout, heldout_corpus, lambda d: d in READ_HELDOUT)
    train.extend(labelled(learned, "heldout, diagnosis document", g, c))
    sources.append(f"corpora/heldout {', '.join(READ_HELDOUT)} ({len(g.units)} units)")
    g, c = subset(talk, talk_corpus, lambda d: d in READ_TALK)
    train.extend(labelled(learned, "development transcripts", g, c))
    sources.append(f"transcript gold {', '.join(READ_TALK)} ({len(g.units)} units)")
    train.extend(learned.codebook_examples(codebook))
    sources.append("the codebook's examples")
    model = learned.train_model(train, codebook)

    blind = {
        "heldout (mid-term review, municipal letter)": subset(heldout, heldout_corpus, lambda d: d not in READ_HELDOUT),
        **blind_sets,
        "transcripts (the two check transcripts)": subset(talk, talk_corpus, lambda d: d not in READ_TALK),
    }
    types = codebook.type_ids()
    results: dict[str, dict] = {}
    for name, (gold, corpus) in blind.items():
        res = {}
        for conf, m in (("rules", None), ("rules+model(read docs)", model)):
            auto = coded(corpus, lambda _doc, m=m: (lambda ps: code_passages(ps, codebook, settings, model=m)))
            res[conf] = summarise(evaluate(gold, auto, types, codebook.theme_ids()))
        print_table(res, types, f"{name}: {len(gold.units)} units")
        print()
        results[name] = {"units": len(gold.units), "configurations": res}
    print(f"trained on {len(train.labels)} labelled passages: " + "; ".join(sources))
    print(f"({time.perf_counter() - t0:.1f}s)")
    out = {
        "run_info": run_info("benchmark learned_transfer", settings, codebook.hash()),
        "trained_on": sources,
        "labelled_passages": len(train.labels),
        "model_hash": model.hash(),
        "blind": results,
    }
    write_text(args.out, json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
