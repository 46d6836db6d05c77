"""Letter use cases: register an incoming letter (agenda number, PDF, start of its flow), open it,
search the register, close and file it, and read its PDF — always within what the actor may see."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from eoffice.core import clock, files
from eoffice.auth.actor import Actor
from eoffice.core.errors import InvalidInput, NotFound
from eoffice.core.ids import MAX_ID, as_id
from eoffice.letters import access
from eoffice.letters.classifications import get_classification, retention_dates
from eoffice.letters.models import LETTER_STATUSES, SIFAT, URGENCY, AgendaCounter, Letter
from eoffice.org import services as org
from eoffice.org.models import Position

INCOMING_MODEL = "surat_masuk"
TEXT_LIMITS = {"sender": 300, "letter_number": 120, "subject": 500, "summary": 5000}
SYSTEM_ACTOR = Actor(employee_id=0, login="system", name="Sistem e-Office", roles=frozenset())
REQUIRED = ("sender", "letter_number", "letter_date", "received_date", "subject", "classification")


def business_key(letter_id: int) -> str:
    return f"letter:{letter_id}"


def letter_id_of(key: str | None) -> int | None:
    if key and key.startswith("letter:") and key[7:].isdigit():
        return int(key[7:])
    return None


# -- validation --------------------------------------------------------------------------------
def _date_field(value, field: str, errors: list) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        errors.append({"field": field, "message": _("Format tanggal tidak valid (YYYY-MM-DD).")})
        return None


def _text_fields(fields: dict, errors: list) -> dict:
    clean = {}
    for name, limit in TEXT_LIMITS.items():
        value = fields.get(name)
        value = value.strip() if isinstance(value, str) else ("" if value is None else str(value))
        if len(value) > limit:
            errors.append({"field": name, "message": _("Maksimal %(limit)s karakter.", limit=limit)})
        clean[name] = value
    return clean


def _choice(fields: dict, name: str, options: tuple, errors: list) -> str:
    raw = fields.get(name) or "biasa"
    value = raw.strip().lower() if isinstance(raw, str) else raw
    if value not in options:
        errors.append({"field": name, "message": _("Pilihan tidak dikenal; gunakan %(options)s.",
                                                             options=", ".join(options))})
    return value


def _attachments(fields: dict, errors: list) -> int:
    raw = fields.get("attachments_count", 0)
    try:
        value = int(raw if raw not in (None, "") else 0)
        if value < 0 or value > 999:
            raise ValueError
        return value
    except (TypeError, ValueError):
        errors.append({"field": "attachments_count", "message": _("Jumlah lampiran harus bilangan bulat 0–999.")})
        return 0


def _addressed_to(session: Session, opd_unit_id: int, position_id, errors: list) -> Position | None:
    key = as_id(position_id)
    position = session.get(Position, key) if key is not None else None
    if position is None:
        errors.append({"field": "addressed_to", "message": _("Pilih pejabat tujuan surat.")})
        return None
    if not position.is_head or org.opd_of_position(session, position.id).id != opd_unit_id:
        errors.append({"field": "addressed_to", "message": _("Tujuan harus pimpinan unit di OPD penerima.")})
        return None
    return position


def validate_incoming(session: Session, opd_unit_id: int, fields: dict, addressed_to_position_id) -> dict:
    """Every field checked before anything is written; raises InvalidInput with all field errors."""
    errors: list[dict] = []
    for name in REQUIRED:
        value = fields.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            errors.append({"field": name, "message": _("Wajib diisi.")})
    clean = _text_fields(fields, errors)
    missing = {e["field"] for e in errors}
    clean["letter_date"] = None if "letter_date" in missing else _date_field(fields["letter_date"], "letter_date", errors)
    clean["received_date"] = None if "received_date" in missing else _date_field(fields["received_date"], "received_date", errors)
    today = clock.local(clock.now()).date()
    if clean["received_date"] and clean["received_date"] > today:
        errors.append({"field": "received_date", "message": _("Tanggal diterima tidak boleh di masa depan.")})
    if clean["letter_date"] and clean["received_date"] and clean["letter_date"] > clean["received_date"]:
        errors.append({"field": "letter_date", "message": _("Tanggal surat tidak boleh setelah tanggal diterima.")})
    clean["sifat"] = _choice(fields, "sifat", SIFAT, errors)
    clean["urgency"] = _choice(fields, "urgency", URGENCY, errors)
    clean["attachments_count"] = _attachments(fields, errors)
    if "classification" not in missing:
        classification = get_classification(session, fields.get("classification"))
        if classification is None:
            errors.append({"field": "classification", "message": _("Kode klasifikasi tidak dikenal.")})
        clean["classification"] = classification.code if classification else None
    clean["addressed_to"] = _addressed_to(session, opd_unit_id, addressed_to_position_id, errors)
    if errors:
        raise InvalidInput(errors)
    return clean


def check_upload(pdf_bytes: bytes | None, errors_so_far: list | None = None) -> None:
    """The scanned PDF: 415 when it is not a PDF, a field error when missing or too large."""
    if not pdf_bytes:
        raise InvalidInput((errors_so_far or []) + [{"field": "file", "message": _("Unggah pindaian surat (PDF).")}])
    files.check_pdf(pdf_bytes, "file")


# -- registration ------------------------------------------------------------------------------
def next_agenda_number(session: Session, unit_id: int, year: int) -> int:
    """Atomically take the next agenda number of (OPD, year): one INSERT … ON CONFLICT … RETURNING."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(AgendaCounter).values(unit_id=unit_id, year=year, value=1)
    stmt = stmt.on_conflict_do_update(index_elements=["unit_id", "year"],
                                      set_={"value": AgendaCounter.value + 1}).returning(AgendaCounter.value)
    return session.execute(stmt).scalar_one()


def register_incoming(session: Session, actor, opd_unit_id: int, fields: dict, pdf_bytes: bytes,
                      addressed_to_position_id, *, source: str = "manual", source_ref: str | None = None) -> Letter:
    """Register an incoming letter in an OPD and send it to the addressed head's inbox.

    `actor` is the pencatat surat (an Actor) or None when the system delivers a letter (e.g. an
    internal letter signed by another OPD). Validates everything first: on any error nothing is
    stored (no row, no file, no agenda number). The caller commits.
    """
    try:
        clean = validate_incoming(session, opd_unit_id, fields, addressed_to_position_id)
    except InvalidInput as exc:
        check_upload(pdf_bytes, exc.errors)
        raise
    check_upload(pdf_bytes)
    now = clock.now()
    year = clock.local(now).year
    letter = Letter(
        direction="masuk", kind=(fields.get("kind") or "surat dinas")[:60], opd_unit_id=opd_unit_id,
        agenda_year=year, agenda_number=next_agenda_number(session, opd_unit_id, year),
        letter_number=clean["letter_number"], letter_date=clean["letter_date"],
        received_date=clean["received_date"], sender=clean["sender"], subject=clean["subject"],
        summary=clean["summary"], sifat=clean["sifat"], urgency=clean["urgency"],
        classification_code=clean["classification"], attachments_count=clean["attachments_count"],
        addressed_to_position_id=clean["addressed_to"].id,
        registered_by_id=actor.employee_id if actor else None,
        registered_by_position_id=actor.own_position_id if actor else None,
        source=source, source_ref=source_ref, status="registered", created_at=now)
    session.add(letter)
    session.flush()
    from eoffice.letters.dispositions.deadlines import default_deadline

    letter.deadline = default_deadline(session, letter.urgency, now)
    letter.instance_id = _start_flow(session, actor, letter)
    letter.file_digest = files.store(pdf_bytes)
    return letter


def _start_flow(session: Session, actor, letter: Letter) -> int:
    from eoffice.processes import runtime

    data = {"letter_id": letter.id, "head_position": letter.addressed_to_position_id,
            "letter_deadline": letter.deadline.isoformat()}
    instance = runtime.start_process(session, actor or SYSTEM_ACTOR, INCOMING_MODEL, data,
                                     business_key=business_key(letter.id))
    return instance.id


def create_letter_record(session: Session, *, direction: str, opd_unit_id: int, subject: str, sifat: str = "biasa",
                         urgency: str = "biasa", classification: str | None = None, sender: str = "",
                         letter_number: str = "", letter_date: date | None = None, kind: str = "surat dinas") -> Letter:
    """A letter row for an outgoing/internal letter (its own team keeps the drafting state)."""
    if direction not in ("keluar", "internal"):
        raise InvalidInput(_("Arah surat harus keluar atau internal."), "direction")
    letter = Letter(direction=direction, kind=kind, opd_unit_id=opd_unit_id, letter_number=letter_number,
                    letter_date=letter_date, sender=sender, subject=subject, sifat=sifat, urgency=urgency,
                    classification_code=classification, source="outgoing", status="registered",
                    created_at=clock.now())
    session.add(letter)
    session.flush()
    return letter


# -- reading -----------------------------------------------------------------------------------
def visible_letter(session: Session, actor, letter_id: int) -> Letter:
    """The letter if the actor may see it; NotFound otherwise (existence is never revealed)."""
    letter = session.get(Letter, letter_id)
    if letter is None or not access.may_see(session, actor, letter):
        raise NotFound("letter")
    return letter


def open_letter(session: Session, actor, letter_id: int) -> Letter:
    """Show a letter: the actor's unread dispositions on it become read. The caller commits."""
    from eoffice.letters.dispositions.reading import mark_read

    letter = visible_letter(session, actor, letter_id)
    mark_read(session, actor, letter)
    return letter


def letter_pdf(session: Session, actor, letter_id: int) -> bytes:
    letter = visible_letter(session, actor, letter_id)
    if not letter.file_digest or not files.exists(letter.file_digest):
        raise NotFound("file")
    return files.read(letter.file_digest)


def _parse_day(value, field: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(_("Format tanggal tidak valid (YYYY-MM-DD)."), field) from None


def search_letters(session: Session, actor, *, q: str = "", status: str = "", date_from=None, date_to=None,
                   classification: str = "", direction: str = "", limit: int = 50, offset: int = 0) -> list[Letter]:
    """Search the register by agenda number, letter number, sender, subject, dates, status and
    classification — only among letters the actor may see."""
    stmt = select(Letter).where(access.visible_clause(session, actor))
    q = (q or "").strip()
    if q:
        like = f"%{q}%"
        terms = [Letter.letter_number.ilike(like), Letter.sender.ilike(like), Letter.subject.ilike(like)]
        number = as_id(q.split("/")[0].lstrip("0"))
        if number is not None:
            terms.append(Letter.agenda_number == number)
        stmt = stmt.where(or_(*terms))
    if status:
        if status not in LETTER_STATUSES:
            raise InvalidInput([{"field": "status", "message": _(
                "Status tidak dikenal (pilih: %(choices)s).", choices=", ".join(LETTER_STATUSES))}])
        stmt = stmt.where(Letter.status == status)
    if direction:
        stmt = stmt.where(Letter.direction == direction)
    if classification:
        stmt = stmt.where(or_(Letter.classification_code == classification,
                              Letter.classification_code.like(f"{classification}.%")))
    first, last = _parse_day(date_from, "from"), _parse_day(date_to, "to")
    if first:
        stmt = stmt.where(Letter.received_date >= first)
    if last:
        stmt = stmt.where(Letter.received_date <= last)
    stmt = stmt.order_by(Letter.created_at.desc(), Letter.id.desc()).limit(min(max(limit, 1), 200)).offset(min(max(offset, 0), MAX_ID))
    return list(session.scalars(stmt))


# -- closing -----------------------------------------------------------------------------------
def close_letter(session: Session, actor_login: str | None, letter: Letter, at: datetime | None = None) -> Letter:
    """The head marks the letter done: it is filed under its classification with retention dates."""
    at = at or clock.now()
    letter.status, letter.closed_at, letter.closed_by = "done", at, actor_login
    if letter.classification is not None:
        filed_on = clock.local(at).date()
        letter.retention_active_until, letter.retention_inactive_until = retention_dates(letter.classification, filed_on)
    return letter


def counts_by_status(session: Session, actor) -> dict[str, int]:
    rows = session.execute(select(Letter.status, func.count()).where(access.visible_clause(session, actor))
                           .group_by(Letter.status)).all()
    return {status: n for status, n in rows}


# -- who registers -----------------------------------------------------------------------------
def registering_opd(session: Session, actor, addressed_to) -> int | None:
    """The OPD a registration is for: the addressed position's OPD, else the pencatat's only OPD."""
    key = as_id(addressed_to)
    position = session.get(Position, key) if key is not None else None
    if position is not None:
        return org.opd_of_position(session, position.id).id
    units = sorted(actor.pencatat_units) if actor else []
    return units[0] if units else None


def incoming_fields(form) -> dict:
    """The registration fields of a submitted form (web or multipart API)."""
    names = ("sender", "letter_number", "letter_date", "received_date", "subject", "summary", "sifat",
             "urgency", "classification", "attachments_count", "kind")
    return {name: form.get(name) for name in names if form.get(name) is not None}


def head_positions(session: Session, opd_unit_id: int | None) -> list[dict]:
    """Heads (pimpinan) of the OPD and its units: who an incoming letter may be addressed to."""
    if opd_unit_id is None:
        return []
    rows = session.scalars(select(Position).where(Position.is_head.is_(True)).order_by(Position.id))
    return [{"id": p.id, "title": p.title} for p in rows if org.opd_of_position(session, p.id).id == opd_unit_id]
