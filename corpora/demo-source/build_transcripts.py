"""Build the demo .docx transcript(s) in corpora/demo from transcripts/*.txt.

    .venv/bin/python corpora/demo-source/build_transcripts.py            # build
    .venv/bin/python corpora/demo-source/build_transcripts.py --check    # fail if a committed .docx is stale

Source format: YAML front matter (title, project, date, duration, speakers) and one turn a line,
``Speaker [hh:mm:ss]: text``. The .docx imitates a transcription service's Word export: a title,
a small table of interview details, then per turn a bold ``Speaker<TAB>hh:mm:ss`` line followed by
the words as a paragraph.

Output is byte-for-byte reproducible: core properties get fixed dates and the zip entries a fixed
timestamp, so a rebuild of an unchanged source gives an identical file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

import yaml
from docx import Document
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
FIXED = dt.datetime(2021, 4, 20, 9, 0, 0)
_TURN = re.compile(r"^(?P<name>[^\[\]:]+?)\s*\[(?P<ts>\d{2}:\d{2}:\d{2})\]:\s*(?P<text>.+)$")


def parse_source(text: str, name: str) -> tuple[dict, list[tuple[str, str, str]]]:
    m = re.match(r"^---\n(.*?)\n---\n", text.replace("\r\n", "\n"), re.S)
    if not m:
        raise ValueError(f"{name}: no YAML front matter between '---' lines")
    meta = yaml.safe_load(m.group(1)) or {}
    turns = []
    for lineno, line in enumerate(text[m.end():].splitlines(), start=1):
        if not line.strip():
            continue
        t = _TURN.match(line.strip())
        if not t:
            raise ValueError(f"{name}: line {lineno} after the front matter is not 'Speaker [hh:mm:ss]: text'")
        turns.append((t["name"].strip(), t["ts"], t["text"].strip()))
    if not turns:
        raise ValueError(f"{name}: no turns")
    return meta, turns


def render(meta: dict, turns: list[tuple[str, str, str]]) -> bytes:
    doc = Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading(str(meta.get("title", "Transcript")), level=1)
    details = [("Project", meta.get("project")), ("Datum", meta.get("date")),
               ("Duur", meta.get("duration")), ("Sprekers", meta.get("speakers"))]
    details = [(k, str(v)) for k, v in details if v]
    table = doc.add_table(rows=len(details), cols=2)
    table.style = "Table Grid"
    for row, (k, v) in zip(table.rows, details):
        row.cells[0].text, row.cells[1].text = k, v
    doc.add_paragraph()
    for speaker, ts, text in turns:
        head = doc.add_paragraph()
        run = head.add_run(f"{speaker}\t{ts}")
        run.bold = True
        head.paragraph_format.space_after = Pt(0)
        doc.add_paragraph(text)
    cp = doc.core_properties
    cp.author = cp.last_modified_by = "Demo corpus builder"
    cp.title = str(meta.get("title", ""))
    cp.created = cp.modified = FIXED
    cp.last_printed = FIXED
    cp.revision = 1
    raw = io.BytesIO()
    doc.save(raw)
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    # python-docx stamps zip entries with the current time; rewrite them so rebuilds are identical.
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sources", type=Path, default=HERE / "transcripts")
    ap.add_argument("--out", type=Path, default=HERE.parent / "demo")
    ap.add_argument("--check", action="store_true", help="compare with the committed files instead of writing")
    args = ap.parse_args(argv)
    stale = 0
    for src in sorted(args.sources.glob("*.txt")):
        meta, turns = parse_source(src.read_text(encoding="utf-8"), str(src))
        data = render(meta, turns)
        target = args.out / f"{src.stem}.docx"
        if args.check:
            if not target.exists() or target.read_bytes() != data:
                print(f"{target}: stale or missing, rebuild with {Path(__file__).name}", file=sys.stderr)
                stale += 1
            continue
        args.out.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".docx.tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
        print(f"{target}: {len(turns)} turns")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
