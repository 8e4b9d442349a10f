"""Whole-batch jobs that write an output folder; the CLI commands are thin wrappers over these."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path

from .fileio import atomic_open
from .metadata import CorpusMetadata
from .model import Document
from .pipeline import Batch, iter_extractions
from .runinfo import run_info, write_run_info
from .settings import Settings
from .store import Store
from .tables import DOCUMENT_COLUMNS, PASSAGE_COLUMNS, document_row, passage_row


def extract_run(
    paths: Iterable[str | Path],
    out: str | Path,
    settings: Settings | None = None,
    progress: bool = True,
) -> tuple[Batch, list[Document]]:
    """Extract every file under ``paths`` into ``out``/documents.csv and passages.csv.

    Returns the batch outcome and the documents (without their text, to keep memory flat).
    """
    import csv

    settings = settings or Settings()
    paths = list(paths)
    out = Path(out)
    batch = Batch()
    docs: list[Document] = []
    metadata = CorpusMetadata.for_paths(paths)
    with Store(out) as store, atomic_open(out / "passages.csv") as fh:
        w = csv.writer(fh)
        w.writerow(PASSAGE_COLUMNS)
        for ex in iter_extractions(paths, settings, store, batch, metadata, progress):
            for p in ex.passages:
                w.writerow(["" if v is None else v for v in passage_row(p)])
            ex.document.text = ""
            docs.append(ex.document)
        store.record_run("extract", {"files": len(batch.files), "errors": len(batch.errors)})
    write_documents_csv(out / "documents.csv", docs)
    write_run_info(out, run_info("extract", settings, documents=len(docs), errors=[str(e) for e in batch.errors]))
    return batch, docs


def write_documents_csv(path: Path, docs: list[Document]) -> None:
    extra = sorted({k for d in docs for k in d.metadata} - set(DOCUMENT_COLUMNS))
    with atomic_open(path) as fh:
        import csv

        w = csv.writer(fh)
        w.writerow(DOCUMENT_COLUMNS + extra)
        for d in docs:
            w.writerow(["" if v is None else v for v in document_row(d, extra)])


def report_batch(batch: Batch, stream=None) -> int:
    """Print skipped files, one line per error and the summary; return the exit code."""
    import sys

    stream = stream or sys.stderr
    for s in batch.skipped:
        print(f"miner: {s}", file=stream)
    for e in batch.errors:
        print(f"miner: error: {e}", file=stream)
    print(f"miner: {batch.summary()}", file=stream)
    return 1 if batch.failed else 0
