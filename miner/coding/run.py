"""Code a batch of documents into an output folder, reusing the project store.

Extraction comes from :func:`miner.pipeline.iter_extractions` (unchanged files are not read
again); codings are cached per document under a key of everything that decides them — the file's
bytes, the extraction settings, the speaker roles, the codebook, the coding settings and the
model — so adding one document to a corpus codes only that document.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..codebook import Codebook
from ..fileio import atomic_open
from ..metadata import CorpusMetadata
from ..model import Coding, Document, Passage, section_str
from ..pipeline import Batch, iter_extractions
from ..runinfo import run_info, write_run_info
from ..runs import write_documents_csv
from ..settings import Settings
from ..store import Store
from ..tables import CODING_COLUMNS, PASSAGE_COLUMNS, coding_row, passage_row
from .engine import UncodedTurns, code_passages

# Bump when the rules change what they produce, so cached codings are not reused.
ENGINE_VERSION = "50"  # 50: nobody dropping out and shrinking worries are successes; 49: less dependence on one person is no fragility; "grotendeels hersteld" is a success; 48: a count of who did not turn up, fallen, is progress; the minutes' decisions, offers, pledges, proposals and requests propose; 47: spoken wishes ("zou fijn zijn", "zou liever", "Dat zou ik ...") propose; "Wat wel goed was:" announces a success; 46: what is to be discussed is conceded; things that "schieten erbij in", an objection, leaving early and a study's own limits are barriers; 45: "meer tijd kostte dan begroot", thinking of leaving and "is het de vraag of" are barriers; "acht ik (niet) verstandig" proposes; 44: no failure, no need and honesty about the downside are no shortfall; what someone asks about is conceded; resting on "die ene docent" is fragile; 43: a wish in hindsight ("dat had ons geholpen") and "Ga kijken" are advice; "helemaal niet erg" is no harm; 42: realistischer, "het best te werken" are successes; "maar acht uur", "spijt", "wijt dit aan" are barriers; 41: more than budgeted is a cost overrun; progress that stayed small and "minder bruikbaar" are barriers; 40: a negation on the thing denies an amount; "onder/zonder meer" measure nothing; "Ten eerste gaat het om" is no measure; a help suggested ("zou kunnen helpen") is advice; doubt voiced ("vragen zich af of") is a barrier whose content is not asserted; a loss denied is no shortfall; 39: the items of a listed research question or aim lead-in are not findings; "drie knelpunten genoemd" only announces; 38: the imperative "beperk" is no barrier word; more imperatives (Volg, Schrijf, Stem, Vereenvoudig, ...); failing ("slaagt er niet in"), swamped, a brake, a too rosy picture and resting on a few keen staff are barriers; 37: "de volgende afspraken gemaakt" announces measures; plain words for problems (onoverzichtelijk, summier, voor een dichte deur, botst met) and progress (goed teken, goed gebruikt, concreter, sneller dan voorheen); 36: more plain findings (onderschat, verwarring, drukte, wisselt sterk, op schema, sterke schakel, meer dan ... gerekend); figure rows do not take the finding before their lead-in; 35: "helpt niet alleen" is no barrier; 34: theme titles: the longest entry wins, more entries (stages, scholing, ongelijke kansen, leerlijn); 33: more plain-language titles ("Wat goed ging", "Wat achterbleef", "Wat ik vraag"); 32: "Maatregelen" and "Nieuwe afspraken" titles set recommendation; 31: "alleen ... als" reaches four words; 30: "veel" before a comparative is no amount; 29: "hielp (ook) niet" is a barrier; 28: "jongeren die geen/niet ..." names a target group, not a shortfall; 27: "waarderen dat" frames a success; 26: more than the target or than expected is a success; 25: "loste dit op" is a success; 24: plain-language section titles ("Wat sterke instellingen doen", "Wat hielp", "Wat moet er zijn") set the type; 23: a programme's stated aims are not findings (method_patterns); 22: practice that "loopt sterk uiteen" is a barrier; 21: what made something easier is a success, also with the verb after it; 20: a problem that was solved is a success, not a barrier; 19: a respondent's weak judging word about a named subject is the finding; 18: an everyday modal does not tie with a barrier word that is enough alone; 17: a speaker carries one point over two sentences; 16: a question's theme counts in full where the answer has a weak word for it; 15: a themeless turn the model types takes the conversation's topic; 14: the model leaves answers to neutral questions uncoded; 13: a bare no to a question naming a subject is its problem (denial); 12: a condition title counts in full where the sentence has its own clue for it; 11: a respondent's "maar" with no type word is the problem (spoken_contrast); 10: a condition heading needs a clue in the sentence (heading_alone); 9: a transcript title's whole-word theme counts again; 8: a question opening with its judging verb frames nothing; 7: "Nu ..." asked for proposals is the problem (present_state); 6: a probe takes the subject of the answer before it first; 5: a transcript's title names no theme for its turns; 4: a turn lends its type only to sentences that state none, announcements; 3: a paragraph continues its finding
SEGMENT_COLUMNS = [
    "document", "segment", "first_passage", "last_passage", "sentences", "page", "section", "speaker",
    "start", "end", "text", "type", "theme", "score", "method", "coder",
]


@dataclass
class CodeStats:
    documents: int = 0
    coded: int = 0          # documents coded in this run
    reused: int = 0         # documents whose codings came from the store
    codings: int = 0
    passages: int = 0


def coding_key(ex_sha: str, doc_id: str, passages: list[Passage], codebook: Codebook, settings: Settings, model) -> str:
    roles = hashlib.sha256("|".join(f"{p.role or ''}" for p in passages).encode()).hexdigest()[:12]
    what = {
        "engine": ENGINE_VERSION, "codebook": codebook.hash(), "interviewer": settings.code_interviewer,
        "language": settings.language, "model": model.hash() if model is not None else "rules",
    }
    h = hashlib.sha256(json.dumps(what, sort_keys=True).encode()).hexdigest()[:16]
    return f"{ex_sha}:{settings.extract_key()}:{doc_id}:{roles}:{h}"


def code_run(
    paths: Iterable[str | Path],
    codebook: Codebook,
    out: str | Path,
    settings: Settings | None = None,
    progress: bool = True,
    model="auto",
) -> tuple[Batch, CodeStats]:
    """Extract (or reuse), code and write documents/passages/codings/segments CSVs and run.json.

    ``model`` is what ``miner code --model`` takes (see :func:`resolve_model`); None codes with the
    rules only."""
    settings = settings or Settings()
    model = resolve_model(model, codebook)
    paths = list(paths)
    out = Path(out)
    batch = Batch()
    stats = CodeStats()
    docs: list[Document] = []
    metadata = CorpusMetadata.for_paths(paths)
    with Store(out) as store, contextlib.ExitStack() as stack:
        pfh = stack.enter_context(atomic_open(out / "passages.csv"))
        cfh = stack.enter_context(atomic_open(out / "codings.csv"))
        sfh = stack.enter_context(atomic_open(out / "segments.csv"))
        pw, cw, sw = csv.writer(pfh), csv.writer(cfh), csv.writer(sfh)
        pw.writerow(PASSAGE_COLUMNS)
        cw.writerow(CODING_COLUMNS)
        sw.writerow(SEGMENT_COLUMNS)
        for ex in iter_extractions(paths, settings, store, batch, metadata, progress):
            key = coding_key(ex.document.sha256, ex.document.id, ex.passages, codebook, settings, model)
            codings = store.get_codings(key)
            if codings is None:
                codings = code_passages(ex.passages, codebook, settings, model=model)
                store.put_codings(key, codings)
                stats.coded += 1
            else:
                stats.reused += 1
            by_id = {p.passage_id: p for p in ex.passages}
            for p in ex.passages:
                pw.writerow(_clean(passage_row(p)))
            for c in codings:
                cw.writerow(_clean(coding_row(c, by_id[c.passage_id])))
            for row in segments(ex.passages, codings):
                sw.writerow(_clean(row))
            stats.documents += 1
            stats.passages += len(ex.passages)
            stats.codings += len(codings)
            ex.document.text = ""
            docs.append(ex.document)
        store.record_run("code", {
            "files": len(batch.files), "errors": len(batch.errors), "codebook": codebook.hash(),
            "coded": stats.coded, "reused": stats.reused,
        })
    write_documents_csv(out / "documents.csv", docs)
    write_run_info(out, run_info(
        "code", settings, codebook_hash=codebook.hash(), codebook=codebook.name,
        codebook_source=codebook.source, model=_model_info(model), documents=len(docs),
        passages=stats.passages, codings=stats.codings, coded=stats.coded, reused_codings=stats.reused,
        errors=[str(e) for e in batch.errors],
    ))
    return batch, stats


def resolve_model(model, codebook: Codebook):
    """A Model, a path to a model JSON, "default" (the model shipped for this codebook), "auto"
    (that model for interview turns the rules leave uncoded, rules only elsewhere; rules only when
    none ships) or None / "none" (rules only)."""
    if model is None or not isinstance(model, (str, Path)):
        return model
    from .learned import default_model, default_model_path, load_model

    if str(model) in ("none", "rules", ""):
        return None
    if str(model) == "auto":
        shipped = default_model(codebook)
        return UncodedTurns(shipped) if shipped is not None else None
    if str(model) == "default":
        path = default_model_path(codebook)
        if path is None:
            from ..errors import FormatError

            raise FormatError(f"no default model ships for codebook '{codebook.name}'; use --model FILE or none")
        return load_model(path)
    return load_model(model)


def _model_info(model) -> dict | None:
    if model is None:
        return None
    return {"hash": model.hash(), "source": model.source, "codebook": model.codebook,
            "trained_on": model.trained_on, "use_rules": model.use_rules, "blend": model.blend,
            "scope": getattr(model, "scope", "all passages")}


def _clean(row: list) -> list:
    return ["" if v is None else v for v in row]


def segments(passages: list[Passage], codings: list[Coding]) -> list[list]:
    """Adjacent sentences of one block with the same (type, theme) set, merged into one row per code."""
    codes: dict[str, list[Coding]] = {}
    for c in codings:
        codes.setdefault(c.passage_id, []).append(c)
    rows: list[list] = []
    run: list[Passage] = []
    run_key: tuple = ()

    def flush() -> None:
        if not run or not run_key:
            return
        first, last = run[0], run[-1]
        text = " ".join(p.text for p in run)
        for type_id, theme in run_key:
            scores = [c.score for p in run for c in codes[p.passage_id] if c.type == type_id and c.theme == theme]
            method = codes[first.passage_id][0].method
            rows.append([
                first.document, f"{first.passage_id}+{len(run)}", first.passage_id, last.passage_id, len(run),
                first.page, section_str(first.section), first.speaker, first.start, last.end, text,
                type_id, theme, round(sum(scores) / len(scores), 4), method, "miner",
            ])

    for p in passages:
        key = tuple(sorted((c.type, c.theme) for c in codes.get(p.passage_id, [])))
        if run and key == run_key and p.block == run[-1].block and p.index == run[-1].index + 1:
            run.append(p)
            continue
        flush()
        run, run_key = [p], key
    flush()
    return rows
