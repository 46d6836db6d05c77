"""Reading the drafting and task forms of the web pages into the API's field shapes."""
from __future__ import annotations

import re
from types import SimpleNamespace

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from eoffice.outgoing.types import TYPES

FIELDS = ("type", "subject", "body", "classification", "sifat", "urgency")


def _int_list(values) -> list[int]:
    found = []
    for value in values:
        try:
            found.append(int(value))
        except (TypeError, ValueError):
            continue
    return found


def _external(text: str) -> list[dict]:
    """One external party per line: `name | address | email` (address and e-mail optional)."""
    parties = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")] + ["", ""]
        parties.append({"kind": "external", "name": parts[0], "address": parts[1], "email": parts[2]})
    return parties


def draft_fields(form: MultiDict) -> dict:
    fields = {name: form.get(name, "") for name in FIELDS}
    spec = TYPES.get(fields["type"])
    for field in spec.fields if spec else ():   # inputs are named "<type>.<field>", one group per type
        fields[field.name] = form.get(f"{spec.code}.{field.name}", "")
    fields["recipients"] = ([{"kind": "internal", "position_id": p} for p in _int_list(form.getlist("recipient_positions"))]
                            + _external(form.get("recipients_external", "")))
    fields["tembusan"] = ([{"kind": "internal", "position_id": p} for p in _int_list(form.getlist("tembusan_positions"))]
                          + _external(form.get("tembusan_external", "")))
    signer = _int_list([form.get("signer_position_id")])
    fields["signer_position_id"] = signer[0] if signer else None
    fields["coordinators"] = _int_list(form.getlist("coordinators"))
    return fields


def external_lines(parties: list[dict]) -> str:
    return "\n".join(" | ".join([p.get("name", ""), p.get("address", ""), p.get("email", "")]).rstrip(" |")
                     for p in parties if p.get("kind") == "external")


def task_data(name: str, form: MultiDict) -> dict:
    """The task payload of a web form (the same shape the API takes)."""
    data = {"action": form.get("action", ""), "note": form.get("note", "")}
    if name == "tanda_tangan" and data["action"] == "sign":
        data["passphrase"] = form.get("passphrase", "")
    if name == "revisi":
        data.update(draft_fields(form))
        data["action"] = "resubmit"
    return data


def as_draft(form: MultiDict) -> SimpleNamespace:
    """What a refused revision form held, shaped like a letter so the fields show it again."""
    fields = draft_fields(form)
    return SimpleNamespace(kind=fields["type"], subject=fields["subject"], body=fields["body"],
                           classification=fields["classification"], sifat=fields["sifat"],
                           urgency=fields["urgency"], recipients=fields["recipients"],
                           tembusan=fields["tembusan"], signer_position_id=fields["signer_position_id"],
                           coordinator_position_ids=fields["coordinators"])


def field_error(field: str | None, message: str) -> str:
    """A field's error as a person reads it on the letter page: `Perihal: Wajib diisi.`"""
    labels = {"type": _("Jenis naskah"), "subject": _("Perihal"), "body": _("Isi surat"),
              "classification": _("Kode klasifikasi"), "sifat": _("Sifat"), "urgency": _("Urgensi"),
              "recipients": _("Penerima"), "tembusan": _("Tembusan"), "signer_position_id": _("Penandatangan"),
              "coordinators": _("Paraf koordinasi (unit lain)"), "note": _("Catatan"),
              "passphrase": _("Frasa sandi tanda tangan")}
    label = labels.get(re.split(r"[\[.]", field or "", maxsplit=1)[0])
    return f"{label}: {message}" if label else message
