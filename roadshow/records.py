"""What every path that changes a project (forms, bulk edit, import) writes beside it:
values as the history shows them, and the dated completed-investment report."""
from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from .metrics import default_as_of
from .models import InvestmentReport, Project


def shown(value) -> str | None:
    """A field's value as the project history stores it."""
    return None if value is None else value.isoformat() if isinstance(value, date) else str(value)


def report_completed(session: Session, project: Project, actor: str) -> None:
    """Record the project's completed investment as reported today (one report a day)."""
    day = default_as_of(project.plan_year)  # today, within the plan year
    report = session.exec(select(InvestmentReport).where(InvestmentReport.project_id == project.id,
                                                         InvestmentReport.reported_on == day)).first()
    if report is None:
        session.add(InvestmentReport(project_id=project.id, reported_on=day,
                                     completed_wan=project.completed_wan, reported_by=actor))
    else:
        report.completed_wan, report.reported_by = project.completed_wan, actor
