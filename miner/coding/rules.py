"""Rule scores for a document's passages: cues, phrases, modality, headings, lists, negation.

The result of a rule pass is a set of scores and the evidence behind each, per passage
(``scoring.RuleResult``); the engine turns them into codings directly (rules only) or hands them
to the learned layer as features. This module reads a sentence and the structure of a report
around it (headings, lists, the sentence before, the paragraph, the document's subject); the
passes over a conversation (the question, the speaker's turn) are in ``conversation``. Nothing
here is fitted to data: every weight is a readable constant (``scoring``).
"""

from __future__ import annotations

import re
from operator import attrgetter

from ..codebook import Codebook
from ..model import Passage
from .amounts import AmountFinder
from .attribution import SourceFinder
from .context import HeadingIndex, QuestionIndex, is_list_item, lead_ins
from .conversation import (agreements, conversation_topics, frame_answers, points_carried_on, question_themes,
                           spoken_contrasts, spoken_judgements, turn_themes, turn_types)
from .cues import CueIndex, Hit, NeedleScanner, PatternSet
from .lemmas import lemmas, remember, token_spans, tokens
# The scores' constants and RuleResult are imported here too: callers know them as rules' names.
from .scoring import (CARRY_WEIGHT, CONTINUE_WEIGHT, HEADING_CLUE_WEIGHT, HEADING_WEIGHT,  # noqa: F401
                      INHERITED_DISCOUNT, LEAD_FROM_PREVIOUS, LEAD_IN_WEIGHT, MAIN_THEME_SHARE, MIN_TOKENS,
                      NEGATION_WINDOW, OWN, QUESTION_WEIGHT, THEME_HEADING_WEIGHT, THEME_THRESHOLD,
                      TYPE_CARRY_WEIGHT, TYPE_THRESHOLD, WEAK_THEME, WORDED, RuleResult, best_own,
                      explicit_scores, short)


_DIGIT = re.compile(r"\d")


def _figure_row(text: str) -> bool:
    """A list item that is a row of figures ("Regio Noord 12 aanvragen"): a table's line, which
    spells out a count rather than the finding of the sentence before the lead-in."""
    return len(text.split()) <= 8 and _DIGIT.search(text) is not None


class CompiledCodebook:
    """A codebook's indexes, built once per process and reused for every document."""

    def __init__(self, cb: Codebook, language: str | None = None):
        self.codebook = cb
        self.language = language or cb.language or "nl"
        verbs = dict(auxiliaries=frozenset(cb.auxiliaries), particles=frozenset(cb.particles),
                     particle_followers=frozenset(cb.particle_followers))
        # One pass over a sentence finds the literal words of all the codebook's patterns.
        # The codebook's own example sentences tell which of a pattern's words are rare enough
        # to trigger it.
        self.scanner = scan = NeedleScanner([x for c in cb.codes for x in (*c.examples, *c.counter_examples)])
        self.types = CueIndex(cb.types, self.language, modifiers=False, scanner=scan, **verbs)
        self.amounts = AmountFinder(cb.amounts, self.language, negations=frozenset(cb.negations),
                                    particles=verbs["particles"], particle_followers=verbs["particle_followers"],
                                    auxiliaries=verbs["auxiliaries"], adversatives=frozenset(cb.adversatives), scanner=scan) if cb.amounts else None
        self.themes = CueIndex(cb.themes, self.language, scanner=scan, **verbs)
        self.type_headings = HeadingIndex(cb.types, self.language, cb.neutral_headings, longest=True,
                                          negations=set(cb.negations))
        self.theme_headings = HeadingIndex(cb.themes, self.language, cb.neutral_headings, longest=True)
        self.negations = set(cb.negations)
        self.method = PatternSet([(p, p) for p in cb.method_patterns], scan) if cb.method_patterns else None
        self.announcements = (PatternSet([(p, p) for p in cb.announcement_patterns], scan)
                              if cb.announcement_patterns else None)
        self.sources = SourceFinder(cb.source_patterns, scan) if cb.source_patterns else None
        self.programme = SourceFinder(cb.programme_patterns, scan) if cb.programme_patterns else None
        self.questions = QuestionIndex(cb.types, cb.neutral_questions, cb.probe_questions, scan)
        self.affirmations = set(cb.affirmations)
        # Language-specific words come from the codebook: "dit", "hierdoor", "hoewel" are Dutch.
        self.anaphora = set(cb.anaphora)
        self.adversatives = set(cb.adversatives)
        self.present = cb.present_state
        self.follow_up = PatternSet([(p, p) for p in cb.follow_up_patterns], scan) if cb.follow_up_patterns else None
        self.concession = PatternSet([(p, p) for p in cb.concession_patterns], scan) if cb.concession_patterns else None
        self.type_ids = cb.type_ids()
        self.heading_needs_clue = frozenset(c.id for c in cb.types if not c.heading_alone)
        self.theme_ids = cb.theme_ids()
        # A weak word's exceptions are searched only where their own words stand, like patterns.
        self.alone = {c.id: (frozenset(c.alone), PatternSet([(x, x) for x in c.alone_exceptions], scan))
                      for c in cb.types if c.alone and c.codable}


_COMPILED: dict[str, CompiledCodebook] = {}


_BY_OBJECT: dict[int, tuple[Codebook, CompiledCodebook]] = {}


def compile_codebook(cb: Codebook) -> CompiledCodebook:
    """The compiled form of ``cb``, built once: per object (hashing a codebook costs more than
    coding a short document) and per content hash. Edit a codebook before coding with it, not after."""
    seen = _BY_OBJECT.get(id(cb))
    if seen is not None and seen[0] is cb:
        return seen[1]
    key = cb.hash()
    cc = _COMPILED.get(key)
    if cc is None:
        if len(_COMPILED) > 8:
            _COMPILED.clear()
        cc = _COMPILED[key] = CompiledCodebook(cb)
    if len(_BY_OBJECT) > 64:
        _BY_OBJECT.clear()
    _BY_OBJECT[id(cb)] = (cb, cc)
    return cc


def skip_reason(p: Passage, toks: list[str], cc: CompiledCodebook, low: str | None = None) -> str | None:
    if p.kind == "heading":
        return "heading"
    if p.kind == "footnote":
        # Notes cite sources and define terms; the findings are in the body text.
        return "footnote"
    if len(toks) < MIN_TOKENS:
        # A spoken fragment may still be coded later ("Echt jammer."), unless the codebook sets it
        # aside like a sentence (a bare mixed verdict, "Wisselend.", says nothing yet).
        return _method_reason(p, cc, low) or "too short"
    if p.text.rstrip().endswith("?"):
        return "question"
    if p.text.rstrip().endswith(":"):
        # A lead-in announces what follows ("De knelpunten zijn:"); its items carry the content
        # (and still inherit the lead-in's type), the announcement itself is not a finding.
        return "lead-in"
    reason = _method_reason(p, cc, low)
    if reason is not None:
        return reason
    if cc.announcements is not None:
        # "Wij doen de volgende aanbevelingen." announces a list, like a lead-in ending in a colon.
        for _, _, m in cc.announcements.search(p.text, low):
            return f"announces what follows ('{m.group(0).strip()}')"
    return None


def _method_lead_in(text: str, cc: CompiledCodebook) -> str | None:
    """The method pattern match a list's lead-in ends on, if any: the items of a list of research
    questions or aims ("De verkenning beantwoordt vier vragen:", "had drie doelen:") are what was
    asked or intended, not findings."""
    if cc.method is None:
        return None
    lead = text.rstrip()
    for _, _, m in cc.method.search(lead):
        if m.end() == len(lead):
            return m.group(0).strip()
    return None


def _method_reason(p: Passage, cc: CompiledCodebook, low: str | None) -> str | None:
    if cc.method is not None:
        for _, _, m in cc.method.search(p.text, low):
            return f"method sentence ('{m.group(0).strip()}')"
    return None


def _clause_breaks(text: str) -> list[int]:
    """Token positions after which the text has a clause break (, ; : or a bracket)."""
    spans = token_spans(text)
    return [i for i in range(len(spans) - 1) if any(ch in ",;:()" for ch in text[spans[i][1]:spans[i + 1][0]])]


def _concession(text: str, cc: CompiledCodebook) -> tuple[int, int] | None:
    """Character span of a conceded clause ("Hoewel X, Y": X), by the codebook's concession
    patterns (the group named conceded if the pattern has one, else the whole match)."""
    if cc.concession is None:
        return None
    for _, _, m in cc.concession.search(text):
        if "conceded" in m.re.groupindex and m.group("conceded") is not None:
            return m.span("conceded")
        return m.span()
    return None


def _after_but(hits: list[Hit], toks: list[str], adversatives: set[str], text: str) -> list[Hit]:
    """"Proefstuderen is minder bekend, maar wie eraan deelnam, is enthousiast": where the clauses
    before and after "maar" state different types, the second is the writer's point and the first
    is dropped. Clauses that agree, or a side with only weak words, are left alone. A pattern
    counts where its match starts."""
    cut = next((i for i, t in enumerate(toks) if t in adversatives and i > 0), None)
    starts = [a for a, _ in token_spans(text)]
    if cut is None or len(starts) != len(toks):
        return hits

    def side(h: Hit) -> int:   # -1 before "maar", 1 after, 0 unknown or "maar" itself
        at = _char_at(h, starts)
        return 0 if at < 0 or at == starts[cut] else (-1 if at < starts[cut] else 1)

    strong = [h for h in hits if h.how != "modality"]
    before = {h.code for h in strong if side(h) < 0}
    after = {h.code for h in strong if side(h) > 0}
    if not after or not before or after & before:
        return hits
    return [h for h in hits if not (h.code in before and side(h) < 0)]


def _figures_of_what_is_named(found: list[Hit], type_hits: list[Hit], amounts) -> list[Hit]:
    """A figure that moved in a sentence naming a shortfall is the shortfall moving ("58 procent
    zegt onvoldoende tijd te hebben, tegen 41 procent in 2023"), and likewise the other way round:
    the sentence's own words say what the figure measures."""
    named = {h.code for h in type_hits if h.how in WORDED}
    out = []
    for h in found:
        other = amounts.down if h.code == amounts.up else amounts.up
        if h.cue.startswith("figure") and other in named and h.code not in named:
            h = h._replace(code=other, cue=f"{h.cue}, of what the sentence names")
        out.append(h)
    return out


def _alone(hits: list[Hit], text: str, cc: CompiledCodebook, evidence: dict[str, list[str]]) -> str | None:
    """The type one of whose weak words, as written, stands outside its exceptions ("niet" but not
    "niet alleen", "zodat ... niet", "geen verschil"): such a word codes the type alone."""
    starts: list[int] | None = None
    excepted: dict[str, list[tuple[int, int]]] = {}     # per type, the spans its exceptions match
    for h in hits:
        if h.how != "modality" or h.code not in cc.alone or h.found.lower() not in cc.alone[h.code][0]:
            continue
        if starts is None:
            starts = [a for a, _ in token_spans(text)]
        if h.code not in excepted:
            excepted[h.code] = [span for _, span in cc.alone[h.code][1].match_spans(text)]
        at = _char_at(h, starts)
        if any(a <= at < b for a, b in excepted[h.code]):
            continue
        evidence.setdefault(h.code, []).append(f"'{h.found}' is enough alone")
        return h.code
    return None


def _char_at(h: Hit, starts: list[int]) -> int:
    """Where a hit stands in the text: a pattern's match start, else its token's (-1 if unknown)."""
    return h.start if h.how == "pattern" else (starts[h.pos] if 0 <= h.pos < len(starts) else -1)


def _outside(hits: list[Hit], text: str, span: tuple[int, int]) -> list[Hit]:
    starts = [a for a, _ in token_spans(text)]
    a, b = span
    return [h for h in hits if not a <= _char_at(h, starts) < b]


def _fold(hits: list[Hit], negations: set[str], toks: list[str], negate: bool, text: str = "",
          repeat_weak: bool = True) -> tuple[dict[str, float], dict[str, list[str]], list[str]]:
    """Sum hits per code; a token counts once per code; phrases swallow their own words. Without
    repeat_weak a weak word counts once however often it stands in the sentence: "leerlingen"
    twice is not a sentence about the pupils' own choices."""
    scores: dict[str, float] = {}
    evidence: dict[str, list[str]] = {}
    negated: list[str] = []
    covered: dict[str, set[int]] = {}
    for h in hits:
        if h.how in ("phrase", "modality") and h.pos >= 0 and " " in h.found:
            covered.setdefault(h.code, set()).update(range(h.pos, h.pos + h.found.count(" ") + 1))
    used: set[tuple[str, int]] = set()
    weak_seen: set[tuple[str, str]] = set()
    for h in sorted(hits, key=_WEIGHT, reverse=True):   # (stable: equal weights keep their order)
        if h.how == "modality" and not repeat_weak:
            if (h.code, h.cue) in weak_seen:
                continue
            weak_seen.add((h.code, h.cue))
        if h.how not in ("phrase", "pattern") and h.pos in covered.get(h.code, ()) and not (h.how == "modality" and " " in h.found):
            # (a multiword modality covers its own words, it does not swallow itself)
            continue
        if h.how not in ("phrase", "pattern"):
            if (h.code, h.pos) in used:
                continue
            used.add((h.code, h.pos))
        if negate and h.how not in ("modality", "pattern") and h.pos >= 0 and toks[h.pos] not in negations:
            start = max(0, h.pos - NEGATION_WINDOW)
            if any(t in negations for t in toks[start:h.pos]):
                # A negation's scope ends at a clause break: in "de meeste, maar niet alle, positief"
                # the "niet" qualifies "alle", not "positief".
                last = max((b for b in _clause_breaks(text) if start <= b < h.pos), default=None) if text else None
                if last is not None:
                    start = last + 1
            window = toks[start:h.pos]
            if any(t in negations for t in window) and not (h.how == "phrase" and any(t in negations for t in h.found.split())):
                negated.append(h.code)
                evidence.setdefault(h.code, []).append(f"negated cue '{h.cue}' ('{h.found}')")
                continue
        scores[h.code] = scores.get(h.code, 0.0) + h.weight
        key = (h.how, h.cue, h.found)
        said = _SAID.get(key)
        if said is None:
            said = remember(_SAID, key, _describe(h))
        evidence.setdefault(h.code, []).append(said)
    return scores, evidence, negated


_WEIGHT = attrgetter("weight")
# The same cue is found in sentence after sentence: its evidence text is written once.
_SAID: dict[tuple[str, str, str], str] = {}


def _describe(h: Hit) -> str:
    if h.how in ("lemma", "inflected"):
        return f"cue '{h.cue}' (lemma of '{h.found}')"
    if h.how in ("compound", "part"):
        return f"cue '{h.cue}' (part of '{h.found}')"
    if h.how == "fuzzy":
        return f"cue '{h.cue}' (spelling variant '{h.found}')"
    if h.how == "separable":
        return f"cue '{h.cue}' (split verb '{h.found}')"
    if h.how == "phrase":
        return f"phrase '{h.cue}'"
    if h.how == "pattern":
        return f"pattern '{h.found}'"
    if h.how == "amount":
        return f"amount '{h.found}' ({h.cue})"
    if h.how == "modality":
        return f"modality '{h.found}'"
    return f"cue '{h.cue}'"


def rule_pass(passages: list[Passage], cc: CompiledCodebook, code_interviewer: bool = False) -> list[RuleResult]:
    out: list[RuleResult] = []
    cc.scanner.forget()
    listed = lead_ins(passages)
    leads = set(listed.values())
    method_leads: dict[int, str | None] = {}
    for i, p in enumerate(passages):
        toks = tokens(p.text)
        lems = lemmas(toks, cc.language)
        low = p.text.lower()
        r = RuleResult(tokens=toks, lemmas=lems)
        out.append(r)
        if p.role == "interviewer" and not code_interviewer:
            r.skip = "interviewer turn"
        else:
            r.skip = skip_reason(p, toks, cc, low)
            if r.skip is None and i in listed and best_own(out[listed[i]]) is None:
                # (an announcement of recommendations has a type of its own, which its items take)
                at = listed[i]
                if at not in method_leads:
                    method_leads[at] = _method_lead_in(passages[at].text, cc)
                if method_leads[at] is not None:
                    r.skip = f"list under a method lead-in ('{method_leads[at]}')"
        type_hits = cc.types.match(toks, lems, p.text, low)
        if cc.amounts is not None:
            # A codebook pattern is the more specific reading: "Als er weinig tijd is, ..." is a
            # condition, not a shortage, so an amount gives way to a pattern for another type.
            patterned = {h.code for h in type_hits if h.how == "pattern"}
            found = [h for h in cc.amounts.match(toks, lems, p.text) if not patterned or h.code in patterned]
            found = _figures_of_what_is_named(found, type_hits, cc.codebook.amounts)
            if found:
                # The amount is what its word means here: "nauwelijks klachten" is not the
                # barrier "nauwelijks" alone would be.
                at = {h.pos for h in found}
                type_hits = [h for h in type_hits if h.pos not in at or h.how in ("phrase", "pattern")] + found
        if cc.adversatives and type_hits:
            type_hits = _after_but(type_hits, toks, cc.adversatives, p.text)
        granted = _concession(p.text, cc) if type_hits else None
        denied: list[Hit] = []
        if granted is not None:
            kept = _outside(type_hits, p.text, granted)
            # A clause set aside with a negation in it denies its cues ("Geen van de werkgevers
            # noemde dit als belemmering"): they count as negated, not as merely unasserted.
            a, b = granted
            if cc.negations.intersection(tokens(p.text[a:b])):
                denied = [h for h in type_hits if h not in kept and h.how not in ("modality", "pattern")]
            type_hits = kept
        ts, te, neg = _fold(type_hits, cc.negations, toks, negate=True, text=p.text)
        for h in denied:
            neg.append(h.code)
            te.setdefault(h.code, []).append(f"negated cue '{h.cue}' ('{h.found}')")
        r.type_scores, r.type_evidence, r.negated = ts, te, neg
        r.own_type_scores = dict(ts)
        if cc.alone and type_hits:
            r.alone_type = _alone(type_hits, p.text, cc, te)
        theme_hits = cc.themes.match(toks, lems, p.text, low)
        if cc.sources is not None and theme_hits:
            theme_hits, _, r.themes_from_source = cc.sources.drop(theme_hits, p.text)
        # A type's weak words do add up ("niet", "weinig" again and again); a theme's do not.
        hs, he, _ = _fold(theme_hits, cc.negations, toks, negate=False, repeat_weak=False)
        r.theme_scores, r.theme_evidence = hs, he
        head = cc.type_headings.nearest(p.section) if p.section else None
        if head is not None:
            code, title, entry = head
            r.heading_type = code
            # Under "Randvoorwaarden" a report also describes what was done ("Het Expertisepunt
            # geeft webinars"); coders take a condition only where the sentence states a need: with
            # no clue of its own for the type the title falls just short. A list and its lead-in
            # are the conditions the section names, so they keep the title.
            alone = (code not in cc.heading_needs_clue or code in r.type_scores or i in leads
                     or is_list_item(p))
            r.heading_weight = HEADING_WEIGHT if alone else HEADING_CLUE_WEIGHT
            r.type_scores[code] = r.type_scores.get(code, 0.0) + r.heading_weight
            r.type_evidence.setdefault(code, []).append(f"heading '{title}'")
        # A section title names a theme for the sentences that name none themselves; where they do,
        # the sentence is the better witness ("3.2 Samenwerking" holds sentences about money too),
        # unless it also has a weak clue of the title's theme: the two together are enough. A
        # transcript's title line names the occasion: whom it talks to ("Interview werkgever bouw"
        # is about work throughout), but a cue inside a compound there is a name
        # ("Interview opleiding Bedrijfskunde" is no interview about firms). Headings under the
        # title (a topic list's "Ouders") count as in a report.
        own_theme = any(v >= THEME_THRESHOLD for v in r.theme_scores.values())
        if p.kind == "turn" and p.section:
            thead = (cc.theme_headings.nearest(p.section[1:]) if len(p.section) > 1 else None) \
                or cc.theme_headings.nearest(p.section[:1], whole_words=True)
        else:
            thead = cc.theme_headings.nearest(p.section) if p.section else None
        if thead is not None and own_theme and not 0 < r.theme_scores.get(thead[0], 0.0) < THEME_THRESHOLD:
            thead = None
        if thead is not None:
            code, title, entry = thead
            r.theme_scores[code] = r.theme_scores.get(code, 0.0) + THEME_HEADING_WEIGHT
            r.theme_evidence.setdefault(code, []).append(f"heading '{title}'")
    # Lists take the type of their lead-in sentence.
    for i, j in listed.items():
        lead = out[j]
        best = best_own(lead)
        via = passages[j].text
        if (best is None and LEAD_FROM_PREVIOUS and j > 0 and passages[j - 1].section == passages[j].section
                and not out[j - 1].skip and not _figure_row(passages[i].text)):
            # A lead-in that says nothing itself ("Concreet betekent dit het volgende:") opens a
            # list spelling out the sentence before it ("We verwachten van besturen dat ...").
            best = best_own(out[j - 1])
            via = passages[j - 1].text
        if best is None:
            continue
        r = out[i]
        r.lead_type = best
        # A lead-in repeating its heading's type ("Advies" ... "Wij adviseren:") is one clue, not two.
        add = LEAD_IN_WEIGHT - (r.heading_weight if r.heading_type == best else 0.0)
        r.type_scores[best] = r.type_scores.get(best, 0.0) + add
        r.type_evidence.setdefault(best, []).append(f"list under lead-in '{short(via)}'")
    frame_answers(passages, out, cc)
    for p, r in zip(passages, out):
        # A spoken fragment that judges ("Allebei waardevol.", "Echt jammer.") says enough to be coded.
        if r.skip == "too short" and p.kind == "turn" and p.role != "interviewer" and explicit_scores(r):
            r.skip = None
    agreements(passages, out, cc)
    turn_types(passages, out, cc)
    # Structure is a prior, the sentence itself is the evidence: where a sentence has explicit
    # evidence (cue, phrase, pattern) for one type, a heading or lead-in naming another type counts
    # for less ("Zorg voor ..." under "Succesvolle ...", "nog niet ..." under an advice lead-in).
    for r in out:
        own = {c for c, ev in r.type_evidence.items() if any(e.startswith(OWN) for e in ev)}
        if not own:
            continue
        inherited: dict[str, float] = {}
        if r.heading_type is not None:
            inherited[r.heading_type] = r.heading_weight
        if r.lead_type is not None:
            inherited[r.lead_type] = LEAD_IN_WEIGHT if r.lead_type == r.heading_type else inherited.get(r.lead_type, 0.0) + LEAD_IN_WEIGHT
        for c, w in inherited.items():
            if c not in own and c in r.type_scores:
                r.type_scores[c] -= INHERITED_DISCOUNT * w
        # A question is a weaker frame than a section title: an answer that says what it is
        # ("..., maar de taal is een drempel" after "Wat zou helpen?") drops it altogether.
        if r.question_type is not None and r.question_type not in own and r.question_type in r.type_scores:
            r.type_scores[r.question_type] -= QUESTION_WEIGHT
    # A sentence naming a type and then denying it ("geen belemmerende factor") is not coded,
    # unless it also gives positive evidence of its own for some type.
    for r in out:
        if r.negated and not r.skip:
            strong = [c for c in r.type_scores
                      if any(e.startswith(OWN) for e in r.type_evidence.get(c, []))]
            if not strong:
                r.skip = "negated: " + "; ".join(e for c in r.negated for e in r.type_evidence.get(c, []) if e.startswith("negated"))
            for c in r.negated:
                if c not in strong:
                    r.type_scores.pop(c, None)
    # A sentence explaining the previous finding or drawing its consequence continues its type,
    # as a prior: evidence of its own for another type still outweighs it.
    follows: set[int] = set()
    for i in range(1, len(out)):
        r = out[i]
        if (r.skip or cc.follow_up is None or passages[i].section != passages[i - 1].section
                or not any(True for _ in cc.follow_up.search(passages[i].text))):
            continue
        follows.add(i)
        prev = best_own(out[i - 1]) if not out[i - 1].skip else None
        if prev is None:
            continue
        own = any(e.startswith(OWN) for c, ev in r.type_evidence.items() if c != prev for e in ev)
        r.type_scores[prev] = r.type_scores.get(prev, 0.0) + TYPE_CARRY_WEIGHT * (1.0 - INHERITED_DISCOUNT if own else 1.0)
        r.type_evidence.setdefault(prev, []).append(f"explains the previous sentence ({prev})")
    # Anaphora: a sentence without a clear theme of its own ("Dit komt door ...") continues the
    # previous sentence's theme, within a paragraph or when it opens with a pointing word.
    for i in range(1, len(out)):
        r, prev = out[i], out[i - 1]
        if i in follows and r.themes_from_source:
            # A quotation's speaker ("Een teamleider: '...'") is who says it; what it is about is the
            # finding it illustrates. The speaker stays only as a weak clue.
            r.theme_scores = {c: min(s, WEAK_THEME) for c, s in r.theme_scores.items()}
        if r.skip or not prev.theme_scores or any(v >= THEME_THRESHOLD for v in r.theme_scores.values()):
            continue
        same_block = passages[i].block == passages[i - 1].block
        # ... and so does a follow-up ("Hierdoor ...", a quotation illustrating the finding).
        points_back = (bool(r.tokens) and r.tokens[0] in cc.anaphora and passages[i].section == passages[i - 1].section) or i in follows
        if not (same_block or points_back):
            continue
        code, s = max(sorted(prev.theme_scores.items()), key=lambda kv: kv[1])
        kept = prev.themes() if passages[i].kind == "turn" and s >= THEME_THRESHOLD else []
        if len(kept) > 1:
            # In a conversation the next sentence carries on the whole subject of the one before
            # ("De zomerschool ..." about outreach and the transfer: "Daar oefenen ze ..." too);
            # in a report it is narrower: only the main theme goes on (measured both ways).
            for c, _ in kept:
                r.theme_scores[c] = r.theme_scores.get(c, 0.0) + THEME_THRESHOLD
                r.theme_evidence.setdefault(c, []).append("carried from the previous sentence")
            continue
        # A follow-up takes whatever theme its finding was given, weak or not.
        if s >= THEME_THRESHOLD or (i in follows and s >= WEAK_THEME):
            r.theme_scores[code] = r.theme_scores.get(code, 0.0) + CARRY_WEIGHT
            r.theme_evidence.setdefault(code, []).append("carried from the previous sentence")
    # Then, in an interview: what the question was about, else what the speaker's turn is about.
    question_themes(passages, out)
    turn_themes(passages, out)
    # Last resort for a typed sentence with no theme at all: what the document is mostly about
    # (an evaluation of one programme keeps returning to it: "De scholen ervaren een meerwaarde").
    main = _main_theme(out)
    if main is not None:
        for p, r in zip(passages, out):
            # Reports keep to their subject; a conversation wanders, so turns are left alone.
            if p.kind != "turn" and not r.skip and not r.theme_scores and r.best_type() is not None:
                r.theme_scores[main] = WEAK_THEME
                r.theme_evidence.setdefault(main, []).append("main theme of the document")
            elif cc.programme is not None and p.kind != "turn" and not r.skip and r.best_type() is not None:
                _programme_theme(p, r, cc, main)
    # A report without one main subject: the paragraph's.
    _paragraph_themes(passages, out)
    if cc.codebook.continuation is not None:
        _continue_findings(passages, out, cc.codebook.continuation)
    if cc.codebook.spoken_contrast is not None:
        spoken_contrasts(passages, out, cc.codebook.spoken_contrast)
    if cc.codebook.continuation is not None:
        spoken_judgements(passages, out, cc.codebook.continuation)
    conversation_topics(passages, out)
    points_carried_on(passages, out)
    return out


def _continue_findings(passages: list[Passage], out: list[RuleResult], cont) -> None:
    """A paragraph argues one point. A sentence that names no type but judges ("Mbo-docenten weten
    meestal niet wat ...", "De wachttijd liep op tot vijf weken" after a shortage) continues the
    finding before it; opened by a contrast ("Wel geven leerlingen aan ...") it turns it around.

    Only the codebook's opposed pair (success, barrier) is continued: a recommendation's paragraph
    goes on with its reasons, which are not advice. The sentence must name a theme of its own and
    hold a judging word (``cont.markers``); a plain description ("De nieuwsbrief verschijnt vier
    keer per jaar") has neither and stays uncoded, as coders leave it. A conversation's turns
    have their own frame (the question, the speaker's turn) and are left to it.
    """
    first, second = cont.pair
    opposite = {first: second, second: first}
    openers, contrasts, markers = set(cont.openers), set(cont.contrasts), set(cont.markers)
    before: str | None = None
    for i, (p, r) in enumerate(zip(passages, out)):
        if r.skip:
            before = None
            continue
        best = r.best_type()
        if (best is None and before in opposite and p.kind != "turn" and p.block == passages[i - 1].block
                and any(v >= THEME_THRESHOLD for v in r.theme_scores.values())
                and markers.intersection(r.tokens)):
            turned = bool(r.tokens) and r.tokens[0] in openers or bool(contrasts.intersection(r.tokens))
            code = opposite[before] if turned else before
            r.type_scores[code] = r.type_scores.get(code, 0.0) + CONTINUE_WEIGHT
            r.type_evidence.setdefault(code, []).append(
                f"{'turns around' if turned else 'continues'} the finding before it ({before})")
            best = r.best_type()
        before = best[0] if best else None


def _programme_theme(p: Passage, r: RuleResult, cc: CompiledCodebook, main: str) -> None:
    """A report on one programme calls it by generic names ("de regeling heeft veel opgeleverd",
    "de deelnemende scholen"): such a finding is about the programme, the document's main theme.
    The name is not a theme of its own: a cue inside it ("de subsidie" for money) gives way,
    unless the sentence names that theme elsewhere too."""
    inside = cc.programme.positions(p.text)
    if not inside:
        return
    if main not in r.theme_scores:
        r.theme_scores[main] = THEME_THRESHOLD
        r.theme_evidence.setdefault(main, []).append("names the programme evaluated (main theme of the document)")
    hits = cc.themes.match(r.tokens, r.lemmas, p.text)
    named = {h.code for h in hits if h.pos in inside and h.how not in ("phrase", "pattern")}
    elsewhere = {h.code for h in hits if h.pos not in inside}
    for c in named - elsewhere - {main}:
        if all(e.startswith(("cue", "modality")) for e in r.theme_evidence.get(c, ())):
            r.theme_scores.pop(c, None)
            r.theme_evidence.pop(c, None)


def _paragraph_themes(passages: list[Passage], out: list[RuleResult]) -> None:
    """A typed sentence of a report that names no theme at all ("Hier moet de komende jaren meer
    werk van worden gemaakt.") is about what its paragraph is about: the theme its other
    sentences name most. Without it the finding would not be coded at all."""
    by_block: dict[object, list[int]] = {}
    for i, p in enumerate(passages):
        by_block.setdefault(p.block, []).append(i)
    for i, (p, r) in enumerate(zip(passages, out)):
        if p.kind == "turn" or r.skip or r.theme_scores or r.best_type() is None:
            continue
        totals: dict[str, float] = {}
        for j in by_block[p.block]:
            if j == i or out[j].skip:
                continue
            for c, v in out[j].theme_scores.items():
                if v >= THEME_THRESHOLD:
                    totals[c] = totals.get(c, 0.0) + v
        if totals:
            best = max(sorted(totals.items()), key=lambda kv: kv[1])[0]
            r.theme_scores[best] = CARRY_WEIGHT
            r.theme_evidence.setdefault(best, []).append("theme of the paragraph")


def _main_theme(results: list[RuleResult]) -> str | None:
    """The theme most themed sentences hold, when it holds MAIN_THEME_SHARE of them: counted over all
    the themes sentences hold, or else over the themes they name in their own words (cue, phrase,
    pattern). The second count is the steadier: a heading or a carried theme shifts the first, and
    a document can drop just under the share by one new clue for another theme."""
    totals: dict[str, float] = {}
    own: dict[str, float] = {}
    for r in results:
        for c, v in r.theme_scores.items():
            if v >= THEME_THRESHOLD:
                totals[c] = totals.get(c, 0.0) + 1.0
        for c, ev in r.theme_evidence.items():
            if any(e.startswith(OWN) for e in ev):
                own[c] = own.get(c, 0.0) + 1.0
    if not totals:
        return None
    code, n = max(sorted(totals.items()), key=lambda kv: kv[1])
    if n < 3:
        return None
    if n >= MAIN_THEME_SHARE * sum(totals.values()):
        return code
    return code if own.get(code, 0.0) >= MAIN_THEME_SHARE * sum(own.values()) > 0 else None


