"""miner train --codebook lob (--gold UNITS LABELS | --codings CSV) --out model.json"""

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
    from ..coding.training_data import labelled_from_codings, labelled_from_units

    cb = load_codebook(args.codebook)
    data = Labelled() if args.no_examples else codebook_examples(cb)
    for units, labels in args.gold:
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
    return 0
