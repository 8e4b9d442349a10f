"""How far two human coders agree on the same units, and where miner stands between them.

Every gold in corpora/ was coded by one coder. Where a second coder coded the same units
independently (``corpora/<set>/labels-coder2.jsonl``: same ids, written without seeing the first
coding), this benchmark reports the agreement of the two humans - the ceiling an automatic coder
can be expected to reach on that material - next to miner's agreement with each of them.

Reproduce (from the repository root):
    .venv/bin/python -m benchmarks.intercoder      # writes benchmarks/results/intercoder.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.dev_gold import coded, print_table, summarise  # noqa: E402
from benchmarks.heldout import extract, load_gold  # noqa: E402
from miner.codebook_io import load_codebook  # noqa: E402
from miner.evaluation import evaluate  # noqa: E402
from miner.evaluation.metrics import alpha_two_coders, cohen_kappa, micro, prf_sets  # noqa: E402
from miner.fileio import write_text  # noqa: E402
from miner.runinfo import run_info  # noqa: E402
from miner.settings import Settings  # noqa: E402

CORPORA = ROOT / "corpora"
SECOND = "labels-coder2.jsonl"
NONE = "none"


def between_coders(first, second) -> dict:
    """Agreement of two codings of the same units (the second read as predictions of the first)."""
    by_id = {u.id: u for u in second.units}
    missing = [u.id for u in first.units if u.id not in by_id]
    if missing:
        raise SystemExit(f"intercoder: the second coding lacks {len(missing)} unit(s), e.g. {missing[0]}")
    a = [u.type for u in first.units]
    b = [by_id[u.id].type for u in first.units]
    pairs = prf_sets([{(u.type, t) for t in u.themes} for u in first.units],
                     [{(by_id[u.id].type, t) for t in by_id[u.id].themes} for u in first.units])
    themes = prf_sets([set(u.themes) for u in first.units], [set(by_id[u.id].themes) for u in first.units])
    types = prf_sets([{t} - {NONE} for t in a], [{t} - {NONE} for t in b])

    def f1(table):
        m = micro(table)
        return None if m.f1 is None else round(m.f1, 4)

    return {
        "units": len(a),
        "pair_micro_f1": f1(pairs),
        "type_kappa": round(cohen_kappa(a, b), 4),
        "type_alpha": round(alpha_two_coders(a, b), 4),
        "type_micro_f1": f1(types),
        "theme_micro_f1": f1(themes),
        "same_type": round(sum(x == y for x, y in zip(a, b)) / len(a), 4),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "intercoder.json"))
    args = ap.parse_args(argv)
    from miner.coding import code_passages

    codebook = load_codebook("lob")
    settings = Settings()
    results = {}
    for folder in sorted(p.parent for p in CORPORA.glob(f"*/{SECOND}")):
        first = load_gold(folder / "units.jsonl", folder / "labels.jsonl", codebook)
        second = load_gold(folder / "units.jsonl", folder / SECOND, codebook)
        corpus = extract(first, folder, settings)
        auto = coded(corpus, lambda _doc: (lambda ps: code_passages(ps, codebook, settings)))
        res = {
            "coder 2 vs coder 1": between_coders(first, second),
            "miner vs coder 1": summarise(evaluate(first, auto, codebook.type_ids(), codebook.theme_ids())),
            "miner vs coder 2": summarise(evaluate(second, auto, codebook.type_ids(), codebook.theme_ids())),
        }
        h = res["coder 2 vs coder 1"]
        print(f"corpora/{folder.name}: {h['units']} units")
        print(f"  two humans: pair F1 {h['pair_micro_f1']}, type kappa {h['type_kappa']}, "
              f"theme F1 {h['theme_micro_f1']}, same type {h['same_type']}")
        print_table({k: v for k, v in res.items() if k.startswith("miner")}, codebook.type_ids(), "  miner (rules)")
        print()
        results[folder.name] = res
    if not results:
        print(f"intercoder: no {SECOND} under {CORPORA}", file=sys.stderr)
        return 1
    out = {"run_info": run_info("benchmark intercoder", settings, codebook.hash()), "sets": results,
           "note": "coder 2 coded the same units without seeing coder 1's labels; both are fictional-set coders "
                   "on this team, so their agreement is a ceiling for this material, not for real reports."}
    write_text(args.out, json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
