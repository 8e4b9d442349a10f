"""Plain-text extraction benchmark on the shared seeds (text exported from real PDFs).

Reproduce:  .venv/bin/python -m benchmarks.extract_text       (writes benchmarks/results/extract_text.json)

Needs ../shared (seeds/*.txt and dev-units.jsonl: sentence units an expert cut from the seeds);
skips with a message when it is absent. Per seed and overall:

  unit_in_text     share of the expert units whose text occurs in the extracted document text
                   (whitespace-normalised; digits glued to a word end are ignored on both sides,
                   since the units keep footnote markers the reader removes): wrapped lines,
                   hyphen splits and page noise all have to be right for a unit to be found
  unit_is_passage  share of units that are exactly one extracted passage (segmentation agrees too)
  unit_words_lost  share of the units' words missing from the extracted text's vocabulary
                   (a wrongly joined or split word shows up here)
  passages, headings, footnotes, list_items   counts, for a sense of the structure found
  seconds          read + segment time of the whole seed (one run, for orientation only)
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RESULTS = ROOT / "benchmarks" / "results" / "extract_text.json"
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def _norm(text: str) -> str:
    return " ".join(text.split())


def _unmarked(text: str) -> str:
    """Without digits glued to a word's end: the units keep footnote markers ("curriculum10"),
    the reader removes them, and neither should count against the other."""
    return re.sub(r"(?<=[^\W\d_])([)’”'\".,:;]?)\d{1,4}\b", r"\1", text)


def main() -> int:
    from miner.extract import extract_bytes

    units_path = SHARED / "dev-units.jsonl"
    if not units_path.exists():
        print(f"skipped: {units_path} not found (../shared is not part of the repository)")
        return 0
    units = defaultdict(list)
    for line in units_path.read_text(encoding="utf-8").splitlines():
        u = json.loads(line)
        # The units keep bullet glyphs; the reader drops them (the block kind says list_item).
        units[u["doc"]].append(_unmarked(_norm(re.sub(r"^[•\-–*]\s+", "", u["text"].strip()))))
    per_doc = {}
    totals = Counter()
    for doc in sorted(units):
        data = (SHARED / "seeds" / doc).read_bytes()
        t0 = time.perf_counter()
        ex = extract_bytes(data, doc)
        seconds = time.perf_counter() - t0
        text = _unmarked(_norm(ex.document.text))
        passages = {_unmarked(_norm(p.text)) for p in ex.passages}
        vocab = set(_WORD.findall(text))
        in_text = sum(u in text for u in units[doc])
        is_passage = sum(u in passages for u in units[doc])
        words = [w for u in units[doc] for w in _WORD.findall(u)]
        lost = [w for w in words if w not in vocab]
        kinds = Counter(b.kind for b in ex.blocks)
        per_doc[doc] = {
            "units": len(units[doc]),
            "unit_in_text": round(in_text / len(units[doc]), 4),
            "unit_is_passage": round(is_passage / len(units[doc]), 4),
            "unit_words_lost": round(len(lost) / max(1, len(words)), 4),
            "lost_examples": sorted(set(lost))[:15],
            "passages": len(ex.passages),
            "headings": kinds["heading"],
            "footnotes": kinds["footnote"],
            "list_items": kinds["list_item"],
            "seconds": round(seconds, 3),
        }
        totals.update(units=len(units[doc]), in_text=in_text, is_passage=is_passage, words=len(words), lost=len(lost))
    overall = {
        "units": totals["units"],
        "unit_in_text": round(totals["in_text"] / totals["units"], 4),
        "unit_is_passage": round(totals["is_passage"] / totals["units"], 4),
        "unit_words_lost": round(totals["lost"] / max(1, totals["words"]), 4),
    }
    result = {"overall": overall, "documents": per_doc}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
