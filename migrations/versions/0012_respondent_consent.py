"""respondents say whether their name may appear in the report

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 21:30:00

Everyone who answered before this was asked is taken not to have agreed: the report shows
their role instead of their name.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('respondents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_in_report', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('respondents', schema=None) as batch_op:
        batch_op.drop_column('name_in_report')
