"""Align gold units to miner's passages by their text, within the same document.

The gold's sentence cuts and line wrapping need not match miner's extraction: a unit may be half
a miner sentence, or two. Texts are compared on a key of their letters and digits only (case
folded, NFKC), which makes hyphenation ("be-\\noogde"), whitespace and ligatures irrelevant;
near matches (extraction noise, a dropped footer) go through rapidfuzz. A unit takes the codes of
the passage it overlaps most, plus any other passage covering a good part of it.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Coding, Passage
from ..pipeline import slug
from .gold import GoldUnit

MIN_PIECE_KEY = 20          # a piece of a unit must have this many letters/digits to align on its own
FUZZY_CUTOFF = 85.0          # rapidfuzz partial_ratio (0-100) for a near match
SECOND_PASSAGE_SHARE = 0.3   # another passage joins when it covers this share of the unit


@dataclass
class AutoDocument:
    id: str
    path: str
    passages: list[Passage]
    codings: dict[str, list[Coding]] = field(default_factory=dict)   # passage_id -> codings


@dataclass
class AutoCorpus:
    """Automatic codings of a set of documents: passages and, per passage, its codings."""

    documents: dict[str, AutoDocument]
    source: str = ""
    run: dict = field(default_factory=dict)     # run.json of the run folder the codings came from

    def find(self, name: str) -> AutoDocument | None:
        """The document a gold file calls ``name``: by id, file name, or the id miner derives from it."""
        if name in self.documents:
            return self.documents[name]
        for d in self.documents.values():
            if Path(d.path).name == name:
                return d
        stem = slug(Path(name).stem)
        for d in self.documents.values():
            if d.id == stem or slug(Path(d.path).stem) == stem:
                return d
        return None


@dataclass
class Alignment:
    unit: str
    document: str | None
    passage_ids: list[str]
    method: str                      # id | exact | fuzzy | unmatched
    score: float = 0.0               # 100 for exact


def text_key(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


class DocumentIndex:
    """One document's passages as one key string, with the passage owning each character."""

    def __init__(self, doc: AutoDocument):
        self.doc = doc
        keys = [text_key(p.text) for p in doc.passages]
        self.starts: list[int] = []
        pos = 0
        for k in keys:
            self.starts.append(pos)
            pos += len(k)
        self.key = "".join(keys)
        self.by_id = {p.passage_id: i for i, p in enumerate(doc.passages)}

    def passage_spans(self, a: int, b: int) -> list[tuple[int, int]]:
        """(passage index, overlap length) for every passage overlapping key span [a, b)."""
        out = []
        i = max(0, bisect.bisect_right(self.starts, a) - 1)
        while i < len(self.starts) and self.starts[i] < b:
            end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.key)
            ov = min(b, end) - max(a, self.starts[i])
            if ov > 0:
                out.append((i, ov))
            i += 1
        return out

    def _whole_passage(self, key: str, start: int, text: str = "") -> int:
        """Where ``key`` is one passage's whole text, from ``start`` on; -1 if nowhere.

        A short answer ("Nee.", "Tijd.") also stands inside other passages ("Hoeveel tijd heb
        je?") or is another passage's key ("Nee?" asked back): the passage that says exactly
        that, else the one whose key is exactly that, is the one meant."""
        written = " ".join(text.split())
        for same_text in ((True, False) if written else (False,)):
            pos = self.key.find(key, start)
            while pos >= 0:
                i = bisect.bisect_right(self.starts, pos) - 1
                end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.key)
                if (self.starts[i] == pos and end == pos + len(key)
                        and (not same_text or " ".join(self.doc.passages[i].text.split()) == written)):
                    return pos
                pos = self.key.find(key, pos + 1)
        return -1

    def locate(self, key: str, hint: int, text: str = "") -> tuple[int, int, str, float] | None:
        """Where ``key`` sits in the document: exact (nearest after ``hint`` first, a whole passage
        before a part of one), else fuzzy."""
        if not key:
            return None
        pos = -1
        for start in (hint, 0):
            pos = self._whole_passage(key, start, text)
            if pos < 0:
                pos = self.key.find(key, start)
            if pos >= 0:
                break
        if pos >= 0:
            return pos, pos + len(key), "exact", 100.0
        from rapidfuzz import fuzz

        # Look near where the previous unit ended first: faster, and right when a phrase repeats.
        lo = max(0, hint - 2000)
        windows = [(lo, min(len(self.key), hint + 3 * len(key) + 5000))]
        if windows[0] != (0, len(self.key)):
            windows.append((0, len(self.key)))
        for w0, w1 in windows:
            res = fuzz.partial_ratio_alignment(key, self.key[w0:w1], score_cutoff=FUZZY_CUTOFF)
            if res is not None:
                return w0 + res.dest_start, w0 + res.dest_end, "fuzzy", float(res.score)
        return None


def align(units: list[GoldUnit], corpus: AutoCorpus) -> dict[str, Alignment]:
    """Alignment of every gold unit (``unmatched`` when its document or text is not found)."""
    indexes: dict[str, DocumentIndex] = {}
    hints: dict[str, int] = {}
    out: dict[str, Alignment] = {}
    found: dict[str, AutoDocument | None] = {}
    ordered = sorted(units, key=lambda u: (u.doc, u.line_start if u.line_start is not None else -1, u.order))
    for u in ordered:
        if u.doc not in found:
            found[u.doc] = corpus.find(u.doc)
        doc = found[u.doc]
        if doc is None:
            out[u.id] = Alignment(u.id, None, [], "unmatched")
            continue
        idx = indexes.get(doc.id)
        if idx is None:
            idx = indexes[doc.id] = DocumentIndex(doc)
        key = text_key(u.text)
        # A human coding exported from miner names the passage: trust the id when the text agrees.
        if u.passage_id and u.passage_id in idx.by_id:
            p = doc.passages[idx.by_id[u.passage_id]]
            pkey = text_key(p.text)
            if pkey == key or (key and key in pkey) or (pkey and pkey in key):
                out[u.id] = Alignment(u.id, doc.id, [u.passage_id], "id", 100.0)
                hints[doc.id] = idx.starts[idx.by_id[u.passage_id]] + len(pkey)
                continue
        loc = idx.locate(key, hints.get(doc.id, 0), u.text)
        if loc is None:
            loc = _locate_piece(idx, u.text, hints.get(doc.id, 0))
        if loc is None:
            out[u.id] = Alignment(u.id, doc.id, [], "unmatched")
            continue
        a, b, method, score = loc
        hints[doc.id] = b
        spans = idx.passage_spans(a, b)
        if not spans:
            out[u.id] = Alignment(u.id, doc.id, [], "unmatched")
            continue
        best = max(spans, key=lambda s: (s[1], -s[0]))
        chosen = sorted({best[0]} | {i for i, ov in spans if ov >= SECOND_PASSAGE_SHARE * (b - a)})
        out[u.id] = Alignment(u.id, doc.id, [doc.passages[i].passage_id for i in chosen], method, score)
    return out


def _locate_piece(idx: DocumentIndex, text: str, hint: int) -> tuple[int, int, str, float] | None:
    """Fallback for a unit glued to stray text (footnotes, page furniture): align its longest sentence."""
    pieces = sorted((text_key(p) for p in re.split(r"(?<=[.!?:;])\s+", text)), key=len, reverse=True)
    for key in pieces:
        if len(key) < MIN_PIECE_KEY:
            break
        loc = idx.locate(key, hint)
        if loc is not None:
            return loc[0], loc[1], "partial", loc[3]
    return None


def labelled_passages(units: list[GoldUnit], corpus: AutoCorpus) -> list[tuple[Passage, str, tuple[str, ...]]]:
    """The corpus passages the gold units align to, each with the gold's type and themes.

    This turns a gold cut differently from miner's passages into training data for the learned
    layer. A passage several units align to takes the label of the unit covering most of it
    (approximated by the longest unit text); passages no unit aligns to are left out.
    """
    alignments = align(units, corpus)
    best: dict[tuple[str, str], GoldUnit] = {}
    for u in units:
        al = alignments[u.id]
        for pid in al.passage_ids:
            k = (al.document, pid)
            if k not in best or len(u.text) > len(best[k].text):
                best[k] = u
    out = []
    for doc in corpus.documents.values():
        for p in doc.passages:
            u = best.get((doc.id, p.passage_id))
            if u is not None:
                out.append((p, u.type, u.themes))
    return out
