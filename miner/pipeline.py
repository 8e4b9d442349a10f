"""Run per-document work over a batch: discover files, reuse the store, fan out to processes.

Results stream back one document at a time, in input order, so memory stays flat however many
documents a batch holds; each is written to the project store as it arrives. One bad file never
stops the batch: its error is collected and reported at the end.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import ExtractionError, MinerError
from .extract import SUFFIXES, extract_bytes
from .metadata import CorpusMetadata
from .model import Extraction
from .settings import Settings
from .store import Store

# Files in a corpus folder that are corpus configuration, not documents.
CONFIG_FILES = {"metadata.csv", "speakers.csv", "trace-gold.csv"}


@dataclass
class Batch:
    """The outcome of a batch so far: errors and skipped files, filled while iterating."""

    files: list[Path] = field(default_factory=list)
    ids: dict[Path, str] = field(default_factory=dict)
    errors: list[MinerError] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    reused: int = 0
    processed: int = 0
    rejected: int = 0        # named paths refused before reading: missing or of an unsupported type

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    def summary(self) -> str:
        ok = self.reused + self.processed
        parts = [f"{ok} of {len(self.files) + self.rejected} input(s) extracted"]
        if self.reused:
            parts.append(f"{self.reused} reused from the store")
        if self.errors:
            parts.append(f"{len(self.errors)} failed")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        return ", ".join(parts)


def discover(paths: Iterable[str | Path], batch: Batch) -> list[Path]:
    """Expand files and folders (recursively) into the documents to read, in a stable order.

    Named files that are missing or unsupported become errors; unsupported files met while
    walking a folder are only noted as skipped, since corpus folders hold other things too.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            batch.errors.append(ExtractionError("file or folder not found", path=str(raw)))
            batch.rejected += 1
            continue
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if not f.is_file() or any(part.startswith(".") for part in f.relative_to(p).parts):
                    continue
                if f.name in CONFIG_FILES:
                    continue
                if f.suffix.lower() not in SUFFIXES:
                    batch.skipped.append(f"{f}: skipped, unsupported file type '{f.suffix or '(none)'}'")
                    continue
                if f.resolve() not in seen:
                    seen.add(f.resolve())
                    found.append(f)
        elif p.suffix.lower() not in SUFFIXES:
            batch.rejected += 1
            batch.errors.append(
                ExtractionError(
                    f"unsupported file type '{p.suffix or '(none)'}' (miner reads {', '.join(sorted(SUFFIXES))})",
                    path=str(raw),
                )
            )
        elif p.resolve() not in seen:
            seen.add(p.resolve())
            found.append(p)
    batch.files = found
    batch.ids = assign_ids(found)
    return found


def assign_ids(files: list[Path]) -> dict[Path, str]:
    """Readable, unique document ids from file names ("Eindrapport LOB 2019.pdf" -> "eindrapport-lob-2019")."""
    ids: dict[Path, str] = {}
    used: set[str] = set()
    for f in files:
        base = slug(f.stem) or "document"
        cand, n = base, 2
        while cand in used:
            cand, n = f"{base}-{n}", n + 1
        used.add(cand)
        ids[f] = cand
    return ids


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def extraction_key(sha256: str, settings: Settings) -> str:
    return f"{sha256}:{settings.extract_key()}"


def _work(path: str, settings: Settings, document_id: str) -> Extraction | ExtractionError:
    """Worker entry point: never raises, so one bad file cannot take the pool down."""
    try:
        check_size(path, settings)
        with open(path, "rb") as fh:
            data = fh.read()
        return extract_bytes(data, path, settings, document_id)
    except MinerError as err:
        return ExtractionError(err.problem, path=path)
    except MemoryError:
        return ExtractionError("file too large to process in memory", path=path)
    except Exception as err:  # a bug in a reader must still name the file
        return ExtractionError(f"unexpected error: {type(err).__name__}: {err}", path=path)


def check_size(path: str | Path, settings: Settings) -> None:
    size = os.path.getsize(path)
    if size > settings.max_file_mb * 1024 * 1024:
        raise ExtractionError(
            f"file too large ({size / 1048576:.0f} MB; the limit is {settings.max_file_mb} MB, "
            "raise it with --max-file-mb)",
            path=str(path),
        )


def _workers(settings: Settings) -> int:
    return settings.workers or max(1, min(os.cpu_count() or 1, 8))


def iter_extractions(
    paths: Iterable[str | Path],
    settings: Settings | None = None,
    store: Store | None = None,
    batch: Batch | None = None,
    metadata: CorpusMetadata | None = None,
    progress: bool = True,
    on_result: Callable[[Extraction, bool], None] | None = None,
) -> Iterator[Extraction]:
    """Yield one Extraction per readable file, in input order; errors go to ``batch.errors``.

    Unchanged files (same bytes, same settings) come from the store without re-extraction.
    ``on_result(extraction, reused)`` is called for each, e.g. to count or log.
    """
    settings = settings or Settings()
    batch = batch if batch is not None else Batch()
    files = discover(paths, batch)
    if metadata is None:
        metadata = CorpusMetadata.for_paths(paths)

    bar = _progress(len(files), "extract", progress)
    pending: dict[int, Future | Extraction | ExtractionError] = {}
    # Which positions came from the store: a result extracted in this process is an Extraction too.
    from_store: set[int] = set()
    pool: ProcessPoolExecutor | None = None
    n_workers = _workers(settings)
    max_in_flight = 2 * n_workers
    next_submit = 0
    next_yield = 0
    try:
        while next_yield < len(files):
            # Keep a bounded number of files in flight so memory does not grow with the batch.
            while next_submit < len(files) and next_submit - next_yield < max_in_flight:
                f = files[next_submit]
                doc_id = batch.ids[f]
                try:
                    sha = file_sha256(f)
                except OSError as err:
                    pending[next_submit] = ExtractionError(f"cannot read file: {err.strerror}", path=str(f))
                else:
                    cached = store.get_extraction(extraction_key(sha, settings)) if store else None
                    if cached is not None:
                        pending[next_submit] = _restamp(cached, doc_id, str(f))
                        from_store.add(next_submit)
                        batch.reused += 1
                    elif n_workers == 1 or len(files) == 1:
                        pending[next_submit] = _work(str(f), settings, doc_id)
                    else:
                        if pool is None:
                            pool = ProcessPoolExecutor(max_workers=n_workers)
                        pending[next_submit] = pool.submit(_work, str(f), settings, doc_id)
                next_submit += 1
            item = pending.pop(next_yield)
            f = files[next_yield]
            reused = next_yield in from_store
            next_yield += 1
            if isinstance(item, Future):
                item = item.result()
            bar.update(1)
            if isinstance(item, ExtractionError):
                batch.errors.append(item)
                continue
            if not reused:
                batch.processed += 1
                if store is not None:
                    store.put_extraction(extraction_key(item.document.sha256, settings), item)
            ex = metadata.apply(item, f)
            if on_result:
                on_result(ex, reused)
            yield ex
    finally:
        bar.close()
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _restamp(ex: Extraction, doc_id: str, path: str) -> Extraction:
    """A cached extraction of the same bytes under another name: give it this file's id and path."""
    if ex.document.id == doc_id and ex.document.path == path:
        return ex
    doc = replace(ex.document, id=doc_id, path=path)
    passages = [replace(p, document=doc_id, passage_id=f"{doc_id}:{p.index:05d}") for p in ex.passages]
    return Extraction(document=doc, blocks=ex.blocks, passages=passages)


class _NoBar:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _progress(total: int, desc: str, enabled: bool):
    if not enabled or total < 2:
        return _NoBar()
    from tqdm import tqdm

    # disable=None: a bar on a terminal, silence in CI logs and pipes.
    return tqdm(total=total, desc=desc, unit="doc", file=sys.stderr, disable=None, leave=False)
