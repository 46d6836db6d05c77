"""Process plugins: what a capability contributes to the process runtime and to the letters rule,
declared once as an immutable object, composed once by `create_app`.

A capability that takes part in processes has a module `plugin.py` with `PLUGIN = Plugin(...)`.
`create_app` composes every capability's plugin, in the declared capability order, into one
`Registry` held by the app (`app.extensions["eoffice.plugins"]`, read with `registry()`), the way
a composition root builds its bus. Nothing registers itself at import time and nothing is added
after composition; a model claimed by two plugins, or two reminder notifiers, refuse to compose.

What a plugin may contribute (each a tuple of plain functions unless said otherwise):

- `handlers` — `{model_id: TaskHandler}`. `start_process` and `complete_task` call the model's
  handler with one explicit `TaskContext` (session, actor, work item, and `scratch`: a dict for
  this one use case, e.g. the signing passphrase between `before` and `after`; never stored).
  `before(ctx, data) -> data` runs once the actor is authorised and the item is ready, before the
  engine (validate, raise `InvalidInput`; nothing is written yet); `after(ctx, data, completion)`
  runs after the engine in the same transaction (raising rolls the completion back).
  `before_start(ctx, data) -> data` and `after_start(ctx, instance, data)` do the same around a start.
- `task_enrichers` — `enrich(session, actor, rows)`: add fields to a page of task rows in place,
  with one query for the whole page, touching only rows of one's own models.
- `task_pages` — `page(session, item) -> url | None`: where a task is done when it is not the
  generic task page (a letter task is done on the letter page).
- `task_opened` — `opened(session, actor, item)`: an authorised person opened a task.
- `event_listeners` — `listener(session, instance, action, **kw)`: after each audit event of an
  instance (engine events, `task_ready`, `task_reminder`), inside the same transaction.
- `start_checks` — `check(session, actor, model_id)`: raise to refuse a start.
- `deploy_checks` — `check(session, package) -> [Problem]`: run when a model is deployed.
- `model_enrichers` — `enrich(session, detail)`: add keys to a process model's detail.
- `reminder_notifier` — one `notify(session, recipients, title, body, link)` (at most one plugin).
- `letter_path` — `clause(session, actor)`: a SQL condition on `Letter` naming the letters on the
  actor's path that this capability knows of (outgoing: drafter, paraf path, reviewers). The
  letters capability ORs them into its one visibility rule.
- `letter_fields` — `fields(session, letter) -> dict`: extra fields of a letter's API body.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping

from flask import current_app

KEY = "eoffice.plugins"


@dataclass(frozen=True)
class TaskContext:
    """What a task handler gets: the use case's session and actor, the work item (None on a
    start), the model, and a scratch dict for this use case only."""

    session: Any
    actor: Any
    model_id: str
    item: Any = None
    scratch: dict = field(default_factory=dict)


class TaskHandler:
    """Base class of per-model task handlers; override what the model needs (defaults do nothing)."""

    def before_start(self, ctx: TaskContext, data: dict) -> dict:
        return data

    def after_start(self, ctx: TaskContext, instance, data: dict) -> None:
        return None

    def before(self, ctx: TaskContext, data: dict) -> dict:
        return data

    def after(self, ctx: TaskContext, data: dict, completion) -> None:
        return None


DEFAULT_HANDLER = TaskHandler()
_EMPTY: Mapping = MappingProxyType({})


@dataclass(frozen=True)
class Plugin:
    """One capability's contributions (see the module docstring); immutable."""

    name: str
    handlers: Mapping[str, TaskHandler] = field(default_factory=lambda: _EMPTY)
    task_enrichers: tuple[Callable, ...] = ()
    task_pages: tuple[Callable, ...] = ()
    task_opened: tuple[Callable, ...] = ()
    event_listeners: tuple[Callable, ...] = ()
    start_checks: tuple[Callable, ...] = ()
    deploy_checks: tuple[Callable, ...] = ()
    model_enrichers: tuple[Callable, ...] = ()
    reminder_notifier: Callable | None = None
    letter_path: tuple[Callable, ...] = ()
    letter_fields: tuple[Callable, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "handlers", MappingProxyType(dict(self.handlers)))


@dataclass(frozen=True)
class Registry:
    """Every plugin's contributions, composed in capability order; immutable."""

    plugins: tuple[str, ...] = ()
    handlers: Mapping[str, TaskHandler] = field(default_factory=lambda: _EMPTY)
    task_enrichers: tuple[Callable, ...] = ()
    task_pages: tuple[Callable, ...] = ()
    task_opened: tuple[Callable, ...] = ()
    event_listeners: tuple[Callable, ...] = ()
    start_checks: tuple[Callable, ...] = ()
    deploy_checks: tuple[Callable, ...] = ()
    model_enrichers: tuple[Callable, ...] = ()
    reminder_notifier: Callable | None = None
    letter_path: tuple[Callable, ...] = ()
    letter_fields: tuple[Callable, ...] = ()

    def handler_for(self, model_id: str) -> TaskHandler:
        return self.handlers.get(model_id, DEFAULT_HANDLER)


SEQUENCES = ("task_enrichers", "task_pages", "task_opened", "event_listeners", "start_checks",
              "deploy_checks", "model_enrichers", "letter_path", "letter_fields")


def compose(plugins: Iterable[Plugin]) -> Registry:
    """One registry from the plugins, in their order; a model with two handlers or two reminder
    notifiers is a wiring mistake and refused here, at start-up."""
    plugins = tuple(plugins)
    handlers: dict[str, TaskHandler] = {}
    owner: dict[str, str] = {}
    notifiers = [p for p in plugins if p.reminder_notifier is not None]
    if len(notifiers) > 1:
        raise ValueError(f"two reminder notifiers: {', '.join(p.name for p in notifiers)}")
    for plugin in plugins:
        for model_id, handler in plugin.handlers.items():
            if model_id in handlers:
                raise ValueError(f"model {model_id} is claimed by {owner[model_id]} and {plugin.name}")
            handlers[model_id], owner[model_id] = handler, plugin.name
    sequences = {name: tuple(fn for p in plugins for fn in getattr(p, name)) for name in SEQUENCES}
    return Registry(plugins=tuple(p.name for p in plugins), handlers=MappingProxyType(handlers),
                    reminder_notifier=notifiers[0].reminder_notifier if notifiers else None, **sequences)


def registry() -> Registry:
    """The app's composed registry (an empty one for an app built without capabilities)."""
    return current_app.extensions.get(KEY) or Registry()
