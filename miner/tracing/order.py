"""When each document appeared, and which documents are later than which.

A document's time comes from the ``date`` column of metadata.csv (2021-02-26, 26-02-2021,
26 februari 2021, februari 2021) or else its ``year``. Two documents are compared at the
precision both have: 2021-02-26 is later than 2021-01-10, but a document dated only "2021" is
neither earlier nor later than either (same year, and no date to decide). When no document has a
time, file order (the order of documents.csv) decides; when only some have one, an undated
document is compared with the others by file order, and the trace's run info says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

_MONTHS = {
    m: i + 1
    for i, names in enumerate([
        ("januari", "january", "jan"), ("februari", "february", "feb"), ("maart", "march", "mrt", "mar"),
        ("april", "apr"), ("mei", "may"), ("juni", "june", "jun"), ("juli", "july", "jul"),
        ("augustus", "august", "aug"), ("september", "sep", "sept"), ("oktober", "october", "okt", "oct"),
        ("november", "nov"), ("december", "dec"),
    ])
    for m in names
}


@dataclass(frozen=True)
class When:
    position: int                    # row in documents.csv
    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def dated(self) -> bool:
        return self.year is not None

    def label(self) -> str:
        if self.year is None:
            return ""
        parts = [f"{self.year:04d}"] + [f"{v:02d}" for v in (self.month, self.day) if v is not None]
        return "-".join(parts)


def parse_date(value: str) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of a date cell, month/day None when not given; None when unreadable."""
    s = str(value or "").strip().casefold()
    if not s or s in ("nan", "none"):
        return None
    m = re.fullmatch(r"(\d{4})(?:\.0)?", s)  # a year, also as a spreadsheet float
    if m:
        return _checked(int(m.group(1)), None, None)
    m = re.fullmatch(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[t ].*)?", s)
    if m:
        return _checked(int(m.group(1)), _int(m.group(2)), _int(m.group(3)))
    m = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", s)
    if m:
        return _checked(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    m = re.fullmatch(r"(?:(\d{1,2})\s+)?([a-z]+)\.?\s+(\d{4})", s)
    if m and m.group(2) in _MONTHS:
        return _checked(int(m.group(3)), _MONTHS[m.group(2)], _int(m.group(1)))
    return None


def _int(v: str | None) -> int | None:
    return int(v) if v else None


def _checked(y: int, mo: int | None, d: int | None) -> tuple[int, int | None, int | None] | None:
    if not 1000 <= y <= 2999 or (mo is not None and not 1 <= mo <= 12) or (d is not None and not 1 <= d <= 31):
        return None
    return y, mo, d


def document_times(documents: pd.DataFrame) -> tuple[dict[str, When], list[str]]:
    """Each document id's :class:`When`, and warnings about unreadable or missing times."""
    times: dict[str, When] = {}
    warnings: list[str] = []
    for pos, (_, row) in enumerate(documents.iterrows()):
        doc = str(row["id"])
        parsed = None
        for col in ("date", "year"):
            raw = row.get(col, "") if col in documents.columns else ""
            if raw is None or (isinstance(raw, float) and pd.isna(raw)) or str(raw).strip() == "":
                continue
            parsed = parse_date(str(raw))
            if parsed is None:
                warnings.append(f"{doc}: {col} '{raw}' is not a date or year; ignored")
                continue
            break
        times[doc] = When(pos, *parsed) if parsed else When(pos)
    undated = [d for d, w in times.items() if not w.dated]
    if undated and len(undated) < len(times):
        warnings.append("no year or date, placed by file order: " + ", ".join(undated))
    return times, warnings


def is_later(source: When, target: When) -> bool:
    """True when ``target`` appeared after ``source``."""
    if source.dated and target.dated:
        for a, b in ((source.year, target.year), (source.month, target.month), (source.day, target.day)):
            if a is None or b is None:
                return False
            if a != b:
                return b > a
        return False
    return target.position > source.position


def basis(times: dict[str, When]) -> str:
    dated = sum(w.dated for w in times.values())
    if not times or dated == len(times):
        return "year/date"
    return "file order" if dated == 0 else "year/date, file order for undated documents"
