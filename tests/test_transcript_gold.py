"""The transcript sentence gold (corpora/demo-source/transcript-gold) against the demo transcripts.

The gold's units must be exactly the respondent passages miner extracts, so that a change in
transcript parsing or sentence splitting shows up here instead of as a silently lower score.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from miner.cli import main
from miner.codebook_io import load_codebook
from miner.errors import FormatError
from miner.evaluation import align, corpus_from_sources, evaluate, load_units_gold, text_key
from miner.model import Coding
from miner.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "corpora" / "demo-source" / "transcript-gold"
DEMO = ROOT / "corpora" / "demo"
TRANSCRIPTS = {
    "interview-mentoren-stroomdal-2019.txt": 80,
    "groepsgesprek-leerlingen-veldhove-2021.txt": 62,
    "zoom-ouders-2021.srt": 47,
    "interview-slb-roc-lingeveld-2021.docx": 53,
    "teams-decanen-2023.vtt": 50,
}


@pytest.fixture(scope="module")
def codebook():
    return load_codebook("lob")


@pytest.fixture(scope="module")
def gold(codebook):
    return load_units_gold(GOLD / "units.jsonl", GOLD / "labels.jsonl", set(codebook.type_ids()), set(codebook.theme_ids()))


@pytest.fixture(scope="module")
def bare_corpus(gold):
    corpus, errors = corpus_from_sources(gold, DEMO, lambda ps: [], Settings())
    assert errors == []
    return corpus


def respondents() -> dict[str, set[str]]:
    with open(DEMO / "speakers.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out: dict[str, set[str]] = {}
    for r in rows:
        if r["role"] == "respondent":
            out.setdefault(r["document"], set()).add(r["speaker"])
    return out


def test_gold_loads_with_lob_ids_and_covers_the_five_transcripts(gold, codebook):
    assert gold.kind == "units" and len(gold.units) == sum(TRANSCRIPTS.values())
    assert Counter(u.doc for u in gold.units) == TRANSCRIPTS
    assert len({u.id for u in gold.units}) == len(gold.units)
    types = Counter(u.type for u in gold.units)
    assert set(types) == {*codebook.type_ids(), "none"}
    assert types == {"barrier": 107, "none": 68, "success": 64, "recommendation": 42, "precondition": 11}
    for u in gold.units:
        assert (u.type == "none") == (not u.themes), u.id
        assert len(u.themes) <= 3, u.id
    # Every theme the gold uses is a codebook theme; the ones interviews are about are all there.
    used = {t for u in gold.units for t in u.themes}
    assert used <= set(codebook.theme_ids())
    assert {"parents", "collaboration_chain", "student_agency", "covid", "equal_opportunity"} <= used


def test_units_are_exactly_the_respondent_passages(gold, bare_corpus):
    who = respondents()
    by_doc: dict[str, list[str]] = {}
    for u in gold.units:
        by_doc.setdefault(u.doc, []).append(u.text)
    for name, texts in by_doc.items():
        doc = bare_corpus.find(name)
        assert doc is not None, name
        expected = [p.text for p in doc.passages if p.speaker in who[name]]
        # Same sentences, same order, same text: no interviewer turn, preamble or table row slipped in.
        assert texts == expected, name


def test_every_unit_aligns_exactly_to_one_passage_with_its_text(gold, bare_corpus):
    ev = evaluate(gold, bare_corpus)
    al = ev.summary["alignment"]
    assert al["coverage"] == 1.0 and al["unmatched_units"] == []
    assert al["by_method"] == {"exact": len(gold.units)}
    alignments = align(gold.units, bare_corpus)
    for u in gold.units:
        a = alignments[u.id]
        assert len(a.passage_ids) == 1, u.id
        doc = bare_corpus.documents[a.document]
        passage = next(p for p in doc.passages if p.passage_id == a.passage_ids[0])
        assert text_key(passage.text) == text_key(u.text), u.id


def _coder_from_gold(gold):
    """A coder that returns the gold's own codes: must score perfectly if alignment is right."""
    units: dict[str, list] = {}
    for u in gold.units:
        units.setdefault(Path(u.doc).stem, []).append(u)
    who = respondents()

    def code(passages):
        # Units and respondent passages correspond one to one, in order ("Ja." recurs with different codes).
        mine = units[passages[0].document]
        said = [p for p in passages if p.speaker in who[mine[0].doc]]
        assert len(said) == len(mine)
        out = []
        for p, u in zip(said, mine):
            out += [Coding(document=p.document, passage_id=p.passage_id, type=t, theme=th, score=1.0,
                           method="gold", evidence="") for t, th in u.pairs]
        return out
    return code


def test_gold_scored_against_itself_is_perfect_and_empty_coder_finds_nothing(gold, codebook):
    corpus, errors = corpus_from_sources(gold, DEMO, _coder_from_gold(gold), Settings())
    assert errors == []
    ev = evaluate(gold, corpus, codebook.type_ids(), codebook.theme_ids())
    assert ev.summary["type"]["kappa"] == 1.0
    assert ev.summary["pair"]["micro"]["f1"] == 1.0 and ev.disagreements() == []

    empty, _ = corpus_from_sources(gold, DEMO, lambda ps: [], Settings())
    ev0 = evaluate(gold, empty, codebook.type_ids(), codebook.theme_ids())
    n_pairs = sum(len(u.pairs) for u in gold.units)
    m = ev0.summary["pair"]["micro"]
    assert (m["tp"], m["fp"], m["fn"]) == (0, 0, n_pairs)
    assert ev0.summary["type"]["gold_uncoded"] == 68 and ev0.summary["type"]["auto_uncoded"] == len(gold.units)


def test_miner_evaluate_cli_reports_per_code_figures(tmp_path, capsys, gold):
    out = tmp_path / "eval"
    code = main(["evaluate", "--gold", str(GOLD / "units.jsonl"), str(GOLD / "labels.jsonl"),
                 "--sources", str(DEMO), "--out", str(out)])
    assert code == 0
    printed = capsys.readouterr()
    assert f"{len(gold.units)} of {len(gold.units)} gold units matched" in printed.out
    assert "were aligned" not in printed.err

    ev = json.loads((out / "evaluation.json").read_text(encoding="utf-8"))
    assert ev["alignment"]["coverage"] == 1.0
    assert -1.0 <= ev["type"]["kappa"] <= 1.0
    with open(out / "per_code.csv", encoding="utf-8", newline="") as fh:
        rows = {(r["facet"], r["code"]): r for r in csv.DictReader(fh)}
    gold_types = Counter(u.type for u in gold.units)
    gold_themes = Counter(t for u in gold.units for t in u.themes)
    # The gold side of every count is fixed whatever the coder does: tp + fn = the gold's own count.
    for t in ("success", "barrier", "precondition", "recommendation"):
        r = rows[("type", t)]
        assert int(r["tp"]) + int(r["fn"]) == gold_types[t], t
        assert r["f1"] == "" or 0.0 <= float(r["f1"]) <= 1.0
    for th, n in gold_themes.items():
        r = rows[("theme", th)]
        assert int(r["tp"]) + int(r["fn"]) == n, th
    assert (out / "codings.csv").exists() and (out / "disagreements.csv").exists()


def test_a_damaged_copy_of_the_gold_is_refused_with_file_and_line(tmp_path, codebook):
    shutil.copy(GOLD / "units.jsonl", tmp_path / "units.jsonl")
    lines = (GOLD / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[40])
    row["themes"] = ["career_guidance"]          # not a lob theme
    row["type"] = "success"
    lines[40] = json.dumps(row)
    (tmp_path / "labels.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(FormatError) as err:
        load_units_gold(tmp_path / "units.jsonl", tmp_path / "labels.jsonl",
                        set(codebook.type_ids()), set(codebook.theme_ids()))
    assert "career_guidance" in str(err.value) and "labels.jsonl" in str(err.value) and "41" in str(err.value)
