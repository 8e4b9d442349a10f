"""From the lines of all pages to blocks in reading order.

Decisions that need the whole document are made here: the body font size, which lines are
running headers/footers (the same text, digits aside, at the same height on several pages; the
band they occupy is then cut on every page, so a page-final hyphenated word never meets the
footer), the footnote zone at the foot of a page, columns, headings and their levels.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Mapping
from operator import attrgetter

from ..model import Block
from .base import NUMBERED_TITLE, chapter_numbers
from .pdf_page import BULLETS, Line, PageData, TableEl
from .textnorm import CONNECTIVES, keep_hyphen, normalise

_NUMBERING = re.compile(r"^((?:\d{1,2}\.)*\d{1,2})\.?\s+\S")
# A numbered title in body type ("2.1 Wat werkt") ends neither a sentence nor on a page number (a
# table of contents line).
_TOC_END = re.compile(r"(?:\.{3,}|\s)\d{1,3}$")
_PAGE_NUMBER = re.compile(r"^(?:(?:pagina|page|blz\.?|p\.)\s*)?[-–—]?\s*\d{1,4}\s*(?:(?:van|of|/)\s*\d{1,4})?\s*[-–—]?$", re.I)
_FOOTNOTE_START = re.compile(r"^(\d{1,3})[\s.)]\s*(\S.*)$")
def _ends_sentence(text: str) -> bool:
    # (a regex anchored with $ would be tried at every position of a long line)
    return text.rstrip("'\"”’)")[-1:] in (".", "!", "?", ":", ";")
_LETTER = re.compile(r"[^\W\d_]")
_SPACES = re.compile(r" {2,}")
# A line of a joined text that ends with a hyphen (before trailing white space).
_HYPHEN_AT_END = re.compile(r"-\s*$", re.M)
_BULLET_LEAD = re.compile(r"^[" + re.escape(BULLETS) + r"]\s*")
# (possessive: a word that is not followed by a hyphen fails at once, instead of giving back
# its letters one by one; no match changes, as a hyphen is no word character)
_HYPHENATED = re.compile(r"\b(\w++(?:-\w++)+)\b")
_WORDS = re.compile(r"\w+")
# The characters textnorm.normalise changes (besides NFC): text without them is left alone,
# which spares most lines its several passes. Keep in step with textnorm.
_NEEDS_NORMALISE = re.compile("[\x00-\x09\x0b-\x1f\x7f\u00a0\u00ad\u1680\u2000-\u200d\u2010\u2011"
                              "\u202f\u205f\u2060\u3000\ufb00-\ufb06\u0132\u0133\ufeff\ufffe]")


def _squeeze(text: str) -> str:
    # (a plain substring test is much faster than the regex scan, and most text has no double space)
    return _SPACES.sub(" ", text) if "  " in text else text


def is_clean(text: str) -> bool:
    """True when textnorm.normalise would leave the text as it is."""
    return _NEEDS_NORMALISE.search(text) is None and unicodedata.is_normalized("NFC", text)


def clean(text: str) -> str:
    return text if is_clean(text) else normalise(text)


def body_size(pages: list[PageData]) -> float:
    # Characters per exact size first (a document has a few sizes and many lines), then per
    # half point in the order the sizes first appear: a tie goes to the size met first, as it
    # would counting line by line.
    chars: dict[float, int] = {}
    for p in pages:
        for ln in p.lines:
            chars[ln.size] = chars.get(ln.size, 0) + len(ln.text)
    sizes: Counter = Counter()
    for sz, n in chars.items():
        sizes[round(sz * 2) / 2] += n
    return sizes.most_common(1)[0][0] if sizes else 10.0


_by_top = attrgetter("top")
_by_top_x0 = attrgetter("top", "x0")
_DIGIT_RUN = re.compile(r"\d+")
_WHITE = re.compile(r"\s+")


def _key(text: str) -> str:
    return _WHITE.sub(" ", _DIGIT_RUN.sub("#", text.lower())).strip()


def strip_running(pages: list[PageData], size: float) -> None:
    """Remove running headers, footers and page numbers in place (by recurrence, then by band)."""
    text_pages = [p for p in pages if p.lines]
    if not text_pages:
        return
    seen: dict[tuple[str, str], list[tuple[int, float, Line]]] = defaultdict(list)
    for p in pages:
        p.lines.sort(key=_by_top)
    for p in text_pages:
        ordered = p.lines
        for ln in ordered[:3]:
            # Running lines are set no larger than the body (a heading at the top of many pages is not one).
            if ln.top < p.height * 0.2 and ln.size <= size * 1.05:
                seen[("top", _key(ln.text))].append((p.number, ln.top, ln))
        for ln in ordered[-4:]:
            # A numbered small line at the foot is a footnote, however often its text recurs.
            if ln.bottom > p.height * 0.8 and not ln.marker and ln.size <= size * 1.05:
                seen[("bottom", _key(ln.text))].append((p.number, ln.top, ln))
    need = max(2, int(len(text_pages) * 0.3 + 0.5)) if len(text_pages) > 2 else 2
    head_band: float | None = None
    foot_band: float | None = None
    running: dict[tuple[str, str], list[Line]] = {}
    for zone_key, hits in seen.items():
        pages_hit = {n for n, _, _ in hits}
        if len(pages_hit) < need:
            continue
        tops = sorted(t for _, t, _ in hits)
        median = tops[len(tops) // 2]
        # The same height (give or take a little) on the pages where it recurs; a title that
        # repeats the running header lower on its page is not part of the band.
        same = [ln for _, t, ln in hits if abs(t - median) <= 4]
        if len({ln.page for ln in same}) >= need:
            running[zone_key] = same
    # A running line stands apart from the body: the nearest other line towards the page's
    # middle is at least a line away (a recurring footnote tail such as "1)" is not).
    flagged = {id(ln) for lines in running.values() for ln in lines}
    by_page = {p.number: p.lines for p in text_pages}
    for (zone, _), same in running.items():
        ok = []
        for ln in same:
            ordered = by_page[ln.page]
            if zone == "top":
                gap = next((o.top - ln.bottom for o in ordered if o.top >= ln.top and id(o) not in flagged), 1e9)
            else:
                gap = next((ln.top - o.bottom for o in reversed(ordered)
                            if o.bottom <= ln.bottom and id(o) not in flagged), 1e9)
            if gap >= 0.6 * size:
                ok.append(ln)
        if len({ln.page for ln in ok}) < need:
            continue
        for ln in ok:
            if zone == "top":
                head_band = max(head_band or 0.0, ln.bottom)
            else:
                foot_band = min(foot_band if foot_band is not None else 1e9, ln.top)
    head_cut = head_band + 1.5 if head_band is not None else -math.inf
    foot_cut = foot_band - 1.5 if foot_band is not None else math.inf
    for p in pages:
        ordered = p.lines
        keep = [ln for ln in ordered if not (ln.bottom <= head_cut or ln.top >= foot_cut)]
        # A lone page number at the top or bottom edge, when nothing recurred (short documents).
        if keep and keep[0] is ordered[0] and _lone_page_number(keep[0], p.height):
            del keep[0]
        if keep and keep[-1] is ordered[-1] and _lone_page_number(keep[-1], p.height):
            del keep[-1]
        # What recurrence cannot show (a header printed on one page only): a small line alone at
        # the very top or bottom edge, well apart from the body.
        if len(keep) >= 3:
            first, second = keep[0], keep[1]
            if (first.top < p.height * 0.1 and first.size < size * 0.95
                    and second.top - first.bottom > 2 * first.height and not first.marker):
                keep = keep[1:]
            last, before = keep[-1], keep[-2]
            if (last.bottom > p.height * 0.9 and last.size < size * 0.95 and not last.marker
                    and not _FOOTNOTE_START.match(last.text) and last.top - before.bottom > 2 * last.height):
                keep = keep[:-1]
        p.lines = keep


def _lone_page_number(ln: Line, height: float) -> bool:
    return bool(_PAGE_NUMBER.match(ln.text)) and (ln.top < height * 0.12 or ln.bottom > height * 0.88)


def split_footnotes(page: PageData, size: float) -> list[list[Line]]:
    """Take the footnotes off the foot of a page: small-font lines under the body, numbered."""
    ordered = sorted(page.lines, key=_by_top)
    table_bottom = max((t.bottom for t in page.tables), default=-1.0)
    zone: list[Line] = []
    for ln in reversed(ordered):
        if ln.size <= size * 0.9 and ln.top > table_bottom:
            zone.append(ln)
        else:
            break
    zone.reverse()
    start = next((i for i, ln in enumerate(zone) if ln.marker or _FOOTNOTE_START.match(ln.text)), None)
    if start is None:
        return []
    # Unnumbered small lines set tight above the first numbered note carry on a note from the
    # page before; with a gap between, they are a caption or source line and stay in the body.
    lead = start
    while lead > 0 and zone[lead].top - zone[lead - 1].bottom < 0.5 * zone[lead].height:
        lead -= 1
    notes: list[list[Line]] = [zone[lead:start]] if lead < start else []
    zone = zone[lead:]
    for ln in zone[start - lead:]:
        if ln.marker or _FOOTNOTE_START.match(ln.text) and (not notes or ln.x0 <= notes[-1][0].x0 + 2):
            notes.append([ln])
        else:
            notes[-1].append(ln)
    ids = {id(ln) for ln in zone}
    page.lines = [ln for ln in page.lines if id(ln) not in ids]
    return notes


def reading_order(page: PageData, size: float) -> list[list[Line | TableEl]]:
    """The page's body as columns-in-order: a list of runs, each a list of elements top to bottom.

    Each run is one column stretch (a break between runs is a column or band change).
    """
    elems: list[Line | TableEl] = [*page.lines, *page.tables]
    if not elems:
        return []
    elems.sort(key=_by_top_x0)
    left = min(e.x0 for e in elems)
    right = max(e.x1 for e in elems)
    width = right - left
    xr = _right_column_start(elems, left, width, size)
    if xr is None:
        return [elems]
    runs: list[list[Line | TableEl]] = []
    for band in _bands(elems, xr, size):
        runs.extend(_columns(band, xr, size))
    # Consecutive full-width runs are one column stretch.
    merged: list[list[Line | TableEl]] = []
    last_full = False   # (a merged run is full-width when all its parts were)
    for r in runs:
        full = _full(r, xr)
        if merged and last_full and full:
            merged[-1].extend(r)
        else:
            merged.append(r)
            last_full = full
    return merged


def _bands(elems: list, xr: float, size: float) -> list[list]:
    """Cut the page where one two-column stretch ends and another begins right below it.

    The sign is a white band across the whole width, wider than a paragraph gap, under which
    both columns start again at the same height.
    """
    bands: list[list] = [[]]
    bottom = None
    for i, e in enumerate(elems):
        if bottom is not None and e.top - bottom >= 1.3 * size and _restart(elems, i, xr, e.top, size):
            above = bands[-1]
            if any(x.x0 >= xr - 3 for x in above) and any(x.x1 < xr - 4 for x in above):
                bands.append([])
        bands[-1].append(e)
        bottom = e.bottom if bottom is None else max(bottom, e.bottom)
    return [b for b in bands if b]


def _restart(elems: list, i: int, xr: float, top: float, size: float) -> bool:
    """Both columns start within half a line below `top` (elems[i:], sorted by top)."""
    limit = top + 0.5 * size
    right = left = False
    for k in range(i, len(elems)):
        e = elems[k]
        if e.top > limit:
            break
        right = right or e.x0 >= xr - 3
        left = left or e.x1 < xr - 4
    return right and left


def _columns(elems: list, xr: float, size: float) -> list[list]:
    runs: list[list[Line | TableEl]] = []
    lcol: list[Line | TableEl] = []
    rcol: list[Line | TableEl] = []

    def flush() -> None:
        if lcol and rcol:
            rb = max(e.bottom for e in rcol)
            cut = len(lcol)
            for i, e in enumerate(lcol):
                if e.top > rb + 2 and i:
                    prev = lcol[i - 1]
                    if e.top - prev.bottom > 1.2 * size or isinstance(e, TableEl) or _heading_like(e, size):
                        cut = i
                        break
            runs.append(lcol[:cut])
            runs.append(rcol[:])
            if lcol[cut:]:
                runs.append(lcol[cut:])
        elif lcol or rcol:
            runs.append(lcol[:] or rcol[:])
        lcol.clear()
        rcol.clear()

    for e in elems:
        if e.x0 < xr - 6 and e.x1 > xr + 2:
            flush()
            runs.append([e])
        elif e.x0 >= xr - 3:
            rcol.append(e)
        else:
            lcol.append(e)
    flush()
    return runs


def _full(run, xr: float) -> bool:
    return all(e.x0 < xr - 6 and e.x1 > xr + 2 for e in run)


def _right_column_start(elems: list, left: float, width: float, size: float) -> float | None:
    """The x where a right column starts, if lines (or tables) stand beside left-column lines."""
    if width <= 0:
        return None
    lo, hi = left + 0.3 * width, left + 0.7 * width
    starts: Counter = Counter()
    for e in elems:
        if lo < e.x0 < hi:
            starts[round(e.x0)] += 3 if isinstance(e, TableEl) else 1
    lefts = [e for e in elems if isinstance(e, Line) and e.x0 < lo]
    for x in sorted(starts):
        if sum(c for x2, c in starts.items() if abs(x2 - x) <= 2) < 3:
            continue
        # Columns stand side by side: right-column text shares its height with left-column lines.
        # (what starts at x is gathered first: when even all of it is too short, or as soon as
        # enough of it is beside left-column lines, the answer is known without further pairing)
        at = [r for r in elems if abs(r.x0 - x) <= 2]
        if sum(r.bottom - r.top for r in at) < 2.5 * size:
            continue
        col = [ln for ln in lefts if ln.x1 < x - 4]
        beside = 0.0
        for r in at:
            if any(lf.top < r.bottom and r.top < lf.bottom for lf in col):
                beside += r.bottom - r.top
                if beside >= 2.5 * size:
                    return float(x)
    return None


def _heading_like(e, size: float) -> bool:
    if not isinstance(e, Line) or len(e.text) > 160:
        return False
    return e.size >= size * 1.12 or (e.bold and len(e.text) < 120 and not _ends_sentence(e.text))


class BlockBuilder:
    """Turns ordered runs into Blocks: paragraphs, list items, headings, tables, footnotes."""

    def __init__(self, size: float, levels: dict[float, int], all_text: str):
        self.size = size
        self.levels = levels
        # textnorm.hyphenated_forms / word_counts, computed in C-level passes over the whole
        # text instead of per line and per word (the same sets: no match can span a line).
        # Only a white-space-free piece with a hyphen can hold a hyphenated word, and no match
        # spans white space: the regex reads just those pieces.
        pieces = [w for ln in all_text.split("\n") if "-" in ln for w in ln.split() if "-" in w]
        self.known = {w.lower() for w in _HYPHENATED.findall(" ".join(pieces))}
        # The rules only ask whether the document uses a word, not how often: word -> 1. A piece
        # of word characters only is a word as it stands; the regex reads the other pieces.
        pieces = all_text.lower().split()
        self.counts = dict.fromkeys([w for w in pieces if w.isalnum()], 1)
        self.counts.update(dict.fromkeys(_WORDS.findall(" ".join([w for w in pieces if not w.isalnum()])), 1))
        # Lines are joined with "\n", which normalisation never carries across: when the whole
        # body text needs no cleaning, no paragraph made of its lines does.
        self.body_clean = is_clean(all_text)
        self.blocks: list[Block] = []
        self.section: list[tuple[int, str]] = []
        self.names: tuple[str, ...] = ()   # the section's heading texts, as blocks carry them
        self.cur: list[Line] = []
        self.cur_kind = ""
        self.pending_notes: list[Block] = []

    # -- headings
    def level(self, ln_text: str, sz: float) -> int:
        m = _NUMBERING.match(ln_text)
        if m:
            return min(6, m.group(1).count(".") + 1)
        k = round(sz * 2) / 2
        if k in self.levels:
            return self.levels[k]
        return max(self.levels.values(), default=0) + 1

    def is_heading(self, ln: Line) -> bool:
        if ln.heading is None:
            ln.heading = _heading_like(ln, self.size) and bool(_LETTER.search(ln.text))
        return ln.heading

    # -- flow
    def feed_page(self, runs: list[list], notes: list[list[Line]], page: int) -> None:
        first_run = True
        for run in runs:
            prev: Line | None = None
            for i, e in enumerate(run):
                if isinstance(e, TableEl):
                    self.close()
                    self.emit_table(e)
                    prev = None
                    continue
                if self.starts_block(e, prev, first_of_run=(i == 0), first_run=first_run):
                    self.close()
                    self.cur_kind = "heading" if self.is_heading(e) else (
                        "list_item" if _bullet(e.text) else "paragraph")
                self.cur.append(e)
                prev = e
            first_run = False
        self.pending_notes.extend(self.note_block(n, page) for n in notes)
        if not self.cur:
            self.flush_notes()

    def starts_block(self, ln: Line, prev: Line | None, first_of_run: bool, first_run: bool) -> bool:
        if not self.cur:
            return True
        last = self.cur[-1]
        heading = ln.heading if ln.heading is not None else self.is_heading(ln)
        if self.cur_kind == "heading":
            return not (heading and abs(ln.size - last.size) < 0.3
                        and (ln.bold == last.bold or ln.size >= self.size * 1.12)
                        and prev is not None and ln.top - last.bottom < 0.8 * ln.height
                        and not _NUMBERING.match(ln.text))
        if heading or _bullet(ln.text):
            return True
        if prev is None:
            # Across a column or page break: carry on a paragraph cut mid-sentence.
            return not (self.cur_kind in ("paragraph", "list_item") and abs(ln.size - last.size) < 0.6
                        and (last.hyphen or not _ends_sentence(last.text))
                        and (ln.text[:1].islower() or last.hyphen))
        gap = ln.top - prev.bottom
        # (max() spelled out: this runs for every line)
        by_size, by_height = 0.45 * ln.size, 0.35 * (ln.bottom - ln.top) + 1
        if gap > (by_height if by_height > by_size else by_size):
            return True
        if abs(ln.size - prev.size) > 0.6:
            return True
        if (self.cur_kind == "paragraph" and ln.x0 > prev.x0 + 0.8 * ln.size
                and ln.x0 < prev.x0 + 4 * ln.size and _ends_sentence(prev.text)):
            return True   # an indented first line: paragraphs set without space between them
        if self.cur_kind == "list_item" and ln.x0 < self.cur[0].x0 + 1 and not _bullet(ln.text):
            return True
        return False

    def close(self) -> None:
        if not self.cur:
            return
        text = self.join([ln.text for ln in self.cur], self.body_clean)
        kind = self.cur_kind or "paragraph"
        first = self.cur[0]
        level = 0
        if kind == "list_item":
            text = _BULLET_LEAD.sub("", text)
            level = 1
        if kind == "heading":
            level = self.level(text, first.size)
            self.section = [(lv, t) for lv, t in self.section if lv < level] + [(level, text)]
            self.names = tuple(t for _, t in self.section)
        section = self.names
        if text.strip():
            self.blocks.append(Block(kind=kind, text=text, page=first.page, section=section, level=level))
        self.cur = []
        self.cur_kind = ""
        self.flush_notes()

    def join(self, texts: list[str], is_clean: bool = False) -> str:
        joined = "\n".join(texts)
        if not is_clean:
            joined = clean(joined)
        lines = joined.split("\n")
        if _HYPHEN_AT_END.search(joined) is None:
            # Nothing to dehyphenate: the plain join join_lines would give, without its per-line work.
            return _squeeze(" ".join(s for s in (ln.strip() for ln in lines) if s))
        return rejoin(lines, self.known, self.counts)

    def flush_notes(self) -> None:
        for b in self.pending_notes:
            b.section = self.names
            self.blocks.append(b)
        self.pending_notes = []

    def emit_table(self, t: TableEl) -> None:
        rows = [[clean(c).replace("\n", " ").strip() for c in r] for r in t.rows]
        text = "\n".join(" | ".join(r) for r in rows)
        self.blocks.append(Block(kind="table", text=text, page=t.page,
                                 section=self.names, rows=rows))

    def note_block(self, lines: list[Line], page: int) -> Block:
        texts = [ln.text for ln in lines]
        if not lines[0].marker:
            m = _FOOTNOTE_START.match(texts[0])
            if m:
                texts[0] = m.group(2)
        return Block(kind="footnote", text=self.join(texts), page=page)

    def finish(self) -> list[Block]:
        self.close()
        self.flush_notes()
        return self.blocks


# The word before a line-final hyphen, matched on the reversed text: searching forwards for
# "([\w/]+)-$" retries (and backtracks) at every position of the zone, a cost on every hyphen.
_TAIL_REVERSED = re.compile(r"-([\w/]+)")
_HEAD = re.compile(r"^([\w/]+)")


def rejoin(lines: list[str], known: set[str], counts: Mapping[str, int], language: str = "nl") -> str:
    """textnorm.join_lines with the same rules, in linear time on long paragraphs.

    join_lines looks for the hyphenated tail in the whole paragraph joined so far (quadratic on
    long paragraphs); here only the last 120 characters are searched, the same answer for any
    word shorter than that.
    """
    parts: list[str] = []
    prev = ""
    connectives = CONNECTIVES.get(language, set())
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not parts:
            parts.append(line)
            prev = line
            continue
        if not prev.endswith("-") or prev.endswith(" -"):
            parts.append(" " + line)
            prev = line
            continue
        zone = "".join(parts[-3:])[-120:]
        tail = _TAIL_REVERSED.match(zone[::-1]) if zone else None
        head = _HEAD.match(line) if tail else None
        if tail and head:
            left, right = tail.group(1)[::-1], head.group(1)
            first = left.split("-")[-1]
            if right.lower() in connectives:
                parts.append(" " + line)
            elif (counts.get(f"{first}{right}".lower(), 0) and f"{left}-{right}".lower() not in known
                  and first[-1:].islower() and right[:1].islower()):
                # The document writes the word joined elsewhere and never hyphenated: join, even
                # where keep_hyphen's initialism list would keep it ("pro-" + "jectjaar").
                parts[-1] = parts[-1][:-1]
                parts.append(line)
            elif keep_hyphen(left, right, known, counts, language):
                parts.append(line)
            else:
                parts[-1] = parts[-1][:-1]
                parts.append(line)
        else:
            parts.append(" " + line)
        prev = line
    return _squeeze("".join(parts))


def _bullet(text: str) -> bool:
    return len(text) > 2 and text[0] in BULLETS and text[1] in " \t"


def heading_levels(pages: list[PageData], size: float) -> dict[float, int]:
    """Heading level per font size, agreeing with the numbering where headings are numbered.

    A size used by numbered headings takes their depth ("2.1" -> 2); an unnumbered size takes
    the level of the nearest numbered size, or 1 when it is larger than all of them (a title,
    an unnumbered chapter such as "Samenvatting"). Without numbering, sizes rank the levels.
    """
    depth: dict[float, Counter] = defaultdict(Counter)
    sizes: set[float] = set()
    large = size * 1.12
    for p in pages:
        for ln in p.lines:
            # (_heading_like, spelled out: every line of the document passes here)
            text = ln.text
            if (len(text) > 160 or not (ln.size >= large or (ln.bold and len(text) < 120 and not _ends_sentence(text)))
                    or not _LETTER.search(text)):
                ln.heading = False
                continue
            ln.heading = True
            k = round(ln.size * 2) / 2
            sizes.add(k)
            m = _NUMBERING.match(ln.text)
            if m:
                depth[k][m.group(1).count(".") + 1] += 1
    known = {k: c.most_common(1)[0][0] for k, c in depth.items()}
    levels: dict[float, int] = {}
    for rank, k in enumerate(sorted(sizes, reverse=True), 1):
        if k in known:
            levels[k] = known[k]
        elif not known:
            levels[k] = rank
        elif all(x < k for x in known):
            levels[k] = 1
        else:
            levels[k] = known[min(known, key=lambda x: abs(x - k))]
    return levels


def plain_headings(pages: list[PageData], size: float) -> None:
    """Mark headings set in body type (regular weight, body size) as headings.

    Many word-processed reports and letters set "2.1 Knelpunten" or "Wat nog niet goed gaat"
    like the text around it; only the numbering, the line standing alone and its place tell a
    reader it is a heading. Without them the sections' names (which set the type of the findings
    under them) are lost. A document that styles its headings (bold or larger) sets none in body
    type: there a short body line is a short paragraph, and a numbered one a list item.
    """
    styled = [ln for p in pages for ln in p.lines if ln.heading]
    if any(_NUMBERING.match(ln.text) for ln in styled):
        return
    widths: dict[int, list[float]] = defaultdict(list)
    for p in pages:
        for ln in p.lines:
            if abs(ln.size - size) < 0.6 and len(ln.text) > 40:
                widths[round(ln.x0 / 6)].append(ln.x1 - ln.x0)
    full = {k: sorted(v)[int(0.9 * (len(v) - 1))] for k, v in widths.items() if len(v) >= 5}
    numbered: list[tuple[Line, str]] = []
    titles: list[Line] = []
    for p in pages:
        ordered = sorted(p.lines, key=_by_top)
        for i, ln in enumerate(ordered):
            if not _plain_line(ln, size):
                continue
            w = full.get(round(ln.x0 / 6))
            if w is not None and ln.x1 - ln.x0 > 0.95 * w:
                continue   # a full line: running text
            above = _beside(ordered, i, -1)
            below = _beside(ordered, i, 1)
            if below is None or not (below.text[:1].isupper() or NUMBERED_TITLE.match(below.text)):
                continue   # a heading is kept with the text under it, which starts a sentence
            if above is not None and not (above.heading or _ends_sentence(above.text) or _plain_line(above, size)
                                          or ln.top - above.bottom > 0.8 * size):
                continue   # inside a paragraph
            m = NUMBERED_TITLE.match(ln.text)
            if m is not None and int(m.group(1).split(".")[0]) in range(1, 41):
                depth = m.group(1).count(".")
                if any(o is not None and _plain_line(o, size) and (n := NUMBERED_TITLE.match(o.text))
                       and n.group(1).count(".") == depth for o in (above, below)):
                    continue   # a run of numbered lines at one depth: a list or a table of contents
                numbered.append((ln, m.group(1)))
            elif m is None and len(ln.text.split()) <= 8 and not _plain_line(below, size) and (
                    above is None or ln.top - above.bottom > 0.5 * size):
                titles.append(ln)
    for ln in chapter_numbers(numbered):
        ln.heading = True
    if not any(ln.page > 1 for ln in styled) and len(titles) >= 2:
        for ln in titles:
            ln.heading = True


def _plain_line(ln: Line, size: float) -> bool:
    """A short body-type line that starts with a capital (after any numbering) and ends no sentence."""
    text = ln.text
    if (ln.heading or ln.bold or abs(ln.size - size) >= 0.6 or len(text) > 100 or len(text.split()) > 12
            or text.rstrip().endswith((".", ",", ";", ":", "!")) or _TOC_END.search(text)):
        return False
    m = NUMBERED_TITLE.match(text)
    first = text[m.end() - 1] if m else text[:1]
    return first.isupper()


def _beside(ordered: list[Line], i: int, step: int) -> Line | None:
    """The nearest line above (step -1) or below (+1) that shares part of line i's width."""
    ln = ordered[i]
    j = i + step
    while 0 <= j < len(ordered):
        o = ordered[j]
        if min(o.x1, ln.x1) - max(o.x0, ln.x0) > 0 and (o.top >= ln.bottom - 1 if step > 0 else o.bottom <= ln.top + 1):
            return o
        j += step
    return None
