"""Who says it is not what it is about: the sources a sentence names.

"Volgens de regiocontactpersonen ligt het knelpunt bij het rooster" is about the timetable, not
about the contact persons; "Uit de monitor blijkt dat leerlingen tevredener zijn" is about
students, not about monitoring. A codebook's ``source_patterns`` mark such stretches (the named
group ``src`` if the pattern has one, else the whole match); theme cues inside them count only
when the sentence names no theme anywhere else, so a sentence about the source itself keeps it.
"""

from __future__ import annotations

from .cues import Hit, NeedleScanner, PatternSet
from .lemmas import token_spans


class SourceFinder:
    def __init__(self, patterns: list[str], scanner: NeedleScanner | None = None):
        self.patterns = PatternSet([(p, p) for p in patterns], scanner)

    def positions(self, text: str) -> set[int]:
        """Token positions (as in :func:`miner.coding.lemmas.tokens`) inside a named source."""
        low = text.lower()
        spans = []
        for _, _, m in self.patterns.search(text, low):
            if "src" in m.re.groupindex and m.group("src") is not None:
                spans.append(m.span("src"))
            else:
                spans.append(m.span())
        if not spans or len(low) != len(text):
            # Lower-casing changed the length (rare letters): offsets would not line up.
            return set()
        out: set[int] = set()
        for i, (a, b) in enumerate(token_spans(text)):
            if any(s <= a and b <= e for s, e in spans):
                out.add(i)
        return out

    def drop(self, hits: list[Hit], text: str) -> tuple[list[Hit], list[Hit], bool]:
        """(hits to count, hits set aside as naming a source, whether every hit names a source:
        then they are all kept, and the caller may weigh them as the speaker's words)."""
        if not hits:
            return hits, [], False
        pos = self.positions(text)
        if not pos:
            return hits, [], False
        inside = [h for h in hits if h.pos in pos]
        outside = [h for h in hits if h.pos not in pos]
        if not inside or not outside:
            return hits, [], not outside
        return outside, inside, False
