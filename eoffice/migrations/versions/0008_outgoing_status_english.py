"""outgoing: status values in English (labels stay Indonesian through the catalogs)

Revision ID: 0008_outgoing_status_english
Revises: 0007_outgoing_path
Create Date: 2026-12-08 01:10:00

One language per enum: the outgoing letter's status was stored in Indonesian (konsep, paraf,
dikembalikan, ttd, ditandatangani) while every other status is English. Rows are renamed; the
pages show the same Indonesian words as before, from the catalogs.
"""
from alembic import op
import sqlalchemy as sa


revision = '0008_outgoing_status_english'
down_revision = '0007_outgoing_path'
branch_labels = None
depends_on = None

RENAMES = {"konsep": "draft", "paraf": "in_review", "dikembalikan": "returned", "ttd": "awaiting_signature",
           "ditandatangani": "signed"}


def _rename(pairs) -> None:
    for old, new in pairs:
        op.execute(sa.text("UPDATE outgoing_letter SET status = :new WHERE status = :old").bindparams(old=old, new=new))


def upgrade():
    _rename(RENAMES.items())


def downgrade():
    _rename((new, old) for old, new in RENAMES.items())
