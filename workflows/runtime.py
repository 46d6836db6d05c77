"""The runtime `Engine`: start instances, complete work items, fire due timers, cancel."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Mapping, Protocol
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from . import progress
from .errors import (
    FormInvalid, InstanceNotFound, InstanceNotRunning, ScriptError, TaskConflict, WorkItemNotFound,
)
from .forms import validate_form
from .models import ProcessInstance, WorkItem
from .sandbox import DEFAULT_LIMITS, Limits
from .scripting import Clock, SandboxScriptEngine, utc_now
from .state import load_state
from .versions import current_version, form_schema, parsed_spec

FAILURES = (SpiffWorkflowException, ScriptError, ValueError, TypeError, KeyError, NameError)


class Listener(Protocol):
    def on_event(self, session: Session, instance: ProcessInstance, action: str, *, task=None,
                 actor=None, acting_for=None, data=None) -> None: ...


@dataclass
class Completion:
    """Result of completing a work item: the instance and the work items that became ready."""

    instance: ProcessInstance
    next_items: list[WorkItem] = field(default_factory=list)


class Engine:
    """Runs process instances; every method takes the caller's Session (the caller commits).

    `limits` bounds every script, condition and expression the instances run (see
    `workflows.sandbox.Limits`: steps, seconds, sizes, and the data one script may store).
    """

    def __init__(self, helpers: Mapping[str, Callable] | None = None, clock: Clock = utc_now,
                 listener: Listener | None = None,
                 session_helpers: Callable[[Session], Mapping[str, Callable]] | None = None,
                 limits: Limits = DEFAULT_LIMITS):
        self.helpers = dict(helpers or {})
        self.clock = clock
        self.listener = listener
        self.session_helpers = session_helpers
        self.limits = limits

    # -- plumbing -------------------------------------------------------------------------
    def script_engine(self, session: Session, clock: Clock | None = None) -> SandboxScriptEngine:
        """The sandboxed script engine with the app helpers (and session-bound helpers) in scope."""
        helpers = dict(self.helpers)
        if self.session_helpers is not None:
            helpers.update(self.session_helpers(session))
        return SandboxScriptEngine(helpers, clock=clock or self.clock, limits=self.limits)

    def _emit(self, session, instance, action, **kwargs) -> None:
        if self.listener is not None:
            self.listener.on_event(session, instance, action, **kwargs)

    def workflow(self, session: Session, instance: ProcessInstance, clock: Clock | None = None) -> BpmnWorkflow:
        """The instance's live SpiffWorkflow object, restored on its pinned version's spec."""
        return load_state(instance.state, parsed_spec(instance.version), self.script_engine(session, clock))

    def _advance(self, session, instance, workflow) -> tuple[list, list, str | None]:
        """Run engine steps, sync work items and store; returns (created, closed, error)."""
        now, error = workflow.script_engine.clock(), None
        try:
            workflow.do_engine_steps()
            created, closed = progress.sync_work_items(session, instance, workflow,
                                                       workflow.script_engine, now)
        except FAILURES as exc:
            error, created, closed = f"{type(exc).__name__}: {exc}", [], []
            instance.status, instance.error = "error", error
        if error is None and workflow.is_completed():
            instance.status, instance.ended_at = "completed", now
            instance.result = self._result(workflow)
        progress.store(instance, workflow, now)
        return created, closed, error

    @staticmethod
    def _result(workflow) -> str | None:
        value = workflow.data.get("result")
        return str(value) if value is not None else progress.end_event_reached(workflow)

    def _flush(self, session: Session) -> None:
        try:
            session.flush()
        except StaleDataError as exc:
            raise TaskConflict("instans telah diubah oleh proses lain; muat ulang dan coba lagi") from exc

    def _after_step(self, session, instance, error, actor=None, acting_for=None) -> None:
        if error is not None:
            self._emit(session, instance, "instance_error", actor=actor, acting_for=acting_for,
                       data={"error": error})
        elif instance.status == "completed":
            self._emit(session, instance, "instance_completed", actor=actor, acting_for=acting_for,
                       data={"result": instance.result})

    # -- use cases ------------------------------------------------------------------------
    def start(self, session: Session, model_id: str, data: Mapping[str, Any] | None, started_by: str | None,
              acting_for: str | None = None, business_key: str | None = None) -> ProcessInstance:
        """Start an instance of the model's current version (start form checked when present)."""
        return self.start_with_items(session, model_id, data, started_by, acting_for, business_key).instance

    def start_with_items(self, session: Session, model_id: str, data: Mapping[str, Any] | None,
                         started_by: str | None, acting_for: str | None = None, business_key: str | None = None,
                         summary: Mapping[str, Any] | None = None) -> Completion:
        """`start`, also giving the work items that became ready; `summary` is stored with the first INSERT."""
        version = current_version(session, model_id)
        data = dict(data or {})
        errors = validate_form(form_schema(version, "start"), data)
        if errors:
            raise FormInvalid(errors)
        parsed = parsed_spec(version)
        workflow = BpmnWorkflow(parsed.spec, parsed.subprocess_specs, script_engine=self.script_engine(session))
        workflow.get_tasks(state=TaskState.READY)[0].data.update(data)
        now = self.clock()
        instance = ProcessInstance(version=version, version_id=version.id, model_id=version.model_id,
                                   status="running", business_key=business_key, started_by=started_by,
                                   started_at=now, summary=dict(summary or {}), state={}, path=[], waiting=[])
        session.add(instance)
        with session.no_autoflush:  # one INSERT of the instance with its first state
            created, _, error = self._advance(session, instance, workflow)
        self._flush(session)
        self._emit(session, instance, "instance_started", actor=started_by, acting_for=acting_for, data=data)
        self._after_step(session, instance, error, started_by, acting_for)
        return Completion(instance, created)

    def _ready_task(self, session: Session, work_item_id: int):
        item = session.get(WorkItem, work_item_id)
        if item is None:
            raise WorkItemNotFound(f"tugas {work_item_id} tidak ditemukan")
        if item.state != "ready":
            raise TaskConflict("tugas ini sudah diselesaikan atau dibatalkan")
        instance = item.instance
        if instance.status != "running":
            raise TaskConflict("instans proses tidak sedang berjalan")
        workflow = self.workflow(session, instance)
        task = _find_task(workflow, item.task_id)
        if task is None or task.state != TaskState.READY:
            raise TaskConflict("tugas ini tidak lagi menunggu penyelesaian")
        return item, instance, workflow, task

    def complete(self, session: Session, work_item_id: int, data: Mapping[str, Any] | None, actor: str,
                 acting_for: str | None = None) -> Completion:
        """Complete a ready work item with form data; exactly one completion wins (`TaskConflict`)."""
        with session.no_autoflush:  # one flush at the end: the instance row's version check comes first
            item, instance, workflow, task = self._ready_task(session, work_item_id)
            data = dict(data or {})
            errors = validate_form(form_schema(instance.version, item.task_name), data)
            if errors:
                raise FormInvalid(errors)
            task.data.update(data)
            now = self.clock()
            try:
                task.run()
            except FAILURES as exc:
                instance.status, instance.error = "error", f"{type(exc).__name__}: {exc}"
            item.state, item.completed_at = "completed", now
            item.completed_by, item.acting_for = actor, acting_for
            if instance.status == "error":
                progress.store(instance, workflow, now)
                created, error = [], instance.error
            else:
                created, _, error = self._advance(session, instance, workflow)
        self._flush(session)
        self._emit(session, instance, "task_completed", task=item, actor=actor, acting_for=acting_for, data=data)
        self._after_step(session, instance, error, actor, acting_for)
        return Completion(instance, created)

    def due_instances(self, session: Session, now: datetime | None = None, limit: int = 100) -> list[int]:
        """Ids of running instances with a timer due at `now` (for a job that fires one per transaction)."""
        now = now or self.clock()
        return list(session.scalars(
            select(ProcessInstance.id).where(ProcessInstance.status == "running",
                                             ProcessInstance.next_timer_at <= now)
            .order_by(ProcessInstance.next_timer_at).limit(limit)))

    def fire_timers(self, session: Session, instance_id: int, now: datetime | None = None) -> int:
        """Fire the instance's timers due at `now` (default: the engine clock); returns how many fired."""
        with session.no_autoflush:
            instance = _get_instance(session, instance_id)
            if instance.status != "running":
                return 0
            workflow = self.workflow(session, instance, clock=(lambda: now) if now else None)
            before = {t.id: (t.state, repr(t.internal_data)) for t in progress.waiting_timers(workflow)}
            workflow.refresh_timers()
            fired = [workflow.get_task_from_id(tid) for tid, seen in before.items()
                     if _timer_moved(workflow.get_task_from_id(tid), seen)]
            if not fired:
                return 0
            _, _, error = self._advance(session, instance, workflow)
        self._flush(session)
        for task in fired:
            self._emit(session, instance, "timer_fired",
                       data={"element": task.task_spec.bpmn_id, "name": task.task_spec.bpmn_name})
        self._after_step(session, instance, error)
        return len(fired)

    def fire_due_timers(self, session: Session, now: datetime | None = None, limit: int = 100) -> int:
        """Fire every due timer of every running instance; returns the number of timers fired."""
        return sum(self.fire_timers(session, iid, now) for iid in self.due_instances(session, now, limit))

    def cancel(self, session: Session, instance_id: int, actor: str | None, reason: str | None = None) -> ProcessInstance:
        """Cancel a running instance and its open work items."""
        with session.no_autoflush:
            instance = _get_instance(session, instance_id)
            if instance.status not in ("running", "error"):
                raise InstanceNotRunning("instans proses tidak sedang berjalan")
            workflow = self.workflow(session, instance)
            workflow.cancel()
            now = self.clock()
            for item in progress.open_items(session, instance.id):
                item.state, item.completed_at = "cancelled", now
            instance.status, instance.ended_at, instance.result = "cancelled", now, "cancelled"
            progress.store(instance, workflow, now)
        self._flush(session)
        self._emit(session, instance, "instance_cancelled", actor=actor, data={"reason": reason})
        return instance

    def retry(self, session: Session, instance_id: int, actor: str | None) -> ProcessInstance:
        """Run an instance in error again from the failed tasks (after a helper or data was fixed)."""
        with session.no_autoflush:
            instance = _get_instance(session, instance_id)
            if instance.status != "error":
                raise InstanceNotRunning("hanya instans berstatus error yang dapat dijalankan ulang")
            workflow = self.workflow(session, instance)
            for task in progress.all_tasks(workflow):
                if task.state == TaskState.ERROR:
                    task._set_state(TaskState.READY)
            instance.status, instance.error = "running", None
            _, _, error = self._advance(session, instance, workflow)
        self._flush(session)
        self._emit(session, instance, "instance_retried", actor=actor)
        self._after_step(session, instance, error, actor)
        return instance

    # -- reading --------------------------------------------------------------------------
    def task_data(self, session: Session, work_item: WorkItem) -> dict:
        """The data the work item's task sees (to pre-fill its form); {} when the task is gone."""
        task = _find_task(self.workflow(session, work_item.instance), work_item.task_id)
        return dict(task.data) if task is not None else {}

    def instance_data(self, session: Session, instance: ProcessInstance) -> dict:
        """The instance's current data: final data when finished, else the latest completed task's."""
        workflow = self.workflow(session, instance)
        if workflow.is_completed():
            return dict(workflow.data)
        task = workflow.last_task or workflow.task_tree
        ready = progress.ready_human_tasks(workflow)
        return dict((ready[0] if ready else task).data)


def _timer_moved(task, seen: tuple) -> bool:
    """Whether a timer task fired on refresh (left WAITING, or a cycle timer advanced)."""
    state, internal = seen
    return task.state != state or task._get_internal_data("event_fired", False) or (
        repr(task.internal_data) != internal and "event_value" in task.internal_data)


def _find_task(workflow, task_id: str):
    uid = UUID(task_id)
    if uid in workflow.tasks:
        return workflow.tasks[uid]
    for sub in workflow.subprocesses.values():
        if uid in sub.tasks:
            return sub.tasks[uid]
    return None


def _get_instance(session: Session, instance_id: int) -> ProcessInstance:
    instance = session.get(ProcessInstance, instance_id)
    if instance is None:
        raise InstanceNotFound(f"instans {instance_id} tidak ditemukan")
    return instance
