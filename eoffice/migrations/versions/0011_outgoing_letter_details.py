"""outgoing: the structured fields of a letter's type (undangan event, Dasar/Kepada/Untuk, diktum)

Revision ID: 0011_outgoing_letter_details
Revises: 0010_session_epoch
Create Date: 2026-12-08 01:30:00

Each letter type of Permendagri 1/2023 carries its own fields (eoffice/outgoing/types.py); they are
kept with the draft as one JSON object. Existing letters get an empty object.
"""
from alembic import op
import sqlalchemy as sa


revision = '0011_outgoing_letter_details'
down_revision = '0010_session_epoch'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('outgoing_letter', sa.Column('details', sa.JSON(), nullable=True))
    op.execute(sa.text("UPDATE outgoing_letter SET details = '{}'"))
    with op.batch_alter_table('outgoing_letter') as batch:
        batch.alter_column('details', existing_type=sa.JSON(), nullable=False)


def downgrade():
    with op.batch_alter_table('outgoing_letter') as batch:
        batch.drop_column('details')
