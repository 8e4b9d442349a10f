"""The plain data that flows between miner's stages.

files -> extract (Document + Blocks) -> segment (Passages) -> code (Codings) -> synthesise.

Every stage takes and returns these dataclasses and nothing else, so a notebook user, the CLI
and a process pool all see the same objects. They are deliberately dumb: no methods that reach
into other stages, and everything round-trips through ``to_dict``/``from_dict`` (JSON-safe), which
is how the project store caches them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

# Block kinds, in the vocabulary of passages.csv.
BLOCK_KINDS = ("heading", "paragraph", "list_item", "table", "footnote", "turn")
DOCUMENT_KINDS = ("report", "transcript")
SECTION_SEP = " > "


@dataclass
class Block:
    """A layout unit of a document, in reading order.

    ``start``/``end`` are character offsets into ``Document.text`` (end exclusive); extractors
    leave them at -1 and :func:`miner.segment.assemble` fills them when it builds the text.
    """

    kind: str
    text: str
    page: int | None = None          # 1-based page for paginated sources
    section: tuple[str, ...] = ()    # heading path above this block (a heading's own path ends with itself)
    level: int = 0                   # heading level (1 = top) for headings, nesting depth for list items
    speaker: str | None = None       # transcripts: who speaks this turn
    time: float | None = None        # transcripts: turn start in seconds
    rows: list[list[str]] | None = None  # tables: the cells, row by row
    start: int = -1
    end: int = -1

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["section"] = list(self.section)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Block":
        d = dict(d)
        d["section"] = tuple(d.get("section") or ())
        return cls(**{k: v for k, v in d.items() if k in _names(cls)})


@dataclass
class Document:
    """One source file after extraction.

    ``text`` is the whole document as one LF-normalised string (blocks joined by blank lines);
    every Block and Passage offset points into it, and REFI-QDA export writes it as the plain-text
    source so positions carry over unchanged.
    """

    id: str
    path: str
    sha256: str
    kind: str                        # report | transcript
    format: str                      # pdf, docx, txt, md, vtt, srt
    pages: int | None = None
    language: str = "nl"
    title: str = ""
    text: str = ""
    warnings: list[str] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)   # from the corpus metadata.csv

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Document":
        return cls(**{k: v for k, v in d.items() if k in _names(cls)})


@dataclass
class Passage:
    """A sentence (the coding unit) with its provenance."""

    document: str                    # Document.id
    passage_id: str                  # unique within the corpus: "<document>:<index>"
    index: int                       # position in the document, from 0
    kind: str                        # the block kind it came from
    text: str
    start: int                       # offsets into Document.text, end exclusive
    end: int
    page: int | None = None
    section: tuple[str, ...] = ()
    speaker: str | None = None
    role: str | None = None          # interviewer | respondent (from the corpus speaker-role map)
    group: str | None = None         # respondent group, e.g. docent / leerling / ouder
    time: float | None = None        # transcripts: start of the turn in seconds
    block: int = 0                   # index of the Block it came from

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["section"] = list(self.section)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Passage":
        d = dict(d)
        d["section"] = tuple(d.get("section") or ())
        return cls(**{k: v for k, v in d.items() if k in _names(cls)})


@dataclass
class Coding:
    """One code applied to one passage: a type crossed with a theme, with its evidence."""

    document: str
    passage_id: str
    type: str                        # a type id of the codebook (success, barrier, ...)
    theme: str                       # a theme id of the codebook
    score: float                     # 0..1, higher is more certain
    method: str                      # rules | model | rules+model | human
    evidence: str                    # human-readable: cues, heading, model features
    coder: str = "miner"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Coding":
        return cls(**{k: v for k, v in d.items() if k in _names(cls)})


@dataclass
class Extraction:
    """What the per-document stage returns: a pure function of the file's bytes and settings."""

    document: Document
    blocks: list[Block]
    passages: list[Passage]

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document.to_dict(),
            "blocks": [b.to_dict() for b in self.blocks],
            "passages": [p.to_dict() for p in self.passages],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Extraction":
        return cls(
            document=Document.from_dict(d["document"]),
            blocks=[Block.from_dict(b) for b in d["blocks"]],
            passages=[Passage.from_dict(p) for p in d["passages"]],
        )


def section_str(section: tuple[str, ...] | list[str]) -> str:
    return SECTION_SEP.join(section)


def format_time(seconds: float | None) -> str:
    if seconds is None:
        return ""
    s = int(round(seconds))
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


_NAMES: dict[type, frozenset[str]] = {}


def _names(cls: type) -> frozenset[str]:
    if cls not in _NAMES:
        _NAMES[cls] = frozenset(f.name for f in fields(cls))
    return _NAMES[cls]
