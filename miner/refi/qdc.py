"""REFI-QDA codebooks (.qdc): miner's two-facet codebook <-> a QDA tool's code tree.

Export: two non-codable top-level categories (types, themes) hold each facet's codes in their
``parent`` hierarchy; a code's Description carries its definition, include/exclude rules, examples,
labels in other languages and a "miner id:" line, so a codebook that goes through NVivo or ATLAS.ti
and back keeps its ids. Import reads any tool's tree: GUIDs with or without braces in either
case, duplicate names in different branches, Taguette's empty ``<Sets/>``.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .. import __version__
from ..codebook import Code, Codebook
from ..errors import FormatError
from ..fileio import write_bytes
from .safexml import child, children, local, parse_xml

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
# Double-quoted, as every QDA tool's own exports have it (lxml would write single quotes).
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
PROJECT_NS = "urn:QDA-XML:project:1.0"
# uuid5 namespace for everything miner writes: the same names give the same GUIDs in every export.
MINER_NS = uuid.UUID("5f0c3a2e-8d1b-5e4f-9a61-7c2b0e4d9f13")

FACET_NAMES = {
    "type": {"types", "type", "typen", "typering", "soorten", "soort", "factoren", "code types"},
    "theme": {"themes", "theme", "themas", "thema's", "thema", "onderwerpen", "topics", "code themes"},
}
FACET_LABELS = {"nl": {"type": "Typen", "theme": "Thema's"}, "en": {"type": "Types", "theme": "Themes"}}
_GUID = re.compile(r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$")
_COLOR = re.compile(r"^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
_KEY_LINE = re.compile(
    r"^(Include|Exclude|Example|Counter-example|Label \(([a-z]{2,3})\)|miner id|miner facet|miner type|miner theme):\s?(.*)$"
)
_VALID_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def make_guid(*parts: str) -> str:
    """A deterministic GUID for a miner object named by ``parts``."""
    return str(uuid.uuid5(MINER_NS, "\x1f".join(parts)))


def norm_guid(value: str | None, where: str = "", path: str | None = None) -> str:
    """'{ABC...}' / 'abc...' -> 'abc...' so references match however a tool spelled them."""
    m = _GUID.match((value or "").strip())
    if not m:
        raise FormatError(f"{where or 'element'} has an invalid GUID '{value}'", path=path)
    return m.group(1).lower()


def norm_color(value: str | None) -> str | None:
    m = _COLOR.match((value or "").strip())
    if not m:
        return None
    hexa = m.group(1)
    if len(hexa) == 3:  # codebooks want #RRGGBB
        hexa = "".join(ch * 2 for ch in hexa).upper()
    return "#" + hexa


def slug_id(name: str) -> str:
    """A code id from a name: 'Draagvlak & sturing' -> 'draagvlak_sturing'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "code"
    # Codebook ids start with a letter (miner.codebook_io checks ^[a-z][a-z0-9_]*$).
    return s if s[0].isalpha() else "c_" + s


# -- descriptions -----------------------------------------------------------------------------

def describe(code: Code, language: str) -> str:
    """The Description text of ``code``: what a human coder reads in the QDA tool."""
    parts: list[str] = []
    if code.definition.strip():
        parts.append(code.definition.strip())
    if code.include.strip():
        parts.append("Include: " + _one_line(code.include))
    if code.exclude.strip():
        parts.append("Exclude: " + _one_line(code.exclude))
    lines = [f"Example: {_one_line(e)}" for e in code.examples if e.strip()]
    lines += [f"Counter-example: {_one_line(e)}" for e in code.counter_examples if e.strip()]
    lines += [f"Label ({lang}): {_one_line(lab)}" for lang, lab in sorted(code.label.items()) if lang != language and lab]
    lines.append(f"miner id: {code.id}")
    lines.append(f"miner facet: {code.facet}")
    parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _one_line(text: str) -> str:
    return " ".join(text.split())


@dataclass
class ParsedDescription:
    definition: str = ""
    include: str = ""
    exclude: str = ""
    examples: list[str] = field(default_factory=list)
    counter_examples: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    miner_id: str | None = None
    miner_facet: str | None = None
    miner_type: str | None = None     # .qdpx export: a theme x type code names both
    miner_theme: str | None = None


def parse_description(text: str) -> ParsedDescription:
    """Inverse of :func:`describe`; any other tool's free text becomes the definition."""
    out = ParsedDescription()
    definition: list[str] = []
    current: str | None = "definition"
    for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        m = _KEY_LINE.match(line.strip())
        if m:
            key, lang, value = m.group(1), m.group(2), m.group(3).strip()
            current = None
            if key == "Include":
                out.include, current = value, "include"
            elif key == "Exclude":
                out.exclude, current = value, "exclude"
            elif key == "Example":
                out.examples.append(value)
            elif key == "Counter-example":
                out.counter_examples.append(value)
            elif lang:
                out.labels[lang] = value
            elif key == "miner id":
                out.miner_id = value or None
            elif key == "miner type":
                out.miner_type = value or None
            elif key == "miner theme":
                out.miner_theme = value or None
            elif key == "miner facet":
                out.miner_facet = value if value in ("type", "theme") else None
            continue
        if current in ("include", "exclude") and line.strip():
            setattr(out, current, (getattr(out, current) + " " + line.strip()).strip())
        else:
            current = "definition"
            definition.append(line)
    out.definition = "\n".join(definition).strip()
    return out


# -- reading a code tree (shared with .qdpx import) ---------------------------------------------

@dataclass
class TreeCode:
    """A code as a QDA tool wrote it, before miner gives it an id and a facet."""

    guid: str
    name: str
    codable: bool
    color: str | None
    description: ParsedDescription
    parent: str | None          # guid of the parent code
    path: tuple[str, ...]       # names from the top of the tree down to this code
    line: int | None = None


def read_code_tree(codes_el: etree._Element, source: str) -> list[TreeCode]:
    """All codes under a <Codes> element, depth first in document order."""
    out: list[TreeCode] = []
    seen: set[str] = set()

    def walk(el: etree._Element, parent: str | None, path: tuple[str, ...]) -> None:
        for c in children(el, "Code"):
            name = (c.get("name") or "").strip()
            if not name:
                raise FormatError("a <Code> has no name", path=source, line=c.sourceline)
            guid = norm_guid(c.get("guid"), f"code '{name}'", source)
            if guid in seen:
                raise FormatError(f"code '{name}' repeats GUID {guid}", path=source, line=c.sourceline)
            seen.add(guid)
            desc_el = child(c, "Description")
            codable = (c.get("isCodable") or "true").strip().lower() not in ("false", "0")
            tc = TreeCode(
                guid=guid, name=name, codable=codable, color=norm_color(c.get("color")),
                description=parse_description(desc_el.text or "" if desc_el is not None else ""),
                parent=parent, path=(*path, name), line=c.sourceline,
            )
            out.append(tc)
            walk(c, guid, tc.path)

    walk(codes_el, None, ())
    return out


def facet_of_category(tc: TreeCode) -> str | None:
    """'type'/'theme' when a top-level code is a facet category (by miner marker or by name)."""
    if tc.parent is not None:
        return None
    if tc.description.miner_facet and tc.description.miner_id is None:
        return tc.description.miner_facet
    key = tc.name.strip().lower()
    for facet, names in FACET_NAMES.items():
        if key in names:
            return facet
    return None


def codebook_from_tree(
    tree: list[TreeCode], name: str, language: str = "nl", description: str = ""
) -> tuple[Codebook, list[str], dict[str, Code]]:
    """Turn a tool's code tree into a Codebook; returns it, notes for the user, and guid -> Code.

    A facet comes from the top-level category a code sits under ("Types"/"Themes", by name or by
    miner's marker), else from a "miner facet:" line in its description, else it is a theme. The
    theme x type codes of a miner .qdpx export ("miner type:" lines) are not codes of their own:
    they give back the types.
    """
    notes: list[str] = []
    by_guid = {tc.guid: tc for tc in tree}
    categories = {tc.guid: facet_of_category(tc) for tc in tree if tc.parent is None}
    has_facets = any(categories.values())
    cross = {tc.guid for tc in tree if tc.description.miner_type}
    plain = [tc for tc in tree if tc.guid not in cross and not categories.get(tc.guid)]
    unplaced = [tc for tc in plain if not tc.description.miner_facet]
    if not has_facets and unplaced:
        notes.append(
            "no top-level 'Types'/'Themes' categories: "
            f"{len(unplaced)} codes imported as themes (edit the YAML to move codes to types)"
        )

    def facet_for(tc: TreeCode) -> str:
        top = _top(tc, by_guid)
        return categories.get(top.guid) or tc.description.miner_facet or "theme"

    used: set[str] = set()
    types: list[Code] = []
    themes: list[Code] = []
    for tc in tree:
        t = tc.description.miner_type
        if tc.guid in cross and _VALID_ID.match(t) and t not in used:
            used.add(t)
            types.append(Code(id=t, facet="type", label={language: tc.name.rsplit(": ", 1)[-1]},
                              definition=tc.description.definition, color=tc.color))
    # Codes that carry a miner id claim it first, so a round trip keeps every id even when a
    # human added a code whose name slugs to the same id.
    ids: dict[str, str] = {}
    for tc in sorted(plain, key=lambda tc: 0 if tc.description.miner_id else 1):
        base = tc.description.miner_id if tc.description.miner_id else slug_id(tc.name)
        base = base if _VALID_ID.match(base) else slug_id(base)
        cand, n = base, 2
        while cand in used:
            cand, n = f"{base}_{n}", n + 1
        if cand != base:
            notes.append(f"code '{' > '.join(tc.path)}' gets id '{cand}' ('{base}' is taken)")
        used.add(cand)
        ids[tc.guid] = cand
    codes: dict[str, Code] = {}
    for tc in plain:
        facet = facet_for(tc)
        top = _top(tc, by_guid)
        if has_facets and not categories.get(top.guid) and not tc.description.miner_facet:
            notes.append(f"code '{top.name}' is outside the types/themes categories: imported as a theme")
        parent = codes.get(tc.parent) if tc.parent else None
        d = tc.description
        label = dict(d.labels)
        label[language] = tc.name
        code = Code(
            id=ids[tc.guid], facet=facet, label=label,
            parent=parent.id if parent is not None and parent.facet == facet else None,
            definition=d.definition, include=d.include, exclude=d.exclude, examples=list(d.examples),
            counter_examples=list(d.counter_examples), color=tc.color, codable=tc.codable,
        )
        codes[tc.guid] = code
        (types if facet == "type" else themes).append(code)
    notes = list(dict.fromkeys(notes))  # one note per stray top-level code
    cb = Codebook(name=name, language=language, description=description, types=types, themes=themes)
    return cb, notes, codes


def _top(tc: TreeCode, by_guid: dict[str, TreeCode]) -> TreeCode:
    while tc.parent is not None:
        tc = by_guid[tc.parent]
    return tc


# -- .qdc files -----------------------------------------------------------------------------------

def codebook_element(cb: Codebook, ns: str, language: str | None = None) -> etree._Element:
    """A <Codes> element with the two facets as non-codable categories (shared with .qdpx export)."""
    language = language or cb.language
    codes_el = etree.Element(f"{{{ns}}}Codes")
    labels = FACET_LABELS.get(language, FACET_LABELS["en"])
    for facet, facet_codes in (("type", cb.types), ("theme", cb.themes)):
        if not facet_codes:
            continue
        cat = etree.SubElement(
            codes_el, f"{{{ns}}}Code",
            guid=make_guid("codebook", cb.name, "facet", facet), name=labels[facet], isCodable="false",
        )
        etree.SubElement(cat, f"{{{ns}}}Description").text = f"miner facet: {facet}"
        parents = _acyclic_parents(facet_codes)
        elements: dict[str, etree._Element] = {}
        for c in _parents_first(facet_codes, parents):
            parent = parents[c.id]
            attrs = {
                "guid": make_guid("codebook", cb.name, facet, c.id),
                "name": c.name(language),
                "isCodable": "true" if c.codable else "false",
            }
            if norm_color(c.color):
                attrs["color"] = norm_color(c.color)
            el = etree.SubElement(elements[parent] if parent else cat, f"{{{ns}}}Code", attrs)
            etree.SubElement(el, f"{{{ns}}}Description").text = describe(c, language)
            elements[c.id] = el
    return codes_el


def _acyclic_parents(codes: list[Code]) -> dict[str, str | None]:
    """Each code's parent within the facet; unknown parents and cycles are cut to the top level."""
    known = {c.id: c.parent for c in codes}
    out: dict[str, str | None] = {}
    for c in codes:
        seen = {c.id}
        p = c.parent if c.parent in known else None
        while p is not None and p not in seen:
            seen.add(p)
            p = known.get(p) if known.get(p) in known else None
        out[c.id] = (c.parent if c.parent in known else None) if p is None else None
    return out


def _parents_first(codes: list[Code], parents: dict[str, str | None]) -> list[Code]:
    by_id = {c.id: c for c in codes}
    done: set[str] = set()
    order: list[Code] = []

    def visit(c: Code) -> None:
        if c.id in done:
            return
        if parents[c.id]:
            visit(by_id[parents[c.id]])
        done.add(c.id)
        order.append(c)

    for c in codes:
        visit(c)
    return order


def qdc_bytes(cb: Codebook, language: str | None = None) -> bytes:
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS}, origin=f"miner {__version__}")
    if not cb.codes:
        raise FormatError(f"codebook '{cb.name}' has no codes; a .qdc needs at least one")
    root.append(codebook_element(cb, CODEBOOK_NS, language))
    # No <Sets>: the schema forbids an empty one (Taguette's bug) and miner has no sets to write.
    return XML_DECLARATION + etree.tostring(root, encoding="UTF-8", pretty_print=True)


def export_qdc(cb: Codebook, path: str | Path, language: str | None = None) -> Path:
    data = qdc_bytes(cb, language)
    write_bytes(path, data)
    return Path(path)


def read_qdc(data: bytes, source: str, language: str = "nl") -> tuple[Codebook, list[str]]:
    root = parse_xml(data, source)
    if local(root.tag) == "Project":
        book = child(root, "CodeBook")
        if book is None:
            raise FormatError("project has no <CodeBook>", path=source)
    elif local(root.tag) == "CodeBook":
        book = root
    else:
        raise FormatError(f"root element is <{local(root.tag)}>, not <CodeBook>; is this a .qdc file?", path=source)
    codes_el = child(book, "Codes")
    if codes_el is None or not children(codes_el, "Code"):
        raise FormatError("codebook has no <Codes>/<Code> elements", path=source)
    tree = read_code_tree(codes_el, source)
    name = Path(source).stem
    origin = (book.get("origin") or "").strip()
    desc = f"Imported from {Path(source).name}" + (f" ({origin})" if origin else "")
    cb, notes, _ = codebook_from_tree(tree, name, language, desc)
    sets = child(book, "Sets")
    if sets is not None and not children(sets, "Set"):
        notes.append("empty <Sets/> ignored (written by Taguette; not valid REFI-QDA)")
    cb.source = source
    return cb, notes


def import_qdc(path: str | Path, language: str = "nl") -> tuple[Codebook, list[str]]:
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise FormatError("file not found", path=str(path)) from None
    except OSError as err:
        raise FormatError(f"cannot read file: {err.strerror}", path=str(path)) from None
    return read_qdc(data, str(path), language)
