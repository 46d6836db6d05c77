"""auth: the generation of each employee's web sessions, moved on by signing out

Revision ID: 0010_session_epoch
Revises: 0009_audit_chain_lock
Create Date: 2026-12-08 02:10:00

A session cookie is only signed, so a copy of it kept working after its owner signed out. A cookie
now carries the session generation it was signed in under and is refused once signing out has
moved the generation on. No row means generation 0; cookies issued before this release carry
none and are refused once (everyone signs in again after the upgrade).
"""
from alembic import op
import sqlalchemy as sa


revision = '0010_session_epoch'
down_revision = '0009_audit_chain_lock'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'session_epoch',
        sa.Column('employee_id', sa.Integer(), nullable=False),
        sa.Column('epoch', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], name=op.f('fk_session_epoch_employee_id_employee')),
        sa.PrimaryKeyConstraint('employee_id', name=op.f('pk_session_epoch')),
    )


def downgrade():
    op.drop_table('session_epoch')
