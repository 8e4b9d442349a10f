"""Match a codebook's cues, phrases, modal expressions and patterns in a sentence.

Every distinct token is resolved once (per process) to the cues it matches, trying in order:
the token or its lemma equals a cue; a hyphen part does ("LOB-beleid"); the token's head or
modifier is a cue as a compound part ("loopbaangesprekken" -> gesprek, "werkdrukverlaging" ->
werkdruk); a close spelling variant of a long cue (rapidfuzz, for extraction noise such as
"belemmeringeen"). Phrases are found with one compiled regex over the sentence's lemmas and words.
"""

from __future__ import annotations

import re
from itertools import compress
from operator import itemgetter
from typing import NamedTuple

import ahocorasick

from ..codebook import Code
from .lemmas import lemmatizer, strip_inflection, token_spans, tokens

# Cues this short match whole words only: as compound parts they hit too much ("les" in "lesbisch").
MIN_COMPOUND_CUE = 5
MIN_COMPOUND_REST = 3
FUZZY_MIN_LEN = 8
SEPARABLE_SPAN = 10   # furthest a particle may stand after its verb ("vallen ... nog altijd vaker uit")
AUX_LAST_MIN = 5   # a phrase's last word that an auxiliary may precede: a participle, not a preposition
FUZZY_CUTOFF = 90.0

# Hits that are a word of their own, not a part of a compound ("bedrijf" in "Bedrijfskunde").
WHOLE_WORD = ("exact", "lemma", "inflected", "phrase", "separable")
WEIGHTS = {"exact": 1.0, "lemma": 1.0, "inflected": 1.0, "part": 1.0, "compound": 0.9, "fuzzy": 0.8, "phrase": 1.2,
           "pattern": 1.5, "modality": 0.4, "separable": 1.0}

_second = itemgetter(1)
_CLAUSE_BREAKS = frozenset(",;:()")
_SENTENCE_BREAKS = _CLAUSE_BREAKS | frozenset(".!?")
_NON_WORD = re.compile(r"\W")
# Letters that ignore-case matching equates with a letter of another lower case ("ı" with "i",
# "ſ" with "s", Greek and Cyrillic variants; re's own table), and the dot that lower-casing "İ"
# adds: where a sentence holds one, the search on its lower-cased text is not the same search.
try:
    from re._casefix import _EXTRA_CASES
    _CASE_TRAPS: frozenset[str] | None = frozenset(chr(c) for k, v in _EXTRA_CASES.items() for c in (k, *v)) - set("is") | {"\u0307"}
except ImportError:   # re's table moved (a private module): only plain ASCII sentences take the quick search
    _CASE_TRAPS = None
_ESCAPE = re.compile(r"\\.")
_SYNTAX = re.compile(r"\(\?P[<=]")
_INLINE = re.compile(r"\(\?(?![:=!]|<[=!]|P[<=])")   # inline flags, conditionals, comments
_CODEPOINT = re.compile(r"\\[xuUN]")
_WORD_RUN = re.compile(r"\w+")


class Hit(NamedTuple):
    """One cue, phrase or pattern found in a sentence. A named tuple, not a dataclass: a sentence
    makes dozens of them, and a tuple is made several times faster."""

    code: str
    cue: str          # as written in the codebook
    found: str        # what stood in the text
    how: str          # exact | lemma | inflected | part | compound | fuzzy | phrase | pattern | modality
    pos: int          # token position, -1 when not a single token
    weight: float
    start: int = -1   # character offset of a pattern's match


class CueIndex:
    """The cues of one facet's codes, ready for fast matching."""

    def __init__(self, codes: list[Code], language: str = "nl", auxiliaries: frozenset[str] = frozenset(),
                 particles: frozenset[str] = frozenset(), particle_followers: frozenset[str] = frozenset(),
                 modifiers: bool = True, scanner: NeedleScanner | None = None):
        self.language = language
        # A compound's first part names what it is about ("beleidsplan" is about policy), but only
        # its head says what it is: an "adviesraad" is a council, not advice. Type cues set
        # modifiers=False and match as heads only.
        self.modifiers = modifiers
        self.auxiliaries = auxiliaries
        self.particle_followers = particle_followers
        self.lem = lemmatizer(language)
        self._parts: dict[str, bool] = {}
        self.words: dict[str, list[tuple[str, str]]] = {}
        self.written: dict[str, list[tuple[str, str]]] = {}        # cues matched as written only
        self.written_modal: dict[str, list[tuple[str, str]]] = {}
        self.modal_words: dict[str, list[tuple[str, str]]] = {}
        phrases: dict[str, list[tuple[str, str, str]]] = {}
        patterns: list[tuple[str, str]] = []
        for c in codes:
            if not c.codable:
                continue
            for cue in c.cues:
                self._add(c.id, cue, "phrase", phrases)
            for ph in c.phrases:
                self._add(c.id, ph, "phrase", phrases, force_phrase=True)
            for m in c.modality:
                # "leerling|student|jongere": words naming the same thing are one weak clue, so a
                # sentence naming "leerlingen en studenten" has it once, not twice.
                for alt in m.split("|"):
                    self._add(c.id, alt.strip(), "modality", phrases, modal=True, name=m if "|" in m else None)
            for pat in c.patterns:
                patterns.append((c.id, pat))
        self.patterns = PatternSet(patterns, scanner)
        # A code's word inside one of its exceptions names something else: "samenwerking met
        # werkgevers" is the world of work, not the school chain; "ten koste van" is not money.
        # Searched only in sentences holding a hit of their code and the words they require.
        self.exceptions = PatternSet([(c.id, x) for c in codes if c.codable for x in c.cue_exceptions], self.patterns.scanner)
        self.excepted = frozenset(c.id for c in codes if c.codable and c.cue_exceptions)
        self.compound = {k: v for k, v in self.words.items() if len(k) >= MIN_COMPOUND_CUE}
        # Only particles that begin some cue can complete one ("uit" for "uitvallen").
        self.particles = frozenset(p for p in particles if any(k.startswith(p) and len(k) > len(p) for k in self.words))
        self.fuzzy_keys = sorted(k for k in self.words if len(k) >= FUZZY_MIN_LEN)
        # Phrases by their first two words (one-word phrases by their word), so a sentence is
        # scanned with dict lookups; most positions start no phrase at all.
        self.phrase_one: dict[str, list] = {}
        self.phrase_pair: dict[tuple[str, str], list] = {}
        self.phrase_two: dict[str, list] = {}     # two-word phrases, for an auxiliary between the words
        for rank, key in enumerate(sorted(phrases, key=lambda k: (-len(k), k))):
            words = tuple(key.split(" "))
            entry = (rank, words, phrases[key])
            if len(words) == 1:
                self.phrase_one.setdefault(words[0], []).append(entry)
                continue
            self.phrase_pair.setdefault(words[:2], []).append(entry)
            if len(words) == 2:
                self.phrase_two.setdefault(words[0], []).append(entry)
        self.phrase_starts = frozenset(self.phrase_one) | frozenset(w for w, _ in self.phrase_pair)
        self.phrase_lone = frozenset(self.phrase_one)
        # A longer phrase starts only where the next word can be its second word, or an auxiliary
        # stands between ("wordt ... gebracht"): the common first words ("de", "het", "van") start
        # a phrase at one place in ten.
        self.phrase_follow = frozenset(w for _, w in self.phrase_pair) | self.auxiliaries
        # token -> its hits as (code, cue, found, how, weight), modal ones last; () for most tokens
        self._hits: dict[str, tuple[tuple[str, str, str, str, float], ...]] = {}

    def _add(self, code: str, cue: str, kind: str, phrases: dict, force_phrase: bool = False, modal: bool = False,
             name: str | None = None) -> None:
        toks = tokens(cue)
        if not toks:
            return
        if cue.lstrip().startswith("=") and len(toks) == 1:
            # "=slecht": this form only, not what the lemmatiser maps to it ("slechts" -> "slecht"),
            # nor as an inflection, compound part or spelling variant.
            target = self.written_modal if modal else self.written
            entry = (code, name or toks[0])
            if entry not in target.setdefault(toks[0], []):
                target[toks[0]].append(entry)
            return
        if len(toks) == 1 and not force_phrase:
            target = self.modal_words if modal else self.words
            lem = self.lem(toks[0])
            # A comparative cue is not its positive ("meer" must not match "veel", "beter" not
            # "goed"), and a lemma shorter than four letters is another word more often than not
            # ("ouder" -> "oud").
            keys = {toks[0]} if _comparative(toks[0], lem) or len(lem) < 4 else {toks[0], lem}
            for key in sorted(keys):
                entry = (code, name or cue)
                if entry not in target.setdefault(key, []):
                    target[key].append(entry)
            return
        tag = "modality" if modal else kind
        for key in sorted({" ".join(toks), " ".join(self.lem(t) for t in toks)}):
            entry = (code, name or cue, tag)
            if entry not in phrases.setdefault(key, []):
                phrases[key].append(entry)

    # -- single tokens --------------------------------------------------------------------------
    def token_matches(self, tok: str) -> tuple[tuple[str, str, str, str], ...]:
        """(code, cue, how, found) for one token (``match`` caches them per token)."""
        written = [(c, cue, "exact", tok) for c, cue in self.written.get(tok, ())]
        seen = {w[:2] for w in written}
        return tuple(written + [h for h in self._resolve(tok) if h[:2] not in seen])

    def _resolve(self, tok: str) -> list[tuple[str, str, str, str]]:
        lemma = self.lem(tok)
        # A cue written as a participle ("verbeterd": it has improved) is not met by the bare
        # infinitive ("het verbeteren van", "willen verbeteren"): that is an intention, not a result.
        exact = self.words.get(tok, ())
        out = [(c, cue, "exact", tok) for c, cue in exact
               if cue == tok or not (tok.endswith("en") and cue.endswith(("d", "t")) and self.lem(cue) == tok)]
        if exact and not out:
            return []   # nor as a compound part or spelling variant of the same cue
        if lemma != tok:
            out += [(c, cue, "lemma", tok) for c, cue in self.words.get(lemma, ()) if (c, cue, "exact", tok) not in out]
        if out:
            return out
        if tok.isalpha() and len(tok) > MIN_COMPOUND_CUE:
            # Plurals and inflections the lemmatiser does not know ("uitkomstmaten", "keuzedelen").
            for cand in strip_inflection(tok)[1:]:
                if len(cand) >= MIN_COMPOUND_CUE and cand in self.words:
                    return [(c, cue, "inflected", tok) for c, cue in self.words[cand]]
        if "-" in tok or "'" in tok:
            for part in re.split(r"[-']", tok):
                if len(part) >= 2:
                    out += [(c, cue, "part", tok) for c, cue, _, _ in self._resolve(part)]
            if out:
                return _dedupe(out)
        if len(tok) >= MIN_COMPOUND_CUE + MIN_COMPOUND_REST and tok.isalpha():
            out = self._compound(tok) or (self._compound(lemma) if lemma != tok else [])
            if out:
                return out
        if len(tok) >= FUZZY_MIN_LEN and self.fuzzy_keys and tok.isalpha() and not self.lem.known(tok):
            from rapidfuzz import fuzz, process

            best = process.extractOne(tok, self.fuzzy_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
            # One word inside the other is a different word, not a misspelling ("duidelijk" / "onduidelijk").
            if best is not None and abs(len(best[0]) - len(tok)) <= 2 and best[0] not in tok and tok not in best[0]:
                return [(c, cue, "fuzzy", tok) for c, cue in self.words[best[0]]]
        return []

    def _a_word(self, part: str, depth: int = 0) -> bool:
        """Whether a compound's other part is a word: one the language's dictionary knows (with a
        linking -s-, -e- or -en- dropped), a cue, or two such words. Without a dictionary every
        part passes."""
        if not self.lem.has_dictionary:
            return True
        hit = self._parts.get(part)
        if hit is None:
            hit = False
            if len(part) >= MIN_COMPOUND_REST:
                for cand in (part, part[:-1] if part.endswith(("s", "e", "-")) else "", part[:-2] if part.endswith("en") else ""):
                    if len(cand) >= MIN_COMPOUND_REST and (cand in self.compound or cand in self.words or self.lem.known(cand)):
                        hit = True
                        break
                if not hit and depth == 0:
                    hit = any(self._a_word(part[:k], 1) and self._a_word(part[k:], 1)
                              for k in range(MIN_COMPOUND_REST, len(part) - MIN_COMPOUND_REST + 1))
            if depth == 0:
                self._parts[part] = hit
        return hit

    def _head_runs_on(self, word: str, i: int) -> bool:
        """The letters before a head make a longer word with it: "jaar|ver|slagen" is
        "verslagen" (reports), not "slagen" (succeeding); "voor|bereid" is "voorbereid"."""
        if not self.lem.has_dictionary:
            return False
        return any(self.lem.known(word[i - k:]) for k in range(2, 5) if i - k >= 1)

    def _compound(self, word: str) -> list[tuple[str, str, str, str]]:
        out: list[tuple[str, str, str, str]] = []
        n = len(word)
        # Head (last part) first: in Dutch compounds it carries the meaning ("loopbaan|gesprek").
        for i in range(MIN_COMPOUND_REST, n - MIN_COMPOUND_CUE + 1):
            head = word[i:]
            if not self._a_word(word[:i]) or self._head_runs_on(word, i):
                continue   # "wet|houder" is no "ouder", "borgingscom|missie" no "missie"
            for cand in strip_inflection(head):
                if cand in self.compound:
                    out += [(c, cue, "compound", word) for c, cue in self.compound[cand]]
                    break
            if out:
                break
        # Modifier (first part), with the linking -s-/-e(n)- dropped ("beleidsplan", "werkdrukverlaging").
        for j in range(n - MIN_COMPOUND_REST, MIN_COMPOUND_CUE - 1, -1) if self.modifiers else ():
            mod = word[:j]
            cands = [mod]
            if mod.endswith("s") and len(mod) > MIN_COMPOUND_CUE:
                cands.append(mod[:-1])
            hit = next((c for c in cands if c in self.compound), None)
            if hit and not self._a_word(word[j:]):
                continue   # "ouder|ejaars" is no parent
            if hit:
                out += [(c, cue, "compound", word) for c, cue in self.compound[hit]]
                break
        return _dedupe(out)

    def _separable(self, toks: list[str], lems: list[str], text: str) -> list[Hit]:
        """A separable verb split over its clause: "vallen ... vaker uit" is "uitvallen", "blijft
        de deelname achter" is "achterblijven". The particle must end its clause (a break, the end,
        or one of the codebook's ``particle_followers`` such as "dan"): "uit de monitor" is a
        preposition. The hit stands at the particle, where the verb's meaning is complete."""
        out: list[Hit] = []
        spans = None
        for j in compress(range(len(toks)), map(self.particles.__contains__, toks)):
            if j == 0:
                continue
            tok = toks[j]
            if spans is None:
                spans = token_spans(text) if text else ()
                if len(spans) != len(toks):
                    return out
            ends = (j + 1 == len(toks) or toks[j + 1] in self.particle_followers
                    or not _SENTENCE_BREAKS.isdisjoint(text[spans[j][1]:spans[j + 1][0]]))
            if not ends:
                continue
            for i in range(j - 1, max(-1, j - 1 - SEPARABLE_SPAN), -1):
                if not _CLAUSE_BREAKS.isdisjoint(text[spans[i][1]:spans[i + 1][0]]):
                    break   # the verb stands in the same clause
                found = self.words.get(tok + lems[i]) or self.words.get(tok + toks[i])
                if found:
                    out += [Hit(c, cue, f"{toks[i]} ... {tok}", "separable", j, WEIGHTS["separable"]) for c, cue in found]
                    break
        return out

    def _modal_matches(self, tok: str, lemma: str) -> tuple[tuple[str, str], ...]:
        # By lemma, and by the word itself for comparative cues, which are keyed on their own form.
        out = list(self.modal_words.get(lemma, ()))
        if tok != lemma:
            out += [e for e in self.modal_words.get(tok, ()) if e not in out]
        out += [e for e in self.written_modal.get(tok, ()) if e not in out]
        return tuple(out)

    # -- a sentence --------------------------------------------------------------------------------
    def _token_hits(self, tok: str, lemma: str) -> tuple[tuple[str, str, str, str, float], ...]:
        out = [(code, cue, word, how, WEIGHTS[how]) for code, cue, how, word in self.token_matches(tok)]
        out += [(code, cue, tok, "modality", WEIGHTS["modality"]) for code, cue in self._modal_matches(tok, lemma)]
        hit = self._hits[tok] = tuple(out)
        return hit

    def match(self, toks: list[str], lems: list[str], text: str, low: str | None = None) -> list[Hit]:
        """The hits in one sentence (``low``: the sentence lower-cased, if the caller has it)."""
        hits: list[Hit] = []
        # Most tokens hit nothing: look them all up, then visit only those that do (map and
        # compress loop in C).
        got = list(map(self._hits.get, toks))
        if None in got:
            for i, found in enumerate(got):
                if found is None:
                    got[i] = self._token_hits(toks[i], lems[i])
        for i in compress(range(len(got)), got):
            for code, cue, word, how, weight in got[i]:
                hits.append(Hit(code, cue, word, how, i, weight))
        if self.particles and not self.particles.isdisjoint(toks):
            hits += self._separable(toks, lems, text)
        starts = self.phrase_starts
        if starts:
            aux = self.auxiliaries
            pair, one, two = self.phrase_pair, self.phrase_one, self.phrase_two
            seen: set[tuple] = set()
            last = len(toks) - 1
            lone, follow = self.phrase_lone, self.phrase_follow
            for seq in (lems, toks):
                if starts.isdisjoint(seq):
                    continue
                for i in compress(range(len(seq)), map(starts.__contains__, seq)):
                    if i == last or seq[i + 1] not in follow and toks[i + 1] not in follow:
                        if seq[i] not in lone:
                            continue   # the next word continues no phrase (cheapest test first)
                    # Phrases that may start here: those whose first two words stand here,
                    # two-word phrases with an auxiliary between their words, one-word phrases.
                    w = seq[i]
                    nxt = seq[i + 1] if i < last else None
                    cands = pair.get((w, nxt), ()) if nxt is not None else ()
                    extra = [e for e in two.get(w, ()) if e[1][1] != nxt] if nxt is not None and toks[i + 1] in aux else ()
                    ones = one.get(w, ())
                    if extra or ones:
                        # In the codebook's order (longest text first), which decides the hit kept
                        # when two spellings of a cue match at one place.
                        cands = sorted([*cands, *extra, *ones])
                    if not cands:
                        continue
                    for _, words, entries in cands:
                        n = len(words)
                        if tuple(seq[i:i + n]) != words:
                            # A verb cluster may put an auxiliary before a phrase's last word:
                            # "in beweging gebracht" stands as "in beweging heeft gebracht". Only
                            # before a long word: "zicht hebben op" is not the phrase "zicht op".
                            # (cheapest tests first: this runs for every near miss)
                            if not (n > 1 and i + n < len(seq) and toks[i + n - 1] in aux and seq[i + n] == words[-1]
                                    and len(words[-1]) >= AUX_LAST_MIN and tuple(seq[i:i + n - 1]) == words[:-1]):
                                continue
                            words_at = [i + k for k in range(n - 1)] + [i + n]
                        else:
                            words_at = [i + k for k in range(n)]
                        if seq is lems and (_comparative_in(toks, lems, words, words_at)
                                            or any(len(w) <= 3 and toks[j] != w for j, w in zip(words_at, words))):
                            # A comparative the phrase does not have ("niet meer" is not "niet veel"), and
                            # short function words match as written: "ten minste" is not "te weinig".
                            continue
                        for code, cue, tag in entries:
                            # One hit per code and stretch of text, however many spellings match it.
                            if (code, cue) not in seen and (code, i, n) not in seen:
                                seen.add((code, cue))
                                seen.add((code, i, n))
                                found = " ".join(words) if len(words_at) == words_at[-1] - i + 1 else " ".join(toks[i:words_at[-1] + 1])
                                hits.append(Hit(code, cue, found, tag, i, WEIGHTS[tag]))
        if self.excepted and any(h.code in self.excepted for h in hits):
            hits = self._drop_exceptions(hits, text, low)
        if self.patterns.items:
            for code, pat, m in self.patterns.search(text, low):
                hits.append(Hit(code, pat, m.group(0).strip(), "pattern", -1, WEIGHTS["pattern"], m.start()))
        return hits

    def _drop_exceptions(self, hits: list[Hit], text: str, low: str | None) -> list[Hit]:
        present = {h.code for h in hits}
        spans: dict[str, list[tuple[int, int]]] = {}
        for code, span in self.exceptions.match_spans(text, low):
            if code in present:
                spans.setdefault(code, []).append(span)
        if not spans:
            return hits
        at = token_spans(text)

        def inside(h: Hit) -> bool:
            if not spans.get(h.code) or h.how == "phrase" or not 0 <= h.pos < len(at):
                return False
            a, b = at[h.pos]
            return any(s <= a and b <= e for s, e in spans[h.code])
        return [h for h in hits if not inside(h)]


def _comparative(word: str, lemma: str) -> bool:
    # "zekerder" -> "zeker": a positive ending in -er takes -der.
    return word != lemma and (word.endswith("er") and not lemma.endswith("er") or word == lemma + "der")


def _comparative_in(toks: list[str], lems: list[str], words: tuple[str, ...], at: list[int]) -> bool:
    """True when a lemma match rests on a comparative the phrase does not have: "niet meer" is
    not "niet veel", "echt beter" not "echt goed" (the lemmatiser maps meer -> veel, beter -> goed)."""
    for j, w in zip(at, words):
        tok = toks[j]
        if tok != w and tok != lems[j] and tok.endswith("er") and not w.endswith("er"):
            return True
    return False


_WORD = re.compile(r"^[^\W\d_][\w'’]*$")
_LETTERS = re.compile(r"^\w+$")


def literal_needles(pattern: str) -> tuple[str, ...] | None:
    """The most selective of ``required_literals(pattern)`` (longest shortest needle), or None."""
    groups = required_literals(pattern)
    return _most_selective(groups) if groups else None


def _most_selective(groups: list[tuple[str, ...]], rank=None) -> tuple[str, ...]:
    """The group that stands in the fewest sentences. ``rank`` estimates how often a group stands
    in text (lower is rarer); without it, the group whose shortest word is longest (fewest
    alternatives on a tie), a whole word (" te ") before the same letters anywhere."""
    if rank is not None:
        usable = [g for g in groups if _usable(g)]
        if usable:
            # min keeps the first of equals: the length rule breaks ties
            return min(sorted(usable, key=_by_length, reverse=True), key=rank)
    return max(groups, key=_by_length)


def _by_length(group: tuple[str, ...]) -> tuple:
    return min(len(x.strip()) for x in group), all(_is_whole(x) for x in group), -len(group)


def _scannable(groups: list[tuple[str, ...]] | None) -> list[tuple[str, ...]] | None:
    # The scanner sees non-word characters as spaces: "slb'ers" is looked for as "slb".
    if not groups:
        return groups
    return [tuple(dict.fromkeys(x if _is_whole(x) or _LETTERS.match(x) else max(_WORD_RUN.findall(x) or [""], key=len)
                                for x in g)) for g in groups]


def _is_whole(needle: str) -> bool:
    return needle.startswith(" ")


def _usable(group: tuple[str, ...]) -> bool:
    """Whether a group can be found by the scanner: whole words, or strings of three letters or
    more (shorter strings stand in nearly every sentence and would only cost)."""
    return all(_is_whole(x) or len(x) >= 3 for x in group)


# A pattern's word stands whole where what precedes it in the pattern guarantees a word boundary
# before it, and what follows one after it.
_LEFT_BOUNDS = ("\\b", "\\s", "\\s+", "\\W", "\\W+", " ")
_RIGHT_BOUNDS = ("\\b", "\\s", "\\W", " ", "$")


def _bounded_left(pattern: str, i: int) -> bool:
    before = pattern[:i]
    if before in ("^", "^\\W*", "^\\s*"):
        return True
    return any(before.endswith(t) and not before.endswith("\\" + t) for t in _LEFT_BOUNDS)


def _bounded_right(pattern: str, j: int) -> bool:
    after = pattern[j:]
    if not after.startswith(_RIGHT_BOUNDS):
        return False
    # "\s*", "\W?" or "\s{0,2}" may stand for nothing: "daar\s*van" is one word "daarvan"
    return not (after.startswith(("\\s", "\\W")) and after[2:3] in ("*", "?", "{"))


def required_literals(pattern: str, rank=None) -> list[tuple[str, ...]] | None:
    r"""Groups of lower-case strings such that every match of ``pattern`` contains one string of
    each group; None if nothing is known to be required.

    A group is a top-level group of plain-word alternatives (``(zal|zullen)``, an optional last
    letter or ``\w*`` tail dropped; an alternative of several words gives its longest word) or a
    plain word outside groups (``besloten`` in ``\bbesloten\s+...``). A sentence that lacks a
    string of some group cannot match, so the pattern's regex is not searched in it: most
    sentences contain none of a pattern's words, and finding the words costs far less than a search.

    A word the pattern requires whole (a word boundary, space or anchor on both sides, as in
    ``\bte\s+``) is written with a space either side (" te "): it is looked up in the sentence with
    every non-word character made a space, so even a short word can select the sentences to search.
    ``rank`` (see :func:`_most_selective`) chooses each branch's group of a pattern of alternatives.
    """
    if "(?i" in pattern:
        return None
    branches = _top_branches(pattern)
    if branches is None:
        return None
    if len(branches) > 1:
        # "A|B": a match is a match of one branch, so it holds one word of the union of each
        # branch's most selective group; a branch that requires nothing makes the whole optional.
        union: list[str] = []
        for branch in branches:
            groups = _required_in_sequence(branch)
            if not groups:
                return None
            union += _most_selective(groups, rank)
        return [tuple(dict.fromkeys(union))]
    return _required_in_sequence(pattern)


def _top_branches(pattern: str) -> list[str] | None:
    """``pattern`` split at its top-level ``|`` (not inside a group or a class); None if malformed."""
    out, start, i, n = [], 0, 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "(":
            end = _group_end(pattern, i)
            if end is None:
                return None
            i = end
        elif ch == "[":
            while i < n and pattern[i] != "]":
                i += 1
        elif ch == "|":
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    out.append(pattern[start:])
    return out


def _required_in_sequence(pattern: str) -> list[tuple[str, ...]] | None:
    cands: list[tuple[str, ...]] = []
    word = ""
    i, n = 0, len(pattern)

    start = 0

    def flush(at: int = -1):
        # at: where the word ends in the pattern, if nothing there makes its last letter optional
        nonlocal word
        if word:
            whole = at >= 0 and _bounded_left(pattern, start) and _bounded_right(pattern, at)
            if whole:
                cands.append((f" {word.lower()} ",))
            elif len(word) >= 3:
                cands.append((word.lower(),))
        word = ""

    while i < n:
        ch = pattern[i]
        if ch == "\\":
            flush(i)
            i += 2
            continue
        if ch == "(":
            flush()
            end = _group_end(pattern, i)
            if end is None:
                return None
            after = pattern[end + 1:end + 2]
            body = pattern[i + 1:end]
            named = re.match(r"\?P<\w+>", body)
            if after not in ("?", "*", "{") and (not body.startswith("?") or body.startswith("?:") or named):
                inner = body[named.end():] if named else body[2:] if body.startswith("?:") else body
                alts = _plain_alternatives(inner, _bounded_left(pattern, i), _bounded_right(pattern, end + 1))
                if alts:
                    cands.append(alts)
                else:
                    # a group of its own structure ("(?:.*\b(weten|weet)\s+niet|...)"): what it requires
                    cands += required_literals(inner) or []
            elif after not in ("?", "*", "{") and body.startswith(("?=", "?<=")):
                # what a positive look-ahead or look-behind requires, a match requires too
                cands += required_literals(body[2 if body[1] == "=" else 3:]) or []
            i = end + 1
            continue
        if ch in "[.^$":
            flush(i if ch == "$" else -1)
            if ch == "[":
                while i < n and pattern[i] != "]":
                    i += 1
            i += 1
            continue
        if ch in "?*{":
            word = word[:-1]   # the letter before is optional
            flush()
            i += 1
            continue
        if ch == "+":
            # The letter before may repeat: the word so far is required, but not joined to what follows.
            flush()
            i += 1
            continue
        if ch.isalpha():
            if not word:
                start = i
            word += ch
        else:
            flush(i if ch == " " else -1)
        i += 1
    flush()
    return cands or None


def _group_end(pattern: str, start: int) -> int | None:
    depth = 0
    i = start
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            while i < len(pattern) and pattern[i] != "]":
                i += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def _plain_alternatives(body: str, left: bool = False, right: bool = False) -> tuple[str, ...] | None:
    """An alternative's longest word, or, where the group stands between word boundaries
    (``left``, ``right``), its longest whole word written " word "."""
    depth = 0
    alts, cur = [], ""
    for ch in body:
        if ch in "()":
            return None
        if ch == "|" and depth == 0:
            alts.append(cur)
            cur = ""
        else:
            cur += ch
    alts.append(cur)
    out = []
    for alt in alts:
        alt = alt.lower()
        open_end = False
        for tail in ("\\w*", "\\w+"):
            if alt.endswith(tail):
                alt = alt[: -len(tail)]
                open_end = True
        if alt.endswith("?") and len(alt) > 2 and alt[-2].isalpha():
            alt = alt[:-2]
            open_end = True
        # "\s*" may join two words into one: only "\s" and "\s+" separate whole words.
        joined = "\\s*" in alt
        words = re.sub(r"\\s[+*]?|\s+", " ", alt).split()
        if not words or not all(_WORD.match(w) for w in words):
            return None
        whole = [w for k, w in enumerate(words)
                 if not joined and (k > 0 or left) and (k < len(words) - 1 or (right and not open_end))
                 and _LETTERS.match(w)]
        best = max(words, key=len)
        out.append(f" {best} " if best in whole else best)
    return tuple(out) or None


class NeedleScanner:
    """The literal words of several pattern sets, found in one Aho-Corasick pass per sentence.

    A codebook asks a dozen pattern sets about every sentence (type and theme patterns, their
    exceptions, method sentences, amounts, sources, ...). With one automaton each, a sentence was
    scanned a dozen times; sets sharing a scanner share the pass. The results of the last
    sentences are kept, as later steps ask about a document's sentences again (follow-ups). Not
    thread-safe: miner runs in processes, each with its own codebook.
    """

    KEEP = 4096    # sentences whose results are kept, within one document

    def __init__(self, sample: list[str] = ()):
        """``sample``: sentences like those to be scanned (a codebook's examples), from which the
        pattern sets sharing this scanner estimate how common each of their words is, to trigger
        each pattern by its rarest group ("uur" rather than "maar" or "leerling")."""
        self._sample = " " + " ".join(_NON_WORD.sub(" ", x.lower()) for x in sample) + " " if sample else None
        self._counts: dict[str, int] = {}
        self._needles: set[str] = set()
        self._automaton = None
        self._seen: dict[str, tuple[frozenset[str], str]] = {}
        self.padded = " "      # the last sentence scanned, every non-word character a space
        self._plain_of: str | None = None
        self._plain = False

    @property
    def rank(self):
        """How often a group's words stand in the sample (None without a sample)."""
        return self._rank if self._sample is not None else None

    def _rank(self, group: tuple[str, ...]) -> int:
        total = 0
        for needle in group:
            n = self._counts.get(needle)
            if n is None:
                n = self._counts[needle] = self._sample.count(needle)
            total += n
        return total

    def forget(self) -> None:
        """Drop the kept results: a new document's sentences are new (and a benchmark that repeats
        sentences across documents must not find them kept)."""
        self._seen.clear()

    def add(self, needles) -> None:
        new = set(needles) - self._needles
        if new:
            self._needles |= new
            self._automaton = None
            self._seen.clear()

    def plain(self, low: str) -> bool:
        """Whether searching ``low`` (a lower-cased sentence) without ignore-case finds what an
        ignore-case search of the sentence finds: no letter of ``_CASE_TRAPS`` in it."""
        if low is not self._plain_of:
            self._plain_of = low
            self._plain = low.isascii() or (_CASE_TRAPS is not None and _CASE_TRAPS.isdisjoint(low))
        return self._plain

    def scan(self, low: str) -> frozenset[str]:
        """Every added string that occurs in ``low`` (a lower-cased sentence): a word as a
        substring, a whole word (" te ") between non-word characters or the ends."""
        seen = self._seen.get(low)
        if seen is not None:
            found, self.padded = seen
            return found
        if self._automaton is None:
            self._automaton = ahocorasick.Automaton()
            for needle in sorted(self._needles):
                self._automaton.add_word(needle, needle)
            self._automaton.make_automaton()
        padded = " " + _NON_WORD.sub(" ", low) + " "
        found = frozenset(map(_second, self._automaton.iter(padded))) if self._needles else frozenset()
        if len(self._seen) >= self.KEEP:
            self._seen.clear()
        self._seen[low] = (found, padded)
        self.padded = padded
        return found


class PatternSet:
    """Regular expressions searched only in sentences that contain their required literal words."""

    def __init__(self, patterns: list[tuple[str, str]], scanner: NeedleScanner | None = None):
        self.scanner = scanner if scanner is not None else NeedleScanner()
        rank = self.scanner.rank
        self.items = [(key, pat, re.compile(pat, re.IGNORECASE), _scannable(required_literals(pat, rank)))
                      for key, pat in patterns]
        # The same pattern without ignore-case, searched first in the lower-cased sentence (a third
        # faster: no case folding per character); the real search runs only where it matches.
        self.lowered = [re.compile(pat) if _case_free(pat) else None for _, pat in patterns]
        # A pattern is triggered by its most selective group of words; only then are its other
        # groups tested. Triggering on every group would visit the patterns of common words
        # ("niet", "het") in every sentence; a pattern whose best group has a word shorter than
        # three letters ("'t") is searched in every sentence. The other groups are looked up in
        # the scanner's result, or tested as substrings where they hold a short word (which would
        # make the shared pass report it in nearly every sentence).
        by_needle: dict[str, set[int]] = {}
        others: dict[int, tuple[list[frozenset[str]], list[tuple[str, ...]]]] = {}
        self.always = []
        scanned: set[str] = set()
        for k, it in enumerate(self.items):
            groups = it[3] or []
            trigger = _most_selective(groups, rank) if groups else None
            if trigger is None or not _usable(trigger):
                self.always.append(k)
                continue
            for needle in trigger:
                by_needle.setdefault(needle, set()).add(k)
            rest = [g for g in groups if g is not trigger]
            if rest:
                long = [frozenset(g) for g in rest if _usable(g)]
                short = [g for g in rest if not _usable(g)]
                for g in long:
                    scanned |= g
                others[k] = (long, short)
        # by position, None for a pattern with no other group: a list index is cheaper than a lookup
        self.others = [others.get(k) for k in range(len(self.items))]
        self.needles = sorted(by_needle)
        self.triggers = frozenset(by_needle)
        self.patterns_of = {n: sorted(ks) for n, ks in by_needle.items()}
        self.scanner.add(self.triggers | scanned)

    def found_needles(self, low: str) -> set[str]:
        """The trigger words that occur in ``low`` (a lower-cased sentence; whole words as " w ")."""
        return set(self.triggers.intersection(self.scanner.scan(low))) if self.triggers else set()

    def search(self, text: str, lowered: str | None = None):
        """(key, pattern, match) for each pattern that matches, in order."""
        low = lowered if lowered is not None else text.lower()
        plain = self.scanner.plain(low)
        found = self.scanner.scan(low) if self.triggers and plain else frozenset()
        hit = self.triggers.intersection(found) if found else None
        if not plain:
            # A letter that ignore-case equates with another ("vrıjwel" is "vrijwel" to re) hides
            # the words from the lower-cased scan: every pattern is searched (it is rare).
            todo = range(len(self.items))
        elif not hit:
            if not self.always:
                return
            todo = self.always
        else:
            others = self.others
            todo = []
            for needle in hit:
                for k in self.patterns_of[needle]:
                    rest = others[k]
                    if rest is None or _has_all(rest, found, self.scanner.padded):
                        todo.append(k)
            if self.always:
                todo += self.always
            if len(todo) > 1:
                todo = sorted(set(todo))
        items, lowered = self.items, self.lowered
        for k in todo:
            key, pat, rx, _ = items[k]
            if plain:
                fast = lowered[k]
                if fast is not None and fast.search(low) is None:
                    continue
            m = rx.search(text)
            if m:
                yield key, pat, m

    def match_spans(self, text: str, lowered: str | None = None):
        """(key, span) for every match of every pattern that matches (search() reports each
        pattern's first match only): the stretches a set of exceptions covers."""
        for key, _, first in self.search(text, lowered):
            for m in first.re.finditer(text):
                yield key, m.span()


def _case_free(pattern: str) -> bool:
    """Whether ``pattern`` means the same without ignore-case on lower-cased text: no capital, no
    letter beyond Latin-1 (whose case partners re treats specially), no escaped code point, no
    inline flags."""
    if _CODEPOINT.search(pattern) or _INLINE.search(_ESCAPE.sub("", pattern)):
        return False
    bare = _ESCAPE.sub("", _SYNTAX.sub("", pattern))
    return bare == bare.lower() and all(ord(c) <= 0xFF for c in bare)


def _has_all(rest: tuple[list[frozenset[str]], list[tuple[str, ...]]], found: frozenset[str], padded: str) -> bool:
    """Whether a sentence (``padded``: as the scanner saw it) holds a word of each of a pattern's
    other groups."""
    long, short = rest
    for group in long:
        if found.isdisjoint(group):
            return False
    for group in short:
        # plain loops: a generator per test would cost more than the test
        for x in group:
            if x in padded:
                break
        else:
            return False
    return True


def _dedupe(items: list) -> list:
    seen = set()
    out = []
    for it in items:
        key = it[:2]
        if key not in seen:
            seen.add(key)
            out.append(it)
    return out
