"""Letter numbers: the configured pattern, one counter per (OPD, classification, year), and 100
letters numbered concurrently from several (forked) processes, each with its own app and
connection, on PostgreSQL get 100 distinct consecutive
numbers; 100 letters signed the same way (number, render, PAdES) get 100 distinct consecutive numbers too."""
from __future__ import annotations

import multiprocessing

import pytest
from sqlalchemy import select

from eoffice.auth.actor import actor_by_login
from eoffice.app.extensions import db
from eoffice.org.services import employee_by_login
from eoffice.outgoing import services
from eoffice.outgoing.finalize import number_letter
from eoffice.outgoing.models import OutgoingLetter
from tests.eoffice.outgoing.helpers import draft_payload

PROCESSES, LETTERS = 4, 100


def _drafts(count: int, **overrides) -> list[int]:
    actor = actor_by_login(db.session, "kabid.aptika")
    ids = [services.create_letter(db.session, actor, draft_payload(**overrides), submit=False).id for _ in range(count)]
    db.session.commit()
    return ids


def test_numbers_follow_the_configured_pattern_per_classification(app):
    ids = _drafts(3)
    app.config["LETTER_NUMBER_PATTERN"] = "{unit_code}/{classification}/{sequence}/{year}"
    try:
        first = number_letter(db.session, db.session.get(OutgoingLetter, ids[0]), 2026)
        second = number_letter(db.session, db.session.get(OutgoingLetter, ids[1]), 2026)
        other = db.session.get(OutgoingLetter, ids[2])
        other.classification = "000.8.3"
        third = number_letter(db.session, other, 2026)
    finally:
        app.config["LETTER_NUMBER_PATTERN"] = "{classification}/{sequence}/{unit_code}/{year}"
    assert (first, second, third) == ("DISKOMINFO/000.8.3.3/1/2026", "DISKOMINFO/000.8.3.3/2/2026",
                                      "DISKOMINFO/000.8.3/1/2026")


def test_rolled_back_signing_leaves_no_gap(app):
    ids = _drafts(2)
    number_letter(db.session, db.session.get(OutgoingLetter, ids[0]), 2026)
    db.session.rollback()
    assert number_letter(db.session, db.session.get(OutgoingLetter, ids[1]), 2026).startswith("000.8.3.3/1/")


def _number_in_child(url: str, storage: str, ids: list[int], results) -> None:
    from eoffice import create_app
    from eoffice.app.extensions import db as child_db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "STORAGE_DIR": storage, "TESTING": True,
                      "SECRET_KEY": "test-secret-key-that-is-long-enough-for-hs256"})
    with app.app_context():
        for letter_id in ids:
            letter = child_db.session.get(OutgoingLetter, letter_id)
            number_letter(child_db.session, letter, 2026)
            child_db.session.commit()
        child_db.engine.dispose()
    results.put(len(ids))


@pytest.mark.postgres
def test_hundred_letters_numbered_concurrently_from_several_processes_on_postgresql(tmp_path, scratch_pg_database):
    from eoffice.core import clock
    from eoffice import create_app
    from eoffice.app import setup

    url = scratch_pg_database("numbering")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "STORAGE_DIR": str(tmp_path), "TESTING": True,
                      "SECRET_KEY": "test-secret-key-that-is-long-enough-for-hs256"})
    clock.reset()
    with app.app_context():
        db.create_all()
        setup.seed_all()
        ids = _drafts(LETTERS)
        db.session.remove()
        db.engine.dispose()
    assert _in_processes(_number_in_child, url, tmp_path, ids, timeout=120) == LETTERS
    with app.app_context():
        rows = db.session.execute(select(OutgoingLetter.sequence, OutgoingLetter.number)).all()
        db.session.remove()
        db.engine.dispose()
    assert sorted(seq for seq, _ in rows) == list(range(1, LETTERS + 1))
    assert len({number for _, number in rows}) == LETTERS


def _sign_in_child(url: str, storage: str, ids: list[int], results) -> None:
    """Sign letters through the one-step signing use case (number, render, PAdES, delivery)."""
    from eoffice import create_app
    from eoffice.app.extensions import db as child_db
    from eoffice.outgoing.finalize import sign_letter

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "STORAGE_DIR": storage, "TESTING": True,
                      "SECRET_KEY": "test-secret-key-that-is-long-enough-for-hs256"})
    with app.app_context():
        actor = actor_by_login(child_db.session, "kadis.kominfo")
        for letter_id in ids:
            sign_letter(child_db.session, actor, child_db.session.get(OutgoingLetter, letter_id), "tte-demo")
            child_db.session.commit()
        child_db.engine.dispose()
    results.put(len(ids))


@pytest.mark.postgres
def test_hundred_letters_signed_concurrently_from_several_processes_on_postgresql(tmp_path, scratch_pg_database):
    _sign_concurrently(scratch_pg_database("signing"), tmp_path)


def _sign_concurrently(url: str, tmp_path) -> None:
    from eoffice.core import clock
    from eoffice import create_app
    from eoffice.app import setup
    from eoffice.signing import services as signing

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "STORAGE_DIR": str(tmp_path), "TESTING": True,
                      "SECRET_KEY": "test-secret-key-that-is-long-enough-for-hs256"})
    clock.reset()
    with app.app_context():
        db.create_all()
        setup.seed_all()
        signing.issue_key(db.session, employee_by_login(db.session, "kadis.kominfo"))
        # one external recipient without e-mail: this test is about numbering while signing, not delivery
        ids = _drafts(LETTERS, recipients=[{"kind": "external", "name": "Direktur PT Contoh"}], tembusan=[])
        db.session.remove()
        db.engine.dispose()
    assert _in_processes(_sign_in_child, url, tmp_path, ids, timeout=300) == LETTERS
    with app.app_context():
        rows = db.session.execute(select(OutgoingLetter.sequence, OutgoingLetter.number, OutgoingLetter.signed_digest)).all()
        db.session.remove()
        db.engine.dispose()
    assert sorted(seq for seq, _, _ in rows) == list(range(1, LETTERS + 1))
    assert len({number for _, number, _ in rows}) == LETTERS and all(digest for _, _, digest in rows)


def _in_processes(child, url: str, tmp_path, ids: list[int], timeout: float) -> int:
    """Run `child(url, storage, ids_share, results)` in PROCESSES forked processes at once; the
    sum of what they report (letters handled). Every process must exit cleanly."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    workers = [context.Process(target=child, args=(url, str(tmp_path), ids[i::PROCESSES], results))
               for i in range(PROCESSES)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout)
    assert all(w.exitcode == 0 for w in workers)
    return sum(results.get(timeout=5) for _ in workers)
