"""What every format reader returns, before segmentation."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Block


@dataclass
class Parsed:
    """A format reader's result: blocks in reading order plus what the file says about itself."""

    blocks: list[Block]
    kind: str = "report"                 # report | transcript
    pages: int | None = None
    title: str = ""
    warnings: list[str] = field(default_factory=list)
