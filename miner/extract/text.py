"""Plain text and Markdown: reports exported from PDFs or word processors, and transcripts.

Text exported from a PDF keeps the PDF's lines: words hyphen-split at line ends, paragraphs
broken over pages (with the footnotes of that page in between), page numbers and running
headers on lines of their own, a table of contents, flattened tables. The reader rebuilds
paragraphs, headings, list items and footnotes from those lines:

* decoding: UTF-8 (BOM or not), UTF-16/32 with a BOM (or UTF-16 without, recognised by its NUL
  pattern), else Windows-1252 with a warning; binary content is refused;
* pages: form feeds (``\\f``) separate pages, and every block carries its page number;
* noise: lines that are only a page number, a recurring running header/footer (found by
  recurrence, not by a list of strings) and table-of-contents runs are dropped;
* paragraphs: blank lines separate paragraphs; in "double-spaced" exports, where every line is
  followed by a blank line, only runs of two or more blank lines do. A paragraph that stops
  mid-sentence continues after a page break or footnotes when the next text starts in lower case;
* headings: Markdown ``#``; numbered lines ("3.2 Knelpunten"; "2. Bevindingen" after a blank
  line and above prose, while "1. Zorg voor ...;" runs after a lead-in colon stay list items),
  short ALL-CAPS lines and short lines without closing punctuation that follow a finished
  paragraph and precede running text;
* title blocks, letter headers and signatures: short unpunctuated lines at the very top or bottom
  are passages of their own, not glued to each other or to the first or last sentence;
* footnotes: a line "12 Kamerstuk ..." is a footnote when footnote 12 is the next one expected
  and the text above carries its marker glued to a word ("curriculum12"), which is then removed.

Markdown adds ``#`` headings, ``|`` tables (table blocks with rows), inline markup removed and
YAML front matter (its ``title`` becomes the document title).

If most lines are speaker turns the file is a transcript (see :mod:`miner.extract.transcript`).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from ..errors import ExtractionError
from ..model import Block
from .base import Parsed

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_MAGIC = (
    (b"%PDF", "looks like a PDF; give it the .pdf suffix"),
    (b"PK\x03\x04", "looks like a ZIP archive or Office file such as .docx"),
    (b"\xd0\xcf\x11\xe0", "looks like an old Office (.doc/.xls) file"),
    (b"\x89PNG", "looks like a PNG image"),
    (b"\xff\xd8\xff", "looks like a JPEG image"),
)
# Letters, digits, whitespace and the punctuation of ordinary prose: what decoded text is made of.
_PROSE_CHAR = re.compile(r"[\w\s.,;:!?'\"()\[\]{}/\\\-–—‘’“”«»…•·&%€$@#*+=<>|~^`°§]")


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """Bytes -> text and warnings; ExtractionError for binary content or undecodable bytes."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(enc)
            except UnicodeDecodeError as err:
                raise ExtractionError(
                    f"cannot decode text: it starts with a {enc.upper()} byte-order mark but byte "
                    f"{err.start + len(bom)} is invalid {enc.upper()} ({err.reason})"
                ) from None
            _refuse_binary(text)
            return text, []
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ExtractionError(f"not a text file (binary content: {what})")
    warnings: list[str] = []
    if b"\x00" in data:
        enc = _bomless_utf16(data)
        if enc is None:
            raise ExtractionError("not a text file (binary content: NUL bytes)")
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            raise ExtractionError("not a text file (binary content: NUL bytes)") from None
        warnings.append(f"decoded as {enc.upper()} (no byte-order mark)")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            bad = data[err.start]
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise ExtractionError(
                    f"cannot decode text: not valid UTF-8 (byte 0x{bad:02x} at offset {err.start}) and not "
                    "Windows-1252 either; save the file as UTF-8"
                ) from None
            if not _prose_like(text):
                raise ExtractionError("not a text file (binary content)")
            warnings.append("decoded as cp1252 (the file is not valid UTF-8)")
    _refuse_binary(text)
    return text, warnings


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: NULs in every other byte of mostly-ASCII text."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    if odd > 0.6 and even < 0.1:
        return "utf-16-le"
    if even > 0.6 and odd < 0.1:
        return "utf-16-be"
    return None


def _prose_like(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return True
    ok = len(_PROSE_CHAR.findall(sample))
    return ok / len(sample) >= 0.9


def _refuse_binary(text: str) -> None:
    sample = text[:200000]
    if "\x00" in sample:
        raise ExtractionError("not a text file (binary content: NUL characters)")
    controls = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f\x0b") or 0x7F <= ord(ch) < 0xA0)
    if sample and controls > max(2, 0.01 * len(sample)):
        raise ExtractionError("not a text file (binary content: many control characters)")


# --- line analysis ----------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(
    r"^[\s\-–—|]*(?:(?:pagina|page|blz\.?|p\.)\s*)?(?:\d{1,4}|[ivxlc]{1,7})(?:\s*(?:/|van|of)\s*\d{1,4})?[\s\-–—|]*$",
    re.IGNORECASE,
)
_TOC_LINE = re.compile(r"^\s*(?P<title>\S.{1,120}?)\s*(?:\.{2,}|…+|_{2,}|\s)\s*(?P<page>\d{1,3})\s*$")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_BULLET = re.compile(r"^(?P<indent>\s*)(?P<marker>[•●○◦▪▫■□‣∙·\-–—*✓➢➤►▶→])\s+(?P<text>\S.*)$")
_ENUM = re.compile(r"^(?P<indent>\s*)(?P<marker>\(?(?P<n>\d{1,2}|[a-z])[.)])\s+(?P<text>\S.*)$")
_BARE_ENUM = re.compile(r"^\s*(?P<n>\d{1,2})\s+(?P<text>[^\W\d_].*)$")
_NUMBERED_HEADING = re.compile(r"^\s*(?P<num>\d{1,2}(?:\.\d{1,2}){0,4})(?P<dot>\.?)\s+(?P<text>[^\W\d_].*)$")
_CHAPTER = re.compile(r"^\s*(?:hoofdstuk|bijlage|chapter|appendix|deel)\s+(?:\d{1,2}|[ivx]{1,4}|[a-h])\b.{0,80}$", re.IGNORECASE)
_TERMINAL = re.compile(r"[.!?…:;][\"'’”)\]]*$")
_SENTENCE_END = re.compile(r"[.!?…][\"'’”)\]]*$")
_FOOTNOTE_START = re.compile(r"^\s*(?P<n>\d{1,3})\s{1,3}(?P<text>\S.{11,})$")
# A wrapped line often ends on one of these; a heading hardly ever does.
_FUNCTION_WORDS = {
    "de", "het", "een", "van", "en", "in", "op", "voor", "met", "te", "aan", "om", "dat", "die", "of",
    "naar", "bij", "door", "als", "tot", "uit", "over", "the",
    "and", "to", "a", "an", "for", "with",
}
_MARKER_PREFIX = r"[^\W\d_][)’”'\".,:;]?"
_MD_INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
]


@dataclass
class _Line:
    text: str
    page: int | None
    gap: int            # blank lines before it (after noise removal), in the file's own spacing;
                        # a page break counts as one
    blank: int = 0      # blank lines before it as written: a double-spaced export's gap is 0 while
                        # its lines still stand alone, which tells a title from a list item


@dataclass
class _Open:
    kind: str
    lines: list[str]
    page: int | None
    section: tuple[str, ...]
    level: int = 0
    rows: list[list[str]] | None = None
    footnote: int | None = None
    enum: str | None = None           # list items: the enumerator ("3", "b"), None for bullets


def read_text(data: bytes, name: str) -> Parsed:
    from .textnorm import normalise

    text, warnings = decode_text(data)
    text = normalise(text)
    markdown = name.lower().endswith(".md")
    meta_title = ""
    if markdown:
        text, meta_title = _front_matter(text)
    paged = "\f" in text.rstrip("\f\n ")
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1] or pages
    raw: list[tuple[str, int | None]] = []
    for pno, page in enumerate(pages, start=1):
        for ln in page.split("\n"):
            raw.append((ln.rstrip(), pno if paged else None))

    turns = _try_transcript(raw, markdown)
    if turns is not None:
        blocks, title = turns
        return Parsed(blocks=blocks, kind="transcript", pages=len(pages) if paged else None, title=meta_title or title,
                      warnings=warnings)

    lines = _clean_lines(raw, paged)
    blocks = _Builder(lines, markdown).build()
    title = meta_title
    if markdown and not title:
        title = next((b.text for b in blocks if b.kind == "heading" and b.level == 1), "")
    return Parsed(blocks=blocks, kind="report", pages=len(pages) if paged else None, title=title, warnings=warnings)


def _try_transcript(raw: list[tuple[str, int | None]], markdown: bool) -> tuple[list[Block], str] | None:
    from .transcript import parse_turns, turn_blocks
    from .textnorm import join_lines

    lines = [ln for ln, _ in raw]
    if markdown:
        lines = [_md_inline(ln) for ln in lines]
    found = parse_turns(lines)
    if found is None:
        return None
    preamble, turns = found
    blocks: list[Block] = []
    title = ""
    section: tuple[str, ...] = ()
    para: list[str] = []

    def flush():
        if para:
            blocks.append(Block(kind="paragraph", text=join_lines(para), section=section))
            para.clear()

    for ln in preamble:
        s = ln.strip()
        m = _MD_HEADING.match(ln) if markdown else None
        if m or (s and not blocks and not para and not title and len(s) <= 120 and not _SENTENCE_END.search(s)):
            flush()
            head = m.group(2) if m else s
            title = title or head
            section = (head,)
            blocks.append(Block(kind="heading", text=head, section=section, level=1))
        elif not s:
            flush()
        else:
            # Header lines ("Datum: ...", "Aanwezig: ...") each stand alone; wrapped text goes on.
            if para and not s[:1].islower():
                flush()
            para.append(s)
    flush()
    blocks.extend(turn_blocks(turns, section, join=join_lines))
    return blocks, title


def _front_matter(text: str) -> tuple[str, str]:
    """Markdown YAML front matter ("---" ... "---" at the top): removed; its title returned.

    The lines are kept as blank lines so nothing after them moves.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return text, ""
    end = next((k for k in range(1, min(len(lines), 200)) if lines[k].strip() in ("---", "...")), None)
    if end is None:
        return text, ""
    title = ""
    for ln in lines[1:end]:
        m = re.match(r"^title:\s*(.+?)\s*$", ln)
        if m:
            title = m.group(1).strip().strip("\"'")
    return "\n".join([""] * (end + 1) + lines[end + 1:]), title


def _md_inline(line: str) -> str:
    for pat, rep in _MD_INLINE:
        line = pat.sub(rep, line)
    return line


def _norm_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()).casefold())


def _clean_lines(raw: list[tuple[str, int | None]], paged: bool) -> list[_Line]:
    """Drop page numbers, running headers/footers and tables of contents; record blank gaps."""
    texts = [t for t, _ in raw]
    drop = [False] * len(raw)
    for i, t in enumerate(texts):
        if t.strip() and _PAGE_NUMBER.match(t):
            drop[i] = True
    for i in _running_lines(raw, paged):
        drop[i] = True
    for i in _toc_lines(texts):
        drop[i] = True

    # Double-spaced exports put a blank line after every line: then a single blank is a line break.
    gaps = []
    run = 0
    seen = False
    for t in texts:
        if t.strip():
            if seen:
                gaps.append(run)
            run, seen = 0, True
        else:
            run += 1
    double = bool(gaps) and sum(g == 1 for g in gaps) >= 0.5 * len(gaps) and sum(g == 0 for g in gaps) < sum(g == 1 for g in gaps)

    out: list[_Line] = []
    blank = 0
    prev_page = None
    for i, (t, page) in enumerate(raw):
        if not t.strip():
            blank += 1
            continue
        if drop[i]:
            continue
        gap = blank
        if double:
            gap = 0 if blank <= 1 else 1
        if page is not None and prev_page is not None and page != prev_page:
            gap = max(gap, 1)
        out.append(_Line(t, page, gap, blank))
        blank = 0
        prev_page = page
    return out


def _running_lines(raw: list[tuple[str, int | None]], paged: bool) -> list[int]:
    """Indices of running header/footer lines: the same short line recurring over the document."""
    if paged:
        by_page: dict[int, list[int]] = {}
        for i, (t, p) in enumerate(raw):
            if t.strip() and p is not None:
                by_page.setdefault(p, []).append(i)
        edges: dict[str, set[int]] = {}
        where: dict[str, list[int]] = {}
        for p, idx in by_page.items():
            for i in idx[:3] + idx[-3:]:
                k = _norm_key(raw[i][0])
                edges.setdefault(k, set()).add(p)
                where.setdefault(k, []).append(i)
        need = max(3, int(0.4 * len(by_page) + 0.5))
        return sorted({i for k, ps in edges.items() if len(ps) >= need and len(k) <= 150 for i in where[k]})
    counts: Counter = Counter()
    where: dict[str, list[int]] = {}
    numbers: dict[str, list[tuple[int, ...]]] = {}
    exact: Counter = Counter()
    for i, (t, _) in enumerate(raw):
        s = t.strip()
        if not s or len(s) > 120 or _BULLET.match(s) or _ENUM.match(s):
            continue
        k = _norm_key(s)
        counts[k] += 1
        exact[" ".join(s.split()).casefold()] += 1
        where.setdefault(k, []).append(i)
        numbers.setdefault(k, []).append(tuple(int(x) for x in re.findall(r"\d+", s)))
    n = len(raw)
    nonempty = sum(1 for t, _ in raw if t.strip())
    page_numbers = {i for i, (t, _) in enumerate(raw) if t.strip() and _PAGE_NUMBER.match(t)}
    found = []
    for k, c in counts.items():
        idx = where[k]
        spread = (idx[-1] - idx[0]) / max(1, n)
        words = len(k.split())
        # A page counter inside the line ("Rapport LOB | 7") is strong evidence; otherwise
        # demand the identical line many times over the document, so table cells survive.
        # A page has a few dozen lines: a word and a number close together ("Vraag 1" ... "Antwoord
        # 1" ... "Vraag 2" in a letter answering parliamentary questions) are headings, not a page
        # counter; a longer footer ("Evaluatie LOB | pagina 7") is one however short its pages.
        counter = (c >= 3 and len(k) <= 80 and words <= 10 and _page_counter(numbers[k])
                   and (words >= 3 or _median_gap(idx, raw) >= MIN_PAGE_LINES))
        # About once a page, next to the page numbers or very often: a heading reused in every
        # chapter recurs far less often, and a sentence ends with a full stop.
        near = sum(any(j in page_numbers for j in range(i - 4, i + 5)) for i in idx)
        repeated = ("#" not in k and words >= 2 and len(k) >= 8 and spread >= 0.5 and not _SENTENCE_END.search(k)
                    and exact[k] >= max(5, nonempty / 150) and (near >= 0.5 * c or exact[k] >= max(8, nonempty / 60)))
        if (counter or repeated) and spread >= 0.3:
            found.extend(idx)
    return found


MIN_PAGE_LINES = 12


def _median_gap(idx: list[int], raw: list[tuple[str, int | None]]) -> float:
    """The median number of non-empty lines between consecutive occurrences."""
    filled = [0]
    for t, _ in raw:
        filled.append(filled[-1] + (1 if t.strip() else 0))
    gaps = sorted(filled[b] - filled[a] for a, b in zip(idx, idx[1:]))
    return gaps[len(gaps) // 2] if gaps else 0.0


def _page_counter(values: list[tuple[int, ...]]) -> bool:
    """Exactly one number in the line changes, and it goes up through the document."""
    if not values or not values[0]:
        return False
    varying = [k for k in range(len(values[0])) if len({v[k] for v in values}) > 1]
    if len(varying) != 1:
        return False
    seq = [v[varying[0]] for v in values]
    return all(b > a for a, b in zip(seq, seq[1:]))


def _toc_lines(texts: list[str]) -> list[int]:
    """Runs of >= 3 "title ... page" lines with non-decreasing page numbers."""
    out: list[int] = []
    run: list[tuple[int, int]] = []

    def close():
        if len(run) >= 3:
            out.extend(i for i, _ in run)
        run.clear()

    for i, t in enumerate(texts):
        if not t.strip():
            continue
        m = _TOC_LINE.match(t)
        if m and len(m.group("title").split()) <= 14 and not _TERMINAL.search(m.group("title")):
            page = int(m.group("page"))
            if run and page < run[-1][1]:
                close()
            run.append((i, page))
        else:
            close()
    close()
    return out


# --- block building ---------------------------------------------------------------------------


class _Builder:
    def __init__(self, lines: list[_Line], markdown: bool):
        from .textnorm import hyphenated_forms, word_counts

        self.lines = lines
        self.markdown = markdown
        full = "\n".join(ln.text for ln in lines)
        self.known_hyph = hyphenated_forms(full)
        self.counts = word_counts(full)
        # The wrap width of the source: short lines are headings or paragraph ends, full ones wrap.
        lengths = sorted(len(ln.text.strip()) for ln in lines)
        width = statistics.quantiles(lengths, n=10)[-1] if len(lengths) >= 10 else (max(lengths) if lengths else 80)
        self.width = max(width, 40)
        self.blocks: list[_Open] = []
        self.cur: _Open | None = None
        self.stack: list[tuple[int, str]] = []      # (level, heading text)
        self.numbered_level = 0
        self.caps_seen = False
        self.next_footnote = 1
        self.pending_body: _Open | None = None      # a paragraph cut off by a page's footnotes
        self.markers: list[tuple[_Open, int]] = []  # (block, footnote number) to strip
        self._resumed: _Open | None = None         # that paragraph, reopened after its footnotes
        self._md_used = 0                           # lines the last Markdown construct took
        self.head_end, self.tail_start = self._edge_runs()

    # section path helpers
    def section(self) -> tuple[str, ...]:
        return tuple(t for _, t in self.stack)

    def push_heading(self, text: str, level: int, page) -> None:
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        self.stack.append((level, text))
        self.close()
        self.blocks.append(_Open("heading", [text], page, self.section(), level))
        self.pending_body = None

    def start(self, kind: str, text: str, page, level: int = 0) -> None:
        self.close()
        self.cur = _Open(kind, [text], page, self.section(), level)

    # classification
    def is_list_start(self, i: int) -> tuple[str, int, str | None] | None:
        s = self.lines[i].text
        m = _BULLET.match(s)
        if m:
            if m.group("marker") in "-–—" and s.strip().endswith("-") and len(s.strip()) < 4:
                return None
            indent = len(m.group("indent").expandtabs(4))
            return m.group("text"), 1 + (indent >= 4), None
        m = _ENUM.match(s)
        if m:
            return f"{m.group('marker')} {m.group('text')}", 1 + (m.group("n").isalpha()), m.group("n")
        m = _BARE_ENUM.match(s)
        if m:
            # "1 Tijd" / "2 Geld": numbered without a dot, known as a list by its lead-in colon or
            # the item before it, as a chapter title is not.
            n = int(m.group("n"))
            prev = self._previous()
            if prev is not None and prev.lines and (
                    (n == 1 and prev.kind != "heading" and prev.lines[-1].rstrip().endswith(":"))
                    or (prev.kind == "list_item" and prev.enum == str(n - 1))):
                return f"{m.group('n')} {m.group('text')}", 1, m.group("n")
        return None

    def _previous(self) -> _Open | None:
        """The block being built, else the last one finished."""
        return self.cur or (self.blocks[-1] if self.blocks else None)

    def prev_ended(self, i: int) -> bool:
        """Whether the text before line i finished a paragraph (or nothing came before)."""
        if self.cur is None:
            return True
        if self.lines[i].gap:
            return True
        last = self.cur.lines[-1].rstrip()
        return self.cur.kind == "heading" or bool(_TERMINAL.search(last))

    def heading_at(self, i: int) -> tuple[str, int, int] | None:
        """(text, level, lines used) when line i starts a heading."""
        ln = self.lines[i]
        s = " ".join(ln.text.split())
        nxt = self.lines[i + 1] if i + 1 < len(self.lines) else None
        if len(s) > 120 or len(s.split()) > 14 or not s[:1].isalnum() or s.endswith((",", ";")):
            return None
        m = _NUMBERED_HEADING.match(s)
        # A numbered question is a heading too ("2 Wie kiest bewust?", "3.2 Wat werkt?"): a sentence
        # does not start with a section number. "5. In welke mate ...?" is a questionnaire's item.
        if m and (not _TERMINAL.search(s) or (s.endswith("?") and len(s.split()) <= 10
                                               and ("." in m.group("num") or not m.group("dot")))):
            depth = m.group("num").count(".") + 1
            first = int(m.group("num").split(".")[0])
            if first == 0 or first > 40:
                return None
            if depth == 1 and (m.group("dot") or not self.prev_ended(i)):
                # "1. ..." is a list item after a colon or in a run of items.
                if not self.prev_ended(i) or (self._in_enumeration(i, first) and not self._numbered_title(i, first)):
                    return None
                if m.group("dot") and self._below_chapter(first):
                    return None  # "2. Scholing" inside chapter "3. Aanbevelingen": the numbering restarted
            elif depth == 1 and self._in_enumeration(i, first) and not self._numbered_title(i, first):
                return None  # "1 Tijd" / "2 Geld" after a lead-in colon: a list without dots
            if not m.group("text")[:1].isupper():
                return None
            if not self.prev_ended(i) and len(s) > 0.8 * self.width:
                return None  # a full-width line inside a paragraph that happens to start with "2.5 ..."
            text, used = s, 1
            # A heading wrapped over two lines: "3. Versterken ... op de" / "arbeidsmarkt".
            if nxt is not None and not nxt.gap and len(s) >= 0.5 * self.width:
                ns = nxt.text.strip()
                after = self.lines[i + 2] if i + 2 < len(self.lines) else None
                if (ns and len(ns.split()) <= 5 and ns[:1].islower() and not _TERMINAL.search(ns)
                        and after is not None and after.text.strip()[:1].isupper()):
                    text, used = f"{s} {ns}", 2
            if nxt is None and used == 1:
                return None
            after = self.lines[i + used] if i + used < len(self.lines) else None
            if after is not None and not after.gap and after.text.strip()[:1].islower():
                return None  # a numbered line that runs on is text, not a heading
            return text, depth, used
        if not self.prev_ended(i):
            return None
        if _CHAPTER.match(s) and not _TERMINAL.search(s):
            # "Hoofdstuk 2" on its own line, the chapter's title on the next.
            if len(s.split()) <= 3 and nxt is not None and self._stub_then_text(i + 1):
                return f"{s} {' '.join(nxt.text.split())}", 1, 2
            return s, 1, 1
        if nxt is None:
            return None
        letters = [c for c in s if c.isalpha()]
        caps = len(letters) >= 6 and sum(c.isupper() for c in letters) >= 0.9 * len(letters) and len(s.split()) <= 10
        if caps:
            return s, 0, 1
        if _TERMINAL.search(s) and not (s.endswith("?") and len(s.split()) <= 8):
            return None
        prev = self._previous()
        if s.endswith("?") and prev is not None and prev.kind == "heading":
            return None  # "Vraag 4" / "Wanneer informeert u de Kamer?": the question under its heading
        if not s[:1].isupper():
            return None
        alone = ln.gap and nxt.gap
        limit = 0.95 * self.width if alone else 0.9 * self.width if ln.gap else 0.7 * self.width
        if len(s) > limit or s.split()[-1].lower() in _FUNCTION_WORDS:
            return None
        ns = nxt.text.strip()
        if not (ns[:1].isupper() or ns[:1].isdigit() or self._list_like(ns)):
            return None
        if self._title_above_chapter(i):
            return s, -1, 1
        # Running text must follow: a long line or a finished sentence, not another stub
        # (flattened table cells are runs of short lines without punctuation) - or one more
        # heading line that running text follows.
        if not (self._running(ns) or self._list_like(ns) or self._stub_then_text(i + 1)):
            return None
        return s, -1, 1

    def _title_above_chapter(self, i: int) -> bool:
        """Line i opens a title block (up to three short lines) that stands apart above a chapter
        title without a dot ("Tussenevaluatie ..." / "Een onderzoek in opdracht van ..." / blank /
        "1 Inleiding"). Without this, title and chapter were one unfinished paragraph and the
        chapter no heading, in files where a blank line separates every paragraph."""
        prev = self._previous()
        if not (i == 0 or self.lines[i].blank or (prev is not None and prev.kind == "heading")):
            return False
        for j in range(i, min(i + 3, len(self.lines) - 1)):
            s = " ".join(self.lines[j].text.split())
            # The block's lines follow each other: in a file that puts a blank line after every line
            # (gap 0) a title and its byline still do ("Evaluatie ..." / blank / "Bureau X, 2025").
            if (not s[:1].isupper() or _TERMINAL.search(s) or len(s) > 0.7 * self.width or len(s.split()) > 12
                    or (j > i and self.lines[j].gap)):
                return False
            nxt = self.lines[j + 1]
            ns = " ".join(nxt.text.split())
            m = _NUMBERED_HEADING.match(ns)
            if nxt.blank and m and not m.group("dot") and not _TERMINAL.search(ns) and len(ns.split()) <= 8 \
                    and m.group("text")[:1].isupper():
                return True
        return False

    def _running(self, s: str) -> bool:
        return len(s) >= 0.5 * self.width or bool(_TERMINAL.search(s))

    def _stub_then_text(self, j: int) -> bool:
        """Line j is a short capitalised line without closing punctuation, and text follows it."""
        if j + 1 >= len(self.lines):
            return False
        s = self.lines[j].text.strip()
        if not s[:1].isupper() or _TERMINAL.search(s) or len(s) > 0.7 * self.width or len(s.split()) > 12:
            return False
        if s.split()[-1].lower() in _FUNCTION_WORDS:
            return False
        return self._running(self.lines[j + 1].text.strip())

    def _list_like(self, s: str) -> bool:
        return bool(_BULLET.match(s) or _ENUM.match(s))

    def _numbered_title(self, i: int, n: int) -> bool:
        """Line i ("2. Bevindingen") is a chapter title although the next "3." follows closely.

        Short chapters put the next "N." within the few lines that _in_enumeration looks ahead,
        so a report's own numbered chapters were read as a list. A title differs from a list item
        by its form, not its number: a short line without closing punctuation after a blank line
        (as written: double-spaced exports too), with prose (or its own "N.1" subsection) below it,
        with or without a blank line between. A list keeps the upper hand where it is unambiguous:
        after a lead-in colon, and after an item "N-1" of the same short form.
        """
        ln = self.lines[i]
        nxt = self.lines[i + 1] if i + 1 < len(self.lines) else None
        if nxt is None or not (i == 0 or ln.gap or ln.blank):
            return False
        s = " ".join(ln.text.split())
        if _TERMINAL.search(s) or len(s) > 0.7 * self.width or len(s.split()) > 12:
            return False
        if s.split()[-1].lower() in _FUNCTION_WORDS:
            return False
        ns = nxt.text.strip()
        if not (re.match(rf"{n}\.\d{{1,2}}\.?\s+[^\W\d_]", ns)
                or (ns[:1].isupper() and not self._list_like(ns) and self._running(ns))):
            return False
        prev = self._previous()
        if prev is not None and prev.lines and prev.lines[-1].rstrip().endswith(":"):
            return False
        if (prev is not None and prev.kind == "list_item" and prev.enum == str(n - 1)
                and not _ends_sentence(prev.lines[-1]) and not prev.lines[-1].rstrip().endswith(";")):
            return False  # "1. Meer tijd" / "2. Scholing": items shaped like this line
        return True

    def _below_chapter(self, n: int) -> bool:
        """A numbered chapter "n" or higher is open: a new "n." cannot be a chapter after it."""
        for level, text in self.stack:
            top = re.match(r"(\d{1,2})\.?\s", text)
            if level == 1 and top and int(top.group(1)) >= n:
                return True
        return False

    def _in_enumeration(self, i: int, n: int) -> bool:
        prev = self._previous()
        if prev is not None and prev.kind == "list_item" and prev.enum == str(n - 1):
            return True
        if prev is not None and prev.lines and prev.lines[-1].rstrip().endswith(":") and not self.lines[i].gap > 1:
            return True
        for ln in self.lines[i + 1:i + 6]:
            m = _ENUM.match(ln.text)
            if m and m.group("n") == str(n + 1):
                return True
        return False

    def heading_level(self, kind_level: int) -> int:
        if kind_level > 0:
            self.numbered_level = kind_level
            return kind_level
        if kind_level == 0:  # ALL CAPS
            self.caps_seen = True
            return self.numbered_level + 1 if self.numbered_level else 1
        if self.numbered_level:
            return self.numbered_level + 1
        return 2 if self.caps_seen else 1

    def footnote_at(self, i: int) -> int | None:
        m = _FOOTNOTE_START.match(self.lines[i].text)
        if not m:
            return None
        n = int(m.group("n"))
        cur = self.cur
        if cur is not None and cur.kind == "footnote" and cur.footnote is not None and n == cur.footnote + 1 and not self.lines[i].gap:
            return n
        if not (self.next_footnote <= n <= self.next_footnote + 8 or n == 1):
            return None
        # The page's footnotes run on from here: n, n+1, ... One of them must have its marker
        # glued to a word in the text above ("curriculum10", "aangeboden.11", "Kamerbrieven1415").
        run = [n]
        for ln in self.lines[i + 1:i + 16]:
            mm = _FOOTNOTE_START.match(ln.text)
            if mm and int(mm.group("n")) == run[-1] + 1:
                run.append(run[-1] + 1)
            elif ln.gap > 1 or (ln.gap and not mm):
                break
        text = "\n".join(line for b in self._recent_blocks() for line in b.lines)
        for k in run:
            if re.search(rf"{_MARKER_PREFIX}(?:{k}|{k - 1}{k}|{k}{k + 1})(?!\d)|[.!?] {k}[ \t]*$", text, re.MULTILINE):
                return n
        return None

    def _recent_blocks(self) -> list[_Open]:
        out = self.blocks[-12:]
        if self.cur is not None:
            out = out + [self.cur]
        return [b for b in out if b.kind != "footnote"]

    def build(self) -> list[Block]:
        i = 0
        lines = self.lines
        while i < len(lines):
            ln = lines[i]
            s = ln.text.strip()
            if self.markdown and self._markdown(i):
                i += self._md_used
                continue

            # Footnotes of a page: numbered lines whose marker sits in the text above.
            n = self.footnote_at(i)
            if n is not None:
                if self.cur is not None and self.cur.kind in ("paragraph", "list_item") and not _ends_sentence(self.cur.lines[-1]):
                    self.pending_body = self.cur
                elif self.cur is not None and self.cur.kind == "footnote":
                    pass
                else:
                    self.pending_body = None
                self.close()
                fb = _Open("footnote", [self.lines[i].text.strip()], ln.page, self.section(), footnote=n)
                self.cur = fb
                self.next_footnote = n + 1
                self.markers.append((fb, n))
                i += 1
                continue
            if self.cur is not None and self.cur.kind == "footnote":
                body = self.pending_body
                if body is not None and s[:1].islower() and (ln.gap or _ends_sentence(self.cur.lines[-1])):
                    # The page's footnotes are done; the cut-off paragraph goes on.
                    self.close()
                    self.blocks.remove(body)
                    body.lines.append(s)
                    self.cur = body
                    self._resumed = body
                    self.pending_body = None
                    i += 1
                    continue
                if not ln.gap:
                    self.cur.lines.append(s)
                    i += 1
                    continue
                self.close()

            # A paragraph cut by a page break (or a blank line in a list) continues in lower case.
            if (self.cur is not None and self.cur.kind in ("paragraph", "list_item") and ln.gap
                    and s[:1].islower() and not self._list_like(s)
                    and not _ends_sentence(self.cur.lines[-1])
                    and not (self.cur.kind == "paragraph" and i >= self.tail_start
                             and self._edge_break(i))):  # "Hoogachtend," / (blank) / "drs. M. de Boer"
                self.cur.lines.append(s)
                i += 1
                continue

            head = self.heading_at(i)
            if head is not None:
                text, kind_level, used = head
                self.push_heading(text, self.heading_level(kind_level), ln.page)
                i += used
                continue

            item = self.is_list_start(i)
            if item is not None:
                text, level, enum = item
                self.start("list_item", text, ln.page, level)
                self.cur.enum = enum
                i += 1
                continue

            prev_short = self.cur is not None and len(self.cur.lines[-1].strip()) < 0.75 * self.width
            if ln.gap or self.cur is None or self.cur.kind in ("heading", "table"):
                self.start("paragraph", s, ln.page)
            elif s[:1].isupper() and self.cur.kind == "list_item" and (prev_short or _ends_sentence(self.cur.lines[-1])):
                self.start("paragraph", s, ln.page)
            elif s[:1].isupper() and self.cur.kind == "paragraph" and prev_short and _ends_sentence(self.cur.lines[-1]):
                # Single-spaced text: a short last line ends the paragraph.
                self.start("paragraph", s, ln.page)
            elif self.cur.kind == "paragraph" and self._edge_break(i):
                self.start("paragraph", s, ln.page)
            else:
                self.cur.lines.append(s)
            i += 1
        self.close()
        return self._finish()

    # Title blocks, letter headers and signatures: runs of short lines without sentence ends at
    # the top or bottom ("Eindrapport" / "Hogeschool X, maart 2026"; "Datum ..." / "Betreft ...";
    # "Hoogachtend," / a name / a function). Written one to a line, they were glued to each other
    # and to the first or last sentence, so the body's first sentence came out as one long
    # passage with the title in front. Each such line stands apart instead.
    _EDGE_RUN_MAX = 12  # a longer run of short lines is a table or a list, not a title or signature

    def _edge_line(self, s: str) -> bool:
        s = s.strip()
        return (bool(s) and len(s) <= min(0.7 * self.width, 100) and len(s.split()) <= 14
                and not _SENTENCE_END.search(s) and not s.endswith((":", ";")))

    def _edge_runs(self) -> tuple[int, int]:
        """(end of the run of edge lines at the top, start of the run at the bottom)."""
        n = len(self.lines)
        head = 0
        while head < n and self._edge_line(self.lines[head].text) and not self.lines[head].text.strip()[:1].islower():
            head += 1
        if head > self._EDGE_RUN_MAX or head == n:
            head = 0
        tail = n
        while tail > head and self._edge_line(self.lines[tail - 1].text):
            tail -= 1
        if n - tail > self._EDGE_RUN_MAX or tail == 0:
            tail = n
        return head, tail

    def _edge_break(self, i: int) -> bool:
        """Line i starts a passage of its own at the top or bottom edge, though it would go on the
        paragraph above by the usual rules (no blank line before it, or a lower-case start)."""
        if i == 0:
            return False
        s = self.lines[i].text.strip()
        prev = self.lines[i - 1].text.strip()
        # A line ending in "van" or "de" is wrapped, whatever its length.
        closed = (self._edge_line(prev) and prev.split()[-1].lower() not in _FUNCTION_WORDS) or _ends_sentence(prev)
        if not closed:
            return False
        if i <= self.head_end:  # inside the top run, or the first body line right below it
            return not s[:1].islower()
        # Below the last sentence any case goes: "drs. M. de Boer", "de secretaris". (At the top a
        # lower-case line goes on the line above: the body's first line may be short.)
        return i >= self.tail_start

    def close(self) -> None:
        if self.cur is None:
            return
        if self._resumed is not None and self.cur is self._resumed:
            # Put the resumed paragraph back before the footnotes that interrupted it.
            k = len(self.blocks)
            while k > 0 and self.blocks[k - 1].kind == "footnote":
                k -= 1
            self.blocks.insert(k, self.cur)
            self._resumed = None
        else:
            self.blocks.append(self.cur)
        self.cur = None

    def _markdown(self, i: int) -> bool:
        s = self.lines[i].text
        m = _MD_HEADING.match(s)
        if m:
            level = len(m.group(1))
            text = _md_inline(m.group(2))
            while self.stack and self.stack[-1][0] >= level:
                self.stack.pop()
            self.stack.append((level, text))
            self.close()
            self.blocks.append(_Open("heading", [text], self.lines[i].page, self.section(), level))
            self._md_used = 1
            return True
        if s.lstrip().startswith("|") and i + 1 < len(self.lines) and _MD_TABLE_SEP.match(self.lines[i + 1].text):
            rows = [_md_cells(s)]
            k = i + 2
            while k < len(self.lines) and self.lines[k].text.lstrip().startswith("|") and not self.lines[k].gap:
                rows.append(_md_cells(self.lines[k].text))
                k += 1
            self.close()
            self.blocks.append(_Open("table", [], self.lines[i].page, self.section(), rows=rows))
            self._md_used = k - i
            return True
        if s.strip() in ("---", "***", "___") or s.strip().startswith("```"):
            self._md_used = 1
            return True
        return False

    def _finish(self) -> list[Block]:
        from .textnorm import join_lines

        # A body block may only lose markers of footnotes printed shortly after it (same page).
        notes_after: list[set[int]] = [set() for _ in self.blocks]
        for k, b in enumerate(self.blocks):
            if b.kind == "footnote" and b.footnote is not None:
                for j in range(max(0, k - 15), k):
                    notes_after[j].add(b.footnote)
        out: list[Block] = []
        for k, b in enumerate(self.blocks):
            if b.kind == "table":
                rows = [r for r in (b.rows or []) if any(c for c in r)]
                if rows:
                    out.append(Block(kind="table", text="\n".join(" | ".join(r) for r in rows), page=b.page,
                                     section=b.section, rows=rows))
                continue
            if b.kind == "heading":
                text = " ".join(b.lines[0].split())
            else:
                text = join_lines(b.lines, self.known_hyph, self.counts)
            if self.markdown:
                text = _md_inline(text)
            if b.kind != "footnote" and notes_after[k]:
                text = _strip_markers(text, notes_after[k])
            text = text.strip()
            if text:
                out.append(Block(kind=b.kind, text=text, page=b.page, section=b.section, level=b.level))
        return out


def _ends_sentence(line: str) -> bool:
    """Ends a sentence, also when a footnote marker follows the full stop ("havo.13")."""
    return bool(re.search(r"[.!?…][\"'’”)\]]*\d{0,3}\s*$", line))


def _md_cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [_md_inline(c.strip()) for c in s.split("|")]


def _strip_markers(text: str, numbers: set[int]) -> str:
    """Remove footnote markers glued to words ("curriculum10" -> "curriculum", "Kamerbrieven1415").

    Only numbers of footnotes printed shortly after the text are removed, and two glued markers
    must be consecutive ("1415" is 14 and 15), so a name like "Studiekeuze123" keeps its digits.
    """

    def fix(m: re.Match) -> str:
        d = m.group(2)
        if int(d) in numbers:
            return m.group(1)
        for cut in range(1, len(d)):
            a, b = int(d[:cut]), int(d[cut:])
            if d[cut] != "0" and b == a + 1 and a in numbers and b in numbers:
                return m.group(1)
        return m.group(0)

    text = re.sub(r"(?<=[^\W\d_])([)’”'\".,:;]?)(\d{1,4})(?!\d)", fix, text)
    return re.sub(r"(?<=[.!?]) (\d{1,3})$", lambda m: "" if int(m.group(1)) in numbers else m.group(0), text)
