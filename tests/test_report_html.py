"""report.html and the PNG heatmaps, without a browser: content, escaping, offline, determinism."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from test_synth_matrices import CODINGS, build_corpus, make_codebook

from miner.report import write_heatmaps, write_report
from miner.report.html import heatmap_data, render_report, script_json
from miner.synth import Synthesis

HOSTILE = '</script><script>alert(1)</script><!-- & "quoted" \u2028'


@pytest.fixture
def synth(tmp_path) -> Synthesis:
    folder = build_corpus(tmp_path / "run")
    df = pd.read_csv(folder / "codings.csv", dtype=str, keep_default_na=False)
    df.loc[df["passage_id"] == "d2:00001", "text"] = HOSTILE
    df.to_csv(folder / "codings.csv", index=False)
    docs = pd.read_csv(folder / "documents.csv", dtype=str, keep_default_na=False)
    docs.loc[docs["id"] == "d4", "title"] = "<i>Bijlage</i>"
    docs.to_csv(folder / "documents.csv", index=False)
    return Synthesis.load(folder, make_codebook())


def _data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="miner-data">(.*?)</script>', page, re.S)
    assert m, "data block missing"
    return json.loads(m.group(1))


def test_report_is_self_contained(synth, tmp_path):
    page = write_report(synth, tmp_path).read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    # Offline: nothing fetched from anywhere.
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', page)
    assert "<link" not in page and "@import" not in page
    assert page.count("<script") == 2  # the data block and the inline script


def test_no_html_injection_from_quotes_or_titles(synth):
    page = render_report(synth)
    # One closing script tag per script element: the quote cannot close the data block.
    assert page.count("</script>") == 2
    assert "<script>alert(1)" not in page
    assert "<i>Bijlage</i>" not in page and "&lt;i&gt;Bijlage&lt;/i&gt;" in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page  # framework matrix, as text
    data = _data(page)
    assert any(p[5] == HOSTILE for p in data["passages"])  # round-trips exactly


def test_script_json_escapes():
    s = script_json({"t": "</script><!--&\u2028"})
    assert "<" not in s and ">" not in s and "&" not in s and "\u2028" not in s
    assert json.loads(s) == {"t": "</script><!--&\u2028"}


def test_heatmap_data_matches_matrices(synth):
    data = heatmap_data(synth)
    assert [t["id"] for t in data["themes"]] == synth.themes
    assert [t["label"] for t in data["themes"]][:3] == ["Werkveld en arbeidsmarkt", "Ouderbetrokkenheid", "Corona"]
    assert len(data["codings"]) == len(CODINGS)
    views = [v["id"] for v in data["views"]]
    assert views == ["document", "kind", "sector", "year", "speaker", "role"]
    for view in views:
        for t in ["all", *synth.types]:
            m = data["matrices"][view][t]["count"]
            # Every count cell equals the codings the page would list for it.
            for r, row in enumerate(m):
                for c, v in enumerate(row):
                    n = sum(1 for i, cd in enumerate(data["codings"])
                            if data["rowOf"][view][i] == r and cd[2] == c
                            and (t == "all" or data["types"][cd[1]]["id"] == t))
                    assert n == v, (view, t, r, c)


def test_sections_and_run_metadata(synth):
    page = render_report(synth, title="Demo")
    for anchor in ("overview", "heatmap-section", "summary", "cooccurrence", "framework", "documents", "codebook", "run"):
        assert f'id="{anchor}"' in page
    assert 'id="tracing"' not in page  # no trace.csv
    assert "4 documents: 3 reports, 1 transcript; 2019\u20132022." in page
    assert "abc123" in page and "2026-01-02T03:04:05+00:00" in page and "0.1.0" in page
    assert "Ouders &lt;betrekken&gt;." in page  # codebook definition, escaped
    # Per-document summary of d1 names its barrier themes and strongest barrier passage.
    d1 = page[page.index("Eindrapport een <span"):page.index("Tussenrapport twee <span")]
    assert "Barrier \u2014 3 coding(s)" in d1
    assert "Top themes: Werkveld en arbeidsmarkt (2), Ouderbetrokkenheid (1)" in d1
    assert d1.index("Er zijn te weinig stageplekken") < d1.index("Werkgevers zijn lastig")


def test_report_is_deterministic(synth, tmp_path):
    a = write_report(synth, tmp_path / "a").read_bytes()
    b = write_report(synth, tmp_path / "b").read_bytes()
    assert a == b


def test_tracing_section_from_trace_csv_with_missing_columns(synth, tmp_path):
    trace = pd.DataFrame([
        {"rec_id": "d1:00004", "document": "d1", "page": "3", "theme": "parents", "recommendation": "Betrek ouders <meer>.",
         "target_document": "d2", "target_year": "2021", "status": "addressed", "score": "0.61",
         "reason": "policy commits", "target_text": "We gaan ouders betrekken."},
        {"rec_id": "d1:00004", "document": "d1", "page": "3", "theme": "parents", "recommendation": "Betrek ouders <meer>.",
         "target_document": "d3", "target_year": "2021", "status": "repeated", "score": "0.44",
         "reason": "again", "target_text": "Ouders moeten meer meedoen."},
        {"rec_id": "d1:00001", "document": "d1", "page": "1", "theme": "labour_market", "recommendation": "Werkgevers eerder betrekken.",
         "target_document": "", "target_year": "", "status": "no trace", "score": "", "reason": "", "target_text": ""},
    ])  # no target_page column
    trace.to_csv(tmp_path / "trace.csv", index=False)
    page = write_report(synth, tmp_path).read_text(encoding="utf-8")
    sec = page[page.index('id="tracing"'):page.index('id="codebook"')]
    assert "Betrek ouders &lt;meer&gt;." in sec
    assert sec.count('class="st st-addressed"') == 1 and sec.count('class="st st-repeated"') == 1
    assert "no trace in any later document" in sec
    assert "addressed: 1" in sec and "no trace: 1" in sec
    assert ">Tussenrapport twee (2021)<" in sec and ">Interview drie (2021)<" in sec


def test_png_heatmaps(synth, tmp_path):
    paths = write_heatmaps(synth, tmp_path)
    assert [p.name for p in paths] == ["heatmap_all.png", "heatmap_success.png", "heatmap_barrier.png",
                                       "heatmap_precondition.png", "heatmap_recommendation.png"]
    for p in paths:
        data = p.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000
    # One figure is reused across types: each file must still show its own type's cells.
    assert len({p.read_bytes() for p in paths}) == len(paths)
    again = write_heatmaps(synth, tmp_path / "again")
    assert paths[0].read_bytes() == again[0].read_bytes()


def test_report_and_heatmaps_for_a_run_without_documents(tmp_path):
    from test_synth_matrices import _csv
    from miner.tables import CODING_COLUMNS, DOCUMENT_COLUMNS, PASSAGE_COLUMNS

    folder = tmp_path / "run"
    folder.mkdir()
    _csv(folder / "documents.csv", DOCUMENT_COLUMNS, [])
    _csv(folder / "passages.csv", PASSAGE_COLUMNS, [])
    _csv(folder / "codings.csv", CODING_COLUMNS, [])
    s = Synthesis.load(folder, make_codebook())
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        paths = write_heatmaps(s, folder)
    assert all(p.read_bytes()[:4] == b"\x89PNG" for p in paths)
    page = write_report(s, folder).read_text(encoding="utf-8")
    assert '<div class="stat"><b>0</b><span>documents</span>' in page
    assert _data(page)["codings"] == []
