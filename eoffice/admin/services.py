"""Use cases of process-model administration.

Uploading stages a package (nothing is stored unless every check passes: the engine's checks,
zip safety, XML safety, the sandbox, and the app's DEPLOY_CHECKS such as the SPBE links);
publishing deploys it as a new immutable version that new instances start on, while running
instances stay on theirs. Retiring a model stops new instances; running ones finish.
"""
from __future__ import annotations

import tomllib
from types import MappingProxyType

import tomli_w
from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from eoffice.core import clock
from eoffice.core.rows import insert_missing
from eoffice.admin.models import ModelDraft, ModelReview, ModelState
from eoffice.audit import services as audit
from eoffice.core.errors import Conflict, InvalidInput, NotFound
from eoffice.app.i18n import translate_message
from workflows.errors import ModelInvalid, Problem
from workflows.models import ProcessInstance, ProcessModel, ProcessVersion
from workflows.registry import ModelPackage, load_model_zip
from workflows.validation import validate_package

DOMAINS = ("RAB", "RAD", "RAL", "RAA", "RAI", "RAK")


def _errors(problems: list[Problem]) -> list[dict]:
    return [{"field": p.path, "message": f"{p.path}: {translate_message(p.message)}" if p.path
             else translate_message(p.message)} for p in problems]


def _checks(session: Session) -> list:
    from eoffice.processes.seed import deploy_checks

    return deploy_checks(session)


def load_upload(data: bytes) -> ModelPackage:
    """The package of an uploaded zip, or InvalidInput naming every problem (zip slip, bombs, …)."""
    if not data:
        raise InvalidInput(_("Berkas zip model proses wajib diunggah."), "file")
    try:
        return load_model_zip(data)
    except ModelInvalid as exc:
        raise InvalidInput(_errors(exc.problems)) from None


def check_package(session: Session, pkg: ModelPackage) -> None:
    problems = validate_package(pkg, _checks(session))
    if problems:
        raise InvalidInput(_errors(problems))


def _package_of(draft: ModelDraft) -> ModelPackage:
    return ModelPackage(draft.model_id, MappingProxyType({p: t.encode("utf-8") for p, t in draft.files.items()}))


def _stage(session: Session, pkg: ModelPackage, actor: str, source: str) -> ModelDraft:
    check_package(session, pkg)
    draft = ModelDraft(model_id=pkg.model_id, files=pkg.text_files(), content_hash=pkg.content_hash, source=source,
                       uploaded_by=actor, uploaded_at=clock.now())
    session.add(draft)
    session.flush()
    return draft


def stage_upload(session: Session, data: bytes, actor: str) -> ModelDraft:
    """Validate an uploaded zip and keep it as a draft to review; nothing is stored when it is refused."""
    return _stage(session, load_upload(data), actor, "upload")


def stage_spbe_edit(session: Session, model_id: str, spbe: dict[str, list[str]], actor: str) -> ModelDraft:
    """A draft of the model's current version with a new `[spbe]` table in model.toml."""
    version = current_version(session, model_id)
    meta = tomllib.loads(version.files["model.toml"])
    meta["spbe"] = {d: [c for c in spbe.get(d, []) if c] for d in DOMAINS}
    files = {p: t.encode("utf-8") for p, t in version.files.items()}
    files["model.toml"] = tomli_w.dumps(meta).encode("utf-8")
    return _stage(session, ModelPackage(model_id, MappingProxyType(files)), actor, "spbe_edit")


def get_draft(session: Session, draft_id: int) -> ModelDraft:
    draft = session.get(ModelDraft, draft_id)
    if draft is None:
        raise NotFound(f"draft {draft_id}")
    return draft


def draft_preview(session: Session, draft: ModelDraft) -> dict:
    """Validation problems as of now, the diagram, the meta and which files differ from the current version."""
    from workflows.diagram import render_svg

    pkg = _package_of(draft)
    problems = validate_package(pkg, _checks(session))
    try:
        svg = render_svg(draft.files["process.bpmn"], embed_style=False)  # the page's CSS styles it
    except Exception:  # a diagram that cannot be drawn is shown as missing, the problems list says why
        svg = None
    model = session.get(ProcessModel, draft.model_id)
    current = session.get(ProcessVersion, model.current_version_id) if model and model.current_version_id else None
    old = current.files if current else {}
    changed = sorted(p for p in set(old) | set(draft.files) if old.get(p) != draft.files.get(p))
    return {"problems": problems, "svg": svg, "meta": pkg.meta(), "changed": changed, "current": current,
            "same_as_existing": session.scalar(select(ProcessVersion.id).where(
                ProcessVersion.content_hash == draft.content_hash)) is not None}


def _record_review(session: Session, model_id: str, version_id: int | None, action: str, note: str, actor: str) -> None:
    session.add(ModelReview(model_id=model_id, version_id=version_id, action=action, note=note or "", actor=actor,
                            at=clock.now()))
    audit.record(session, f"model:{model_id}", f"model_{action}", actor=actor, document=model_id,
                 data={"version_id": version_id, "note": note}, detail={"version_id": version_id, "note": note})


def _deploy(session: Session, pkg: ModelPackage, actor: str, note: str) -> ProcessVersion:
    from eoffice.processes.seed import deploy_package

    try:
        version = deploy_package(session, pkg, deployed_by=actor)
    except ModelInvalid as exc:
        raise InvalidInput(_errors(exc.problems)) from None
    _record_review(session, pkg.model_id, version.id, "published", note, actor)
    return version


def publish_draft(session: Session, draft_id: int, note: str, actor: str) -> ProcessVersion:
    """Deploy a reviewed draft (checked again: a record may have been retired meanwhile)."""
    draft = get_draft(session, draft_id)
    if draft.published_version_id is not None:
        raise Conflict(_("Draf ini sudah diterbitkan."))
    version = _deploy(session, _package_of(draft), actor, note)
    draft.published_version_id = version.id
    session.flush()
    return version


def upload_and_publish(session: Session, data: bytes, note: str, actor: str) -> tuple[ProcessVersion, bool]:
    """The API's one step: validate the zip and publish it as the model's current version.

    Returns (version, created); identical content makes the existing version current again."""
    pkg = load_upload(data)
    existed = session.scalar(select(ProcessVersion.id).where(ProcessVersion.content_hash == pkg.content_hash))
    return _deploy(session, pkg, actor, note), existed is None


# --- state ----------------------------------------------------------------------------------------
def current_version(session: Session, model_id: str) -> ProcessVersion:
    model = session.get(ProcessModel, model_id)
    if model is None or model.current_version_id is None:
        raise NotFound(f"model {model_id}")
    return session.get(ProcessVersion, model.current_version_id)


_RETIRED_AT = (select(ModelState.__table__.c.retired_at)
               .where(ModelState.__table__.c.model_id == bindparam("model_id")))


def is_retired(session: Session, model_id: str) -> bool:
    return session.scalar(_RETIRED_AT, {"model_id": model_id}) is not None


def retired_models(session: Session) -> set[str]:
    return set(session.scalars(select(ModelState.model_id).where(ModelState.retired_at.is_not(None))))


def retire_model(session: Session, model_id: str, reason: str, actor: str) -> None:
    current_version(session, model_id)
    insert_missing(session, ModelState.__table__, {"model_id": model_id, "reason": ""})  # two retirements at once
    state = session.scalars(select(ModelState).where(ModelState.model_id == model_id).with_for_update()
                            .execution_options(populate_existing=True)).one()
    if state.retired_at is None:
        state.retired_at, state.retired_by, state.reason = clock.now(), actor, reason or ""
        _record_review(session, model_id, None, "retired", reason, actor)
    session.flush()


def reactivate_model(session: Session, model_id: str, note: str, actor: str) -> None:
    current_version(session, model_id)
    state = session.get(ModelState, model_id)
    if state is not None and state.retired_at is not None:
        state.retired_at = state.retired_by = None
        _record_review(session, model_id, None, "reactivated", note, actor)
    session.flush()


def refuse_retired(session: Session, actor, model_id: str) -> None:
    """START_CHECKS entry: a retired model starts no new instance."""
    if is_retired(session, model_id):
        raise Conflict(_("Model proses ini sudah dipensiunkan; permohonan baru tidak dapat dibuat."))


# --- reading --------------------------------------------------------------------------------------
def review_notes(session: Session) -> dict[int, str]:
    """version id → the note written when it was published."""
    return {vid: note for vid, note in session.execute(
        select(ModelReview.version_id, ModelReview.note).where(ModelReview.action == "published",
                                                               ModelReview.version_id.is_not(None)))}


def reviews_of(session: Session, model_id: str) -> list[ModelReview]:
    return list(session.scalars(select(ModelReview).where(ModelReview.model_id == model_id)
                                .order_by(ModelReview.at.desc(), ModelReview.id.desc())))


def versions_of(session: Session, model_id: str) -> list[dict]:
    """Every version of the model, newest first, with its instance counts and review note."""
    model = session.get(ProcessModel, model_id)
    counts = {(vid, status): n for vid, status, n in session.execute(
        select(ProcessInstance.version_id, ProcessInstance.status, func.count())
        .where(ProcessInstance.model_id == model_id).group_by(ProcessInstance.version_id, ProcessInstance.status))}
    notes = review_notes(session)
    versions = session.scalars(select(ProcessVersion).where(ProcessVersion.model_id == model_id)
                               .order_by(ProcessVersion.number.desc()))
    return [{"id": v.id, "number": v.number, "label": v.label, "deployed_by": v.deployed_by,
             "deployed_at": clock.aware(v.deployed_at).isoformat(), "current": bool(model and model.current_version_id == v.id),
             "running": counts.get((v.id, "running"), 0),
             "instances": sum(n for (vid, _s), n in counts.items() if vid == v.id), "note": notes.get(v.id, "")}
            for v in versions]


def model_overview(session: Session) -> list[dict]:
    retired = retired_models(session)
    rows = session.execute(select(ProcessModel.id, ProcessModel.title, ProcessModel.owner_unit, ProcessVersion.number,
                                  ProcessVersion.label, ProcessVersion.deployed_at)
                           .join(ProcessVersion, ProcessVersion.id == ProcessModel.current_version_id)
                           .order_by(ProcessModel.id))
    running = dict(session.execute(select(ProcessInstance.model_id, func.count())
                                   .where(ProcessInstance.status == "running").group_by(ProcessInstance.model_id)).all())
    return [{"id": mid, "title": title, "owner_unit": owner, "version": number, "label": label,
             "deployed_at": clock.aware(at), "retired": mid in retired, "running": running.get(mid, 0)}
            for mid, title, owner, number, label, at in rows]


def version_as_dict(version: ProcessVersion) -> dict:
    return {"id": version.id, "model_id": version.model_id, "number": version.number, "label": version.label,
            "title": version.title, "content_hash": version.content_hash, "deployed_by": version.deployed_by,
            "deployed_at": clock.aware(version.deployed_at).isoformat(), "spbe": (version.meta or {}).get("spbe", {})}
