"""Classification codes (kode klasifikasi arsip): look-ups, retention dates and CSV import."""
from __future__ import annotations

import csv
import io
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.core.errors import InvalidInput
from eoffice.core.rows import insert_missing
from eoffice.letters.models import FINAL_DISPOSITIONS, Classification

CSV_COLUMNS = ("code", "name", "active_years", "inactive_years", "final")


def parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def list_classifications(session: Session) -> list[Classification]:
    return list(session.scalars(select(Classification).order_by(Classification.code)))


def get_classification(session: Session, code: str | None) -> Classification | None:
    if not isinstance(code, str) or not code.strip():
        return None
    return session.get(Classification, code.strip())


def classification_as_dict(c: Classification) -> dict:
    return {"code": c.code, "name": c.name, "active_years": c.active_years,
            "inactive_years": c.inactive_years, "final": c.final}


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def retention_dates(classification: Classification, filed_on: date) -> tuple[date, date]:
    """(end of the active period, end of the inactive period) counted from the filing date."""
    active_until = add_years(filed_on, classification.active_years)
    return active_until, add_years(active_until, classification.inactive_years)


def _parse_row(row: dict, line_no: int, errors: list) -> tuple | None:
    where = f"line {line_no}"
    code = (row.get("code") or "").strip()
    name = (row.get("name") or "").strip()
    final = (row.get("final") or "").strip().lower().replace(" ", "_")
    problems = []
    if not code or any(not part.isdigit() for part in code.split(".")):
        problems.append("Kode klasifikasi tidak valid (contoh: 000.1.2).")
    if not name:
        problems.append("Nama klasifikasi wajib diisi.")
    years = []
    for column in ("active_years", "inactive_years"):
        try:
            value = int((row.get(column) or "").strip())
            if value < 0:
                raise ValueError
            years.append(value)
        except ValueError:
            problems.append(f"{column} harus bilangan bulat ≥ 0.")
    if final not in FINAL_DISPOSITIONS:
        problems.append("final harus musnah, permanen atau dinilai_kembali.")
    if problems:
        errors.extend({"field": where, "message": p} for p in problems)
        return None
    return code, name, years[0], years[1], final


def import_classifications_csv(session: Session, text: str) -> int:
    """Import `code,name,active_years,inactive_years,final` rows; all-or-nothing, errors name the line.

    Imported codes replace the sample flag: they are the administrator's real configuration.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InvalidInput(_("Kolom CSV wajib: %(columns)s (kurang: %(missing)s).", columns=", ".join(CSV_COLUMNS),
                             missing=", ".join(missing)), "file")
    rows, errors = [], []
    for line_no, row in enumerate(reader, start=2):
        parsed = _parse_row(row, line_no, errors)
        if parsed:
            rows.append(parsed)
    if errors:
        raise InvalidInput(errors)
    if not rows:
        raise InvalidInput(_("Berkas CSV tidak berisi baris."), "file")
    for code, name, active, inactive, final in rows:
        insert_missing(session, Classification.__table__, {"code": code, "name": name})  # imports at once
        item = session.get(Classification, code)
        item.name, item.active_years, item.inactive_years, item.final = name, active, inactive, final
        item.parent_code, item.sample = parent_code(code), False
    session.flush()
    return len(rows)
