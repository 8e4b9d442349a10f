"""miner code: the batch job, its outputs, the store cache, and the command line."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from miner.cli import main
from miner.codebook_io import load_codebook
from miner.coding import code_run
from miner.settings import Settings
from miner.tables import CODING_COLUMNS

REPORT_A = """# Evaluatie loopbaanbegeleiding Stroomdal

## Belemmerende factoren

De mentoren hebben te weinig uren voor loopbaangesprekken met leerlingen. Dit komt door de hoge werkdruk.

## Aanbevelingen

Wij doen de volgende aanbevelingen:

- Geef mentoren vaste uren voor loopbaanbegeleiding.
- Betrek ouders eerder bij de profielkeuze.
"""

REPORT_B = """# Jaarverslag decanaat

## Succesfactoren

De gastlessen van lokale werkgevers werkten goed en leerlingen waren enthousiast.
"""

REPORT_C = """# Notitie samenwerking vo-mbo

## Knelpunten

De overdracht van leerlinggegevens tussen vmbo en mbo verloopt nog steeds stroef en onduidelijk.
"""


def rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture()
def corpus(tmp_path):
    src = tmp_path / "corpus"
    src.mkdir()
    (src / "stroomdal.md").write_text(REPORT_A, encoding="utf-8")
    (src / "decanaat.md").write_text(REPORT_B, encoding="utf-8")
    return src


def test_code_run_writes_codings_and_recodes_only_the_new_document(tmp_path, corpus):
    cb = load_codebook("lob")
    out = tmp_path / "out"
    batch, stats = code_run([corpus], cb, out, Settings(workers=1), progress=False)
    assert not batch.failed and stats.documents == 2 and stats.coded == 2 and stats.reused == 0
    with open(out / "codings.csv", encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == CODING_COLUMNS
    cods = rows(out / "codings.csv")
    by_text = {}
    for r in cods:
        by_text.setdefault(r["text"], set()).add((r["type"], r["theme"]))
        assert r["evidence"] and r["method"] == "rules" and 0 <= float(r["score"]) <= 1
    assert ("barrier", "capacity_resources") in by_text["Dit komt door de hoge werkdruk."]
    bullets = [t for t in by_text if t.startswith(("Geef mentoren", "Betrek ouders"))]
    assert len(bullets) == 2 and all({ty for ty, _ in by_text[t]} == {"recommendation"} for t in bullets)
    assert ("recommendation", "parents") in by_text[bullets[1] if "ouders" in bullets[1] else bullets[0]]
    assert any(ty == "success" for s in by_text.values() for ty, _ in s)
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert info["codebook_hash"] == cb.hash() and info["codings"] == len(cods)
    assert (out / "segments.csv").exists() and rows(out / "segments.csv")
    assert len(rows(out / "documents.csv")) == 2

    (corpus / "samenwerking.md").write_text(REPORT_C, encoding="utf-8")
    batch, stats = code_run([corpus], cb, out, Settings(workers=1), progress=False)
    assert stats.documents == 3 and stats.coded == 1 and stats.reused == 2
    assert batch.reused == 2 and batch.processed == 1
    again = rows(out / "codings.csv")
    assert [r for r in again if r["document"] != "samenwerking"] == cods
    assert any(r["document"] == "samenwerking" and r["type"] == "barrier" for r in again)

    # Another codebook (here: one more cue) invalidates the cached codings.
    cb.themes[0].cues.append("notitie")
    _, stats = code_run([corpus], cb, out, Settings(workers=1), progress=False)
    assert stats.coded == 3 and stats.reused == 0


def test_bad_file_does_not_stop_the_batch(tmp_path, corpus):
    (corpus / "kapot.pdf").write_bytes(b"%PDF-1.4 this is not a pdf")
    out = tmp_path / "out"
    assert main(["code", str(corpus), "--out", str(out), "--no-progress", "--workers", "1"]) == 1
    docs = {r["document"] for r in rows(out / "codings.csv")}
    assert docs == {"stroomdal", "decanaat"}


def test_cli_code_with_default_model_and_bad_codebook(tmp_path, corpus, capsys):
    out = tmp_path / "out"
    assert main(["code", str(corpus), "--out", str(out), "--model", "default", "--no-progress", "--workers", "1"]) == 0
    assert "rules+model" in capsys.readouterr().out
    assert {r["method"] for r in rows(out / "codings.csv")} == {"rules+model"}
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert info["model"]["trained_on"]["sources"] == ["codebook lob examples"]

    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nlanguage: nl\ntypes:\n  - label: geen id\n", encoding="utf-8")
    assert main(["code", str(corpus), "--out", str(tmp_path / "o2"), "--codebook", str(bad), "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:4" in err and "no field 'id'" in err
    assert not (tmp_path / "o2" / "codings.csv").exists()


INTERVIEW = """Interviewer: Wat heeft je geholpen bij je keuze?

Student: Die meeloopdag bij de opleiding. Daar zag ik pas echt hoe het eraan toegaat.

Interviewer: En wat ging er mis?

Student: Mijn mentor heb ik het hele jaar maar een keer gesproken. Ik stond er helemaal alleen voor.
"""


def test_by_default_the_shipped_model_codes_only_interview_turns_the_rules_leave(tmp_path, corpus, capsys):
    (corpus / "gesprek-student.txt").write_text(INTERVIEW, encoding="utf-8")
    auto, rules = tmp_path / "auto", tmp_path / "rules"
    assert main(["code", str(corpus), "--out", str(auto), "--no-progress", "--workers", "1"]) == 0
    assert "model for uncoded interview turns" in capsys.readouterr().out
    assert main(["code", str(corpus), "--out", str(rules), "--model", "none", "--no-progress", "--workers", "1"]) == 0
    assert "rules only" in capsys.readouterr().out
    got, base = rows(auto / "codings.csv"), rows(rules / "codings.csv")
    # reports: exactly the rules' codings
    assert [r for r in got if r["document"] != "gesprek-student"] == [r for r in base if r["document"] != "gesprek-student"]
    # the interview: the rules' codings stand, and a turn they leave uncoded gets the model's
    key = ("passage_id", "type", "theme", "method")
    assert {tuple(r[k] for k in key) for r in base} <= {tuple(r[k] for k in key) for r in got}
    filled = [r for r in got if r["method"] == "rules+model"]
    assert [r["text"] for r in filled] == ["Ik stond er helemaal alleen voor."]
    assert filled[0]["type"] == "barrier" and "model p=" in filled[0]["evidence"]
    info = json.loads((auto / "run.json").read_text(encoding="utf-8"))
    assert info["model"]["scope"] == "uncoded interview turns"
    assert json.loads((rules / "run.json").read_text(encoding="utf-8"))["model"] is None


def test_codebook_command(tmp_path, capsys):
    assert main(["codebook", "check", "lob"]) == 0
    assert "4 types, 15 themes" in capsys.readouterr().out
    assert main(["codebook", "show", "lob"]) == 0
    assert "support_structure" in capsys.readouterr().out
    sheet = tmp_path / "codes.csv"
    sheet.write_text("code,parent,description\nTypes,,\nKnelpunt,Types,Wat hinderde\nThemes,,\nGeld,Themes,\n", encoding="utf-8")
    out = tmp_path / "codes.yaml"
    assert main(["codebook", "import", str(sheet), "--out", str(out)]) == 0
    assert load_codebook(out).type_ids() == ["knelpunt"]


def test_code_run_on_the_shared_seeds(tmp_path):
    shared = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not available (reference material outside the repository)")
    cb = load_codebook("lob")
    batch, stats = code_run([shared], cb, tmp_path / "out", Settings(workers=1), progress=False)
    assert not batch.failed and stats.documents == 3
    cods = rows(tmp_path / "out" / "codings.csv")
    types = {r["type"] for r in cods}
    assert types == {"success", "barrier", "precondition", "recommendation"}
    assert all(r["evidence"] for r in cods)
