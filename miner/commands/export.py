"""miner export qdc|qdpx: REFI-QDA files for NVivo, ATLAS.ti, MAXQDA and QualCoder."""

from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser("export", help="export a codebook or a coded run to a QDA tool (REFI-QDA)")
    fmt = p.add_subparsers(dest="format", metavar="FORMAT")
    q = fmt.add_parser("qdc", help="a codebook as a REFI-QDA codebook (.qdc)")
    q.add_argument("--codebook", default="lob", metavar="NAME|PATH", help="codebook name or YAML path (default: lob)")
    q.add_argument("--out", required=True, metavar="FILE.qdc")
    q.add_argument("--language", default=None, help="label language for code names (default: the codebook's)")
    q.set_defaults(handler=run_qdc)
    x = fmt.add_parser("qdpx", help="a coded run folder as a REFI-QDA project (.qdpx)")
    x.add_argument("run_dir", metavar="RUN_DIR", help="folder written by miner code or miner run")
    x.add_argument("--out", required=True, metavar="FILE.qdpx")
    x.add_argument("--codebook", default=None, metavar="NAME|PATH",
                   help="codebook for code labels and colours (default: the one recorded in run.json)")
    x.add_argument("--no-pdf", action="store_true", help="do not embed original PDFs, only the plain text")
    x.set_defaults(handler=run_qdpx)
    p.set_defaults(handler=lambda args: _usage(p))


def _usage(p) -> int:
    p.print_help(sys.stderr)
    return 2


def _codebook(ref):
    from ..codebook_io import load_codebook

    return load_codebook(ref)


def run_qdc(args) -> int:
    from ..refi import export_qdc

    cb = _codebook(args.codebook)
    path = export_qdc(cb, args.out, args.language)
    print(f"wrote {path} ({len(cb.types)} types, {len(cb.themes)} themes; codebook {cb.name} {cb.hash()})")
    return 0


def run_qdpx(args) -> int:
    from ..refi import export_qdpx

    cb = _codebook(args.codebook) if args.codebook else None
    s = export_qdpx(args.run_dir, args.out, cb, include_pdf=not args.no_pdf)
    for problem in s.problems:
        print(f"miner: error: {problem}", file=sys.stderr)
    print(f"wrote {s.path}: {s.documents} documents ({s.pdfs} with their PDF), "
          f"{s.selections} coded passages, {s.codings} codings")
    return 1 if s.problems else 0
