"""Tables of the signing capability: CA/TSA/QR-token keys, signer credentials, passphrase lockout."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workflows.db import Base
from workflows.models import UtcDateTime

AUTHORITY_KINDS = ("root", "tsa", "qr")


class SigningAuthority(Base):
    """A service identity of the office: the development root CA, its TSA, the QR-token key."""

    __tablename__ = "signing_authority"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), unique=True)
    cert_pem: Mapped[bytes | None] = mapped_column(LargeBinary)
    # Unencrypted: these keys belong to the (development) service, not to a person.
    key_pem: Mapped[bytes] = mapped_column(LargeBinary)
    public_pem: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SignerKey(Base):
    """An official's signing certificate and private key, encrypted under their passphrase."""

    __tablename__ = "signer_key"
    __table_args__ = (UniqueConstraint("employee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    cert_pem: Mapped[bytes] = mapped_column(LargeBinary)
    encrypted_key_pem: Mapped[bytes] = mapped_column(LargeBinary)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SigningLock(Base):
    """Wrong signing passphrases in a row; five lock signing for a while."""

    __tablename__ = "signing_lock"

    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
