"""Compare automatic codings with a human coding: align, score, list the disagreements.

The statistics are computed over *all* gold units, uncoded ones included (type ``none``), and
again over the units at least one side coded, because agreement on "nothing to code here" is
most of the text of a report and inflates kappa (a known complaint about QDA tools).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .align import Alignment, AutoCorpus, align
from .gold import NONE, Gold, GoldUnit, dominant_type
from .metrics import (
    PRF,
    alpha_two_coders,
    cohen_kappa,
    confusion,
    macro_f1,
    micro,
    percent_agreement,
    prf_sets,
)

EVIDENCE_CHARS = 400


@dataclass
class UnitResult:
    unit: GoldUnit
    alignment: Alignment
    auto_type: str = NONE
    auto_themes: tuple[str, ...] = ()
    auto_pairs: tuple[tuple[str, str], ...] = ()
    evidence: str = ""

    @property
    def gold_pairs(self) -> set[tuple[str, str]]:
        return set(self.unit.pairs)

    @property
    def type_agrees(self) -> bool:
        return self.unit.type == self.auto_type

    @property
    def themes_agree(self) -> bool:
        return set(self.unit.themes) == set(self.auto_themes)


@dataclass
class Evaluation:
    gold: Gold
    units: list[UnitResult]                 # the units scored
    skipped: list[UnitResult] = field(default_factory=list)   # unmatched units left out (--skip-unmatched)
    added_uncoded: int = 0                  # codings gold: passages nobody coded, counted as "none"
    type_ids: list[str] = field(default_factory=list)
    theme_ids: list[str] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    per_code: dict[str, dict[Any, PRF]] = field(default_factory=dict)
    theme_alpha: dict[str, float | None] = field(default_factory=dict)
    type_alpha_binary: dict[str, float | None] = field(default_factory=dict)

    def disagreements(self) -> list[UnitResult]:
        return [r for r in self.units if not (r.type_agrees and r.themes_agree and r.gold_pairs == set(r.auto_pairs))]


def auto_labels(alignment: Alignment, corpus: AutoCorpus, type_rank: dict[str, int]) -> tuple[str, tuple, tuple, str]:
    """(type, themes, pairs, evidence) the automatic coder gave the passages a unit aligned to."""
    if not alignment.passage_ids or alignment.document is None:
        return NONE, (), (), ""
    doc = corpus.documents[alignment.document]
    codings = [c for pid in alignment.passage_ids for c in doc.codings.get(pid, [])]
    codings = [c for c in codings if c.type and c.type != NONE and c.theme]
    if not codings:
        return NONE, (), (), ""
    typ = dominant_type([c.type for c in codings], type_rank, [max(c.score, 1e-6) for c in codings])
    pairs = tuple(dict.fromkeys((c.type, c.theme) for c in codings))
    themes = tuple(dict.fromkeys(c.theme for c in codings))
    ev = "; ".join(dict.fromkeys(f"{c.type}/{c.theme}: {c.evidence}" if c.evidence else f"{c.type}/{c.theme}" for c in codings))
    if len(ev) > EVIDENCE_CHARS:
        ev = ev[: EVIDENCE_CHARS - 1] + "…"
    return typ, themes, pairs, ev


def evaluate(
    gold: Gold,
    corpus: AutoCorpus,
    type_ids: list[str] | None = None,
    theme_ids: list[str] | None = None,
    skip_unmatched: bool = False,
) -> Evaluation:
    """Score ``corpus`` (automatic codings) against ``gold``.

    Unmatched gold units count as left uncoded by the automatic coder unless ``skip_unmatched``.
    """
    type_ids = list(type_ids or sorted({u.type for u in gold.units if u.type != NONE}))
    theme_ids = list(theme_ids or sorted({t for u in gold.units for t in u.themes}))
    rank = {t: i for i, t in enumerate(type_ids)}
    alignments = align(gold.units, corpus)
    results: list[UnitResult] = []
    skipped: list[UnitResult] = []
    for u in gold.units:
        al = alignments[u.id]
        r = UnitResult(u, al)
        r.auto_type, r.auto_themes, r.auto_pairs, r.evidence = auto_labels(al, corpus, rank)
        (skipped if skip_unmatched and al.method == "unmatched" else results).append(r)
    added = 0
    if not gold.complete:
        # A codings CSV lists only what the human coded: every other passage of those documents
        # was read and left uncoded, and counts as "none" so kappa covers all the text.
        covered = {(a.document, pid) for a in alignments.values() for pid in a.passage_ids}
        for name in gold.documents:
            doc = corpus.find(name)
            if doc is None:
                continue
            for p in doc.passages:
                if (doc.id, p.passage_id) in covered:
                    continue
                unit = GoldUnit(id=p.passage_id, doc=doc.id, text=p.text, type=NONE, order=len(results))
                al = Alignment(p.passage_id, doc.id, [p.passage_id], "uncoded-passage", 100.0)
                r = UnitResult(unit, al)
                r.auto_type, r.auto_themes, r.auto_pairs, r.evidence = auto_labels(al, corpus, rank)
                results.append(r)
                added += 1
    ev = Evaluation(gold, results, skipped, added, type_ids, theme_ids)
    _score(ev, alignments)
    return ev


def _score(ev: Evaluation, alignments: dict[str, Alignment]) -> None:
    units = ev.units
    g_type = [r.unit.type for r in units]
    a_type = [r.auto_type for r in units]
    types = prf_sets([{t} - {NONE} for t in g_type], [{t} - {NONE} for t in a_type], ev.type_ids)
    themes = prf_sets([set(r.unit.themes) for r in units], [set(r.auto_themes) for r in units], ev.theme_ids)
    pairs = prf_sets([r.gold_pairs for r in units], [set(r.auto_pairs) for r in units])
    ev.per_code = {"type": types, "theme": themes, "pair": dict(sorted(pairs.items()))}
    for t in ev.theme_ids + sorted(set(themes) - set(ev.theme_ids)):
        ev.theme_alpha[t] = alpha_two_coders([t in r.unit.themes for r in units], [t in r.auto_themes for r in units])
    for t in ev.type_ids + sorted(set(types) - set(ev.type_ids)):
        ev.type_alpha_binary[t] = alpha_two_coders([x == t for x in g_type], [x == t for x in a_type])

    coded = [i for i, r in enumerate(units) if r.unit.type != NONE or r.auto_type != NONE]
    cg, ca = [g_type[i] for i in coded], [a_type[i] for i in coded]
    methods = Counter(a.method for a in alignments.values())
    n_units = len(alignments)
    matched = n_units - methods.get("unmatched", 0)

    def facet(table: dict) -> dict[str, Any]:
        m = micro(table)
        return {
            "micro": {"precision": _r(m.precision), "recall": _r(m.recall), "f1": _r(m.f1), "tp": m.tp, "fp": m.fp, "fn": m.fn},
            "macro_f1": _r(macro_f1(table)),
        }

    ev.summary = {
        "units": len(units),
        "alignment": {
            "gold_units": n_units,
            "matched": matched,
            "coverage": _r(matched / n_units) if n_units else None,
            "by_method": dict(sorted(methods.items())),
            "unmatched_units": sorted(a.unit for a in alignments.values() if a.method == "unmatched"),
            "unmatched_counted_as": "skipped" if ev.skipped else "none (left uncoded by the automatic coder)",
            "uncoded_passages_added": ev.added_uncoded,
        },
        "type": {
            "kappa": _r(cohen_kappa(g_type, a_type)),
            "alpha": _r(alpha_two_coders(g_type, a_type)),
            "percent_agreement": _r(percent_agreement(g_type, a_type)),
            "both_uncoded": sum(1 for g, a in zip(g_type, a_type) if g == NONE and a == NONE),
            "gold_uncoded": g_type.count(NONE),
            "auto_uncoded": a_type.count(NONE),
            "coded_vs_uncoded_kappa": _r(cohen_kappa([g != NONE for g in g_type], [a != NONE for a in a_type])),
            "coded_only": {
                "units": len(coded),
                "kappa": _r(cohen_kappa(cg, ca)),
                "alpha": _r(alpha_two_coders(cg, ca)),
                "percent_agreement": _r(percent_agreement(cg, ca)),
            },
            **facet(types),
            "confusion": confusion(g_type, a_type, [*ev.type_ids, NONE]),
        },
        "theme": facet(themes),
        "pair": facet(pairs),
        "per_document": _per_document(units),
        "disagreements": len(ev.disagreements()),
    }


def _per_document(units: list[UnitResult]) -> dict[str, dict[str, Any]]:
    """Type kappa and pair micro-F1 per gold document: one odd report should not hide in the pool."""
    out: dict[str, dict[str, Any]] = {}
    for doc in dict.fromkeys(r.unit.doc for r in units):
        rs = [r for r in units if r.unit.doc == doc]
        pair = micro(prf_sets([r.gold_pairs for r in rs], [set(r.auto_pairs) for r in rs]))
        out[doc] = {
            "units": len(rs),
            "type_kappa": _r(cohen_kappa([r.unit.type for r in rs], [r.auto_type for r in rs])),
            "pair_micro_f1": _r(pair.f1),
        }
    return out


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)
