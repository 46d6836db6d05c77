"""records: provenance of letters imported from records packages (SRIKANDI exchange)

Revision ID: 0005_records_import
Revises: 0004_ready_work_item_indexes
Create Date: 2026-12-02 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_records_import'
down_revision = '0004_ready_work_item_indexes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('records_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('letter_id', sa.Integer(), nullable=False),
    sa.Column('source_system', sa.String(length=200), nullable=False),
    sa.Column('source_opd', sa.String(length=200), nullable=False),
    sa.Column('source_letter_id', sa.Integer(), nullable=True),
    sa.Column('source_agenda', sa.String(length=40), nullable=True),
    sa.Column('source_number', sa.String(length=120), nullable=False),
    sa.Column('package_digest', sa.String(length=64), nullable=False),
    sa.Column('manifest', sa.JSON(), nullable=False),
    sa.Column('imported_by', sa.String(length=80), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['letter_id'], ['letter.id'], name=op.f('fk_records_import_letter_id_letter')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_records_import')),
    sa.UniqueConstraint('letter_id', name=op.f('uq_records_import_letter_id'))
    )


def downgrade():
    op.drop_table('records_import')
