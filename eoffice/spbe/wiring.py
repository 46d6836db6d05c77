"""How process models are wired to SPBE records, and live figures from their instances.

A model's links are the `[spbe]` table of its version's `model.toml` (kept in
`wf_process_version.meta`), so every version keeps the links it was deployed with. A record is
implemented by the versions that name it; its figures come from the instances of those versions.

Measures (documented in the UI and the API):
- `instances`: instances started; `completed` / `running`: by current status;
- `median_cycle_hours`: median of (ended_at − started_at) over completed instances, in hours;
- `late_share`: among completed instances, the share with at least one work item completed after
  its due date (None while nothing has completed).
"""
from __future__ import annotations

import csv
import io
from statistics import median

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.core import clock
from eoffice.core.errors import Conflict
from eoffice.spbe import codes
from eoffice.spbe.models import SpbeLink, SpbeRecord
from eoffice.spbe.services import get_record, list_records, record_as_dict
from workflows.models import ProcessInstance, ProcessModel, ProcessVersion, WorkItem


def spbe_table(meta: dict | None) -> dict[str, list[str]]:
    """The six domains of a model.toml's [spbe] table, each a list of codes (missing → [])."""
    raw = (meta or {}).get("spbe") or {}
    table = {}
    for domain in codes.DOMAIN_ORDER:
        value = raw.get(domain, []) if isinstance(raw, dict) else []
        if isinstance(value, str):
            value = [value]
        table[domain] = [str(v) for v in value if v is not None] if isinstance(value, list) else []
    return table


def _versions(session: Session):
    """(version id, model id, number, meta, is current) of every deployed version."""
    current = set(session.scalars(select(ProcessModel.current_version_id)))
    rows = session.execute(select(ProcessVersion.id, ProcessVersion.model_id, ProcessVersion.number,
                                  ProcessVersion.meta).order_by(ProcessVersion.model_id, ProcessVersion.number))
    return [(vid, mid, number, meta, vid in current) for vid, mid, number, meta in rows]


def code_index(session: Session) -> dict[str, list[dict]]:
    """code → [{model_id, version_id, number, current}] for every version naming the code."""
    index: dict[str, list[dict]] = {}
    for vid, mid, number, meta, is_current in _versions(session):
        for codes_of_domain in spbe_table(meta).values():
            for code in codes_of_domain:
                index.setdefault(code, []).append(
                    {"model_id": mid, "version_id": vid, "number": number, "current": is_current})
    return index


def models_using(session: Session, code: str) -> list[dict]:
    return code_index(session).get(code, [])


def model_spbe(session: Session, model_id: str) -> dict[str, list[str]]:
    """The SPBE links of the model's current version, all six domains present."""
    model = session.get(ProcessModel, model_id)
    version = session.get(ProcessVersion, model.current_version_id) if model and model.current_version_id else None
    return spbe_table(version.meta if version else {})


# --- figures --------------------------------------------------------------------------------------
def _instance_rows(session: Session, version_ids: set[int] | None):
    stmt = select(ProcessInstance.id, ProcessInstance.version_id, ProcessInstance.status,
                  ProcessInstance.started_at, ProcessInstance.ended_at)
    if version_ids is not None:
        if not version_ids:
            return []
        stmt = stmt.where(ProcessInstance.version_id.in_(version_ids))
    return list(session.execute(stmt))


def _late_instance_ids(session: Session, instance_ids: list[int]) -> set[int]:
    if not instance_ids:
        return set()
    stmt = (select(WorkItem.instance_id).where(WorkItem.due_at.is_not(None), WorkItem.completed_at.is_not(None),
                                              WorkItem.completed_at > WorkItem.due_at).distinct())
    if len(instance_ids) < 500:
        stmt = stmt.where(WorkItem.instance_id.in_(instance_ids))
    return set(session.scalars(stmt))


def summarize(rows, late_ids: set[int]) -> dict:
    """The figures of a set of instance rows (id, version_id, status, started_at, ended_at)."""
    completed = [r for r in rows if r.status == "completed" and r.ended_at is not None]
    hours = [(clock.aware(r.ended_at) - clock.aware(r.started_at)).total_seconds() / 3600 for r in completed]
    late = sum(1 for r in completed if r.id in late_ids)
    return {"instances": len(rows), "completed": len(completed),
            "running": sum(1 for r in rows if r.status == "running"),
            "median_cycle_hours": round(median(hours), 2) if hours else None,
            "late_share": round(late / len(completed), 4) if completed else None}


def metrics_for_versions(session: Session, version_ids: set[int]) -> dict:
    rows = _instance_rows(session, version_ids)
    return summarize(rows, _late_instance_ids(session, [r.id for r in rows]))


def record_metrics(session: Session, code: str) -> dict:
    return metrics_for_versions(session, {u["version_id"] for u in models_using(session, code)})


def implementing_models(session: Session, code: str, titles: dict[str, str] | None = None,
                        index: dict[str, list[dict]] | None = None) -> list[dict]:
    """The models whose versions name the code: id, title, version numbers, whether the current one does."""
    titles = titles if titles is not None else dict(session.execute(select(ProcessModel.id, ProcessModel.title)).all())
    uses = index.get(code, []) if index is not None else models_using(session, code)
    grouped: dict[str, dict] = {}
    for use in uses:
        entry = grouped.setdefault(use["model_id"], {"id": use["model_id"], "title": titles.get(use["model_id"], ""),
                                                     "versions": [], "current": False})
        entry["versions"].append(use["number"])
        entry["current"] = entry["current"] or use["current"]
    return sorted(grouped.values(), key=lambda m: m["id"])


def record_detail(session: Session, record: SpbeRecord) -> dict:
    body = record_as_dict(record)
    body["process_models"] = implementing_models(session, record.code)
    body["metrics"] = record_metrics(session, record.code)
    return body


# --- whole architecture ---------------------------------------------------------------------------
def current_models(session: Session) -> list[dict]:
    """Every model with its current version's SPBE links."""
    rows = session.execute(select(ProcessModel.id, ProcessModel.title, ProcessModel.owner_unit, ProcessVersion.number,
                                  ProcessVersion.meta)
                           .join(ProcessVersion, ProcessVersion.id == ProcessModel.current_version_id)
                           .order_by(ProcessModel.id))
    return [{"id": mid, "title": title, "owner_unit": owner, "version": number, "spbe": spbe_table(meta)}
            for mid, title, owner, number, meta in rows]


def architecture(session: Session) -> dict:
    """Records of all six domains with links, implementing models and figures; models with their links."""
    index = code_index(session)
    rows = _instance_rows(session, None)
    late = _late_instance_ids(session, [r.id for r in rows])
    by_version: dict[int, list] = {}
    for row in rows:
        by_version.setdefault(row.version_id, []).append(row)
    models = current_models(session)
    titles = {m["id"]: m["title"] for m in models}
    records = []
    for record in list_records(session):
        body = record_as_dict(record)
        body["process_models"] = implementing_models(session, record.code, titles, index)
        versions = {u["version_id"] for u in index.get(record.code, [])}
        body["metrics"] = summarize([r for v in versions for r in by_version.get(v, [])], late)
        records.append(body)
    for model in models:
        ids = set(session.scalars(select(ProcessVersion.id).where(ProcessVersion.model_id == model["id"])))
        model["metrics"] = summarize([r for v in ids for r in by_version.get(v, [])], late)
    return {"domains": {d: str(label) for d, label in codes.DOMAINS.items()}, "records": records, "models": models,
            "generated_at": clock.now().isoformat()}


def matrix(session: Session) -> tuple[list[dict], list[str], set[tuple[str, str]]]:
    """Traceability: (models, codes named by any current model in domain order, {(model_id, code)})."""
    models = current_models(session)
    cells = {(m["id"], code) for m in models for domain_codes in m["spbe"].values() for code in domain_codes}
    order = {d: i for i, d in enumerate(codes.DOMAIN_ORDER)}
    columns = sorted({code for _, code in cells}, key=lambda c: (order.get(codes.domain_of(c) or "", 9), c))
    return models, columns, cells


def matrix_csv(session: Session) -> str:
    models, columns, cells = matrix(session)
    names = dict(session.execute(select(SpbeRecord.code, SpbeRecord.name)).all())
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["model_id", "title"] + columns)
    writer.writerow(["", ""] + [names.get(c, "") for c in columns])
    for m in models:
        writer.writerow([m["id"], m["title"]] + ["x" if (m["id"], c) in cells else "" for c in columns])
    return out.getvalue()


def delete_record(session: Session, code: str) -> None:
    """Delete a record no process model points to and no other record descends from (a use case
    of the registry that needs the wiring, so it lives here, above `services`)."""
    record = get_record(session, code)
    users = models_using(session, code)
    if users:
        raise Conflict(_("Rekam %(code)s dirujuk oleh model proses %(models)s; rekam tidak dapat dihapus, pensiunkan saja.",
                         code=code, models=", ".join(sorted({u["model_id"] for u in users}))))
    if session.scalar(select(SpbeRecord.code).where(SpbeRecord.parent_code == code).limit(1)):
        raise Conflict(_("Rekam %(code)s masih memiliki turunan; hapus atau pindahkan turunannya dahulu.", code=code))
    for link in session.scalars(select(SpbeLink).where(SpbeLink.target_code == code)):
        session.delete(link)
    session.delete(record)
    session.flush()
