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

from .codes import STREET_PINYIN, STREETS, Category, DispatchLevel, FollowUpAction, IssueStatus, ProblemType, Stage
from . import accounts, ratings
from .problems import STEPS
from .records import PROGRESS
from .auth import Actor
from .database import write_session
from .models import DispatchRecord, FollowUp, InvestmentReport, Issue, Meeting, Project, ProjectHistory, Street
from .settings import settings

PLAN_YEAR = 2018
Q1_END = date(2018, 3, 31)
Q1_CONFIRMED = date(2018, 4, 3)  # the dispatch office confirmed the first quarter's ratings
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
MAY_END = date(2018, 5, 31)
LATE_IN_MAY = {"泉水", "兴华"}  # streets that left some projects' May investment unreported
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
# per type: (problem, responsible unit or task force, measures, what the street reports when it asks for 销号)
PROBLEM_TEMPLATES = {
    ProblemType.land: [
        ("建设用地指标未落实，{n}亩用地尚未供地", "区自然资源分局", "协调市局调剂用地指标，加快供地",
         "用地指标已落实，地块已挂牌出让"),
        ("地块内有{n}处违建未清理，影响场地平整", "专项工作组（土地整备）", "联合执法，限期清理",
         "违建已全部拆除，场地已平整"),
    ],
    ProblemType.planning: [
        ("建设用地规划许可证尚未取得", "区自然资源分局", "开辟绿色通道，并联审批",
         "建设用地规划许可证已核发"),
        ("施工许可手续未办结", "区住建局", "指导企业补齐材料，限时办结",
         "施工许可证已核发"),
    ],
    ProblemType.funding: [
        ("项目资金到位不足，缺口约{n}千万元", "区发改局", "对接“金融大篷车”，协调银行授信",
         "银行授信已批复，首笔贷款到位"),
        ("专项债资金尚未拨付", "区财政局", "加快专项债申报和拨付",
         "专项债资金已拨付到位"),
    ],
    ProblemType.demolition: [
        ("征地拆迁进度滞后，剩余{n}户未签约", "专项工作组（征地拆迁）", "逐户走访，落实补偿方案",
         "剩余住户已全部签约并腾空"),
        ("地上附着物补偿未谈妥", "专项工作组（征地拆迁）", "依法评估，分类施策",
         "补偿协议已签订，附着物已清理"),
    ],
    ProblemType.utilities: [
        ("施工用电未接入", "供电公司", "制定临时用电方案，限期接入",
         "临时用电已接通"),
        ("供热、燃气配套方案未确定", "区城建局", "组织供热、燃气企业现场办公",
         "供热、燃气配套方案已确定并签约"),
        ("地块内有管线需迁改", "区城建局", "协调产权单位制定迁改计划",
         "管线迁改已完成"),
    ],
    ProblemType.environment: [
        ("环评批复未下达", "区生态环境分局", "协调市局提前介入，加快审查",
         "环评批复已下达"),
        ("施工扬尘整改未通过验收", "区生态环境分局", "落实围挡、苫盖、冲洗措施",
         "整改已通过复查"),
    ],
    ProblemType.other: [
        ("市政道路未贯通，影响施工车辆进出", "区城建局", "优先安排配套道路施工",
         "临时便道已贯通"),
        ("周边居民信访，施工受阻", "专项工作组（信访维稳）", "街道牵头入户沟通，化解矛盾",
         "居民诉求已妥善解决，施工恢复"),
    ],
}
PROBLEMS = [template[:3] for templates in PROBLEM_TEMPLATES.values() for template in templates]
FOLLOW_UP_NOTES = {
    DispatchLevel.weekly: ["本周已与企业对接，进展正常", "本周仍未突破，责任单位加紧协调", "已现场办公，明确下步措施"],
    # the page puts the level before a note: a note that starts with it too reads "月调度：月调度：…"
    DispatchLevel.monthly: ["纳入街道考核，进度排名靠后", "已完成阶段任务", "督办单已下发"],
    DispatchLevel.quarterly: ["问题未解决，列入下次路演回头看", "已纳入三季度重点调度"],
}
SEND_BACK_NOTES = ["经现场核查，仍有遗留事项未完成，退回继续推进", "佐证材料不全，请补充后重新申请"]
EXTENSION_NOTES = ["涉及市级审批，办理周期较长，经月调度研究同意延期", "受雨季施工影响，经月调度研究同意延期"]
REOPEN_NOTE = "企业反映问题出现反复，重新列入问题清单"
CLOSE_NOTE = "经核查属实，同意销号"
# how the first roadshow's 36 problems went by the end of June (the second's are days old)
Q1_STORIES = {"on_time": 13, "late": 6, "overdue": 6, "waiting": 4, "sent_back_then_closed": 1, "sent_back": 1,
              "extended_then_closed": 1, "extended": 1, "untouched": 2, "reopened": 1}
VENUE = "区政府常务会议室"
# the README's first street account: its official's first look shows every kind of alert
FEATURED_STREET = "营城子"
PREPARATION_NOTES = ["前期手续办理中，已完成可研批复", "正在办理用地预审", "方案设计已完成，待规划审批",
                     "企业正在落实项目融资"]
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
    problems and follow-ups, and the first quarter's star ratings, in one transaction.
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
                if month_end == MAY_END and plan.street in LATE_IN_MAY and i % 2:
                    continue  # not reported in May (the monthly assessment's "data kept current")
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
        for quarter, (held_on, title) in enumerate(MEETINGS, start=1):
            meeting = Meeting(plan_year=PLAN_YEAR, quarter=quarter, held_on=held_on, title=title, venue=VENUE,
                              agenda=opening if held_on == MEETINGS[0][0] else None, created_by=DISPATCH_OFFICE,
                              closed_at=_at(held_on, 17), closed_by=DISPATCH_OFFICE)
            session.add(meeting)
            meetings.append(meeting)
        session.flush()
        _raise_issues(rng, session, meetings, projects)
        _preparation_notes(rng, session, projects)
        _dispatch_records(rng, session, leaders)
        session.flush()
        # the first quarter rated by the rule and confirmed after it closed; the second is left for
        # the dispatch office to propose, adjust and confirm
        ratings.record_confirmation(session, DISPATCH_OFFICE, "2018Q1", today=Q1_CONFIRMED, at=_at(Q1_CONFIRMED, 16))


def _suspend(rng: random.Random, session: Session, project: Project) -> None:
    day = _day(rng, date(2018, 5, 2), date(2018, 6, 20))
    reason = rng.choice(SUSPENSIONS)
    project.suspended, project.suspended_on, project.suspension_reason = True, day, reason
    session.add(ProjectHistory(project_id=project.id, changed_at=_at(day, 15), changed_by=project.updated_by,
                               field="suspended", old_value="False", new_value="True", note=reason))
    project.updated_at = max(project.updated_at, _at(day, 15))


def _raise_issues(rng: random.Random, session: Session, meetings: list[Meeting],
                  projects: list[Project]) -> list[Issue]:
    """Problems raised at each roadshow, of every type, chased by weekly, monthly and quarterly
    dispatch through the lifecycle of roadshow/problems.py up to the end of June."""
    issues = []
    streets = {s.id: s.name for s in session.exec(select(Street)).all()}
    candidates = [p for p in projects if p.stage != Stage.preliminary or rng.random() < 0.2]
    for meeting, count, days in ((meetings[0], 36, (14, 21, 30, 45, 60)), (meetings[1], 28, (7, 10, 14, 21, 30, 45))):
        chosen = rng.sample(candidates, count)
        if meeting is meetings[0]:
            stories = [story for story, n in Q1_STORIES.items() for _ in range(n)]
            rng.shuffle(stories)
            featured = (p for p in candidates if streets[p.street_id] == FEATURED_STREET and p not in chosen)
            for story in ("overdue", "sent_back", "waiting"):
                chosen[stories.index(story)] = next(featured)
        else:
            stories = ["new"] * 12 + ["untouched"] * (count - 12)
            chosen[0] = next(p for p in candidates if streets[p.street_id] == FEATURED_STREET and p not in chosen)
        types = [list(ProblemType)[i % len(ProblemType)] for i in range(count)]
        rng.shuffle(types)
        for n, (project, problem_type, story) in enumerate(zip(chosen, types, stories)):
            text, owner, measures, done = rng.choice(PROBLEM_TEMPLATES[problem_type])
            # the featured street's newest problem falls due in the first days of July
            due_in = days[0] if meeting is meetings[1] and n == 0 else rng.choice(days)
            deadline = meeting.held_on + timedelta(days=due_in)
            issue = Issue(meeting_id=meeting.id, project_id=project.id, raised_on=meeting.held_on,
                          description=text.format(n=rng.randint(2, 30)), problem_type=problem_type,
                          owner_unit=owner, leader=project.leader, measures=measures, raised_by=DISPATCH_OFFICE,
                          deadline=deadline)
            session.add(issue)
            session.flush()
            _follow_up(rng, session, issue, story, done, STREET_PINYIN[streets[project.street_id]])
            issues.append(issue)
    return issues


def _story(rng: random.Random, story: str, issue: Issue) -> tuple[list[tuple], date | None]:
    """The key steps of a problem's story — (day, action, new deadline) — and the last day of its
    routine follow-ups (None: nobody followed it up)."""
    d, A = issue.deadline, FollowUpAction
    if story == "on_time":
        request = max(issue.raised_on + timedelta(days=10), d - timedelta(days=rng.randint(2, 9)))
        closed = min(d, request + timedelta(days=rng.randint(1, 4)))
        return [(request, A.request_closure, None), (closed, A.close, None)], request
    if story == "late":
        request = d + timedelta(days=rng.randint(4, 20))
        closed = request + timedelta(days=rng.randint(2, 6))
        return [(request, A.request_closure, None), (closed, A.close, None)], request
    if story == "waiting":
        request = date(2018, 6, rng.randint(15, 26))
        return [(request, A.request_closure, None)], request
    if story == "sent_back_then_closed":
        again = d + timedelta(days=rng.randint(10, 20))
        return [(d - timedelta(days=4), A.request_closure, None), (d - timedelta(days=1), A.send_back, None),
                (again, A.request_closure, None), (again + timedelta(days=2), A.close, None)], again
    if story == "sent_back":  # sent back days ago: the street has not answered yet
        return [(date(2018, 6, 18), A.request_closure, None), (date(2018, 6, 25), A.send_back, None)], date(2018, 6, 17)
    if story == "extended_then_closed":
        request = d + timedelta(days=20)
        return [(d - timedelta(days=3), A.extend, d + timedelta(days=30)), (request, A.request_closure, None),
                (request + timedelta(days=3), A.close, None)], request
    if story == "extended":  # moved past the end of June: running, not overdue
        return [(d - timedelta(days=3), A.extend, date(2018, 7, 20))], H1_END
    if story == "reopened":
        return [(d - timedelta(days=5), A.request_closure, None), (d - timedelta(days=3), A.close, None),
                (date(2018, 6, 26), A.reopen, None)], d - timedelta(days=5)
    if story == "new":  # raised at the second roadshow: the quarterly dispatch of 29 June took it up
        return [], H1_END
    if story == "overdue":
        return [], H1_END
    return [], None  # untouched: nobody has reported on it


def _follow_up(rng: random.Random, session: Session, issue: Issue, story: str, done: str, official: str) -> None:
    """Write the problem's record: its routine follow-ups (the street's weekly ones, the dispatch office's
    month-end and quarter-end ones) while it is open or in progress, and the key steps of its story,
    each status following the lifecycle's rules."""
    key_steps, notes_until = _story(rng, story, issue)
    routine = []
    if notes_until:
        day = issue.raised_on + timedelta(days=7)
        while day <= min(notes_until, H1_END):
            routine.append((day, DispatchLevel.weekly, official))
            day += timedelta(days=7)
        for month_end in (date(2018, 4, 30), date(2018, 5, 31), date(2018, 6, 29)):
            if issue.raised_on < month_end <= notes_until:
                level = DispatchLevel.quarterly if month_end.month == 6 else DispatchLevel.monthly
                routine.append((month_end, level, DISPATCH_OFFICE))
    steps = [(day, 0, FollowUpAction.follow_up, level, by, None) for day, level, by in routine]
    for day, action, new_deadline in key_steps:
        by = official if action == FollowUpAction.request_closure else DISPATCH_OFFICE
        level = DispatchLevel.monthly if action == FollowUpAction.extend else DispatchLevel.weekly
        steps.append((day, 1, action, level, by, new_deadline))
    status = IssueStatus.open
    for day, _, action, level, by, new_deadline in sorted(steps, key=lambda s: s[:2]):
        step = STEPS[action]
        if status not in step.starts_from:
            assert action == FollowUpAction.follow_up, (story, action, status)
            continue  # no routine follow-up while a closure request waits or once closed
        note = {FollowUpAction.follow_up: lambda: rng.choice(FOLLOW_UP_NOTES[level]),
                FollowUpAction.request_closure: lambda: done,
                FollowUpAction.close: lambda: CLOSE_NOTE,
                FollowUpAction.send_back: lambda: rng.choice(SEND_BACK_NOTES),
                FollowUpAction.reopen: lambda: REOPEN_NOTE,
                FollowUpAction.extend: lambda: rng.choice(EXTENSION_NOTES)}[action]()
        status = step.status_after or status
        session.add(FollowUp(issue_id=issue.id, level=level, held_on=day, action=action, note=note,
                             status_after=status, new_deadline=new_deadline, recorded_by=by))
        issue.resolved_on = day if status == IssueStatus.resolved else None
    issue.status = status


def _preparation_notes(rng: random.Random, session: Session, projects: list[Project]) -> None:
    """Most streets report on their projects still in preparation in June; the rest go unreported,
    so a few projects are "not updated for 30 days"."""
    officials = {s.id: STREET_PINYIN[s.name] for s in session.exec(select(Street)).all()}
    for project in projects:
        if project.start_date is None and rng.random() < 0.8:
            day, by = _day(rng, date(2018, 6, 1), date(2018, 6, 29)), officials[project.street_id]
            session.add(ProjectHistory(project_id=project.id, changed_at=_at(day, 16), changed_by=by,
                                       field=PROGRESS, new_value=rng.choice(PREPARATION_NOTES)))
            project.updated_by, project.updated_at = by, max(project.updated_at, _at(day, 16))


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
