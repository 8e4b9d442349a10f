"""Segment: blocks -> one document text with offsets -> sentence passages.

Sentences are the coding unit. spaCy's blank Dutch (or other language) tokenizer knows the common
abbreviations (o.a., bijv., m.b.t., dhr., mevr., t.a.v.), so its rule-based sentencizer does not cut
after them; two fixes on top cover what it gets wrong in reports: a lone enumerator ("1.", "a)")
is glued to the sentence it numbers, and a list-closing abbreviation ("enz.", "e.d.", "etc.")
followed by a capitalised word does end a sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .model import Block, Passage

BLOCK_SEP = "\n\n"
# Abbreviations that often close a sentence ("... scholen, bedrijven e.d. Daarnaast ..."), and
# Dutch school sectors that spaCy's tokenizer takes for abbreviations: "... geldt ook voor het vo.
# De scholen ..." is two sentences.
_CLOSING_ABBREVIATIONS = {"enz.", "e.d.", "etc.", "e.a.", "e.v.", "usw.", "vo.", "po.", "so.", "vso."}
_ENUMERATOR = re.compile(r"^\(?([0-9]{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)]$")
# Tables and headings are coded as a whole: a heading is one passage, a table one passage a row.
_WHOLE_BLOCK_KINDS = {"heading"}


@lru_cache(maxsize=8)
def nlp_for(language: str):
    """A blank spaCy pipeline with a sentencizer; cached per process (workers build their own)."""
    import spacy

    try:
        nlp = spacy.blank(language)
    except Exception:  # unknown language code: fall back to the language-neutral tokenizer
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    # Blocks are already paragraphs; a long table or transcript turn must not trip the limit.
    nlp.max_length = 10_000_000
    return nlp


def assemble(blocks: list[Block]) -> str:
    """Join blocks into the document text and set each block's start/end offsets in place."""
    parts: list[str] = []
    pos = 0
    for i, b in enumerate(blocks):
        if i:
            parts.append(BLOCK_SEP)
            pos += len(BLOCK_SEP)
        text = b.text.replace("\r\n", "\n").replace("\r", "\n")
        b.text = text
        b.start = pos
        parts.append(text)
        pos += len(text)
        b.end = pos
    return "".join(parts)


def sentence_spans(text: str, language: str = "nl") -> list[tuple[int, int]]:
    """Character spans (start, end) of the sentences in ``text``, whitespace trimmed."""
    if not text.strip():
        return []
    doc = nlp_for(language)(text)
    spans: list[tuple[int, int]] = []
    for sent in doc.sents:
        # A closing abbreviation followed by a capital inside one spaCy sentence: cut there.
        cut = sent.start_char
        for tok in sent:
            if tok.i + 1 < sent.end and tok.text.lower() in _CLOSING_ABBREVIATIONS:
                nxt = doc[tok.i + 1]
                if nxt.text[:1].isupper() and tok.whitespace_:
                    spans.append((cut, tok.idx + len(tok.text)))
                    cut = nxt.idx
        spans.append((cut, sent.end_char))
    spans = [_trim(text, s, e) for s, e in spans]
    # spaCy leaves an opening bracket or quote at the end of the sentence before the one it opens.
    for i in range(len(spans) - 1):
        s, e = spans[i]
        while e > s and text[e - 1] in "([{\u201c\u2018\"'" and text[e - 2:e - 1].isspace():
            e -= 1
            spans[i + 1] = (e, spans[i + 1][1])
        spans[i] = _trim(text, s, e)
    spans = [(s, e) for s, e in spans if e > s]
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and _ENUMERATOR.match(text[merged[-1][0]:merged[-1][1]]):
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def passages_from_blocks(
    blocks: list[Block], document_id: str, language: str = "nl", min_chars: int = 3
) -> list[Passage]:
    """Sentence passages for blocks whose offsets :func:`assemble` has set."""
    out: list[Passage] = []
    for bi, b in enumerate(blocks):
        if b.start < 0:
            raise ValueError("assemble() the blocks before segmenting them")
        if b.kind in _WHOLE_BLOCK_KINDS:
            spans = [_trim(b.text, 0, len(b.text))]
        elif b.kind == "table":
            spans = _line_spans(b.text)
        else:
            spans = sentence_spans(b.text, language)
        for s, e in spans:
            text = b.text[s:e]
            if len(text) < min_chars or not any(ch.isalnum() for ch in text):
                continue
            idx = len(out)
            out.append(
                Passage(
                    document=document_id,
                    passage_id=f"{document_id}:{idx:05d}",
                    index=idx,
                    kind=b.kind,
                    text=text,
                    start=b.start + s,
                    end=b.start + e,
                    page=b.page,
                    section=b.section,
                    speaker=b.speaker,
                    time=b.time,
                    block=bi,
                )
            )
    return out


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for line in text.split("\n"):
        spans.append(_trim(text, pos, pos + len(line)))
        pos += len(line) + 1
    return spans
