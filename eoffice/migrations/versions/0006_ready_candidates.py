"""engine: candidate rows carry `ready`; the inbox index covers ready items only

Revision ID: 0006_ready_candidates
Revises: 0005_records_import
Create Date: 2026-12-01 06:00:00

The full (kind, value) index on candidates grew with every completed task; the inbox now looks
keys up in a partial index of the candidates of ready items. Existing rows of items that are no
longer ready are marked as such.
"""
from alembic import op
import sqlalchemy as sa


revision = '0006_ready_candidates'
down_revision = '0005_records_import'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('wf_work_item_candidate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ready', sa.Boolean(), server_default=sa.true(), nullable=False))
    op.execute("UPDATE wf_work_item_candidate SET ready = false WHERE work_item_id IN "
               "(SELECT id FROM wf_work_item WHERE state <> 'ready')")
    with op.batch_alter_table('wf_work_item_candidate', schema=None) as batch_op:
        batch_op.create_index('ix_wf_work_item_candidate_ready_key', ['kind', 'value'], unique=False,
                              postgresql_where=sa.text('ready'), sqlite_where=sa.text('ready = 1'))
        batch_op.drop_index('ix_wf_work_item_candidate_kind_value')


def downgrade():
    with op.batch_alter_table('wf_work_item_candidate', schema=None) as batch_op:
        batch_op.create_index('ix_wf_work_item_candidate_kind_value', ['kind', 'value'], unique=False)
        batch_op.drop_index('ix_wf_work_item_candidate_ready_key', postgresql_where=sa.text('ready'),
                            sqlite_where=sa.text('ready = 1'))
        batch_op.drop_column('ready')
