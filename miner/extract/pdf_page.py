"""One PDF page through pdfium: visual lines with geometry and font size, and ruled tables.

Speed matters here (pdfplumber's per-character model is ~60x slower than pdfium), so the page
text is fetched in one call and geometry is asked for per text run, not per character: pdfium's
own line breaks (CR LF, and its U+FFFE/U+0002 line-end hyphen mark) cut the text into runs, and
only the first and last character of a run are measured. Where pdfium reads two columns (or
table cells) that share a baseline as one run, the run is cut at the gap between pdfium's text
rectangles. Runs that share a baseline and touch are merged into visual lines; a superscript
footnote marker is its own run (pdfium breaks the line at the rise) or a small-font digit group
at a word end, and is lifted out of the text. Ruled tables are read from the page's path objects
(a grid of rulings) and the lines inside each cell; only pages with text side by side are
searched for them.

Coordinates are top-down (y grows down the page), in PDF points.
"""

from __future__ import annotations

import ctypes
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

# pdfium ends a line whose last character is a hyphen with this mark instead of CR LF
# (U+0002 in older builds, U+FFFE in newer ones); we keep it as a line-final hyphen.
_HYPHEN_MARKS = "\u0002\ufffe"
# A run: pdfium's text between its line breaks, without the white space around it; a line-end
# hyphen mark stays with the text before it (or stands alone).
_RUN = re.compile("[^\\s\u0002\ufffe](?:[^\r\n\u0002\ufffe]*[^\\s\u0002\ufffe])?(?:[^\r\n\u0002\ufffe]*?[\u0002\ufffe])?"
                  "|[\u0002\ufffe]")
# A number right after a letter or closing punctuation, ending at a space or punctuation.
_SUP_CANDIDATE = re.compile(r"\d{1,3}(?:[,-]\d{1,3})*(?=[\s.,;:)]|$)")
_SUP_BEFORE = set(".,;:)]’'\"%")
_span_of = re.Match.span
_ANY_DIGIT = re.compile(r"\d")
_LEAD_NUMBER = re.compile(r"(\d{1,3})\s*(?=\S)")
_DIGITS = re.compile(r"^[\d,\-*†]+$")
BULLETS = "•◦▪▫■□●○‣⁃–-*·"
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.I)


@dataclass(slots=True)
class Line:
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    text: str
    bold: bool = False
    marker: str = ""          # a superscript number opening the line (a footnote's own number)
    hyphen: bool = False      # ends with a line-end hyphen
    heading: bool | None = None   # decided once by the layout pass

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(slots=True)
class TableEl:
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    rows: list[list[str]]


@dataclass
class PageData:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list[TableEl] = field(default_factory=list)
    chars: int = 0
    images: int = 0
    ruled_unparsed: list[tuple[float, float, float, float]] = field(default_factory=list)


@dataclass(slots=True)
class _Span:
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    text: str
    first: int                # char index of the first character
    sup: bool = False         # a raised small-font number on its own



def read_page(page: pdfium.PdfPage, number: int) -> PageData:
    width, height = page.get_size()
    data = PageData(number, width, height)
    textpage = page.get_textpage()
    _FONT_BOLD.clear()   # one page's fonts: two fonts of one name in two files may differ
    try:
        n = textpage.count_chars()
        data.chars = n
        side_by_side = True
        if n > 0:
            spans, gapped = _spans(textpage, n, height)
            data.lines, beside = _lines(spans, textpage, number, height)
            side_by_side = gapped or beside
        # A table has cells side by side on one baseline, so a page without any such text has no
        # table to look for; walking its objects for rulings is skipped (it costs as much as
        # reading the text of a plain page). Pages without text are walked to count images.
        if side_by_side:
            rulings, images = _rulings(page, height)
            data.images = images
            if rulings:
                _tables(data, rulings, textpage, height)
    finally:
        textpage.close()
    return data


_RECT = pdfium_c.FS_RECTF()
_loose_box = pdfium_c.FPDFText_GetLooseCharBox
_font_size = pdfium_c.FPDFText_GetFontSize
_D = [ctypes.c_double() for _ in range(4)]


def _box(raw, i: int) -> tuple[float, float, float, float]:
    """Loose (font-height) box of character i: (left, bottom, right, top), PDF coordinates."""
    if not pdfium_c.FPDFText_GetLooseCharBox(raw, i, _RECT):
        return (0.0, 0.0, 0.0, 0.0)
    r = _RECT
    return (r.left, r.bottom, r.right, r.top)


def _spans(textpage, n: int, height: float) -> tuple[list[_Span], bool]:
    text = textpage.get_text_range(0, n)
    if len(text) != n:  # characters outside the BMP: fall back to per-range reads for indexes
        text = "".join(textpage.get_text_range(i, 1) or " " for i in range(n))
    # One hyphen mark for both pdfium builds, swapped once per page (same length: indexes hold).
    if "\ufffe" in text:
        text = text.replace("\ufffe", "\u0002")
    spans: list[_Span] = []
    raw = textpage.raw
    # Superscript candidates are found once on the page text, then looked up per run.
    # (the regex has no look-behind, so it can skip to digits fast; the character before is checked here)
    sups = [(a, b) for a, b in map(_span_of, _SUP_CANDIDATE.finditer(text))
            if a and (text[a - 1].isalpha() or text[a - 1] in _SUP_BEFORE)]
    starts = [a for a, _ in sups]
    runs = [m.span() for m in _RUN.finditer(text)]
    # pdfium gives at least one rectangle per run; only when it gives more can a run hold a gap.
    count = pdfium_c.FPDFText_CountRects(raw, 0, n)
    gaps = _page_gaps(raw, count, n) if count > len(runs) else []
    gap_ys = [g[0] for g in gaps]
    by_index = None   # the gaps as (char index, top), only made for a run over several lines
    # Most runs are one plain line: measured here inline (two boxes and a font size). A run that
    # holds a gap, a superscript candidate or opens with a number goes the long way (_add_runs).
    # Runs and candidates both come in text order, so a forward pointer finds the candidates.
    ns = len(starts)
    si = 0
    rect = _RECT
    loose, font_size, append = _loose_box, _font_size, spans.append
    for a, b in runs:
        loose(raw, a, rect)
        l0, b0, r0, t0 = rect.left, rect.bottom, rect.right, rect.top
        loose(raw, b - 1, rect)
        l1, b1, r1, t1 = rect.left, rect.bottom, rect.right, rect.top
        h = t0 - b0 if t0 - b0 > t1 - b1 else t1 - b1
        if h < 1.0:
            h = 1.0
        if abs((t0 + b0) - (t1 + b1)) / 2 > 0.6 * h or l1 < l0 - h:
            # One pdfium run over several visual lines (rare): its gaps are found by index.
            if gaps and by_index is None:
                by_index = _gaps_by_index(raw, gaps, height)
            _add_runs(spans, text, a, b, textpage, raw, height, sups, starts, by_index or ())
            continue
        x0 = l0 if l0 < l1 else l1
        x1 = r0 if r0 > r1 else r1
        bottom = b0 if b0 < b1 else b1
        top = t0 if t0 > t1 else t1
        cuts = ()
        if gaps:
            # A gap on this run's baseline, between its first and last character: find the first
            # character past it (a few boxes by bisection; the pieces keep text order).
            lo, hi = bisect_right(gap_ys, bottom), bisect_left(gap_ys, top)
            if lo < hi:
                cuts = sorted((_first_right_of(raw, text, a, b, g), height - g[0])
                              for g in gaps[lo:hi] if x0 < g[1] and g[2] < x1)
        while si < ns and starts[si] < a:
            si += 1
        if cuts or (si < ns and starts[si] < b) or text[a].isdigit():
            _add_runs(spans, text, a, b, textpage, raw, height, sups, starts, cuts)
            continue
        mid = a + (b - a) // 2
        while mid > a and text[mid].isspace():
            mid -= 1
        append(_Span(x0, height - top, x1, height - bottom, font_size(raw, mid), text[a:b], a))
    # (header and footer lines often pair a title with a page number: not a table)
    return spans, any(height * 0.08 < height - g[0] < height * 0.92 for g in gaps)


def _first_right_of(raw, text: str, a: int, b: int, gap: tuple[float, float, float]) -> int:
    """Index of the first character of text[a:b] (one visual line) past the gap.

    Bisection over the characters' boxes, which run left to right along a line; should a box
    break that order (the check: the last character before the answer lies left of the gap),
    pdfium is asked for the character at the gap's position instead.
    """
    y, left, right = gap
    x = (left + right) / 2
    lo, hi = a + 1, b
    rect = _RECT
    while lo < hi:
        m = (lo + hi) // 2
        _loose_box(raw, m, rect)
        if rect.left >= x:
            hi = m
        else:
            lo = m + 1
    j = lo - 1
    while j > a and text[j].isspace():
        j -= 1
    _loose_box(raw, j, rect)
    if rect.right > x:
        return pdfium_c.FPDFText_GetCharIndexAtPos(raw, right + 0.3, y, 1.5, 1.5)
    return lo


def _gaps_by_index(raw, gaps, height: float) -> list[tuple[int, float]]:
    """The gaps as (index of the first character past the gap, top), sorted by index."""
    out = []
    for y, _, right in gaps:
        idx = pdfium_c.FPDFText_GetCharIndexAtPos(raw, right + 0.3, y, 1.5, 1.5)
        if idx > 0:
            out.append((idx, height - y))
    out.sort()
    return out


def _add_runs(spans: list[_Span], text: str, a: int, b: int, textpage, raw, height: float, sups, starts, gaps=()) -> None:
    """Measure the run text[a:b] (stripped by the caller) and append it as a span (or several)."""
    if gaps:
        i = bisect_right(gaps, (a, 1e9))
        if i < len(gaps) and gaps[i][0] < b:
            cut = gaps[i][0]
            for x, y in (_strip(text, a, cut), _strip(text, cut, b)):
                if x < y:
                    _add_runs(spans, text, x, y, textpage, raw, height, sups, starts, gaps)
            return
    rect = _RECT
    _loose_box(raw, a, rect)
    l0, b0, r0, t0 = rect.left, rect.bottom, rect.right, rect.top
    _loose_box(raw, b - 1, rect)
    l1, b1, r1, t1 = rect.left, rect.bottom, rect.right, rect.top
    h = t0 - b0 if t0 - b0 > t1 - b1 else t1 - b1
    if h < 1.0:
        h = 1.0
    if abs((t0 + b0) - (t1 + b1)) / 2 > 0.6 * h or l1 < l0 - h:
        # One pdfium run over several visual lines (rare): measure its characters.
        _split_run(spans, text, a, b, textpage, raw, height, sups, starts)
        return
    mid = a + (b - a) // 2
    while mid > a and text[mid].isspace():
        mid -= 1
    size = _font_size(raw, mid)
    if text[a].isdigit():
        lead = _LEAD_NUMBER.match(text, a, b)
        if lead and pdfium_c.FPDFText_GetFontSize(raw, a) < 0.85 * size:
            # A small number opening the run (a footnote's own number): a marker span of its own.
            end = lead.end(1)
            lb = _box(raw, end - 1)
            spans.append(_Span(l0, height - max(t0, lb[3]), lb[2], height - min(b0, lb[1]),
                               pdfium_c.FPDFText_GetFontSize(raw, a), text[a:end], a))
            while end < b and text[end].isspace():
                end += 1
            if end < b:
                _add_runs(spans, text, end, b, textpage, raw, height, sups, starts, gaps)
            return
    s = text[a:b]
    if "\ufffe" in s:
        s = s.replace("\ufffe", "\u0002")
    i = bisect_left(starts, a)
    if i < len(starts) and starts[i] < b and not _DIGITS.match(s):
        # Small-font digit groups glued to a word end ("curriculum10" -> "curriculum").
        cut_out = [(x, y) for x, y in sups[i:bisect_left(starts, b)]
                   if y <= b and _font_size(raw, x) < 0.85 * size]
        for x, y in reversed(cut_out):
            s = s[:x - a] + s[y - a:]
    spans.append(_Span(l0 if l0 < l1 else l1, height - (t0 if t0 > t1 else t1), r0 if r0 > r1 else r1,
                       height - (b0 if b0 < b1 else b1), size, s, a))


_D0, _D1, _D2, _D3 = _D


def _page_gaps(raw, count: int, n: int) -> list[tuple[float, float, float]]:
    """Where pdfium may read two pieces of text on one baseline as one run: (y, left, right),
    in PDF coordinates, sorted by y.

    pdfium reports one rectangle per text object piece, in reading order, for the whole page in
    one pass. Two consecutive pieces on one baseline with a gap wider than a few spaces are two
    columns (or table cells) that pdfium reads as one run when their baselines coincide; the
    first character past the gap is where such a run is cut. (Asking pdfium for the character at
    the gap's position costs a pass over the page's characters per gap; the caller finds it
    among the run's own characters instead.)
    """
    if count > max(200, n // 4):
        # A rectangle per glyph or word (browsers write PDFs so): too many to compare, and such
        # generators write each column (and cell) as text of its own, which pdfium keeps apart.
        return []
    wide: list[tuple[float, float, float, bool]] = []
    get_rect, d0, d1, d2, d3 = pdfium_c.FPDFText_GetRect, _D0, _D1, _D2, _D3
    get_rect(raw, 0, d0, d1, d2, d3)
    pt, pr, pb = d1.value, d2.value, d3.value
    # (the loop runs for every rectangle of most pages: plain locals, no tuples or max())
    for i in range(1, count):
        get_rect(raw, i, d0, d1, d2, d3)
        left, top, bottom = d0.value, d1.value, d3.value
        h = pt - pb
        if top - bottom > h:
            h = top - bottom
        if h < 1.0:
            h = 1.0
        if left - pr > 0.9 * h and abs((pt + pb) - (top + bottom)) < 0.6 * h:
            wide.append((pr, left, (top + bottom) / 2, left - pr > 2 * h))
        pt, pr, pb = top, d2.value, bottom
    if not wide:
        return []
    # A gutter (or a table's column boundary) is a channel down several lines with the text
    # beyond it starting at one x; a wide word space in a stretched justified line is not, and
    # is no cut unless it is very wide (a title and its page number).
    starts = Counter(round(x1) for _, x1, _, _ in wide)
    gaps = []
    for x0, x1, y, very_wide in wide:
        k = round(x1)
        if very_wide or starts[k - 1] + starts[k] + starts[k + 1] >= 3:
            gaps.append((y, x0, x1))
    gaps.sort()
    return gaps


def _split_run(spans, text, a, b, textpage, raw, height, sups, starts) -> None:
    start = a
    prev = _box(raw, a)
    for i in range(a + 1, b):
        box = _box(raw, i)
        if text[i].isspace():
            continue
        h = max(prev[3] - prev[1], 1.0)
        if abs((box[1] + box[3]) - (prev[1] + prev[3])) / 2 > 0.6 * h or box[0] < prev[0] - h:
            x, y = _strip(text, start, i)
            if x < y:
                _add_runs(spans, text, x, y, textpage, raw, height, sups, starts)
            start = i
        prev = box
    if start == a:  # geometry gave no cut after all: keep it as one run
        l0, b0, r0, t0 = _box(raw, a)
        size = pdfium_c.FPDFText_GetFontSize(raw, a)
        spans.append(_Span(l0, height - t0, r0, height - b0, size, text[a:b], a))
        return
    x, y = _strip(text, start, b)
    if x < y:
        _add_runs(spans, text, x, y, textpage, raw, height, sups, starts)


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


class _Group:
    __slots__ = ("spans", "main", "x0", "x1")

    def __init__(self, sp: _Span):
        self.spans = [sp]
        self.main = sp
        self.x0 = sp.x0
        self.x1 = sp.x1

    def add(self, sp: _Span) -> None:
        self.spans.append(sp)
        if len(sp.text) > len(self.main.text):
            self.main = sp
        self.x0 = min(self.x0, sp.x0)
        self.x1 = max(self.x1, sp.x1)


def _lines(spans: list[_Span], textpage, number: int, page_height: float) -> tuple[list[Line], bool]:
    spans.sort(key=lambda s: (s.top, s.x0))
    groups: list[_Group] = []
    open_: list[_Group] = []
    beside = False   # two lines side by side at one height (columns, table cells)
    low, high = page_height * 0.08, page_height * 0.92
    for sp in spans:
        top, bottom = sp.top, sp.bottom
        if len(open_) > 2:
            # Spans come top-down, so a line whose main span ends above this one can take nothing
            # more (no overlap now or later): dropping it early keeps the scan below short.
            limit = top - 1
            open_ = [g for g in open_ if g.main.bottom > limit]
        home = None
        level = False
        sp_h = bottom - top
        for g in open_:
            m = g.main
            ov = (m.bottom if m.bottom < bottom else bottom) - (m.top if m.top > top else top)
            mh = m.bottom - m.top
            if ov < 0.5 * (mh if mh < sp_h else sp_h):
                continue
            level = True
            em = m.size if m.size > sp.size else sp.size
            # A bullet sits further from its text than words from each other, but only its own
            # text (to its right) may join it at that distance.
            right_reach = em * (3.0 if len(g.spans) == 1 and m.text in BULLETS else 0.8)
            left_reach = em * (3.0 if sp.text in BULLETS else 0.8)
            if g.x1 - 2 <= sp.x0 <= g.x1 + right_reach or g.x0 - left_reach <= sp.x1 <= g.x0 + 2:
                home = g
                break
        if home is None:
            beside = beside or (level and low < top < high)
            home = _Group(sp)
            groups.append(home)
            open_.append(home)
        else:
            home.add(sp)
    lines = [_line(g, textpage, number) for g in groups]
    return [ln for ln in lines if ln.text], beside


def _line(g: _Group, textpage, number: int) -> Line:
    main = g.main
    marker = ""
    if len(g.spans) == 1:
        text = main.text.strip()
        body = g.spans
    else:
        g.spans.sort(key=lambda s: s.x0)
        parts: list[str] = []
        body = []
        for i, s in enumerate(g.spans):
            if s is not main and s.size < 0.85 * main.size and _DIGITS.match(s.text):
                if i == 0 and s.top < main.top + 0.2 * (main.bottom - main.top):
                    marker = s.text
                continue
            body.append(s)
            if parts and not parts[-1].endswith(" ") and not s.text.startswith(" "):
                parts.append(" ")
            parts.append(s.text)
        text = "".join(parts).strip()
    hyphen = text.endswith("\u0002")
    if hyphen:
        text = text[:-1].rstrip() + "-"
    # Only a short line that does not end a sentence or a word can be a bold heading:
    # ask pdfium about the font only then.
    bold = len(text) < 90 and text[-1:] not in _NOT_HEADING_END and _is_bold(textpage, main.first)
    if len(body) == 1:
        return Line(number, main.x0, main.top, main.x1, main.bottom, round(main.size, 2), text, bold, marker, hyphen)
    return Line(number, min(s.x0 for s in body), min(s.top for s in body), max(s.x1 for s in body),
                max(s.bottom for s in body), round(main.size, 2), text, bold, marker, hyphen)


_NOT_HEADING_END = set(".!?;,-")
_NAME_BUF = ctypes.create_string_buffer(256)
_FONT_BOLD: dict[bytes, bool] = {}
_font_info = pdfium_c.FPDFText_GetFontInfo


def _is_bold(textpage, index: int) -> bool:
    """Bold by the font's weight or name, asked once per font name on a page.

    One call gives the font name of a character (going through its text object and font
    handle takes three); the weight is only asked for a name not seen before.
    """
    raw = textpage.raw
    n = _font_info(raw, index, _NAME_BUF, 256, None)
    if n <= 0 or n > 256:
        return False   # no font (or a name too long to be a real one)
    key = _NAME_BUF.raw[:n]
    hit = _FONT_BOLD.get(key)
    if hit is None:
        name = _NAME_BUF.value.decode("latin-1", "replace")
        hit = pdfium_c.FPDFText_GetFontWeight(raw, index) >= 600 or bool(_BOLD_NAME.search(name))
        _FONT_BOLD[key] = hit
    return hit


# ------------------------------------------------------------------------------------ tables


def _rulings(page: pdfium.PdfPage, height: float) -> tuple[list[tuple[str, float, float, float]], int]:
    """Straight ruling lines from path objects: ("h", y, x0, x1) and ("v", x, y0, y1), top-down."""
    raw = page.raw
    n = pdfium_c.FPDFPage_CountObjects(raw)
    out: list[tuple[str, float, float, float]] = []
    images = 0
    L, B, R, T = (ctypes.c_float() for _ in range(4))
    for i in range(n):
        obj = pdfium_c.FPDFPage_GetObject(raw, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE or kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            images += 1
            continue
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, L, B, R, T):
            continue
        x0, x1, y0, y1 = L.value, R.value, height - T.value, height - B.value
        w, h = x1 - x0, y1 - y0
        nseg = pdfium_c.FPDFPath_CountSegments(obj)
        if nseg > 5 and w > 3 and h > 3:
            out.extend(_segments(obj, nseg, height))
        elif h < 3 and w > 6:
            out.append(("h", (y0 + y1) / 2, x0, x1))
        elif w < 3 and h > 6:
            out.append(("v", (x0 + x1) / 2, y0, y1))
        elif w >= 3 and h >= 3:
            out += [("h", y0, x0, x1), ("h", y1, x0, x1), ("v", x0, y0, y1), ("v", x1, y0, y1)]
    return out, images


def _segments(obj, nseg: int, height: float) -> list[tuple[str, float, float, float]]:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return []
    x, y = ctypes.c_float(), ctypes.c_float()
    pts = []
    out = []
    for i in range(nseg):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        px = m.a * x.value + m.c * y.value + m.e
        py = height - (m.b * x.value + m.d * y.value + m.f)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and pts:
            (qx, qy) = pts[-1]
            if abs(qy - py) < 1 and abs(qx - px) > 6:
                out.append(("h", py, min(qx, px), max(qx, px)))
            elif abs(qx - px) < 1 and abs(qy - py) > 6:
                out.append(("v", px, min(qy, py), max(qy, py)))
        pts.append((px, py))
    return out


def _cluster(values: list[float], tol: float = 1.5) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _tables(data: PageData, rulings, textpage, height: float) -> None:
    """Grids of ruling lines become tables; cell text is read from pdfium inside each cell."""
    hs = [r for r in rulings if r[0] == "h"]
    vs = [r for r in rulings if r[0] == "v"]
    if len(hs) < 2:
        return
    # Connected groups: a horizontal and a vertical ruling belong together when they cross or touch.
    comps: list[tuple[list, list]] = []
    for h in hs:
        comps.append(([h], []))
    for v in vs:
        hit = [c for c in comps if any(h[2] - 2 <= v[1] <= h[3] + 2 and v[2] - 2 <= h[1] <= v[3] + 2 for h in c[0])]
        if not hit:
            comps.append(([], [v]))
            continue
        base = hit[0]
        base[1].append(v)
        for c in hit[1:]:
            base[0].extend(c[0])
            base[1].extend(c[1])
            comps.remove(c)
    _rules_only(data, [c[0][0] for c in comps if len(c[0]) == 1 and not c[1]])
    for hl, vl in comps:
        if len(hl) < 2:
            continue
        ys = _cluster([h[1] for h in hl])
        xs = _cluster([v[1] for v in vl])
        if len(ys) < 3 or len(xs) < 3:
            continue   # a box or a single rule, not a table of at least 2x2 cells
        region = [ln for ln in data.lines if xs[0] - 1 <= (ln.x0 + ln.x1) / 2 <= xs[-1] + 1
                  and ys[0] - 1 <= (ln.top + ln.bottom) / 2 <= ys[-1] + 1]
        # A line running across a column rule (cells read as one run): ask pdfium per cell.
        by_cell = any(ln.x0 < x - 1 and ln.x1 > x + 1 for ln in region for x in xs[1:-1])
        rows = []
        for r in range(len(ys) - 1):
            top, bottom = ys[r], ys[r + 1]
            if bottom - top < 4:
                continue
            # (each cell looks only at its row's lines, not the whole table's)
            row_lines = [ln for ln in region if top <= (ln.top + ln.bottom) / 2 <= bottom]
            row = []
            for c in range(len(xs) - 1):
                left, right = xs[c], xs[c + 1]
                if right - left < 4:
                    continue
                # A missing vertical ruling between two cells means a spanned cell.
                if c > 0 and row and not any(abs(v[1] - left) < 2 and v[2] - 2 <= top and v[3] + 2 >= bottom for v in vl):
                    row.append("")
                    continue
                right_edge = right
                for c2 in range(c + 1, len(xs)):
                    if any(abs(v[1] - xs[c2]) < 2 and v[2] - 2 <= top and v[3] + 2 >= bottom for v in vl):
                        right_edge = xs[c2]
                        break
                if by_cell:
                    row.append(_bounded_text(textpage, left, top, right_edge, bottom, height))
                else:
                    row.append(_cell_text(row_lines, left, top, right_edge, bottom))
            rows.append(row)
        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
            data.tables.append(TableEl(data.number, xs[0], ys[0], xs[-1], ys[-1], rows))
    if data.tables:
        data.lines = [ln for ln in data.lines if not any(_inside(ln, t) for t in data.tables)]


def _rules_only(data: PageData, rules: list) -> None:
    """Three or more rules of one width with only short (cell) lines between them: a table
    without vertical rules ("booktabs"), whose columns pdfplumber finds from the text."""
    groups: list[list] = []
    for h in sorted(rules, key=lambda r: (round(r[2]), round(r[3]), r[1])):
        if groups and abs(groups[-1][0][2] - h[2]) <= 2 and abs(groups[-1][0][3] - h[3]) <= 2:
            groups[-1].append(h)
        else:
            groups.append([h])
    for g in groups:
        ys = _cluster([h[1] for h in g])
        x0, x1 = g[0][2], g[0][3]
        if len(ys) < 3 or x1 - x0 < 100:
            continue
        inside = [ln for ln in data.lines if ys[0] < (ln.top + ln.bottom) / 2 < ys[-1] and x0 - 2 <= ln.x0 and ln.x1 <= x1 + 2]
        if inside and all(ln.x1 - ln.x0 < 0.6 * (x1 - x0) for ln in inside):
            data.ruled_unparsed.append((x0, ys[0], x1, ys[-1]))


def _inside(ln: Line, t: TableEl) -> bool:
    cx, cy = (ln.x0 + ln.x1) / 2, (ln.top + ln.bottom) / 2
    return t.x0 - 1 <= cx <= t.x1 + 1 and t.top - 1 <= cy <= t.bottom + 1


def _bounded_text(textpage, left, top, right, bottom, height) -> str:
    from .pdf_layout import clean, rejoin

    raw = textpage.get_text_bounded(left=left + 0.5, bottom=height - bottom + 0.5, right=right - 0.5,
                                    top=height - top - 0.5)
    lines = clean(raw.replace("\ufffe", "-\n").replace("\r\n", "\n")).split("\n")
    return rejoin(lines, set(), Counter())


def _cell_text(lines: list[Line], left, top, right, bottom) -> str:
    from .pdf_layout import clean, rejoin

    inside = [ln for ln in lines if left <= (ln.x0 + ln.x1) / 2 <= right and top <= (ln.top + ln.bottom) / 2 <= bottom]
    if len(inside) == 1:
        return clean(inside[0].text).strip()
    inside.sort(key=lambda ln: (ln.top, ln.x0))
    return rejoin(clean("\n".join(ln.text for ln in inside)).split("\n"), set(), Counter())
