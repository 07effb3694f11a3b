"""sessions in the database, the record of sign-ins and account changes; throttling replaces the lock

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TEXT = sqlmodel.sql.sqltypes.AutoString
MOMENT = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "user_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", TEXT(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", MOMENT(), nullable=False),
        sa.Column("last_seen_at", MOMENT(), nullable=False),
        sa.Column("expires_at", MOMENT(), nullable=False),
        sa.Column("client", TEXT(length=200), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_user_session_user_id", "user_session", ["user_id"])
    op.create_table(
        "auth_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", MOMENT(), nullable=False),
        sa.Column("event", TEXT(length=24), nullable=False),
        sa.Column("username", TEXT(length=60), nullable=False),
        sa.Column("client", TEXT(length=100), nullable=False),
        sa.Column("actor", TEXT(length=60), nullable=True),
        sa.Column("detail", TEXT(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_auth_event_at", "auth_event", ["at"])
    op.create_index("ix_auth_event_username_at", "auth_event", ["username", "at"])
    op.create_index("ix_auth_event_client_at", "auth_event", ["client", "at"])
    with op.batch_alter_table("app_user") as batch_op:
        batch_op.drop_column("failed_logins")
        batch_op.drop_column("locked_until")


def downgrade() -> None:
    with op.batch_alter_table("app_user") as batch_op:
        batch_op.add_column(sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("locked_until", MOMENT(), nullable=True))
    op.drop_table("auth_event")
    op.drop_table("user_session")
