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
    """问题状态."""

    open = "open"
    in_progress = "in_progress"
    resolved = "resolved"


class DispatchLevel(StrEnum):
    """调度层级: 周调度 / 月调度 / 季调度."""

    weekly = "weekly"
    monthly = "monthly"
    quarterly = "quarterly"


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
