"""Web pages of processes: catalogue, start form, task page, my requests, instance page."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from eoffice.core.errors import InvalidInput
from eoffice.app.extensions import db
from eoffice.app.transaction import unit_of_work
from eoffice.core.policy import authorize, can
from eoffice.processes import forms, services
from eoffice.auth.guards import login_required
from workflows.history import instance_svg
from workflows.versions import form_schema

bp = Blueprint("processes", __name__, template_folder="templates")


@bp.get("/processes")
@login_required
def catalogue():
    authorize(g.actor, "processes.view_catalogue")
    return render_template("processes/catalogue.html", models=services.catalogue(db.session, g.actor))


@bp.route("/processes/<model_id>/start", methods=["GET", "POST"])
@login_required
def start(model_id: str):
    model, version = services.current_model(db.session, model_id)
    authorize(g.actor, "processes.start", version.meta)
    schema = form_schema(version, "start")
    values, errors = {}, []
    if request.method == "POST":
        values = forms.parse(schema, request.form)
        try:
            with unit_of_work():
                instance = services.start_process(db.session, g.actor, model_id, values)
            flash(_("Permohonan telah diajukan."), "success")
            return redirect(url_for("processes.instance", instance_id=instance.id))
        except InvalidInput as exc:
            errors = exc.errors
    return render_template("processes/start.html", model=model, schema=schema,
                           fields=forms.fields(schema, values, errors),
                           form_errors=forms.form_errors(errors, schema)), 422 if errors else 200


@bp.get("/requests")
@login_required
def my_requests():
    authorize(g.actor, "processes.view_catalogue")
    return render_template("processes/my_requests.html", instances=services.my_instances(db.session, g.actor))


def _task_page(item, values, errors, status=200):
    instance = item.instance
    schema = form_schema(instance.version, item.task_name)
    data = services.instance_data(db.session, instance) if item.state == "ready" else {}
    if not values and item.state == "ready" and (schema or {}).get("x-prefill", True):
        values = {k: v for k, v in data.items() if k in forms.field_names(schema)}
    start_schema = form_schema(instance.version, "start")
    return render_template(
        "processes/task.html", item=item, instance=instance, schema=schema,
        fields=forms.fields(schema, values, errors), form_errors=forms.form_errors(errors, schema),
        request_values=forms.display_values(start_schema, data), note=data.get("note"),
        may_act=services.offered_as(g.actor, item)[0] and can(g.actor, "processes.complete_task", True),
        svg=instance_svg(instance, embed_style=False)), status


@bp.route("/tasks/<int:work_item_id>", methods=["GET", "POST"])
@login_required
def task(work_item_id: int):
    item = services.get_task(db.session, work_item_id)
    elsewhere = services.task_page(db.session, item) if request.method == "GET" else None
    if elsewhere is not None:  # e.g. a letter task is done on the letter page
        return redirect(elsewhere)
    offered = services.offered_as(g.actor, item)[0]
    if not offered:
        authorize(g.actor, "processes.view_instance",
                  services.instance_access(db.session, g.actor, item.instance_id), hide=True)
    if request.method == "GET":
        with unit_of_work():  # opening the task is a use case of its own (it reads a disposition)
            services.task_opened(db.session, g.actor, item)
            return _task_page(item, {}, [])
    authorize(g.actor, "processes.complete_task", offered)
    schema = form_schema(item.instance.version, item.task_name)
    values = forms.parse(schema, request.form)
    try:
        with unit_of_work():
            completion = services.complete_task(db.session, g.actor, work_item_id, values)
    except InvalidInput as exc:
        return _task_page(services.get_task(db.session, work_item_id), values, exc.errors, 422)
    flash(_("Tugas telah diselesaikan."), "success")
    if completion.instance.started_by == g.actor.login or any(
            services.offered_as(g.actor, i)[0] for i in completion.next_items):
        return redirect(url_for("processes.instance", instance_id=completion.instance.id))
    return redirect(url_for("home"))


@bp.get("/instances/<int:instance_id>")
@login_required
def instance(instance_id: int):
    access = services.instance_access(db.session, g.actor, instance_id)
    authorize(g.actor, "processes.view_instance", access, hide=True)
    inst = access.instance
    items = services.instance_tasks(db.session, inst.id)
    history = services.history(db.session, inst)
    for event in history["events"]:
        event["when"] = datetime.fromisoformat(event["at"])
    titles = services.position_titles(db.session, [i.acting_for for i in items])
    data = services.instance_data(db.session, inst)
    return render_template(
        "processes/instance.html", instance=inst, items=items, history=history, titles=titles,
        request_values=forms.display_values(form_schema(inst.version, "start"), data),
        open_items=[i for i in items if i.state == "ready" and services.offered_as(g.actor, i)[0]],
        svg=instance_svg(inst, embed_style=False))
