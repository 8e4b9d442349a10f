"""Auto-coding: passages x codebook -> codings with a score and the evidence behind them.

Rules (lemma-aware cues, headings, lists, negation, modality) always run; a learned model
(``miner.coding.learned``), when given, turns the rule scores and the sentence's words into
probabilities and makes the final call.
"""

from __future__ import annotations

from .engine import code_passages

__all__ = ["code_passages", "code_run", "load_model", "save_model", "train_model"]


def load_model(path):
    from .learned import load_model as _load

    return _load(path)


def save_model(model, path):
    from .learned import save_model as _save

    return _save(model, path)


def train_model(*args, **kwargs):
    from .learned import train_model as _train

    return _train(*args, **kwargs)


def code_run(*args, **kwargs):
    from .run import code_run as _code_run

    return _code_run(*args, **kwargs)
