"""Recommendation tracing on hand-made run folders (fictional Dutch reports and letters)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from miner.cli import main
from miner.results import load_results
from miner.tables import CODING_COLUMNS, DOCUMENT_COLUMNS, PASSAGE_COLUMNS
from miner.tracing import TRACE_COLUMNS, TraceSettings, trace, trace_run
from miner.tracing.order import When, document_times, is_later, parse_date
from miner.tracing.text import commitment, content_lemmas, named_things_display


def write_run(folder: Path, documents: list[dict], passages: list[tuple]) -> Path:
    """``documents``: dicts with id and metadata (year, date, title, ...) in file order.
    ``passages``: (document, text, type or None, themes "a|b" or None[, page]) in reading order.
    """
    folder.mkdir(parents=True, exist_ok=True)
    extra = sorted({k for d in documents for k in d} - set(DOCUMENT_COLUMNS))
    with open(folder / "documents.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(DOCUMENT_COLUMNS + extra)
        for d in documents:
            base = {"path": f"{d['id']}.pdf", "sha256": "0" * 64, "kind": "report", "format": "pdf", "pages": 3,
                    "language": "nl", "title": "", "warnings": ""}
            base.update(d)
            w.writerow([base.get(c, "") for c in DOCUMENT_COLUMNS + extra])
    counters: dict[str, int] = {}
    prow, crow = [], []
    for p in passages:
        doc, text, typ, theme = p[:4]
        page = p[4] if len(p) > 4 else 1
        i = counters.get(doc, 0)
        counters[doc] = i + 1
        prow.append({"document": doc, "passage_id": f"{doc}:{i}", "page": page, "section": "", "kind": "paragraph",
                     "start": i * 200, "end": i * 200 + len(text), "text": text})
        if typ:
            for th in (theme or "").split("|"):
                crow.append({**prow[-1], "type": typ, "theme": th, "score": 0.9, "method": "human", "coder": "test"})
    for name, cols, rows in (("passages.csv", PASSAGE_COLUMNS, prow), ("codings.csv", CODING_COLUMNS, crow)):
        with open(folder / name, "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, cols, extrasaction="ignore")
            w.writeheader()
            w.writerows(rows)
    return folder


REC_MENTOR = "Scholen moeten het loopbaangesprek met de mentor structureel inplannen, met steun van het Expertisepunt LOB."
REC_STAGE = "Wij bevelen aan dat gemeenten samen met werkgevers een regionaal stagenetwerk voor leerlingen opzetten."
REC_OUDERS = "Zorg ervoor dat ouders jaarlijks worden uitgenodigd voor een ouderavond over de studiekeuze van hun kind."
REC_PEILING = "Het is raadzaam de tevredenheid van leerlingen over de decaan periodiek te peilen met een vragenlijst."

DOCS = [
    {"id": "verkenning-2014", "year": "2014", "title": "Verkenning loopbaanoriëntatie"},
    {"id": "evaluatie-2016", "year": "2016", "title": "Evaluatie pilot LOB"},
    {"id": "beleidsbrief-2018", "year": "2018", "title": "Beleidsbrief loopbaanoriëntatie",
     "organisation": "Ministerie van Onderwijs"},
    {"id": "evaluatie-2020", "year": "2020", "title": "Tweede evaluatie LOB"},
]
PASSAGES = [
    ("verkenning-2014", "Het loopbaangesprek tussen mentor en leerling moet structureel worden ingepland.",
     "recommendation", "professionalisation"),
    ("verkenning-2014", "De verkenning is uitgevoerd onder twaalf scholen in drie provincies.", None, None),
    ("evaluatie-2016", "In dit hoofdstuk staan de aanbevelingen van de evaluatie.", None, None),
    ("evaluatie-2016", REC_MENTOR, "recommendation", "professionalisation", 4),
    ("evaluatie-2016", REC_STAGE, "recommendation", "labour_market", 5),
    ("evaluatie-2016", REC_OUDERS, "recommendation", "parents", 5),
    ("evaluatie-2016", REC_PEILING, "recommendation", "monitoring_evaluation", 6),
    ("beleidsbrief-2018", "Het kabinet zal per 2019 het loopbaangesprek met de mentor verplicht invoeren, "
     "ondersteund door het Expertisepunt LOB.", None, None, 2),
    ("beleidsbrief-2018", "Ouders worden in veel regio's al uitgenodigd voor een ouderavond over de studiekeuze.",
     "success", "parents", 3),
    ("beleidsbrief-2018", "De begroting voor de huisvesting van schoolgebouwen stijgt volgend jaar met vier procent.",
     None, None, 3),
    ("evaluatie-2020", "Gemeenten en werkgevers zouden alsnog een regionaal stagenetwerk voor leerlingen moeten opzetten.",
     "recommendation", "labour_market", 7),
    ("evaluatie-2020", "Het aantal leerlingen dat in het eerste jaar van het mbo uitvalt is gedaald.",
     "success", "student_agency", 8),
]


@pytest.fixture()
def standard(tmp_path):
    return trace(load_results(write_run(tmp_path / "run", DOCS, PASSAGES)))


def _links(table: pd.DataFrame, rec_text: str) -> pd.DataFrame:
    return table[table["recommendation"] == rec_text]


def test_recommendation_repeated_in_later_evaluation(standard):
    links = _links(standard, REC_STAGE)
    row = links[links["target_document"] == "evaluatie-2020"].iloc[0]
    assert row["status"] == "repeated"
    assert row["target_year"] == "2020" and row["target_page"] == 7
    assert "stagenetwerk" in row["reason"] and "later recommendation" in row["reason"]
    assert row["theme"] == "labour_market" and row["page"] == 5
    # Nothing in the 2018 letter is about internships.
    assert "beleidsbrief-2018" not in set(links["target_document"])


def test_recommendation_committed_to_in_policy_letter_is_addressed(standard):
    links = _links(standard, REC_MENTOR)
    row = links[links["target_document"] == "beleidsbrief-2018"].iloc[0]
    assert row["status"] == "addressed"
    assert "commitment 'zal ... invoeren'" in row["reason"]
    assert "Expertisepunt LOB" in row["reason"] and "loopbaangesprek" in row["reason"]
    assert row["target_text"].startswith("Het kabinet zal per 2019")
    assert 0 < row["score"] <= 1


def test_recommendation_only_mentioned(standard):
    links = _links(standard, REC_OUDERS)
    assert list(links["target_document"]) == ["beleidsbrief-2018"]
    assert links.iloc[0]["status"] == "mentioned"
    assert "ouderavond" in links.iloc[0]["reason"]


def test_unrelated_later_text_gives_no_trace(standard):
    links = _links(standard, REC_PEILING)
    assert len(links) == 1
    row = links.iloc[0]
    assert row["status"] == "no trace"
    assert row["target_document"] == "" and pd.isna(row["target_page"])
    assert row["score"] < TraceSettings().threshold
    assert row["reason"].startswith("no later passage")


def test_earlier_documents_are_never_targets(standard):
    year = {d["id"]: int(d["year"]) for d in DOCS}
    linked = standard[standard["status"] != "no trace"]
    assert len(linked) >= 4
    for _, row in linked.iterrows():
        assert year[row["target_document"]] > year[row["document"]]
    # The 2014 recommendation is picked up by the 2016 evaluation, never the other way round.
    early = standard[standard["document"] == "verkenning-2014"]
    assert "evaluatie-2016" in set(early["target_document"])
    assert "verkenning-2014" not in set(standard["target_document"])
    # The last document's recommendation has nowhere to go.
    last = standard[standard["document"] == "evaluatie-2020"]
    assert list(last["status"]) == ["no trace"] and last.iloc[0]["reason"] == "no later document in the corpus"


def test_table_columns_and_one_row_per_link(standard):
    assert list(standard.columns) == TRACE_COLUMNS
    assert not standard.duplicated(["rec_id", "target_document"]).any()
    assert set(standard["status"]) <= {"repeated", "addressed", "mentioned", "no trace"}
    # Every recommendation appears, linked or not, in chronological order of its document.
    assert standard["rec_id"].nunique() == 6
    assert list(dict.fromkeys(standard["document"])) == ["verkenning-2014", "evaluatie-2016", "evaluatie-2020"]


def test_same_year_documents_are_ordered_by_date_only(tmp_path):
    rec = "Decanen moeten vaker samenwerken met de regionale bibliotheek bij de voorlichting over beroepen."
    echo = "Decanen zouden vaker met de regionale bibliotheek moeten samenwerken bij voorlichting over beroepen."
    docs = [
        {"id": "b-voorjaar", "year": "2020", "date": "2020-03-01"},
        {"id": "a-najaar", "year": "2020", "date": "15 oktober 2020"},
        {"id": "c-zonder-datum", "year": "2020"},
    ]
    passages = [(d["id"], rec if d["id"] == "b-voorjaar" else echo, "recommendation", "collaboration_chain")
                for d in docs]
    table = trace(load_results(write_run(tmp_path / "run", docs, passages)))
    linked = table[table["status"] != "no trace"]
    # Only the dated pair is ordered; the undated 2020 report is neither before nor after them.
    assert list(zip(linked["document"], linked["target_document"])) == [("b-voorjaar", "a-najaar")]
    assert linked.iloc[0]["status"] == "repeated"


def test_documents_without_year_fall_back_to_file_order(tmp_path):
    rec = "Besteed in de mentorles meer tijd aan het oefenen van sollicitatiegesprekken met leerlingen."
    docs = [{"id": "z-eerste"}, {"id": "a-tweede"}]
    passages = [("z-eerste", rec, "recommendation", "curriculum_time"),
                ("a-tweede", rec.replace("Besteed", "Scholen moeten"), "recommendation", "curriculum_time")]
    info_table = trace(load_results(write_run(tmp_path / "run", docs, passages)))
    linked = info_table[info_table["status"] != "no trace"]
    assert list(zip(linked["document"], linked["target_document"])) == [("z-eerste", "a-tweede")]
    assert linked.iloc[0]["target_year"] == ""


def test_year_order_beats_file_order(tmp_path):
    rec = "Ontwikkel een landelijk portfolio waarin leerlingen hun keuzeactiviteiten vastleggen."
    docs = [{"id": "a-later", "year": "2022"}, {"id": "b-eerder", "year": "2019"}]
    passages = [("a-later", rec, "recommendation", "student_agency"),
                ("b-eerder", rec, "recommendation", "student_agency")]
    table = trace(load_results(write_run(tmp_path / "run", docs, passages)))
    linked = table[table["status"] != "no trace"]
    assert list(zip(linked["document"], linked["target_document"])) == [("b-eerder", "a-later")]
    # Recommendations are listed oldest document first, whatever the file order.
    assert table.iloc[0]["document"] == "b-eerder"


def test_no_recommendations_gives_empty_table_with_header(tmp_path):
    docs = [{"id": "a", "year": "2019"}, {"id": "b", "year": "2020"}]
    passages = [("a", "Het project liep goed dankzij de inzet van de decanen.", "success", "professionalisation"),
                ("b", "Er was te weinig tijd in het rooster.", "barrier", "curriculum_time")]
    run = write_run(tmp_path / "run", docs, passages)
    assert trace(load_results(run)).empty
    csv_path = trace_run(run)
    assert csv_path.read_text(encoding="utf-8").splitlines() == [",".join(TRACE_COLUMNS)]
    assert json.loads((run / "trace.json").read_text(encoding="utf-8"))["recommendations"] == 0


def test_empty_corpus_gives_empty_table(tmp_path):
    run = write_run(tmp_path / "run", [], [])
    table = trace(load_results(run))
    assert table.empty and list(table.columns) == TRACE_COLUMNS
    assert trace_run(run).exists() and (run / "trace.xlsx").exists()


def test_run_folder_without_codings_traces_nothing(tmp_path):
    run = write_run(tmp_path / "run", DOCS, PASSAGES)
    (run / "codings.csv").unlink()
    assert trace(load_results(run)).empty


def test_trace_run_writes_csv_xlsx_and_run_info(tmp_path):
    run = write_run(tmp_path / "run", DOCS, PASSAGES)
    (run / "run.json").write_text(json.dumps({"command": "code", "codebook_hash": "abc123",
                                              "settings": {"language": "nl"}}), encoding="utf-8")
    csv_path = trace_run(run, TraceSettings(threshold=0.35))
    table = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    assert list(table.columns) == TRACE_COLUMNS and len(table) >= 6
    info = json.loads((run / "trace.json").read_text(encoding="utf-8"))
    assert info["codebook_hash"] == "abc123" and info["threshold"] == 0.35
    assert info["trace_settings"]["threshold"] == 0.35 and info["miner_version"]
    assert info["order_basis"] == "year/date"
    assert [d["document"] for d in info["document_order"]][:2] == ["verkenning-2014", "evaluatie-2016"]
    from openpyxl import load_workbook

    wb = load_workbook(run / "trace.xlsx")
    assert wb.sheetnames == ["trace", "run"]
    assert [c.value for c in wb["trace"][1]] == TRACE_COLUMNS
    assert wb["trace"].max_row == len(table) + 1
    # Long text columns wrap in every row, so a reader sees whole recommendations in Excel.
    rec_col = TRACE_COLUMNS.index("recommendation") + 1
    assert all(wb["trace"].cell(row=r, column=rec_col).alignment.wrap_text for r in range(2, len(table) + 2))
    assert not wb["trace"].cell(row=2, column=TRACE_COLUMNS.index("score") + 1).alignment.wrap_text
    keys = {r[0].value: r[1].value for r in wb["run"].iter_rows(min_row=2)}
    assert keys["codebook_hash"] == "abc123" and keys["threshold"] == 0.35
    # Same inputs, same table.
    first = csv_path.read_bytes()
    trace_run(run, TraceSettings(threshold=0.35))
    assert csv_path.read_bytes() == first
    assert not list(run.glob(".*.tmp"))


def test_higher_threshold_drops_weak_links(tmp_path):
    run = write_run(tmp_path / "run", DOCS, PASSAGES)
    loose = trace(load_results(run), TraceSettings(threshold=0.2))
    strict = trace(load_results(run), TraceSettings(threshold=0.95))
    assert (strict["status"] != "no trace").sum() < (loose["status"] != "no trace").sum()
    assert set(strict.loc[strict["status"] != "no trace", "score"]) <= set(s for s in strict["score"] if s >= 0.95)


def test_mention_threshold_drops_only_weak_mentions(tmp_path):
    rec = "Zorg voor een vaste contactpersoon LOB op iedere school die nieuwe mentoren wegwijs maakt."
    docs = [{"id": "eval-2016", "year": "2016"}, {"id": "eval-2018", "year": "2018"}, {"id": "eval-2020", "year": "2020"}]
    passages = [
        ("eval-2016", rec, "recommendation", "support_structure"),
        ("eval-2018", "Op een aantal scholen is een contactpersoon aangesteld voor vragen van ouders.", "success",
         "support_structure"),
        ("eval-2020", "Zorg alsnog voor een vaste contactpersoon LOB op iedere school die nieuwe mentoren wegwijs maakt.",
         "recommendation", "support_structure"),
    ]
    run = write_run(tmp_path / "run", docs, passages)
    table = trace(load_results(run))
    first = table[table["document"] == "eval-2016"].set_index("target_document")
    assert first.loc["eval-2018", "status"] == "mentioned" and first.loc["eval-2020", "status"] == "repeated"
    bar = (first.loc["eval-2018", "score"] + first.loc["eval-2020", "score"]) / 2
    strict = trace(load_results(run), TraceSettings(mention_threshold=bar))
    kept = strict[strict["document"] == "eval-2016"]
    assert list(zip(kept["target_document"], kept["status"])) == [("eval-2020", "repeated")]
    # A recommendation with nothing but a weak mention gets a no-trace row saying why.
    only_mention = trace(load_results(write_run(tmp_path / "run2", docs[:2], passages[:2])),
                         TraceSettings(mention_threshold=bar))
    assert list(only_mention["status"]) == ["no trace"]
    assert only_mention.iloc[0]["reason"].startswith("only mentions below the mention threshold")


def test_unreadable_year_is_a_warning_not_a_crash(tmp_path):
    docs = [{"id": "a", "year": "ergens in 2019"}, {"id": "b", "year": "2020"}]
    times, warnings = document_times(pd.DataFrame(docs))
    assert not times["a"].dated and times["b"].year == 2020
    assert any("a: year 'ergens in 2019'" in w for w in warnings)
    assert any("placed by file order: a" in w for w in warnings)


def test_cli_traces_a_run_folder(tmp_path, capsys):
    run = write_run(tmp_path / "run", DOCS, PASSAGES)
    assert main(["trace", str(run), "--threshold", "0.3"]) == 0
    out = capsys.readouterr().out
    assert "traced 6 recommendation(s): 2 repeated, 2 addressed, 1 mentioned, 2 no trace" in out
    assert (run / "trace.csv").exists() and (run / "trace.xlsx").exists()


def test_cli_codes_a_corpus_folder_then_traces(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "evaluatie-2016.txt").write_text(
        "# Aanbevelingen\n\nScholen moeten het loopbaangesprek met de mentor structureel inplannen.\n\n"
        "Wij bevelen aan om een regionaal stagenetwerk met werkgevers op te zetten.\n", encoding="utf-8")
    (corpus / "beleidsbrief-2018.txt").write_text(
        "# Reactie\n\nHet kabinet zal per 2019 het loopbaangesprek met de mentor verplicht invoeren.\n",
        encoding="utf-8")
    (corpus / "metadata.csv").write_text("file,year,title\nevaluatie-2016.txt,2016,Evaluatie\n"
                                         "beleidsbrief-2018.txt,2018,Beleidsbrief\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["trace", str(corpus), "--out", str(out)]) == 0
    assert (out / "codings.csv").exists() and (out / "trace.csv").exists()
    info = json.loads((out / "trace.json").read_text(encoding="utf-8"))
    assert info["codebook_hash"] and info["order_basis"] == "year/date"
    table = pd.read_csv(out / "trace.csv", dtype=str, keep_default_na=False)
    assert list(table.columns) == TRACE_COLUMNS
    assert set(table["document"]) <= {"evaluatie-2016", "beleidsbrief-2018"}
    assert "beleidsbrief-2018" not in set(table.loc[table["status"] != "no trace", "document"])


def test_cli_bad_inputs_exit_nonzero_with_one_line(tmp_path, capsys):
    assert main(["trace", str(tmp_path / "nope")]) == 1
    assert "nope: no such file or folder" in capsys.readouterr().err
    run = write_run(tmp_path / "run", DOCS, PASSAGES)
    assert main(["trace", str(run), "--threshold", "7"]) == 1
    assert "--threshold must be between 0 and 1" in capsys.readouterr().err
    (run / "codings.csv").unlink()
    assert main(["trace", str(run)]) == 1
    assert "no codings.csv" in capsys.readouterr().err
    assert not (run / "trace.csv").exists()


def test_progress_report_is_mentioned_and_open_item_is_repeated(tmp_path):
    rec = "Richt een regionaal loket op waar leerlingen terechtkunnen met vragen over hun studiekeuze."
    docs = [{"id": "eval-2017", "year": "2017"}, {"id": "eval-2019", "year": "2019"}, {"id": "eval-2021", "year": "2021"}]
    passages = [
        ("eval-2017", rec, "recommendation", "support_structure"),
        # A coder may read a status table row as a recommendation; the row says it is done.
        ("eval-2019", "Regionaal loket voor vragen over de studiekeuze van leerlingen | gerealiseerd",
         "recommendation", "support_structure"),
        ("eval-2021", "Regionaal loket voor vragen over de studiekeuze van leerlingen | niet gerealiseerd",
         "recommendation", "support_structure"),
    ]
    table = trace(load_results(write_run(tmp_path / "run", docs, passages)))
    status = dict(zip(table.loc[table["document"] == "eval-2017", "target_document"],
                      table.loc[table["document"] == "eval-2017", "status"]))
    assert status == {"eval-2019": "mentioned", "eval-2021": "repeated"}
    reason = table.loc[table["target_document"] == "eval-2019", "reason"].iloc[0]
    assert "reports progress 'gerealiseerd'" in reason


def test_close_repeat_outranks_a_slightly_better_mention(tmp_path):
    rec = "Geef mentoren meer tijd voor het loopbaangesprek met iedere leerling in de jaartaak."
    docs = [{"id": "eval-2016", "year": "2016"}, {"id": "eval-2020", "year": "2020"}]
    passages = [
        ("eval-2016", rec, "recommendation", "curriculum_time"),
        ("eval-2020", "Mentoren hebben inmiddels meer tijd voor het loopbaangesprek met leerlingen.",
         "success", "curriculum_time"),
        ("eval-2020", "Geef mentoren in de jaartaak structureel tijd voor het loopbaangesprek met leerlingen.",
         "recommendation", "curriculum_time"),
    ]
    table = trace(load_results(write_run(tmp_path / "run", docs, passages)))
    row = table[table["document"] == "eval-2016"].iloc[0]
    assert row["status"] == "repeated" and row["target_text"].startswith("Geef mentoren")
    assert "eval-2020:0" in row["other_matches"]
    # With no margin the best-scoring passage decides.
    strict = trace(load_results(tmp_path / "run"), TraceSettings(kind_margin=1.0))
    assert strict[strict["document"] == "eval-2016"].iloc[0]["target_passage_id"] == "eval-2020:0"


def test_list_intro_is_not_a_target(tmp_path):
    rec = "Organiseer jaarlijks een regionale opleidingenmarkt voor alle leerlingen uit de bovenbouw."
    docs = [{"id": "eval-2016", "year": "2016"}, {"id": "eval-2020", "year": "2020"}]
    passages = [
        ("eval-2016", rec, "recommendation", "knowledge_communication"),
        ("eval-2020", "Over de regionale opleidingenmarkt voor leerlingen uit de bovenbouw doen wij jaarlijks deze aanbevelingen:",
         "recommendation", "knowledge_communication"),
    ]
    table = trace(load_results(write_run(tmp_path / "run", docs, passages)))
    assert list(table.loc[table["document"] == "eval-2016", "status"]) == ["no trace"]


def test_transcripts_left_out_unless_asked(tmp_path):
    rec = "Nodig oudere leerlingen uit om in de onderbouw over hun profielkeuze te vertellen."
    docs = [{"id": "eval-2018", "year": "2018"}, {"id": "interview-2019", "year": "2019", "kind": "transcript"}]
    passages = [
        ("eval-2018", rec, "recommendation", "student_agency"),
        ("interview-2019", "Het zou goed zijn als oudere leerlingen in de onderbouw over hun profielkeuze vertellen.",
         "recommendation", "student_agency"),
    ]
    run = write_run(tmp_path / "run", docs, passages)
    default = trace(load_results(run))
    assert list(default["status"]) == ["no trace"] and default["rec_id"].tolist() == ["eval-2018:0"]
    both = trace(load_results(run), TraceSettings(include_transcripts=True))
    linked = both[both["status"] != "no trace"]
    assert list(linked["target_document"]) == ["interview-2019"]


def test_policy_kind_read_from_corpus_metadata(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "metadata.csv").write_text("file,year,kind\nreactie-2019.pdf,2019,beleidsbrief\nstudie-2017.pdf,2017,\n",
                                         encoding="utf-8")
    rec = "Stel een regionaal fonds in waaruit scholen bedrijfsbezoeken voor leerlingen kunnen betalen."
    target = "Wij zullen een regionaal fonds instellen waaruit scholen bedrijfsbezoeken voor leerlingen betalen."
    # documents.csv keeps kind = report; the corpus metadata next to the file says what it is.
    docs = [{"id": "studie-2017", "year": "2017", "path": str(corpus / "studie-2017.pdf")},
            {"id": "reactie-2019", "year": "2019", "path": str(corpus / "reactie-2019.pdf")}]
    passages = [("studie-2017", rec, "recommendation", "labour_market"),
                ("reactie-2019", target, "recommendation", "labour_market")]
    table = trace(load_results(write_run(tmp_path / "run", docs, passages)))
    row = table.iloc[0]
    assert row["status"] == "addressed" and "in a policy document" in row["reason"]
    (corpus / "metadata.csv").unlink()
    table = trace(load_results(tmp_path / "run"))
    # Without the hint it is a later recommendation in an ordinary report.
    assert table.iloc[0]["status"] == "repeated"


# --- the pieces ---------------------------------------------------------------------------------

def test_dates_parse_and_compare_at_common_precision():
    assert parse_date("26 februari 2021") == (2021, 2, 26)
    assert parse_date("26-02-2021") == (2021, 2, 26)
    assert parse_date("2021.0") == (2021, None, None)
    assert parse_date("2021-13-01") is None and parse_date("binnenkort") is None
    y2020, mar, oct_ = When(0, 2020), When(1, 2020, 3, 1), When(2, 2020, 10, 15)
    assert is_later(mar, oct_) and not is_later(oct_, mar)
    assert not is_later(y2020, mar) and not is_later(mar, y2020)
    assert is_later(When(5, 2019), When(0, 2020))
    assert is_later(When(0), When(1)) and not is_later(When(1), When(0))


def test_commitment_cues():
    assert commitment("Wij zullen per 1 augustus 2021 de subsidie verlengen.") == "zullen ... verlengen"
    assert commitment("Daarom hebben we besloten het expertisepunt voort te zetten.") == "hebben ... besloten"
    assert commitment("Het kwaliteitskader wordt volgend jaar ingevoerd.") == "wordt ... ingevoerd"
    assert commitment("We investeren twee miljoen in regionale netwerken.") == "investeren"
    assert commitment("Dit zal leiden tot betere keuzes.") == "zal"
    assert commitment("Scholen moeten meer doen aan LOB.") == ""


def test_progress_cues():
    from miner.tracing.text import progress

    assert progress("Het loket is sinds januari 2019 operationeel.") == "sinds januari 2019"
    assert progress("Convenant over de overdracht | gerealiseerd") == "gerealiseerd"
    assert progress("Vaste rol voor ouders | niet gerealiseerd") == ""
    assert progress("Scholen moeten meer doen aan LOB.") == ""
    from miner.tracing.text import persists

    assert persists("De bijdrage wordt sinds 2018 verstrekt, maar is nog steeds niet zichtbaar.") == "nog steeds niet"
    assert persists("Het loket is sinds 2019 open.") == ""


def test_unresolved_problem_in_uncoded_sentence_counts_as_repeated(tmp_path):
    rec = "Maak de extra uren voor loopbaangesprekken zichtbaar in de jaartaak van mentoren."
    docs = [{"id": "eval-2019", "year": "2019"}, {"id": "eval-2021", "year": "2021"}]
    passages = [
        ("eval-2019", rec, "recommendation", "curriculum_time"),
        # Not coded, a candidate through "wordt ... verstrekt"; "sinds 2018" would read as progress.
        ("eval-2021", "De extra uren voor loopbaangesprekken worden sinds 2018 verstrekt, maar zijn in de jaartaak "
         "van mentoren nog steeds niet zichtbaar.", None, None),
    ]
    table = trace(load_results(write_run(tmp_path / "run", docs, passages)))
    row = table[table["document"] == "eval-2019"].iloc[0]
    assert row["status"] == "repeated" and "still open 'nog steeds niet'" in row["reason"]


def test_compound_parts_meet_their_words():
    from miner.tracing.text import compound_parts, match_tokens

    assert compound_parts("loopbaangesprek") == ("loopbaan", "gesprek")
    assert compound_parts("ouderbetrokkenheid") == ("ouder", "betrokkenheid")
    assert compound_parts("onderwijs") == ()
    assert "ouder" in match_tokens(content_lemmas("Meer ouderbetrokkenheid is nodig."))


def test_lemmas_and_names():
    assert content_lemmas("De loopbaangesprekken met mentoren") == ["loopbaangesprek", "mentor"]
    assert "lob" in content_lemmas("Het Expertisepunt LOB")
    names = named_things_display("Volgens het Expertisepunt LOB en de Tweede Kamer is het kwaliteitskader nodig.")
    assert {"Expertisepunt LOB", "Tweede Kamer", "kwaliteitskader"} <= set(names.values())
    assert "Volgens" not in " ".join(names.values())


# --- the seed documents (../shared, not in the repository) ------------------------------------

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED_YEARS = {"stimuleringsproject-mbo-eindrapportage-2015": "2015", "kamerbrief-lob-2021": "2021",
              "expertisepunt-evaluatie-2022": "2022"}


@pytest.mark.shared
def test_trace_shared_seeds_link_only_to_later_documents(tmp_path):
    units_path, labels_path = SHARED / "dev-units.jsonl", SHARED / "dev-labels.jsonl"
    if not (units_path.exists() and labels_path.exists()):
        pytest.skip(f"reference material not found at {SHARED} (../shared is outside the repository)")
    units = [json.loads(line) for line in units_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    labels = {d["id"]: d for d in (json.loads(line) for line in labels_path.read_text(encoding="utf-8").splitlines()
                                   if line.strip())}
    # File order deliberately not chronological: the years must decide.
    docs = [{"id": d, "year": y, "path": f"{d}.txt", "title": "Kamerbrief" if "kamerbrief" in d else "Rapport"}
            for d, y in sorted(SEED_YEARS.items())]
    passages = []
    for u in units:
        lab = labels.get(u["id"], {"type": "none", "themes": []})
        typ = None if lab["type"] == "none" else lab["type"]
        passages.append((Path(u["doc"]).stem, u["text"], typ, "|".join(lab["themes"]) or None, u["line_start"]))
    table = trace(load_results(write_run(tmp_path / "seeds", docs, passages)))

    years = {d: int(y) for d, y in SEED_YEARS.items()}
    assert list(table.columns) == TRACE_COLUMNS
    rec_count = sum(1 for u in units if labels.get(u["id"], {}).get("type") == "recommendation")
    assert table["rec_id"].nunique() == rec_count
    linked = table[table["status"] != "no trace"]
    assert len(linked) > 0
    for row in linked.itertuples():
        assert years[row.target_document] > years[row.document]
        assert row.score >= TraceSettings().threshold and row.reason
    # The 2022 evaluation is the last document: its recommendations can only be untraced.
    last = table[table["document"] == "expertisepunt-evaluatie-2022"]
    assert len(last) > 0 and set(last["status"]) == {"no trace"}
    # The ministers' letter is a policy document: what it picks up is addressed or mentioned.
    in_letter = linked[linked["target_document"] == "kamerbrief-lob-2021"]
    assert set(in_letter["status"]) <= {"addressed", "mentioned"}
