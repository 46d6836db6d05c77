"""Defensive XML parsing: no DTD, no entities, no network, bounded size; clear refusal messages."""
from __future__ import annotations

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as DefusedET
from lxml import etree

from .errors import UnsafeXml
from .messages import Message, N_

MAX_XML_BYTES = 2 * 1024 * 1024


def _hardened_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, remove_pis=True,
    )


def parse_xml(data: bytes | str, max_bytes: int = MAX_XML_BYTES) -> etree._Element:
    """Parse untrusted XML into an lxml element, refusing anything unsafe with `UnsafeXml`."""
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if len(raw) > max_bytes:
        raise UnsafeXml(Message(N_("berkas XML terlalu besar (%(size)s byte, batas %(limit)s byte)"),
                                size=len(raw), limit=max_bytes))
    # defusedxml first: it refuses any DOCTYPE, entity declaration or external reference.
    try:
        DefusedET.fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise UnsafeXml(Message(N_("XML ditolak: DTD/entitas tidak diizinkan (%(kind)s)"),
                                kind=type(exc).__name__)) from exc
    except DefusedET.ParseError as exc:
        raise UnsafeXml(Message(N_("XML tidak dapat dibaca: %(error)s"), error=str(exc))) from exc
    try:
        root = etree.fromstring(raw, parser=_hardened_parser())
    except etree.XMLSyntaxError as exc:
        raise UnsafeXml(Message(N_("XML tidak dapat dibaca: %(error)s"), error=str(exc))) from exc
    if root.getroottree().docinfo.doctype:
        raise UnsafeXml(Message(N_("XML ditolak: DOCTYPE tidak diizinkan")))
    return root
