"""The matrices as one formatted Excel workbook: one sheet a matrix plus a "run" sheet.

Written byte-for-byte reproducibly: openpyxl stamps the save time into the file and into every
zip entry, so the workbook is re-packed with the run's own date instead.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ..fileio import atomic_path

HEADER_FILL = "DDE5F0"
SCALE_LOW, SCALE_HIGH = "FFFFFF", "3B75AF"
_BAD_SHEET_CHARS = re.compile(r"[\[\]\*\?/\\:]")


def sheet_name(name: str, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("_", name)[:31] or "sheet"
    cand, n = base, 2
    while cand.lower() in used:
        suffix = f"~{n}"
        cand, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(cand.lower())
    return cand


def write_workbook(path: str | Path, sheets: Sequence[tuple[str, pd.DataFrame, str]], run: dict[str, Any]) -> None:
    """``sheets``: (name, frame, style) with style "number", "share", "text" or "table"."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    # Write-only (streaming) mode: several times faster than building every sheet in memory.
    wb = Workbook(write_only=True)
    used: set[str] = set()
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    wrap = Alignment(wrap_text=True, vertical="top")

    def header_row(ws, header):
        cells = []
        for h in header:
            cell = WriteOnlyCell(ws, value=h)
            cell.font, cell.fill, cell.alignment = bold, fill, wrap
            cells.append(cell)
        return cells

    for name, frame, style in sheets:
        ws = wb.create_sheet(sheet_name(name, used))
        index_names = [n or "" for n in frame.index.names] if style != "table" else []
        header = [*index_names, *[str(c) for c in frame.columns]]
        rows = []
        for idx, row in zip(frame.index, frame.itertuples(index=False)):
            keys = list(idx) if isinstance(idx, tuple) else [idx]
            rows.append([*(keys if style != "table" else []), *[_cell(v) for v in row]])
        n_idx, n_rows, n_cols = len(index_names), len(frame), len(header)
        wrapped = {c for c in range(n_cols) if (style == "text" and c >= n_idx)
                   or (style == "table" and header[c] in ("text", "definition", "include", "exclude"))}
        # Column widths go before the rows in the file, so they are sized from the data first.
        for c in range(n_cols):
            if c in wrapped:
                width = 80 if style == "table" and header[c] == "text" else 60
            else:
                longest = max([len(header[c])] + [len(str(r[c])) for r in rows[:200] if r[c] is not None])
                width = min(max(8, longest + 2), 40)
            ws.column_dimensions[get_column_letter(c + 1)].width = width
        ws.freeze_panes = f"{get_column_letter(n_idx + 1)}2"
        ws.append(header_row(ws, header))
        for values in rows:
            out = []
            for c, v in enumerate(values):
                if c in wrapped or (style == "share" and c >= n_idx) or (isinstance(v, str) and v.startswith("=")):
                    cell = WriteOnlyCell(ws, value=v)
                    if isinstance(v, str) and v.startswith("="):
                        # Text from documents starting with "=" stays text, never a formula.
                        cell.data_type = "s"
                    if c in wrapped:
                        cell.alignment = wrap
                    if style == "share" and c >= n_idx:
                        cell.number_format = "0.0%"
                    out.append(cell)
                else:
                    out.append(v)
            ws.append(out)
        if style in ("number", "share") and n_rows and n_cols > n_idx:
            area = f"{get_column_letter(n_idx + 1)}2:{get_column_letter(n_cols)}{n_rows + 1}"
            ws.conditional_formatting.add(area, ColorScaleRule(start_type="min", start_color=SCALE_LOW, end_type="max", end_color=SCALE_HIGH))
        if n_rows:
            ws.auto_filter.ref = f"A1:{get_column_letter(n_cols)}{n_rows + 1}"

    ws = wb.create_sheet(sheet_name("run", used))
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 100
    ws.append(header_row(ws, ["key", "value"]))
    for key in sorted(run):
        value = run[key]
        ws.append([key, value if isinstance(value, (int, float, str)) or value is None else json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)])
    wb.properties.creator = "miner"

    date = str(run.get("date") or "2000-01-01T00:00:00")
    with atomic_path(path) as tmp:
        wb.save(tmp)
        _repack(tmp, date)


def _cell(v: Any) -> Any:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if hasattr(v, "item"):
        v = v.item()
    return v


def _repack(path: Path, date: str) -> None:
    stamp = re.sub(r"[+-]\d\d:\d\d$|Z$", "", date)[:19] + "Z"
    with zipfile.ZipFile(path) as zin:
        items = [(info.filename, zin.read(info.filename)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in items:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rb"\g<1>" + stamp.encode() + rb"\g<2>", data)
            zout.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data, compress_type=zipfile.ZIP_DEFLATED)
