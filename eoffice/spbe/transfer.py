"""Import and export of SPBE records as CSV and JSON.

Import is all-or-nothing: every row is checked first (parents and links may point to codes of
the same file), every problem is reported with its line (CSV: the file line, header = 1; JSON: the
entry number), and nothing is written unless the whole file is valid. Existing codes are updated,
new codes created, in level order so that parents come first.
"""
from __future__ import annotations

import csv
import io
import json

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from eoffice.core import clock
from eoffice.core.errors import InvalidInput
from eoffice.spbe import codes
from eoffice.spbe.models import SpbeRecord
from eoffice.spbe.services import apply, find_record, known_codes, list_records, record_as_dict, validate

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
BASE_COLUMNS = ["code", "domain", "level", "parent_code", "name", "description", "owner_unit", "status",
                "sample", "retired", "links"]
TRUE = {"1", "true", "ya", "yes", "y"}


def export_records(session: Session) -> list[dict]:
    return [{k: v for k, v in record_as_dict(r).items() if k not in ("national", "retired_at")}
            for r in list_records(session)]


def export_json(session: Session) -> str:
    return json.dumps(export_records(session), ensure_ascii=False, indent=2)


def export_csv(session: Session) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=BASE_COLUMNS + codes.all_field_names(), lineterminator="\n")
    writer.writeheader()
    for row in export_records(session):
        attrs = row.pop("attrs")
        row.update(attrs)
        row["links"] = " ".join(row["links"])
        row["sample"] = "true" if row["sample"] else "false"
        row["retired"] = "true" if row["retired"] else "false"
        writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
    return out.getvalue()


def download(session: Session, fmt: str) -> tuple[str, str, str]:
    """(body, mimetype, file name) of an export in `fmt` (csv or json)."""
    if fmt == "csv":
        return export_csv(session), "text/csv", "arsitektur-spbe.csv"
    return export_json(session), "application/json", "arsitektur-spbe.json"


# --- parsing ----------------------------------------------------------------------------------------
def _bool(value) -> bool:
    return value if isinstance(value, bool) else str(value or "").strip().lower() in TRUE


def parse_csv(data: bytes) -> list[tuple[int, dict]]:
    text = data.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "code" not in reader.fieldnames:
        raise InvalidInput([{"field": "file", "line": 1, "message": _("baris 1: kolom 'code' tidak ada pada kepala CSV.")}])
    attr_names = set(codes.all_field_names())
    rows = []
    for row in reader:
        line = reader.line_num
        record = {k: (v or "").strip() for k, v in row.items() if k in BASE_COLUMNS and k not in ("level", "parent_code")}
        record["attrs"] = {k: v.strip() for k, v in row.items() if k in attr_names and v and v.strip()}
        unknown = [k for k in row if k not in BASE_COLUMNS and k not in attr_names]
        if unknown:
            record["_unknown"] = unknown
        rows.append((line, record))
    return rows


def parse_json(data: bytes) -> list[tuple[int, dict]]:
    body = json.loads(data.decode("utf-8-sig"))
    if isinstance(body, dict):
        body = body.get("records")
    if not isinstance(body, list):
        raise InvalidInput([{"field": "file", "line": 1, "message": _("JSON harus berupa daftar rekam (atau {\"records\": [...]}).")}])
    rows = []
    for number, item in enumerate(body, start=1):
        rows.append((number, item if isinstance(item, dict) else {"_invalid": True}))
    return rows


def parse(data: bytes, fmt: str) -> list[tuple[int, dict]]:
    if len(data) > MAX_BYTES:
        raise InvalidInput(_("Berkas terlalu besar (paling besar 2 MB)."), "file")
    try:
        rows = parse_json(data) if fmt == "json" else parse_csv(data)
    except (UnicodeDecodeError, ValueError, csv.Error) as exc:
        raise InvalidInput([{"field": "file", "line": 1, "message": _("Berkas tidak dapat dibaca: %(error)s", error=str(exc))}]) from None
    if len(rows) > MAX_ROWS:
        raise InvalidInput(_("Terlalu banyak baris (paling banyak %(n)s).", n=MAX_ROWS), "file")
    return rows


# --- import -----------------------------------------------------------------------------------------
def _row_errors(line: int, errors: list[dict]) -> list[dict]:
    return [{"field": e["field"], "line": line, "message": _("baris %(line)s: %(message)s", line=line, message=e["message"])}
            for e in errors]


def import_records(session: Session, data: bytes, fmt: str, actor: str | None) -> dict:
    """Create or update every record of the file, or nothing; returns {"created", "updated"}."""
    rows = parse(data, fmt)
    known = known_codes(session)
    in_file: dict[str, int] = {}
    errors: list[dict] = []
    for line, row in rows:
        code = str(row.get("code") or "").strip()
        if row.get("_invalid"):
            errors += _row_errors(line, [{"field": "record", "message": _("entri harus berupa objek.")}])
        elif code in in_file:
            errors += _row_errors(line, [{"field": "code", "message": _("kode %(code)s muncul dua kali (lihat baris %(other)s).",
                                                                       code=code, other=in_file[code])}])
        elif codes.parse(code):
            in_file[code] = line
        if row.get("_unknown"):
            errors += _row_errors(line, [{"field": "file", "message": _("kolom tidak dikenal: %(names)s", names=", ".join(row["_unknown"]))}])
    everything = {**known, **{c: codes.domain_of(c) for c in in_file}}
    plan = []
    for line, row in rows:
        if row.get("_invalid"):
            continue
        existing = find_record(session, str(row.get("code") or "").strip())
        fields = {k: v for k, v in row.items() if not k.startswith("_") and k not in ("retired", "level", "parent_code")}
        clean, problems = validate(fields, everything, existing=existing, taken={})
        errors += _row_errors(line, problems)
        plan.append((existing, clean, _bool(row.get("retired"))))
    if errors:
        raise InvalidInput(errors)
    return _write(session, plan, known, actor)


def _write(session: Session, plan: list, known: dict, actor: str | None) -> dict:
    plan.sort(key=lambda step: step[1]["level"])
    written: list[tuple[SpbeRecord, dict]] = []
    for existing, clean, _retired in plan:
        already = [code for code in clean["links"] if code in known]
        written.append((apply(session, existing, clean, actor, links=already), clean))
        session.flush()
    now = clock.now()
    for (record, clean), (_existing, _clean, retired) in zip(written, plan):
        apply(session, record, clean, actor)
        if retired and record.retired_at is None:
            record.retired_at, record.retired_by = now, actor
        elif not retired:
            record.retired_at = record.retired_by = None
    session.flush()
    created = sum(1 for existing, _c, _r in plan if existing is None)
    return {"created": created, "updated": len(plan) - created}
