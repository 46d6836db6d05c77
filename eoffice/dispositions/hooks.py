"""Registers the letter and disposition task handlers, the task enricher and the timer reactions."""
from __future__ import annotations

from flask import Flask

from eoffice.processes import hooks


def init_app(app: Flask) -> None:
    from eoffice.dispositions import handlers

    hooks.TASK_HANDLERS["surat_masuk"] = handlers.IncomingLetterTasks()
    hooks.TASK_HANDLERS["disposisi"] = handlers.DispositionTasks()
    if handlers.enrich_tasks not in hooks.TASK_ENRICHERS:
        hooks.TASK_ENRICHERS.append(handlers.enrich_tasks)
    if handlers.on_engine_event not in hooks.EVENT_LISTENERS:
        hooks.EVENT_LISTENERS.append(handlers.on_engine_event)
    opened = getattr(hooks, "TASK_OPENED", None)
    if opened is not None and handlers.on_task_opened not in opened:
        opened.append(handlers.on_task_opened)
