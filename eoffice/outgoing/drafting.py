"""Checking a draft's fields: type, subject, body, classification, sifat, urgency, recipients,
tembusan, signer and coordination positions. Everything is validated before anything is written."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from eoffice.core.errors import InvalidInput
from eoffice.core.ids import as_id
from eoffice.letters.classifications import get_classification
from eoffice.org.models import Position
from eoffice.outgoing.chain import verifier_chain
from eoffice.letters.models import SIFAT, URGENCY
from eoffice.outgoing import types

FIELDS = ("type", "subject", "body", "classification", "sifat", "urgency", "recipients", "tembusan",
          "signer_position_id", "coordinators", *types.FIELD_NAMES)
MAX_PARTIES = 50


def _text(fields: dict, name: str, limit: int, errors: list) -> str:
    value = fields.get(name)
    if not isinstance(value, str) or not value.strip():
        errors.append({"field": name, "message": _("Wajib diisi.")})
        return ""
    if len(value) > limit:
        errors.append({"field": name, "message": _("Maksimal %(n)d karakter.", n=limit)})
    return value.strip()


def _body(fields: dict, errors: list, required: bool) -> str:
    if not required and fields.get("body") in (None, ""):
        return ""
    return _text(fields, "body", 20000, errors)


def _choice(fields: dict, name: str, options: tuple, errors: list, default: str | None = None) -> str:
    value = fields.get(name, default)
    if value not in options:
        errors.append({"field": name, "message": _("Pilihan tidak dikenal; gunakan %(options)s.",
                                                    options=", ".join(options))})
    return value


def _position(session: Session, value) -> Position | None:
    position_id = as_id(value)
    return session.get(Position, position_id) if position_id is not None else None


def _parties(session: Session, fields: dict, name: str, errors: list, required: bool) -> list[dict]:
    raw = fields.get(name, [])
    if raw is None:
        raw = []
    if not isinstance(raw, list) or len(raw) > MAX_PARTIES:
        errors.append({"field": name, "message": _("Harus berupa daftar (paling banyak %(n)d).", n=MAX_PARTIES)})
        return []
    if required and not raw:
        errors.append({"field": name, "message": _("Isi paling sedikit satu penerima.")})
    clean = []
    for index, entry in enumerate(raw):
        where = f"{name}[{index}]"
        if not isinstance(entry, dict) or entry.get("kind") not in ("internal", "external"):
            errors.append({"field": where, "message": _("Jenis penerima harus internal atau external.")})
            continue
        if entry["kind"] == "internal":
            position = _position(session, entry.get("position_id"))
            if position is None:
                errors.append({"field": f"{where}.position_id", "message": _("Jabatan tidak ditemukan.")})
                continue
            clean.append({"kind": "internal", "position_id": position.id})
            continue
        name_ = entry.get("name")
        if not isinstance(name_, str) or not name_.strip() or len(name_) > 300:
            errors.append({"field": f"{where}.name", "message": _("Nama penerima wajib diisi (maksimal 300 karakter).")})
            continue
        address, email = entry.get("address") or "", entry.get("email") or ""
        if not isinstance(address, str) or len(address) > 500:
            errors.append({"field": f"{where}.address", "message": _("Alamat maksimal 500 karakter.")})
            continue
        if not isinstance(email, str) or (email and ("@" not in email or len(email) > 200 or " " in email.strip())):
            errors.append({"field": f"{where}.email", "message": _("Alamat surel tidak valid.")})
            continue
        clean.append({"kind": "external", "name": name_.strip(), "address": address.strip(), "email": email.strip()})
    return clean


def _coordinators(session: Session, fields: dict, drafter_position_id: int, chain: list[int],
                  signer_id: int | None, errors: list) -> list[int]:
    raw = fields.get("coordinators", []) or []
    if not isinstance(raw, list) or len(raw) > 10:
        errors.append({"field": "coordinators", "message": _("Harus berupa daftar jabatan (paling banyak 10).")})
        return []
    found = []
    for index, value in enumerate(raw):
        position = _position(session, value)
        if position is None:
            errors.append({"field": f"coordinators[{index}]", "message": _("Jabatan tidak ditemukan.")})
        elif position.id in chain or position.id in (drafter_position_id, signer_id):
            errors.append({"field": f"coordinators[{index}]",
                           "message": _("Paraf koordinasi berasal dari jabatan di luar rantai verifikator.")})
        elif position.id not in found:
            found.append(position.id)
    return found


def validate(session: Session, drafter_position_id: int, fields: dict, current: dict | None = None) -> dict:
    """Clean draft fields; with `current` (a revision) missing fields keep their current value."""
    if not isinstance(fields, dict):
        raise InvalidInput(_("Badan permintaan harus berupa objek JSON."), "body")
    merged = {**(current or {}), **{k: v for k, v in fields.items() if k in FIELDS}}
    errors: list[dict] = []
    kind = _choice(merged, "type", types.CODES, errors)
    spec = types.TYPES.get(kind)
    clean = {
        "type": kind,
        "subject": _text(merged, "subject", 500, errors),
        "body": _body(merged, errors, required=spec.body_required if spec else True),
        "details": types.clean_fields(kind, merged, errors),
        "sifat": _choice(merged, "sifat", SIFAT, errors, "biasa"),
        "urgency": _choice(merged, "urgency", URGENCY, errors, "biasa"),
    }
    code = merged.get("classification")
    if not isinstance(code, str) or get_classification(session, code.strip()) is None:
        errors.append({"field": "classification", "message": _("Kode klasifikasi tidak dikenal.")})
    clean["classification"] = code.strip() if isinstance(code, str) else None
    clean["recipients"] = _parties(session, merged, "recipients", errors, required=True)
    clean["tembusan"] = _parties(session, merged, "tembusan", errors, required=False)
    signer = _position(session, merged.get("signer_position_id"))
    chain: list[int] = []
    if signer is None:
        errors.append({"field": "signer_position_id", "message": _("Pilih jabatan penandatangan.")})
    else:
        try:
            chain = verifier_chain(session, drafter_position_id, signer.id)
        except InvalidInput as exc:
            errors.extend(exc.errors)
    clean["signer_position_id"] = signer.id if signer else None
    clean["verifiers"] = chain
    clean["coordinators"] = _coordinators(session, merged, drafter_position_id, chain,
                                          signer.id if signer else None, errors)
    if errors:
        raise InvalidInput(errors)
    return clean
