"""Eight letters signed at once (threads, each with its own session and connections; SQLite and
PostgreSQL through the app tier) by a signer who never signed before: the lazily issued key, the
QR key and the number counter are created on first use by whichever request comes first, and
every signing succeeds with its own consecutive number."""
from __future__ import annotations

from sqlalchemy import func, select

from eoffice.app.extensions import db
from eoffice.org.services import employee_by_login
from eoffice.outgoing.models import OutgoingLetter
from eoffice.signing.models import SignerKey, SigningAuthority
from tests.eoffice.concurrency import in_parallel
from tests.eoffice.outgoing.helpers import PASSPHRASE, complete, draft, tasks_of

LETTERS = 8


def test_eight_letters_signed_at_once_by_a_signer_who_never_signed_get_eight_consecutive_numbers(app, client, token):
    ids = [draft(client, token, login="kabid.aptika")["id"] for _ in range(LETTERS)]
    headers = token("kadis.kominfo")
    tasks = [tasks_of(client, headers, letter_id)[0]["id"] for letter_id in ids]
    kadis = employee_by_login(db.session, "kadis.kominfo")
    assert db.session.scalar(select(SignerKey.id).where(SignerKey.employee_id == kadis.id)) is None
    db.session.execute(SigningAuthority.__table__.delete().where(SigningAuthority.kind == "qr"))
    db.session.commit()  # the QR-token key too is created by the first signing that needs it

    def sign(task_id):
        def call(client):
            response = complete(client, headers, task_id, {"action": "sign", "passphrase": PASSPHRASE})
            return response.status_code, response.get_json()

        return call

    answers = in_parallel(app, [sign(task_id) for task_id in tasks])
    assert [status for status, _ in answers] == [200] * LETTERS, answers
    db.session.expire_all()
    rows = db.session.execute(select(OutgoingLetter.sequence, OutgoingLetter.number, OutgoingLetter.signed_digest)
                              .where(OutgoingLetter.id.in_(ids))).all()
    assert sorted(seq for seq, _, _ in rows) == list(range(1, LETTERS + 1))
    assert len({number for _, number, _ in rows}) == LETTERS and all(digest for *_, digest in rows)
    assert db.session.scalar(select(func.count(SignerKey.id)).where(SignerKey.employee_id == kadis.id)) == 1
    assert db.session.scalar(select(func.count(SigningAuthority.id)).where(SigningAuthority.kind == "qr")) == 1
