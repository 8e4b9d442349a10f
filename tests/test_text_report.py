"""Plain text and Markdown reports: paragraphs, headings, lists, footnotes, pages, noise."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from miner.extract import extract_bytes
from miner.extract.text import read_text

FIXTURES = Path(__file__).parent / "fixtures" / "text"
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def _blocks(name: str):
    path = FIXTURES / name
    return read_text(path.read_bytes(), path.name)


def _by_text(parsed, start: str):
    found = [b for b in parsed.blocks if b.text.startswith(start)]
    assert found, f"no block starts with {start!r}"
    return found[0]


# --- own fixture: a paginated report exported from a PDF ------------------------------------


def test_pages_from_form_feeds():
    p = _blocks("tussenrapport-regio-oost.txt")
    assert p.pages == 3
    assert _by_text(p, "1 Inleiding").page == 1
    assert _by_text(p, "2.1 Knelpunten").page == 2
    assert _by_text(p, "We bevelen aan").page == 3


def test_running_header_page_numbers_and_toc_are_dropped():
    p = _blocks("tussenrapport-regio-oost.txt")
    texts = [b.text for b in p.blocks]
    assert not any("Tussenrapport Loopbaanpilot" in t for t in texts)
    assert not any(re.fullmatch(r"\d+", t) for t in texts)
    assert not any("......" in t for t in texts)
    # Each heading appears once: the table of contents did not add copies.
    assert sum(t == "2.1 Knelpunten" for t in texts) == 1


def test_headings_and_section_paths():
    p = _blocks("tussenrapport-regio-oost.txt")
    heads = [(b.text, b.level) for b in p.blocks if b.kind == "heading"]
    assert ("1 Inleiding", 1) in heads
    assert ("2.1 Knelpunten", 2) in heads
    assert ("DE ROL VAN DE GEMEENTE", 3) in heads
    assert ("Aanpak van de evaluatie", 2) in heads
    assert _by_text(p, "Niet alles verliep").section == ("2 Bevindingen", "2.1 Knelpunten")
    assert _by_text(p, "De gemeente financierde").section == ("2 Bevindingen", "2.1 Knelpunten", "DE ROL VAN DE GEMEENTE")
    assert _by_text(p, "We bevelen aan").section == ("3 Aanbevelingen",)
    # Short lines inside running text are not headings.
    assert not any(t.startswith("gemeente") or t == "De coördinatoren noemden" for t, _ in heads)


def test_wrapped_lines_and_hyphenation_are_rejoined():
    p = _blocks("tussenrapport-regio-oost.txt")
    intro = _by_text(p, "De pilot Loopbaanleren")
    assert "loopbaanbegeleiding" in intro.text            # plain split word joined
    assert "vmbo-scholen" in intro.text                   # the document writes it hyphenated elsewhere
    assert "\n" not in intro.text
    aanpak = _by_text(p, "Voor deze evaluatie")
    assert "LOB-activiteiten" in aanpak.text              # hyphen before a capital kept
    knel = _by_text(p, "Niet alles verliep")
    assert "vo- en mbo-scholen" in knel.text              # suspended compound kept


def test_list_items():
    p = _blocks("tussenrapport-regio-oost.txt")
    items = [b for b in p.blocks if b.kind == "list_item"]
    assert [b.text[:12] for b in items] == ["meer leerlin", "mentoren voe", "ouders waren", "a) te weinig", "b) wisseling"]
    assert items[0].level == 1 and items[3].level == 2
    assert not any(t.text.startswith("•") for t in items)


def test_footnote_kept_apart_and_marker_removed():
    p = _blocks("tussenrapport-regio-oost.txt")
    notes = [b for b in p.blocks if b.kind == "footnote"]
    assert len(notes) == 1
    assert notes[0].text.startswith("1 Het betreft de gemeenten")
    assert notes[0].text.endswith("eigen wethouder.")   # its wrapped second line belongs to it
    assert notes[0].page == 1
    intro = _by_text(p, "De pilot Loopbaanleren")
    assert intro.text.endswith("met de gemeente.")


def test_colon_lines_do_not_make_a_report_a_transcript():
    p = _blocks("tussenrapport-regio-oost.txt")
    assert p.kind == "report"
    assert not any(b.kind == "turn" for b in p.blocks)


def test_paragraph_continues_after_page_footnotes():
    text = (
        "Inleiding\n"
        "De scholen in de regio werken sinds enkele jaren samen aan een doorlopende\n"
        "leerlijn voor loopbaanoriëntatie, waarbij de mentoren een centrale rol spelen.3 Deze\n"
        "\n"
        "3 Zie het convenant uit 2019 tussen de besturen van de deelnemende scholen.\n"
        "\f"
        "rol vraagt om scholing, want niet elke mentor voelt zich daar zeker in.\n"
    )
    p = read_text(text.encode(), "brief.txt")
    body = [b for b in p.blocks if b.kind == "paragraph"]
    assert len(body) == 1
    assert body[0].text.endswith("centrale rol spelen. Deze rol vraagt om scholing, want niet elke mentor voelt zich daar zeker in.")
    assert [b.kind for b in p.blocks] == ["heading", "paragraph", "footnote"]


def test_double_spaced_export_keeps_paragraphs():
    lines = [
        "Werkwijze", "",
        "De onderzoekers spraken in het voorjaar met alle betrokken decanen van de", "",
        "deelnemende scholen en met een groep van twaalf leerlingen uit klas vier.", "",
        " ", "",
        "Daarna volgde een enquête onder ouders van leerlingen in het examenjaar van", "",
        "het vmbo, die door bijna driehonderd ouders werd ingevuld.", "",
    ]
    p = read_text("\n".join(lines).encode(), "export.txt")
    paras = [b.text for b in p.blocks if b.kind == "paragraph"]
    assert len(paras) == 2
    assert paras[0].startswith("De onderzoekers") and paras[0].endswith("klas vier.")
    assert p.blocks[0].kind == "heading" and p.blocks[0].text == "Werkwijze"


def test_recurring_table_cells_are_not_taken_for_running_headers():
    rows = "\n".join(f"School {c}\nJa\nNee\nGedeeltelijk" for c in "ABCDEFG")
    text = "Resultaten per school\n\nDe tabel laat per school zien of er een LOB-plan is.\n\n" + rows + "\n"
    p = read_text(text.encode(), "tabel.txt")
    joined = "\n".join(b.text for b in p.blocks)
    assert joined.count("Gedeeltelijk") == 7


def test_running_header_without_form_feeds_is_found_by_recurrence():
    parts = []
    for page in range(1, 7):
        parts.append(f"Evaluatie LOB-beleid Zuidwest | pagina {page}")
        parts.append(f"Op pagina {page} beschrijven we een ander onderdeel van de aanpak van de scholen in de regio.")
        parts.append("")
    p = read_text("\n".join(parts).encode(), "export.txt")
    assert not any("Zuidwest" in b.text for b in p.blocks)
    assert sum("onderdeel van de aanpak" in b.text for b in p.blocks) == 6


# --- Markdown --------------------------------------------------------------------------------


def test_markdown_structure():
    p = _blocks("notitie-keuzebegeleiding.md")
    assert p.title == "Notitie keuzebegeleiding (fictief)"
    heads = [(b.text, b.level) for b in p.blocks if b.kind == "heading"]
    assert heads == [("Notitie keuzebegeleiding (fictief)", 1), ("Wat gaat goed", 2), ("Wat kan beter", 2), ("Vervolg", 3)]
    intro = p.blocks[1]
    assert intro.text == "Deze notitie vat de belangrijkste uitkomsten samen van de gesprekken met decanen in het najaar."
    items = [b.text for b in p.blocks if b.kind == "list_item"]
    assert items == ["Leerlingen kennen hun mentor goed.", "De beroepenmarkt wordt goed bezocht.",
                     "1. Meer tijd voor individuele gesprekken.", "2. Betere afstemming met het mbo."]
    table = next(b for b in p.blocks if b.kind == "table")
    assert table.rows == [["School", "Gesprekken", "Oordeel"], ["De Brug", "42", "goed"], ["Het Anker", "17", "matig"]]
    assert table.text.split("\n")[1] == "De Brug | 42 | goed"
    assert p.blocks[-1].section == ("Notitie keuzebegeleiding (fictief)", "Wat kan beter", "Vervolg")


def test_markdown_passages_carry_sections():
    path = FIXTURES / "notitie-keuzebegeleiding.md"
    ex = extract_bytes(path.read_bytes(), path.name)
    p = next(p for p in ex.passages if p.text.startswith("We bespreken"))
    assert p.section == ("Notitie keuzebegeleiding (fictief)", "Wat kan beter", "Vervolg")
    rows = [p.text for p in ex.passages if p.kind == "table"]
    assert rows[1] == "De Brug | 42 | goed"


# --- shared seeds: text exported from real PDFs ----------------------------------------------


def _seed(name: str):
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"reference seed {path} not available (../shared is not part of the repository)")
    return extract_bytes(path.read_bytes(), path.name)


def test_shared_expertisepunt_headings_and_sections():
    ex = _seed("expertisepunt-evaluatie-2022.txt")
    heads = {b.text: b for b in ex.blocks if b.kind == "heading"}
    assert heads["1.2 Onderzoeksvraag"].section == ("1 Inleiding", "1.2 Onderzoeksvraag")
    assert heads["2.1.3 Uitvoering activiteiten: output"].section == (
        "2 Doeltreffendheid", "2.1 Activiteiten en doelen", "2.1.3 Uitvoering activiteiten: output")
    assert heads["3.2 Realisatie doelen"].level == 2
    # Passages below a heading carry its path.
    idx = next(i for i, b in enumerate(ex.blocks) if b.text == "1.2 Onderzoeksvraag")
    below = ex.blocks[idx + 1]
    assert below.kind == "paragraph" and below.section[-1] == "1.2 Onderzoeksvraag"
    assert any(p.section[-1:] == ("1.2 Onderzoeksvraag",) and p.kind == "paragraph" for p in ex.passages)


def test_shared_expertisepunt_noise_and_hyphens():
    ex = _seed("expertisepunt-evaluatie-2022.txt")
    texts = [p.text for p in ex.passages]
    # Page numbers (arabic and roman) and table-of-contents lines are not passages.
    assert not any(re.fullmatch(r"[\divxlc.\s]+", t) for t in texts)
    assert not any(re.fullmatch(r"\d+(\.\d+)* [^.]{3,60} \d{1,3}", t) for t in texts)
    # The double-spaced export's wrapped lines and hyphen splits are rejoined.
    body = "\n".join(texts)
    assert "Expertisepunt" in body
    assert not re.search(r"Exper-? ?tisepunt", body.replace("Expertisepunt", ""))
    assert "coronamaatregelen" in body and "coronamaatrege-" not in body
    split_left = re.findall(r"\b[a-zë]{2,}- (?!en\b|of\b|tot\b|noch\b)[a-zë]{3,}", body)
    assert len(split_left) <= 3, split_left
    # Sensible segmentation: about a thousand sentences, not one per line.
    assert 700 <= len(ex.passages) <= 1600


def test_shared_kamerbrief_footnotes_and_headings():
    ex = _seed("kamerbrief-lob-2021.txt")
    heads = [b.text for b in ex.blocks if b.kind == "heading"]
    for h in ("Inleiding", "Wat hebben we bereikt?", "Prioriteiten voor de verdere verbetering van LOB", "Tot slot"):
        assert h in heads
    assert "2. Bijdragen aan het verder verbeteren van de overgangen" in heads
    notes = [b for b in ex.blocks if b.kind == "footnote"]
    assert len(notes) >= 25
    numbers = [int(b.text.split()[0]) for b in notes]
    assert numbers == sorted(numbers)
    body = " ".join(b.text for b in ex.blocks if b.kind != "footnote")
    # Footnote markers glued to words are removed from the body.
    assert "curriculum10" not in body and "het curriculum van" in body
    assert not re.search(r"\bKamerstuk \d+ \d+, nr\. \d+\.\s*$", body)
    # A paragraph cut by a page's footnotes continues after them.
    first_break = next(b for b in ex.blocks if b.kind == "paragraph" and b.text.startswith("Samen met de sectorraden"))
    assert "aan te geven. De komende jaren" in first_break.text


def test_shared_stimuleringsproject_lists_and_passages():
    ex = _seed("stimuleringsproject-mbo-eindrapportage-2015.txt")
    items = [b for b in ex.blocks if b.kind == "list_item"]
    assert len(items) >= 40
    assert not any(b.text.startswith(("•", "\t")) for b in items)
    assert not any("\t" in p.text for p in ex.passages)   # tab-separated words from the PDF export
    heads = [b.text for b in ex.blocks if b.kind == "heading"]
    assert "Aanbevelingen" in heads
    rec = [p for p in ex.passages if p.section and p.section[-1] == "Aanbevelingen"]
    assert len(rec) >= 10
    assert 120 <= len(ex.passages) <= 500


def test_heading_reused_in_every_chapter_is_not_a_running_header():
    parts = []
    for ch in range(1, 7):
        parts.append(f"{ch} Hoofdstuk over school {ch}")
        parts.append("In dit hoofdstuk beschrijven we de aanpak van de school en de ervaringen van de mentoren.")
        for k in range(40):
            parts.append(f"Regel {k} van de beschrijving van school {ch}, met genoeg woorden om te lijken op tekst.")
        parts.append("")
        parts.append("Wat gaat goed op school")
        parts.append("De mentoren voeren hun gesprekken en de leerlingen waarderen dat zeer, zo blijkt uit de interviews.")
        parts.append("")
    p = read_text("\n".join(parts).encode(), "rapport.txt")
    heads = [b for b in p.blocks if b.kind == "heading" and b.text == "Wat gaat goed op school"]
    assert len(heads) == 6
    assert heads[2].section == ("3 Hoofdstuk over school 3", "Wat gaat goed op school")


def test_running_header_next_to_page_numbers_is_dropped_without_form_feeds():
    parts = []
    for page in range(1, 7):
        parts += ["Loopbaanpilot Regio Oost - tussenrapport", ""]
        parts += [f"Tekst op bladzijde {page} over de gesprekken die mentoren met hun leerlingen voerden,",
                  "met aandacht voor de keuzes in het examenjaar en de rol van de ouders daarbij.", ""]
        parts += [str(page), ""]
    p = read_text("\n".join(parts).encode(), "export.txt")
    assert not any("tussenrapport" in b.text for b in p.blocks)
    assert sum(b.kind == "paragraph" for b in p.blocks) == 6


def test_page_break_ends_or_continues_a_paragraph():
    text = (
        "De mentoren voerden in het najaar met alle leerlingen een gesprek over hun keuze en\fde decanen"
        " sloten daarna aan bij de gesprekken met ouders. Dat werkte goed.\f"
        "Nieuwe alinea op de volgende bladzijde over de stages in het voorjaar.\n"
    )
    p = read_text(text.encode(), "export.txt")
    assert [(b.kind, b.page) for b in p.blocks] == [("paragraph", 1), ("paragraph", 3)]
    assert "een gesprek over hun keuze en de decanen sloten daarna aan" in p.blocks[0].text
    assert p.blocks[0].text.endswith("Dat werkte goed.")


def test_markdown_front_matter_gives_the_title_and_no_text():
    md = '---\ntitle: "Evaluatie keuzeweek"\nyear: 2022\n---\n\n# Samenvatting\n\nDe keuzeweek is goed ontvangen door leerlingen.\n'
    p = read_text(md.encode(), "keuzeweek.md")
    assert p.title == "Evaluatie keuzeweek"
    assert [(b.kind, b.text) for b in p.blocks] == [
        ("heading", "Samenvatting"), ("paragraph", "De keuzeweek is goed ontvangen door leerlingen.")]
