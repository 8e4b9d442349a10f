"""Parse XML that came from someone else's machine without letting it reach ours.

REFI-QDA files never need a DTD, so any DOCTYPE is refused outright: that closes entity expansion
("billion laughs"), external entities (reading local files, network calls) and DTD retrieval in
one rule, whatever the parser would otherwise do. The parser settings are belt and braces on top.
"""

from __future__ import annotations

import re

from lxml import etree

from ..errors import FormatError

# Enough for a project.qde with a large codebook and thousands of codings; lxml's own "huge tree"
# limits stay on as well.
MAX_XML_BYTES = 200 * 1024 * 1024
_DOCTYPE = re.compile(rb"<!\s*DOCTYPE|<!\s*ENTITY", re.IGNORECASE)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _ascii_view(data: bytes) -> bytes:
    """The bytes with UTF-16/32 zero bytes dropped, so a DOCTYPE cannot hide behind an encoding."""
    head = data[:4]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head:
        return data.replace(b"\x00", b"")
    return data


def parse_xml(data: bytes, name: str) -> etree._Element:
    """Parse ``data`` (the file ``name``) and return the root element, or raise FormatError."""
    if len(data) > MAX_XML_BYTES:
        raise FormatError(f"XML is {len(data):,} bytes, more than the {MAX_XML_BYTES:,} allowed", path=name)
    if not data.strip():
        raise FormatError("XML file is empty", path=name)
    if _DOCTYPE.search(_ascii_view(data)):
        raise FormatError(
            "XML contains a DOCTYPE/ENTITY declaration, which REFI-QDA files never need; "
            "refused to protect against entity expansion", path=name,
        )
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as err:
        line = err.lineno if err.lineno and err.lineno > 0 else None
        msg = err.msg or str(err)
        raise FormatError(f"XML syntax error: {msg}", path=name, line=line) from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise FormatError("XML has a DOCTYPE declaration; refused", path=name)
    for _ in root.iter(etree.Entity):
        raise FormatError("XML contains entity references; refused", path=name)
    return root


def local(tag: object) -> str:
    """An element's tag without its namespace ('{urn:QDA-XML:project:1.0}Code' -> 'Code')."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def children(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if local(c.tag) == name]


def child(el: etree._Element, name: str) -> etree._Element | None:
    for c in el:
        if local(c.tag) == name:
            return c
    return None
