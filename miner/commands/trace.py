"""miner trace CORPUS_OR_RUN_DIR [--codebook lob] [--out DIR] [--threshold X] [--mention-threshold X] [--top N]"""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import FormatError


def register(sub) -> None:
    p = sub.add_parser(
        "trace",
        help="follow recommendations into later documents (repeated, addressed, mentioned, no trace)",
        description="Trace every recommendation into the documents that came after it (by year/date in "
        "metadata.csv, else file order). Given a corpus folder, codes it first; given a run folder "
        "(with codings.csv), traces it. Writes trace.csv, trace.xlsx and trace.json into the run folder.",
    )
    p.add_argument("path", metavar="CORPUS_OR_RUN_DIR", help="a corpus folder, or a run folder with codings.csv")
    p.add_argument("--codebook", default="lob", help="codebook for coding a corpus first (default: lob)")
    p.add_argument("--out", metavar="DIR", help="run folder to write when coding a corpus (default: outputs/<name>)")
    p.add_argument("--threshold", type=float, default=None, help="minimum match score 0..1 (default: tuned value)")
    p.add_argument("--mention-threshold", type=float, default=None, metavar="X",
                   help="stricter minimum score for 'mentioned' links (default: same as --threshold)")
    p.add_argument("--top", type=int, default=None, help="matches listed per later document (default: 3)")
    p.set_defaults(handler=run)


def run(args) -> int:
    from ..tracing import TraceSettings, trace_run

    settings = TraceSettings()
    if args.threshold is not None:
        if not 0.0 <= args.threshold <= 1.0:
            raise FormatError(f"--threshold must be between 0 and 1, got {args.threshold}")
        settings = settings.with_(threshold=args.threshold)
    if args.mention_threshold is not None:
        if not 0.0 <= args.mention_threshold <= 1.0:
            raise FormatError(f"--mention-threshold must be between 0 and 1, got {args.mention_threshold}")
        settings = settings.with_(mention_threshold=args.mention_threshold)
    if args.top is not None:
        if args.top < 1:
            raise FormatError(f"--top must be at least 1, got {args.top}")
        settings = settings.with_(top_k=args.top)

    path = Path(args.path)
    if not path.exists():
        raise FormatError("no such file or folder", path=str(path))
    status = 0
    if path.is_dir() and (path / "codings.csv").exists():
        run_dir = path
    elif path.is_dir() and (path / "documents.csv").exists():
        raise FormatError("this run folder has no codings.csv; run miner code on it first", path=str(path))
    else:
        run_dir, status = _code_corpus(path, args)
    csv_path = trace_run(run_dir, settings)
    _summary(csv_path)
    return status


def _code_corpus(corpus: Path, args) -> tuple[Path, int]:
    # Imported here: coding pulls in the codebook machinery, which tracing a run does not need.
    from ..codebook_io import load_codebook
    from ..coding import code_run
    from ..settings import Settings

    out = Path(args.out) if args.out else Path("outputs") / (corpus.stem if corpus.is_file() else corpus.resolve().name)
    codebook = load_codebook(args.codebook)
    result = code_run([corpus], codebook, out, Settings())
    status = 0
    # code_run reports its batch; a failed file still leaves the rest of the corpus to trace.
    batch = result[0] if isinstance(result, tuple) and result else result
    if getattr(batch, "failed", False):
        from ..runs import report_batch

        status = report_batch(batch)
    if not (out / "codings.csv").exists():
        raise FormatError("coding wrote no codings.csv; nothing to trace", path=str(out))
    return out, status


def _summary(csv_path: Path) -> None:
    import pandas as pd

    table = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    recs = table["rec_id"].nunique() if len(table) else 0
    counts = table["status"].value_counts().to_dict() if len(table) else {}
    parts = ", ".join(f"{counts.get(s, 0)} {s}" for s in ("repeated", "addressed", "mentioned", "no trace"))
    print(f"traced {recs} recommendation(s): {parts}", file=sys.stdout)
    print(f"wrote {csv_path}, {csv_path.with_suffix('.xlsx')} and {csv_path.with_suffix('.json')}", file=sys.stdout)
