"""The engine listener: every engine event becomes an audit event on the instance's hash chain.

Chain key `instance:<id>`. Each event records the person (login) and the position acted for
(`position:<id>`), the task, and the hash of the data; the data itself is kept in `detail["data"]`
so the history can show it and verification can check it against the hash. Reminders (a
non-interrupting boundary timer firing) also notify the candidates of the waiting work items.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.audit import services as audit
from eoffice.audit.models import AuditEvent
from eoffice.app.plugins import registry
from workflows.models import ProcessInstance, WorkItem
from workflows.versions import parsed_spec
from workflows.workitems import open_items


def chain_of(instance_id: int) -> str:
    return f"instance:{instance_id}"


def record(session: Session, instance: ProcessInstance, action: str, *, task: WorkItem | None = None,
           actor: str | None = None, acting_for: str | None = None, data=None, detail: dict | None = None) -> None:
    """Append one audit event for the instance, then tell the registered event listeners."""
    info = dict(detail or {})
    if task is not None:
        info.setdefault("work_item_id", task.id)
        info.setdefault("title", task.title)
    if data is not None:
        info["data"] = data
    audit.record(session, chain_of(instance.id), action, actor=actor, acting_for=acting_for,
                 task=task.task_name if task is not None else None,
                 document=instance.business_key, data=data, detail=info or None)
    for listener in registry().event_listeners:
        listener(session, instance, action, task=task, actor=actor, acting_for=acting_for, data=data)


def record_ready(session: Session, instance: ProcessInstance, items: list[WorkItem]) -> None:
    """A `task_ready` event per new work item, naming who it is offered to and when it is due."""
    for item in items:
        record(session, instance, "task_ready", task=item, detail={
            "candidates": [f"{c.kind}:{c.value}" for c in item.candidates],
            "due_at": item.due_at.isoformat() if item.due_at else None})


def record_new_ready(session: Session, instance: ProcessInstance) -> None:
    """`task_ready` for open items not announced yet (after timers, whoever fired them)."""
    announced = {(d or {}).get("work_item_id") for d in session.scalars(
        select(AuditEvent.detail).where(AuditEvent.chain == chain_of(instance.id),
                                        AuditEvent.action == "task_ready"))}
    record_ready(session, instance, [i for i in open_items(session, instance.id) if i.id not in announced])


def _is_reminder(instance: ProcessInstance, element: str | None) -> bool:
    """A non-interrupting boundary timer: the task stays open, its people are reminded."""
    spec = parsed_spec(instance.version).spec.task_specs.get(element or "")
    return spec is not None and getattr(spec, "cancel_activity", True) is False


def _remind(session: Session, instance: ProcessInstance, timer: dict) -> None:
    for item in open_items(session, instance.id):
        recipients = [(c.kind, c.value) for c in item.candidates]
        record(session, instance, "task_reminder", task=item, detail={
            "timer": timer.get("element"), "recipients": [f"{k}:{v}" for k, v in recipients]})
        notify = registry().reminder_notifier
        if notify is not None:
            notify(session, recipients, item.title, timer.get("name") or "", f"/tasks/{item.id}")


class AuditListener:
    """`workflows.runtime.Listener` writing the audit chain (inside the caller's transaction)."""

    def on_event(self, session, instance, action, *, task=None, actor=None, acting_for=None, data=None):
        detail = None
        if action == "instance_started":  # the instance was created in this transaction: a new chain
            audit.begin_chain(session, chain_of(instance.id))
            detail = {"model_id": instance.model_id, "version": instance.version.number}
        record(session, instance, action, task=task, actor=actor, acting_for=acting_for, data=data,
               detail=detail)
        if action == "timer_fired":
            record_new_ready(session, instance)
            if _is_reminder(instance, (data or {}).get("element")):
                _remind(session, instance, data or {})
