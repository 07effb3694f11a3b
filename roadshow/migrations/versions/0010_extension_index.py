"""an index of deadline extensions: a problem's deadline on a day is read from it, without reading
each of the problem's follow-ups (a province's dispatch page looks it up 2.6 million times)

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

EXTENSIONS = sa.text("new_deadline IS NOT NULL")


def upgrade() -> None:
    op.create_index("ix_follow_up_extension", "follow_up", ["issue_id", "held_on", "id", "new_deadline"],
                    sqlite_where=EXTENSIONS, postgresql_where=EXTENSIONS)


def downgrade() -> None:
    op.drop_index("ix_follow_up_extension", table_name="follow_up")
