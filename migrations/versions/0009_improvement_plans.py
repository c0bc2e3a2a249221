"""improvement plans

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 14:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'plan_items',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('public_id', sa.String(length=32), nullable=False),
        sa.Column('team_id', sa.Integer(), nullable=False),
        sa.Column('recommendation_id', sa.String(length=64), nullable=True),
        sa.Column('sign_id', sa.String(length=32), nullable=True),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('owner', sa.String(length=200), nullable=True),
        sa.Column('due', sa.Date(), nullable=True),
        sa.Column('status', sa.String(length=16), server_default='not_started', nullable=False),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('proof', sa.String(length=32), nullable=True),
        sa.Column('proof_message', sa.Text(), nullable=True),
        sa.Column('created_with_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.ForeignKeyConstraint(['created_with_id'], ['assessments.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['team_id'], ['teams.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('public_id'),
    )
    with op.batch_alter_table('plan_items', schema=None) as batch_op:
        batch_op.create_index('ix_plan_items_team_id', ['team_id'], unique=False)

    op.create_table(
        'plan_targets',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('team_id', sa.Integer(), nullable=False),
        sa.Column('sign_id', sa.String(length=32), nullable=True),
        sa.Column('candidate', sa.String(length=200), nullable=True),
        sa.Column('question', sa.String(length=32), nullable=True),
        sa.Column('answer', sa.String(length=16), nullable=False),
        sa.Column('by', sa.String(length=7), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['team_id'], ['teams.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('plan_targets', schema=None) as batch_op:
        batch_op.create_index('ix_plan_targets_team_id', ['team_id'], unique=False)

    op.create_table(
        'plan_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('item_id', sa.Integer(), nullable=False),
        sa.Column('assessment_id', sa.Integer(), nullable=True),
        sa.Column('event', sa.String(length=32), nullable=False),
        sa.Column('detail', sa.Text(), nullable=True),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['item_id'], ['plan_items.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('plan_events', schema=None) as batch_op:
        batch_op.create_index('ix_plan_events_item_id', ['item_id'], unique=False)


def downgrade():
    with op.batch_alter_table('plan_events', schema=None) as batch_op:
        batch_op.drop_index('ix_plan_events_item_id')
    op.drop_table('plan_events')
    with op.batch_alter_table('plan_targets', schema=None) as batch_op:
        batch_op.drop_index('ix_plan_targets_team_id')
    op.drop_table('plan_targets')
    with op.batch_alter_table('plan_items', schema=None) as batch_op:
        batch_op.drop_index('ix_plan_items_team_id')
    op.drop_table('plan_items')
