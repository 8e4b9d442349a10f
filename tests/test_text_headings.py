"""Plain-text reports and letters: numbered chapter titles versus numbered lists, and the short
lines of title blocks, letter headers and signatures versus the prose next to them.

The fixtures are invented Dutch documents written for these tests, in the two shapes reports
arrive in: one line per paragraph with blank lines everywhere (word-processor export, which the
reader takes for a double-spaced file) and lines wrapped at a fixed width (PDF export).
"""

from __future__ import annotations

from miner.extract import extract_bytes


def _passages(text: str, name: str = "rapport.txt"):
    return extract_bytes(text.encode("utf-8"), name).passages


def _rows(text: str, name: str = "rapport.txt"):
    return [(p.kind, p.section, p.text) for p in _passages(text, name)]


def _one(passages, start: str):
    found = [p for p in passages if p.text.startswith(start)]
    assert len(found) == 1, f"{len(found)} passages start with {start!r}"
    return found[0]


# --- numbered chapter titles ------------------------------------------------------------------

# Short chapters: the next "N." comes within a few lines of the previous one.
UNWRAPPED = """\
Evaluatie loopbaanbegeleiding mbo-regio Oostervaart

1. Aanleiding

In 2023 startte de regio Oostervaart een programma om de loopbaanbegeleiding in het eerste leerjaar van het mbo te versterken. Mentoren kregen daarvoor twee extra uren per week.

2. Bevindingen

Mentoren voeren vaker loopbaangesprekken dan bij de start van het programma. Wel ontbreekt het hun aan scholing in gespreksvoering.

Studenten waarderen de gesprekken met een ruime voldoende, al zien zij weinig verband met hun stage.

3. Aanbevelingen

Op basis van de bevindingen doen wij de volgende aanbevelingen:

1. Zorg voor structurele tijd in het rooster van mentoren;
2. Bied mentoren scholing aan in het voeren van loopbaangesprekken;
3. Betrek ouders actiever bij de studiekeuze van hun kinderen.

Tot slot merken wij op dat de resultaten voorlopig zijn.
"""


def test_numbered_chapters_with_short_sections_are_headings():
    rows = _rows(UNWRAPPED)
    heads = [t for k, _, t in rows if k == "heading"]
    assert heads == ["Evaluatie loopbaanbegeleiding mbo-regio Oostervaart", "1. Aanleiding", "2. Bevindingen",
                     "3. Aanbevelingen"]
    ps = _passages(UNWRAPPED)
    assert _one(ps, "In 2023 startte").section == ("1. Aanleiding",)
    assert _one(ps, "Mentoren voeren vaker").section == ("2. Bevindingen",)
    assert _one(ps, "Studenten waarderen").section == ("2. Bevindingen",)
    assert not any(k == "list_item" and t in ("1. Aanleiding", "2. Bevindingen") for k, _, t in rows)


def test_numbered_recommendations_after_a_lead_in_stay_list_items():
    ps = _passages(UNWRAPPED)
    items = [(p.section, p.text) for p in ps if p.kind == "list_item"]
    assert items == [
        (("3. Aanbevelingen",), "1. Zorg voor structurele tijd in het rooster van mentoren;"),
        (("3. Aanbevelingen",), "2. Bied mentoren scholing aan in het voeren van loopbaangesprekken;"),
        (("3. Aanbevelingen",), "3. Betrek ouders actiever bij de studiekeuze van hun kinderen."),
    ]
    lead = _one(ps, "Op basis van de bevindingen")
    assert (lead.kind, lead.section) == ("paragraph", ("3. Aanbevelingen",))
    assert _one(ps, "Tot slot").section == ("3. Aanbevelingen",)


def test_numbered_chapter_titles_directly_above_their_prose():
    text = UNWRAPPED.replace("1. Aanleiding\n\n", "1. Aanleiding\n").replace("2. Bevindingen\n\n", "2. Bevindingen\n")
    assert "1. Aanleiding\nIn 2023" in text and "2. Bevindingen\nMentoren" in text
    rows = _rows(text)
    assert [t for k, _, t in rows if k == "heading"] == [
        "Evaluatie loopbaanbegeleiding mbo-regio Oostervaart", "1. Aanleiding", "2. Bevindingen", "3. Aanbevelingen"]
    assert [s for k, s, _ in rows if k == "list_item"] == [("3. Aanbevelingen",)] * 3


# PDF export: wrapped lines, a chapter with its own "1.1", a list ending in "." before the next
# chapter title, and numbered one-line sentences between paragraphs.
WRAPPED = """\
1. Inleiding

1.1 Vraagstelling

Het college van bestuur van ROC Westervaart wil weten of de nieuwe opzet van de
studieloopbaanbegeleiding studenten helpt een passende vervolgkeuze te maken. Deze
evaluatie beschrijft de ervaringen van studenten, mentoren en teamleiders.

2. Bevindingen

De belangrijkste bevindingen zijn de volgende:

1. mentoren voeren de gesprekken vaker dan voorheen;
2. de gesprekken gaan nog weinig over werk en stage.

3. Knelpunten

Uit de gesprekken met teamleiders komen twee knelpunten naar voren. Beide worden
op alle vier de locaties genoemd.

1. Mentoren hebben te weinig tijd voor individuele gesprekken.

Dat knelpunt noemden alle teamleiders, ook op de locaties met een kleinere groep
studenten per mentor.

2. Ouders zijn slecht bereikbaar voor een driegesprek.

Vooral ouders van studenten die in het eerste jaar uitvallen komen zelden op
school.

4. Conclusie

De nieuwe opzet werkt, maar zij vraagt meer tijd dan het rooster nu biedt. Wij
raden aan die tijd in het volgende schooljaar vrij te maken.
"""


def test_wrapped_report_keeps_chapters_subsections_and_lists_apart():
    rows = _rows(WRAPPED)
    heads = [(s, t) for k, s, t in rows if k == "heading"]
    assert heads == [
        (("1. Inleiding",), "1. Inleiding"),
        (("1. Inleiding", "1.1 Vraagstelling"), "1.1 Vraagstelling"),
        (("2. Bevindingen",), "2. Bevindingen"),
        (("3. Knelpunten",), "3. Knelpunten"),
        (("4. Conclusie",), "4. Conclusie"),
    ]
    ps = _passages(WRAPPED)
    assert _one(ps, "Het college van bestuur").section == ("1. Inleiding", "1.1 Vraagstelling")
    # A list whose last item ends in "." does not swallow the chapter title after it.
    assert [p.text for p in ps if p.kind == "list_item" and p.section == ("2. Bevindingen",)] == [
        "1. mentoren voeren de gesprekken vaker dan voorheen;",
        "2. de gesprekken gaan nog weinig over werk en stage.",
    ]


def test_numbered_sentences_between_paragraphs_stay_list_items():
    ps = _passages(WRAPPED)
    for start in ("1. Mentoren hebben te weinig tijd", "2. Ouders zijn slecht bereikbaar"):
        p = _one(ps, start)
        assert (p.kind, p.section) == ("list_item", ("3. Knelpunten",))
    assert _one(ps, "Dat knelpunt noemden").kind == "paragraph"
    assert _one(ps, "Vooral ouders").section == ("3. Knelpunten",)


# Short numbered items without punctuation, each with a paragraph below it: inside chapter 3
# the numbering restarts, so they are items of that chapter, not chapters 1 and 2.
RESTARTED = """\
2. Bevindingen

Mentoren voeren vaker loopbaangesprekken, maar zij missen scholing en tijd.

3. Aanbevelingen

Wij doen twee aanbevelingen, die wij hieronder kort toelichten.

1. Meer tijd voor mentoren

Mentoren hebben nu een uur per week voor een groep van dertig studenten, en dat is te weinig.

2. Scholing in gespreksvoering

Niet alle mentoren hebben geleerd een loopbaangesprek te voeren; een korte training helpt al veel.

Wij bevelen verder aan:

1. Een vaste contactpersoon per leerbedrijf

2. Een jaarlijkse terugkoppeling aan de opleidingsteams

Deze punten werken wij in de volgende fase uit.
"""


def test_items_shaped_like_titles_stay_list_items_when_numbering_restarts_or_after_a_colon():
    rows = _rows(RESTARTED)
    assert [t for k, _, t in rows if k == "heading"] == ["2. Bevindingen", "3. Aanbevelingen"]
    items = [(s, t) for k, s, t in rows if k == "list_item"]
    assert items == [
        (("3. Aanbevelingen",), "1. Meer tijd voor mentoren"),
        (("3. Aanbevelingen",), "2. Scholing in gespreksvoering"),
        (("3. Aanbevelingen",), "1. Een vaste contactpersoon per leerbedrijf"),
        (("3. Aanbevelingen",), "2. Een jaarlijkse terugkoppeling aan de opleidingsteams"),
    ]
    assert _one(_passages(RESTARTED), "Niet alle mentoren").section == ("3. Aanbevelingen",)


def test_items_after_a_colon_stay_list_items_without_any_chapter_above():
    text = ("Uit de enquête onder 412 studenten blijkt dat zij drie dingen missen:\n\n"
            "1. Voorlichting over werk\n\n"
            "Studenten zeggen dat zij vooral over opleidingen horen en weinig over beroepen.\n")
    rows = _rows(text)
    assert ("list_item", (), "1. Voorlichting over werk") in rows
    assert not any(k == "heading" for k, _, _ in rows)


# --- title blocks, letter headers and signatures ----------------------------------------------

TITLE_GLUED = """\
Evaluatie van het loopbaanprogramma Kompas
Eindrapport
Hogeschool Dijkzicht, lectoraat Loopbaan en Leren, maart 2026
Het programma Kompas ondersteunt sinds 2022 eerstejaarsstudenten bij het maken van een passende studiekeuze. In dit rapport beschrijven wij hoe studenten en docenten het programma hebben ervaren.

Studenten zijn over het algemeen tevreden over de begeleiding.
"""


def test_title_block_lines_are_passages_of_their_own_and_the_body_starts_clean():
    rows = _rows(TITLE_GLUED)
    assert [t for _, _, t in rows[:5]] == [
        "Evaluatie van het loopbaanprogramma Kompas",
        "Eindrapport",
        "Hogeschool Dijkzicht, lectoraat Loopbaan en Leren, maart 2026",
        "Het programma Kompas ondersteunt sinds 2022 eerstejaarsstudenten bij het maken van een "
        "passende studiekeuze.",
        "In dit rapport beschrijven wij hoe studenten en docenten het programma hebben ervaren.",
    ]
    assert {(k, s) for k, s, _ in rows} == {("paragraph", ())}


def test_title_block_before_a_heading_is_split_and_the_heading_kept():
    text = ("Tussenrapportage Loopbaanlab\nScholengemeenschap Het Baken\nseptember 2025\n\n"
            "Samenvatting\n"
            "Het Loopbaanlab is in 2024 gestart op drie locaties. Leerlingen uit havo 4 volgen er een "
            "reeks werkplaatsen over hun talenten en mogelijke vervolgopleidingen.\n")
    rows = _rows(text)
    # "september 2025" starts in lower case: it may be a wrapped title line, so it stays with it.
    assert [t for _, _, t in rows[:3]] == ["Tussenrapportage Loopbaanlab", "Scholengemeenschap Het Baken september 2025",
                                           "Samenvatting"]
    assert rows[2][0] == "heading"
    assert rows[3] == ("paragraph", ("Samenvatting",), "Het Loopbaanlab is in 2024 gestart op drie locaties.")


LETTER = """\
Gemeente Wieringerwaard
Aan de leden van de gemeenteraad
Datum: 12 maart 2026
Kenmerk: 2026/OND/0412
Betreft: evaluatie pilot loopbaanbegeleiding
Geachte raadsleden,
Hierbij bied ik u de evaluatie van de pilot loopbaanbegeleiding aan. De pilot liep twee jaar
op vier scholen voor voortgezet onderwijs in onze gemeente.

Uit de evaluatie blijkt dat leerlingen beter voorbereid kiezen. Tegelijk vragen de scholen
om meer ruimte in het rooster, en daarover ga ik graag met u in gesprek.
Hoogachtend,
drs. M.A. de Boer-Yılmaz
Wethouder Onderwijs en Jeugd
"""


def test_letter_header_and_signature_do_not_stick_to_the_body():
    rows = _rows(LETTER, "brief.txt")
    texts = [t for _, _, t in rows]
    assert texts[:7] == [
        "Gemeente Wieringerwaard",
        "Aan de leden van de gemeenteraad",
        "Datum: 12 maart 2026",
        "Kenmerk: 2026/OND/0412",
        "Betreft: evaluatie pilot loopbaanbegeleiding",
        "Geachte raadsleden,",
        "Hierbij bied ik u de evaluatie van de pilot loopbaanbegeleiding aan.",
    ]
    assert texts[-5:] == [
        "Uit de evaluatie blijkt dat leerlingen beter voorbereid kiezen.",
        "Tegelijk vragen de scholen om meer ruimte in het rooster, en daarover ga ik graag met u in gesprek.",
        "Hoogachtend,",
        "drs. M.A. de Boer-Yılmaz",
        "Wethouder Onderwijs en Jeugd",
    ]
    assert all(k == "paragraph" for k, _, _ in rows)


def test_signature_separated_by_blank_lines_keeps_the_name_apart():
    text = ("Wij danken alle scholen voor hun medewerking aan de evaluatie van het programma.\n\n"
            "Met vriendelijke groet,\n\nmr. J. van der Meulen\nvoorzitter college van bestuur\n")
    texts = [t for _, _, t in _rows(text, "brief.txt")]
    assert texts == ["Wij danken alle scholen voor hun medewerking aan de evaluatie van het programma.",
                     "Met vriendelijke groet,", "mr. J. van der Meulen", "voorzitter college van bestuur"]


def test_wrapped_signature_line_and_wrapped_last_sentence_stay_whole():
    text = ("Wij zien uw reactie op de voorstellen in deze brief graag voor de vergadering van juni tegemoet,\n"
            "zodat wij de scholen nog voor de zomer kunnen informeren over het vervolg van\n"
            "de pilot\n\n"
            "Namens het college van burgemeester en wethouders van\n"
            "Wieringerwaard,\n"
            "de secretaris\n")
    texts = [t for _, _, t in _rows(text, "brief.txt")]
    assert texts == [
        "Wij zien uw reactie op de voorstellen in deze brief graag voor de vergadering van juni tegemoet, "
        "zodat wij de scholen nog voor de zomer kunnen informeren over het vervolg van de pilot",
        # A line ending in "van" is wrapped; the function below the name is a line of its own.
        "Namens het college van burgemeester en wethouders van Wieringerwaard,",
        "de secretaris",
    ]


def test_report_that_starts_with_prose_keeps_its_first_paragraph():
    text = ("Deze notitie vat de uitkomsten samen van de gesprekken met decanen over de\n"
            "overstap van vmbo naar mbo\n"
            "in het schooljaar 2024-2025. De decanen noemen vooral de open dagen als knelpunt.\n\n"
            "Daarnaast vragen zij om betere afspraken met de mbo-instellingen in de regio.\n")
    texts = [t for _, _, t in _rows(text)]
    assert texts == [
        "Deze notitie vat de uitkomsten samen van de gesprekken met decanen over de overstap van vmbo "
        "naar mbo in het schooljaar 2024-2025.",
        "De decanen noemen vooral de open dagen als knelpunt.",
        "Daarnaast vragen zij om betere afspraken met de mbo-instellingen in de regio.",
    ]


# --- a title block above a chapter title without a dot ---------------------------------------------

TITLE_THEN_CHAPTER = """\
Tussenevaluatie Talentroute Veenhorst 2025
Een onderzoek in opdracht van de gemeente Veenhorst

1 Inleiding

Dit rapport beschrijft de eerste twee jaar van het project Talentroute, dat in 2023 op twaalf basisscholen in de gemeente Veenhorst van start ging.

Het project loopt nog tot de zomer van 2026 en wordt daarna opnieuw geëvalueerd.

2 Bevindingen

De gastlessen van ouders en bedrijven worden door leerkrachten en leerlingen gewaardeerd.
"""


def test_a_title_block_above_a_chapter_title_stands_apart():
    rows = _rows(TITLE_THEN_CHAPTER)
    assert [(k, t) for k, _, t in rows if k == "heading"] == [
        ("heading", "Tussenevaluatie Talentroute Veenhorst 2025"),
        ("heading", "Een onderzoek in opdracht van de gemeente Veenhorst"),
        ("heading", "1 Inleiding"),
        ("heading", "2 Bevindingen"),
    ]
    first = _one(_passages(TITLE_THEN_CHAPTER), "Dit rapport beschrijft")
    assert first.section == ("1 Inleiding",) and first.text.endswith("van start ging.")
    # the same with a single title line
    one = TITLE_THEN_CHAPTER.replace("Een onderzoek in opdracht van de gemeente Veenhorst\n", "")
    assert _one(_passages(one), "Dit rapport beschrijft").section == ("1 Inleiding",)


def test_a_title_and_byline_in_a_file_with_a_blank_line_after_every_line():
    # One paragraph per line, a blank line between all of them (a common text export): the
    # byline has no full stop, and "1 Inleiding" under it was read as running on from it.
    text = ("Evaluatie van het project Loopbaan in Beeld\n\nBureau Kompas Onderzoek, maart 2025\n\n1 Inleiding\n\n"
            "In dit rapport beschrijven we de evaluatie van het project. Het project liep drie jaar.\n\n"
            "2 Bevindingen\n\nDe mentoren hebben te weinig tijd voor gesprekken met hun leerlingen.\n")
    rows = _rows(text)
    assert [t for k, _, t in rows if k == "heading"] == [
        "Evaluatie van het project Loopbaan in Beeld", "Bureau Kompas Onderzoek, maart 2025", "1 Inleiding", "2 Bevindingen"]
    assert _one(_passages(text), "In dit rapport").section == ("1 Inleiding",)
    # a sentence without a full stop above a numbered line in running text is still no title
    prose = ("De scholen werken samen in de regio en delen hun ervaringen met elkaar tijdens vaste bijeenkomsten\n\n"
             "1 Inleiding\n\nHier begint het rapport met een korte inleiding op de vraag.\n")
    assert not any(t.startswith("De scholen werken") for k, _, t in _rows(prose) if k == "heading")


def test_a_short_line_before_a_numbered_line_inside_a_paragraph_is_no_title():
    text = ("De scholen noemen drie knelpunten die het project vertragen en waarvoor nog geen oplossing is gevonden in de eerste twee jaar:\n"
            "1 Tijd\n2 Geld\n3 Vervoer\n\nDaarnaast speelt de personeelskrapte op alle scholen een rol bij de uitvoering van de gastlessen.\n")
    rows = _rows(text)
    assert not any(k == "heading" for k, _, _ in rows)
    assert [t for k, _, t in rows if k == "list_item"] == ["1 Tijd", "2 Geld", "3 Vervoer"]
    assert rows[-1] == ("paragraph", (), "Daarnaast speelt de personeelskrapte op alle scholen een rol bij de uitvoering van de gastlessen.")


# --- a letter answering parliamentary questions ------------------------------------------------------

def test_numbered_question_and_answer_headings_are_no_page_counter():
    """"Vraag 1" / "Antwoord 1" recur with a rising number, as a page counter does, but a few
    lines apart: they are the letter's headings, and the questions under them are text."""
    qa = "Antwoorden op de schriftelijke vragen van het lid Verhoef over loopbaanbegeleiding in het vmbo\n\n"
    answers = ["Ja, ik ben bekend met dat bericht. De cijfers komen uit de monitor van vorig jaar.",
               "Scholen noemen vooral het tekort aan mentoren. Daardoor schuiven de gesprekken naar het einde van het jaar.",
               "Nee. Scholen ontvangen al middelen via de lumpsum. Wel ga ik met de sectorraad in gesprek over de inzet daarvan.",
               "Ik informeer de Kamer voor de zomer over de uitkomsten van dat gesprek."]
    questions = ["Bent u bekend met het bericht dat een derde van de leerlingen geen loopbaangesprek heeft gehad?",
                 "Hoe verklaart u dat het aantal gesprekken op sommige scholen is gedaald?",
                 "Bent u bereid scholen extra middelen te geven voor loopbaanbegeleiding?",
                 "Wanneer informeert u de Kamer over de uitkomsten?"]
    for n, (q, a) in enumerate(zip(questions, answers), 1):
        qa += f"Vraag {n}\n{q}\n\nAntwoord {n}\n{a}\n\n"
    rows = _rows(qa, "kamerbrief.txt")
    headings = [t for k, _, t in rows if k == "heading"]
    assert headings == [h for n in range(1, 5) for h in (f"Vraag {n}", f"Antwoord {n}")]
    assert ("paragraph", ("Vraag 4",), questions[3]) in rows
    assert ("paragraph", ("Antwoord 3",), "Wel ga ik met de sectorraad in gesprek over de inzet daarvan.") in rows


def test_a_page_footer_with_a_counter_is_still_dropped():
    para = ("De mentoren voeren de loopbaangesprekken in het voorjaar en bespreken daarin de keuze van de leerling "
            "voor een profiel of een sector in de bovenbouw.\n")
    pages = [para * 14 + f"Evaluatie LOB Veenhorst | pagina {n}\n" for n in range(1, 5)]
    rows = _rows("".join(pages), "export.txt")
    assert not any("pagina" in t for _, _, t in rows)


FACTSHEET = """\
Factsheet studiekeuze mbo en hbo

1 Kernpunten
De meeste studenten kiezen hun opleiding bewust.
Een kwart twijfelt na een halfjaar nog.

2 Wie kiest bewust?
Studenten die loopbaangesprekken voerden, kiezen vaker bewust.
In het mbo is dat verschil het grootst.

2.1 Wat doen ouders?
Ouders praten vooral mee over de kansen op werk.

Vragenlijst
De vragenlijst bevatte onder meer de volgende vragen:
5. In welke mate zijn de gewenste effecten bereikt?
6. Wat zou u anders doen?
"""


def test_numbered_questions_are_headings_and_numbered_items_of_a_questionnaire_are_not():
    ps = _passages(FACTSHEET, "factsheet.txt")
    assert _one(ps, "Studenten die loopbaangesprekken").section[-1] == "2 Wie kiest bewust?"
    assert _one(ps, "Ouders praten").section[-2:] == ("2 Wie kiest bewust?", "2.1 Wat doen ouders?")
    assert _one(ps, "5. In welke mate").kind == "list_item"
