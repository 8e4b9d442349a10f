"""Dutch text features for tracing: content lemmas, named things and commitment language.

Everything here is rules and lists (simplemma lemmas, spaCy's Dutch stopword list, regular
expressions): no model downloads, same output on every machine.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?", re.UNICODE)

# Words that carry no topic in evaluation and policy prose on top of the general stopwords:
# recommendation/commitment verbs and report furniture would otherwise make every recommendation
# look like every other one.
_DOMAIN_STOPWORDS = {
    "aanbeveling", "aanbevelen", "advies", "adviseren", "raden", "raadzaam", "moeten", "zullen", "kunnen",
    "worden", "zijn", "hebben", "gaan", "willen", "laten", "maken", "komen", "doen", "geven", "zien",
    "vinden", "nemen", "staan", "blijven", "zorgen", "ervoor", "erin", "daarvoor", "daarbij", "hierbij",
    "hiervoor", "daarnaast", "bovendien", "echter", "namelijk", "mogelijk", "goed", "beter", "belangrijk",
    "nodig", "verder", "ander", "nieuw", "groot", "veel", "meer", "minder", "wel", "niet", "ook", "nog",
    "jaar", "onderzoek", "rapport", "evaluatie", "hoofdstuk", "paragraaf", "figuur", "tabel", "pagina",
    "bijvoorbeeld", "onder", "per", "vanaf", "andere", "o.a", "m.b.t", "t.a.v", "bijv", "ca", "enz", "etc", "we", "wij",
    "ik", "ons", "onze", "u", "kabinet", "minister", "ministers", "zowel", "waarbij", "waarin", "welke",
    "daarom", "dus", "zodat", "omdat", "wanneer", "steeds", "vooral", "graag", "verschillend", "aantal",
    "manier", "sprake", "gebied", "rond", "rondom", "richting", "gericht", "betreffen", "betrokken",
    "immers", "waaraan", "waarop", "waarvan", "waardoor", "daarmee", "daardoor", "hierdoor", "hiermee",
    "algemeen", "krijgen", "zoals", "gezegd", "aantal", "eerst", "tweede", "derde", "vervolgens", "enkele",
}


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    try:
        from spacy.lang.nl.stop_words import STOP_WORDS
    except Exception:  # spaCy is a dependency, but the tracer should not die with it
        STOP_WORDS = set()
    return frozenset({w.casefold() for w in STOP_WORDS} | _DOMAIN_STOPWORDS)


def words(text: str) -> list[str]:
    return _WORD.findall(text or "")


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The lower-case lemma of one Dutch word, also for compounds simplemma does not know.

    simplemma knows "gesprekken" but not "loopbaangesprekken": for an unknown long word the
    longest known tail decides the inflection, so compounds meet their singular form.
    """
    import simplemma

    low = word.casefold().strip("'’-")
    lem = simplemma.lemmatize(low, lang="nl").replace("_", "").casefold()
    if lem != low or len(low) < 8 or simplemma.is_known(low, lang="nl"):
        return lem
    for i in range(3, len(low) - 3):
        tail = low[i:]
        if simplemma.is_known(tail, lang="nl"):
            tail_lemma = simplemma.lemmatize(tail, lang="nl").replace("_", "").casefold()
            if tail_lemma != tail and len(tail_lemma) >= 3:
                return low[:i] + tail_lemma
            return low
    return low


@lru_cache(maxsize=100_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """The two known parts of a Dutch compound lemma, or () ("loopbaangesprek" -> loopbaan, gesprek).

    Policy prose says "ouderbetrokkenheid" where a report says "ouders betrekken": matching on
    the parts as well lets those meet. A word simplemma knows is split only into two parts of at
    least five letters, so "onderwijs" stays whole while "ouderavond" splits.
    """
    import simplemma

    if len(word) < 9 or not word.isalpha():
        return ()
    known = simplemma.is_known(word, lang="nl")
    least = 5 if known else 4
    for i in range(least, len(word) - least + 1):
        head, tail = word[:i], word[i:]
        # "-heid"/"-ing" nouns of known words are often missing from the lexicon: betrokkenheid.
        if len(tail) < least or not (simplemma.is_known(tail, lang="nl") or _derived_noun(tail)):
            continue
        # The first part is a stem, not an inflected word ("ouder" in ouderavond is no
        # comparative): only linking letters come off.
        for h in (head[:-1] if head.endswith("s") else None, head[:-2] if head.endswith("en") else None,
                  head, head[:-1] if head.endswith("e") else None):
            if h and len(h) >= least - 1 and simplemma.is_known(h, lang="nl"):
                return (h, lemma(tail))
    return ()


def _derived_noun(word: str) -> bool:
    import simplemma

    for suffix in ("heid", "ing", "schap"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 5:
            stem = word[: -len(suffix)]
            return simplemma.is_known(stem, lang="nl") or simplemma.is_known(stem + "en", lang="nl")
    return False


def match_tokens(lemmas: list[str]) -> list[str]:
    """What the similarity measures compare: the lemmas plus the parts of compound lemmas."""
    out = list(lemmas)
    for lem in lemmas:
        out.extend(compound_parts(lem))
    return out


def per_text(fn, texts: list[str]) -> list:
    """``[fn(t) for t in texts]``, computed once per distinct text (headings, list intros and
    quoted recommendations recur); equal texts share the result, which callers only read."""
    done: dict[str, Any] = {}
    return [done[t] if t in done else done.setdefault(t, fn(t)) for t in texts]


def content_lemmas(text: str) -> list[str]:
    """Lemmas of the topic-bearing words of ``text`` in order (stopwords and short words dropped)."""
    out = []
    for w in words(text):
        lem = _content_lemma(w)
        if lem is not None:
            out.append(lem)
    return out


@lru_cache(maxsize=200_000)
def _content_lemma(w: str) -> str | None:
    """The lemma :func:`content_lemmas` keeps for the word ``w``, or None; once per distinct word."""
    if len(w) < 3 and not w.isupper():
        return None
    # Acronyms and place names are names, not words: simplemma would turn "LOB" into
    # "lobben" and "Lingeveld" into "linvellen".
    if w.isupper() or (w[:1].isupper() and not _known(w.casefold())):
        lem = w.casefold()
    else:
        lem = lemma(w)
    stop = stopwords()
    if lem in stop or w.casefold() in stop or len(lem) < 2:
        return None
    return lem


@lru_cache(maxsize=100_000)
def _known(word: str) -> bool:
    import simplemma

    return simplemma.is_known(word, lang="nl")


# --- named things -----------------------------------------------------------------------------

# Capitalised words that start sentences or are titles of address, not names.
_NOT_NAME_STARTS = {
    "de", "het", "een", "deze", "dit", "die", "dat", "in", "op", "voor", "bij", "met", "van", "om", "ook",
    "er", "we", "wij", "ik", "zij", "ze", "hij", "als", "uit", "naar", "door", "over", "tot", "aan",
    "daarnaast", "verder", "tot slot", "tevens", "zo", "wel", "niet", "meer", "het is", "scholen",
    "aanbeveling", "advies", "conclusie", "tabel", "figuur", "bijlage", "hoofdstuk", "paragraaf",
}
_LOWER_JOINERS = {"van", "voor", "en", "de", "der", "het", "op", "in"}
# Institutional heads: a lower-case compound ending in one of these names a programme, body,
# instrument or rule ("kwaliteitskader", "expertisepunt", "subsidieregeling").
_INSTITUTIONAL_HEADS = (
    "expertisepunt", "servicepunt", "steunpunt", "kennispunt", "meldpunt", "informatiepunt",
    "kader", "regeling", "programma", "agenda", "akkoord", "wet", "monitor", "netwerk", "platform",
    "loket", "fonds", "impuls", "plan", "portfolio", "dossier", "convenant", "subsidie", "centrum", "stichting",
)
# Every ending a word may have to count as an institutional compound: str.endswith tries the
# lot in one call (named_things_display runs over every word of the corpus).
_INSTITUTIONAL_ENDINGS = tuple(h + e for h in _INSTITUTIONAL_HEADS for e in ("", "en", "s"))
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&]{1,7}s?\b")
_CAP_RUN = re.compile(
    r"\b([A-Z][\w’'-]*[a-z][\w’'-]*|[A-Z]{2,8})"
    r"((?:\s+(?:(?:van|voor|en|de|der|het|op|in)\s+)?(?:[A-Z][\w’'-]*|[A-Z]{2,8}))*)"
)
_ROMAN = re.compile(r"^[IVXLC]+$")


def named_things(text: str) -> set[str]:
    """Names in ``text``: capitalised multi-word names, acronyms and institutional compounds.

    Returned in a canonical lower-case form (plural trimmed) so "Expertisepunt LOB" and
    "het expertisepunt LOB" meet; callers keep the first spelling seen for display.
    """
    return set(named_things_display(text))


def named_things_display(text: str) -> dict[str, str]:
    """``{canonical form: spelling in text}`` of the names in ``text`` (see :func:`named_things`)."""
    found: dict[str, str] = {}
    if not text:
        return found
    for m in _CAP_RUN.finditer(text):
        phrase = (m.group(1) + m.group(2)).strip()
        toks = phrase.split()
        # Drop a trailing joiner the regex cannot exclude and leading sentence-starter words.
        while toks and (toks[-1].casefold() in _LOWER_JOINERS):
            toks.pop()
        while toks and toks[0].casefold() in _NOT_NAME_STARTS:
            toks.pop(0)
        # "Volgens het Expertisepunt LOB": a sentence-initial word followed by an article or
        # preposition is not part of the name ("Raad voor de ..." keeps its van/voor).
        if (len(toks) > 1 and toks[1] in ("het", "de", "een", "in", "op", "en", "bij", "met")
                and _sentence_start(text, m.start()) and not toks[0].isupper()):
            toks = toks[1:]
            while toks and toks[0].islower():
                toks.pop(0)
        if not toks:
            continue
        if len(toks) == 1:
            tok = toks[0]
            # A lone capitalised word counts only when it is an acronym or not sentence-initial.
            if _ACRONYM.fullmatch(tok) and not _ROMAN.match(tok):
                _add(found, tok.rstrip("s") if tok.endswith("s") and tok[:-1].isupper() else tok)
            elif m.start() > 0 and not _sentence_start(text, m.start()) and len(tok) > 3:
                _add(found, tok)
            continue
        _add(found, " ".join(toks))
    for w in words(text):
        low = w.casefold()
        if len(low) >= 9 and low.endswith(_INSTITUTIONAL_ENDINGS):
            _add(found, lemma(low))
    return found


def _add(found: dict[str, str], spelling: str) -> None:
    key = " ".join(lemma(t) if not t.isupper() else t.casefold() for t in spelling.split())
    found.setdefault(key, spelling)


def _sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip()
    return not before or before[-1] in ".!?:;•-–—\n(\"'“‘" or before.endswith("\n")


# --- commitment language ----------------------------------------------------------------------

_PARTICIPLES = (
    r"(?:ingevoerd|ingezet|ingericht|ingesteld|opgezet|opgericht|gestart|uitgebreid|verlengd|voortgezet|"
    r"gecontinueerd|verankerd|vastgelegd|ontwikkeld|geïntroduceerd|geintroduceerd|beschikbaar\s+gesteld|"
    r"verstrekt|toegekend|uitgewerkt|aangepast|versterkt|structureel\s+gemaakt|opgenomen|ondersteund|"
    r"gefinancierd|verplicht|uitgevoerd|aangesteld|opgeleid|geborgd|gerealiseerd)"
)
# Each pattern names the commitment it found; the label is what the reason shows.
_COMMITMENT_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("hebben ... besloten", re.compile(r"\b(?:heb|hebben|heeft)\b[^.;]{0,80}?\bbesloten\b", re.I)),
    ("besluit", re.compile(r"\b(?:ik|wij|we|het kabinet|de minister)\s+(?:besluit|besluiten|besloot)\b", re.I)),
    ("zal ... {v}", re.compile(r"\b(?:zal|zullen|ga|gaan)\b[^.;]{0,60}?\b(invoeren|inzetten|starten|uitbreiden|verlengen|"
                               r"voortzetten|continueren|verankeren|ontwikkelen|investeren|financieren|ondersteunen|"
                               r"opzetten|oprichten|realiseren|regelen|vastleggen|aanpassen|versterken|borgen|"
                               r"uitwerken|onderzoeken|introduceren|verplichten|beschikbaar\s+stellen)\b", re.I)),
    ("wordt ... {p}", re.compile(r"\b(?:wordt|worden|zal|zullen)\b[^.;]{0,80}?\b(" + _PARTICIPLES + r")\b", re.I)),
    ("gaan we", re.compile(r"\b(?:gaan|zullen)\s+(?:we|wij|ik)\b|\b(?:we|wij|ik)\s+(?:gaan|zullen|ga|zal)\b", re.I)),
    ("investeren", re.compile(r"\b(?:investeer|investeren|investeert|geïnvesteerd|investering(?:en)?\s+van)\b", re.I)),
    ("per {y}", re.compile(r"\b(?:per|vanaf|met ingang van|m\.i\.v\.)\s+(?:\d{1,2}\s+\w+\s+|(?:het|schooljaar|studiejaar)\s+)?(20\d\d)\b", re.I)),
    ("stel ... beschikbaar", re.compile(r"\b(?:stel|stellen|stelt|trek|trekken|trekt)\b[^.;]{0,60}?\b(?:beschikbaar|uit)\b", re.I)),
    ("ben voornemens", re.compile(r"\b(?:voornemens|voornemen|ik wil|wij willen|we willen|het kabinet wil)\b", re.I)),
    ("zal", re.compile(r"\b(?:zal|zullen)\b", re.I)),
]


def commitment(text: str) -> str:
    """The commitment cue in ``text`` ("zal ... invoeren", "per 2020"), or "" when there is none.

    "zal"/"zullen" alone is the weakest cue (it also predicts: "dit zal leiden tot"), so it is
    tried last and only reported when nothing more specific matched.
    """
    if not text:
        return ""
    for label, pat in _COMMITMENT_PATTERNS:
        m = pat.search(text)
        if not m:
            continue
        if "{p}" in label or "{v}" in label:
            head = m.group(0).split()[0].lower()
            what = re.sub(r"\s+", " ", m.group(1).lower())
            return f"{head} ... {what}"
        if "{y}" in label:
            return m.group(0).split()[0].lower() + " " + m.group(1)
        if label == "gaan we":
            return re.sub(r"\s+", " ", m.group(0).lower())
        return label
    return ""


def is_strong_commitment(cue: str) -> bool:
    return bool(cue) and cue not in ("zal",)


# --- progress reports -------------------------------------------------------------------------

# A later evaluation that says a recommendation has been carried out mentions it; it does not
# repeat it, even when the sentence sits in a list a coder may read as recommendations.
_PROGRESS = re.compile(
    r"\b(gerealiseerd|inmiddels|operationeel|van kracht|ondertekend|is\s+opgericht|zijn\s+opgericht|"
    r"in gebruik|uitgevoerd|ingevoerd|afgerond|(?:is|zijn)\s+(?:gestart|begonnen)|sinds\s+(?:(?:januari|februari|maart|april|mei|juni|juli|augustus|"
    r"september|oktober|november|december|het voorjaar van|het najaar van)\s+)?(?:19|20)\d\d|"
    r"heeft\b[^.;]{0,60}?\b(?:verlengd|opgenomen|ingevoerd|gerealiseerd|opgericht|ontwikkeld))\b", re.I)


_NEGATED = re.compile(r"\b(?:niet|nog niet|geen|nauwelijks|onvoldoende|nergens)\s+(?:\w+\s+){0,2}$", re.I)


def progress(text: str) -> str:
    """The cue that ``text`` reports something as done ("gerealiseerd", "sinds 2020"), or "".

    "niet gerealiseerd" is the opposite: the recommendation is still open.
    """
    for m in _PROGRESS.finditer(text or ""):
        if not _NEGATED.search(text[max(0, m.start() - 40):m.start()]):
            return re.sub(r"\s+", " ", m.group(0).lower())
    return ""


# A later text that says a problem is still there repeats it, whatever the coder made of it.
_PERSISTS = re.compile(r"\b(nog (?:steeds |altijd )?niet|nog steeds|nog altijd|wederom|opnieuw|alsnog|hardnekkig|"
                       r"(?:blijft|blijven)\s+(?:een\s+)?(?:\w+\s+)?(?:knelpunt|probleem|lastig|moeilijk|achter|"
                       r"beperkt|uit))\b", re.I)


def persists(text: str) -> str:
    """The cue that ``text`` reports a problem as unresolved ("nog steeds niet", "blijft"), or ""."""
    m = _PERSISTS.search(text or "")
    return re.sub(r"\s+", " ", m.group(0).lower()) if m else ""
