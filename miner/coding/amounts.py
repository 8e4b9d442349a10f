"""Findings stated as an amount or a change: more or less of something good or bad.

"Studenten vallen minder vaak uit", "het programma laat weinig ruimte", "het verloop was hoog":
no word in these is a success or a barrier by itself, the combination is. The codebook names the
words that say *more* and *less* and the things of which more is *good* or *bad*; an amount word
and a thing in the same clause make a finding: more good or less bad is the codebook's ``up``
type, less good or more bad its ``down`` type. Failing that, a figure that moved ("van 48 naar 69
procent", the codebook's ``trends``) is read the same way, and so is a comparison between groups
("Op scholen met een vaste contactpersoon ligt het aandeel hoger", the codebook's ``contrasts``):
what sets the better-off group apart is the finding. Last, a share of a group reported as an
outcome ("op 9 van de 12 scholen", "Van de ouders zegt 71 procent ...", the codebook's ``shares``):
a majority is the good direction, a minority the bad one.
"""

from __future__ import annotations

import re

from ..codebook import Amounts, Code
from .cues import WHOLE_WORD, CueIndex, Hit, NeedleScanner, PatternSet
from .lemmas import token_spans

WEIGHT = 1.0          # enough alone to type a sentence, like a cue
AFTER = 4             # furthest a thing may follow its amount word ("minder vaak in het eerste jaar uitvallen")
BEFORE = 8            # and precede it: a subject and its qualifiers ("het verloop onder decanen was in 2023 hoog")
SHORT_WORD = 4        # a word this short after the amount word links ("daalde van 14 naar 11"), it is not qualified


class AmountFinder:
    def __init__(self, amounts: Amounts, language: str = "nl", breaks: str = ",;:()", negations: frozenset[str] = frozenset(),
                 particles: frozenset[str] = frozenset(), particle_followers: frozenset[str] = frozenset(),
                 auxiliaries: frozenset[str] = frozenset(), adversatives: frozenset[str] = frozenset(),
                 scanner: NeedleScanner | None = None):
        self.amounts = amounts
        self.adversatives = adversatives
        self.auxiliaries = auxiliaries
        self.breaks = breaks
        self.negations = negations
        self.size = CueIndex([Code(id="more", facet="type", cues=amounts.more),
                              Code(id="less", facet="type", cues=amounts.less)], language,
                             particles=particles, particle_followers=particle_followers)
        self.things = CueIndex([Code(id="good", facet="type", cues=amounts.good),
                                Code(id="bad", facet="type", cues=amounts.bad)], language,
                               particles=particles, particle_followers=particle_followers)
        # Searched only in sentences that have the patterns' words, like the codebook's patterns.
        self.trends = PatternSet([(p, p) for p in amounts.trends], scanner)
        self.contrasts = PatternSet([(p, p) for p in amounts.contrasts], self.trends.scanner)
        self.burdens = set(amounts.burdens)
        self.shares = PatternSet([(p, p) for p in amounts.shares], self.trends.scanner)
        self.share_skip = [re.compile(p, re.IGNORECASE) for p in amounts.share_skip]
        self.fixed = [re.compile(p, re.IGNORECASE) for p in amounts.fixed]
        self.numbers = {k.lower(): v for k, v in amounts.numbers.items()}
        self.fractions = {" ".join(k.lower().split()): v for k, v in amounts.fractions.items()}

    def match(self, toks: list[str], lems: list[str], text: str) -> list[Hit]:
        sizes = self._sizes(toks, lems, text)
        return (self._words(toks, lems, text, sizes) or self._contrast(toks, lems, text, sizes)
                or self._trend(toks, lems, text) or self._share(toks, lems, text))

    def _share(self, toks: list[str], lems: list[str], text: str) -> list[Hit]:
        """A share of a group as an outcome: "Op 9 van de 12 locaties ...", "Van de 34 instellingen
        geven er 27 aan ...", "ruim driekwart". More than half is the good direction and less the
        bad one; a share of a bad thing ("van de 40 starters stopten er 6") or of one that is not
        there ("op 8 van de 11 scholen is geen plan") is bad whatever its size. Exactly half says
        neither. Response rates and the like are method (``share_skip``)."""
        if not self.shares.items:
            return []
        for _, _, m in self.shares.search(text):
            share = self._share_of(m)
            if share is None or share == 0.5:
                continue
            if any(rx.search(text) for rx in self.share_skip):
                return []
            named = {h.code for h in self.things.match(toks, lems, text) if h.pos >= 0 and h.how in WHOLE_WORD}
            negated = any(t in self.negations for t in toks)
            up = share > 0.5 and named != {"bad"} and not negated
            pos = _token_at(text, m.start())
            return [Hit(code=self.amounts.up if up else self.amounts.down, cue=f"share {'most' if share > 0.5 else 'few'}",
                        found=m.group(0).strip(), how="amount", pos=pos, weight=WEIGHT)]
        return []

    def _share_of(self, m: re.Match) -> float | None:
        g = m.groupdict()
        if g.get("part") and g.get("whole"):
            part, whole = self._number(g["part"]), self._number(g["whole"])
            return part / whole if part is not None and whole and part < whole else None
        if g.get("percent"):
            pct = self._number(g["percent"])
            return pct / 100 if pct is not None and pct <= 100 else None
        if g.get("fraction"):
            return self.fractions.get(" ".join(g["fraction"].lower().split()))
        return None

    def _number(self, s: str) -> float | None:
        s = s.lower()
        if s in self.numbers:
            return self.numbers[s]
        # "1.200" is twelve hundred, "12,5" twelve and a half
        s = re.sub(r"[.](?=\d{3}\b)", "", s).replace(",", ".")
        try:
            return float(s)
        except ValueError:
            return None

    def _contrast(self, toks: list[str], lems: list[str], text: str, sizes: list[Hit]) -> list[Hit]:
        """A group set apart and compared: "Op scholen met een vaste contactpersoon ligt het
        aandeel ... hoger", "Leerlingen zonder zo'n netwerk moeten vaker genoegen nemen ...". The
        first amount word after the group's head gives the direction, turned round by a main clause
        that names only bad things or says the group has to do more (``burdens``); a group without
        something (the pattern's ``without`` group, or a negation in the group) is the worse-off
        one. A negated amount ("niet hoger") is no finding."""
        if not self.contrasts.items or not sizes:
            return []
        spans = token_spans(text)
        if len(spans) != len(toks):
            return []
        for _, _, m in self.contrasts.search(text):
            pattern = m.re
            head = m.end()
            after = [h for h in sizes if spans[h.pos][0] >= head]
            if not after:
                continue
            s = min(after, key=lambda h: h.pos)
            cut = next((i for i, ch in enumerate(text[m.start("group"):], m.start("group")) if ch in self.breaks), len(text))
            end = min(cut, spans[s.pos][0])
            group = [i for i, (a, _) in enumerate(spans) if m.start("group") <= a < end]
            if cut < spans[s.pos][0] and any(ch in self.breaks for ch in text[cut + 1:spans[s.pos][0]]):
                continue   # the amount word stands in a later clause, not the main one
            if any(toks[i] in self.negations for i in range(max(0, s.pos - 2), s.pos)):
                continue
            without = "without" in pattern.groupindex and m.group("without") is not None
            # A negation the group itself corrects ("Scholen die LOB niet als apart vak maar als
            # onderdeel van de lessen hebben ingericht") says what the group does, not what it lacks.
            without = without or any(toks[i] in self.negations and not self.adversatives.intersection(toks[j] for j in group if j > i)
                                     for i in group)
            named = {h.code for h in self.things.match(toks, lems, text) if h.pos >= 0 and spans[h.pos][0] >= end and h.how in WHOLE_WORD}
            # A group that lacks something is the worse-off one whichever way the figure runs
            # ("Leerlingen zonder netwerk moeten vaker genoegen nemen", "... voeren minder gesprekken").
            # Having to do more is a burden ("moeten vaker solliciteren voordat ze een plek hebben").
            burden = any(toks[i] in self.burdens for i in range(max(0, s.pos - 2), s.pos))
            up = not without and ((s.code == "more") ^ (named == {"bad"}) ^ burden)
            return [Hit(code=self.amounts.up if up else self.amounts.down, cue=f"group {s.code}",
                        found=f"{text[m.start('group'):end].strip()} ... {s.found}", how="amount", pos=s.pos, weight=WEIGHT)]
        return []

    def _sizes(self, toks: list[str], lems: list[str], text: str) -> list[Hit]:
        # Each amount word as written: "meer" is not "veel" (its lemma), "hoger" not "hoog".
        hits = [h for h in self.size.match(toks, lems, text)
                if h.pos >= 0 and (h.how in ("exact", "separable") or h.how == "lemma" and not _comparative_of(h.found, h.cue))
                # "veel" before a comparative is its degree ("veel moeilijker te bereiken"), no amount
                and not (h.pos + 1 < len(toks) and _comparative_of(toks[h.pos + 1], lems[h.pos + 1]))]
        if hits and self.fixed:
            # Inside a set expression the word measures nothing: "ten minste één keer" is "at least".
            spans = token_spans(text)
            held = [m.span() for rx in self.fixed for m in rx.finditer(text)]
            if held and len(spans) == len(toks):
                hits = [h for h in hits if not any(a <= spans[h.pos][0] < b for a, b in held)]
        return hits

    def _trend(self, toks: list[str], lems: list[str], text: str) -> list[Hit]:
        """A figure that moved ("van 48 naar 69 procent", "54 procent, tegen 46 procent in 2023"),
        read as the change of what the sentence measures: up is good unless it names only a bad
        thing ("de uitval daalde van 14 naar 11 procent" is a success). Survey indicators are
        mostly things one wants more of, which is why an unnamed thing counts as good."""
        for _, _, m in self.trends.search(text):
            old, new = (float(m.group(g).replace(",", ".")) for g in ("old", "new"))
            if old == new:
                continue
            named = {h.code for h in self.things.match(toks, lems, text) if h.pos >= 0 and h.how in WHOLE_WORD}
            up = (new > old) != (named == {"bad"})
            pos = _token_at(text, m.start())
            return [Hit(code=self.amounts.up if up else self.amounts.down, cue=f"figure {'up' if new > old else 'down'}",
                        found=m.group(0), how="amount", pos=pos, weight=WEIGHT)]
        return []

    def _words(self, toks: list[str], lems: list[str], text: str, sizes: list[Hit]) -> list[Hit]:
        if not sizes:
            return []
        # A thing is a word of its own: inside a compound it names something else ("tekort" in
        # "tekortsectoren" is not a shortage that grew or shrank).
        things = [h for h in self.things.match(toks, lems, text) if h.pos >= 0 and h.how in WHOLE_WORD]
        if not things:
            return []
        spans = token_spans(text)
        pairs = []
        for s in sizes:
            for t in things:
                # A thing right before the amount word is not what it measures ("over een tijd
                # minder kansrijk"); one said before it needs a verb between ("het verloop was hoog"),
                # and the amount word must end the statement, not qualify the next word ("de zorg
                # minder vanzelfsprekend"): end of clause, a number or a short linking word follows.
                ok = 0 < t.pos - s.pos <= AFTER or (2 <= s.pos - t.pos <= BEFORE and self._ends(text, spans, toks, s.pos))
                # A negation on the thing itself denies the pairing ("op de meeste scholen geen uren").
                if ok and not self._broken(text, spans, s.pos, t.pos) and not (
                        s.pos < t.pos - 1 and toks[t.pos - 1] in self.negations):
                    pairs.append((abs(t.pos - s.pos), s.pos, t.pos, s, t))
        # Nearest pairs first, each word in one pair: "bereiken veel meer ouders" is one finding.
        out: list[Hit] = []
        used: set[int] = set()
        for _, _, _, s, t in sorted(pairs, key=lambda x: x[:3]):
            if s.pos in used or t.pos in used:
                continue
            used.update((s.pos, t.pos))
            up = (s.code == "more") == (t.code == "good")
            a, b = sorted((s.pos, t.pos))
            out.append(Hit(code=self.amounts.up if up else self.amounts.down, cue=f"{s.code} {t.code}",
                           found=" ".join(toks[a:b + 1]), how="amount", pos=s.pos, weight=WEIGHT))
        return out

    def _ends(self, text: str, spans: list[tuple[int, int]], toks: list[str], i: int) -> bool:
        if i + 1 >= len(toks) or self._broken(text, spans, i, i + 1) or any(ch in ".!?" for ch in text[spans[i][1]:spans[i + 1][0]]):
            return True
        nxt = toks[i + 1]
        # "De uitval is groter geworden": the verb cluster closes the statement too.
        return nxt.isdigit() or len(nxt) <= SHORT_WORD or nxt in self.auxiliaries

    def _broken(self, text: str, spans: list[tuple[int, int]], i: int, j: int) -> bool:
        """True when a clause break stands between tokens i and j."""
        a, b = sorted((i, j))
        if b >= len(spans):
            return True
        between = text[spans[a][1]:spans[b][0]]
        return any(ch in self.breaks for ch in between)


def _token_at(text: str, char: int) -> int:
    """The first token starting at or after ``char`` (0 if none)."""
    return next((i for i, (start, _) in enumerate(token_spans(text)) if start >= char), 0)


def _comparative_of(word: str, cue: str) -> bool:
    return word.endswith("er") and not cue.endswith("er")
