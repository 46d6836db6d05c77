"""Render a lembar disposisi (disposition sheet) to PDF.

The sheet shows the incoming letter (agenda number, date received, sender, number and
date, subject, sifat, urgency) and every disposition of its tree, indented by depth, with
from, to, instructions, note, deadline, date, read time, status and the follow-up reports.
Datetimes are printed as given: pass them in the office's local time.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Indenter, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle,
)

from .letter import Kop, tanggal
from .markup import paragraph, paragraph_markup

TEXT = ParagraphStyle("dtext", fontName="Helvetica", fontSize=9.5, leading=12)
SMALL = ParagraphStyle("dsmall", parent=TEXT, fontSize=8.5, leading=10.5)
HEAD = ParagraphStyle("dhead", parent=TEXT, fontName="Helvetica-Bold", fontSize=13, leading=16,
                      alignment=1)
KOP = ParagraphStyle("dkop", parent=TEXT, fontName="Helvetica-Bold", fontSize=11, leading=13.5,
                     alignment=1)
INDENT = 8 * mm


@dataclass(frozen=True)
class FollowUpReport:
    """A laporan tindak lanjut sent back up the tree."""

    by: str
    at: dt.datetime
    text: str
    attachment: str | None = None


@dataclass(frozen=True)
class DispositionEntry:
    """One disposition; ``children`` are the dispositions its recipients made further down."""

    from_name: str
    from_position: str
    to: tuple[str, ...]
    instructions: tuple[str, ...]
    sent_at: dt.datetime
    status: str
    note: str | None = None
    deadline: dt.date | dt.datetime | None = None
    read_at: dt.datetime | None = None
    reports: tuple[FollowUpReport, ...] = ()
    children: tuple["DispositionEntry", ...] = ()


@dataclass(frozen=True)
class DispositionSheet:
    """The incoming letter and its whole disposition tree."""

    agenda_number: str
    received_at: dt.date | dt.datetime
    sender: str
    letter_number: str
    letter_date: dt.date
    subject: str
    sifat: str
    urgency: str
    dispositions: tuple[DispositionEntry, ...] = ()
    classification: str | None = None
    kop: Kop | None = None


def waktu(value: dt.date | dt.datetime | None) -> str:
    """``12 Januari 2026 09.30`` (datetime), ``12 Januari 2026`` (date) or ``-``."""
    if value is None:
        return "-"
    if isinstance(value, dt.datetime):
        return f"{tanggal(value.date())} {value:%H.%M}"
    return tanggal(value)


def _p(text: str, style=TEXT) -> Paragraph:
    return paragraph(text, style)


def _grid(rows, widths, *, shade_first_col=True) -> Table:
    table = Table([[_p(a), b if not isinstance(b, str) else _p(b)] for a, b in rows],
                  colWidths=widths, hAlign="LEFT")
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
    if shade_first_col:
        style.append(("BACKGROUND", (0, 0), (0, -1), colors.Color(0.93, 0.93, 0.93)))
    table.setStyle(TableStyle(style))
    return table


def _letter_table(sheet: DispositionSheet, width: float) -> Table:
    half = width / 2
    pairs = [
        ("Nomor agenda", sheet.agenda_number, "Diterima tanggal", waktu(sheet.received_at)),
        ("Nomor surat", sheet.letter_number, "Tanggal surat", waktu(sheet.letter_date)),
        ("Sifat", sheet.sifat, "Kecepatan", sheet.urgency),
    ]
    rows = [[_p(a), _p(b), _p(c), _p(d)] for a, b, c, d in pairs]
    rows.append([_p("Asal surat"), _p(sheet.sender), _p("Klasifikasi"),
                 _p(sheet.classification or "-")])
    rows.append([_p("Perihal"), _p(sheet.subject), "", ""])
    table = Table(rows, colWidths=(30 * mm, half - 30 * mm, 30 * mm, half - 30 * mm))
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("SPAN", (1, -1), (-1, -1)),
        ("BACKGROUND", (0, 0), (0, -1), colors.Color(0.93, 0.93, 0.93)),
        ("BACKGROUND", (2, 0), (2, -2), colors.Color(0.93, 0.93, 0.93)),
    ]))
    return table


def _entry_flowables(entry: DispositionEntry, depth: int, index: str, width: float) -> list:
    inner = width - depth * INDENT
    label = 32 * mm
    instructions = "\n".join(f"\u2022 {i}" for i in entry.instructions) or "-"
    rows = [
        ("Dari", f"{entry.from_name} ({entry.from_position})"),
        ("Kepada", "\n".join(entry.to) or "-"),
        ("Instruksi", instructions),
        ("Catatan", entry.note or "-"),
        ("Batas waktu", waktu(entry.deadline)),
        ("Tanggal disposisi", waktu(entry.sent_at)),
        ("Dibaca", waktu(entry.read_at)),
        ("Status", entry.status),
    ]
    for n, report in enumerate(entry.reports, 1):
        text = f"{report.by}, {waktu(report.at)}:\n{report.text}"
        if report.attachment:
            text += f"\nLampiran: {report.attachment}"
        rows.append((f"Laporan {n}", text))
    heading = Paragraph(f"<b>{paragraph_markup(index)}</b> Disposisi tingkat {depth + 1}", SMALL)
    block = [Indenter(left=depth * INDENT),
             KeepTogether([heading, _grid(rows, (label, inner - label))]),
             Indenter(left=-depth * INDENT), Spacer(1, 5)]
    for n, child in enumerate(entry.children, 1):
        block += _entry_flowables(child, depth + 1, f"{index}{n}.", width)
    return block


def _kop(kop: Kop) -> list:
    return [_p(kop.government.upper(), KOP), _p(kop.unit_name.upper(), KOP),
            _p(kop.address, ParagraphStyle("addr", parent=SMALL, alignment=1)), Spacer(1, 6)]


def render_disposition_sheet(sheet: DispositionSheet, *, pagesize=A4) -> bytes:
    """The lembar disposisi as PDF bytes."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=pagesize, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=15 * mm, bottomMargin=15 * mm,
                            title=f"Lembar Disposisi {sheet.agenda_number}",
                            creator="e-office signatures")
    width = pagesize[0] - 36 * mm
    story = _kop(sheet.kop) if sheet.kop else []
    story += [_p("LEMBAR DISPOSISI", HEAD), Spacer(1, 8), _letter_table(sheet, width),
              Spacer(1, 10)]
    if not sheet.dispositions:
        story.append(_p("Belum ada disposisi."))
    for n, entry in enumerate(sheet.dispositions, 1):
        story += _entry_flowables(entry, 0, f"{n}.", width)
    doc.build(story)
    return buf.getvalue()
