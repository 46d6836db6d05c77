"""The `surat_keluar` task handler: paraf, coordination, revision and signing as domain steps.

`before` validates the payload (nothing written) and hands the engine only the decision: the
signing passphrase (a secret the caller hands over apart from the form data) and the revised
fields stay in the use case's context (`ctx.scratch`) for `after`, never in task data or audit data.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.core import clock
from eoffice.audit import services as audit
from eoffice.core.errors import InvalidInput, NotFound
from eoffice.letters.services import letter_id_of
from eoffice.outgoing import drafting, services
from eoffice.outgoing.finalize import check_passphrase, sign_letter
from eoffice.outgoing.models import LetterReview, OutgoingLetter
from eoffice.app.plugins import TaskContext, TaskHandler
from workflows.models import ProcessInstance

ROLES = {"paraf": "verifikator", "koordinasi": "koordinasi", "tanda_tangan": "penandatangan",
         "revisi": "konseptor"}


def letter_of(session: Session, instance_id: int) -> OutgoingLetter:
    key = session.scalar(select(ProcessInstance.business_key).where(ProcessInstance.id == instance_id))
    letter = session.get(OutgoingLetter, letter_id_of(key)) if letter_id_of(key) else None
    if letter is None:
        raise NotFound("letter")
    return letter


def _decision(data: dict, allowed: tuple[str, ...]) -> tuple[str, str]:
    action, note = data.get("action"), data.get("note") or ""
    if action not in allowed:
        raise InvalidInput(_("Tindakan harus salah satu dari: %(actions)s.", actions=", ".join(allowed)), "action")
    if action == "return" and not note.strip():
        raise InvalidInput(_("Tuliskan catatan saat mengembalikan konsep."), "note")
    return action, note.strip()


class OutgoingTasks(TaskHandler):
    def before_start(self, ctx: TaskContext, data):
        letter = ctx.session.get(OutgoingLetter, data.get("letter_id"))
        if letter is None or letter.drafter_id != ctx.actor.employee_id or letter.instance_id is not None:
            raise InvalidInput(_("Proses surat keluar dimulai dengan mengajukan konsep."), "letter_id")
        return data

    def before(self, ctx: TaskContext, data):
        session, item = ctx.session, ctx.item
        letter = letter_of(session, item.instance_id)
        name = item.task_name
        if name in ("paraf", "koordinasi"):
            action, note = _decision(data, ("approve", "return"))
            out = {"action": action, "note": note}
            if name == "koordinasi":
                out["coordination_action"] = action
            return out
        if name == "revisi":
            if data.get("action") != "resubmit":
                raise InvalidInput(_("Tindakan harus salah satu dari: %(actions)s.", actions="resubmit"), "action")
            clean = drafting.validate(session, letter.drafter_position_id, data, services.current_fields(letter))
            ctx.scratch["clean"] = clean
            return {"action": "resubmit", "note": (data.get("note") or "").strip(),
                    "verifiers": clean["verifiers"], "coordinators": clean["coordinators"],
                    "signer_position": clean["signer_position_id"]}
        if name == "tanda_tangan":
            action, note = _decision(data, ("sign", "return"))
            if action == "sign":
                passphrase = ctx.scratch.get("passphrase")
                if not isinstance(passphrase, str) or not passphrase:
                    raise InvalidInput(_("Masukkan frasa sandi tanda tangan."), "passphrase")
                check_passphrase(session, ctx.actor, passphrase)
            return {"action": action, "note": note}
        return data

    def after(self, ctx: TaskContext, data, completion):
        session, actor, item = ctx.session, ctx.actor, ctx.item
        letter = letter_of(session, item.instance_id)
        action = data.get("action")
        if item.task_name == "revisi":
            services.apply_changes(session, letter, ctx.scratch["clean"])
            letter.revision += 1
        elif item.task_name == "tanda_tangan" and action == "sign":
            sign_letter(session, actor, letter, ctx.scratch["passphrase"])
        acting = item.acting_for
        position_id = int(acting.split(":", 1)[1]) if acting and acting.startswith("position:") else None
        session.add(LetterReview(letter_id=letter.id, revision=letter.revision, role=ROLES.get(item.task_name, ""),
                                 action=action, position_id=position_id, employee_id=actor.employee_id,
                                 acting_for=acting, note=data.get("note") or "", at=clock.now()))
        audit.record(session, services.chain_of(letter.id), f"outgoing.{action}", actor=actor.login,
                     acting_for=acting, task=item.task_name, document=f"letter:{letter.id}",
                     data={"action": action, "note": data.get("note") or ""})
        services.refresh_status(session, letter)
        letter.updated_at = clock.now()
        session.flush()


def enrich(session: Session, actor, rows: list[dict]) -> None:
    """Task listings: `letter_id`, subject, sifat and the letter's status (one query for the page)."""
    mine = [r for r in rows if r.get("model_id") == services.MODEL_ID]
    ids = {letter_id_of(r.get("business_key")) for r in mine} - {None}
    if not ids:
        return
    letters = {l.id: l for l in session.scalars(select(OutgoingLetter).where(OutgoingLetter.id.in_(ids)))}
    for row in mine:
        letter = letters.get(letter_id_of(row.get("business_key")))
        if letter is None:
            continue
        row["letter_id"] = letter.id
        row["subject"] = letter.subject   # the task's people are on the letter's path
        row["sifat"] = letter.sifat
        row["letter_status"] = letter.status
        row["url"] = f"/outgoing/{letter.id}"   # the letter page: preview, history and this task's form

