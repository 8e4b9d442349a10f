"""Human-coded passages for training, from the sentence-unit gold or a codings CSV."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from ..codebook import Codebook
from ..errors import FormatError
from ..model import Passage
from .learned import NONE, Labelled


def _jsonl(path: Path) -> list[tuple[int, dict]]:
    if not path.exists():
        raise FormatError("file not found", path=str(path))
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise FormatError(f"invalid JSON: {err.msg}", path=str(path), line=n) from None
        if not isinstance(obj, dict):
            raise FormatError("expected a JSON object", path=str(path), line=n)
        rows.append((n, obj))
    return rows


def labelled_from_units(units_path: str | Path, labels_path: str | Path, cb: Codebook) -> Labelled:
    """Units ({id, doc, text[, section]}) and labels ({id, type, themes}) as documents in file order.

    Without the source documents there are no headings, unless a unit carries a "section"
    (a list of titles or "A > B"); list items and lead-ins are still read from the text.
    """
    units_path, labels_path = Path(units_path), Path(labels_path)
    types, themes = set(cb.type_ids()) | {NONE}, set(cb.theme_ids())
    labels: dict[str, tuple[str, list[str]]] = {}
    for n, obj in _jsonl(labels_path):
        uid, typ, th = obj.get("id"), obj.get("type"), obj.get("themes", [])
        if not isinstance(uid, str) or typ not in types or not isinstance(th, list) or any(t not in themes for t in th):
            raise FormatError(f"label needs id, a type in {sorted(types)} and themes from the codebook", path=str(labels_path), line=n)
        labels[uid] = (typ, list(th))
    out = Labelled(sources=[f"gold {units_path.name}"])
    docs: dict[str, list[Passage]] = {}
    for n, obj in _jsonl(units_path):
        uid, doc, text = obj.get("id"), obj.get("doc", "gold"), obj.get("text")
        if not isinstance(uid, str) or not isinstance(text, str):
            raise FormatError("unit needs an id and a text", path=str(units_path), line=n)
        if uid not in labels:
            continue
        sec = obj.get("section") or ()
        if isinstance(sec, str):
            sec = tuple(s.strip() for s in sec.split(" > ") if s.strip())
        ps = docs.setdefault(str(doc), [])
        block = obj.get("line_start", len(ps))
        ps.append(Passage(document=str(doc), passage_id=f"gold:{uid}", index=len(ps), kind="paragraph", text=text.strip(),
                          start=0, end=len(text), section=tuple(sec), block=block if isinstance(block, int) else len(ps)))
        out.labels[f"gold:{uid}"] = labels[uid]
    out.documents += list(docs.values())
    if not out.labels:
        raise FormatError("no unit has a label (do the ids of units and labels match?)", path=str(labels_path))
    return out


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
