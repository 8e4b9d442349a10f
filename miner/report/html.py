"""report.html: one self-contained file (inline CSS, script and data) that works offline.

Static parts (summaries, framework matrix, codebook, run metadata, tracing) are rendered here with
every piece of text escaped; the interactive heatmap is drawn by report.js from a JSON block whose
``<``, ``>`` and ``&`` are escaped, so no quote from a document can close the script or add markup.
"""

from __future__ import annotations

import html
import json
import math
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from ..fileio import write_text
from ..synth import ALL, VALUES, Synthesis
from ..model import SECTION_SEP
from ..synth.framework import location

TRACE_STATUSES = ("repeated", "addressed", "mentioned", "no trace")
VALUE_NOTES = {
    "count": "cells count coded passages (in \u201call types\u201d a passage coded under two types counts twice)",
    "share": "cells give the share of the row\u2019s coded passages that carry the theme",
    "presence": "cells are 1 when the theme occurs at all, else 0",
}


def esc(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return html.escape(str(v), quote=True)


def _asset(name: str) -> str:
    return resources.files("miner").joinpath("templates", name).read_text(encoding="utf-8")


def script_json(obj: Any) -> str:
    """JSON safe inside <script>: no "</script>", no "<!--", no HTML entities to reinterpret."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _doc_titles(s: Synthesis) -> dict[str, str]:
    return s.document_labels()


# -- the data behind the interactive heatmap ---------------------------------------------------
def heatmap_data(s: Synthesis) -> dict[str, Any]:
    titles = _doc_titles(s)
    docs = s.document_ids + sorted(set(s.codings["document"]) - set(s.document_ids))
    doc_idx = {d: i for i, d in enumerate(docs)}
    type_idx = {t: i for i, t in enumerate(s.types)}
    theme_idx = {t: i for i, t in enumerate(s.themes)}
    long = s.long_table()
    passages: list[list[Any]] = []
    p_idx: dict[str, int] = {}
    codings: list[list[Any]] = []
    for r in long.to_dict("records"):
        pid = r["passage_id"]
        if pid not in p_idx:
            p_idx[pid] = len(passages)
            page = r["page"]
            passages.append([
                doc_idx[r["document"]], None if page is None or pd.isna(page) else int(page),
                r["time"] or "", r["speaker"] or "", r["section"] or "", r["text"], pid,
            ])
        codings.append([p_idx[pid], type_idx[r["type"]], theme_idx[r["theme"]], round(float(r["score"]), 4)])

    # Row keys for every coding in each view, in long-table order (the order of ``codings``).
    from ..synth.matrices import group_keys

    ordered_codings = s.codings.set_index(["passage_id", "type", "theme"]).loc[
        list(zip(long["passage_id"], long["type"], long["theme"]))
    ].reset_index()
    views = [{"id": "document", "label": "Documents",
              "rows": [{"key": d, "label": titles.get(d, d), "title": d} for d in docs]}]
    matrices: dict[str, Any] = {"document": {}}
    row_of: dict[str, list[int]] = {"document": [doc_idx[d] for d in ordered_codings["document"]]}
    for t in [ALL, *s.types]:
        matrices["document"][t] = {v: _rows(s.theme_matrix(t, v).reindex(docs).fillna(0)) for v in VALUES}
    for attr in s.grouping_attributes():
        label = {"speaker": "Speakers", "role": "Roles"}.get(attr, f"By {attr}")
        ms = {t: {v: s.grouped_matrix(attr, t, v) for v in VALUES} for t in [ALL, *s.types]}
        keys = list(ms[ALL]["count"].index)
        views.append({"id": attr, "label": label, "rows": [_group_row(attr, k) for k in keys]})
        matrices[attr] = {t: {v: _rows(m) for v, m in by_v.items()} for t, by_v in ms.items()}
        kidx = {k: i for i, k in enumerate(keys)}
        row_of[attr] = [-1 if pd.isna(k) else kidx.get(k, -1) for k in group_keys(ordered_codings, s.documents, attr)]
    return {
        "types": [{"id": t, "label": s.label(t)} for t in s.types],
        "themes": [{"id": t, "label": s.label(t)} for t in s.themes],
        "docs": [{"id": d, "title": titles.get(d, d)} for d in docs],
        "views": views, "matrices": matrices, "rowOf": row_of,
        "passages": passages, "codings": codings,
        "values": list(VALUES), "valueNotes": VALUE_NOTES,
    }


def _group_row(attr: str, key: str) -> dict[str, str]:
    if attr == "speaker" and " / " in key:
        # Speaker first: the document id is long and would push the name out of the cell.
        doc, speaker = key.split(" / ", 1)
        return {"key": key, "label": f"{speaker} \u00b7 {doc}", "title": key}
    return {"key": key, "label": key}


def _rows(m: pd.DataFrame) -> list[list[float | int]]:
    return [[(round(float(v), 4) if isinstance(v, float) else int(v)) for v in row] for row in m.to_numpy().tolist()]


# -- static sections -----------------------------------------------------------------------------
def _heat_table(frame: pd.DataFrame, row_label, col_label, corner: str = "") -> str:
    vals = frame.to_numpy()
    peak = float(vals.max()) if vals.size else 0.0
    out = ['<div class="scroll"><table class="heat static"><thead><tr>', f'<th class="corner">{esc(corner)}</th>']
    out += [f'<th class="col" title="{esc(c)}">{esc(col_label(c))}</th>' for c in frame.columns]
    out.append("</tr></thead><tbody>")
    for r, row in zip(frame.index, vals):
        out.append(f'<tr><th class="row" title="{esc(r)}">{esc(row_label(r))}</th>')
        for v in row:
            f = math.sqrt(v / peak) if peak and v else 0.0
            bg = f"rgb({round(255 - f * 215)},{round(255 - f * 155)},{round(255 - f * 85)})"
            fg = "#fff" if f > 0.55 else ("#b9c2cc" if not v else "#1d2733")
            out.append(f'<td style="background:{bg};color:{fg};text-align:center">{esc(v)}</td>')
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def _quote_html(q: dict, s: Synthesis, doc_title: str | None = None, theme: str | None = None) -> str:
    tags = "".join(f'<span class="tag t-{esc(t)}">{esc(s.label(t))}</span>' for t in q["types"])
    if theme:
        tags += f'<span class="tag">{esc(s.label(theme))}</span>'
    # The nearest heading is enough here (the full path is in the heatmap's quotes and the CSVs).
    section = (q.get("section") or "").split(SECTION_SEP)[-1]
    where = [w for w in (doc_title, q["location"], section) if w]
    meta = " \u00b7 ".join(esc(w) for w in where)
    return (f'<p>\u201c{esc(q["text"])}\u201d<br><span class="meta">{tags}{meta} \u00b7 {q["score"]:.2f}</span></p>')


def framework_section(s: Synthesis) -> str:
    quotes = s.cell_quotes()
    titles = _doc_titles(s)
    rows = []
    for d in s.document_ids:
        cells = "".join(
            "<td>" + "".join(_quote_html(q, s) for q in quotes.get((d, t), [])) + "</td>" for t in s.themes
        )
        rows.append(f'<tr><th class="row" title="{esc(d)}">{esc(titles[d])}</th>{cells}</tr>')
    head = "".join(f"<th>{esc(s.label(t))}</th>" for t in s.themes)
    return (f'<p class="note">The {s.quotes} strongest passages per document and theme, with page or timestamp. '
            'Blank cells: the theme was not coded in that document.</p>'
            f'<div class="scroll" style="max-height:640px"><table class="framework"><thead><tr><th>Document</th>{head}'
            f'</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def documents_section(s: Synthesis) -> str:
    titles = _doc_titles(s)
    skip = {"id", "path", "sha256", "title", "warnings", "language"}
    narrow = s.codings[["document", "passage_id", "type", "theme", "score", "position", "text", "page", "time",
                        "speaker", "section"]]
    by_doc_type: dict[tuple[str, str], list[dict]] = {}
    passages: dict[str, set[str]] = {}
    for r in narrow.to_dict("records"):
        by_doc_type.setdefault((r["document"], r["type"]), []).append(r)
        passages.setdefault(r["document"], set()).add(r["passage_id"])
    parts = []
    for drow in s.documents.to_dict("records"):
        d = drow["id"]
        attrs = " \u00b7 ".join(f"{esc(k)}: {esc(v)}" for k, v in drow.items() if k not in skip and str(v) not in ("", "nan", "<NA>"))
        n_pass = len(passages.get(d, ()))
        cols = []
        for t in s.types:
            tc = by_doc_type.get((d, t))
            if not tc:
                continue
            counts: dict[str, int] = {}
            for r in tc:
                counts[r["theme"]] = counts.get(r["theme"], 0) + 1
            # Most coded first; ties in codebook order.
            order = {th: i for i, th in enumerate(s.themes)}
            themes = sorted(counts.items(), key=lambda kv: (-kv[1], order.get(kv[0], len(order))))
            top_themes = ", ".join(f"{esc(s.label(th))} ({n})" for th, n in themes[:4])
            best, seen = [], set()
            for r in sorted(tc, key=lambda r: (-r["score"], r["position"])):
                if r["passage_id"] not in seen:
                    seen.add(r["passage_id"])
                    best.append(r)
                if len(best) == 3:
                    break
            items = "".join(
                "<li>" + _quote_html({"text": r["text"], "types": [], "score": float(r["score"]),
                                      "location": location(r), "section": r["section"]}, s, theme=r["theme"]) + "</li>"
                for r in best
            )
            cols.append(f'<div><h3>{esc(s.label(t))} \u2014 {len(tc)} coding(s)</h3>'
                        f'<div class="attrs">Top themes: {top_themes}</div><ol>{items}</ol></div>')
        body = "".join(cols) or '<p class="note">No coded passages.</p>'
        parts.append(f'<details class="doc"><summary>{esc(titles[d])} <span class="note">({esc(d)}; {n_pass} coded passage(s))</span></summary>'
                     f'<div class="attrs">{attrs}</div><div class="cols">{body}</div></details>')
    return "".join(parts)


def trace_section(trace: pd.DataFrame | None, s: Synthesis) -> str:
    if trace is None:
        return ""
    # Plain titles: the trace shows each target's year itself.
    titles = {r["id"]: r.get("title") or r["id"] for r in s.documents.to_dict("records")}
    t = trace.copy()
    for col in ("rec_id", "document", "page", "theme", "recommendation", "target_document", "target_year", "status",
                "score", "reason", "target_page", "target_text"):
        if col not in t.columns:
            t[col] = ""
        t[col] = t[col].fillna("").astype(str)
    if t.empty:
        return '<section id="tracing"><h2>Recommendation tracing</h2><p class="note">No recommendations to trace.</p></section>'
    recs = t.drop_duplicates("rec_id")[["rec_id", "document", "page", "theme", "recommendation"]]
    targets = t[(t["target_document"] != "") & (t["status"] != "no trace")][["target_document", "target_year"]]
    targets = targets.drop_duplicates("target_document")
    targets = targets.assign(_y=pd.to_numeric(targets["target_year"], errors="coerce")).sort_values(
        ["_y", "target_document"], kind="mergesort", na_position="last")
    cols = list(targets["target_document"])
    counts = t.drop_duplicates(["rec_id", "target_document", "status"])["status"].value_counts()
    legend = "".join(f'<span class="st-{esc(st.replace(" ", "-"))}">{esc(st)}: {int(counts.get(st, 0))}</span>' for st in TRACE_STATUSES)
    legend += '<span class="st-none">\u2013 no match in that document</span>'
    head = "".join(
        f'<th title="{esc(c)}">{esc(titles.get(c, c))}{" (" + esc(y) + ")" if y else ""}</th>'
        for c, y in zip(targets["target_document"], targets["target_year"])
    )
    # First link per (recommendation, target) and each recommendation's statuses, in one pass.
    first: dict[tuple[str, str], dict] = {}
    statuses: dict[str, set[str]] = {}
    for r in t.to_dict("records"):
        first.setdefault((r["rec_id"], r["target_document"]), r)
        statuses.setdefault(r["rec_id"], set()).add(r["status"])
    rows = []
    for rec in recs.to_dict("records"):
        cells = []
        for c in cols:
            h = first.get((rec["rec_id"], c))
            if h is None:
                cells.append('<td class="st st-none">\u2013</td>')
                continue
            tip = f"{h['reason']}\n{('p. ' + h['target_page'] + ': ') if h['target_page'] else ''}{h['target_text']}"
            score = f"<br><small>{esc(_num(h['score']))}</small>" if h["score"] else ""
            cells.append(f'<td class="st st-{esc(h["status"].replace(" ", "-"))}" title="{esc(tip)}">{esc(h["status"])}{score}</td>')
        where = [titles.get(rec["document"], rec["document"]) + (f", p. {rec['page']}" if rec["page"] else "")]
        themes = [s.label(x.strip()) for x in rec["theme"].replace(";", ",").split(",") if x.strip()]
        if themes:
            where.append(", ".join(themes))
        if statuses.get(rec["rec_id"]) == {"no trace"}:
            where.append("no trace in any later document")
        rows.append(
            '<tr><th class="rec">'
            f'{esc(rec["recommendation"])}<br><span class="note">{esc(" · ".join(where))}</span></th>{"".join(cells)}</tr>'
        )
    return (
        '<section id="tracing"><h2>Recommendation tracing</h2>'
        '<p class="note">Each recommendation (rows) followed into the documents that came after it (columns). '
        'Hover a cell for the reason and the matching passage. See trace.csv for every link.</p>'
        f'<p class="legend">{legend}</p>'
        f'<div class="scroll" style="max-height:640px"><table class="trace"><thead><tr><th>Recommendation</th>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div></section>'
    )


def _num(v: str) -> str:
    try:
        return f"{float(v):.2f}"
    except ValueError:
        return v


def codebook_section(s: Synthesis) -> str:
    cb = s.codebook_table()
    name = f"{s.codebook.name} {s.codebook.version}".strip() if s.codebook else "(not available: ids as found in the codings)"
    rows = "".join(
        f"<tr><td>{esc(r['facet'])}</td><td><code>{esc(r['id'])}</code></td><td>{esc(r['label'])}</td>"
        f"<td>{esc(r['definition'])}</td><td>{esc(r['include'])}</td><td>{esc(r['exclude'])}</td></tr>"
        for r in cb.to_dict("records")
    )
    used = s.run.get("codebook_hash") or ""
    shown = s.codebook.hash() if s.codebook else ""
    warn = ""
    if used and shown and used != shown:
        warn = (f'<p class="note"><b>Note:</b> the codings were made with codebook hash {esc(used)}; the labels and '
                f'definitions below are from the codebook as it is now (hash {esc(shown)}).</p>')
    return (f'<p class="note">Codebook: {esc(name)}; hash {esc(used or shown)}.</p>{warn}'
            '<div class="scroll"><table><thead><tr><th>Facet</th><th>Id</th><th>Label</th><th>Definition</th>'
            f'<th>Include</th><th>Exclude</th></tr></thead><tbody>{rows}</tbody></table></div>')


def run_section(s: Synthesis) -> str:
    run = s.run
    keys = ["miner_version", "command", "date", "codebook", "codebook_hash", "settings", "settings_hash", "python"]
    rows = [(k, run.get(k)) for k in keys if run.get(k) not in (None, "")]
    rows += [(k, v) for k, v in sorted(run.items()) if k not in keys]
    body = "".join(
        f"<tr><th>{esc(k)}</th><td>"
        + (f"<pre>{esc(json.dumps(v, indent=2, sort_keys=True, ensure_ascii=False, default=str))}</pre>" if isinstance(v, (dict, list)) else esc(v))
        + "</td></tr>"
        for k, v in rows
    )
    return f'<table class="kv">{body}</table>'


# -- the page ----------------------------------------------------------------------------------
def _corpus_note(s: Synthesis) -> str:
    """"10 documents: 6 reports, 4 transcripts; 2016–2023." """
    docs = s.documents
    if docs.empty:
        return "No documents were read."
    kinds = docs["kind"].value_counts() if "kind" in docs else pd.Series(dtype=int)
    parts = [f"{n} {k}{'s' if n != 1 else ''}" for k, n in sorted(kinds.items()) if k]
    note = f"{len(docs)} document{'s' if len(docs) != 1 else ''}" + (f": {', '.join(parts)}" if parts else "")
    if "year" in docs:
        years = pd.to_numeric(docs["year"], errors="coerce").dropna().astype(int)
        if len(years):
            note += f"; {years.min()}\u2013{years.max()}" if years.min() != years.max() else f"; {years.min()}"
    return note + "."


def render_report(s: Synthesis, title: str | None = None, trace: pd.DataFrame | None = None) -> str:
    title = title or f"miner report: {s.run.get('corpus') or 'coded documents'}"
    n_pass = int(s.codings["passage_id"].nunique())
    tt = s.type_theme()
    label = s.label
    nav = [("overview", "Overview"), ("heatmap-section", "Theme matrix"), ("summary", "Type \u00d7 theme"),
           ("cooccurrence", "Co-occurrence"), ("framework", "Framework matrix"), ("documents", "Documents")]
    if trace is not None:
        nav.append(("tracing", "Recommendation tracing"))
    nav += [("codebook", "Codebook"), ("run", "Run")]
    stats = [
        (len(s.documents), "documents"), (n_pass, "coded passages"), (len(s.codings), "codings"),
        (len(s.themes), "themes"), (len(s.types), "types"),
    ]
    date = s.run.get("date", "")
    corpus_note = _corpus_note(s)
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title><style>{_asset('report.css')}</style></head><body>",
        f'<header class="top"><h1>{esc(title)}</h1><div class="sub">miner {esc(s.run.get("miner_version", ""))} \u00b7 '
        f'codebook {esc(s.codebook.name if s.codebook else "")} ({esc(s.run.get("codebook_hash", ""))}) \u00b7 {esc(date)}</div></header>',
        '<nav class="toc">' + "".join(f'<a href="#{a}">{esc(b)}</a>' for a, b in nav) + "</nav><main>",
        '<section id="overview"><div class="stats">'
        + "".join(f'<div class="stat"><b>{n}</b><span>{esc(w)}</span></div>' for n, w in stats) + "</div>",
        f'<p class="note">{esc(corpus_note)}</p>'
        '<p class="note">Every number in this report traces to passages: click a heatmap cell, or see '
        'codings_long.csv. Matrices are also in matrices.xlsx and matrices/*.csv.</p></section>',
        '<section id="heatmap-section"><h2>Theme matrix</h2><div class="controls">'
        '<label>Rows <select id="rows-filter"></select></label>'
        '<label>Type <select id="type-filter"></select></label>'
        '<label>Cells <select id="value-filter"></select></label></div>'
        '<p class="note" id="heatmap-caption"></p>'
        '<div class="scroll" style="max-height:620px"><table class="heat" id="heatmap"></table></div>'
        '<div id="quotes" aria-live="polite"></div>'
        '<noscript><p class="note">The interactive heatmap needs JavaScript; the same matrices are in matrices.xlsx.</p></noscript></section>',
        '<section id="summary"><h2>Type \u00d7 theme across the corpus</h2><p class="note">Number of codings.</p>'
        + _heat_table(tt, label, label, "type") + "</section>",
        '<section id="cooccurrence"><h2>Theme co-occurrence</h2>'
        '<h3>In the same passage</h3><p class="note">Passages coded with both themes; the diagonal is the passages coded with the theme.</p>'
        + _heat_table(s.cooccurrence(0), label, label)
        + f'<h3>Within {s.window} passages</h3><p class="note">Read by row: of the passages about the row theme, how many have '
        f'a passage about the column theme within {s.window} passages in the same document.</p>'
        + _heat_table(s.cooccurrence(s.window), label, label) + "</section>",
        '<section id="framework"><h2>Framework matrix</h2>' + framework_section(s) + "</section>",
        '<section id="documents"><h2>Documents</h2><p class="note">Per document: the themes it codes most under each type, '
        'and its strongest passages.</p>' + documents_section(s) + "</section>",
        trace_section(trace, s),
        '<section id="codebook"><h2>Codebook</h2>' + codebook_section(s) + "</section>",
        '<section id="run"><h2>Run</h2>' + run_section(s) + "</section></main>",
        f'<footer>Made with miner {esc(s.run.get("miner_version", ""))}. This file is self-contained and works offline.</footer>',
        f'<script type="application/json" id="miner-data">{script_json(heatmap_data(s))}</script>',
        f"<script>{_asset('report.js')}</script></body></html>\n",
    ]
    return "".join(parts)


def read_trace(folder: str | Path) -> pd.DataFrame | None:
    path = Path(folder) / "trace.csv"
    if not path.exists():
        return None
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def write_report(s: Synthesis, out: str | Path, title: str | None = None, include_trace: bool | None = None) -> Path:
    """Write ``out``/report.html; its tracing section comes from ``out``/trace.csv when that exists
    (``include_trace=None``), or only when asked (True/False)."""
    out = Path(out)
    path = out / "report.html"
    trace = read_trace(out) if include_trace in (None, True) else None
    write_text(path, render_report(s, title, trace))
    return path
