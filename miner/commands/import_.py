"""miner import qdc|qdpx: codebooks and human codings from NVivo, ATLAS.ti, MAXQDA, QualCoder."""

from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser("import", help="import a REFI-QDA codebook (.qdc) or coded project (.qdpx)")
    fmt = p.add_subparsers(dest="format", metavar="FORMAT")
    q = fmt.add_parser("qdc", help="a REFI-QDA codebook -> miner codebook YAML")
    q.add_argument("file", metavar="FILE.qdc")
    q.add_argument("--out", required=True, metavar="CODEBOOK.yaml")
    q.add_argument("--language", default="nl", help="language of the code names (default: nl)")
    q.set_defaults(handler=run_qdc)
    x = fmt.add_parser("qdpx", help="a project coded by people -> a run folder with a human coding")
    x.add_argument("file", metavar="FILE.qdpx")
    x.add_argument("--out", required=True, metavar="DIR")
    x.add_argument("--codebook", default=None, metavar="NAME|PATH|none",
                   help="codebook whose ids/labels the code names are matched to (default: lob when installed; "
                        "'none' for none)")
    x.add_argument("--language", default="nl", help="corpus language for sentence splitting (default: nl)")
    x.set_defaults(handler=run_qdpx)
    p.set_defaults(handler=lambda args: _usage(p))


def _usage(p) -> int:
    p.print_help(sys.stderr)
    return 2


def run_qdc(args) -> int:
    from ..codebook_io import save_codebook
    from ..refi import import_qdc

    cb, notes = import_qdc(args.file, args.language)
    for n in notes:
        print(f"miner: note: {n}", file=sys.stderr)
    save_codebook(cb, args.out)
    print(f"wrote {args.out} ({len(cb.types)} types, {len(cb.themes)} themes)")
    return 0


def run_qdpx(args) -> int:
    from ..refi import import_qdpx
    from ..settings import Settings

    from ..codebook_io import load_codebook
    from ..errors import CodebookError

    cb = None
    if args.codebook is None:
        try:
            cb = load_codebook("lob")
        except CodebookError as err:
            print(f"miner: note: code names not matched to a codebook ({err})", file=sys.stderr)
    elif args.codebook.lower() != "none":
        cb = load_codebook(args.codebook)
    if cb is not None:
        print(f"miner: note: code names are matched to the ids and labels of codebook {cb.name}", file=sys.stderr)
    s = import_qdpx(args.file, args.out, cb, Settings(language=args.language))
    for n in s.notes:
        print(f"miner: note: {n}", file=sys.stderr)
    print(f"wrote {s.out}: {s.documents} documents, {s.passages} passages, {s.spans} coded spans, "
          f"{s.codings} passage codings by {', '.join(s.users) or 'nobody'}")
    return 0
