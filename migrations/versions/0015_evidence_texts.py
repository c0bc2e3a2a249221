"""evidence texts: the sentences of an import and of a post in the product's other languages

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-09 10:00:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('evidence_imports') as batch_op:
        batch_op.add_column(sa.Column('texts', sa.JSON(), nullable=True))
    with op.batch_alter_table('evidence_posts') as batch_op:
        batch_op.add_column(sa.Column('changes_in', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('evidence_posts') as batch_op:
        batch_op.drop_column('changes_in')
    with op.batch_alter_table('evidence_imports') as batch_op:
        batch_op.drop_column('texts')
