"""PDF reports: text layer -> blocks in reading order, with headings, tables and footnotes apart.

pypdfium2 does the reading (fast; see pdf_page), page by page with every page closed after use,
so a large file costs the memory of its lines, not of its pages. The layout decisions that need
the whole document (running headers/footers, body font size, heading levels, dehyphenation
dictionary) are made once all pages' lines are in (pdf_layout). pdfplumber is only opened for a
page whose rulings form no grid pdfium can read (rules without vertical lines), where its text
strategy finds the columns.
"""

from __future__ import annotations

import gc
import io

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import ExtractionError
from .base import Parsed
from .pdf_layout import (BlockBuilder, body_size, heading_levels, plain_headings, reading_order, split_footnotes,
                         strip_running)
from .pdf_page import PageData, TableEl, read_page


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """Open with pdfium; an encrypted file gets the empty password, then a clear error."""
    if b"%PDF" not in data[:1024]:
        raise ExtractionError("not a PDF file (no %PDF header)")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        msg = str(err)
        if "password" in msg.lower():
            try:
                return pdfium.PdfDocument(data, password="")
            except pdfium.PdfiumError:
                raise ExtractionError("encrypted PDF: password required") from None
        detail = msg.split("(PDFium:")[-1].strip(" ).") if "PDFium:" in msg else msg
        raise ExtractionError(f"corrupt or truncated PDF ({detail.lower() or 'unreadable'})") from None


def read_pdf(data: bytes, name: str) -> Parsed:
    # Reading makes many small objects that live until the end (a few per line); the cyclic
    # garbage collector would walk them over and over (a third of the run time on a 100-page
    # report) and finds nothing to free, so it waits until the document is done.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _read_pdf(data, name)
    finally:
        if enabled:
            gc.enable()


def _read_pdf(data: bytes, name: str) -> Parsed:
    doc = open_pdf(data)
    warnings: list[str] = []
    pages: list[PageData] = []
    failed: list[int] = []
    try:
        n = len(doc)
        if n == 0:
            raise ExtractionError("PDF has no pages")
        # Pages are opened as pdfium's own handles (see pdf_page.read_page), each closed after use.
        raw = doc.raw
        for i in range(n):
            page = pdfium_c.FPDF_LoadPage(raw, i)
            if not page:
                failed.append(i + 1)
                continue
            try:
                pages.append(read_page(page, i + 1))
            except pdfium.PdfiumError:
                failed.append(i + 1)
            finally:
                pdfium_c.FPDF_ClosePage(page)
    finally:
        doc.close()
    if failed:
        warnings.append(f"could not read {_pages(failed)} (damaged?)")
    # A page with images and no characters is a scan (or a picture); a blank page is no news.
    scanned = [p.number for p in pages if p.chars == 0 and p.images]
    if scanned:
        warnings.append(f"no text layer on {_pages(scanned)} (scanned?)")
    unparsed = [p for p in pages if p.ruled_unparsed]
    if unparsed:
        _plumber_tables(data, unparsed)

    size = body_size(pages)
    strip_running(pages, size)
    notes = {p.number: split_footnotes(p, size) for p in pages}
    all_text = "\n".join(ln.text for p in pages for ln in p.lines)
    levels = heading_levels(pages, size)
    plain_headings(pages, size)
    builder = BlockBuilder(size, levels, all_text)
    for p in pages:
        builder.feed_page(reading_order(p, size), notes[p.number], p.number)
    blocks = builder.finish()
    title = _title(blocks)
    return Parsed(blocks=blocks, kind="report", pages=n, title=title, warnings=warnings)


def _title(blocks) -> str:
    for b in blocks[:5]:
        if b.kind == "heading" and b.page == 1:
            return b.text[:200]
    return ""


def _pages(numbers: list[int]) -> str:
    return ("page " if len(numbers) == 1 else "pages ") + ", ".join(str(n) for n in numbers)


def _cell(text: str | None) -> str:
    return " ".join((text or "").split())


def _plumber_tables(data: bytes, pages: list[PageData]) -> None:
    """Ruled regions without vertical rules: let pdfplumber find the columns from the text."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for p in pages:
            plumber_page = pdf.pages[p.number - 1]
            try:
                for (x0, top, x1, bottom) in p.ruled_unparsed:
                    region = plumber_page.crop((max(0, x0 - 1), max(0, top - 1),
                                                min(plumber_page.width, x1 + 1), min(plumber_page.height, bottom + 1)))
                    # Rules only between header and body: rows and columns both come from the text.
                    settings = {"vertical_strategy": "text", "horizontal_strategy": "text"}
                    for t in region.find_tables(settings):
                        rows = [[_cell(c) for c in r] for r in t.extract()]
                        rows = [r for r in rows if any(r)]
                        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
                            tx0, ttop, tx1, tbottom = t.bbox
                            p.tables.append(TableEl(p.number, min(x0, tx0), min(top, ttop), max(x1, tx1),
                                                    max(bottom, tbottom), rows))
            finally:
                plumber_page.close()
        for p in pages:
            if p.tables:
                p.lines = [ln for ln in p.lines if not any(
                    t.x0 - 1 <= (ln.x0 + ln.x1) / 2 <= t.x1 + 1 and t.top - 1 <= (ln.top + ln.bottom) / 2 <= t.bottom + 1
                    for t in p.tables)]
