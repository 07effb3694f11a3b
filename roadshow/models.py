"""Tables. Money is in 万元 (Numeric, exact); enum fields hold the codes of domain.md."""
from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from .codes import Category, DispatchLevel, FollowUpAction, IssueStatus, ProblemType, Role, Stage

CENT = Decimal("0.01")


class Money(TypeDecorator):
    """万元 with two decimals, exact on every database.

    PostgreSQL keeps NUMERIC. SQLite has no decimal type and its REAL cannot hold
    99999999999999.99, so there the value is stored as whole cents (an INTEGER in the
    NUMERIC column) and brought back as an exact Decimal; sums stay in cents too, as
    func.sum keeps this type.
    """

    impl = sa.Numeric(16, 2)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.BigInteger())
        return dialect.type_descriptor(sa.Numeric(16, 2))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        value = Decimal(value).quantize(CENT)
        return int(value * 100) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if dialect.name == "sqlite":
            return (Decimal(int(value)) / 100).quantize(CENT)
        return Decimal(value).quantize(CENT)



def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _codes(table: str, column: str, enum) -> sa.CheckConstraint:
    values = ", ".join(f"'{m.value}'" for m in enum)
    return sa.CheckConstraint(f"{column} IN ({values})", name=f"ck_{table}_{column}")


def _money(nullable: bool = False, default=None):
    return Field(default=default, sa_type=Money, nullable=nullable)


class City(SQLModel, table=True):
    """市: the top of the hierarchy city → district (区县) → street (街道)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=40, unique=True)
    position: int = 0


class District(SQLModel, table=True):
    """区县, in one city; its name is unique within the city (several cities have a 中山区)."""

    __table_args__ = (sa.UniqueConstraint("city_id", "name", name="uq_district_city_name"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    city_id: int = Field(foreign_key="city.id", index=True)
    name: str = Field(max_length=40)
    position: int = 0


class Street(SQLModel, table=True):
    """街道, in one district. `name` is the short name (营城子); the label adds 街道. Names are unique
    in the deployment: a street is named by its name in links, agendas and ledger files."""

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=40, unique=True)
    position: int = 0
    district_id: int = Field(foreign_key="district.id", index=True)


class User(SQLModel, table=True):
    __tablename__ = "app_user"  # "user" is reserved in PostgreSQL
    __table_args__ = (_codes("app_user", "role", Role),)

    id: Optional[int] = Field(default=None, primary_key=True)
    username: str = Field(max_length=60, unique=True)
    display_name: str = Field(max_length=60)
    role: str = Field(max_length=16)
    street_id: Optional[int] = Field(default=None, foreign_key="street.id")
    # a street official of a whole district (区县干部): edits every street of it; a leader of a district
    district_id: Optional[int] = Field(default=None, foreign_key="district.id")
    password_hash: str = Field(default="", max_length=200)
    disabled: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class UserSession(SQLModel, table=True):
    """A signed-in browser (登录会话): the cookie carries a random token, the database only its
    SHA-256, so a copy of the database signs nobody in. Any app server can check it."""

    __tablename__ = "user_session"

    id: Optional[int] = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime  # the absolute end, however busy the session is
    client: str = Field(default="", max_length=200)  # address and browser, for the admin


class AuthEvent(SQLModel, table=True):
    """The record of sign-ins, refusals and account changes (登录与账号日志), for the admin,
    and what sign-in throttling counts."""

    __tablename__ = "auth_event"
    __table_args__ = (sa.Index("ix_auth_event_username_at", "username", "at"),
                      sa.Index("ix_auth_event_client_at", "client", "at"))

    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    event: str = Field(max_length=24)  # an AuthEventKind
    username: str = Field(default="", max_length=60)  # as typed, for a sign-in attempt
    client: str = Field(default="", max_length=100)  # the client's address
    actor: Optional[str] = Field(default=None, max_length=60)  # who did it, for account changes
    detail: Optional[str] = Field(default=None, max_length=200)


_VERSION = sa.Column("version", sa.Integer, nullable=False, server_default="1")


class Project(SQLModel, table=True):
    """A key project (重点项目) of one plan year, in one street."""

    __table_args__ = (
        sa.UniqueConstraint("plan_year", "name", name="uq_project_year_name"),
        _codes("project", "stage", Stage),
        _codes("project", "category", Category),
        sa.CheckConstraint("stars IS NULL OR stars BETWEEN 1 AND 5", name="ck_project_stars"),
    )
    # Optimistic locking: SQLAlchemy bumps `version` on every UPDATE and refuses a stale one.
    __mapper_args__ = {"version_id_col": _VERSION}

    id: Optional[int] = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=200)
    street_id: int = Field(foreign_key="street.id", index=True)
    category: str = Field(max_length=20, index=True)
    stage: str = Field(max_length=20, index=True)
    plan_year: int = Field(index=True)
    total_investment_wan: Decimal = _money()
    annual_plan_wan: Decimal = _money()
    completed_wan: Decimal = _money(default=Decimal(0))
    planned_start_date: Optional[date] = None  # 计划开工日期, for "not started on time"
    start_date: Optional[date] = Field(default=None, index=True)  # 开复工日期
    suspended: bool = False  # 停工
    suspended_on: Optional[date] = None
    suspension_reason: Optional[str] = Field(default=None, max_length=500)
    city_key: bool = False  # 市重点项目
    leader: Optional[str] = Field(default=None, max_length=60)  # 包保区领导
    manager_district: Optional[str] = Field(default=None, max_length=60)  # 区级项目经理
    manager_street: Optional[str] = Field(default=None, max_length=60)  # 街道项目经理
    manager_enterprise: Optional[str] = Field(default=None, max_length=60)  # 企业项目经理
    stars: Optional[int] = None  # 星级: the stars of its latest rating, kept in step by every rating written
    note: Optional[str] = Field(default=None, max_length=1000)
    version: int = Field(default=1, sa_column=_VERSION)
    created_by: str = Field(default="system", max_length=60)
    created_at: datetime = Field(default_factory=utcnow)
    updated_by: str = Field(default="system", max_length=60)
    updated_at: datetime = Field(default_factory=utcnow)


class ProjectHistory(SQLModel, table=True):
    """项目变更记录: append-only, one row per changed field."""

    __tablename__ = "project_history"

    id: Optional[int] = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    changed_at: datetime = Field(default_factory=utcnow, index=True)
    changed_by: str = Field(max_length=60)
    field: str = Field(max_length=40)
    version: Optional[int] = None  # the project's version after the change
    old_value: Optional[str] = None
    new_value: Optional[str] = None
    note: Optional[str] = Field(default=None, max_length=500)


class InvestmentReport(SQLModel, table=True):
    """A reported cumulative completed investment (累计完成投资) as of a day."""

    __tablename__ = "investment_report"
    __table_args__ = (sa.UniqueConstraint("project_id", "reported_on", name="uq_report_project_day"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    reported_on: date = Field(index=True)
    completed_wan: Decimal = _money()
    reported_by: str = Field(default="system", max_length=60)


def _quarter_of_held_on(context) -> int:
    """A meeting's quarter when none is given: the quarter of its day."""
    return (context.get_current_parameters()["held_on"].month - 1) // 3 + 1


class Meeting(SQLModel, table=True):
    """项目路演: a roadshow meeting. Once closed (`closed_at`), its list of raised problems and its
    agenda are frozen: the record of what the meeting decided."""

    __table_args__ = (sa.CheckConstraint("quarter BETWEEN 1 AND 4", name="ck_meeting_quarter"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    plan_year: int = Field(index=True)
    # 1-4: the quarter of the plan year it reviews (by default, the quarter of its day)
    quarter: Optional[int] = Field(default=None, sa_column=sa.Column(
        "quarter", sa.Integer, nullable=False, default=_quarter_of_held_on))
    held_on: date
    title: str = Field(max_length=200)
    venue: Optional[str] = Field(default=None, max_length=200)
    agenda: Optional[str] = Field(default=None, max_length=2000)  # street names in speaking order, "、"-separated
    created_by: str = Field(default="system", max_length=60)
    closed_at: Optional[datetime] = None
    closed_by: Optional[str] = Field(default=None, max_length=60)


class Issue(SQLModel, table=True):
    """问题: raised at a meeting for a project, owned by a unit or task force, chased to 销号.

    `status` is the status its latest follow-up gave it (kept in step by roadshow/problems.py);
    `deadline` is the deadline set when it was raised: extensions are follow-ups, so the deadline
    in force on a day is metrics.deadline_as_of."""

    __table_args__ = (_codes("issue", "status", IssueStatus), _codes("issue", "problem_type", ProblemType))

    id: Optional[int] = Field(default=None, primary_key=True)
    meeting_id: Optional[int] = Field(default=None, foreign_key="meeting.id", index=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    description: str = Field(max_length=1000)
    problem_type: str = Field(default=ProblemType.other.value, max_length=16)
    owner_unit: str = Field(max_length=100)  # 责任单位 or 专项工作组
    leader: Optional[str] = Field(default=None, max_length=60)  # 包保区领导
    measures: Optional[str] = Field(default=None, max_length=1000)
    raised_on: date
    raised_by: str = Field(default="system", max_length=60)
    deadline: Optional[date] = Field(default=None, index=True)
    status: str = Field(default=IssueStatus.open.value, max_length=24, index=True)
    resolved_on: Optional[date] = None


class FollowUp(SQLModel, table=True):
    """跟踪记录: one step in chasing a problem — who, on which day, in which dispatch cycle, what
    was said, what it did, the status after it, and for an extension the new deadline."""

    __tablename__ = "follow_up"
    __table_args__ = (_codes("follow_up", "level", DispatchLevel), _codes("follow_up", "action", FollowUpAction),
                      _codes("follow_up", "status_after", IssueStatus),
                      # a problem's status on a day (metrics.status_as_of) read from the index alone
                      sa.Index("ix_follow_up_issue_day", "issue_id", "held_on", "id", "status_after"),
                      # its deadline on a day (metrics.deadline_as_of): extensions only, which are few
                      sa.Index("ix_follow_up_extension", "issue_id", "held_on", "id", "new_deadline",
                               sqlite_where=sa.text("new_deadline IS NOT NULL"),
                               postgresql_where=sa.text("new_deadline IS NOT NULL")))

    id: Optional[int] = Field(default=None, primary_key=True)
    issue_id: int = Field(foreign_key="issue.id", index=True)
    level: str = Field(max_length=16)
    held_on: date
    action: str = Field(default=FollowUpAction.follow_up.value, max_length=24)
    note: str = Field(max_length=1000)
    status_after: str = Field(max_length=24)
    new_deadline: Optional[date] = None  # an extension's new deadline
    recorded_by: str = Field(default="system", max_length=60)


class DispatchRecord(SQLModel, table=True):
    """调度记录: one weekly, monthly or quarterly dispatch meeting (周/月/季调度) of the dispatch office —
    who chaired it, what it reviewed and what it decided. One a level and day."""

    __tablename__ = "dispatch_record"
    __table_args__ = (sa.UniqueConstraint("held_on", "level", name="uq_dispatch_record_day_level"),
                      _codes("dispatch_record", "level", DispatchLevel))

    id: Optional[int] = Field(default=None, primary_key=True)
    held_on: date = Field(index=True)
    level: str = Field(max_length=16)
    chaired_by: str = Field(max_length=60)  # 主持人
    reviewed: str = Field(max_length=2000)  # 调度内容: what was reviewed
    decisions: str = Field(max_length=2000)  # 议定事项: what was decided
    recorded_by: str = Field(max_length=60)
    recorded_at: datetime = Field(default_factory=utcnow)


class Rating(SQLModel, table=True):
    """星级动态评价: a project's rating in one cycle, with the parts of its score (by the rule in
    evaluation.toml), or stars set directly by an import (no parts, reason "imported")."""

    __table_args__ = (
        sa.UniqueConstraint("project_id", "cycle", name="uq_rating_project_cycle"),
        sa.Index("ix_rating_project_day", "project_id", "rated_on"),  # stars as of a day
        _codes("rating", "level", DispatchLevel),
        sa.CheckConstraint("stars BETWEEN 1 AND 5", name="ck_rating_stars"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    cycle: str = Field(max_length=16, index=True)  # a RatingCycle's code (2018Q1, 2018-05) or import-<yyyymmdd>
    level: str = Field(default=DispatchLevel.quarterly.value, max_length=16)
    rated_on: date  # the day it is as of: the cycle's last day
    benefit_score: Optional[int] = None  # 效益
    problem_score: Optional[int] = None  # 问题
    progress_score: Optional[int] = None  # 进度
    stars: int
    proposed_stars: Optional[int] = None  # what the rule gave; stars differ when the dispatch office overrode it
    reason: Optional[str] = Field(default=None, max_length=500)  # why it was overridden, or "imported"
    basis: Optional[dict] = Field(default=None, sa_type=sa.JSON)  # the points and facts behind the parts
    rated_by: Optional[str] = Field(default=None, max_length=60)
    rated_at: Optional[datetime] = Field(default_factory=utcnow)


class RatingCycle(SQLModel, table=True):
    """评价周期: a month or a quarter of a plan year, from the first rating given in it. It keeps the
    rule its projects are rated by (a later change of evaluation.toml does not reach it), and once
    confirmed it is closed: its ratings are never changed."""

    __tablename__ = "rating_cycle"
    __table_args__ = (_codes("rating_cycle", "level", DispatchLevel),)

    id: Optional[int] = Field(default=None, primary_key=True)
    code: str = Field(max_length=16, unique=True)
    plan_year: int = Field(index=True)
    level: str = Field(max_length=16)
    as_of: date  # the cycle's last day
    rules: Optional[dict] = Field(default=None, sa_type=sa.JSON)  # evaluation.toml's [rating], as applied
    opened_by: str = Field(max_length=60)
    opened_at: datetime = Field(default_factory=utcnow)
    confirmed_by: Optional[str] = Field(default=None, max_length=60)
    confirmed_at: Optional[datetime] = None


class Meta(SQLModel, table=True):
    """Key/value facts about the database; `data_version` grows with every write."""

    key: str = Field(primary_key=True, max_length=40)
    value: int = 0
