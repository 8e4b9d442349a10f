"""Export a coded run folder as a REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA, QualCoder.

Layout of the code tree: each *theme* is a parent code with one child per *type*
("Professionalisering" > "Professionalisering: Belemmerende factor"). A QDA user browses and
re-codes by topic (a report's chapters are topics; NVivo/MAXQDA aggregate a parent over its
children, so opening a theme shows all its passages, split into successes, barriers, ...).
The other cut, all barriers across themes, comes with it as one code Set per type. Child names
repeat the theme because ATLAS.ti wants code names unique across the whole code list.

Every selection's positions are Unicode code points into the LF-normalised Document.text, which
is exactly the UTF-8 .txt written to sources/, so tools that count CRLF as one or two characters
all land on the same text. GUIDs are uuid5 of stable names and the timestamps come from the run,
so exporting the same run twice gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .. import __version__
from ..codebook import Code, Codebook
from ..errors import FormatError, MinerError
from ..results import Results, load_results
from ..tables import DOCUMENT_COLUMNS
from .archive import write_qdpx
from .qdc import PROJECT_NS, XML_DECLARATION, describe, make_guid, norm_color

NS = PROJECT_NS
NO_THEME = "no_theme"
# Document columns worth a variable besides the corpus metadata.
_DOC_VARIABLES = ("kind", "title")
_INT = re.compile(r"^-?\d{1,18}$")
_FLOAT = re.compile(r"^-?\d+\.\d+$")


@dataclass
class ExportSummary:
    path: Path
    documents: int = 0
    selections: int = 0
    codings: int = 0
    pdfs: int = 0
    problems: list[MinerError] = field(default_factory=list)


def normalise_newlines(text: str) -> tuple[str, list[int] | None]:
    """LF-only text, and a map old offset -> new offset when anything changed (else None)."""
    if "\r" not in text:
        return text, None
    mapping: list[int] = []
    out: list[str] = []
    pos = 0
    i = 0
    while i < len(text):
        ch = text[i]
        mapping.append(pos)
        if ch == "\r" and i + 1 < len(text) and text[i + 1] == "\n":
            mapping.append(pos)  # the LF of a CRLF maps onto the same new character
            out.append("\n")
            i += 2
            pos += 1
            continue
        out.append("\n" if ch == "\r" else ch)
        i += 1
        pos += 1
    mapping.append(pos)
    return "".join(out), mapping


def miner_user_name(codebook_hash: str | None) -> str:
    return f"miner {__version__} codebook {codebook_hash or 'unknown'}"


def _sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{NS}}}{tag}", {k: v for k, v in attrs.items() if v is not None})


class _CodeTree:
    """The theme x type codes, created in codebook order (or id order without a codebook)."""

    def __init__(self, cb: Codebook | None, pairs: set[tuple[str, str]], language: str):
        self.cb = cb
        self.language = language
        self.root = etree.Element(f"{{{NS}}}Codes")
        self.guids: dict[tuple[str, str], str] = {}     # (theme, type) -> guid; type "" = the theme itself
        self.by_type: dict[str, list[str]] = defaultdict(list)
        types = self._codes("type", {t for t, _ in pairs if t})
        themes = self._codes("theme", {h for _, h in pairs if h})
        if any(not h for _, h in pairs):
            themes.append(Code(id=NO_THEME, facet="theme", label={"nl": "(geen thema)", "en": "(no theme)"}))
        self.types = types
        elements: dict[str, etree._Element] = {}
        theme_ids = {c.id for c in themes}
        for th in _parents_first(themes):
            parent_el = elements.get(th.parent) if th.parent in theme_ids else None
            el = _sub(
                parent_el if parent_el is not None else self.root, "Code",
                guid=make_guid("code", th.id), name=self.label(th), isCodable="true" if th.codable else "false",
                color=norm_color(th.color),
            )
            _sub(el, "Description").text = describe(th, language)
            elements[th.id] = el
            self.guids[(th.id, "")] = el.get("guid")
            if not th.codable:
                continue
            for ty in types:
                if not ty.codable:
                    continue
                g = make_guid("code", th.id, ty.id)
                leaf = _sub(el, "Code", guid=g, name=f"{self.label(th)}: {self.label(ty)}", isCodable="true",
                            color=norm_color(ty.color))
                desc = ty.definition.strip()
                markers = f"miner type: {ty.id}\nminer theme: {th.id if th.id != NO_THEME else ''}".rstrip()
                _sub(leaf, "Description").text = f"{desc}\n\n{markers}" if desc else markers
                self.guids[(th.id, ty.id)] = g
                self.by_type[ty.id].append(g)

    def _codes(self, facet: str, used: set[str]) -> list[Code]:
        """The codebook's codes of ``facet``, plus any id the codings use that it lacks."""
        have = list(self.cb.types if facet == "type" else self.cb.themes) if self.cb else []
        known = {c.id for c in have}
        extra = [Code(id=i, facet=facet, label={self.language: i}) for i in sorted(used - known)]
        return have + extra

    def label(self, c: Code) -> str:
        return c.name(self.language) if c.label else c.id

    def guid(self, theme: str, type_: str) -> str | None:
        return self.guids.get((theme or NO_THEME, type_ or ""))


def _parents_first(codes: list[Code]) -> list[Code]:
    by_id = {c.id: c for c in codes}
    order: list[Code] = []
    done: set[str] = set()

    def visit(c: Code, depth: int = 0) -> None:
        if c.id in done:
            return
        if c.parent in by_id and depth < len(codes):
            visit(by_id[c.parent], depth + 1)
        if c.id not in done:
            done.add(c.id)
            order.append(c)

    for c in codes:
        visit(c)
    return order


def _variable_type(values: list[str]) -> str:
    vals = [v for v in values if v != ""]
    if vals and all(_INT.match(v) for v in vals):
        return "Integer"
    if vals and all(_INT.match(v) or _FLOAT.match(v) for v in vals):
        return "Float"
    return "Text"


def _datetime(run: dict) -> str | None:
    date = str(run.get("date") or "")
    return date if re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", date) else None


def _load_run_codebook(res: Results, pairs: set[tuple[str, str]]) -> Codebook | None:
    """The codebook the run recorded; else the shipped one when it has every code the run used."""
    try:
        from ..codebook_io import load_codebook
    except ImportError:
        return None
    ref = res.run.get("codebook") or res.run.get("codebook_path") or res.run.get("codebook_source")
    if isinstance(ref, dict):
        ref = ref.get("source") or ref.get("path") or ref.get("name")
    for cand in ([str(ref)] if ref else []) + ["lob"]:
        try:
            cb = load_codebook(cand)
        except MinerError:
            continue
        used_types = {t for t, _ in pairs if t}
        used_themes = {h for _, h in pairs if h}
        if cand == str(ref) or cb.hash() == res.run.get("codebook_hash") or (
            used_types <= set(cb.type_ids()) and used_themes <= set(cb.theme_ids())
        ):
            return cb
    return None


def export_qdpx(
    run_dir: str | Path,
    out: str | Path,
    codebook: Codebook | None = None,
    include_pdf: bool = True,
    project_name: str | None = None,
) -> ExportSummary:
    """Write ``out`` (.qdpx) from a run folder; documents that cannot be exported are reported."""
    res = load_results(run_dir)
    when = _datetime(res.run)
    summary = ExportSummary(path=Path(out))
    run_dir = Path(run_dir)

    codings = res.codings
    rows_by_doc: dict[str, list[dict]] = defaultdict(list)
    pairs: set[tuple[str, str]] = set()
    if codings is not None and len(codings):
        for r in codings.to_dict("records"):
            typ, theme = str(r.get("type") or ""), str(r.get("theme") or "")
            if typ.lower() == "none":
                typ = ""
            if theme.lower() == "none":
                theme = ""
            if not typ and not theme:
                continue
            r["type"], r["theme"] = typ, theme
            rows_by_doc[str(r["document"])].append(r)
            pairs.add((typ, theme))
    cb = codebook or _load_run_codebook(res, pairs)
    language = cb.language if cb else str(res.run.get("settings", {}).get("language") or "nl")
    cb_hash = res.run.get("codebook_hash") or (cb.hash() if cb else None)
    tree = _CodeTree(cb, pairs, language)

    # Users: miner itself and any human coder whose codings were merged into the run.
    miner_name = miner_user_name(cb_hash)
    users: dict[str, str] = {miner_name: make_guid("user", miner_name)}

    def user_for(coder: str) -> str:
        name = miner_name if coder in ("", "miner") or coder.startswith("miner ") else coder
        return users.setdefault(name, make_guid("user", name))

    project = etree.Element(
        f"{{{NS}}}Project", nsmap={None: NS},
        name=project_name or run_dir.resolve().name, origin=f"miner {__version__}",
        creatingUserGUID=users[miner_name],
    )
    if when:
        project.set("creationDateTime", when)
        project.set("modifiedDateTime", when)
    project.set("modifyingUserGUID", users[miner_name])

    docs = res.documents.sort_values("id", kind="stable").to_dict("records")
    meta_cols = [c for c in res.documents.columns if c not in DOCUMENT_COLUMNS] + list(_DOC_VARIABLES)
    sources_el = etree.Element(f"{{{NS}}}Sources")
    members: dict[str, bytes] = {}
    cases: list[tuple[str, dict, str]] = []
    for d in docs:
        doc_id = str(d["id"])
        try:
            text = res.document_text(doc_id)
        except (MinerError, KeyError) as err:
            summary.problems.append(FormatError(f"document '{doc_id}' skipped: {err}", path=str(run_dir)))
            continue
        text, mapping = normalise_newlines(text)
        source_guid = make_guid("source", doc_id, str(d.get("sha256") or ""))
        # The file name, as when a user imports the file into the tool themselves; its stem is the
        # document id miner gives it, so an import of this project finds the same documents.
        name = Path(str(d.get("path") or "")).name or doc_id
        pdf = _original_pdf(d, run_dir) if include_pdf else None
        if pdf is not None:
            src = _sub(sources_el, "PDFSource", guid=source_guid, name=name,
                       path=f"internal://{source_guid}.pdf", creatingUser=users[miner_name],
                       creationDateTime=when)
            members[f"{source_guid}.pdf"] = pdf
            rep_guid = make_guid("representation", doc_id, str(d.get("sha256") or ""))
            text_el = _sub(src, "Representation", guid=rep_guid, name=name,
                           plainTextPath=f"internal://{rep_guid}.txt")
            members[f"{rep_guid}.txt"] = text.encode("utf-8")
            summary.pdfs += 1
        else:
            text_el = _sub(sources_el, "TextSource", guid=source_guid, name=name,
                                 plainTextPath=f"internal://{source_guid}.txt", creatingUser=users[miner_name],
                                 creationDateTime=when)
            members[f"{source_guid}.txt"] = text.encode("utf-8")
        summary.documents += 1
        cases.append((doc_id, d, source_guid))
        _add_selections(text_el, doc_id, text, mapping, rows_by_doc.get(doc_id, []), tree, user_for, when, summary,
                        str(run_dir))

    if summary.documents == 0:
        raise FormatError("no document could be exported (see the messages above)", path=str(run_dir))

    users_el = _sub(project, "Users")
    for uname in sorted(users, key=lambda n: (n != miner_name, n)):
        _sub(users_el, "User", guid=users[uname], name=uname)
    book = _sub(project, "CodeBook")
    if len(tree.root):
        book.append(tree.root)
    else:
        project.remove(book)

    variables = [c for c in meta_cols if any(str(d.get(c) or "") for _, d, _ in cases)]
    var_guids = {v: make_guid("variable", v) for v in variables}
    var_types = {v: _variable_type([str(d.get(v) or "") for _, d, _ in cases]) for v in variables}
    if variables:
        vars_el = _sub(project, "Variables")
        for v in variables:
            _sub(vars_el, "Variable", guid=var_guids[v], name=v, typeOfVariable=var_types[v])
    # Each document is a Case carrying its attributes: NVivo and QualCoder classify cases by these,
    # and a Case can later group several documents of one school or organisation.
    cases_el = _sub(project, "Cases")
    for doc_id, d, source_guid in cases:
        case = _sub(cases_el, "Case", guid=make_guid("case", doc_id), name=str(d.get("title") or "") or doc_id)
        for v in variables:
            value = str(d.get(v) or "")
            if not value:
                continue
            vv = _sub(case, "VariableValue")
            _sub(vv, "VariableRef", targetGUID=var_guids[v])
            tag = {"Integer": "IntegerValue", "Float": "FloatValue"}.get(var_types[v], "TextValue")
            _sub(vv, tag).text = value
        _sub(case, "SourceRef", targetGUID=source_guid)
    project.append(sources_el)

    if tree.by_type:
        sets_el = _sub(project, "Sets")
        for ty in tree.types:
            guids = tree.by_type.get(ty.id)
            if not guids:
                continue
            s = _sub(sets_el, "Set", guid=make_guid("set", ty.id), name=tree.label(ty))
            _sub(s, "Description").text = f"All codes of type '{ty.id}', across themes."
            for g in guids:
                _sub(s, "MemberCode", targetGUID=g)
    desc = [f"Coded by {miner_name}."]
    if cb is not None:
        desc.append(f"Codebook: {cb.name} {cb.version}".rstrip() + ".")
    if res.run.get("settings_hash"):
        desc.append(f"Settings hash: {res.run['settings_hash']}.")
    desc.append("Positions are Unicode code points into the LF-normalised plain text of each source.")
    _sub(project, "Description").text = " ".join(desc)

    xml = XML_DECLARATION + etree.tostring(project, encoding="UTF-8", pretty_print=True)
    write_qdpx(out, xml, members)
    return summary


def _original_pdf(d: dict, run_dir: Path) -> bytes | None:
    """The original PDF's bytes when it is still where extraction found it and unchanged."""
    if str(d.get("format") or "").lower() != "pdf" or not d.get("path"):
        return None
    p = Path(str(d["path"]))
    cands = [p, run_dir / p]
    try:  # relative paths are relative to where the run was started
        cwd = json.loads((run_dir / "run.json").read_text(encoding="utf-8")).get("cwd")
        if cwd and not p.is_absolute():
            cands.insert(1, Path(cwd) / p)
    except (OSError, ValueError):
        pass
    for cand in cands:
        try:
            data = cand.read_bytes()
        except OSError:
            continue
        if not d.get("sha256") or hashlib.sha256(data).hexdigest() == d["sha256"]:
            return data
    return None


def _add_selections(
    text_el: etree._Element, doc_id: str, text: str, mapping: list[int] | None, rows: list[dict],
    tree: _CodeTree, user_for, when: str | None, summary: ExportSummary, run_dir: str,
) -> None:
    spans: dict[tuple[int, int, str], list[dict]] = defaultdict(list)
    for r in rows:
        try:
            s, e = int(r["start"]), int(r["end"])
        except (TypeError, ValueError):
            summary.problems.append(FormatError(
                f"coding of passage '{r.get('passage_id')}' has no start/end; skipped", path=run_dir))
            continue
        if mapping is not None:
            s, e = mapping[s] if s < len(mapping) else s, mapping[e] if e < len(mapping) else e
        if not (0 <= s < e <= len(text)):
            summary.problems.append(FormatError(
                f"coding of passage '{r.get('passage_id')}' at {s}-{e} is outside the text of '{doc_id}' "
                f"({len(text)} characters); skipped", path=run_dir))
            continue
        spans[(s, e, str(r.get("coder") or ""))].append(r)
    for (s, e, coder), group in sorted(spans.items()):
        uguid = user_for(coder)
        sel = _sub(text_el, "PlainTextSelection", guid=make_guid("selection", doc_id, str(s), str(e), coder),
                   name=str(group[0].get("passage_id") or f"{doc_id}:{s}-{e}"), startPosition=str(s),
                   endPosition=str(e), creatingUser=uguid, creationDateTime=when)
        notes = []
        seen: set[str] = set()
        codes: list[str] = []
        for r in sorted(group, key=lambda r: (r["theme"], r["type"])):
            g = tree.guid(r["theme"], r["type"])
            if g is None:
                summary.problems.append(FormatError(
                    f"coding of passage '{r.get('passage_id')}' uses {r['type'] or '-'} x {r['theme'] or '-'}, "
                    "which the codebook does not let code (a grouping category?); skipped", path=run_dir))
                continue
            if g in seen:
                continue
            seen.add(g)
            codes.append(g)
            score = r.get("score")
            score_s = f" {float(score):.2f}" if score not in (None, "") and score == score else ""
            notes.append(f"{r['type'] or '-'} x {r['theme'] or '-'}{score_s} ({r.get('method') or '?'}): "
                         f"{r.get('evidence') or ''}".rstrip(": "))
        _sub(sel, "Description").text = "\n".join(notes)
        for g in codes:
            coding = _sub(sel, "Coding", guid=make_guid("coding", doc_id, str(s), str(e), coder, g),
                          creatingUser=uguid, creationDateTime=when)
            _sub(coding, "CodeRef", targetGUID=g)
            summary.codings += 1
        summary.selections += 1
