"""Process JSON API: models, starting instances, tasks (list, read, complete), instances."""
from __future__ import annotations

from flask import Blueprint, g, jsonify

from eoffice.app.extensions import db
from eoffice.app.transaction import use_case
from eoffice.core.policy import authorize
from eoffice.processes import services
from eoffice.auth.guards import api_auth
from eoffice.core.http import json_body

api_bp = Blueprint("processes_api", __name__, url_prefix="/api/v1")


@api_bp.get("/process-models")
@api_auth
def models():
    authorize(g.actor, "processes.view_catalogue")
    return jsonify(services.list_models(db.session))


@api_bp.get("/process-models/<model_id>")
@api_auth
def model(model_id: str):
    authorize(g.actor, "processes.view_catalogue")
    return jsonify(services.model_detail(db.session, model_id))


@api_bp.post("/process-models/<model_id>/instances")
@api_auth
@use_case
def start(model_id: str):
    _model, version = services.current_model(db.session, model_id)
    authorize(g.actor, "processes.start", version.meta)
    body = json_body()
    started = services.begin_process(db.session, g.actor, model_id, body.get("data", {}),
                                     acting_position_id=body.get("acting_position_id"))
    instance = started.instance
    answer = {"id": instance.id, "model_id": instance.model_id, "version": version.number, "status": instance.status,
              "next_tasks": _next_tasks(started.next_items)}
    return jsonify(answer), 201


def _next_tasks(items) -> list[dict]:
    """The work items a start or a completion made ready (the instance page lists the same)."""
    return [{"id": i.id, "name": i.task_name, "title": i.title, "due_at": i.due_at.isoformat() if i.due_at else None}
            for i in items]


@api_bp.get("/tasks")
@api_auth
def tasks():
    authorize(g.actor, "inbox.view")
    return jsonify(services.inbox_items(db.session, g.actor))


def _visible_task(work_item_id: int):
    item = services.get_task(db.session, work_item_id)
    if not services.offered_as(g.actor, item)[0]:
        authorize(g.actor, "processes.view_instance", services.instance_access(db.session, g.actor, item.instance_id),
                  hide=True)
    return item


@api_bp.get("/tasks/<int:work_item_id>")
@api_auth
@use_case
def task(work_item_id: int):
    item = _visible_task(work_item_id)
    services.task_opened(db.session, g.actor, item)
    return jsonify(services.task_detail(db.session, g.actor, item))


@api_bp.post("/tasks/<int:work_item_id>/complete")
@api_auth
@use_case
def complete(work_item_id: int):
    item = services.get_task(db.session, work_item_id)
    authorize(g.actor, "processes.complete_task", services.offered_as(g.actor, item)[0])
    body = json_body()
    completion = services.complete_task(db.session, g.actor, work_item_id, body.get("data", {}))
    answer = {"instance": {"id": completion.instance.id, "status": completion.instance.status,
                           "result": completion.instance.result},
              "next_tasks": _next_tasks(completion.next_items)}
    return jsonify(answer)


@api_bp.get("/instances/<int:instance_id>")
@api_auth
def instance(instance_id: int):
    access = services.instance_access(db.session, g.actor, instance_id)
    authorize(g.actor, "processes.view_instance", access, hide=True)
    return jsonify(services.instance_as_dict(db.session, access.instance))


def _op(summary: str, responses: dict, params=(), body: dict | None = None, answer: dict | None = None) -> dict:
    op = {"summary": summary, "responses": {code: {"description": text} for code, text in responses.items()}}
    if answer is not None:
        ok = next(code for code in responses if code.startswith("2"))
        op["responses"][ok]["content"] = {"application/json": {"schema": answer}}
    if params:
        op["parameters"] = [{"name": p, "in": "path", "required": True,
                             "schema": {"type": "integer", "minimum": 1} if p.endswith("_id") and p != "model_id"
                             else {"type": "string"}}
                            for p in params]
    if body is not None:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    return op


def _obj(required: dict, **optional) -> dict:
    return {"type": "object", "required": list(required), "properties": {**required, **optional}}


_INT, _STR, _WHEN = {"type": "integer"}, {"type": "string"}, {"type": ["string", "null"], "format": "date-time"}
_DATA = _obj({"data": {"type": "object", "description": "Form fields (see the model's start form or the task form)"}},
             acting_position_id={"type": "integer", "description": "Start as this position (own or a Plh/Plt one)"})
_DECISION = _obj({"data": {"type": "object", "description": "Fields of the task's form"}})
_TASK = _obj({"id": _INT, "instance_id": _INT, "model_id": _STR, "name": _STR, "title": _STR, "due_at": _WHEN})
_NEXT = _obj({"id": _INT, "name": _STR, "title": _STR, "due_at": _WHEN})
_INSTANCE = _obj({"id": _INT, "model_id": _STR, "version": _INT, "title": _STR, "status": _STR,
                  "started_by": {"type": ["string", "null"]}, "started_at": _WHEN, "ended_at": _WHEN,
                  "tasks": {"type": "array", "items": _obj({"id": _INT, "name": _STR, "title": _STR, "state": _STR})}})
_STATUS = {"enum": ["running", "completed", "error", "cancelled"]}
OPENAPI = {
    "/process-models": {"get": _op("Deployed process models", {"200": "[{id, title, version}]"}, answer={
        "type": "array", "items": _obj({"id": _STR, "title": _STR, "version": _INT})})},
    "/process-models/{model_id}": {"get": _op(
        "A process model: title, version, owner unit, start form", {"200": "Model", "404": "Unknown model"},
        ["model_id"], answer=_obj({"id": _STR, "title": _STR, "version": _INT}))},
    "/process-models/{model_id}/instances": {"post": _op(
        "Start an instance (data checked against the start form)",
        {"201": "{id, model_id, version, status, next_tasks}", "403": "Not startable by the caller",
         "404": "Unknown model", "409": "The model is retired", "422": "Field errors"}, ["model_id"], _DATA,
        answer=_obj({"id": _INT, "model_id": _STR, "version": _INT, "status": _STATUS,
                     "next_tasks": {"type": "array", "items": _NEXT}}))},
    "/tasks": {"get": _op("The caller's ready tasks (including those received through a Plh/Plt)",
                          {"200": "[{id, instance_id, model_id, name, title, due_at, acting_for, …}]"},
                          answer={"type": "array", "items": _TASK})},
    "/tasks/{work_item_id}": {"get": _op("A task with its form (JSON Schema) and data",
                                         {"200": "Task", "404": "Unknown or not visible"}, ["work_item_id"],
                                         answer={**_TASK, "required": [*_TASK["required"], "form", "data"]})},
    "/tasks/{work_item_id}/complete": {"post": _op(
        "Complete a task", {"200": "{instance: {id, status}, next_tasks}", "403": "Not offered to the caller",
                            "404": "Unknown task", "409": "No longer ready", "422": "Field errors"},
        ["work_item_id"], _DECISION,
        answer=_obj({"instance": _obj({"id": _INT, "status": _STATUS}), "next_tasks": {"type": "array", "items": _NEXT}}))},
    "/instances/{instance_id}": {"get": _op(
        "An instance with its tasks", {"200": "Instance", "404": "Unknown or not visible"}, ["instance_id"],
        answer=_INSTANCE)},
}
