"""Extract: a file's bytes -> Document, Blocks and sentence Passages.

``extract_bytes`` is a pure function of the bytes, the file name (for its suffix) and the
settings, so it can run in any worker process. Format readers live in their own modules
(pdf, docx, text, transcript) and all return :class:`~miner.extract.base.Parsed`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import ExtractionError
from ..model import Document, Extraction
from ..segment import assemble, passages_from_blocks
from ..settings import Settings
from .base import Parsed

SUFFIXES = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "txt",
    ".md": "md",
    ".vtt": "vtt",
    ".srt": "srt",
}


def format_of(name: str) -> str:
    fmt = SUFFIXES.get(Path(name).suffix.lower())
    if fmt is None:
        raise ExtractionError(
            f"unsupported file type '{Path(name).suffix or '(none)'}' "
            f"(miner reads {', '.join(sorted(SUFFIXES))})",
            path=name,
        )
    return fmt


def parse_bytes(data: bytes, name: str) -> tuple[str, Parsed]:
    """Run the format reader for ``name``'s suffix; raise ExtractionError naming the file."""
    fmt = format_of(name)
    if not data:
        raise ExtractionError("file is empty (0 bytes)", path=name)
    try:
        if fmt == "pdf":
            from .pdf import read_pdf

            parsed = read_pdf(data, name)
        elif fmt == "docx":
            from .docx import read_docx

            parsed = read_docx(data, name)
        elif fmt in ("vtt", "srt"):
            from .transcript import read_subtitles

            parsed = read_subtitles(data, name, fmt)
        else:
            from .text import read_text

            parsed = read_text(data, name)
    except ExtractionError as err:
        raise err.with_path(name)
    except Exception as err:  # a reader bug or a library choking on a corrupt file
        raise ExtractionError(f"could not read {fmt.upper()} file: {type(err).__name__}: {err}", path=name) from err
    if not any(b.text.strip() for b in parsed.blocks):
        problem = "no text found"
        if parsed.warnings:
            problem += " (" + "; ".join(parsed.warnings) + ")"
        raise ExtractionError(problem, path=name)
    return fmt, parsed


def extract_bytes(data: bytes, name: str, settings: Settings | None = None, document_id: str | None = None) -> Extraction:
    settings = settings or Settings()
    fmt, parsed = parse_bytes(data, name)
    doc_id = document_id or Path(name).stem
    text = assemble(parsed.blocks)
    passages = passages_from_blocks(parsed.blocks, doc_id, settings.language, settings.min_passage_chars)
    from .language import detect_language

    doc = Document(
        id=doc_id,
        path=name,
        sha256=hashlib.sha256(data).hexdigest(),
        kind=parsed.kind,
        format=fmt,
        pages=parsed.pages,
        language=detect_language(text, default=settings.language),
        title=parsed.title or _first_heading(parsed) or Path(name).stem,
        text=text,
        warnings=list(parsed.warnings),
    )
    return Extraction(document=doc, blocks=parsed.blocks, passages=passages)


def extract_file(path: str | Path, settings: Settings | None = None, document_id: str | None = None) -> Extraction:
    """Extract one file from disk (the notebook entry point)."""
    p = Path(path)
    if not p.exists():
        raise ExtractionError("file not found", path=str(path))
    if p.is_dir():
        raise ExtractionError("is a folder, not a file (use miner.pipeline.extract_corpus)", path=str(path))
    try:
        data = p.read_bytes()
    except OSError as err:
        raise ExtractionError(f"cannot read file: {err.strerror}", path=str(path)) from err
    return extract_bytes(data, str(path), settings, document_id)


def _first_heading(parsed: Parsed) -> str:
    for b in parsed.blocks[:20]:
        if b.kind == "heading" and b.text.strip():
            return b.text.strip()[:200]
    return ""
