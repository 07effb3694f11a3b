"""Alembic environment: runs on the connection handed over by roadshow.database.migrate,
or on ROADSHOW_DATABASE_URL when called from the alembic command line."""
import sqlalchemy as sa
from alembic import context
from sqlmodel import SQLModel

from roadshow import models  # registers the tables
from roadshow.database import get_engine

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        with get_engine().begin() as connection:
            _run(connection)
    else:
        _run(connection)


def _compare_type(context, inspected_column, metadata_column, inspected_type, metadata_type):
    """Money is NUMERIC(16, 2) on every database; only what SQLite keeps in it (cents) differs."""
    if isinstance(metadata_type, models.Money):
        numeric = isinstance(inspected_type, sa.Numeric)
        return not (numeric and (inspected_type.precision, inspected_type.scale) == (16, 2))
    return None  # the default comparison


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=_compare_type,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
