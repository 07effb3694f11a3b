"""Codes of domain.md: stored and exchanged as the code, shown as a label."""
from enum import StrEnum


class Stage(StrEnum):
    """建设性质."""

    continuing = "continuing"  # 续建
    new = "new"  # 新开工
    preliminary = "preliminary"  # 前期


class Category(StrEnum):
    """项目类别."""

    commercial = "commercial"
    livelihood = "livelihood"
    real_estate = "real_estate"
    industrial = "industrial"
    infrastructure = "infrastructure"
    other = "other"


class IssueStatus(StrEnum):
    """问题状态: 待办 → 推进中 → 申请销号 → 已销号 (roadshow/problems.py has the steps between them)."""

    open = "open"  # 待办
    in_progress = "in_progress"  # 推进中
    closure_requested = "closure_requested"  # 申请销号: the street says it is done; the dispatch office checks
    resolved = "resolved"  # 已销号


class ProblemType(StrEnum):
    """问题类型."""

    land = "land"  # 用地
    planning = "planning"  # 规划审批
    funding = "funding"  # 资金
    demolition = "demolition"  # 征收拆迁
    utilities = "utilities"  # 水电气暖
    environment = "environment"  # 环评
    other = "other"  # 其他


class FollowUpAction(StrEnum):
    """What one step of a problem's record (跟踪记录) did."""

    follow_up = "follow_up"  # 跟进: what moved
    request_closure = "request_closure"  # 申请销号: the street reports what was done
    close = "close"  # 销号: the dispatch office verified it
    send_back = "send_back"  # 退回: the dispatch office did not accept the closure request
    reopen = "reopen"  # 重新打开: a closed problem is back
    extend = "extend"  # 延期: a new deadline, with the reason


class DispatchLevel(StrEnum):
    """调度层级: 周调度 / 月调度 / 季调度."""

    weekly = "weekly"
    monthly = "monthly"
    quarterly = "quarterly"


class WarningLight(StrEnum):
    """预警: the rule is in evaluation.toml [warning_lights] (roadshow/lights.py)."""

    green = "green"  # 绿灯
    yellow = "yellow"  # 黄灯
    red = "red"  # 红灯


class Role(StrEnum):
    leader = "leader"
    street = "street"
    dispatcher = "dispatcher"
    admin = "admin"


# The 19 streets (街道) of Ganjingzi District, in the order of domain.md, with the
# pinyin used for their officials' demo accounts.
STREET_PINYIN = {
    "周水子": "zhoushuizi", "椒金山": "jiaojinshan", "甘井子": "ganjingzi", "泡崖": "paoya",
    "中华路": "zhonghualu", "兴华": "xinghua", "马栏子": "malanzi", "春柳": "chunliu",
    "大连湾": "dalianwan", "泉水": "quanshui", "红旗": "hongqi", "凌水": "lingshui",
    "营城子": "yingchengzi", "辛寨子": "xinzhaizi", "革镇堡": "gezhenbao", "机场": "jichang",
    "金家街": "jinjiajie", "南关岭": "nanguanling", "杨树沟": "yangshugou",
}
STREETS = list(STREET_PINYIN)
STREET_SUFFIX = "街道"

# The deployment's home: the demo's city and district, which the migration creates and every street
# of a single-district database belongs to.
HOME_CITY, HOME_DISTRICT = "大连市", "甘井子区"
DISTRICT_SEPARATOR = "/"  # a district named with its city where names repeat: 大连市/甘井子区
