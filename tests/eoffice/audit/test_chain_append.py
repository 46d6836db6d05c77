"""Appending to audit chains: contiguous links within and across transactions, also after rollbacks."""
from __future__ import annotations

from eoffice.audit import services as audit


def test_events_of_one_transaction_link_to_each_other_and_to_the_committed_head(app, db_session):
    audit.record(db_session, "chain-a", "first", actor="kasi.egov")
    db_session.commit()
    for i in range(3):
        audit.record(db_session, "chain-a", "step", data={"i": i})
        audit.record(db_session, "chain-b", "step", data={"i": i})
    db_session.commit()
    events = audit.events_of(db_session, "chain-a")
    assert [e.seq for e in events] == [1, 2, 3, 4]
    assert all(e.prev_hash == before.hash for before, e in zip(events, events[1:]))
    assert audit.verify_chain(db_session, "chain-a").verified and audit.verify_chain(db_session, "chain-b").verified


def test_a_rolled_back_savepoint_or_transaction_leaves_no_gap_in_the_chain(app, db_session):
    audit.record(db_session, "chain-c", "kept")
    savepoint = db_session.begin_nested()
    audit.record(db_session, "chain-c", "dropped")
    savepoint.rollback()
    audit.record(db_session, "chain-c", "after savepoint")
    db_session.commit()
    audit.record(db_session, "chain-c", "rolled back")
    db_session.rollback()
    audit.record(db_session, "chain-c", "last")
    db_session.commit()
    events = audit.events_of(db_session, "chain-c")
    assert [(e.seq, e.action) for e in events] == [(1, "kept"), (2, "after savepoint"), (3, "last")]
    assert audit.verify_chain(db_session, "chain-c").verified


def test_a_chain_begun_in_a_transaction_starts_at_genesis_and_refuses_a_second_beginning(app, db_session):
    import pytest

    audit.begin_chain(db_session, "chain-new")
    first = audit.record(db_session, "chain-new", "created")
    audit.record(db_session, "chain-new", "next")
    with pytest.raises(ValueError):
        audit.begin_chain(db_session, "chain-new")
    db_session.commit()
    assert first.seq == 1 and first.prev_hash == audit.GENESIS
    assert audit.verify_chain(db_session, "chain-new").verified


def test_transactions_appending_to_one_chain_at_once_wait_for_each_other_and_keep_it_linear(app, db_session):
    """Eight threads, each with its own session and connection, append to one chain at the same
    moment and hold their transactions open a while: each reads the head the one before committed
    (the chain's lock row), none takes a `seq` another took (SQLite and PostgreSQL)."""
    import threading
    import time

    from eoffice.app.extensions import db

    audit.record(db_session, "chain-shared", "first")
    db_session.commit()
    barrier, failures = threading.Barrier(8), []

    def append(i):
        with app.app_context():
            try:
                barrier.wait(30)
                audit.record(db.session, "chain-shared", "parallel", data={"i": i})
                time.sleep(0.2)  # both transactions are open at once
                db.session.commit()
            except Exception as exc:  # re-raised below, in the test's thread
                failures.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=append, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert failures == []
    events = audit.events_of(db_session, "chain-shared")
    assert [e.seq for e in events] == list(range(1, 10))
    assert audit.verify_chain(db_session, "chain-shared").verified
