"""The signing passphrase: a wrong one signs nothing and takes no number; five wrong lock signing
for 15 minutes (tracked in the database); it is never stored in task or audit data."""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from eoffice.core import clock
from eoffice.audit.models import AuditEvent
from eoffice.app.extensions import db
from eoffice.outgoing.models import LetterNumberCounter, OutgoingLetter
from eoffice.signing.models import SigningLock
from tests.eoffice.outgoing.helpers import PASSPHRASE, complete, draft, tasks_of


def _sign_task(client, token, letter_id):
    rows = tasks_of(client, token("kadis.kominfo"), letter_id)
    assert [r["name"] for r in rows] == ["tanda_tangan"]
    return rows[0]["id"]


def test_wrong_passphrase_is_403_signs_nothing_and_takes_no_number(client, token):
    letter_id = draft(client, token, login="kabid.aptika")["id"]
    task_id = _sign_task(client, token, letter_id)
    response = complete(client, token("kadis.kominfo"), task_id, {"action": "sign", "passphrase": "salah-sekali"})
    assert response.status_code == 403
    assert "frasa sandi" in response.get_json()["error"].lower()
    db.session.expire_all()
    letter = db.session.get(OutgoingLetter, letter_id)
    assert letter.number is None and letter.signed_at is None and letter.status == "awaiting_signature"
    assert db.session.scalar(select(LetterNumberCounter.id)) is None
    assert db.session.get(SigningLock, letter.signed_by_id or _kadis_id()).failures == 1
    # the task is still open and the right passphrase then signs with sequence 1
    response = complete(client, token("kadis.kominfo"), task_id, {"action": "sign", "passphrase": PASSPHRASE})
    assert response.status_code == 200, response.get_json()
    db.session.expire_all()
    assert db.session.get(OutgoingLetter, letter_id).sequence == 1


def _kadis_id() -> int:
    from eoffice.org.services import employee_by_login

    return employee_by_login(db.session, "kadis.kominfo").id


def test_five_wrong_passphrases_lock_signing_for_fifteen_minutes(client, token):
    letter_id = draft(client, token, login="kabid.aptika")["id"]
    task_id = _sign_task(client, token, letter_id)
    headers = token("kadis.kominfo")
    for _ in range(5):
        assert complete(client, headers, task_id, {"action": "sign", "passphrase": "bukan-ini-1"}).status_code == 403
    db.session.expire_all()
    lock = db.session.get(SigningLock, _kadis_id())
    assert clock.aware(lock.locked_until) > clock.now() + timedelta(minutes=14)
    locked = complete(client, headers, task_id, {"action": "sign", "passphrase": PASSPHRASE})
    assert locked.status_code == 403 and "terkunci" in locked.get_json()["error"]
    clock.advance(timedelta(minutes=16))
    assert complete(client, headers, task_id, {"action": "sign", "passphrase": PASSPHRASE}).status_code == 200


def test_passphrase_never_reaches_task_or_audit_data(client, token):
    letter_id = draft(client, token, login="kabid.aptika")["id"]
    task_id = _sign_task(client, token, letter_id)
    complete(client, token("kadis.kominfo"), task_id, {"action": "sign", "passphrase": "salah-sekali"})
    complete(client, token("kadis.kominfo"), task_id, {"action": "sign", "passphrase": PASSPHRASE})
    from workflows.models import ProcessInstance

    letter = db.session.get(OutgoingLetter, letter_id)
    state = json.dumps(db.session.get(ProcessInstance, letter.instance_id).state)
    events = json.dumps([e.detail for e in db.session.scalars(select(AuditEvent))], default=str)
    for secret in (PASSPHRASE, "salah-sekali"):
        assert secret not in state and secret not in events


def test_signing_without_passphrase_is_422(client, token):
    letter_id = draft(client, token, login="kabid.aptika")["id"]
    response = complete(client, token("kadis.kominfo"), _sign_task(client, token, letter_id), {"action": "sign"})
    assert response.status_code == 422 and response.get_json()["errors"][0]["field"] == "passphrase"
