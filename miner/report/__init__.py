"""Readable outputs of a coded run: the self-contained report.html and PNG heatmaps for slides."""

from .heatmap_png import write_heatmaps
from .html import render_report, write_report

__all__ = ["render_report", "write_heatmaps", "write_report"]
