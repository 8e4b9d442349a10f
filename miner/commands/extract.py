"""miner extract PATH... --out DIR"""

from __future__ import annotations

import sys

from ..runs import extract_run, report_batch
from ..settings import Settings


def register(sub) -> None:
    p = sub.add_parser("extract", help="extract text with provenance from reports and transcripts")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (documents.csv, passages.csv)")
    p.add_argument("--language", default="nl", help="corpus language (default: nl)")
    p.add_argument("--workers", type=int, default=0, help="processes to use (default: all cores)")
    p.add_argument("--max-file-mb", type=int, default=256, metavar="MB", help="refuse larger files (default: 256)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(handler=run)


def run(args) -> int:
    settings = Settings(language=args.language, workers=args.workers, max_file_mb=args.max_file_mb)
    batch, docs = extract_run(args.paths, args.out, settings, progress=not args.no_progress)
    code = report_batch(batch)
    print(f"wrote {args.out}/documents.csv ({len(docs)} documents) and {args.out}/passages.csv", file=sys.stdout)
    return code
