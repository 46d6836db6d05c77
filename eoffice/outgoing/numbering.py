"""Letter numbers: an atomic counter per (OPD, classification, year) and the configured pattern.

The number is taken inside the signing transaction, so a cancelled or failed signing leaves no
gap, and the counter row stays locked until that transaction ends: no two letters share a number.
"""
from __future__ import annotations

from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from eoffice.outgoing.models import LetterNumberCounter

DEFAULT_PATTERN = "{classification}/{sequence}/{unit_code}/{year}"


def pattern() -> str:
    return current_app.config.get("LETTER_NUMBER_PATTERN") or DEFAULT_PATTERN


def format_number(text: str, *, classification: str, sequence: int, unit_code: str, year: int) -> str:
    return text.format(classification=classification, sequence=sequence, unit_code=unit_code, year=year)


def next_sequence(session: Session, opd_unit_id: int, classification: str, year: int) -> int:
    """Take the next sequence: one INSERT … ON CONFLICT DO UPDATE … RETURNING (row locked to commit)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(LetterNumberCounter).values(
        opd_unit_id=opd_unit_id, classification=classification, year=year, value=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=["opd_unit_id", "classification", "year"],
        set_={"value": LetterNumberCounter.value + 1}).returning(LetterNumberCounter.value)
    return session.execute(stmt).scalar_one()


def take_number(session: Session, *, opd_unit_id: int, unit_code: str, classification: str,
                year: int) -> tuple[str, int]:
    """(formatted number, sequence) for a letter signed now."""
    sequence = next_sequence(session, opd_unit_id, classification, year)
    text = format_number(pattern(), classification=classification, sequence=sequence,
                         unit_code=unit_code, year=year)
    return text, sequence
