"""Rule coding: lemma/compound cues, headings, lists, negation, method sentences, interviewer turns."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from miner.codebook_io import load_codebook
from miner.coding import code_passages
from miner.coding.cues import CueIndex
from miner.coding.lemmas import lemmas, tokens
from miner.model import Passage
from miner.settings import Settings
from sentences import FINDINGS, coded, type_of


@pytest.fixture(scope="module")
def lob():
    return load_codebook("lob")


def P(text, i=0, section=(), kind="paragraph", block=None, role=None, doc="d"):
    return Passage(document=doc, passage_id=f"{doc}:{i:05d}", index=i, kind=kind, text=text, start=0,
                   end=len(text), section=tuple(section), block=i if block is None else block, role=role)


def doc(*items):
    """Passages from (text, section, kind) tuples in reading order, each its own block."""
    return [P(t, i, s, k) for i, (t, s, k) in enumerate(items)]


def hits(index, text):
    toks = tokens(text)
    return {(h.code, h.cue, h.how) for h in index.match(toks, lemmas(toks), text)}


def by_passage(codings):
    out = {}
    for c in codings:
        out.setdefault(c.passage_id, []).append(c)
    return out


@pytest.mark.parametrize(
    "text, code, cue, how",
    [
        ("Dat werkte belemmerend.", "barrier", "belemmeren", "lemma"),
        ("Er waren veel belemmeringen.", "barrier", "belemmering", "lemma"),
        ("Twee grote knelpunten bleven.", "barrier", "knelpunt", "lemma"),
        ("De uitvoeringsknelpunten bleven.", "barrier", "knelpunt", "compound"),
        ("Succesfactoren waren helder.", "success", "succesfactor", "lemma"),
    ],
)
def test_type_cues_match_inflections_and_compounds(lob, text, code, cue, how):
    assert (code, cue, how) in hits(CueIndex(lob.types), text)


@pytest.mark.parametrize(
    "text, code, how",
    [
        ("Het LOB-beleid is vernieuwd.", "vision_policy", None),
        # The lemmatiser does not know these plurals: the cue is found by stripping the inflection.
        ("De loopbaanbegeleiders waren goed.", "professionalisation", "inflected"),
        ("Er zijn geen uitkomstmaten afgesproken.", "monitoring_evaluation", "inflected"),
        ("Het schoolrooster is vol.", "curriculum_time", "compound"),
        ("Werkdrukverlaging kwam er niet.", "capacity_resources", "compound"),
        ("De beleidsmakers waren positief.", "vision_policy", "compound"),
        ("Stagebedrijven deden mee.", "labour_market", "compound"),
        # Extraction noise: one letter off in a long cue is still found.
        ("De profesionalisering van mentoren.", "professionalisation", "fuzzy"),
    ],
)
def test_theme_cues_match_compounds_and_variants(lob, text, code, how):
    found = hits(CueIndex(lob.themes), text)
    assert any(c == code and (how is None or h == how) for c, _, h in found), found


@pytest.mark.parametrize("text, code", [
    ("Wat zou er de komende jaren moeten veranderen?", "vision_policy"),     # not "verankeren"
    ("Er is weinig mogelijkheid om stage te lopen.", "equal_opportunity"),   # not "ongelijkheid"
])
def test_a_known_word_is_no_misspelling_of_a_cue(lob, text, code):
    found = hits(CueIndex(lob.themes), text)
    assert not any(c == code and h == "fuzzy" for c, _, h in found), found


def test_short_cues_do_not_match_inside_other_words(lob):
    # "wet" is a regulation cue; "wetenschap" must not be read as a law.
    found = hits(CueIndex(lob.themes), "De wetenschap kijkt mee.")
    assert not any(c == "regulation_quality" for c, _, _ in found)


def test_heading_sets_the_type_and_is_in_the_evidence(lob):
    ps = doc(
        ("Belemmerende factoren", ("Hoofdstuk 3", "Belemmerende factoren"), "heading"),
        ("De mentoren hebben weinig uren voor het gesprek met leerlingen.", ("Hoofdstuk 3", "Belemmerende factoren"), "paragraph"),
    )
    got = by_passage(code_passages(ps, lob, Settings()))
    assert "d:00000" not in got, "a heading itself is not coded"
    cods = got["d:00001"]
    assert {c.type for c in cods} == {"barrier"}
    assert all("heading 'Belemmerende factoren'" in c.evidence for c in cods)
    assert all(0.0 <= c.score <= 1.0 and c.method == "rules" for c in cods)


@pytest.mark.parametrize(
    "heading, expected",
    [("Succesfactoren", "success"), ("4.2 Knelpunten", "barrier"), ("Randvoorwaarden", "precondition"),
     ("Aanbevelingen", "recommendation"), ("Advies", "recommendation")],
)
def test_each_type_heading(lob, heading, expected):
    text = "Het rooster biedt ruimte voor loopbaanlessen in alle leerjaren."
    ps = [P(text, 0, ("Rapport", heading))]
    if expected == "precondition":
        # a conditions title needs a clue of the sentence's own (heading_alone: false), or a list
        assert code_passages(ps, lob, Settings()) == []
        ps = [P("- " + text, 0, ("Rapport", heading), kind="list_item")]
    assert {c.type for c in code_passages(ps, lob, Settings())} == {expected}


def test_nearest_heading_wins_and_mixed_headings_set_nothing(lob):
    text = "De school werkt samen met twee bedrijven uit de regio."
    near = [P(text, 0, ("Succesfactoren", "Knelpunten"))]
    assert {c.type for c in code_passages(near, lob, Settings())} == {"barrier"}
    mixed = [P(text, 0, ("Aanbevelingen", "Succesfactoren en knelpunten"))]
    assert code_passages(mixed, lob, Settings()) == []


def test_list_items_inherit_the_type_of_their_lead_in(lob):
    sec = ("Slotbeschouwing",)
    ps = [
        P("Wij doen de scholen de volgende aanbevelingen:", 0, sec, block=0),
        P("meer uren voor de decaan;", 1, sec, kind="list_item", block=1),
        P("een vaste plek voor stages in het rooster.", 2, sec, kind="list_item", block=2),
        P("Daarna volgde de evaluatie van de stages.", 3, sec, block=3),
    ]
    got = by_passage(code_passages(ps, lob, Settings()))
    for pid in ("d:00001", "d:00002"):
        assert {c.type for c in got[pid]} == {"recommendation"}
        assert "lead-in 'Wij doen de scholen de volgende aanbevelingen:'" in got[pid][0].evidence
    assert "d:00003" not in got, "the paragraph after the list does not inherit"


def test_a_lead_in_asking_for_its_list_makes_its_items_recommendations(lob):
    sec = ("Slotbeschouwing",)
    ps = [
        P("Ik vraag de scholen en de gemeente om:", 0, sec, block=0),
        P("de afspraken over de overdracht ook bij de mentoren bekend te maken;", 1, sec, kind="list_item", block=1),
        P("leerlingen van de basisberoepsgerichte leerweg actief uit te nodigen voor de meeloopdagen.", 2, sec,
          kind="list_item", block=2),
    ]
    got = by_passage(code_passages(ps, lob, Settings()))
    assert "d:00000" not in got, "the lead-in itself is not coded"
    for pid in ("d:00001", "d:00002"):
        assert {c.type for c in got[pid]} == {"recommendation"}
    # wondering is not asking
    ps[0] = P("Wij vragen ons daarom af of dit genoeg is:", 0, sec, block=0)
    got = by_passage(code_passages(ps, lob, Settings()))
    assert all(c.type != "recommendation" for cs in got.values() for c in cs)


def test_bullets_written_in_the_text_count_as_list_items(lob):
    ps = [P("Belangrijke knelpunten zijn:", 0), P("• het grote verloop onder mentoren", 1)]
    got = by_passage(code_passages(ps, lob, Settings()))
    assert {c.type for c in got["d:00001"]} == {"barrier"}


@pytest.mark.parametrize(
    "text",
    [
        "De werkdruk van mentoren bleek geen belemmerende factor.",
        "Het rooster werd door de decanen niet als knelpunt gezien.",
    ],
)
def test_negated_type_cues_are_not_coded_even_under_a_heading(lob, text):
    ps = [P(text, 0, ("Belemmerende factoren",))]
    assert code_passages(ps, lob, Settings()) == []


@pytest.mark.parametrize(
    "text",
    [
        "Om deze vraag te beantwoorden zijn twintig mentoren gesproken over knelpunten.",
        "In dit hoofdstuk beschrijven we de knelpunten in de samenwerking met bedrijven.",
        "De interviews zijn in het voorjaar gehouden met decanen en mentoren.",
        "Wat zijn de belangrijkste knelpunten in de samenwerking met bedrijven?",
        # the researchers' own fieldwork in the past tense is method, not the writer's measure
        "Daarnaast spraken wij met twaalf decanen over de knelpunten bij de overstap.",
        "Wij interviewden mentoren van vier scholen over knelpunten in het rooster.",
        # a letter's reading guide and procedure
        "Ik ga daarbij in op de knelpunten bij de overstap en op de maatregelen die ik neem.",
        "Met deze brief geef ik mijn reactie op de knelpunten uit de evaluatie.",
        "In mijn vorige brief heb ik toegezegd terug te komen op de knelpunten bij stages.",
        # a rejected proposal is not the writer's
        "De aanbeveling om de knelpunten met een verplichting op te lossen, neem ik niet over.",
    ],
)
def test_method_sentences_and_questions_are_not_coded(lob, text):
    ps = [P(text, 0, ("Knelpunten",))]
    assert code_passages(ps, lob, Settings()) == []


def test_type_from_cues_and_modality_without_headings(lob):
    cases = {
        "Er is een gebrek aan stageplaatsen in de techniek.": "barrier",
        "Scholen zouden ouders eerder moeten betrekken bij de profielkeuze.": "recommendation",
        "Het is raadzaam de scholing van mentoren structureel te financieren.": "recommendation",
        "De gastlessen van werkgevers dragen bij aan betere keuzes.": "success",
        "Voldoende formatie voor de decaan is een randvoorwaarde voor goede begeleiding.": "precondition",
    }
    for i, (text, expected) in enumerate(cases.items()):
        cods = code_passages([P(text, i)], lob, Settings())
        assert {c.type for c in cods} == {expected}, (text, cods)


def test_one_type_and_themes_with_evidence(lob):
    text = "Door de hoge werkdruk en de krappe formatie is er te weinig tijd voor loopbaangesprekken."
    cods = code_passages([P(text)], lob, Settings())
    assert len({c.type for c in cods}) == 1
    themes = {c.theme for c in cods}
    assert "capacity_resources" in themes
    cap = next(c for c in cods if c.theme == "capacity_resources")
    assert "cue 'werkdruk'" in cap.evidence and "cue 'formatie'" in cap.evidence
    assert cap.evidence.startswith("type barrier: ")


def test_interviewer_turns_are_skipped_unless_asked(lob):
    q = "Wat vindt u van het gebrek aan stageplaatsen; is dat een knelpunt voor de school."
    ps = [P(q, 0, role="interviewer"), P("Ja, het gebrek aan stageplaatsen is een groot knelpunt.", 1, role="respondent")]
    got = by_passage(code_passages(ps, lob, Settings()))
    assert set(got) == {"d:00001"}
    got = by_passage(code_passages(ps, lob, Settings(code_interviewer=True)))
    assert set(got) == {"d:00000", "d:00001"}


def test_same_input_same_output(lob):
    ps = doc(
        ("Knelpunten", ("Knelpunten",), "heading"),
        ("Het gebrek aan tijd in het rooster remt de loopbaanlessen.", ("Knelpunten",), "paragraph"),
        ("Dit hangt samen met de werkdruk.", ("Knelpunten",), "paragraph"),
    )
    a = [c.to_dict() for c in code_passages(ps, lob, Settings())]
    b = [c.to_dict() for c in code_passages(ps, lob, Settings())]
    assert a == b and a


def test_empty_and_unusual_input(lob):
    assert code_passages([], lob, Settings()) == []
    weird = [P("!!! ??? 123 456", 0), P("x", 1), P("Ⅻ ☃ — …", 2)]
    assert code_passages(weird, lob, Settings()) == []


def test_a_negated_cue_does_not_cancel_other_positive_evidence(lob):
    text = "Het is raadzaam de uren te borgen; een nieuwe subsidieronde is niet wenselijk."
    cods = code_passages([P(text)], lob, Settings())
    assert {c.type for c in cods} == {"recommendation"}
    assert "negated cue 'wenselijk'" in cods[0].evidence


def test_typed_sentence_without_theme_takes_the_documents_main_theme(lob):
    sec = ("Succesfactoren",)
    texts = [
        "Het servicepunt hielp scholen met hun programma.",
        "De regiocontactpersonen van het servicepunt waren goed bereikbaar.",
        "Het steunpunt organiseerde elk kwartaal een netwerkdag.",
        "De betrokken scholen ervaren een duidelijke meerwaarde.",
    ]
    ps = [P(t, i, sec) for i, t in enumerate(texts)]
    got = by_passage(code_passages(ps, lob, Settings()))
    last = got["d:00003"]
    assert [(c.type, c.theme) for c in last] == [("success", "support_structure")]
    assert "main theme of the document" in last[0].evidence


def test_own_evidence_outweighs_a_heading_naming_another_type(lob):
    sec = ("Succesvolle werkwijzen",)
    ps = [
        P("Zorg voor een vast loopbaanuur in het rooster van alle eerste klassen.", 0, sec),
        P("De mentoren voerden dit jaar met elke leerling twee gesprekken.", 1, sec),
    ]
    got = by_passage(code_passages(ps, lob, Settings()))
    assert {c.type for c in got["d:00000"]} == {"recommendation"}, "an imperative is advice, whatever the heading"
    assert {c.type for c in got["d:00001"]} == {"success"}, "without evidence of its own the heading still decides"


def test_a_shortfall_in_a_list_under_an_advice_lead_in_is_a_barrier(lob):
    sec = ("Advies voor het vervolg",)
    ps = [
        P("Voor het vervolg adviseren wij het volgende:", 0, sec, block=0),
        P("de samenwerking met het bedrijfsleven komt nog niet van de grond;", 1, sec, kind="list_item", block=1),
        P("leg de taken van de decaan vast in het taakbeleid.", 2, sec, kind="list_item", block=2),
    ]
    got = by_passage(code_passages(ps, lob, Settings()))
    assert {c.type for c in got["d:00001"]} == {"barrier"}
    assert {c.type for c in got["d:00002"]} == {"recommendation"}


@pytest.mark.parametrize(
    "text",
    [
        "Deze evaluatie heeft ten doel de opbrengsten van de regeling in kaart te brengen.",
        "De effectiviteit van de aanpak is op drie scholen onderzocht met vragenlijsten.",
        "Randvoorwaarden zijn zaken die op orde moeten zijn om een doel te kunnen bereiken.",
        "Hier gaat het erom welke factoren het werk van de decanen hebben bevorderd.",
        "Dit hoofdstuk laat zien welke factoren de samenwerking met het mbo bevorderen of belemmeren.",
    ],
)
def test_evaluation_purpose_and_definitions_are_not_coded(lob, text):
    assert code_passages([P(text, 0, ("Randvoorwaarden",))], lob, Settings()) == []


@pytest.mark.parametrize(
    "text",
    [
        "Er is afgesproken om de regionale netwerken nog twee jaar te financieren.",
        "Ons doel is om alle mentoren een scholing in het voeren van loopbaangesprekken aan te bieden.",
        "In 2024 worden de handreikingen voor mentoren herzien en verspreid.",
    ],
)
def test_announced_measures_are_recommendations(lob, text):
    got = code_passages([P(text, 0)], lob, Settings())
    assert {c.type for c in got} == {"recommendation"}


def test_a_word_is_not_a_spelling_variant_of_its_negation(lob):
    # "onduidelijk" is a barrier cue; "duidelijk" is one letter pair off but means the opposite.
    found = hits(CueIndex(lob.types), "Het doel van de lessen was voor iedereen duidelijk.")
    assert not any(cue == "onduidelijk" for _, cue, _ in found), found
    assert ("barrier", "onduidelijk", "exact") in hits(CueIndex(lob.types), "Het doel bleef onduidelijk.")


def test_a_participle_cue_is_not_met_by_the_bare_infinitive(lob):
    # "verbeterd" (it has improved) is a result; "het verbeteren van" is an aim.
    assert any(c == "success" for c, _, _ in hits(CueIndex(lob.types), "De samenwerking is sterk verbeterd."))
    aim = hits(CueIndex(lob.types), "Het project richt zich op het verbeteren van de overstap.")
    assert not any(cue == "verbeterd" for _, cue, _ in aim), aim


def test_op_basis_van_is_not_a_precondition(lob):
    ps = [P("Op basis van de gesprekken met mentoren is het programma aangepast.", 0)]
    assert all(c.type != "precondition" for c in code_passages(ps, lob, Settings()))


@pytest.mark.parametrize(
    "pattern, needles",
    [
        # a word the pattern requires whole is looked for whole: " zal " is not in "zalen"
        (r"\b(zal|zullen)\b", (" zal ", " zullen ")),
        (r"^\W*(Zorg|Creëer)\s", (" zorg ", " creëer ")),
        (r"\b(enquêtes?|corona\w*)\s+x", ("enquête", "corona")),
        (r"\b(de|in de) komende\b", (" komende ",)),   # a required word outside the groups
        (r"\b(zou|zouden)?\s*moeten\b", ("moeten",)),  # an optional group guarantees nothing
        (r"\b(?!geen)(\w+)\b", None),
        (r",\s*maar\s+(niet|geen)\b", (" niet ", " geen ")),   # whole words rarer than a part
        (r"\bdaar\s*van\b", ("daar",)),   # "\s*" may join words ("daarvan"): neither stands whole
        (r"\b(we|wij)\s+(\S+\s+){0,2}?besloten\b", ("besloten",)),   # the most selective required part
        (r"\b(mits|op voorwaarde dat)\b", (" mits ", " voorwaarde ")),
        # top-level alternatives: one word of the branches' own groups ("zal" may end "zalen")
        (r"\b(zal|zullen)|\bkomende\b", ("zal", "zullen", " komende ")),
        (r"(?<!\bdes\s)\bte\s+\w+", (" te ",)),   # a short word can select the sentences when whole
        (r"\b(zal|zullen)|\b\w+\b", None),                # a branch that requires nothing
        # a nested group's own requirements count: its rarest words are the needles
        (r"\b(wordt|worden)\s+(verder\s+(gewerkt|gekeken))", ("gewerkt", "gekeken")),
    ],
)
def test_literal_needles_of_patterns(pattern, needles):
    from miner.coding.cues import literal_needles

    assert literal_needles(pattern) == needles


@pytest.mark.parametrize(
    "pattern, groups",
    [
        (r"\b(we|wij)\s+(\S+\s+){0,2}?besloten\b", [(" we ", " wij "), ("besloten",)]),
        (r",\s*maar\s+(niet|geen)\b", [("maar",), (" niet ", " geen ")]),
        (r"\bzo+ veel\b", [(" veel ",)]),            # "zooo veel": the repeated letter breaks the word
        (r"\bgesprek+en met ouders", [("gesprek",), (" met ",), ("ouders",)]),   # "ouders" may go on
        (r"(?<!niet )alleen als", [("alleen",), ("als",)]),   # a look-behind requires nothing
        (r"\b(zal|zullen)|\bkomende\b", [("zal", "zullen", " komende ")]),
        # a group of its own structure gives what it requires; a named group is a group
        (r"^(?!x)(?:.*\bweten\s+niet|.*\bniet\s+weten\s+wat)", [(" weten ",)]),
        (r"(?P<src>(waar|als)\s+nodig)", [("waar", "als"), ("nodig",)]),
        # what a positive look-around requires, the match requires; a negative one requires nothing
        (r"^(?=.*\bknelpunt)(?!.*\bgeen)", [("knelpunt",)]),
        (r"(?<=\bwij\s)adviseren", [(" wij ",), ("adviseren",)]),
        (r"a(b|c", None),                                  # malformed: nothing known
    ],
)
def test_required_literals_of_patterns(pattern, groups):
    from miner.coding.cues import required_literals

    assert required_literals(pattern) == groups


def test_pattern_prefilter_finds_what_the_regex_finds(lob):
    import re

    from miner.coding.cues import PatternSet

    # Every pattern of the codebook, and some whose words only some sentences have all of.
    pats = list(dict.fromkeys(
        list(lob.method_patterns) + list(lob.announcement_patterns) + list(lob.concession_patterns)
        + list(lob.follow_up_patterns) + list(lob.neutral_questions) + list(lob.probe_questions)
        + [p for c in lob.codes for p in c.patterns + c.questions]
        + [r"\bmaar\s+(niet|geen)\b", r"\bzo+ veel\b", r"\b(we|wij)\s+(\S+\s+){0,2}?besloten\b",
           r"(ouders|verzorgers)\b.*\b(bereik|betrek)\w*"]))
    ps = PatternSet([(p, p) for p in pats])
    texts = ["Om deze vraag te beantwoorden zijn twintig mentoren gesproken.",
             "ZORG voor een vaste plek in het rooster.", "Het ministerie ZAL de netwerken steunen.",
             "De Enquêtes zijn in het voorjaar afgenomen.", "Door de Coronacrisis zijn stages afgelast.",
             "Niets bijzonders hier.", "",
             "Wij hebben BESLOTEN dat de decanen meer uren krijgen.", "Deze aanpak vraagt veel van mentoren.",
             "Zonder vaste uren lukt het niet.", "De deelname aan de open dag was laag.",
             "Als er geen tijd is, is het lastig om gesprekken te voeren.", "Per 1 mei 2026 wordt het loket geopend.",
             "Het was zooo veel werk, maar niet voor niets.", "Maar geen ouders kwamen; we wilden ze bereiken.",
             "Wij hebben toen besloten om ouders beter te betrekken.", "We besloten het niet."]
    texts += [e for c in lob.codes for e in c.examples + c.counter_examples]
    # Compiled once here: the codebook holds more patterns than re's own cache keeps (512).
    compiled = [(p, re.compile(p, re.IGNORECASE)) for p in pats]
    for t in texts:
        expected = [p for p, rx in compiled if rx.search(t)]
        assert [k for k, _, _ in ps.search(t)] == expected, t


def _turn(text, i, role, speaker):
    p = P(text, i, kind="turn", role=role)
    p.speaker = speaker
    return p


def test_interviewer_question_frames_the_answers(lob):
    ps = [
        _turn("Wat heeft jullie het meest geholpen bij het kiezen?", 0, "interviewer", "Interviewer"),
        _turn("De snuffelstage bij de garage.", 1, "respondent", "Noor"),
        _turn("Daar zag ik pas wat monteurs echt doen in de werkplaats.", 2, "respondent", "Noor"),
        _turn("En wat belemmerde jullie?", 3, "interviewer", "Interviewer"),
        _turn("De snuffelstage duurde maar een middag.", 4, "respondent", "Sem"),
        _turn("Zullen we even een rondje doen?", 5, "interviewer", "Interviewer"),
        _turn("Ik zit in havo 4 en doe een stage bij de bakker.", 6, "respondent", "Sem"),
    ]
    got = by_passage(code_passages(ps, lob, Settings()))
    first = got["d:00001"]
    assert {c.type for c in first} == {"success"} and "labour_market" in {c.theme for c in first}
    assert "answer to 'Wat heeft jullie het meest geholpen" in first[0].evidence
    assert {c.type for c in got["d:00004"]} == {"barrier"}
    # The interviewer's own turns stay uncoded; a question that names no type frames nothing.
    assert "d:00000" not in got and "d:00003" not in got
    assert all("answer to" not in c.evidence for c in got.get("d:00006", []))


def test_a_lead_in_is_not_coded_but_its_items_inherit_its_type(lob):
    sec = ("Slotbeschouwing",)
    ps = [
        P("Wij adviseren de scholen het volgende:", 0, sec, block=0),
        P("plan elk jaar een ouderavond over de profielkeuze;", 1, sec, kind="list_item", block=1),
        P("Het is raadzaam de decaan meer uren te geven.", 2, sec, block=2),
    ]
    got = by_passage(code_passages(ps, lob, Settings()))
    assert "d:00000" not in got, "an announcement ending in a colon is not a finding"
    assert {c.type for c in got["d:00001"]} == {"recommendation"}
    assert {c.type for c in got["d:00002"]} == {"recommendation"}, "the same advice as a full sentence is coded"


def test_subsections_of_a_type_chapter_inherit_its_type_unless_their_title_denies_it(lob):
    # "4 Knelpunten > 4.1 Tijd" lists the barriers one per subsection: their sentences need no cue.
    text = "Mentoren hebben dertig leerlingen en krijgen twee uur per week voor de gesprekken."
    ps = [P(text, 0, ("4 Knelpunten", "4.1 Tijd voor gesprekken")),
          P(text, 1, ("4 Knelpunten", "4.6 Wat niet belemmerend bleek")),
          P(text, 2, ("4 Knelpunten", "4.7 Wat werkt niet"))]
    got = by_passage(code_passages(ps, lob, Settings()))
    assert {c.type for c in got["d:00000"]} == {"barrier"}
    assert "d:00001" not in got, "a heading denying the type sets none, and the chapter above is not consulted"
    assert {c.type for c in got["d:00002"]} == {"barrier"}


def test_contributing_counts_as_success_only_when_stated_as_an_effect(lob):
    def types(text, **kw):
        return {c.type for c in code_passages([P(text, 0, **kw)], lob, Settings())}

    assert types("De bedrijfsbezoeken hebben bijgedragen aan betere keuzes van leerlingen.") == {"success"}
    assert types("De bedrijfsbezoeken droegen bij aan betere keuzes van leerlingen.") == {"success"}
    assert types("Meer bedrijfsbezoeken kunnen bijdragen aan betere keuzes van leerlingen.") != {"success"}
    sec = ("Onze plannen",)
    ps = [
        P("Samen met de scholen gaan we de komende jaren werken aan:", 0, sec, block=0),
        P("Bijdragen aan een soepeler overstap van vmbo naar mbo", 1, sec, kind="list_item", block=1),
    ]
    got = by_passage(code_passages(ps, lob, Settings()))
    assert {c.type for c in got["d:00001"]} == {"recommendation"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Deze aanpak vraagt veel van de mentoren in de bovenbouw.", "precondition"),
        ("Een goed loopbaangesprek vraagt om een open houding van de mentor.", "precondition"),
        ("De decanen vragen om meer tijd voor gesprekken met ouders.", "recommendation"),
        ("Er wordt meer sturing door de directie gevraagd.", "recommendation"),
        ("Ik zou het bestuur willen vragen om de financiering van de decanen structureel te regelen.", "recommendation"),
    ],
)
def test_what_a_task_demands_versus_what_people_ask_for(lob, text, expected):
    assert {c.type for c in code_passages([P(text, 0)], lob, Settings())} == {expected}


def test_a_negative_condition_names_a_precondition(lob):
    def types(text, section=()):
        return {c.type for c in code_passages([P(text, 0, section)], lob, Settings())}

    assert types("Als er geen vaste uren voor de decaan zijn, is het lastig om een leerlijn op te bouwen.") == {"precondition"}
    assert types("Wanneer de visie niet in het schoolplan staat, haken mentoren snel af.") == {"precondition"}
    # The same shortfall stated as a fact is a barrier; so is a condition under a barrier heading
    # that piles up barrier cues.
    assert types("Er zijn geen vaste uren voor de decaan, waardoor het lastig is een leerlijn op te bouwen.") == {"barrier"}
    assert types("Als er geen vaste uren zijn, is het lastig en ontbreekt het de decaan aan overzicht.",
                 ("Knelpunten",)) == {"barrier"}


def test_an_explanation_or_consequence_continues_the_previous_findings_type(lob):
    sec = ("Bevindingen per school",)
    ps = [
        P("Op twee scholen is er te weinig tijd voor loopbaangesprekken.", 0, sec),
        P("Dit heeft te maken met het grote verloop onder mentoren.", 1, sec),
        P("De stagebank van de regio werkt goed voor de mentoren.", 2, sec),
        P("Hierdoor vinden leerlingen sneller een plek bij een bedrijf.", 3, sec),
        P("Het project startte in 2019 met drie scholen en een decaan.", 4, sec),
        P("Dit komt doordat de gemeente het initiatief nam.", 5, sec),
        P("Veel decanen hebben onvoldoende uren voor het werk met ouders.", 6, sec),
        P("Daardoor is een vast uur een randvoorwaarde voor het werk met ouders.", 7, sec),
    ]
    got = by_passage(code_passages(ps, lob, Settings()))
    assert {c.type for c in got["d:00001"]} == {"barrier"}
    assert "explains the previous sentence (barrier)" in got["d:00001"][0].evidence
    assert {c.type for c in got["d:00003"]} == {"success"}
    assert "d:00005" not in got, "nothing to continue after an uncoded sentence"
    # Evidence of its own outweighs the carried type.
    assert {c.type for c in got["d:00006"]} == {"barrier"}
    assert {c.type for c in got["d:00007"]} == {"precondition"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Een goede manier om de betrokkenheid van ouders te vergroten is een jaarlijkse loopbaanavond.", {"recommendation"}),
        ("Met een vast loopbaanuur zou de begeleiding van leerlingen beter geregeld kunnen worden.", {"recommendation"}),
        # Measuring is not improving; a potential without a passive is no proposal.
        ("Een andere manier om de effecten van de lessen te meten is een enquête onder leerlingen.", set()),
        ("Een mogelijke indicator zou de tevredenheid van leerlingen over de lessen kunnen zijn.", set()),
    ],
)
def test_a_suggested_means_of_improvement_is_a_recommendation(lob, text, expected):
    assert {c.type for c in code_passages([P(text, 0)], lob, Settings())} == expected


def test_footnotes_and_reporting_to_parliament_are_not_coded(lob):
    note = P("Zie voor de knelpunten bij de overstap ook het eerdere rapport van de inspectie.", 0, kind="footnote")
    assert code_passages([note], lob, Settings()) == []
    body = P("Een knelpunt is het gebrek aan stageplaatsen in de techniek.", 1)
    assert {c.type for c in code_passages([body], lob, Settings())} == {"barrier"}
    assert code_passages([P("Ik zal uw Kamer voor de zomer over de nieuwe handreiking voor mentoren informeren.", 0)],
                         lob, Settings()) == []
    assert {c.type for c in code_passages([P("Ik zal de scholen de komende jaren blijven ondersteunen met een handreiking.", 0)],
                                          lob, Settings())} == {"recommendation"}


def test_a_clause_framing_the_topic_does_not_make_a_finding_a_method_sentence(lob):
    framed = P("Wanneer het gaat om de knelpunten, noemen decanen vooral het gebrek aan tijd in het rooster.", 0)
    assert {c.type for c in code_passages([framed], lob, Settings())} == {"barrier"}
    announce = P("Het gaat om de knelpunten die decanen in het rooster ervaren.", 0)
    assert code_passages([announce], lob, Settings()) == []


def test_what_has_only_just_started_is_a_shortfall_even_in_an_advice_list(lob):
    sec = ("Advies voor het vervolg",)
    ps = [
        P("Er zijn goede redenen om het netwerk voort te zetten:", 0, sec, block=0),
        P("de samenwerking met het hbo staat nog in de kinderschoenen;", 1, sec, kind="list_item", block=1),
        P("de scholen in de regio zijn pas net begonnen met een gezamenlijke leerlijn.", 2, sec, kind="list_item", block=2),
    ]
    got = by_passage(code_passages(ps, lob, Settings()))
    assert {c.type for c in got["d:00001"]} == {"barrier"}
    assert {c.type for c in got["d:00002"]} == {"barrier"}


@pytest.mark.parametrize(
    "text, expected",
    [
        # Separable and impersonal advice.
        ("Wij bevelen de scholen aan om jaarlijks een loopbaanavond voor ouders te organiseren.", "recommendation"),
        ("Wij raden schoolleiders aan de decaan meer uren te geven.", "recommendation"),
        ("Wij stellen voor om de leerlijn in alle leerjaren in te voeren.", "recommendation"),
        ("Het is aan te raden om ouders eerder bij de profielkeuze te betrekken.", "recommendation"),
        ("Het is zaak dat de school de afspraken over stages vastlegt in het schoolplan.", "recommendation"),
        ("Scholen doen er goed aan de stages voor leerlingen eerder te plannen.", "recommendation"),
        # Success without the word "succes".
        ("Wat goed werkt is de vaste contactpersoon voor leerlingen bij het mbo.", "success"),
        ("Dankzij de loopbaanlessen maken leerlingen bewustere keuzes.", "success"),
        ("Het is gelukt om alle eerstejaars een stage te laten lopen.", "success"),
        # Shortfalls stated as a verdict.
        ("Het lukt scholen niet om voldoende stageplaatsen te vinden.", "barrier"),
        ("De invoering van de leerlijn in de bovenbouw is niet gelukt.", "barrier"),
        ("De opkomst van ouders bij de voorlichtingsavonden was erg laag.", "barrier"),
        ("De werkdruk van mentoren in de bovenbouw is hoog.", "barrier"),
        ("Leerlingen vinden de loopbaanopdrachten vaak saai.", "barrier"),
        # Conditions with an adverb in between or a sentence-initial "Zonder".
        ("Zonder vaste uren in het rooster komt LOB op school niet van de grond.", "precondition"),
        ("Het slagen van de leerlijn hangt sterk af van de inzet van de teams.", "precondition"),
        ("Daarvoor moet de schoolleiding loopbaanbegeleiding wel tot prioriteit maken.", "precondition"),
        ("Een sterk punt is de samenwerking met het regionale bedrijfsleven.", "success"),
        ("Het regionale netwerk van decanen functioneert goed.", "success"),
        ("Een zwak punt is de geringe betrokkenheid van ouders.", "barrier"),
        ("Veel mentoren voelen zich handelingsverlegen in het loopbaangesprek.", "barrier"),
        ("Meer aandacht voor ouders in de onderbouw is gewenst.", "recommendation"),
        ("Beperk het aantal overleggen voor decanen tot twee per jaar.", "recommendation"),
        ("Het netwerk van decanen ligt goed op koers.", "success"),
        ("Mentoren voeren nu betere loopbaangesprekken met leerlingen dan voorheen.", "success"),
        ("De invoering van de leerlijn loopt vertraging op door personeelstekort.", "barrier"),
    ],
)
def test_general_evaluation_vocabulary(lob, text, expected):
    assert {c.type for c in code_passages([P(text, 0)], lob, Settings())} == {expected}


def test_a_predicted_effect_and_plain_causation_are_not_advice(lob):
    for text in ("De nieuwe regeling zou moeten zorgen voor betere studiekeuzes na het vmbo.",
                 "Het steunpunt zorgt voor een goede uitwisseling van kennis tussen de scholen."):
        assert "recommendation" not in {c.type for c in code_passages([P(text, 0)], lob, Settings())}, text
    advice = "Scholen zouden ouders eerder moeten betrekken bij de profielkeuze."
    assert {c.type for c in code_passages([P(advice, 0)], lob, Settings())} == {"recommendation"}
    assert {c.type for c in code_passages([P("Zorg ervoor dat ouders de loopbaanavond kennen.", 0)],
                                          lob, Settings())} == {"recommendation"}


def test_an_attributive_gewenst_is_not_advice(lob):
    text = "De training richt zich op het voeren van het gewenste gesprek met leerlingen."
    assert "recommendation" not in {c.type for c in code_passages([P(text, 0)], lob, Settings())}


@pytest.mark.parametrize(
    "heading, expected",
    [
        ("Sterke punten", "success"), ("Zwakke punten", "barrier"), ("Geleerde lessen", "recommendation"),
        ("Verbetermogelijkheden", "recommendation"),
        # A longer heading phrase wins over a word inside it.
        ("Voorwaarden voor succes", "precondition"), ("Positieve resultaten", "success"),
        # Two types named: the heading sets nothing.
        ("Bevorderende en belemmerende factoren", None), ("Knelpunten en oplossingen", None), ("Resultaten", None),
    ],
)
def test_heading_names(lob, heading, expected):
    from miner.coding.rules import compile_codebook

    got = compile_codebook(lob).type_headings.nearest(("Rapport", heading))
    assert (got[0] if got else None) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Het steunpunt zorgt voor de randvoorwaarden om loopbaangesprekken goed te voeren.", "success"),
        ("Op de meeste scholen zijn de voorwaarden voor een leerlijn inmiddels vervuld.", "success"),
        ("Een randvoorwaarde is dat mentoren tijd krijgen voor loopbaangesprekken.", "precondition"),
        ("De voorwaarden voor een leerlijn moeten op orde zijn voordat scholen beginnen.", "precondition"),
    ],
)
def test_a_condition_in_place_helped(lob, text, expected):
    assert {c.type for c in code_passages([P(text, 0)], lob, Settings())} == {expected}


@pytest.mark.parametrize(
    "text, coded",
    [
        ("• Enquête onder mentoren naar hun ervaringen met de loopbaangesprekken", False),
        ("De uitkomsten van de groepsgesprekken zijn vastgelegd in een notitie voor de scholen.", False),
        ("Onderzoek onder leerlingen laat zien dat zij de gesprekken met hun mentor waardevol vinden.", True),
        ("Onderzoek door de inspectie bevestigt dat er te weinig tijd is voor loopbaangesprekken.", True),
    ],
)
def test_research_listed_as_an_activity_is_not_a_finding(lob, text, coded):
    ps = [P(text, 0, ("Positieve invloed",), kind="list_item" if text.startswith("•") else "paragraph")]
    assert bool(code_passages(ps, lob, Settings())) == coded


def test_a_negation_does_not_reach_across_a_comma(lob):
    from miner.coding.rules import compile_codebook, rule_pass

    cc = compile_codebook(lob)
    crossed = rule_pass([P("De start was niet eenvoudig, maar succesvol voor de meeste scholen.", 0)], cc)[0]
    assert "success" not in crossed.negated and crossed.type_scores.get("success", 0) >= 1.0
    same_clause = rule_pass([P("De start van het netwerk was niet succesvol voor de scholen.", 0)], cc)[0]
    assert "success" in same_clause.negated


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Wij hebben besloten dat alle mentoren vanaf volgend jaar een training krijgen.", {"recommendation"}),
        ("Wij willen dat scholen de stages voor leerlingen in de onderbouw behouden.", {"recommendation"}),
        ("Daarom vragen wij de schoolbesturen om de uren voor mentoren vast te leggen.", {"recommendation"}),
        ("Wij streven ernaar dat elke school in 2026 een leerlijn voor loopbaanleren heeft.", {"recommendation"}),
        ("Per 1 augustus 2025 wordt een regionaal loketpunt voor decanen geopend.", {"recommendation"}),
        # Someone else's decision, already taken, is not the writer's proposal (more hours for
        # mentors may still be a success: that is the amount, not the decision).
        ("De directeur heeft in 2020 besloten dat mentoren meer uren krijgen voor gesprekken.", set()),
    ],
)
def test_policy_decisions_and_intentions_in_the_writers_voice(lob, text, expected):
    types = {c.type for c in code_passages([P(text, 0)], lob, Settings())}
    assert types == expected if expected else "recommendation" not in types


def test_function_words_in_phrases_match_as_written(lob):
    # "ten minste" lemmatises to "te weinig"; it means "at least" and is no shortfall.
    assert ("barrier", "te weinig", "phrase") not in hits(CueIndex(lob.types), "Mentoren voeren ten minste twee gesprekken.")
    assert ("barrier", "te weinig", "phrase") in hits(CueIndex(lob.types), "Mentoren hebben te weinig tijd.")


def test_deserving_is_advice_only_with_attention(lob):
    assert {c.type for c in code_passages([P("De overstap naar het mbo verdient meer aandacht van de scholen.", 0)],
                                          lob, Settings())} == {"recommendation"}
    assert "recommendation" not in {c.type for c in code_passages(
        [P("Het gesprek met de mentor heeft nog niet de plaats die het verdient.", 0)], lob, Settings())}


def test_terms_of_a_grant_scheme_and_emphasis_are_not_coded(lob):
    assert code_passages([P("De voorwaarden van de subsidieregeling voor decanen werden in 2019 aangepast.", 0)],
                         lob, Settings()) == []
    assert code_passages([P("Wij willen benadrukken dat de decanen het netwerk zelf hebben opgezet.", 0)],
                         lob, Settings()) == []
    assert {c.type for c in code_passages([P("Een voorwaarde voor een goed loopbaangesprek is tijd voor de mentor.", 0)],
                                          lob, Settings())} == {"precondition"}


@pytest.mark.parametrize(
    "text, expected",
    [
        # The conceded clause's "moeten" and "belangrijk" do not make a precondition or advice.
        ("Hoewel iedereen vindt dat mentoren gesprekken moeten voeren, is er geen houvast voor hun aanpak.", {"barrier"}),
        ("De ouderavonden kregen weliswaar positieve en enthousiaste reacties, maar de opkomst bleef laag.", {"barrier"}),
        # Without a comma the clause boundary is unknown: the sentence is read as a whole and the
        # stronger evidence wins (a verdict, "werken ... goed", over one cue word).
        ("Hoewel het een knelpunt blijft werken de decanen goed samen met het mbo.", {"success"}),
    ],
)
def test_a_conceded_clause_does_not_set_the_type(lob, text, expected):
    assert {c.type for c in code_passages([P(text, 0)], lob, Settings())} == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("- Formuleer voor elke locatie twee doelen voor het loopbaangesprek.", {"recommendation"}),
        ("Het verdient overweging om de ouderavond ook in het Turks aan te bieden.", {"recommendation"}),
        ("Voortaan voert iedere mentor in de derde klas een loopbaangesprek met elke leerling.", {"recommendation"}),
        ("Daarnaast leggen wij de afspraken over de stages vast in het schoolplan.", {"recommendation"}),
        ("Vanaf het schooljaar 2027-2028 krijgt iedere leerling een vaste loopbaancoach.", {"recommendation"}),
        # What the writer sees is a finding, not a measure; a start in the past is a fact.
        ("Daarnaast zien wij dat de mentoren het gesprek beter voorbereiden dan vorig jaar.", {"success"}),
        ("Vanaf het schooljaar 2019-2020 werken alle locaties met een loopbaanportfolio.", set()),
    ],
)
def test_measures_announced_by_the_writer(lob, text, expected):
    assert {c.type for c in code_passages([P(text, 0)], lob, Settings())} == expected


@pytest.mark.parametrize("text, expected", [
    # A promise to report back is procedure; a denied claim sets no type.
    ("Wij zullen de gemeenteraad in het najaar over de voortgang informeren.", set()),
    ("Het onderzoek geeft geen aanwijzingen dat de reistijd een drempel vormt voor leerlingen.", set()),
    # An effect that cannot be credited to the programme is a measurement barrier.
    ("De daling van de uitval kan niet volledig aan de stages worden toegeschreven.", {"barrier"}),
])
def test_procedure_denied_claims_and_attribution(lob, text, expected):
    assert {c.type for c in code_passages([P(text, 0)], lob, Settings())} == expected


def test_a_cue_written_with_equals_matches_that_form_only():
    from miner.codebook import Code

    idx = CueIndex([Code(id="barrier", facet="type", cues=["=slecht", "tekort"], modality=["=matig"])])
    text = "Dit is slechts een van de slecht bezochte avonden, met een matig tekort en slechtheid."
    toks = tokens(text)
    got = {(h.cue, h.found) for h in idx.match(toks, lemmas(toks), text)}
    assert {("slecht", "slecht"), ("matig", "matig"), ("tekort", "tekort")} <= got
    assert not any(found in ("slechts", "slechtheid") for _, found in got)
    # Without the '=' the lemmatiser's 'slechts' -> 'slecht' is a match.
    loose = CueIndex([Code(id="barrier", facet="type", cues=["slecht"])])
    assert any(h.found == "slechts" for h in loose.match(toks, lemmas(toks), text))


@pytest.mark.parametrize("text, expected", [
    ("Geen van de ondervraagde werkgevers noemde de verzekering van stagiairs als belemmering.", set()),
    ("De decanen zien de reistijd naar het roc niet als knelpunt.", set()),
    ("Mentoren missen vooral een eenvoudige manier om goede voorbeelden van andere scholen te vinden.", {"barrier"}),
    ("De meeloopdag van het Zandcollege is een goed voorbeeld van samenwerking met het roc.", {"success"}),
])
def test_denied_factors_and_good_examples(lob, text, expected):
    assert {c.type for c in code_passages([P(text, 0)], lob, Settings())} == expected


def test_an_auxiliary_inside_a_phrase_still_matches(lob):
    from miner.codebook import Code
    idx = CueIndex([Code(id="success", facet="type", phrases=["in beweging gebracht", "zicht op"])], "nl",
                   auxiliaries=frozenset({"heeft", "hebben"}))

    def found(text):
        toks = tokens(text)
        return [(h.cue, h.found) for h in idx.match(toks, lemmas(toks, "nl"), text) if h.how == "phrase"]

    assert [c for c, _ in found("Het project heeft de scholen in beweging gebracht.")] == ["in beweging gebracht"]
    assert found("Het is een project dat de scholen in beweging heeft gebracht.") == [("in beweging gebracht", "in beweging heeft gebracht")]
    # a short last word is a preposition, not a participle: "zicht hebben op" is no phrase "zicht op"
    assert found("De intakers zullen eerder zicht hebben op leerlingen met vragen.") == []
    # two auxiliaries, or another word, in between is no phrase
    assert found("Het project zou veel in beweging hebben heeft gebracht.") == []
    assert found("Het heeft alles in beweging snel gebracht.") == []
    without = CueIndex([Code(id="success", facet="type", phrases=["in beweging gebracht"])], "nl")
    toks = tokens("Het programma heeft veel in beweging heeft gebracht.")
    assert without.match(toks, lemmas(toks, "nl"), "") == []


def test_the_lob_codebook_reads_verb_clusters(lob):
    assert type_of(lob, "Wij concluderen dat de aanpak op alle scholen iets in beweging heeft gebracht.") == "success"
    assert type_of(lob, "Ik stel vast dat het overleg met de regio op gang is gekomen.") == "success"


@pytest.mark.parametrize("text, expected", [
    ("De informatieavond is bij ouders minder bekend, maar wie er kwam, was er tevreden over.", "success"),
    ("De mentoren vonden de training waardevol, maar het rooster liet er onvoldoende ruimte voor.", "barrier"),
])
def test_after_maar_the_second_clause_is_the_point(lob, text, expected):
    assert type_of(lob, text) == expected


def test_agreeing_clauses_or_a_bare_maar_change_nothing(lob):
    # both clauses positive: the success stays, with the evidence of both
    c = coded(lob, "De gastlessen waren waardevol, maar vooral de bedrijfsbezoeken werden gewaardeerd.")
    assert {x.type for x in c} == {"success"}
    assert "waardevol" in c[0].evidence and "gewaardeerd" in c[0].evidence
    # nothing typed after 'maar': the clause before keeps its type
    assert type_of(lob, "De decanen zijn tevreden over de nieuwe methode, maar zij gebruiken hem pas een jaar.") == "success"


def test_adversatives_come_from_the_codebook(lob):
    import copy
    plain = copy.deepcopy(lob)
    plain.adversatives = []
    text = "De informatieavond is bij ouders minder bekend, maar wie er kwam, was er tevreden over."
    assert type_of(plain, text) == "barrier" and type_of(lob, text) == "success"


def test_fieldwork_in_a_relative_clause_is_no_method_sentence(lob):
    # "die we spraken" says who judged, the sentence is still a finding
    assert type_of(lob, "Aankomende studenten die we spraken, vonden de gesprekken met ouderejaars waardevol.") == "success"
    # the writer's measure in the present tense stays a recommendation
    assert type_of(lob, "Daarnaast bieden wij de scholen volgend jaar een handreiking voor de overstap.") == "recommendation"


def test_a_quotation_after_a_finding_illustrates_it(lob):
    sec = ("4 Samenwerking met bedrijven",)
    ps = [P("Het contact met de stagebedrijven is een knelpunt: alles loopt via één docent.", 0, sec, block=0),
          P("Een teamleider: 'Als zij ziek is, ligt alles stil.", 1, sec, block=1),
          P("Niemand anders kent de bedrijven.'", 2, sec, block=1),
          P("'Dan sta je er als school alleen voor', aldus een mentor.", 3, sec, block=1)]
    got = by_passage(code_passages(ps, lob, Settings()))
    first = {c.type for c in got["d:00000"]}
    assert first == {"barrier"}
    for pid in ("d:00001", "d:00002"):
        assert {c.type for c in got[pid]} == first
        assert "explains the previous sentence (barrier)" in got[pid][0].evidence
        # the quotation is about what the finding is about, not what its own weak words suggest
        assert {c.theme for c in got[pid]} == {c.theme for c in got["d:00000"]}
    assert {c.type for c in got["d:00003"]} == first


def test_a_quotation_after_a_plain_sentence_is_not_coded(lob):
    sec = ("2 Aanpak",)
    ps = [P("In het voorjaar van 2025 spraken de onderzoekers met twaalf docenten.", 0, sec),
          P("Een docent: 'We hebben er veel over nagedacht.'", 1, sec)]
    assert code_passages(ps, lob, Settings()) == []


@pytest.mark.parametrize("text", [
    "Ten eerste maak ik de bekostiging van de regionale loopbaanpunten structureel.",
    "Ten tweede vraag ik de sectorraden om jaarlijks een overzicht van stageplaatsen te publiceren.",
    "Samen met de gemeenten verken ik hoe jongeren zonder startkwalificatie beter kunnen worden gevolgd.",
    "Ik stel daarvoor vanaf volgend jaar 4 miljoen euro beschikbaar.",
    "Ten derde gaan wij met de pabo's in gesprek over de plaats van LOB in hun curriculum.",
])
def test_a_ministers_announced_measures_are_recommendations(lob, text):
    assert type_of(lob, text) == "recommendation"


@pytest.mark.parametrize("text", [
    "Ten eerste constateer ik dat de regio's de afspraken goed nakomen.",   # a finding, not a measure
    "Ook reageer ik op de motie van het lid Van Dalen over stages.",         # procedure
    "Ten tweede ga ik in op de resultaten van de monitor.",                   # reading guide
])
def test_a_ministers_findings_and_procedure_are_no_measures(lob, text):
    assert type_of(lob, text) != "recommendation"


def test_a_separable_verb_split_over_its_clause_is_one_cue(lob):
    from miner.codebook import Code
    idx = CueIndex([Code(id="barrier", facet="type", cues=["uitvallen", "achterblijven"])], "nl",
                   particles=frozenset({"uit", "achter"}), particle_followers=frozenset({"dan"}))

    def found(text):
        toks = tokens(text)
        return [(h.cue, h.found, h.how) for h in idx.match(toks, lemmas(toks, "nl"), text)]

    assert found("Studenten met een mbo-diploma vallen vaker uit dan havisten.") == [
        ("uitvallen", "vallen ... uit", "separable")]
    assert found("De deelname van de havo blijft achter.") == [("achterblijven", "blijft ... achter", "separable")]
    # "uit" before its noun phrase is a preposition, and a verb in another clause does not pair
    assert found("Zij vallen vaak terug op cijfers uit de monitor.") == []
    assert found("Wie twijfelt, valt, maar komt er daarna uit.") == []


def test_split_verbs_in_the_lob_codebook(lob):
    assert type_of(lob, "Studenten met een mbo-achtergrond vallen in het hbo vaker uit dan havisten.") == "barrier"
    assert type_of(lob, "Leerlingen die een meeloopdag deden, vallen in het eerste jaar minder vaak uit.") == "success"
    assert "split verb 'haken ... af'" in coded(lob, "Veel leerlingen haken bij de lange opdrachten in het portfolio af.")[0].evidence


@pytest.mark.parametrize("text", [
    "Hiermee geef ik ook uitvoering aan de motie van het lid Jansen over stages bij werkgevers.",
    "Op basis van deze evaluatie doen wij de volgende aanbevelingen.",
])
def test_procedure_and_announcements_under_an_advice_heading_are_not_coded(lob, text):
    assert code_passages([P(text, 0, ("5 Aanbevelingen",))], lob, Settings()) == []


def test_a_list_after_a_sentence_ending_in_a_full_stop_has_it_as_lead_in(lob):
    sec = ("4 Maatregelen",)
    ps = [P("Op basis van het rapport nemen wij de volgende maatregelen.", 0, sec),
          P("- Alle mentoren volgen een training in het voeren van het loopbaangesprek.", 1, sec, kind="list_item"),
          P("- De decanen krijgen twee uur per week extra voor de overstap naar het mbo.", 2, sec, kind="list_item")]
    got = by_passage(code_passages(ps, lob, Settings()))
    assert "d:00000" not in got          # the announcement itself is not coded
    for pid in ("d:00001", "d:00002"):
        assert {c.type for c in got[pid]} == {"recommendation"}
        assert "list under lead-in" in got[pid][0].evidence
    # a heading right before a list is no lead-in
    ps = [P("Maatregelen", 0, sec, kind="heading"),
          P("- Alle mentoren volgen een training in het voeren van het loopbaangesprek.", 1, sec, kind="list_item")]
    assert all("lead-in" not in c.evidence for c in code_passages(ps, lob, Settings()))


def test_a_multiword_modality_counts_once():
    from miner.codebook import Code
    from miner.coding.rules import compile_codebook, rule_pass
    from miner.codebook import Codebook
    cb = Codebook(name="t", types=[Code(id="success", facet="type", cues=["geslaagd"])],
                  themes=[Code(id="general", facet="theme", modality=["algemene beeld"]),
                          Code(id="other", facet="theme", cues=["rooster"])])
    [r] = rule_pass([P("Het algemene beeld is dat de aanpak geslaagd is.", 0)], compile_codebook(cb))
    assert r.theme_scores == {"general": 0.4} and r.theme_evidence["general"] == ["modality 'algemeen beeld'"]


def test_an_untyped_lead_in_passes_on_the_sentence_before_it(lob):
    sec = ("6 Verwachtingen",)
    ps = [P("We verwachten van besturen dat zij loopbaanbegeleiding tot de kwaliteit van het onderwijs rekenen.", 0, sec),
          P("Concreet betekent dit het volgende:", 1, sec),
          P("- Besturen leggen vast wie in elk team verantwoordelijk is voor de loopbaangesprekken.", 2, sec, kind="list_item")]
    got = by_passage(code_passages(ps, lob, Settings()))
    assert {c.type for c in got["d:00002"]} == {"recommendation"}
    assert "list under lead-in 'We verwachten van besturen" in got["d:00002"][0].evidence
    # after a plain description the list stays uncoded
    ps[0] = P("De inspectie bezocht in 2025 vijftien instellingen.", 0, sec)
    got = by_passage(code_passages(ps, lob, Settings()))
    assert "d:00002" not in got


@pytest.mark.parametrize("text, expected", [
    ("- We gaan de loopbaangesprekken als vast mentoruur in het rooster opnemen.", "recommendation"),
    ("We willen alle informatie over vervolgopleidingen voor ouders op één plek bundelen.", "recommendation"),
    ("Voor ouders die de taal minder goed beheersen, gaan we samen met de bibliotheek een ochtend met tolken organiseren.", "recommendation"),
    ("We stellen het college van bestuur voor om de middelen voor de loopbaangesprekken structureel te maken.", "recommendation"),
])
def test_a_schools_own_plans_are_recommendations(lob, text, expected):
    assert type_of(lob, text) == expected


@pytest.mark.parametrize("text", [
    "We gaan hieronder in op de loopbaangesprekken per leerjaar.",
    "Wij willen eerst zien wat de ouderavonden opleveren voordat wij de tolken structureel inzetten.",
    "We gaan ervan uit dat de mentoren de loopbaangesprekken voeren.",
])
def test_going_into_waiting_and_assuming_are_no_plans(lob, text):
    assert type_of(lob, text) != "recommendation"


@pytest.mark.parametrize("text", [
    "De studieadviseurs van de hogeschool zouden graag eerder bij de overstap van havo naar hbo betrokken worden.",
    "Een loopbaandossier dat met de leerling meegaat, zou hier volgens de decanen uitkomst kunnen bieden.",
])
def test_a_wish_or_a_suggested_remedy_is_a_recommendation(lob, text):
    assert type_of(lob, text) == "recommendation"


def test_where_needed_is_no_condition(lob):
    assert type_of(lob, "Waar dat nodig was, regelden de coaches een meeloopdag bij een andere opleiding.") != "precondition"
    assert type_of(lob, "Een meeloopdag is nodig om te weten of een opleiding bij je past.") == "precondition"


def test_an_audit_offices_follow_up_is_procedure(lob):
    assert code_passages([P("Wij zullen over twee jaar nagaan wat er met de aanbevelingen over stages is gedaan.", 0,
                            ("Nawoord",))], lob, Settings()) == []


@pytest.mark.parametrize("text, expected", [
    ("De werving van de loopbaancoaches kostte meer tijd dan gepland.", "barrier"),
    ("De teamleiders hebben de pilot met loopbaancoaches gesteund, ook toen de cijfers nog weinig lieten zien.", "success"),
])
def test_more_time_than_planned_and_a_granted_circumstance(lob, text, expected):
    assert type_of(lob, text) == expected


def test_what_was_not_seen_is_denied(lob):
    assert code_passages([P("Wat wij niet hebben gezien, is weerstand bij teamleiders tegen de loopbaangesprekken.", 0,
                            ("Belemmerende factoren",))], lob, Settings()) == []


@pytest.mark.parametrize("text, expected", [
    ("Wij vragen alle teams de loopbaanleerlijn uiterlijk in september in het rooster zichtbaar te maken.", "recommendation"),
    ("Voor studenten op niveau 2 starten wij met een pilot met een loopbaancoach.", "recommendation"),
    ("Voor het expertisecentrum zoeken wij naar structurele financiering.", "recommendation"),
    ("De drie registratiesystemen voor loopbaangesprekken worden in 2026 teruggebracht tot één.", "recommendation"),
])
def test_a_boards_plans_for_next_year(lob, text, expected):
    assert type_of(lob, text) == expected


def test_past_intentions_and_wondering_are_no_plans(lob):
    assert type_of(lob, "Daarnaast wilden wij de samenwerking met het vo over de loopbaangesprekken verstevigen.") != "recommendation"
    assert type_of(lob, "Wij vragen ons af of de loopbaangesprekken in het eerste jaar te laat komen.") != "recommendation"


@pytest.mark.parametrize("text", [
    "Studenten willen een studieloopbaanbegeleider die de tijd neemt voor het gesprek.",
    "- bezoek of bel iedere student tijdens de stage minstens één keer;",
])
def test_students_wishes_and_lower_case_imperatives_are_recommendations(lob, text):
    assert type_of(lob, text) == "recommendation"


def test_a_board_noting_with_satisfaction_is_a_success(lob):
    assert type_of(lob, "Het college stelt met tevredenheid vast dat bijna alle eerstejaars een loopbaangesprek hadden.") == "success"


def test_a_type_cue_counts_as_a_compounds_head_not_its_first_part(lob):
    # an "adviesraad" is a council, not advice; a "verbeteraanbeveling" is a recommendation
    assert type_of(lob, "De Adviesraad Onderwijs heeft de scholen in 2025 bezocht.") == "none"
    found = hits(CueIndex(lob.types, modifiers=False), "De verbeteraanbeveling van de inspectie.")
    assert ("recommendation", "aanbeveling", "compound") in found
    # themes keep their first parts: a "beleidsplan" is about policy
    assert any(c == "vision_policy" for c, _, _ in hits(CueIndex(lob.themes), "Het beleidsplan is klaar."))


@pytest.mark.parametrize("text, expected", [
    ("Onderzoek laat daarnaast zien dat de meeste mentoren hun leerlingen twee keer per jaar spreken.", "none"),
    ("Onderzoek onder studenten toont aan dat de intake kort duurt.", "none"),
    ("Onderzoek of de gastlessen ook op de dorpsscholen kunnen worden gegeven.", "recommendation"),
])
def test_research_that_shows_something_is_no_imperative(lob, text, expected):
    assert type_of(lob, text) == expected


@pytest.mark.parametrize("word, code", [
    ("wethouder", "parents"),                 # wet|houder, not weth|ouder
    ("schouders", "parents"),
    ("borgingscommissie", "vision_policy_missie"),
    ("beroepskeuzeinformatie", "capacity_resources"),   # informatie, not in|formatie
])
def test_a_compound_splits_into_words(lob, word, code):
    found = {(c, cue) for c, cue, _, _ in CueIndex(lob.themes)._resolve(word)}
    code = code.removesuffix("_missie")
    assert not any(c == code and cue in ("ouder", "ouders", "missie", "formatie") for c, cue in found), found


@pytest.mark.parametrize("word, code, cue", [
    ("studieloopbaanbegeleiders", "professionalisation", "loopbaanbegeleider"),
    ("beleidsmedewerker", "vision_policy", "beleid"),
    ("privacywetgeving", "regulation_quality", "wetgeving"),
    ("overdrachtsformulier", "collaboration_chain", "overdracht"),
    ("ouderbijdrage", "parents", "ouder"),
])
def test_real_compounds_still_match_their_parts(lob, word, code, cue):
    assert (code, cue) in {(c, q) for c, q, _, _ in CueIndex(lob.themes)._resolve(word)}


@pytest.mark.parametrize("word, code", [
    ("jaarverslagen", "success"),     # jaar|verslagen, not jaarver|slagen
    ("eindverslagen", "success"),
    ("voorbereid", "success"),        # not "bereid" (willing)
    ("regelmatig", "barrier"),        # not "matig" (mediocre)
    ("beleidsmatige", "barrier"),
])
def test_a_derived_word_is_no_compound_of_a_type_cue(lob, word, code):
    index = CueIndex(lob.types, modifiers=False)
    assert not any(c == code for c, _, _, _ in index.token_matches(word))


def test_the_type_cues_in_their_own_forms_still_match(lob):
    index = CueIndex(lob.types, modifiers=False)
    for word, code in [("matige", "barrier"), ("bereid", "success"), ("personeelstekort", "barrier"), ("studiesucces", "success")]:
        assert any(c == code for c, _, _, _ in index.token_matches(word)), word


@pytest.mark.parametrize(
    "lead, item",
    [
        ("Op basis van de bevindingen doen wij de volgende aanbevelingen.", "- Geef mentoren vaste uren voor loopbaangesprekken."),
        ("Aan de scholen bevelen wij het volgende aan.", "- Betrek ouders al in de tweede klas bij de profielkeuze."),
        ("Voor de komende jaren geven wij het bestuur het volgende in overweging.", "- Leg de financiering van het netwerk voor vier jaar vast."),
    ],
)
def test_a_sentence_announcing_a_list_is_not_coded_but_its_items_take_its_type(lob, lead, item):
    ps = [P(lead, 0, ("7 Aanbevelingen",), block=0), P(item, 1, ("7 Aanbevelingen",), kind="list_item", block=1)]
    got = {c.passage_id: c for c in code_passages(ps, lob, Settings())}
    assert ps[0].passage_id not in got
    assert got[ps[1].passage_id].type == "recommendation"


@pytest.mark.parametrize(
    "text",
    [
        "Een deel van de werkgevers komt uit zichzelf terug met een aanbod voor het volgende schooljaar.",
        "De volgende meting van de monitor laat zien dat leerlingen zich beter voorbereid voelen.",
    ],
)
def test_the_next_year_or_measurement_is_no_announcement(lob, text):
    from miner.coding.rules import compile_codebook, rule_pass

    assert rule_pass([P(text, 0, ("3 Bevindingen",))], compile_codebook(lob))[0].skip is None
    assert rule_pass([P("Wij trekken de volgende conclusies.", 0, ("3 Bevindingen",))],
                     compile_codebook(lob))[0].skip.startswith("announces what follows")


def test_the_data_a_study_uses_is_method(lob):
    text = "We gebruiken de inschrijvingsgegevens van alle studenten die voor het eerst met succes in het hbo begonnen."
    assert code_passages([P(text, 0, ("3 Bevindingen",))], lob, Settings()) == []


@pytest.mark.parametrize("text", [
    "Omdat de groepen klein zijn, moeten de percentages van de enquête met voorzichtigheid worden gelezen.",
    "De gesprekken met ouders zijn niet representatief voor alle ouders van de school.",
    "De uitkomsten zijn nog voorlopig, en sommige scholen zijn nog maar net begonnen.",
    "Een vergelijking met de andere regio's is lastig te maken, omdat de aanpak daar sterk verschilt.",
])
def test_a_caveat_on_the_findings_is_method_not_a_finding(lob, text):
    from miner.coding.rules import compile_codebook, rule_pass

    assert rule_pass([P(text, 0, ("3 Bevindingen",))], compile_codebook(lob))[0].skip
    # a finding that is cautious about pupils is still a finding
    finding = "Leerlingen zijn voorzichtig met hun keuze, en het aantal stageplaatsen is voorlopig te klein."
    assert rule_pass([P(finding, 0, ("3 Bevindingen",))], compile_codebook(lob))[0].skip is None


def test_a_plans_section_frames_recommendations(lob):
    ps = [P("De formatie voor decanen wordt verhoogd naar 0,6 fte per 600 leerlingen.", 0, ("6.9 Plannen voor 2026-2027",)),
          P("De formatie voor decanen wordt verhoogd naar 0,6 fte per 600 leerlingen.", 1, ("6.6 Wat goed ging",))]
    got = {c.passage_id: c.type for c in code_passages(ps, lob, Settings())}
    assert got[ps[0].passage_id] == "recommendation"
    assert got[ps[1].passage_id] == "success"


def test_the_needle_prefilter_finds_exactly_the_needles_a_substring_test_finds(lob):
    from miner.coding.cues import PatternSet
    from miner.coding.rules import compile_codebook

    cc = compile_codebook(lob)
    sentences = ["", "vo", "mbo-hbo", "De mentoren hebben te weinig tijd voor loopbaangesprekken.",
                 "Wij bevelen het volgende aan.", "Voortaan worden de ouders vanaf januari 2027 uitgenodigd.",
                 "Zij durfde het thuis niet te zeggen, maar dat is niet met zekerheid te zeggen.",
                 "LOB leunt op enkelingen; de contacten hangen af van één of twee personen."]
    own = PatternSet([("a", r"\bvo\b"), ("b", r"\bmaar\s+niet\b"), ("c", r"(ab|xy)z")])
    for ps in (cc.types.patterns, cc.themes.patterns, cc.method, cc.concession, own):
        for s in sentences:
            low = s.lower()
            # whole words (" vo ") stand between non-word characters or the sentence's ends
            padded = " " + re.sub(r"\W", " ", low) + " "
            assert set(ps.found_needles(low)) == {n for n in ps.needles if n in padded}, s


def _pattern_sets(cc):
    sets = [cc.types.patterns, cc.themes.patterns, cc.types.exceptions, cc.themes.exceptions, cc.method,
            cc.announcements, cc.follow_up, cc.concession, cc.sources.patterns, cc.questions.templates,
            cc.questions.neutral, cc.questions.probes]
    if cc.programme is not None:
        sets.append(cc.programme.patterns)
    if cc.amounts is not None:
        sets += [cc.amounts.trends, cc.amounts.contrasts, cc.amounts.shares]
    sets += [exceptions for _, exceptions in cc.alone.values()]
    return [ps for ps in sets if ps is not None]


def test_the_prefilter_never_hides_a_match_of_any_codebook_pattern(lob):
    """Every pattern of the LOB codebook, on every sentence of our own fictional reports and
    transcripts plus sentences built to trip word boundaries: the filtered search finds exactly
    what searching every pattern's regex finds."""
    from miner.coding.rules import compile_codebook

    cc = compile_codebook(lob)
    root = Path(__file__).resolve().parents[1] / "corpora"
    sentences = []
    for f in sorted(root.glob("devset*/*.txt")) + sorted(root.glob("talk*/*.txt")):
        text = f.read_text(encoding="utf-8")
        sentences += [s for s in re.split(r"(?<=[.!?:])\s+|\n+", text) if s.strip()]
    sentences += ["En wat merk je daarvan?", "Zij gaan 'te' laat naar huis.", "De slb'ers (o.a. mentoren) te-veel?",
                  "—te weinig tijd—", "Maar...niet altijd!", "Zo’n gesprek:‘Wat wil je later?’", "TE WEINIG TIJD.",
                  "Mentor:\"Ik ga er nu op in.\"", "Niet als belemmering genoemd; wel als kans.", "vo-scholen"]
    # Capitals, and letters that ignore-case matching equates with another lower case ("ı" and
    # "i", "ſ" and "s"): the first search, on the lower-cased sentence, must not hide them either.
    sentences += [s.upper() for s in sentences[:400]]
    sentences += [s.replace("i", "ı").replace("s", "ſ") for s in sentences[:400]]
    sentences += ["İn de İnstructie staat te weınig over de mentor: 'ſtage'?"]
    assert len(sentences) > 2000
    checked = 0
    for ps in _pattern_sets(cc):
        for s in sentences:
            low = s.lower()
            got = [(k, pat) for k, pat, _ in ps.search(s, low)]
            want = [(k, pat) for k, pat, rx, _ in ps.items if rx.search(s)]
            assert got == want, s
            checked += len(ps.items)
    assert checked > 10000


def test_a_pattern_is_searched_first_without_ignore_case_in_the_lowered_sentence():
    from miner.coding.cues import PatternSet

    ps = PatternSet([("a", r"\bte\s+weinig\b"), ("b", r"^\W*[A-Z]"), ("c", r"(?-i:Mentor)\b"),
                     ("d", r"\bgeen\s+(?P<what>\w+)\s+(?P=what)\b"), ("e", r"\bmentor\u0131")])
    # Only patterns that mean the same on lower-cased text get the plain search: not one with a
    # capital, inline flags or an escaped code point.
    assert [x is not None for x in ps.lowered] == [True, False, False, True, False]
    assert [k for k, _, _ in ps.search("Er is TE WEINIG tijd.")] == ["a", "b"]
    # re equates the dotless "ı" with "i" when ignoring case; lower-casing does not: such a
    # sentence gets the ignore-case search only
    assert ps.scanner.plain("er is te weınig tijd.") is False
    assert [k for k, _, _ in ps.search("Er is te weınig tijd.")] == ["a", "b"]
    assert [k for k, _, _ in ps.search("Geen GELD geld, zegt de Mentor")] == ["b", "c", "d"]
    # the match reported is that of the ignore-case search of the sentence as written
    found = {k: m.group(0) for k, _, m in ps.search("want er is Te  Weinig tijd")}
    assert found["a"] == "Te  Weinig"


def test_a_pattern_is_triggered_by_its_rarest_words_in_the_sample_sentences():
    from miner.coding.cues import NeedleScanner, PatternSet

    pattern = r"\b(?:maar|slechts)\s+(?:\S+\s+)?(?:minuten|uur)\b"
    # By length alone " maar " (four letters) beats " uur " (three)...
    assert PatternSet([("a", pattern)]).needles == [" maar ", " slechts "]
    # ... but in sentences like the codebook's own examples "maar" is everywhere and "uur" rare.
    sample = ["Het plan is goed, maar de uitvoering niet.", "Maar niet iedereen doet mee.",
              "Er is maar een half uur per leerling.", "Ze zijn enthousiast, maar moe."]
    ps = PatternSet([("a", pattern)], NeedleScanner(sample))
    assert ps.needles == ["minuten", "uur"]   # after an optional word: not known to stand whole
    assert [k for k, _, _ in ps.search("Er is maar een uur per leerling.")] == ["a"]
    assert list(ps.search("Maar dat is een ander verhaal.")) == []


def test_pattern_sets_share_one_scan_of_a_sentence_and_forget_it_per_document():
    from miner.coding.cues import NeedleScanner, PatternSet

    scan = NeedleScanner()
    a = PatternSet([("a", r"\bte\s+weinig\b")], scan)
    b = PatternSet([("b", r"\bgebrek\s+aan\b")], scan)
    assert a.scanner is b.scanner
    s = "Er is een gebrek aan tijd en te weinig geld."
    assert [k for k, _, _ in a.search(s)] == ["a"] and [k for k, _, _ in b.search(s)] == ["b"]
    assert {" te ", " weinig ", " gebrek "} <= scan.scan(s.lower())
    # "te" inside a word is not the whole word "te": the pattern is not even searched
    assert a.found_needles("de route weinig") == {" weinig "}
    assert list(a.search("De route is weinig bekend.")) == []
    scan.forget()
    assert scan._seen == {}
    assert [k for k, _, _ in a.search(s)] == ["a"]


@pytest.mark.parametrize("text", [
    "Op de kleine scholen komen minder ouders naar de voorlichtingsavond.",
    "De meeste mentoren hebben geen opleiding in gespreksvoering gehad.",
    "Veel werkgevers weten niet wat het vmbo inhoudt.",
    "Niemand van de mentoren wist wat er met de uitslag van de beroepentest gebeurde.",
    "Ouders worden nooit uitgenodigd voor het loopbaangesprek.",
    "Van de afspraken over de overdracht is niets terechtgekomen.",
    "Van de afspraken over de overdracht is niks terechtgekomen.",   # spoken 'niets'
    "Ik ben niet meegegaan naar de ouderavond, ik moest werken.",     # an everyday modal is no rival
    "Er staan geen uren tegenover, dat moeten we eerlijk zeggen.",
])
def test_saying_something_is_not_there_or_less_is_a_barrier(lob, text):
    assert type_of(lob, text) == "barrier"
    assert any("is enough alone" in c.evidence for c in coded(lob, text))


@pytest.mark.parametrize("text", [
    "De coach praat met de student over de toekomst en niet over zijn cijfers.",   # contrast
    "De loopbaangesprekken zijn niet alleen een taak van de mentor.",
    "Wij vonden geen verschil tussen de twee locaties.",                          # nothing found
    "Geen van de decanen noemde de reistijd.",
    "De effecten op uitval hebben wij niet onderzocht.",
    "De school huurt een bus, zodat leerlingen niet zelf hoeven te reizen.",      # purpose
    "Een goede begeleider is niet te vervangen.",                                 # as much for success
    "Alle scholen bieden ten minste één meeloopdag aan.",                         # not the word itself
])
def test_a_weak_word_alone_is_not_a_barrier_where_it_contrasts_or_finds_nothing(lob, text):
    assert type_of(lob, text) == "none"


def test_without_alone_words_a_weak_word_codes_nothing(lob):
    import dataclasses

    cb = dataclasses.replace(lob, types=[dataclasses.replace(c, alone=[], alone_exceptions=[]) for c in lob.types])
    assert type_of(cb, "Veel werkgevers kennen het vmbo niet.") == "none"
    assert type_of(lob, "Veel werkgevers kennen het vmbo niet.") == "barrier"


def test_someone_who_left_or_a_plan_that_ran_aground_is_a_barrier(lob):
    assert type_of(lob, "De coördinator die het netwerk trok, is vorig jaar vertrokken naar een andere school.") == "barrier"
    assert type_of(lob, "Het plan voor een vast loopbaanuur strandt steeds op het rooster.") == "barrier"
    # leaving as such, in the present, is no loss ("vertrekken naar het mbo")
    assert type_of(lob, "De meeste leerlingen vertrekken na het examen naar het mbo in de regio.") == "none"


@pytest.mark.parametrize("text", [
    "Voor deze maatregelen trek ik in de periode 2027-2029 twaalf miljoen euro uit.",
    "Om ouders beter te bereiken, laat ik het steunpunt een handreiking voor ouderavonden ontwikkelen.",
    "Voor de regio's zonder netwerk stel ik vanaf 2027 een startbijdrage beschikbaar.",
    "In de subsidiebeschikking leg ik vast welke resultaten het steunpunt jaarlijks rapporteert.",
    "Wij maken met de schoolbesturen afspraken over de uren voor de decaan.",
])
def test_measures_the_writer_announces_are_recommendations(lob, text):
    assert type_of(lob, text) == "recommendation"


def test_above_or_below_the_target_is_a_success_or_a_barrier(lob):
    assert type_of(lob, "In totaal volgden 640 mentoren de training, ruim boven de beoogde 500.") == "success"
    assert type_of(lob, "Met 210 deelnemers bleef de zomerschool onder het streefcijfer van 300.") == "barrier"
    assert type_of(lob, "Het opbouwen van het netwerk kostte veel meer tijd dan begroot.") == "barrier"


@pytest.mark.parametrize("text", [
    "Praat met studenten uit het tweede of derde jaar, niet alleen met de ambassadeurs van de opleiding.",
    "Durf als mentor door te vragen als een leerling zegt dat het wel goed komt met de keuze.",
    "Stop met elk jaar een nieuw keuzeprogramma voor de mentoren.",
    "Om te beginnen: stop met elk jaar een nieuwe methode voor de mentoren.",   # after a short lead-in and a colon
])
def test_spoken_advice_as_an_imperative_is_a_recommendation(lob, text):
    assert type_of(lob, text) == "recommendation"


def test_what_is_done_every_year_is_no_announced_measure(lob):
    assert type_of(lob, "Elk jaar maken we afspraken over wie de overdracht naar het mbo verzorgt.") != "recommendation"


def test_a_waiting_time_or_list_is_a_barrier(lob):
    assert type_of(lob, "Voor een gesprek met de jeugdarts geldt een wachttijd van zes weken.") == "barrier"
    assert type_of(lob, "Voor de schuldhulp staan veel studenten op een wachtlijst.") == "barrier"


def test_advice_given_to_a_pupil_is_not_a_recommendation(lob):
    assert type_of(lob, "Het schooladvies van de basisschool bepaalt vaak het niveau.") == "none"
    assert type_of(lob, "Wij adviseren de scholen om ouders eerder te betrekken.") == "recommendation"


@pytest.mark.parametrize("text", [
    "De LOB-coördinator’s rol: 12,5 procent van de mentoren (o.a. in ’t vmbo) voert gesprekken.",
    "İstanbul en Ærø: thema's, ‘loopbaan’ — 3.0 keer.",
    "Een_woord, de-de--de 'de' de’de’ 1.2.3 4,5,6 mbo2 -vo- ’t",
    "",
])
def test_token_spans_are_where_the_regex_finds_the_tokens(text):
    from miner.coding.lemmas import TOKEN, token_spans, tokens

    assert tokens(text) == [t.replace("’", "'") for t in TOKEN.findall(text.lower())]
    # spans are found from the tokens (each after the one before): they must be the regex's own
    assert token_spans(text) == tuple(m.span() for m in TOKEN.finditer(text.lower()))
    low = text.lower().replace("’", "'")
    assert [low[a:b] for a, b in token_spans(text)] == tokens(text)


@pytest.mark.parametrize("text", [
    "Loopbaanbegeleiding helpt jongeren om een opleiding te kiezen die bij hen past.",
    "Goede LOB draagt bij aan minder uitval in het eerste jaar van het mbo.",
    "LOB kan de kansen van jongeren uit kwetsbare gezinnen versterken.",
])
def test_the_case_for_the_field_in_general_is_no_finding(lob, text):
    from miner.coding.rules import compile_codebook, rule_pass

    assert rule_pass([P(text, 0, ("3 Bevindingen",))], compile_codebook(lob))[0].skip
    # what it did here is a finding
    finding = "De loopbaanbegeleiding op onze school helpt leerlingen aantoonbaar beter kiezen dan vroeger."
    assert rule_pass([P(finding, 0, ("3 Bevindingen",))], compile_codebook(lob))[0].skip is None
    assert type_of(lob, finding) == "success"


def test_a_conditions_heading_needs_a_clue_in_the_sentence(lob):
    sec = ("4.2 Randvoorwaarden",)
    ps = doc(("Het steunpunt organiseert twee keer per jaar een netwerkbijeenkomst voor decanen.", sec, "paragraph"),
             ("Voor de decanen blijft een vast aanspreekpunt in de regio belangrijk.", sec, "paragraph"),
             ("Daarvoor zijn drie zaken nodig:", sec, "paragraph"),
             ("vaste uren voor de coördinator;", sec, "list_item"),
             ("een gedeelde planning met het mbo voor de overstap.", sec, "list_item"))
    got = {c.passage_id: c.type for c in code_passages(ps, lob, Settings())}
    # a description of what was done stays uncoded under the title alone
    assert ps[0].passage_id not in got
    # a weak word of its own ("belangrijk") together with the title makes it a condition
    assert got[ps[1].passage_id] == "precondition"
    # the list is the conditions the section names (its lead-in only announces them)
    assert [got.get(p.passage_id) for p in ps[3:]] == ["precondition"] * 2
    # with a clue of its own the title counts in full: a negative condition with a barrier word
    cond = doc(("Als een team weinig of geen ruimte in het rooster heeft, wordt het lastig om stages goed na te bespreken.",
                sec, "paragraph"))
    assert [c.type for c in code_passages(cond, lob, Settings())][:1] == ["precondition"]
    # other types' titles are enough alone
    barrier = doc(("Het steunpunt organiseert twee keer per jaar een netwerkbijeenkomst voor decanen.",
                   ("4.3 Knelpunten",), "paragraph"))
    assert [c.type for c in code_passages(barrier, lob, Settings())][:1] == ["barrier"]


@pytest.mark.parametrize("text", [
    "Door het vaste overleg met de jeugdzorg konden knelpunten rond huisvesting en schulden snel worden aangepakt.",
    "Knelpunten in het rooster werden door de stuurgroep snel opgelost.",
    "Elke coach had een klein budget om praktische drempels voor de stage weg te nemen.",
    "Eén school loste dit op met een eigen busje naar de stagebedrijven.",
])
def test_a_problem_that_was_solved_is_a_success(lob, text):
    assert type_of(lob, text) == "success"


@pytest.mark.parametrize("text, expected", [
    # still unsolved, or solving as a condition, is not a success
    ("De knelpunten in de overdracht van leerlinggegevens zijn nog niet opgelost.", "barrier"),
    ("Als de problemen thuis worden aangepakt, kan een jongere weer aan school denken.", "precondition"),
])
def test_an_unsolved_or_conditional_problem_is_no_success(lob, text, expected):
    assert type_of(lob, text) == expected


@pytest.mark.parametrize("text", [
    "Een vaste contactpersoon maakte het voor nieuwkomers met beperkte taalvaardigheid veel makkelijker om een stage te vinden.",
    "Sinds de scholen één aanmeldformulier gebruiken, is de inschrijving voor ouders eenvoudiger geworden.",
])
def test_what_made_things_easier_is_a_success(lob, text):
    assert type_of(lob, text) == "success"


def test_practice_that_varies_widely_is_a_barrier(lob):
    assert type_of(lob, "De kwaliteit van de begeleiding loopt per opleiding sterk uiteen.") == "barrier"


@pytest.mark.parametrize("text, expected", [
    # what a programme set out to do is not what came of it
    ("Het project had drie doelen: meer stageplekken, minder uitval en betere samenwerking met het mbo.", "none"),
    ("Het doel was de jongeren eerder te bereiken en hen sneller naar een passende opleiding te helpen.", "none"),
    # ... but whether the aims were met, or how they were set, is a finding
    ("Het doel van drie gesprekken per leerling is niet gehaald.", "barrier"),
])
def test_a_programmes_aims_are_not_findings(lob, text, expected):
    assert type_of(lob, text) == expected


@pytest.mark.parametrize("heading, expected", [
    ("3 Wat sterke instellingen doen", "success"),
    ("4.1 Wat hielp", "success"),
    ("4.3 Wat moet er zijn", "precondition"),
    ("5.2 Wat goed ging", "success"),
    ("5.3 Wat nog niet goed gaat", "barrier"),
    ("6 Wat achterbleef", "barrier"),
    ("Wat ik vraag van scholen en gemeenten", "recommendation"),
    # a policy paper's measures and agreements are what it proposes
    ("6 Maatregelen", "recommendation"),
    ("5 Nieuwe afspraken en middelen", "recommendation"),
    # ... not the pandemic's measures
    ("2.3 Coronamaatregelen op school", None),
    # a heading naming both sides sets neither
    ("4 Wat helpt en wat hindert", None),
])
def test_plain_language_section_titles_set_the_type(lob, heading, expected):
    from miner.coding.rules import compile_codebook
    found = compile_codebook(lob).type_headings.nearest((heading,))
    assert (found[0] if found else None) == expected


@pytest.mark.parametrize("text, expected", [
    ("Aan de meeloopdagen deden 410 leerlingen mee, ruim meer dan de 300 die bij de start als doel waren gesteld.", "success"),
    # more time than planned is the opposite
    ("De werving van stagebedrijven kostte veel meer tijd dan gepland.", "barrier"),
])
def test_more_than_the_target_is_a_success(lob, text, expected):
    assert type_of(lob, text) == expected


def test_what_people_valued_is_a_success_whatever_it_mentions(lob):
    assert type_of(lob, "Stagebedrijven waardeerden vooral dat zij bij problemen direct de stagecoördinator konden bellen.") == "success"


@pytest.mark.parametrize("text, expected", [
    # who a programme is for is not a shortfall
    ("Het project richt zich op jongeren die geen diploma hebben en niet meer naar school gaan.", "none"),
    # ... but a shortfall about them still is one
    ("Jongeren die geen diploma hebben, worden door de scholen nog te vaak niet bereikt.", "barrier"),
])
def test_a_target_group_described_with_niet_or_geen_is_no_barrier(lob, text, expected):
    assert type_of(lob, text) == expected


def test_what_did_not_help_is_a_barrier(lob):
    assert type_of(lob, "De nieuwe folder hielp ook niet om ouders naar de informatieavond te krijgen.") == "barrier"


def test_only_if_with_a_longer_verb_group_is_a_condition(lob):
    assert type_of(lob, "Een loopbaangesprek kan alleen echt goed worden gevoerd als de mentor de leerling kent.") == "precondition"


@pytest.mark.parametrize("text, expected", [
    # costs planned too low, a muddle, crowds, quality that varies widely
    ("Meerdere scholen hadden de tijd voor de begeleiding van stagiairs bij de start duidelijk onderschat.", "barrier"),
    ("De twee aanmeldroutes naast elkaar zorgden bij ouders voor veel verwarring.", "barrier"),
    ("Op de voorlichtingsavond was de drukte in de aula zo groot dat niet alle ouders een plek kregen.", "barrier"),
    ("De kwaliteit van de portfolio's wisselt sterk tussen de mentorgroepen.", "barrier"),
    ("Ouders stonden bij de inschrijving voor de proefstudie een uur in de rij.", "barrier"),
    # work going to plan, a strong link, more than counted on
    ("De meeste projecten voor loopbaanbegeleiding liggen op schema.", "success"),
    ("De stagecoördinator is een sterke schakel tussen de school en de leerbedrijven.", "success"),
    ("Er meldden zich 180 ouders aan, ruim meer dan de 120 waarop de school had gerekend.", "success"),
])
def test_more_plain_findings_are_read_as_such(lob, text, expected):
    assert type_of(lob, text) == expected


def test_figure_rows_under_a_plain_lead_in_do_not_take_the_finding_before_it(lob):
    sec = ("2 Deelname",)
    ps = [
        P("De meeloopdagen bij het mbo werken goed voor de leerlingen.", 0, sec, block=0),
        P("De leerlingen waren als volgt over de scholen verdeeld:", 1, sec, block=1),
        P("Locatie Noord 112 leerlingen", 2, sec, kind="list_item", block=2),
        P("Locatie Zuid 87 leerlingen", 3, sec, kind="list_item", block=3),
    ]
    got = by_passage(code_passages(ps, lob, Settings()))
    assert {c.type for c in got["d:00000"]} == {"success"}
    assert "d:00002" not in got and "d:00003" not in got
    # items that say something are still read as spelling out the sentence before
    ps[2] = P("de leerlingen van de kaderberoepsgerichte leerweg, die vaker dan vroeger meededen", 2, sec,
              kind="list_item", block=2)
    got = by_passage(code_passages(ps, lob, Settings()))
    assert "d:00002" in got


@pytest.mark.parametrize("text, expected", [
    ("Het aanbod van keuzetests is voor mentoren onoverzichtelijk.", "barrier"),
    ("De informatie over leerlingen in de overdrachtsdossiers is vaak summier.", "barrier"),
    ("Ouders stonden bij de open avond van het mbo voor een dichte deur.", "barrier"),
    ("De ambitie van het LOB-plan botste met de werkelijkheid van het rooster.", "barrier"),
    ("Alle twaalf scholen waren bij het regionale netwerk vertegenwoordigd, een goed teken.", "success"),
    ("De mentoren constateren dat de loopbaankalender goed wordt gebruikt.", "success"),
    ("Het portfolio maakt het loopbaangesprek met de mentor concreter.", "success"),
    ("Mentoren vinden de gegevens over de stages van hun leerlingen nu sneller dan voorheen.", "success"),
])
def test_plain_words_for_problems_and_progress(lob, text, expected):
    assert type_of(lob, text) == expected


def test_a_list_of_agreements_announced_in_minutes_is_what_is_proposed(lob):
    sec = ("3 Afspraken",)
    ps = [
        P("Voor het komende schooljaar zijn de volgende afspraken gemaakt:", 0, sec, block=0),
        P("elke school wijst een vaste contactpersoon voor de overstap naar het mbo aan;", 1, sec,
          kind="list_item", block=1),
        P("de decanen delen hun jaarplanning van de voorlichting via de website van het netwerk.", 2, sec,
          kind="list_item", block=2),
    ]
    got = by_passage(code_passages(ps, lob, Settings()))
    for pid in ("d:00001", "d:00002"):
        assert {c.type for c in got[pid]} == {"recommendation"}


@pytest.mark.parametrize("text, section, expected", [
    # "beperk" in an advice is the advice, not the barrier word "beperkt"
    ("Zet de meeloopdagen voor leerlingen voort, maar beperk ze tot twee dagdelen.", ("6 Aanbevelingen",),
     "recommendation"),
    ("Volg de oud-leerlingen in het mbo en deel de gegevens over uitval met de decanen.", FINDINGS, "recommendation"),
    ("Schrijf de informatie over de profielkeuze voor ouders in eenvoudige taal.", FINDINGS, "recommendation"),
    # ... while what is limited stays a barrier
    ("Het aanbod van stages in de zorg is voor leerlingen beperkt.", FINDINGS, "barrier"),
])
def test_imperatives_are_advice(lob, text, section, expected):
    assert type_of(lob, text, section) == expected


@pytest.mark.parametrize("text", [
    "Een aantal scholen slaagt er niet in om mentoren vrij te roosteren voor loopbaangesprekken.",
    "Door het grote aanbod aan voorlichting zagen ouders door de bomen het bos niet meer.",
    "Omdat vooral tevreden ouders de vragenlijst invulden, geven de uitkomsten een te positief beeld.",
    # resting on a few keen people is fragile, not a condition
    "De stages in de zorg hingen af van enkele enthousiaste docenten.",
])
def test_failing_swamped_rosy_and_fragile_are_barriers(lob, text):
    assert type_of(lob, text) == "barrier"


@pytest.mark.parametrize("lead, items", [
    ("Het onderzoek beantwoordt drie vragen:",
     ["welke knelpunten ervaren mentoren bij de loopbaangesprekken;",
      "wat hebben scholen nodig om ouders beter bij de profielkeuze te betrekken;"]),
    ("Met de meeloopdagen wilde de school het volgende bereiken:",
     ["leerlingen een realistisch beeld geven van de opleidingen in het mbo;",
      "ouders beter betrekken bij de studiekeuze van hun kind."]),
])
def test_listed_research_questions_and_aims_are_not_findings(lob, lead, items):
    sec = ("1 Inleiding",)
    ps = [P(lead, 0, sec, block=0)] + [P(t, k, sec, kind="list_item", block=k) for k, t in enumerate(items, 1)]
    assert code_passages(ps, lob, Settings()) == []


def test_a_sentence_that_only_counts_problems_named_is_not_coded(lob):
    assert type_of(lob, "Op de ouderavonden over de profielkeuze werden vooral drie knelpunten genoemd.") == "none"


@pytest.mark.parametrize("text, expected", [
    # a negation on the thing denies the amount: no hours on most schools is a shortfall
    ("Mentoren volgden de training buiten lestijd en kregen daar op de meeste scholen geen uren voor.", "barrier"),
    # "onder meer" is "among other things", no amount
    ("De gemeente betaalt onder meer de uren van de stagecoördinator.", "none"),
    # what a point is about is no measure; what comes is one
    ("Ten eerste gaat het om een kleine steekproef van scholen en mentoren.", "none"),
    ("Ten derde komt er een scholingsprogramma voor mentoren.", "recommendation"),
    # a help suggested is advice, not a success
    ("Een regionaal loket voor stages zou daarbij kunnen helpen.", "recommendation"),
    ("Het ministerie kan scholen helpen door de eisen aan het loopbaandossier duidelijk te maken.", "recommendation"),
    # a doubt voiced is an open question, whatever it names
    ("De decanen vragen zich af of de nieuwe aanpak leerlingen beter voorbereidt op de overstap naar het mbo.",
     "barrier"),
    # a loss denied is no shortfall
    ("Dat sommige leerlingen daarna een andere opleiding kozen, zien wij niet als verlies voor de school.", "none"),
])
def test_amounts_measures_help_and_doubt_read_as_meant(lob, text, expected):
    assert type_of(lob, text) == expected


@pytest.mark.parametrize("text, expected", [
    # more than budgeted is a cost overrun, however the sentence puts it
    ("Het inhuren van gastdocenten voor de loopbaanlessen kostte ruim 12.000 euro, bijna een kwart meer dan begroot.",
     "barrier"),
    ("De administratie voor de subsidie vroeg veel meer tijd van de decanen dan bij de aanvraag was begroot.",
     "barrier"),
    # progress that stayed small, and a tool less useful than hoped
    ("Op de toetsvragen over het mbo bleef de vooruitgang van de leerlingen beperkt, van 48 naar 55 procent.",
     "barrier"),
    ("De lijsten met adressen van oud-leerlingen bleken voor de decanen minder bruikbaar.", "barrier"),
])
def test_overruns_and_small_gains_are_barriers(lob, text, expected):
    assert type_of(lob, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Leerlingen die met iemand uit het beroep hadden gesproken, schatten hun kansen op een stageplek realistischer in.",
     "success"),
    ("Voor leerlingen uit de bovenbouw blijken korte meeloopdagen het best te werken.", "success"),
    # only so many hours, regret of a choice, a problem explained
    ("De jongerenwerkers hebben voor de huisbezoeken maar acht uur per week beschikbaar.", "barrier"),
    ("Een op de vijf studenten heeft in het eerste jaar al spijt van de gekozen opleiding.", "barrier"),
    ("De school wijt dit zelf aan het vertrek van twee decanen halverwege het schooljaar.", "barrier"),
])
def test_monitor_and_letter_findings_in_plain_words(lob, text, expected):
    assert type_of(lob, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a wish in hindsight and spoken advice to go and see
    ("Een informatieavond voor ouders over de profielkeuze, dat had ons echt geholpen.", "recommendation"),
    ("Ga kijken op een gewone lesdag van de opleiding, niet alleen op de open dag.", "recommendation"),
    # ... but help that was given is a success
    ("De coach had haar in de eerste weken goed geholpen bij het zoeken naar een stage.", "success"),
    # "helemaal niet" is a shortfall, "helemaal niet erg" is no harm
    ("De meeloopdag op het mbo paste helemaal niet bij wat ik zocht in een opleiding.", "barrier"),
])
def test_spoken_wishes_advice_and_no_harm(lob, text, expected):
    assert type_of(lob, text) == expected


def test_no_harm_is_no_barrier(lob):
    assert type_of(lob, "Als de eerste keuze niet past, is het helemaal niet erg om van opleiding te wisselen.") != "barrier"


@pytest.mark.parametrize("text, expected", [
    # no failure, no need, honesty about the downside: none of them a shortfall
    ("Overstappen naar een andere opleiding is geen falen.", "none"),
    ("Je hoeft in de derde klas niet precies te weten welk beroep je later wilt.", "none"),
    ("De studenten op de open dag zijn eerlijk, die zeggen ook wat tegenvalt aan de opleiding.", "none"),
    # what someone asks about is not asserted: a message asking whether it went well is no success
    ("Mijn mentor heeft alleen een appje gestuurd of het goed ging met de stage.", "barrier"),
    # resting on that one teacher is fragile
    ("Bij mij ging de stage goed, maar dat hing van die ene docent af.", "barrier"),
])
def test_spoken_denials_questions_and_dependence(lob, text, expected):
    assert type_of(lob, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Elders moest het netwerk van decanen vanaf de grond worden opgebouwd, wat meer tijd kostte dan begroot.",
     "barrier"),
    # thinking of leaving is a loss in the making; considering a measure is a plan
    ("Verschillende regionale contactpersonen van het steunpunt overwegen om ander werk te zoeken.", "barrier"),
    ("De school overweegt om de loopbaanlessen in de bovenbouw uit te breiden.", "recommendation"),
    # an open question is a doubt, not the plan it names
    ("Wel is het de vraag of de nieuwe vragenlijst meer zal meten dan de tevredenheid van ouders.", "barrier"),
    # a writer advising against a measure proposes
    ("Een wettelijke verplichting tot een loopbaangesprek acht ik op dit moment niet verstandig.", "recommendation"),
])
def test_overruns_leaving_open_questions_and_judged_measures(lob, text, expected):
    assert type_of(lob, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Rond de toetsweken schoten de loopbaangesprekken er bij veel mentoren bij in.", "barrier"),
    ("Het grootste bezwaar van de mentoren is de tijd die de loopbaangesprekken kosten.", "barrier"),
    ("Negen mentoren stopten voortijdig met de loopbaangesprekken met eerstejaars.", "barrier"),
    # a study's own limits
    ("Scholen met een eigen decaan zijn in de vragenlijst oververtegenwoordigd, wat het beeld van de "
     "loopbaangesprekken gunstiger maakt dan het in werkelijkheid is.", "barrier"),
    ("De aantallen leerlingen per school zijn klein, zodat verschillen tussen scholen op toeval kunnen berusten.",
     "barrier"),
    # what is to be discussed is not what went well
    ("Ten derde bespreekt de werkgroep elk voorjaar met mentoren en decanen wat goed ging en wat beter kan.", "none"),
])
def test_wayside_objections_early_leavers_and_a_studys_limits(lob, text, expected):
    assert type_of(lob, text) == expected


@pytest.mark.parametrize("text, expected", [
    # spoken wishes and changes proposed
    ("Voor de gesprekken met de mentor zou een tolk voor ouders heel fijn zijn.", "recommendation"),
    ("Ik zou als jongerenwerker liever eerder aanschuiven bij de school, als er signalen zijn over een leerling.",
     "recommendation"),
    ("Dat zou ik voor de eerstejaars omzetten in een vast loopbaangesprek met de mentor.", "recommendation"),
    # ... not a speaker who would not know
    ("Dat zou ik echt niet weten, eerlijk gezegd, hoe de school dat regelt.", "none"),
    # a good point announced
    ("Wat wel goed was: de school had doe-middagen in de praktijklokalen voor de leerlingen.", "success"),
])
def test_spoken_wishes_proposals_and_good_points(lob, text, expected):
    assert type_of(lob, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a count of who did not turn up, fallen, is progress
    ("Het aantal leerlingen dat na het vmbo niet op een mbo-opleiding verschijnt, is gedaald van 74 naar 52.", "success"),
    # the minutes' decisions, offers, pledges, proposals and requests
    ("Besloten wordt dat de programmamanager met de werkgevers een lesformat voor gastlessen ontwikkelt.",
     "recommendation"),
    ("Mevrouw Jansen biedt aan dat de hogeschool meedenkt over de vragenlijst voor de loopbaanmonitor.",
     "recommendation"),
    ("De besturen zeggen toe dat zij middelen voor de regionale LOB-agenda vrijmaken.", "recommendation"),
    ("De heer De Vries stelt voor om werkgevers een vast lesformat voor gastlessen aan te bieden.", "recommendation"),
    ("Mevrouw El Amrani vraagt of de werkwijze van de warme overdracht kan worden vastgelegd in een protocol.",
     "recommendation"),
])
def test_minutes_decisions_offers_and_requests(lob, text, expected):
    assert type_of(lob, text) == expected


def test_less_dependence_is_no_fragility_and_a_recovery_is_a_success(lob):
    assert type_of(lob, "Met twee mentoren per klas is de begeleiding minder afhankelijk van één persoon.") != "barrier"
    assert type_of(lob, "De daling van de deelname aan de meeloopdagen is inmiddels grotendeels hersteld.") == "success"


@pytest.mark.parametrize("text", [
    "Van de 23 leerlingen met een vaste mentor op het mbo is er na drie maanden niemand uitgevallen.",
    "Ouders gaven aan dat hun zorgen over de overstap naar het mbo daardoor kleiner werden.",
])
def test_nobody_dropping_out_and_shrinking_worries_are_successes(lob, text):
    assert type_of(lob, text) == "success"
