"""Theme matrices: documents (or groups of them) crossed with themes, from the codings table.

What a cell counts, so every number can be checked against ``codings_long.csv``:

``count``     coding rows, i.e. passages coded with that theme under that type. A passage carries
              one row per (type, theme), so in a per-type matrix it counts once per cell; in the
              all-types matrix a passage coded with one theme under two types counts twice. The
              all-types matrix is therefore the sum of the type matrices and the grand total of
              any count matrix is its number of codings.
``share``     distinct passages coded with the theme (under that type, or any type for "all")
              divided by the row's coded passages (passages with at least one coding of any type).
              Passages carry several themes, so a row's shares can add up to more than 1.
``presence``  1 when the count is above 0, else 0.
``documents`` (grouped matrices) how many of the group's documents have the theme.

Rows are every document, coded or not, in time order (metadata year, then date; documents
without either last) and otherwise in documents.csv order; columns keep the codebook's
theme order with every theme present, and any theme found in the codings but not in the codebook
appended in sorted order, so nothing coded silently disappears from a total.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

ALL = "all"
VALUES = ("count", "share", "presence")
GROUP_VALUES = (*VALUES, "documents")
MISSING = "(none)"
# Passage-level attributes that can group transcripts; everything else is a document attribute.
PASSAGE_ATTRIBUTES = ("speaker", "role")


def prepare(codings: pd.DataFrame | None, passages: pd.DataFrame | None = None) -> pd.DataFrame:
    """The codings table made safe to count: one row per (passage, type, theme), positions added.

    ``position`` is the passage's place in its document (from passages.csv order, else the number
    after the last ':' of the passage id), used for reading order and co-occurrence windows.
    ``group`` is the respondent group of the passage (speakers.csv), when passages.csv has it.
    """
    cols = ["document", "passage_id", "type", "theme", "score", "text"]
    if codings is None or codings.empty:
        df = pd.DataFrame({c: pd.Series(dtype="float" if c == "score" else "object") for c in cols})
    else:
        df = codings.copy()
    for c in ("page", "section", "kind", "speaker", "role", "time", "method", "evidence", "coder"):
        if c not in df.columns:
            df[c] = pd.NA if c == "page" else ""
    df["score"] = pd.to_numeric(df["score"], errors="coerce").fillna(0.0)
    for c in ("document", "passage_id", "type", "theme", "section", "speaker", "role", "time", "text"):
        df[c] = df[c].fillna("").astype(str)
    df = df.drop_duplicates(["passage_id", "type", "theme"], keep="first")

    position = None
    if passages is not None and not passages.empty and "passage_id" in passages.columns:
        pos = passages.groupby("document", sort=False).cumcount()
        position = dict(zip(passages["passage_id"], pos))
        if "group" in passages.columns:
            groups = dict(zip(passages["passage_id"], passages["group"].fillna("").astype(str)))
            df["group"] = df["passage_id"].map(groups).fillna("")
    if "group" not in df.columns:
        df["group"] = ""
    parsed = pd.to_numeric(df["passage_id"].str.rsplit(":", n=1).str[-1], errors="coerce")
    if position is not None:
        df["position"] = df["passage_id"].map(position).fillna(parsed)
    else:
        df["position"] = parsed
    df["position"] = df["position"].fillna(-1).astype(int)
    return df.reset_index(drop=True)


def chronological(documents: pd.DataFrame) -> pd.DataFrame:
    """Documents in time order by their year/date attributes; a stable sort, so ties keep file order."""
    if documents.empty:
        return documents
    year = pd.to_numeric(documents["year"], errors="coerce") if "year" in documents.columns else None
    date = documents["date"].fillna("").astype(str) if "date" in documents.columns else None
    if date is not None:
        # ISO dates sort as text; the year in front of them stands in when there is no year column.
        lead = pd.to_numeric(date.str.extract(r"^(\d{4})", expand=False), errors="coerce")
        year = lead if year is None else year.fillna(lead)
    if year is None or year.isna().all():
        return documents.reset_index(drop=True)
    keys = pd.DataFrame({"missing": year.isna(), "year": year.fillna(0),
                         "date": date if date is not None else "", "pos": range(len(documents))})
    order = keys.sort_values(["missing", "year", "date", "pos"], kind="mergesort").index
    return documents.loc[order].reset_index(drop=True)


def ordered(preferred: Sequence[str], found) -> list[str]:
    """``preferred`` first (all of it), then anything else found, sorted."""
    pref = list(dict.fromkeys(preferred))
    if hasattr(found, "unique"):
        found = found.unique()
    extra = sorted({str(x) for x in found if str(x) and str(x) not in set(pref)})
    return pref + extra


# All a matrix needs: narrow frames keep pandas' copying cheap.
_KEY_COLUMNS = ["document", "passage_id", "type", "theme"]


class Counts:
    """Every count behind the matrices of one row grouping, computed in a few group-bys.

    ``keyed`` has the key columns plus ``row`` (the row label of each coding). Codings are unique
    per (passage, type, theme), so within one type the count of coding rows is also the count of
    distinct passages; across types distinct passages are counted separately.
    """

    def __init__(self, keyed: pd.DataFrame):
        self.by_type = keyed.groupby(["type", "row", "theme"]).size()
        self.all = keyed.groupby(["row", "theme"]).size()
        self.all_passages = keyed.drop_duplicates(["row", "passage_id", "theme"]).groupby(["row", "theme"]).size()
        self.coded = keyed.drop_duplicates(["row", "passage_id"]).groupby("row").size()
        docs = keyed.drop_duplicates(["type", "row", "document", "theme"])
        self.docs_by_type = docs.groupby(["type", "row", "theme"]).size()
        self.docs_all = docs.drop_duplicates(["row", "document", "theme"]).groupby(["row", "theme"]).size()

    def _of_type(self, series: pd.Series, type: str) -> pd.Series:
        if type in series.index.get_level_values("type"):
            return series.xs(type, level="type")
        return series.iloc[:0].droplevel("type")

    def matrix(self, rows: list[str], themes: list[str], value: str, type: str | None) -> pd.DataFrame:
        every = type in (None, ALL)
        if value in ("count", "presence"):
            counts = self.all if every else self._of_type(self.by_type, type)
            if value == "presence":
                counts = (counts > 0).astype(int)
        elif value == "share":
            hits = self.all_passages if every else self._of_type(self.by_type, type)
            counts = hits / self.coded.reindex(hits.index.get_level_values("row")).to_numpy()
        elif value == "documents":
            counts = self.docs_all if every else self._of_type(self.docs_by_type, type)
        else:
            raise ValueError(f"unknown matrix value '{value}' (use one of {', '.join(GROUP_VALUES)})")
        m = counts.unstack("theme") if len(counts) else pd.DataFrame()
        m = m.reindex(index=rows, columns=themes).fillna(0)
        m = m.astype(float if value == "share" else int)
        m.columns.name = "theme"
        return m


def document_counts(codings: pd.DataFrame) -> Counts:
    return Counts(codings[_KEY_COLUMNS].assign(row=codings["document"]))


def theme_matrix(codings: pd.DataFrame, documents: Sequence[str], themes: Sequence[str],
                 type: str | None = None, value: str = "count", counts: Counts | None = None) -> pd.DataFrame:
    """Documents x themes for one type (or all types when ``type`` is None or "all")."""
    if value not in VALUES:
        raise ValueError(f"unknown matrix value '{value}' (use one of {', '.join(VALUES)})")
    counts = counts or document_counts(codings)
    m = counts.matrix(ordered(documents, codings["document"]), ordered(themes, codings["theme"]), value, type)
    m.index.name = "document"
    return m


def group_keys(codings: pd.DataFrame, documents: pd.DataFrame, by: str) -> pd.Series:
    """The row label of every coding when grouping by ``by``; NA where it does not apply.

    Speaker rows are "<document> / <speaker>" (speaker labels such as R1 repeat across
    transcripts); role and speaker leave out passages without a speaker (report text). The
    respondent group comes from the passage (speakers.csv) and falls back to the document's.
    """
    if by == "document":
        return codings["document"]
    if by == "speaker":
        spk = codings["speaker"].where(codings["speaker"] != "")
        return (codings["document"] + " / " + spk).where(spk.notna())
    if by == "role":
        return codings["role"].where((codings["role"] != "") & (codings["speaker"] != ""))
    if by not in documents.columns and by != "group":
        raise KeyError(f"no document attribute '{by}' (documents.csv has: {', '.join(documents.columns)})")
    doc_attr = {}
    if by in documents.columns:
        doc_attr = dict(zip(documents["id"], documents[by].fillna("").astype(str)))
    keys = codings["document"].map(doc_attr).fillna("")
    if by == "group":
        keys = codings["group"].where(codings["group"] != "", keys)
    return keys.replace("", MISSING)


def _natural(values) -> list[str]:
    def key(v: str):
        try:
            return (v == MISSING, 0, float(v), v)
        except ValueError:
            return (v == MISSING, 1, 0.0, v.casefold())

    return sorted({str(v) for v in values}, key=key)


def group_counts(codings: pd.DataFrame, documents: pd.DataFrame, by: str) -> tuple[Counts, list[str]]:
    """The counts of a grouping and its rows, in display order."""
    keys = group_keys(codings, documents, by)
    keyed = codings[_KEY_COLUMNS].assign(row=keys)[keys.notna()]
    if by == "document":
        rows = ordered(documents["id"], keyed["row"])
    elif by in PASSAGE_ATTRIBUTES:
        rows = _natural(keyed["row"])
    else:
        doc_vals = documents[by].fillna("").astype(str).replace("", MISSING) if by in documents.columns else []
        rows = _natural([*doc_vals, *keyed["row"]])
    return Counts(keyed), rows


def grouped_matrix(codings: pd.DataFrame, documents: pd.DataFrame, by: str, themes: Sequence[str],
                   type: str | None = None, value: str = "count",
                   counts: tuple[Counts, list[str]] | None = None) -> pd.DataFrame:
    """Groups (values of a document attribute, speakers or roles) x themes.

    Rows are every value the attribute takes in documents.csv (documents without a value form
    "(none)"), so a count matrix grouped by a document attribute still totals the codings.
    """
    if value not in GROUP_VALUES:
        raise ValueError(f"unknown matrix value '{value}' (use one of {', '.join(GROUP_VALUES)})")
    c, rows = counts or group_counts(codings, documents, by)
    m = c.matrix(rows, ordered(themes, codings["theme"]), value, type)
    m.index.name = by
    return m


def grouping_attributes(documents: pd.DataFrame, codings: pd.DataFrame) -> list[str]:
    """Attributes worth a grouped matrix: metadata columns with 2+ values, then speaker and role."""
    from ..tables import DOCUMENT_COLUMNS

    # Speaker and role name passage attributes; a document column of that name would clash.
    skip = set(DOCUMENT_COLUMNS) - {"kind"} | {"title", "file", "date", "notes", "note", "description", "url",
                                               "document", *PASSAGE_ATTRIBUTES}
    attrs = []
    for col in documents.columns:
        if col in skip:
            continue
        vals = documents[col].fillna("").astype(str)
        # Document kind only says something when the corpus mixes reports and transcripts.
        if (vals.nunique() >= 2) if col == "kind" else (vals != "").any():
            attrs.append(col)
    if (codings["speaker"] != "").any():
        attrs.append("speaker")
        if (codings["role"] != "").any():
            attrs.append("role")
    return attrs


def type_theme(codings: pd.DataFrame, types: Sequence[str], themes: Sequence[str], value: str = "count") -> pd.DataFrame:
    """Types x themes across the corpus: coding rows (``count``) or documents having it (``documents``)."""
    if value == "count":
        counts = codings.groupby(["type", "theme"]).size()
    elif value == "documents":
        counts = codings.drop_duplicates(["type", "theme", "document"]).groupby(["type", "theme"]).size()
    else:
        raise ValueError(f"unknown summary value '{value}' (use count or documents)")
    m = counts.unstack("theme") if len(counts) else pd.DataFrame()
    m = m.reindex(index=ordered(types, codings["type"]), columns=ordered(themes, codings["theme"])).fillna(0).astype(int)
    m.index.name = "type"
    m.columns.name = "theme"
    return m


LONG_COLUMNS = [
    "document", "title", "page", "time", "section", "speaker", "role", "type", "theme", "score", "method",
    "passage_id", "text",
]


def long_table(codings: pd.DataFrame, documents: pd.DataFrame, types: Sequence[str], themes: Sequence[str]) -> pd.DataFrame:
    """One row per coding in reading order: the table every matrix number can be traced to."""
    doc_order = {d: i for i, d in enumerate(ordered(documents["id"], codings["document"]))}
    type_order = {t: i for i, t in enumerate(ordered(types, codings["type"]))}
    theme_order = {t: i for i, t in enumerate(ordered(themes, codings["theme"]))}
    titles = dict(zip(documents["id"], documents["title"].fillna("").astype(str))) if "title" in documents else {}
    df = codings.assign(
        title=codings["document"].map(titles).fillna(""),
        _d=codings["document"].map(doc_order),
        _ty=codings["type"].map(type_order),
        _th=codings["theme"].map(theme_order),
    )
    df = df.sort_values(["_d", "position", "passage_id", "_ty", "_th"], kind="mergesort")
    return df[LONG_COLUMNS].reset_index(drop=True)
