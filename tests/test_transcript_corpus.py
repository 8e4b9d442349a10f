"""Transcripts through the whole extract stage: Python API, CLI, batch errors and speaker roles."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from miner.cli import main
from miner.extract import extract_file
from miner.runs import extract_run
from miner.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES, corpus)
    return corpus


def test_extract_file_passages_have_speaker_and_time():
    ex = extract_file(FIXTURES / "interview-leerling-otter.txt")
    assert ex.document.kind == "transcript"
    first = ex.passages[0]
    assert (first.speaker, first.time, first.kind) == ("Interviewer", 2.0, "turn")
    sanne = [p for p in ex.passages if p.speaker == "Sanne" and p.time == 15.0]
    assert [p.text for p in sanne] == [
        "Best leuk eigenlijk.",
        "Ik heb met een kapper gepraat en met iemand van de brandweer.",
        "Daarna wist ik zeker dat ik iets met mensen wil doen.",
    ]
    # Offsets point into the document text.
    for p in ex.passages:
        assert ex.document.text[p.start:p.end] == p.text


def test_cli_batch_with_one_bad_file(tmp_path, capsys):
    corpus = _corpus(tmp_path)
    (corpus / "kapot.vtt").write_text("WEBVTT\n", encoding="utf-8")
    (corpus / "ruis.txt").write_bytes(bytes(range(256)) * 4)
    out = tmp_path / "out"
    code = main(["extract", str(corpus), "--out", str(out), "--no-progress", "--workers", "1"])
    assert code == 1
    err = capsys.readouterr().err
    assert "kapot.vtt: no text found (the WebVTT file has no cues)" in err
    assert "ruis.txt: not a text file (binary content" in err
    docs = _rows(out / "documents.csv")
    assert sorted(d["path"].rsplit("/", 1)[-1] for d in docs) == sorted(p.name for p in FIXTURES.iterdir())
    assert {d["kind"] for d in docs} == {"transcript"}
    passages = _rows(out / "passages.csv")
    decaan = [p for p in passages if p["document"] == "gesprek-decaan" and p["speaker"] == "Decaan"]
    assert decaan and decaan[0]["kind"] == "turn"
    assert decaan[0]["text"] == "Ik begeleid de profielkeuze en organiseer de voorlichtingsavonden."
    assert decaan[0]["time"] == "00:00:04"


def test_cli_clean_batch_exits_zero(tmp_path):
    out = tmp_path / "out"
    code = main(["extract", str(FIXTURES / "gesprek-decaan.srt"), str(FIXTURES / "interview-docent.txt"),
                 "--out", str(out), "--no-progress", "--workers", "1"])
    assert code == 0
    assert len(_rows(out / "documents.csv")) == 2


def test_speaker_roles_and_groups_from_speakers_csv(tmp_path):
    corpus = _corpus(tmp_path)
    (corpus / "speakers.csv").write_text(
        "document,speaker,role,group\n"
        "*,Interviewer,interviewer,\n"
        "interview-leerling-otter.txt,Sanne,respondent,leerling\n"
        "focusgroep-ouders-teams.vtt,Ouder Jansen,respondent,ouder\n"
        "focusgroep-ouders-teams.vtt,mevr. de vries,respondent,ouder\n"
        "gesprek-decaan,Decaan,respondent,decaan\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    batch, docs = extract_run([corpus], out, Settings(workers=1), progress=False)
    assert not batch.errors
    passages = _rows(out / "passages.csv")
    by = {}
    for p in passages:
        by.setdefault((p["document"], p["speaker"]), set()).add((p["role"], p["group"]))
    assert by[("interview-leerling-otter", "Interviewer")] == {("interviewer", "")}
    assert by[("interview-leerling-otter", "Sanne")] == {("respondent", "leerling")}
    assert by[("focusgroep-ouders-teams", "Mevr. de Vries")] == {("respondent", "ouder")}   # case-insensitive
    assert by[("gesprek-decaan", "Decaan")] == {("respondent", "decaan")}                  # file stem works too
    # A speaker the map does not name is a respondent once the document has an interviewer.
    assert by[("gesprek-mentor-zoom", "Dhr. Bakker")] == {("respondent", "")}


def test_roles_without_a_map_globs_and_document_groups(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "ouders").mkdir(parents=True)
    shutil.copy(FIXTURES / "focusgroep-ouders-teams.vtt", corpus / "ouders" / "focusgroep.vtt")
    shutil.copy(FIXTURES / "interview-docent.txt", corpus / "interview-docent.txt")
    shutil.copy(FIXTURES / "gesprek-mentor-zoom.vtt", corpus / "gesprek-mentor-zoom.vtt")
    (corpus / "metadata.csv").write_text("file,group\ninterview-docent.txt,docent\n", encoding="utf-8")
    (corpus / "speakers.csv").write_text(
        "document,speaker,role,group\n"
        "ouders/*.vtt,*,respondent,ouder\n"
        "ouders/*.vtt,Interviewer,interviewer,\n",
        encoding="utf-8",
    )
    extract_run([corpus], tmp_path / "out", Settings(workers=1), progress=False)
    roles = {(p["document"], p["speaker"]): (p["role"], p["group"]) for p in _rows(tmp_path / "out" / "passages.csv")}
    # Glob rows: a named speaker beats the folder-wide "*".
    assert roles[("focusgroep", "Interviewer")] == ("interviewer", "")
    assert roles[("focusgroep", "Ouder Jansen")] == ("respondent", "ouder")
    # No row at all: the "Interviewer" label is recognised, the other speaker is a respondent
    # with the document's group from metadata.csv.
    assert roles[("interview-docent", "Interviewer")] == ("interviewer", "")
    assert roles[("interview-docent", "Docent")] == ("respondent", "docent")
    assert roles[("gesprek-mentor-zoom", "Dhr. Bakker")] == ("respondent", "")


def test_speaker_roles_without_any_interviewer_stay_empty(tmp_path):
    from miner.metadata import CorpusMetadata

    meta = CorpusMetadata()
    assert meta.speaker_roles(Path("x.vtt"), ["Anna", "Bram"]) == {}
    assert meta.speaker_roles(Path("x.vtt"), ["I", "R"]) == {"I": ("interviewer", ""), "R": ("respondent", "")}
    assert meta.speaker_roles(Path("x.vtt"), ["Interviewster 2", "Docent"], "docent") == {
        "Interviewster 2": ("interviewer", ""), "Docent": ("respondent", "docent")}


def test_empty_speaker_in_speakers_csv_is_an_error(tmp_path):
    import pytest

    from miner.errors import FormatError
    from miner.metadata import CorpusMetadata

    (tmp_path / "speakers.csv").write_text("document,speaker,role\na.txt,,respondent\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"speakers.csv:2: empty 'speaker' value"):
        CorpusMetadata.load(tmp_path)
