"""Flat tables of the model objects: the columns of documents.csv, passages.csv and codings.csv."""

from __future__ import annotations

from .model import Coding, Document, Passage, format_time, section_str

DOCUMENT_COLUMNS = ["id", "path", "sha256", "kind", "format", "pages", "language", "title", "warnings"]
PASSAGE_COLUMNS = [
    "document", "passage_id", "page", "section", "kind", "speaker", "role", "group", "time", "start", "end", "text",
]
CODING_COLUMNS = [
    "document", "passage_id", "page", "section", "kind", "speaker", "role", "time", "start", "end", "text",
    "type", "theme", "score", "method", "evidence", "coder",
]


def document_row(d: Document, extra_columns: list[str] = ()) -> list:
    row = [d.id, d.path, d.sha256, d.kind, d.format, d.pages, d.language, d.title, " | ".join(d.warnings)]
    return row + [d.metadata.get(c, "") for c in extra_columns]


def passage_row(p: Passage) -> list:
    return [
        p.document, p.passage_id, p.page, section_str(p.section), p.kind, p.speaker, p.role, p.group,
        format_time(p.time), p.start, p.end, p.text,
    ]


def coding_row(c: Coding, p: Passage) -> list:
    return [
        c.document, c.passage_id, p.page, section_str(p.section), p.kind, p.speaker, p.role,
        format_time(p.time), p.start, p.end, p.text, c.type, c.theme, round(c.score, 4), c.method, c.evidence, c.coder,
    ]
