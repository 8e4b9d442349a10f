"""Tokens and lemmas for cue matching.

Lemmatising is the slow part of rule coding, and a corpus repeats the same few thousand words, so
every distinct token is lemmatised once per process and remembered. simplemma covers inflection
(belemmerende -> belemmeren, scholen -> school) but not novel compounds; compound parts are
handled in :mod:`miner.coding.cues`.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Words (letters, with inner hyphens/apostrophes: "LOB-beleid", "thema's") or numbers.
TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+(?:[.,]\d+)?", re.UNICODE)

_CACHE_LIMIT = 500_000


class Lemmatizer:
    def __init__(self, language: str = "nl"):
        self.language = language
        self._cache: dict[str, str] = {}
        self._known: dict[str, bool] = {}
        self._is_known = None
        try:
            import simplemma

            self._lemmatize = simplemma.lemmatize
            simplemma.lemmatize("test", lang=language)
            self._is_known = simplemma.is_known
        except Exception:  # unknown language: lower-cased words are still useful
            self._lemmatize = None

    @property
    def has_dictionary(self) -> bool:
        return self._is_known is not None

    def known(self, token: str) -> bool:
        """Whether the language's dictionary knows the word form: a known word is itself, not a
        misspelling of a cue ("veranderen" is not "verankeren"). False where there is no dictionary."""
        hit = self._known.get(token)
        if hit is None:
            # Compound splitting asks about the same letter runs for every new word and cue index.
            hit = remember(self._known, token, self._ask_known(token))
        return hit

    def _ask_known(self, token: str) -> bool:
        if self._is_known is None:
            return False
        try:
            return bool(self._is_known(token, lang=self.language))
        except Exception:
            return False

    def __call__(self, token: str) -> str:
        lemma = self._cache.get(token)
        if lemma is None:
            lemma = remember(self._cache, token, self._lemma(token))
        return lemma

    def _lemma(self, token: str) -> str:
        if self._lemmatize is None or token.isdigit():
            return token
        try:
            return self._lemmatize(token, lang=self.language).lower()
        except Exception:
            return token


def remember(cache: dict, key, value):
    """Store a value in a per-process cache that is emptied, not grown, past its limit (a huge
    corpus has an unbounded vocabulary)."""
    if len(cache) > _CACHE_LIMIT:
        cache.clear()
    cache[key] = value
    return value


_LEMMATIZERS: dict[str, Lemmatizer] = {}


def lemmatizer(language: str = "nl") -> Lemmatizer:
    lem = _LEMMATIZERS.get(language)
    if lem is None:
        lem = _LEMMATIZERS[language] = Lemmatizer(language)
    return lem


@lru_cache(maxsize=32)
def _lowered(text: str) -> tuple[str, tuple[str, ...]]:
    """The sentence lower-cased with curly apostrophes straightened, and its tokens. The last few
    sentences' are remembered, for :func:`token_spans` (only a few: a benchmark repeating its
    sentences across documents must not find them kept)."""
    low = text.lower()
    if "’" in low:
        low = low.replace("’", "'")
    return low, tuple(TOKEN.findall(low))


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens; curly apostrophes normalised."""
    return list(_lowered(text)[1])


@lru_cache(maxsize=32)
def token_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Character spans of :func:`tokens` in ``text`` (lower-casing keeps offsets for almost all
    text). Found from the tokens, each at the first place it stands after the one before (what lies
    between two tokens holds no letter or digit, so it cannot hold a token): the regex's match
    objects would cost more, and a third of the sentences never need their spans."""
    low, toks = _lowered(text)
    out = []
    find = low.find
    pos = 0
    for tok in toks:
        a = find(tok, pos)
        pos = a + len(tok)
        out.append((a, pos))
    return tuple(out)


def lemmas(toks: list[str], language: str = "nl") -> list[str]:
    lem = lemmatizer(language)
    # Known words from the cache in C; only new ones go through the lemmatiser.
    out = list(map(lem._cache.get, toks))
    if None in out:
        out = [x if x is not None else lem(t) for x, t in zip(out, toks)]
    return out


def strip_inflection(word: str) -> list[str]:
    """Cheap candidate stems of a compound's head ("gesprekken" -> "gesprek"), longest first."""
    out = [word]
    for suf in ("'s", "en", "es", "ën", "s", "n", "e", "de", "te", "d", "t"):
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            stem = word[: -len(suf)]
            out.append(stem)
            # Doubled consonant before -en: gesprekken -> gesprek, lessen -> les.
            if len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] not in "aeiou":
                out.append(stem[:-1])
            # Open syllable before -en: factoren -> factor is kept; uren -> uur, regels fine.
            if suf == "en" and len(stem) >= 3 and stem[-2] in "aeiou" and stem[-1] not in "aeiou" and stem[-3] not in "aeiou":
                out.append(stem[:-1] + stem[-2] + stem[-1])
    return out
