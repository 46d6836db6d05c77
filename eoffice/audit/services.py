"""Appending to and verifying audit hash chains.

Each event's hash covers its own fields and the previous event's hash, so changing, removing
or reordering any event breaks every later link of that chain. A transaction that appends to a
chain it did not create first takes the chain's lock row (`audit_chain_lock`, created on first use
by INSERT … ON CONFLICT), then reads the head: concurrent appends to one chain wait for each other
instead of both taking the same `seq` (a unique-constraint error).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import bindparam, event, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, scoped_session

from eoffice.core import clock
from eoffice.audit.models import AuditChainLock, AuditEvent

GENESIS = b"\x00" * 32


def _canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False).encode()


def data_hash(data) -> bytes:
    return hashlib.sha256(_canonical(data if data is not None else {})).digest()


def _event_hash(e: AuditEvent) -> bytes:
    at = clock.aware(e.at).astimezone(timezone.utc)
    fields = [e.chain, e.seq, at.isoformat(timespec="microseconds"), e.actor, e.acting_for, e.action,
              e.task, e.document, e.data_hash.hex(), e.prev_hash.hex()]
    return hashlib.sha256(_canonical(fields)).digest()


# Built once: building and cache-keying a statement per call costs about as much as running it.
_INSERT = AuditEvent.__table__.insert()
_COLUMNS = AuditEvent.__table__.c
_HEAD = (select(_COLUMNS.seq, _COLUMNS.hash).where(_COLUMNS.chain == bindparam("chain"))
         .order_by(_COLUMNS.seq.desc()).limit(1))
_LOCKS = AuditChainLock.__table__
# Insert the chain's lock row or, when it exists, touch it: either way it is locked until the
# transaction ends (an upsert waits for a transaction holding the row, then sees its commit).
_TAKE_LOCK = {name: dialect.insert(_LOCKS).values(chain=bindparam("chain"), taken=0).on_conflict_do_update(
    index_elements=["chain"], set_={"taken": _LOCKS.c.taken + 1}) for name, dialect in
    (("postgresql", postgresql), ("sqlite", sqlite))}
_STATE = "eoffice.audit.state"


@dataclass
class _Pending:
    """What the session's current transaction appended: chain heads, and rows not yet written."""

    transaction: object
    heads: dict[str, tuple[int, bytes]]
    rows: list[dict]


def _state(session: Session) -> _Pending:
    if isinstance(session, scoped_session):
        session = session()
    transaction = session.get_transaction() or session.begin()  # begin = what autobegin would do
    state = session.info.get(_STATE)
    if state is None or state.transaction is not transaction:
        state = _Pending(transaction, {}, [])
        session.info[_STATE] = state
    return state


def _write(session: Session, connection=None) -> None:
    """Write the appended rows with one INSERT (a use case appends a few events, then commits)."""
    state = session.info.get(_STATE)
    if state is None or not state.rows:
        return
    rows, state.rows = state.rows, []
    (connection or session).execute(_INSERT, rows)


@event.listens_for(Session, "do_orm_execute")
def _write_before_statement(execute_state) -> None:
    """Any statement of the transaction sees the events appended before it (reads of the chain too)."""
    _write(execute_state.session)


@event.listens_for(Session, "before_flush")
def _write_before_flush(session, _context, _instances) -> None:
    _write(session)


@event.listens_for(Session, "before_commit")
def _write_before_commit(session) -> None:
    _write(session)


@event.listens_for(Session, "after_transaction_create")
def _write_before_savepoint(session, transaction) -> None:
    """Rows appended before a SAVEPOINT are written outside it, so rolling it back keeps them."""
    state = session.info.get(_STATE)
    if transaction.nested and state is not None and state.rows:
        bind = session.get_bind(mapper=AuditEvent.__mapper__)
        _write(session, transaction.parent._connection_for_bind(bind, None))


@event.listens_for(Session, "after_soft_rollback")
def _forget_appended(session, _transaction) -> None:
    """A rollback (also of a savepoint) drops what was appended since it began (a savepoint starts
    with nothing unwritten): read the heads again."""
    session.info.pop(_STATE, None)


def begin_chain(session: Session, chain: str) -> None:
    """Declare `chain` new in this transaction (its subject was created in it, e.g. a new process
    instance): its first event links to the genesis hash without reading a head that cannot exist."""
    heads = _state(session).heads
    if chain in heads:
        raise ValueError(f"chain {chain} already has events in this transaction")
    heads[chain] = (0, GENESIS)


def record(session: Session, chain: str, action: str, *, actor: str | None = None,
           acting_for: str | None = None, task: str | None = None, document: str | None = None,
           data=None, detail: dict | None = None, at: datetime | None = None) -> AuditEvent:
    """Append one event to a chain in the caller's transaction (the (chain, seq) key keeps it linear).

    The chain's head is read once per transaction, under the chain's lock row (held until the
    transaction ends: a concurrent append waits, then reads this one's head); later events of the
    same transaction link to the one appended before (kept in `session.info`). Rows are written together with one plain
    INSERT (no unit of work, no RETURNING) before the transaction's next statement, flush or
    commit, whichever comes first; the returned AuditEvent is a detached copy of the row.
    """
    state = _state(session)
    heads = state.heads
    last = heads.get(chain)
    if last is None:
        session.execute(_TAKE_LOCK[session.get_bind().dialect.name], {"chain": chain})
        last = session.execute(_HEAD, {"chain": chain}).first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    moment = at or clock.now()
    event = AuditEvent(chain=chain, seq=seq, at=moment, actor=actor, acting_for=acting_for,
                       action=action, task=task, document=document, detail=detail,
                       data_hash=data_hash(data), prev_hash=prev)
    event.hash = _event_hash(event)
    state.rows.append({"chain": chain, "seq": seq, "at": moment, "actor": actor, "acting_for": acting_for,
                       "action": action, "task": task, "document": document, "detail": detail,
                       "data_hash": event.data_hash, "prev_hash": prev, "hash": event.hash})
    heads[chain] = (seq, event.hash)
    return event


@dataclass(frozen=True)
class ChainReport:
    chain: str
    events: int
    verified: bool
    first_bad_seq: int | None


def _detail_matches(e: AuditEvent) -> bool:
    """A copy of the data kept in `detail["data"]` (for display) must still match the hashed data."""
    return not (isinstance(e.detail, dict) and "data" in e.detail) or data_hash(e.detail["data"]) == e.data_hash


def verify_chain(session: Session, chain: str) -> ChainReport:
    return verify_events(chain, session.scalars(
        select(AuditEvent).where(AuditEvent.chain == chain).order_by(AuditEvent.seq)))


def verify_events(chain: str, events) -> ChainReport:
    """Verify a chain's events already loaded in seq order (a page that shows them loads them once)."""
    prev, expected_seq, count = GENESIS, 1, 0
    for event in events:
        count += 1
        if event.seq != expected_seq or event.prev_hash != prev or _event_hash(event) != event.hash \
                or not _detail_matches(event):
            return ChainReport(chain, count, False, event.seq)
        prev, expected_seq = event.hash, expected_seq + 1
    return ChainReport(chain, count, True, None)


def verify_all(session: Session) -> list[ChainReport]:
    chains = session.scalars(select(AuditEvent.chain).group_by(AuditEvent.chain).order_by(AuditEvent.chain))
    return [verify_chain(session, c) for c in chains]


def events_of(session: Session, chain: str) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.chain == chain).order_by(AuditEvent.seq)))


def event_as_dict(e: AuditEvent) -> dict:
    return {"seq": e.seq, "at": clock.aware(e.at).isoformat(), "actor": e.actor, "acting_for": e.acting_for,
            "action": e.action, "task": e.task, "document": e.document, "detail": e.detail,
            "data_hash": e.data_hash.hex(), "prev_hash": e.prev_hash.hex(), "hash": e.hash.hex()}
