"""Evaluation evidence for the Layanan Kearsipan indicator of PermenPANRB 59/2020, from the system's own data.

Level 3 asks for approval and validation of incoming and outgoing letters: counts from the
letters tables when those capabilities are installed (read through the shared metadata, so this
module does not depend on them). Level 4 asks for data shared with other SPBE services: the API
catalogue (the OpenAPI document) and the integration settings. Level 5 asks for documented
improvement after review: the history of process-model versions and their review notes.
"""
from __future__ import annotations

from sqlalchemy import Table, case, distinct, func, select
from sqlalchemy.orm import Session

from eoffice.admin import services as admin
from eoffice.api.openapi import document
from eoffice.core import clock
from eoffice.app.extensions import db
from eoffice.spbe import codes
from eoffice.spbe.models import SpbeRecord
from eoffice.spbe.wiring import current_models
from workflows.models import ProcessInstance, ProcessVersion

LETTER_MODELS = ("surat_masuk", "disposisi", "surat_keluar")


def _table(name: str, *columns: str) -> Table | None:
    table = db.metadata.tables.get(name)
    if table is None or any(c not in table.c for c in columns):
        return None
    return table


def _count(session: Session, stmt) -> int:
    return int(session.scalar(stmt) or 0)


def letter_counts(session: Session) -> list[tuple[str, int | None]]:
    """(measure, count) — None when the capability that keeps it is not installed."""
    rows: list[tuple[str, int | None]] = []
    letter = _table("letter", "direction", "source")
    # a letter signed inside the government reaches its internal recipients directly (source
    # "internal"; before that release "outgoing", registered automatically) and its tembusan as
    # copies: neither is a registered external letter, so each is counted on its own row
    delivered = ("internal", "outgoing", "tembusan")
    incoming = (select(func.count()).select_from(letter).where(letter.c.direction == "masuk")
                if letter is not None else None)
    rows.append(("Surat masuk teregistrasi", _count(session, incoming.where(letter.c.source.notin_(delivered)))
                 if letter is not None else None))
    rows.append(("Naskah masuk internal (diterima langsung)", _count(session, incoming.where(
        letter.c.source.in_(("internal", "outgoing")))) if letter is not None else None))
    rows.append(("Tembusan internal", _count(session, incoming.where(letter.c.source == "tembusan"))
                 if letter is not None else None))
    disposition = _table("disposition", "letter_id")
    rows.append(("Surat masuk yang didisposisikan", _count(session, select(func.count(distinct(disposition.c.letter_id))))
                 if disposition is not None else None))
    rows.append(("Disposisi diberikan", _count(session, select(func.count()).select_from(disposition))
                 if disposition is not None else None))
    outgoing = _table("outgoing_letter", "signed_at")
    rows.append(("Konsep surat keluar", _count(session, select(func.count()).select_from(outgoing))
                 if outgoing is not None else None))
    review = _table("outgoing_review", "letter_id", "action")
    rows.append(("Surat keluar diverifikasi (paraf)",
                 _count(session, select(func.count(distinct(review.c.letter_id))).where(review.c.action == "approve"))
                 if review is not None else None))
    rows.append(("Surat keluar ditandatangani secara elektronik",
                 _count(session, select(func.count()).select_from(outgoing).where(outgoing.c.signed_at.is_not(None)))
                 if outgoing is not None else None))
    return rows


def instance_counts(session: Session) -> list[tuple[str, int, int]]:
    """(model id, started, completed) of the letter processes."""
    rows = session.execute(select(ProcessInstance.model_id, func.count(),
                                  func.sum(case((ProcessInstance.status == "completed", 1), else_=0)))
                           .where(ProcessInstance.model_id.in_(LETTER_MODELS)).group_by(ProcessInstance.model_id))
    found = {mid: (int(n), int(done or 0)) for mid, n, done in rows}
    return [(mid, *found.get(mid, (0, 0))) for mid in LETTER_MODELS]


def api_catalogue() -> list[tuple[str, str, str]]:
    """(method, path, summary) of every operation of /api/v1/openapi.json."""
    return [(method.upper(), path, op.get("summary", "")) for path, ops in document()["paths"].items()
            for method, op in ops.items() if isinstance(op, dict)]


def is_records_exchange_route(rule: str) -> bool:
    """An API route exchanging letters as records packages with SRIKANDI (export or import).

    Exact prefixes, not the word "records": the SPBE registry's own pages live under /spbe/records."""
    rule = rule.lower()
    return "srikandi" in rule or (rule.startswith("/api/v1/") and (
        rule.endswith("/package.zip") or rule.startswith(("/api/v1/records/export", "/api/v1/records/import"))))


def integrations(config, url_rules: list[str]) -> list[tuple[str, str, str]]:
    """(integration, setting, state) of the integration points with other SPBE services."""
    bsre = config.get("BSRE_URL") or ""
    smtp = config.get("SMTP_HOST") or ""
    srikandi = [r for r in url_rules if is_records_exchange_route(r)]
    return [
        ("BSrE (BSSN) — tanda tangan elektronik", "BSRE_URL", bsre or "penanda tangan lokal (CA pengembangan)"),
        ("Surat elektronik (SMTP)", "SMTP_HOST", f"{smtp}:{config.get('SMTP_PORT', 25)}" if smtp else "belum diatur"),
        ("SRIKANDI (ANRI) — ekspor/impor naskah", "URL", ", ".join(srikandi) if srikandi else "belum tersedia"),
        ("API e-Office untuk layanan SPBE lain", "/api/v1/openapi.json", f"{len(api_catalogue())} operasi"),
    ]


def version_history(session: Session) -> list[dict]:
    """Every deployed version with who deployed it and the review note, newest first."""
    notes = admin.review_notes(session)
    rows = session.execute(select(ProcessVersion.id, ProcessVersion.model_id, ProcessVersion.number, ProcessVersion.label,
                                  ProcessVersion.deployed_by, ProcessVersion.deployed_at)
                           .order_by(ProcessVersion.deployed_at.desc(), ProcessVersion.id.desc()))
    return [{"model_id": mid, "number": number, "label": label or "", "deployed_by": by or "",
             "deployed_at": clock.aware(at), "note": notes.get(vid, "")}
            for vid, mid, number, label, by, at in rows]


def collect(session: Session, config, url_rules: list[str]) -> dict:
    per_domain = dict(session.execute(select(SpbeRecord.domain, func.count()).where(SpbeRecord.retired_at.is_(None))
                                      .group_by(SpbeRecord.domain)).all())
    return {
        "generated_at": clock.now(),
        "letters": letter_counts(session),
        "instances": instance_counts(session),
        "api": api_catalogue(),
        "integrations": integrations(config, url_rules),
        "versions": version_history(session),
        "records_per_domain": [(d, per_domain.get(d, 0)) for d in codes.DOMAIN_ORDER],
        "models": current_models(session),
    }
