"""Corpus metadata: document attributes (metadata.csv) and the speaker-role map (speakers.csv).

Both live in the corpus folder, are optional, and are plain CSV an evaluator edits in a
spreadsheet:

``metadata.csv``  one row a document: ``file`` (name or path relative to the corpus folder) and any
                  attributes: title, year, date, organisation, sector, group, kind, ...
``speakers.csv``  ``document`` (file name, stem, relative path, a glob such as ``ouders/*.vtt``, or
                  ``*`` for every transcript), ``speaker`` (a name, or ``*`` for every speaker of
                  those documents), ``role`` (interviewer | respondent) and optionally ``group``
                  (docent, leerling, ouder, ...)

Speaker roles are looked up from the most to the least specific row: this document and this
speaker, a matching glob and this speaker, any document (``*``) and this speaker, then this
document (or glob) with speaker ``*``. A speaker no row names but who is labelled as one
("Interviewer", "Interviewster 2", "Onderzoeker", "Moderator") is the interviewer; once a document
has an interviewer, its other unnamed speakers are respondents, with the document's ``group``
attribute from metadata.csv when it has one. So interviewer turns can be left out of coding
without any speakers.csv for the common case.
"""

from __future__ import annotations

import csv
import io
import re
from fnmatch import fnmatchcase
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import FormatError
from .model import Extraction

ROLES = ("interviewer", "respondent")
_INTERVIEWER_LABEL = re.compile(
    r"^(?:interviewer|interviewster|onderzoeker|onderzoekster|gespreksleider|gespreksleidster|moderator|"
    r"facilitator|i|int)(?:[ .#-]*\d{1,2})?$",
    re.IGNORECASE,
)
_GLOB = re.compile(r"[*?\[]")


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
                speaker = " ".join(row["speaker"].split()).casefold()
                if not speaker:
                    raise FormatError("empty 'speaker' value (use * for every speaker)", path=str(spath), line=lineno)
                key = (_norm(row["document"]) or "*", speaker)
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
        names = sorted({p.speaker for p in passages if p.speaker})
        roles = self.speaker_roles(file, names, attrs.get("group", "")) if names else {}
        if roles:
            passages = [
                replace(p, role=roles[p.speaker][0], group=roles[p.speaker][1] or None)
                if p.speaker in roles else p
                for p in passages
            ]
        if doc is ex.document and passages is ex.passages:
            return ex
        return Extraction(document=doc, blocks=ex.blocks, passages=passages)

    def speaker_roles(self, file: Path, speakers: Iterable[str], group: str = "") -> dict[str, tuple[str, str]]:
        """(role, group) for each speaker of ``file`` that has one (see the module notes)."""
        keys = self._file_keys(file)
        globs = [d for d, _ in self.speakers if d != "*" and _GLOB.search(d) and any(fnmatchcase(k, d) for k in keys)]
        out: dict[str, tuple[str, str]] = {}
        unknown = []
        for name in speakers:
            spk = " ".join(name.split()).casefold()
            order = [(k, spk) for k in keys] + [(g, spk) for g in globs] + [("*", spk)]
            order += [(k, "*") for k in keys] + [(g, "*") for g in globs] + [("*", "*")]
            info = next((self.speakers[k] for k in order if k in self.speakers), None)
            if info:
                fill = group if info["role"] == "respondent" else ""
                out[name] = (info["role"], info["group"] or fill)
            elif _INTERVIEWER_LABEL.match(spk):
                out[name] = ("interviewer", "")
            else:
                unknown.append(name)
        if unknown and any(role == "interviewer" for role, _ in out.values()):
            for name in unknown:
                out[name] = ("respondent", group)
        return out

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
