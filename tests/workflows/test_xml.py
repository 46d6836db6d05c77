"""Safe XML parsing refuses DTDs, entities, external references and oversized documents."""
from __future__ import annotations

import pytest

from workflows.errors import UnsafeXml
from workflows.xml import parse_xml

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<lolz>&lol2;</lolz>"""
XXE = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>"""
EXTERNAL_DTD = b"""<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://example.com/x.dtd"><r/>"""


@pytest.mark.parametrize("doc", [BILLION_LAUGHS, XXE, EXTERNAL_DTD], ids=["bomb", "xxe", "external-dtd"])
def test_dtd_and_entities_are_refused(doc):
    with pytest.raises(UnsafeXml, match="DTD"):
        parse_xml(doc)


def test_oversized_document_is_refused():
    with pytest.raises(UnsafeXml, match="terlalu besar"):
        parse_xml(b"<r>" + b"x" * 200 + b"</r>", max_bytes=100)


def test_malformed_document_is_refused_with_message():
    with pytest.raises(UnsafeXml, match="tidak dapat dibaca"):
        parse_xml(b"<r><a></r>")


def test_plain_document_parses():
    assert parse_xml("<r><a>1</a></r>").findtext("a") == "1"
