"""Render a ``LetterDocument`` to PDF with reportlab (platypus).

Final mode: number, QR code (when a verification URL is given) beside the signature block,
and on every page the footer sentence naming who issued the signer's certificate
(``issuer_label``; a development certificate is said to be one). Draft mode
(``draft=True``): a "KONSEP" watermark on every page, no number, no QR, no footer. The kop
surat is drawn on the first page only; the body flows over as many pages as needed.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.platypus import (
    BaseDocTemplate, CondPageBreak, Flowable, Frame, KeepTogether, PageTemplate, Paragraph,
    Spacer, Table, TableStyle,
)

from .errors import InvalidDocument
from .letter import LetterDocument, Recipient, Section, tanggal, tte_footer
from .markup import paragraph
from .qr import QrFlowable
from .signer import Placement

FONT, BOLD = "Helvetica", "Helvetica-Bold"
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 25 * mm, 20 * mm, 22 * mm
KOP_HEIGHT = 36 * mm
QR_SIZE = 22 * mm
FOOTER_FONT, FOOTER_SIZE, FOOTER_LEADING = "Helvetica-Oblique", 7.5, 9
FOOTER_BASELINE = 10 * mm  # of its last line; up to 3 lines stay below the text frame

TEXT = ParagraphStyle("text", fontName=FONT, fontSize=11, leading=14.5)
BODY = ParagraphStyle("body", parent=TEXT, alignment=TA_JUSTIFY, firstLineIndent=12 * mm,
                      spaceAfter=6)
CENTER = ParagraphStyle("center", parent=TEXT, alignment=TA_CENTER)
TITLE = ParagraphStyle("title", parent=CENTER, fontName=BOLD, fontSize=12, leading=15)
LINES = ParagraphStyle("lines", parent=TEXT, alignment=TA_JUSTIFY, spaceAfter=6)
ITEM = ParagraphStyle("item", parent=TEXT, alignment=TA_JUSTIFY)
LIST_ITEM = re.compile(r"^\s*(\d{1,2}[.)]|[a-z][.)]|[-\u2022])\s+(.*)$")


@dataclass(frozen=True)
class RenderedLetter:
    """The PDF plus where the signature gap landed (for a visible signature, if wanted)."""

    pdf: bytes
    page_count: int
    signature_placement: Placement | None


class _Anchor(Flowable):
    """Zero-height marker remembering the page and position where it was drawn."""

    def __init__(self, width: float, height: float, sink: dict):
        super().__init__()
        self.box_width, self.box_height, self.sink = width, height, sink

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        x, y = self.canv.absolutePosition(0, 0)
        self.sink.update(page=self.canv.getPageNumber(),
                         box=(x, y, x + self.box_width, y + self.box_height))


def _p(text: str, style=TEXT) -> Paragraph:
    return paragraph(text, style)


def _b(text: str, style=TEXT) -> Paragraph:
    return paragraph(text, style, bold=True)


def _rows_table(rows, label_width: float, total: float) -> Table:
    data = [[_p(label), _p(":"), _p(value) if isinstance(value, str) else value]
            for label, value in rows]
    table = Table(data, colWidths=(label_width, 4 * mm, total - label_width - 4 * mm),
                  hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5)]))
    return table


def _recipient_paragraphs(recipients: tuple[Recipient, ...]) -> list:
    if len(recipients) == 1:
        names = [f"Yth. {recipients[0].name}"]
    else:
        names = ["Yth."] + [f"{i}. {r.name}" for i, r in enumerate(recipients, 1)]
    address = recipients[0].address if len(recipients) == 1 and recipients[0].address else "Tempat"
    return [_p(n) for n in names] + [_p("di"), _p(f"      {address}")]


def _number(letter: LetterDocument, draft: bool) -> str:
    return "" if draft else (letter.number or "")


def _classic_header(letter: LetterDocument, width: float, draft: bool) -> list:
    left = _rows_table([("Nomor", _number(letter, draft)), ("Sifat", letter.sifat),
                        ("Lampiran", letter.attachments), ("Perihal", letter.subject)],
                       22 * mm, width * 0.55)
    right = [_p(f"{letter.place}, {tanggal(letter.date)}"), Spacer(1, 10)]
    right += [_p("Kepada")] + _recipient_paragraphs(letter.recipients)
    table = Table([[left, right]], colWidths=(width * 0.57, width * 0.43))
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [table, Spacer(1, 14)]


def _listed(names) -> list:
    names = list(names)
    return [_p(names[0])] if len(names) == 1 else [_p(f"{i}. {n}") for i, n in enumerate(names, 1)]


def _memo_header(letter: LetterDocument, width: float, draft: bool) -> list:
    """Nota dinas / memo (Permendagri 1/2023): Yth., Dari, Tembusan, Tanggal, Nomor, Sifat,
    Lampiran, Hal; the copies are named here, not under the signature."""
    rows = [("Yth.", _listed(r.name for r in letter.recipients) or "-"),
            ("Dari", letter.sender or letter.signature.position)]
    if letter.copies:
        rows.append(("Tembusan", _listed(letter.copies)))
    rows += [("Tanggal", tanggal(letter.date)), ("Nomor", _number(letter, draft)),
             ("Sifat", letter.sifat), ("Lampiran", letter.attachments), ("Hal", letter.subject)]
    rule = Table([[""]], colWidths=(width,), rowHeights=(4,))
    rule.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 1, colors.black)]))
    return [_b(letter.letter_type.title, TITLE), Spacer(1, 10),
            _rows_table(rows, 24 * mm, width), rule, Spacer(1, 12)]


def _titled_header(letter: LetterDocument, width: float, draft: bool) -> list:
    spec = letter.letter_type
    out: list = []
    if spec.recipients_before_title and letter.recipients:
        out += _recipient_paragraphs(letter.recipients) + [Spacer(1, 12)]
    out += [_b(spec.title, TITLE), _p(f"NOMOR {_number(letter, draft)}".rstrip(), CENTER)]
    if spec.subject_in_title:
        out += [Spacer(1, 4), _p("TENTANG", CENTER), _b(letter.subject.upper(), TITLE)]
    return out + [Spacer(1, 14)]


HEADERS = {"classic": _classic_header, "memo": _memo_header, "titled": _titled_header}


def _signature_block(letter: LetterDocument, width: float, draft: bool, qr_value: str | None,
                     anchor: dict) -> Flowable:
    sig, spec = letter.signature, letter.letter_type
    block_width = width * 0.5
    lines: list = []
    if spec.date_at_signature:
        first, second = spec.date_words or ("", "")
        if first:
            lines += [_rows_table([(first, letter.place), (second, tanggal(letter.date))],
                                  26 * mm, block_width), Spacer(1, 6)]
        else:
            lines.append(_p(f"{letter.place}, {tanggal(letter.date)}"))
    lines += [_p(text) for text in sig.position_lines()]
    gap = QrFlowable(qr_value, QR_SIZE) if qr_value and not draft else Spacer(QR_SIZE, QR_SIZE)
    lines += [Spacer(1, 4), _Anchor(block_width, QR_SIZE, anchor), gap, Spacer(1, 4),
              paragraph(sig.name, TEXT, bold=True, underline=True)]
    if sig.rank:
        lines.append(_p(sig.rank))
    if sig.nip:
        lines.append(_p(f"NIP. {sig.nip}"))
    table = Table([["", lines]], colWidths=(width - block_width, block_width))
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _copies(letter: LetterDocument) -> list:
    if not letter.copies or letter.letter_type.header == "memo":
        return []
    items = [_p(f"{i}. {c}") for i, c in enumerate(letter.copies, 1)] if len(letter.copies) > 1 \
        else [_p(letter.copies[0])]
    return [Spacer(1, 14), _p("Tembusan:"), *items]


BODY_INDENT = 12 * mm   # lists and the undangan's event block line up with a paragraph's first line


def _indented(flowable, width: float) -> Table:
    table = Table([["", flowable]], colWidths=(BODY_INDENT, width - BODY_INDENT), hAlign="LEFT")
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _items_table(rows: list[tuple[str, str]], width: float) -> Table:
    """Marker/text rows with a hanging indent (a list in the body or a section)."""
    table = Table([[_p(marker), _p(text, ITEM)] for marker, text in rows],
                  colWidths=(8 * mm, width - 8 * mm), hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]))
    return table


def _paragraph_blocks(text: str, width: float, first: bool) -> list:
    """One body paragraph: its single line breaks kept, ``1.``/``a.``/``-`` lines as a list."""
    out: list = []
    lines: list[str] = []
    items: list[tuple[str, str]] = []

    def flush_lines():
        if lines:
            style = BODY if first and not out else LINES
            out.append(_p("\n".join(lines), style))
            lines.clear()

    def flush_items():
        if items:
            out.extend([_indented(_items_table(list(items), width - BODY_INDENT), width), Spacer(1, 6)])
            items.clear()

    for line in text.splitlines():
        found = LIST_ITEM.match(line)
        if found:
            flush_lines()
            items.append((found.group(1), found.group(2)))
        elif line.strip():
            flush_items()
            lines.append(line.strip())
    flush_lines()
    flush_items()
    return out


def _body(letter: LetterDocument, width: float) -> list:
    out: list = []
    for index, text in enumerate(letter.body):
        out += _paragraph_blocks(text, width, first=True)
        if index == 0 and letter.details:
            out += [_indented(_rows_table(letter.details, 32 * mm, width - BODY_INDENT), width), Spacer(1, 6)]
    return out


def _marker(section: Section, index: int) -> str:
    if section.numbering == "letter":
        return f"{chr(ord('a') + index % 26)}."
    return f"{index + 1}."


def _sections(letter: LetterDocument, width: float) -> list:
    """Dasar/Kepada/Untuk, Menimbang/Mengingat/Menetapkan/diktum: label, colon, the items."""
    out: list = []
    label_width = 30 * mm
    for section in letter.sections:
        if section.heading:
            out += [Spacer(1, 4), _b(section.heading, TITLE), Spacer(1, 6)]
        inner = width - label_width - 4 * mm
        if len(section.items) > 1 and section.numbering != "none":
            value = _items_table([(_marker(section, i), t) for i, t in enumerate(section.items)], inner)
        else:
            value = [_p(t, ITEM) for t in section.items] or [_p("-")]
        out += [_rows_table([(section.label, value)], label_width, width), Spacer(1, 6)]
    return out


def _draw_kop(canv, letter: LetterDocument, page_width: float, page_height: float) -> None:
    kop = letter.kop
    top = page_height - MARGIN_TOP
    center = page_width / 2
    if kop.logo_png:
        canv.drawImage(ImageReader(io.BytesIO(kop.logo_png)), MARGIN_X, top - 24 * mm,
                       width=20 * mm, height=24 * mm, preserveAspectRatio=True, mask="auto")
        center += 10 * mm
    canv.setFont(BOLD, 14)
    canv.drawCentredString(center, top - 6 * mm, kop.government.upper())
    canv.setFont(BOLD, 16)
    canv.drawCentredString(center, top - 13 * mm, kop.unit_name.upper())
    canv.setFont(FONT, 9.5)
    canv.drawCentredString(center, top - 18.5 * mm, kop.address)
    contact = "  ".join(x for x in (f"Telp. {kop.phone}" if kop.phone else None,
                                    f"Laman: {kop.website}" if kop.website else None,
                                    f"Pos-el: {kop.email}" if kop.email else None) if x)
    if contact:
        canv.drawCentredString(center, top - 23 * mm, contact)
    y = top - 27 * mm
    canv.setLineWidth(2.2)
    canv.line(MARGIN_X, y, page_width - MARGIN_X, y)
    canv.setLineWidth(0.6)
    canv.line(MARGIN_X, y - 2.2, page_width - MARGIN_X, y - 2.2)


def _draw_footer(canv, text: str, page_width: float) -> None:
    lines = simpleSplit(text, FOOTER_FONT, FOOTER_SIZE, page_width - 2 * MARGIN_X)
    canv.setFont(FOOTER_FONT, FOOTER_SIZE)
    top = FOOTER_BASELINE + (len(lines) - 1) * FOOTER_LEADING
    for n, line in enumerate(lines):  # top down, so text extraction reads it in order
        canv.drawCentredString(page_width / 2, top - n * FOOTER_LEADING, line)


def _page_decorations(letter: LetterDocument, draft: bool, footer: str):
    def decorate(canv, doc, first: bool):
        width, height = canv._pagesize
        canv.saveState()
        if first:
            _draw_kop(canv, letter, width, height)
        if draft:
            canv.setFont(BOLD, 96)
            canv.setFillColor(colors.Color(0.6, 0.6, 0.6, alpha=0.25))
            canv.translate(width / 2, height / 2)
            canv.rotate(45)
            canv.drawCentredString(0, -30, "KONSEP")
        else:
            _draw_footer(canv, footer, width)
        canv.restoreState()
        if doc.page > 1:
            canv.setFont(FONT, 9)
            canv.drawCentredString(width / 2, height - 12 * mm, f"- {doc.page} -")

    return (lambda c, d: decorate(c, d, True)), (lambda c, d: decorate(c, d, False))


def render_letter(letter: LetterDocument, *, draft: bool = False,
                  verification_url: str | None = None, pagesize=A4,
                  issuer_label: str | None = None,
                  development_certificate: bool | None = None) -> RenderedLetter:
    """The letter as PDF bytes; final letters need a number (``InvalidDocument`` otherwise).

    ``issuer_label``: who issued the certificate the letter will be signed with, printed in
    the footer (``pki.issuer_label(signer_cert)``, or the remote service's CA name); None
    keeps the former "BSrE" wording. ``development_certificate``: the signer's certificate is
    a development one (``pki.is_development_ca``), so the footer says the signature is not
    valid for official use; None infers it from ``issuer_label``. See ``letter.tte_footer``.
    """
    if not draft and not letter.number:
        raise InvalidDocument("a final letter needs its number (assigned at signing)")
    if letter.letter_type.header in ("classic",) and not letter.recipients:
        raise InvalidDocument("this letter type needs at least one recipient")
    buf = io.BytesIO()
    page_w, page_h = pagesize
    width = page_w - 2 * MARGIN_X
    first = Frame(MARGIN_X, MARGIN_BOTTOM, width, page_h - MARGIN_TOP - KOP_HEIGHT - MARGIN_BOTTOM,
                  id="first", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    later = Frame(MARGIN_X, MARGIN_BOTTOM, width, page_h - MARGIN_TOP - MARGIN_BOTTOM - 6 * mm,
                  id="later", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    footer = tte_footer(issuer_label, development=development_certificate)
    on_first, on_later = _page_decorations(letter, draft, footer)
    doc = BaseDocTemplate(buf, pagesize=pagesize, title=letter.subject,
                          author=letter.kop.unit_name, subject=letter.letter_type.label,
                          creator="e-office signatures")
    doc.addPageTemplates([PageTemplate("first", [first], onPage=on_first, autoNextPageTemplate="later"),
                          PageTemplate("later", [later], onPage=on_later)])
    anchor: dict = {}
    story = HEADERS[letter.letter_type.header](letter, width, draft)
    story += _sections(letter, width)
    story += _body(letter, width)
    story += [CondPageBreak(60 * mm), Spacer(1, 10)]
    signature = _signature_block(letter, width, draft, verification_url, anchor)
    story += [KeepTogether([signature, *_copies(letter)])]
    doc.build(story)
    placement = Placement.at(anchor["page"], anchor["box"]) if anchor else None
    return RenderedLetter(buf.getvalue(), doc.page, placement)
