"""miner code PATH... --codebook lob --out DIR"""

from __future__ import annotations

import sys

from ..runs import report_batch
from . import add_batch_options, batch_settings


def register(sub) -> None:
    p = sub.add_parser(
        "code",
        help="code passages against a codebook (type x theme, with score and evidence)",
        description="Extract (or reuse) and code every passage: writes documents.csv, passages.csv, codings.csv "
        "(one row a passage x code), segments.csv (adjacent sentences with the same codes merged) and run.json.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)")
    p.add_argument("--codebook", default="lob", help="codebook name (lob) or YAML/CSV/XLSX file (default: lob)")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder")
    add_batch_options(p, coding=True)
    p.set_defaults(handler=run)


def run(args) -> int:
    from ..codebook_io import load_codebook
    from ..coding.run import code_run, resolve_model

    cb = load_codebook(args.codebook)
    model = resolve_model(args.model, cb)
    settings = batch_settings(args)
    batch, stats = code_run(args.paths, cb, args.out, settings, progress=not args.no_progress, model=model)
    code = report_batch(batch)
    how = "rules only" if model is None else (
        f"rules, model for {model.scope}" if hasattr(model, "scope") else "rules+model")
    print(
        f"coded {stats.documents} document(s) with codebook '{cb.name}' ({how}): {stats.codings} codings "
        f"({stats.coded} coded now, {stats.reused} reused from the store); wrote {args.out}/codings.csv",
        file=sys.stdout,
    )
    return code
