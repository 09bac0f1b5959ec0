"""Catalog entries of the merge part (`merge`, `browse`): key -> (中文, English)."""

LABELS: dict[str, tuple[str, str]] = {
    "merge_added": ("新增", "Added"),
    "merge_updated": ("更新", "Updated"),
    "merge_unchanged": ("未变", "Unchanged"),
    "merge_unified": ("认定为同一", "Unified"),
    "merge_conflict_count": ("冲突", "Conflicts"),
}

MESSAGES: dict[str, tuple[str, str]] = {
    # --- help ---
    "h_merge": (
        "把多个台账合并到一个街道/区台账：按 uid 复制记录，同一单位（信用代码或名称相同）合并为一个，可重复执行",
        "Merge several ledgers into one street/district ledger: rows are copied by uid, the same unit (same "
        "credit code or name) becomes one, and re-running changes nothing",
    ),
    "o_merge_sources": (
        "要合并的台账文件（只读打开，不会改动）",
        "Ledger files to merge (opened read-only, never changed)",
    ),
    "o_merge_into": (
        "合并到的目标台账（不存在则新建；默认取 --db）",
        "The target ledger (created when missing; default: --db)",
    ),
    "o_merge_dry_run": ("只预览合并结果，不写入", "Only report what the merge would do; write nothing"),
    "o_merge_name": ("目标台账的名称，如“乐成街道共建台账”", "A name for the target ledger"),
    "o_merge_format": ("报告格式：table 或 json", "Report format: table or json"),
    "h_browse": (
        "用浏览器只读查看台账（需要 Datasette：pip install 'gongjian[web]'）",
        "Browse the ledger read-only in a web browser (needs Datasette: pip install 'gongjian[web]')",
    ),
    "o_browse_port": ("端口（默认 8001）", "Port (default 8001)"),
    "o_browse_host": (
        "监听地址（默认 127.0.0.1，仅本机可访问）",
        "Address to listen on (default 127.0.0.1: this computer only)",
    ),
    "o_browse_show_pii": (
        "显示完整的身份证号和电话（默认浏览的是遮蔽后的快照）",
        "Show full ID numbers and phones (by default a masked snapshot is served)",
    ),
    # --- report ---
    "merge_ledger": ("台账“{name}”", "ledger “{name}”"),
    "merge_target": ("目标台账“{name}”", "target ledger “{name}”"),
    "merge_done_title": ("已将 {n} 个台账合并到 {target}", "Merged {n} ledgers into {target}"),
    "merge_done_created": (
        "已新建目标台账 {target}，并合并了 {n} 个台账",
        "Created {target} and merged {n} ledgers into it",
    ),
    "merge_preview_title": (
        "合并预览（未写入）：{n} 个台账 → {target}",
        "Merge preview (nothing written): {n} ledgers → {target}",
    ),
    "merge_source_line": ("  来源：{label}　{path}", "  source: {label}  {path}"),
    "merge_table_title": ("各表合并情况", "Per table"),
    "merge_total": ("合计", "Total"),
    "merge_nothing": ("来源台账中没有记录", "The source ledgers hold no records"),
    "merge_all_unchanged": (
        "目标台账已包含全部记录，没有需要改动的",
        "The target already holds every record; nothing to change",
    ),
    "merge_unified_title": ("认定为同一记录（{n}）：", "Recognised as the same record ({n}):"),
    "merge_unified_unit": (
        "  单位“{name}”：{source}的记录并入{into}的同一单位（{by}）",
        "  unit “{name}”: the record of {source} joined the same unit of {into} ({by})",
    ),
    "merge_unified_community": (
        "  社区“{name}”：{source}的记录并入{into}的同一社区（{by}）",
        "  community “{name}”: the record of {source} joined the same community of {into} ({by})",
    ),
    "merge_by_credit_code": ("统一社会信用代码相同", "same credit code"),
    "merge_by_name_key": ("名称相同", "same name"),
    "merge_by_code": ("代码和名称相同", "same code and name"),
    "merge_assessment_note": (
        "考评结果不随合并复制：请在合并后的台账上运行 gongjian assess 年度，按全部社区重新考评",
        "Assessment results are not copied: run gongjian assess YEAR on the merged ledger to score all communities",
    ),
    "merge_preview_note": (
        "以上为预览，台账未改动；去掉 --dry-run 即执行合并",
        "A preview only; run again without --dry-run to merge",
    ),
    # --- refusals and conflicts ---
    "merge_no_sources": ("请指定要合并的台账文件", "Name the ledger files to merge"),
    "merge_into_source": (
        "{path} 既是来源又是目标；请用 --into 指定另一个目标台账",
        "{path} is both a source and the target; give another target with --into",
    ),
    "merge_source_twice": ("来源台账 {path} 指定了两次", "Source ledger {path} is named twice"),
    "merge_conflicts": (
        "合并未执行，目标台账未改动：发现 {n} 处无法自动处理的冲突",
        "Nothing merged, the target is unchanged: {n} conflict(s) the merge cannot settle",
    ),
    "merge_conflict_community_code": (
        "社区代码 {code}：{a}中是“{name_a}”，{b}中是“{name_b}”，同一代码不能指两个社区",
        "community code {code}: “{name_a}” in {a}, “{name_b}” in {b}; one code cannot name two communities",
    ),
    "merge_conflict_community_name": (
        "社区“{name}”：{a}中代码为 {code_a}，{b}中代码为 {code_b}",
        "community “{name}”: code {code_a} in {a}, code {code_b} in {b}",
    ),
    "merge_conflict_unit_credit": (
        "单位“{name}”：{a}中的统一社会信用代码为 {code_a}，{b}中为 {code_b}",
        "unit “{name}”: credit code {code_a} in {a}, {code_b} in {b}",
    ),
    "merge_conflict_lead": (
        "{community}的牵头单位：{a}中是“{unit_a}”，{b}中是“{unit_b}”，每个社区只能有一个在任牵头单位",
        "lead unit of {community}: “{unit_a}” in {a}, “{unit_b}” in {b}; a community has one active lead unit",
    ),
    "merge_conflict_agreement": (
        "协议编号 {number}：{a}中是 {what_a}，{b}中是 {what_b}",
        "agreement number {number}: {what_a} in {a}, {what_b} in {b}",
    ),
    "merge_conflict_ticket": (
        "问题编号 {number}：{a}中是“{title_a}”，{b}中是“{title_b}”，两个不同的问题用了同一编号",
        "problem number {number}: “{title_a}” in {a}, “{title_b}” in {b}; two different problems share a number",
    ),
    "merge_conflict_rating": (
        "{unit} {year} 年的社区评价：{a}中为 {score_a} 分，{b}中为 {score_b} 分",
        "community rating of {unit} for {year}: {score_a} in {a}, {score_b} in {b}",
    ),
    "merge_conflict_key": (
        "{what}“{value}”：{a}中是“{name_a}”，{b}中是“{name_b}”，两条不同的记录不能共用",
        "{what} “{value}”: “{name_a}” in {a}, “{name_b}” in {b}; two different records cannot share it",
    ),
    "merge_conflict_same_source": (
        "{ledger}中的两条{what}记录“{x}”和“{y}”在目标台账中会成为同一条",
        "two {what} records of {ledger}, “{x}” and “{y}”, would become one in the target",
    ),
    "merge_year_finalized": (
        "目标台账 {years} 年度的考评已定稿，合并会新增或改动其中的记录（{detail}）；台账未改动。"
        "确需合并请先运行 gongjian assess reopen {year}",
        "The target's {years} assessment is finalised and the merge would add or change its records ({detail}); "
        "nothing was written. Run gongjian assess reopen {year} first",
    ),
    "merge_rows_of": ("{table} {n} 条", "{n} {table}"),
    # --- browse ---
    "browse_needs_datasette": (
        "浏览功能需要 Datasette，请先安装：pip install 'gongjian[web]'",
        "Browsing needs Datasette; install it with: pip install 'gongjian[web]'",
    ),
    "browse_starting": (
        "正在启动只读浏览：{url}（按 Ctrl+C 停止）",
        "Starting read-only browsing at {url} (Ctrl+C stops it)",
    ),
    "browse_masked": (
        "浏览的是 {at} 的快照，电话和身份证号已遮蔽（加 --show-pii 查看完整信息）",
        "Serving a snapshot taken {at}, with phones and ID numbers masked (--show-pii shows them)",
    ),
    "browse_title": ("共建台账：{name}", "Co-building ledger: {name}"),
    "browse_description": (
        "只读浏览。表名和列名的中文说明来自 gongjian；修改请使用 gongjian 命令",
        "Read-only. Labels come from gongjian; make changes with gongjian commands",
    ),
    "browse_id_of": ("{label}（编号）", "{label} (id)"),
    "tbl_merge_aliases": ("合并别名", "merge aliases"),
    "tbl_meta": ("台账信息", "ledger information"),
    "tbl_audit_commands": ("审计日志（命令）", "audit log (commands)"),
    "tbl_audit_changes": ("审计日志（变更）", "audit log (changes)"),
}
