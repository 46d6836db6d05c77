"""Renders the Layanan Kearsipan evaluation evidence (see evidence.py) as a PDF report with reportlab."""
from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from eoffice.core import clock

LEVELS = [
    ("Tingkat 3", "Persetujuan dan validasi surat masuk dan surat keluar secara elektronik."),
    ("Tingkat 4", "Data dan informasi dibagi pakai dengan layanan SPBE lain (arsitektur aplikasi, katalog API, dokumen integrasi)."),
    ("Tingkat 5", "Perbaikan berkelanjutan yang terdokumentasi setelah reviu."),
]


def _table(rows: list[list], widths: list[float]) -> Table:
    styles = getSampleStyleSheet()
    cell = styles["BodyText"].clone("cell", fontSize=8, leading=10)
    data = [[Paragraph(str(v), cell) for v in row] for row in rows]
    table = Table(data, colWidths=[w * cm for w in widths], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def render(evidence: dict, office: str = "Pemerintah Kota Tangerang") -> bytes:
    styles = getSampleStyleSheet()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2 * cm,
                            title="Bukti Evaluasi SPBE - Layanan Kearsipan", author=office)
    at = clock.local(evidence["generated_at"]).strftime("%d-%m-%Y %H:%M WIB")
    story = [Paragraph("Bukti Evaluasi SPBE: Indikator Layanan Kearsipan", styles["Title"]),
             Paragraph(f"{office} · PermenPANRB 59/2020 · dibuat dari data sistem e-Office pada {at}", styles["Normal"]),
             Spacer(1, 0.4 * cm),
             _table([["Tingkat", "Yang diminta"]] + [list(level) for level in LEVELS], [3, 14])]
    story += [Paragraph("Tingkat 3 — persetujuan dan validasi surat", styles["Heading2"]),
              _table([["Ukuran", "Jumlah"]] + [[name, "kapabilitas belum terpasang" if n is None else n]
                                             for name, n in evidence["letters"]], [12, 5]),
              Spacer(1, 0.2 * cm),
              _table([["Model proses", "Dimulai", "Selesai"]] + [list(r) for r in evidence["instances"]], [9, 4, 4])]
    story += [Paragraph("Tingkat 4 — integrasi dengan layanan SPBE lain", styles["Heading2"]),
              _table([["Integrasi", "Pengaturan", "Keadaan"]] + [list(r) for r in evidence["integrations"]], [7, 4, 6]),
              Spacer(1, 0.2 * cm),
              Paragraph(f"Katalog API ({len(evidence['api'])} operasi, /api/v1/openapi.json)", styles["Heading3"]),
              _table([["Metode", "Path", "Keterangan"]] + [list(r) for r in evidence["api"]], [2, 6, 9]),
              Spacer(1, 0.2 * cm),
              Paragraph("Arsitektur SPBE: model proses dan rekam arsitektur", styles["Heading3"]),
              _table([["Model", "RAB", "RAL", "RAD", "RAA", "RAI", "RAK"]] +
                     [[m["id"]] + [", ".join(m["spbe"][d]) for d in ("RAB", "RAL", "RAD", "RAA", "RAI", "RAK")]
                      for m in evidence["models"]], [3, 2.4, 2.4, 2.4, 2.4, 2.2, 2.2])]
    story += [Paragraph("Tingkat 5 — riwayat reviu dan perbaikan model proses", styles["Heading2"]),
              _table([["Model", "Versi", "Label", "Dideploy oleh", "Waktu", "Catatan reviu"]] +
                     [[v["model_id"], v["number"], v["label"], v["deployed_by"],
                       clock.local(v["deployed_at"]).strftime("%d-%m-%Y %H:%M"), v["note"]] for v in evidence["versions"]],
                     [3, 1.3, 1.5, 2.5, 3, 5.7])]
    doc.build(story)
    return out.getvalue()
