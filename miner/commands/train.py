"""miner train --codebook lob (--gold UNITS LABELS [--sources DIR] | --codings CSV) --out model.json"""

from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser(
        "train",
        help="train the learned coding layer on human-coded passages (saved as inspectable JSON)",
        description="Fit the type and theme classifiers on the codebook's own examples plus a human coding: "
        "sentence-unit gold (units + labels JSONL) and/or codings CSVs. The model is JSON (no pickle).",
    )
    p.add_argument("--codebook", default="lob", help="codebook name or file (default: lob)")
    p.add_argument("--gold", nargs=2, action="append", default=[], metavar=("UNITS", "LABELS"),
                   help="sentence-unit gold: units JSONL and labels JSONL (repeatable)")
    p.add_argument("--sources", action="append", default=[], metavar="DIR",
                   help="folder with a --gold's documents (DIR/<doc>): train on them as extracted, with their "
                        "headings, lists and speakers (once for all --gold, or once per --gold in order)")
    p.add_argument("--codings", action="append", default=[], metavar="CSV",
                   help="a human-coded codings CSV (miner's columns; repeatable)")
    p.add_argument("--passages", metavar="CSV",
                   help="passages.csv of the coded documents: its passages absent from --codings count as 'none'")
    p.add_argument("--no-examples", action="store_true", help="leave out the codebook's own examples")
    p.add_argument("--C", type=float, default=0.3, help="inverse regularisation strength (default: 0.3)")
    p.add_argument("--out", required=True, metavar="FILE", help="model file to write (.json)")
    p.set_defaults(handler=run)


def run(args) -> int:
    from ..codebook_io import load_codebook
    from ..coding.learned import Labelled, codebook_examples, save_model, train_model
    from ..coding.training_data import labelled_from_codings, labelled_from_units, labelled_from_units_in_sources
    from ..errors import FormatError

    cb = load_codebook(args.codebook)
    if args.sources and len(args.sources) not in (1, len(args.gold)):
        raise FormatError(f"give --sources once, or once per --gold ({len(args.gold)}), not {len(args.sources)} times")
    data = Labelled() if args.no_examples else codebook_examples(cb)
    failed = False
    for n, (units, labels) in enumerate(args.gold):
        if args.sources:
            folder = args.sources[n if len(args.sources) > 1 else 0]
            part, errors = labelled_from_units_in_sources(units, labels, folder, cb)
            for err in errors:
                print(f"miner: error: {err}", file=sys.stderr)
            failed = failed or bool(errors)
            data.extend(part)
        else:
            data.extend(labelled_from_units(units, labels, cb))
    for path in args.codings:
        data.extend(labelled_from_codings(path, cb, passages=args.passages))
    use_rules = bool(args.gold or args.codings)
    # With human codings the rules vote too; 0.3 is the blend chosen by leave-one-document-out on the dev gold.
    model = train_model(data, cb, use_rules=use_rules, blend=0.3 if use_rules else 0.5, C=args.C)
    save_model(model, args.out)
    t = model.trained_on
    print(f"trained on {t['passages']} passages ({', '.join(f'{k} {v}' for k, v in t['types'].items())}); "
          f"wrote {args.out}", file=sys.stdout)
    return 1 if failed else 0
