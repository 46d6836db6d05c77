"""One transaction per use case (eoffice.app.transaction): what a view committed is in the database,
what a failed one wrote is not, not even in part, and a failed use case flashes no success."""
from __future__ import annotations

import pytest
from flask import flash, get_flashed_messages, jsonify, redirect
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from eoffice.app.extensions import db
from eoffice.app.transaction import unit_of_work, use_case
from eoffice.auth.models import LoginThrottle
from eoffice.core.errors import Conflict


def _write(key: str) -> None:
    db.session.add(LoginThrottle(key=key, failures=1))
    db.session.flush()


def _stored(*keys: str) -> set[str]:
    """The keys another connection sees: only what was committed."""
    with db.engine.connect() as conn:
        return set(conn.scalars(select(LoginThrottle.key).where(LoginThrottle.key.in_(keys))))


@pytest.mark.parametrize("answer", [lambda: jsonify(ok=True), lambda: (jsonify(ok=True), 201),
                                    lambda: redirect("/somewhere"), lambda: ("", 204)],
                         ids=["200", "201", "302", "204"])
def test_use_case_commits_when_the_view_answers_2xx_or_3xx(app, answer):
    @use_case
    def view():
        _write("uow:ok")
        return answer()

    with app.test_request_context("/api/v1/x", method="POST"):
        response = view()
    assert response.status_code < 400
    assert _stored("uow:ok") == {"uow:ok"}


@pytest.mark.parametrize("error", [Conflict("taken"), RuntimeError("bug")], ids=["domain error", "unexpected"])
def test_use_case_rolls_back_everything_and_lets_the_error_through(app, error):
    @use_case
    def view():
        _write("uow:first")
        _write("uow:second")
        raise error

    with app.test_request_context("/api/v1/x", method="POST"):
        with pytest.raises(type(error)):
            view()
    assert _stored("uow:first", "uow:second") == set()
    assert db.session.get(LoginThrottle, "uow:first") is None  # nothing half-written left in the session either


def test_use_case_rolls_back_when_the_view_answers_an_error(app):
    @use_case
    def view():
        _write("uow:refused")
        return jsonify(error="invalid input"), 422

    with app.test_request_context("/api/v1/x", method="POST"):
        assert view().status_code == 422
    assert _stored("uow:refused") == set()


def test_a_failed_use_case_takes_back_its_flashed_messages(app):
    @use_case
    def view():
        flash("Tersimpan.")
        _write("uow:flash")
        raise Conflict("taken")

    with app.test_request_context("/x", method="POST"):
        flash("from before")
        with pytest.raises(Conflict):
            view()
        assert get_flashed_messages() == ["from before"]


def test_unit_of_work_commits_the_block_and_the_view_goes_on_after_it(app):
    with app.test_request_context("/x", method="POST"):
        with unit_of_work():
            _write("uow:block")
        assert _stored("uow:block") == {"uow:block"}


def test_unit_of_work_rolls_back_and_reraises(app):
    with app.test_request_context("/x", method="POST"):
        with pytest.raises(Conflict):
            with unit_of_work():
                _write("uow:block-1")
                _write("uow:block-2")
                raise Conflict("taken")
        assert _stored("uow:block-1", "uow:block-2") == set()
        assert db.session.get(LoginThrottle, "uow:block-1") is None


def test_a_commit_that_fails_answers_the_conflict_and_flashes_no_success(login, monkeypatch):
    """Over HTTP: the record stays active, the page is the conflict page, no "dipensiunkan" anywhere."""
    from eoffice.spbe.models import SpbeRecord

    client = login("admin")

    def conflict():
        raise StaleDataError("changed meanwhile")

    monkeypatch.setattr(db.session, "commit", conflict)
    response = client.post("/spbe/records/RAK.01.01.01/retire")
    monkeypatch.undo()
    assert response.status_code == 409
    assert "dipensiunkan" not in response.get_data(as_text=True)
    assert "dipensiunkan" not in client.get("/spbe/records/RAK.01.01.01").get_data(as_text=True)
    db.session.rollback()
    assert db.session.scalar(select(SpbeRecord.retired_at).where(SpbeRecord.code == "RAK.01.01.01")) is None
