"""miner extract PATH... --out DIR"""

from __future__ import annotations

import sys

from ..runs import extract_run, report_batch
from . import add_batch_options, batch_settings


def register(sub) -> None:
    p = sub.add_parser("extract", help="extract text with provenance from reports and transcripts")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (documents.csv, passages.csv)")
    add_batch_options(p)
    p.set_defaults(handler=run)


def run(args) -> int:
    settings = batch_settings(args)
    batch, docs = extract_run(args.paths, args.out, settings, progress=not args.no_progress)
    code = report_batch(batch)
    print(f"wrote {args.out}/documents.csv ({len(docs)} documents) and {args.out}/passages.csv", file=sys.stdout)
    return code
