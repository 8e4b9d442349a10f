"""Shared builders for the REFI-QDA tests: a small coded run folder and the schemas in ../shared.

All texts are fictional, written for these tests.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from miner.codebook import Code, Codebook
from miner.fileio import write_csv
from miner.model import Block, Coding, Document, Extraction
from miner.runinfo import run_info, write_run_info
from miner.runs import write_documents_csv
from miner.segment import assemble, passages_from_blocks
from miner.settings import Settings
from miner.store import Store
from miner.tables import CODING_COLUMNS, PASSAGE_COLUMNS, coding_row, passage_row

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REFI = SHARED / "refi-qda"


def shared_schema(name: str):
    """The REFI-QDA schema ``name`` from ../shared, or skip the test."""
    path = REFI / name
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared reference material not available)")
    import xmlschema

    return xmlschema.XMLSchema(str(path))


def shared_file(name: str) -> Path:
    path = REFI / name
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared reference material not available)")
    return path


def small_codebook() -> Codebook:
    types = [
        Code(id="success", facet="type", label={"nl": "Succesfactor", "en": "Success factor"},
             definition="Iets dat hielp de doelen te bereiken.", color="#2E7D32"),
        Code(id="barrier", facet="type", label={"nl": "Belemmering", "en": "Barrier"},
             definition="Iets dat het bereiken van de doelen hinderde.", include="gebrek aan, te weinig",
             exclude="Aanbevelingen.", color="#C62828"),
        Code(id="recommendation", facet="type", label={"nl": "Aanbeveling", "en": "Recommendation"}),
    ]
    themes = [
        Code(id="organisation", facet="theme", label={"nl": "Organisatie", "en": "Organisation"}, codable=False,
             definition="Groepering van organisatorische thema's."),
        Code(id="vision_policy", facet="theme", label={"nl": "Visie en beleid", "en": "Vision and policy"},
             parent="organisation", color="#1565C0", examples=["De school schreef een nieuw plan."]),
        Code(id="capacity_resources", facet="theme", label={"nl": "Capaciteit en middelen"}, parent="organisation"),
        Code(id="parents", facet="theme", label={"nl": "Ouderbetrokkenheid", "en": "Parents"}, color="#F9A825"),
        Code(id="collaboration_chain", facet="theme", label={"nl": "Samenwerking en ketenaanpak"}),
    ]
    return Codebook(name="mini", version="1", description="Test codebook", types=types, themes=themes)


DOCS = {
    "rapport-alfa": [
        ("heading", "1. Inleiding"),
        ("paragraph", "De school heeft een heldere visie op loopbaanbegeleiding. "
                      "Docenten hebben te weinig tijd voor gesprekken met leerlingen."),
        ("paragraph", "Het is raadzaam om ouders vaker te betrekken bij de keuze \U0001F600 voor een vervolgopleiding."),
        ("paragraph", "Het overleg met het mbo in de regio (café-sessies) verloopt goed."),
    ],
    "interview-bravo": [
        ("paragraph", "Wij werken sinds vorig jaar samen met twee hogescholen."),
        ("paragraph", "Er is onvoldoende budget voor extra mentoruren, zei de coördinator."),
    ],
}
# (document, passage index, type, theme, coder)
CODED = [
    ("rapport-alfa", 1, "success", "vision_policy", "miner"),
    ("rapport-alfa", 2, "barrier", "capacity_resources", "miner"),
    ("rapport-alfa", 3, "recommendation", "parents", "miner"),
    ("rapport-alfa", 4, "success", "collaboration_chain", "miner"),
    ("rapport-alfa", 4, "success", "vision_policy", "miner"),
    ("interview-bravo", 0, "success", "collaboration_chain", "miner"),
    ("interview-bravo", 1, "barrier", "capacity_resources", "miner"),
]
META = {
    "rapport-alfa": {"year": "2021", "organisation": "Stichting Voorbeeld", "sector": "vo"},
    "interview-bravo": {"year": "2022", "organisation": "College Fictief", "sector": "mbo"},
}


def build_run(folder: Path, cb: Codebook | None = None, pdf: Path | None = None, coded=CODED) -> dict[str, Extraction]:
    """A run folder as ``miner code`` writes it: CSVs, run.json and extractions in the store.

    With ``pdf``, the first document claims that file as its original (format pdf).
    """
    settings = Settings()
    folder.mkdir(parents=True, exist_ok=True)
    exs: dict[str, Extraction] = {}
    with Store(folder) as store:
        for i, (doc_id, parts) in enumerate(DOCS.items()):
            blocks = [Block(kind=k, text=t, section=("1. Inleiding",) if doc_id == "rapport-alfa" else ())
                      for k, t in parts]
            text = assemble(blocks)
            passages = passages_from_blocks(blocks, doc_id, "nl", settings.min_passage_chars)
            if pdf is not None and i == 0:
                data, path, fmt = pdf.read_bytes(), str(pdf), "pdf"
            else:
                data, path, fmt = text.encode("utf-8"), f"corpus/{doc_id}.txt", "txt"
            doc = Document(id=doc_id, path=path, sha256=hashlib.sha256(data).hexdigest(),
                           kind="transcript" if doc_id.startswith("interview") else "report", format=fmt,
                           title=doc_id.replace("-", " ").title(), text=text, metadata=dict(META[doc_id]))
            ex = Extraction(document=doc, blocks=blocks, passages=passages)
            store.put_extraction(f"{doc.sha256}:{settings.extract_key()}", ex)
            exs[doc_id] = ex
    plain = []
    for ex in exs.values():
        d = Document.from_dict(ex.document.to_dict())
        d.text = ""
        plain.append(d)
    write_documents_csv(folder / "documents.csv", plain)
    write_csv(folder / "passages.csv", PASSAGE_COLUMNS,
              [passage_row(p) for ex in exs.values() for p in ex.passages])
    rows = []
    for doc_id, idx, typ, theme, coder in coded:
        p = exs[doc_id].passages[idx]
        rows.append(coding_row(Coding(doc_id, p.passage_id, typ, theme, 0.8, "rules", f"cue for {typ}", coder), p))
    write_csv(folder / "codings.csv", CODING_COLUMNS, rows)
    write_run_info(folder, run_info("code", settings, cb.hash() if cb else None, date="2026-01-02T03:04:05+00:00"))
    return exs
