"""Agreement statistics between two codings of the same units.

Implemented here rather than taken from sklearn/krippendorff so the definitions are in one place
and undefined cases are explicit: a statistic whose chance agreement is total (every unit in one
category for both coders) is ``None``, not a misleading 0, 1 or NaN.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass


@dataclass
class PRF:
    code: str
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def support(self) -> int:        # units the gold gives this code
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float | None:
        return self.tp / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.support if self.support else None

    @property
    def f1(self) -> float | None:
        # Defined whenever the code occurs on either side; 0 when it never matched.
        denom = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denom if denom else None

    def to_dict(self) -> dict:
        return {
            "code": self.code, "support": self.support, "predicted": self.predicted,
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": _r(self.precision), "recall": _r(self.recall), "f1": _r(self.f1),
        }


def prf_sets(gold: Sequence[Iterable[Hashable]], pred: Sequence[Iterable[Hashable]], codes: Iterable[Hashable] = ()) -> dict[Hashable, PRF]:
    """Per-code counts for multi-label data: one set of codes per unit on each side."""
    if len(gold) != len(pred):
        raise ValueError("gold and prediction must cover the same units")
    table: dict[Hashable, PRF] = {c: PRF(_name(c)) for c in codes}
    for g, p in zip(gold, pred):
        g, p = set(g), set(p)
        for c in g | p:
            row = table.setdefault(c, PRF(_name(c)))
            if c in g and c in p:
                row.tp += 1
            elif c in p:
                row.fp += 1
            else:
                row.fn += 1
    return table


def micro(table: dict[Hashable, PRF]) -> PRF:
    tot = PRF("micro")
    for r in table.values():
        tot.tp += r.tp
        tot.fp += r.fp
        tot.fn += r.fn
    return tot


def macro_f1(table: dict[Hashable, PRF]) -> float | None:
    """Mean F1 over the codes that occur in the gold or the prediction (others have no F1)."""
    f1s = [r.f1 for r in table.values() if r.f1 is not None]
    return sum(f1s) / len(f1s) if f1s else None


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two coders who each put every unit in exactly one category."""
    if len(a) != len(b):
        raise ValueError("both coders must code the same units")
    n = len(a)
    if n == 0:
        return None
    po = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[c] * cb[c] for c in ca) / (n * n)
    if pe >= 1.0:
        return None
    return (po - pe) / (1 - pe)


def percent_agreement(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    return sum(x == y for x, y in zip(a, b)) / len(a) if a else None


def krippendorff_alpha_nominal(data: Sequence[Sequence[Hashable | None]]) -> float | None:
    """Krippendorff's alpha for nominal data.

    ``data`` is reliability data one row per unit: the values the coders gave it, ``None`` where a
    coder did not code the unit. Units with fewer than two values are not pairable and drop out.
    alpha = 1 - (n - 1) * sum_{c != k} o_ck / sum_{c != k} n_c n_k over the coincidence matrix o.
    """
    o: Counter[tuple[Hashable, Hashable]] = Counter()
    for unit in data:
        vals = [v for v in unit if v is not None]
        m = len(vals)
        if m < 2:
            continue
        counts = Counter(vals)
        for c, nc in counts.items():
            for k, nk in counts.items():
                pairs = nc * (nk - 1) if c == k else nc * nk
                if pairs:
                    o[(c, k)] += pairs / (m - 1)
    n_c: Counter[Hashable] = Counter()
    for (c, _k), v in o.items():
        n_c[c] += v
    n = sum(n_c.values())
    if n <= 1:
        return None
    observed = sum(v for (c, k), v in o.items() if c != k)
    expected = sum(n_c[c] * n_c[k] for c in n_c for k in n_c if c != k)
    if expected == 0:
        return None
    return 1.0 - (n - 1) * observed / expected


def alpha_two_coders(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    return krippendorff_alpha_nominal(list(zip(a, b)))


def confusion(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict[str, dict[str, int]]:
    """gold label -> predicted label -> count, over ``labels`` plus any label met on either side."""
    labels = list(dict.fromkeys([*labels, *sorted(set(gold) | set(pred))]))
    m = {g: {p: 0 for p in labels} for g in labels}
    for g, p in zip(gold, pred):
        m[g][p] += 1
    return m


def _name(code: Hashable) -> str:
    return "/".join(code) if isinstance(code, tuple) else str(code)


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)
