"""audit: a lock row per chain, taken before its head is read

Revision ID: 0009_audit_chain_lock
Revises: 0008_outgoing_status_english
Create Date: 2026-12-08 02:00:00

Two transactions appending to one chain at once both read the same head and took the same `seq`:
the second failed on the unique (chain, seq). An appender now takes the chain's row in
`audit_chain_lock` first (created on first use), so appends to one chain run one at a time. The
rows hold no data: nothing to fill in for existing chains.
"""
from alembic import op
import sqlalchemy as sa


revision = '0009_audit_chain_lock'
down_revision = '0008_outgoing_status_english'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'audit_chain_lock',
        sa.Column('chain', sa.String(length=60), nullable=False),
        sa.Column('taken', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('chain', name=op.f('pk_audit_chain_lock')),
    )


def downgrade():
    op.drop_table('audit_chain_lock')
