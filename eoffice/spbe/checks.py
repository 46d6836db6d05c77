"""The deploy check: a process model must name SPBE records of all six domains, known, right-domain, active.

Contributed through the SPBE plugin (`eoffice/spbe/plugin.py`), so the start-up deploy of
`bpmn/<id>/` and an administrator's upload both run it. Messages are Bahasa Indonesia, as the
engine's own problems are.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.spbe import codes
from eoffice.spbe.models import SpbeRecord
from workflows.errors import Problem
from workflows.registry import ModelPackage

WHERE = "model.toml#spbe"
# Plain text (deploys also run outside a request, where lazy translations cannot be resolved).
DOMAIN_NAMES = {"RAB": "Proses Bisnis", "RAD": "Data dan Informasi", "RAL": "Layanan", "RAA": "Aplikasi",
                "RAI": "Infrastruktur", "RAK": "Keamanan"}


def link_problems(session: Session, spbe) -> list[Problem]:
    """Every problem of a model.toml `[spbe]` table (None when the table is missing)."""
    if spbe is None:
        return [Problem(WHERE, "tabel [spbe] tidak ada: model harus ditautkan ke keenam domain arsitektur SPBE "
                               "(RAB, RAD, RAL, RAA, RAI, RAK)")]
    if not isinstance(spbe, dict):
        return [Problem(WHERE, "[spbe] harus berupa tabel domain → daftar kode")]
    problems = [Problem(WHERE, f"domain '{key}' tidak dikenal; gunakan RAB, RAD, RAL, RAA, RAI atau RAK")
                for key in spbe if key not in codes.DOMAINS]
    named = {}
    for domain in codes.DOMAIN_ORDER:
        value = spbe.get(domain)
        if isinstance(value, str):
            value = [value]
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            problems.append(Problem(f"{WHERE}.{domain}", f"{domain} harus berupa daftar kode, mis. [\"{domain}.01.01.01\"]"))
            continue
        if not value:
            problems.append(Problem(f"{WHERE}.{domain}", f"tautan domain {domain} ({DOMAIN_NAMES[domain]}) tidak ada: "
                                                         "minimal satu kode diperlukan"))
            continue
        named[domain] = value
    wanted = {code for value in named.values() for code in value}
    records = {r.code: r for r in session.scalars(select(SpbeRecord).where(SpbeRecord.code.in_(wanted)))} if wanted else {}
    for domain, value in named.items():
        for code in value:
            problems += _code_problems(domain, code, records.get(code))
    return problems


def _code_problems(domain: str, code: str, record: SpbeRecord | None) -> list[Problem]:
    where = f"{WHERE}.{domain}"
    if codes.parse(code) is None:
        return [Problem(where, f"kode '{code}' tidak sesuai format kode SPBE (mis. {domain}.09.05.01)")]
    if codes.domain_of(code) != domain:
        return [Problem(where, f"kode {code} adalah domain {codes.domain_of(code)}, bukan {domain}")]
    if record is None:
        return [Problem(where, f"kode {code} tidak terdaftar di registri arsitektur SPBE")]
    if record.retired_at is not None:
        return [Problem(where, f"kode {code} ({record.name}) sudah dipensiunkan dan tidak boleh dirujuk")]
    return []


def deploy_check(session: Session, pkg: ModelPackage) -> list[Problem]:
    """The DEPLOY_CHECKS entry: read the package's model.toml and check its [spbe] table."""
    try:
        meta = pkg.meta()
    except (ValueError, UnicodeDecodeError):
        return []  # the engine already reports an unreadable model.toml
    if "model.toml" not in pkg.files:
        return []
    return link_problems(session, meta.get("spbe"))
