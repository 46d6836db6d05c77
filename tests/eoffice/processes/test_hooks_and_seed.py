"""Plugin contributions other capabilities use (start checks, task opened) and the start-up model seed."""
from __future__ import annotations

from pathlib import Path

from flask import current_app

from eoffice.core.errors import Conflict
from eoffice.app import plugins
from eoffice.processes import seed
from workflows.registry import ModelPackage, load_model_dir
from workflows.versions import current_version

from .leave import SHORT, start_leave, task_of


def _with_plugin(app, monkeypatch, extra: plugins.Plugin) -> None:
    """The app's registry composed again with one more plugin (as create_app would)."""
    current = app.extensions[plugins.KEY]
    fields = {name: getattr(current, name) + getattr(extra, name) for name in plugins.SEQUENCES}
    monkeypatch.setitem(app.extensions, plugins.KEY, plugins.Registry(
        plugins=current.plugins + (extra.name,), handlers=current.handlers,
        reminder_notifier=current.reminder_notifier, **fields))


def test_a_start_check_refuses_the_start_and_hides_the_model_from_the_catalogue(app, client, token, login,
                                                                                  monkeypatch):
    def closed_for_cuti(session, actor, model_id):
        if model_id == "cuti":
            raise Conflict("Layanan ditutup sementara.")

    _with_plugin(app, monkeypatch, plugins.Plugin("closed", start_checks=(closed_for_cuti,)))
    response = client.post("/api/v1/process-models/cuti/instances", json={"data": SHORT}, headers=token("staf.egov1"))
    assert response.status_code == 409
    login("staf.egov1")
    assert "/processes/cuti/start" not in client.get("/processes").get_data(as_text=True)


def test_opening_a_task_tells_the_task_opened_contributions(app, client, token, login, monkeypatch):
    opened = []
    hook = lambda session, actor, item: opened.append((actor.login, item.task_name))  # noqa: E731
    _with_plugin(app, monkeypatch, plugins.Plugin("watcher", task_opened=(hook,)))
    instance_id = start_leave(client, token("staf.egov1"))
    task = task_of(client, token("kasi.egov"), instance_id)
    client.get(f"/api/v1/tasks/{task['id']}", headers=token("kasi.egov"))
    login("kasi.egov")
    client.get(f"/tasks/{task['id']}")
    assert opened == [("kasi.egov", "review"), ("kasi.egov", "review")]


def test_plugins_compose_into_one_immutable_registry_and_refuse_a_model_claimed_twice():
    import dataclasses

    import pytest

    one = plugins.Plugin("one", handlers={"m": plugins.TaskHandler()}, start_checks=(print,))
    registry = plugins.compose([one, plugins.Plugin("two", start_checks=(len,))])
    assert registry.start_checks == (print, len) and registry.plugins == ("one", "two")
    with pytest.raises(dataclasses.FrozenInstanceError):
        registry.start_checks = ()
    with pytest.raises(TypeError):
        registry.handlers["x"] = plugins.TaskHandler()
    with pytest.raises(ValueError, match="claimed by one and three"):
        plugins.compose([one, plugins.Plugin("three", handlers={"m": plugins.TaskHandler()})])


def test_start_up_seed_keeps_a_newer_published_version_current(app, db_session):
    folder = Path(current_app.config["MODELS_DIR"]) / "cuti"
    original = load_model_dir(folder)
    files = dict(original.files)
    files["model.toml"] = files["model.toml"].replace(b'version = "1.0"', b'version = "1.1"')
    newer = seed.deploy_package(db_session, ModelPackage("cuti", files), deployed_by="admin")
    db_session.commit()
    seed.seed(db_session)
    db_session.commit()
    assert current_version(db_session, "cuti").id == newer.id and newer.number == 2


def test_every_bundled_model_deploys(app, db_session):
    for folder in seed.model_folders(current_app.config["MODELS_DIR"]):
        assert current_version(db_session, folder.name).content_hash == load_model_dir(folder).content_hash
