"""Records use cases: export one letter's package, export an OPD's letters of a date range as a
stream of packages, and import a package as an incoming letter of another OPD."""
from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eoffice.core import clock, files
from eoffice.core.errors import InvalidInput
from eoffice.letters import access
from eoffice.letters import services as letters
from eoffice.letters.models import CONFIDENTIAL, Letter
from eoffice.org.models import Unit
from eoffice.core.policy import authorize
from eoffice.records import package, unpack
from eoffice.records.models import RecordsImport

IMPORT_SOURCE = "import"


# -- export ------------------------------------------------------------------------------------
def letter_package(session: Session, actor, letter_id: int) -> tuple[str, bytes]:
    """(file name, zip bytes) of a letter the actor may see; NotFound otherwise (as the letter page)."""
    letter = letters.visible_letter(session, actor, letter_id)
    return package.package_name(letter), package.build(session, letter)


@dataclass(frozen=True)
class BulkExport:
    unit_code: str
    date_from: date
    date_to: date
    letter_ids: tuple[int, ...]

    @property
    def filename(self) -> str:
        return f"paket-arsip-{package.safe_name(self.unit_code)}-{self.date_from}-{self.date_to}.zip"


def _day(value, field: str) -> date:
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise InvalidInput(_("Format tanggal tidak valid (YYYY-MM-DD)."), field) from None


def plan_bulk_export(session: Session, actor, unit_code: str | None, date_from, date_to) -> BulkExport:
    """Check the request and list the letters to export (an administrator or a pencatat of the OPD).

    Letters of the OPD dated in the range (received date, else letter date) that have a PDF;
    rahasia and sangat rahasia letters only when the actor is on their path."""
    unit = session.scalar(select(Unit).where(Unit.code == (unit_code or "").strip(), Unit.kind == "opd"))
    errors = [] if unit is not None else [{"field": "opd", "message": _("Kode OPD tidak dikenal.")}]
    try:
        first, last = _day(date_from, "from"), _day(date_to, "to")
    except InvalidInput as exc:
        raise InvalidInput(errors + exc.errors) from None
    if first > last:
        errors.append({"field": "to", "message": _("Tanggal akhir tidak boleh sebelum tanggal awal.")})
    if errors:
        raise InvalidInput(errors)
    authorize(actor, "records.export_bulk", unit.id)
    day = func.coalesce(Letter.received_date, Letter.letter_date)
    rows = session.execute(select(Letter.id, Letter.sifat).where(
        Letter.opd_unit_id == unit.id, Letter.file_digest.is_not(None), day >= first, day <= last)
        .order_by(day, Letter.id)).all()
    ids = [lid for lid, sifat in rows
           if sifat not in CONFIDENTIAL or access.may_see(session, actor, session.get(Letter, lid))]
    return BulkExport(unit.code, first, last, tuple(ids))


class _Sink:
    """A write-only stream zipfile writes into; `take()` hands over what was written so far."""

    def __init__(self):
        self._chunks: list[bytes] = []

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data, self._chunks = b"".join(self._chunks), []
        return data


def stream_bulk_export(session: Session, plan: BulkExport) -> Iterator[bytes]:
    """The zip of packages, yielded package by package: only one letter's files are in memory at once.

    Packages are stored uncompressed (they are zips already); `index.json` and `checksums.sha256`
    come last, since they are known only once every package is written."""
    sink, created_at = _Sink(), clock.now()
    stamp = clock.local(created_at).timetuple()[:6]
    index, sums = [], []
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED) as zf:
        for letter_id in plan.letter_ids:
            letter = session.get(Letter, letter_id)
            name = f"packages/{package.package_name(letter)}"
            data = package.build(session, letter, created_at)
            digest = hashlib.sha256(data).hexdigest()
            index.append({"path": name, "letter_id": letter.id, "letter_number": letter.letter_number,
                          "agenda": letter.agenda_label if letter.agenda_number else None,
                          "sha256": digest, "size": len(data)})
            sums.append(f"{digest}  {name}\n")
            zf.writestr(zipfile.ZipInfo(name, date_time=stamp), data)
            session.expire(letter)
            del data
            yield sink.take()
        body = {"format": "eoffice-records-export", "format_version": package.FORMAT_VERSION,
                "created_at": created_at.isoformat(), "opd": plan.unit_code, "from": plan.date_from.isoformat(),
                "to": plan.date_to.isoformat(), "packages": index}
        index_bytes = json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")
        sums.append(f"{hashlib.sha256(index_bytes).hexdigest()}  index.json\n")
        zf.writestr(zipfile.ZipInfo("index.json", date_time=stamp), index_bytes)
        zf.writestr(zipfile.ZipInfo(package.CHECKSUMS, date_time=stamp), "".join(sorted(sums)).encode("utf-8"))
    yield sink.take()


# -- import ------------------------------------------------------------------------------------
def _incoming_fields(manifest: dict) -> dict:
    letter = manifest["letter"]
    return {"sender": letter["sender"], "letter_number": letter["letter_number"],
            "letter_date": letter["letter_date"] or "", "received_date": clock.local(clock.now()).date(),
            "subject": letter["subject"], "summary": letter.get("summary", ""), "sifat": letter["sifat"],
            "urgency": letter["urgency"], "classification": letter["classification"]["code"],
            "attachments_count": letter.get("attachments_count", 0), "kind": letter["type"]}


def _source_ref(manifest: dict) -> str:
    source, letter = manifest["source"], manifest["letter"]
    opd = (source.get("opd") or {}).get("code") or ""
    agenda = (letter.get("agenda") or {}).get("label") or ""
    parts = [source["system"], opd, f"agenda {agenda}" if agenda else "", letter["letter_number"]]
    return " | ".join(p for p in parts if p)[:100]


def import_package(session: Session, actor, data: bytes | None, addressed_to) -> Letter:
    """Register a package's letter as an incoming letter of the addressed head's OPD.

    Only a pencatat surat of that OPD. Everything is checked before anything is written (zip
    safety, manifest schema, checksums, PDFs, then the registration fields); on any refusal nothing
    is stored. The letter enters the disposition flow like a registered one; the whole package is
    kept (content-addressed) with the source reference. The caller commits."""
    opd_unit_id = letters.registering_opd(session, actor, addressed_to)
    authorize(actor, "records.import", opd_unit_id)
    checked = unpack.read_package(data)
    manifest = checked.manifest
    letter = letters.register_incoming(session, actor, opd_unit_id, _incoming_fields(manifest), checked.main_pdf,
                                       addressed_to, source=IMPORT_SOURCE, source_ref=_source_ref(manifest))
    source, meta = manifest["source"], manifest["letter"]
    session.add(RecordsImport(
        letter_id=letter.id, source_system=source["system"][:200],
        source_opd=" ".join(filter(None, [(source.get("opd") or {}).get("code"),
                                          (source.get("opd") or {}).get("name")]))[:200],
        source_letter_id=source.get("letter_id"), source_agenda=((meta.get("agenda") or {}).get("label") or None),
        source_number=meta["letter_number"], package_digest=files.store(data), manifest=manifest,
        imported_by=actor.login, imported_at=clock.now()))
    session.flush()
    return letter
