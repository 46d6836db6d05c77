"""Extension points other capabilities plug into (letters, dispositions, outgoing, SPBE, notifications).

Registries are plain module-level containers; a capability fills them from its own
`hooks.init_app(app)` (or at import time) and `eoffice.processes.runtime` reads them:

- `TASK_HANDLERS[model_id]` — a `TaskHandler` for the model's tasks. `complete_task` calls
  `before(session, actor, item, data)` once the actor is authorised and the item is ready, before
  the engine runs: validate the payload against domain rules (raise `eoffice.core.errors.InvalidInput`
  with field errors, nothing is written yet) and return the data to hand to the engine (it may add
  computed fields; they are still checked against the task's form). After the engine completed the
  task (same transaction) it calls `after(session, actor, item, data, completion)` for domain side
  effects (update a letter, number a document…); raising there rolls the whole completion back.
  `before_start(session, actor, model_id, data) -> data` and `after_start(session, actor, instance,
  data)` work the same way around `start_process`.
- `TASK_ENRICHERS` — callables `enrich(session, rows)` that add fields to task listings (inbox,
  `GET /api/v1/tasks`) in place. `rows` is the whole page of dicts with at least "id",
  "instance_id", "model_id", "name", "business_key": look up what you need in ONE query for all rows
  (no query per row), and only touch rows of your own models.
- `DEPLOY_CHECKS` — callables `check(session, pkg) -> list[workflows.errors.Problem]` run when a
  model is deployed (seed and admin upload); the SPBE team appends its link check here.
- `EVENT_LISTENERS` — callables `listener(session, instance, action, **kw)` called after the audit
  event is recorded, inside the same transaction, for engine events (`instance_started`,
  `task_completed`, `timer_fired`, `instance_completed`, `instance_cancelled`, `instance_error`) and
  the app's own `task_ready` (kw: task=WorkItem) and `task_reminder` (kw: task=WorkItem,
  recipients=[(kind, value)…]). Notifications and domain capabilities react here.
- `MODEL_ENRICHERS` — callables `enrich(session, detail)` adding keys to
  `GET /api/v1/process-models/<id>` (the SPBE team adds "spbe" and "versions").
- `START_CHECKS` — callables `check(session, actor, model_id)` run first in `start_process`; a
  check refuses a start by raising (`Conflict`, `PermissionDenied`); the catalogue leaves out
  models a check refuses (e.g. a retired model).
- `TASK_OPENED` — callables `opened(session, actor, item)` called when an authorised person opens a
  task (`GET /api/v1/tasks/<id>`, the task page); the view commits.
- `REMINDER_NOTIFIER` — set by the notifications capability: `notify(session, recipients, title,
  body, link)`; when it is None reminders are only recorded as audit events.
"""
from __future__ import annotations

from typing import Any, Callable

from flask import Flask


class TaskHandler:
    """Base class of per-model task handlers; override what the model needs (defaults do nothing)."""

    def before_start(self, session, actor, model_id: str, data: dict) -> dict:
        return data

    def after_start(self, session, actor, instance, data: dict) -> None:
        return None

    def before(self, session, actor, item, data: dict) -> dict:
        return data

    def after(self, session, actor, item, data: dict, completion) -> None:
        return None


TASK_HANDLERS: dict[str, TaskHandler] = {}
TASK_ENRICHERS: list[Callable[[Any, list[dict]], None]] = []
DEPLOY_CHECKS: list[Callable[[Any, Any], list]] = []
EVENT_LISTENERS: list[Callable[..., None]] = []
MODEL_ENRICHERS: list[Callable[[Any, dict], None]] = []
START_CHECKS: list[Callable[[Any, Any, str], None]] = []
TASK_OPENED: list[Callable[[Any, Any, Any], None]] = []
REMINDER_NOTIFIER: Callable[..., None] | None = None

_DEFAULT_HANDLER = TaskHandler()


def handler_for(model_id: str) -> TaskHandler:
    return TASK_HANDLERS.get(model_id, _DEFAULT_HANDLER)


def init_app(app: Flask) -> None:
    """Registers this capability's own handler (the leave request); others fill the rest."""
    from eoffice.processes import leave

    TASK_HANDLERS.setdefault(leave.MODEL_ID, leave.LeaveTasks())
