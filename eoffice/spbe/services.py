"""Use cases of the SPBE registry: create, edit, retire, reactivate and delete records.

Every function validates everything before it writes; the caller commits (one transaction per use case).
"""
from __future__ import annotations

from typing import Mapping

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.core import clock
from eoffice.core.errors import InvalidInput, NotFound
from eoffice.spbe import codes
from eoffice.spbe.models import SpbeLink, SpbeRecord

TEXT_FIELDS = {"name": 300, "description": 4000, "owner_unit": 200}


def list_records(session: Session, domain: str | None = None, include_retired: bool = True) -> list[SpbeRecord]:
    stmt = select(SpbeRecord).order_by(SpbeRecord.code)
    if domain:
        stmt = stmt.where(SpbeRecord.domain == domain)
    if not include_retired:
        stmt = stmt.where(SpbeRecord.retired_at.is_(None))
    return list(session.scalars(stmt))


def find_record(session: Session, code: str) -> SpbeRecord | None:
    return session.scalar(select(SpbeRecord).where(SpbeRecord.code == code))


def get_record(session: Session, code: str) -> SpbeRecord:
    record = find_record(session, code)
    if record is None:
        raise NotFound(f"SPBE record {code}")
    return record


def known_codes(session: Session) -> dict[str, str]:
    """code → domain of every record (for validating parents and links)."""
    return dict(session.execute(select(SpbeRecord.code, SpbeRecord.domain)).all())


def record_as_dict(record: SpbeRecord) -> dict:
    return {
        "code": record.code, "domain": record.domain, "level": record.level, "name": record.name,
        "description": record.description or "", "parent_code": record.parent_code,
        "owner_unit": record.owner_unit or "", "status": record.status, "attrs": dict(record.attrs or {}),
        "links": record.link_codes, "sample": bool(record.sample), "national": record.level in codes.NATIONAL_LEVELS,
        "retired": record.retired,
        "retired_at": clock.aware(record.retired_at).isoformat() if record.retired_at else None,
    }


# --- validation -----------------------------------------------------------------------------------
def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _clean_attrs(domain: str, code: str, level: int, raw, errors: list[dict]) -> dict:
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        errors.append({"field": "attrs", "message": _("Atribut domain harus berupa objek.")})
        return {}
    allowed = codes.FIELDS[domain]
    attrs = {}
    for name, value in raw.items():
        if isinstance(value, (list, dict, bool)):
            errors.append({"field": f"attrs.{name}", "message": _("Harus berupa teks.")})
            continue
        value = _text(value)
        if name not in allowed:
            errors.append({"field": f"attrs.{name}", "message": _("Atribut '%(name)s' tidak dikenal untuk domain %(domain)s.",
                                                                 name=name, domain=domain)})
        elif value:
            choices = allowed[name][1]
            if choices and value not in choices:
                errors.append({"field": f"attrs.{name}", "message": _("Nilai '%(value)s' tidak diizinkan; pilih salah satu: %(choices)s.",
                                                                     value=value, choices=", ".join(choices))})
            attrs[name] = value
    implied = codes.implied_attr(code)
    if implied:
        name, value = implied
        if attrs.get(name, value) != value:
            errors.append({"field": f"attrs.{name}", "message": _("Kode %(code)s menuntut %(name)s = %(value)s.",
                                                                 code=code, name=name, value=value)})
        attrs[name] = value
    if level > max(codes.NATIONAL_LEVELS):
        for name in codes.REQUIRED_FIELDS.get(domain, ()):
            if not attrs.get(name):
                errors.append({"field": f"attrs.{name}", "message": _("%(label)s wajib diisi.", label=str(allowed[name][0]))})
    return attrs


def _clean_links(code: str, raw, known: Mapping[str, str], errors: list[dict]) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = [part for part in raw.replace(";", " ").replace(",", " ").split()]
    if not isinstance(raw, list):
        errors.append({"field": "links", "message": _("Tautan harus berupa daftar kode.")})
        return []
    links = []
    for target in (_text(t) for t in raw):
        if target == code:
            errors.append({"field": "links", "message": _("Rekam tidak dapat bertaut ke dirinya sendiri.")})
        elif target not in known:
            errors.append({"field": "links", "message": _("Kode tautan %(code)s tidak terdaftar.", code=target)})
        elif target not in links:
            links.append(target)
    return links


def validate(data: Mapping, known: Mapping[str, str], existing: SpbeRecord | None = None,
             taken: Mapping[str, str] | None = None) -> tuple[dict, list[dict]]:
    """Clean a record's fields; `known` maps every code that exists (or will) to its domain and
    `taken` the codes a new record may not reuse (default: `known`)."""
    errors: list[dict] = []
    code = existing.code if existing else _text(data.get("code"))
    parsed = codes.parse(code)
    if existing is not None and data.get("code") not in (None, "", code):
        errors.append({"field": "code", "message": _("Kode rekam tidak dapat diubah.")})
    if parsed is None:
        errors.append({"field": "code", "message": _("Kode '%(code)s' tidak sesuai format (mis. RAB.09.05.01; awalan RAB, RAD, RAL, RAA, RAI atau RAK; paling banyak 4 tingkat).", code=code)})
        return {}, errors
    domain, segments = parsed
    wanted = _text(data.get("domain")) or domain
    if wanted not in codes.DOMAINS:
        errors.append({"field": "domain", "message": _("Domain '%(domain)s' tidak dikenal.", domain=wanted)})
    elif wanted != domain:
        errors.append({"field": "code", "message": _("Kode %(code)s harus diawali awalan domainnya %(domain)s.", code=code, domain=wanted)})
    if existing is None and code in (known if taken is None else taken):
        errors.append({"field": "code", "message": _("Kode %(code)s sudah terdaftar.", code=code)})
    parent = codes.parent_of(code)
    if parent and parent not in known:
        errors.append({"field": "parent_code", "message": _("Induk %(parent)s belum terdaftar; daftarkan induknya lebih dahulu.", parent=parent)})
    clean = {"code": code, "domain": domain, "level": len(segments), "parent_code": parent}
    for name, limit in TEXT_FIELDS.items():
        raw = data.get(name, getattr(existing, name, "") if existing else "")
        if raw is not None and not isinstance(raw, str):
            errors.append({"field": name, "message": _("Harus berupa teks.")})
            raw = ""
        value = _text(raw)
        if len(value) > limit:
            errors.append({"field": name, "message": _("Terlalu panjang (paling banyak %(n)s karakter).", n=limit)})
        clean[name] = value
    if not clean["name"]:
        errors.append({"field": "name", "message": _("Nama wajib diisi.")})
    status = _text(data.get("status", existing.status if existing else "as_is")).replace("-", "_") or "as_is"
    if status not in codes.STATUSES:
        errors.append({"field": "status", "message": _("Status harus baru, pengembangan atau as_is.")})
    clean["status"] = status
    clean["attrs"] = _clean_attrs(domain, code, len(segments), data.get("attrs", existing.attrs if existing else {}), errors)
    links = data["links"] if "links" in data else (existing.link_codes if existing else [])
    clean["links"] = _clean_links(code, links, known, errors)
    sample = data.get("sample", existing.sample if existing else False)
    clean["sample"] = sample if isinstance(sample, bool) else str(sample or "").strip().lower() in ("1", "true", "ya", "yes")
    return clean, errors


def apply(session: Session, record: SpbeRecord | None, clean: dict, actor: str | None,
          links: list[str] | None = None) -> SpbeRecord:
    """Write validated fields (a new record when `record` is None); `links` overrides clean["links"]."""
    if record is None:
        record = SpbeRecord(code=clean["code"], domain=clean["domain"], level=clean["level"],
                            parent_code=clean["parent_code"])
        session.add(record)
    for name in ("name", "description", "owner_unit", "status", "attrs", "sample"):
        setattr(record, name, clean[name])
    record.updated_at, record.updated_by = clock.now(), actor
    wanted = clean["links"] if links is None else links
    record.links = [link for link in record.links if link.target_code in wanted]
    have = set(record.link_codes)
    record.links += [SpbeLink(target_code=code) for code in wanted if code not in have]
    return record


# --- use cases ------------------------------------------------------------------------------------
def create_record(session: Session, data: Mapping, actor: str | None) -> SpbeRecord:
    clean, errors = validate(data, known_codes(session))
    if errors:
        raise InvalidInput(errors)
    record = apply(session, None, clean, actor)
    session.flush()
    return record


def update_record(session: Session, code: str, data: Mapping, actor: str | None) -> SpbeRecord:
    record = get_record(session, code)
    clean, errors = validate(data, known_codes(session), existing=record)
    if errors:
        raise InvalidInput(errors)
    apply(session, record, clean, actor)
    session.flush()
    return record


def retire_record(session: Session, code: str, actor: str | None) -> SpbeRecord:
    """Retire: models already running keep it; new deployments may no longer point to it."""
    record = get_record(session, code)
    if record.retired_at is None:
        record.retired_at, record.retired_by = clock.now(), actor
        record.updated_at, record.updated_by = clock.now(), actor
    session.flush()
    return record


def reactivate_record(session: Session, code: str, actor: str | None) -> SpbeRecord:
    record = get_record(session, code)
    record.retired_at = record.retired_by = None
    record.updated_at, record.updated_by = clock.now(), actor
    session.flush()
    return record


def incoming_links(session: Session, code: str) -> list[SpbeRecord]:
    """Records that link to `code` (e.g. the business processes that use a service)."""
    return list(session.scalars(select(SpbeRecord).join(SpbeLink, SpbeLink.source_id == SpbeRecord.id)
                                .where(SpbeLink.target_code == code).order_by(SpbeRecord.code)))
