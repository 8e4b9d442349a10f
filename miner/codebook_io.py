"""Load, validate, save and import codebooks.

The YAML is walked node by node (``yaml.compose``) rather than loaded blind, so every complaint
names the file, the line and the field: a codebook is edited by hand by people who are not
programmers, and "line 41, field 'parent': no code 'capacity' in themes" is what they can fix.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import asdict
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .codebook import Amounts, Code, Codebook, Continuation, Denial, PresentState, SpokenContrast
from .errors import CodebookError
from .fileio import write_text

# Top-level lists of words (lower-cased) and of regular expressions (validated).
WORD_LISTS = ("affirmations", "anaphora", "auxiliaries", "adversatives", "particles", "particle_followers")
PATTERN_LISTS = ("method_patterns", "announcement_patterns", "source_patterns", "programme_patterns", "neutral_questions", "probe_questions",
                 "follow_up_patterns", "concession_patterns")
TOP_KEYS = {"name", "language", "version", "description", "types", "themes", "negations", "neutral_headings", "amounts",
            "continuation", "present_state", "spoken_contrast", "denial",
            *WORD_LISTS, *PATTERN_LISTS}
AMOUNT_KEYS = ("more", "less", "good", "bad", "up", "down", "trends", "contrasts", "burdens", "shares", "numbers",
               "fractions", "share_skip", "fixed")
# Pattern lists of 'amounts' whose matches are read by named group: the groups one of which sets
# each pattern must have, and how the error names them.
AMOUNT_GROUPS = {
    "trends": (({"old", "new"},), "the groups (?P<old>...) and (?P<new>...)"),
    "contrasts": (({"group"},), "the group (?P<group>...)"),
    "shares": (({"part", "whole"}, {"percent"}, {"fraction"}),
               "the groups (?P<part>...) and (?P<whole>...), or (?P<percent>...), or (?P<fraction>...)"),
}
CONTINUATION_KEYS = ("pair", "markers", "openers", "contrasts")
PRESENT_KEYS = ("type", "frames", "markers", "openers", "not_before")
CONTRAST_KEYS = ("type", "markers", "not_after")
DENIAL_KEYS = ("type", "words")
# Top-level blocks with a parser of their own, and their fields that hold type ids.
BLOCK_TYPE_FIELDS = {"amounts": ("up", "down"), "continuation": ("pair",), "present_state": ("type", "frames"),
                     "spoken_contrast": ("type",), "denial": ("type",)}
CODE_KEYS = {
    "id", "facet", "label", "parent", "definition", "include", "exclude", "examples", "counter_examples",
    "cues", "phrases", "patterns", "modality", "headings", "questions", "color", "codable",
    "alone", "alone_exceptions", "cue_exceptions", "heading_alone",
}
_LIST_FIELDS = ("examples", "counter_examples", "cues", "phrases", "patterns", "modality", "headings")
_TEXT_FIELDS = ("definition", "include", "exclude")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_FACET_LISTS = {"types": "type", "themes": "theme"}

REPO_CODEBOOKS = Path(__file__).resolve().parent.parent / "codebooks"
# The installed package carries its own copy of each shipped codebook (package-data "data/*").
PACKAGED_PREFIX = "codebook-"


def resolve_codebook_path(name_or_path: str | Path) -> Path | None:
    """A file path as given, or a bare name ("lob") looked up in codebooks/ and in the package."""
    p = Path(name_or_path)
    if p.suffix.lower() in (".yaml", ".yml", ".csv", ".xlsx") or p.is_file() or len(p.parts) > 1:
        return p
    for cand in (REPO_CODEBOOKS / f"{p.name}.yaml", REPO_CODEBOOKS / f"{p.name}.yml"):
        if cand.is_file():
            return cand
    try:
        ref = resources.files("miner") / "data" / f"{PACKAGED_PREFIX}{p.name}.yaml"
        if ref.is_file():
            return Path(str(ref))
    except (ModuleNotFoundError, FileNotFoundError):
        pass
    return None


def load_codebook(name_or_path: str | Path) -> Codebook:
    """Load and validate a codebook YAML file, or a shipped codebook by bare name ("lob")."""
    path = resolve_codebook_path(name_or_path)
    if path is None:
        shipped = sorted(p.stem for p in REPO_CODEBOOKS.glob("*.yaml")) if REPO_CODEBOOKS.is_dir() else ["lob"]
        raise CodebookError(
            f"no codebook named '{name_or_path}' (shipped: {', '.join(shipped) or 'lob'}; or give a .yaml path)",
            path=str(name_or_path),
        )
    suffix = path.suffix.lower()
    if suffix in (".csv", ".xlsx"):
        return codebook_from_spreadsheet(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CodebookError("file not found", path=str(path)) from None
    except UnicodeDecodeError:
        raise CodebookError("not UTF-8 text; save the codebook as UTF-8", path=str(path)) from None
    except OSError as err:
        raise CodebookError(f"cannot read file: {err.strerror}", path=str(path)) from None
    cb = parse_codebook(text, str(path))
    cb.source = str(path)
    return cb


# libyaml composes the 1,900-line LOB codebook in 15 ms where the pure-Python composer takes 200;
# every worker process and every synthesis loads it. Its error messages are terser ("found
# character that cannot start any token" without naming the tab), so a file that fails is composed
# again by the Python loader for the message.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def parse_codebook(text: str, path: str = "<codebook>") -> Codebook:
    try:
        try:
            root = yaml.compose(text, Loader=_FAST_LOADER or yaml.SafeLoader)
        except yaml.YAMLError:
            if _FAST_LOADER is None:
                raise
            root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise CodebookError(f"not valid YAML: {problem}", path=path, line=mark.line + 1 if mark else None) from None
    return _Builder(path).codebook(root)


class _Builder:
    def __init__(self, path: str):
        self.path = path
        self._loader = yaml.SafeLoader("")

    def fail(self, node: yaml.Node | None, problem: str) -> CodebookError:
        line = node.start_mark.line + 1 if node is not None else None
        return CodebookError(problem, path=self.path, line=line)

    def value(self, node: yaml.Node) -> Any:
        return self._loader.construct_object(node, deep=True)

    def mapping(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping of field: value")
        out, seen = [], set()
        for k, v in node.value:
            key = self.value(k)
            if not isinstance(key, str):
                raise self.fail(k, f"{what}: field names must be text, not {key!r}")
            if key in seen:
                raise self.fail(k, f"field '{key}' given twice in {what}")
            seen.add(key)
            out.append((key, k, v))
        return out

    def text(self, node: yaml.Node, field: str, allow_none: bool = False) -> str | None:
        val = self.value(node)
        if val is None and allow_none:
            return None
        if isinstance(val, bool) or not isinstance(val, (str, int, float)):
            raise self.fail(node, f"field '{field}' must be text, not {_kind(val)}")
        return str(val)

    def str_list(self, node: yaml.Node, field: str) -> list[str]:
        val = self.value(node)
        if val is None:
            return []
        if isinstance(val, str):
            return [val]
        if not isinstance(val, list):
            raise self.fail(node, f"field '{field}' must be a list of text, not {_kind(val)}")
        out = []
        for item_node, item in zip(node.value, val):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                raise self.fail(item_node, f"field '{field}': every item must be text, not {_kind(item)}")
            s = str(item).strip()
            if s:
                out.append(s)
        return out

    def patterns(self, node: yaml.Node, field: str) -> list[str]:
        pats = self.str_list(node, field)
        for item_node, pat in zip(node.value if isinstance(node, yaml.SequenceNode) else [node], pats):
            try:
                re.compile(pat)
            except re.error as err:
                raise self.fail(item_node, f"field '{field}': invalid regular expression {pat!r}: {err}") from None
        return pats

    def patterns_with_groups(self, node: yaml.Node, field: str, needs: tuple[set[str], ...], what: str) -> list[str]:
        pats = self.patterns(node, field)
        for pat, item in zip(pats, node.value if isinstance(node, yaml.SequenceNode) else [node]):
            groups = set(re.compile(pat).groupindex)
            if not any(g <= groups for g in needs):
                raise self.fail(item, f"field '{field}': {pat!r} needs {what}")
        return pats

    def number_map(self, node: yaml.Node, field: str) -> dict[str, float]:
        out: dict[str, float] = {}
        for key, knode, vnode in self.mapping(node, f"field '{field}'"):
            val = self.value(vnode)
            if isinstance(val, bool) or not isinstance(val, (int, float)) or val < 0:
                raise self.fail(vnode, f"field '{field}': '{key}' must be a number of 0 or more, not {_kind(val)}")
            out[key.lower()] = float(val)
        return out

    def codebook(self, root: yaml.Node | None) -> Codebook:
        if root is None:
            raise CodebookError("the codebook is empty", path=self.path)
        cb = Codebook(name="")
        lists: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        blocks: dict[str, yaml.Node] = {}
        for key, knode, vnode in self.mapping(root, "the codebook"):
            if key not in TOP_KEYS:
                raise self.fail(knode, f"unknown field '{key}' at the top (allowed: {', '.join(sorted(TOP_KEYS))})")
            if key in _FACET_LISTS:
                lists[key] = (knode, vnode)
            elif key == "negations":
                cb.negations = [s.lower() for s in self.str_list(vnode, key)]
            elif key == "neutral_headings":
                cb.neutral_headings = self.str_list(vnode, key)
            elif key in BLOCK_TYPE_FIELDS:
                # amounts, continuation, present_state, spoken_contrast, denial: each has its own parser
                blocks[key] = vnode
                setattr(cb, key, getattr(self, key)(vnode))
            elif key in WORD_LISTS:
                setattr(cb, key, [s.lower() for s in self.str_list(vnode, key)])
            elif key in PATTERN_LISTS:
                setattr(cb, key, self.patterns(vnode, key))
            else:
                setattr(cb, key, self.text(vnode, key, allow_none=key != "name") or "")
        if not cb.name.strip():
            raise self.fail(root, "missing field 'name' (the codebook's name)")
        if not re.fullmatch(r"[a-z]{2,3}", cb.language or ""):
            raise self.fail(root, f"field 'language' must be a language code such as 'nl' or 'en', not {cb.language!r}")
        ids: dict[str, yaml.Node] = {}
        parents: list[tuple[Code, yaml.Node]] = []
        for list_key, facet in _FACET_LISTS.items():
            if list_key not in lists:
                continue
            knode, vnode = lists[list_key]
            if self.value(vnode) is None:
                continue
            if not isinstance(vnode, yaml.SequenceNode):
                raise self.fail(vnode, f"field '{list_key}' must be a list of codes")
            codes = []
            for item in vnode.value:
                code, parent_node = self.code(item, facet, list_key, cb.language)
                if code.id in ids:
                    raise self.fail(item, f"duplicate code id '{code.id}' (first defined on line {ids[code.id].start_mark.line + 1})")
                ids[code.id] = item
                codes.append(code)
                if code.parent is not None:
                    parents.append((code, parent_node))
            setattr(cb, list_key, codes)
        by_id = {c.id: c for c in cb.codes}
        for code, pnode in parents:
            parent = by_id.get(code.parent)
            if parent is None or parent.facet != code.facet:
                where = "themes" if code.facet == "theme" else "types"
                raise self.fail(pnode, f"field 'parent' of '{code.id}': no code '{code.parent}' in {where}")
            seen = {code.id}
            p = parent
            while p is not None:
                if p.id in seen:
                    raise self.fail(pnode, f"field 'parent' of '{code.id}': parents form a cycle")
                seen.add(p.id)
                p = by_id.get(p.parent) if p.parent else None
        if not cb.codes:
            raise self.fail(root, "the codebook has no codes (add 'types' and 'themes')")
        # The blocks' type ids must name types of this codebook, which are known only now.
        for key, fields in BLOCK_TYPE_FIELDS.items():
            block = getattr(cb, key)
            for f in fields if block is not None else ():
                value = getattr(block, f)
                for code in value if isinstance(value, list) else [value]:
                    if code not in cb.type_ids():
                        raise self.fail(blocks[key], f"field '{key}.{f}': no type '{code}' in types")
        return cb

    def word_block(self, node: yaml.Node, name: str, block, keys: tuple[str, ...], ids: tuple[str, ...],
                   needs: dict[str, str] | None = None):
        """A block of word lists (``continuation``, ``present_state``, ``spoken_contrast``, ``denial``): words
        lower-cased, type ids (``ids``) as written; an unknown field is an error naming its line, and
        so is a missing one of ``needs`` (field: what it holds). An empty block is no block."""
        if self.value(node) is None:
            return None
        for key, knode, vnode in self.mapping(node, f"field '{name}'"):
            if key not in keys:
                raise self.fail(knode, f"unknown field '{key}' in '{name}' (allowed: {', '.join(keys)})")
            if isinstance(getattr(block, key), str):
                setattr(block, key, self.text(vnode, f"{name}.{key}"))
                continue
            words = self.str_list(vnode, f"{name}.{key}")
            setattr(block, key, words if key in ids else [w.lower() for w in words])
        if needs and not all(getattr(block, k) for k in needs):
            wants = [f"'{k}' ({what})" for k, what in needs.items()]
            raise self.fail(node, f"field '{name}' needs " + ", ".join(wants[:-1]) + (" and " if len(wants) > 1 else "") + wants[-1])
        return block

    def present_state(self, node: yaml.Node) -> PresentState | None:
        return self.word_block(node, "present_state", PresentState(), PRESENT_KEYS, ids=("frames",), needs={
            "type": "what a sentence about now states", "frames": "the asked-for types it overrides",
            "markers": "its first words, e.g. [nu]"})

    def spoken_contrast(self, node: yaml.Node) -> SpokenContrast | None:
        return self.word_block(node, "spoken_contrast", SpokenContrast(), CONTRAST_KEYS, ids=(), needs={
            "type": "what such a sentence states", "markers": "the contrast words, e.g. [maar]"})

    def denial(self, node: yaml.Node) -> Denial | None:
        return self.word_block(node, "denial", Denial(), DENIAL_KEYS, ids=(), needs={
            "type": "what a bare no to a question about a subject states", "words": "the answer words, e.g. [nee]"})

    def continuation(self, node: yaml.Node) -> Continuation | None:
        c = self.word_block(node, "continuation", Continuation(), CONTINUATION_KEYS, ids=("pair",))
        if c is None:
            return None
        if len(c.pair) != 2 or c.pair[0] == c.pair[1]:
            raise self.fail(node, "field 'continuation.pair' needs two different types: the finding and its opposite (e.g. [success, barrier])")
        if not c.markers:
            raise self.fail(node, "field 'continuation' needs 'markers': the words that make a sentence a judgement")
        return c

    def amounts(self, node: yaml.Node) -> Amounts | None:
        if self.value(node) is None:
            return None
        a = Amounts()
        for key, knode, vnode in self.mapping(node, "field 'amounts'"):
            if key not in AMOUNT_KEYS:
                raise self.fail(knode, f"unknown field '{key}' in 'amounts' (allowed: {', '.join(AMOUNT_KEYS)})")
            if key in ("up", "down"):
                setattr(a, key, self.text(vnode, f"amounts.{key}"))
            elif key in AMOUNT_GROUPS:
                needs, what = AMOUNT_GROUPS[key]
                setattr(a, key, self.patterns_with_groups(vnode, f"amounts.{key}", needs, what))
            elif key == "share_skip":
                a.share_skip = self.patterns(vnode, "amounts.share_skip")
            elif key == "fixed":
                a.fixed = self.patterns(vnode, "amounts.fixed")
            elif key in ("numbers", "fractions"):
                setattr(a, key, self.number_map(vnode, f"amounts.{key}"))
            else:
                setattr(a, key, [w.lower() for w in self.str_list(vnode, f"amounts.{key}")])
        for key in ("up", "down"):
            if not getattr(a, key):
                raise self.fail(node, f"field 'amounts' needs '{key}': the type of a finding of {'more good or less bad' if key == 'up' else 'less good or more bad'}")
        if not (a.more or a.less) or not (a.good or a.bad):
            raise self.fail(node, "field 'amounts' needs words in 'more' or 'less' and in 'good' or 'bad'")
        return a

    def code(self, node: yaml.Node, facet: str, list_key: str, language: str) -> tuple[Code, yaml.Node | None]:
        fields = self.mapping(node, f"a code in '{list_key}'")
        names = {k for k, _, _ in fields}
        if "id" not in names:
            raise self.fail(node, f"a code in '{list_key}' has no field 'id'")
        code = Code(id="", facet=facet)
        parent_node = None
        for key, knode, vnode in fields:
            if key not in CODE_KEYS:
                raise self.fail(knode, f"unknown field '{key}' in a code (allowed: {', '.join(sorted(CODE_KEYS))})")
            if key == "id":
                cid = self.text(vnode, "id")
                if not _ID.match(cid or ""):
                    raise self.fail(vnode, f"field 'id': {cid!r} is not a code id (lower-case letters, digits and _, starting with a letter)")
                code.id = cid
            elif key == "facet":
                f = self.text(vnode, "facet")
                if f not in ("type", "theme"):
                    raise self.fail(vnode, f"field 'facet' must be 'type' or 'theme', not {f!r}")
                if f != facet:
                    raise self.fail(vnode, f"field 'facet' is '{f}' but the code is listed under '{list_key}'")
            elif key == "label":
                val = self.value(vnode)
                if isinstance(val, str):
                    code.label = {language: val}
                elif isinstance(val, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in val.items()):
                    code.label = dict(val)
                else:
                    raise self.fail(vnode, "field 'label' must be text or a mapping of language: text (nl: ..., en: ...)")
            elif key == "parent":
                code.parent = self.text(vnode, "parent", allow_none=True)
                parent_node = vnode
            elif key in _TEXT_FIELDS:
                setattr(code, key, (self.text(vnode, key, allow_none=True) or "").strip())
            elif key in ("alone", "alone_exceptions") and facet != "type":
                raise self.fail(knode, f"field '{key}' applies to types only, not to a theme")
            elif key in ("patterns", "questions", "alone_exceptions", "cue_exceptions"):
                setattr(code, key, self.patterns(vnode, key))
            elif key == "alone":
                code.alone = [w.lower() for w in self.str_list(vnode, key)]
            elif key in _LIST_FIELDS:
                setattr(code, key, self.str_list(vnode, key))
            elif key == "color":
                col = self.text(vnode, "color", allow_none=True)
                if col is not None and not _COLOR.match(col):
                    raise self.fail(vnode, f"field 'color' must look like #1f77b4, not {col!r}")
                code.color = col
            elif key in ("codable", "heading_alone"):
                if key == "heading_alone" and facet != "type":
                    raise self.fail(knode, "field 'heading_alone' applies to types only, not to a theme")
                val = self.value(vnode)
                if not isinstance(val, bool):
                    raise self.fail(vnode, f"field '{key}' must be true or false, not {_kind(val)}")
                setattr(code, key, val)
        if not code.label:
            code.label = {language: code.id.replace("_", " ")}
        return code, parent_node


def _kind(val: Any) -> str:
    if val is None:
        return "empty"
    return {dict: "a mapping", list: "a list", bool: "true/false"}.get(type(val), type(val).__name__)


# -- saving ----------------------------------------------------------------------------------------

def codebook_to_yaml(cb: Codebook) -> str:
    def code_dict(c: Code) -> dict[str, Any]:
        d: dict[str, Any] = {"id": c.id, "label": dict(c.label)}
        if c.parent:
            d["parent"] = c.parent
        for f in ("definition", "include", "exclude"):
            if getattr(c, f):
                d[f] = getattr(c, f)
        for f in ("cues", "phrases", "modality", "alone", "alone_exceptions", "cue_exceptions", "patterns", "headings", "questions",
                  "examples", "counter_examples"):
            if getattr(c, f):
                d[f] = list(getattr(c, f))
        if c.color:
            d["color"] = c.color
        if not c.codable:
            d["codable"] = False
        if not c.heading_alone:
            d["heading_alone"] = False
        return d

    doc: dict[str, Any] = {"name": cb.name, "language": cb.language}
    if cb.version:
        doc["version"] = cb.version
    if cb.description:
        doc["description"] = cb.description
    if cb.negations:
        doc["negations"] = list(cb.negations)
    if cb.method_patterns:
        doc["method_patterns"] = list(cb.method_patterns)
    if cb.neutral_headings:
        doc["neutral_headings"] = list(cb.neutral_headings)
    if cb.source_patterns:
        doc["source_patterns"] = list(cb.source_patterns)
    for key in ("announcement_patterns", "programme_patterns", "neutral_questions", "probe_questions", "affirmations", "anaphora", "follow_up_patterns",
                "concession_patterns", "auxiliaries", "adversatives", "particles", "particle_followers"):
        if getattr(cb, key):
            doc[key] = list(getattr(cb, key))
    if cb.amounts is not None:
        doc["amounts"] = {k: v for k, v in asdict(cb.amounts).items() if v}
    if cb.continuation is not None:
        doc["continuation"] = {k: v for k, v in asdict(cb.continuation).items() if v}
    if cb.present_state is not None:
        doc["present_state"] = {k: v for k, v in asdict(cb.present_state).items() if v}
    if cb.spoken_contrast is not None:
        doc["spoken_contrast"] = {k: v for k, v in asdict(cb.spoken_contrast).items() if v}
    if cb.denial is not None:
        doc["denial"] = {k: v for k, v in asdict(cb.denial).items() if v}
    doc["types"] = [code_dict(c) for c in cb.types]
    doc["themes"] = [code_dict(c) for c in cb.themes]
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


def save_codebook(cb: Codebook, path: str | Path) -> Path:
    """Write ``cb`` as YAML (atomically); it loads back to an equal codebook."""
    path = Path(path)
    write_text(path, codebook_to_yaml(cb))
    return path


# -- spreadsheets (MAXQDA / Taguette / hand-kept code lists) ---------------------------------------

_COLUMNS = {
    "code": ("code", "name", "tag", "code name", "codename", "codenaam", "naam", "label", "code system"),
    "parent": ("parent", "parent code", "parent_code", "category", "categorie", "bovenliggende code", "ouder"),
    "description": ("description", "memo", "definition", "beschrijving", "omschrijving", "code memo", "definitie"),
    "facet": ("facet", "kind", "soort"),
    "id": ("id", "code id", "code_id"),
    "label_en": ("label_en", "label (en)", "english", "en"),
    "cues": ("cues", "keywords", "trefwoorden", "zoekwoorden"),
    "examples": ("examples", "example", "voorbeelden", "voorbeeld"),
    "color": ("color", "colour", "kleur"),
}
_TYPE_ROOTS = {"types", "type", "typen", "soorten", "soort", "code types", "factoren"}
_THEME_ROOTS = {"themes", "theme", "themas", "thema's", "thema", "topics", "onderwerpen"}


def codebook_from_spreadsheet(path: str | Path, name: str | None = None, language: str = "nl") -> Codebook:
    """Build a codebook from a CSV or XLSX code list (one row a code: code, parent, description).

    The facet comes from a ``facet`` column when there is one, else from the top-level ancestor's
    name: codes under "Types"/"Typen" are types, codes under "Themes"/"Thema's" themes (those root
    rows only group and are not codes themselves); anything else is a theme.
    """
    path = Path(path)
    rows = _read_rows(path)
    if not rows:
        raise CodebookError("no rows: expected a header row with at least a 'code' column", path=str(path))
    header = [str(h or "").strip().lower() for h in rows[0]]
    col: dict[str, int] = {}
    for key, names in _COLUMNS.items():
        for i, h in enumerate(header):
            if h in names and key not in col:
                col[key] = i
    if "code" not in col:
        raise CodebookError(
            f"no 'code' column (found columns: {', '.join(h for h in header if h) or 'none'})", path=str(path), line=1
        )

    def cell(row: list, key: str) -> str:
        i = col.get(key)
        if i is None or i >= len(row) or row[i] is None:
            return ""
        return str(row[i]).strip()

    entries: list[dict[str, Any]] = []
    for lineno, row in enumerate(rows[1:], start=2):
        raw = cell(row, "code")
        if not raw:
            continue
        parent = cell(row, "parent")
        # MAXQDA writes hierarchical names as "Parent\Child"; unfold them into parent + name.
        for sep in ("\\", " > "):
            if not parent and sep in raw:
                parts = [p.strip() for p in raw.split(sep) if p.strip()]
                for i in range(len(parts) - 1):
                    entries.append({"name": parts[i], "parent": parts[i - 1] if i else "", "line": lineno, "implicit": True})
                raw, parent = parts[-1], parts[-2] if len(parts) > 1 else ""
        entries.append({
            "name": raw, "parent": parent, "line": lineno, "description": cell(row, "description"),
            "facet": cell(row, "facet").lower(), "id": cell(row, "id"), "label_en": cell(row, "label_en"),
            "cues": _split(cell(row, "cues")), "examples": _split(cell(row, "examples"), seps="|\n"),
            "color": cell(row, "color"),
        })
    by_name: dict[str, dict[str, Any]] = {}
    for e in entries:
        key = e["name"].lower()
        if key in by_name:
            if e.get("implicit"):
                continue
            if not by_name[key].get("implicit"):
                raise CodebookError(f"code '{e['name']}' is listed twice (first on line {by_name[key]['line']})", path=str(path), line=e["line"])
        by_name[key] = e
    for e in by_name.values():
        if e["parent"] and e["parent"].lower() not in by_name:
            raise CodebookError(f"parent '{e['parent']}' of code '{e['name']}' is not in the code column", path=str(path), line=e["line"])

    def root_of(e: dict[str, Any]) -> dict[str, Any]:
        seen = set()
        while e["parent"] and e["name"].lower() not in seen:
            seen.add(e["name"].lower())
            e = by_name[e["parent"].lower()]
        return e

    def facet_of(e: dict[str, Any]) -> str:
        for x in _chain(e, by_name):
            if x.get("facet") in ("type", "types"):
                return "type"
            if x.get("facet") in ("theme", "themes"):
                return "theme"
        root = _norm(root_of(e)["name"])
        return "type" if root in _TYPE_ROOTS else "theme"

    def is_facet_root(e: dict[str, Any]) -> bool:
        return not e["parent"] and _norm(e["name"]) in (_TYPE_ROOTS | _THEME_ROOTS) and not e.get("facet")

    cb = Codebook(name=name or slug_id(path.stem) or "imported", language=language, description=f"imported from {path.name}")
    ids: dict[str, str] = {}
    used: set[str] = set()
    for e in by_name.values():
        if is_facet_root(e):
            continue
        cid = e.get("id") or slug_id(e["name"]) or "code"
        if not _ID.match(cid):
            cid = "c_" + slug_id(cid)
        base, n = cid, 2
        while cid in used:
            cid, n = f"{base}_{n}", n + 1
        used.add(cid)
        ids[e["name"].lower()] = cid
    for e in by_name.values():
        if is_facet_root(e):
            continue
        parent = e["parent"].lower()
        pid = ids.get(parent) if parent else None
        label = {language: e["name"]}
        if e.get("label_en"):
            label["en"] = e["label_en"]
        color = e.get("color") or None
        if color and not _COLOR.match(color):
            color = None
        has_children = any(x["parent"].lower() == e["name"].lower() for x in by_name.values())
        code = Code(
            id=ids[e["name"].lower()], facet=facet_of(e), label=label, parent=pid,
            definition=e.get("description", ""), cues=e.get("cues", []), examples=e.get("examples", []),
            color=color, codable=not (has_children and e.get("implicit", False)),
        )
        (cb.types if code.facet == "type" else cb.themes).append(code)
    if not cb.codes:
        raise CodebookError("no codes found in the spreadsheet", path=str(path))
    cb.source = str(path)
    return cb


def _chain(e: dict[str, Any], by_name: dict[str, dict[str, Any]]):
    seen = set()
    while True:
        yield e
        seen.add(e["name"].lower())
        p = e["parent"].lower()
        if not p or p in seen or p not in by_name:
            return
        e = by_name[p]


def _split(s: str, seps: str = ";,|") -> list[str]:
    if not s:
        return []
    return [x.strip() for x in re.split("[" + re.escape(seps) + "]", s) if x.strip()]


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower().strip()
    return s.replace("’", "'")


def slug_id(text: str) -> str:
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z0-9]+", "_", s).strip("_")
    if s and not s[0].isalpha():
        s = "c_" + s
    return s


def _read_rows(path: Path) -> list[list[Any]]:
    suffix = path.suffix.lower()
    if not path.exists():
        raise CodebookError("file not found", path=str(path))
    if suffix == ".xlsx":
        try:
            import openpyxl

            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as err:
            raise CodebookError(f"not a readable XLSX workbook: {type(err).__name__}: {err}", path=str(path)) from None
        try:
            ws = wb.worksheets[0]
            return [list(r) for r in ws.iter_rows(values_only=True)]
        finally:
            wb.close()
    if suffix in (".csv", ".tsv", ".txt"):
        raw = path.read_bytes()
        for enc in ("utf-8-sig", "cp1252"):
            try:
                text = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        return [r for r in csv.reader(io.StringIO(text), dialect)]
    raise CodebookError(f"unsupported spreadsheet type '{suffix}' (use .csv or .xlsx)", path=str(path))
