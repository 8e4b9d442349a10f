"""Evaluate automatic codings against a human coding (``miner evaluate``).

gold (load a human coding) -> align (gold units to passages by text) -> evaluate (metrics) -> report.
"""

from .align import AutoCorpus, AutoDocument, align, labelled_passages, text_key
from .evaluate import Evaluation, evaluate
from .gold import Gold, GoldUnit, load_codings_gold, load_units_gold
from .report import format_report, write_outputs
from .sources import corpus_from_results, corpus_from_sources

__all__ = [
    "AutoCorpus", "AutoDocument", "Evaluation", "Gold", "GoldUnit", "align", "labelled_passages", "corpus_from_results",
    "corpus_from_sources", "evaluate", "format_report", "load_codings_gold", "load_units_gold", "text_key",
    "write_outputs",
]
