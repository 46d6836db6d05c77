"""Deployment: one immutable version per content hash; instances stay pinned; specs parsed once and shared."""
from __future__ import annotations

from types import MappingProxyType

import pytest

from workflows.errors import ModelInvalid
from workflows.models import ProcessModel
from workflows.registry import ModelPackage
from workflows.specs import _cache
from workflows.versions import current_version, deploy, list_versions, parsed_spec
from workflows.workitems import open_items

from .conftest import start_revisi


def _changed(pkg: ModelPackage, title: str) -> ModelPackage:
    files = dict(pkg.files)
    files["process.bpmn"] = files["process.bpmn"].replace(b"Periksa dokumen", title.encode())
    return ModelPackage(pkg.model_id, MappingProxyType(files))


def test_identical_content_returns_existing_version(session, revisi_pkg):
    first = deploy(session, revisi_pkg)
    again = deploy(session, revisi_pkg)
    assert again.id == first.id and len(list_versions(session, "revisi")) == 1


def test_changed_content_becomes_new_current_version(session, revisi_pkg):
    first = deploy(session, revisi_pkg)
    second = deploy(session, _changed(revisi_pkg, "Periksa ulang"))
    assert (first.number, second.number) == (1, 2)
    assert current_version(session, "revisi").id == second.id
    assert session.get(ProcessModel, "revisi").title == "Revisi dokumen (contoh uji)"


def test_redeploying_old_content_makes_it_current_again(session, revisi_pkg):
    first = deploy(session, revisi_pkg)
    deploy(session, _changed(revisi_pkg, "Periksa ulang"))
    assert deploy(session, revisi_pkg).id == first.id
    assert current_version(session, "revisi").id == first.id


def test_running_instance_stays_on_its_version(engine, session, revisi_pkg):
    deploy(session, revisi_pkg)
    old = start_revisi(engine, session)
    deploy(session, _changed(revisi_pkg, "Periksa ulang"))
    new = start_revisi(engine, session)
    old_review = engine.complete(session, open_items(session, old.id)[0].id, {"subject": "abc"}, "b").next_items[0]
    new_review = engine.complete(session, open_items(session, new.id)[0].id, {"subject": "abc"}, "b").next_items[0]
    assert (old_review.title, new_review.title) == ("Periksa dokumen", "Periksa ulang")
    assert old.version_id != new.version_id


def test_invalid_package_is_refused_with_all_problems(session, revisi_pkg):
    files = dict(revisi_pkg.files)
    del files["forms/review.json"], files["forms/submit.json"]
    with pytest.raises(ModelInvalid) as info:
        deploy(session, ModelPackage("revisi", MappingProxyType(files)))
    assert {p.path for p in info.value.problems} == {"forms/review.json", "forms/submit.json"}


def test_parsed_spec_is_cached_and_shared_per_content_hash(session, revisi_pkg):
    version = deploy(session, revisi_pkg)
    assert version.content_hash in _cache
    assert parsed_spec(version) is parsed_spec(version)
    assert parsed_spec(version).spec is _cache[version.content_hash].spec
