"""Alembic environment: runs on the connection handed over by roadshow.database.migrate,
or on ROADSHOW_DATABASE_URL when called from the alembic command line."""
from alembic import context
from sqlmodel import SQLModel

from roadshow import models  # noqa: F401  (registers the tables)
from roadshow.database import get_engine

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        with get_engine().begin() as connection:
            _run(connection)
    else:
        _run(connection)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
