"""Registering incoming letters: agenda numbers, the head's inbox, and bad input that stores nothing."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from tests.eoffice.letters.helpers import position_id, register, registered_letter, sample_pdf


def _stored_files(app) -> int:
    return sum(1 for p in Path(app.config["STORAGE_DIR"]).rglob("*") if p.is_file())


def _counts(db_session):
    from eoffice.letters.models import AgendaCounter, Letter

    return (db_session.scalar(select(func.count()).select_from(Letter)),
            db_session.scalar(select(func.coalesce(func.sum(AgendaCounter.value), 0))))


def test_registration_gives_consecutive_agenda_numbers_per_opd(client, token):
    first = registered_letter(client, token)
    second = registered_letter(client, token)
    assert second["agenda_number"] == first["agenda_number"] + 1
    other = register(client, token("tu.bkpsdm"), addressed_to=str(position_id("KADIS.BKPSDM")))
    assert other.status_code == 201
    assert other.get_json()["agenda_number"] == 1
    assert first["instance_id"]


def test_registered_letter_lands_in_the_addressed_heads_inbox(client, token):
    from tests.eoffice.letters.helpers import task_for_letter

    letter = registered_letter(client, token, subject="Permintaan data aplikasi")
    task = task_for_letter(client, token("kadis.kominfo"), letter["id"])
    assert task["agenda_number"] == letter["agenda_number"]
    assert task["subject"] == "Permintaan data aplikasi"


def test_only_a_pencatat_of_that_opd_may_register(client, token):
    assert register(client, token("kadis.kominfo")).status_code == 403
    assert register(client, token("tu.bkpsdm")).status_code == 403  # addressed to Kominfo's head


def test_a_file_that_is_not_a_pdf_is_refused_with_415_and_nothing_stored(app, client, token, db_session):
    before = _counts(db_session), _stored_files(app)
    response = register(client, token("tu.kominfo"), pdf=b"GIF89a not a pdf", filename="x.pdf")
    assert response.status_code == 415
    assert (_counts(db_session), _stored_files(app)) == before


def test_an_oversized_file_is_refused_and_nothing_stored(app, client, token, db_session):
    app.config["MAX_UPLOAD_BYTES"] = 2000
    try:
        before = _counts(db_session), _stored_files(app)
        response = register(client, token("tu.kominfo"), pdf=sample_pdf("x" * 50) + b"%" * 3000)
        assert response.status_code == 422
        assert response.get_json()["errors"][0]["field"] == "file"
        assert (_counts(db_session), _stored_files(app)) == before
    finally:
        app.config["MAX_UPLOAD_BYTES"] = 20 * 1024 * 1024


def test_missing_fields_and_unknown_classification_are_named_and_nothing_stored(app, client, token, db_session):
    before = _counts(db_session), _stored_files(app)
    response = register(client, token("tu.kominfo"), sender="", subject=None, classification="999.9",
                        sifat="sangat_penting")
    assert response.status_code == 422
    fields = {e["field"] for e in response.get_json()["errors"]}
    assert {"sender", "subject", "classification", "sifat"} <= fields
    assert (_counts(db_session), _stored_files(app)) == before


def test_a_letter_may_not_be_addressed_outside_the_registering_opd(client, token):
    response = register(client, token("tu.kominfo"), addressed_to=str(position_id("STAF.EGOV1")))
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "addressed_to"


def test_agenda_counter_is_one_atomic_statement_per_number(app, db_session):
    from eoffice.letters.services import next_agenda_number

    numbers = [next_agenda_number(db_session, 1, 2030) for _ in range(5)]
    db_session.rollback()
    assert numbers == [1, 2, 3, 4, 5]
    assert next_agenda_number(db_session, 1, 2030) == 1  # rolled back: no gap consumed
