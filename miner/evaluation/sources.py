"""Where automatic codings come from: a run folder, or coding the gold's own source documents."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import FormatError, MinerError
from ..model import SECTION_SEP, Coding, Passage
from ..pipeline import slug
from ..settings import Settings
from .align import AutoCorpus, AutoDocument
from .gold import Gold


def corpus_from_results(folder: str | Path) -> AutoCorpus:
    """The passages and codings of a run folder written by ``miner code`` or ``miner run``."""
    from ..results import load_results

    res = load_results(folder)
    if res.codings is None:
        raise FormatError("no codings.csv: run miner code on this folder first", path=str(Path(folder) / "codings.csv"))
    docs: dict[str, AutoDocument] = {}
    for row in res.documents.itertuples(index=False):
        docs[row.id] = AutoDocument(id=row.id, path=row.path, passages=[])
    for i, row in enumerate(res.passages.to_dict("records")):
        d = docs.get(row["document"])
        if d is None:
            d = docs[row["document"]] = AutoDocument(id=row["document"], path=row["document"], passages=[])
        d.passages.append(Passage(
            document=row["document"], passage_id=row["passage_id"], index=len(d.passages),
            kind=row.get("kind") or "paragraph", text=row.get("text") or "",
            start=_int(row.get("start")), end=_int(row.get("end")), page=_int(row.get("page"), None),
            section=tuple(s for s in (row.get("section") or "").split(SECTION_SEP) if s),
            speaker=row.get("speaker") or None,
        ))
    known = {(d.id, p.passage_id) for d in docs.values() for p in d.passages}
    for row in res.codings.to_dict("records"):
        key = (row.get("document"), row.get("passage_id"))
        # Merged multi-sentence segments may sit next to the sentence rows: score sentences only.
        if key not in known:
            continue
        score = row.get("score")
        docs[key[0]].codings.setdefault(key[1], []).append(Coding(
            document=key[0], passage_id=key[1], type=row.get("type") or "", theme=row.get("theme") or "",
            score=float(score) if score == score and score is not None else 1.0,
            method=row.get("method") or "", evidence=row.get("evidence") or "", coder=row.get("coder") or "miner",
        ))
    return AutoCorpus(docs, source=str(folder), run=res.run)


def corpus_from_sources(
    gold: Gold,
    sources: str | Path,
    coder: Callable[[list[Passage]], list[Coding]],
    settings: Settings | None = None,
) -> tuple[AutoCorpus, list[MinerError]]:
    """Extract the documents the gold names from ``sources``/<doc> and code them with ``coder``.

    The folder's metadata.csv and speakers.csv apply as in a run (speaker roles decide which turns
    are the interviewer's, and those frame the answers), so the scores match ``miner run``'s.
    A missing or unreadable source is returned as an error; its units then count as unmatched;
    a malformed metadata file is an error for the whole call, as it is for a run.
    """
    from ..extract import extract_file
    from ..metadata import CorpusMetadata

    settings = settings or Settings()
    sources = Path(sources)
    if not sources.is_dir():
        raise FormatError("sources folder not found", path=str(sources))
    metadata = CorpusMetadata.load(sources)
    docs: dict[str, AutoDocument] = {}
    errors: list[MinerError] = []
    for name in gold.documents:
        path = sources / name
        if not path.is_file():
            errors.append(FormatError(f"source document '{name}' named by the gold is not in the sources folder", path=str(path)))
            continue
        try:
            ex = metadata.apply(extract_file(path, settings, document_id=slug(Path(name).stem) or "document"), path)
        except MinerError as err:
            errors.append(err)
            continue
        doc = AutoDocument(id=ex.document.id, path=str(path), passages=ex.passages)
        for c in coder(ex.passages):
            doc.codings.setdefault(c.passage_id, []).append(c)
        docs[doc.id] = doc
    return AutoCorpus(docs, source=str(sources)), errors


def _int(v, default: int | None = -1) -> int | None:
    try:
        return int(v)
    except (TypeError, ValueError):
        return default
