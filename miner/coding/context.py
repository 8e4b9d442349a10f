"""Where a sentence stands: the section it is in, the list it belongs to, what kind of sentence it is.

Reports say a lot through their structure: everything under "Belemmerende factoren" is a barrier
unless it says otherwise, and the bullets after "Wij bevelen aan:" are recommendations even when
each bullet is a bare noun phrase. These helpers read that structure off the passages.
"""

from __future__ import annotations

import re

from ..codebook import Code
from ..model import Passage
from .cues import WHOLE_WORD, CueIndex, NeedleScanner, PatternSet
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
            if current is None and i > 0 and not is_list_item(passages[i - 1]) and passages[i - 1].kind != "heading":
                # A list right after a sentence ending in a full stop ("... nemen wij de volgende
                # maatregelen.") is still introduced by it.
                current = i - 1
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
        self._cache: dict[tuple[tuple[str, ...], bool], tuple[str, str, str] | None] = {}

    def nearest(self, section: tuple[str, ...], whole_words: bool = False) -> tuple[str, str, str] | None:
        """(code, heading text, matched entry) of the nearest heading naming one code; None if none.

        A heading that names two codes ("Succesfactoren en knelpunten") or a mix ("Conclusies")
        sets nothing, and the search stops there: a heading further up would be a worse guess.
        With ``whole_words`` a cue counts only as a word of its own, not inside a compound (a
        name such as "Bedrijfskunde" holds "bedrijf" but is a study programme).
        """
        key = (section, whole_words)
        if key in self._cache:
            return self._cache[key]
        result = None
        for title in reversed(section):
            toks = tokens(title)
            if not toks:
                continue
            hits = self.index.match(toks, lemmas(toks, self.language), title)
            if whole_words:
                hits = [h for h in hits if h.how in WHOLE_WORD]
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
        self._cache[key] = result
        return result


class QuestionIndex:
    """What an interviewer question asks for, read off the codebook's interrogative templates.

    A type's ``questions`` patterns ("wat zou ... beter kunnen") name the type the answers give;
    ``neutral_questions`` ("Kunnen jullie je voorstellen?") frame nothing even when a type cue
    stands in them. A question matching the templates of two types ("Wat werkt en wat kan
    beter?") asks for both and so frames neither.
    """

    def __init__(self, types: list[Code], neutral: list[str], probes: list[str] = (),
                 scanner: NeedleScanner | None = None):
        self.templates = PatternSet([(c.id, q) for c in types if c.codable for q in c.questions], scanner)
        self.neutral = PatternSet([(q, q) for q in neutral], self.templates.scanner)
        self.probes = PatternSet([(q, q) for q in probes], self.templates.scanner)
        self._cache: dict[str, tuple[str | None, str]] = {}

    def asked(self, text: str) -> tuple[str | None, str]:
        """(type, why): a type when a template names exactly one; (None, "neutral") for a neutral
        question; (None, "") when the templates say nothing and the question's own cues decide."""
        hit = self._cache.get(text)
        if hit is None:
            low = text.lower()
            codes = sorted({code for code, _, _ in self.templates.search(text, low)})
            if len(codes) == 1:
                hit = (codes[0], "template")
            elif codes:
                hit = (None, "neutral")
            elif any(True for _ in self.neutral.search(text, low)):
                hit = (None, "neutral")
            else:
                hit = (None, "")
            if len(self._cache) > 4096:
                self._cache.clear()
            self._cache[text] = hit
        return hit

    def probes_further(self, text: str) -> bool:
        """A follow-up asking more about the answer just given ("Hoe komt dat?", "Wat bedoel je
        met misgaan?", "En jij?"): it asks for nothing new."""
        return any(True for _ in self.probes.search(text, text.lower()))


def answer_frames(passages: list[Passage], asks=None) -> dict[int, tuple[int, list[int]]]:
    """For each answer (a turn not by the interviewer), the position of the question it answers
    and the positions of the interviewer's turn up to that question (its themes may be set there:
    "Dan de ouders. Hoe zijn die betrokken?"). A frame holds until the interviewer speaks again.

    A question ends in "?", or, since speech-to-text often drops it, is a sentence ``asks(text)``
    recognises as a question (a codebook's interrogative template)."""
    out: dict[int, tuple[int, list[int]]] = {}
    turn: list[int] = []
    question: int | None = None
    for i, p in enumerate(passages):
        if p.kind != "turn":
            continue
        if p.role == "interviewer":
            if not turn or passages[turn[-1]].speaker != p.speaker or turn[-1] != i - 1:
                turn, question = [], None          # a new interviewer turn starts a new frame
            turn.append(i)
            if p.text.rstrip().endswith("?") or (asks is not None and asks(p.text)):
                question = i
            continue
        if question is not None:
            out[i] = (question, [j for j in turn if j <= question])
    return out


def _span(h) -> range:
    return range(h.pos, h.pos + (h.found.count(" ") + 1 if h.how in ("phrase", "modality") else 1)) if h.pos >= 0 else range(0)


def _longest(hits: list) -> list:
    """Hits not inside a longer hit: "Voorwaarden voor succes" names a precondition, not also a
    success; "Positieve resultaten" is a success heading although "resultaten" alone is neutral."""
    spans = [_span(h) for h in hits]
    return [h for h, sp in zip(hits, spans)
            if not any(len(o) > len(sp) and sp.start >= o.start and sp.stop <= o.stop for o in spans)]
