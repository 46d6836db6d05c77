"""Reading a letter marks the reader's dispositions on it as read (and the head's letter as read)."""
from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from eoffice.core import clock
from eoffice.letters.dispositions.models import Disposition


def mark_read(session: Session, actor, letter) -> int:
    """Mark the actor's unread dispositions on the letter as read; returns how many changed."""
    if actor is None or not actor.position_ids:
        return 0
    now = clock.now()
    if letter.addressed_to_position_id in actor.position_ids and letter.read_at is None:
        letter.read_at = now
    result = session.execute(
        update(Disposition)
        .where(Disposition.letter_id == letter.id, Disposition.status == "unread",
               Disposition.to_position_id.in_(actor.position_ids))
        .values(status="read", read_at=now, read_by=actor.login)
        .execution_options(synchronize_session="fetch"))
    return result.rowcount or 0


def mark_read_for_instance(session: Session, actor, instance_id: int) -> int:
    """Opening a disposition task reads its disposition (and the letter page reads all of them)."""
    disposition = session.query(Disposition).filter_by(instance_id=instance_id).one_or_none()
    if disposition is None or disposition.status != "unread" or disposition.to_position_id not in actor.position_ids:
        return 0
    disposition.status, disposition.read_at, disposition.read_by = "read", clock.now(), actor.login
    return 1
