"""User text into reportlab ``Paragraph`` markup: shown literally, line breaks kept.

``Paragraph`` parses its text as XML-like markup, so a note such as ``versi <b>baru`` or
``a & b <unclosed`` either changes the formatting or breaks the PDF build. Every piece of text
that did not come from this package goes through ``paragraph_markup`` (or ``paragraph``)
before it meets a ``Paragraph``; markup the renderers add themselves wraps the escaped text.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from reportlab.platypus import Paragraph

# C0 controls except tab and the line breaks (which splitlines handles), and DEL: not
# allowed in the markup parser's XML and never meant to be printed.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def paragraph_markup(text) -> str:
    """``text`` as ``Paragraph`` markup that prints it as written.

    ``&``, ``<`` and ``>`` are escaped; line breaks (``\\n``, ``\\r\\n``, ``\\r`` and the
    other Unicode line separators) become ``<br/>`` after escaping; a tab becomes a space and
    other control characters are dropped.
    """
    lines = str(text).replace("\t", " ").splitlines()
    return "<br/>".join(escape(_CONTROL.sub("", line)) for line in lines)


def paragraph(text, style, *, bold: bool = False, underline: bool = False) -> Paragraph:
    """A ``Paragraph`` printing ``text`` literally, optionally bold and/or underlined."""
    markup = paragraph_markup(text)
    if underline:
        markup = f"<u>{markup}</u>"
    if bold:
        markup = f"<b>{markup}</b>"
    return Paragraph(markup, style)
