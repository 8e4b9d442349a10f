"""Framework matrix: documents x themes, each cell holding that cell's strongest quotes.

NVivo's framework matrix leaves the cells for the analyst to summarise; here they are filled with
the passages that carry the theme, strongest first, each with where it was found (page, or
timestamp and speaker) so a reader can check it in the source.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .matrices import ALL, ordered


def location(row) -> str:
    """Where a passage is: "p. 12", or "00:12:30 R1" for transcripts; "" when unknown."""
    page = row.get("page")
    if page is not None and not pd.isna(page) and str(page) != "":
        return f"p. {int(page)}"
    parts = [str(row.get(k) or "") for k in ("time", "speaker")]
    return " ".join(p for p in parts if p)


def cell_quotes(codings: pd.DataFrame, type: str | None = None, n: int = 3) -> dict[tuple[str, str], list[dict]]:
    """{(document, theme): [quote, ...]} with at most ``n`` quotes, highest score first.

    A passage coded with the theme under several types is one quote listing those types (its
    score is the highest). Ties keep reading order, so the choice is deterministic.
    """
    sub = codings if type in (None, ALL) else codings[codings["type"] == type]
    if sub.empty:
        return {}
    cols = ["document", "theme", "passage_id", "type", "score", "text", "page", "time", "speaker", "section", "position"]
    sub = sub[cols].sort_values(["document", "theme", "position", "passage_id"], kind="mergesort")
    cells: dict[tuple[str, str], dict[str, dict]] = {}
    for r in sub.to_dict("records"):
        by_passage = cells.setdefault((r["document"], r["theme"]), {})
        q = by_passage.get(r["passage_id"])
        if q is None:
            by_passage[r["passage_id"]] = {
                "passage_id": r["passage_id"], "text": r["text"], "score": float(r["score"]),
                "types": [r["type"]], "location": location(r), "section": r.get("section") or "",
                "position": int(r["position"]),
            }
        else:
            q["types"].append(r["type"])
            q["score"] = max(q["score"], float(r["score"]))
    return {
        key: sorted(ps.values(), key=lambda q: (-q["score"], q["position"], q["passage_id"]))[:n]
        for key, ps in sorted(cells.items())
    }


def format_quote(q: dict, with_types: bool = True) -> str:
    bits = [q["location"]] if q["location"] else []
    if with_types:
        bits.append("/".join(q["types"]))
    bits.append(f"{q['score']:.2f}")
    return f"\u201c{q['text']}\u201d ({'; '.join(bits)})"


def framework_matrix(codings: pd.DataFrame, documents: Sequence[str], themes: Sequence[str],
                     type: str | None = None, n: int = 3) -> pd.DataFrame:
    """Documents x themes of text: the ``n`` strongest quotes per cell, blank where none."""
    quotes = cell_quotes(codings, type, n)
    rows = ordered(documents, codings["document"])
    cols = ordered(themes, codings["theme"])
    data = {
        t: ["\n\n".join(format_quote(q, with_types=type in (None, ALL)) for q in quotes.get((d, t), [])) for d in rows]
        for t in cols
    }
    m = pd.DataFrame(data, index=pd.Index(rows, name="document"), columns=pd.Index(cols, name="theme"))
    return m
