"""Deploys every model folder of MODELS_DIR (bpmn/) at start-up: validated, one version per content.

A folder whose content is already a known version is skipped without re-validating; a
folder that fails validation is logged with every problem and left out (the others deploy).
"""
from __future__ import annotations

import functools
import logging
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.app.plugins import registry

from workflows.errors import ModelInvalid
from workflows.models import ProcessVersion
from workflows.registry import ModelPackage, load_model_dir
from workflows.versions import deploy

log = logging.getLogger(__name__)


def deploy_checks(session: Session) -> list:
    """The plugins' deploy checks (e.g. the SPBE links) bound to the session."""
    return [functools.partial(check, session) for check in registry().deploy_checks]


def deploy_package(session: Session, pkg: ModelPackage, deployed_by: str | None = None) -> ProcessVersion:
    """Validate (engine checks plus the app's) and deploy; raises `ModelInvalid` with every problem."""
    return deploy(session, pkg, extra_checks=deploy_checks(session), deployed_by=deployed_by)


def _is_known(session: Session, pkg: ModelPackage) -> bool:
    """The folder's content is already a version (current or not: an administrator may have published
    a newer one, which start-up must not undo)."""
    return session.scalar(select(ProcessVersion.id).where(ProcessVersion.content_hash == pkg.content_hash)) is not None


def model_folders(models_dir: str | Path) -> list[Path]:
    root = Path(models_dir)
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / "process.bpmn").exists())


def seed(session: Session) -> None:
    for folder in model_folders(current_app.config["MODELS_DIR"]):
        try:
            pkg = load_model_dir(folder)
            if not _is_known(session, pkg):
                deploy_package(session, pkg, deployed_by="system")
        except ModelInvalid as exc:
            log.error("model %s not deployed: %s", folder.name, exc)
