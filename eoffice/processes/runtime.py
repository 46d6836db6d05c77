"""The app's process runtime: the configured engine and the use cases around it.

`get_engine()` builds one `workflows.runtime.Engine` per app (sandbox helpers from the org chart
and calendar, `eoffice.core.clock.now` as its clock, the audit listener). `start_process`,
`complete_task`, `fire_due_timers` and `inbox_items` are what views, the API, other capabilities
and jobs call. Services take plain arguments and raise `eoffice.core.errors.*`; the caller commits
(except `fire_due_timers`, a job that commits one instance at a time).
"""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from eoffice.core import clock
from eoffice.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from eoffice.app.extensions import db
from eoffice.app.plugins import TaskContext, registry
from eoffice.processes import events, timers
from eoffice.processes.helpers import session_helpers
from workflows.errors import (
    FormInvalid, InstanceNotFound, ModelNotFound, TaskConflict, WorkItemNotFound, WorkflowError,
)
from workflows.forms import validate_form
from workflows.models import ProcessInstance, WorkItem, WorkItemCandidate
from workflows.runtime import Completion, Engine
from workflows.versions import current_version, form_schema
from workflows.workitems import ready_items

ENGINE_KEY = "eoffice.engine"
# Data the app puts into every instance at start (cannot be supplied by the requester).
STARTER_FIELDS = ("requester", "requester_position", "requester_name")


def get_engine() -> Engine:
    """The app's engine (created once per app)."""
    app = current_app._get_current_object()
    engine = app.extensions.get(ENGINE_KEY)
    if engine is None:
        engine = Engine(clock=clock.now, listener=events.AuditListener(), session_helpers=session_helpers)
        app.extensions[ENGINE_KEY] = engine
    return engine


# -- who acts for which position --------------------------------------------------------------
def position_key(position_id: int | None) -> str | None:
    return f"position:{position_id}" if position_id is not None else None


def offered_as(actor, item: WorkItem) -> tuple[bool, str | None]:
    """Whether the actor may act on the item and the position it was offered to them as.

    A position match wins (own position first, then positions received through a Plh/Plt); a
    match by login or role acts for the actor's own position.
    """
    keys = {(c.kind, c.value) for c in item.candidates}
    for acting in actor.positions:
        if ("position", str(acting.position_id)) in keys:
            return True, position_key(acting.position_id)
    if ("user", actor.login) in keys or any(("role", r) in keys for r in actor.roles):
        return True, position_key(actor.own_position_id)
    return False, None


# -- form data -------------------------------------------------------------------------------
def _unknown_fields(schema: dict | None, data: dict) -> list[dict]:
    if schema is None:
        return []
    known = set(schema.get("properties", {}))
    return [{"field": k, "message": _("isian tidak dikenal")} for k in data if k not in known]


def check_form(schema: dict | None, data) -> dict:
    """The data if it fits the form (declared fields only), else InvalidInput with every field error."""
    if not isinstance(data, dict):
        raise InvalidInput(_("data formulir harus berupa objek"), "data")
    errors = _unknown_fields(schema, data) + validate_form(schema, data)
    if errors:
        raise InvalidInput(errors)
    return dict(data)


def _with_starter(schema: dict | None, data: dict, actor, position_id: int | None) -> dict:
    values = {"requester": actor.login, "requester_position": position_id, "requester_name": actor.name}
    closed = schema is not None and schema.get("additionalProperties") is False
    allowed = set((schema or {}).get("properties", {}))
    return {**data, **{k: v for k, v in values.items() if not closed or k in allowed}}


# -- use cases -------------------------------------------------------------------------------
def start_process(session: Session, actor, model_id: str, data, business_key: str | None = None,
                  acting_position_id: int | None = None) -> ProcessInstance:
    """Start the model's current version for the actor (start form checked; nothing saved on error)."""
    return begin_process(session, actor, model_id, data, business_key, acting_position_id).instance


def begin_process(session: Session, actor, model_id: str, data, business_key: str | None = None,
                  acting_position_id: int | None = None) -> Completion:
    """`start_process`, also giving the work items that became ready (what the API answers with)."""
    plugins = registry()
    for check in plugins.start_checks:
        check(session, actor, model_id)
    try:
        version = current_version(session, model_id)
    except ModelNotFound:
        raise NotFound(f"model {model_id}") from None
    position_id = acting_position_id if acting_position_id is not None else actor.own_position_id
    if acting_position_id is not None and (type(acting_position_id) is not int):
        raise InvalidInput(_("id jabatan harus berupa bilangan bulat"), "acting_position_id")
    if acting_position_id is not None and acting_position_id not in actor.position_ids:
        raise PermissionDenied(_("Anda tidak memegang jabatan tersebut."))
    schema = form_schema(version, "start")
    data = check_form(schema, data if data is not None else {})
    handler = plugins.handler_for(model_id)
    ctx = TaskContext(session, actor, model_id)
    data = handler.before_start(ctx, data)
    data = _with_starter(schema, data, actor, position_id)
    try:
        started = get_engine().start_with_items(session, model_id, data, started_by=actor.login,
                                                acting_for=position_key(position_id), business_key=business_key,
                                                summary={"requester_name": actor.name})
    except FormInvalid as exc:
        raise InvalidInput(exc.errors) from None
    instance = started.instance
    events.record_ready(session, instance, started.next_items)
    handler.after_start(ctx, instance, data)
    session.flush()
    return started


def secret_fields(schema: dict | None) -> set[str]:
    """Form fields the model declares secret (`"x-ui": {"widget": "password"}`)."""
    return {name for name, spec in ((schema or {}).get("properties") or {}).items()
            if isinstance(spec, dict) and (spec.get("x-ui") or {}).get("widget") == "password"}


def complete_task(session: Session, actor, work_item_id: int, data) -> Completion:
    """Complete a work item as `actor`: authorised, ready, form-valid; records who and for which position.

    Secret fields (e.g. the signing passphrase) go to the model's handler only, in its context's
    scratch: never to the engine, the task data or the audit trail."""
    item = session.get(WorkItem, work_item_id)
    if item is None:
        raise NotFound(f"task {work_item_id}")
    allowed, acting_for = offered_as(actor, item)
    if not allowed:
        raise PermissionDenied(_("Tugas ini tidak ditujukan kepada Anda."))
    if item.state != "ready":
        raise Conflict(_("Tugas ini sudah diselesaikan atau tidak lagi menunggu."))
    instance = item.instance
    schema = form_schema(instance.version, item.task_name)
    data = check_form(schema, data if data is not None else {})
    hidden = secret_fields(schema)
    scratch = {k: data.pop(k) for k in hidden & set(data)}
    handler = registry().handler_for(instance.model_id)
    ctx = TaskContext(session, actor, instance.model_id, item, scratch)
    data = handler.before(ctx, data)
    try:
        completion = get_engine().complete(session, item.id, data, actor=actor.login, acting_for=acting_for)
    except FormInvalid as exc:
        raise InvalidInput(exc.errors) from None
    except (TaskConflict, WorkItemNotFound, StaleDataError):
        raise Conflict(_("Tugas ini sudah diselesaikan oleh orang lain. Muat ulang halaman.")) from None
    events.record_ready(session, completion.instance, completion.next_items)
    handler.after(ctx, data, completion)
    session.flush()
    return completion


def cancel_instance(session: Session, actor, instance_id: int, reason: str | None = None) -> ProcessInstance:
    try:
        return get_engine().cancel(session, instance_id, actor.login, reason)
    except InstanceNotFound:
        raise NotFound(f"instance {instance_id}") from None
    except WorkflowError as exc:
        raise Conflict(str(exc)) from None


def fire_due_timers(limit: int = 100) -> int:
    """Fire every due timer of this app's engine (the embedded timer loop and `flask timers fire`),
    the same locked, one-transaction-per-instance way as the Celery beat job."""
    return timers.fire_due(db.session, get_engine(), limit=limit)


# -- listings --------------------------------------------------------------------------------
def task_row(item: WorkItem, instance_row, acting_for: str | None) -> dict:
    due = item.due_at
    return {"id": item.id, "instance_id": item.instance_id, "model_id": instance_row.model_id,
            "name": item.task_name, "title": item.title, "lane": item.lane,
            "due_at": due.isoformat() if due else None, "acting_for": acting_for,
            "created_at": item.created_at.isoformat(), "business_key": instance_row.business_key,
            "started_by": instance_row.started_by,
            "requester_name": (instance_row.summary or {}).get("requester_name"),
            "overdue": bool(due and due < clock.now())}


def _load_candidates(session: Session, items: list[WorkItem]) -> None:
    """Candidates of all items in one query (the listing needs them to name the acting position)."""
    found: dict[int, list] = {i.id: [] for i in items}
    for c in session.scalars(select(WorkItemCandidate).where(WorkItemCandidate.work_item_id.in_(list(found)))):
        found[c.work_item_id].append(c)
    for item in items:
        set_committed_value(item, "candidates", found[item.id])


def inbox_items(session: Session, actor, limit: int | None = None) -> list[dict]:
    """The actor's ready work items, including those received through a Plh/Plt: a few queries in all."""
    items = ready_items(session, actor.candidate_keys(), limit=limit)
    if not items:
        return []
    _load_candidates(session, items)
    ids = {i.instance_id for i in items}
    instances = {row.id: row for row in session.execute(
        select(ProcessInstance.id, ProcessInstance.model_id, ProcessInstance.business_key,
               ProcessInstance.started_by, ProcessInstance.summary).where(ProcessInstance.id.in_(ids)))}
    rows = [task_row(item, instances[item.instance_id], offered_as(actor, item)[1]) for item in items]
    for enrich in registry().task_enrichers:
        enrich(session, actor, rows)
    return rows
