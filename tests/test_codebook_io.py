"""Codebooks: the shipped LOB codebook, YAML validation with line and field, spreadsheet import."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from miner.codebook_io import codebook_from_spreadsheet, load_codebook, parse_codebook, save_codebook
from miner.errors import CodebookError

ROOT = Path(__file__).resolve().parents[1]
SPEC_TYPES = ["success", "barrier", "precondition", "recommendation"]
SPEC_THEMES = [
    "vision_policy", "leadership_support", "curriculum_time", "professionalisation", "capacity_resources",
    "collaboration_chain", "labour_market", "parents", "student_agency", "regulation_quality",
    "monitoring_evaluation", "knowledge_communication", "covid", "equal_opportunity", "support_structure",
]


def test_lob_has_exactly_the_spec_ids_with_dutch_cues_and_examples():
    cb = load_codebook("lob")
    assert cb.name == "lob" and cb.language == "nl"
    assert cb.type_ids() == SPEC_TYPES
    assert cb.theme_ids() == SPEC_THEMES
    for c in cb.codes:
        assert c.label.get("nl") and c.label.get("en"), c.id
        assert len(c.cues) >= 5 and c.examples, c.id
    assert all(t.headings for t in cb.types)
    assert "geen" in cb.negations and cb.method_patterns


def test_packaged_copy_is_the_repository_codebook():
    # The installed CLI finds "lob" inside the package; it must be the same file.
    packaged = ROOT / "miner" / "data" / "codebook-lob.yaml"
    assert packaged.read_bytes() == (ROOT / "codebooks" / "lob.yaml").read_bytes()


def test_round_trip_keeps_everything(tmp_path):
    cb = load_codebook("lob")
    out = save_codebook(cb, tmp_path / "copy.yaml")
    again = load_codebook(out)
    assert again.to_dict() == cb.to_dict()
    assert again.hash() == cb.hash()


def test_heading_alone_is_kept_and_hashed_only_when_it_is_set(tmp_path):
    plain = tmp_path / "a.yaml"
    plain.write_text(_cb("types:\n" + GOOD_CODE), encoding="utf-8")
    explicit = tmp_path / "b.yaml"
    explicit.write_text(_cb("types:\n" + GOOD_CODE + "    heading_alone: true\n"), encoding="utf-8")
    off = tmp_path / "c.yaml"
    off.write_text(_cb("types:\n" + GOOD_CODE + "    heading_alone: false\n"), encoding="utf-8")
    # the default changes nothing, so codebooks written before the field keep their hash
    assert load_codebook(plain).hash() == load_codebook(explicit).hash() != load_codebook(off).hash()
    again = load_codebook(save_codebook(load_codebook(off), tmp_path / "d.yaml"))
    assert again.types[0].heading_alone is False
    assert [c.id for c in load_codebook("lob").types if not c.heading_alone] == ["precondition"]


def test_unknown_name_lists_the_shipped_ones():
    with pytest.raises(CodebookError, match="no codebook named 'nosuch'.*lob"):
        load_codebook("nosuch")


GOOD_CODE = "  - id: barrier\n    label: {nl: Belemmering, en: Barrier}\n    cues: [knelpunt]\n"


def _cb(body: str) -> str:
    return "name: test\nlanguage: nl\n" + body


@pytest.mark.parametrize(
    "text, line, words",
    [
        (_cb("types:\n" + GOOD_CODE + "themes:\n  - id: money\n    colour: '#ff0000'\n"), 9, ["unknown field 'colour'"]),
        (_cb("types:\n" + GOOD_CODE + "  - label: Zonder id\n    cues: [x]\n"), 7, ["no field 'id'"]),
        (_cb("types:\n" + GOOD_CODE + "  - id: barrier\n"), 7, ["duplicate code id 'barrier'", "line 4"]),
        (_cb("types:\n  - id: success\n    facet: thema\n"), 5, ["field 'facet'", "'thema'"]),
        (_cb("types:\n" + GOOD_CODE + "themes:\n  - id: money\n  - id: salary\n    parent: mony\n"), 10,
         ["field 'parent'", "no code 'mony' in themes"]),
        (_cb("types:\n  - id: success\n    patterns: ['goed (werkt']\n"), 5, ["field 'patterns'", "invalid regular expression"]),
        (_cb("types:\n  - id: success\n    cues: 12\n"), 5, ["field 'cues'", "list of text"]),
        (_cb("types:\n  - id: barrier\n    alone_exceptions: ['niet (alleen']\n"), 5,
         ["field 'alone_exceptions'", "invalid regular expression"]),
        (_cb("types:\n" + GOOD_CODE + "themes:\n  - id: money\n    alone: [geen]\n"), 9,
         ["field 'alone' applies to types only"]),
        (_cb("types:\n" + GOOD_CODE + "themes:\n  - id: money\n    heading_alone: false\n"), 9,
         ["field 'heading_alone' applies to types only"]),
        (_cb("types:\n  - id: precondition\n    heading_alone: nee\n"), 5,
         ["field 'heading_alone' must be true or false"]),
        (_cb("source_patterns: ['volgens (de']\ntypes:\n  - id: success\n"), 3,
         ["field 'source_patterns'", "invalid regular expression"]),
        (_cb("types:\n  - id: success\n    label: [a, b]\n"), 5, ["field 'label'"]),
        (_cb("types:\n  - id: Success Factor\n"), 4, ["field 'id'", "not a code id"]),
        (_cb("types:\n  - id: success\n    color: red\n"), 5, ["field 'color'"]),
        ("name: x\nlanguage: nl\ntypes: [\n", 4, ["not valid YAML"]),
        (_cb("typos:\n" + GOOD_CODE), 3, ["unknown field 'typos' at the top"]),
        (_cb("amounts:\n  more: [meer]\n  good: [tijd]\n  up: success\n  down: barrier\n  beter: [x]\n"
             "types:\n" + GOOD_CODE), 8, ["unknown field 'beter' in 'amounts'"]),
        (_cb("amounts:\n  more: [meer]\n  good: [tijd]\n  up: success\ntypes:\n" + GOOD_CODE), 4,
         ["field 'amounts' needs 'down'"]),
        (_cb("amounts:\n  more: [meer]\n  good: [tijd]\n  up: succes\n  down: barrier\ntypes:\n" + GOOD_CODE), 4,
         ["field 'amounts.up'", "no type 'succes'"]),
        (_cb("amounts:\n  up: barrier\n  down: barrier\ntypes:\n" + GOOD_CODE), 4,
         ["field 'amounts' needs words"]),
        (_cb("amounts:\n  more: [meer]\n  good: [tijd]\n  up: barrier\n  down: barrier\n  trends: ['van (\\\\d+) naar (\\\\d+)']\n"
             "types:\n" + GOOD_CODE), 8, ["field 'amounts.trends'", "(?P<old>...) and (?P<new>...)"]),
        (_cb("amounts:\n  more: [meer]\n  good: [tijd]\n  up: barrier\n  down: barrier\n  contrasts: ['^op scholen (met|waar)']\n"
             "types:\n" + GOOD_CODE), 8, ["field 'amounts.contrasts'", "(?P<group>...)"]),
        (_cb("amounts:\n  more: [meer]\n  good: [tijd]\n  up: barrier\n  down: barrier\n  shares: ['(\\\\d+) van de (\\\\d+)']\n"
             "types:\n" + GOOD_CODE), 8, ["field 'amounts.shares'", "(?P<part>...)"]),
        (_cb("amounts:\n  more: [meer]\n  good: [tijd]\n  up: barrier\n  down: barrier\n  numbers: {twee: 2, drie: veel}\n"
             "types:\n" + GOOD_CODE), 8, ["field 'amounts.numbers'", "'drie' must be a number"]),
    ],
)
def test_malformed_codebooks_name_file_line_and_field(tmp_path, text, line, words):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    msg = str(info.value)
    assert msg.startswith(f"{path}:{line}: "), msg
    for w in words:
        assert w in msg


def test_parent_cycle_and_empty_codebook_are_rejected():
    with pytest.raises(CodebookError, match="cycle"):
        parse_codebook(_cb("themes:\n  - id: a\n    parent: b\n  - id: b\n    parent: a\n"))
    with pytest.raises(CodebookError, match="empty"):
        parse_codebook("")
    with pytest.raises(CodebookError, match="no codes"):
        parse_codebook(_cb("types: []\n"))


def test_parent_in_the_other_facet_is_not_found():
    text = _cb("types:\n  - id: success\nthemes:\n  - id: money\n    parent: success\n")
    with pytest.raises(CodebookError, match="no code 'success' in themes"):
        parse_codebook(text)


def test_csv_import_with_facet_roots_and_hierarchy(tmp_path):
    sheet = tmp_path / "codes.csv"
    sheet.write_text(textwrap.dedent("""\
        Code,Parent,Description
        Types,,
        Succesfactor,Types,Wat hielp
        Knelpunt,Types,Wat hinderde
        Thema's,,
        Middelen,Thema's,Geld en tijd
        Werkdruk,Middelen,Te veel taken
        Ouders,Thema's,Betrokkenheid van ouders
        """), encoding="utf-8")
    cb = codebook_from_spreadsheet(sheet)
    assert cb.type_ids() == ["succesfactor", "knelpunt"]
    assert [c.id for c in cb.themes] == ["middelen", "werkdruk", "ouders"]
    assert cb.get("werkdruk").parent == "middelen"
    assert cb.get("knelpunt").definition == "Wat hinderde"
    assert cb.get("ouders").label == {"nl": "Ouders"}
    # The import is a valid codebook: it survives the YAML validator.
    again = load_codebook(save_codebook(cb, tmp_path / "codes.yaml"))
    assert again.to_dict() == cb.to_dict()


def test_xlsx_import_with_facet_column_and_semicolons(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Code", "Parent code", "Memo", "Facet", "Cues"])
    ws.append(["Aanbeveling", None, "Voorstel voor de toekomst", "type", "advies; raadzaam"])
    ws.append(["Stage", None, "Stages en werkveld", "theme", "stage; stageplaats"])
    ws.append(["Stagebegeleiding", "Stage", None, None, None])
    path = tmp_path / "codes.xlsx"
    wb.save(path)
    cb = codebook_from_spreadsheet(path)
    assert cb.type_ids() == ["aanbeveling"]
    assert cb.get("aanbeveling").cues == ["advies", "raadzaam"]
    assert cb.get("stagebegeleiding").facet == "theme"
    assert cb.get("stagebegeleiding").parent == "stage"


def test_maxqda_backslash_paths(tmp_path):
    sheet = tmp_path / "maxqda.csv"
    sheet.write_text("Code;Memo\nTypes\\Barrière;Belemmering\nThemes\\Capaciteit\\Werkdruk;\n", encoding="utf-8")
    cb = codebook_from_spreadsheet(sheet)
    assert cb.type_ids() == ["barriere"]
    assert cb.get("werkdruk").parent == "capaciteit"
    assert cb.get("capaciteit").facet == "theme"


@pytest.mark.parametrize(
    "content, words",
    [
        ("Titel,Omschrijving\nx,y\n", "no 'code' column"),
        ("Code,Parent\nWerkdruk,Middelen\n", "parent 'Middelen' of code 'Werkdruk' is not in the code column"),
        ("Code,Parent\nA,\nA,\n", "listed twice"),
        ("", "no rows"),
    ],
)
def test_bad_spreadsheets(tmp_path, content, words):
    sheet = tmp_path / "bad.csv"
    sheet.write_text(content, encoding="utf-8")
    with pytest.raises(CodebookError, match=words) as info:
        codebook_from_spreadsheet(sheet)
    assert str(sheet) in str(info.value)


def test_corrupt_xlsx_is_a_codebook_error(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(CodebookError, match="not a readable XLSX"):
        codebook_from_spreadsheet(path)


def test_installed_package_finds_lob_without_the_repository(tmp_path, monkeypatch):
    import miner.codebook_io as io

    monkeypatch.setattr(io, "REPO_CODEBOOKS", tmp_path / "nowhere")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lob").mkdir()  # a folder named like the codebook must not be mistaken for it
    cb = io.load_codebook("lob")
    assert cb.source.endswith("codebook-lob.yaml") and cb.type_ids() == SPEC_TYPES


def test_a_codebook_without_the_later_fields_keeps_its_hash():
    # Fields added after a codebook was written must not change the hash its outputs recorded.
    cb = parse_codebook(_cb("types:\n" + GOOD_CODE))
    d = cb.to_dict()
    assert "alone" not in d["types"][0] and "alone_exceptions" not in d["types"][0]
    with_alone = parse_codebook(_cb("types:\n" + GOOD_CODE + "    alone: [Niet]\n"))
    assert with_alone.types[0].alone == ["niet"] and with_alone.hash() != cb.hash()
