"""The held-out gold in corpora/heldout: loads, covers the codebook, and aligns to miner's passages.

A held-out set that quietly stops aligning scores every unit as "left uncoded" and looks like a
bad coder; these tests make that a failing test instead. They say nothing about the coder's scores.
"""

import json
import shutil
from pathlib import Path

import pytest

from miner.codebook_io import load_codebook
from miner.errors import FormatError
from miner.evaluation import align, corpus_from_sources, evaluate, load_units_gold, text_key

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "corpora" / "heldout"
SHARED = ROOT.parent / "shared"
DOCS = {
    "evaluatie-kiesroute-aldervaart-2024.txt",
    "midterm-review-goed-gestart-dorwijk-2024.txt",
    "raadsbrief-loopbaan-vlietmond-2025.txt",
}


@pytest.fixture(scope="module")
def codebook():
    return load_codebook("lob")


@pytest.fixture(scope="module")
def gold(codebook):
    return load_units_gold(HELDOUT / "units.jsonl", HELDOUT / "labels.jsonl",
                           set(codebook.type_ids()), set(codebook.theme_ids()))


@pytest.fixture(scope="module")
def corpus(gold):
    corpus, errors = corpus_from_sources(gold, HELDOUT, lambda passages: [])
    assert errors == []
    return corpus


def test_gold_loads_with_the_lob_codebook_ids(gold, codebook):
    assert set(gold.documents) == DOCS
    assert len(gold.units) == 372
    assert all((u.type == "none") == (not u.themes) for u in gold.units)
    # A held-out set is only a check of what it contains: every type and theme must occur.
    assert {u.type for u in gold.units} == set(codebook.type_ids()) | {"none"}
    assert {t for u in gold.units for t in u.themes} == set(codebook.theme_ids())


def test_every_unit_is_a_verbatim_sentence_of_its_document(gold):
    texts = {d: (HELDOUT / d).read_text(encoding="utf-8") for d in DOCS}
    missing = [u.id for u in gold.units if u.text not in texts[u.doc]]
    assert missing == []
    # Units run through each document in order, so the alignment hint never has to search back.
    for doc in DOCS:
        pos = [texts[doc].find(u.text) for u in gold.units if u.doc == doc]
        assert pos == sorted(pos)


def test_every_unit_aligns_exactly_to_a_miner_passage(gold, corpus, codebook):
    ev = evaluate(gold, corpus, codebook.type_ids(), codebook.theme_ids())
    al = ev.summary["alignment"]
    assert al["coverage"] == 1.0 and al["unmatched_units"] == []
    assert al["by_method"] == {"exact": 372}
    alignments = align(gold.units, corpus)
    # Units follow miner's sentence cuts: one passage each, and a unit is that whole passage
    # except for the letter's salutation and signature lines, which miner joins into one paragraph.
    for u in gold.units:
        a = alignments[u.id]
        assert len(a.passage_ids) == 1, u.id
        doc = corpus.documents[a.document]
        passage = next(p for p in doc.passages if p.passage_id == a.passage_ids[0])
        if text_key(passage.text) != text_key(u.text):
            assert u.doc == "raadsbrief-loopbaan-vlietmond-2025.txt" and u.type == "none", u.id


def test_gold_covers_every_body_sentence(gold, corpus):
    """Complete gold: every non-heading passage has a unit, so uncoded text is scored too."""
    alignments = align(gold.units, corpus)
    covered = {(a.document, pid) for a in alignments.values() for pid in a.passage_ids}
    left = [(d.id, p.text) for d in corpus.documents.values() for p in d.passages
            if p.kind != "heading" and (d.id, p.passage_id) not in covered]
    assert left == []


def test_a_corrupted_label_is_refused_naming_file_and_line(tmp_path, codebook):
    labels = (HELDOUT / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    row = json.loads(labels[40])
    row["themes"] = ["curriculum"]          # not a lob theme id
    labels[40] = json.dumps(row)
    bad = tmp_path / "labels.jsonl"
    bad.write_text("\n".join(labels) + "\n", encoding="utf-8")
    with pytest.raises(FormatError) as err:
        load_units_gold(HELDOUT / "units.jsonl", bad, set(codebook.type_ids()), set(codebook.theme_ids()))
    msg = str(err.value)
    assert "labels.jsonl" in msg and "41" in msg and "curriculum" in msg


def test_a_missing_source_document_is_reported_and_its_units_unmatched(tmp_path, gold):
    src = tmp_path / "src"
    src.mkdir()
    for d in sorted(DOCS)[:2]:
        shutil.copy(HELDOUT / d, src / d)
    corpus, errors = corpus_from_sources(gold, src, lambda passages: [])
    assert len(errors) == 1 and "raadsbrief-loopbaan-vlietmond-2025.txt" in str(errors[0])
    ev = evaluate(gold, corpus)
    assert len(ev.summary["alignment"]["unmatched_units"]) == sum(
        u.doc == "raadsbrief-loopbaan-vlietmond-2025.txt" for u in gold.units)


@pytest.mark.shared
def test_heldout_shares_no_sentence_with_shared_dev_gold(gold):
    """Independence: the held-out texts are not built from the dev gold's (copyrighted) sentences."""
    if not (SHARED / "dev-units.jsonl").exists():
        pytest.skip(f"the shared development gold is not at {SHARED}")
    dev = {text_key(json.loads(line)["text"])
           for line in (SHARED / "dev-units.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()}
    ours = {text_key(u.text) for u in gold.units if len(text_key(u.text)) >= 40}
    assert ours and not (ours & dev)
