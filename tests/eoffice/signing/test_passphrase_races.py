"""The signing-passphrase lockout under real concurrency (threads, each with its own session and
connections; the app tier runs this on SQLite and on PostgreSQL): however many wrong passphrases
arrive at once for a signer who never signed before, the key is opened at most
SIGNING_MAX_FAILURES times, every answer is a 403 (never a 500, though each first attempt also
raced to issue the signer's key), and while locked the right passphrase is refused unopened."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

import signatures.keystore
import signatures.pki
from eoffice.app.extensions import db
from eoffice.core import clock
from eoffice.org.services import employee_by_login
from eoffice.outgoing.models import OutgoingLetter
from eoffice.signing.models import SignerKey
from tests.eoffice.concurrency import count_calls, in_parallel
from tests.eoffice.outgoing.helpers import PASSPHRASE, complete, draft, tasks_of

# Each request holds its session's connection and, for the check, one more: stay below the
# PostgreSQL pool of one test app (5 + 10 overflow).
ATTEMPTS = 12


def _sign(headers, task_id, passphrase):
    def call(client):
        response = complete(client, headers, task_id, {"action": "sign", "passphrase": passphrase})
        return response.status_code, response.get_json()["error"] if response.status_code != 200 else ""

    return call


def test_parallel_wrong_passphrases_open_the_key_at_most_the_limit_then_signing_locks(app, client, token, monkeypatch):
    letter_id = draft(client, token, login="kabid.aptika")["id"]
    headers = token("kadis.kominfo")
    task_id = tasks_of(client, headers, letter_id)[0]["id"]
    kadis = employee_by_login(db.session, "kadis.kominfo")
    assert db.session.scalar(select(SignerKey.id).where(SignerKey.employee_id == kadis.id)) is None
    openings = count_calls(monkeypatch, (signatures.keystore, "unlock_key"), (signatures.pki, "unlock_key"))
    limit = app.config["SIGNING_MAX_FAILURES"]
    answers = in_parallel(app, [_sign(headers, task_id, f"bukan-ini-{i}") for i in range(ATTEMPTS)])
    assert {status for status, _ in answers} == {403}, answers
    wrong = [error for _, error in answers if "terkunci" not in error]
    assert openings.calls == len(wrong) == limit and all("salah" in error.lower() for error in wrong)
    assert sum("terkunci" in error for _, error in answers) == ATTEMPTS - limit
    status, error = _sign(headers, task_id, PASSPHRASE)(client)
    assert status == 403 and "terkunci" in error and openings.calls == limit  # refused unopened
    db.session.expire_all()
    assert db.session.scalar(select(func.count(SignerKey.id)).where(SignerKey.employee_id == kadis.id)) == 1
    assert db.session.get(OutgoingLetter, letter_id).number is None
    clock.advance(timedelta(seconds=app.config["SIGNING_LOCK_SECONDS"] + 60))
    assert _sign(headers, task_id, PASSPHRASE)(client)[0] == 200
