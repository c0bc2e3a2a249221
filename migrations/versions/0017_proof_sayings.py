"""what a reassessment proved about a plan item is kept as what it says, to be worded in the
reader's language

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 00:10:00

Proofs made before this keep only their words (in the language they were proven in), shown as
they are.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('plan_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('proof_saying', sa.JSON(), nullable=True))
    with op.batch_alter_table('plan_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('saying', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('plan_events', schema=None) as batch_op:
        batch_op.drop_column('saying')
    with op.batch_alter_table('plan_items', schema=None) as batch_op:
        batch_op.drop_column('proof_saying')
