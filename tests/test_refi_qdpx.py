"""REFI-QDA projects (.qdpx): export of a coded run, import of a human coding, round trip."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from miner.cli import main
from miner.refi import export_qdpx, import_qdpx
from miner.refi.qdpx_export import miner_user_name, normalise_newlines
from miner.results import load_results
from test_refi_support import CODED, build_run, shared_file, shared_schema, small_codebook

NS = {"q": "urn:QDA-XML:project:1.0"}


def _project(path: Path) -> tuple[etree._Element, zipfile.ZipFile]:
    zf = zipfile.ZipFile(path)
    return etree.fromstring(zf.read("project.qde")), zf


def _csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture()
def run(tmp_path):
    cb = small_codebook()
    exs = build_run(tmp_path / "run", cb)
    return tmp_path / "run", cb, exs


def test_export_writes_texts_and_code_point_selections(run, tmp_path):
    folder, cb, exs = run
    s = export_qdpx(folder, tmp_path / "out.qdpx", cb)
    assert (s.documents, s.selections, s.codings, s.problems) == (2, 6, 7, [])
    root, zf = _project(tmp_path / "out.qdpx")
    names = zf.namelist()
    assert names[0] == "project.qde" and all(n.startswith("sources/") for n in names[1:])
    codes = {c.get("guid"): c for c in root.iter("{urn:QDA-XML:project:1.0}Code")}
    n_checked = 0
    for src in root.findall("q:Sources/q:TextSource", NS):
        member = "sources/" + src.get("plainTextPath").removeprefix("internal://")
        text = zf.read(member).decode("utf-8")
        ex = exs[Path(src.get("name")).stem]
        assert text == ex.document.text
        by_span = {(p.start, p.end): p for p in ex.passages}
        for sel in src.findall("q:PlainTextSelection", NS):
            s_, e_ = int(sel.get("startPosition")), int(sel.get("endPosition"))
            # positions are code points, end exclusive: the slice is exactly the passage
            assert text[s_:e_] == by_span[(s_, e_)].text
            n_checked += 1
            for coding in sel.findall("q:Coding", NS):
                assert coding.find("q:CodeRef", NS).get("targetGUID") in codes
    assert n_checked == 6
    # the passage after the emoji: a UTF-16 or byte count would be off by 1 or 3
    alfa = exs["rapport-alfa"].document.text
    emoji_at = alfa.index("\U0001F600")
    later = [p for p in exs["rapport-alfa"].passages if p.start > emoji_at]
    assert later and alfa[later[0].start:later[0].end].startswith("Het overleg")


def test_export_codes_users_cases_and_sets(run, tmp_path):
    folder, cb, _ = run
    export_qdpx(folder, tmp_path / "out.qdpx", cb)
    root, _ = _project(tmp_path / "out.qdpx")
    users = [u.get("name") for u in root.findall("q:Users/q:User", NS)]
    assert users == [miner_user_name(cb.hash())] and users[0] == f"miner 0.1.0 codebook {cb.hash()}"
    # themes hold their types
    theme = root.find(".//q:Code[@name='Ouderbetrokkenheid']", NS)
    assert [c.get("name") for c in theme.findall("q:Code", NS)] == [
        "Ouderbetrokkenheid: Succesfactor", "Ouderbetrokkenheid: Belemmering", "Ouderbetrokkenheid: Aanbeveling"]
    assert theme.find("q:Code", NS).get("color") == "#2E7D32"
    assert root.find(".//q:Code[@name='Organisatie']", NS).get("isCodable") == "false"
    # one set per type, across themes
    sets = {s.get("name"): len(s.findall("q:MemberCode", NS)) for s in root.findall("q:Sets/q:Set", NS)}
    assert sets == {"Succesfactor": 4, "Belemmering": 4, "Aanbeveling": 4}
    # metadata as variables on one case per document
    variables = {v.get("name"): v.get("typeOfVariable") for v in root.findall("q:Variables/q:Variable", NS)}
    assert variables["year"] == "Integer" and variables["organisation"] == "Text"
    cases = root.findall("q:Cases/q:Case", NS)
    assert len(cases) == 2
    vguid = {v.get("guid"): v.get("name") for v in root.findall("q:Variables/q:Variable", NS)}
    alfa = next(c for c in cases if c.get("name") == "Rapport Alfa")
    values = {vguid[vv.find("q:VariableRef", NS).get("targetGUID")]: vv[1].text
              for vv in alfa.findall("q:VariableValue", NS)}
    assert values["year"] == "2021" and values["organisation"] == "Stichting Voorbeeld" and values["sector"] == "vo"
    src_guids = {s.get("guid") for s in root.find("q:Sources", NS)}
    assert alfa.find("q:SourceRef", NS).get("targetGUID") in src_guids


def test_export_is_reproducible(run, tmp_path):
    folder, cb, _ = run
    export_qdpx(folder, tmp_path / "a.qdpx", cb)
    export_qdpx(folder, tmp_path / "b.qdpx", cb)
    assert (tmp_path / "a.qdpx").read_bytes() == (tmp_path / "b.qdpx").read_bytes()


@pytest.mark.shared
def test_export_valid_against_shared_project_schema(run, tmp_path):
    schema = shared_schema("Project.xsd")
    folder, cb, _ = run
    export_qdpx(folder, tmp_path / "out.qdpx", cb)
    schema.validate(zipfile.ZipFile(tmp_path / "out.qdpx").read("project.qde").decode("utf-8"))
    # without a codebook (and codes no shipped codebook has): codes named by id, still valid
    build_run(tmp_path / "bare", None, coded=[("rapport-alfa", 1, "success", "werkdruk", "miner"),
                                            ("rapport-alfa", 2, "", "werkdruk", "Anna"),
                                            ("rapport-alfa", 3, "barrier", "", "miner")])
    s = export_qdpx(tmp_path / "bare", tmp_path / "bare.qdpx")
    assert s.codings == 3 and s.problems == []
    root, zf = _project(tmp_path / "bare.qdpx")
    schema.validate(zf.read("project.qde").decode("utf-8"))
    names = sorted(c.get("name") for c in root.iter("{urn:QDA-XML:project:1.0}Code"))
    assert names == ["(geen thema)", "(geen thema): barrier", "(geen thema): success", "werkdruk", "werkdruk: barrier",
                     "werkdruk: success"]
    users = sorted(u.get("name") for u in root.findall("q:Users/q:User", NS))
    assert users == ["Anna", "miner 0.1.0 codebook unknown"]


@pytest.mark.shared
def test_export_keeps_original_pdf_with_text_representation_valid_against_shared_schema(tmp_path):
    schema = shared_schema("Project.xsd")
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "rapport-alfa.pdf"
    c = canvas.Canvas(str(pdf))
    c.drawString(72, 720, "Fictief rapport")
    c.save()
    cb = small_codebook()
    build_run(tmp_path / "run", cb, pdf=pdf)
    s = export_qdpx(tmp_path / "run", tmp_path / "out.qdpx", cb)
    assert s.pdfs == 1
    root, zf = _project(tmp_path / "out.qdpx")
    schema.validate(zf.read("project.qde").decode("utf-8"))
    src = root.find("q:Sources/q:PDFSource", NS)
    assert zf.read("sources/" + src.get("path").removeprefix("internal://")) == pdf.read_bytes()
    rep = src.find("q:Representation", NS)
    text = zf.read("sources/" + rep.get("plainTextPath").removeprefix("internal://")).decode()
    sels = rep.findall("q:PlainTextSelection", NS)
    assert len(sels) == 4
    assert text[int(sels[0].get("startPosition")):int(sels[0].get("endPosition"))].startswith("De school")
    # and back: the PDF's text representation carries the document and its codings
    imp = import_qdpx(tmp_path / "out.qdpx", tmp_path / "imp", cb)
    assert imp.documents == 2 and imp.spans == len(CODED)
    docs = {d["id"]: d for d in _csv(tmp_path / "imp" / "documents.csv")}
    assert docs["rapport-alfa"]["format"] == "pdf"
    assert load_results(tmp_path / "imp").document_text("rapport-alfa") == text
    # the PDF moved away: plain text only, still exported
    pdf.rename(tmp_path / "elsewhere.pdf")
    s = export_qdpx(tmp_path / "run", tmp_path / "out2.qdpx", cb)
    assert s.pdfs == 0 and s.documents == 2
    assert export_qdpx(tmp_path / "run", tmp_path / "out3.qdpx", cb, include_pdf=False).pdfs == 0


def test_export_reports_codings_outside_the_text(tmp_path):
    cb = small_codebook()
    build_run(tmp_path / "run", cb)
    rows = _csv(tmp_path / "run" / "codings.csv")
    rows[0]["start"], rows[0]["end"] = "10", "100000"
    with open(tmp_path / "run" / "codings.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    s = export_qdpx(tmp_path / "run", tmp_path / "out.qdpx", cb)
    assert len(s.problems) == 1 and "outside the text" in str(s.problems[0])
    assert s.selections == 5


def test_normalise_newlines_maps_offsets():
    text = "ab\r\ncd\ref\r\n"
    norm, mapping = normalise_newlines(text)
    assert norm == "ab\ncd\nef\n"
    assert norm[mapping[4]:mapping[6]] == text[4:6] == "cd"
    assert mapping[len(text)] == len(norm)
    assert normalise_newlines("x\ny") == ("x\ny", None)


def test_round_trip_export_import_gives_same_documents_codes_and_positions(run, tmp_path):
    folder, cb, exs = run
    export_qdpx(folder, tmp_path / "out.qdpx", cb)
    s = import_qdpx(tmp_path / "out.qdpx", tmp_path / "imp", cb)
    assert s.documents == 2 and s.spans == 7 and s.users == [miner_user_name(cb.hash())]
    res = load_results(tmp_path / "imp")
    for doc_id, ex in exs.items():
        assert res.document_text(doc_id) == ex.document.text
    # documents keep their metadata and kind
    docs = {d["id"]: d for d in _csv(tmp_path / "imp" / "documents.csv")}
    assert docs["rapport-alfa"]["year"] == "2021" and docs["interview-bravo"]["kind"] == "transcript"
    # the exact coded spans and their codes
    want = {(d, exs[d].passages[i].start, exs[d].passages[i].end, t, h) for d, i, t, h, _ in CODED}
    spans = _csv(tmp_path / "imp" / "spans.csv")
    assert {(r["document"], int(r["start"]), int(r["end"]), r["type"], r["theme"]) for r in spans} == want
    for r in spans:
        assert r["text"] == exs[r["document"]].document.text[int(r["start"]):int(r["end"])]
    # one codings row per passage x (type, theme), on passages at the same positions
    rows = _csv(tmp_path / "imp" / "codings.csv")
    assert {(r["document"], int(r["start"]), int(r["end"]), r["type"], r["theme"]) for r in rows} == want
    assert {r["method"] for r in rows} == {"human"}
    # the project's code tree comes back as the codebook it was made from
    assert [c.id for c in s.codebook.types] == cb.type_ids()
    assert [c.id for c in s.codebook.themes] == [c.id for c in cb.themes]


def test_round_trip_without_a_codebook_uses_miner_markers(run, tmp_path):
    folder, cb, _ = run
    export_qdpx(folder, tmp_path / "out.qdpx", cb)
    import_qdpx(tmp_path / "out.qdpx", tmp_path / "imp")
    rows = _csv(tmp_path / "imp" / "codings.csv")
    assert {(r["type"], r["theme"]) for r in rows} == {(t, h) for _, _, t, h, _ in CODED}


def _human_project(tmp_path: Path, text: str, selections: str, codes: str | None = None) -> Path:
    """A project as a QDA tool might write it: braced upper-case GUIDs, two coders, CRLF text."""
    codes = codes or """
      <Code guid="{AAAAAAAA-0000-4000-8000-000000000001}" name="Typen" isCodable="false">
        <Code guid="{AAAAAAAA-0000-4000-8000-000000000002}" name="Belemmering" isCodable="true"/>
        <Code guid="{AAAAAAAA-0000-4000-8000-000000000003}" name="Succesfactor" isCodable="true"/>
      </Code>
      <Code guid="{AAAAAAAA-0000-4000-8000-000000000004}" name="Thema's" isCodable="false">
        <Code guid="{AAAAAAAA-0000-4000-8000-000000000005}" name="Ouderbetrokkenheid" isCodable="true"/>
        <Code guid="{AAAAAAAA-0000-4000-8000-000000000006}" name="Werkdruk" isCodable="true"/>
      </Code>
      <Code guid="{AAAAAAAA-0000-4000-8000-000000000007}" name="Citaat" isCodable="true"/>"""
    xml = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="gold" origin="SomeQDA 3">
  <Users>
    <User guid="{{BBBBBBBB-0000-4000-8000-000000000001}}" name="Anna"/>
    <User guid="bbbbbbbb-0000-4000-8000-000000000002" name="Bart"/>
  </Users>
  <CodeBook><Codes>{codes}</Codes></CodeBook>
  <Variables><Variable guid="CCCCCCCC-0000-4000-8000-000000000001" name="Jaar" typeOfVariable="Integer"/></Variables>
  <Sources>
    <TextSource guid="DDDDDDDD-0000-4000-8000-000000000001" name="Interview school X.docx"
                plainTextPath="internal://DDDDDDDD-0000-4000-8000-000000000001.txt">
      {selections}
      <VariableValue><VariableRef targetGUID="{{CCCCCCCC-0000-4000-8000-000000000001}}"/><IntegerValue>2023</IntegerValue></VariableValue>
    </TextSource>
  </Sources>
</Project>"""
    path = tmp_path / "gold.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", xml)
        zf.writestr("Sources/DDDDDDDD-0000-4000-8000-000000000001.txt", b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


TEXT = "Vraag: hoe gaat het?\r\nDe ouders komen zelden naar de avonden. Er is te weinig tijd.\r\n\r\nDe mentoren zijn enthousiast.\r\n"


def _sel(text: str, phrase: str, code: str, user: str = "{BBBBBBBB-0000-4000-8000-000000000001}", n: int = 1) -> str:
    start = text.index(phrase)
    return (f'<PlainTextSelection guid="EEEEEEEE-0000-4000-8000-00000000000{n}" name="s{n}" startPosition="{start}" '
            f'endPosition="{start + len(phrase)}" creatingUser="{user}"><Coding guid="FFFFFFFF-0000-4000-8000-00000000000{n}">'
            f'<CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>')


def test_import_human_project_maps_type_and_theme_codes_and_crlf_positions(tmp_path):
    sels = "".join([
        _sel(TEXT, "ouders komen zelden", "{AAAAAAAA-0000-4000-8000-000000000005}", n=1),
        _sel(TEXT, "De ouders komen zelden naar de avonden.", "aaaaaaaa-0000-4000-8000-000000000002", n=2),
        _sel(TEXT, "te weinig tijd", "{AAAAAAAA-0000-4000-8000-000000000006}",
             user="BBBBBBBB-0000-4000-8000-000000000002", n=3),
        _sel(TEXT, "mentoren zijn enthousiast", "{AAAAAAAA-0000-4000-8000-000000000007}", n=4),
        # across a sentence boundary: both sentences get the code
        _sel(TEXT, "avonden. Er", "{AAAAAAAA-0000-4000-8000-000000000005}",
             user="BBBBBBBB-0000-4000-8000-000000000002", n=5),
    ])
    path = _human_project(tmp_path, TEXT, sels)
    s = import_qdpx(path, tmp_path / "imp", small_codebook())
    assert s.documents == 1 and s.spans == 5 and s.users == ["Anna", "Bart"]
    res = load_results(tmp_path / "imp")
    doc_id = res.documents.iloc[0]["id"]
    assert doc_id == "interview-school-x"
    assert res.documents.iloc[0]["jaar"] == "2023"
    text = res.document_text(doc_id)
    assert "\r" not in text and text == TEXT.replace("\r\n", "\n")
    spans = _csv(tmp_path / "imp" / "spans.csv")
    # positions counted on the CRLF text land on the same words in the LF text
    assert [r["text"] for r in spans] == ["De ouders komen zelden naar de avonden.", "ouders komen zelden",
                                          "avonden. Er", "te weinig tijd", "mentoren zijn enthousiast"]
    assert {r["code_path"] for r in spans} >= {"Thema's > Ouderbetrokkenheid", "Typen > Belemmering"}
    rows = _csv(tmp_path / "imp" / "codings.csv")
    got = {(r["text"], r["type"], r["theme"], r["coder"]) for r in rows}
    assert got == {
        # Anna's type code and theme code on one sentence combine; "Ouderbetrokkenheid" is a codebook label
        ("De ouders komen zelden naar de avonden.", "barrier", "parents", "Anna"),
        # Bart's theme is not in the codebook: its own slug, no type
        ("Er is te weinig tijd.", "", "werkdruk", "Bart"),
        ("De ouders komen zelden naar de avonden.", "", "parents", "Bart"),
        ("Er is te weinig tijd.", "", "parents", "Bart"),
        ("De mentoren zijn enthousiast.", "", "citaat", "Anna"),
    }


def test_import_codings_csv_loads_as_evaluation_gold(tmp_path):
    gold_mod = pytest.importorskip("miner.evaluation.gold")
    sels = "".join([
        _sel(TEXT, "ouders komen zelden", "{AAAAAAAA-0000-4000-8000-000000000005}", n=1),
        _sel(TEXT, "De ouders komen", "aaaaaaaa-0000-4000-8000-000000000002", n=2),
    ])
    import_qdpx(_human_project(tmp_path, TEXT, sels), tmp_path / "imp", small_codebook())
    gold = gold_mod.load_codings_gold(tmp_path / "imp" / "codings.csv")
    assert [(u.type, u.themes) for u in gold.units] == [("barrier", ("parents",))]


@pytest.mark.shared
def test_import_shared_nvivo_sample(tmp_path):
    path = shared_file("nvivo-sample.qdpx")
    s = import_qdpx(path, tmp_path / "imp")
    # NVivo wrote both sources' plain text as a lone newline (the text is in the .docx): no documents
    assert s.documents == 0 and s.spans == 0
    assert sum("plain text is empty" in n for n in s.notes) == 2
    cb = s.codebook
    assert len(cb.themes) == 262 and cb.types == []
    ids = [c.id for c in cb.themes]
    assert len(set(ids)) == len(ids)
    # names repeat across branches: each gets its own id and keeps its own parent
    progs = [c for c in cb.themes if c.label["nl"] == "programming"]
    assert [(c.id, c.parent) for c in progs] == [("programming", "competencies"), ("programming_2", "cs_as_programming")]
    codebook_io = pytest.importorskip("miner.codebook_io")
    again = codebook_io.load_codebook(tmp_path / "imp" / "codebook.yaml")
    assert len(again.themes) == 262


@pytest.mark.shared
def test_import_shared_atlas_sample(tmp_path):
    path = shared_file("atlas-sample.qdpx")
    s = import_qdpx(path, tmp_path / "imp")
    assert s.documents == 0
    assert [(c.id, c.parent) for c in s.codebook.themes] == [
        ("commits", None), ("c_2022_05_10t02_05_59z_19e4dce", "commits"), ("c_2022_02_11t10_39_25z_cdbfd92", "commits")]
    assert (tmp_path / "imp" / "run.json").exists() and (tmp_path / "imp" / "documents.csv").exists()


@pytest.mark.shared
def test_shared_samples_reexport_valid_codebook(tmp_path):
    """A code tree imported from NVivo goes back out as a valid .qdc."""
    schema = shared_schema("Codebook.xsd")
    from miner.refi import export_qdc

    s = import_qdpx(shared_file("nvivo-sample.qdpx"), tmp_path / "imp")
    export_qdc(s.codebook, tmp_path / "nvivo.qdc")
    schema.validate(str(tmp_path / "nvivo.qdc"))


def test_cli_export_and_import_qdpx(run, tmp_path, capsys):
    folder, cb, _ = run
    codebook_io = pytest.importorskip("miner.codebook_io")
    yaml_path = codebook_io.save_codebook(cb, tmp_path / "mini.yaml")
    out = tmp_path / "cli.qdpx"
    assert main(["export", "qdpx", str(folder), "--out", str(out), "--codebook", str(yaml_path)]) == 0
    assert "2 documents" in capsys.readouterr().out
    assert main(["import", "qdpx", str(out), "--out", str(tmp_path / "imp"), "--codebook", str(yaml_path)]) == 0
    assert len(_csv(tmp_path / "imp" / "codings.csv")) == len(CODED)
    assert main(["import", "qdpx", str(tmp_path / "run" / "codings.csv"), "--out", str(tmp_path / "x"),
                 "--codebook", "none"]) == 1
    assert "not a zip archive" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_export_reports_codings_on_grouping_categories(tmp_path):
    cb = small_codebook()
    build_run(tmp_path / "run", cb, coded=[("rapport-alfa", 1, "success", "organisation", "miner"),
                                          ("rapport-alfa", 2, "barrier", "parents", "miner")])
    s = export_qdpx(tmp_path / "run", tmp_path / "out.qdpx", cb)
    assert s.codings == 1 and len(s.problems) == 1
    assert "success x organisation" in str(s.problems[0]) and "grouping category" in str(s.problems[0])


def test_import_type_category_holding_the_coders_own_themes(tmp_path):
    codes = """
      <Code guid="AAAAAAAA-0000-4000-8000-000000000001" name="Belemmering" isCodable="true">
        <Code guid="AAAAAAAA-0000-4000-8000-000000000002" name="Roosters" isCodable="true"/>
        <Code guid="AAAAAAAA-0000-4000-8000-000000000003" name="Ouderbetrokkenheid" isCodable="true"/>
      </Code>"""
    sels = "".join([
        _sel(TEXT, "te weinig tijd", "AAAAAAAA-0000-4000-8000-000000000002", n=1),
        _sel(TEXT, "ouders komen", "AAAAAAAA-0000-4000-8000-000000000003", n=2),
        _sel(TEXT, "mentoren", "AAAAAAAA-0000-4000-8000-000000000001", n=3),
    ])
    import_qdpx(_human_project(tmp_path, TEXT, sels, codes), tmp_path / "imp", small_codebook())
    rows = {(r["text"], r["type"], r["theme"]) for r in _csv(tmp_path / "imp" / "codings.csv")}
    assert rows == {
        ("Er is te weinig tijd.", "barrier", "roosters"),
        ("De ouders komen zelden naar de avonden.", "barrier", "parents"),
        ("De mentoren zijn enthousiast.", "barrier", ""),
    }


def test_export_finds_the_original_pdf_from_another_folder(tmp_path, monkeypatch):
    # documents.csv keeps paths as the user gave them; an export started elsewhere still finds the PDF.
    import shutil
    import zipfile

    from miner.codebook_io import load_codebook
    from miner.coding import code_run
    from miner.refi import export_qdpx
    from miner.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(Path(__file__).resolve().parents[1] / "corpora" / "demo" / "beleidsbrief-loopbaanleren-2018.pdf", corpus)
    monkeypatch.chdir(tmp_path)
    code_run(["corpus"], load_codebook("lob"), "out", Settings(workers=1), progress=False)
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    export_qdpx(tmp_path / "out", tmp_path / "x.qdpx")
    names = zipfile.ZipFile(tmp_path / "x.qdpx").namelist()
    assert any(n.startswith("sources/") and n.endswith(".pdf") for n in names)
