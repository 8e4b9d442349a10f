"""What every format reader returns, before segmentation."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TypeVar

from ..model import Block


@dataclass
class Parsed:
    """A format reader's result: blocks in reading order plus what the file says about itself."""

    blocks: list[Block]
    kind: str = "report"                 # report | transcript
    pages: int | None = None
    title: str = ""
    warnings: list[str] = field(default_factory=list)


# A title numbered like a section, typed as plain text ("2.1 Knelpunten", "3. Aanbevelingen"): the
# number, then a word. Readers that find such titles in body text (PDF body type, Word's Normal
# style) share the test and the rule below.
NUMBERED_TITLE = re.compile(r"^((?:\d{1,2}\.){0,3}\d{1,2})\.?\s+[^\W\d_]")

T = TypeVar("T")


def chapter_numbers(found: list[tuple[T, str]]) -> list[T]:
    """Of candidate titles with their numbers, those whose number is used once (a list restarts
    its numbers, chapters do not), and none unless at least two are left."""
    uses = Counter(n for _, n in found)
    keep = [x for x, n in found if uses[n] == 1]
    return keep if len(keep) >= 2 else []
