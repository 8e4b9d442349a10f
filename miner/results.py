"""Read a run folder (what ``miner extract``, ``code`` or ``run`` wrote) back as pandas tables.

Cross-document stages (matrices, tracing, exports) start from here, never from another stage's
internals. Document texts are not in the CSVs; :meth:`Results.document_text` fetches them from the
project store by content hash.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import FormatError
from .model import Extraction
from .settings import Settings
from .store import Store


@dataclass
class Results:
    folder: Path
    documents: pd.DataFrame
    passages: pd.DataFrame
    codings: pd.DataFrame | None
    run: dict[str, Any] = field(default_factory=dict)

    def extraction(self, document_id: str) -> Extraction:
        row = self.documents.loc[self.documents["id"] == document_id]
        if row.empty:
            raise KeyError(document_id)
        sha = row.iloc[0]["sha256"]
        settings = Settings(**{k: v for k, v in self.run.get("settings", {}).items() if k in ("language", "min_passage_chars", "code_interviewer")})
        with Store(self.folder) as store:
            ex = store.get_extraction(f"{sha}:{settings.extract_key()}")
        if ex is None:
            raise FormatError(f"the store has no extraction of document '{document_id}'; run miner extract again", path=str(self.folder))
        return ex

    def document_text(self, document_id: str) -> str:
        return self.extraction(document_id).document.text


def _read(path: Path, required: bool) -> pd.DataFrame | None:
    if not path.exists():
        if required:
            raise FormatError("missing; is this a folder written by miner extract, code or run?", path=str(path))
        return None
    # Everything as text first: ids like "001" and empty speaker cells must survive unchanged.
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    for col in ("page", "start", "end", "index", "pages"):
        if col in df.columns:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
    if "score" in df.columns:
        df["score"] = pd.to_numeric(df["score"], errors="coerce")
    return df


def load_results(folder: str | Path) -> Results:
    folder = Path(folder)
    run_path = folder / "run.json"
    run = json.loads(run_path.read_text(encoding="utf-8")) if run_path.exists() else {}
    return Results(
        folder=folder,
        documents=_read(folder / "documents.csv", True),
        passages=_read(folder / "passages.csv", True),
        codings=_read(folder / "codings.csv", False),
        run=run,
    )
