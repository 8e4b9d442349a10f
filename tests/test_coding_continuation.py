"""A paragraph carries its finding: judging sentences after a success or barrier continue it."""

from __future__ import annotations

import copy
import re

import pytest

from miner.codebook_io import load_codebook, parse_codebook
from miner.coding import code_passages
from miner.errors import CodebookError
from miner.model import Passage
from miner.settings import Settings

SEC = ("3 Bevindingen",)


@pytest.fixture(scope="module")
def lob():
    return load_codebook("lob")


def para(*sentences, block=0, start=0):
    return [Passage(document="d", passage_id=f"d:{start + i:05d}", index=start + i, kind="paragraph", text=t,
                    start=0, end=len(t), section=SEC, block=block) for i, t in enumerate(sentences)]


def types(cb, passages):
    out = {p.passage_id: None for p in passages}
    for c in code_passages(passages, cb, Settings()):
        out[c.passage_id] = c.type
    return [out[p.passage_id] for p in passages]


def evidence(cb, passages, i):
    return " ".join(c.evidence for c in code_passages(passages, cb, Settings()) if c.passage_id == passages[i].passage_id)


BARRIER = "Het grootste knelpunt is de overdracht van gegevens van het vmbo naar het mbo."
JUDGING = "Mbo-docenten kennen hun nieuwe studenten uit het vmbo vooral van het overdrachtsformulier."


def test_a_judging_sentence_continues_the_finding_before_it(lob):
    ps = para(BARRIER, JUDGING)
    assert types(lob, ps) == ["barrier", "barrier"]
    assert "continues the finding before it (barrier)" in evidence(lob, ps, 1)
    # alone, the same sentence states no finding the rules can see
    assert types(lob, para(JUDGING)) == [None]


def test_a_success_is_continued_as_a_success(lob):
    ps = para("De gastlessen van ouders werden door leerlingen zeer gewaardeerd.",
              "Leerlingen stelden de ouders veel vragen over hun beroep.")
    assert types(lob, ps) == ["success", "success"]


def test_a_plain_description_or_a_new_paragraph_is_not_continued(lob):
    # no judging word: a description of how things are organised
    assert types(lob, para(BARRIER, "De mbo-docenten ontvangen in juni een overzicht van de aanmeldingen.")) == ["barrier", None]
    # a new paragraph is a new point
    ps = para(BARRIER) + para(JUDGING, block=1, start=1)
    assert types(lob, ps) == ["barrier", None]
    # a sentence without a theme of its own is not continued either
    assert types(lob, para(BARRIER, "Dat is niet alles.")) == ["barrier", None]


def test_a_contrast_turns_the_finding_around(lob):
    ps = para("De gastlessen van ouders werden door leerlingen zeer gewaardeerd.",
              "Wel merken mentoren op dat vooral de ouders van havisten naar de informatieavond komen.")
    assert types(lob, ps) == ["success", "barrier"]
    assert "turns around the finding before it (success)" in evidence(lob, ps, 1)
    ps = para(BARRIER, "De decanen van het vmbo spreken de intakers van het mbo echter vaker dan vroeger.")
    assert types(lob, ps) == ["barrier", "success"]


def test_a_recommendation_is_not_continued(lob):
    ps = para("Wij bevelen aan om de overdracht van gegevens van het vmbo naar het mbo te verbeteren.", JUDGING)
    assert types(lob, ps) == ["recommendation", None]


def test_the_finding_runs_on_through_the_paragraph(lob):
    ps = para(BARRIER, JUDGING, "Ook de ouders horen pas bij de aanmelding welke opleiding hun kind kiest.")
    assert types(lob, ps) == ["barrier", "barrier", "barrier"]


def test_continuation_comes_from_the_codebook(lob):
    plain = copy.deepcopy(lob)
    plain.continuation = None
    assert types(plain, para(BARRIER, JUDGING)) == ["barrier", None]


BASE = """
name: t
language: nl
types:
  - {id: success, label: {nl: Succes}}
  - {id: barrier, label: {nl: Belemmering}}
themes:
  - {id: tijd, label: {nl: Tijd}}
"""


@pytest.mark.parametrize("block, message", [
    ("continuation:\n  pair: [success, knelpunt]\n  markers: [niet]\n", "no type 'knelpunt' in types"),
    ("continuation:\n  pair: [success]\n  markers: [niet]\n", "needs two different types"),
    ("continuation:\n  pair: [success, success]\n  markers: [niet]\n", "needs two different types"),
    ("continuation:\n  pair: [success, barrier]\n", "needs 'markers'"),
    ("continuation:\n  pair: [success, barrier]\n  markers: [niet]\n  woorden: [x]\n", "unknown field 'woorden' in 'continuation'"),
])
def test_a_malformed_continuation_is_reported_with_its_line(block, message):
    with pytest.raises(CodebookError) as err:
        parse_codebook(BASE + block, "t.yaml")
    assert message in str(err.value) and re.match(r"t\.yaml:\d+: ", str(err.value))


def test_continuation_round_trips_and_counts_in_the_hash():
    from miner.codebook_io import codebook_to_yaml
    block = "continuation:\n  pair: [success, barrier]\n  markers: [Niet, pas]\n  openers: [wel]\n  contrasts: [echter]\n"
    cb = parse_codebook(BASE + block, "t.yaml")
    assert cb.continuation.markers == ["niet", "pas"]
    again = parse_codebook(codebook_to_yaml(cb), "again.yaml")
    assert again.continuation == cb.continuation and again.hash() == cb.hash()
    assert parse_codebook(BASE, "t.yaml").hash() != cb.hash()


@pytest.mark.parametrize(
    "first, then, expected",
    [
        ("Het aantal leerlingen dat een snuffelstage liep, steeg van 40 naar 65 procent.",
         "Deze toename komt vooral op rekening van de technische afdelingen.", "success"),
        ("Op de vmbo-locaties voeren mentoren veel minder loopbaangesprekken dan op de havo-afdelingen.",
         "Dit verschil hangt samen met de grotere klassen in het vmbo.", "barrier"),
        ("Het eerste knelpunt is het gebrek aan tijd bij mentoren voor loopbaangesprekken.",
         "Het tweede is de overdracht van gegevens naar het mbo.", "barrier"),
    ],
)
def test_a_sentence_naming_the_finding_before_it_takes_its_type(lob, first, then, expected):
    assert types(lob, para(first, then)) == [expected, expected]
    # without the finding before it, the same sentence states none
    assert types(lob, para(then)) == [None]


def test_a_sentence_adding_another_instance_continues_the_finding(lob):
    # "Ook ..." adds a second case of the same point, with no judging word of its own
    success = "De gastlessen van ouders werden door leerlingen zeer gewaardeerd."
    also = "Ook de bedrijfsbezoeken in het derde leerjaar trokken veel belangstelling."
    assert types(lob, para(success, also)) == ["success", "success"]
    ps = para(BARRIER, "Ook de overdracht naar het hbo verloopt via een formulier.")
    assert types(lob, ps) == ["barrier", "barrier"]
    # without the finding before it, the same sentence is a description
    assert types(lob, para("Ook de overdracht naar het hbo verloopt via een formulier.")) == [None]
