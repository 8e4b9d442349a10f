"""Word files: styles, lists, tables in body order, footnotes, transcripts and corrupt files."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from miner.errors import ExtractionError
from miner.extract import extract_bytes, extract_file
from miner.extract.docx import read_docx


def _save(d) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _report() -> bytes:
    d = docx.Document()
    d.core_properties.title = "Evaluatie pilot loopbaangesprekken"
    d.add_heading("1 Inleiding", level=1)
    d.add_paragraph("De pilot liep twee schooljaren op drie vmbo-scholen in de regio.")
    d.add_heading("1.1 Aanpak", level=2)
    d.add_paragraph("We spraken met docenten, mentoren en leerlingen.")
    d.add_paragraph("Eerst een groepsgesprek met de mentoren.", style="List Bullet")
    d.add_paragraph("Daarna individuele gesprekken.", style="List Number")
    t = d.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate([("School", "Gesprekken"), ("De Brug", "42"), ("Het Anker", "17")]):
        t.cell(r, 0).text, t.cell(r, 1).text = a, b
    d.add_paragraph("Na de tabel volgt de conclusie van dit deel.")
    d.add_heading("2 Resultaten", level=1)
    d.add_paragraph("Leerlingen waardeerden de gesprekken met hun mentor.")
    return _save(d)


def test_body_order_headings_lists_and_tables():
    p = read_docx(_report(), "rapport.docx")
    assert p.kind == "report"
    assert p.title == "Evaluatie pilot loopbaangesprekken"
    assert [b.kind for b in p.blocks] == [
        "heading", "paragraph", "heading", "paragraph", "list_item", "list_item", "table", "paragraph", "heading", "paragraph"]
    table = p.blocks[6]
    assert table.rows == [["School", "Gesprekken"], ["De Brug", "42"], ["Het Anker", "17"]]
    assert table.text == "School | Gesprekken\nDe Brug | 42\nHet Anker | 17"
    assert table.section == ("1 Inleiding", "1.1 Aanpak")
    assert p.blocks[2].level == 2 and p.blocks[2].section == ("1 Inleiding", "1.1 Aanpak")
    assert p.blocks[-1].section == ("2 Resultaten",)


def test_title_falls_back_to_first_heading():
    d = docx.Document()
    d.add_paragraph("Eindrapport keuzebegeleiding", style="Title")
    d.add_heading("Samenvatting", level=1)
    d.add_paragraph("Het gaat goed met de keuzebegeleiding op de scholen.")
    p = read_docx(_save(d), "x.docx")
    assert p.title == "Eindrapport keuzebegeleiding"
    assert p.blocks[0].kind == "heading"
    assert p.blocks[2].section == ("Samenvatting",)


def test_dutch_style_names_and_outline_levels():
    d = docx.Document()
    kop = d.styles.add_style("Kop 2", WD_STYLE_TYPE.PARAGRAPH)
    custom = d.styles.add_style("Hoofdstuktitel", WD_STYLE_TYPE.PARAGRAPH)
    custom.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="0"/>'))
    d.add_paragraph("Bevindingen", style="Hoofdstuktitel")
    d.add_paragraph("Knelpunten", style=kop)
    d.add_paragraph("Er is te weinig tijd voor gesprekken.")
    p = read_docx(_save(d), "x.docx")
    assert [(b.kind, b.level, b.section) for b in p.blocks] == [
        ("heading", 1, ("Bevindingen",)),
        ("heading", 2, ("Bevindingen", "Knelpunten")),
        ("paragraph", 0, ("Bevindingen", "Knelpunten")),
    ]


def test_numbering_properties_make_list_items_with_depth():
    d = docx.Document()
    for text, lvl in [("Eerste punt", 0), ("Deelpunt", 1)]:
        para = d.add_paragraph(text)
        para._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{lvl}"/><w:numId w:val="1"/></w:numPr>'))
    p = read_docx(_save(d), "x.docx")
    assert [(b.kind, b.level, b.text) for b in p.blocks] == [("list_item", 1, "Eerste punt"), ("list_item", 2, "Deelpunt")]


def test_text_in_tracked_insertions_and_hyperlinks_is_kept():
    d = docx.Document()
    para = d.add_paragraph("Zie ")
    para._p.append(parse_xml(
        f'<w:hyperlink {nsdecls("w", "r")} r:id="rId99"><w:r><w:t>de website</w:t></w:r></w:hyperlink>'))
    para._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="x"><w:r><w:t xml:space="preserve"> van de school</w:t></w:r></w:ins>'))
    para._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="x"><w:r><w:delText>WEG</w:delText></w:r></w:del>'))
    para.add_run(".")
    p = read_docx(_save(d), "x.docx")
    assert p.blocks[0].text == "Zie de website van de school."


def test_footnotes_follow_their_paragraph():
    d = docx.Document()
    para = d.add_paragraph("De monitor laat een stijging zien")
    para._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:footnoteReference w:id="1"/></w:r>'))
    para.add_run(".")
    d.add_paragraph("Daarna volgt de rest van het hoofdstuk.")
    data = _save(d)
    notes = (
        f'<w:footnotes {nsdecls("w")}>'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:t>Monitor LOB 2023, tabel 4.</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("word/footnotes.xml", notes)
    p = read_docx(buf.getvalue(), "x.docx")
    assert [(b.kind, b.text) for b in p.blocks] == [
        ("paragraph", "De monitor laat een stijging zien."),
        ("footnote", "Monitor LOB 2023, tabel 4."),
        ("paragraph", "Daarna volgt de rest van het hoofdstuk."),
    ]


def test_docx_transcript_with_bold_names():
    d = docx.Document()
    d.add_heading("Interview ouder (fictief)", level=1)
    turns = [("Interviewer", "Hoe kijkt u terug op de keuzeperiode?"), ("Ouder", "Het was spannend voor ons allebei."),
             ("Interviewer", "Kreeg u genoeg informatie?"), ("Ouder", "Ja, vooral van de mentor.")]
    for name, text in turns:
        para = d.add_paragraph()
        para.add_run(name).bold = True
        para.add_run(": " + text)
    p = read_docx(_save(d), "x.docx")
    assert p.kind == "transcript"
    assert p.title == "Interview ouder (fictief)"
    got = [(b.speaker, b.text) for b in p.blocks if b.kind == "turn"]
    assert got == turns
    assert all(b.section == ("Interview ouder (fictief)",) for b in p.blocks)


def test_docx_transcript_teams_layout():
    d = docx.Document()
    for name, ts, text in [("Jan Visser", "0:03", "Goedemorgen allemaal."), ("Interviewer", "0:10", "Zullen we beginnen?"),
                           ("Jan Visser", "1:12", "Prima, ik ben er klaar voor.")]:
        d.add_paragraph(f"{name}   {ts}")
        d.add_paragraph(text)
    p = read_docx(_save(d), "x.docx")
    assert [(b.speaker, b.time, b.text) for b in p.blocks] == [
        ("Jan Visser", 3.0, "Goedemorgen allemaal."), ("Interviewer", 10.0, "Zullen we beginnen?"),
        ("Jan Visser", 72.0, "Prima, ik ben er klaar voor.")]


def test_bold_lines_are_headings_not_speakers():
    d = docx.Document()
    for head in ("Aanleiding", "Werkwijze", "Resultaten"):
        d.add_paragraph().add_run(head).bold = True
        d.add_paragraph(f"In dit deel over {head.lower()} beschrijven we wat de scholen hebben gedaan en waarom.")
    para = d.add_paragraph()
    para.add_run("Let op").bold = True
    para.add_run(" dat dit voorlopige cijfers zijn.")
    p = read_docx(_save(d), "x.docx")
    assert p.kind == "report"
    assert [(b.kind, b.level, b.section) for b in p.blocks[:4]] == [
        ("heading", 1, ("Aanleiding",)), ("paragraph", 0, ("Aanleiding",)),
        ("heading", 1, ("Werkwijze",)), ("paragraph", 0, ("Werkwijze",))]
    assert p.blocks[-1].kind == "paragraph"      # a bold start of a sentence is not a heading


def test_bold_lines_nest_below_styled_headings():
    d = docx.Document()
    d.add_heading("2 Bevindingen", level=1)
    d.add_paragraph().add_run("Mentoren").bold = True
    d.add_paragraph("De mentoren voeren meer gesprekken dan vorig jaar.")
    d.add_paragraph().add_run("Ouders").bold = True
    d.add_paragraph("Ouders zijn beter op de hoogte.")
    p = read_docx(_save(d), "x.docx")
    assert [b.section for b in p.blocks] == [
        ("2 Bevindingen",), ("2 Bevindingen", "Mentoren"), ("2 Bevindingen", "Mentoren"),
        ("2 Bevindingen", "Ouders"), ("2 Bevindingen", "Ouders")]


def test_numbered_headings_typed_into_plain_paragraphs():
    d = docx.Document()
    d.add_paragraph("Inhoud")
    for line in ("1 Inleiding 3", "2 Knelpunten 5", "3 Aanbevelingen 8"):
        d.add_paragraph(line)            # a table of contents: a run of numbered lines
    for head, body in (("1 Inleiding", "Dit rapport beschrijft de aanpak van de scholen."),
                       ("2 Knelpunten", "Mentoren hebben te weinig tijd voor gesprekken."),
                       ("2.1 Tijd in het rooster", "Het rooster laat geen ruimte voor loopbaanlessen."),
                       ("3 Aanbevelingen", "Geef mentoren vaste uren voor loopbaangesprekken.")):
        d.add_paragraph(head)
        d.add_paragraph(body)
    for item in ("1 Meer tijd", "2 Vaste contactpersoon"):
        d.add_paragraph(item)            # a typed list at the end of a section
    d.add_paragraph("Zo blijft de aanpak overzichtelijk.")
    p = read_docx(_save(d), "x.docx")
    assert [(b.text, b.level) for b in p.blocks if b.kind == "heading"] == [
        ("1 Inleiding", 1), ("2 Knelpunten", 1), ("2.1 Tijd in het rooster", 2), ("3 Aanbevelingen", 1)]
    rooster = next(b for b in p.blocks if b.text.startswith("Het rooster"))
    assert rooster.section == ("2 Knelpunten", "2.1 Tijd in het rooster")
    assert p.blocks[-1].section == ("3 Aanbevelingen",)


def test_typed_numbers_stay_text_where_heading_styles_are_numbered():
    d = docx.Document()
    d.add_heading("1 Inleiding", level=1)
    d.add_paragraph("Dit rapport beschrijft de aanpak van de scholen.")
    d.add_paragraph("2 Nieuwe afspraken met de gemeente")
    d.add_paragraph("De gemeente betaalt de coördinator.")
    d.add_heading("3 Resultaten", level=1)
    d.add_paragraph("4 Een regel die op een kop lijkt")
    d.add_paragraph("Meer leerlingen kozen bewust.")
    p = read_docx(_save(d), "x.docx")
    assert [b.text for b in p.blocks if b.kind == "heading"] == ["1 Inleiding", "3 Resultaten"]


def test_pages_from_rendered_page_breaks():
    d = docx.Document()
    d.add_paragraph("Eerste bladzijde.")
    second = d.add_paragraph()
    second._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:lastRenderedPageBreak/><w:t>Tweede bladzijde.</w:t></w:r>'))
    d.add_paragraph("Nog steeds de tweede.")
    d.add_paragraph("Na een harde pagina-einde.").runs[0].add_break(docx.enum.text.WD_BREAK.PAGE)
    d.add_paragraph("Derde bladzijde.")
    p = read_docx(_save(d), "x.docx")
    assert [(b.text, b.page) for b in p.blocks] == [
        ("Eerste bladzijde.", 1), ("Tweede bladzijde.", 2), ("Nog steeds de tweede.", 2),
        ("Na een harde pagina-einde.", 2), ("Derde bladzijde.", 3)]
    assert p.pages == 3


def test_no_layout_information_means_no_pages():
    p = read_docx(_report(), "rapport.docx")
    assert p.pages is None and all(b.page is None for b in p.blocks)


def test_not_a_zip(tmp_path):
    with pytest.raises(ExtractionError, match=r"not a valid \.docx file \(not a ZIP archive\)"):
        read_docx(b"Dit is platte tekst met de verkeerde extensie.", "x.docx")


def test_old_doc_or_encrypted(tmp_path):
    with pytest.raises(ExtractionError, match="old binary Word"):
        read_docx(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "x.docx")


def test_zip_without_document_xml():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hallo.txt", "geen Word")
    with pytest.raises(ExtractionError, match="no word/document.xml"):
        read_docx(buf.getvalue(), "x.docx")


def test_truncated_docx(tmp_path):
    data = _report()
    bad = tmp_path / "kapot.docx"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(ExtractionError) as info:
        extract_file(bad)
    assert str(info.value).startswith(f"{bad}: corrupt .docx file")


def test_docx_passages_end_to_end():
    ex = extract_bytes(_report(), "rapport.docx")
    assert ex.document.title == "Evaluatie pilot loopbaangesprekken"
    rows = [p.text for p in ex.passages if p.kind == "table"]
    assert rows == ["School | Gesprekken", "De Brug | 42", "Het Anker | 17"]
    last = ex.passages[-1]
    assert last.section == ("2 Resultaten",) and last.text.startswith("Leerlingen waardeerden")


def test_docx_transcript_preamble_table_stays_a_table():
    d = docx.Document()
    d.add_heading("Interview coördinator (fictief)", level=1)
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "Datum", "12 mei 2022"
    t.cell(1, 0).text, t.cell(1, 1).text = "Locatie", "Online"
    for line in ["[00:00:02] Interviewer: Zullen we starten?", "[00:00:05] Coördinator: Ja, graag.",
                 "[00:00:09] Interviewer: Wat is uw rol?", "[00:00:12] Coördinator: Ik regel de stages."]:
        d.add_paragraph(line)
    p = read_docx(_save(d), "x.docx")
    assert [b.kind for b in p.blocks] == ["heading", "table", "turn", "turn", "turn", "turn"]
    assert p.blocks[1].rows == [["Datum", "12 mei 2022"], ["Locatie", "Online"]]
    assert (p.blocks[-1].speaker, p.blocks[-1].time) == ("Coördinator", 12.0)


def test_docx_transcript_as_a_table():
    d = docx.Document()
    rows = [("Spreker", "Tijd", "Tekst"), ("Interviewer", "00:00:03", "Hoe gaat het met de stages?"),
            ("Mentor", "00:00:07", "Goed, al is het aanbod in de zorg krap."), ("Interviewer", "00:00:15", "Wat doet u daaraan?"),
            ("Mentor", "00:00:19", "We benaderen zelf meer instellingen.")]
    t = d.add_table(rows=len(rows), cols=3)
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    p = read_docx(_save(d), "x.docx")
    assert p.kind == "transcript"
    assert [(b.speaker, b.time) for b in p.blocks] == [("Interviewer", 3.0), ("Mentor", 7.0), ("Interviewer", 15.0), ("Mentor", 19.0)]
    assert p.blocks[1].text == "Goed, al is het aanbod in de zorg krap."


def test_table_of_contents_entries_and_text_box_fallbacks_are_skipped():
    d = docx.Document()
    toc = d.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    d.add_paragraph("1 Inleiding\t3", style=toc)
    d.add_heading("1 Inleiding", level=1)
    para = d.add_paragraph("Zie het kader: ")
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    para._p.append(parse_xml(
        f'<w:r {nsdecls("w")} xmlns:mc="{mc}"><mc:AlternateContent><mc:Choice Requires="wps"><w:t>Kadertekst</w:t></mc:Choice>'
        f'<mc:Fallback><w:t>Kadertekst</w:t></mc:Fallback></mc:AlternateContent></w:r>'))
    p = read_docx(_save(d), "x.docx")
    assert [(b.kind, b.text) for b in p.blocks] == [("heading", "1 Inleiding"), ("paragraph", "Zie het kader: Kadertekst")]


def test_damaged_docx_bytes_always_give_an_extraction_error():
    import random

    good = _report()
    rng = random.Random(5)
    outcomes = set()
    for _ in range(60):
        data = bytearray(good)
        for _ in range(rng.randint(1, 12)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            read_docx(bytes(data), "x.docx")
            outcomes.add("read")
        except ExtractionError as err:
            assert "docx" in str(err) or "Word" in str(err)
            outcomes.add("error")
    assert "error" in outcomes
