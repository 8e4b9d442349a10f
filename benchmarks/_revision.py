"""The miner package (and codebooks) as they were at a git revision, for --baseline comparisons."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def tree_at(rev: str | None, dest: Path, parts: tuple[str, ...] = ("miner", "codebooks")) -> Path:
    """Unpack ``parts`` of the repository at ``rev`` into ``dest`` and return it; None: this working tree."""
    if rev is None:
        return ROOT
    res = subprocess.run(["git", "archive", rev, *parts], cwd=ROOT, capture_output=True)
    if res.returncode:
        raise SystemExit(f"--baseline {rev}: {res.stderr.decode(errors='replace').strip()}")
    with tarfile.open(fileobj=io.BytesIO(res.stdout)) as tar:
        tar.extractall(dest, filter="data")
    return dest
