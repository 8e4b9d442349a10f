"""Word (.docx): headings from styles, list items, tables in body order, footnotes; transcripts.

python-docx gives paragraphs and tables as separate lists, which loses their order, and its
``Paragraph.text`` skips runs inside tracked insertions and content controls. So the body XML is
walked in order here and the text of a paragraph is gathered from its ``w:t`` elements (field
instructions and deleted text live in other elements and are left out).

Headings come from the paragraph style (Heading n / Kop n / Title / Titel, or a custom style with
an outline level); list items from list styles or numbering properties (``w:numPr``); footnotes
from word/footnotes.xml, placed after the paragraph that refers to them. A document whose
paragraphs are mostly speaker turns ("Naam: tekst", a bold name, or Teams' "Naam  0:03" lines)
is read as a transcript.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from ..errors import ExtractionError
from ..model import Block
from .base import NUMBERED_TITLE, Parsed, chapter_numbers

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Table-of-contents entries repeat the headings with page numbers.
_TOC_STYLE = re.compile(r"^(?:toc|inhopg|inhoudsopgave|verzeichnis|table of contents)\s*(?:\d|heading|kop)?", re.IGNORECASE)
_HEADING_STYLE = re.compile(r"^(?:heading|kop|überschrift|titre)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLE = {"title", "titel"}
_LIST_STYLE = re.compile(r"list|lijst|opsomming|bullet|nummering", re.IGNORECASE)


def read_docx(data: bytes, name: str) -> Parsed:
    _check_container(data)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as err:  # python-docx raises several types for damaged packages
        raise ExtractionError(f"corrupt Word file: {type(err).__name__}: {err}") from None
    footnotes = _footnotes(data)
    styles = _style_info(document)
    items = list(_body_items(document.element.body, styles, footnotes))
    pages = _assign_pages(items)

    warnings: list[str] = []
    turns = _as_transcript(items)
    title = (document.core_properties.title or "").strip()
    if turns is not None:
        blocks = turns
        kind = "transcript"
    else:
        blocks = _report_blocks(items)
        kind = "report"
    if not title:
        title = next((b.text for b in blocks if b.kind == "heading"), "")
    return Parsed(blocks=blocks, kind=kind, pages=pages, title=title[:200], warnings=warnings)


def _assign_pages(items: list[_Item]) -> int | None:
    """Page numbers from the page breaks Word wrote when it last laid the document out.

    Word records each rendered page break (``w:lastRenderedPageBreak``) besides explicit ones; a
    file written by another program has neither, and then pages stay unknown rather than all 1.
    A paragraph that runs over a page keeps the page it starts on.
    """
    if not any(any(it.page_breaks) for it in items):
        return None
    page = 1
    for it in items:
        before, after = it.page_breaks
        page += before
        it.page = page
        page += after
    return page


def _check_container(data: bytes) -> None:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ExtractionError(
            "not a .docx file: this is an old binary Word (.doc) file or a password-protected document; "
            "save it as .docx without a password"
        )
    if not data.startswith(b"PK"):
        raise ExtractionError("not a valid .docx file (not a ZIP archive)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" not in names:
                raise ExtractionError("not a Word document: the archive has no word/document.xml")
            bad = zf.testzip()
            if bad is not None:
                raise ExtractionError(f"corrupt .docx file: damaged archive member {bad}")
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as err:
        raise ExtractionError(f"corrupt .docx file (broken ZIP archive: {err})") from None


# --- styles and footnotes --------------------------------------------------------------------


class _Styles:
    def __init__(self):
        self.heading: dict[str, int] = {}   # style id -> level (0 for Title)
        self.listish: set[str] = set()
        self.toc: set[str] = set()
        self.names: dict[str, str] = {}


def _style_info(document) -> _Styles:
    info = _Styles()
    for st in document.styles:
        try:
            sid, sname = st.style_id, (st.name or "")
        except Exception:
            continue
        info.names[sid] = sname
        if _TOC_STYLE.match(sname.strip()) or _TOC_STYLE.match(sid or ""):
            info.toc.add(sid)
            continue
        m = _HEADING_STYLE.match(sname.strip()) or _HEADING_STYLE.match(sid or "")
        if m:
            info.heading[sid] = int(m.group(1))
        elif sname.strip().lower() in _TITLE_STYLE or (sid or "").lower() in _TITLE_STYLE:
            info.heading[sid] = 0
        else:
            el = getattr(st, "element", None)
            lvl = el.find(f"{W}pPr/{W}outlineLvl") if el is not None else None
            if lvl is not None and lvl.get(f"{W}val", "9").isdigit() and int(lvl.get(f"{W}val")) < 9:
                info.heading[sid] = int(lvl.get(f"{W}val")) + 1
        if _LIST_STYLE.search(sname) or (el := getattr(st, "element", None)) is not None and el.find(f"{W}pPr/{W}numPr") is not None:
            info.listish.add(sid)
    return info


def _footnotes(data: bytes) -> dict[str, str]:
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if "word/footnotes.xml" not in zf.namelist():
                return {}
            root = etree.fromstring(zf.read("word/footnotes.xml"), parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except Exception:
        return {}
    notes = {}
    for fn in root.iter(f"{W}footnote"):
        if fn.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join(t for p in fn.iter(f"{W}p") if (t := _para_text(p)[0].strip()))
        if text:
            notes[fn.get(f"{W}id")] = text
    return notes


# --- body walk -------------------------------------------------------------------------------


class _Item:
    """A body element: a paragraph (kind paragraph/heading/list_item) or a table."""

    def __init__(self, kind, text="", level=0, rows=None, bold_lead="", notes=(), page_breaks=(0, 0)):
        self.kind = kind
        self.text = text
        self.level = level
        self.rows = rows
        self.bold_lead = bold_lead     # leading bold text (a speaker name in many transcripts)
        self.notes = list(notes)       # footnote texts referenced in this paragraph
        self.page_breaks = page_breaks # page breaks Word recorded before / after its first text
        self.page: int | None = None


def _para_text(p) -> tuple[str, str, list[str], tuple[int, int]]:
    """(text, leading bold text, footnote ids, (page breaks before, after its first text)) of a w:p.

    Walks the runs in document order, including hyperlinks, tracked insertions, smart tags and
    text boxes, but not the fallback copy of a text box (``mc:Fallback`` repeats it for old Word).
    """
    parts: list[str] = []
    bold_lead: list[str] = []
    notes: list[str] = []
    lead_open = True
    breaks = [0, 0]

    def walk(el) -> None:
        nonlocal lead_open
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag == _MC_FALLBACK:
                continue
            if tag == f"{W}t":
                txt = child.text or ""
                parts.append(txt)
                if lead_open:
                    if txt.strip() and _is_bold(child.getparent()):
                        bold_lead.append(txt)
                    elif txt.strip():
                        lead_open = False
                    else:
                        bold_lead.append(txt)
            elif tag == f"{W}tab":
                parts.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                if child.get(f"{W}type") == "page":
                    breaks["".join(parts).strip() != ""] += 1
                else:
                    parts.append("\n")
            elif tag == f"{W}lastRenderedPageBreak":
                breaks["".join(parts).strip() != ""] += 1
            elif tag == f"{W}noBreakHyphen":
                parts.append("-")
            elif tag == f"{W}footnoteReference":
                notes.append(child.get(f"{W}id"))
                lead_open = False
            else:
                walk(child)

    walk(p)
    return "".join(parts), "".join(bold_lead).strip(), notes, (breaks[0], breaks[1])


def _is_bold(run) -> bool:
    if run is None or run.tag != f"{W}r":
        return False
    rpr = run.find(f"{W}rPr")
    if rpr is None:
        return False
    b = rpr.find(f"{W}b")
    return b is not None and b.get(f"{W}val", "true") not in ("0", "false")


def _body_items(body, styles: _Styles, footnotes: dict[str, str]):
    for el in body.iterchildren():
        tag = el.tag
        if tag == f"{W}p":
            item = _paragraph_item(el, styles, footnotes)
            if item is not None:
                yield item
        elif tag == f"{W}tbl":
            rows = _table_rows(el)
            if rows:
                breaks = sum(1 for _ in el.iter(f"{W}lastRenderedPageBreak"))
                yield _Item("table", rows=rows, page_breaks=(0, breaks))
        elif tag == f"{W}sdt":
            content = el.find(f"{W}sdtContent")
            if content is not None:
                yield from _body_items(content, styles, footnotes)


def _paragraph_item(p, styles: _Styles, footnotes: dict[str, str]) -> _Item | None:
    ppr = p.find(f"{W}pPr")
    ps = ppr.find(f"{W}pStyle") if ppr is not None else None
    if ps is not None and ps.get(f"{W}val") in styles.toc:
        return None
    text, bold_lead, note_ids, breaks = _para_text(p)
    notes = [footnotes[i] for i in note_ids if i in footnotes]
    if ppr is not None and ppr.find(f"{W}pageBreakBefore") is not None:
        breaks = (breaks[0] + 1, breaks[1])
    sid = None
    if ppr is not None:
        ps = ppr.find(f"{W}pStyle")
        sid = ps.get(f"{W}val") if ps is not None else None
    level = styles.heading.get(sid) if sid else None
    if ppr is not None and level is None:
        ol = ppr.find(f"{W}outlineLvl")
        if ol is not None and (ol.get(f"{W}val") or "9").isdigit() and int(ol.get(f"{W}val")) < 9:
            level = int(ol.get(f"{W}val")) + 1
    if level is not None and text.strip():
        return _Item("heading", text, level=max(level, 1) if level else 0, notes=notes, page_breaks=breaks)
    numpr = ppr.find(f"{W}numPr") if ppr is not None else None
    if numpr is not None or (sid and sid in styles.listish):
        ilvl = numpr.find(f"{W}ilvl") if numpr is not None else None
        depth = int(ilvl.get(f"{W}val", "0")) + 1 if ilvl is not None and (ilvl.get(f"{W}val") or "0").isdigit() else 1
        return _Item("list_item", text, level=depth, bold_lead=bold_lead, notes=notes, page_breaks=breaks)
    return _Item("paragraph", text, bold_lead=bold_lead, notes=notes, page_breaks=breaks)


def _table_rows(tbl) -> list[list[str]]:
    rows = []
    for tr in tbl.iterchildren(f"{W}tr"):
        cells = []
        for tc in tr.iterchildren(f"{W}tc"):
            # A vertically merged continuation cell repeats nothing; keep it empty.
            texts = [_para_text(p)[0].strip() for p in tc.iter(f"{W}p")]
            cells.append(" ".join(t for t in texts if t))
        if any(cells):
            rows.append(cells)
    return rows


# --- assembling ------------------------------------------------------------------------------


def _clean(text: str) -> str:
    from .textnorm import normalise

    text = normalise(text).replace("\t", " ")
    lines = [" ".join(ln.split()) for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def _report_blocks(items: list[_Item]) -> list[Block]:
    blocks: list[Block] = []
    stack: list[tuple[int, str, bool]] = []   # (level, text, from a heading style)
    styled = any(it.kind == "heading" for it in items)
    numbered = _numbered_titles(items)
    for n, it in enumerate(items):
        if it.kind == "table":
            rows = [[_clean(c).replace("\n", " ") for c in r] for r in it.rows]
            rows = [r for r in rows if any(r)]
            if rows:
                section = tuple(t for _, t, _ in stack)
                blocks.append(Block(kind="table", text="\n".join(" | ".join(r) for r in rows), page=it.page,
                                    section=section, rows=rows))
            continue
        text = _clean(it.text)
        if not text:
            continue
        level = it.level or 1
        kind = it.kind
        if n in numbered:
            kind, level = "heading", numbered[n]
        elif kind == "paragraph" and _bold_heading(it, text, items[n + 1:n + 2]):
            # A bold line used as a heading: below the styled headings, or top level without them.
            kind = "heading"
            level = next((lv + 1 for lv, _, by_style in reversed(stack) if by_style), 1) if styled else 1
        if kind == "heading":
            text = " ".join(text.split())
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, text, it.kind == "heading"))
            blocks.append(Block(kind="heading", text=text, page=it.page, section=tuple(t for _, t, _ in stack), level=level))
        else:
            blocks.append(Block(kind=kind, text=text, page=it.page, section=tuple(t for _, t, _ in stack), level=it.level))
        for note in it.notes:
            blocks.append(Block(kind="footnote", text=_clean(note), page=it.page, section=tuple(t for _, t, _ in stack)))
    return blocks


def _numbered_titles(items: list[_Item]) -> dict[int, int]:
    """Numbered headings typed into plain paragraphs ("2.1 Knelpunten" in the Normal style): item
    index -> level from the numbering.

    Only where no heading style carries a number (there the typed numbers are a list's), and only
    a short paragraph without closing punctuation, with text after it, not one of a run of numbered
    paragraphs at its depth (a list or a table of contents), with a number used once.
    """
    if any(it.kind == "heading" and NUMBERED_TITLE.match(_clean(it.text)) for it in items):
        return {}

    def number(it: _Item) -> str | None:
        if it.kind != "paragraph":
            return None
        text = " ".join(_clean(it.text).split())
        m = NUMBERED_TITLE.match(text)
        if (m is None or not text[m.end() - 1].isupper() or len(text.split()) > 12
                or re.search(r"[.,;:!]$|\s\d{1,3}$", text) or int(m.group(1).split(".")[0]) not in range(1, 41)):
            return None
        return m.group(1)

    nums = [number(it) for it in items] + [None]   # (a last None: the item after the last one)
    found: list[tuple[int, str]] = []
    for i, num in enumerate(nums[:-1]):
        if num is None or i + 1 >= len(items) or items[i + 1].kind not in ("paragraph", "list_item", "table"):
            continue
        depth = num.count(".")
        if any(o is not None and o.count(".") == depth for o in (nums[i - 1] if i else None, nums[i + 1])):
            continue
        found.append((i, num))
    levels = dict(found)
    return {i: min(6, levels[i].count(".") + 1) for i in chapter_numbers(found)}


def _bold_heading(it: _Item, text: str, following: list[_Item]) -> bool:
    """A short, wholly bold paragraph without closing punctuation, followed by running text."""
    if not it.bold_lead or " ".join(it.bold_lead.split()) != " ".join(text.split()):
        return False
    if len(text.split()) > 12 or "\n" in text or re.search(r"[.,;:!]$", text):
        return False
    nxt = following[0] if following else None
    return nxt is not None and nxt.kind in ("paragraph", "list_item", "table") and not (
        nxt.kind == "paragraph" and nxt.bold_lead and " ".join(nxt.bold_lead.split()) == " ".join(_clean(nxt.text).split()))


def _table_turn_lines(rows: list[list[str]]) -> list[str] | None:
    """A transcript laid out as a table (speaker | [time |] text) -> "[time] Speaker: text" lines."""
    from .transcript import parse_time

    body = [r for r in rows if len(r) in (2, 3)]
    if len(body) < 3 or len(body) < 0.8 * len(rows):
        return None
    width = len(body[0])
    if any(len(r) != width for r in body):
        return None
    text_col = max(range(width), key=lambda c: sum(len(r[c]) for r in body))
    time_col = next((c for c in range(width) if c != text_col and sum(parse_time(r[c]) is not None for r in body) >= 0.8 * len(body)), None)
    name_col = next((c for c in range(width) if c not in (text_col, time_col)), None)
    if name_col is None:
        return None
    names = [" ".join(r[name_col].split()) for r in body]
    if not all(0 < len(n.split()) <= 4 for n in names[1:]) or len(set(names[1:])) > max(2, len(names) // 2):
        return None
    out = []
    for r, name in zip(body, names):
        if time_col is not None and parse_time(r[time_col]) is None:
            continue  # a header row ("Spreker | Tijd | Tekst")
        stamp = f"[{r[time_col].strip()}] " if time_col is not None else ""
        out.append(f"{stamp}{name}: {' '.join(r[text_col].split())}")
    return out


def _as_transcript(items: list[_Item]) -> list[Block] | None:
    """Turn blocks when most paragraphs are speaker turns, else None."""
    from .transcript import parse_turns, turn_blocks

    lines: list[str] = []
    origin: list[int] = []          # the item each line came from
    for n, it in enumerate(items):
        if it.kind == "table":
            rows = _table_turn_lines(it.rows) or [" | ".join(r) for r in it.rows]
            lines.extend(rows + [""])
            origin.extend([n] * (len(rows) + 1))
            continue
        text = _clean(it.text)
        if not text:
            continue
        lead = it.bold_lead.rstrip(":").strip()
        if lead and text.startswith(it.bold_lead) and 0 < len(lead.split()) <= 4 and ":" not in text[: len(it.bold_lead)].rstrip(":"):
            rest = text[len(it.bold_lead):].lstrip(" :")
            text = f"{lead}: {rest}" if rest else f"{lead}:"
        parts = text.split("\n") + [""]
        lines.extend(parts)
        origin.extend([n] * len(parts))
    found = parse_turns(lines)
    if found is None:
        return None
    preamble, turns = found
    # What precedes the first turn (title, a table of interview details) is read as a report.
    first = len(preamble)
    head_items = items[: origin[first]] if first < len(origin) else items
    blocks = _report_blocks(head_items)
    section = blocks[0].section[:1] if blocks and blocks[0].kind == "heading" else ()
    blocks.extend(turn_blocks(turns, section))
    return blocks
