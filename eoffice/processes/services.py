"""Process use cases for views and the API: catalogue, instances, tasks, who may see them.

Starting and completing live in `runtime` (re-exported here); this module reads.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, bindparam, exists, or_, select
from sqlalchemy.orm import Session, defer, joinedload, lazyload

from eoffice.core import clock
from eoffice.audit import services as audit
from eoffice.core.errors import DomainError, NotFound
from eoffice.core.ids import MAX_ID
from eoffice.org.models import Position
from eoffice.app.plugins import registry
from eoffice.processes import events
from eoffice.processes.runtime import (  # noqa: F401 - the use cases views and jobs call
    begin_process, complete_task, fire_due_timers, get_engine, inbox_items, offered_as, position_key, start_process, task_row,
)
from workflows.models import ProcessInstance, ProcessModel, ProcessVersion, WorkItem, WorkItemCandidate
from workflows.versions import form_schema


def _iso(dt) -> str | None:
    return clock.aware(dt).isoformat() if dt is not None else None


# -- models ----------------------------------------------------------------------------------
def _current_models(session: Session) -> list[tuple[ProcessModel, ProcessVersion]]:
    return list(session.execute(
        select(ProcessModel, ProcessVersion).join(ProcessVersion, ProcessVersion.id == ProcessModel.current_version_id)
        .order_by(ProcessModel.title)).tuples())


def list_models(session: Session) -> list[dict]:
    return [{"id": m.id, "title": m.title, "version": v.number} for m, v in _current_models(session)]


def _startable(session: Session, actor, model_id: str) -> bool:
    try:
        for check in registry().start_checks:
            check(session, actor, model_id)
    except DomainError:
        return False
    return True


def catalogue(session: Session, actor) -> list[dict]:
    """Models anyone may start (model.toml `catalogue = true`) that no start check refuses."""
    return [{"id": m.id, "title": m.title, "version": v.number, "owner_unit": m.owner_unit,
             "description": v.meta.get("description", "")}
            for m, v in _current_models(session) if v.meta.get("catalogue") and _startable(session, actor, m.id)]


def task_page(session: Session, item: WorkItem) -> str | None:
    """Where the task is done when a capability has its own page for it (None: the task page)."""
    return next((url for page in registry().task_pages if (url := page(session, item)) is not None), None)


def task_opened(session: Session, actor, item: WorkItem) -> None:
    """Tell the capabilities that an authorised person opened the task (e.g. a disposition is read)."""
    for opened in registry().task_opened:
        opened(session, actor, item)


_CURRENT_MODEL = (select(ProcessModel, ProcessVersion)
                  .join(ProcessVersion, ProcessVersion.id == ProcessModel.current_version_id)
                  .where(ProcessModel.id == bindparam("model_id")))


def current_model(session: Session, model_id: str) -> tuple[ProcessModel, ProcessVersion]:
    """The model and its current version in one query (both stay in the session for the engine)."""
    found = session.execute(_CURRENT_MODEL, {"model_id": model_id}).first()
    if found is None:
        raise NotFound(f"model {model_id}")
    return found[0], found[1]


def model_detail(session: Session, model_id: str) -> dict:
    model, version = current_model(session, model_id)
    meta = version.meta or {}
    detail = {"id": model.id, "title": model.title, "version": version.number, "label": version.label,
            "owner_unit": model.owner_unit, "description": meta.get("description", ""),
            "catalogue": bool(meta.get("catalogue")), "deployed_at": _iso(version.deployed_at),
            "start_form": form_schema(version, "start")}
    for enrich in registry().model_enrichers:
        enrich(session, detail)
    return detail


# -- who may see an instance -----------------------------------------------------------------
@dataclass(frozen=True)
class InstanceAccess:
    """The policy's target for `processes.view_instance`."""

    instance: ProcessInstance
    starter: bool
    participant: bool


def _participant(session: Session, actor, instance_id: int) -> bool:
    keys = actor.candidate_keys()
    offered = exists().where(WorkItemCandidate.work_item_id == WorkItem.id,
                             or_(*[and_(WorkItemCandidate.kind == k, WorkItemCandidate.value == v) for k, v in keys]))
    return session.scalar(select(exists().where(
        WorkItem.instance_id == instance_id, or_(WorkItem.completed_by == actor.login, offered)))) or False


def instance_access(session: Session, actor, instance_id: int) -> InstanceAccess:
    # The workflow state (the largest column) is loaded only if a page goes on to need it.
    instance = session.get(ProcessInstance, instance_id,
                           options=[defer(ProcessInstance.state), joinedload(ProcessInstance.version)])
    if instance is None:
        raise NotFound(f"instance {instance_id}")
    starter = instance.started_by == actor.login
    return InstanceAccess(instance, starter, not starter and _participant(session, actor, instance_id))


# -- instances -------------------------------------------------------------------------------
def position_titles(session: Session, keys) -> dict[str, str]:
    """{"position:12": "Kepala Seksi …"} for the given acting_for keys (one query)."""
    ids = {int(k.split(":", 1)[1]) for k in keys if isinstance(k, str) and k.startswith("position:")}
    if not ids:
        return {}
    return {f"position:{pid}": title for pid, title in
            session.execute(select(Position.id, Position.title).where(Position.id.in_(ids)))}


def instance_tasks(session: Session, instance_id: int, with_candidates: bool = True) -> list[WorkItem]:
    query = select(WorkItem).where(WorkItem.instance_id == instance_id).order_by(WorkItem.created_at, WorkItem.id)
    if not with_candidates:  # saves the candidates query when only the history is shown
        query = query.options(lazyload(WorkItem.candidates))
    return list(session.scalars(query))


def instance_as_dict(session: Session, instance: ProcessInstance, items: list[WorkItem] | None = None) -> dict:
    items = instance_tasks(session, instance.id, with_candidates=False) if items is None else items
    return {"id": instance.id, "model_id": instance.model_id, "version": instance.version.number,
            "title": instance.version.title, "status": instance.status, "result": instance.result,
            "business_key": instance.business_key, "started_by": instance.started_by,
            "started_at": _iso(instance.started_at), "ended_at": _iso(instance.ended_at),
            "tasks": [{"id": i.id, "name": i.task_name, "title": i.title, "state": i.state,
                       "completed_by": i.completed_by, "acting_for": i.acting_for,
                       "created_at": _iso(i.created_at), "due_at": _iso(i.due_at),
                       "completed_at": _iso(i.completed_at)} for i in items]}


def instance_data(session: Session, instance: ProcessInstance) -> dict:
    return get_engine().instance_data(session, instance)


def my_instances(session: Session, actor, limit: int = 100) -> list[ProcessInstance]:
    return list(session.scalars(select(ProcessInstance).where(ProcessInstance.started_by == actor.login)
                                .order_by(ProcessInstance.started_at.desc(), ProcessInstance.id.desc()).limit(limit)))


def all_instances(session: Session, limit: int = 100, offset: int = 0) -> list[ProcessInstance]:
    offset = min(max(offset, 0), MAX_ID)  # a page number past every row lists nothing (no integer overflow)
    return list(session.scalars(select(ProcessInstance).order_by(ProcessInstance.id.desc())
                                .limit(limit).offset(offset)))


def history(session: Session, instance: ProcessInstance) -> dict:
    """The instance's audit chain as a timeline, and whether it verifies."""
    chain = events.chain_of(instance.id)
    found = audit.events_of(session, chain)
    report = audit.verify_events(chain, found)
    rows = [audit.event_as_dict(e) for e in found]
    titles = position_titles(session, [r["acting_for"] for r in rows])
    for row in rows:
        row["acting_for_title"] = titles.get(row["acting_for"])
    return {"events": rows, "verified": report.verified, "first_bad_seq": report.first_bad_seq}


# -- tasks -----------------------------------------------------------------------------------
_TASK_LOAD = [joinedload(WorkItem.candidates), joinedload(WorkItem.instance).joinedload(ProcessInstance.version)]


def get_task(session: Session, work_item_id: int) -> WorkItem:
    """The work item with its candidates, instance and version in one query (every task use case needs them)."""
    item = session.get(WorkItem, work_item_id, options=_TASK_LOAD)
    if item is None:
        raise NotFound(f"task {work_item_id}")
    return item


def task_detail(session: Session, actor, item: WorkItem) -> dict:
    """The task row with its form (JSON Schema) and the data its form starts from."""
    instance = item.instance
    row = task_row(item, instance, offered_as(actor, item)[1])
    row.update(state=item.state, completed_by=item.completed_by, completed_at=_iso(item.completed_at))
    for enrich in registry().task_enrichers:
        enrich(session, actor, [row])
    row["form"] = form_schema(instance.version, item.task_name)
    row["data"] = get_engine().task_data(session, item) if item.state == "ready" else {}
    return row
