"""Import a REFI-QDA project (.qdpx) coded by people as a human coding in a run folder.

Its text sources become documents (split into sentence passages like any extraction), its
codings a gold coding that ``miner evaluate`` and training read: codings.csv one row per passage x
(type, theme) that a coded span overlaps, spans.csv the exact coded spans. The folder looks like
one ``miner extract`` wrote (documents.csv, passages.csv, run.json and the store), so every
cross-document command works on it.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..codebook import Codebook
from ..errors import FormatError
from ..fileio import atomic_open, write_csv
from ..model import DOCUMENT_KINDS, Block, Coding, Document, Extraction, Passage
from ..pipeline import slug
from ..runinfo import run_info, write_run_info
from ..runs import write_documents_csv
from ..segment import passages_from_blocks
from ..settings import Settings
from ..store import Store
from ..tables import CODING_COLUMNS, PASSAGE_COLUMNS, coding_row, passage_row
from .archive import QdpxArchive
from .qdc import TreeCode, codebook_from_tree, facet_of_category, norm_guid, read_code_tree
from .qdpx_export import normalise_newlines
from .safexml import child, children, local, parse_xml

_DOC_SUFFIXES = {".pdf", ".txt", ".docx", ".doc", ".rtf", ".odt", ".md", ".vtt", ".srt", ".html"}
SPAN_COLUMNS = ["document", "code", "code_path", "type", "theme", "start", "end", "text", "user"]
MAX_TEXT_BYTES = 100 * 1024 * 1024


@dataclass
class Span:
    document: str
    code: TreeCode
    start: int
    end: int
    user: str


@dataclass
class ImportSummary:
    out: Path
    documents: int = 0
    passages: int = 0
    spans: int = 0
    codings: int = 0
    users: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    codebook: Codebook | None = None        # the project's own code tree as a codebook


def _text_of(arc: QdpxArchive, el: etree._Element, what: str, name: str) -> str | None:
    """A TextSource's plain text (inline PlainTextContent or the sources/ member), or None."""
    inline = child(el, "PlainTextContent")
    if inline is not None:
        return inline.text or ""
    ref = (el.get("plainTextPath") or "").strip()
    if not ref:
        return None
    member = arc.resolve(ref)
    if member is None:
        raise FormatError(f"{what} '{name}': its text '{ref}' is outside the archive; embed the sources when exporting",
                          path=arc.path)
    if not arc.has(member):
        raise FormatError(f"{what} '{name}': the archive has no '{member}' (plainTextPath '{ref}')", path=arc.path)
    data = arc.read(member, MAX_TEXT_BYTES)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise FormatError(f"{what} '{name}': '{member}' is not UTF-8 text (byte {err.start})", path=arc.path) from None


def _code_matcher(cb: Codebook | None):
    """name -> (facet, id) for a codebook's ids and labels, compared without case and accents."""
    table: dict[str, tuple[str, str]] = {}
    if cb is not None:
        for c in cb.codes:
            if not c.codable:
                continue
            for key in (c.id, *c.label.values()):
                table.setdefault(_key(key), (c.facet, c.id))
    return table


def _key(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


def map_codes(tree: list[TreeCode], tree_cb_codes: dict, cb: Codebook | None) -> dict[str, tuple[str, str]]:
    """guid -> (type, theme) for every code in the project; '' where a facet is unknown.

    Order of evidence: miner's own markers in the description, then a match of the code's name (or
    an ancestor's) against the codebook's ids and labels, then a Types/Themes hierarchy in the
    project itself; otherwise the code is a theme named after itself.
    """
    table = _code_matcher(cb)
    by_guid = {tc.guid: tc for tc in tree}
    known = {c.id for c in cb.codes} if cb else None
    out: dict[str, tuple[str, str]] = {}
    for tc in tree:
        d = tc.description
        if d.miner_type or d.miner_theme:
            out[tc.guid] = (d.miner_type or "", d.miner_theme or "")
            continue
        if d.miner_id and d.miner_facet and (known is None or d.miner_id in known):
            out[tc.guid] = (d.miner_id, "") if d.miner_facet == "type" else ("", d.miner_id)
            continue
        typ = theme = ""
        own_hit = False
        node: TreeCode | None = tc
        while node is not None and table:
            names = [node.name, *node.name.split(": ")] if ": " in node.name else [node.name]
            for n in names:
                hit = table.get(_key(n))
                if hit and hit[0] == "type" and not typ:
                    typ = hit[1]
                    own_hit = own_hit or node is tc
                elif hit and hit[0] == "theme" and not theme:
                    theme = hit[1]
                    own_hit = own_hit or node is tc
            node = by_guid.get(node.parent) if node.parent else None
        own = tree_cb_codes.get(tc.guid)
        if typ and not theme and not own_hit and own is not None:
            # "Belemmering > Werkdruk": a type category holding the coder's own themes
            theme = own.id
        if typ or theme:
            out[tc.guid] = (typ, theme)
            continue
        if own is None:  # a facet category itself
            out[tc.guid] = ("", "")
        elif own.facet == "type" and _has_facet_top(tc, by_guid):
            out[tc.guid] = (own.id, "")
        else:
            out[tc.guid] = ("", own.id)
    return out


def _has_facet_top(tc: TreeCode, by_guid: dict[str, TreeCode]) -> bool:
    while tc.parent is not None:
        tc = by_guid[tc.parent]
    return facet_of_category(tc) is not None


def _blocks(text: str) -> list[Block]:
    """One paragraph block per non-blank line, offsets straight into ``text``.

    The blocks are not re-joined with miner.segment.assemble: its blank-line separators would shift
    every position, and the coded positions must keep pointing into the project's own text.
    """
    blocks: list[Block] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            s = pos + lead
            blocks.append(Block(kind="paragraph", text=stripped, start=s, end=s + len(stripped)))
        pos += len(line) + 1
    return blocks


def read_project(path: str | Path) -> tuple[QdpxArchive, etree._Element]:
    arc = QdpxArchive(path)
    try:
        root = parse_xml(arc.project_xml(), f"{path}:project.qde")
        if local(root.tag) != "Project":
            raise FormatError(f"project.qde has root <{local(root.tag)}>, not <Project>", path=str(path))
    except BaseException:
        arc.close()
        raise
    return arc, root


def import_qdpx(
    path: str | Path,
    out: str | Path,
    codebook: Codebook | None = None,
    settings: Settings | None = None,
) -> ImportSummary:
    settings = settings or Settings()
    out = Path(out)
    src_name = str(path)
    summary = ImportSummary(out=out)
    arc, root = read_project(path)
    with arc:
        users = {}
        users_el = child(root, "Users")
        for u in children(users_el, "User") if users_el is not None else []:
            g = norm_guid(u.get("guid"), "user", src_name)
            users[g] = (u.get("name") or u.get("id") or g).strip()
        default_user = users.get(_opt_guid(root.get("creatingUserGUID")), "unknown")

        book = child(root, "CodeBook")
        codes_el = child(book, "Codes") if book is not None else None
        tree = read_code_tree(codes_el, src_name) if codes_el is not None else []
        tree_by_guid = {tc.guid: tc for tc in tree}
        project_cb, cb_notes, tree_codes = codebook_from_tree(
            tree, slug(Path(path).stem).replace("-", "_") or "imported", settings.language,
            f"Code tree of {Path(path).name} ({root.get('origin') or 'unknown tool'})",
        )
        summary.codebook = project_cb if tree else None
        summary.notes.extend(cb_notes)
        mapping = map_codes(tree, tree_codes, codebook)

        variables = _variables(root, src_name)
        case_values = _case_values(root, variables, src_name)

        extractions: list[Extraction] = []
        spans: list[Span] = []
        used_ids: set[str] = set()
        sources_el = child(root, "Sources")
        for el in list(sources_el) if sources_el is not None else []:
            kind = local(el.tag)
            if not kind:
                continue
            name = (el.get("name") or "").strip() or str(el.get("guid"))
            guid = norm_guid(el.get("guid"), f"source '{name}'", src_name)
            if kind == "TextSource":
                text_el, fmt = el, "txt"
            elif kind == "PDFSource":
                text_el, fmt = child(el, "Representation"), "pdf"
                n_pdfsel = len(children(el, "PDFSelection"))
                if n_pdfsel:
                    summary.notes.append(f"source '{name}': {n_pdfsel} PDF area selection(s) skipped (no text positions)")
                if text_el is None:
                    summary.notes.append(f"source '{name}': PDF without a text representation; skipped")
                    continue
            else:
                summary.notes.append(f"source '{name}': {kind} is not text; skipped")
                continue
            raw = _text_of(arc, text_el, "source", name)
            if raw is None:
                summary.notes.append(f"source '{name}': no plain text; skipped")
                continue
            text, remap = normalise_newlines(raw)
            sels = children(text_el, "PlainTextSelection")
            if not text.strip():
                summary.notes.append(f"source '{name}': its plain text is empty; skipped")
                if sels:
                    raise FormatError(f"source '{name}' has {len(sels)} coded selection(s) but no text", path=src_name)
                continue
            stem = Path(name).stem if Path(name).suffix.lower() in _DOC_SUFFIXES else name
            base = slug(stem) or "document"
            doc_id, n = base, 2
            while doc_id in used_ids:
                doc_id, n = f"{base}-{n}", n + 1
            used_ids.add(doc_id)
            meta = dict(case_values.get(guid, {}))
            meta.update(_values(el, variables, src_name))
            kind = meta.pop("kind", "")
            doc = Document(
                id=doc_id, path=f"{Path(path).name}:{name}", sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                kind=kind if kind in DOCUMENT_KINDS else "report", format=fmt, title=meta.pop("title", "") or name,
                text=text, language=settings.language, metadata=meta,
            )
            blocks = _blocks(text)
            passages = passages_from_blocks(blocks, doc_id, settings.language, settings.min_passage_chars)
            extractions.append(Extraction(document=doc, blocks=blocks, passages=passages))
            for sel in sels:
                spans.extend(_selection_spans(sel, doc_id, name, raw, remap, tree_by_guid, users, default_user, src_name))
            for c in children(text_el, "Coding"):
                summary.notes.append(f"source '{name}': a whole-document coding was skipped (only text selections count)")
                break

    spans.sort(key=lambda sp: (sp.document, sp.start, sp.end, sp.code.name, sp.user))
    rows = _coding_rows(extractions, spans, mapping, tree_by_guid)
    _write(out, extractions, spans, rows, mapping, settings, codebook, summary, src_name, users)
    summary.documents = len(extractions)
    summary.passages = sum(len(e.passages) for e in extractions)
    summary.spans = len(spans)
    summary.codings = len(rows)
    summary.users = sorted({sp.user for sp in spans})
    return summary


def _opt_guid(value: str | None) -> str:
    try:
        return norm_guid(value)
    except FormatError:
        return ""


def _selection_spans(sel, doc_id, source_name, raw, remap, tree_by_guid, users, default_user, src_name) -> list[Span]:
    label = sel.get("name") or sel.get("guid")
    try:
        s, e = int(sel.get("startPosition")), int(sel.get("endPosition"))
    except (TypeError, ValueError):
        raise FormatError(f"selection '{label}' in source '{source_name}' has non-numeric positions",
                          path=src_name, line=sel.sourceline) from None
    if not (0 <= s <= e <= len(raw)):
        raise FormatError(
            f"selection '{label}' in source '{source_name}' spans {s}-{e}, outside the text "
            f"(0-{len(raw)} characters)", path=src_name, line=sel.sourceline,
        )
    if remap is not None:
        s, e = remap[s], remap[e]
    sel_user = users.get(_opt_guid(sel.get("creatingUser")), default_user)
    out = []
    for coding in children(sel, "Coding"):
        ref = child(coding, "CodeRef")
        if ref is None:
            raise FormatError(f"a coding of selection '{label}' has no <CodeRef>", path=src_name, line=coding.sourceline)
        target = norm_guid(ref.get("targetGUID"), "CodeRef", src_name)
        tc = tree_by_guid.get(target)
        if tc is None:
            raise FormatError(
                f"a coding of selection '{label}' in source '{source_name}' refers to unknown code GUID {target}",
                path=src_name, line=ref.sourceline,
            )
        user = users.get(_opt_guid(coding.get("creatingUser")), sel_user) if coding.get("creatingUser") else sel_user
        out.append(Span(document=doc_id, code=tc, start=s, end=e, user=user))
    return out


def _variables(root, src) -> dict[str, str]:
    out = {}
    vars_el = child(root, "Variables")
    for v in children(vars_el, "Variable") if vars_el is not None else []:
        out[norm_guid(v.get("guid"), "variable", src)] = (v.get("name") or "").strip()
    return out


def _values(el, variables, src) -> dict[str, str]:
    out = {}
    for vv in children(el, "VariableValue"):
        ref = child(vv, "VariableRef")
        if ref is None:
            continue
        name = variables.get(norm_guid(ref.get("targetGUID"), "VariableRef", src))
        if not name:
            continue
        for val in vv:
            if local(val.tag).endswith("Value") and val.text is not None:
                out[_column(name)] = val.text.strip()
    return out


def _column(name: str) -> str:
    return re.sub(r"\s+", "_", name.strip()).lower() or "variable"


def _case_values(root, variables, src) -> dict[str, dict[str, str]]:
    """source guid -> the variable values of the case(s) it belongs to."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    cases_el = child(root, "Cases")
    for case in children(cases_el, "Case") if cases_el is not None else []:
        values = _values(case, variables, src)
        if case.get("name"):
            values.setdefault("case", case.get("name").strip())
        for sref in children(case, "SourceRef"):
            out[norm_guid(sref.get("targetGUID"), "SourceRef", src)].update(values)
    return out


def _coding_rows(extractions, spans, mapping, tree_by_guid) -> list[tuple[Coding, Passage]]:
    passages = {e.document.id: e.passages for e in extractions}
    # Passages are in text order and do not overlap, so their ends are sorted too: bisect.
    ends = {d: [p.end for p in ps] for d, ps in passages.items()}
    # (document, passage_id, user) -> pairs, types alone, themes alone, evidence
    groups: dict[tuple[str, int, str], dict] = {}
    for sp in spans:
        typ, theme = mapping.get(sp.code.guid, ("", ""))
        if not typ and not theme:
            continue
        ps = passages.get(sp.document, [])
        i = bisect.bisect_left(ends.get(sp.document, []), sp.start + (1 if sp.end > sp.start else 0))
        while i < len(ps) and (ps[i].start < sp.end or (sp.end == sp.start and ps[i].start <= sp.start)):
            p = ps[i]
            i += 1
            g = groups.setdefault((sp.document, p.index, sp.user),
                                  {"p": p, "pairs": set(), "types": set(), "themes": set(), "paths": set()})
            g["paths"].add(" > ".join(sp.code.path))
            if typ and theme:
                g["pairs"].add((typ, theme))
            elif typ:
                g["types"].add(typ)
            else:
                g["themes"].add(theme)
    order = {e.document.id: i for i, e in enumerate(extractions)}
    rows = []
    for (doc, _idx, user), g in sorted(groups.items(), key=lambda kv: (order[kv[0][0]], kv[0][1], kv[0][2])):
        pairs = set(g["pairs"])
        # A type code and a theme code applied to the same sentence by the same coder combine.
        if g["types"] and g["themes"]:
            pairs |= {(t, h) for t in g["types"] for h in g["themes"]}
        elif g["types"]:
            pairs |= {(t, "") for t in g["types"] if not any(pt == t for pt, _ in pairs)}
        elif g["themes"]:
            pairs |= {("", h) for h in g["themes"] if not any(ph == h for _, ph in pairs)}
        evidence = "code: " + "; ".join(sorted(g["paths"]))
        p = g["p"]
        for typ, theme in sorted(pairs):
            rows.append((Coding(document=doc, passage_id=p.passage_id, type=typ, theme=theme, score=1.0,
                                method="human", evidence=evidence, coder=user), p))
    return rows


def _write(out, extractions, spans, rows, mapping, settings, codebook, summary, src_name, users) -> None:
    out.mkdir(parents=True, exist_ok=True)
    key = settings.extract_key()
    with Store(out) as store:
        for ex in extractions:
            store.put_extraction(f"{ex.document.sha256}:{key}", ex)
        store.record_run("import qdpx", {"source": src_name, "documents": len(extractions), "spans": len(spans)})
    with atomic_open(out / "passages.csv") as fh:
        w = csv.writer(fh)
        w.writerow(PASSAGE_COLUMNS)
        for ex in extractions:
            for p in ex.passages:
                w.writerow(["" if v is None else v for v in passage_row(p)])
    texts = {ex.document.id: ex.document.text for ex in extractions}
    docs = []
    for ex in extractions:
        d = Document.from_dict(ex.document.to_dict())
        d.text = ""
        docs.append(d)
    write_documents_csv(out / "documents.csv", docs)
    write_csv(out / "codings.csv", CODING_COLUMNS, (coding_row(c, p) for c, p in rows))
    write_csv(
        out / "spans.csv", SPAN_COLUMNS,
        ([sp.document, sp.code.name, " > ".join(sp.code.path), *mapping.get(sp.code.guid, ("", "")),
          sp.start, sp.end, texts[sp.document][sp.start:sp.end], sp.user] for sp in spans),
    )
    if summary.codebook is not None:
        try:
            from ..codebook_io import save_codebook
        except ImportError:
            summary.notes.append("miner.codebook_io is not available: the project's code tree was not saved")
        else:
            save_codebook(summary.codebook, out / "codebook.yaml")
    info = run_info(
        "import qdpx", settings, codebook.hash() if codebook else None,
        source=str(src_name), codebook=codebook.source or codebook.name if codebook else None,
        documents=len(extractions), spans=len(spans), codings=len(rows),
        users=sorted(set(users.values())), coders=sorted({sp.user for sp in spans}), notes=summary.notes,
    )
    write_run_info(out, info)
