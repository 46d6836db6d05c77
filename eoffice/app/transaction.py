"""One transaction per use case: the request's session commits when the use case succeeds and
rolls back when it fails, so no view writes `db.session.commit()` by hand.

- `@use_case` on a view function: the whole view is the use case. An answer of 2xx or 3xx
  commits; an answer of 400 or more, or any exception (a `DomainError` included), rolls back,
  and the exception goes on to the app's error handlers. A failed use case also takes back the
  messages it flashed: nothing may say it succeeded.
- `with unit_of_work():` for a view that must do something after its commit (read back what was
  stored, show the form again with the errors of a refused input): the block is the use case; it
  commits when the block ends and rolls back and re-raises when anything leaves it.
"""
from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, session

from eoffice.app.extensions import db

_FLASHES = "_flashes"  # where flask.flash keeps the messages in the session


@contextmanager
def unit_of_work() -> Iterator[None]:
    """Commit the request's session when the block ends; roll back and re-raise when it fails."""
    try:
        yield
        db.session.commit()
    except BaseException:
        _rollback()
        raise


def use_case(view):
    """Run a view as one transaction: commit on a 2xx/3xx answer, roll back on an error or exception."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        flashed = _flashed()
        try:
            response = current_app.make_response(view(*args, **kwargs))
            succeeded = response.status_code < 400
            if succeeded:
                db.session.commit()
        except BaseException:
            _fail(flashed)
            raise
        if not succeeded:
            _fail(flashed)
        return response

    return wrapped


def _fail(flashed: list | None) -> None:
    _rollback()
    _restore_flashed(flashed)


def _rollback() -> None:
    try:
        db.session.rollback()
    except Exception:  # the connection is gone: nothing was committed, and the first error is the one to answer
        db.session.remove()


def _flashed() -> list | None:
    return list(session[_FLASHES]) if _FLASHES in session else None


def _restore_flashed(flashed: list | None) -> None:
    if flashed is None:
        session.pop(_FLASHES, None)
    elif session.get(_FLASHES) != flashed:
        session[_FLASHES] = flashed
