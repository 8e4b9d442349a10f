"""miner evaluate --gold UNITS LABELS | --gold-codings CSV  (--auto RUN_DIR | --sources DIR) [--out DIR]"""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import FormatError, MinerError
from ..settings import Settings


def register(sub) -> None:
    p = sub.add_parser(
        "evaluate",
        help="compare automatic codings with a human coding (precision/recall/F1, kappa, alpha, disagreements)",
        description=(
            "Compare automatic codings with a human coding. The human coding is either the sentence-unit "
            "gold format (units JSONL + labels JSONL) or a codings CSV in miner's columns. The automatic "
            "codings come from a run folder (--auto), or miner codes the gold's source documents itself "
            "(--sources). Writes evaluation.json, per_code.csv and disagreements.csv."
        ),
    )
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--gold", nargs=2, metavar=("UNITS", "LABELS"), help="sentence-unit gold: units.jsonl labels.jsonl")
    g.add_argument("--gold-codings", metavar="CSV", help="human codings in miner's codings.csv columns")
    a = p.add_mutually_exclusive_group(required=True)
    a.add_argument("--auto", metavar="RUN_DIR", help="folder written by miner code / miner run (codings.csv)")
    a.add_argument("--sources", metavar="DIR", help="folder with the gold's documents (DIR/<doc>): extract and code them now")
    p.add_argument("--codebook", default="lob", help="codebook name or YAML file (default: lob); checks the gold's ids")
    p.add_argument("--model", metavar="FILE", default=None,
                   help="with --sources, as for miner code: a coding model JSON (miner train), 'default' for the "
                        "model shipped with the codebook, 'none' for rules only, or 'auto' (the default: the "
                        "shipped model for interview turns the rules leave uncoded)")
    p.add_argument("--out", metavar="DIR", help="where to write the evaluation (default: the --auto folder; required with --sources)")
    p.add_argument("--skip-unmatched", action="store_true",
                   help="leave gold units that cannot be aligned out of the scores (default: count them as uncoded)")
    p.add_argument("--quiet", action="store_true", help="print only where the files went")
    p.set_defaults(handler=run)


def run(args) -> int:
    from ..codebook_io import load_codebook
    from ..evaluation import (
        corpus_from_results,
        corpus_from_sources,
        evaluate,
        format_report,
        load_codings_gold,
        load_units_gold,
        write_outputs,
    )
    from ..runinfo import run_info

    if args.sources and not args.out:
        raise FormatError("--out DIR is required with --sources")
    if args.model and not args.sources:
        raise FormatError("--model applies only with --sources (an --auto run is already coded)")
    codebook = load_codebook(args.codebook)
    types, themes = codebook.type_ids(), codebook.theme_ids()
    if args.gold:
        gold = load_units_gold(args.gold[0], args.gold[1], set(types), set(themes))
    else:
        gold = load_codings_gold(args.gold_codings, set(types), set(themes), types)

    settings = Settings()
    errors: list[MinerError] = []
    extra: dict = {}
    if args.auto:
        corpus = corpus_from_results(args.auto)
        out = Path(args.out or args.auto)
        extra["auto"] = str(args.auto)
        # What produced the codings being judged: its miner version, codebook and settings.
        extra["auto_run"] = {k: corpus.run.get(k) for k in ("miner_version", "command", "codebook_hash", "settings_hash", "model")
                             if k in corpus.run}
    else:
        coder, model_desc = make_coder(codebook, settings, args.model)
        corpus, errors = corpus_from_sources(gold, args.sources, coder, settings)
        out = Path(args.out)
        extra.update(sources=str(args.sources), model=model_desc)
        write_codings(corpus, out / "codings.csv")
    for e in errors:
        print(f"miner: error: {e}", file=sys.stderr)

    ev = evaluate(gold, corpus, types, themes, skip_unmatched=args.skip_unmatched)
    info = run_info("evaluate", settings, codebook.hash(), gold=gold.source, **extra)
    paths = write_outputs(ev, out, info)
    if not args.quiet:
        print(format_report(ev))
        print()
    print("wrote " + ", ".join(str(p) for p in paths))
    cov = ev.summary["alignment"]["coverage"]
    if cov is not None and cov < 0.95:
        print(f"miner: warning: only {100 * cov:.1f}% of the gold units were aligned to passages; "
              "check that the gold and the run cover the same documents", file=sys.stderr)
    return 1 if errors else 0


def make_coder(codebook, settings: Settings, model_arg: str | None):
    """A function passages -> codings over miner.coding, and a description of the model used.

    ``model_arg`` means what ``miner code --model`` means, so both code the same way.
    """
    from .. import coding
    from ..coding.run import resolve_model

    model_arg = model_arg or "auto"
    model = resolve_model(model_arg, codebook)
    desc = "rules only" if model is None else f"rules + model {model_arg} ({model.hash()})"

    def coder(passages):
        return coding.code_passages(passages, codebook, settings, model=model)

    return coder, desc


def write_codings(corpus, path: Path) -> None:
    from ..fileio import write_csv
    from ..tables import CODING_COLUMNS, coding_row

    def rows():
        for doc in corpus.documents.values():
            for p in doc.passages:
                for c in doc.codings.get(p.passage_id, []):
                    yield coding_row(c, p)

    write_csv(path, CODING_COLUMNS, rows())
