"""Tables of outgoing letters: drafting state, paraf history, and the letter-number counters.

The letter itself (number, date, subject, signed PDF) is a row of the letters capability's
`letter` table (direction "keluar"); `outgoing_letter` shares its id and keeps what only the
drafting and signing need.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from eoffice.app.i18n import N_
from eoffice.letters.models import CONFIDENTIAL
from workflows.db import Base
from workflows.models import UtcDateTime

# Permendagri 1/2023; each type's structured fields and name are in eoffice.outgoing.types
LETTER_TYPES = ("surat_dinas", "nota_dinas", "memo", "surat_undangan", "surat_edaran", "surat_tugas",
                "surat_perintah", "surat_keputusan", "berita_acara", "surat_keterangan", "surat_pengantar",
                "laporan", "telaahan_staf", "notula")
# draft (konsep) → in_review (paraf: verifiers, coordination) → awaiting_signature (ttd) → signed
# (ditandatangani); any reviewer may send it back: returned (dikembalikan; the drafter revises and
# resubmits). Values are English in code and database; people read the labels.
STATUS_LABELS = {"draft": N_("Konsep"), "in_review": N_("Paraf"), "returned": N_("Dikembalikan"),
                 "awaiting_signature": N_("Menunggu tanda tangan"), "signed": N_("Ditandatangani")}
STATUSES = tuple(STATUS_LABELS)
MAX_VERIFIER_LEVELS = 3


class OutgoingLetter(Base):
    __tablename__ = "outgoing_letter"

    id: Mapped[int] = mapped_column(ForeignKey("letter.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    details: Mapped[dict] = mapped_column(JSON, default=dict)   # the type's structured fields (types.py)
    classification: Mapped[str] = mapped_column(String(40))
    sifat: Mapped[str] = mapped_column(String(20), default="biasa")
    urgency: Mapped[str] = mapped_column(String(20), default="biasa")
    recipients: Mapped[list] = mapped_column(JSON, default=list)
    tembusan: Mapped[list] = mapped_column(JSON, default=list)
    attachments: Mapped[list] = mapped_column(JSON, default=list)   # [{"digest", "name"}]
    opd_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    drafter_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    drafter_position_id: Mapped[int] = mapped_column(ForeignKey("position.id"))
    signer_position_id: Mapped[int] = mapped_column(ForeignKey("position.id"))
    verifier_position_ids: Mapped[list] = mapped_column(JSON, default=list)
    coordinator_position_ids: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    instance_id: Mapped[int | None] = mapped_column(Integer, index=True)
    number: Mapped[str | None] = mapped_column(String(120), unique=True)
    sequence: Mapped[int | None] = mapped_column(Integer)
    signed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"))
    signer_name: Mapped[str | None] = mapped_column(String(200))
    signer_position_title: Mapped[str | None] = mapped_column(String(300))
    signer_marker: Mapped[str | None] = mapped_column(String(10))
    signed_digest: Mapped[str | None] = mapped_column(String(64))
    content_digest: Mapped[str | None] = mapped_column(String(64))
    token: Mapped[str | None] = mapped_column(Text)
    delivered: Mapped[list] = mapped_column(JSON, default=list)     # [{"kind", "letter_id"|"name"}]
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    @property
    def confidential(self) -> bool:
        return self.sifat in CONFIDENTIAL


class PathPosition(Base):
    """A position on an outgoing letter's path (drafter, verifiers, coordinators, signer): the
    relational copy of the letter's chain that the one visibility rule queries."""

    __tablename__ = "outgoing_path"

    letter_id: Mapped[int] = mapped_column(ForeignKey("outgoing_letter.id"), primary_key=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("position.id"), primary_key=True, index=True)


class LetterReview(Base):
    """One step on the letter's path: a paraf, a return with a note, a resubmission, the signature."""

    __tablename__ = "outgoing_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("outgoing_letter.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(20))      # verifikator | koordinasi | penandatangan | konseptor
    action: Mapped[str] = mapped_column(String(20))    # approve | return | resubmit | sign
    position_id: Mapped[int | None] = mapped_column(ForeignKey("position.id"))
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    acting_for: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class LetterNumberCounter(Base):
    """The last sequence given per (OPD, classification, year); taken atomically at signing."""

    __tablename__ = "outgoing_number_counter"
    __table_args__ = (UniqueConstraint("opd_unit_id", "classification", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    opd_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    classification: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[int] = mapped_column(Integer, default=0)
