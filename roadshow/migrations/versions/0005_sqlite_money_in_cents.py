"""money on SQLite as whole cents: REAL could not hold 99999999999999.99 exactly

Revision ID: 0005
Revises: 0004
"""
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

MONEY = {"project": ("total_investment_wan", "annual_plan_wan", "completed_wan"),
         "investment_report": ("completed_wan",)}


def _scale(to_cents: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL keeps NUMERIC(16, 2)
    for table, columns in MONEY.items():
        values = ", ".join(f"{c} = CAST(ROUND({c} * 100) AS INTEGER)" if to_cents else f"{c} = {c} / 100.0"
                           for c in columns)
        op.execute(f"UPDATE {table} SET {values}")


def upgrade() -> None:
    _scale(to_cents=True)


def downgrade() -> None:
    _scale(to_cents=False)
