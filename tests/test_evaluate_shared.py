"""The evaluation harness on the real development gold in ../shared (skipped when absent).

Asserts only what the harness is responsible for (loading and alignment), not the coder's scores.
"""

from pathlib import Path

import pytest

from miner.evaluation import corpus_from_sources, evaluate, load_units_gold

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def dev_gold():
    if not (SHARED / "dev-units.jsonl").exists() or not (SHARED / "seeds").is_dir():
        pytest.skip(f"the shared development gold is not at {SHARED}")
    return load_units_gold(SHARED / "dev-units.jsonl", SHARED / "dev-labels.jsonl")


def test_shared_dev_gold_loads(dev_gold):
    assert len(dev_gold.units) == 513 and len(dev_gold.documents) == 3
    assert all((u.type == "none") == (not u.themes) for u in dev_gold.units)


def test_shared_dev_gold_aligns_to_extracted_passages(dev_gold):
    corpus, errors = corpus_from_sources(dev_gold, SHARED / "seeds", lambda passages: [])
    assert errors == []
    ev = evaluate(dev_gold, corpus)
    al = ev.summary["alignment"]
    assert al["matched"] >= 0.95 * al["gold_units"], al["unmatched_units"]
    # Nothing coded: every gold-coded unit is a miss, every uncoded unit agrees.
    assert ev.summary["type"]["auto_uncoded"] == 513
    assert ev.summary["type"]["both_uncoded"] == sum(u.type == "none" for u in dev_gold.units)
