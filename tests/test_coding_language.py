"""Nothing Dutch is wired into the coder: sentence links come from the codebook, so an English
codebook gets the same behaviour from its own words, and a codebook without them gets none."""

from __future__ import annotations

from miner.codebook_io import codebook_to_yaml, parse_codebook
from miner.coding import code_passages
from miner.model import Passage
from miner.settings import Settings

ENGLISH = """
name: en-test
language: en
anaphora: [this, these, that]
follow_up_patterns:
  - '^\\W*(this|that)\\s+(is\\s+due\\s+to|explains|leads\\s+to)\\b'
concession_patterns:
  - '\\b(although|though)\\b[^,;:]*[,;:]'
types:
  - id: success
    cues: [helpful, valuable]
  - id: barrier
    cues: [obstacle, barrier, problem]
themes:
  - id: staff
    cues: [workload, staffing]
  - id: parents
    cues: [parents]
"""


def P(text, i):
    return Passage(document="d", passage_id=f"d:{i:05d}", index=i, kind="paragraph", text=text, start=0,
                   end=len(text), section=("Findings",), block=0)


def codes(cb, texts):
    out = {}
    for c in code_passages([P(t, i) for i, t in enumerate(texts)], cb, Settings()):
        out.setdefault(c.passage_id, set()).add((c.type, c.theme))
    return out


def test_an_english_codebook_links_sentences_with_its_own_words():
    cb = parse_codebook(ENGLISH, "en.yaml")
    got = codes(cb, ["The workload of mentors is a real obstacle.",
                     "This explains why few career talks take place in spring."])
    assert got["d:00001"] == {("barrier", "staff")}, "type and theme follow the finding it explains"


def test_an_english_concession_does_not_set_the_type():
    cb = parse_codebook(ENGLISH, "en.yaml")
    got = codes(cb, ["Although the workload is a problem, the evenings for parents were valuable."])
    assert {t for t, _ in got["d:00000"]} == {"success"}


def test_without_the_fields_nothing_is_linked():
    cb = parse_codebook(ENGLISH, "en.yaml")
    cb.anaphora, cb.follow_up_patterns, cb.concession_patterns = [], [], []
    got = codes(cb, ["The workload of mentors is a real obstacle.",
                     "This explains why few career talks take place in spring."])
    assert "d:00001" not in got


def test_the_fields_round_trip_and_count_in_the_hash():
    cb = parse_codebook(ENGLISH, "en.yaml")
    again = parse_codebook(codebook_to_yaml(cb), "again.yaml")
    assert (again.anaphora, again.follow_up_patterns, again.concession_patterns) == \
        (cb.anaphora, cb.follow_up_patterns, cb.concession_patterns)
    bare = parse_codebook(ENGLISH, "en.yaml")
    bare.anaphora = []
    assert bare.hash() != cb.hash()
