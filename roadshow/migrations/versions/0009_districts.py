"""cities and districts (区县) above the streets; officials of a district; indexes the plans ask for

Every existing street goes into the deployment's home district (大连市 › 甘井子区), so a
single-district database keeps working unchanged.

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TEXT = sqlmodel.sql.sqltypes.AutoString
HOME_CITY, HOME_DISTRICT = "大连市", "甘井子区"  # as roadshow.codes has them, frozen here
# (table, index name, columns): the as-of lookup of a project's latest rating by a day reads this instead
# of sorting each project's rows (the latest investment report has its index already:
# uq_report_project_day; a problem's latest follow-up: ix_follow_up_issue_day, 0007)
INDEXES = [
    ("rating", "ix_rating_project_day", ["project_id", "rated_on"]),
]


def upgrade() -> None:
    op.create_table(
        "city",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", TEXT(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "district",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("name", TEXT(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["city_id"], ["city.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("city_id", "name", name="uq_district_city_name"),
    )
    op.create_index("ix_district_city_id", "district", ["city_id"])
    bind = op.get_bind()
    city_id = bind.execute(sa.text("INSERT INTO city (name, position) VALUES (:n, 0) RETURNING id"),
                           {"n": HOME_CITY}).scalar_one()
    district_id = bind.execute(sa.text("INSERT INTO district (city_id, name, position) VALUES (:c, :n, 0) "
                                       "RETURNING id"), {"c": city_id, "n": HOME_DISTRICT}).scalar_one()
    with op.batch_alter_table("street") as batch_op:
        batch_op.add_column(sa.Column("district_id", sa.Integer(), nullable=True))
    bind.execute(sa.text("UPDATE street SET district_id = :d"), {"d": district_id})
    with op.batch_alter_table("street") as batch_op:
        batch_op.alter_column("district_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key("fk_street_district_id_district", "district", ["district_id"], ["id"])
        batch_op.create_index("ix_street_district_id", ["district_id"])
    with op.batch_alter_table("app_user") as batch_op:
        batch_op.add_column(sa.Column("district_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_app_user_district_id_district", "district", ["district_id"], ["id"])
    for table, name, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for table, name, _ in INDEXES:
        op.drop_index(name, table_name=table)
    with op.batch_alter_table("app_user") as batch_op:
        batch_op.drop_constraint("fk_app_user_district_id_district", type_="foreignkey")
        batch_op.drop_column("district_id")
    with op.batch_alter_table("street") as batch_op:
        batch_op.drop_index("ix_street_district_id")
        batch_op.drop_constraint("fk_street_district_id_district", type_="foreignkey")
        batch_op.drop_column("district_id")
    op.drop_index("ix_district_city_id", table_name="district")
    op.drop_table("district")
    op.drop_table("city")
