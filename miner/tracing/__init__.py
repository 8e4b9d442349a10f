"""Recommendation tracing: what happened to each recommendation in the documents that followed?

``trace(results)`` takes a loaded run folder (:func:`miner.results.load_results`) and returns one
row per (recommendation, later document) link, plus a "no trace" row for each recommendation
that no later document picks up; ``trace_run(run_dir)`` writes that table as trace.csv,
trace.xlsx (with a "run" sheet) and trace.json (miner version, codebook hash, settings,
document order, warnings).

Link kinds: *repeated* (a later non-policy document recommends it again or names the same
barrier), *addressed* (a later policy document, or a non-evaluation document, commits to action
on it), *mentioned* (it matches, but neither) and *no trace*. See :mod:`.links` for the rules,
:mod:`.match` for the score and :mod:`.order` for what "later" means.

Threshold and tuning
--------------------
A later passage matches when its score reaches ``TraceSettings.threshold`` (default 0.30) and it
shares at least two content lemmas or compound parts with the recommendation (words found in
more than 20% of all passages, such as "LOB" in an LOB corpus, do not count) or a rare name.
The score is ``0.5 * lemma TF-IDF cosine + 0.2 * character-n-gram cosine + 0.3 * fuzzy ratio``,
times 1.25 when the two passages share a coded theme, plus up to 0.15 for shared rare names.
Candidates are coded passages and passages with commitment language, not headings or list
intros or questions; transcripts are left out unless ``include_transcripts`` is set. Per later
document the best match decides the kind, except that an addressed (or repeated) match scoring at
least ``kind_margin`` (0.85) of the best wins over a weaker kind. A later evaluation sentence that
reports progress ("gerealiseerd", "sinds 2019", "inmiddels") is a mention, one that reports the
problem as open ("nog steeds niet", "blijft") a repeat, whatever its coding.

Tuned on the demo corpus gold (corpora/demo/trace-gold.csv: 23 recommendations, 44 links, 4
without trace; ``python benchmarks/trace_eval.py --sweep``, results in
benchmarks/results/trace_eval.json): precision/recall of (target document, kind) 0.93/0.84 at
0.30, against 0.86/0.84 at 0.25 and 0.91/0.73 at 0.35; ignoring the kind 1.00/0.91. These move a
little with the coder (which passages are coded decides the candidates and "repeated"). The demo
reports were written for this test and share their vocabulary; on the three real seed documents
(../shared/seeds) roughly a third to a half of the links are ones an evaluator accepts, and a
programme that changed its name between reports (a support point recommended in 2015, an
expertise point in 2021) is not linked. For real corpora consider ``mention_threshold=0.4``
(fewer, surer "mentioned" links; it costs recall on the demo) and review the links by hand.
"""

from .links import STATUSES, TRACE_COLUMNS, TraceInfo, TraceSettings, trace
from .output import trace_run

__all__ = ["STATUSES", "TRACE_COLUMNS", "TraceInfo", "TraceSettings", "trace", "trace_run"]
