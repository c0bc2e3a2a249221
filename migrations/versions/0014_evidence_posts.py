"""evidence posts: evidence a pipeline sends, with its label and what changed since the last

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-08 10:00:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'evidence_posts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('public_id', sa.String(length=32), nullable=False),
        sa.Column('assessment_id', sa.Integer(), nullable=False),
        sa.Column('import_id', sa.Integer(), nullable=False),
        sa.Column('label', sa.String(length=100), nullable=False),
        sa.Column('counts', sa.JSON(), nullable=False),
        sa.Column('changes', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['import_id'], ['evidence_imports.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('public_id'),
    )
    with op.batch_alter_table('evidence_posts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_posts_assessment_id'), ['assessment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_posts_import_id'), ['import_id'], unique=False)


def downgrade():
    with op.batch_alter_table('evidence_posts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_posts_import_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_posts_assessment_id'))
    op.drop_table('evidence_posts')
