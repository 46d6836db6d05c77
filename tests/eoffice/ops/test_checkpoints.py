"""Signed audit checkpoints: a Merkle root over new events, verified by `flask audit verify`."""
from __future__ import annotations

import base64
import threading
from datetime import timedelta

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select, update

from eoffice.core import clock
from eoffice.audit import checkpoints
from eoffice.audit import services as audit
from eoffice.audit.models import AuditCheckpoint, AuditEvent


def _settled_events(session, n=3, chain="cp-test"):
    for i in range(n):
        audit.record(session, chain, "step", actor="kasi.egov", data={"i": i})
    session.commit()
    clock.advance(checkpoints.GRACE + timedelta(seconds=1))


def _hmac(app):
    return checkpoints.keys_from_config(app.config, env={})


def test_checkpoint_covers_every_settled_event_and_verifies(app, db_session):
    _settled_events(db_session)
    total = db_session.query(AuditEvent).count()
    cp = checkpoints.make_checkpoint(db_session, _hmac(app)[0])
    db_session.commit()
    assert cp.seq == 1 and cp.event_count == total and cp.algorithm == "hmac-sha256"
    reports = checkpoints.verify_checkpoints(db_session, _hmac(app))
    assert [(r.seq, r.verified) for r in reports] == [(1, True)]


def test_events_younger_than_the_grace_period_wait_for_the_next_checkpoint(app, db_session):
    _settled_events(db_session)
    checkpoints.make_checkpoint(db_session, _hmac(app)[0])
    audit.record(db_session, "cp-test", "late")
    db_session.commit()
    assert checkpoints.make_checkpoint(db_session, _hmac(app)[0]) is None
    clock.advance(checkpoints.GRACE + timedelta(seconds=1))
    second = checkpoints.make_checkpoint(db_session, _hmac(app)[0])
    db_session.commit()
    assert second.seq == 2 and second.event_count == 1
    assert all(r.verified for r in checkpoints.verify_checkpoints(db_session, _hmac(app)))


def test_changing_a_checkpointed_event_breaks_its_checkpoint(app, db_session):
    _settled_events(db_session)
    checkpoints.make_checkpoint(db_session, _hmac(app)[0])
    db_session.commit()
    first = db_session.scalar(select(AuditEvent.id).order_by(AuditEvent.id).limit(1))
    db_session.execute(update(AuditEvent).where(AuditEvent.id == first).values(hash=b"\x01" * 32))
    db_session.commit()
    report = checkpoints.verify_checkpoints(db_session, _hmac(app))[0]
    assert not report.verified and "changed" in report.problem


def test_deleting_a_whole_chain_is_caught_by_the_checkpoint(app, db_session):
    _settled_events(db_session, chain="to-delete")
    checkpoints.make_checkpoint(db_session, _hmac(app)[0])
    db_session.commit()
    db_session.query(AuditEvent).filter(AuditEvent.chain == "to-delete").delete()
    db_session.commit()
    assert all(r.verified for r in audit.verify_all(db_session))  # the remaining chains are intact
    assert not checkpoints.verify_checkpoints(db_session, _hmac(app))[0].verified


def test_forged_checkpoint_signature_is_refused(app, db_session):
    _settled_events(db_session)
    checkpoints.make_checkpoint(db_session, _hmac(app)[0])
    db_session.commit()
    db_session.execute(update(AuditCheckpoint).values(event_count=AuditCheckpoint.event_count))
    db_session.execute(update(AuditCheckpoint).values(signature=b"\x00" * 32))
    db_session.commit()
    assert checkpoints.verify_checkpoints(db_session, _hmac(app))[0].problem == "signature does not verify"


def test_ed25519_checkpoint_verifies_with_only_the_public_key(app, db_session):
    private = Ed25519PrivateKey.generate()
    seed = base64.b64encode(private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                                  serialization.NoEncryption())).decode()
    public_pem = private.public_key().public_bytes(serialization.Encoding.PEM,
                                                   serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    _settled_events(db_session)
    signer = checkpoints.keys_from_config(app.config, env={"EOFFICE_AUDIT_ED25519_KEY": seed})[0]
    cp = checkpoints.make_checkpoint(db_session, signer)
    db_session.commit()
    verifier = checkpoints.keys_from_config({"SECRET_KEY": "another-secret"},
                                            env={"EOFFICE_AUDIT_ED25519_PUBLIC_KEY": public_pem})
    assert cp.algorithm == "ed25519" and len(cp.signature) == 64
    assert checkpoints.verify_checkpoints(db_session, verifier)[0].verified


def test_two_racing_checkpoint_jobs_make_one_checkpoint(app, make_session):
    with make_session() as session:
        _settled_events(session)
    results = []
    with make_session() as a, make_session() as b:
        checkpoints.make_checkpoint(a, _hmac(app)[0])  # flushed, not yet committed

        def second_job():
            with app.app_context():
                results.append(checkpoints.checkpoint_now(b, app.config))

        racer = threading.Thread(target=second_job)
        racer.start()
        racer.join(timeout=0.5)  # the racer now waits on the first one's row
        a.commit()
        racer.join(timeout=60)
    assert results == [None]
    with make_session() as check:
        assert check.query(AuditCheckpoint).count() == 1


def test_merkle_root_depends_on_every_leaf_and_their_order():
    leaves = [bytes([i]) * 32 for i in range(5)]
    root = checkpoints.merkle_root(leaves)
    assert root != checkpoints.merkle_root(leaves[:4])
    assert root != checkpoints.merkle_root(leaves[1:] + leaves[:1])
    assert root == checkpoints.merkle_root(list(leaves))


def test_flask_audit_verify_checks_chains_and_checkpoints(app, db_session):
    _settled_events(db_session)
    runner = app.test_cli_runner()
    made = runner.invoke(args=["audit", "checkpoint"])
    assert made.exit_code == 0 and "checkpoint 1" in made.output
    ok = runner.invoke(args=["audit", "verify"])
    assert ok.exit_code == 0 and "1 checkpoints checked, 0 broken" in ok.output
    db_session.execute(update(AuditCheckpoint).values(signature=b"\x00" * 32))
    db_session.commit()
    bad = runner.invoke(args=["audit", "verify"])
    assert bad.exit_code == 1 and "BROKEN checkpoint 1" in bad.output


def test_periodic_checkpoint_job_signs_new_events(app, db_session):
    from eoffice.audit.tasks import checkpoint_job

    _settled_events(db_session)
    assert checkpoint_job.delay().get() == 1
    assert checkpoint_job.delay().get() is None
