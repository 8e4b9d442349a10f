"""``miner run``: orchestration (with a stand-in coding stage) and, when the coder exists, end to end."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pandas as pd
import pytest

from test_synth_matrices import CODINGS, build_corpus, make_codebook

import miner.coding
from miner.cli import main
from miner.errors import ExtractionError
from miner.pipeline import Batch
from miner.runall import run_corpus
from miner.settings import Settings


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "mijn-corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Een tekst.\n", encoding="utf-8")
    return folder


@pytest.fixture
def fake_coder(monkeypatch):
    """A coding stage that writes the hand-coded corpus and reports one unreadable file."""
    calls = []

    def code_run(paths, codebook, out, settings=None, progress=True, model=None):
        calls.append({"paths": paths, "model": model, "progress": progress})
        build_corpus(Path(out))
        batch = Batch(files=[Path("x")] * 5)
        batch.processed = 4
        batch.errors.append(ExtractionError("file is encrypted", path="corpus/geheim.pdf"))
        return batch

    monkeypatch.setattr(miner.coding, "code_run", code_run)
    return calls


def _no_trace(monkeypatch):
    import miner.runall

    monkeypatch.setattr(miner.runall, "tracing_available", lambda: False)


def test_failed_file_gives_nonzero_status_but_all_outputs(corpus, tmp_path, fake_coder, monkeypatch):
    _no_trace(monkeypatch)
    out = tmp_path / "out"
    outcome = run_corpus(corpus, out, codebook=make_codebook(), progress=False)
    assert outcome.status == 1
    for rel in ("report.html", "matrices.xlsx", "codings_long.csv", "matrices/theme_count_all.csv",
                "matrices/framework.csv", "heatmaps/heatmap_all.png", "heatmaps/heatmap_barrier.png", "run.json"):
        assert (out / rel).is_file(), rel
    run = json.loads((out / "run.json").read_text())
    assert run["command"] == "run" and run["corpus"] == "mijn-corpus" and run["codebook_hash"] == "abc123"
    assert "report.html" in run["outputs"] and "matrices/theme_count_all.csv" in run["outputs"]
    long = pd.read_csv(out / "codings_long.csv")
    assert len(long) == len(CODINGS)
    assert not list(out.rglob("*.tmp"))  # nothing half-written left behind
    import os
    import stat

    mask = os.umask(0)
    os.umask(mask)
    for rel in ("report.html", "matrices.xlsx", "heatmaps/heatmap_all.png"):
        # Readable like any file the user makes (not private, as a bare temporary file would be).
        assert stat.S_IMODE((out / rel).stat().st_mode) == 0o666 & ~mask, rel


def test_outputs_are_deterministic(corpus, tmp_path, fake_coder, monkeypatch):
    _no_trace(monkeypatch)
    a, b = tmp_path / "a", tmp_path / "b"
    run_corpus(corpus, a, codebook=make_codebook(), progress=False)
    run_corpus(corpus, b, codebook=make_codebook(), progress=False)
    # (the project store is a cache that records when it learned each entry, not an output)
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file() and p.name != "miner.sqlite")
    assert len(files) > 30
    for rel in files:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel


def test_tracing_feeds_the_report(corpus, tmp_path, fake_coder, monkeypatch):
    import miner.tracing

    def trace_run(out):
        pd.DataFrame([{"rec_id": "d1:00004", "document": "d1", "page": "3", "theme": "parents",
                       "recommendation": "Betrek ouders vaker.", "target_document": "d2", "target_year": "2021",
                       "status": "repeated", "score": "0.5", "reason": "r", "target_page": "4",
                       "target_text": "Ouders opnieuw."}]).to_csv(Path(out) / "trace.csv", index=False)
        return Path(out) / "trace.csv"

    monkeypatch.setattr(miner.tracing, "trace_run", trace_run)
    out = tmp_path / "out"
    # workers=1: trace in this process, where the stand-in is patched in.
    outcome = run_corpus(corpus, out, codebook=make_codebook(), progress=False, settings=Settings(workers=1))
    assert outcome.traced
    page = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="tracing"' in page and "Betrek ouders vaker." in page
    assert "trace.csv" in json.loads((out / "run.json").read_text())["outputs"]


def test_tracing_failure_keeps_report_and_fails_the_run(corpus, tmp_path, fake_coder, monkeypatch, capsys):
    import miner.tracing

    def broken(out):
        raise RuntimeError("boom")

    monkeypatch.setattr(miner.tracing, "trace_run", broken)
    out = tmp_path / "out"
    (out).mkdir()
    (out / "trace.csv").write_text("rec_id,status\nold,repeated\n")  # from an earlier run
    outcome = run_corpus(corpus, out, codebook=make_codebook(), progress=False, settings=Settings(workers=1))
    assert outcome.status == 1 and not outcome.traced
    assert "tracing failed: RuntimeError: boom" in capsys.readouterr().err
    assert (out / "report.html").exists() and not (out / "trace.csv").exists()
    assert 'id="tracing"' not in (out / "report.html").read_text(encoding="utf-8")
    assert json.loads((out / "run.json").read_text())["stage_errors"] == ["tracing failed: RuntimeError: boom"]


def test_cli_run_exit_code_and_messages(corpus, tmp_path, fake_coder, monkeypatch, capsys):
    _no_trace(monkeypatch)
    import miner.codebook_io

    monkeypatch.setattr(miner.codebook_io, "load_codebook", lambda name: make_codebook())
    out = tmp_path / "out"
    code = main(["run", str(corpus), "--out", str(out), "--no-progress", "--model", "m.json"])
    cap = capsys.readouterr()
    assert code == 1
    assert "corpus/geheim.pdf: file is encrypted" in cap.err
    assert f"wrote {out}/" in cap.out
    assert fake_coder[-1]["model"] == "m.json" and fake_coder[-1]["progress"] is False
    assert (out / "report.html").exists()


def test_cli_run_missing_corpus(tmp_path, capsys):
    code = main(["run", str(tmp_path / "nergens"), "--no-progress"])
    assert code == 1
    assert "nergens: corpus folder not found" in capsys.readouterr().err


def test_default_output_folder_is_named_after_the_corpus(corpus, tmp_path, fake_coder, monkeypatch):
    _no_trace(monkeypatch)
    monkeypatch.chdir(tmp_path)
    outcome = run_corpus(corpus, codebook=make_codebook(), progress=False)
    assert outcome.out == Path("outputs") / "mijn-corpus"
    assert (tmp_path / "outputs" / "mijn-corpus" / "report.html").exists()


REAL_CODER = importlib.util.find_spec("miner.coding.run") is not None and importlib.util.find_spec("miner.codebook_io") is not None


@pytest.mark.skipif(not REAL_CODER, reason="the coding stage (miner.coding.run) is not available")
def test_end_to_end_and_incremental_recoding(tmp_path):
    from miner.store import Store

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "rapport-a.txt").write_text(
        "Belemmerende factoren\n\nEr is te weinig tijd voor loopbaanbegeleiding in het rooster.\n\n"
        "Aanbevelingen\n\nZorg ervoor dat ouders vaker betrokken worden bij de studiekeuze.\n", encoding="utf-8")
    (corpus / "rapport-b.txt").write_text(
        "Succesfactoren\n\nDe samenwerking met werkgevers in de regio werkt goed voor stages.\n", encoding="utf-8")
    out = tmp_path / "out"
    first = run_corpus(corpus, out, progress=False)
    assert first.status == 0
    codings = pd.read_csv(out / "codings.csv")
    matrix = pd.read_csv(out / "matrices" / "theme_count_all.csv", index_col=0)
    assert matrix.to_numpy().sum() == len(codings.drop_duplicates(["passage_id", "type", "theme"]))
    with Store(out) as st:
        before = set(st.keys("codings"))
    (corpus / "rapport-c.txt").write_text(
        "Knelpunten\n\nMentoren hebben onvoldoende tijd voor gesprekken met leerlingen.\n", encoding="utf-8")
    second = run_corpus(corpus, out, progress=False)
    assert second.status == 0
    with Store(out) as st:
        after = set(st.keys("codings"))
    assert len(after - before) == 1  # only the new document was coded
    docs = pd.read_csv(out / "documents.csv")
    assert sorted(docs["id"]) == ["rapport-a", "rapport-b", "rapport-c"]
    assert "rapport-c" in (out / "report.html").read_text(encoding="utf-8")


def test_cli_window_and_quotes(corpus, tmp_path, fake_coder, monkeypatch, capsys):
    _no_trace(monkeypatch)
    import miner.codebook_io

    monkeypatch.setattr(miner.codebook_io, "load_codebook", lambda name: make_codebook())
    out = tmp_path / "out"
    main(["run", str(corpus), "--out", str(out), "--no-progress", "--window", "1", "--quotes", "1"])
    assert (out / "matrices" / "cooccurrence_window1.csv").exists()
    assert json.loads((out / "run.json").read_text())["synthesis"] == {"window": 1, "quotes": 1}
    fw = pd.read_csv(out / "matrices" / "framework.csv", index_col=0, keep_default_na=False)
    assert fw.loc["d1", "labour_market"].count("\u201c") == 1
    assert main(["run", str(corpus), "--out", str(out), "--window", "-1"]) == 1
    assert "--window must be 0 or more" in capsys.readouterr().err


def test_synthesise_an_already_coded_folder(tmp_path, monkeypatch):
    from miner.runall import synthesise_run

    _no_trace(monkeypatch)
    folder = build_corpus(tmp_path / "coded")
    outcome = synthesise_run(folder, make_codebook(), progress=False)
    assert outcome.status == 0
    assert "<title>miner report: coded</title>" in (folder / "report.html").read_text(encoding="utf-8")
    assert (folder / "matrices" / "theme_count_all.csv").exists() and (folder / "heatmaps" / "heatmap_all.png").exists()


def test_old_trace_is_left_out_when_tracing_is_off(corpus, tmp_path, fake_coder, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    pd.DataFrame([{"rec_id": "x", "recommendation": "Een oude aanbeveling.", "status": "repeated"}]).to_csv(out / "trace.csv", index=False)
    run_corpus(corpus, out, codebook=make_codebook(), progress=False, trace=False)
    page = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="tracing"' not in page and "Een oude aanbeveling." not in page
    assert "trace.csv" not in json.loads((out / "run.json").read_text())["outputs"]


def test_background_trace_feeds_the_report(corpus, tmp_path, fake_coder):
    # Default settings: the real tracer runs in a second process while the matrices are made.
    out = tmp_path / "out"
    outcome = run_corpus(corpus, out, codebook=make_codebook(), progress=False)
    assert outcome.traced and outcome.errors == []
    trace = pd.read_csv(out / "trace.csv", dtype=str, keep_default_na=False)
    assert set(trace["rec_id"]) == {"d1:00001", "d1:00004"}  # the two hand-coded recommendations
    page = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="tracing"' in page and "Betrek ouders &lt;b&gt;vaker&lt;/b&gt;" in page


def test_a_closed_pipe_ends_quietly():
    import subprocess
    import sys

    # stdout is a pipe whose reader has gone ("miner codebook show lob | head -1").
    code = ("import os, sys; r, w = os.pipe(); os.close(r); os.dup2(w, 1); "
            "from miner.cli import main; sys.exit(main(['codebook', 'show', 'lob']))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 141
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr and "Exception" not in proc.stderr


def test_an_unchanged_rerun_keeps_the_synthesis(corpus, tmp_path, fake_coder, monkeypatch, capsys):
    _no_trace(monkeypatch)
    out = tmp_path / "out"
    first = run_corpus(corpus, out, codebook=make_codebook(), progress=False)
    assert not first.reused
    report = (out / "report.html").read_bytes()
    second = run_corpus(corpus, out, codebook=make_codebook(), progress=False)
    assert second.reused and second.status == first.status
    assert (out / "report.html").read_bytes() == report
    info = json.loads((out / "run.json").read_text())
    assert info["synthesis"]["reused"] is True
    assert sorted(info["outputs"]) == sorted(str(p.relative_to(out)) for p in second.files)
    # other synthesis settings: made anew
    third = run_corpus(corpus, out, codebook=make_codebook(), progress=False, window=1)
    assert not third.reused and (out / "matrices" / "cooccurrence_window1.csv").exists()


@pytest.mark.parametrize("damage", ["delete", "edit"])
def test_a_missing_or_edited_output_is_made_again(corpus, tmp_path, fake_coder, monkeypatch, damage):
    _no_trace(monkeypatch)
    out = tmp_path / "out"
    run_corpus(corpus, out, codebook=make_codebook(), progress=False)
    heatmap = out / "heatmaps" / "heatmap_all.png"
    original = heatmap.read_bytes()
    if damage == "delete":
        heatmap.unlink()
    else:
        heatmap.write_bytes(b"not a png")
    again = run_corpus(corpus, out, codebook=make_codebook(), progress=False)
    assert not again.reused and heatmap.read_bytes() == original


def test_a_failed_stage_is_not_kept_for_reuse(corpus, tmp_path, fake_coder, monkeypatch):
    import miner.tracing

    monkeypatch.setattr(miner.tracing, "trace_run", lambda out: (_ for _ in ()).throw(RuntimeError("boom")))
    out = tmp_path / "out"
    for _ in range(2):
        outcome = run_corpus(corpus, out, codebook=make_codebook(), progress=False, settings=Settings(workers=1))
        assert not outcome.reused and outcome.status == 1


def test_new_document_dates_in_metadata_make_the_synthesis_anew(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "rapport-a.txt").write_text(
        "Aanbevelingen\n\nZorg ervoor dat ouders vaker betrokken worden bij de studiekeuze.\n", encoding="utf-8")
    (corpus / "rapport-b.txt").write_text(
        "Knelpunten\n\nOuders worden nog steeds te weinig betrokken bij de studiekeuze.\n", encoding="utf-8")
    (corpus / "metadata.csv").write_text("file,year\nrapport-a.txt,2019\nrapport-b.txt,2022\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "--no-progress"]) == 0
    assert main(["run", str(corpus), "--out", str(out), "--no-progress"]) == 0
    assert "kept as they are" in capsys.readouterr().err
    (corpus / "metadata.csv").write_text("file,year\nrapport-a.txt,2023\nrapport-b.txt,2022\n", encoding="utf-8")
    assert main(["run", str(corpus), "--out", str(out), "--no-progress"]) == 0
    assert "kept as they are" not in capsys.readouterr().err
