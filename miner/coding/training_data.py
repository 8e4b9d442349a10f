"""Human-coded passages for training, from the sentence-unit gold or a codings CSV."""

from __future__ import annotations

import csv
from pathlib import Path

from ..codebook import Codebook
from ..errors import FormatError
from ..model import Passage
from .learned import NONE, Labelled


def labelled_from_units(units_path: str | Path, labels_path: str | Path, cb: Codebook) -> Labelled:
    """Units ({id, doc, text[, section]}) and labels ({id, type, themes}) as documents in file order.

    The file format (and its checks) is the evaluation gold's; without the source documents there
    are no headings unless a unit carries a "section", while list items and lead-ins are still read
    from the text.
    """
    from ..evaluation.gold import load_units_gold

    gold = load_units_gold(units_path, labels_path, set(cb.type_ids()), set(cb.theme_ids()))
    out = Labelled(sources=[f"gold {Path(units_path).name}"])
    docs: dict[str, list[Passage]] = {}
    for u in gold.units:
        ps = docs.setdefault(u.doc, [])
        text = u.text.strip()
        block = u.line_start if u.line_start is not None else len(ps)
        ps.append(Passage(document=u.doc, passage_id=f"gold:{u.id}", index=len(ps), kind="paragraph", text=text,
                          start=0, end=len(text), section=u.section, block=block))
        out.labels[f"gold:{u.id}"] = (u.type, list(u.themes))
    out.documents += list(docs.values())
    if not out.labels:
        raise FormatError("no unit has a label (do the ids of units and labels match?)", path=str(labels_path))
    return out


def labelled_from_units_in_sources(units_path: str | Path, labels_path: str | Path, sources: str | Path,
                                   cb: Codebook, settings=None) -> tuple[Labelled, list]:
    """The same gold, its units aligned to the source documents as ``miner evaluate --sources``
    extracts them: the model then learns with the headings, lists and speaker roles it will see
    when coding. Returns the training data and the errors (a source document that is missing or
    unreadable: its units are left out, the rest still counts)."""
    from ..evaluation import corpus_from_sources, labelled_passages
    from ..evaluation.gold import load_units_gold

    gold = load_units_gold(units_path, labels_path, set(cb.type_ids()), set(cb.theme_ids()))
    corpus, errors = corpus_from_sources(gold, sources, lambda passages: [], settings)
    out = Labelled(sources=[f"gold {Path(units_path).name} on {Path(sources).name}/"])
    for doc in corpus.documents.values():
        out.documents.append(doc.passages)
    for p, typ, themes in labelled_passages(gold.units, corpus):
        out.labels[p.passage_id] = (typ, list(themes))
    if not out.labels and not errors:
        raise FormatError("no gold unit could be aligned to the source documents", path=str(units_path))
    return out, errors


def labelled_from_codings(path: str | Path, cb: Codebook, passages: str | Path | None = None) -> Labelled:
    """A codings CSV (one row a passage x code). Passages in ``passages`` without a row are 'none'."""
    path = Path(path)
    if not path.exists():
        raise FormatError("file not found", path=str(path))
    types, themes = set(cb.type_ids()), set(cb.theme_ids())
    coded: dict[str, dict] = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        need = {"passage_id", "text", "type", "theme"}
        if not need <= set(reader.fieldnames or []):
            raise FormatError(f"needs columns {', '.join(sorted(need))}", path=str(path), line=1)
        for n, row in enumerate(reader, 2):
            pid, typ, th = row["passage_id"], (row["type"] or "").strip(), (row["theme"] or "").strip()
            if typ in ("", NONE):
                coded.setdefault(pid, {"row": row, "type": NONE, "themes": []})
                continue
            if typ not in types or th not in themes:
                raise FormatError(f"unknown code '{typ}'/'{th}' for codebook '{cb.name}'", path=str(path), line=n)
            e = coded.setdefault(pid, {"row": row, "type": typ, "themes": []})
            e["type"] = typ if e["type"] == NONE else e["type"]
            if th not in e["themes"]:
                e["themes"].append(th)
    rows: list[dict] = []
    if passages:
        with open(passages, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
    else:
        rows = [e["row"] for e in coded.values()]
    out = Labelled(sources=[f"codings {path.name}"])
    docs: dict[str, list[Passage]] = {}
    for row in rows:
        pid = row.get("passage_id", "")
        doc = row.get("document", "") or "codings"
        ps = docs.setdefault(doc, [])
        sec = tuple(s.strip() for s in (row.get("section") or "").split(" > ") if s.strip())
        ps.append(Passage(document=doc, passage_id=pid, index=len(ps), kind=row.get("kind") or "paragraph",
                          text=row.get("text", ""), start=0, end=0, section=sec, role=row.get("role") or None))
        e = coded.get(pid)
        out.labels[pid] = (e["type"], e["themes"]) if e else (NONE, [])
    out.documents += list(docs.values())
    return out
