"""Findings stated as an amount: more or less of something good or bad ("minder uitval", "weinig
ruimte"). Own sentences, each with the near miss that must not be read as an amount."""

from __future__ import annotations

import pytest

from miner.codebook import Amounts
from miner.codebook_io import codebook_to_yaml, load_codebook, parse_codebook
from miner.coding.amounts import AmountFinder
from miner.coding.lemmas import lemmas, tokens
from sentences import coded, type_of


@pytest.fixture(scope="module")
def lob():
    return load_codebook("lob")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Het nieuwe rooster laat mentoren weinig ruimte voor gesprekken met ouders.", "barrier"),
        ("Sinds de proefstudeerdagen zien de teams een daling van de uitval in het eerste jaar.", "success"),
        ("Op de scholen met een vaste mentor voor de loopbaangesprekken ligt het verzuim duidelijk lager dan elders.", "success"),
        ("De stagebedrijven in de zorg geven leerlingen vaker begeleiding op de werkvloer.", "success"),
        ("Het verloop onder de loopbaancoaches was in 2023 opnieuw hoog.", "barrier"),
        ("In het tweede jaar nam de belangstelling van ouders voor de informatieavond sterk toe; er "
         "kwamen nauwelijks klachten.", "success"),
    ],
)
def test_amount_findings_are_typed(lob, text, expected):
    assert type_of(lob, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Er is op de meeste scholen niet minder uitval dan voor de start van het project.",  # negated
        "In deze tijd is een stage in de zorg minder vanzelfsprekend.",   # 'tijd' is not what is less
        "De school telt meer dan achthonderd leerlingen in vier gebouwen.",  # nothing good or bad
    ],
)
def test_near_misses_are_not_amount_findings(lob, text):
    assert not any("amount" in c.evidence for c in coded(lob, text))


def test_evidence_names_the_amount_and_its_direction(lob):
    got = coded(lob, "De decanen hebben op de grote scholen weinig tijd voor individuele gesprekken.")
    assert got and all(c.type == "barrier" for c in got)
    assert "amount 'weinig tijd' (less good)" in got[0].evidence


def test_a_condition_stays_a_precondition(lob):
    # The codebook's conditional pattern is the more specific reading of "weinig tijd".
    assert type_of(lob, "Als er weinig tijd voor de mentoren is, komt er van de gesprekken niets terecht.") == "precondition"


def test_under_an_advice_heading_more_attention_stays_advice(lob):
    assert type_of(lob, "Meer aandacht voor de rol van ouders bij de profielkeuze.",
                   section=("6 Aanbevelingen",)) == "recommendation"


def _finder(**kw):
    a = Amounts(**{"more": ["veel"], "less": ["weinig"], "good": ["tijd"], "bad": ["uitval"],
                   "up": "success", "down": "barrier", **kw})
    return AmountFinder(a, "nl")


def _hits(finder, text):
    toks = tokens(text)
    return finder.match(toks, lemmas(toks), text)


def test_an_amount_word_is_matched_as_written():
    f = _finder()
    assert [h.code for h in _hits(f, "Er was veel tijd.")] == ["success"]
    assert _hits(f, "Er was meer tijd.") == [], "'meer' is a comparative, not the listed 'veel'"


def test_each_word_pairs_once_nearest_first_and_not_across_a_comma():
    f = _finder()
    got = _hits(f, "Er was weinig tijd en veel uitval.")
    assert sorted((h.code, h.found) for h in got) == [("barrier", "veel uitval"), ("barrier", "weinig tijd")]
    assert _hits(f, "Er was weinig, maar de uitval bleef.") == []


def test_amounts_round_trip_and_change_the_hash(lob):
    again = parse_codebook(codebook_to_yaml(lob), "copy.yaml")
    assert again.amounts == lob.amounts and again.hash() == lob.hash()
    without = parse_codebook(codebook_to_yaml(lob), "copy.yaml")
    without.amounts = None
    assert without.hash() != lob.hash()


ENGLISH = """
name: en-amounts
language: en
amounts:
  more: [more, higher]
  less: [fewer, less, little]
  good: [time, attendance]
  bad: [dropout, turnover]
  up: success
  down: barrier
types:
  - id: success
    cues: [helpful]
  - id: barrier
    cues: [obstacle]
themes:
  - id: staff
    cues: [mentors, staff]
"""


def test_an_english_codebook_states_its_own_amounts():
    cb = parse_codebook(ENGLISH, "en.yaml")
    assert type_of(cb, "Mentors had little time for the talks.") == "barrier"
    assert type_of(cb, "Staff turnover was higher in the second year.") == "barrier"
    assert type_of(cb, "Mentors saw less dropout among the students they coached.") == "success"


def test_a_long_subject_before_a_change_word():
    f = _finder(less=["weinig", "daalde"])
    got = _hits(f, "De uitval in het eerste jaar op de locaties daalde van 14 naar 11 procent.")
    assert [(h.code, h.cue) for h in got] == [("success", "less bad")]
    # The amount word qualifies what follows it: no finding about the thing before it.
    assert _hits(f, "Bij de uitval op de drie locaties is het weinig zinvol om te vergelijken.") == []


def test_a_thing_inside_a_compound_is_not_the_thing():
    f = _finder(bad=["tekort"])
    assert _hits(f, "Cijfers over tekortsectoren zeggen een leerling weinig.") == []
    assert [h.code for h in _hits(f, "Er is weinig tekort aan stageplaatsen.")] == ["success"]


@pytest.mark.parametrize("text, expected", [
    ("Het aandeel leerlingen met twee loopbaangesprekken steeg van 48 procent in 2021 naar 69 procent.", "success"),
    ("Op de havo deed 41 procent van de leerlingen een stage, tegen 52 procent in 2023.", "barrier"),
    ("Het verloop onder mentoren ging van 14 procent naar 11 procent.", "success"),     # a bad thing named
    ("Inmiddels heeft 57 procent van de mentoren de training afgerond; in 2023 was dat 31 procent.", "success"),
])
def test_a_figure_that_moved(lob, text, expected):
    assert type_of(lob, text) == expected


def test_the_same_figure_twice_or_a_lone_figure_is_no_trend(lob):
    for text in ("Op de havo deed 41 procent een stage, tegen 41 procent in 2023.",
                 "Op de havo deed 41 procent van de leerlingen een stage."):
        assert not any("figure" in c.evidence for c in coded(lob, text))


@pytest.mark.parametrize("text, expected", [
    # the group set apart is what helps or hinders: no cue word says so
    ("Op scholen met een eigen stagecoördinator ligt het aandeel leerlingen met een snuffelstage 12 procentpunten hoger.", "success"),
    ("Waar de teamleider het mentoruur inroostert, voeren leerlingen vaker een loopbaangesprek.", "success"),
    ("Leerlingen zonder ouders die meedenken, oriënteren zich vaker alleen op opleidingen dichtbij huis.", "barrier"),
    ("Studenten met een migratieachtergrond worden minder vaak uitgenodigd voor een meeloopdag.", "barrier"),
    ("Jongeren die geen vaste mentor hebben, stellen hun keuze vaker uit.", "barrier"),
    ("Studenten met een bijbaan in de sector moeten vaker opnieuw beginnen bij een andere opleiding.", "barrier"),
])
def test_a_group_set_apart_and_compared(lob, text, expected):
    assert type_of(lob, text) == expected


@pytest.mark.parametrize("text", [
    "Waar of wanneer de gesprekken plaatsvinden, verschilt per school.",         # 'waar of' asks, it does not set apart
    "Op scholen met een vaste contactpersoon ligt het aandeel niet hoger dan elders.",   # no difference
    "Leerlingen die een stage doen, krijgen een formulier; later volgt meer informatie.",  # the amount is in another clause
])
def test_a_group_without_a_difference_is_no_contrast(lob, text):
    assert not any("group" in c.evidence for c in coded(lob, text))


def test_contrast_evidence_names_the_group_and_the_direction(lob):
    got = coded(lob, "Op scholen met een eigen stagecoördinator ligt het aandeel leerlingen met een snuffelstage hoger.")
    assert got and all("amount 'Op scholen met een eigen stagecoördinator ligt het aandeel leerlingen met een snuffelstage ... hoger' (group more)"
                       in c.evidence for c in got)


def test_a_figure_of_a_named_shortfall_moves_the_shortfall(lob):
    text = "54 procent van de decanen geeft aan onvoldoende tijd voor leerlinggesprekken te hebben, tegen 38 procent in 2023."
    [c] = coded(lob, text)[:1]
    assert c.type == "barrier" and "figure up, of what the sentence names" in c.evidence
    # a figure that moved with nothing bad named stays the good thing going up
    assert type_of(lob, "62 procent van de leerlingen zegt dat de gesprekken helpen bij het kiezen, tegen 51 procent in 2023.") == "success"


def test_differences_growing_smaller_where_a_school_acts_is_a_success(lob):
    assert type_of(lob, "Waar scholen zelf stageplaatsen werven, worden de verschillen tussen leerlingen kleiner.") == "success"
    assert type_of(lob, "In het westen van de regio zijn de verschillen tussen de scholen groter.") == "barrier"


def test_an_amount_closed_by_a_verb_cluster_is_a_finding(lob):
    assert type_of(lob, "De werkdruk van mentoren is groter geworden.") == "barrier"
    assert type_of(lob, "De belangstelling van ouders voor de ouderavond is groter geworden.") == "success"
    # an amount word that qualifies the next word is still no finding ("minder vanzelfsprekend")
    assert type_of(lob, "Daardoor is de zorg voor ouders minder vanzelfsprekend geworden.") != "success"


def test_a_group_that_corrects_its_own_negation_is_not_without(lob):
    corrected = "Scholen die LOB niet als apart vak maar als onderdeel van het mentoraat hebben ingericht, bereiken meer leerlingen."
    assert type_of(lob, corrected) == "success"
    lacking = "Scholen die LOB niet als apart vak hebben ingericht, bereiken meer leerlingen."
    assert type_of(lob, lacking) == "barrier"


def test_a_bad_thing_that_did_not_rise_is_no_barrier(lob):
    assert type_of(lob, "De uitval in het eerste jaar is niet gestegen.") != "barrier"
    assert type_of(lob, "Het verzuim onder mentoren is sterk toegenomen.") == "barrier"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Op negen van de twaalf locaties hebben alle tweedejaars inmiddels een loopbaandossier.", "success"),
        ("Van de 36 stagebedrijven gaven er 29 aan de gesprekken met de mentor nuttig te vinden.", "success"),
        ("Op 3 van de 14 afdelingen hebben de studenten een tweede gesprek met hun coach gehad.", "barrier"),
        ("Van de ouders van de brugklassers zegt 28 procent het keuzeboekje te hebben gelezen.", "barrier"),
        # a share of a bad thing, and of a thing that is not there, is bad whatever its size
        ("Van de 40 stagiairs in de techniek braken er 7 hun stage bij het leerbedrijf voortijdig af.", "barrier"),
        ("Op acht van de elf scholen ligt er nog geen uitgewerkt plan voor de bovenbouw.", "barrier"),
    ],
)
def test_shares_of_a_group_are_findings(lob, text, expected):
    got = coded(lob, text)
    assert got and {c.type for c in got} == {expected}
    assert any("(share " in c.evidence for c in got)


@pytest.mark.parametrize(
    "text",
    [
        "Een van de vier scholen in de regio werkt met een digitaal portfolio.",        # one of, no share
        "Van de aangeschreven scholen vulden er 31 van de 45 de vragenlijst in.",      # the response
        "Van de studenten deden er 60 van de 80 mee aan de tweede meting.",            # who took part
        "Van de leerlingen koos 41 procent techniek, 33 procent zorg en 26 procent economie.",  # a spread
        "Op zes van de twaalf locaties is de mentor ook de decaan.",                   # exactly half
    ],
)
def test_shares_that_are_method_or_half_are_not_findings(lob, text):
    assert not any("(share " in c.evidence for c in coded(lob, text))


def test_share_words_come_from_the_codebook():
    amounts = Amounts(more=["more"], good=["time"], up="success", down="barrier",
                      shares=[r"\b(?P<part>\d+|two|three)\s+of\s+the\s+(?P<whole>\d+|four)\b",
                              r"\b(?P<fraction>most|a\s+few)\s+of\s+the\b"],
                      numbers={"two": 2, "three": 3, "four": 4}, fractions={"most": 0.7, "a few": 0.2},
                      share_skip=[r"\bresponded\b"])
    finder = AmountFinder(amounts, "en")

    def hits(text):
        toks = tokens(text)
        return [(h.code, h.cue) for h in finder.match(toks, lemmas(toks, "en"), text)]

    assert hits("At three of the four schools pupils meet a coach.") == [("success", "share most")]
    assert hits("A few of the schools keep a portfolio.") == [("barrier", "share few")]
    assert hits("Two of the four schools responded to the survey.") == []
    assert hits("Three of the 12 schools have a plan.") == [("barrier", "share few")]


def test_a_size_word_inside_a_set_expression_is_no_amount(lob):
    # "ten minste" is "at least": the share decides, not "minste" (the lemma of which is "weinig")
    text = "Van de 46 aangesloten scholen hebben er 41 ten minste één keer gebruikgemaakt van het steunpunt."
    assert type_of(lob, text) == "success"
    assert "minste" not in " ".join(c.evidence for c in coded(lob, text))


def test_set_expressions_come_from_the_codebook():
    amounts = Amounts(less=["least"], good=["time"], up="success", down="barrier", fixed=[r"\bat\s+least\b"])
    finder = AmountFinder(amounts, "en")

    def hits(text):
        toks = tokens(text)
        return [(h.code, h.cue) for h in finder.match(toks, lemmas(toks, "en"), text)]

    assert hits("Pupils get the least time in year four.") == [("barrier", "less good")]
    assert hits("Pupils get at least some time in year four.") == []
    from miner.errors import CodebookError

    with pytest.raises(CodebookError, match=r"t\.yaml:\d+: .*amounts\.fixed"):
        parse_codebook("name: t\nlanguage: en\namounts:\n  less: [least]\n  good: [time]\n  up: s\n  down: b\n"
                       "  fixed: ['at (least']\ntypes:\n  - id: s\n  - id: b\n", "t.yaml")
    again = parse_codebook(codebook_to_yaml(load_codebook("lob")), "again.yaml")
    assert again.amounts.fixed == load_codebook("lob").amounts.fixed != []


def test_veel_before_a_comparative_is_its_degree_not_an_amount(lob):
    # "veel" says how much harder; it does not say there was much reach
    assert type_of(lob, "Kleine stagebedrijven in de regio waren veel moeilijker te bereiken.") == "barrier"
