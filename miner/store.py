"""The project store: the one place miner persists state between runs.

A single SQLite file (``<out>/miner.sqlite``) holds per-document results keyed by content hash and
the settings that produced them, so re-running on unchanged files, or after adding one document,
redoes only what changed. Only the parent process writes to it; workers return results.

Values are zlib-compressed JSON of the model dataclasses: inspectable with any SQLite tool, and
never unpickled (a store file may come from someone else).
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .model import Coding, Extraction

STORE_NAME = "miner.sqlite"
SCHEMA = """
CREATE TABLE IF NOT EXISTS cache (
    kind TEXT NOT NULL,          -- 'extraction', 'codings', ...
    key TEXT NOT NULL,           -- content hash + settings hash (+ codebook hash)
    value BLOB NOT NULL,         -- zlib(JSON)
    created REAL NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    command TEXT NOT NULL,
    started REAL NOT NULL,
    meta TEXT NOT NULL           -- JSON: miner version, codebook hash, settings, counts
);
"""


class Store:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        if self.path.is_dir() or self.path.suffix != ".sqlite":
            self.path = self.path / STORE_NAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._open()
        except sqlite3.DatabaseError as err:
            # The store is a cache: a damaged one costs re-extraction, not results. It is kept
            # aside for inspection and the run starts from an empty store.
            self._db.close()
            aside = self.path.with_name(self.path.name + ".damaged")
            self.path.replace(aside)
            print(f"miner: warning: {self.path}: not a usable project store ({err}); moved to {aside.name}, "
                  "starting with an empty one (every document is extracted and coded again)", file=sys.stderr)
            self._open()
        self.hits = 0
        self.misses = 0

    def _open(self) -> None:
        self._db = sqlite3.connect(self.path)
        self._db.executescript(SCHEMA)
        self._db.commit()

    # -- generic ---------------------------------------------------------------------------
    def get(self, kind: str, key: str) -> Any | None:
        row = self._db.execute("SELECT value FROM cache WHERE kind=? AND key=?", (kind, key)).fetchone()
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        return json.loads(zlib.decompress(row[0]))

    def put(self, kind: str, key: str, value: Any) -> None:
        blob = zlib.compress(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode(), 6)
        self._db.execute(
            "INSERT OR REPLACE INTO cache(kind, key, value, created) VALUES (?,?,?,?)",
            (kind, key, blob, time.time()),
        )
        self._db.commit()

    def keys(self, kind: str) -> Iterator[str]:
        for (k,) in self._db.execute("SELECT key FROM cache WHERE kind=? ORDER BY key", (kind,)):
            yield k

    # -- typed helpers -----------------------------------------------------------------------
    def get_extraction(self, key: str) -> Extraction | None:
        d = self.get("extraction", key)
        return None if d is None else Extraction.from_dict(d)

    def put_extraction(self, key: str, ex: Extraction) -> None:
        self.put("extraction", key, ex.to_dict())

    def get_codings(self, key: str) -> list[Coding] | None:
        d = self.get("codings", key)
        return None if d is None else [Coding.from_dict(c) for c in d]

    def put_codings(self, key: str, codings: list[Coding]) -> None:
        self.put("codings", key, [c.to_dict() for c in codings])

    def record_run(self, command: str, meta: dict[str, Any]) -> None:
        self._db.execute(
            "INSERT INTO runs(command, started, meta) VALUES (?,?,?)",
            (command, time.time(), json.dumps(meta, sort_keys=True, default=str)),
        )
        self._db.commit()

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
