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

import codecs
import ctypes
import re
import struct
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter

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
# (spelled \d\d{0,2}, not \d{1,3}: a pattern that opens with a plain character class lets the
# regex engine skip to the next digit instead of trying every position)
_SUP_CANDIDATE = re.compile(r"\d\d{0,2}(?:[,-]\d{1,3})*(?=[\s.,;:)]|$)")
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
    first: int = 0            # index of its main span's first character on the page (for the font)

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


# A span (a measured piece of one visual line) is a plain tuple: thousands are made per page.
# (x0, top, x1, bottom, font size, text, index of its first character)
_X0, _TOP, _X1, _BOTTOM, _SIZE, _TEXT, _FIRST = range(7)
_by_top_x0 = itemgetter(_TOP, _X0)
_by_x0 = itemgetter(_X0)


def read_page(page, number: int) -> PageData:
    """Read one loaded page (a raw pdfium page handle; the caller closes it).

    The page and its text page are pdfium's own handles, not pypdfium2's PdfPage/PdfTextPage:
    those register finalizers and parent links on opening and closing, a tenth of the cost of
    loading a page, which pdf.py spares by opening and closing every page itself.
    """
    width, height = pdfium_c.FPDF_GetPageWidthF(page), pdfium_c.FPDF_GetPageHeightF(page)
    data = PageData(number, width, height)
    textpage = pdfium_c.FPDFText_LoadPage(page)
    if not textpage:
        raise pdfium.PdfiumError("Failed to load text page.")
    _FONT_BOLD.clear()   # one page's fonts: two fonts of one name in two files may differ
    try:
        n = pdfium_c.FPDFText_CountChars(textpage)
        if n == -1:
            raise pdfium.PdfiumError("Failed to get character count.")
        data.chars = n
        side_by_side = True
        tp = ctypes.cast(textpage, ctypes.c_void_p)
        if n > 0:
            spans, gapped = _spans(textpage, tp, n, height)
            data.lines, beside = _lines(spans, number, height)
            side_by_side = gapped or beside
        # A table has cells side by side on one baseline, so a page without any such text has no
        # table to look for; walking its objects for rulings is skipped (it costs as much as
        # reading the text of a plain page). Pages without text are walked to count images.
        if side_by_side:
            rulings, images = _rulings(page, height)
            data.images = images
            if rulings:
                _tables(data, rulings, textpage, height)
        # Only a short line that does not end a sentence or a word can be a bold heading: pdfium
        # is asked about the font only then, and only for lines a table did not take.
        for ln in data.lines:
            text = ln.text
            if len(text) < 90 and text[-1:] not in _NOT_HEADING_END:
                ln.bold = _is_bold(tp, ln.first)
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)
    return data


def _unchecked(fn, restype=ctypes.c_int):
    """A pdfium function without ctypes' per-argument conversion, which costs as much as the call
    itself on the per-run paths. Callers pass what the C signature takes, ready made: handles and
    buffers as ctypes pointers (c_void_p, byref), indexes as int, doubles as c_double (ctypes
    passes a bare float to no unchecked function)."""
    f = type(fn)(ctypes.cast(fn, ctypes.c_void_p).value)   # (the library's own calling convention)
    f.restype = restype
    return f


_loose_box = _unchecked(pdfium_c.FPDFText_GetLooseCharBox)
_font_size = _unchecked(pdfium_c.FPDFText_GetFontSize, ctypes.c_double)
_get_rect = _unchecked(pdfium_c.FPDFText_GetRect)
_char_at = _unchecked(pdfium_c.FPDFText_GetCharIndexAtPos)
_font_info = _unchecked(pdfium_c.FPDFText_GetFontInfo, ctypes.c_ulong)
_font_weight = _unchecked(pdfium_c.FPDFText_GetFontWeight)
_TOLERANCE = ctypes.c_double(1.5)   # (doubles go to an unchecked call as c_double)
# One box buffer for the page reads, its four floats taken out in one call: (left, top, right, bottom).
_RECT = pdfium_c.FS_RECTF()
_RECT_P = ctypes.byref(_RECT)
_rect_of = struct.Struct("4f").unpack_from
_DOUBLES = (ctypes.c_double * 4)()
_DOUBLE_PS = tuple(ctypes.byref(_DOUBLES, 8 * i) for i in range(4))
_doubles_of = struct.Struct("4d").unpack_from


def _box(tp, i: int) -> tuple[float, float, float, float]:
    """Loose (font-height) box of character i: (left, bottom, right, top), PDF coordinates."""
    if not _loose_box(tp, i, _RECT_P):
        return (0.0, 0.0, 0.0, 0.0)
    left, top, right, bottom = _rect_of(_RECT)
    return (left, bottom, right, top)


def _text_range(textpage, index: int, count: int) -> str:
    """pypdfium2's PdfTextPage.get_text_range on a raw text page handle (the same text)."""
    c_start, c_end, l_passive, r_passive = index, index + count - 1, 0, 0
    # Characters pdfium leaves out of its text at either end of the range are not asked for.
    while True:
        if c_start > c_end:
            return ""
        t_start = pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, c_start)
        if t_start == -1:
            c_start, l_passive = c_start + 1, l_passive + 1
            continue
        t_end = pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, c_end)
        if t_end == -1:
            c_end, r_passive = c_end - 1, r_passive + 1
            continue
        break
    index += l_passive
    count -= l_passive + r_passive
    buffer = (ctypes.c_ushort * (t_end + 2 - t_start))()
    out_count = pdfium_c.FPDFText_GetText(textpage, index, count, buffer)
    return codecs.decode(memoryview(buffer)[:out_count - 1], "utf-16-le", errors="ignore")


def _spans(textpage, tp, n: int, height: float) -> tuple[list[tuple], bool]:
    text = _text_range(textpage, 0, n)
    if len(text) != n:  # characters outside the BMP: fall back to per-range reads for indexes
        text = "".join(_text_range(textpage, i, 1) or " " for i in range(n))
    # One hyphen mark for both pdfium builds, swapped once per page (same length: indexes hold).
    if "\ufffe" in text:
        text = text.replace("\ufffe", "\u0002")
    spans: list[tuple] = []
    # Superscript candidates are found once on the page text, then looked up per run.
    # (the regex has no look-behind, so it can skip to digits fast; the character before is checked here)
    sups = [(a, b) for a, b in map(_span_of, _SUP_CANDIDATE.finditer(text))
            if a and (text[a - 1].isalpha() or text[a - 1] in _SUP_BEFORE)]
    starts = [a for a, _ in sups]
    runs = [m.span() for m in _RUN.finditer(text)]
    # pdfium gives at least one rectangle per run; only when it gives more can a run hold a gap.
    count = pdfium_c.FPDFText_CountRects(textpage, 0, n)
    gaps = _page_gaps(tp, count, n) if count > len(runs) else []
    gap_ys = [g[0] for g in gaps]
    by_index = None   # the gaps as (char index, top), only made for a run over several lines
    # Most runs are one plain line: measured here inline (two boxes and a font size). A run that
    # holds a gap, a superscript candidate or opens with a number goes the long way (_add_runs).
    # Runs and candidates both come in text order, so a forward pointer finds the candidates.
    ns = len(starts)
    si = 0
    rect, rect_p, rect_of = _RECT, _RECT_P, _rect_of
    loose, font_size, append = _loose_box, _font_size, spans.append
    for a, b in runs:
        # (a failed box read leaves the buffer as it was: the run then takes the last box read)
        loose(tp, a, rect_p)
        l0, t0, r0, b0 = rect_of(rect)
        loose(tp, b - 1, rect_p)
        l1, t1, r1, b1 = rect_of(rect)
        if _over_lines(l0, t0, b0, l1, t1, b1):
            # One pdfium run over several visual lines (rare): its gaps are found by index.
            if gaps and by_index is None:
                by_index = _gaps_by_index(tp, gaps, height)
            _add_runs(spans, text, a, b, tp, height, sups, starts, by_index or ())
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
                cuts = sorted((_first_right_of(tp, text, a, b, g), height - g[0])
                              for g in gaps[lo:hi] if x0 < g[1] and g[2] < x1)
        while si < ns and starts[si] < a:
            si += 1
        if cuts:
            _add_runs(spans, text, a, b, tp, height, sups, starts, cuts)
            continue
        if (si < ns and starts[si] < b) or text[a].isdigit():
            _add_span(spans, text, a, b, tp, height, sups, starts, (), l0, t0, r0, b0, l1, t1, r1, b1)
            continue
        mid = a + (b - a) // 2
        while mid > a and text[mid].isspace():
            mid -= 1
        append((x0, height - top, x1, height - bottom, font_size(tp, mid), text[a:b], a))
    # (header and footer lines often pair a title with a page number: not a table)
    return spans, any(height * 0.08 < height - g[0] < height * 0.92 for g in gaps)


def _first_right_of(tp, text: str, a: int, b: int, gap: tuple[float, float, float]) -> int:
    """Index of the first character of text[a:b] (one visual line) past the gap.

    Bisection over the characters' boxes, which run left to right along a line; should a box
    break that order (the check: the last character before the answer lies left of the gap),
    pdfium is asked for the character at the gap's position instead.
    """
    y, left, right = gap
    x = (left + right) / 2
    lo, hi = a + 1, b
    rect, rect_p = _RECT, _RECT_P
    while lo < hi:
        m = (lo + hi) // 2
        _loose_box(tp, m, rect_p)
        if rect.left >= x:
            hi = m
        else:
            lo = m + 1
    j = lo - 1
    while j > a and text[j].isspace():
        j -= 1
    _loose_box(tp, j, rect_p)
    if rect.right > x:
        return _char_at(tp, ctypes.c_double(right + 0.3), ctypes.c_double(y), _TOLERANCE, _TOLERANCE)
    return lo


def _over_lines(l0: float, t0: float, b0: float, l1: float, t1: float, b1: float) -> bool:
    """Whether a run's first and last character boxes sit on different visual lines: their middles
    are apart by more than 0.6 of the taller box, or the last one starts left of the first."""
    h = t0 - b0 if t0 - b0 > t1 - b1 else t1 - b1
    if h < 1.0:
        h = 1.0
    return abs((t0 + b0) - (t1 + b1)) / 2 > 0.6 * h or l1 < l0 - h


def _gaps_by_index(tp, gaps, height: float) -> list[tuple[int, float]]:
    """The gaps as (index of the first character past the gap, top), sorted by index."""
    out = []
    for y, _, right in gaps:
        idx = _char_at(tp, ctypes.c_double(right + 0.3), ctypes.c_double(y), _TOLERANCE, _TOLERANCE)
        if idx > 0:
            out.append((idx, height - y))
    out.sort()
    return out


def _add_runs(spans: list[tuple], text: str, a: int, b: int, tp, height: float, sups, starts, gaps=()) -> None:
    """Measure the run text[a:b] (stripped by the caller) and append it as a span (or several)."""
    if gaps:
        i = bisect_right(gaps, (a, 1e9))
        if i < len(gaps) and gaps[i][0] < b:
            cut = gaps[i][0]
            for x, y in (_strip(text, a, cut), _strip(text, cut, b)):
                if x < y:
                    _add_runs(spans, text, x, y, tp, height, sups, starts, gaps)
            return
    _loose_box(tp, a, _RECT_P)
    l0, t0, r0, b0 = _rect_of(_RECT)
    _loose_box(tp, b - 1, _RECT_P)
    l1, t1, r1, b1 = _rect_of(_RECT)
    if _over_lines(l0, t0, b0, l1, t1, b1):
        # One pdfium run over several visual lines (rare): measure its characters.
        _split_run(spans, text, a, b, tp, height, sups, starts)
        return
    _add_span(spans, text, a, b, tp, height, sups, starts, gaps, l0, t0, r0, b0, l1, t1, r1, b1)


def _add_span(spans, text, a, b, tp, height, sups, starts, gaps, l0, t0, r0, b0, l1, t1, r1, b1) -> None:
    """The run text[a:b] on one visual line, its end boxes measured: a footnote number opening it
    becomes a span of its own, small digit groups glued to its words are cut out."""
    mid = a + (b - a) // 2
    while mid > a and text[mid].isspace():
        mid -= 1
    size = _font_size(tp, mid)
    if text[a].isdigit():
        lead = _LEAD_NUMBER.match(text, a, b)
        if lead:
            lead_size = _font_size(tp, a)
            if lead_size < 0.85 * size:
                # A small number opening the run (a footnote's own number): a marker span of its own.
                end = lead.end(1)
                lb = _box(tp, end - 1)
                spans.append((l0, height - max(t0, lb[3]), lb[2], height - min(b0, lb[1]),
                              lead_size, text[a:end], a))
                while end < b and text[end].isspace():
                    end += 1
                if end < b:
                    _add_runs(spans, text, end, b, tp, height, sups, starts, gaps)
                return
    s = text[a:b]
    if "\ufffe" in s:
        s = s.replace("\ufffe", "\u0002")
    i = bisect_left(starts, a)
    if i < len(starts) and starts[i] < b and not _DIGITS.match(s):
        # Small-font digit groups glued to a word end ("curriculum10" -> "curriculum").
        cut_out = [(x, y) for x, y in sups[i:bisect_left(starts, b)]
                   if y <= b and _font_size(tp, x) < 0.85 * size]
        for x, y in reversed(cut_out):
            s = s[:x - a] + s[y - a:]
    spans.append((l0 if l0 < l1 else l1, height - (t0 if t0 > t1 else t1), r0 if r0 > r1 else r1,
                  height - (b0 if b0 < b1 else b1), size, s, a))


def _page_gaps(tp, count: int, n: int) -> list[tuple[float, float, float]]:
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
    get_rect, values, (d0, d1, d2, d3) = _get_rect, _doubles_of, _DOUBLE_PS
    buf = _DOUBLES
    get_rect(tp, 0, d0, d1, d2, d3)
    _, pt, pr, pb = values(buf)
    # (the loop runs for every rectangle of most pages: plain locals, no tuples or max())
    for i in range(1, count):
        get_rect(tp, i, d0, d1, d2, d3)
        left, top, right, bottom = values(buf)
        h = pt - pb
        if top - bottom > h:
            h = top - bottom
        if h < 1.0:
            h = 1.0
        if left - pr > 0.9 * h and abs((pt + pb) - (top + bottom)) < 0.6 * h:
            wide.append((pr, left, (top + bottom) / 2, left - pr > 2 * h))
        pt, pr, pb = top, right, bottom
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


def _split_run(spans, text, a, b, tp, height, sups, starts) -> None:
    start = a
    prev = _box(tp, a)
    for i in range(a + 1, b):
        box = _box(tp, i)
        if text[i].isspace():
            continue
        h = max(prev[3] - prev[1], 1.0)
        if abs((box[1] + box[3]) - (prev[1] + prev[3])) / 2 > 0.6 * h or box[0] < prev[0] - h:
            x, y = _strip(text, start, i)
            if x < y:
                _add_runs(spans, text, x, y, tp, height, sups, starts)
            start = i
        prev = box
    if start == a:  # geometry gave no cut after all: keep it as one run
        l0, b0, r0, t0 = _box(tp, a)
        spans.append((l0, height - t0, r0, height - b0, _font_size(tp, a), text[a:b], a))
        return
    x, y = _strip(text, start, b)
    if x < y:
        _add_runs(spans, text, x, y, tp, height, sups, starts)


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _lines(spans: list[tuple], number: int, page_height: float) -> tuple[list[Line], bool]:
    spans.sort(key=_by_top_x0)
    # A line in the making: [main span (its longest), x0, x1, spans]
    groups: list[list] = []
    open_: list[list] = []
    beside = False   # two lines side by side at one height (columns, table cells)
    low, high = page_height * 0.08, page_height * 0.92
    for sp in spans:
        x0, top, x1, bottom, size, text, _ = sp
        if len(open_) > 2:
            # Spans come top-down, so a line whose main span ends above this one can take nothing
            # more (no overlap now or later): dropping it early keeps the scan below short.
            limit = top - 1
            open_ = [g for g in open_ if g[0][3] > limit]
        home = None
        level = False
        sp_h = bottom - top
        for g in open_:
            m = g[0]
            m_top, m_bottom = m[1], m[3]
            ov = (m_bottom if m_bottom < bottom else bottom) - (m_top if m_top > top else top)
            mh = m_bottom - m_top
            if ov < 0.5 * (mh if mh < sp_h else sp_h):
                continue
            level = True
            em = m[4] if m[4] > size else size
            # A bullet sits further from its text than words from each other, but only its own
            # text (to its right) may join it at that distance.
            right_reach = em * (3.0 if len(g[3]) == 1 and m[5] in BULLETS else 0.8)
            left_reach = em * (3.0 if text in BULLETS else 0.8)
            if g[2] - 2 <= x0 <= g[2] + right_reach or g[1] - left_reach <= x1 <= g[1] + 2:
                home = g
                break
        if home is None:
            beside = beside or (level and low < top < high)
            home = [sp, x0, x1, [sp]]
            groups.append(home)
            open_.append(home)
        else:
            home[3].append(sp)
            if len(text) > len(home[0][5]):
                home[0] = sp
            home[1] = min(home[1], x0)
            home[2] = max(home[2], x1)
    lines = []
    rounded: dict[float, float] = {}   # (a page has a few font sizes and many lines)
    for g in groups:
        main = g[0]
        size = rounded.get(main[_SIZE])
        if size is None:
            size = rounded[main[_SIZE]] = round(main[_SIZE], 2)
        if len(g[3]) > 1:
            ln = _line(g, number, size)
            if ln.text:
                lines.append(ln)
            continue
        # One span, the most common line: no assembly.
        text = main[_TEXT].strip()
        if not text:
            continue
        hyphen = text.endswith("\u0002")
        if hyphen:
            text = text[:-1].rstrip() + "-"
        lines.append(Line(number, main[0], main[1], main[2], main[3], size, text, False, "", hyphen, None, main[6]))
    return lines, beside


def _line(g: list, number: int, size: float) -> Line:
    """A line of several spans: side by side in x order, raised small numbers lifted out."""
    main, _, _, spans = g
    marker = ""
    spans.sort(key=_by_x0)
    parts: list[str] = []
    body = []
    m_size, m_top, m_bottom = main[_SIZE], main[_TOP], main[_BOTTOM]
    for i, s in enumerate(spans):
        if s is not main and s[_SIZE] < 0.85 * m_size and _DIGITS.match(s[_TEXT]):
            if i == 0 and s[_TOP] < m_top + 0.2 * (m_bottom - m_top):
                marker = s[_TEXT]
            continue
        body.append(s)
        if parts and not parts[-1].endswith(" ") and not s[_TEXT].startswith(" "):
            parts.append(" ")
        parts.append(s[_TEXT])
    text = "".join(parts).strip()
    hyphen = text.endswith("\u0002")
    if hyphen:
        text = text[:-1].rstrip() + "-"
    if len(body) == 1:
        return Line(number, main[0], main[1], main[2], main[3], size, text, False, marker, hyphen, None, main[6])
    return Line(number, min(s[_X0] for s in body), min(s[_TOP] for s in body), max(s[_X1] for s in body),
                max(s[_BOTTOM] for s in body), size, text, False, marker, hyphen, None, main[_FIRST])


_NOT_HEADING_END = set(".!?;,-")
_NAME_BUF = ctypes.create_string_buffer(256)
_NAME_LEN = ctypes.c_ulong(256)
_FONT_BOLD: dict[bytes, bool] = {}


def _is_bold(tp, index: int) -> bool:
    """Bold by the font's weight or name, asked once per font name on a page.

    One call gives the font name of a character (going through its text object and font
    handle takes three); the weight is only asked for a name not seen before.
    """
    n = _font_info(tp, index, _NAME_BUF, _NAME_LEN, None)
    if n <= 0 or n > 256:
        return False   # no font (or a name too long to be a real one)
    key = _NAME_BUF.raw[:n]
    hit = _FONT_BOLD.get(key)
    if hit is None:
        name = _NAME_BUF.value.decode("latin-1", "replace")
        hit = _font_weight(tp, index) >= 600 or bool(_BOLD_NAME.search(name))
        _FONT_BOLD[key] = hit
    return hit


# ------------------------------------------------------------------------------------ tables


_count_objects = _unchecked(pdfium_c.FPDFPage_CountObjects)
_get_object = _unchecked(pdfium_c.FPDFPage_GetObject, pdfium_c.FPDFPage_GetObject.restype)
_object_type = _unchecked(pdfium_c.FPDFPageObj_GetType)
_object_bounds = _unchecked(pdfium_c.FPDFPageObj_GetBounds)
_count_segments = _unchecked(pdfium_c.FPDFPath_CountSegments)
_FLOATS = (ctypes.c_float * 4)()
_FLOAT_PS = tuple(ctypes.byref(_FLOATS, 4 * i) for i in range(4))
_floats_of = struct.Struct("4f").unpack_from
_IMAGE_KINDS = (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM)


def _rulings(page, height: float) -> tuple[list[tuple[str, float, float, float]], int]:
    """Straight ruling lines from path objects: ("h", y, x0, x1) and ("v", x, y0, y1), top-down."""
    raw = ctypes.cast(page, ctypes.c_void_p)
    n = _count_objects(raw)
    out: list[tuple[str, float, float, float]] = []
    images = 0
    path = pdfium_c.FPDF_PAGEOBJ_PATH
    pl, pb, pr, pt = _FLOAT_PS
    # (every object of the page, text objects mostly: two calls each before most are passed over)
    for i in range(n):
        obj = _get_object(raw, i)
        kind = _object_type(obj)
        if kind != path:
            if kind in _IMAGE_KINDS:
                images += 1
            continue
        if not _object_bounds(obj, pl, pb, pr, pt):
            continue
        left, bottom, right, top = _floats_of(_FLOATS)
        x0, x1, y0, y1 = left, right, height - top, height - bottom
        w, h = x1 - x0, y1 - y0
        nseg = _count_segments(obj)
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
    from .pdf_layout import clean, rejoin   # (pdf_layout imports this module)

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
            # Which column boundaries a vertical ruling runs along over the whole row.
            row_vs = [v[1] for v in vl if v[2] - 2 <= top and v[3] + 2 >= bottom]
            ruled = [False] + [any(abs(vx - x) < 2 for vx in row_vs) for x in xs[1:]]   # (xs[0]: never asked)
            row = []
            for c in range(len(xs) - 1):
                left, right = xs[c], xs[c + 1]
                if right - left < 4:
                    continue
                # A missing vertical ruling between two cells means a spanned cell.
                if c > 0 and row and not ruled[c]:
                    row.append("")
                    continue
                right_edge = right
                for c2 in range(c + 1, len(xs)):
                    if ruled[c2]:
                        right_edge = xs[c2]
                        break
                if by_cell:
                    row.append(_bounded_text(textpage, left, top, right_edge, bottom, height))
                else:
                    row.append(_cell_text(row_lines, left, top, right_edge, bottom, clean, rejoin))
            rows.append(row)
        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
            data.tables.append(TableEl(data.number, xs[0], ys[0], xs[-1], ys[-1], rows))
    if data.tables:
        boxes = [(t.x0 - 1, t.x1 + 1, t.top - 1, t.bottom + 1) for t in data.tables]
        keep = []
        for ln in data.lines:
            cx, cy = (ln.x0 + ln.x1) / 2, (ln.top + ln.bottom) / 2
            for x0, x1, y0, y1 in boxes:
                if x0 <= cx <= x1 and y0 <= cy <= y1:
                    break
            else:
                keep.append(ln)
        data.lines = keep


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


def _bounded_text(textpage, left, top, right, bottom, height) -> str:
    from .pdf_layout import clean, rejoin

    # (pypdfium2's PdfTextPage.get_text_bounded, on the raw text page handle)
    args = (textpage, left + 0.5, height - top - 0.5, right - 0.5, height - bottom + 0.5)
    size = pdfium_c.FPDFText_GetBoundedText(*args, None, 0)
    if size <= 0:
        raw = ""
    else:
        buffer = (ctypes.c_ushort * size)()
        pdfium_c.FPDFText_GetBoundedText(*args, buffer, size)
        raw = codecs.decode(buffer, "utf-16-le", errors="ignore")
    lines = clean(raw.replace("\ufffe", "-\n").replace("\r\n", "\n")).split("\n")
    return rejoin(lines, set(), Counter())


def _cell_text(lines: list[Line], left, top, right, bottom, clean, rejoin) -> str:
    inside = [ln for ln in lines if left <= (ln.x0 + ln.x1) / 2 <= right and top <= (ln.top + ln.bottom) / 2 <= bottom]
    if len(inside) == 1:
        return clean(inside[0].text).strip()
    inside.sort(key=lambda ln: (ln.top, ln.x0))
    return rejoin(clean("\n".join(ln.text for ln in inside)).split("\n"), set(), Counter())
