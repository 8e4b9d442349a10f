"""Follow each recommendation into the documents that came after it.

For a recommendation passage and each later document, the candidate passages of that document
(coded passages and passages with commitment language) are scored by :class:`~.match.Matcher`;
those at or above the threshold are matches, the best few are kept, and the link gets a kind:

* **addressed**  a passage commits to action ("zal ... invoeren", "hebben ... besloten", "per 2020")
  in a policy document (title, organisation or kind hints: brief, beleid, ministerie, ...), or a
  strong commitment in a document that is not an evaluation;
* **repeated**   a later non-policy document codes the matching passage as a recommendation or a
  barrier: the advice is given again, or the problem it was to solve is still there;
* **mentioned**  the passage matches but is neither;

and a recommendation with no match in any later document gets one **no trace** row.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .match import Matcher, PairEvidence
from .order import When, basis, document_times, is_later
from .text import commitment, content_lemmas, is_strong_commitment, per_text, persists, progress

TRACE_COLUMNS = [
    "rec_id", "document", "page", "theme", "recommendation", "target_document", "target_year", "status", "score",
    "reason", "target_page", "target_text",
    # Beyond the columns the report reads: for filtering and for going back to the passages.
    "year", "target_passage_id", "target_type", "other_matches",
]
STATUSES = ("repeated", "addressed", "mentioned", "no trace")
_PRIORITY = {"addressed": 0, "repeated": 1, "mentioned": 2}

_POLICY_HINTS = re.compile(
    r"(brief|beleid|ministerie|minister|staatssecretaris|kabinet|regering|\bocw\b|policy|letter|government|"
    r"kamerstuk|tweede kamer|beleidsreactie)", re.I)
_EVALUATION_HINTS = re.compile(
    r"(evaluatie|rapport|onderzoek|monitor|evaluation|review|verkenning|\breport\b)", re.I)
# Metadata columns that describe what a document is or who wrote it.
_DESCRIBING_COLUMNS = ("kind", "type", "genre", "doctype", "document_type", "category", "organisation",
                       "organization", "author", "publisher", "source", "title")


@dataclass(frozen=True)
class TraceSettings:
    """Knobs of the tracer; all of them are recorded with every trace output.

    ``threshold`` was tuned on the demo corpus gold (benchmarks/trace_eval.py); see the package
    docstring for how it was chosen.
    """

    threshold: float = 0.30
    top_k: int = 3                                   # matches kept (and listed) per later document
    rec_types: tuple[str, ...] = ("recommendation",)
    repeat_types: tuple[str, ...] = ("recommendation", "barrier")
    lemma_weight: float = 0.5
    char_weight: float = 0.2
    fuzzy_weight: float = 0.3
    theme_boost: float = 0.25                        # x(1 + boost) when a coded theme is shared
    name_bonus: float = 0.15                         # added for shared rare names, scaled by rarity
    min_lemmas: int = 3                              # shorter candidates (headings, fragments) are noise
    mention_threshold: float | None = None           # a stricter bar for "mentioned" links (None: threshold)
    min_shared: int = 2                              # lemmas (or compound parts) a match must share, unless a rare name
    common_share: float = 0.2                        # ... not counting words found in more than this share of passages
    # Interviews are evidence, not reports or responses: by default they neither give nor receive links.
    include_transcripts: bool = False
    kind_margin: float = 0.85                        # addressed > repeated > mentioned among matches this close to the best

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def with_(self, **changes: Any) -> "TraceSettings":
        d = asdict(self)
        d.update(changes)
        return TraceSettings(**d)


@dataclass
class TraceInfo:
    """What a trace was computed from; filled in by :func:`trace` for the run info."""

    order_basis: str = ""
    document_order: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    recommendations: int = 0
    candidates: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def trace(results, settings: TraceSettings | None = None, *, recommendations: list[str] | None = None,
          info: TraceInfo | None = None) -> pd.DataFrame:
    """The trace table of a loaded run folder (:func:`miner.results.load_results`).

    ``recommendations`` overrides which passages are traced (passage ids), e.g. a gold set;
    by default every passage coded with a type in ``settings.rec_types``. ``info``, when given,
    receives the document order and warnings. Returns a DataFrame with :data:`TRACE_COLUMNS`,
    one row per (recommendation, later document) link plus one "no trace" row for each
    recommendation without any link; empty (header only) when there is nothing to trace.
    """
    settings = settings or TraceSettings()
    info = info if info is not None else TraceInfo()
    documents = _documents(results)
    passages = _passages(results, documents)
    codings = results.codings if results.codings is not None else pd.DataFrame(columns=["passage_id", "type", "theme"])
    times, warnings = document_times(documents)
    info.warnings.extend(warnings)
    info.order_basis = basis(times)
    chrono = _chronological(times)
    info.document_order = [
        {"document": d, "year": times[d].label(), "file_position": times[d].position}
        for d in sorted(times, key=lambda d: chrono[d])
    ]
    if passages.empty:
        return _frame([])

    types_of: dict[str, set[str]] = {}
    themes_of: dict[str, set[str]] = {}
    for pid, typ, theme in zip(codings.get("passage_id", []), codings.get("type", []), codings.get("theme", [])):
        types_of.setdefault(str(pid), set()).add(str(typ))
        if str(theme):
            themes_of.setdefault(str(pid), set()).add(str(theme))

    if recommendations is None:
        rec_ids = {pid for pid, ts in types_of.items() if ts & set(settings.rec_types)}
    else:
        rec_ids = set(recommendations)
    if not settings.include_transcripts and "kind" in documents.columns:
        skipped = set(documents.loc[documents["kind"].astype(str) == "transcript", "id"])
        if skipped:
            info.warnings.append(f"{len(skipped)} transcript(s) left out (include_transcripts is off)")
            dropped = passages["document"].isin(skipped)
            rec_ids -= set(passages.loc[dropped, "passage_id"])
            passages = passages[~dropped].reset_index(drop=True)
    row_of = {pid: i for i, pid in enumerate(passages["passage_id"])}
    missing = sorted(rec_ids - row_of.keys())
    if missing:
        info.warnings.append(f"{len(missing)} recommendation passage(s) not in passages.csv, skipped: "
                             + ", ".join(missing[:5]))
    docs = passages["document"].tolist()
    rec_rows = sorted((row_of[p] for p in rec_ids if p in row_of), key=lambda r: (chrono.get(docs[r], len(chrono)), r))
    info.recommendations = len(rec_rows)
    if not rec_rows:
        return _frame([])

    texts = passages["text"].tolist()
    lemmas = per_text(content_lemmas, texts)
    lemma_counts = [len(ls) for ls in lemmas]
    block_kinds = passages["kind"].tolist()
    # A heading names a topic, a sentence ending in ":" announces a list and a question asks:
    # none of them repeats or answers a recommendation (the list items themselves are candidates).
    # The commitment cue is looked for last, and only in the passages that may still be candidates.
    pids = passages["passage_id"].tolist()
    commitments: dict[int, str] = {}
    cand_rows = [
        i for i, pid in enumerate(pids)
        if lemma_counts[i] >= settings.min_lemmas and block_kinds[i] != "heading"
        and not texts[i].rstrip().endswith((":", "?")) and not _heading_like(texts[i])
        and (pid in types_of or commitments.setdefault(i, commitment(texts[i])))
    ]
    commitments = {i: commitments[i] if i in commitments else commitment(texts[i]) for i in cand_rows}
    info.candidates = len(cand_rows)
    # "nog steeds niet" undoes "sinds 2018": the state of play reported is that it is not done.
    # Only candidates are ever asked about, so the cues are found for those alone.
    unresolved = {i: persists(texts[i]) for i in cand_rows}
    progresses = {i: "" if unresolved[i] else progress(texts[i]) for i in cand_rows}
    policy = {d: _is_policy(documents, d) for d in documents["id"]}
    evaluation = {d: _is_evaluation(documents, d) for d in documents["id"]}

    matcher = Matcher(texts, lemmas, settings)
    pages = passages["page"].array            # .at's scalars (numpy ints, NA), without its per-call cost
    rec_themes = [themes_of.get(pids[r], set()) for r in rec_rows]
    cand_themes = [themes_of.get(pids[c], set()) for c in cand_rows]
    later_docs_order = sorted(times, key=lambda d: chrono[d])
    scores = matcher.scores(rec_rows, cand_rows, rec_themes, cand_themes,
                            needed=_later_pairs(rec_rows, cand_rows, docs, times, later_docs_order))

    cands_by_doc: dict[str, list[int]] = {}
    for b, c in enumerate(cand_rows):
        cands_by_doc.setdefault(docs[c], []).append(b)
    # Ascending column numbers, so that the first maximum is the lowest passage row, the tie
    # break of the ranking.
    cand_cols = {d: np.asarray(cols) for d, cols in cands_by_doc.items()}

    rows: list[dict[str, Any]] = []
    for a, r in enumerate(rec_rows):
        src_doc = docs[r]
        src_when = times.get(src_doc, When(len(times)))
        rec = _rec_fields(pids[r], docs[r], pages[r], texts[r], rec_themes[a], src_when)
        row = scores[a]
        linked = False
        searched = 0
        closest: tuple[float, str, Any] = (0.0, "", None)
        for d in later_docs_order:
            if d == src_doc or not is_later(src_when, times[d]):
                continue
            cols = cand_cols.get(d)
            if cols is None:
                continue
            searched += len(cols)
            # Ranked by (-score, passage row) as a full sort would, but only the best and the
            # few at or above the threshold are put in order.
            sub = row[cols]
            best = int(cols[np.argmax(sub)])
            if scores[a, best] > closest[0]:
                closest = (min(1.0, float(scores[a, best])), d, pages[cand_rows[best]])
            above = np.flatnonzero(sub >= settings.threshold)
            if not len(above):
                continue
            matches = cols[above][np.lexsort((cols[above], -sub[above]))][: settings.top_k].tolist()
            kinds = {b: _link_kind(types_of.get(pids[cand_rows[b]], set()), commitments[cand_rows[b]],
                                   progresses[cand_rows[b]], unresolved[cand_rows[b]], policy[d], evaluation[d], settings)
                     for b in matches}
            # The best match decides, but a stronger kind close behind it wins: a letter restates
            # the problem before acting on it, an evaluation reports the state of play before it
            # recommends again, and for policy staff the commitment or the repeat is the news.
            best = matches[0]
            chosen = min(
                (b for b in matches if b == best or scores[a, b] >= settings.kind_margin * scores[a, best]),
                key=lambda b: (_PRIORITY[kinds[b]], b != best),
            )
            if kinds[chosen] == "mentioned" and scores[a, chosen] < (settings.mention_threshold or 0.0):
                continue
            linked = True
            c = cand_rows[chosen]
            ev = matcher.evidence(r, c, float(scores[a, chosen]), rec_themes[a], cand_themes[chosen])
            target_types = types_of.get(pids[c], set())
            rows.append({
                **rec,
                "target_document": d,
                "target_year": times[d].label(),
                "status": kinds[chosen],
                "score": round(min(1.0, float(scores[a, chosen])), 3),
                "reason": _reason(ev, kinds[chosen], commitments[c], progresses[c], unresolved[c], target_types, policy[d]),
                "target_page": pages[c],
                "target_text": texts[c],
                "target_passage_id": pids[c],
                "target_type": "; ".join(sorted(target_types)),
                "other_matches": "; ".join(
                    f"{pids[cand_rows[b]]} ({min(1.0, scores[a, b]):.2f}, {kinds[b]})" for b in matches if b != chosen
                ),
            })
        if not linked:
            if closest[1]:
                where = closest[1] + (f" p.{closest[2]}" if not _blank(closest[2]) else "")
                if closest[0] >= settings.threshold:
                    reason = (f"only mentions below the mention threshold {settings.mention_threshold:.2f} "
                              f"(closest: {where}, {closest[0]:.2f})")
                else:
                    reason = f"no later passage scored {settings.threshold:.2f} or more (closest: {where}, {closest[0]:.2f})"
            elif searched:
                reason = (f"no later passage shares {settings.min_shared} or more words or a rare name with it "
                          f"({searched} candidate passages searched)")
            elif any(is_later(src_when, times[d]) for d in documents["id"] if d != src_doc):
                reason = "no coded or committing passage in any later document"
            else:
                reason = "no later document in the corpus"
            rows.append({**rec, "target_document": "", "target_year": "", "status": "no trace",
                         "score": round(closest[0], 3), "reason": reason, "target_page": None, "target_text": "",
                         "target_passage_id": "", "target_type": "", "other_matches": ""})
    frame = _frame(rows)
    info.counts = {s: int((frame["status"] == s).sum()) for s in STATUSES}
    return frame


def _later_pairs(rec_rows: list[int], cand_rows: list[int], docs: list[str], times: dict[str, When],
                 order: list[str]) -> np.ndarray:
    """Which (recommendation, candidate) pairs :func:`trace` reads: candidate in a later document."""
    col = {d: k for k, d in enumerate(order)}
    src_docs = sorted({docs[r] for r in rec_rows})
    # One row per source document over the documents with a time, and a last column (False)
    # for passages of a document that has none and so is never searched.
    later = np.zeros((len(src_docs), len(order) + 1), dtype=bool)
    for k, src in enumerate(src_docs):
        when = times.get(src, When(len(times)))
        later[k, :-1] = [d != src and is_later(when, times[d]) for d in order]
    src_of = {d: k for k, d in enumerate(src_docs)}
    rec_idx = np.array([src_of[docs[r]] for r in rec_rows], dtype=np.intp)
    cand_idx = np.array([col.get(docs[c], len(order)) for c in cand_rows], dtype=np.intp)
    return later[rec_idx][:, cand_idx]


def _link_kind(target_types: set[str], cue: str, done: str, open_: str, is_policy: bool, is_evaluation: bool,
               settings: TraceSettings) -> str:
    if is_policy:
        return "addressed" if cue else "mentioned"
    if (target_types & set(settings.repeat_types) or open_) and not done:
        return "repeated"
    if is_strong_commitment(cue) and not is_evaluation:
        return "addressed"
    return "mentioned"


def _reason(ev: PairEvidence, kind: str, cue: str, done: str, open_: str, target_types: set[str],
            is_policy: bool) -> str:
    parts = []
    if ev.shared_lemmas:
        parts.append("shared lemmas: " + ", ".join(ev.shared_lemmas[:6]))
    if ev.shared_names:
        parts.append("shared names: " + ", ".join(ev.shared_names[:4]))
    if ev.shared_themes:
        parts.append("same theme " + ", ".join(ev.shared_themes))
    if ev.fuzzy >= 0.6 and ev.lemma_cos < 0.5:
        parts.append(f"similar phrasing {ev.fuzzy:.0%}")
    if kind == "addressed":
        parts.append(f"commitment '{cue}'" + (" in a policy document" if is_policy else ""))
    elif kind == "repeated":
        said = sorted(target_types & {"recommendation", "barrier"}) or sorted(target_types)
        parts.append(("later " + " and ".join(said)) if said else f"still open '{open_}'")
    elif done:
        parts.append(f"reports progress '{done}'")
    elif cue:
        parts.append(f"weak commitment cue '{cue}'")
    return "; ".join(parts)


def _heading_like(text: str) -> bool:
    """A short line without closing punctuation: a heading the extractor kept as text."""
    t = text.strip()
    return bool(t) and t[-1] not in ".!?;:)\"'”’…" and "|" not in t and len(t.split()) <= 12


def _rec_fields(pid: str, doc: str, page: Any, text: str, themes: set[str], when: When) -> dict[str, Any]:
    return {
        "rec_id": pid,
        "document": doc,
        "year": when.label(),
        "page": page,
        "theme": "; ".join(sorted(themes)),
        "recommendation": text,
    }


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=TRACE_COLUMNS)
    for col in ("page", "target_page"):
        frame[col] = pd.array(frame[col].tolist(), dtype="Int64") if len(frame) else pd.array([], dtype="Int64")
    frame["score"] = frame["score"].astype(float)
    return frame


def _blank(v: Any) -> bool:
    return v is None or (not isinstance(v, str) and pd.isna(v)) or v == ""


def _chronological(times: dict[str, When]) -> dict[str, int]:
    """Rank of each document for listing (undated ones by file order, after the dated)."""
    def key(d: str) -> tuple:
        w = times[d]
        return (0, w.year, w.month or 0, w.day or 0, w.position) if w.dated else (1, 0, 0, 0, w.position)

    return {d: i for i, d in enumerate(sorted(times, key=key))}


def _documents(results) -> pd.DataFrame:
    docs = results.documents.copy()
    if "id" not in docs.columns:
        from ..errors import FormatError

        raise FormatError("documents.csv has no 'id' column", path=str(Path(results.folder) / "documents.csv"))
    docs["id"] = docs["id"].astype(str)
    docs = docs.reset_index(drop=True)
    _add_corpus_metadata(docs)
    return docs


def _add_corpus_metadata(docs: pd.DataFrame) -> None:
    """Fill describing columns from the corpus metadata.csv next to each source file.

    documents.csv keeps ``kind`` for report/transcript, so a metadata kind such as "policy
    letter" only survives in the corpus folder; read it there when the file is still around.
    """
    from ..metadata import CorpusMetadata

    if "path" not in docs.columns:
        return
    cache: dict[Path, Any] = {}
    extra: list[str] = []
    for i, p in enumerate(docs["path"]):
        if not p:
            extra.append("")
            continue
        path = Path(str(p))
        folder = path.parent
        if folder not in cache:
            try:
                cache[folder] = CorpusMetadata.load(folder) if (folder / "metadata.csv").exists() else None
            except Exception:  # a broken metadata.csv was reported by extract; tracing goes on
                cache[folder] = None
        meta = cache[folder]
        attrs = meta.attributes(path) if meta else {}
        extra.append(" ".join(v for k, v in sorted(attrs.items()) if k in _DESCRIBING_COLUMNS))
        for col in ("year", "date"):
            if attrs.get(col) and (col not in docs.columns or _blank(docs.at[i, col]) or docs.at[i, col] == ""):
                if col not in docs.columns:
                    docs[col] = ""
                docs.at[i, col] = attrs[col]
    docs["_corpus_description"] = extra


def _description(documents: pd.DataFrame, doc: str) -> str:
    row = documents.loc[documents["id"] == doc].iloc[0]
    parts = [doc]
    for col in (*_DESCRIBING_COLUMNS, "_corpus_description", "path"):
        if col in documents.columns:
            v = row[col]
            if not _blank(v) and str(v).strip().casefold() not in ("report", "transcript"):
                parts.append(Path(str(v)).stem if col == "path" else str(v))
    return " ".join(parts)


def _is_policy(documents: pd.DataFrame, doc: str) -> bool:
    return bool(_POLICY_HINTS.search(_description(documents, doc)))


def _is_evaluation(documents: pd.DataFrame, doc: str) -> bool:
    desc = _description(documents, doc)
    return bool(_EVALUATION_HINTS.search(desc)) and not _POLICY_HINTS.search(desc)


def _passages(results, documents: pd.DataFrame) -> pd.DataFrame:
    cols = ["document", "passage_id", "page", "kind", "text"]
    p = results.passages
    frames = [p[[c for c in cols if c in p.columns]].copy()] if p is not None and not p.empty else []
    c = results.codings
    if c is not None and not c.empty:
        known = set(frames[0]["passage_id"]) if frames else set()
        extra = c.loc[~c["passage_id"].isin(known), [x for x in cols if x in c.columns]].drop_duplicates("passage_id")
        if not extra.empty:
            frames.append(extra)
    if not frames:
        return pd.DataFrame(columns=cols)
    out = pd.concat(frames, ignore_index=True)
    for col in cols:
        if col not in out.columns:
            out[col] = None
    out["passage_id"] = out["passage_id"].astype(str)
    out["document"] = out["document"].astype(str)
    out["text"] = out["text"].fillna("").astype(str)
    order = {d: i for i, d in enumerate(documents["id"])}
    out["_doc_order"] = out["document"].map(order).fillna(len(order))
    out["_index"] = out["passage_id"].map(_passage_index)
    out = out.sort_values(["_doc_order", "_index", "passage_id"], kind="mergesort").reset_index(drop=True)
    return out[cols]


def _passage_index(pid: str) -> int:
    tail = pid.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else 0
