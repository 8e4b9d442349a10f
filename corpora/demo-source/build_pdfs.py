"""Render the demo reports (reports/*.md) to PDFs in corpora/demo, with their ground truth.

    .venv/bin/python corpora/demo-source/build_pdfs.py            # all reports
    .venv/bin/python corpora/demo-source/build_pdfs.py --check    # fail if a committed PDF is stale

Source format: YAML front matter (title, year, organisation, layout: classic | twocolumn | compact,
header, footer, headings: styled | plain) and a Markdown subset: ``#``/``##``/``###`` headings, blank-line separated
paragraphs, ``- `` bullets, pipe tables with a ``|---|`` row, footnote references ``[^1]`` with
definitions ``[^1]: text``, and ``<!-- twocolumn -->`` / ``<!-- onecolumn -->`` switches.

Output is deterministic (reportlab ``invariant=1``: fixed dates and document id), so a rebuild of
unchanged sources gives byte-identical PDFs. The truth file (truth/<stem>.json) is derived from
the source, not from the PDF, apart from the page each footnote landed on.

Footnotes sit at the bottom of the page that references them, above the running footer: every
page reserves the same footnote band, so the page each reference lands on does not depend on the
notes; the document is laid out once to learn those pages and once more to draw them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import yaml
from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (BaseDocTemplate, Frame, KeepTogether, PageTemplate, Paragraph, Spacer,
                                Table, TableStyle)
from reportlab.platypus.flowables import BalancedColumns

HERE = Path(__file__).resolve().parent
LAYOUTS = ("classic", "twocolumn", "compact")
# "plain" sets headings in body type (regular weight, body size), as many word-processed reports
# do: only their numbering and the space above them tell a reader they are headings.
HEADINGS = ("styled", "plain")
_FN_REF = re.compile(r"\[\^([^\]\s]+)\]")
_FN_DEF = re.compile(r"^\[\^([^\]\s]+)\]:\s*(.*)$")
_HEADING = re.compile(r"^(#{1,3})\s+(.*)$")


@dataclass
class Source:
    meta: dict
    items: list[tuple]                     # ("heading", level, text) | ("para", text) | ("bullet", text)
    footnotes: dict[str, str]              #   | ("table", rows) | ("columns", n)
    order: list[str] = field(default_factory=list)   # footnote labels in order of first reference


def parse_source(text: str, name: str = "<source>") -> Source:
    text = text.replace("\r\n", "\n")
    m = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    if not m:
        raise ValueError(f"{name}: no YAML front matter between '---' lines")
    meta = yaml.safe_load(m.group(1)) or {}
    for key in ("title", "layout"):
        if key not in meta:
            raise ValueError(f"{name}: front matter lacks '{key}'")
    if meta["layout"] not in LAYOUTS:
        raise ValueError(f"{name}: layout must be one of {', '.join(LAYOUTS)}, not {meta['layout']!r}")
    if meta.setdefault("headings", "styled") not in HEADINGS:
        raise ValueError(f"{name}: headings must be one of {', '.join(HEADINGS)}, not {meta['headings']!r}")
    items: list[tuple] = []
    notes: dict[str, str] = {}
    para: list[str] = []
    table: list[list[str]] = []

    def flush() -> None:
        if para:
            items.append(("para", " ".join(para)))
            para.clear()
        if table:
            items.append(("table", [r[:] for r in table]))
            table.clear()

    for raw in text[m.end():].split("\n"):
        line = raw.strip()
        if not line:
            flush()
        elif line in ("<!-- twocolumn -->", "<!-- onecolumn -->"):
            flush()
            items.append(("columns", 2 if "two" in line else 1))
        elif d := _FN_DEF.match(line):
            flush()
            notes[d.group(1)] = d.group(2).strip()
        elif h := _HEADING.match(line):
            flush()
            items.append(("heading", len(h.group(1)), h.group(2).strip()))
        elif line.startswith("- "):
            flush()
            items.append(("bullet", line[2:].strip()))
        elif line.startswith("|"):
            if para:
                flush()
            cells = [c.strip() for c in line.strip("|").split("|")]
            if not all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                table.append(cells)
        elif items and items[-1][0] == "bullet" and not para and raw.startswith("  "):
            items[-1] = ("bullet", items[-1][1] + " " + line)      # continuation of a bullet
        else:
            para.append(line)
    flush()
    order: list[str] = []
    for item in items:
        for t in _item_texts(item):
            for label in _FN_REF.findall(t):
                if label not in notes:
                    raise ValueError(f"{name}: footnote [^{label}] is referenced but not defined")
                if label not in order:
                    order.append(label)
    return Source(meta, items, notes, order)


def _item_texts(item: tuple) -> list[str]:
    if item[0] in ("para", "bullet"):
        return [item[1]]
    if item[0] == "heading":
        return [item[2]]
    if item[0] == "table":
        return [c for row in item[1] for c in row]
    return []


def plain(text: str) -> str:
    """Source text as a reader should get it back: footnote references removed."""
    return re.sub(r"\s{2,}", " ", _FN_REF.sub("", text)).strip()


# --------------------------------------------------------------------------------------- layout


@dataclass
class Layout:
    font: str
    bold: str
    italic: str
    size: float
    leading: float
    align: int
    margins: tuple[float, float, float, float]     # left, right, top, bottom
    heading_sizes: tuple[float, float, float]
    default_columns: int
    note_size: float


LAYOUT_SPECS = {
    "classic": Layout("Times-Roman", "Times-Bold", "Times-Italic", 11, 14, TA_JUSTIFY,
                      (2.6 * cm, 2.6 * cm, 2.6 * cm, 2.4 * cm), (17, 13.5, 11.5), 1, 8.5),
    "twocolumn": Layout("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", 9.5, 12.5, TA_LEFT,
                        (2.0 * cm, 2.0 * cm, 2.4 * cm, 2.2 * cm), (15, 12, 10.5), 2, 7.5),
    "compact": Layout("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", 9, 11.2, TA_JUSTIFY,
                      (1.6 * cm, 1.6 * cm, 1.9 * cm, 1.8 * cm), (13, 11, 9.5), 1, 7),
}


class _Doc(BaseDocTemplate):
    def __init__(self, path, src: Source, spec: Layout, note_pages: dict[str, int], reserve: float, **kw):
        super().__init__(str(path), pagesize=A4, invariant=1, title=src.meta["title"],
                         author=str(src.meta.get("organisation", "")), creator="miner demo build_pdfs.py",
                         subject="", keywords="", producer="ReportLab", **kw)
        self.src, self.spec, self.reserve = src, spec, reserve
        self.note_pages = note_pages            # label -> page, from the previous layout pass
        self.ref_pages: dict[str, int] = {}     # label -> page, seen in this pass
        left, right, top, bottom = spec.margins
        w, h = A4
        frame = Frame(left, bottom + reserve, w - left - right, h - top - bottom - reserve,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._decorate)])

    def _decorate(self, canv, doc) -> None:
        canv.setNamedCB("fnref", self._record_ref)
        page = canv.getPageNumber()
        meta, spec = self.src.meta, self.spec
        w, h = A4
        left, right, top, bottom = spec.margins
        header, footer = str(meta.get("header", "")), str(meta.get("footer", ""))
        layout = meta["layout"]
        canv.saveState()
        if layout == "classic":
            if page > 1 and header:
                canv.setFont(spec.italic, 9)
                canv.drawCentredString(w / 2, h - top + 22, header)
                canv.setLineWidth(0.4)
                canv.line(left, h - top + 16, w - right, h - top + 16)
            canv.setFont(spec.font, 9)
            if footer:
                canv.drawString(left, bottom - 28, footer)
            canv.drawRightString(w - right, bottom - 28, str(page))
        elif layout == "twocolumn":
            canv.setFont(spec.font, 8)
            if header:
                canv.drawString(left, h - top + 26, header)
            canv.drawRightString(w - right, h - top + 26, f"{page}")
            canv.setStrokeColor(colors.HexColor("#2a6f97"))
            canv.setLineWidth(1.2)
            canv.line(left, h - top + 20, w - right, h - top + 20)
            if footer:
                canv.setFillColor(colors.HexColor("#2a6f97"))
                canv.drawCentredString(w / 2, bottom - 30, footer)
        else:
            canv.setFont(spec.italic, 7.5)
            if header:
                canv.drawRightString(w - right, h - top + 18, header)
            canv.setFont(spec.font, 7.5)
            if footer:
                canv.drawString(left, bottom - 24, footer)
            canv.drawRightString(w - right, bottom - 24, f"pagina {page}")
        canv.restoreState()
        self._draw_notes(canv, page)

    def _record_ref(self, canv, kind, label) -> None:
        self.ref_pages.setdefault(label, canv.getPageNumber())

    def _draw_notes(self, canv, page: int) -> None:
        labels = [lb for lb in self.src.order if self.note_pages.get(lb) == page]
        if not labels:
            return
        spec = self.spec
        left, right, top, bottom = spec.margins
        width = A4[0] - left - right
        y = bottom + self.reserve - 10
        canv.saveState()
        canv.setLineWidth(0.5)
        canv.line(left, y, left + 4 * cm, y)
        canv.restoreState()
        y -= 4
        for p in note_paragraphs(self.src, spec, labels):
            _, ph = p.wrapOn(canv, width, 1000)
            p.drawOn(canv, left, y - ph)
            y -= ph + 1.5


def styles(spec: Layout, headings: str = "styled") -> dict[str, ParagraphStyle]:
    base = dict(fontName=spec.font, fontSize=spec.size, leading=spec.leading, alignment=spec.align,
                hyphenationLang="nl_NL", embeddedHyphenation=1, uriWasteReduce=0.3, spaceAfter=spec.size * 0.7)
    s = {"body": ParagraphStyle("body", **base)}
    s["bullet"] = ParagraphStyle("bullet", parent=s["body"], leftIndent=14, bulletIndent=3,
                                 spaceAfter=spec.size * 0.35, alignment=TA_LEFT)
    for i, hs in enumerate(spec.heading_sizes, 1):
        if headings == "plain":
            s[f"h{i}"] = ParagraphStyle(f"h{i}", fontName=spec.font, fontSize=spec.size, leading=spec.leading,
                                        spaceBefore=spec.size, spaceAfter=spec.size * 0.3, alignment=TA_LEFT,
                                        keepWithNext=1)
            continue
        s[f"h{i}"] = ParagraphStyle(f"h{i}", fontName=spec.bold, fontSize=hs, leading=hs * 1.25,
                                    spaceBefore=hs * 0.9, spaceAfter=hs * 0.45, alignment=TA_LEFT, keepWithNext=1)
    s["title"] = ParagraphStyle("title", fontName=spec.bold, fontSize=spec.heading_sizes[0] + 6,
                                leading=(spec.heading_sizes[0] + 6) * 1.2, spaceAfter=6, alignment=TA_LEFT)
    s["subtitle"] = ParagraphStyle("subtitle", fontName=spec.italic, fontSize=spec.size + 1,
                                   leading=(spec.size + 1) * 1.3, spaceAfter=spec.size * 2, alignment=TA_LEFT)
    s["note"] = ParagraphStyle("note", fontName=spec.font, fontSize=spec.note_size, leading=spec.note_size * 1.2,
                               alignment=TA_LEFT, hyphenationLang="nl_NL", embeddedHyphenation=1,
                               leftIndent=8, firstLineIndent=-8)
    s["cell"] = ParagraphStyle("cell", fontName=spec.font, fontSize=spec.size - 1, leading=(spec.size - 1) * 1.2)
    s["cellhead"] = ParagraphStyle("cellhead", parent=s["cell"], fontName=spec.bold)
    return s


def note_paragraphs(src: Source, spec: Layout, labels: list[str]) -> list[Paragraph]:
    st = styles(spec)["note"]
    return [Paragraph(f"<super>{src.order.index(lb) + 1}</super> {escape(src.footnotes[lb])}", st) for lb in labels]


def markup(src: Source, text: str) -> str:
    out, pos = [], 0
    for m in _FN_REF.finditer(text):
        out.append(escape(text[pos:m.start()]))
        label = m.group(1)
        out.append(f'<onDraw name="fnref" label="{escape(label)}"/><super>{src.order.index(label) + 1}</super>')
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def story(src: Source, spec: Layout) -> list:
    st = styles(spec, src.meta["headings"])
    meta = src.meta
    flow: list = [Paragraph(escape(str(meta["title"])), st["title"])]
    sub = ", ".join(str(meta[k]) for k in ("organisation", "year") if meta.get(k))
    if sub:
        flow.append(Paragraph(escape(sub), st["subtitle"]))
    columns = spec.default_columns
    pending: list = []

    def flush() -> None:
        if not pending:
            return
        if columns == 2:
            flow.append(BalancedColumns(pending[:], nCols=2, innerPadding=14, spaceAfter=spec.size * 1.6))
        else:
            flow.extend(pending)
        pending.clear()

    for item in src.items:
        kind = item[0]
        if kind == "columns":
            flush()
            columns = item[1]
        elif kind == "heading":
            pending.append(Paragraph(markup(src, item[2]), st[f"h{item[1]}"]))
        elif kind == "para":
            pending.append(Paragraph(markup(src, item[1]), st["body"]))
        elif kind == "bullet":
            pending.append(Paragraph(markup(src, item[1]), st["bullet"], bulletText="\u2022"))
        elif kind == "table":
            pending.append(table_flowable(src, spec, item[1], st, columns))
    flush()
    return flow


def table_flowable(src: Source, spec: Layout, rows: list[list[str]], st, columns: int):
    data = [[Paragraph(markup(src, c), st["cellhead" if i == 0 else "cell"]) for c in row] for i, row in enumerate(rows)]
    left, right, _, _ = spec.margins
    width = (A4[0] - left - right) / columns - (10 if columns > 1 else 0)
    ncol = max(len(r) for r in rows)
    first = width * (0.34 if ncol > 2 else 0.5)
    widths = [first] + [(width - first) / (ncol - 1)] * (ncol - 1) if ncol > 1 else [width]
    t = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    shade = {"classic": "#e8e8e8", "twocolumn": "#d7e9f3", "compact": "#f1efe6"}[src.meta["layout"]]
    t.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(shade)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return KeepTogether([Spacer(1, 4), t, Spacer(1, spec.size)])


def render(src: Source, out: Path) -> dict[str, int]:
    """Lay out ``src`` into ``out``; return the page of each footnote label."""
    spec = LAYOUT_SPECS[src.meta["layout"]]
    width = A4[0] - spec.margins[0] - spec.margins[1]
    # The band every page keeps for notes: the tallest set of notes one page may need is not
    # known before layout, so start from the tallest single note and grow until it fits.
    from reportlab.pdfgen.canvas import Canvas

    measure = Canvas(str(out) + ".tmp")
    heights = {lb: p.wrapOn(measure, width, 1000)[1] + 1.5
               for lb, p in zip(src.order, note_paragraphs(src, spec, src.order))}
    reserve = (max(heights.values()) + 18) if heights else 0.0
    note_pages: dict[str, int] = {}
    for _ in range(6):
        doc = _Doc(out, src, spec, note_pages, reserve)
        doc.build(story(src, spec))
        need = {}
        for lb, pg in doc.ref_pages.items():
            need[pg] = need.get(pg, 0) + heights[lb]
        biggest = max(need.values(), default=0) + 18 if need else 0.0
        if biggest > reserve:
            reserve, note_pages = biggest, {}
            continue
        if doc.ref_pages == note_pages:
            return note_pages
        note_pages = dict(doc.ref_pages)
    raise RuntimeError(f"{out}: footnote layout did not settle")


def truth(src: Source, note_pages: dict[str, int], pages: int) -> dict:
    """The text a faithful reader should return, block by block, from the source."""
    blocks = [{"kind": "heading", "level": 1, "text": str(src.meta["title"])}]
    sub = ", ".join(str(src.meta[k]) for k in ("organisation", "year") if src.meta.get(k))
    if sub:
        blocks.append({"kind": "paragraph", "text": sub})
    for item in src.items:
        kind = item[0]
        if kind == "heading":
            blocks.append({"kind": "heading", "level": item[1], "text": plain(item[2])})
        elif kind == "para":
            blocks.append({"kind": "paragraph", "text": plain(item[1])})
        elif kind == "bullet":
            blocks.append({"kind": "list_item", "text": plain(item[1])})
        elif kind == "table":
            rows = [[plain(c) for c in r] for r in item[1]]
            blocks.append({"kind": "table", "rows": rows, "text": "\n".join(" | ".join(r) for r in rows)})
    notes = [{"n": i + 1, "label": lb, "page": note_pages.get(lb), "text": src.footnotes[lb]}
             for i, lb in enumerate(src.order)]
    return {
        "title": str(src.meta["title"]),
        "layout": src.meta["layout"],
        "pages": pages,
        "header": str(src.meta.get("header", "")),
        "footer": str(src.meta.get("footer", "")),
        "headings": [b["text"] for b in blocks if b["kind"] == "heading"],
        "blocks": blocks,
        "footnotes": notes,
    }


def repeated(src: Source, times: int) -> Source:
    """The same report ``times`` over (footnotes relabelled), for a long benchmark document."""
    items: list[tuple] = []
    notes: dict[str, str] = {}
    order: list[str] = []
    for k in range(times):
        ren = lambda t: _FN_REF.sub(lambda m: f"[^{m.group(1)}_{k}]", t)  # noqa: E731
        if k:
            # A paragraph of varying length, so the copies do not fall on the same page positions.
            items.append(("para", " ".join([f"Dit is herhaling {k} van het rapport."] * (1 + k % 7))))
        for item in src.items:
            if item[0] in ("para", "bullet"):
                items.append((item[0], ren(item[1])))
            elif item[0] == "heading":
                items.append(("heading", item[1], ren(item[2])))
            elif item[0] == "table":
                items.append(("table", [[ren(c) for c in r] for r in item[1]]))
            else:
                items.append(item)
        for lb in src.order:
            notes[f"{lb}_{k}"] = src.footnotes[lb] + (f" (herhaling {k})" if k else "")
            order.append(f"{lb}_{k}")
    return Source(dict(src.meta), items, notes, order)


def build_one(md: Path, pdf: Path, truth_path: Path | None, times: int = 1) -> dict:
    src = parse_source(md.read_text(encoding="utf-8"), str(md))
    if times > 1:
        src = repeated(src, times)
    pdf.parent.mkdir(parents=True, exist_ok=True)
    tmp = pdf.with_name(pdf.name + ".part")
    note_pages = render(src, tmp)
    Path(str(tmp) + ".tmp").unlink(missing_ok=True)
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(tmp))
    pages = len(doc)
    doc.close()
    tmp.replace(pdf)
    data = truth(src, note_pages, pages)
    if truth_path is not None:
        truth_path.parent.mkdir(parents=True, exist_ok=True)
        t = truth_path.with_name(truth_path.name + ".part")
        t.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        t.replace(truth_path)
    return data


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reports", type=Path, default=HERE / "reports")
    ap.add_argument("--out", type=Path, default=HERE.parent / "demo")
    ap.add_argument("--truth", type=Path, default=HERE / "truth")
    ap.add_argument("--check", action="store_true", help="rebuild into a temporary folder and compare")
    args = ap.parse_args(argv)
    sources = sorted(p for p in args.reports.glob("*.md") if not p.name.startswith("_"))
    if not sources:
        print(f"no report sources in {args.reports}", file=sys.stderr)
        return 1
    out = args.out
    if args.check:
        import tempfile

        out = Path(tempfile.mkdtemp())
    stale = []
    for md in sources:
        pdf = out / f"{md.stem}.pdf"
        data = build_one(md, pdf, None if args.check else args.truth / f"{md.stem}.json")
        if args.check:
            committed = args.out / pdf.name
            if not committed.exists() or committed.read_bytes() != pdf.read_bytes():
                stale.append(pdf.name)
        else:
            print(f"{pdf}: {data['pages']} pages, {len(data['footnotes'])} footnotes")
    if stale:
        print("stale PDFs (rebuild with build_pdfs.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
