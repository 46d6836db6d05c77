"""outgoing: the positions on a letter's path as rows, for the one SQL visibility rule

Revision ID: 0007_outgoing_path
Revises: 0006_ready_candidates
Create Date: 2026-12-08 01:00:00

A confidential outgoing draft is visible to its drafter and paraf path. That path lived only in
JSON columns (verifiers, coordinators), which SQL cannot search portably, so the letter search
left those letters out while the letter page showed them. `outgoing_path` holds the path as rows;
existing letters are filled in from their columns.
"""
import json

from alembic import op
import sqlalchemy as sa


revision = '0007_outgoing_path'
down_revision = '0006_ready_candidates'
branch_labels = None
depends_on = None


def _ids(value) -> list[int]:
    if isinstance(value, str):
        value = json.loads(value or "[]")
    return [int(v) for v in value or []]


def upgrade():
    path = op.create_table(
        'outgoing_path',
        sa.Column('letter_id', sa.Integer(), nullable=False),
        sa.Column('position_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['letter_id'], ['outgoing_letter.id'], name=op.f('fk_outgoing_path_letter_id_outgoing_letter')),
        sa.ForeignKeyConstraint(['position_id'], ['position.id'], name=op.f('fk_outgoing_path_position_id_position')),
        sa.PrimaryKeyConstraint('letter_id', 'position_id', name=op.f('pk_outgoing_path')),
    )
    op.create_index(op.f('ix_outgoing_path_position_id'), 'outgoing_path', ['position_id'], unique=False)
    rows = op.get_bind().execute(sa.text(
        "SELECT id, drafter_position_id, signer_position_id, verifier_position_ids, coordinator_position_ids "
        "FROM outgoing_letter")).all()
    op.bulk_insert(path, [{"letter_id": letter_id, "position_id": p}
                          for letter_id, drafter, signer, verifiers, coordinators in rows
                          for p in sorted({drafter, signer, *_ids(verifiers), *_ids(coordinators)} - {None})])


def downgrade():
    op.drop_index(op.f('ix_outgoing_path_position_id'), table_name='outgoing_path')
    op.drop_table('outgoing_path')
