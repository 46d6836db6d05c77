"""One letter as a records package: manifest.json, trail.json, its PDFs and checksums.sha256 in a zip.

The format is documented in docs/records-package.md and its manifest is checked against
package.schema.json on import. Files are written in a fixed order (manifest, trail, documents,
attachments, checksums) with names built only from [A-Za-z0-9_.-], so two exports of the same
letter differ only in `created_at`.
"""
from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.core import clock, files
from eoffice.audit import services as audit
from eoffice.outgoing import services as outgoing_services
from eoffice.outgoing.models import OutgoingLetter
from eoffice.letters.dispositions.tree import disposition_tree, flatten
from eoffice.core.errors import Conflict
from eoffice.letters.models import Letter
from eoffice.org.models import Position, Unit
from workflows.models import ProcessInstance

FORMAT = "eoffice-records-package"
FORMAT_VERSION = "1.0"
GENERATOR = "e-Office Pemerintah Kota"
MANIFEST, TRAIL, CHECKSUMS = "manifest.json", "trail.json", "checksums.sha256"
ORIGINAL, SIGNED = "documents/original.pdf", "documents/signed.pdf"
SAFE_NAME_RE = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class PackageFile:
    path: str
    role: str  # original | signed | attachment | report_attachment
    data: bytes
    title: str = ""

    def entry(self) -> dict:
        return {"path": self.path, "role": self.role, "sha256": hashlib.sha256(self.data).hexdigest(),
                "size": len(self.data), "title": self.title}


def safe_name(text: str, limit: int = 60) -> str:
    """A file-name part from free text: only [A-Za-z0-9_.-], no leading dots, never empty."""
    cleaned = SAFE_NAME_RE.sub("-", text or "").strip("-.")[:limit].strip("-.")
    return cleaned or "berkas"


def package_name(letter: Letter) -> str:
    return f"paket-surat-{letter.id}.zip"


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _outgoing(session: Session, letter: Letter):
    """The outgoing-letter row of a letter (None for incoming letters)."""
    return session.get(OutgoingLetter, letter.id)


# -- files -------------------------------------------------------------------------------------
def letter_files(session: Session, letter: Letter, tree: list[dict]) -> list[PackageFile]:
    """The letter's PDFs in package order; report attachments are named after their report id."""
    found: list[PackageFile] = []
    outgoing = _outgoing(session, letter)
    signed = outgoing.signed_digest if outgoing is not None else None
    if letter.file_digest and letter.file_digest != signed and files.exists(letter.file_digest):
        found.append(PackageFile(ORIGINAL, "original", files.read(letter.file_digest), "Naskah asli"))
    if signed and files.exists(signed):
        found.append(PackageFile(SIGNED, "signed", files.read(signed), "Naskah bertanda tangan elektronik"))
    for index, entry in enumerate((outgoing.attachments or []) if outgoing is not None else [], start=1):
        name = safe_name(str(entry.get("name", "")).removesuffix(".pdf"))
        found.append(PackageFile(f"attachments/lampiran-{index:02d}-{name}.pdf", "attachment",
                                 files.read(entry["digest"]), str(entry.get("name", ""))[:300]))
    reports = [r for _depth, node in flatten(tree) for r in node["reports"] if r["has_file"]]
    digests = _report_digests(session, [r["id"] for r in reports])
    for report in sorted(reports, key=lambda r: r["id"]):
        digest = digests.get(report["id"])
        if digest and files.exists(digest):
            found.append(PackageFile(report_path(report["id"]), "report_attachment", files.read(digest),
                                     f"Lampiran laporan tindak lanjut {report['id']}"))
    if not any(f.role in ("original", "signed") for f in found):
        raise Conflict(_("Surat ini belum memiliki berkas PDF (konsep belum ditandatangani)."))
    return found


def report_path(report_id: int) -> str:
    return f"attachments/laporan-{report_id}.pdf"


def _report_digests(session: Session, report_ids: list[int]) -> dict[int, str]:
    from eoffice.letters.dispositions.models import DispositionReport

    if not report_ids:
        return {}
    return dict(session.execute(select(DispositionReport.id, DispositionReport.file_digest)
                                .where(DispositionReport.id.in_(report_ids))).all())


# -- manifest ----------------------------------------------------------------------------------
def _parties(session: Session, letter: Letter, outgoing) -> tuple[list[dict], list[dict]]:
    if outgoing is not None:
        labels = outgoing_services.party_label
        convert = lambda e: {"kind": e.get("kind", "external"), "name": labels(session, e),  # noqa: E731
                             "position_id": e.get("position_id")}
        return [convert(e) for e in outgoing.recipients or []], [convert(e) for e in outgoing.tembusan or []]
    position = session.get(Position, letter.addressed_to_position_id) if letter.addressed_to_position_id else None
    recipients = [{"kind": "internal", "name": position.title, "position_id": position.id}] if position else []
    return recipients, []


def _classification(letter: Letter) -> dict:
    c = letter.classification
    return {"code": letter.classification_code or "", "name": c.name if c else None,
            "active_years": c.active_years if c else None, "inactive_years": c.inactive_years if c else None,
            "final": c.final if c else None, "retention_active_until": _iso(letter.retention_active_until),
            "retention_inactive_until": _iso(letter.retention_inactive_until)}


def _signer(outgoing) -> dict | None:
    if outgoing is None or outgoing.signed_at is None:
        return None
    return {"name": outgoing.signer_name, "position": outgoing.signer_position_title,
            "marker": outgoing.signer_marker, "signed_at": _iso(clock.aware(outgoing.signed_at))}


def _provenance(session: Session, letter: Letter) -> dict | None:
    from eoffice.records.models import RecordsImport

    row = session.scalar(select(RecordsImport).where(RecordsImport.letter_id == letter.id))
    if row is None:
        return None
    return {"system": row.source_system, "opd": row.source_opd, "letter_id": row.source_letter_id,
            "agenda": row.source_agenda, "letter_number": row.source_number, "package_sha256": row.package_digest,
            "imported_at": _iso(clock.aware(row.imported_at)), "imported_by": row.imported_by}


def letter_metadata(session: Session, letter: Letter) -> dict:
    outgoing = _outgoing(session, letter)
    recipients, tembusan = _parties(session, letter, outgoing)
    agenda = None if letter.agenda_number is None else {
        "number": letter.agenda_number, "year": letter.agenda_year, "label": letter.agenda_label}
    verification = outgoing_services.verification_url(outgoing) if outgoing is not None else None
    return {
        "direction": letter.direction, "type": letter.kind, "letter_number": letter.letter_number or "",
        "agenda": agenda, "letter_date": _iso(letter.letter_date), "received_date": _iso(letter.received_date),
        "sender": letter.sender, "recipients": recipients, "tembusan": tembusan, "subject": letter.subject,
        "summary": letter.summary or "", "attachments_count": letter.attachments_count, "sifat": letter.sifat,
        "urgency": letter.urgency, "classification": _classification(letter), "status": letter.status,
        "closed_at": _iso(clock.aware(letter.closed_at)), "signer": _signer(outgoing),
        "verification_url": verification, "provenance": _provenance(session, letter),
    }


def manifest(session: Session, letter: Letter, package_files: list[PackageFile], created_at: datetime) -> dict:
    unit = session.get(Unit, letter.opd_unit_id)
    main = SIGNED if any(f.path == SIGNED for f in package_files) else ORIGINAL
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "generator": {"name": GENERATOR, "version": _version(), "url": current_app.config.get("PUBLIC_URL")},
        "created_at": created_at.isoformat(),
        "source": {"system": GENERATOR, "letter_id": letter.id,
                   "opd": {"code": unit.code, "name": unit.name} if unit else None},
        "letter": letter_metadata(session, letter),
        "main_document": main,
        "files": [f.entry() for f in package_files],
    }


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("eoffice")
    except PackageNotFoundError:
        return "0"


# -- trail -------------------------------------------------------------------------------------
def _chains(session: Session, letter: Letter) -> list[dict]:
    """The audit chain of every process instance of the letter (and the outgoing document chain)."""
    instances = session.execute(select(ProcessInstance.id, ProcessInstance.model_id, ProcessInstance.status)
                                .where(ProcessInstance.business_key == f"letter:{letter.id}")
                                .order_by(ProcessInstance.id)).all()
    chains = [(f"instance:{iid}", {"instance_id": iid, "model_id": model_id, "instance_status": status})
              for iid, model_id, status in instances]
    if letter.direction != "masuk":
        chains.append((f"outgoing:{letter.id}", {"instance_id": None, "model_id": None, "instance_status": None}))
    found = []
    for chain, info in chains:
        events = audit.events_of(session, chain)
        if not events and info["instance_id"] is None:
            continue
        report = audit.verify_events(chain, events)
        found.append({"chain": chain, **info, "verified": report.verified, "first_bad_seq": report.first_bad_seq,
                      "events": [audit.event_as_dict(e) for e in events]})
    return found


def _reviews(session: Session, letter: Letter) -> list[dict]:
    if _outgoing(session, letter) is None:
        return []
    return [{"revision": r.revision, "role": r.role, "action": r.action, "position_id": r.position_id,
             "acting_for": r.acting_for, "note": r.note, "at": _iso(clock.aware(r.at))}
            for r in outgoing_services.reviews(session, letter.id)]


def trail(session: Session, letter: Letter, tree: list[dict], package_files: list[PackageFile]) -> dict:
    paths = {f.path for f in package_files}
    for _depth, node in flatten(tree):
        for r in node["reports"]:
            r["file"] = report_path(r["id"]) if report_path(r["id"]) in paths else None
    chains = _chains(session, letter)
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "letter_id": letter.id,
            "dispositions": tree, "reviews": _reviews(session, letter),
            "audit": {"verified": all(c["verified"] for c in chains), "chains": chains}}


# -- writing -----------------------------------------------------------------------------------
def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def checksums(entries: list[tuple[str, bytes]]) -> bytes:
    """`sha256sum` format: "<hex>  <path>" per file, sorted by path."""
    lines = sorted(f"{hashlib.sha256(data).hexdigest()}  {path}\n" for path, data in entries)
    return "".join(lines).encode("utf-8")


def zip_entries(entries: list[tuple[str, bytes]], created_at: datetime) -> bytes:
    stamp = clock.local(created_at).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for path, data in entries:
            info = zipfile.ZipInfo(path, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return out.getvalue()


def build(session: Session, letter: Letter, created_at: datetime | None = None) -> bytes:
    """The package zip of one letter (the caller checked that the actor may see it)."""
    created_at = created_at or clock.now()
    tree = disposition_tree(session, letter.id)
    package_files = letter_files(session, letter, tree)
    entries = [(MANIFEST, _json(manifest(session, letter, package_files, created_at))),
               (TRAIL, _json(trail(session, letter, tree, package_files)))]
    entries += [(f.path, f.data) for f in package_files]
    entries.append((CHECKSUMS, checksums(entries)))
    return zip_entries(entries, created_at)
