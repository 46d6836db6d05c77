"""The letter types a drafter may choose (Permendagri 1/2023) and the structured fields each carries.

A type's fields are validated here when a draft is written (`clean_fields`), stored with the draft
(`outgoing_letter.details`), listed by `GET /api/v1/letter-types`, shown on the drafting form, and
turned into the rendered layout by `rendering` (`details_rows`, `sections`).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from eoffice.app.i18n import N_
from eoffice.outgoing.models import LETTER_TYPES

TEXT_LIMIT = 500
ITEM_LIMIT = 2000
MAX_ITEMS = 30


@dataclass(frozen=True)
class TypeField:
    """One structured field: `text` is one line, `list` is one item per line (or a JSON list)."""

    name: str
    label: object          # lazily translated
    kind: str = "text"     # text | list
    required: bool = True

    def as_dict(self) -> dict:
        return {"name": self.name, "label": str(self.label), "type": self.kind, "required": self.required}


@dataclass(frozen=True)
class LetterTypeSpec:
    code: str
    name: object
    fields: tuple[TypeField, ...] = ()
    body_required: bool = True

    def as_dict(self) -> dict:
        return {"code": self.code, "name": str(self.name), "body_required": self.body_required,
                "fields": [f.as_dict() for f in self.fields]}


_EVENT = (TypeField("hari_tanggal", N_("Hari/tanggal")), TypeField("waktu", N_("Waktu")),
          TypeField("tempat", N_("Tempat")), TypeField("acara", N_("Acara")))
_ORDER = (TypeField("dasar", N_("Dasar"), "list"), TypeField("kepada", N_("Kepada"), "list"),
          TypeField("untuk", N_("Untuk"), "list"))
_DECREE = (TypeField("menimbang", N_("Menimbang"), "list"), TypeField("mengingat", N_("Mengingat"), "list"),
           TypeField("menetapkan", N_("Menetapkan")), TypeField("diktum", N_("Diktum (KESATU, KEDUA, …)"), "list"))

TYPES: dict[str, LetterTypeSpec] = {spec.code: spec for spec in (
    LetterTypeSpec("surat_dinas", N_("Surat Dinas")),
    LetterTypeSpec("nota_dinas", N_("Nota Dinas")),
    LetterTypeSpec("memo", N_("Memo")),
    LetterTypeSpec("surat_undangan", N_("Surat Undangan"), _EVENT),
    LetterTypeSpec("surat_edaran", N_("Surat Edaran")),
    LetterTypeSpec("surat_tugas", N_("Surat Tugas"), _ORDER, body_required=False),
    LetterTypeSpec("surat_perintah", N_("Surat Perintah"), _ORDER, body_required=False),
    LetterTypeSpec("surat_keputusan", N_("Surat Keputusan"), _DECREE, body_required=False),
    LetterTypeSpec("berita_acara", N_("Berita Acara")),
    LetterTypeSpec("surat_keterangan", N_("Surat Keterangan")),
    LetterTypeSpec("surat_pengantar", N_("Surat Pengantar")),
    LetterTypeSpec("laporan", N_("Laporan")),
    LetterTypeSpec("telaahan_staf", N_("Telaahan Staf")),
    LetterTypeSpec("notula", N_("Notula")),
)}
CODES = LETTER_TYPES
assert tuple(TYPES) == CODES, "every letter type has its spec"
FIELD_NAMES = tuple(sorted({f.name for spec in TYPES.values() for f in spec.fields}))
# the letter register's `kind` (lower case, as the incoming register writes it)
REGISTER_KIND = {code: code.replace("_", " ") for code in CODES}


def _items(value) -> list[str] | None:
    if isinstance(value, str):
        return [line.strip() for line in value.replace("\r\n", "\n").split("\n") if line.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    return None


def clean_fields(code: str, fields: dict, errors: list) -> dict:
    """The structured fields of type `code` from `fields` (top-level draft keys); errors name the field."""
    spec = TYPES.get(code)
    if spec is None:
        return {}
    clean: dict = {}
    for field in spec.fields:
        value = fields.get(field.name)
        if field.kind == "list":
            items = _items(value if value is not None else [])
            if items is None:
                errors.append({"field": field.name, "message": _("Harus berupa teks atau daftar teks.")})
                continue
            if field.required and not items:
                errors.append({"field": field.name, "message": _("Wajib diisi.")})
            elif len(items) > MAX_ITEMS or any(len(i) > ITEM_LIMIT for i in items):
                errors.append({"field": field.name, "message": _(
                    "Paling banyak %(n)d butir, masing-masing maksimal %(limit)d karakter.", n=MAX_ITEMS, limit=ITEM_LIMIT)})
            clean[field.name] = items
            continue
        if value is not None and not isinstance(value, str):
            errors.append({"field": field.name, "message": _("Harus berupa teks.")})
            continue
        text = (value or "").strip()
        if field.required and not text:
            errors.append({"field": field.name, "message": _("Wajib diisi.")})
        elif len(text) > TEXT_LIMIT:
            errors.append({"field": field.name, "message": _("Maksimal %(n)d karakter.", n=TEXT_LIMIT)})
        clean[field.name] = text
    return clean


def catalogue() -> list[dict]:
    return [spec.as_dict() for spec in TYPES.values()]
