"""Rule passes over a conversation: what the interviewer's question, the speaker's turn and the
talk before a sentence say about it.

A report's sentence is framed by its heading and its list's lead-in (``rules``); a respondent's
sentence by the question it answers, the other sentences of the turn, a "Ja." agreeing with the
sentence before, and the subject of the conversation. Each pass reads and adds to the
``RuleResult`` of every passage, in the order ``rules.rule_pass`` calls them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Passage
from .context import answer_frames
from .scoring import (AGREE_WEIGHT, CARRY_WEIGHT, QUESTION_THEME_WEIGHT, QUESTION_WEIGHT, THEME_THRESHOLD,
                      TOPIC_WINDOW, TURN_WEIGHT, TYPE_THRESHOLD, RuleResult, best_own, clear_winner,
                      explicit_scores, short)

if TYPE_CHECKING:
    from .rules import CompiledCodebook


def frame_answers(passages: list[Passage], out: list[RuleResult], cc: CompiledCodebook) -> None:
    """In an interview the question frames the answer: after "Wat zou de school anders moeten
    doen?" the answers are recommendations unless they say otherwise, also when verbless
    ("Ouders eerder betrekken."). The type comes from the codebook's interrogative templates,
    else from a cue or phrase in the question itself (not "Zullen we ...?"), else from a template
    earlier in the interviewer's turn ("Stel dat jullie iets mochten veranderen. Wat zou dat
    zijn?"). A probe ("Hoe komt dat?", "Wat bedoel je met misgaan?") asks more about the answer
    before it and so frames what that answer was. The themes of the interviewer's turn go with
    it (see question_themes)."""
    asked: dict[int, str | None] = {}
    answered: dict[int, dict[str, float]] = {}   # question -> type scores its answers add up to
    answered_themes: dict[int, dict[str, float]] = {}   # question -> themes its answers name
    previous: int | None = None
    denial = cc.codebook.denial
    denial_words = set(denial.words) if denial is not None else set()
    for i, (q, turn) in answer_frames(passages, lambda t: cc.questions.asked(t)[0] is not None).items():
        if q not in asked:
            probe = previous is not None and cc.questions.probes_further(passages[q].text)
            asked[q] = _asked_type(passages[q].text, out[q], cc)
            if asked[q] is None and cc.questions.asked(passages[q].text)[1] != "neutral":
                asked[q] = _turn_template(passages, turn, q, cc)
                if asked[q] is None and probe:
                    asked[q] = asked[previous] or _clear_winner_over(answered.get(previous, {}))
            themes: dict[str, float] = {}
            for j in turn:
                for c, v in out[j].theme_scores.items():
                    themes[c] = themes.get(c, 0.0) + v
            out[q].question_themes = {c: v for c, v in themes.items() if v >= THEME_THRESHOLD}
            if not out[q].question_themes and probe:
                # "Hoe komt dat?" stays on the subject of the answer before it, which may have
                # moved on from the question before ("Hoe betrekken jullie ouders?" - "Ze zijn bang
                # voor de regels." - "Kun je daar meer over vertellen?"); the earlier question's
                # subject only where the answers named no clear one.
                out[q].question_themes = (_topic(answered_themes.get(previous, {}))
                                          or dict(out[previous].question_themes))
            previous = q
        best = asked[q]
        r = out[i]
        r.question_themes = out[q].question_themes
        r.neutral_question = cc.questions.asked(passages[q].text)[1] == "neutral"
        now = best is not None and _now_as_it_is(r, best, cc)
        if now:
            best = cc.present.type
        if best is not None and r.lead_type is None:
            if r.skip == "too short" and _short_answer_counts(r, cc, bool(out[q].question_themes)):
                r.skip = None
            if r.skip is None:
                r.question_type = best
                r.type_scores[best] = r.type_scores.get(best, 0.0) + QUESTION_WEIGHT
                r.type_evidence.setdefault(best, []).append(
                    f"answer to '{short(passages[q].text)}'" + (", telling how it is now" if now else ""))
        elif (best is None and denial is not None and r.skip == "too short" and r.tokens and r.tokens[0] in denial_words
              and out[q].question_themes and cc.questions.asked(passages[q].text)[1] != "neutral"):
            # "Werkt dat met de ouders?" - "Nee.": asked whether something works, no says it does not.
            r.skip = None
            r.type_scores[denial.type] = r.type_scores.get(denial.type, 0.0) + QUESTION_WEIGHT
            r.type_evidence.setdefault(denial.type, []).append(f"says no to '{short(passages[q].text)}'")
        if not r.skip or (r.skip == "too short" and explicit_scores(r)):   # "Wisselend." judges
            sums = answered.setdefault(q, {})
            for c, v in r.type_scores.items():
                sums[c] = sums.get(c, 0.0) + v
            named = answered_themes.setdefault(q, {})
            for c, v in r.theme_scores.items():
                if v >= THEME_THRESHOLD:
                    named[c] = named.get(c, 0.0) + v


def _now_as_it_is(r: RuleResult, frame: str, cc: CompiledCodebook) -> bool:
    """Whether a sentence framed as ``frame`` (a proposal, a condition) opens by saying how things
    are now ("Nu is slb iets wat je er een beetje bij doet."): that is the problem the proposal
    answers. Not when a modal follows the marker ("Nu moet ...": the proposal), nor when the
    sentence states the frame's type in its own words."""
    ps = cc.present
    if ps is None or frame not in ps.frames or explicit_scores(r):
        return False
    toks = r.tokens
    k = 0
    while k < len(toks) and toks[k] in ps.openers:
        k += 1
    return k + 1 < len(toks) and toks[k] in ps.markers and toks[k + 1] not in ps.not_before


def _turn_template(passages: list[Passage], turn: list[int], q: int, cc: CompiledCodebook) -> str | None:
    """The type a template names in the interviewer's turn before its question, nearest first."""
    for j in reversed(turn):
        if j < q:
            code, why = cc.questions.asked(passages[j].text)
            if code is not None or why == "neutral":
                return code
    return None


def _topic(themes: dict[str, float]) -> dict[str, float]:
    """The theme a question's answers were mostly about, as the theme of a probe after them."""
    best = clear_winner(themes)
    return {best: themes[best]} if best is not None else {}


def _clear_winner_over(totals: dict[str, float]) -> str | None:
    best = clear_winner(totals)
    return best if best is not None and totals[best] >= TYPE_THRESHOLD else None


def _asked_type(text: str, r: RuleResult, cc: CompiledCodebook) -> str | None:
    code, why = cc.questions.asked(text)
    if code is not None or why == "neutral":
        return code
    best = best_own(r)
    named = best is not None and any(e.startswith(("cue", "phrase")) for e in r.type_evidence.get(best, []))
    # A question opening with its judging verb asks whether ("Hielp de school je daarbij?", "Werkte
    # dat?"): the answer may as well be no, so it frames nothing. (Opening with an auxiliary, "Heeft
    # dat geholpen?", measured worse on the read interviews: talk4 -0.007 kappa.)
    if named and r.tokens and any(h.code == best for h in cc.types.match(r.tokens[:1], r.lemmas[:1], r.tokens[0])):
        return None
    return best if named else None


def _short_answer_counts(r: RuleResult, cc: CompiledCodebook, question_has_theme: bool) -> bool:
    """A fragment answering a framed question is coded when it names something ("Tijd.",
    "Het Expertisecentrum.") or says yes to a question that names its theme ("Ja, zeker.");
    a bare "Nee." or "Echt." is not."""
    if not r.tokens:
        return False
    if r.theme_scores:
        return True
    return question_has_theme and r.tokens[0] in cc.affirmations


def agreements(passages: list[Passage], out: list[RuleResult], cc: CompiledCodebook) -> None:
    """A bare yes ("Ja.", "Ja, dat.") right after a sentence that states a type in its own words
    ("Dus de planning was een drempel.") says that sentence again: it takes its type and themes
    instead of staying uncoded as too short. After a plain statement or a neutral question it
    says nothing."""
    for i in range(1, len(out)):
        p, r, prev = passages[i], out[i], out[i - 1]
        if (p.kind != "turn" or p.role == "interviewer" or r.skip != "too short" or not r.tokens
                or r.tokens[0] not in cc.affirmations or passages[i - 1].kind != "turn" or r.theme_scores):
            continue
        if prev.skip and prev.skip not in ("interviewer turn", "question"):
            continue
        best = clear_winner(prev.own_type_scores)
        if best is None or prev.own_type_scores[best] < TYPE_THRESHOLD or any(c != best for c in r.own_type_scores):
            continue
        r.skip = None
        r.type_scores[best] = r.type_scores.get(best, 0.0) + AGREE_WEIGHT
        r.type_evidence.setdefault(best, []).append(f"agrees with '{short(passages[i - 1].text)}'")
        for c, v in prev.theme_scores.items():
            r.theme_scores[c] = v
            r.theme_evidence.setdefault(c, []).append("theme of the sentence it agrees with")


def turn_types(passages: list[Passage], out: list[RuleResult], cc: CompiledCodebook) -> None:
    """A respondent's turn makes one point: its sentences without evidence of their own ("Ik heb
    dit jaar een klas van dertig leerlingen.") take the type its other sentences state. Weak
    words count here when they add up ("weinig", "niet" again and again in one turn).

    Two exceptions, measured on interviews: a turn that turns around at a sentence opening with
    an adversative ("Een deel komt altijd. Maar er is ook een groep die ik nooit zie.") makes two
    points, each lent within its own part; and the first sentence answering a question that asks
    for no type ("Heb je daar uitleg over gehad?" - "Eén keer, op een ouderavond.") is the factual
    reply, the judgement comes after it, unless it points back ("Dat ...") or leans that way itself."""
    for span in _split_at_turnarounds(_turns(passages), out, cc.adversatives):
        totals: dict[str, float] = {}
        for k in span:
            if not out[k].skip:
                for c, v in out[k].own_type_scores.items():
                    totals[c] = totals.get(c, 0.0) + v
        best = clear_winner(totals) if totals and max(totals.values()) >= TYPE_THRESHOLD else None
        if best is None:
            continue
        for k in span:
            r = out[k]
            # A sentence that states a type itself (a cue, or an amount: "Meer tijd voor de
            # gesprekken.") is not lent one: the turn's type may be its own, counted twice.
            if r.skip or explicit_scores(r) or any(v >= TYPE_THRESHOLD for v in r.own_type_scores.values()):
                continue
            if (k == span[0] and k > 0 and passages[k - 1].role == "interviewer" and r.question_type is None
                    and r.own_type_scores.get(best, 0.0) <= 0 and not (r.tokens[:1] and r.tokens[0] in cc.anaphora)):
                continue
            lent = cc.present.type if _now_as_it_is(r, best, cc) else best
            r.type_scores[lent] = r.type_scores.get(lent, 0.0) + TURN_WEIGHT
            r.type_evidence.setdefault(lent, []).append(
                "the type of the speaker's turn" if lent == best else f"tells how it is now, in a turn about {best}")


def _split_at_turnarounds(spans: list[list[int]], out: list[RuleResult], adversatives: set[str]) -> list[list[int]]:
    parts: list[list[int]] = []
    for span in spans:
        cur: list[int] = []
        for k in span:
            if cur and out[k].tokens[:1] and out[k].tokens[0] in adversatives:
                parts.append(cur)
                cur = []
            cur.append(k)
        parts.append(cur)
    return parts


def _turns(passages: list[Passage]) -> list[list[int]]:
    """Positions of the sentences of each turn not by the interviewer."""
    spans: list[list[int]] = []
    for i, p in enumerate(passages):
        if p.kind != "turn" or p.role == "interviewer":
            continue
        if spans and spans[-1][-1] == i - 1 and passages[i - 1].block == p.block:
            spans[-1].append(i)
        else:
            spans.append([i])
    return spans


def turn_themes(passages: list[Passage], out: list[RuleResult]) -> None:
    """Sentences of a respondent's turn that name no theme at all, and continue none, take the
    theme its other sentences name ("Ik heb niet alles begrepen." after a parents' evening)."""
    for span in _turns(passages):
        totals: dict[str, float] = {}
        for k in span:
            for c, v in out[k].theme_scores.items():
                if v >= THEME_THRESHOLD:
                    totals[c] = totals.get(c, 0.0) + v
        best = clear_winner(totals)
        if best is None:
            continue
        for k in span:
            r = out[k]
            if r.skip or r.theme_scores:      # a theme of its own, however weak, or one inherited
                continue
            r.theme_scores[best] = CARRY_WEIGHT
            r.theme_evidence.setdefault(best, []).append("theme of the speaker's turn")


def question_themes(passages: list[Passage], out: list[RuleResult]) -> None:
    """What the question was about is a theme of the answer. An answer naming a theme of its own
    is about both ("Hoe betrekken jullie ouders?" - "De mentor belt ze elk kwartaal.": the parents
    and the mentor's work). One naming none, and continuing no sentence before it, is about the
    question's subject alone; it outweighs a weak word of the answer's own ("leerling", "gesprek"
    are in every conversation). The question's theme counts in full also where the answer has a
    weak word for it ("Hoe gaat het met de ouders?" - "De mentor belt elke moeder op.")."""
    for r in out:
        if r.skip or not r.question_themes:
            continue
        if any(v >= THEME_THRESHOLD for v in r.theme_scores.values()):
            for c in r.question_themes:
                if r.theme_scores.get(c, 0.0) < QUESTION_THEME_WEIGHT:
                    r.theme_scores[c] = QUESTION_THEME_WEIGHT
                    r.theme_evidence.setdefault(c, []).append("theme of the question")
            continue
        if any("carried from the previous sentence" in ev for ev in r.theme_evidence.values()):
            continue
        for c, v in r.question_themes.items():
            r.theme_scores[c] = r.theme_scores.get(c, 0.0) + QUESTION_THEME_WEIGHT
            r.theme_evidence.setdefault(c, []).append("theme of the question")


def spoken_contrasts(passages: list[Passage], out: list[RuleResult], sc) -> None:
    """A respondent who says "maar" and names no type ("Ik snap die regels wel, maar het zorgt
    ervoor dat iedereen een stukje van het verhaal heeft") is turning to what goes wrong: in the read
    interviews 26 of 32 such sentences with a theme were barriers. Last, after every frame and
    carry-over had its say, so it only codes what nothing else typed. Not in reports, where a
    "maar" as often qualifies a success (a wash on the read reports), and not "maar ook" / "maar
    wel", which add good news."""
    markers, after = set(sc.markers), set(sc.not_after)
    for p, r in zip(passages, out):
        if p.kind != "turn" or r.skip or r.best_type() is not None or not r.themes():
            continue
        toks = r.tokens
        if any(t in markers and (k + 1 == len(toks) or toks[k + 1] not in after) for k, t in enumerate(toks)):
            r.type_scores[sc.type] = r.type_scores.get(sc.type, 0.0) + TYPE_THRESHOLD
            r.type_evidence.setdefault(sc.type, []).append(f"a contrast ('{'/'.join(sorted(markers))}') with no type word: the problem")


def spoken_judgements(passages: list[Passage], out: list[RuleResult], cont) -> None:
    """A respondent who names a subject and judges it with a weak word only ("Met de mentor ging
    het eigenlijk wel goed.", "Voor de ouders is er weinig.") has said what went well or not:
    when that word belongs to one side of the codebook's opposed pair (success, barrier) and no
    other type has as much to say, it is that side. In a report such weak words are everywhere
    and stay below the threshold; in a conversation, where nothing else frames the sentence, they
    are the judgement (in the read interviews pair F1 +0.046 summed, no set down by more than
    0.008). After every frame, so it only types what nothing else typed."""
    pair = set(cont.pair)
    for p, r in zip(passages, out):
        if (p.kind != "turn" or p.role == "interviewer" or r.skip or not r.type_scores or r.best_type() is not None
                or not any(v >= THEME_THRESHOLD for v in r.theme_scores.values())):
            continue
        top = max(r.type_scores.values())
        tops = [c for c, v in r.type_scores.items() if v == top]
        if len(tops) != 1 or tops[0] not in pair:
            continue
        r.type_scores[tops[0]] = TYPE_THRESHOLD
        r.type_evidence.setdefault(tops[0], []).append("a judging word about a subject the speaker names")


def conversation_topics(passages: list[Passage], out: list[RuleResult]) -> None:
    """A respondent's sentence that names no theme at all, and has none from its question or its
    turn, is still about what the conversation was about ("Ik zat daar in oktober al en ik wist
    gewoon: dit is het niet."): the themes of the nearest respondent sentence before it that has
    clear ones, up to TOPIC_WINDOW sentences back. Kept apart from the sentence's own themes, so the
    rules do not code on it: it is what a model that types such a sentence names as its theme
    instead of guessing from words that are not there (in the read interviews 41 of 155 such
    themes were the coders', against 22 of 111 of the model's own)."""
    last: tuple[int, list[tuple[str, float]]] | None = None   # the latest sentence with clear themes
    for i, (p, r) in enumerate(zip(passages, out)):
        if p.role == "interviewer" or r.skip:
            continue
        themes = r.themes()
        if not themes:
            if p.kind == "turn" and last is not None and i - last[0] <= TOPIC_WINDOW:
                r.topic = last[1]
            continue
        clear = [(c, v) for c, v in themes if v >= THEME_THRESHOLD]
        if clear:
            last = (i, clear)


def points_carried_on(passages: list[Passage], out: list[RuleResult]) -> None:
    """A speaker builds one point over several sentences: a typed sentence with one theme of its
    own, said right after the same speaker's sentence about one other clear theme, is about that
    one too ("De stageplekken zijn schaars." - "Dus de decaan belt zelf alle bedrijven af.": the
    labour market and the counsellor's work). Only with one theme on either side: a sentence
    already about two things, or following one about several, is left as it is. Not across
    speakers (in a group each makes a point of their own) and not in reports."""
    for i in range(1, len(out)):
        p, r, before = passages[i], out[i], out[i - 1]
        if (p.kind != "turn" or p.role == "interviewer" or r.skip or before.skip
                or passages[i - 1].kind != "turn" or passages[i - 1].speaker != p.speaker or r.best_type() is None):
            continue
        if len(r.themes()) != 1:
            continue
        prior = before.themes()
        if len(prior) != 1 or prior[0][1] < THEME_THRESHOLD or prior[0][0] in r.theme_scores:
            continue
        c = prior[0][0]
        r.theme_scores[c] = THEME_THRESHOLD
        r.theme_evidence.setdefault(c, []).append("theme of the speaker's sentence before")
