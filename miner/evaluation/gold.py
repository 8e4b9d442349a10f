"""Load a human coding to evaluate against: the sentence-unit JSONL gold or a codings CSV.

Both become a list of :class:`GoldUnit`: a stretch of text in one document with one type (or
``none``) and its themes. A malformed gold file is an error naming the file and line, never a
silently shorter gold: a score computed over half the units looks just as trustworthy.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import FormatError

NONE = "none"


@dataclass
class GoldUnit:
    id: str
    doc: str                          # file name or document id as the gold names it
    text: str
    type: str                         # a type id, or "none"
    themes: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()   # (type, theme); a codings CSV may hold several types
    note: str = ""
    passage_id: str | None = None     # codings CSV: the passage the human coded
    order: int = 0                    # position in the gold file (alignment hint)
    line_start: int | None = None
    section: tuple[str, ...] = ()     # optional heading path a unit may carry ("A > B" or a list)

    def __post_init__(self) -> None:
        if not self.pairs and self.type != NONE:
            self.pairs = tuple((self.type, t) for t in self.themes)


@dataclass
class Gold:
    units: list[GoldUnit]
    source: str                       # what was loaded, for the report
    kind: str                         # "units" (every unit listed) | "codings" (only coded passages listed)
    documents: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """True when uncoded text is listed too; a codings CSV lists only what was coded."""
        return self.kind == "units"


def _read_jsonl(path: Path, required: dict[str, type]) -> list[tuple[int, dict]]:
    if not path.exists():
        raise FormatError("gold file not found", path=str(path))
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as err:
        raise FormatError(f"not UTF-8 text ({err.reason} at byte {err.start})", path=str(path)) from err
    rows: list[tuple[int, dict]] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise FormatError(f"invalid JSON: {err.msg} (column {err.colno})", path=str(path), line=n) from err
        if not isinstance(obj, dict):
            raise FormatError(f"expected a JSON object, found {type(obj).__name__}", path=str(path), line=n)
        missing = [k for k in required if k not in obj]
        if missing:
            raise FormatError(f"missing field(s): {', '.join(missing)}", path=str(path), line=n)
        for k, typ in required.items():
            if not isinstance(obj[k], typ) or isinstance(obj[k], bool):
                raise FormatError(f"field '{k}' must be {typ.__name__}, found {type(obj[k]).__name__}", path=str(path), line=n)
        rows.append((n, obj))
    if not rows:
        raise FormatError("no records (empty gold file)", path=str(path))
    return rows


def _section(value) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(t.strip() for t in value.split(" > ") if t.strip())
    if isinstance(value, list):
        return tuple(str(t) for t in value)
    return ()


def load_units_gold(
    units_path: str | Path,
    labels_path: str | Path,
    types: set[str] | None = None,
    themes: set[str] | None = None,
) -> Gold:
    """The /work/shared format: units {"id","doc","line_start","line_end","text"} and labels {"id","type","themes","note"?}.

    ``types``/``themes`` (the codebook's ids) are checked when given.
    """
    units_path, labels_path = Path(units_path), Path(labels_path)
    units: dict[str, tuple[int, dict]] = {}
    for n, obj in _read_jsonl(units_path, {"id": str, "doc": str, "text": str}):
        if obj["id"] in units:
            raise FormatError(f"duplicate unit id '{obj['id']}' (first on line {units[obj['id']][0]})", path=str(units_path), line=n)
        for k in ("line_start", "line_end"):
            if k in obj and obj[k] is not None and (not isinstance(obj[k], int) or isinstance(obj[k], bool)):
                raise FormatError(f"field '{k}' must be an integer", path=str(units_path), line=n)
        units[obj["id"]] = (n, obj)
    labels: dict[str, tuple[int, dict]] = {}
    for n, obj in _read_jsonl(labels_path, {"id": str, "type": str, "themes": list}):
        where = {"path": str(labels_path), "line": n}
        uid = obj["id"]
        if uid in labels:
            raise FormatError(f"duplicate label for unit '{uid}' (first on line {labels[uid][0]})", **where)
        if uid not in units:
            raise FormatError(f"label for unit '{uid}', which is not in {units_path.name}", **where)
        typ = obj["type"]
        if typ != NONE and types is not None and typ not in types:
            raise FormatError(f"unknown type '{typ}' (expected one of: {', '.join(sorted(types))}, none)", **where)
        ths = obj["themes"]
        if not all(isinstance(t, str) and t for t in ths):
            raise FormatError("field 'themes' must be a list of theme ids (non-empty strings)", **where)
        if typ == NONE and ths:
            raise FormatError(f"type 'none' with themes {ths}: themes must be empty exactly when the type is none", **where)
        if typ != NONE and not ths:
            raise FormatError(f"type '{typ}' without themes: a coded unit needs at least one theme", **where)
        if themes is not None:
            bad = [t for t in ths if t not in themes]
            if bad:
                raise FormatError(f"unknown theme(s) {', '.join(bad)}", **where)
        if "note" in obj and obj["note"] is not None and not isinstance(obj["note"], str):
            raise FormatError("field 'note' must be a string", **where)
        labels[uid] = (n, obj)
    unlabelled = [uid for uid in units if uid not in labels]
    if unlabelled:
        more = f" and {len(unlabelled) - 5} more" if len(unlabelled) > 5 else ""
        raise FormatError(
            f"{len(unlabelled)} unit(s) have no label in {labels_path.name}: {', '.join(unlabelled[:5])}{more}",
            path=str(units_path), line=units[unlabelled[0]][0],
        )
    out: list[GoldUnit] = []
    for order, (uid, (_, u)) in enumerate(units.items()):
        lab = labels[uid][1]
        out.append(GoldUnit(
            id=uid, doc=u["doc"], text=u["text"], type=lab["type"],
            themes=tuple(dict.fromkeys(lab["themes"])), note=lab.get("note") or "",
            order=order, line_start=u.get("line_start"), section=_section(u.get("section")),
        ))
    docs = list(dict.fromkeys(u.doc for u in out))
    return Gold(out, source=f"{units_path} + {labels_path}", kind="units", documents=docs)


def load_codings_gold(
    path: str | Path,
    types: set[str] | None = None,
    themes: set[str] | None = None,
    type_order: list[str] | None = None,
) -> Gold:
    """A human-coded codings CSV (miner's codings.csv columns, one row a passage x code).

    A passage is identified by passage_id, or by start/end when there is no passage_id.
    Rows with an empty (or "none") type and theme mark a passage seen and left uncoded.
    """
    path = Path(path)
    if not path.exists():
        raise FormatError("gold file not found", path=str(path))
    try:
        fh = open(path, encoding="utf-8-sig", newline="")
        with fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header is None:
                raise FormatError("empty file (no header row)", path=str(path))
            rows = [(reader.line_num, r) for r in reader]
    except UnicodeDecodeError as err:
        raise FormatError(f"not UTF-8 text ({err.reason} at byte {err.start})", path=str(path)) from err
    except csv.Error as err:
        raise FormatError(f"malformed CSV: {err}", path=str(path)) from err
    cols = {h.strip().lower(): i for i, h in enumerate(header)}
    missing = [c for c in ("document", "text", "type", "theme") if c not in cols]
    if "passage_id" not in cols and not ("start" in cols and "end" in cols):
        missing.append("passage_id (or start and end)")
    if missing:
        raise FormatError(f"missing column(s): {', '.join(missing)} (expected miner's codings.csv columns)", path=str(path), line=1)

    def cell(r: list[str], name: str) -> str:
        i = cols.get(name)
        return r[i].strip() if i is not None and i < len(r) else ""

    grouped: dict[tuple[str, str], dict] = {}
    for n, r in rows:
        if not any(c.strip() for c in r):
            continue
        where = {"path": str(path), "line": n}
        if len(r) > len(header):
            raise FormatError(f"{len(r)} fields, header has {len(header)}", **where)
        doc = cell(r, "document")
        if not doc:
            raise FormatError("empty 'document'", **where)
        pid = cell(r, "passage_id")
        if not pid:
            s, e = cell(r, "start"), cell(r, "end")
            if not (s.isdigit() and e.isdigit()):
                raise FormatError("no passage_id and no integer start/end to identify the passage", **where)
            pid = f"{doc}:{s}-{e}"
            explicit = None
        else:
            explicit = pid
        typ, theme = cell(r, "type"), cell(r, "theme")
        if typ.lower() == NONE:
            typ = ""
        if theme.lower() == NONE:
            theme = ""
        if typ and not theme:
            raise FormatError(f"type '{typ}' without a theme (one row is a passage x (type, theme))", **where)
        # A theme without a type is how people code in NVivo or ATLAS.ti with a themes-only code tree
        # (what `miner import qdpx` writes then): it counts for the theme scores, not for the type.
        if typ and types is not None and typ not in types:
            raise FormatError(f"unknown type '{typ}' (expected one of: {', '.join(sorted(types))})", **where)
        if theme and themes is not None and theme not in themes:
            raise FormatError(f"unknown theme '{theme}'", **where)
        g = grouped.setdefault((doc, pid), {"text": cell(r, "text"), "pairs": [], "untyped": [], "line": n, "pid": explicit, "note": []})
        if not g["text"]:
            g["text"] = cell(r, "text")
        if typ:
            g["pairs"].append((typ, theme))
        elif theme:
            g["untyped"].append(theme)
        note = cell(r, "note") or cell(r, "memo")
        if note:
            g["note"].append(note)
    if not grouped:
        raise FormatError("no codings (only a header)", path=str(path))
    rank = {t: i for i, t in enumerate(type_order or [])}
    units: list[GoldUnit] = []
    for order, ((doc, pid), g) in enumerate(grouped.items()):
        if not g["text"]:
            raise FormatError(f"passage '{pid}' has no text to align on", path=str(path), line=g["line"])
        pairs = tuple(dict.fromkeys(g["pairs"]))
        typ = dominant_type([p[0] for p in pairs], rank) if pairs else NONE
        units.append(GoldUnit(
            id=pid, doc=doc, text=g["text"], type=typ,
            themes=tuple(dict.fromkeys([*(t for _, t in pairs), *g["untyped"]])), pairs=pairs,
            note=" | ".join(dict.fromkeys(g["note"])), passage_id=g["pid"], order=order,
        ))
    docs = list(dict.fromkeys(u.doc for u in units))
    return Gold(units, source=str(path), kind="codings", documents=docs)


def dominant_type(types: list[str], rank: dict[str, int], weights: list[float] | None = None) -> str:
    """The type a unit counts as for kappa when several were applied: most weight, then codebook order."""
    total: Counter[str] = Counter()
    for i, t in enumerate(types):
        total[t] += weights[i] if weights else 1.0
    return min(total, key=lambda t: (-total[t], rank.get(t, len(rank)), t))
