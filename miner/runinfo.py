"""What made an output: recorded next to every output set as run.json (and inside XLSX/HTML)."""

from __future__ import annotations

import datetime as _dt
import json
import os
import platform
from pathlib import Path
from typing import Any

from . import __version__
from .fileio import write_text
from .settings import Settings


def run_info(command: str, settings: Settings, codebook_hash: str | None = None, **extra: Any) -> dict[str, Any]:
    info: dict[str, Any] = {
        "miner_version": __version__,
        "command": command,
        "settings": settings.to_dict(),
        "settings_hash": settings.key(),
        "codebook_hash": codebook_hash,
        "python": platform.python_version(),
        # Input paths in documents.csv are as given, relative to here; exports use it to find originals.
        "cwd": os.getcwd(),
        "date": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
    }
    info.update(extra)
    return info


def write_run_info(out_dir: str | Path, info: dict[str, Any]) -> Path:
    path = Path(out_dir) / "run.json"
    write_text(path, json.dumps(info, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n")
    return path
