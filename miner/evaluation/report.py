"""Present an evaluation: a readable console report and evaluation.json, per_code.csv, disagreements.csv."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..fileio import write_csv, write_text
from .evaluate import Evaluation

PER_CODE_COLUMNS = ["facet", "code", "support", "predicted", "tp", "fp", "fn", "precision", "recall", "f1", "alpha"]
DISAGREEMENT_COLUMNS = [
    "unit", "document", "disagreement", "gold_type", "gold_themes", "auto_type", "auto_themes",
    "alignment", "passage_ids", "text", "evidence", "gold_note",
]


def per_code_rows(ev: Evaluation) -> list[list[Any]]:
    rows: list[list[Any]] = []
    alphas = {"type": ev.type_alpha_binary, "theme": ev.theme_alpha, "pair": {}}
    for facet, table in ev.per_code.items():
        for code, r in table.items():
            d = r.to_dict()
            a = alphas[facet].get(code)
            rows.append([facet, d["code"], d["support"], d["predicted"], d["tp"], d["fp"], d["fn"],
                         d["precision"], d["recall"], d["f1"], None if a is None else round(a, 4)])
        s = ev.summary[facet]
        m = s["micro"]
        rows.append([facet, "(micro)", m["tp"] + m["fn"], m["tp"] + m["fp"], m["tp"], m["fp"], m["fn"],
                     m["precision"], m["recall"], m["f1"], None])
        rows.append([facet, "(macro)", None, None, None, None, None, None, None, s["macro_f1"], None])
    return rows


def disagreement_rows(ev: Evaluation) -> list[list[Any]]:
    rows = []
    for r in ev.disagreements():
        what = [x for x, ok in (("type", r.type_agrees), ("themes", r.themes_agree)) if not ok] or ["pairs"]
        rows.append([
            r.unit.id, r.alignment.document or r.unit.doc, "+".join(what),
            r.unit.type, " ".join(r.unit.themes), r.auto_type, " ".join(r.auto_themes),
            r.alignment.method, " ".join(r.alignment.passage_ids), r.unit.text, r.evidence, r.unit.note,
        ])
    return rows


def evaluation_json(ev: Evaluation, info: dict[str, Any]) -> dict[str, Any]:
    return {
        "run_info": info,
        "gold": {"source": ev.gold.source, "kind": ev.gold.kind, "units": len(ev.gold.units), "documents": ev.gold.documents},
        **ev.summary,
        "per_code": {
            facet: [dict(r.to_dict(), alpha=_r((ev.theme_alpha if facet == "theme" else ev.type_alpha_binary).get(c)) if facet != "pair" else None)
                    for c, r in table.items()]
            for facet, table in ev.per_code.items()
        },
    }


def write_outputs(ev: Evaluation, out: str | Path, info: dict[str, Any]) -> list[Path]:
    """Write the three files; each appears whole or not at all."""
    out = Path(out)
    paths = [out / "per_code.csv", out / "disagreements.csv", out / "evaluation.json"]
    write_csv(paths[0], PER_CODE_COLUMNS, per_code_rows(ev))
    write_csv(paths[1], DISAGREEMENT_COLUMNS, disagreement_rows(ev))
    # evaluation.json last: its presence says the set is complete.
    write_text(paths[2], json.dumps(evaluation_json(ev, info), indent=2, ensure_ascii=False, sort_keys=False) + "\n")
    return paths


def format_report(ev: Evaluation, top_confusions: int = 8) -> str:
    s = ev.summary
    al, ty = s["alignment"], s["type"]
    lines = [
        f"Gold: {ev.gold.source} ({len(ev.gold.units)} units, {len(ev.gold.documents)} documents)",
        f"Alignment: {al['matched']} of {al['gold_units']} gold units matched ({_pct(al['coverage'])}; "
        + ", ".join(f"{k} {v}" for k, v in al["by_method"].items()) + ")"
        + (f"; unmatched counted as {al['unmatched_counted_as']}" if al["gold_units"] - al["matched"] else ""),
    ]
    if al["uncoded_passages_added"]:
        lines.append(f"  + {al['uncoded_passages_added']} passages the human left uncoded, scored as 'none'")
    lines.append(f"Units scored: {s['units']}")
    lines.append("")
    lines.append(f"{'facet':<6} {'code':<34} {'gold':>5} {'auto':>5} {'prec':>6} {'rec':>6} {'F1':>6} {'alpha':>6}")
    for facet in ("type", "theme"):
        alphas = ev.type_alpha_binary if facet == "type" else ev.theme_alpha
        for code, r in ev.per_code[facet].items():
            lines.append(f"{facet:<6} {r.code:<34} {r.support:>5} {r.predicted:>5} {_f(r.precision):>6} {_f(r.recall):>6} {_f(r.f1):>6} {_f(alphas.get(code)):>6}")
    lines.append("")
    for facet in ("type", "theme", "pair"):
        m = s[facet]["micro"]
        lines.append(f"{facet:<6} micro P {_f(m['precision'])}  R {_f(m['recall'])}  F1 {_f(m['f1'])}   macro F1 {_f(s[facet]['macro_f1'])}")
    lines.append("")
    co = ty["coded_only"]
    lines += [
        f"Type agreement over all {s['units']} units ('none' as a category): kappa {_f(ty['kappa'])}, "
        f"alpha {_f(ty['alpha'])}, {_pct(ty['percent_agreement'])} identical",
        f"  uncoded in both: {ty['both_uncoded']} (gold uncoded {ty['gold_uncoded']}, auto uncoded {ty['auto_uncoded']}); "
        f"coded-vs-uncoded kappa {_f(ty['coded_vs_uncoded_kappa'])}",
        f"  coded by at least one side ({co['units']} units): kappa {_f(co['kappa'])}, alpha {_f(co['alpha'])}, "
        f"{_pct(co['percent_agreement'])} identical",
    ]
    conf = [(n, g, a) for g, row in ty["confusion"].items() for a, n in row.items() if g != a and n]
    conf.sort(key=lambda x: (-x[0], x[1], x[2]))
    if conf:
        lines.append("Most frequent type confusions (gold -> auto): " + ", ".join(f"{g}->{a} {n}" for n, g, a in conf[:top_confusions]))
    if len(s["per_document"]) > 1:
        lines.append("Per document (type kappa, pair micro-F1): " + "; ".join(
            f"{d} {_f(v['type_kappa'])}, {_f(v['pair_micro_f1'])}" for d, v in s["per_document"].items()))
    lines.append(f"Disagreements: {s['disagreements']} units")
    return "\n".join(lines)


def _f(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)
