"""Audit checkpoints: a signed Merkle root over every audit event since the previous checkpoint.

The hash chains prove each chain is intact; a checkpoint also fixes the whole set of events at
a moment, so deleting a whole chain, or inserting an event into the past, is detected too.
Signed with HMAC-SHA256 (key derived from SECRET_KEY) or, when EOFFICE_AUDIT_ED25519_KEY holds
an Ed25519 private key (PEM, or base64 of the 32-byte seed), with Ed25519 — which lets an
auditor verify with only the public key (EOFFICE_AUDIT_ED25519_PUBLIC_KEY).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eoffice.core import clock
from eoffice.audit.models import AuditCheckpoint, AuditEvent

GENESIS = b"\x00" * 32
# Events younger than this wait for the next checkpoint: a transaction still in flight may
# commit an event with a lower id than one already visible.
GRACE = timedelta(seconds=30)
MAX_EVENTS = 200_000


# --- Merkle tree ------------------------------------------------------------------------------
def merkle_root(leaves: list[bytes]) -> bytes:
    """RFC 6962-style root: leaves and inner nodes hashed with distinct prefixes."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    level = [hashlib.sha256(b"\x00" + leaf).digest() for leaf in leaves]
    while len(level) > 1:
        pairs = [level[i:i + 2] for i in range(0, len(level), 2)]
        level = [hashlib.sha256(b"\x01" + p[0] + p[1]).digest() if len(p) == 2 else p[0] for p in pairs]
    return level[0]


# --- keys -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CheckpointKey:
    algorithm: str            # "hmac-sha256" | "ed25519"
    key_id: str
    secret: bytes | None = None
    private: Ed25519PrivateKey | None = None
    public: Ed25519PublicKey | None = None

    def sign(self, message: bytes) -> bytes:
        if self.algorithm == "ed25519":
            if self.private is None:
                raise RuntimeError("no Ed25519 private key to sign audit checkpoints")
            return self.private.sign(message)
        return hmac.new(self.secret, message, hashlib.sha256).digest()

    def verify(self, message: bytes, signature: bytes) -> bool:
        if self.algorithm == "ed25519":
            try:
                self.public.verify(signature, message)
                return True
            except InvalidSignature:
                return False
        return hmac.compare_digest(self.sign(message), signature)


def _load_private(text: str) -> Ed25519PrivateKey:
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(text.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("EOFFICE_AUDIT_ED25519_KEY is not an Ed25519 key")
        return key
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(text))


def _load_public(text: str) -> Ed25519PublicKey:
    text = text.strip()
    if text.startswith("-----BEGIN"):
        return serialization.load_pem_public_key(text.encode())
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(text))


def _raw_public(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def keys_from_config(config, env: dict | None = None) -> list[CheckpointKey]:
    """The signing key first, then other keys that verify (HMAC always, Ed25519 when configured)."""
    env = os.environ if env is None else env
    secret = hmac.new(config["SECRET_KEY"].encode(), b"eoffice audit checkpoint", hashlib.sha256).digest()
    hmac_key = CheckpointKey("hmac-sha256", hashlib.sha256(secret).hexdigest()[:16], secret=secret)
    private_text = config.get("AUDIT_ED25519_KEY") or env.get("EOFFICE_AUDIT_ED25519_KEY")
    public_text = config.get("AUDIT_ED25519_PUBLIC_KEY") or env.get("EOFFICE_AUDIT_ED25519_PUBLIC_KEY")
    keys = []
    if private_text:
        private = _load_private(private_text)
        public = private.public_key()
        keys.append(CheckpointKey("ed25519", hashlib.sha256(_raw_public(public)).hexdigest()[:16],
                                  private=private, public=public))
    if public_text:
        public = _load_public(public_text)
        keys.append(CheckpointKey("ed25519", hashlib.sha256(_raw_public(public)).hexdigest()[:16], public=public))
    keys.append(hmac_key)
    return keys


# --- making and verifying ---------------------------------------------------------------------
def _message(cp: AuditCheckpoint) -> bytes:
    created = clock.aware(cp.created_at).astimezone(timezone.utc).isoformat(timespec="microseconds")
    fields = [cp.seq, created, cp.first_event_id, cp.last_event_id, cp.event_count,
              cp.merkle_root.hex(), cp.prev_root.hex(), cp.algorithm, cp.key_id]
    return json.dumps(fields, separators=(",", ":")).encode()


def latest(session: Session) -> AuditCheckpoint | None:
    return session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.seq.desc()).limit(1)).first()


def _hashes(session: Session, after: int, upto: int) -> list[tuple[int, bytes]]:
    return list(session.execute(select(AuditEvent.id, AuditEvent.hash)
                                .where(AuditEvent.id > after, AuditEvent.id <= upto).order_by(AuditEvent.id)))


def make_checkpoint(session: Session, key: CheckpointKey, now: datetime | None = None,
                    grace: timedelta = GRACE) -> AuditCheckpoint | None:
    """Checkpoint the settled events after the last checkpoint; None when there are none.

    Flushes in the caller's transaction; two racing makers collide on the unique `seq`.
    """
    now = now or clock.now()
    last = latest(session)
    after = last.last_event_id if last else 0
    window = (select(AuditEvent.id).where(AuditEvent.id > after, AuditEvent.at <= now - grace)
              .order_by(AuditEvent.id).limit(MAX_EVENTS).subquery())
    upto = session.scalar(select(func.max(window.c.id)))
    if upto is None:
        return None
    rows = _hashes(session, after, upto)
    cp = AuditCheckpoint(seq=(last.seq + 1) if last else 1, created_at=now, first_event_id=rows[0][0],
                         last_event_id=upto, event_count=len(rows),
                         merkle_root=merkle_root([h for _, h in rows]),
                         prev_root=last.merkle_root if last else GENESIS,
                         algorithm=key.algorithm, key_id=key.key_id, signature=b"")
    cp.signature = key.sign(_message(cp))
    session.add(cp)
    session.flush()
    return cp


@dataclass(frozen=True)
class CheckpointReport:
    seq: int
    events: int
    verified: bool
    problem: str | None


def verify_checkpoints(session: Session, keys: list[CheckpointKey]) -> list[CheckpointReport]:
    """Check each checkpoint's sequence, link, Merkle root over the events now stored, and signature."""
    reports, prev_root, prev_last, expected_seq = [], GENESIS, 0, 1
    by_id = {(k.algorithm, k.key_id): k for k in reversed(keys)}
    for cp in session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.seq)):
        rows = _hashes(session, prev_last, cp.last_event_id)
        key = by_id.get((cp.algorithm, cp.key_id))
        problem = None
        if cp.seq != expected_seq:
            problem = f"checkpoint {expected_seq} is missing"
        elif cp.prev_root != prev_root:
            problem = "link to the previous checkpoint is broken"
        elif len(rows) != cp.event_count or merkle_root([h for _, h in rows]) != cp.merkle_root:
            problem = f"events {prev_last + 1}..{cp.last_event_id} changed since the checkpoint"
        elif key is None:
            problem = f"no {cp.algorithm} key {cp.key_id} to verify the signature"
        elif not key.verify(_message(cp), cp.signature):
            problem = "signature does not verify"
        reports.append(CheckpointReport(cp.seq, cp.event_count, problem is None, problem))
        prev_root, prev_last, expected_seq = cp.merkle_root, cp.last_event_id, cp.seq + 1
    return reports


def checkpoint_now(session: Session, config) -> AuditCheckpoint | None:
    """Make and commit one checkpoint; None when nothing is new or another process just made it."""
    try:
        cp = make_checkpoint(session, keys_from_config(config)[0])
        session.commit()
        return cp
    except IntegrityError:
        session.rollback()
        return None
