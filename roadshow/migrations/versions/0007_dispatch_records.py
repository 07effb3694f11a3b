"""dispatch records: the weekly, monthly and quarterly dispatch meetings (周/月/季调度); an index
for a problem's status on a day

Revision ID: 0007
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dispatch_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("level", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("chaired_by", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("reviewed", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("decisions", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint("level IN ('weekly', 'monthly', 'quarterly')", name="ck_dispatch_record_level"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("held_on", "level", name="uq_dispatch_record_day_level"),
    )
    with op.batch_alter_table("dispatch_record") as batch_op:
        batch_op.create_index(batch_op.f("ix_dispatch_record_held_on"), ["held_on"], unique=False)
    with op.batch_alter_table("follow_up") as batch_op:
        batch_op.create_index("ix_follow_up_issue_day", ["issue_id", "held_on", "id", "status_after"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("follow_up") as batch_op:
        batch_op.drop_index("ix_follow_up_issue_day")
    with op.batch_alter_table("dispatch_record") as batch_op:
        batch_op.drop_index(batch_op.f("ix_dispatch_record_held_on"))
    op.drop_table("dispatch_record")
