"""Theme assignment: sources of a claim, section titles as a fallback, inflected cue forms."""

from __future__ import annotations

import pytest

from miner.codebook_io import codebook_to_yaml, load_codebook, parse_codebook
from miner.coding import code_passages
from miner.coding.attribution import SourceFinder
from miner.coding.cues import CueIndex
from miner.coding.lemmas import lemmas, tokens
from miner.model import Passage
from miner.settings import Settings
from sentences import coded


@pytest.fixture(scope="module")
def lob():
    return load_codebook("lob")


def P(text, i=0, section=(), block=None):
    return Passage(document="d", passage_id=f"d:{i:05d}", index=i, kind="paragraph", text=text, start=0,
                   end=len(text), section=tuple(section), block=i if block is None else block)


def themes(cb, text, section=()):
    return {c.theme for c in code_passages([P(text, 0, section)], cb, Settings())}


def rule_themes(cb, text, section=("4 Bevindingen",)):
    """The themes the rule pass gives a sentence, typed or not (a theme test needs no type cue)."""
    from miner.coding.rules import compile_codebook, rule_pass

    return {c for c, _ in rule_pass([P(text, 0, section)], compile_codebook(cb))[0].themes()}


@pytest.mark.parametrize(
    "text, source_words, topic_words",
    [
        ("Volgens de regiocontactpersonen is er te weinig tijd in het rooster.", ["regiocontactpersonen"], ["rooster"]),
        ("Uit de monitor onder leerlingen blijkt dat zij tevreden zijn.", ["monitor"], ["leerlingen", "tevreden"]),
        ("Wat betreft stages geven de decanen aan dat het rooster te vol is.", ["decanen"], ["stages", "rooster"]),
        ("Medewerkers van het Steunpunt noemen de werkdruk als knelpunt.", ["steunpunt"], ["werkdruk"]),
        ("Er is meer tijd nodig, stelt een coördinator van de school.", ["coördinator"], ["tijd"]),
    ],
)
def test_sources_of_a_claim_are_found(lob, text, source_words, topic_words):
    finder = SourceFinder(lob.source_patterns)
    toks = tokens(text)
    inside = {toks[i] for i in finder.positions(text)}
    assert set(source_words) <= inside, inside
    assert not inside & set(topic_words), inside


def test_a_named_source_is_not_a_theme_of_the_claim(lob):
    # The contact persons say it; the claim is about the timetable.
    assert themes(lob, "Volgens de regiocontactpersonen is het gebrek aan ruimte in het rooster een knelpunt.") == {"curriculum_time"}
    assert themes(lob, "Uit de monitor blijkt dat de werkdruk van mentoren een knelpunt is.") == {"capacity_resources"}


def test_a_sentence_about_its_source_keeps_it(lob):
    # Nothing else is named: the support point is what the sentence is about.
    assert "support_structure" in themes(lob, "Volgens het steunpunt is dat een belangrijk knelpunt.")


def test_without_source_patterns_sources_count_as_themes(lob):
    bare = load_codebook("lob")
    bare.source_patterns = []
    assert "support_structure" in themes(bare, "Volgens de regiocontactpersonen is het gebrek aan ruimte in het rooster een knelpunt.")


def test_section_title_names_a_theme_only_where_the_sentence_names_none(lob):
    section = ("3 Bevindingen", "3.2 Samenwerking")
    # Its own theme (money) wins over the title's ...
    assert themes(lob, "Een knelpunt is dat de subsidie in 2023 afloopt.", section) == {"capacity_resources"}
    # ... and a sentence without one takes the title's.
    assert themes(lob, "Een knelpunt is dat dit vaak misgaat.", ("3 Bevindingen", "3.2 Ouderbetrokkenheid")) >= {"parents"}


def test_a_weak_clue_of_the_section_titles_theme_joins_the_sentences_own(lob):
    text = "Veel mentoren vinden het lastig om met ouders over de keuze te praten."
    # "mentoren" alone is a weak clue of professionalisation; under a title naming it, the two agree
    assert themes(lob, text, ("4 Bevindingen", "4.2 Professionalisering")) == {"parents", "professionalisation"}
    assert themes(lob, text, ("4 Bevindingen", "4.2 Uitvoering")) == {"parents"}
    # a title whose theme the sentence gives no clue of still gives way to the sentence's own
    assert themes(lob, text, ("4 Bevindingen", "4.2 Financiering")) == {"parents"}


def test_source_patterns_round_trip_through_yaml(lob):
    again = parse_codebook(codebook_to_yaml(lob), "again.yaml")
    assert again.source_patterns == lob.source_patterns
    assert again.hash() == lob.hash()


@pytest.mark.parametrize(
    "text, theme",
    [
        # Inequality in choices, named without the word "kansengelijkheid".
        ("Vooral leerlingen met hoger opgeleide ouders doen mee aan de zomerschool, wat een knelpunt is.", "equal_opportunity"),
        ("Voor nieuwkomers en anderstalige ouders is de voorlichting een knelpunt.", "equal_opportunity"),
        # Experiential activities and fit with interests are the student's side of LOB.
        ("De proefstudeerdagen zijn een succesfactor: leerlingen merken zelf of een opleiding bij hen past.", "student_agency"),
        # Room in the programme.
        ("Een knelpunt is dat het lesprogramma in de examenklas geen ruimte laat.", "curriculum_time"),
        # Information to parents and students is communication; data exchange between schools is monitoring.
        ("Een knelpunt is dat er weinig informatie voor ouders over het hbo te vinden is.", "knowledge_communication"),
        ("Het is een knelpunt dat de scholen geen afspraken hebben over welke gegevens worden gedeeld.", "monitoring_evaluation"),
        ("Een succesfactor is de gegevensuitwisseling tussen de scholen van de regio.", "monitoring_evaluation"),
        # Feedback on how former pupils fare is data on results.
        ("Een knelpunt is dat het vmbo geen terugkoppeling krijgt over de studievoortgang van oud-leerlingen.", "monitoring_evaluation"),
        # An interest or career test is the pupil's own choosing, in any compound.
        ("Een knelpunt is dat de loopbaanlessen vooral uit testjes op de computer bestaan.", "student_agency"),
        ("Het is een knelpunt dat de beroepentest in de derde klas weinig oplevert.", "student_agency"),
        # Words for work, money, parents, steering and poverty the read sets used.
        ("Een knelpunt is dat studenten nooit hebben geleerd hoe je moet solliciteren.", "labour_market"),
        ("Een succesfactor is de voorlichtingsavond in de eigen wijk.", "parents"),
        ("Een knelpunt is dat veel studenten schulden hebben.", "equal_opportunity"),
        ("Een succesfactor is dat de schoolleider het gesprek zelf voert.", "leadership_support"),
        ("Een knelpunt is de bezetting van het loopbaancentrum in de zomer.", "capacity_resources"),
        ("Het aantal bezoekers van de nieuwe pagina steeg, wat een succes is.", "knowledge_communication"),
        ("Een knelpunt is dat onduidelijk blijft in hoeverre de aanpak tot minder uitval leidt.", "monitoring_evaluation"),
        ("Een knelpunt is dat veel begeleiders een tijdelijk contract hebben.", "capacity_resources"),
        ("Een succesfactor is dat leerlingen een week in de zorg meelopen.", "labour_market"),
        # What a pupil likes doing is the pupil's own side of choosing.
        ("Een succesfactor is dat de mentor eerst vraagt wat iemand leuk vindt.", "student_agency"),
        # Not knowing what came of it is a gap in measurement, whatever it is about.
        ("Een knelpunt is dat we niet weten of de leerlingen na de overstap op hun opleiding blijven.", "monitoring_evaluation"),
        ("De uitval is lager, maar of dat door de startweek komt, weten we nog niet.", "monitoring_evaluation"),
        # Weak words: a form passed on between schools, staff off sick, an evening for parents.
        ("Een knelpunt is dat het formulier voor de nieuwe school vaak onvolledig wordt ingevuld.", "collaboration_chain"),
        ("Een knelpunt is dat de enige decaan al maanden ziek is.", "capacity_resources"),
        ("Een succesfactor was de avond over de profielkeuze, die in het buurthuis werd gehouden.", "parents"),
    ],
)
def test_spec_vocabulary_of_a_theme(lob, text, theme):
    assert theme in themes(lob, text)


def _code(cb, passages):
    return {(c.passage_id, c.theme) for c in code_passages(passages, cb, Settings())}


def test_a_typed_sentence_without_a_theme_takes_its_paragraphs(lob):
    # The opening verdict names no theme; the paragraph it opens is about employers and internships.
    paragraph = [
        P("Dat moet de komende jaren echt beter worden geregeld.", 0, block=0),
        P("Werkgevers in de regio bieden te weinig stageplaatsen aan.", 1, block=0),
        P("Ook gastlessen door bedrijven komen nauwelijks van de grond.", 2, block=0),
    ]
    assert ("d:00000", "labour_market") in _code(lob, paragraph)
    # Alone in its paragraph it has nothing to go on, and is left uncoded rather than guessed.
    alone = [paragraph[0], P("Werkgevers in de regio bieden te weinig stageplaatsen aan.", 1, block=1)]
    assert not any(pid == "d:00000" for pid, _ in _code(lob, alone))


@pytest.mark.parametrize(
    "text, chain",
    [
        # Two sectors, each in its own clause: the step between them.
        ("Een knelpunt is dat wat de vmbo-school over de leerling vastlegt, op het mbo vaak niet aankomt.", True),
        ("Een knelpunt is dat veel havo-scholen niet weten welke voorlichting de universiteit aanbiedt.", True),
        # Sectors side by side give only the scope.
        ("Het is goed dat LOB in vo en mbo een verplicht onderdeel is geworden.", False),
        ("Het nieuwe lesmateriaal wordt zowel in het vmbo als mbo goed ontvangen.", False),
    ],
)
def test_two_sectors_in_separate_clauses_are_about_the_chain(lob, text, chain):
    assert ("collaboration_chain" in themes(lob, text)) == chain


def test_one_pupils_own_move_between_sectors_is_not_the_chain(lob):
    text = "Het is fijn dat mijn zoon nu in het vmbo zit en straks naar het mbo gaat."
    assert "collaboration_chain" not in themes(lob, text)


def test_programme_patterns_round_trip_through_yaml(lob):
    assert lob.programme_patterns
    again = parse_codebook(codebook_to_yaml(lob), "again.yaml")
    assert again.programme_patterns == lob.programme_patterns
    assert again.hash() == lob.hash()


def test_a_bad_programme_pattern_names_the_field(lob):
    from miner.errors import MinerError
    text = codebook_to_yaml(lob).replace("programme_patterns:\n", "programme_patterns:\n- '(?:open'\n", 1)
    with pytest.raises(MinerError, match="programme_patterns"):
        parse_codebook(text, "bad.yaml")


def _report(lines):
    return [P(t, i, block=i) for i, t in enumerate(lines)]


def test_a_finding_naming_the_evaluated_programme_takes_the_main_theme(lob):
    # An invented report on a regional support point: the support point is its main theme.
    report = _report([
        "Het steunpunt heeft dit jaar veel scholen bezocht, wat een succes is.",
        "De regiocontactpersonen van het steunpunt worden gewaardeerd.",
        "Een knelpunt is dat het steunpunt weinig bekend is bij havo-scholen.",
        "Het is positief dat de deelnemende scholen vaker contact zoeken met werkgevers.",
        "Het is positief dat scholen vaker contact zoeken met werkgevers.",
    ])
    coded = _code(lob, report)
    assert {("d:00003", "support_structure"), ("d:00003", "labour_market")} <= coded
    # Without the programme's name the finding keeps to its own theme.
    assert ("d:00004", "support_structure") not in coded and ("d:00004", "labour_market") in coded
    # A document without a main theme lends none.
    alone = _code(lob, report[3:])
    assert not any(t == "support_structure" for _, t in alone)



@pytest.mark.parametrize("finding", [
    "Activiteiten zijn dit jaar volgens plan uitgevoerd.",
    "Een knelpunt is dat nog maar weinig mbo-scholen zijn aangesloten.",
    "Het is een knelpunt dat de deelname van werkgevers uit de zorg achterblijft.",
])
def test_joining_the_evaluated_programme_is_about_the_programme(lob, finding):
    report = _report([
        "Het steunpunt heeft dit jaar veel scholen bezocht, wat een succes is.",
        "De regiocontactpersonen van het steunpunt worden gewaardeerd.",
        "Een knelpunt is dat het steunpunt weinig bekend is bij havo-scholen.",
        finding,
    ])
    assert ("d:00003", "support_structure") in _code(lob, report)



def test_the_programmes_generic_name_is_not_a_theme_of_its_own(lob):
    # An invented evaluation of a subsidised support point: "de subsidie" is the programme itself.
    report = _report([
        "Het steunpunt heeft dit jaar veel scholen bezocht, wat een succes is.",
        "De regiocontactpersonen van het steunpunt worden gewaardeerd.",
        "Een knelpunt is dat het steunpunt weinig bekend is bij havo-scholen.",
        "Al met al is de subsidie doeltreffend gebleken.",
        "Een knelpunt is dat de subsidie te weinig geld oplevert voor extra formatie.",
    ])
    coded = _code(lob, report)
    assert ("d:00003", "support_structure") in coded and ("d:00003", "capacity_resources") not in coded
    # Money named elsewhere in the sentence still counts.
    assert ("d:00004", "capacity_resources") in coded
    # Without a main theme "de subsidie" is money, as the codebook says.
    assert ("d:00000", "capacity_resources") in _code(lob, [P("Al met al is de subsidie doeltreffend gebleken.", 0)])


@pytest.mark.parametrize("text", [
    "Of de stages tot betere studiekeuzes leiden, is met deze cijfers niet vast te stellen.",
    "Het is lastig te bepalen of de daling van de uitval aan de mentorlessen ligt.",
    "De groei van het aantal stageplaatsen kan niet eenduidig aan het project worden toegeschreven.",
])
def test_an_effect_that_cannot_be_shown_is_about_measurement(lob, text):
    # Whatever the effect is about, that it cannot be established is a monitoring question.
    got = code_passages([P(text, 0, ("5 Resultaten",))], lob, Settings())
    assert {c.type for c in got} == {"barrier"}
    assert "monitoring_evaluation" in {c.theme for c in got}


def test_a_measured_effect_is_not_therefore_about_measurement(lob):
    assert "monitoring_evaluation" not in themes(lob, "Leerlingen die een stage liepen, kozen vaker een passende opleiding.")


@pytest.mark.parametrize("text, theme", [
    ("De mentoren bereiken de leerlingen van de entreeklas niet in gelijke mate.", "equal_opportunity"),
    ("Door de lange wachttijd voor een gesprek haken leerlingen af.", "capacity_resources"),
    ("De school heeft weinig zicht op hoe het oud-leerlingen na het examen vergaat.", "monitoring_evaluation"),
])
def test_themes_named_without_their_usual_words(lob, text, theme):
    assert theme in rule_themes(lob, text)


@pytest.mark.parametrize("text, theme", [
    ("Leerlingen uit de basisberoepsgerichte leerweg hebben twee keer zo vaak geen gesprek gehad als leerlingen uit de theoretische leerweg.", "equal_opportunity"),
    ("Bij het driegesprek zet de school een tolk in voor ouders die een andere taal spreken.", "equal_opportunity"),
    ("De mentor laat de leerling vaker zelf nadenken over wat hij wil.", "student_agency"),
    ("De school biedt maatwerk in de keuzebegeleiding.", "student_agency"),
    ("Gezinnen moeten de reiskosten voor de open dagen zelf voorschieten.", "equal_opportunity"),
    ("Voor studenten op niveau 2 is er nauwelijks begeleiding bij de overstap.", "equal_opportunity"),
    ("Een aanbod op vrijwillige basis vergroot de verschillen tussen leerlingen eerder dan dat het ze verkleint.", "equal_opportunity"),
    ("Op de scholen met een vaste stagecoördinator zijn de verschillen kleiner geworden.", "equal_opportunity"),
    ("De verantwoording van de subsidie kostte de scholen veel tijd.", "regulation_quality"),
    ("De doelen van het netwerk zijn te weinig concreet om de voortgang te volgen.", "regulation_quality"),
    ("Berichten in de schoolapp worden door veel ouders niet gelezen.", "knowledge_communication"),
    ("De gespreksvoering verschilt sterk per opleiding.", "professionalisation"),
    ("Veel vakdocenten zien loopbaanoriëntatie nog als een taak van de mentor.", "leadership_support"),
    ("Na elk bedrijfsbezoek volgt een nabespreking met de klas.", "curriculum_time"),
    ("Er is de afgelopen jaren veel in gang gezet, maar we zijn er nog niet.", "vision_policy"),
    ("De decanen van de vier scholen zeggen veel van elkaar te leren.", "knowledge_communication"),
])
def test_inequality_and_agency_said_without_their_names(lob, text, theme):
    assert theme in rule_themes(lob, text)


def test_a_fragile_cooperation_is_not_about_vulnerable_pupils(lob):
    assert "equal_opportunity" not in rule_themes(lob, "De samenwerking tussen de scholen is nog kwetsbaar.", ())


@pytest.mark.parametrize("text", [
    "Niet iedere mentor heeft de tijd om met alle ouders te spreken.",
    "Na de bezuiniging is de coördinator nog maar één dag per week beschikbaar.",
    "De trekkers doen dit werk naast een volledige lesopdracht.",
    "Halverwege het tweede jaar vertrok de projectleider, en daarna kwam er weinig meer van de gastlessen.",
    "De stagecoördinator heeft één dag per week voor alle examenklassen.",
    "Het organiseren van de meeloopdagen is extra werk voor de docenten van de hogeschool.",
])
def test_staff_time_and_money_are_capacity(lob, text):
    assert "capacity_resources" in rule_themes(lob, text)


def test_a_task_policy_is_capacity_not_policy(lob):
    assert "vision_policy" not in rule_themes(lob, "Mentoren krijgen uren in hun taakbeleid voor het loopbaangesprek.", ())


def test_a_portal_is_communication_and_keeping_up_is_not(lob):
    assert "knowledge_communication" in rule_themes(lob, "Het nieuwe portal geeft leerlingen een helder beeld van de opleidingen.", ())
    assert "knowledge_communication" not in rule_themes(lob, "De coördinator blijft goed op de hoogte van het beleid van de gemeente.", ())


def test_who_a_thing_was_done_with_is_not_its_theme(lob):
    got = rule_themes(lob, "In nauwe samenwerking met het bedrijfsleven zijn levensechte opdrachten ontwikkeld voor de bovenbouw.", ())
    assert "collaboration_chain" not in got and "labour_market" in got


@pytest.mark.parametrize("text, theme", [
    ("De doelen van het programma zijn zo algemeen geformuleerd dat niemand weet wanneer ze gehaald zijn.", "regulation_quality"),
    ("Het is voor mentoren niet duidelijk wat van hen verwacht wordt.", "regulation_quality"),
    ("Het thema leeft inmiddels op alle locaties.", "leadership_support"),
])
def test_goals_expectations_and_urgency(lob, text, theme):
    assert theme in rule_themes(lob, text, ())


@pytest.mark.parametrize("text, theme", [
    ("Niet alle leerlingen hebben dezelfde kansen op een goede stageplek.", "equal_opportunity"),
    ("Meisjes kiezen nog altijd zelden voor een stage in de techniek.", "equal_opportunity"),
    ("Het is niet bekend of de stages tot andere keuzes hebben geleid.", "monitoring_evaluation"),
    ("Door het tekort aan docenten krijgen invallers geen mentorrol.", "capacity_resources"),
])
def test_survey_report_themes(lob, text, theme):
    assert theme in rule_themes(lob, text)


@pytest.mark.parametrize("text, theme", [
    ("Waar de aanpak aan één persoon hangt, is hij kwetsbaar.", "capacity_resources"),
    ("Mentoren met een volle lesbelasting hebben weinig ruimte voor gesprekken.", "capacity_resources"),
    ("De regionale adviseurs worden door de decanen hoog gewaardeerd.", "support_structure"),
    ("De kennisbank voor decanen wordt minder gebruikt dan verwacht.", "knowledge_communication"),
])
def test_dependence_on_one_person_workload_advisers_and_a_knowledge_base(lob, text, theme):
    assert theme in {c.theme for c in coded(lob, text)}


def test_a_coach_is_a_person_coaching_is_a_skill(lob):
    # "loopbaancoach" names who does it; coaching as a skill of mentors is professionalisation
    assert "professionalisation" not in {c.theme for c in coded(lob, "De werving van de loopbaancoaches kostte meer tijd dan gepland.")}
    assert "professionalisation" in {c.theme for c in coded(lob, "Mentoren missen de coachende vaardigheden die het loopbaangesprek vraagt; dat is een knelpunt.")}


def test_an_older_student_is_no_parent(lob):
    idx = CueIndex(lob.themes)
    text = "Aankomende studenten spreken een docent en een ouderejaars van de opleiding."
    toks = tokens(text)
    codes = {h.code for h in idx.match(toks, lemmas(toks), text)}
    assert "parents" not in codes and "student_agency" in codes
    text = "De ouderavond werd goed bezocht."
    toks = tokens(text)
    assert "parents" in {h.code for h in idx.match(toks, lemmas(toks), text)}


@pytest.mark.parametrize(
    "text",
    [
        "Jongeren zonder eigen netwerk vinden veel moeilijker een leerbedrijf.",
        "Kinderen met een klein netwerk thuis kiezen vaker een stage bij familie.",
        "Studenten uit gezinnen zonder ervaring met het hoger onderwijs vragen minder vaak om hulp.",
        "De coaches bereiken nog niet de leerlingen die hen het hardst nodig hebben.",
        "Iedere leerling moet, ongeacht zijn achtergrond, een gesprek met de decaan krijgen.",
        "Deze groep leerlingen is voor de mentoren moeilijk te bereiken.",
        "In de entreeklassen en bij thuiszitters komt van loopbaanbegeleiding weinig terecht.",
    ],
)
def test_who_a_programme_misses_is_equal_opportunity(lob, text):
    assert "equal_opportunity" in rule_themes(lob, text)


@pytest.mark.parametrize(
    "text",
    [
        "Het regionale netwerk van decanen komt vier keer per jaar bijeen.",     # a network, not the lack of one
        "Alle scholen hebben hun doelen voor dit jaar bereikt.",                  # goals reached
        "Zonder extra uren lukt het de mentoren niet om iedere leerling te spreken.",
    ],
)
def test_networks_reached_goals_and_other_lacks_are_not(lob, text):
    assert "equal_opportunity" not in rule_themes(lob, text)


@pytest.mark.parametrize(
    "text",
    [
        "Toen de coördinator na een jaar vertrok, lag het netwerk een half jaar stil.",
        "Op twee locaties viel het aanbod weg doordat de decaan met pensioen ging.",
        "De wisseling van contactpersonen bij de gemeente maakte afspraken lastig.",
        "Zo blijft de aanpak kwetsbaar.",
        "Mentoren hebben gemiddeld twintig minuten per leerling per jaar.",
        "De registratie van gesprekken is volgens de teams bewerkelijk.",
        "Voor de continuïteit na 2027 is nog geen dekking gevonden.",
    ],
)
def test_staff_leaving_fragility_and_time_per_pupil_are_capacity(lob, text):
    assert "capacity_resources" in rule_themes(lob, text)


@pytest.mark.parametrize(
    "text",
    [
        "Kwetsbare jongeren krijgen een vaste begeleider.",                    # vulnerable pupils: not fragility
        "De leerlingen vertrekken na de zomer naar het mbo.",                  # pupils leaving school, not staff
        "Het gesprek duurt per leerling ongeveer een kwartier en gaat over de profielkeuze.",
    ],
)
def test_vulnerable_pupils_and_pupils_leaving_are_not_capacity(lob, text):
    assert "capacity_resources" not in rule_themes(lob, text)


@pytest.mark.parametrize(
    "text",
    [
        "De aansluiting met het hbo kwam in de meeste regio's nauwelijks van de grond.",
        "De overgang van mbo naar hbo verloopt nog niet overal soepel.",
        "Een leerlijn over vmbo en mbo heen bestaat alleen op papier.",
        "Alle scholen in de regio hebben het convenant ondertekend.",
        "Het lukte om gemeenten, scholen en werkgevers aan één tafel te krijgen.",
    ],
)
def test_the_step_between_schools_and_agreements_between_them_are_collaboration(lob, text):
    assert "collaboration_chain" in rule_themes(lob, text)


def test_a_pupils_own_step_is_not_the_chain(lob):
    # "de overgang van het vmbo naar het mbo" is the chain; one pupil going there is not.
    assert "collaboration_chain" not in rule_themes(lob, "Na de zomer gaat Sanne van het vmbo naar het mbo in Deventer.")


@pytest.mark.parametrize(
    "text, theme, not_theme",
    [
        # A conversation with the pupil is the pupil's dialogue; the skill to hold it is professional.
        ("De meeste leerlingen hadden dit jaar twee gesprekken.", "student_agency", "professionalisation"),
        ("Het gesprek gaat vooral over cijfers en nauwelijks over wat de student wil.", "student_agency", "professionalisation"),
        ("Mentoren volgden een training in het voeren van het loopbaangesprek.", "professionalisation", "student_agency"),
    ],
)
def test_a_conversation_is_the_pupils_dialogue_and_holding_it_a_skill(lob, text, theme, not_theme):
    got = rule_themes(lob, text)
    assert theme in got and not_theme not in got


@pytest.mark.parametrize(
    "text",
    [
        "Het nieuwe loopbaanportfolio is bij de meeste mentoren nauwelijks bekend.",
        "Een deel van de decanen wist niet eens dat de regeling bestond.",
        "De brief aan ouders is vertaald, maar veel ouders vinden de vertaling onbegrijpelijk.",
        "De coach koppelt te weinig terug aan de mentor; een betere terugkoppeling is nodig.",
        "Het project lukte er niet in de opbrengsten te verspreiden.",
    ],
)
def test_being_known_translating_and_feeding_back_are_knowledge_and_communication(lob, text):
    assert "knowledge_communication" in rule_themes(lob, text)


def test_a_well_known_phrase_is_not_about_being_known(lob):
    assert "knowledge_communication" not in rule_themes(lob, "Het is bekend dat leerlingen laat kiezen.")


@pytest.mark.parametrize(
    "text",
    [
        "Scholen die de regionale stagebank gebruiken, vinden makkelijker plekken.",
        "De netwerken hebben behoefte aan ondersteuning van buiten de regio.",
        "Sinds het vertrek van de regiocoördinator komt het overleg niet meer bijeen.",
    ],
)
def test_support_from_outside_and_shared_facilities_are_support_structure(lob, text):
    assert "support_structure" in rule_themes(lob, text)


def test_a_contact_point_at_school_is_not_a_support_body(lob):
    assert "support_structure" not in rule_themes(lob, "Werkgevers hebben op elke school een vast aanspreekpunt.")


@pytest.mark.parametrize(
    "text, theme, not_theme",
    [
        # What is known about results is a measuring matter; who knows a service is communication.
        ("Over de effecten op de langere termijn is nog weinig bekend.", "monitoring_evaluation", "knowledge_communication"),
        ("De loopbaanwebsite is bij ouders nauwelijks bekend.", "knowledge_communication", "monitoring_evaluation"),
        ("Het is te vroeg om de daling van de uitval aan de aanpak toe te schrijven.", "monitoring_evaluation", "knowledge_communication"),
        ("Wij herhalen de peiling onder studenten over twee jaar.", "monitoring_evaluation", "knowledge_communication"),
    ],
)
def test_what_is_known_about_results_is_monitoring_and_who_knows_a_service_communication(lob, text, theme, not_theme):
    got = rule_themes(lob, text)
    assert theme in got and not_theme not in got


@pytest.mark.parametrize(
    "text",
    [
        "Het loopbaangesprek is inmiddels een vast onderdeel van het mentoraat.",
        "Op veel scholen blijft de beroepenmiddag een losse activiteit.",
        "Loopbaanleren is in de zorgopleidingen verweven met de beroepspraktijkvorming.",
        "Het aandeel scholen met een samenhangend loopbaanprogramma is gestegen.",
        "Na de snuffelstage wordt er in de klas nauwelijks op teruggeblikt.",
    ],
)
def test_lob_as_part_of_the_programme_or_apart_from_it_is_curriculum(lob, text):
    assert "curriculum_time" in rule_themes(lob, text)


@pytest.mark.parametrize(
    "text",
    [
        "Het programma heeft in drie jaar veel in beweging gebracht.",
        "Elke instelling legt in haar kwaliteitsplan vast welke doelen zij voor LOB nastreeft.",
        "De scholen stelden samen een regioplan op met concrete doelen voor de overstap.",
    ],
)
def test_plans_goals_and_a_programmes_overall_progress_are_vision_and_policy(lob, text):
    assert "vision_policy" in rule_themes(lob, text)


def test_something_else_getting_going_is_not_policy(lob):
    assert "vision_policy" not in rule_themes(lob, "De warme overdracht tussen vmbo en mbo is in 2024 op gang gekomen.")


@pytest.mark.parametrize(
    "text",
    [
        "Studenten vinden de studiekeuzecheck vooral een verplicht nummer.",
        "Het loopbaandossier wordt door de meeste leerlingen alleen ingevuld als de mentor erom vraagt.",
        "De meeloopdagen bij de hogeschool worden door leerlingen het meest gewaardeerd.",
    ],
)
def test_a_pupils_own_instruments_and_taster_days_are_student_agency(lob, text):
    assert "student_agency" in rule_themes(lob, text)


def test_a_taster_day_at_a_company_is_also_the_labour_market(lob):
    got = rule_themes(lob, "Leerlingen lopen een meeloopdag mee bij een bedrijf in de regio.")
    assert "labour_market" in got


@pytest.mark.parametrize(
    "text, theme",
    [
        ("Mijn moeder wist echt niet hoe het mbo in elkaar zat.", "parents"),
        ("Het driegesprek met de mentor en mijn vader hielp me om te kiezen.", "parents"),
        ("De school kan de bus naar de open dag niet meer betalen.", "capacity_resources"),
        ("Ik bel dan gewoon met de intake van het college.", "collaboration_chain"),
    ],
)
def test_spoken_words_for_parents_money_and_contact(lob, text, theme):
    assert theme in rule_themes(lob, text)


def test_not_daring_to_say_is_no_question_of_measurement(lob):
    assert "monitoring_evaluation" not in rule_themes(lob, "Hij wilde naar de zorg, maar dat durfde hij thuis niet te zeggen.")
    assert "monitoring_evaluation" in rule_themes(lob, "Of leerlingen daardoor beter kiezen, is niet met zekerheid te zeggen.")


@pytest.mark.parametrize(
    "text",
    [
        "Hbo-studenten met een mbo-achtergrond vragen minder vaak om hulp.",
        "Voor leerlingen met een zware ondersteuningsbehoefte is een stage moeilijk te vinden.",
        "De verschillen tussen groepen zijn in drie jaar nauwelijks kleiner geworden.",
        "Ouders die de Nederlandse taal niet goed beheersen, komen zelden naar de avond.",
        "Vrouwen kiezen in de peiling zelden voor een technische opleiding.",
    ],
)
def test_background_support_needs_and_group_gaps_are_equal_opportunity(lob, text):
    assert "equal_opportunity" in rule_themes(lob, text)


@pytest.mark.parametrize(
    "text",
    [
        "Leerlingen die praktijkervaring opdeden, vinden die bijna allemaal nuttig.",
        "Weinig studenten weten welke tekortberoepen er in hun regio zijn.",
        "Slechts een kwart kreeg op school hulp bij een sollicitatiegesprek.",
        "Wie zijn eerste baan verliest, valt vaak tussen wal en schip.",
        "Waar de jobcoach al in het laatste schooljaar meeloopt, gaat de overgang soepeler.",
    ],
)
def test_work_experience_jobs_and_applications_are_the_labour_market(lob, text):
    assert "labour_market" in rule_themes(lob, text)


@pytest.mark.parametrize(
    "text, theme",
    [
        ("De bijeenkomsten in het Arabisch en het Turks waren goed bezocht.", "equal_opportunity"),
        ("Poolse ouders kwamen weinig naar de avonden.", "equal_opportunity"),
        ("Twee meeloopdagen vielen samen met de toetsweek.", "curriculum_time"),
        ("LOB wordt nog niet door het hele team gedragen.", "leadership_support"),
        ("Een deel van het team ziet LOB nog als iets van de decaan alleen.", "leadership_support"),
        ("Het bestuur heeft LOB tot speerpunt benoemd.", "leadership_support"),
    ],
)
def test_languages_test_weeks_and_who_carries_it(lob, text, theme):
    assert theme in rule_themes(lob, text)


def test_a_weak_theme_word_counts_once_however_often_it_stands(lob):
    # "leerlingen" twice is a sentence about visiting companies, not about the pupils' own choices
    assert rule_themes(lob, "De leerlingen bezoeken drie bedrijven en de leerlingen schrijven daarna een verslag.") == {"labour_market"}
    # different weak words and a cue of the theme still add up
    assert "student_agency" in rule_themes(lob, "Leerlingen kiezen zelf een bedrijf en de leerlingen reflecteren daarna op hun keuze.")


def test_a_types_weak_words_still_add_up():
    from miner.coding.cues import Hit
    from miner.coding.rules import _fold

    hits = [Hit("barrier", "niet", "niet", "modality", 1, 0.4), Hit("barrier", "niet", "niet", "modality", 5, 0.4)]
    toks = "het lukt niet en het kan niet".split()
    assert _fold(hits, set(), toks, negate=True)[0] == {"barrier": pytest.approx(0.8)}
    assert _fold(hits, set(), toks, negate=False, repeat_weak=False)[0] == {"barrier": pytest.approx(0.4)}


@pytest.mark.parametrize("text, expected", [
    # a day at the next school is the pupil's own exploring and the chain at work; at a company it
    # is the labour market too
    ("De leerlingen liepen in het voorjaar een meeloopdag op het mbo-college.", {"student_agency", "collaboration_chain"}),
    ("De meeloopdag bij een installatiebedrijf was voor veel leerlingen de eerste kennismaking met een werkgever.",
     {"student_agency", "labour_market"}),
    # a pupil's own network is about opportunity; the schools' regional network is collaboration
    ("Leerlingen zonder eigen netwerk vinden moeilijk een plek.", {"equal_opportunity"}),
    ("Het regionale netwerk van decanen komt vier keer per jaar bij elkaar.", {"collaboration_chain"}),
    ("Veel leerlingen weten nog niet welke vervolgopleiding ze kiezen.", {"student_agency"}),
])
def test_words_that_name_where_a_pupil_goes_are_not_collaboration_or_labour_market_alone(lob, text, expected):
    assert rule_themes(lob, text) == expected


@pytest.mark.parametrize("text, present, absent", [
    # compulsory for pupils is not a legal duty; a legal duty is
    ("De meeloopdag is verplicht voor alle leerlingen in klas 3.", "student_agency", "regulation_quality"),
    ("De wettelijke verplichting om een loopbaandossier bij te houden geldt voor alle scholen.", "regulation_quality", None),
    # a school's own project leader is not a support body; the support point is
    ("De projectleider van de school plant de gastlessen in.", "labour_market", "support_structure"),
    ("Het steunpunt ondersteunt de scholen bij het opzetten van hun programma.", "support_structure", None),
])
def test_duties_and_support_bodies_are_told_from_their_look_alikes(lob, text, present, absent):
    got = rule_themes(lob, text)
    assert present in got and absent not in got


def test_a_part_of_the_pupils_is_not_sharing_knowledge(lob):
    assert "knowledge_communication" not in rule_themes(lob, "Een deel van de leerlingen kiest pas laat.")
    assert "knowledge_communication" in rule_themes(lob, "Scholen delen hun lesmateriaal via de website van het steunpunt.")


def test_words_of_the_whole_field_name_no_theme(lob):
    # "begeleiding" and "onderwijs" stand in nearly every sentence of a career-guidance report
    got = rule_themes(lob, "De begeleiding van leerlingen in het onderwijs kost veel tijd.")
    assert "professionalisation" not in got and "curriculum_time" not in got


@pytest.mark.parametrize("text, theme", [
    ("Het organiseren van de bedrijfsbezoeken kost de decanen veel tijd.", "capacity_resources"),
    ("De school bewaart de gegevens van oud-leerlingen drie jaar.", "monitoring_evaluation"),
    ("In het regionale overleg bespreken vmbo en mbo de aanmeldingen.", "collaboration_chain"),
    ("Voor de coaches is nog geen structurele financiering gevonden.", "capacity_resources"),
])
def test_costs_data_and_consultation_name_their_themes(lob, text, theme):
    assert theme in rule_themes(lob, text)


def test_given_is_not_data():
    from miner.coding.rules import compile_codebook, rule_pass

    cb = load_codebook("lob")
    r = rule_pass([P("Gegeven de korte looptijd is dat een goed resultaat.")], compile_codebook(cb))[0]
    assert not any("gegevens" in e for e in r.theme_evidence.get("monitoring_evaluation", []))


@pytest.mark.parametrize("text, theme", [
    ("De mbo-instelling stuurt elk voorjaar een lijst met aanmeldingen naar de vmbo-scholen.", "collaboration_chain"),
    ("Twee ervaren decanen vertrekken volgend jaar naar een andere school.", "capacity_resources"),
    ("In het mentoraat van klas 2 is een vast blok voor loopbaanleren opgenomen.", "curriculum_time"),
    ("Leerlingen doen in klas 3 twee keer praktijkervaring op in een bedrijf.", "student_agency"),
    ("Gezinnen met een laag inkomen kunnen de reiskosten vaak niet betalen.", "equal_opportunity"),
    ("De zomerschool is bedoeld voor leerlingen met een taalachterstand.", "equal_opportunity"),
])
def test_institutions_staff_leaving_the_mentor_programme_and_families_name_their_themes(lob, text, theme):
    assert theme in rule_themes(lob, text)


@pytest.mark.parametrize("text", [
    "Leerlingen van wie de ouders geen vervolgonderwijs volgden, bezoeken minder open dagen.",
    "Vooral jongeren die thuis weinig steun krijgen, kiezen een opleiding dicht bij huis.",
])
def test_a_group_named_by_its_parents_or_home_is_equal_opportunity(lob, text):
    assert "equal_opportunity" in rule_themes(lob, text)


def test_agreements_with_another_sector_are_the_chain_but_one_with_a_pupil_is_not(lob):
    chain = coded(lob, "Met de hogeschool en het mbo zijn goede afspraken gemaakt, wat goed werkt.")
    assert {c.theme for c in chain} == {"collaboration_chain"}
    pupil = coded(lob, "De mentor maakte een afspraak met de leerling over zijn stage, wat goed werkt.")
    assert "collaboration_chain" not in {c.theme for c in pupil}


def test_anchoring_is_policy_only_with_a_policy_word(lob):
    timetable = coded(lob, "Door het tekort aan roosteruren zijn de gastlessen nog niet verankerd in het rooster van klas 3.")
    assert "vision_policy" not in {c.theme for c in timetable}
    assert "curriculum_time" in {c.theme for c in timetable}
    policy = coded(lob, "Door het tekort aan tijd is de visie op LOB nog niet verankerd in het schoolplan.")
    assert "vision_policy" in {c.theme for c in policy}


def test_working_together_with_parents_is_not_the_chain(lob):
    parents = {c.theme for c in coded(lob, "De mentoren werken goed samen met de ouders van hun leerlingen.")}
    assert parents == {"parents"}
    chain = {c.theme for c in coded(lob, "De scholen voor vmbo en mbo werken goed samen bij de overstap.")}
    assert "collaboration_chain" in chain


def test_a_duty_is_regulation_when_the_law_says_so(lob):
    law = {c.theme for c in coded(lob, "Een wettelijke verplichting voor scholen om loopbaangesprekken te voeren ontbreekt.")}
    assert "regulation_quality" in law
    chore = coded(lob, "De verplichting om elke week een stageverslag bij te houden, ervaren leerlingen als een last.")
    assert "regulation_quality" not in {c.theme for c in chore}


def test_boys_set_against_girls_is_equal_opportunity(lob):
    codes = coded(lob, "Jongens werden minder vaak doorverwezen dan meisjes, ook binnen dezelfde opleiding.")
    assert {(c.type, c.theme) for c in codes} == {("barrier", "equal_opportunity")}
    # one word of the pair, with a stronger theme beside it, is not
    codes = coded(lob, "De meisjes van klas 3 vonden de gastles bij het installatiebedrijf erg leuk.")
    assert "equal_opportunity" not in {c.theme for c in codes}


def test_knowledge_about_something_is_knowledge_sharing(lob):
    themes = {c.theme for c in coded(lob, "Ouders hebben weinig kennis over de vervolgopleidingen in de regio.")}
    assert "knowledge_communication" in themes


def test_how_something_goes_is_not_staff_turnover(lob):
    assert "capacity_resources" not in rule_themes(lob, "De gesprekken met de ouders verlopen goed.")
    assert "capacity_resources" in rule_themes(lob, "Het verloop onder mentoren was hoog.")


def test_a_pupils_choice_is_agency_but_choices_in_general_are_not(lob):
    assert "student_agency" in rule_themes(lob, "De leerling maakte een bewuste keuze.")
    assert "student_agency" not in rule_themes(lob, "Het bestuur maakte keuzes in de formatie van de school.")


@pytest.mark.parametrize("text, theme", [
    ("De samenwerking met de hogeschool is verbeterd.", "collaboration_chain"),
    ("Veel jongeren vallen buiten de boot.", "equal_opportunity"),
    ("De mentoren hebben te weinig tijd voor de gesprekken.", "capacity_resources"),
    ("De voorlichting in de aula werd goed bezocht.", "knowledge_communication"),
])
def test_weak_clues_name_their_theme_when_nothing_stronger_does(lob, text, theme):
    assert theme in rule_themes(lob, text)


def test_information_sessions_are_a_weak_clue(lob):
    # beside a strong clue of another theme, "voorlichting" no longer adds knowledge sharing
    got = rule_themes(lob, "De voorlichting over de stages bij werkgevers is verbeterd.")
    assert "labour_market" in got and "knowledge_communication" not in got


def test_a_schools_own_contact_person_is_no_support_body(lob):
    own = rule_themes(lob, "De vaste contactpersoon voor het bedrijfsleven bezoekt elke stageplek.")
    assert "support_structure" not in own and "labour_market" in own
    regional = rule_themes(lob, "De regionale contactpersoon van het steunpunt bezoekt de scholen twee keer per jaar.")
    assert "support_structure" in regional


def test_staff_leaving_named_by_a_pronoun_is_capacity(lob):
    assert "capacity_resources" in rule_themes(lob, "Toen zij vertrok, lag het programma een half jaar stil.")


def test_consent_to_pass_data_on_is_the_chain(lob):
    assert "collaboration_chain" in rule_themes(lob, "Zonder toestemming van ouders gaan de gegevens niet mee naar het mbo.")


def test_what_a_speaker_says_after_dat_keeps_its_themes(lob):
    got = rule_themes(lob, "De mentoren zijn positief over de lessen, zeggen dat ze daar te weinig tijd voor krijgen.")
    assert "capacity_resources" in got


def test_a_documents_main_theme_is_also_counted_over_what_sentences_name_themselves():
    from miner.coding.rules import RuleResult, _main_theme

    def r(scores, how):
        return RuleResult(theme_scores=scores, theme_evidence={c: [f"{how} 'x'"] for c in scores})

    # Named in the sentences' own words in 3 of 9 (a third), but headings and carried themes spread
    # the count over all themes held to 3 of 13: still the document's main theme.
    own = [r({"support_structure": 1.0}, "cue")] * 3 + [r({t: 1.0}, "cue") for t in ("parents", "covid", "labour_market",
                                                                                    "curriculum_time", "vision_policy", "leadership_support")]
    carried = [r({t: 1.0}, "carried from the previous sentence") for t in ("parents", "covid", "equal_opportunity", "monitoring_evaluation")]
    assert _main_theme(own + carried) == "support_structure"
    # with no own-word lead either, there is no main theme
    assert _main_theme([r({"support_structure": 1.0}, "heading")] * 3 + carried * 3) is None


@pytest.mark.parametrize("text, theme", [
    ("Een vergelijking tussen de deelnemende en de andere scholen laat een groot verschil zien.", "monitoring_evaluation"),
    ("Ouders missen informatie over de opleidingen op het mbo.", "knowledge_communication"),
])
def test_a_comparison_is_measurement_and_information_about_is_communication(lob, text, theme):
    assert theme in rule_themes(lob, text)


@pytest.mark.parametrize("text, theme", [
    ("Veel ouders hebben nog nooit gehoord van het loopbaandossier.", "knowledge_communication"),
    ("Mbo-studenten lopen minder vaak mee dan havisten.", "equal_opportunity"),
    ("Het verschil tussen de wijken is de laatste jaren kleiner geworden.", "equal_opportunity"),
    ("Voor jongeren die net buiten de regeling vallen, is er weinig begeleiding.", "equal_opportunity"),
])
def test_visibility_and_groups_compared_name_their_themes(lob, text, theme):
    assert theme in rule_themes(lob, text)


def test_weak_words_naming_the_same_people_are_one_clue():
    from miner.codebook import Code
    from miner.coding.rules import _fold

    idx = CueIndex([Code(id="pupils", facet="theme", modality=["leerling|student|jongere"]),
                    Code(id="staff", facet="theme", modality=["mentor", "decaan"])])
    text = "Leerlingen en studenten praten met mentoren en decanen."
    toks = tokens(text)
    hits = idx.match(toks, lemmas(toks), text)
    assert {h.cue for h in hits if h.code == "pupils"} == {"leerling|student|jongere"}
    scores = _fold(hits, set(), toks, negate=False, repeat_weak=False)[0]
    assert scores["pupils"] == pytest.approx(0.4)      # two words of one entry: once
    assert scores["staff"] == pytest.approx(0.8)       # two entries: both count


@pytest.mark.parametrize("text, theme", [
    ("Veel vmbo-leerlingen gingen dit jaar naar een meeloopdag op het mbo in de stad.", "collaboration_chain"),
    ("De havisten lopen in april een dag mee met een opleiding van de hogeschool.", "collaboration_chain"),
    ("Op de grote locaties komt één decaan op 450 leerlingen.", "capacity_resources"),
    ("Het project draait voor een groot deel op vrijwilligers uit de wijk.", "capacity_resources"),
    ("De mentoren hebben het erg druk met de rapporten.", "capacity_resources"),
    ("De scholen rapporteren twee keer per jaar over de voortgang aan het bestuur.", "monitoring_evaluation"),
    ("Het bestuur heeft geen goed beeld van wat er op de locaties gebeurt.", "monitoring_evaluation"),
    ("De avonden trekken vooral ouders die toch al veel van het onderwijs weten.", "equal_opportunity"),
    ("Leerlingen uit de dorpen krijgen een reiskostenvergoeding voor de open dagen.", "equal_opportunity"),
])
def test_things_named_without_a_theme_word(lob, text, theme):
    assert theme in rule_themes(lob, text)


@pytest.mark.parametrize("text, theme", [
    ("De school kiest voor lesmiddelen van een vaste uitgever.", "capacity_resources"),        # teaching materials
    ("De voorlichting in de aula ging over de profielkeuze in de bovenbouw.", "collaboration_chain"),  # at school
    ("In de lessen volgen leerlingen een vast programma.", "monitoring_evaluation"),            # not 'volgen of'
])
def test_near_misses_do_not_take_the_theme(lob, text, theme):
    assert theme not in rule_themes(lob, text)


@pytest.mark.parametrize("text, theme", [
    ("De uitval in het eerste mbo-jaar is bij de techniekopleidingen het hoogst.", "collaboration_chain"),
    ("Volgens de regels mogen scholen geen namen van leerlingen doorgeven aan het mbo.", "regulation_quality"),
    ("Veel ouders kennen het loopbaandossier nauwelijks.", "knowledge_communication"),
    ("Na haar snuffelstage bij de dierenarts wist ze precies wat ze wilde.", "student_agency"),
    ("Als decaan heb ik in mijn eentje zeshonderd leerlingen onder me.", "capacity_resources"),
    ("De mentoren wisselen op die locatie bijna elk jaar.", "capacity_resources"),
    ("Voor elk gesprek is maar tien minuten ingepland.", "capacity_resources"),
])
def test_more_things_named_without_a_theme_word(lob, text, theme):
    assert theme in rule_themes(lob, text)


@pytest.mark.parametrize("text, theme", [
    ("De cijfers over de uitval in het eerste jaar komen pas in het najaar.", "collaboration_chain"),  # the data
    ("De docenten van beide scholen kennen elkaar nauwelijks.", "knowledge_communication"),          # each other
    ("Van deze groep van 62 leerlingen kozen er veel voor techniek.", "capacity_resources"),          # a cohort
])
def test_more_near_misses_do_not_take_the_theme(lob, text, theme):
    assert theme not in rule_themes(lob, text)


def test_a_survey_named_as_the_source_is_not_the_theme(lob):
    # the survey is where the finding comes from; what it is about is the pupils' choices
    text = "In de jaarlijkse enquête noemen mentoren de werkdruk het grootste knelpunt."
    assert "monitoring_evaluation" not in rule_themes(lob, text)
    assert "monitoring_evaluation" in rule_themes(lob, "De jaarlijkse enquête onder leerlingen is dit jaar ingekort.")


def test_an_orientation_activity_linked_to_dropout_is_the_chain(lob):
    assert "collaboration_chain" in rule_themes(lob, "Wie vooraf een intake deed, valt later minder vaak uit.")


@pytest.mark.parametrize("text, theme", [
    ("In geen van de teams is vastgelegd wie verantwoordelijk is voor het loopbaandossier.", "leadership_support"),
    ("De slb'er vraagt in het tweede gesprek door op de keuze.", "professionalisation"),
    ("Of leerlingen daardoor beter kiezen, weet eigenlijk niemand.", "monitoring_evaluation"),
    ("De daling van de uitval is niet aan het programma toe te schrijven.", "monitoring_evaluation"),
    ("Veel mentoren weten niet goed hoe ze een loopbaangesprek moeten voeren.", "professionalisation"),
])
def test_responsibility_counsellors_attribution_and_not_knowing_how(lob, text, theme):
    assert theme in rule_themes(lob, text)


def test_a_codes_words_do_not_count_inside_its_cue_exceptions(lob):
    assert "collaboration_chain" not in rule_themes(lob, "De samenwerking met werkgevers in de zorg is de laatste jaren gegroeid.")
    assert "collaboration_chain" in rule_themes(lob, "De samenwerking met het mbo in de regio is de laatste jaren gegroeid.")
    assert "capacity_resources" not in rule_themes(lob, "De extra lessen gaan ten koste van de keuzeuren van leerlingen.")


def test_cue_exceptions_are_read_checked_and_saved(tmp_path):
    text = ("name: x\nlanguage: en\ntypes:\n  - id: success\n    cues: [works]\nthemes:\n  - id: money\n"
            "    cues: [cost]\n    cue_exceptions: ['at\\s+the\\s+cost\\s+of']\n")
    cb = parse_codebook(text)
    assert cb.get("money").cue_exceptions == [r"at\s+the\s+cost\s+of"]
    assert parse_codebook(codebook_to_yaml(cb)).get("money").cue_exceptions == cb.get("money").cue_exceptions
    idx = CueIndex(cb.themes, "en")

    def codes(t):
        toks = tokens(t)
        return {h.code for h in idx.match(toks, lemmas(toks, "en"), t)}
    assert codes("The cost of the visits is high.") == {"money"}
    assert codes("Visits happen at the cost of lessons.") == set()
    from miner.errors import CodebookError
    with pytest.raises(CodebookError, match="cue_exceptions"):
        parse_codebook(text.replace("'at\\s+the\\s+cost\\s+of'", "'at (the'"))


@pytest.mark.parametrize("heading, expected", [
    # the longer entry wins: working with the work field is about the labour market
    ("3.3 Samenwerking met het werkveld", "labour_market"),
    ("4 Samenwerking tussen scholen", "collaboration_chain"),
    ("2.3 Ongelijke kansen", "equal_opportunity"),
    ("5.1 Scholing van mentoren", "professionalisation"),
])
def test_section_titles_name_their_theme(lob, heading, expected):
    from miner.coding.rules import compile_codebook
    found = compile_codebook(lob).theme_headings.nearest((heading,))
    assert (found[0] if found else None) == expected
