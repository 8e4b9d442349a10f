"""PNG heatmaps of the theme matrices (documents x themes), one per type and one for all types.

For slides, so: readable labels (codebook labels, document titles cut short), the count in each
cell, and a size that grows with the matrix. Rendered with matplotlib's Agg backend (no display).
All the heatmaps share rows and columns, so one figure is laid out once and only its cells,
numbers and title change from type to type.
"""

from __future__ import annotations

from pathlib import Path

from ..fileio import atomic_path
from ..synth import ALL, Synthesis

MAX_ANNOTATED_CELLS = 2500   # beyond this the numbers are unreadable anyway


def _short(text: str, n: int = 38) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "\u2026"


def write_heatmaps(s: Synthesis, out: str | Path, types: list[str] | None = None) -> list[Path]:
    """Write ``out``/heatmaps/heatmap_<type>.png for "all" and every type; returns the paths."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    import numpy as np

    from ..synth import _remove_stale

    folder = Path(out) / "heatmaps"
    types = types if types is not None else [ALL, *s.types]
    base = s.theme_matrix(ALL, "count")
    titles = s.document_labels()
    rows = [_short(titles.get(d) or d, 44) for d in base.index] or ["(no documents)"]
    cols = [_short(s.label(t), 28) for t in base.columns]
    # Margins sized from the label lengths instead of tight_layout, which draws the figure twice.
    left_in = 0.4 + 0.068 * max(len(r) for r in rows)
    bottom_in = 0.4 + 0.05 * max([len(c) for c in cols] or [1])
    plot_w, plot_h = 0.5 * max(len(cols), 1), 0.3 * len(rows)
    width = min(left_in + plot_w + 1.2, 30)
    height = min(bottom_in + plot_h + 0.6, 60)
    fig = plt.figure(figsize=(width, height), dpi=110)
    written: list[Path] = []
    try:
        ax = fig.add_axes((left_in / width, bottom_in / height, plot_w / width, plot_h / height))
        cax = fig.add_axes(((left_in + plot_w + 0.15) / width, bottom_in / height, 0.15 / width, plot_h / height))
        im = ax.imshow(np.zeros((len(rows), max(len(cols), 1))), cmap="Blues", vmin=0, vmax=1, aspect="auto")
        ax.set_xticks(range(len(cols)), labels=cols, rotation=50, ha="right", rotation_mode="anchor", fontsize=9)
        ax.set_yticks(range(len(rows)), labels=rows, fontsize=9)
        cbar = fig.colorbar(im, cax=cax)
        numbers: list = []
        for t in types:
            data = s.theme_matrix(t, "count").to_numpy()
            if data.size == 0:
                # Nothing was read: still a picture that says so, rather than a missing file.
                data = np.zeros((1, max(len(cols), 1)), dtype=int)
            peak = max(int(data.max()), 1)
            im.set_data(data)
            im.set_clim(0, peak)
            cbar.update_normal(im)
            for txt in numbers:
                txt.remove()
            numbers = []
            if data.size <= MAX_ANNOTATED_CELLS:
                for (i, j), v in np.ndenumerate(data):
                    if v:
                        numbers.append(ax.text(j, i, str(int(v)), ha="center", va="center", fontsize=8,
                                               color="white" if v > peak * 0.55 else "#1d2733"))
            label = "all types" if t == ALL else s.label(t)
            ax.set_title(f"Coded passages per document and theme: {label}", fontsize=11, loc="left")
            path = folder / f"heatmap_{t}.png"
            with atomic_path(path) as tmp:
                fig.savefig(tmp, format="png", metadata={"Software": None})
            written.append(path)
    finally:
        plt.close(fig)
    _remove_stale(folder, "*.png", written)
    return written
