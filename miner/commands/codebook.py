"""miner codebook check|show|import"""

from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser("codebook", help="check, show or import a codebook")
    cmds = p.add_subparsers(dest="codebook_command", metavar="ACTION")
    c = cmds.add_parser("check", help="validate a codebook file and print a summary (exit 1 if malformed)")
    c.add_argument("codebook", help="codebook name (lob) or YAML/CSV/XLSX file")
    c.set_defaults(handler=check)
    s = cmds.add_parser("show", help="list the codes of a codebook")
    s.add_argument("codebook", nargs="?", default="lob", help="codebook name or file (default: lob)")
    s.add_argument("--language", default="nl", help="label language (default: nl)")
    s.set_defaults(handler=show)
    i = cmds.add_parser("import", help="convert a spreadsheet code list (CSV/XLSX: code, parent, description) to YAML")
    i.add_argument("sheet", help="CSV or XLSX file as kept in MAXQDA/Taguette")
    i.add_argument("--out", required=True, metavar="FILE", help="YAML codebook to write")
    i.add_argument("--name", help="codebook name (default: from the file name)")
    i.add_argument("--language", default="nl", help="label language of the sheet (default: nl)")
    i.set_defaults(handler=import_sheet)
    p.set_defaults(handler=lambda args: (p.print_help(), 2)[1])


def check(args) -> int:
    from ..codebook_io import load_codebook

    cb = load_codebook(args.codebook)
    print(f"{cb.source or args.codebook}: codebook '{cb.name}' is valid: {len(cb.type_ids())} types, "
          f"{len(cb.theme_ids())} themes, hash {cb.hash()}")
    return 0


def show(args) -> int:
    from ..codebook_io import load_codebook

    cb = load_codebook(args.codebook)
    print(f"{cb.name} ({cb.language}, version {cb.version or '-'}, hash {cb.hash()})")
    for title, codes in (("types", cb.types), ("themes", cb.themes)):
        print(f"{title}:")
        for c in codes:
            depth = 0
            p = c.parent
            while p:
                depth += 1
                p = cb.get(p).parent
            flag = "" if c.codable else " (grouping)"
            print(f"  {'  ' * depth}{c.id:<24} {c.name(args.language)}{flag}  [{len(c.cues)} cues, {len(c.examples)} examples]")
    return 0


def import_sheet(args) -> int:
    from ..codebook_io import codebook_from_spreadsheet, save_codebook

    cb = codebook_from_spreadsheet(args.sheet, name=args.name, language=args.language)
    save_codebook(cb, args.out)
    print(f"wrote {args.out}: {len(cb.types)} types, {len(cb.themes)} themes", file=sys.stdout)
    return 0
