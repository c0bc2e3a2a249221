"""assessments remember the language they were answered in; clients the language of their intake

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 23:10:00

Everything made before this was in English.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), server_default='en', nullable=False))
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), server_default='en', nullable=False))


def downgrade():
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.drop_column('language')
