"""Disposition use cases: dispose (to subordinates only), report back, cancel while unread, close the
tree with the letter, react to the deadline timers, and the inbox counters.

Each disposition row runs its own `disposisi` process instance; the head's work on the letter runs
in the letter's `surat_masuk` instance. Task completions arrive through the processes runtime and
`eoffice.letters.dispositions.handlers`, which call `plan_*` (validate, write nothing) then `apply_*`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from flask_babel import gettext as _
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from eoffice.core import clock, files
from eoffice.letters.dispositions.deadlines import default_deadline, reminder_moment
from eoffice.letters.dispositions.models import FOR_INFORMATION, INSTRUCTIONS, OPEN_STATUSES, Disposition, DispositionReport
from eoffice.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from eoffice.letters.models import Letter
from eoffice.letters.services import business_key, visible_letter
from eoffice.org import services as org

DISPOSITION_MODEL = "disposisi"
NOTE_LIMIT = 2000
REPORT_LIMIT = 5000
NEVER = datetime(2999, 12, 31, tzinfo=timezone.utc)


@dataclass
class Plan:
    """A validated disposition request, ready to be written."""

    letter: Letter
    from_position_id: int
    parent: Disposition | None
    recipients: list[int]
    instructions: list[str]
    note: str
    deadline: datetime
    planned_at: datetime


def _recipients(session: Session, from_position_id: int, raw, errors: list) -> list[int]:
    if not isinstance(raw, list) or not raw:
        errors.append({"field": "recipients", "message": _("Pilih paling sedikit satu penerima disposisi.")})
        return []
    allowed = org.subordinate_ids(session, from_position_id)
    chosen = []
    for value in raw:
        if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).isdigit():
            errors.append({"field": "recipients", "message": _("Penerima tidak valid: %(value)r.", value=value)})
            continue
        position_id = int(value)
        if position_id not in allowed:
            errors.append({"field": "recipients", "message":
                           _("Disposisi hanya dapat ditujukan kepada bawahan sendiri (bukan ke samping atau ke atas).")})
        elif position_id in chosen:
            errors.append({"field": "recipients", "message": _("Penerima tercantum lebih dari sekali.")})
        else:
            chosen.append(position_id)
    return chosen


def _instructions(raw, errors: list) -> list[str]:
    if not isinstance(raw, list) or not raw:
        errors.append({"field": "instructions", "message": _("Centang paling sedikit satu instruksi.")})
        return []
    unknown = [v for v in raw if v not in INSTRUCTIONS]
    if unknown:
        errors.append({"field": "instructions",
                       "message": _("Instruksi tidak dikenal: %(unknown)s.", unknown=", ".join(map(str, unknown)))})
    return [i for i in INSTRUCTIONS if i in raw]


def _deadline(session: Session, letter: Letter, raw, now: datetime, errors: list) -> datetime:
    if raw in (None, ""):
        return default_deadline(session, letter.urgency, now)
    try:
        day = date.fromisoformat(str(raw))
    except ValueError:
        errors.append({"field": "deadline", "message": _("Format tanggal tidak valid (YYYY-MM-DD).")})
        return now
    if day < clock.local(now).date():
        errors.append({"field": "deadline", "message": _("Batas waktu tidak boleh di masa lalu.")})
    return datetime.combine(day, time(23, 59), tzinfo=clock.WIB).astimezone(timezone.utc)


def plan_disposition(session: Session, letter: Letter, from_position_id: int, parent: Disposition | None,
                     data: dict) -> Plan:
    """Validate a dispose request (nothing is written); InvalidInput lists every field error."""
    if letter.status == "done":
        raise Conflict(_("Surat sudah selesai; tidak dapat didisposisikan lagi."))
    errors: list[dict] = []
    now = clock.now()
    recipients = _recipients(session, from_position_id, data.get("recipients"), errors)
    instructions = _instructions(data.get("instructions"), errors)
    note = data.get("note") or ""
    if not isinstance(note, str) or len(note) > NOTE_LIMIT:
        errors.append({"field": "note", "message": _("Catatan berupa teks, maksimal %(limit)s karakter.", limit=NOTE_LIMIT)})
        note = ""
    deadline = _deadline(session, letter, data.get("deadline"), now, errors)
    if errors:
        raise InvalidInput(errors)
    return Plan(letter, from_position_id, parent, recipients, instructions, note.strip(), deadline, now)


def apply_disposition(session: Session, actor, plan: Plan) -> list[Disposition]:
    """Write the dispositions of a validated plan, start one `disposisi` instance each, notify."""
    from eoffice.processes import runtime

    now, letter = plan.planned_at, plan.letter
    acting = actor.acting(plan.from_position_id)
    created = []
    for position_id in plan.recipients:
        d = Disposition(letter_id=letter.id, parent_id=plan.parent.id if plan.parent else None,
                        depth=(plan.parent.depth + 1) if plan.parent else 1,
                        from_position_id=plan.from_position_id, from_login=actor.login,
                        from_acting=acting.kind if acting else None, to_position_id=position_id,
                        instructions=plan.instructions, for_information=FOR_INFORMATION in plan.instructions,
                        note=plan.note, deadline=plan.deadline, status="unread", created_at=now)
        session.add(d)
        session.flush()
        data = {"disposition_id": d.id, "letter_id": letter.id, "to_position": position_id,
                "due_at": plan.deadline.isoformat(), "reminder_at": reminder_moment(now, plan.deadline).isoformat(),
                "overdue_at": plan.deadline.isoformat()}
        d.instance_id = runtime.start_process(session, actor, DISPOSITION_MODEL, data,
                                              business_key=business_key(letter.id),
                                              acting_position_id=plan.from_position_id).id
        created.append(d)
    if plan.parent is not None:
        plan.parent.acted_at = now
    if letter.status == "registered":
        letter.status = "in_progress"
    _notify_recipients(session, letter, created)
    return created


def rearmed_timers(d: Disposition) -> dict:
    """Timer values for the recipient's task when it waits again after disposing further:
    a reminder or overdue mark that already fired must not fire a second time."""
    now = clock.now()
    reminder = reminder_moment(d.created_at, d.deadline)
    return {"reminder_at": (reminder if d.reminded_at is None and reminder > now else NEVER).isoformat(),
            "overdue_at": (d.deadline if d.overdue_marked_at is None and d.deadline > now else NEVER).isoformat()}


# -- reports -----------------------------------------------------------------------------------
def plan_report(d: Disposition, data: dict) -> tuple[str, str | None]:
    if d.status not in OPEN_STATUSES:
        raise Conflict(_("Disposisi ini tidak lagi menunggu tindak lanjut."))
    text = data.get("report")
    errors = []
    if not isinstance(text, str) or not text.strip():
        errors.append({"field": "report", "message": _("Tulis laporan tindak lanjut.")})
    elif len(text) > REPORT_LIMIT:
        errors.append({"field": "report", "message": _("Maksimal %(limit)s karakter.", limit=REPORT_LIMIT)})
    digest = data.get("report_file") or None
    if digest is not None and not files.exists(digest):
        errors.append({"field": "report_file", "message": _("Lampiran laporan tidak ditemukan.")})
    if errors:
        raise InvalidInput(errors)
    return text.strip(), digest


def apply_report(session: Session, actor, d: Disposition, text: str, digest: str | None) -> DispositionReport:
    now = clock.now()
    report = DispositionReport(disposition_id=d.id, text=text, file_digest=digest, reported_by=actor.login,
                               position_id=d.to_position_id, created_at=now)
    session.add(report)
    d.status, d.acted_at = "reported", now
    if d.read_at is None:
        d.read_at, d.read_by = now, actor.login
    session.flush()
    letter = session.get(Letter, d.letter_id)
    _notify(session, [d.from_position_id], letter, "disposition_report",
            "Laporan tindak lanjut disposisi", f"{actor.name} melaporkan tindak lanjut", f"report:{report.id}")
    return report


def report_file(session: Session, actor, report_id: int) -> bytes:
    report = session.get(DispositionReport, report_id)
    if report is None or not report.file_digest:
        raise NotFound("report")
    visible_letter(session, actor, report.disposition.letter_id)
    return files.read(report.file_digest)


# -- cancelling --------------------------------------------------------------------------------
def cancel_disposition(session: Session, actor, disposition_id: int) -> Disposition:
    """The sender cancels a disposition while the recipient has not read it (409 once read)."""
    from eoffice.processes import runtime

    d = session.get(Disposition, disposition_id)
    if d is None:
        raise NotFound("disposition")
    visible_letter(session, actor, d.letter_id)
    if d.from_position_id not in actor.position_ids:
        raise PermissionDenied(_("Hanya pengirim disposisi yang dapat membatalkannya."))
    if d.status != "unread":
        raise Conflict(_("Disposisi sudah dibaca penerima (atau sudah selesai) sehingga tidak dapat dibatalkan."))
    d.status, d.cancelled_at = "cancelled", clock.now()
    if d.instance_id is not None:
        runtime.cancel_instance(session, actor, d.instance_id, reason="disposisi dibatalkan pengirim")
    session.flush()
    return d


# -- closing -----------------------------------------------------------------------------------
def close_tree(session: Session, actor, letter: Letter) -> None:
    """The letter is done: every live disposition becomes done and its waiting task is withdrawn."""
    from eoffice.processes import runtime
    from workflows.models import ProcessInstance

    open_instances = []
    for d in session.scalars(select(Disposition).where(Disposition.letter_id == letter.id,
                                                       Disposition.status != "cancelled")):
        if d.status in OPEN_STATUSES and d.instance_id is not None:
            open_instances.append(d.instance_id)
        d.status = "done"
    running = session.scalars(select(ProcessInstance.id).where(ProcessInstance.id.in_(open_instances),
                                                               ProcessInstance.status == "running")).all()
    for instance_id in running:
        runtime.cancel_instance(session, actor, instance_id, reason="surat selesai")


# -- deadline timers ---------------------------------------------------------------------------
def on_timer(session: Session, instance_id: int, element: str | None) -> None:
    """`reminder_timer` records the reminder (the runtime reminds the recipient); `overdue_timer`
    marks the disposition overdue and tells whoever disposed it."""
    d = session.scalar(select(Disposition).where(Disposition.instance_id == instance_id))
    if d is None or d.status not in OPEN_STATUSES:
        return
    now = clock.now()
    if element == "reminder_timer" and d.reminded_at is None:
        d.reminded_at = now
    elif element == "overdue_timer" and d.overdue_marked_at is None:
        d.overdue_marked_at = now
        letter = session.get(Letter, d.letter_id)
        _notify(session, [d.from_position_id], letter, "disposition_overdue",
                "Disposisi melewati batas waktu", "Penerima belum melaporkan tindak lanjut.", f"overdue:{d.id}")


# -- notifications -----------------------------------------------------------------------------
def _letter_label(letter: Letter) -> str:
    if letter.confidential:
        return f"Surat {letter.sifat.replace('_', ' ')} agenda {letter.agenda_label}"
    return f"{letter.agenda_label} · {letter.subject}"


def _notify(session: Session, positions: list[int], letter: Letter, kind: str, title: str, body: str, key: str):
    from eoffice.notifications.services import notify

    notify(session, positions=positions, kind=kind, title=title, body=f"{body}\n{_letter_label(letter)}",
           link=f"/letters/{letter.id}", dedupe_key=f"{kind}:{key}")


def _notify_recipients(session: Session, letter: Letter, created: list[Disposition]) -> None:
    for d in created:
        _notify(session, [d.to_position_id], letter, "disposition_new", "Disposisi baru",
                ", ".join(d.instructions), f"{d.id}")


# -- reading -----------------------------------------------------------------------------------
def disposition_for_instance(session: Session, instance_id: int) -> Disposition | None:
    return session.scalar(select(Disposition).where(Disposition.instance_id == instance_id))


def inbox_counters(session: Session, actor) -> dict[str, int]:
    """unread, not yet acted on, overdue, copies for information — over the actor's positions."""
    positions = list(actor.position_ids)
    if not positions:
        return {"unread": 0, "pending": 0, "overdue": 0, "for_information": 0, "internal_unread": 0,
                "tembusan_unread": 0}
    mine = and_(Disposition.to_position_id.in_(positions), Disposition.status.in_(OPEN_STATUSES))
    row = session.execute(select(
        func.count().filter(Disposition.status == "unread"),
        func.count(),
        func.count().filter(Disposition.deadline < clock.now()),
        func.count().filter(Disposition.for_information.is_(True)),
    ).where(mine)).one()
    # a registered letter waits for its head; a delivered one (internal, tembusan) is no task
    letters = session.execute(select(
        func.count().filter(Letter.read_at.is_(None)), func.count(),
        func.count().filter(Letter.deadline < clock.now())).where(
        Letter.addressed_to_position_id.in_(positions), Letter.status == "registered",
        Letter.source.notin_(("internal", "tembusan")))).one()
    from eoffice.letters.delivered import unread_counts

    return {"unread": row[0] + letters[0], "pending": row[1] + letters[1], "overdue": row[2] + letters[2],
            "for_information": row[3], **unread_counts(session, actor)}


def my_dispositions(session: Session, actor, *, only_open: bool = True, limit: int = 100) -> list[tuple[Disposition, Letter]]:
    """Dispositions addressed to the actor's positions, with their letters (one query)."""
    stmt = (select(Disposition, Letter).join(Letter, Letter.id == Disposition.letter_id)
            .where(Disposition.to_position_id.in_(list(actor.position_ids) or [-1])))
    if only_open:
        stmt = stmt.where(Disposition.status.in_(OPEN_STATUSES))
    stmt = stmt.order_by(Disposition.deadline.is_(None), Disposition.deadline, Disposition.id).limit(limit)
    return list(session.execute(stmt).tuples())


def letters_awaiting_head(session: Session, actor, limit: int = 100) -> list[Letter]:
    """Letters addressed to the actor's positions that are not closed yet."""
    return list(session.scalars(select(Letter).where(
        Letter.addressed_to_position_id.in_(list(actor.position_ids) or [-1]), Letter.status != "done",
        Letter.source != "tembusan")
        .order_by(Letter.deadline, Letter.id).limit(limit)))


def subordinate_choices(session: Session, position_id: int) -> list[dict]:
    """Positions the holder of `position_id` may dispose to (every position below it)."""
    ids = org.subordinate_ids(session, position_id)
    from eoffice.letters.dispositions.tree import position_labels

    labels = position_labels(session, ids)
    return [{"id": pid, **labels[pid]} for pid in sorted(ids) if pid in labels]


# -- acting from the letter page ---------------------------------------------------------------
def ready_tasks_on(session: Session, actor, letter: Letter) -> list[dict]:
    """The actor's ready tasks on this letter: the head's task and open dispositions addressed to them."""
    from eoffice.processes.runtime import offered_as
    from workflows.models import ProcessInstance, WorkItem

    items = session.scalars(select(WorkItem).join(ProcessInstance, ProcessInstance.id == WorkItem.instance_id)
                            .where(ProcessInstance.business_key == business_key(letter.id),
                                   ProcessInstance.model_id.in_(("surat_masuk", DISPOSITION_MODEL)),
                                   WorkItem.state == "ready").order_by(WorkItem.id))
    found = []
    for item in items:
        if not offered_as(actor, item)[0]:
            continue
        if item.instance.model_id == DISPOSITION_MODEL:
            d = disposition_for_instance(session, item.instance_id)
            found.append({"item": item, "kind": "disposition", "disposition": d,
                          "position_id": d.to_position_id if d else None})
        else:
            found.append({"item": item, "kind": "head", "disposition": None,
                          "position_id": letter.addressed_to_position_id})
    return found


def act_on_letter(session: Session, actor, letter_id: int, work_item_id: int, data: dict,
                  report_pdf: bytes | None = None):
    """Complete one of the actor's tasks on the letter (dispose / report / close) from the letter page."""
    from eoffice.processes import runtime

    letter = visible_letter(session, actor, letter_id)
    if work_item_id not in {t["item"].id for t in ready_tasks_on(session, actor, letter)}:
        raise Conflict(_("Tugas ini sudah diselesaikan atau tidak lagi menunggu Anda."))
    if not report_pdf:
        return runtime.complete_task(session, actor, work_item_id, data)
    files.check_pdf(report_pdf, "report_file")
    new_file = not files.exists(files.digest_of(report_pdf))
    digest = files.store(report_pdf)
    try:
        return runtime.complete_task(session, actor, work_item_id, {**data, "report_file": digest})
    except Exception:
        if new_file:  # a refused report leaves no file behind
            files.discard(digest)
        raise
