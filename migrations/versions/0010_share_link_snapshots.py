"""share links show a snapshot of the answers

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 10:00:00

Each existing link of a team's finished assessment gets a snapshot of its answers as they are
now (one per assessment). A link whose assessment is not finished at the moment gets one when
it is next opened after the answers are finished again (sharing.services.snapshot_of). A
client's links follow its combined answers and get none.
"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


teams = sa.table('teams', sa.column('id', sa.Integer()), sa.column('kind', sa.String()))
assessments = sa.table(
    'assessments',
    sa.column('id', sa.Integer()),
    sa.column('team_id', sa.Integer()),
    sa.column('draft', sa.JSON()),
    sa.column('submitted_at', sa.DateTime(timezone=True)),
    sa.column('updated_at', sa.DateTime(timezone=True)),
)
snapshots = sa.table(
    'answers_snapshots',
    sa.column('id', sa.Integer()),
    sa.column('assessment_id', sa.Integer()),
    sa.column('draft', sa.JSON()),
    sa.column('submitted_at', sa.DateTime(timezone=True)),
    sa.column('created_at', sa.DateTime(timezone=True)),
)
share_links = sa.table(
    'share_links',
    sa.column('assessment_id', sa.Integer()),
    sa.column('snapshot_id', sa.Integer()),
)


def upgrade():
    op.create_table(
        'answers_snapshots',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assessment_id', sa.Integer(), nullable=False),
        sa.Column('draft', sa.JSON(), nullable=False),
        sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('answers_snapshots', schema=None) as batch_op:
        batch_op.create_index('ix_answers_snapshots_assessment_id', ['assessment_id'], unique=False)

    with op.batch_alter_table('share_links', schema=None) as batch_op:
        batch_op.add_column(sa.Column('snapshot_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            'fk_share_links_snapshot_id', 'answers_snapshots', ['snapshot_id'], ['id'], ondelete='SET NULL'
        )

    _snapshot_shared_answers()


def _snapshot_shared_answers():
    """A snapshot of the answers of every team's finished assessment that has share links, for its links."""
    connection = op.get_bind()
    shared = connection.execute(
        sa.select(assessments.c.id, assessments.c.draft, assessments.c.submitted_at, assessments.c.updated_at)
        .where(
            assessments.c.submitted_at.is_not(None),
            assessments.c.id.in_(sa.select(share_links.c.assessment_id)),
            assessments.c.team_id.in_(sa.select(teams.c.id).where(teams.c.kind != 'client')),
        )
        .order_by(assessments.c.id)
    ).all()
    now = datetime.now(timezone.utc)
    for assessment_id, draft, submitted_at, updated_at in shared:
        snapshot_id = connection.execute(
            snapshots.insert()
            .values(
                assessment_id=assessment_id,
                draft=draft,
                submitted_at=max(submitted_at, updated_at or submitted_at),
                created_at=now,
            )
            .returning(snapshots.c.id)
        ).scalar_one()
        connection.execute(
            share_links.update().where(share_links.c.assessment_id == assessment_id).values(snapshot_id=snapshot_id)
        )


def downgrade():
    with op.batch_alter_table('share_links', schema=None) as batch_op:
        batch_op.drop_constraint('fk_share_links_snapshot_id', type_='foreignkey')
        batch_op.drop_column('snapshot_id')

    with op.batch_alter_table('answers_snapshots', schema=None) as batch_op:
        batch_op.drop_index('ix_answers_snapshots_assessment_id')

    op.drop_table('answers_snapshots')
