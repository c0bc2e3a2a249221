"""a workspace's own question banks (lenses), and the questionnaire each client answers

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 21:00:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'lenses',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('public_id', sa.String(length=32), nullable=False),
        sa.Column('workspace_id', sa.Integer(), nullable=False),
        sa.Column('instrument_id', sa.String(length=32), nullable=False),
        sa.Column('title', sa.String(length=2000), nullable=False),
        sa.Column('source', sa.Text(), nullable=False),
        sa.Column('uploaded_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['uploaded_by'], ['users.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('instrument_id'),
        sa.UniqueConstraint('public_id'),
    )
    with op.batch_alter_table('lenses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lenses_workspace_id'), ['workspace_id'], unique=False)
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('instrument', sa.String(length=32), server_default='splitcheck/1', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_column('instrument')
    with op.batch_alter_table('lenses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lenses_workspace_id'))
    op.drop_table('lenses')
