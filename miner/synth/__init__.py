"""Synthesis: cross-document matrices from a coded run folder, as pandas and as files.

>>> from miner.synth import Synthesis
>>> s = Synthesis.load("outputs/demo")            # reads documents.csv, passages.csv, codings.csv
>>> s.theme_matrix("barrier")                     # documents x themes, passages coded barrier
>>> s.grouped_matrix("year", value="share")
>>> s.framework_matrix(n=3); s.cooccurrence(window=2); s.long_table()
>>> s.write("outputs/demo")                       # matrices/*.csv, matrices.xlsx, codings_long.csv

See :mod:`miner.synth.matrices` for exactly what each cell counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..codebook import Codebook
from ..errors import CodebookError, FormatError
from ..fileio import atomic_open
from ..results import Results, load_results
from . import cooccurrence as _co
from . import framework as _fw
from . import matrices as _m
from .matrices import ALL, VALUES
from .workbook import write_workbook

__all__ = ["ALL", "VALUES", "Synthesis", "resolve_codebook", "synthesise"]

DEFAULT_WINDOW = 2
DEFAULT_QUOTES = 3


def resolve_codebook(ref: Codebook | str | Path | None, run: dict[str, Any] | None = None) -> Codebook | None:
    """A Codebook from an object, a name ("lob") or a file; else the one run.json names, if loadable."""
    if isinstance(ref, Codebook):
        return ref
    candidates = [ref] if ref is not None else []
    if ref is None and run:
        for key in ("codebook", "codebook_name", "codebook_source", "codebook_path"):
            val = run.get(key)
            if isinstance(val, dict):
                val = val.get("source") or val.get("name")
            if isinstance(val, str) and val:
                candidates.append(val)
    if not candidates:
        return None
    try:
        from ..codebook_io import load_codebook
    except ImportError:
        if ref is not None:
            raise CodebookError("cannot load codebooks: miner.codebook_io is not available", path=str(ref))
        return None
    # Prefer the codebook the run was coded with (its hash), e.g. the file over a newer built-in;
    # the first that has it ends the search (run.json names the same file several ways).
    want = (run or {}).get("codebook_hash")
    loaded: list[Codebook] = []
    for cand in dict.fromkeys(candidates):
        try:
            cb = load_codebook(cand)
        except (CodebookError, FileNotFoundError, OSError):
            if ref is not None:
                raise
            continue
        if want and cb.hash() == want:
            return cb
        loaded.append(cb)
    return loaded[0] if loaded else None


@dataclass
class Synthesis:
    """A coded run, ready to cross-tabulate. Build with :meth:`load` or :meth:`from_results`."""

    documents: pd.DataFrame
    codings: pd.DataFrame                 # prepared: one row per (passage, type, theme), with position
    types: list[str]
    themes: list[str]
    codebook: Codebook | None = None
    run: dict[str, Any] = field(default_factory=dict)
    window: int = DEFAULT_WINDOW
    quotes: int = DEFAULT_QUOTES
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_results(cls, results: Results, codebook: Codebook | str | Path | None = None, **kw: Any) -> "Synthesis":
        if results.codings is None:
            raise FormatError("missing codings.csv; run miner code or miner run first", path=str(results.folder / "codings.csv"))
        cb = resolve_codebook(codebook, results.run)
        codings = _m.prepare(results.codings, results.passages)
        types = _m.ordered(cb.type_ids() if cb else [], codings["type"])
        themes = _m.ordered(cb.theme_ids() if cb else [], codings["theme"])
        docs = results.documents.copy()
        for col in docs.columns:
            if col not in ("pages",):
                docs[col] = docs[col].fillna("").astype(str)
        docs = _m.chronological(docs)
        return cls(documents=docs, codings=codings, types=types, themes=themes, codebook=cb, run=dict(results.run), **kw)

    @classmethod
    def load(cls, folder: str | Path, codebook: Codebook | str | Path | None = None, **kw: Any) -> "Synthesis":
        return cls.from_results(load_results(folder), codebook, **kw)

    # -- the matrices ----------------------------------------------------------------------
    @property
    def document_ids(self) -> list[str]:
        return list(self.documents["id"])

    def _memo(self, key: tuple, make) -> pd.DataFrame:
        # The files, the workbook and the report all ask for the same matrices; compute each once.
        # Callers get a copy, so editing a returned frame cannot change a later answer.
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key].copy()

    def _counts(self, by: str):
        key = ("counts", by)
        if key not in self._cache:
            self._cache[key] = _m.group_counts(self.codings, self.documents, by)
        return self._cache[key]

    def theme_matrix(self, type: str | None = None, value: str = "count") -> pd.DataFrame:
        return self._memo(("theme", type or ALL, value), lambda: _m.theme_matrix(
            self.codings, self.document_ids, self.themes, type, value, counts=self._counts("document")[0]))

    def grouped_matrix(self, by: str, type: str | None = None, value: str = "count") -> pd.DataFrame:
        return self._memo(("grouped", by, type or ALL, value), lambda: _m.grouped_matrix(
            self.codings, self.documents, by, self.themes, type, value, counts=self._counts(by)))

    def grouping_attributes(self) -> list[str]:
        return _m.grouping_attributes(self.documents, self.codings)

    def framework_matrix(self, type: str | None = None, n: int | None = None) -> pd.DataFrame:
        return _fw.framework_matrix(self.codings, self.document_ids, self.themes, type, n or self.quotes)

    def cell_quotes(self, type: str | None = None, n: int | None = None) -> dict[tuple[str, str], list[dict]]:
        return _fw.cell_quotes(self.codings, type, n or self.quotes)

    def type_theme(self, value: str = "count") -> pd.DataFrame:
        return self._memo(("type_theme", value), lambda: _m.type_theme(self.codings, self.types, self.themes, value))

    def cooccurrence(self, window: int = 0, type: str | None = None) -> pd.DataFrame:
        return self._memo(("cooccurrence", window, type or ALL),
                          lambda: _co.cooccurrence(self.codings, self.themes, window, type))

    def long_table(self) -> pd.DataFrame:
        return self._memo(("long",), lambda: _m.long_table(self.codings, self.documents, self.types, self.themes))

    def document_labels(self) -> dict[str, str]:
        """Readable row labels: "2016 · <title>" (year when known, title or else the id)."""
        out = {}
        for r in self.documents.to_dict("records"):
            name = r.get("title") or r["id"]
            year = str(r.get("year") or "").strip()
            out[r["id"]] = f"{year} \u00b7 {name}" if year else name
        return out

    def label(self, code_id: str) -> str:
        if self.codebook is not None:
            try:
                return self.codebook.get(code_id).name(self.codebook.language)
            except KeyError:
                pass
        return code_id

    # -- files -----------------------------------------------------------------------------
    def tables(self) -> list[tuple[str, str, pd.DataFrame, str]]:
        """Every exported table: (csv path relative to the run folder, sheet name, frame, style)."""
        out: list[tuple[str, str, pd.DataFrame, str]] = []
        for value in VALUES:
            style = "share" if value == "share" else "number"
            for t in [ALL, *self.types]:
                out.append((f"matrices/theme_{value}_{t}.csv", f"{value} {t}", self.theme_matrix(t, value), style))
        for attr in self.grouping_attributes():
            values = ("count", "share") if attr in _m.PASSAGE_ATTRIBUTES else ("count", "share", "documents")
            for value in values:
                frame = pd.concat(
                    {t: self.grouped_matrix(attr, t, value) for t in [ALL, *self.types]}, names=["type"]
                )
                out.append((f"matrices/by_{_file_part(attr)}_{value}.csv", f"by {attr} {value}", frame,
                            "share" if value == "share" else "number"))
        out.append(("matrices/type_theme_count.csv", "type x theme", self.type_theme("count"), "number"))
        out.append(("matrices/type_theme_documents.csv", "type x theme documents", self.type_theme("documents"), "number"))
        out.append(("matrices/cooccurrence_passage.csv", "co-occurrence passage", self.cooccurrence(0), "number"))
        out.append((f"matrices/cooccurrence_window{self.window}.csv", f"co-occurrence window {self.window}",
                    self.cooccurrence(self.window), "number"))
        out.append(("matrices/framework.csv", "framework", self.framework_matrix(), "text"))
        out.append(("codings_long.csv", "codings", self.long_table(), "table"))
        return out

    def codebook_table(self) -> pd.DataFrame:
        rows = []
        if self.codebook is not None:
            lang = self.codebook.language
            for c in self.codebook.codes:
                rows.append([c.facet, c.id, c.name(lang), c.parent or "", c.definition, c.include, c.exclude])
        else:
            rows = [["type", t, t, "", "", "", ""] for t in self.types] + [["theme", t, t, "", "", "", ""] for t in self.themes]
        return pd.DataFrame(rows, columns=["facet", "id", "label", "parent", "definition", "include", "exclude"])

    def write(self, out: str | Path, workbook: bool = True) -> list[Path]:
        """Write every table as CSV under ``out`` and all of them to ``out``/matrices.xlsx."""
        out = Path(out)
        written: list[Path] = []
        sheets: list[tuple[str, pd.DataFrame, str]] = []
        # The workbook is for reading: code labels in headers (the CSVs keep the stable ids).
        labels = {c: self.label(c) for c in [*self.types, *self.themes]}
        if len(set(labels.values())) < len(labels):
            labels = {}
        for rel, sheet, frame, style in self.tables():
            path = out / rel
            with atomic_open(path) as fh:
                frame.to_csv(fh, index=style != "table", float_format="%.4f", lineterminator="\n")
            written.append(path)
            sheets.append((sheet, frame if style == "table" else frame.rename(index=labels, columns=labels), style))
        _remove_stale(out / "matrices", "*.csv", written)
        if workbook:
            sheets.append(("codebook", self.codebook_table(), "table"))
            run = {**self.run, "codebook_name": self.codebook.name if self.codebook else "",
                   "codings": len(self.codings), "documents": len(self.documents)}
            write_workbook(out / "matrices.xlsx", sheets, run)
            written.append(out / "matrices.xlsx")
        return written


def _remove_stale(folder: Path, pattern: str, written: list[Path]) -> None:
    """Drop our outputs from an earlier run that this run did not write (a type or attribute gone),
    so the folder never mixes matrices of two runs."""
    keep = {p.resolve() for p in written}
    for old in folder.glob(pattern):
        if old.resolve() not in keep and re.match(r"(theme|by|type_theme|cooccurrence)_.*\.csv$|framework\.csv$|heatmap_.*\.png$", old.name):
            old.unlink()


def _file_part(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower() or "attribute"


def synthesise(folder: str | Path, codebook: Codebook | str | Path | None = None, out: str | Path | None = None,
               **kw: Any) -> Synthesis:
    """Load a coded run folder, write its matrices (into ``out`` or the folder) and return them."""
    s = Synthesis.load(folder, codebook, **kw)
    s.write(out or folder)
    return s
