"""Check corpora/demo/trace-gold.csv against the report sources.

    .venv/bin/python corpora/demo-source/check_gold.py

Every ``recommendation`` and ``target_quote`` must occur exactly once, verbatim, in the source of
its document (reports/<stem>.md, footnote markers removed), the years must match metadata.csv,
targets must be later than sources, and ``none`` rows must have no target. Exit 1 on any problem.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_pdfs import parse_source, plain  # noqa: E402

KINDS = {"repeated", "addressed", "mentioned", "none"}


def source_text(stem: str) -> str:
    src = parse_source((HERE / "reports" / f"{stem}.md").read_text(encoding="utf-8"), stem)
    parts: list[str] = []
    for item in src.items:
        if item[0] in ("para", "bullet"):
            parts.append(plain(item[1]))
        elif item[0] == "heading":
            parts.append(plain(item[2]))
        elif item[0] == "table":
            parts.extend(plain(c) for row in item[1] for c in row)
    parts.extend(plain(v) for v in src.footnotes.values())
    return "\n".join(parts)


def main() -> int:
    demo = HERE.parent / "demo"
    years = {r["file"]: r["year"] for r in csv.DictReader(open(demo / "metadata.csv", encoding="utf-8"))}
    texts: dict[str, str] = {}
    problems: list[str] = []

    def occurs_once(file: str, quote: str, where: str) -> None:
        stem = Path(file).stem
        if stem not in texts:
            if not (HERE / "reports" / f"{stem}.md").exists():
                problems.append(f"{where}: no report source for {file}")
                return
            texts[stem] = source_text(stem)
        n = texts[stem].count(quote)
        if n != 1:
            problems.append(f"{where}: quote occurs {n} times in {file}: {quote[:60]!r}")

    rows = list(csv.DictReader(open(demo / "trace-gold.csv", encoding="utf-8")))
    for i, r in enumerate(rows, start=2):
        where = f"trace-gold.csv line {i} ({r['rec_id']})"
        if r["kind"] not in KINDS:
            problems.append(f"{where}: unknown kind {r['kind']!r}")
        if years.get(r["source_file"]) != r["source_year"]:
            problems.append(f"{where}: source_year does not match metadata.csv")
        occurs_once(r["source_file"], r["recommendation"], where)
        if r["kind"] == "none":
            if r["target_file"] or r["target_quote"]:
                problems.append(f"{where}: a 'none' row must have no target")
            continue
        if years.get(r["target_file"]) != r["target_year"]:
            problems.append(f"{where}: target_year does not match metadata.csv")
        if not r["target_year"] > r["source_year"]:
            problems.append(f"{where}: target is not later than source")
        occurs_once(r["target_file"], r["target_quote"], where)
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{len(rows)} gold rows, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
