"""Celery task `send_email`: idempotent (claims the outbox row; a sent row is never sent again),
retried with exponential backoff on SMTP or network failures."""
from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app
from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from eoffice.core import clock
from eoffice.app.celery_app import celery
from eoffice.app.extensions import db
from eoffice.jobs.registry import job
from eoffice.notifications.models import EmailOutbox

log = logging.getLogger(__name__)
MAX_RETRIES = 6
CLAIM_TIMEOUT = timedelta(minutes=5)


def _claim(session: Session, outbox_id: int) -> EmailOutbox | None:
    """Take the row for sending (pending, failed, or a sender that died mid-way); None when taken or sent."""
    now = clock.now()
    claimed = session.execute(
        update(EmailOutbox).where(EmailOutbox.id == outbox_id, or_(
            EmailOutbox.status.in_(("pending", "failed")),
            (EmailOutbox.status == "sending") & (EmailOutbox.claimed_at < now - CLAIM_TIMEOUT)))
        .values(status="sending", claimed_at=now, attempts=EmailOutbox.attempts + 1)).rowcount
    session.commit()
    return session.get(EmailOutbox, outbox_id) if claimed else None


def _message(row: EmailOutbox, sender: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, row.to_address, row.subject
    msg["Message-ID"] = make_msgid(idstring=f"outbox{row.id}", domain=sender.split("@")[-1])
    msg["X-EOffice-Key"] = row.dedupe_key
    msg.set_content(row.body)
    return msg


def deliver(row: EmailOutbox) -> None:
    config = current_app.config
    with smtplib.SMTP(config["SMTP_HOST"], int(config["SMTP_PORT"]), timeout=10) as smtp:
        smtp.send_message(_message(row, config["MAIL_FROM"]))


@celery.task(bind=True, name="eoffice.notifications.tasks.send_email", max_retries=MAX_RETRIES, acks_late=True)
def send_email(self, outbox_id: int) -> str:
    with Session(db.engine) as session:
        row = _claim(session, outbox_id)
        if row is None:
            return "already handled"
        if not current_app.config.get("SMTP_HOST"):
            row.status = "skipped"
            session.commit()
            return "skipped (no SMTP_HOST)"
        try:
            deliver(row)
        except (OSError, smtplib.SMTPException) as exc:
            row.status, row.last_error = "failed", f"{type(exc).__name__}: {exc}"
            session.commit()
            if self.request.is_eager:
                return "failed"
            raise self.retry(exc=exc, countdown=min(3600, 30 * 2 ** self.request.retries))
        row.status, row.sent_at, row.last_error = "sent", clock.now(), None
        session.commit()
        return "sent"


def dispatch_pending(session) -> None:
    """After a commit: hand the queued outbox rows of that transaction to Celery."""
    ids = session.info.pop("eoffice.outbox", None)
    for outbox_id in ids or ():
        try:
            send_email.delay(outbox_id)
        except Exception:  # a broker or SMTP failure must not undo a committed use case
            log.exception("could not queue e-mail %s", outbox_id)


@job("eoffice.jobs.resend_failed_email")
def resend_failed(limit: int = 100) -> int:
    """Queue failed/stale rows again (periodic job; the claim keeps it idempotent): e-mails that
    failed or whose sender died go back to `send_email`."""
    from sqlalchemy import select

    with Session(db.engine) as session:
        ids = session.scalars(select(EmailOutbox.id).where(EmailOutbox.status.in_(("pending", "failed")))
                              .limit(limit)).all()
    for outbox_id in ids:
        send_email.delay(outbox_id)
    return len(ids)
