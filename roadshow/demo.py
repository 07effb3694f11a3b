"""Deterministic demo data for plan year 2018 that reproduces domain.md's published figures.

The published figures fix counts and sums over a few cells of the plan (stage ×
city-key × started in Q1, and categories of the Q1 starts); everything else —
streets, names, dates, problems, ratings — is drawn from a seeded generator so
that every page has a believable January-to-June story to tell.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from .codes import STREET_PINYIN, STREETS, Category, DispatchLevel, IssueStatus, Stage
from . import accounts
from .auth import Actor
from .database import write_session
from .models import (
    DispatchRecord, FollowUp, InvestmentReport, Issue, Meeting, Project, ProjectHistory, Rating, Street,
)
from .rules import stars_for_score
from .settings import settings

PLAN_YEAR = 2018
Q1_END = date(2018, 3, 31)
H1_END = date(2018, 6, 30)
DISPATCH_OFFICE = "dispatch"  # the account of the dispatch office (区调度办)

# --- the published figures (seed 002), in 万元 -------------------------------------
STAGE_COUNTS = {Stage.continuing: 53, Stage.new: 88, Stage.preliminary: 94}
Q1_STARTED = {Stage.continuing: 44, Stage.new: 19}
Q1_STARTED_BY_CATEGORY = {Category.commercial: 18, Category.livelihood: 16,
                          Category.real_estate: 26, Category.industrial: 3}
TOTAL_INVESTMENT = 25_900_000
ANNUAL_PLAN = 2_660_000
CITY_KEY_COUNT, CITY_KEY_INVESTMENT, CITY_KEY_ANNUAL_PLAN = 83, 10_730_000, 2_020_000
Q1_STARTED_INVESTMENT = 8_585_000

# --- choices of ours that the figures leave open -----------------------------------
CITY_KEY_AMONG_Q1_STARTED = 30
CITY_KEY_Q1_STARTED_INVESTMENT = 4_500_000
Q2_STARTED = {Stage.continuing: 6, Stage.new: 31}
MEETINGS = [(date(2018, 3, 28), "2018年一季度重点项目路演"), (date(2018, 6, 27), "2018年二季度重点项目路演")]
# peripheral streets carry most of the district's construction
STREET_WEIGHTS = {"营城子": 6, "辛寨子": 5, "大连湾": 5, "革镇堡": 5, "南关岭": 4, "泉水": 4, "红旗": 3,
                  "凌水": 3, "机场": 3, "杨树沟": 3, "周水子": 2, "椒金山": 2, "甘井子": 2, "泡崖": 2,
                  "马栏子": 2, "春柳": 2, "中华路": 1, "兴华": 1, "金家街": 1}
OTHER_CATEGORY_WEIGHTS = {Category.commercial: 3, Category.livelihood: 3, Category.real_estate: 3,
                          Category.industrial: 3, Category.infrastructure: 3, Category.other: 1}
NAME_PARTS = {
    Category.commercial: ["商业综合体", "星级酒店", "物流园", "商务中心", "总部大厦", "冷链物流中心", "文旅小镇"],
    Category.livelihood: ["中学", "小学", "社区卫生服务中心", "养老院", "体育中心", "幼儿园", "文化馆"],
    Category.real_estate: ["住宅小区", "棚户区改造", "公寓", "花园", "人才公寓", "安置房"],
    Category.industrial: ["智能制造产业园", "装备制造基地", "新材料产业园", "机器人产业园", "海洋装备基地"],
    Category.infrastructure: ["道路改造", "污水处理厂", "供热管网", "变电站", "停车场", "综合管廊"],
    Category.other: ["农业观光园", "生态修复", "科技成果转化中心", "数据中心"],
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林罗高"
GIVEN = ["建国", "海涛", "立新", "晓东", "志强", "明", "伟", "平", "丽",
         "静", "军", "洋", "磊", "红", "敏", "杰", "涛", "鹏"]
ENTERPRISES = ["中建八局", "大连万达", "大连港集团", "华能大连电厂", "中铁九局", "大连城投", "亿达集团", "华润置地"]
PROBLEMS = [
    ("征地拆迁进度滞后，剩余{n}户未签约", "专项工作组（征地拆迁）", "逐户走访，落实补偿方案"),
    ("建设用地规划许可证尚未取得", "区自然资源分局", "开辟绿色通道，并联审批"),
    ("施工许可手续未办结", "区住建局", "指导企业补齐材料，限时办结"),
    ("环评批复未下达", "区生态环境分局", "协调市局提前介入，加快审查"),
    ("项目资金到位不足，缺口约{n}千万元", "区发改局", "对接“金融大篷车”，协调银行授信"),
    ("施工用电未接入", "供电公司", "制定临时用电方案，限期接入"),
    ("市政道路未贯通，影响施工车辆进出", "区城建局", "优先安排配套道路施工"),
    ("供热、燃气配套方案未确定", "区城建局", "组织供热、燃气企业现场办公"),
    ("地块内有管线需迁改", "区城建局", "协调产权单位制定迁改计划"),
]
FOLLOW_UP_NOTES = {
    DispatchLevel.weekly: ["本周已与企业对接，进展正常", "本周仍未突破，责任单位加紧协调", "已现场办公，明确下步措施"],
    # the page puts the level before a note: a note that starts with it too reads "月调度：月调度：…"
    DispatchLevel.monthly: ["纳入街道考核，进度排名靠后", "已完成阶段任务", "督办单已下发"],
    DispatchLevel.quarterly: ["问题已解决，项目形象进度达标", "问题未解决，列入下次路演回头看"],
}
SUSPENSIONS = ["环保督查整改停工", "资金链紧张暂停施工", "征地纠纷暂停施工", "设计变更暂停施工"]


@dataclass
class Plan:
    """One project of the demo plan before it is written."""

    stage: Stage
    city_key: bool
    category: Category
    start_date: date | None = None
    total: int = 0
    annual: int = 0
    street: str = ""
    history: list = field(default_factory=list)


def split(rng: random.Random, total: int, n: int, unit: int, floor: int) -> list[int]:
    """n positive amounts, multiples of `unit`, at least `floor`, summing to `total` exactly."""
    weights = [rng.lognormvariate(0, 0.8) for _ in range(n)]
    spare = total - n * floor
    amounts = [floor + round(spare * w / sum(weights) / unit) * unit for w in weights]
    amounts[amounts.index(max(amounts))] += total - sum(amounts)
    assert sum(amounts) == total and min(amounts) >= floor
    return amounts


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _at(day: date, hour: int = 10) -> datetime:
    """A moment of a working day, in Beijing time."""
    return datetime.combine(day, time(hour), tzinfo=settings().zone)


def plan_projects(rng: random.Random) -> list[Plan]:
    """The 235 projects with stage, city-key, category, start date and money fixed so that
    every published figure holds."""
    plans: list[Plan] = []
    q1_categories = [c for c, n in Q1_STARTED_BY_CATEGORY.items() for _ in range(n)]
    rng.shuffle(q1_categories)
    for stage, n in Q1_STARTED.items():
        for _ in range(n):
            # continuing projects resume after the Spring Festival (16 Feb 2018); a few never stopped
            first = date(2018, 1, 2) if stage == Stage.continuing and rng.random() < 0.2 else date(2018, 2, 26)
            plans.append(Plan(stage, False, q1_categories.pop(), _day(rng, first, Q1_END)))
    other = list(OTHER_CATEGORY_WEIGHTS)
    cat_weights = list(OTHER_CATEGORY_WEIGHTS.values())
    for stage, n in STAGE_COUNTS.items():
        for i in range(n - Q1_STARTED.get(stage, 0)):
            start = _day(rng, date(2018, 4, 2), H1_END) if i < Q2_STARTED.get(stage, 0) else None
            plans.append(Plan(stage, False, rng.choices(other, cat_weights)[0], start))

    started, not_started = plans[:63], plans[63:]
    for p in rng.sample(started, CITY_KEY_AMONG_Q1_STARTED):
        p.city_key = True
    for p in rng.sample(not_started, CITY_KEY_COUNT - CITY_KEY_AMONG_Q1_STARTED):
        p.city_key = True

    cells = {
        (True, True): CITY_KEY_Q1_STARTED_INVESTMENT,
        (True, False): CITY_KEY_INVESTMENT - CITY_KEY_Q1_STARTED_INVESTMENT,
        (False, True): Q1_STARTED_INVESTMENT - CITY_KEY_Q1_STARTED_INVESTMENT,
        (False, False): TOTAL_INVESTMENT - CITY_KEY_INVESTMENT - Q1_STARTED_INVESTMENT + CITY_KEY_Q1_STARTED_INVESTMENT,
    }
    for (city_key, in_q1), total in cells.items():
        members = [p for i, p in enumerate(plans) if p.city_key == city_key and (i < 63) == in_q1]
        for p, amount in zip(members, split(rng, total, len(members), unit=100, floor=5000)):
            p.total = amount

    # annual plans follow the total investment, lighter for projects still in preparation
    stage_pace = {Stage.continuing: 1.3, Stage.new: 1.0, Stage.preliminary: 0.3}
    for city_key, annual_total in ((True, CITY_KEY_ANNUAL_PLAN), (False, ANNUAL_PLAN - CITY_KEY_ANNUAL_PLAN)):
        members = [p for p in plans if p.city_key == city_key]
        weights = [p.total * stage_pace[p.stage] * rng.uniform(0.7, 1.3) for p in members]
        amounts = [round(annual_total * w / sum(weights) / 10) * 10 for w in weights]
        amounts[amounts.index(max(amounts))] += annual_total - sum(amounts)
        for p, amount in zip(members, amounts):
            p.annual = amount
            assert 0 <= amount <= p.total

    # every street gets a continuing project, the rest follow the street weights
    continuing = [p for p in plans if p.stage == Stage.continuing]
    rng.shuffle(continuing)
    for p, street in zip(continuing, STREETS):
        p.street = street
    for p in plans:
        if not p.street:
            p.street = rng.choices(list(STREET_WEIGHTS), list(STREET_WEIGHTS.values()))[0]
    rng.shuffle(plans)
    return plans


def _name(rng: random.Random, plan: Plan, used: set[str]) -> str:
    base = plan.street + rng.choice(NAME_PARTS[plan.category])
    name, phase = base + "项目", 1
    while name in used:
        phase += 1
        name = f"{base}（{'一二三四五六七八九'[phase - 1]}期）项目"
    used.add(name)
    return name


def _completed_series(rng: random.Random, plan: Plan) -> list[tuple[date, Decimal]]:
    """Cumulative completed investment at each month end from the start month to June."""
    if plan.start_date is None:
        return []
    month_ends = [date(2018, m + 1, 1) - timedelta(days=1) for m in range(1, 6)] + [H1_END]
    pace = rng.uniform(0.08, 0.14)  # share of the annual plan done per month
    series, done = [], Decimal(0)
    for month_end in month_ends:
        if month_end < plan.start_date:
            continue
        months = (month_end - plan.start_date).days / 30 + 0.5
        done = max(done, Decimal(round(plan.annual * min(pace * months, 0.95))))
        series.append((month_end, done))
    return series


# Demo accounts (README lists them): one per role, and one official per street.
DEMO_PASSWORD = "roadshow2018"
DEMO_ACCOUNTS = [("admin", "admin", "系统管理员", None), (DISPATCH_OFFICE, "dispatcher", "区调度办", None),
                 ("leader", "leader", "区领导", None)] + [
    (pinyin, "street", f"{street}街道", street) for street, pinyin in STREET_PINYIN.items()]


def create_demo_accounts(engine: Engine) -> int:
    """Create the demo accounts that do not exist yet; returns how many were created."""
    setup = Actor("setup", "admin")
    known = set(accounts.users(setup, engine)["username"])
    missing = [a for a in DEMO_ACCOUNTS if a[0] not in known]
    for username, role, name, street in missing:
        accounts.add_user(setup, username, DEMO_PASSWORD, role, name, street, engine)
    return len(missing)


def load_demo(engine: Engine, seed: int = PLAN_YEAR) -> None:
    """Write the demo plan, its January-to-June history, two roadshows with their
    problems and follow-ups, and Q1/Q2 star ratings, in one transaction.
    Needs the streets (services.ensure_streets)."""
    rng = random.Random(seed)
    plans = plan_projects(rng)
    leaders = [_person(rng) for _ in range(8)]
    with write_session(engine) as session:
        streets = {s.name: s for s in session.exec(select(Street)).all()}
        used: set[str] = set()
        projects = []
        for i, plan in enumerate(plans, start=1):
            official = STREET_PINYIN[plan.street]  # the street official's account
            project = Project(
                code=f"GJZ-{PLAN_YEAR}-{i:03d}", name=_name(rng, plan, used), street_id=streets[plan.street].id,
                category=plan.category, stage=plan.stage, plan_year=PLAN_YEAR, city_key=plan.city_key,
                total_investment_wan=Decimal(plan.total), annual_plan_wan=Decimal(plan.annual),
                leader=rng.choice(leaders), manager_district=_person(rng), manager_street=_person(rng),
                manager_enterprise=f"{_person(rng)}（{rng.choice(ENTERPRISES)}）",
                created_by=DISPATCH_OFFICE, created_at=_at(date(2018, 1, 5)),
                updated_by=DISPATCH_OFFICE, updated_at=_at(date(2018, 1, 5)),
            )
            if plan.stage == Stage.continuing:
                project.planned_start_date = date(2018, 3, 31)
            elif plan.stage == Stage.new:
                project.planned_start_date = (plan.start_date + timedelta(days=rng.randint(-10, 20))
                                              if plan.start_date else _day(rng, date(2018, 4, 15), date(2018, 10, 31)))
            session.add(project)
            session.flush()
            projects.append(project)
            history = [(date(2018, 1, 5), DISPATCH_OFFICE, "created", None, project.name, "导入2018年度重点项目计划")]
            if plan.start_date:
                project.start_date = plan.start_date
                history.append((plan.start_date + timedelta(days=rng.randint(0, 3)), official, "start_date",
                                None, plan.start_date.isoformat(), "项目开复工"))
            for month_end, done in _completed_series(rng, plan):
                session.add(InvestmentReport(project_id=project.id, reported_on=month_end, completed_wan=done,
                                             reported_by=official))
                history.append((month_end, official, "completed_wan",
                                str(project.completed_wan.quantize(Decimal("0.01"))),
                                str(done.quantize(Decimal("0.01"))), "月度投资统计"))
                project.completed_wan = done
            for day, by, field_name, old, new, note in sorted(history, key=lambda h: h[0]):
                session.add(ProjectHistory(project_id=project.id, changed_at=_at(day), changed_by=by,
                                           field=field_name, old_value=old, new_value=new, note=note))
            project.updated_by, project.updated_at = history[-1][1], _at(max(h[0] for h in history))

        for project in rng.sample([p for p in projects if p.start_date and p.start_date < date(2018, 4, 15)], 4):
            _suspend(rng, session, project)
        meetings = []
        # at the first roadshow 营城子, 辛寨子 and 大连湾 reported first (seed 002)
        first = ["营城子", "辛寨子", "大连湾"]
        opening = "、".join(first + [s for s in STREETS if s not in first])
        for held_on, title in MEETINGS:
            meeting = Meeting(plan_year=PLAN_YEAR, held_on=held_on, title=title,
                              agenda=opening if held_on == MEETINGS[0][0] else None)
            session.add(meeting)
            meetings.append(meeting)
        session.flush()
        issues = _raise_issues(rng, session, meetings, projects)
        _rate(rng, session, projects, issues)
        _dispatch_records(rng, session, leaders)


def _suspend(rng: random.Random, session: Session, project: Project) -> None:
    day = _day(rng, date(2018, 5, 2), date(2018, 6, 20))
    reason = rng.choice(SUSPENSIONS)
    project.suspended, project.suspended_on, project.suspension_reason = True, day, reason
    session.add(ProjectHistory(project_id=project.id, changed_at=_at(day, 15), changed_by=project.updated_by,
                               field="suspended", old_value="False", new_value="True", note=reason))
    project.updated_at = max(project.updated_at, _at(day, 15))


def _raise_issues(rng: random.Random, session: Session, meetings: list[Meeting],
                  projects: list[Project]) -> list[Issue]:
    """Problems raised at each roadshow, chased by weekly, monthly and quarterly dispatch."""
    issues = []
    # (meeting, how many problems, share resolved by the end of June, share in progress)
    for meeting, count, resolved_share, progress_share in ((meetings[0], 36, 0.6, 0.2), (meetings[1], 28, 0.1, 0.4)):
        candidates = [p for p in projects if p.stage != Stage.preliminary or rng.random() < 0.2]
        for project in rng.sample(candidates, count):
            text, owner, measures = rng.choice(PROBLEMS)
            deadline = meeting.held_on + timedelta(days=rng.choice((14, 21, 30, 45, 60)))
            issue = Issue(meeting_id=meeting.id, project_id=project.id, raised_on=meeting.held_on,
                          description=text.format(n=rng.randint(2, 30)), owner_unit=owner,
                          measures=measures, deadline=deadline)
            draw = rng.random()
            if draw < resolved_share:
                issue.status = IssueStatus.resolved
                issue.resolved_on = min(_day(rng, meeting.held_on + timedelta(days=5), deadline + timedelta(days=10)),
                                        H1_END)
            elif draw < resolved_share + progress_share:
                issue.status = IssueStatus.in_progress
            session.add(issue)
            issues.append(issue)
    session.flush()
    for issue in issues:
        _follow_up(rng, session, issue)
    return issues


def _follow_up(rng: random.Random, session: Session, issue: Issue) -> None:
    end = issue.resolved_on or H1_END
    steps = []
    day = issue.raised_on + timedelta(days=7)
    while day <= end:
        steps.append((day, DispatchLevel.weekly))
        day += timedelta(days=7)
    for month in range(issue.raised_on.month + 1, 8):
        month_end = date(2018, month, 1) - timedelta(days=1)
        if issue.raised_on < month_end <= end:
            steps.append((month_end, DispatchLevel.monthly))
    if issue.raised_on < date(2018, 6, 29) <= end or issue.resolved_on:
        steps.append((min(date(2018, 6, 29), end), DispatchLevel.quarterly))
    for day, level in sorted(steps):
        status = (IssueStatus.resolved if issue.resolved_on and day >= issue.resolved_on
                  else IssueStatus.in_progress if issue.status != IssueStatus.open or day < end - timedelta(days=30)
                  else IssueStatus.open)
        notes = FOLLOW_UP_NOTES[level]
        note = notes[0] if status == IssueStatus.resolved and level == DispatchLevel.quarterly else rng.choice(notes)
        session.add(FollowUp(issue_id=issue.id, level=level, held_on=day, note=note, status_after=status,
                             recorded_by=DISPATCH_OFFICE))


def _rate(rng: random.Random, session: Session, projects: list[Project], issues: list[Issue]) -> None:
    """Star ratings at the end of Q1 and Q2 from benefit (效益), problems (问题) and progress (进度)."""
    biggest = max(p.total_investment_wan for p in projects)
    for cycle, rated_on in (("2018Q1", Q1_END), ("2018Q2", H1_END)):
        for project in projects:
            benefit = int(10 + 30 * (project.total_investment_wan / biggest) ** Decimal("0.5"))
            open_problems = sum(1 for i in issues if i.project_id == project.id and i.raised_on <= rated_on
                                and not (i.resolved_on and i.resolved_on <= rated_on))
            problems = max(0, 30 - 10 * open_problems)
            started = project.start_date is not None and project.start_date <= rated_on
            progress = rng.randint(18, 30) if started else rng.randint(0, 15)
            if project.suspended and project.suspended_on <= rated_on:
                progress = min(progress, 8)
            stars = stars_for_score(benefit + problems + progress)
            session.add(Rating(project_id=project.id, cycle=cycle, level=DispatchLevel.quarterly, rated_on=rated_on,
                               benefit_score=benefit, problem_score=problems, progress_score=progress, stars=stars))
            if project.stars != stars:
                session.add(ProjectHistory(project_id=project.id, changed_at=_at(rated_on, 17),
                                           changed_by=DISPATCH_OFFICE, field="stars",
                                           old_value=None if project.stars is None else str(project.stars),
                                           new_value=str(stars), note=f"{cycle} 星级动态评价"))
                project.stars = stars


DISPATCH_AGENDA = {
    DispatchLevel.weekly: ("听取问题清单本周推进情况，逐项过堵点", "逾期问题由责任单位说明原因，一周内拿出办结时限"),
    DispatchLevel.monthly: ("通报各街道开复工率、投资完成率和问题销号情况",
                            "排名后三位街道作表态发言；逾期超30天问题下发督办单"),
    DispatchLevel.quarterly: ("回头看本季度路演问题清单，研究星级动态评价",
                              "未销号问题列入下次路演回头看；调整星级并通报"),
}


def _dispatch_records(rng: random.Random, session: Session, leaders: list[str]) -> None:
    """周/月/季调度 of the half year after the first roadshow: every Friday, the last working day of
    each month, and the end of the second quarter."""
    days = [(date(2018, 4, 6) + timedelta(weeks=k), DispatchLevel.weekly) for k in range(13)]
    days += [(date(2018, 4, 27), DispatchLevel.monthly), (date(2018, 5, 31), DispatchLevel.monthly),
             (date(2018, 6, 29), DispatchLevel.monthly), (date(2018, 6, 29), DispatchLevel.quarterly)]
    for day, level in days:
        reviewed, decisions = DISPATCH_AGENDA[level]
        chair = "区调度办主任" if level == DispatchLevel.weekly else rng.choice(leaders)
        session.add(DispatchRecord(held_on=day, level=level, chaired_by=chair, reviewed=reviewed,
                                   decisions=decisions, recorded_by=DISPATCH_OFFICE, recorded_at=_at(day, 17)))
