"""miner run CORPUS [--codebook lob] [--out DIR] [--model FILE] [--no-progress]"""

from __future__ import annotations

import sys

from . import add_batch_options, batch_settings


def register(sub) -> None:
    p = sub.add_parser(
        "run",
        help="extract, code, trace and synthesise a corpus: matrices, report.html, heatmaps",
        description="Run the whole pipeline on a corpus folder (with optional metadata.csv and speakers.csv) "
        "and write everything under outputs/<corpus name> or --out: documents.csv, passages.csv, codings.csv, "
        "codings_long.csv, matrices/*.csv, matrices.xlsx, heatmaps/*.png, report.html, trace.* and run.json. "
        "Re-running reuses the project store in the output folder: only new or changed documents are redone.",
    )
    p.add_argument("corpus", metavar="CORPUS", help="corpus folder (searched recursively) or a single file")
    p.add_argument("--codebook", default="lob", help="codebook name or YAML file (default: lob)")
    p.add_argument("--out", metavar="DIR", help="output folder (default: outputs/<corpus name>)")
    p.add_argument("--window", type=int, default=2, metavar="K",
                   help="co-occurrence window: themes within K passages of each other (default: 2)")
    p.add_argument("--quotes", type=int, default=3, metavar="N", help="quotes per framework-matrix cell (default: 3)")
    p.add_argument("--no-trace", action="store_true", help="skip recommendation tracing")
    add_batch_options(p, coding=True)
    p.set_defaults(handler=run)


def run(args) -> int:
    from ..runall import run_corpus

    from ..errors import FormatError

    if args.window < 0:
        raise FormatError(f"--window must be 0 or more passages, got {args.window}")
    if args.quotes < 1:
        raise FormatError(f"--quotes must be at least 1, got {args.quotes}")
    settings = batch_settings(args)
    outcome = run_corpus(
        args.corpus, args.out, codebook=args.codebook, model=args.model, settings=settings,
        progress=not args.no_progress, trace=not args.no_trace, window=args.window, quotes=args.quotes,
    )
    if outcome.batch is not None:
        from ..runs import report_batch

        report_batch(outcome.batch)
    stats = outcome.stats
    if stats is not None and hasattr(stats, "coded"):
        print(f"miner: {stats.coded} document(s) coded, {stats.reused} reused from the store; "
              f"{stats.codings} codings", file=sys.stderr)
    out = outcome.out
    names = ["report.html", "matrices.xlsx", "codings_long.csv", "matrices/", "heatmaps/"]
    if outcome.traced:
        names.append("trace.csv")
    if outcome.reused:
        print("miner: codings, codebook and settings unchanged since the last run: matrices, trace and "
              "report kept as they are", file=sys.stderr)
    print(f"wrote {out}/: {', '.join(names)}", file=sys.stdout)
    if outcome.status:
        print("miner: some files or stages failed (see above); outputs cover the rest", file=sys.stderr)
    return outcome.status
