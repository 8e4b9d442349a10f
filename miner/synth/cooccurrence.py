"""Theme x theme co-occurrence, in the same passage and within a window of passages.

Cell (A, B) = the number of passages coded with theme A that have a passage coded with theme B
within ``window`` passages of it in the same document (itself included). With ``window=0`` this is
plain same-passage co-occurrence and the matrix is symmetric; with a window it is read by rows
("of the passages about A, how many have B nearby") and need not be symmetric, as in MAXQDA's
proximity view. The diagonal is the number of passages coded with each theme. Types are ignored:
a theme counts once per passage whatever type it was coded under.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .matrices import ALL, ordered


def cooccurrence(codings: pd.DataFrame, themes: Sequence[str], window: int = 0, type: str | None = None) -> pd.DataFrame:
    if window < 0:
        raise ValueError("window must be 0 or more passages")
    cols = ordered(themes, codings["theme"])
    idx = {t: i for i, t in enumerate(cols)}
    m = np.zeros((len(cols), len(cols)), dtype=int)
    sub = codings if type in (None, ALL) else codings[codings["type"] == type]
    pairs = sub.drop_duplicates(["passage_id", "theme"])[["document", "position", "passage_id", "theme"]]
    for _doc, grp in pairs.groupby("document", sort=True):
        # One row per passage: its position and the set of theme indices it carries.
        per = grp.groupby("passage_id", sort=False).agg(position=("position", "first"), themes=("theme", list))
        positions = per["position"].to_numpy()
        sets = [np.array(sorted({idx[t] for t in ts}), dtype=int) for ts in per["themes"]]
        order = np.argsort(positions, kind="stable")
        positions = positions[order]
        sets = [sets[i] for i in order]
        lo = 0
        for i, pos in enumerate(positions):
            while positions[lo] < pos - window:
                lo += 1
            hi = i
            while hi + 1 < len(positions) and positions[hi + 1] <= pos + window:
                hi += 1
            near = np.zeros(len(cols), dtype=bool)
            for j in range(lo, hi + 1):
                near[sets[j]] = True
            m[sets[i]] += near.astype(int)
    out = pd.DataFrame(m, index=pd.Index(cols, name="theme"), columns=pd.Index(cols, name="theme"))
    return out
