"""Corpus metadata: document attributes (metadata.csv) and the speaker-role map (speakers.csv).

Both live in the corpus folder, are optional, and are plain CSV an evaluator edits in a
spreadsheet:

``metadata.csv``  one row a document: ``file`` (name or path relative to the corpus folder) and any
                  attributes: title, year, date, organisation, sector, group, kind, ...
``speakers.csv``  ``document`` (file name, or ``*`` for every transcript), ``speaker``, ``role``
                  (interviewer | respondent) and optionally ``group`` (docent, leerling, ouder, ...)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import FormatError
from .model import Extraction

ROLES = ("interviewer", "respondent")


@dataclass
class CorpusMetadata:
    root: Path | None = None
    documents: dict[str, dict[str, str]] = field(default_factory=dict)   # key: normalised file name
    speakers: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)  # (file|*, speaker)

    @classmethod
    def for_paths(cls, paths: Iterable[str | Path]) -> "CorpusMetadata":
        """Metadata of the corpus folder when exactly one folder is given, else none."""
        paths = [Path(p) for p in paths]
        folders = [p for p in paths if p.is_dir()]
        if len(folders) == 1 and len(paths) == 1:
            return cls.load(folders[0])
        return cls()

    @classmethod
    def load(cls, folder: str | Path) -> "CorpusMetadata":
        folder = Path(folder)
        meta = cls(root=folder)
        mpath = folder / "metadata.csv"
        if mpath.exists():
            for lineno, row in _read_csv(mpath, required=("file",)):
                name = _norm(row.pop("file"))
                if not name:
                    raise FormatError("empty 'file' value", path=str(mpath), line=lineno)
                meta.documents[name] = {k: v for k, v in row.items() if v != ""}
        spath = folder / "speakers.csv"
        if spath.exists():
            for lineno, row in _read_csv(spath, required=("document", "speaker", "role")):
                role = row["role"].strip().lower()
                if role not in ROLES:
                    raise FormatError(
                        f"role '{row['role']}' is not one of {', '.join(ROLES)}", path=str(spath), line=lineno
                    )
                key = (_norm(row["document"]) or "*", row["speaker"].strip().casefold())
                meta.speakers[key] = {"role": role, "group": (row.get("group") or "").strip()}
        return meta

    def attributes(self, file: Path) -> dict[str, str]:
        for key in self._file_keys(file):
            if key in self.documents:
                return dict(self.documents[key])
        return {}

    def apply(self, ex: Extraction, file: Path) -> Extraction:
        """Attach document attributes and speaker roles; returns a new Extraction."""
        attrs = self.attributes(file)
        doc = ex.document
        if attrs:
            doc = replace(
                doc,
                metadata=attrs,
                title=attrs.get("title", doc.title),
                kind=attrs.get("kind", doc.kind) if attrs.get("kind") in ("report", "transcript") else doc.kind,
            )
        passages = ex.passages
        if self.speakers and any(p.speaker for p in passages):
            keys = self._file_keys(file)
            passages = [self._with_role(p, keys) for p in passages]
        if doc is ex.document and passages is ex.passages:
            return ex
        return Extraction(document=doc, blocks=ex.blocks, passages=passages)

    def _with_role(self, p, keys):
        if not p.speaker:
            return p
        spk = p.speaker.strip().casefold()
        for k in [*keys, "*"]:
            info = self.speakers.get((k, spk))
            if info:
                return replace(p, role=info["role"], group=info["group"] or None)
        return p

    def _file_keys(self, file: Path) -> list[str]:
        keys = [_norm(file.name), _norm(file.stem)]
        if self.root is not None:
            try:
                keys.insert(0, _norm(str(file.relative_to(self.root))))
            except ValueError:
                pass
        return keys


def _norm(name: str) -> str:
    return name.strip().replace("\\", "/").casefold()


def _read_csv(path: Path, required: tuple[str, ...]):
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Excel on Windows saves CSV this way
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in required if c not in header]
    if missing:
        raise FormatError(f"missing column(s) {', '.join(missing)} (found: {', '.join(header) or 'none'})", path=str(path), line=1)
    reader.fieldnames = header
    for i, row in enumerate(reader, start=2):
        yield i, {k: (v or "").strip() for k, v in row.items() if k is not None}
