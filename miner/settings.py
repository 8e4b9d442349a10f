"""Settings that change outputs. Their hash is part of every cache key and every output's metadata."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from typing import Any

# Bump when extraction or segmentation changes what it produces, so cached results are not reused.
EXTRACT_VERSION = "4"   # 4: a title and byline above "1 Inleiding" in a file with a blank line after every line; 3: a title above "1 Inleiding", "Vraag 1" headings


@dataclass(frozen=True)
class Settings:
    language: str = "nl"                 # language of the corpus (sentence rules, lemmas, cues)
    min_passage_chars: int = 3           # shorter sentences (stray numbers, bullets) are dropped
    code_interviewer: bool = False       # interviewer turns are not coded unless asked
    workers: int = 0                     # process pool size; 0 = number of cores
    max_file_mb: int = 256               # larger files are refused up front instead of exhausting memory
    extra: tuple[tuple[str, Any], ...] = field(default_factory=tuple)  # stage-specific knobs

    def with_(self, **changes: Any) -> "Settings":
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("workers")  # how many processes ran does not change the output
        d.pop("max_file_mb")  # a limit on what is read, not on how it is read
        d["extra"] = dict(self.extra)
        return d

    def extract_key(self) -> str:
        """Hash of what determines extraction output (not coding settings)."""
        d = {"v": EXTRACT_VERSION, "language": self.language, "min": self.min_passage_chars}
        return _hash(d)

    def key(self) -> str:
        return _hash({"v": EXTRACT_VERSION, **self.to_dict()})


def _hash(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()[:16]
