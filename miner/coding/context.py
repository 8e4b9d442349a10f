"""Where a sentence stands: the section it is in, the list it belongs to, what kind of sentence it is.

Reports say a lot through their structure: everything under "Belemmerende factoren" is a barrier
unless it says otherwise, and the bullets after "Wij bevelen aan:" are recommendations even when
each bullet is a bare noun phrase. These helpers read that structure off the passages.
"""

from __future__ import annotations

import re

from ..codebook import Code
from ..model import Passage
from .cues import CueIndex
from .lemmas import lemmas, tokens

BULLET = re.compile(r"^\s*(?:[•\-–—*·▪■●◦‣○]|\(?[0-9]{1,2}[.)]|\(?[a-hA-H][.)])\s+")


def is_list_item(p: Passage) -> bool:
    return p.kind == "list_item" or bool(BULLET.match(p.text))


def lead_ins(passages: list[Passage]) -> dict[int, int]:
    """For each list item (by position), the position of its lead-in sentence ("...:"), if any."""
    out: dict[int, int] = {}
    current: int | None = None
    for i, p in enumerate(passages):
        if is_list_item(p):
            if current is not None and passages[current].section == p.section:
                out[i] = current
        elif p.text.rstrip().endswith(":"):
            current = i
        elif p.kind != "list_item" and not _continues_item(passages, i):
            current = None
    return out


def _continues_item(passages: list[Passage], i: int) -> bool:
    # A bullet that runs on into a second sentence stays part of the list.
    return i > 0 and passages[i - 1].block == passages[i].block and is_list_item(passages[i - 1]) and passages[i].kind == passages[i - 1].kind


class HeadingIndex:
    """Headings of a facet's codes, matched lemma-aware against section titles."""

    NEUTRAL = "__neutral__"

    def __init__(self, codes: list[Code], language: str, neutral: list[str] = (), longest: bool = False,
                 negations: set[str] | frozenset[str] = frozenset()):
        shadow = [
            Code(id=c.id, facet=c.facet, cues=[h for h in c.headings if len(tokens(h)) == 1],
                 phrases=[h for h in c.headings if len(tokens(h)) > 1])
            for c in codes if c.codable and c.headings
        ]
        if neutral:
            shadow.append(Code(id=self.NEUTRAL, facet="type", cues=[h for h in neutral if len(tokens(h)) == 1],
                               phrases=[h for h in neutral if len(tokens(h)) > 1]))
        self.index = CueIndex(shadow, language)
        self.language = language
        self.longest = longest
        self.negations = set(negations)
        self._cache: dict[tuple[str, ...], tuple[str, str, str] | None] = {}

    def nearest(self, section: tuple[str, ...]) -> tuple[str, str, str] | None:
        """(code, heading text, matched entry) of the nearest heading naming one code; None if none.

        A heading that names two codes ("Succesfactoren en knelpunten") or a mix ("Conclusies")
        sets nothing, and the search stops there: a heading further up would be a worse guess.
        """
        if section in self._cache:
            return self._cache[section]
        result = None
        for title in reversed(section):
            toks = tokens(title)
            if not toks:
                continue
            hits = self.index.match(toks, lemmas(toks, self.language), title)
            if self.longest:
                hits = _longest(hits)
            codes = {h.code for h in hits}
            if self.NEUTRAL in codes:
                break
            if codes and self.negations.intersection(toks):
                covered = {i for h in hits for i in _span(h)}
                if any(t in self.negations and i not in covered for i, t in enumerate(toks)):
                    # "Wat niet belemmerend bleek" names the opposite of its cue ("Wat werkt niet"
                    # is a heading of its own): no type, and no guess further up either.
                    break
            if len(codes) == 1:
                h = max(hits, key=lambda h: h.weight)
                result = (h.code, title.strip(), h.cue)
                break
            if len(codes) > 1:
                break
        self._cache[section] = result
        return result


def _span(h) -> range:
    return range(h.pos, h.pos + (h.found.count(" ") + 1 if h.how in ("phrase", "modality") else 1)) if h.pos >= 0 else range(0)


def _longest(hits: list) -> list:
    """Hits not inside a longer hit: "Voorwaarden voor succes" names a precondition, not also a
    success; "Positieve resultaten" is a success heading although "resultaten" alone is neutral."""
    spans = [_span(h) for h in hits]
    return [h for h, sp in zip(hits, spans)
            if not any(len(o) > len(sp) and sp.start >= o.start and sp.stop <= o.stop for o in spans)]
