"""Does coding agreement measured on text carry over to PDFs? The gold sets rendered to PDF.

Every agreement figure in the README is measured on plain-text documents, but evaluators feed
miner PDFs. This benchmark renders each gold set's text documents to PDF with the demo corpus's
builder (corpora/demo-source/build_pdfs.py: reportlab, Dutch hyphenation, running headers and
footers, page numbers) in each of its three layouts, and the classic layout once more with its
headings in body type (regular weight, body size; `--plain-layouts`), reads them back with miner,
codes them with the defaults and scores them against the same gold units. The text's headings (as miner reads
them) become styled PDF headings, its blank-line runs become paragraphs and its "- " lines
bullets, so a difference comes from the PDF path: line breaks and hyphenation, running lines,
columns, heading levels, paragraph joins.

Reproduce (from the repository root):
    .venv/bin/python -m benchmarks.pdf_roundtrip                      # the report development sets
    .venv/bin/python -m benchmarks.pdf_roundtrip --sets devset20 --layouts twocolumn --out /tmp/p.json

The PDFs are written to a temporary folder and removed afterwards.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.heldout import extract, load_gold, score  # noqa: E402
from miner.codebook_io import load_codebook  # noqa: E402
from miner.extract import extract_file  # noqa: E402
from miner.fileio import write_text  # noqa: E402
from miner.runinfo import run_info  # noqa: E402
from miner.settings import Settings  # noqa: E402

CORPORA = ROOT / "corpora"
BUILDER = CORPORA / "demo-source" / "build_pdfs.py"
DEFAULT_SETS = ["heldout2"] + [f"devset{i}" for i in range(2, 34)]
KEYS = ("pair_micro_f1", "type_kappa", "theme_micro_f1", "alignment_coverage")


def builder():
    spec = importlib.util.spec_from_file_location("build_pdfs", BUILDER)
    mod = importlib.util.module_from_spec(spec)
    sys.modules["build_pdfs"] = mod          # its dataclasses look their module up by name
    spec.loader.exec_module(mod)
    return mod


def source_parts(txt: Path, settings: Settings) -> tuple[str, str]:
    """Title and Markdown body of a text document for the builder: miner's own reading decides the
    headings. The same for every layout, so it is made once per document."""
    headings = {b.text.strip(): b.level for b in extract_file(txt, settings).blocks if b.kind == "heading"}
    lines = txt.read_text(encoding="utf-8").splitlines()
    title = lines[0].strip().replace('"', "'")
    body: list[str] = []
    for raw in lines[1:]:
        s = raw.strip()
        if not s:
            body.append("")
        elif s in headings:
            body += ["", "#" * min(3, max(1, headings[s])) + " " + s, ""]
        elif s.startswith("- "):
            body.append(s)
        else:
            if body and body[-1].startswith("- "):
                body.append("")          # a line after a list starts a paragraph, not a bullet's tail
            body.append(s)
    return title, "\n".join(body) + "\n"


def to_source(title: str, body: str, layout: str, headings: str = "styled") -> str:
    meta = (f'---\ntitle: "{title}"\nlayout: {layout}\nheadings: {headings}\nheader: "{title[:60]}"\n'
            f'footer: "Fictief rapport"\n---\n\n')
    return meta + body


def render_set(name: str, layout: str, into: Path, bp, parts: dict[Path, tuple[str, str]], settings: Settings,
               headings: str = "styled") -> Path:
    """PDFs of one gold set's documents, and its units renamed to them, in ``into``/<set>-<layout>."""
    src = CORPORA / name
    out = into / f"{name}-{layout}-{headings}"
    out.mkdir(parents=True, exist_ok=True)
    units = [json.loads(line) for line in (src / "units.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    for doc in sorted({u["doc"] for u in units}):
        md = out / (Path(doc).stem + ".md")
        txt = src / doc
        if txt not in parts:
            parts[txt] = source_parts(txt, settings)
        md.write_text(to_source(*parts[txt], layout, headings), encoding="utf-8")
        bp.build_one(md, out / (Path(doc).stem + ".pdf"), None)
        md.unlink()
    with open(out / "units.jsonl", "w", encoding="utf-8") as f:
        for u in units:
            f.write(json.dumps({**u, "doc": Path(u["doc"]).stem + ".pdf"}, ensure_ascii=False) + "\n")
    return out


def main(argv=None) -> int:
    bp = builder()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "pdf_roundtrip.json"))
    ap.add_argument("--sets", default=",".join(DEFAULT_SETS), help="comma-separated folders under corpora/ (reports)")
    ap.add_argument("--layouts", default=",".join(bp.LAYOUTS))
    ap.add_argument("--plain-layouts", default="classic",
                    help="layouts also rendered with headings in body type (regular weight, body size); '' for none")
    args = ap.parse_args(argv)
    names = [n.strip() for n in args.sets.split(",") if n.strip()]
    configs = [(x.strip(), "styled") for x in args.layouts.split(",") if x.strip()]
    configs += [(x.strip(), "plain") for x in args.plain_layouts.split(",") if x.strip()]
    layouts = [lay if h == "styled" else f"{lay}+plain-headings" for lay, h in configs]
    codebook = load_codebook("lob")
    settings = Settings()
    t0 = time.perf_counter()
    sets: dict[str, dict] = {}
    totals = {lay: {k: 0.0 for k in KEYS} for lay in ["text", *layouts]}
    parts: dict[Path, tuple[str, str]] = {}
    with tempfile.TemporaryDirectory(prefix="miner-pdf-roundtrip-") as tmp:
        for name in names:
            folder = CORPORA / name
            gold = load_gold(folder / "units.jsonl", folder / "labels.jsonl", codebook)
            res = {"text": score(gold, extract(gold, folder, settings), codebook, settings, None)}
            for (lay, headings), conf in zip(configs, layouts):
                d = render_set(name, lay, Path(tmp), bp, parts, settings, headings)
                g = load_gold(d / "units.jsonl", folder / "labels.jsonl", codebook)
                res[conf] = score(g, extract(g, d, settings), codebook, settings, None)
            row = {conf: {k: r[k] for k in KEYS} for conf, r in res.items()}
            sets[name] = {"units": len(gold.units), "configurations": row}
            for conf, r in row.items():
                for k in KEYS:
                    totals[conf][k] += (r[k] or 0.0) / len(names)
            print(f"{name:10s} " + " | ".join(
                f"{conf} {r['pair_micro_f1']:.3f} / {r['type_kappa']:.3f} (aligned {r['alignment_coverage']:.3f})"
                for conf, r in row.items()), flush=True)
    mean = {conf: {k: round(v, 4) for k, v in t.items()} for conf, t in totals.items()}
    print("mean over sets (pair F1 / type kappa): " + " | ".join(
        f"{conf} {m['pair_micro_f1']:.3f} / {m['type_kappa']:.3f}" for conf, m in mean.items()))
    print(f"({time.perf_counter() - t0:.1f}s)")
    out = {
        "run_info": run_info("benchmark pdf_roundtrip", settings, codebook.hash(), sets=",".join(names),
                             layouts=",".join(layouts)),
        "sets": sets,
        "mean_over_sets": mean,
        "note": "text: the gold's own .txt documents; each layout: the same documents rendered to PDF by "
                "corpora/demo-source/build_pdfs.py and read back (+plain-headings: headings in body type); "
                "rules as `miner code` runs them on reports.",
    }
    write_text(args.out, json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
