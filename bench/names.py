"""Word pools and identifier makers for the synthetic city: 绍兴-like districts, streets, units and people.

Everything is drawn from a `random.Random` handed in, so a seed gives the same city every time. The
identifiers carry valid checksums: unified social credit codes (GB 32100-2015, with the GB 11714
organisation code inside) and resident ID numbers (GB 11643-1999).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

# ---------------------------------------------------------------------------- checksums
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_ID_CHECK = "10X98765432"


def credit_check(body: str) -> str:
    """The 18th character of a unified social credit code whose first 17 are `body`."""
    total = sum(CREDIT_CHARS.index(c) * w for c, w in zip(body, _CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARS[(31 - total % 31) % 31]


def org_code(rng: random.Random) -> str:
    """A 9-character organisation code (GB 11714): 8 digits and their check character."""
    body = "".join(rng.choice("0123456789") for _ in range(8))
    check = 11 - sum(int(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


# Registration authority and organisation type of the credit code, by unit kind.
CREDIT_PREFIX = {
    "government": "11",
    "institution": "12",
    "soe": "91",
    "private": "91",
    "social_org": "51",
    "school": "12",
    "hospital": "12",
    "military": "",  # military units have no credit code
    "other": "93",
}


def credit_code(rng: random.Random, kind: str, region: str) -> str | None:
    """A valid unified social credit code for a unit of `kind` registered in `region` (6 digits)."""
    prefix = CREDIT_PREFIX[kind]
    if not prefix:
        return None
    body = prefix + region + org_code(rng)
    return body + credit_check(body)


def id_check(body: str) -> str:
    """The 18th character of a resident ID number whose first 17 digits are `body`."""
    return _ID_CHECK[sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


def id_number(rng: random.Random, region: str, male: bool) -> str:
    """A valid resident ID number: region, birth date 1962–2000, sequence (odd for men), check digit."""
    born = date(1962, 1, 1) + timedelta(days=rng.randrange(14_000))
    seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
    body = f"{region}{born:%Y%m%d}{seq:03d}"
    return body + id_check(body)


MOBILE_PREFIXES = (
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "155",
    "157",
    "158",
    "159",
    "177",
    "180",
    "181",
    "182",
    "183",
    "187",
    "188",
    "189",
    "198",
    "199",
)


def mobile(rng: random.Random) -> str:
    """An 11-digit mainland mobile number."""
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(100_000_000):08d}"


# ---------------------------------------------------------------------------- places
# district -> (ID/credit region code, ((street, ascii code), ...))
DISTRICTS = {
    "越城区": (
        "330602",
        (
            ("府山街道", "FS"),
            ("塔山街道", "TS"),
            ("北海街道", "BH"),
            ("城南街道", "CN"),
            ("稽山街道", "JS"),
            ("东湖街道", "DH"),
            ("灵芝街道", "LZ"),
            ("皋埠街道", "GB"),
            ("鉴湖街道", "JH"),
            ("东浦街道", "DP"),
            ("迪荡街道", "DD"),
        ),
    ),
    "柯桥区": (
        "330603",
        (
            ("柯桥街道", "KQ"),
            ("柯岩街道", "KY"),
            ("华舍街道", "HS"),
            ("湖塘街道", "HT"),
            ("齐贤街道", "QX"),
            ("安昌街道", "AC"),
            ("钱清街道", "QQ"),
        ),
    ),
    "上虞区": ("330604", (("百官街道", "BG"), ("曹娥街道", "CE"), ("东关街道", "DG"), ("崧厦街道", "SX"))),
    "诸暨市": ("330681", (("暨阳街道", "JY"), ("浣东街道", "HD"), ("陶朱街道", "TZ"))),
    "嵊州市": ("330683", (("剡湖街道", "YH"), ("三江街道", "SJ"), ("鹿山街道", "LS"))),
    "新昌县": ("330624", (("南明街道", "NM"), ("七星街道", "QS"))),
}
CITY = "绍兴市"
COMMUNITY_FIRST = "东西南北中新长安和兴华荷桂梅兰竹松柏翠金银玉龙凤锦秀春阳光明永丰福泰鉴稽蕺府越塔环"
COMMUNITY_SECOND = (
    "园",
    "苑",
    "湖",
    "桥",
    "门",
    "街",
    "坊",
    "山",
    "河",
    "亭",
    "塘",
    "里",
    "城",
    "庄",
    "湾",
    "庭",
    "溪",
    "港",
    "岸",
    "江",
)
ROADS = (
    "解放路",
    "中兴路",
    "人民路",
    "胜利路",
    "延安路",
    "环城路",
    "迪荡路",
    "凤林路",
    "越州路",
    "稽山路",
    "鲁迅路",
    "投醪河路",
    "府山路",
    "城南大道",
    "笛扬路",
    "二环北路",
    "群贤路",
    "金柯桥大道",
    "百官大道",
)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
    "戴莫孔向汤"
)
GIVEN_MALE = "伟强军磊洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林建国志海峰云东兵晨阳"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞秀英玲婷燕红梅莉萍雪琳丹倩颖慧佳琴云洁晶蓉欣月悦岚薇琪璐"


def person(rng: random.Random, male: bool) -> str:
    """A Chinese personal name of two or three characters."""
    pool = GIVEN_MALE if male else GIVEN_FEMALE
    given = rng.choice(pool) if rng.random() < 0.3 else rng.choice(pool) + rng.choice(pool)
    return rng.choice(SURNAMES) + given


# ---------------------------------------------------------------------------- units
GOV_DEPARTMENTS = (
    "发展和改革局",
    "教育局",
    "科学技术局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源和规划局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化广电旅游局",
    "卫生健康委员会",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "综合行政执法局",
    "机关事务管理局",
    "信访局",
    "档案馆",
    "总工会",
    "团委",
    "妇女联合会",
    "科学技术协会",
    "残疾人联合会",
    "税务局",
    "气象局",
    "烟草专卖局",
    "邮政管理局",
    "人民法院",
    "人民检察院",
)
INSTITUTIONS = (
    "疾病预防控制中心",
    "图书馆",
    "文化馆",
    "博物馆",
    "住房公积金管理中心",
    "广播电视台",
    "公共资源交易中心",
    "社会福利院",
    "殡仪馆",
    "水文站",
    "农业技术推广中心",
    "不动产登记服务中心",
    "行政服务中心",
    "城市规划设计研究院",
    "青少年宫",
    "体育中心",
)
SOE = (
    "城市建设投资集团有限公司",
    "交通投资集团有限公司",
    "水务集团有限公司",
    "燃气有限公司",
    "公交集团有限公司",
    "国有资产投资经营有限公司",
    "文化旅游集团有限公司",
    "粮食收储有限公司",
    "供电公司",
    "烟草公司",
    "邮政分公司",
    "移动分公司",
    "电信分公司",
    "联通分公司",
)
BANKS = (
    "中国工商银行",
    "中国农业银行",
    "中国银行",
    "中国建设银行",
    "交通银行",
    "绍兴银行",
    "瑞丰银行",
    "浙商银行",
    "邮储银行",
)
FIRM_WORDS = (
    "恒",
    "盛",
    "华",
    "鑫",
    "达",
    "通",
    "宏",
    "远",
    "锦",
    "源",
    "诚",
    "信",
    "嘉",
    "泰",
    "康",
    "丰",
    "瑞",
    "祥",
    "明",
    "亿",
    "越",
    "鉴",
    "江",
    "海",
    "天",
    "新",
    "金",
    "银",
    "中",
    "汇",
)
FIRM_TRADES = (
    "纺织",
    "印染",
    "化纤",
    "机械",
    "电子",
    "建设",
    "建材",
    "物流",
    "贸易",
    "科技",
    "酿造",
    "黄酒",
    "食品",
    "服饰",
    "家纺",
    "电器",
    "环保",
    "医药",
    "物业",
    "置业",
    "餐饮",
    "网络",
    "装饰",
    "汽车服务",
)
SOCIAL = (
    "志愿者协会",
    "慈善总会",
    "社会工作服务中心",
    "老年协会",
    "书法家协会",
    "摄影家协会",
    "义工联合会",
    "红十字会",
    "青年商会",
    "律师协会",
    "心理咨询师协会",
    "家庭教育指导中心",
)
SCHOOL_WORDS = (
    "实验",
    "鲁迅",
    "阳明",
    "稽山",
    "府山",
    "塔山",
    "蕺山",
    "元培",
    "树人",
    "文理",
    "建功",
    "马臻",
)
SCHOOLS = ("小学", "中学", "初级中学", "幼儿园", "职业技术学校")
HOSPITALS = ("人民医院", "中医院", "妇幼保健院", "第二医院", "口腔医院")
MILITARY = ("武警绍兴支队{n}中队", "绍兴军分区{n}营", "消防救援大队{n}站")

# kind -> share of the units
UNIT_MIX = {
    "government": 0.15,
    "institution": 0.13,
    "soe": 0.08,
    "private": 0.40,
    "social_org": 0.10,
    "school": 0.08,
    "hospital": 0.04,
    "military": 0.01,
    "other": 0.01,
}


def unit_name(rng: random.Random, kind: str, district: str, street: str, serial: int) -> str:
    """A plausible name for a unit of `kind` in `district` (not necessarily unique: the caller checks)."""
    place = rng.choice((CITY, district))
    if kind == "government":
        return place + rng.choice(GOV_DEPARTMENTS)
    if kind == "institution":
        return place + rng.choice(INSTITUTIONS)
    if kind == "soe":
        if rng.random() < 0.4:
            return f"{rng.choice(BANKS)}{CITY}{street.removesuffix('街道')}支行"
        return place + rng.choice(SOE)
    if kind == "private":
        words = rng.choice(FIRM_WORDS) + rng.choice(FIRM_WORDS)
        return f"{rng.choice(('浙江', '绍兴', district))}{words}{rng.choice(FIRM_TRADES)}有限公司"
    if kind == "social_org":
        return place + rng.choice(SOCIAL)
    if kind == "school":
        return district + rng.choice(SCHOOL_WORDS) + rng.choice(SCHOOLS)
    if kind == "hospital":
        if rng.random() < 0.5:
            return f"{district}{street}社区卫生服务中心"
        return place + rng.choice(HOSPITALS)
    if kind == "military":
        return rng.choice(MILITARY).format(n=serial % 9 + 1)
    return f"{street}{rng.choice(('物业管理处', '商会', '市场管理服务中心', '工会联合会'))}"


PARTY_ORG = {
    "government": "机关党支部",
    "institution": "党支部",
    "soe": "党委",
    "private": "党支部",
    "social_org": "党支部",
    "school": "党总支",
    "hospital": "党委",
    "military": "党支部",
    "other": "党支部",
}

# ---------------------------------------------------------------------------- records
ACTIVITY_TITLES = {
    "festival": (
        "元宵猜灯谜",
        "迎新春写春联送福字",
        "龙抬头荠菜饭活动",
        "端午包粽子",
        "中秋邻里团圆宴",
        "重阳敬老宴",
        "六一亲子游园会",
        "三八妇女节插花活动",
        "冬至包饺子",
    ),
    "volunteer": (
        "学雷锋志愿服务日",
        "文明城市创建志愿服务",
        "垃圾分类志愿督导",
        "关爱空巢老人志愿行",
        "爱心义剪",
        "交通文明劝导",
    ),
    "culture_sports": (
        "社区广场舞大赛",
        "邻里运动会",
        "越剧进社区",
        "书画笔会",
        "百姓大舞台文艺演出",
        "亲子趣味运动会",
    ),
    "lecture": ("垃圾分类知识讲座", "防范电信诈骗讲座", "消防安全培训", "家庭教育讲座", "智能手机使用培训"),
    "visit": ("走访慰问困难家庭", "慰问退役军人", "走访独居老人", "春节走访慰问", "慰问环卫工人"),
    "environment": ("清洁家园环境整治", "背街小巷卫生大扫除", "清理小广告", "楼道堆积物清理", "河道保洁"),
    "health": ("健康义诊进社区", "中医养生讲座及义诊", "免费测血压血糖", "口腔健康检查"),
    "legal": ("国际禁毒日宣传", "宪法宣传日普法活动", "法律咨询进社区", "反诈宣传"),
    "party_study": ("七一重温入党誓词", "清明祭英烈", "主题党日活动", "党课进社区", "红色观影"),
    "other": ("社区议事会", "邻里节", "共建座谈会"),
}
CATEGORY_WEIGHTS = {
    "festival": 14,
    "volunteer": 16,
    "culture_sports": 12,
    "lecture": 10,
    "visit": 14,
    "environment": 12,
    "health": 8,
    "legal": 6,
    "party_study": 6,
    "other": 2,
}
VENUES = (
    "社区党群服务中心",
    "社区文化家园",
    "社区广场",
    "小区中心花园",
    "社区办公楼门口",
    "居家养老服务中心",
    "新时代文明实践站",
    "社区图书室",
    "老年活动室",
)
GIFTS = (
    "慰问金",
    "大米50袋",
    "食用油60桶",
    "500斤糯米",
    "图书200册",
    "电脑5台",
    "爱心药箱30个",
    "棉被40床",
    "体育器材一批",
    "空调2台",
    "月饼100盒",
    "春联福字500套",
)
COMMITMENTS = (
    "节日慰问",
    "环境整治",
    "文体活动",
    "法律咨询",
    "健康义诊",
    "结对帮扶",
    "场地共享",
    "志愿服务",
    "助学帮困",
    "安全巡防",
)

TICKET_TITLES = {
    "infrastructure": (
        "路灯损坏",
        "道路破损",
        "窨井盖缺失",
        "楼道照明不亮",
        "健身器材损坏",
        "雨水管堵塞",
        "围墙破损",
        "消防通道地面塌陷",
    ),
    "sanitation": ("垃圾乱堆放", "绿化带杂物", "污水外溢", "小广告乱贴", "垃圾桶破损", "楼道堆放杂物"),
    "traffic": ("乱停车", "非机动车乱停放", "缺少减速带", "交通标线不清", "占道经营"),
    "security": ("电动车楼道充电", "消防栓损坏", "监控探头失灵", "高空抛物隐患", "私拉电线"),
    "public_service": ("缺少休息座椅", "快递柜不足", "无障碍设施缺失", "便民服务点不足", "公厕管理不善"),
    "other": ("噪音扰民", "宠物扰民", "违章搭建"),
}
TICKET_CATEGORY_WEIGHTS = {
    "infrastructure": 30,
    "sanitation": 28,
    "traffic": 16,
    "security": 12,
    "public_service": 10,
    "other": 4,
}
RESOLUTIONS = ("已修复", "已清理完毕", "已更换", "已协调相关部门处理", "已设置提示牌并整改到位", "已完成整改")
REJECT_REASONS = ("不属于社区管理范围", "重复上报", "经核实情况不属实", "已纳入市政规划统一改造")

POSTS = (
    "policy",
    "environment",
    "security",
    "culture",
    "legal",
    "convenience",
    "relief",
    "education",
    "health",
    "other",
)
POST_WEIGHTS = (10, 18, 16, 10, 6, 20, 8, 7, 4, 1)
SPECIALTIES = (
    "法律咨询",
    "医疗保健",
    "书法",
    "摄影",
    "文艺演出",
    "电脑维修",
    "心理咨询",
    "家电维修",
    "理发",
    "教育辅导",
    "财会",
    "驾驶",
    "厨艺",
    "外语",
    "无",
)
SERVICE_NOTES = (
    "参与社区环境整治",
    "走访独居老人",
    "平安巡防",
    "政策宣传",
    "协助垃圾分类督导",
    "辅导学生作业",
    "参与社区议事",
    "帮扶困难家庭",
)

NEED_TEXTS = {
    "venue": "活动场地紧张，需共享会议室",
    "funds": "老年食堂运营经费缺口",
    "health": "老年人慢病随访需要医护力量",
    "education": "双职工家庭子女放学后无人看护",
    "legal": "居民法律咨询需求多",
    "culture": "缺少文体活动器材",
    "environment": "老旧小区环境整治",
    "convenience": "缺少便民维修服务",
    "employment": "失业人员就业技能培训",
    "other": "其他需求",
}
PROJECTS = (
    "老旧小区加装电梯协调",
    "四点半课堂",
    "老年食堂",
    "口袋公园改造",
    "充电桩安装",
    "背街小巷改造",
    "邻里中心建设",
    "智慧安防小区",
    "垃圾分类示范小区",
    "社区图书角",
)
