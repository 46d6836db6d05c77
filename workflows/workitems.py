"""Work items: the index of human tasks (inbox and history) and who may act on them."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterable

from sqlalchemy import and_, bindparam, or_, select, true, update
from sqlalchemy.orm import Session, joinedload, lazyload

from .models import ProcessInstance, WorkItem, WorkItemCandidate
from .sandbox.data import safe_repr

CANDIDATE_KINDS = ("position", "user", "role")
MAX_CANDIDATES = 500
MAX_CANDIDATE_DEPTH = 3


def candidate_keys(value: Any) -> list[tuple[str, str]]:
    """Normalise a `candidates` expression result to (kind, value) pairs.

    Accepts an int position id, "position:<id>", "user:<login>", "role:<name>", or a list of them
    (nested at most MAX_CANDIDATE_DEPTH deep, at most MAX_CANDIDATES distinct ones: the value comes
    from a model's expression, so its size is the model author's choice).
    """
    keys: dict[tuple[str, str], None] = {}   # ordered, and de-duplicated in constant time
    _collect_candidates(value, keys, 0)
    return list(keys)


def _collect_candidates(value: Any, keys: dict, depth: int) -> None:
    if value is None:
        return
    if isinstance(value, (list, tuple, set, frozenset)):
        if depth >= MAX_CANDIDATE_DEPTH:
            raise ValueError(f"daftar kandidat bersarang terlalu dalam (maksimal {MAX_CANDIDATE_DEPTH} tingkat)")
        for item in value:
            _collect_candidates(item, keys, depth + 1)
        return
    keys[_candidate_key(value)] = None
    if len(keys) > MAX_CANDIDATES:
        raise ValueError(f"terlalu banyak kandidat (maksimal {MAX_CANDIDATES})")


def _candidate_key(value: Any) -> tuple[str, str]:
    if isinstance(value, bool):
        raise ValueError(f"kandidat tidak valid: {safe_repr(value)}")
    if isinstance(value, int):
        return ("position", str(value))
    if isinstance(value, str) and ":" in value:
        kind, _, rest = value.partition(":")
        if kind in CANDIDATE_KINDS and rest.strip():
            return (kind, rest.strip())
    raise ValueError(f"kandidat tidak valid: {safe_repr(value)} (pakai id jabatan, 'position:', 'user:' atau 'role:')")


def as_utc(value: Any) -> datetime | None:
    """A due/timer value (aware datetime or ISO string) as an aware UTC datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        raise ValueError(f"tanggal tidak valid: {safe_repr(value)}")
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def ready_items(session: Session, keys: Iterable[tuple[str, str]], limit: int | None = None) -> list[WorkItem]:
    """Ready work items any of `keys` may act on, e.g. [("position", "12"), ("user", "budi")].

    One indexed query; each item comes with its instance (business_key, summary…) but without
    the instance's workflow state, and with candidates loaded lazily.
    """
    pairs = [(kind, str(value)) for kind, value in keys]
    if not pairs:
        return []
    match = or_(*[and_(WorkItemCandidate.kind == k, WorkItemCandidate.value == v) for k, v in pairs])
    ids = select(WorkItemCandidate.work_item_id).where(WorkItemCandidate.ready == true(), match)
    query = (select(WorkItem)
             .options(joinedload(WorkItem.instance).defer(ProcessInstance.state), lazyload(WorkItem.candidates))
             .where(WorkItem.state == "ready", WorkItem.id.in_(ids))
             .order_by(WorkItem.due_at.is_(None), WorkItem.due_at, WorkItem.created_at, WorkItem.id))
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


# Built once (bound parameters): every start and completion runs these.
_OPEN_ITEMS = (select(WorkItem).options(lazyload(WorkItem.candidates))
               .where(WorkItem.instance_id == bindparam("instance_id"), WorkItem.state == "ready")
               .order_by(WorkItem.id))
_CANDIDATES = WorkItemCandidate.__table__
_RETIRE = _CANDIDATES.update().where(_CANDIDATES.c.work_item_id.in_(bindparam("ids", expanding=True))).values(ready=False)


def open_items(session: Session, instance_id: int) -> list[WorkItem]:
    """The instance's ready work items."""
    return list(session.scalars(_OPEN_ITEMS, {"instance_id": instance_id}))


def instance_items(session: Session, instance_id: int) -> list[WorkItem]:
    """Every work item of an instance (its human history), oldest first."""
    return list(session.scalars(select(WorkItem).where(WorkItem.instance_id == instance_id)
                                .order_by(WorkItem.created_at, WorkItem.id)))


def may_act(item: WorkItem, keys: Iterable[tuple[str, str]]) -> bool:
    """Whether any of `keys` is a candidate of the item."""
    wanted = {(k, str(v)) for k, v in keys}
    return any((c.kind, c.value) in wanted for c in item.candidates)


def retire_candidates(session: Session, items: list[WorkItem]) -> None:
    """Items that left READY drop out of the inbox index (their candidate rows stay as history)."""
    ids = [item.id for item in items if item.id is not None]
    if ids:
        session.execute(_RETIRE, {"ids": ids})


def new_work_item(instance: ProcessInstance, task, title: str, keys: list[tuple[str, str]],
                  due_at: datetime | None, now: datetime) -> WorkItem:
    """A ready work item for a ready user task."""
    spec = task.task_spec
    item = WorkItem(instance=instance, task_id=str(task.id), task_name=spec.bpmn_id or spec.name,
                    title=title, lane=spec.lane, state="ready", due_at=due_at, created_at=now)
    item.candidates = [WorkItemCandidate(kind=k, value=v) for k, v in keys]
    return item
