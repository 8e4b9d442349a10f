"""Coding one invented sentence, for the coding tests (not a test module itself)."""

from __future__ import annotations

from miner.coding import code_passages
from miner.model import Passage
from miner.settings import Settings

FINDINGS = ("4 Bevindingen",)


def sentence(text: str, section: tuple[str, ...] = FINDINGS, kind: str = "paragraph") -> Passage:
    return Passage(document="d", passage_id="d:00000", index=0, kind=kind, text=text, start=0,
                   end=len(text), section=section, block=0)


def coded(cb, text: str, section: tuple[str, ...] = FINDINGS):
    return code_passages([sentence(text, section)], cb, Settings())


def type_of(cb, text: str, section: tuple[str, ...] = FINDINGS) -> str:
    """The one type miner gives the sentence, or 'none'."""
    types = {c.type for c in coded(cb, text, section)}
    assert len(types) <= 1
    return next(iter(types), "none")
