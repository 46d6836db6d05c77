"""Deployment of process models as immutable versions (one per content hash) and version lookup.

A deploy takes the model's row first (created on first deploy by INSERT … ON CONFLICT DO NOTHING)
and locks it until its transaction ends: deploys of one model run one at a time, so two at once
neither take the same version number nor store the same content twice.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Iterable

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .errors import ModelInvalid, ModelNotFound
from .models import ProcessModel, ProcessVersion
from .registry import ModelPackage
from .specs import ParsedSpec, cached_spec
from .validation import ExtraCheck, validate_package


def deploy(session: Session, pkg: ModelPackage, extra_checks: Iterable[ExtraCheck] = (),
           deployed_by: str | None = None, now: datetime | None = None) -> ProcessVersion:
    """Validate and deploy; identical content returns the existing version. Becomes the current version."""
    problems = validate_package(pkg, extra_checks)
    if problems:
        raise ModelInvalid(problems)
    now = now or datetime.now(timezone.utc)
    meta = pkg.meta()
    model = _locked_model(session, pkg.model_id, meta["title"], now)
    digest = pkg.content_hash
    version = session.scalar(select(ProcessVersion).where(ProcessVersion.content_hash == digest))
    if version is None:
        version = _new_version(session, pkg, meta, digest, deployed_by, now)
    model.title, model.owner_unit = version.title, version.owner_unit
    model.current_version_id, model.updated_at = version.id, now
    session.flush()
    return version


def _locked_model(session: Session, model_id: str, title: str, now: datetime) -> ProcessModel:
    """The model's row, inserted if missing, locked until the transaction ends (on SQLite the
    insert statement already holds the database's write lock)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(dialect.insert(ProcessModel).values(id=model_id, title=title, updated_at=now)
                    .on_conflict_do_nothing(index_elements=["id"]))
    return session.scalars(select(ProcessModel).where(ProcessModel.id == model_id).with_for_update()
                           .execution_options(populate_existing=True)).one()


def _new_version(session: Session, pkg: ModelPackage, meta: dict, digest: str,
                 deployed_by: str | None, now: datetime) -> ProcessVersion:
    number = (session.scalar(select(func.max(ProcessVersion.number))
                             .where(ProcessVersion.model_id == pkg.model_id)) or 0) + 1
    parsed = cached_spec(digest, pkg.bpmn, meta.get("process"))
    version = ProcessVersion(
        model_id=pkg.model_id, number=number, content_hash=digest, label=str(meta.get("version")),
        title=meta["title"], owner_unit=meta.get("owner_unit"), process_id=parsed.process_id,
        meta=meta, files=pkg.text_files(), deployed_by=deployed_by, deployed_at=now,
    )
    session.add(version)
    session.flush()
    return version


def current_version(session: Session, model_id: str) -> ProcessVersion:
    """The version new instances of `model_id` start on."""
    model = session.get(ProcessModel, model_id)
    if model is None or model.current_version_id is None:
        raise ModelNotFound(f"model proses '{model_id}' belum dideploy")
    return session.get(ProcessVersion, model.current_version_id)


def list_versions(session: Session, model_id: str) -> list[ProcessVersion]:
    return list(session.scalars(select(ProcessVersion).where(ProcessVersion.model_id == model_id)
                                .order_by(ProcessVersion.number)))


def parsed_spec(version: ProcessVersion) -> ParsedSpec:
    """The version's spec, parsed once per process and shared by all its instances."""
    return cached_spec(version.content_hash, lambda: version.bpmn_xml, version.process_id)


_forms: dict[tuple[str, str], dict | None] = {}


def form_schema(version: ProcessVersion, name: str) -> dict | None:
    """forms/<name>.json of the version (a user task id, or "start"), parsed once per content hash.

    Returns a shared dict: treat it as read-only (copy before changing it).
    """
    key = (version.content_hash, name)
    if key not in _forms:
        raw = version.files.get(f"forms/{name}.json")
        _forms[key] = None if raw is None else json.loads(raw)
    return _forms[key]
