"""PDF extraction on PDFs built at test time: the demo layouts, hand-drawn pages, bad files."""

from __future__ import annotations

import importlib.util
import io
import os
import re
import sys
from pathlib import Path

import pytest

pytest.importorskip("reportlab")
from reportlab.lib import pdfencrypt  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from miner.errors import ExtractionError  # noqa: E402
from miner.extract import extract_bytes, parse_bytes  # noqa: E402
from miner.extract.pdf import read_pdf  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "tests" / "fixtures" / "pdf_src" / "layouttest.md"


def _builder():
    if "build_pdfs" in sys.modules:
        return sys.modules["build_pdfs"]
    spec = importlib.util.spec_from_file_location("build_pdfs", ROOT / "corpora" / "demo-source" / "build_pdfs.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["build_pdfs"] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def layouts(tmp_path_factory):
    """The test report in each layout: {layout: (Parsed, truth)}."""
    b = _builder()
    tmp = tmp_path_factory.mktemp("layouts")
    text = SOURCE.read_text(encoding="utf-8")
    out = {}
    for layout in b.LAYOUTS:
        md = tmp / f"{layout}.md"
        md.write_text(re.sub(r"(?m)^layout:.*$", f"layout: {layout}", text, count=1), encoding="utf-8")
        pdf = tmp / f"{layout}.pdf"
        truth = b.build_one(md, pdf, None)
        out[layout] = (read_pdf(pdf.read_bytes(), pdf.name), truth)
    return out


def _words(text: str) -> list[str]:
    return re.findall(r"\w+(?:-\w+)*", text.lower())


@pytest.mark.parametrize("layout", ["classic", "twocolumn", "compact"])
def test_every_source_paragraph_comes_back_whole_and_in_order(layouts, layout):
    parsed, truth = layouts[layout]
    body = [b for b in parsed.blocks if b.kind != "footnote"]
    got = [(b.kind, b.text) for b in body]
    want = [(b["kind"], b["text"]) for b in truth["blocks"]]
    assert got == want


@pytest.mark.parametrize("layout", ["classic", "twocolumn", "compact"])
def test_running_header_footer_and_page_numbers_are_gone(layouts, layout):
    parsed, truth = layouts[layout]
    for b in parsed.blocks:
        assert truth["footer"] not in b.text
        assert not re.fullmatch(r"(pagina )?\d+", b.text.strip())
        if b.text != truth["title"]:
            assert truth["header"] not in b.text


@pytest.mark.parametrize("layout", ["classic", "twocolumn", "compact"])
def test_footnotes_are_blocks_of_their_own_on_their_page(layouts, layout):
    parsed, truth = layouts[layout]
    notes = [(b.text, b.page) for b in parsed.blocks if b.kind == "footnote"]
    assert notes == [(n["text"], n["page"]) for n in truth["footnotes"]]
    body = " ".join(b.text for b in parsed.blocks if b.kind != "footnote")
    # The superscript reference numbers are gone from the words they were attached to.
    assert "het curriculum." in body and not re.search(r"curriculum\.?\d", body)
    assert "studenten." in body and not re.search(r"studenten\.\d", body)
    assert "digitaal portfolio" not in body


@pytest.mark.parametrize("layout", ["classic", "twocolumn", "compact"])
def test_table_is_a_table_not_words_in_the_body(layouts, layout):
    parsed, truth = layouts[layout]
    tables = [b for b in parsed.blocks if b.kind == "table"]
    want = [b for b in truth["blocks"] if b["kind"] == "table"]
    assert [t.rows for t in tables] == [w["rows"] for w in want]
    assert tables[0].text.splitlines()[1] == "vmbo | 48% | 61% | 72%"
    paragraphs = " ".join(b.text for b in parsed.blocks if b.kind == "paragraph")
    assert "48%" not in paragraphs


def test_headings_give_every_block_its_section_path(layouts):
    parsed, _ = layouts["twocolumn"]
    by_text = {b.text: b for b in parsed.blocks}
    h = by_text["2.1 Bereik van de activiteiten"]
    assert (h.kind, h.level, h.section) == ("heading", 2, ("2 Resultaten", "2.1 Bereik van de activiteiten"))
    para = next(b for b in parsed.blocks if b.text.startswith("Het bereik van de loopbaanactiviteiten"))
    assert para.section == ("2 Resultaten", "2.1 Bereik van de activiteiten")
    conclusion = next(b for b in parsed.blocks if b.text.startswith("Het programma heeft de aandacht voor loopbaanoriëntatie op"))
    assert conclusion.section == ("3 Conclusies en aanbevelingen",)
    assert parsed.title == "Evaluatie loopbaanbegeleiding Regio Zeedijk"
    # An unnumbered chapter set like the numbered ones is a level-1 heading too.
    summary = by_text["Samenvatting"]
    assert (summary.level, summary.section) == (1, ("Samenvatting",))
    assert by_text["1 Inleiding"].section == ("1 Inleiding",)
    items = [b.text for b in parsed.blocks if b.kind == "list_item"]
    assert len(items) == 3 and items[0].startswith("Documentanalyse van jaarplannen")


def test_hyphenation_is_rejoined_with_dutch_rules(layouts):
    for layout, (parsed, truth) in layouts.items():
        want = set(_words(" ".join(b["text"] for b in truth["blocks"])))
        got = _words(" ".join(b.text for b in parsed.blocks if b.kind != "footnote"))
        assert [w for w in got if w not in want] == [], layout
    text = " ".join(b.text for b in layouts["classic"][0].blocks)
    assert "vo- en mbo-scholen" in text and "LOB-activiteiten" in text


# ------------------------------------------------------------------ hand-drawn pages


def _page_decor(c, page: int) -> None:
    c.setFont("Helvetica", 8)
    c.drawString(72, 800, "Rapport Kompasnaald 2024 - loopbaanbegeleiding")
    c.drawString(72, 40, "Bureau Zeedijk")
    c.drawRightString(523, 40, str(page))


def _drawn_pdf(pages: list[list[str]], **kw) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, **kw)
    for i, lines in enumerate(pages, 1):
        c.setFont("Times-Roman", 11)
        y = 760
        for line in lines:
            if line:
                c.drawString(72, y, line)
            y -= 14
        # Drawn after the body, as many generators do: pdfium then reads the page-final
        # "loopbaan-" straight into the footer unless the footer band is cut by position.
        _page_decor(c, i)
        c.showPage()
    c.save()
    return buf.getvalue()


def test_page_final_hyphenated_word_is_not_glued_to_the_footer():
    filler = "Dit is een regel tekst in het rapport over de school."
    page1 = [filler] * 45 + ["De scholen werken aan betere loopbaan-"]
    page2 = ["begeleiding van hun leerlingen in de bovenbouw."] + [filler] * 10
    parsed = read_pdf(_drawn_pdf([page1, page2, [filler] * 5]), "glued.pdf")
    text = "\n".join(b.text for b in parsed.blocks)
    assert "betere loopbaanbegeleiding van hun leerlingen" in text
    assert "Bureau Zeedijk" not in text and "Rapport Kompasnaald" not in text
    assert not re.search(r"\b[23]\b", text)


def test_superscript_marker_is_lifted_off_the_word():
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    t = c.beginText(72, 700)
    t.setFont("Times-Roman", 11)
    t.textOut("Zij werkten aan het curriculum")
    t.setFont("Times-Roman", 7)
    t.setRise(4)
    t.textOut("10")
    t.setRise(0)
    t.setFont("Times-Roman", 11)
    t.textLine(" en aan de begeleiding van leerlingen.")
    c.drawText(t)
    c.setFont("Times-Roman", 8)
    c.drawString(72, 120, "10 Zie het jaarverslag van de school.")
    c.showPage()
    c.save()
    parsed = read_pdf(buf.getvalue(), "sup.pdf")
    body = [b.text for b in parsed.blocks if b.kind != "footnote"]
    assert body == ["Zij werkten aan het curriculum en aan de begeleiding van leerlingen."]
    assert [b.text for b in parsed.blocks if b.kind == "footnote"] == ["Zie het jaarverslag van de school."]


def test_table_with_horizontal_rules_only_is_read_with_pdfplumber():
    from reportlab.lib import colors
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, invariant=1)
    st = getSampleStyleSheet()["Normal"]
    rows = [["Schooltype", "Deelname", "Tevredenheid"], ["vmbo", "72%", "7,4"], ["havo", "66%", "7,1"], ["mbo", "63%", "6,9"]]
    table = Table(rows, colWidths=[150, 100, 100])
    table.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, 0), 1, colors.black),
                               ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                               ("LINEBELOW", (0, -1), (-1, -1), 1, colors.black)]))
    doc.build([Paragraph("De deelname per schooltype staat hieronder.", st), Spacer(1, 10), table,
               Spacer(1, 10), Paragraph("Na de tabel volgt nog een zin over de resultaten.", st)])
    parsed = read_pdf(buf.getvalue(), "booktabs.pdf")
    assert [b.kind for b in parsed.blocks] == ["paragraph", "table", "paragraph"]
    assert parsed.blocks[1].rows == rows


def test_a_footnote_carried_over_to_the_next_page_stays_out_of_the_body():
    body = "Dit is een regel tekst in het rapport over de loopbaanbegeleiding."
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    for page, notes in ((1, ["1 Een lange noot over de opzet van het onderzoek die doorloopt"]),
                        (2, ["naar de volgende pagina, zoals dat in rapporten gebeurt.", "2 Een tweede noot."])):
        c.setFont("Times-Roman", 11)
        for i in range(30):
            c.drawString(72, 760 - 14 * i, body)
        c.setFont("Times-Roman", 8)
        for i, note in enumerate(notes):
            c.drawString(72, 120 - 10 * i, note)
        c.drawString(72, 40, f"Rapport Zeedijk, pagina {page}")
        c.showPage()
    c.save()
    parsed = read_pdf(buf.getvalue(), "notes.pdf")
    notes = [(b.page, b.text) for b in parsed.blocks if b.kind == "footnote"]
    assert notes == [(1, "Een lange noot over de opzet van het onderzoek die doorloopt"),
                     (2, "naar de volgende pagina, zoals dat in rapporten gebeurt."),
                     (2, "Een tweede noot.")]
    assert all("noot" not in b.text for b in parsed.blocks if b.kind != "footnote")


def test_scanned_pages_are_named_in_a_warning():
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.drawString(72, 700, "Een pagina met een echte tekstlaag over loopbaanoriëntatie.")
    c.showPage()
    for _ in range(2):
        c.drawImage(ImageReader(Image.new("RGB", (300, 400), "white")), 72, 200, 300, 400)
        c.showPage()
    c.save()
    parsed = read_pdf(buf.getvalue(), "scan.pdf")
    assert parsed.pages == 3
    assert parsed.warnings == ["no text layer on pages 2, 3 (scanned?)"]


def test_a_fully_scanned_pdf_is_an_error_naming_the_file():
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.drawImage(ImageReader(Image.new("RGB", (300, 400), "white")), 72, 200, 300, 400)
    c.showPage()
    c.save()
    with pytest.raises(ExtractionError, match=r"scan\.pdf: no text found \(no text layer on page 1 \(scanned\?\)\)"):
        parse_bytes(buf.getvalue(), "scan.pdf")


def test_encrypted_pdf_needs_its_password_unless_it_is_empty():
    lines = [["Vertrouwelijk verslag over de loopbaanbegeleiding van leerlingen."] * 3]
    locked = _drawn_pdf(lines, encrypt=pdfencrypt.StandardEncryption("geheim", ownerPassword="baas"))
    with pytest.raises(ExtractionError, match=r"^locked\.pdf: encrypted PDF: password required$"):
        parse_bytes(locked, "locked.pdf")
    open_ = _drawn_pdf(lines, encrypt=pdfencrypt.StandardEncryption("", ownerPassword="baas"))
    _, parsed = parse_bytes(open_, "open.pdf")
    assert "Vertrouwelijk verslag" in parsed.blocks[0].text


@pytest.mark.parametrize(
    "data, problem",
    [
        (os.urandom(4096), "not a PDF file"),
        (b"%PDF-1.7\n" + os.urandom(4096), "corrupt or truncated PDF"),
    ],
)
def test_junk_named_pdf_is_a_clear_error(data, problem):
    with pytest.raises(ExtractionError, match=rf"^junk\.pdf: {problem}"):
        parse_bytes(data, "junk.pdf")


def test_truncated_pdf_is_an_error_or_a_partial_read():
    data = _drawn_pdf([["Een regel tekst over de school."] * 20] * 3)
    with pytest.raises(ExtractionError, match=r"^cut\.pdf: corrupt or truncated PDF"):
        parse_bytes(data[: len(data) // 3], "cut.pdf")


def test_extract_bytes_gives_passages_with_page_and_section(layouts, tmp_path):
    b = _builder()
    pdf = tmp_path / "rapport.pdf"
    b.build_one(SOURCE, pdf, None)
    ex = extract_bytes(pdf.read_bytes(), str(pdf))
    assert ex.document.kind == "report" and ex.document.pages == 2
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf.read_bytes())
    page_of = {}
    for i, page in enumerate(doc, 1):
        text = page.get_textpage().get_text_range()
        for probe in ("Decanen noemen", "digitaal portfolio"):
            if probe in text:
                page_of.setdefault(probe, i)
    p = next(p for p in ex.passages if p.text.startswith("Decanen noemen de beschikbare tijd"))
    assert p.page == page_of["Decanen noemen"]
    assert p.section == ("2 Resultaten", "2.1 Bereik van de activiteiten") and p.kind == "paragraph"
    note = next(p for p in ex.passages if p.kind == "footnote" and "digitaal portfolio" in p.text)
    assert note.page == page_of["digitaal portfolio"]


# ------------------------------------------------------------------ headings in body type


@pytest.mark.parametrize("layout", ["classic", "compact"])
def test_numbered_headings_set_in_body_type_are_headings(tmp_path, layout):
    """Word-processed reports often set "2.1 Bereik ..." in the body font: the numbering finds them."""
    b = _builder()
    text = SOURCE.read_text(encoding="utf-8")
    md = tmp_path / "plain.md"
    md.write_text(re.sub(r"(?m)^layout:.*$", f"layout: {layout}\nheadings: plain", text, count=1), encoding="utf-8")
    pdf = tmp_path / "plain.pdf"
    truth = b.build_one(md, pdf, None)
    parsed = read_pdf(pdf.read_bytes(), pdf.name)
    got = {(h.text, h.level) for h in parsed.blocks if h.kind == "heading"}
    numbered = [t for t in truth["headings"] if re.match(r"\d", t)]
    assert {(t, t.split()[0].count(".") + 1) for t in numbered} <= got
    para = next(p for p in parsed.blocks if p.text.startswith("Het bereik van de loopbaanactiviteiten"))
    assert para.kind == "paragraph" and para.section == ("2 Resultaten", "2.1 Bereik van de activiteiten")


def _plain_pdf(lines: list[tuple[str, str]]) -> bytes:
    """One page; each line (font, text) on its own line, "" a blank line, all at 11 pt."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    y = 780
    for font, line in lines:
        if line:
            c.setFont(font, 11)
            c.drawString(72, y, line)
        y -= 14
    c.showPage()
    c.save()
    return buf.getvalue()


_FILL = ("De scholen werkten in dit jaar samen aan een gedeelde aanpak voor loopbaanbegeleiding van",
         "hun leerlingen, met vaste momenten voor gesprekken en een gezamenlijk portfolio.")


def test_unnumbered_body_type_titles_of_a_letter_are_headings():
    r = "Times-Roman"
    lines = [(r, "Aanleiding"), (r, _FILL[0]), (r, _FILL[1]), (r, ""),
             (r, "Wat nog niet goed gaat"), (r, _FILL[0]), (r, _FILL[1]), (r, ""),
             (r, "Maatregelen"), (r, _FILL[0]), (r, _FILL[1])]
    parsed = read_pdf(_plain_pdf(lines), "brief.pdf")
    assert [h.text for h in parsed.blocks if h.kind == "heading"] == ["Aanleiding", "Wat nog niet goed gaat",
                                                                      "Maatregelen"]
    last = parsed.blocks[-1]
    assert last.kind == "paragraph" and last.section == ("Maatregelen",)


def test_numbered_body_lines_that_are_a_list_or_contents_stay_text():
    r = "Times-Roman"
    lines = [(r, "Inhoud"), (r, "1 Inleiding 3"), (r, "2 Resultaten 5"), (r, "3 Aanbevelingen 9"), (r, ""),
             (r, _FILL[0]), (r, _FILL[1]), (r, ""),
             (r, "1 Meer tijd voor mentoren"), (r, "2 Een vaste contactpersoon per school"),
             (r, "3 Afspraken met werkgevers"), (r, ""), (r, _FILL[0]), (r, _FILL[1])]
    parsed = read_pdf(_plain_pdf(lines), "lijst.pdf")
    assert [h.text for h in parsed.blocks if h.kind == "heading"] == []


def test_a_numbered_body_line_stays_text_where_the_headings_are_styled():
    r, bold = "Times-Roman", "Times-Bold"
    lines = [(bold, "1 Inleiding"), (r, _FILL[0]), (r, _FILL[1]), (r, ""),
             (r, "2 Nieuwe afspraken met de gemeente"), (r, _FILL[0]), (r, _FILL[1]), (r, ""),
             (bold, "3 Resultaten"), (r, _FILL[0]), (r, _FILL[1]), (r, ""),
             (r, "4 Een tweede regel die op een kop lijkt"), (r, _FILL[0]), (r, _FILL[1])]
    parsed = read_pdf(_plain_pdf(lines), "gemengd.pdf")
    assert [h.text for h in parsed.blocks if h.kind == "heading"] == ["1 Inleiding", "3 Resultaten"]


# ------------------------------------------------------------------ the build script


def test_build_is_deterministic_and_checks_its_source(tmp_path):
    b = _builder()
    one, two = tmp_path / "a.pdf", tmp_path / "b.pdf"
    b.build_one(SOURCE, one, None)
    b.build_one(SOURCE, two, None)
    assert one.read_bytes() == two.read_bytes()
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: X\nlayout: poster\n---\n\nTekst.\n", encoding="utf-8")
    with pytest.raises(ValueError, match="layout must be one of"):
        b.build_one(bad, tmp_path / "bad.pdf", None)
    bad.write_text("---\ntitle: X\nlayout: classic\n---\n\nTekst[^9].\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"footnote \[\^9\] is referenced but not defined"):
        b.build_one(bad, tmp_path / "bad.pdf", None)


def _hand_written_pdf(objects: list[bytes]) -> bytes:
    """A PDF from numbered object bodies (1 = catalog), with a correct cross-reference table."""
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_a_page_pdfium_cannot_load_is_named_and_the_others_are_read():
    def page(contents: int) -> bytes:
        return (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
                b" /Resources << /Font << /F1 3 0 R >> >> >>" % contents)

    def stream(text: str) -> bytes:
        content = f"BT /F1 12 Tf 72 700 Td ({text}) Tj ET".encode()
        return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"

    data = _hand_written_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R 8 0 R 5 0 R] /Count 3 >>",   # the second kid is no page
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        page(6),
        page(7),
        stream("Op de eerste pagina staat de opzet van het onderzoek."),
        stream("Op de derde pagina staan de conclusies over de begeleiding."),
        b"42",
    ])
    parsed = read_pdf(data, "damaged.pdf")
    assert parsed.pages == 3
    assert parsed.warnings == ["could not read page 2 (damaged?)"]
    assert [(b.page, b.text) for b in parsed.blocks] == [
        (1, "Op de eerste pagina staat de opzet van het onderzoek."),
        (3, "Op de derde pagina staan de conclusies over de begeleiding.")]


def test_rare_page_reader_paths_cut_where_the_text_does():
    """Paths the demo reports never take: a pdfium run over two visual lines (cut by measuring
    its characters) and gaps looked up by position; both call pdfium without argument checks."""
    import ctypes

    import pypdfium2

    from miner.extract import pdf_page

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont("Times-Roman", 11)
    for i in range(4):
        c.drawString(72, 700 - 14 * i, f"Linker kolom regel {i}")
        c.drawString(330, 700 - 14 * i, f"Rechter kolom regel {i}")
    c.showPage()
    c.save()
    doc = pypdfium2.PdfDocument(buf.getvalue())
    page = doc[0]
    textpage = page.get_textpage()
    try:
        raw, handle = textpage.raw, ctypes.cast(textpage.raw, ctypes.c_void_p)
        n, height = textpage.count_chars(), page.get_height()
        text = pdf_page._text_range(raw, 0, n)
        assert text == textpage.get_text_range(0, n)
        # pdfium reads each row as one run; the gutter is a gap on every row.
        gaps = pdf_page._page_gaps(handle, pypdfium2.raw.FPDFText_CountRects(raw, 0, n), n)
        assert len(gaps) == 4 and all(left < 200 < 320 < right for _, left, right in gaps)
        firsts = [i for i, _ in pdf_page._gaps_by_index(handle, gaps, height)]
        assert [text[i:i + 21] for i in firsts] == [f"Rechter kolom regel {i}" for i in range(4)]
        row0 = text.index("\r")
        assert pdf_page._first_right_of(handle, text, 0, row0, gaps[-1]) == firsts[0]
        # Two rows handed over as one run come back as two spans, the second one line lower.
        spans: list = []
        pdf_page._split_run(spans, text, 0, text.index("\r", row0 + 2), handle, height, [], [])
        assert [s[pdf_page._TEXT] for s in spans] == ["Linker kolom regel 0 Rechter kolom regel 0",
                                                      "Linker kolom regel 1 Rechter kolom regel 1"]
        assert 13 < spans[1][pdf_page._TOP] - spans[0][pdf_page._TOP] < 15
    finally:
        textpage.close()
        page.close()
        doc.close()
    # Read whole, the rows are cut at the gap into pieces that lose no character.
    blocks = read_pdf(buf.getvalue(), "rows.pdf").blocks
    assert [b.text for b in blocks] == [" ".join(f"Linker kolom regel {i} Rechter kolom regel {i}" for i in range(4))]
