"""problem lifecycle with 销号: meetings with quarter, venue and closing; problems with type, leader
and who raised them; follow-ups with their action and an extension's new deadline

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

STATUSES = ("open", "in_progress", "closure_requested", "resolved")
OLD_STATUSES = ("open", "in_progress", "resolved")
TYPES = ("land", "planning", "funding", "demolition", "utilities", "environment", "other")
ACTIONS = ("follow_up", "request_closure", "close", "send_back", "reopen", "extend")


def _in(column: str, codes) -> str:
    return f"{column} IN ({', '.join(repr(c) for c in codes)})"


def _text(length: int):
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    with op.batch_alter_table("meeting") as batch_op:
        batch_op.add_column(sa.Column("quarter", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("venue", _text(200), nullable=True))
        batch_op.add_column(sa.Column("created_by", _text(60), nullable=False, server_default="system"))
        batch_op.add_column(sa.Column("closed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("closed_by", _text(60), nullable=True))
    meeting = sa.table("meeting", sa.column("id", sa.Integer), sa.column("held_on", sa.Date),
                       sa.column("quarter", sa.Integer))
    connection = op.get_bind()
    for meeting_id, held_on in connection.execute(sa.select(meeting.c.id, meeting.c.held_on)).all():
        connection.execute(meeting.update().where(meeting.c.id == meeting_id)
                           .values(quarter=(held_on.month - 1) // 3 + 1))
    with op.batch_alter_table("meeting") as batch_op:
        batch_op.alter_column("quarter", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("created_by", existing_type=_text(60), server_default=None)
        batch_op.create_check_constraint("ck_meeting_quarter", "quarter BETWEEN 1 AND 4")

    with op.batch_alter_table("issue") as batch_op:
        batch_op.add_column(sa.Column("problem_type", _text(16), nullable=False, server_default="other"))
        batch_op.add_column(sa.Column("leader", _text(60), nullable=True))
        batch_op.add_column(sa.Column("raised_by", _text(60), nullable=False, server_default="system"))
        batch_op.alter_column("status", existing_type=_text(16), type_=_text(24), existing_nullable=False)
        batch_op.drop_constraint("ck_issue_status", type_="check")
    with op.batch_alter_table("issue") as batch_op:
        batch_op.alter_column("problem_type", existing_type=_text(16), server_default=None)
        batch_op.alter_column("raised_by", existing_type=_text(60), server_default=None)
        batch_op.create_check_constraint("ck_issue_status", _in("status", STATUSES))
        batch_op.create_check_constraint("ck_issue_problem_type", _in("problem_type", TYPES))

    with op.batch_alter_table("follow_up") as batch_op:
        batch_op.add_column(sa.Column("action", _text(24), nullable=False, server_default="follow_up"))
        batch_op.add_column(sa.Column("new_deadline", sa.Date(), nullable=True))
        batch_op.alter_column("status_after", existing_type=_text(16), type_=_text(24), existing_nullable=False)
    # an old record that closed a problem was its closing; one that set a closed problem going again, a reopening
    op.execute("UPDATE follow_up SET action = 'close' WHERE status_after = 'resolved'")
    with op.batch_alter_table("follow_up") as batch_op:
        batch_op.alter_column("action", existing_type=_text(24), server_default=None)
        batch_op.create_check_constraint("ck_follow_up_action", _in("action", ACTIONS))
        batch_op.create_check_constraint("ck_follow_up_status_after", _in("status_after", STATUSES))


def downgrade() -> None:
    # the statuses the old schema knows: a closure request goes back to in progress
    op.execute("UPDATE issue SET status = 'in_progress' WHERE status = 'closure_requested'")
    op.execute("UPDATE follow_up SET status_after = 'in_progress' WHERE status_after = 'closure_requested'")
    with op.batch_alter_table("follow_up") as batch_op:
        batch_op.drop_constraint("ck_follow_up_status_after", type_="check")
        batch_op.drop_constraint("ck_follow_up_action", type_="check")
        batch_op.drop_column("new_deadline")
        batch_op.drop_column("action")
        batch_op.alter_column("status_after", existing_type=_text(24), type_=_text(16), existing_nullable=False)
    with op.batch_alter_table("issue") as batch_op:
        batch_op.drop_constraint("ck_issue_problem_type", type_="check")
        batch_op.drop_constraint("ck_issue_status", type_="check")
        batch_op.drop_column("raised_by")
        batch_op.drop_column("leader")
        batch_op.drop_column("problem_type")
        batch_op.alter_column("status", existing_type=_text(24), type_=_text(16), existing_nullable=False)
        batch_op.create_check_constraint("ck_issue_status", _in("status", OLD_STATUSES))
    with op.batch_alter_table("meeting") as batch_op:
        batch_op.drop_constraint("ck_meeting_quarter", type_="check")
        batch_op.drop_column("closed_by")
        batch_op.drop_column("closed_at")
        batch_op.drop_column("created_by")
        batch_op.drop_column("venue")
        batch_op.drop_column("quarter")
