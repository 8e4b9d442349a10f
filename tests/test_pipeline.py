"""The batch machinery: discovery, per-file errors, store reuse, atomic outputs."""

import csv
import os

import pytest

from miner.cli import main
from miner.pipeline import Batch, assign_ids, iter_extractions
from miner.settings import Settings
from miner.store import Store

REPORT = """# Evaluatie loopbaanbegeleiding

## Knelpunten

Mentoren hebben te weinig tijd voor loopbaangesprekken. Daarnaast ontbreekt een gedeelde visie.

## Aanbevelingen

Zorg ervoor dat elke mentor een training volgt.
"""


def _corpus(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "rapport.md").write_text(REPORT, encoding="utf-8")
    (corpus / "sub" / "notities.txt").write_text("Leerlingen waarderen de meeloopdagen. Ouders kwamen graag.\n", encoding="utf-8")
    (corpus / "leeg.txt").write_bytes(b"")
    (corpus / "kapot.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    (corpus / "plaatje.png").write_bytes(b"\x89PNG\r\n")
    (corpus / ".verborgen.txt").write_text("niet lezen", encoding="utf-8")
    return corpus


def test_batch_reports_each_bad_file_and_processes_the_rest(tmp_path, capsys):
    corpus = _corpus(tmp_path)
    out = tmp_path / "out"
    code = main(["extract", str(corpus), str(tmp_path / "bestaat-niet.pdf"), "--out", str(out), "--no-progress"])
    err = capsys.readouterr().err
    assert code == 1
    assert "leeg.txt: file is empty (0 bytes)" in err
    assert "kapot.pdf:" in err
    assert "bestaat-niet.pdf: file or folder not found" in err
    assert "plaatje.png: skipped, unsupported file type '.png'" in err
    assert "2 of 5 input(s) extracted" in err and "3 failed" in err
    rows = list(csv.DictReader(open(out / "passages.csv", encoding="utf-8")))
    assert {r["document"] for r in rows} == {"rapport", "notities"}
    assert not any("niet lezen" in r["text"] for r in rows)
    knelpunt = next(r for r in rows if r["text"].startswith("Mentoren hebben"))
    assert knelpunt["section"].endswith("Knelpunten")
    # Nothing half-written left behind.
    assert not [p for p in os.listdir(out) if p.endswith(".tmp")]


def test_unchanged_files_come_from_the_store(tmp_path):
    corpus = _corpus(tmp_path)
    store = Store(tmp_path / "out")
    first = Batch()
    docs1 = [ex.document.id for ex in iter_extractions([corpus], Settings(workers=1), store, first, progress=False)]
    assert first.processed == 2 and first.reused == 0
    second = Batch()
    docs2 = [ex.document.id for ex in iter_extractions([corpus], Settings(workers=1), store, second, progress=False)]
    assert docs1 == docs2 and second.reused == 2 and second.processed == 0
    # Different settings must not reuse results made with other settings.
    third = Batch()
    list(iter_extractions([corpus], Settings(workers=1, min_passage_chars=10), store, third, progress=False))
    assert third.reused == 0 and third.processed == 2


def test_same_bytes_under_another_name_get_their_own_id(tmp_path):
    a = tmp_path / "a.md"
    a.write_text(REPORT, encoding="utf-8")
    b = tmp_path / "kopie.md"
    b.write_text(REPORT, encoding="utf-8")
    store = Store(tmp_path / "out")
    list(iter_extractions([a], Settings(workers=1), store, Batch(), progress=False))
    batch = Batch()
    exs = list(iter_extractions([b], Settings(workers=1), store, batch, progress=False))
    assert batch.reused == 1
    assert exs[0].document.id == "kopie"
    assert all(p.passage_id.startswith("kopie:") for p in exs[0].passages)


def test_ids_are_readable_and_unique(tmp_path):
    from pathlib import Path

    ids = assign_ids([Path("x/Eindrapport LOB 2019.pdf"), Path("y/eindrapport-lob-2019.txt"), Path("Één.md")])
    assert list(ids.values()) == ["eindrapport-lob-2019", "eindrapport-lob-2019-2", "een"]


def test_process_pool_gives_the_same_result_as_one_process(tmp_path):
    corpus = _corpus(tmp_path)
    one = [ex.to_dict() for ex in iter_extractions([corpus], Settings(workers=1), None, Batch(), progress=False)]
    two = [ex.to_dict() for ex in iter_extractions([corpus], Settings(workers=2), None, Batch(), progress=False)]
    assert one == two and len(one) == 2


def test_too_large_file_is_refused_up_front(tmp_path, capsys):
    big = tmp_path / "groot.txt"
    big.write_text("Leerlingen kiezen beter. " * 50_000, encoding="utf-8")  # about 1.2 MB
    small = tmp_path / "klein.txt"
    small.write_text("Ouders waren tevreden over de voorlichting.", encoding="utf-8")
    code = main(["extract", str(big), str(small), "--out", str(tmp_path / "out"), "--max-file-mb", "1", "--no-progress"])
    err = capsys.readouterr().err
    assert code == 1
    assert "groot.txt: file too large (1 MB; the limit is 1 MB" in err
    rows = list(csv.DictReader(open(tmp_path / "out" / "passages.csv", encoding="utf-8")))
    assert [r["document"] for r in rows] == ["klein"]


@pytest.mark.parametrize("content", [b"garbage, not a database", b"SQLite format 3\x00" + b"\x00" * 40])
def test_a_damaged_store_is_set_aside_and_the_run_goes_on(tmp_path, capsys, content):
    corpus = _corpus(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "miner.sqlite").write_bytes(content)
    store = Store(out)
    batch = Batch()
    docs = [ex.document.id for ex in iter_extractions([corpus], Settings(workers=1), store, batch, progress=False)]
    store.close()
    assert len(docs) == 2 and batch.processed == 2
    err = capsys.readouterr().err
    assert "miner.sqlite: not a usable project store" in err and "miner.sqlite.damaged" in err
    assert (out / "miner.sqlite.damaged").read_bytes() == content
    with Store(out) as again:          # the new store is a good one
        assert len(list(again.keys("extraction"))) == 2
