"""Write a trace next to the run it came from: trace.csv, trace.xlsx and trace.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from ..fileio import atomic_path, write_csv, write_text
from ..results import load_results
from ..runinfo import run_info
from ..settings import Settings
from .links import TRACE_COLUMNS, TraceInfo, TraceSettings, trace


def trace_run(run_dir: str | Path, settings: TraceSettings | None = None) -> Path:
    """Trace the recommendations of a run folder; write run_dir/trace.csv, .xlsx and .json.

    Returns the path of trace.csv. Every file is written atomically, so an interrupted run leaves
    the previous trace (or none) rather than half of a new one.
    """
    run_dir = Path(run_dir)
    settings = settings or TraceSettings()
    results = load_results(run_dir)
    info = TraceInfo()
    table = trace(results, settings, info=info)
    meta = trace_info(results, settings, info, len(table))
    csv_path = run_dir / "trace.csv"
    write_csv(csv_path, TRACE_COLUMNS, _rows(table))
    write_xlsx(run_dir / "trace.xlsx", table, meta)
    write_text(run_dir / "trace.json", json.dumps(meta, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n")
    return csv_path


def trace_info(results, settings: TraceSettings, info: TraceInfo, rows: int) -> dict[str, Any]:
    run = results.run or {}
    known = Settings.__dataclass_fields__.keys()
    base = Settings(**{k: v for k, v in (run.get("settings") or {}).items() if k in known and k != "extra"})
    return run_info(
        "trace", base, run.get("codebook_hash"),
        trace_settings=settings.to_dict(),
        threshold=settings.threshold,
        source_run=str(results.folder),
        source_command=run.get("command"),
        order_basis=info.order_basis,
        document_order=info.document_order,
        recommendations=info.recommendations,
        candidate_passages=info.candidates,
        rows=rows,
        counts=info.counts,
        warnings=info.warnings,
    )


def _rows(table: pd.DataFrame):
    for rec in table[TRACE_COLUMNS].itertuples(index=False):
        yield [_cell(v) for v in rec]


def _cell(v: Any) -> Any:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    if hasattr(v, "item"):
        return v.item()
    return v


def write_xlsx(path: Path, table: pd.DataFrame, meta: dict[str, Any]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, NamedStyle

    def clean(v: Any) -> Any:
        v = _cell(v)
        return ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v

    wb = Workbook()
    ws = wb.active
    ws.title = "trace"
    ws.append(TRACE_COLUMNS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in table[TRACE_COLUMNS].itertuples(index=False):
        ws.append([clean(v) for v in row])
    widths = {"recommendation": 60, "target_text": 60, "reason": 50, "rec_id": 24, "target_passage_id": 24,
              "document": 24, "target_document": 24, "other_matches": 40, "theme": 22}
    # A named style registered once and assigned by name is openpyxl's public way to share a cell
    # format, and five times cheaper than an Alignment per cell (0.1 s against 0.5 s for 20,000).
    wb.add_named_style(NamedStyle(name="wrapped", alignment=Alignment(wrap_text=True, vertical="top")))
    for i, col in enumerate(TRACE_COLUMNS, start=1):
        letter = ws.cell(row=1, column=i).column_letter
        ws.column_dimensions[letter].width = widths.get(col, 12)
        if col in ("recommendation", "target_text", "reason"):
            for cell in ws[letter][1:]:
                cell.style = "wrapped"
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = ws.dimensions
    run = wb.create_sheet("run")
    run.append(["key", "value"])
    for key in sorted(meta):
        value = meta[key]
        run.append([key, clean(value if isinstance(value, (str, int, float)) or value is None
                              else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))])
    run.column_dimensions["A"].width = 22
    run.column_dimensions["B"].width = 100
    with atomic_path(path) as tmp:
        wb.save(tmp)
