"""Record specs of the roster kinds: communities, units, pairings, agreements and committee seats (PRODUCT §2, §5).

One validation for `community|unit|pair|agreement|committee add` and `gongjian import KIND`.
"""

from __future__ import annotations

from gongjian.reading import normalize as n
from gongjian.reading.specs import NAME, PERSON, Field, Spec, enum_field, register
from gongjian.roster.kinds import derive_unit, kind_value

# ---------------------------------------------------------------------------- roster kinds
COMMUNITY = register(
    Spec(
        "communities",
        (
            Field(
                "code",
                n.identifier,
                True,
                ("社区代码", "代码", "简称", "编码", "社区编码", "code"),
                example="BC",
            ),
            Field(
                "name", n.text, True, ("社区名称", "社区", "名称", "name", "community"), example="北城社区"
            ),
            Field("street", n.text, aliases=("街道", "所属街道", "镇街", "street"), example="乐成街道"),
            Field(
                "district", n.text, aliases=("区县", "县市区", "所属区", "区", "district"), example="乐清市"
            ),
            Field(
                "secretary",
                n.text,
                aliases=("书记", "社区书记", "党组织书记", "支部书记", "secretary"),
                example="张晓京",
            ),
            Field("director", n.text, aliases=("主任", "社区主任", "居委会主任", "director"), example="林海"),
            Field("phone", n.phone, aliases=("联系电话", "电话", "手机", "phone"), example="0577-62512345"),
            Field(
                "households", n.integer, aliases=("户数", "住户数", "居民户数", "households"), example="3200"
            ),
            Field("address", n.text, aliases=("地址", "办公地址", "address"), example="乐成街道北城路1号"),
            Field(
                "grids",
                n.split_list,
                aliases=("网格", "网格名称", "grids"),
                example="第一网格、第二网格",
                default=[],
            ),
            Field("note", n.text, aliases=("备注", "说明", "note")),
        ),
        natural_key=("code",),
    )
)

UNIT = register(
    Spec(
        "units",
        (
            Field(
                "name",
                n.unit_name,
                True,
                ("单位名称", "共建单位", "结对单位", "名称", "单位", "name", "unit"),
                example="乐清市统计局",
            ),
            Field(
                "credit_code",
                n.credit_code,
                aliases=("统一社会信用代码", "信用代码", "社会信用代码", "credit_code", "credit code"),
                example="11330382002584590E",
            ),
            # One of our kinds, or a registration type mapped by data/registers/unit_kinds.toml; blank or
            # N/A: inferred from the register's kind column or the credit code (`roster.kinds.unit_kind`).
            Field(
                "kind",
                kind_value,
                aliases=("单位类型", "单位性质", "类型", "性质", "kind", "type"),
                enum="unit_kind",
                example="机关",
            ),
            Field(
                "party_org",
                n.text,
                aliases=("党组织", "党组织名称", "party_org"),
                example="中共乐清市统计局支部委员会",
            ),
            Field(
                "party_members",
                n.integer,
                aliases=("党员数", "党员人数", "在职党员数", "party_members"),
                example="28",
                default=0,
            ),
            Field("contact", n.text, aliases=("联络员", "联系人", "contact", "liaison"), example="赵顺招"),
            Field(
                "phone",
                n.phone,
                aliases=("联系电话", "电话", "手机", "手机号码", "phone"),
                example="13857712345",
            ),
            Field("address", n.text, aliases=("地址", "单位地址", "address")),
            Field(
                "legal_rep",
                n.text,
                aliases=("法定代表人", "负责人", "法人代表", "legal_rep"),
                limit=PERSON,
                hint=("单位的法定代表人或负责人，共建协议书上作单位代表", "The unit's legal representative"),
            ),
            Field("note", n.text, aliases=("备注", "说明", "note")),
            # Read from registers only (data/registers/columns.toml), never a column of the template:
            # the register's own kind column (企业类型 …) and its status (经营状态: 注销、吊销 → inactive).
            Field(
                "register_kind",
                n.text,
                aliases=("register_kind",),
                template=False,
                hint=(
                    "名册里的登记类型（如“有限责任公司”“民办非企业单位”）：没有填单位类型时，按对照表 "
                    "data/registers/unit_kinds.toml 推断；再没有，按统一社会信用代码前两位推断",
                    "The register's own type (有限责任公司, 民办非企业单位 …): when no kind is given, the kind is "
                    "inferred through data/registers/unit_kinds.toml, else from the credit code",
                ),
            ),
            Field(
                "status",
                n.text,
                aliases=("status",),
                template=False,
                hint=(
                    "名册里的登记状态：注销、吊销、撤销的单位导入为停用，状态写进备注，结对须加 --force",
                    "The register's status: units deregistered or revoked are imported as inactive, the status "
                    "in their note; pairing them needs --force",
                ),
            ),
        ),
        natural_key=("credit_code", "name"),
        derive=derive_unit,
    )
)

PAIRING = register(
    Spec(
        "pairings",
        (
            Field(
                "community", n.text, True, ("社区", "社区名称", "结对社区", "community"), example="北城社区"
            ),
            Field(
                "unit",
                n.unit_name,
                True,
                ("单位", "单位名称", "共建单位", "结对单位", "unit"),
                example="乐清市统计局",
            ),
            enum_field(
                "role",
                "pair_role",
                aliases=("角色", "是否牵头单位", "牵头", "牵头单位", "role", "lead"),
                example="牵头单位",
                default="member",
            ),
            Field(
                "started",
                n.date_iso,
                aliases=("开始日期", "结对日期", "结对时间", "started"),
                example="2015-03-01",
            ),
            Field("ended", n.date_iso, aliases=("结束日期", "ended")),
            Field("note", n.text, aliases=("备注", "note")),
        ),
        natural_key=("community", "unit"),
    )
)

AGREEMENT = register(
    Spec(
        "agreements",
        (
            Field("number", n.identifier, aliases=("协议编号", "编号", "number"), example="BC-2016-001"),
            Field("community", n.text, True, ("社区", "社区名称", "community"), example="北城社区"),
            Field(
                "unit", n.unit_name, True, ("单位", "单位名称", "共建单位", "unit"), example="乐清市统计局"
            ),
            Field(
                "signed_on",
                n.date_iso,
                aliases=("签订日期", "签约日期", "签订时间", "signed_on"),
                example="2016-01-15",
            ),
            Field(
                "valid_until",
                n.date_iso,
                aliases=("有效期至", "到期日期", "截止日期", "valid_until"),
                example="2017-12-31",
            ),
            Field(
                "commitments",
                n.split_list,
                aliases=("认领服务项目", "服务项目", "承诺事项", "commitments"),
                example="节日慰问、环境整治",
                default=[],
            ),
            Field("file", n.text, aliases=("文件", "扫描件", "file")),
            Field("note", n.text, aliases=("备注", "note")),
        ),
        natural_key=("number",),
    )
)

# 兼职委员 (issue #21): who from which unit sits on which community's or street's party committee.
COMMITTEE_SEAT = register(
    Spec(
        "committee_seats",
        (
            Field(
                "person",
                n.text,
                True,
                ("姓名", "兼职委员", "委员姓名", "兼职委员姓名", "person", "name"),
                example="王建国",
                limit=PERSON,
            ),
            Field(
                "unit",
                n.unit_name,
                True,
                ("单位", "所在单位", "工作单位", "单位名称", "unit"),
                example="乐清市统计局",
            ),
            Field(
                "committee",
                n.text,
                True,
                ("兼职组织", "任职组织", "兼职社区", "社区/街道", "兼职党组织", "committee"),
                example="北城社区",
                limit=NAME,
                hint=(
                    "社区名称或街道名称（街道党工委兼职委员写街道名，如“乐成街道”）",
                    "A community, or a street for a seat on the street's party committee (e.g. 乐成街道)",
                ),
            ),
            enum_field(
                "role",
                "committee_role",
                aliases=("兼职职务", "职务", "任职", "role"),
                example="兼职副书记",
                default="member",
            ),
            Field(
                "unit_post",
                n.text,
                aliases=("单位职务", "本单位职务", "现任职务", "unit_post"),
                example="党组书记、局长",
                limit=NAME,
            ),
            Field(
                "started",
                n.date_iso,
                aliases=("任职日期", "开始日期", "起始日期", "started"),
                example="2016-03-01",
            ),
            Field("ended", n.date_iso, aliases=("离任日期", "结束日期", "卸任日期", "ended")),
            Field("note", n.text, aliases=("备注", "note")),
        ),
        natural_key=("person", "unit", "committee", "started"),
    )
)
