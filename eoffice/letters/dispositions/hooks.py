"""Registers the letter and disposition task handlers, the task enricher and the timer reactions;
opening a letter task (API or page) reads the disposition, and its page is the letter page."""
from __future__ import annotations

from flask import Flask, g, redirect, request, url_for

from eoffice.processes import hooks

LETTER_MODELS = ("surat_masuk", "disposisi")


def _letter_task(work_item_id):
    from eoffice.app.extensions import db
    from eoffice.letters.services import letter_id_of
    from workflows.models import WorkItem

    item = db.session.get(WorkItem, work_item_id) if work_item_id is not None else None
    if item is None or item.instance.model_id not in LETTER_MODELS:
        return None, None
    return item, letter_id_of(item.instance.business_key)


def _task_page_is_letter_page():
    """GET /tasks/<id> of a letter task shows the letter page, where the task is done."""
    if request.endpoint != "processes.task" or request.method != "GET" or g.get("actor") is None:
        return None
    item, letter_id = _letter_task((request.view_args or {}).get("work_item_id"))
    if letter_id is None:
        return None
    return redirect(url_for("letters.show", letter_id=letter_id, task=item.id))


def _api_task_opened(response):
    """GET /api/v1/tasks/<id> answered 200: the caller has read the disposition."""
    if request.endpoint == "processes_api.task" and response.status_code == 200 and g.get("actor") is not None:
        from eoffice.letters.dispositions.handlers import on_task_opened
        from eoffice.app.extensions import db

        item, letter_id = _letter_task((request.view_args or {}).get("work_item_id"))
        if letter_id is not None:
            on_task_opened(db.session, g.actor, item)
            db.session.commit()
    return response


def init_app(app: Flask) -> None:
    from eoffice.letters.dispositions import handlers

    hooks.TASK_HANDLERS["surat_masuk"] = handlers.IncomingLetterTasks()
    hooks.TASK_HANDLERS["disposisi"] = handlers.DispositionTasks()
    if handlers.enrich_tasks not in hooks.TASK_ENRICHERS:
        hooks.TASK_ENRICHERS.append(handlers.enrich_tasks)
    if handlers.on_engine_event not in hooks.EVENT_LISTENERS:
        hooks.EVENT_LISTENERS.append(handlers.on_engine_event)
    opened = getattr(hooks, "TASK_OPENED", None)
    if opened is not None:
        if handlers.on_task_opened not in opened:
            opened.append(handlers.on_task_opened)
    else:
        app.after_request(_api_task_opened)
    app.before_request(_task_page_is_letter_page)
