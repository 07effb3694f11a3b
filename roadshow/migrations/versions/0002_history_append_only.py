"""project history: the project version of each change; append-only in the database

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

REFUSED = "project_history is append-only"


def upgrade() -> None:
    with op.batch_alter_table("project_history") as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER project_history_no_{event.lower()} BEFORE {event} ON project_history "
                       f"BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END")
    else:
        op.execute(f"""CREATE FUNCTION project_history_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                       BEGIN RAISE EXCEPTION '{REFUSED}'; END $$""")
        op.execute("CREATE TRIGGER project_history_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
                   "ON project_history FOR EACH STATEMENT EXECUTE FUNCTION project_history_refuse()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for event in ("update", "delete"):
            op.execute(f"DROP TRIGGER project_history_no_{event}")
    else:
        op.execute("DROP TRIGGER project_history_append_only ON project_history")
        op.execute("DROP FUNCTION project_history_refuse()")
    with op.batch_alter_table("project_history") as batch_op:
        batch_op.drop_column("version")
