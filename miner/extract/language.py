"""Cheap, offline language identification by function-word counts (enough to flag a mixed corpus)."""

from __future__ import annotations

import re

_STOPWORDS = {
    "nl": {"de", "het", "een", "en", "van", "dat", "die", "is", "niet", "op", "te", "zijn", "voor", "met", "ook", "wordt", "worden", "er", "bij", "aan", "om", "als", "naar"},
    "en": {"the", "a", "an", "and", "of", "that", "is", "not", "on", "to", "are", "for", "with", "also", "be", "by", "at", "as", "it", "this", "from", "have"},
    "de": {"der", "die", "das", "und", "ist", "nicht", "mit", "auf", "zu", "ein", "eine", "den", "von", "für", "sich", "auch", "werden"},
    "fr": {"le", "la", "les", "et", "des", "est", "une", "un", "pour", "dans", "que", "qui", "pas", "sur", "avec", "sont"},
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def detect_language(text: str, default: str = "nl", sample_chars: int = 20000) -> str:
    words = _WORD.findall(text[:sample_chars].lower())
    if len(words) < 20:
        return default
    scores = {lang: sum(w in sw for w in words) for lang, sw in _STOPWORDS.items()}
    best = max(scores, key=lambda k: (scores[k], k == default))
    return best if scores[best] >= 0.05 * len(words) else default
