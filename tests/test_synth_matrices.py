"""Every cell of every matrix on a small corpus coded by hand.

The corpus: three coded documents and one without codings, written as a run folder (the CSVs miner
code writes) and read back through load_results, so the real loading path is exercised.
"""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from miner.codebook import Code, Codebook
from miner.synth import Synthesis
from miner.tables import CODING_COLUMNS, DOCUMENT_COLUMNS, PASSAGE_COLUMNS

LM, P, C, X = "labour_market", "parents", "covid", "extra_theme"   # X is not in the codebook
THEMES = [LM, P, C, X]

DOCS = [
    # id, kind, title, year, sector
    ("d1", "report", "Eindrapport een", "2019", "vo"),
    ("d2", "report", "Tussenrapport twee", "2021", "mbo"),
    ("d3", "transcript", "Interview drie", "2021", "vo"),
    ("d4", "report", "Bijlage vier", "2022", ""),
]
# passage id -> (page, speaker, role, time, text)
PASSAGES = {
    "d1:00000": (1, "", "", "", "Er zijn te weinig stageplekken en ouders haken af."),
    "d1:00001": (1, "", "", "", "Werkgevers zijn lastig te bereiken."),
    "d1:00002": (2, "", "", "", "Tijdens corona werkte online begeleiding goed."),
    "d1:00003": (3, "", "", "", "Dit hoofdstuk beschrijft de aanpak."),
    "d1:00004": (3, "", "", "", "Betrek ouders <b>vaker</b> bij gesprekken & keuzes."),
    "d2:00000": (4, "", "", "", "De ouderavond hielp veel leerlingen."),
    "d2:00001": (5, "", "", "", "De lockdown belemmerde bezoeken."),
    "d2:00002": (5, "", "", "", "Scholen moesten alles omgooien."),
    "d3:00000": (None, "I", "interviewer", "00:00:05", "Wat werkte goed?"),
    "d3:00001": (None, "R1", "respondent", "00:00:10", "Ouders waren moeilijk te bereiken."),
    "d3:00002": (None, "R2", "respondent", "00:01:10", "Een ouderpanel hielp ons."),
    "d3:00003": (None, "R1", "respondent", "00:02:00", "Ouders en bedrijven kennen elkaar niet."),
    "d4:00000": (1, "", "", "", "Een lijst met afkortingen."),
}
CODINGS = [
    ("d1:00000", "barrier", LM, 0.9),
    ("d1:00000", "barrier", P, 0.6),
    ("d1:00001", "barrier", LM, 0.7),
    ("d1:00001", "recommendation", LM, 0.8),
    ("d1:00002", "success", C, 0.5),
    ("d1:00004", "recommendation", P, 0.95),
    ("d2:00000", "success", P, 0.4),
    ("d2:00001", "barrier", C, 0.8),
    ("d2:00002", "barrier", C, 0.3),
    ("d2:00002", "success", X, 0.2),
    ("d3:00001", "barrier", P, 0.7),
    ("d3:00002", "success", P, 0.6),
    ("d3:00003", "barrier", P, 0.5),
    ("d3:00003", "barrier", LM, 0.9),
]


def make_codebook() -> Codebook:
    types = [Code(id=t, facet="type", label={"nl": t.title(), "en": t}) for t in ("success", "barrier", "precondition", "recommendation")]
    themes = [
        Code(id=LM, facet="theme", label={"nl": "Werkveld en arbeidsmarkt"}, definition="Werkgevers, stages."),
        Code(id=P, facet="theme", label={"nl": "Ouderbetrokkenheid"}, definition="Ouders <betrekken>."),
        Code(id=C, facet="theme", label={"nl": "Corona"}, definition="De pandemie."),
    ]
    return Codebook(name="test", types=types, themes=themes)


def _csv(path: Path, header, rows) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def build_corpus(folder: Path, codings=CODINGS) -> Path:
    """Write the hand-coded corpus as a run folder; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    _csv(folder / "documents.csv", DOCUMENT_COLUMNS + ["sector", "year"], [
        [d, f"corpus/{d}.txt", "0" * 64, kind, "txt", "", "nl", title, "", sector, year]
        for d, kind, title, year, sector in DOCS
    ])
    prow = {}
    for pid, (page, spk, role, time, text) in PASSAGES.items():
        doc = pid.split(":")[0]
        sec = "Interview" if doc == "d3" else "Hoofdstuk 1 > Knelpunten"
        prow[pid] = dict(document=doc, passage_id=pid, page="" if page is None else page, section=sec,
                         kind="turn" if spk else "paragraph", speaker=spk, role=role, group="", time=time,
                         start=0, end=len(text), text=text)
    _csv(folder / "passages.csv", PASSAGE_COLUMNS, [[r[c] for c in PASSAGE_COLUMNS] for r in prow.values()])
    _csv(folder / "codings.csv", CODING_COLUMNS, [
        [{**prow[pid], "type": t, "theme": th, "score": s, "method": "human", "evidence": "hand", "coder": "test"}[c]
         for c in CODING_COLUMNS]
        for pid, t, th, s in CODINGS if (pid, t, th, s) in set(codings)
    ] + [
        [{**prow[pid], "type": t, "theme": th, "score": s, "method": "human", "evidence": "hand", "coder": "test"}[c]
         for c in CODING_COLUMNS]
        for pid, t, th, s in codings if (pid, t, th, s) not in set(CODINGS)
    ])
    (folder / "run.json").write_text(json.dumps({"miner_version": "0.1.0", "codebook_hash": "abc123",
                                                 "date": "2026-01-02T03:04:05+00:00", "settings": {"language": "nl"}}))
    return folder


@pytest.fixture
def synth(tmp_path) -> Synthesis:
    return Synthesis.load(build_corpus(tmp_path / "run"), make_codebook())


def frame(rows: dict[str, list], columns=THEMES) -> pd.DataFrame:
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns)


def check(actual: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert list(actual.index) == list(expected.index)
    assert list(actual.columns) == list(expected.columns)
    for r in expected.index:
        for c in expected.columns:
            assert actual.loc[r, c] == pytest.approx(expected.loc[r, c]), f"cell ({r}, {c})"


def test_orders_follow_codebook_and_keep_unknown_codes(synth):
    assert synth.themes == [LM, P, C, X]
    assert synth.types == ["success", "barrier", "precondition", "recommendation"]


def test_count_matrices_every_cell(synth):
    check(synth.theme_matrix(), frame({"d1": [3, 2, 1, 0], "d2": [0, 1, 2, 1], "d3": [1, 3, 0, 0], "d4": [0, 0, 0, 0]}))
    check(synth.theme_matrix("barrier"), frame({"d1": [2, 1, 0, 0], "d2": [0, 0, 2, 0], "d3": [1, 2, 0, 0], "d4": [0, 0, 0, 0]}))
    check(synth.theme_matrix("success"), frame({"d1": [0, 0, 1, 0], "d2": [0, 1, 0, 1], "d3": [0, 1, 0, 0], "d4": [0, 0, 0, 0]}))
    check(synth.theme_matrix("recommendation"), frame({"d1": [1, 1, 0, 0], "d2": [0] * 4, "d3": [0] * 4, "d4": [0] * 4}))
    check(synth.theme_matrix("precondition"), frame({d: [0] * 4 for d in ("d1", "d2", "d3", "d4")}))


def test_count_totals_equal_codings_and_types_add_up(synth):
    assert synth.theme_matrix().to_numpy().sum() == len(CODINGS)
    per_type = sum(synth.theme_matrix(t) for t in synth.types)
    check(synth.theme_matrix(), per_type)
    for attr in ("year", "sector"):
        assert synth.grouped_matrix(attr).to_numpy().sum() == len(CODINGS)
    assert synth.type_theme().to_numpy().sum() == len(CODINGS)


def test_share_matrices_every_cell(synth):
    # coded passages: d1 4, d2 3, d3 3, d4 none; d1:00001 is coded LM twice but counts once.
    check(synth.theme_matrix(value="share"), frame({
        "d1": [2 / 4, 2 / 4, 1 / 4, 0], "d2": [0, 1 / 3, 2 / 3, 1 / 3], "d3": [1 / 3, 1, 0, 0], "d4": [0, 0, 0, 0]}))
    check(synth.theme_matrix("barrier", "share"), frame({
        "d1": [2 / 4, 1 / 4, 0, 0], "d2": [0, 0, 2 / 3, 0], "d3": [1 / 3, 2 / 3, 0, 0], "d4": [0, 0, 0, 0]}))


def test_presence_matrix_every_cell(synth):
    check(synth.theme_matrix(value="presence"), frame({"d1": [1, 1, 1, 0], "d2": [0, 1, 1, 1], "d3": [1, 1, 0, 0], "d4": [0, 0, 0, 0]}))
    check(synth.theme_matrix("recommendation", "presence"), frame({"d1": [1, 1, 0, 0], "d2": [0] * 4, "d3": [0] * 4, "d4": [0] * 4}))


def test_grouped_by_year_every_cell(synth):
    check(synth.grouped_matrix("year"), frame({"2019": [3, 2, 1, 0], "2021": [1, 4, 2, 1], "2022": [0, 0, 0, 0]}))
    check(synth.grouped_matrix("year", value="share"), frame({
        "2019": [2 / 4, 2 / 4, 1 / 4, 0], "2021": [1 / 6, 4 / 6, 2 / 6, 1 / 6], "2022": [0, 0, 0, 0]}))
    check(synth.grouped_matrix("year", value="documents"), frame({"2019": [1, 1, 1, 0], "2021": [1, 2, 1, 1], "2022": [0, 0, 0, 0]}))
    check(synth.grouped_matrix("year", "barrier"), frame({"2019": [2, 1, 0, 0], "2021": [1, 2, 2, 0], "2022": [0, 0, 0, 0]}))


def test_grouped_by_sector_keeps_documents_without_a_value(synth):
    check(synth.grouped_matrix("sector"), frame({"mbo": [0, 1, 2, 1], "vo": [4, 5, 1, 0], "(none)": [0, 0, 0, 0]}))


def test_grouped_by_speaker_and_role(synth):
    check(synth.grouped_matrix("speaker"), frame({"d3 / R1": [1, 2, 0, 0], "d3 / R2": [0, 1, 0, 0]}))
    check(synth.grouped_matrix("role"), frame({"respondent": [1, 3, 0, 0]}))
    check(synth.grouped_matrix("role", value="share"), frame({"respondent": [1 / 3, 1, 0, 0]}))
    assert synth.grouping_attributes() == ["kind", "sector", "year", "speaker", "role"]  # kind: reports and a transcript


def test_unknown_attribute_and_value_are_clear_errors(synth):
    with pytest.raises(KeyError, match="no document attribute 'region'"):
        synth.grouped_matrix("region")
    with pytest.raises(ValueError, match="unknown matrix value 'percent'"):
        synth.theme_matrix(value="percent")


def test_type_theme_summary_every_cell(synth):
    types = ["success", "barrier", "precondition", "recommendation"]
    check(synth.type_theme(), pd.DataFrame([[0, 2, 1, 1], [3, 3, 2, 0], [0, 0, 0, 0], [1, 1, 0, 0]], index=types, columns=THEMES))
    check(synth.type_theme("documents"), pd.DataFrame([[0, 2, 1, 1], [2, 2, 1, 0], [0, 0, 0, 0], [1, 1, 0, 0]], index=types, columns=THEMES))


def test_cooccurrence_same_passage_every_cell(synth):
    expected = pd.DataFrame([[3, 2, 0, 0], [2, 6, 0, 0], [0, 0, 3, 1], [0, 0, 1, 1]], index=THEMES, columns=THEMES)
    check(synth.cooccurrence(0), expected)


def test_cooccurrence_window_every_cell(synth):
    # Rows: passages about A; columns: with B within one passage (uncoded passages still count as distance).
    expected = pd.DataFrame([[3, 3, 1, 0], [3, 6, 1, 0], [1, 1, 3, 2], [0, 0, 1, 1]], index=THEMES, columns=THEMES)
    check(synth.cooccurrence(1), expected)
    with pytest.raises(ValueError):
        synth.cooccurrence(-1)


def test_framework_matrix_strongest_quotes_with_location(synth):
    quotes = synth.cell_quotes(n=2)
    lm = quotes[("d1", LM)]
    assert [q["passage_id"] for q in lm] == ["d1:00000", "d1:00001"]
    assert lm[1]["types"] == ["barrier", "recommendation"] and lm[1]["score"] == pytest.approx(0.8)
    assert lm[0]["location"] == "p. 1"
    p3 = quotes[("d3", P)]
    assert [q["passage_id"] for q in p3] == ["d3:00001", "d3:00002"]
    assert p3[0]["location"] == "00:00:10 R1"
    fw = synth.framework_matrix(n=2)
    assert list(fw.index) == ["d1", "d2", "d3", "d4"] and list(fw.columns) == THEMES
    assert fw.loc["d1", LM] == (
        "\u201cEr zijn te weinig stageplekken en ouders haken af.\u201d (p. 1; barrier; 0.90)\n\n"
        "\u201cWerkgevers zijn lastig te bereiken.\u201d (p. 1; barrier/recommendation; 0.80)"
    )
    assert fw.loc["d4", LM] == "" and fw.loc["d2", LM] == ""
    assert synth.framework_matrix("barrier", n=1).loc["d3", P] == "\u201cOuders waren moeilijk te bereiken.\u201d (00:00:10 R1; 0.70)"


def test_long_table_traces_every_coding(synth):
    long = synth.long_table()
    assert len(long) == len(CODINGS)
    assert list(long.columns[:9]) == ["document", "title", "page", "time", "section", "speaker", "role", "type", "theme"]
    assert list(long["passage_id"])[:4] == ["d1:00000", "d1:00000", "d1:00001", "d1:00001"]
    # codebook order within a passage: barrier before recommendation, labour_market before parents
    assert list(long["theme"])[:2] == [LM, P] and list(long["type"])[2:4] == ["barrier", "recommendation"]
    counts = long.groupby(["document", "theme"]).size()
    m = synth.theme_matrix()
    for (doc, theme), n in counts.items():
        assert m.loc[doc, theme] == n


def test_duplicate_coding_rows_count_once(tmp_path):
    dup = CODINGS + [("d1:00000", "barrier", LM, 0.9)]
    s = Synthesis.load(build_corpus(tmp_path / "run", dup), make_codebook())
    assert s.theme_matrix().loc["d1", LM] == 3


def test_without_codebook_orders_found_codes(tmp_path):
    s = Synthesis.load(build_corpus(tmp_path / "run"))
    assert s.themes == sorted(THEMES)
    assert s.types == ["barrier", "recommendation", "success"]
    assert s.theme_matrix().to_numpy().sum() == len(CODINGS)


def test_missing_codings_is_a_clear_error(tmp_path):
    folder = build_corpus(tmp_path / "run")
    (folder / "codings.csv").unlink()
    from miner.errors import FormatError

    with pytest.raises(FormatError, match="codings.csv"):
        Synthesis.load(folder)


def test_empty_codings_give_zero_matrices(tmp_path):
    folder = build_corpus(tmp_path / "run", codings=[])
    s = Synthesis.load(folder, make_codebook())
    m = s.theme_matrix()
    assert list(m.index) == ["d1", "d2", "d3", "d4"] and list(m.columns) == [LM, P, C]
    assert m.to_numpy().sum() == 0
    assert s.framework_matrix().to_numpy().tolist() == [[""] * 3] * 4
    s.write(tmp_path / "out")
    assert (tmp_path / "out" / "matrices.xlsx").exists()


def test_write_csvs_and_workbook_deterministic(tmp_path, synth):
    a, b = tmp_path / "a", tmp_path / "b"
    files = synth.write(a)
    synth.write(b)
    names = sorted(str(p.relative_to(a)) for p in files)
    assert "matrices/theme_count_all.csv" in names and "matrices/theme_share_barrier.csv" in names
    assert "matrices/by_year_count.csv" in names and "matrices/by_speaker_count.csv" in names
    assert "matrices/cooccurrence_window2.csv" in names and "codings_long.csv" in names
    for rel in names:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel
    back = pd.read_csv(a / "matrices/theme_count_barrier.csv", index_col=0)
    check(back, synth.theme_matrix("barrier"))
    by_year = pd.read_csv(a / "matrices/by_year_count.csv", dtype={"year": str}).set_index(["type", "year"])
    assert by_year.loc[("all", "2021"), P] == 4 and by_year.loc[("barrier", "2021"), C] == 2

    from openpyxl import load_workbook

    wb = load_workbook(a / "matrices.xlsx")
    assert "count all" in wb.sheetnames and "framework" in wb.sheetnames and wb.sheetnames[-1] == "run"
    assert len(wb.sheetnames) == len(set(wb.sheetnames)) == len(files) + 1  # + codebook sheet, run sheet
    ws = wb["count barrier"]
    header = [c.value for c in ws[1]]
    # Labels in the workbook; a code without one (extra_theme) keeps its id.
    assert header == ["document", "Werkveld en arbeidsmarkt", "Ouderbetrokkenheid", "Corona", "extra_theme"]
    assert [c.value for c in ws[2]] == ["d1", 2, 1, 0, 0]
    tt = wb["type x theme"]
    assert [r[0].value for r in tt.iter_rows(min_row=2)] == ["Success", "Barrier", "Precondition", "Recommendation"]
    run = {r[0].value: r[1].value for r in wb["run"].iter_rows(min_row=2)}
    assert run["codebook_hash"] == "abc123" and run["codings"] == len(CODINGS)
    with zipfile.ZipFile(a / "matrices.xlsx") as z:
        core = z.read("docProps/core.xml").decode()
    assert "2026-01-02T03:04:05Z" in core


def test_workbook_keeps_formula_like_text_as_text(tmp_path):
    bad = dict(PASSAGES)
    folder = build_corpus(tmp_path / "run")
    df = pd.read_csv(folder / "codings.csv", dtype=str, keep_default_na=False)
    df.loc[0, "text"] = '=HYPERLINK("http://evil","klik")'
    df.to_csv(folder / "codings.csv", index=False)
    s = Synthesis.load(folder, make_codebook())
    s.write(tmp_path / "out")
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "out" / "matrices.xlsx")["codings"]
    texts = [r[-1].value for r in ws.iter_rows(min_row=2)]
    assert '=HYPERLINK("http://evil","klik")' in texts
    cell = next(r[-1] for r in ws.iter_rows(min_row=2) if r[-1].value.startswith("="))
    assert cell.data_type == "s"
    assert bad  # fixture untouched


def test_documents_in_time_order(tmp_path):
    folder = build_corpus(tmp_path / "run")
    docs = pd.read_csv(folder / "documents.csv", dtype=str, keep_default_na=False)
    docs["year"] = ["2021", "", "2019", "2021"]  # d1 2021, d2 unknown, d3 2019, d4 2021
    docs.to_csv(folder / "documents.csv", index=False)
    s = Synthesis.load(folder, make_codebook())
    # Earliest first, ties keep file order, unknown years last.
    assert list(s.theme_matrix().index) == ["d3", "d1", "d4", "d2"]
    assert list(s.framework_matrix().index) == ["d3", "d1", "d4", "d2"]
    assert list(s.long_table()["document"].drop_duplicates()) == ["d3", "d1", "d2"]


def test_rewrite_removes_stale_matrices_only(tmp_path, synth):
    out = tmp_path / "out"
    (out / "matrices").mkdir(parents=True)
    (out / "matrices" / "by_region_count.csv").write_text("stale\n")   # an attribute since removed
    (out / "matrices" / "mijn-notities.csv").write_text("keep\n")      # not ours
    synth.write(out, workbook=False)
    assert not (out / "matrices" / "by_region_count.csv").exists()
    assert (out / "matrices" / "mijn-notities.csv").exists()
    assert (out / "matrices" / "by_year_count.csv").exists()
