"""response changes

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 08:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'response_changes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('respondent_id', sa.Integer(), nullable=True),
        sa.Column('respondent_name', sa.String(length=200), nullable=True),
        sa.Column('event', sa.String(length=16), nullable=False),
        sa.Column('by_consultant', sa.String(length=254), nullable=True),
        sa.Column('detail', sa.Text(), nullable=True),
        sa.Column('answers', sa.JSON(), nullable=True),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['respondent_id'], ['respondents.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('response_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_response_changes_client_id'), ['client_id'], unique=False)


def downgrade():
    with op.batch_alter_table('response_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_response_changes_client_id'))
    op.drop_table('response_changes')
