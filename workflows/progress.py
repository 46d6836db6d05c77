"""Bookkeeping after each engine step: work items, path taken, waiting elements, timers, stored state."""
from __future__ import annotations

from datetime import datetime

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.end_event import EndEvent
from SpiffWorkflow.util.task import TaskState
from sqlalchemy.orm import Session

from .models import ProcessInstance, WorkItem
from .state import compact, dump_state
from .timers import timer_due_at
from .workitems import as_utc, candidate_keys, new_work_item, open_items, retire_candidates


def all_tasks(workflow) -> list:
    """Tasks of the workflow and its subprocesses (no depth limit)."""
    tasks = list(workflow.tasks.values())
    for sub in workflow.subprocesses.values():
        tasks += list(sub.tasks.values())
    return tasks


def ready_human_tasks(workflow) -> list:
    return [t for t in all_tasks(workflow) if t.state == TaskState.READY and t.task_spec.manual]


def waiting_timers(workflow) -> list:
    return [t for t in workflow.event_manager.tasks.values()
            if t.state == TaskState.WAITING and isinstance(t.task_spec.event_definition, TimerEventDefinition)]


def next_timer_at(workflow) -> datetime | None:
    dues = [timer_due_at(t._get_internal_data("event_value")) for t in waiting_timers(workflow)]
    dues = [d for d in dues if d is not None]
    return min(dues) if dues else None


def _task_property(task, name: str) -> str | None:
    return (getattr(task.task_spec, "extensions", None) or {}).get("properties", {}).get(name)


def _title(task) -> str:
    spec = task.task_spec
    return spec.bpmn_name or spec.bpmn_id or spec.name


def create_work_item(instance: ProcessInstance, task, script_engine, now: datetime) -> WorkItem:
    """Evaluate the user task's `candidates` and `due` properties and build its work item."""
    candidates = _task_property(task, "candidates")
    keys = candidate_keys(script_engine.evaluate(task, candidates)) if candidates else []
    due = _task_property(task, "due")
    due_at = as_utc(script_engine.evaluate(task, due)) if due else None
    return new_work_item(instance, task, _title(task), keys, due_at, now)


def sync_work_items(session: Session, instance: ProcessInstance, workflow, script_engine,
                    now: datetime) -> tuple[list[WorkItem], list[WorkItem]]:
    """Open items for newly ready user tasks and close items whose task left READY; (created, closed)."""
    ready = {str(t.id): t for t in ready_human_tasks(workflow)}
    tasks = {str(t.id): t for t in all_tasks(workflow)}
    closed = []
    for item in open_items(session, instance.id) if instance.id is not None else []:
        if item.task_id in ready:
            ready.pop(item.task_id)
            continue
        task = tasks.get(item.task_id)
        item.state = "completed" if task is not None and task.state == TaskState.COMPLETED else "cancelled"
        item.completed_at = item.completed_at or now
        closed.append(item)
    retire_candidates(session, closed)
    created = [create_work_item(instance, task, script_engine, now) for task in ready.values()]
    session.add_all(created)
    return created, closed


def _element_ids(tasks, mask: int) -> list[str]:
    return [t.task_spec.bpmn_id for t in tasks if t.has_state(mask) and getattr(t.task_spec, "bpmn_id", None)]


def end_event_reached(workflow) -> str | None:
    ends = [t for t in all_tasks(workflow)
            if t.state == TaskState.COMPLETED and isinstance(t.task_spec, EndEvent) and t.workflow is workflow]
    return max(ends, key=lambda t: t.last_state_change).task_spec.bpmn_id if ends else None


def store(instance: ProcessInstance, workflow, now: datetime) -> None:
    """Record path and waiting elements, compact history, and store the state (without spec)."""
    tasks = all_tasks(workflow)
    path = list(instance.path or [])
    path += [e for e in dict.fromkeys(_element_ids(tasks, TaskState.COMPLETED)) if e not in path]
    instance.path = path
    instance.waiting = list(dict.fromkeys(_element_ids(tasks, TaskState.READY | TaskState.WAITING)))
    compact(workflow)
    instance.state = dump_state(workflow)
    instance.next_timer_at = next_timer_at(workflow) if instance.status == "running" else None
