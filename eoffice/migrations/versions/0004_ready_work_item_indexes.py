"""engine: inbox indexes that do not grow with completed work items

The full index on wf_work_item.state (mostly "completed") becomes a partial index on the ready
items; the candidates' work_item_id index becomes (work_item_id, kind, value) so checking a ready
item's candidates is an index-only probe. On a large PostgreSQL database run this migration in a
quiet hour (CREATE INDEX takes a write lock for the few seconds it needs).

Revision ID: 0004_ready_work_item_indexes
Revises: 0003_letter_created_index
Create Date: 2026-12-01 05:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_ready_work_item_indexes'
down_revision = '0003_letter_created_index'
branch_labels = None
depends_on = None

READY = sa.text("state = 'ready'")


def upgrade():
    with op.batch_alter_table('wf_work_item', schema=None) as batch_op:
        batch_op.create_index('ix_wf_work_item_ready', ['id'], unique=False,
                              postgresql_where=READY, sqlite_where=READY)
        batch_op.drop_index('ix_wf_work_item_state')
    with op.batch_alter_table('wf_work_item_candidate', schema=None) as batch_op:
        batch_op.create_index('ix_wf_work_item_candidate_item_key', ['work_item_id', 'kind', 'value'], unique=False)
        batch_op.drop_index('ix_wf_work_item_candidate_work_item_id')


def downgrade():
    with op.batch_alter_table('wf_work_item_candidate', schema=None) as batch_op:
        batch_op.create_index('ix_wf_work_item_candidate_work_item_id', ['work_item_id'], unique=False)
        batch_op.drop_index('ix_wf_work_item_candidate_item_key')
    with op.batch_alter_table('wf_work_item', schema=None) as batch_op:
        batch_op.create_index('ix_wf_work_item_state', ['state'], unique=False)
        batch_op.drop_index('ix_wf_work_item_ready')
