"""Plugging letters and dispositions into the processes runtime: task handlers for `surat_masuk`
and `disposisi`, the task enricher (letter_id, agenda_number, subject), engine-event reactions."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.letters.dispositions import services
from eoffice.letters.dispositions.reading import mark_read_for_instance
from eoffice.core.errors import Conflict, NotFound
from eoffice.letters import access, services as letters
from eoffice.letters.models import Letter
from eoffice.app.plugins import TaskContext, TaskHandler


def _letter_of(session: Session, instance) -> Letter:
    letter_id = letters.letter_id_of(instance.business_key)
    letter = session.get(Letter, letter_id) if letter_id else None
    if letter is None:
        raise NotFound("letter")
    return letter


class IncomingLetterTasks(TaskHandler):
    """The addressed head's task: `dispose` to subordinates (then wait again) or `close` the letter."""

    def before(self, ctx: TaskContext, data):
        session, item = ctx.session, ctx.item
        letter = _letter_of(session, item.instance)
        if data.get("action") == "dispose":
            services.plan_disposition(session, letter, letter.addressed_to_position_id, None, data)
        elif letter.status == "done":
            raise Conflict(_("Surat sudah selesai."))
        return data

    def after(self, ctx: TaskContext, data, completion):
        session, actor, item = ctx.session, ctx.actor, ctx.item
        letter = _letter_of(session, item.instance)
        if letter.read_at is None:
            letter.read_at = item.completed_at
        if data.get("action") == "dispose":
            plan = services.plan_disposition(session, letter, letter.addressed_to_position_id, None, data)
            services.apply_disposition(session, actor, plan)
        else:
            letters.close_letter(session, actor.login, letter)
            services.close_tree(session, actor, letter)


class DispositionTasks(TaskHandler):
    """A recipient's task: `dispose` further down (then wait again) or `report` back."""

    def _disposition(self, session, item):
        d = services.disposition_for_instance(session, item.instance_id)
        if d is None:
            raise NotFound("disposition")
        return d

    def before(self, ctx: TaskContext, data):
        session = ctx.session
        d = self._disposition(session, ctx.item)
        if data.get("action") == "dispose":
            letter = session.get(Letter, d.letter_id)
            services.plan_disposition(session, letter, d.to_position_id, d, data)
            return {**data, **services.rearmed_timers(d)}
        services.plan_report(d, data)
        return data

    def after(self, ctx: TaskContext, data, completion):
        session, actor, item = ctx.session, ctx.actor, ctx.item
        d = self._disposition(session, item)
        mark_read_for_instance(session, actor, item.instance_id)
        if data.get("action") == "dispose":
            letter = session.get(Letter, d.letter_id)
            services.apply_disposition(session, actor, services.plan_disposition(session, letter, d.to_position_id, d, data))
        else:
            text, digest = services.plan_report(d, data)
            services.apply_report(session, actor, d, text, digest)


def enrich_tasks(session: Session, actor, rows: list[dict]) -> None:
    """Tasks of any instance keyed `letter:<id>` carry the letter's id, agenda number and subject
    (the subject of a confidential letter only for people on its path)."""
    wanted = {letters.letter_id_of(r.get("business_key")) for r in rows} - {None}
    if not wanted:
        return
    found = {row.id: row for row in session.scalars(select(Letter).where(Letter.id.in_(wanted)))}
    for r in rows:
        letter = found.get(letters.letter_id_of(r.get("business_key")))
        if letter is None:
            continue
        hidden = letter.confidential and actor is not None and not access.on_path(session, actor, letter)
        r.update(letter_id=letter.id, agenda_number=letter.agenda_number,
                 subject=None if hidden else letter.subject, sifat=letter.sifat)
        if r.get("model_id") in ("surat_masuk", services.DISPOSITION_MODEL):
            r["url"] = f"/letters/{letter.id}?task={r['id']}"


def on_engine_event(session: Session, instance, action: str, **kw) -> None:
    if instance.model_id == services.DISPOSITION_MODEL and action == "timer_fired":
        services.on_timer(session, instance.id, (kw.get("data") or {}).get("element"))


def on_task_opened(session: Session, actor, item) -> None:
    mark_read_for_instance(session, actor, item.instance_id)


def task_page(session: Session, item) -> str | None:
    """A letter task (the head's or a disposition's) is done on the letter page."""
    if item.instance.model_id not in ("surat_masuk", services.DISPOSITION_MODEL):
        return None
    letter_id = letters.letter_id_of(item.instance.business_key)
    return f"/letters/{letter_id}?task={item.id}" if letter_id is not None else None
