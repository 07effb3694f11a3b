"""rating cycles: the rule each cycle is rated by and its confirmation; a rating's proposed stars,
override reason, basis and rater; imported stars have no parts

Revision ID: 0008
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TEXT = sqlmodel.sql.sqltypes.AutoString
MOMENT = sqlmodel.sql.sqltypes.UTCDateTime
PARTS = ("benefit_score", "problem_score", "progress_score")


def upgrade() -> None:
    op.create_table(
        "rating_cycle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", TEXT(length=16), nullable=False),
        sa.Column("plan_year", sa.Integer(), nullable=False),
        sa.Column("level", TEXT(length=16), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=True),
        sa.Column("opened_by", TEXT(length=60), nullable=False),
        sa.Column("opened_at", MOMENT(), nullable=False),
        sa.Column("confirmed_by", TEXT(length=60), nullable=True),
        sa.Column("confirmed_at", MOMENT(), nullable=True),
        sa.CheckConstraint("level IN ('weekly', 'monthly', 'quarterly')", name="ck_rating_cycle_level"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_index("ix_rating_cycle_plan_year", "rating_cycle", ["plan_year"])
    with op.batch_alter_table("rating") as batch_op:
        for part in PARTS:
            batch_op.alter_column(part, existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("proposed_stars", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reason", TEXT(length=500), nullable=True))
        batch_op.add_column(sa.Column("basis", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("rated_by", TEXT(length=60), nullable=True))
        batch_op.add_column(sa.Column("rated_at", MOMENT(), nullable=True))
        batch_op.create_index("ix_rating_cycle", ["cycle"])
    # imported stars were given zero parts: they have none
    op.execute("UPDATE rating SET reason = 'imported', benefit_score = NULL, problem_score = NULL, "
               "progress_score = NULL WHERE cycle LIKE 'import-%'")
    # the cycles rated before: confirmed, by a rule nobody recorded
    op.execute("INSERT INTO rating_cycle (code, plan_year, level, as_of, opened_by, opened_at, confirmed_by, "
               "confirmed_at) SELECT r.cycle, MIN(p.plan_year), MIN(r.level), MAX(r.rated_on), 'migration', "
               "CURRENT_TIMESTAMP, 'migration', CURRENT_TIMESTAMP FROM rating r JOIN project p ON p.id = r.project_id "
               "WHERE r.cycle NOT LIKE 'import-%' GROUP BY r.cycle")


def downgrade() -> None:
    op.execute("UPDATE rating SET benefit_score = 0, problem_score = 0, progress_score = 0 "
               "WHERE benefit_score IS NULL")
    with op.batch_alter_table("rating") as batch_op:
        batch_op.drop_index("ix_rating_cycle")
        for column in ("rated_at", "rated_by", "basis", "reason", "proposed_stars"):
            batch_op.drop_column(column)
        for part in PARTS:
            batch_op.alter_column(part, existing_type=sa.Integer(), nullable=False)
    op.drop_index("ix_rating_cycle_plan_year", "rating_cycle")
    op.drop_table("rating_cycle")
