"""Catalog entries of the reliability part (backup, restore, doctor, log, undo, export): key -> (中文, English)."""

LABELS: dict[str, tuple[str, str]] = {
    "at": ("时间", "Time"),
    "command": ("命令", "Command"),
    "argv": ("命令行", "Command line"),
    "changes": ("改动", "Changes"),
    "state": ("状态", "State"),
    "tbl": ("表", "Table"),
    "row_id": ("行号", "Row"),
    "op": ("操作", "Operation"),
    "fields": ("改动内容", "What changed"),
    "undo_of": ("撤销的命令", "Undoes"),
    "undone_by": ("被撤销于", "Undone by"),
    "active": ("在用", "Active"),
    "file_sha256": ("文件SHA-256", "File SHA-256"),
    "seq": ("序号", "Sequence"),
    "minutes": ("服务时长（分钟）", "Duration (minutes)"),
    "created_at": ("创建时间", "Created"),
    "updated_at": ("修改时间", "Updated"),
}

MESSAGES: dict[str, tuple[str, str]] = {
    # --- help ---
    "h_backup": (
        "备份台账到文件（SQLite 在线备份，其他人同时在用也安全；文件仅本人可读）",
        "Back the ledger up to a file (SQLite online backup, safe while others use it; owner-only file)",
    ),
    "h_restore": (
        "从备份恢复台账：先检查备份完好且是本程序支持的台账，原台账另存为备份",
        "Restore the ledger from a backup: checks it first, keeps the current ledger as a backup",
    ),
    "h_doctor": (
        "检查台账：文件完整性、外键，以及业务规则（每社区一个牵头单位、销号有验收人、金额不为负、编号连续、定稿年度未被改动等）；无问题时不输出",
        "Check the ledger: file integrity, foreign keys and the business rules (one lead per community, "
        "closed problems verified, no negative amounts, gap-free numbers, finalised years untouched …); "
        "prints nothing when all is well",
    ),
    "h_log": (
        "查看审计日志：每条修改台账的命令、时间、命令行和改动的行",
        "Show the audit log: every command that changed the ledger, when, its command line and rows changed",
    ),
    "h_undo": (
        "撤销最近一条修改台账的命令（导入算一条）；不加 --yes 只显示将撤销的内容",
        "Undo the last command that changed the ledger (an import is one command); without --yes only shows it",
    ),
    "h_export": (
        "导出数据表（csv、json 或 xlsx）；all 导出全部表并附清单 manifest.json",
        "Export tables (csv, json or xlsx); `all` exports every table plus a manifest.json",
    ),
    "o_backup_path": (
        "备份文件路径（或文件夹，自动按时间命名）",
        "Backup file (or a folder: a dated file name is chosen)",
    ),
    "o_backup_force": ("覆盖已存在的备份文件", "Overwrite an existing backup file"),
    "o_restore_path": ("要恢复的备份文件", "The backup file to restore"),
    "o_doctor_fix": (
        "先把台账、备份和导出文件改为仅本人可读（文件 0600，文件夹 0700）、重建不一致的全文检索索引、重算不一致的党员服务次数统计"
        "（不改动任何记录），再检查",
        "First make the ledger, its backups and exports owner-only (files 0600, folders 0700), rebuild the "
        "search index and count the services per member again if out of step (no record is changed), then check",
    ),
    "o_doctor_quick": (
        "快速检查（quick_check，适合很大的台账）",
        "Quick check (quick_check, for very large ledgers)",
    ),
    "o_log_since": ("起始日期：7d、2016-03、today 或具体日期", "Since: 7d, 2016-03, today or a date"),
    "o_log_table": (
        "只看改动了某张表的命令（如 units 或 共建单位）",
        "Only commands that changed this table (units …)",
    ),
    "o_log_limit": ("最多显示多少条（默认20）", "At most this many commands (default 20)"),
    "o_log_id": (
        "查看某条命令改动的每一行（改前/改后）",
        "Show every row one command changed (before/after)",
    ),
    "o_undo_yes": (
        "确认撤销（不加只显示将撤销的内容）",
        "Really undo (without it, only show what would be undone)",
    ),
    "o_export_kind": (
        "要导出的表：communities、units、pairings、agreements、activities、contributions、tickets、members、"
        "services、needs、resources、projects、meetings，或 all",
        "Table to export: communities, units, pairings, agreements, activities, contributions, tickets, members, "
        "services, needs, resources, projects, meetings, or all",
    ),
    "o_export_format": ("文件格式：csv（默认）、json 或 xlsx", "File format: csv (default), json or xlsx"),
    "o_export_output": (
        "输出文件（all 时为文件夹）；csv/json 不指定则输出到屏幕",
        "Output file (a folder for all); csv/json go to stdout when omitted",
    ),
    # --- backup / restore ---
    "backup_done": (
        "已备份到 {path}（{size} 字节，SHA-256 {sha256}）",
        "Backed up to {path} ({size} bytes, SHA-256 {sha256})",
    ),
    "backup_exists": (
        "备份文件 {path} 已存在；请换一个文件名，或加 --force 覆盖",
        "Backup file {path} already exists; choose another name or add --force",
    ),
    "backup_onto_ledger": ("不能把台账备份到它自己：{path}", "Cannot back the ledger up onto itself: {path}"),
    "restore_missing": ("找不到备份文件：{path}", "Backup file not found: {path}"),
    "restore_onto_itself": (
        "{path} 就是当前台账，无需恢复",
        "{path} is the current ledger; nothing to restore",
    ),
    "restore_unreadable": (
        "无法打开备份文件 {path}：{detail}；台账未改动",
        "Cannot open backup {path}: {detail}; ledger unchanged",
    ),
    "restore_not_sqlite": (
        "{path} 不是 SQLite 数据库文件，不能用来恢复；台账未改动",
        "{path} is not an SQLite database; ledger unchanged",
    ),
    "restore_corrupt": (
        "备份文件 {path} 已损坏（{detail}），不能用来恢复；台账未改动",
        "Backup {path} is damaged ({detail}); ledger unchanged",
    ),
    "restore_not_ledger": (
        "{path} 不是 gongjian 台账，不能用来恢复；台账未改动",
        "{path} is not a gongjian ledger; ledger unchanged",
    ),
    "restore_bad": (
        "备份文件 {path} {problem}，不能用来恢复；台账未改动",
        "Backup {path} {problem}; it cannot be restored, the ledger is unchanged",
    ),
    "merge_source_bad": (
        "来源台账 {path} {problem}；没有合并任何记录",
        "Source ledger {path} {problem}; nothing was merged",
    ),
    "ledger_bad": ("台账 {path} {problem}", "Ledger {path} {problem}"),
    "ledger_damaged": (
        "台账 {path} {problem}；请用 gongjian restore 从备份恢复（gongjian doctor 可列出问题）",
        "Ledger {path} {problem}; restore it from a backup with gongjian restore (gongjian doctor lists the problems)",
    ),
    "restore_set_aside": (
        "原台账已损坏，已移到 {path}",
        "The damaged ledger was moved to {path}",
    ),
    # what is wrong with a file given to restore, merge or --db: said after its path
    "file_empty": ("是空文件（0 字节）", "is empty (0 bytes)"),
    "file_unreadable": ("无法读取（{detail}）", "cannot be read ({detail})"),
    "file_not_sqlite": (
        "不是 SQLite 数据库文件（是文本或其他格式的文件）",
        "is not an SQLite database (it is text or another kind of file)",
    ),
    "file_truncated": (
        "不完整：只有 {size} 字节，按文件头应有 {expected} 字节（复制或下载没有完成）",
        "is incomplete: {size} bytes where its header says {expected} (the copy or download did not finish)",
    ),
    "file_damaged": ("已损坏（SQLite 无法读取其中的数据）", "is damaged (SQLite cannot read its data)"),
    "file_damaged_pages": (
        "已损坏（SQLite 完整性检查发现 {n} 处错误）",
        "is damaged (SQLite's integrity check found {n} errors)",
    ),
    "file_schema_damaged": ("已损坏（表结构无法读取）", "is damaged (its table definitions cannot be read)"),
    "file_text_damaged": (
        "已损坏（{table} 表编号 {row} 的一行中有无法读取的文字）",
        "is damaged (row {row} of {table} holds text that cannot be read)",
    ),
    "file_text_damaged_somewhere": (
        "已损坏（其中有无法读取的文字）",
        "is damaged (it holds text that cannot be read)",
    ),
    "file_foreign": (
        "是 SQLite 数据库，但不是 gongjian 台账（其中的表：{tables}）",
        "is an SQLite database but not a gongjian ledger (its tables: {tables})",
    ),
    "file_schema_differs": (
        "的表结构与版本 {version} 的 gongjian 台账不符（{detail}）",
        "does not have the schema of a version-{version} gongjian ledger ({detail})",
    ),
    "file_dangling": (
        "中有断开的引用（{table} 表编号 {row} 的一行指向不存在的记录）",
        "holds a broken reference (row {row} of {table} points to a record that does not exist)",
    ),
    "file_schema_missing": ("缺少{kind} {name}", "{kind} {name} is missing"),
    "file_schema_extra": ("多出{kind} {name}", "an extra {kind} {name}"),
    "file_schema_changed": ("{kind} {name} 被改动过", "{kind} {name} was changed"),
    "file_object_table": ("表", "table"),
    "file_object_column": ("列", "column"),
    "file_object_index": ("索引", "index"),
    "file_object_trigger": ("触发器", "trigger"),
    "file_object_view": ("视图", "view"),
    "restore_done": (
        "已从 {source} 恢复台账；恢复前的台账已另存为 {kept}",
        "Restored the ledger from {source}; the ledger as it was is kept at {kept}",
    ),
    "restore_done_new": ("已从 {source} 恢复台账", "Restored the ledger from {source}"),
    "restore_upgraded": (
        "备份的结构版本为 {old}，已升级到 {new}",
        "The backup had schema version {old}; upgraded to {new}",
    ),
    # --- doctor ---
    "doctor_integrity": ("台账文件损坏：{detail}", "Ledger file damaged: {detail}"),
    "doctor_mode_ledger": (
        "台账文件 {path} 的权限为 {mode}，其他用户也能读取（其中有身份证号和手机号）；运行 gongjian doctor --fix 改为仅本人可读",
        "Ledger file {path} has mode {mode}: other users can read it (it holds ID numbers and phones); "
        "run gongjian doctor --fix to make it owner-only",
    ),
    "doctor_mode_backup": (
        "备份 {path} 的权限为 {mode}，其他用户也能读取（其中有身份证号和手机号）；运行 gongjian doctor --fix 改为仅本人可读",
        "Backup {path} has mode {mode}: other users can read it (it holds ID numbers and phones); "
        "run gongjian doctor --fix to make it owner-only",
    ),
    "doctor_mode_export": (
        "导出的 {path} 权限为 {mode}，其他用户也能读取；运行 gongjian doctor --fix 改为仅本人可读",
        "Export {path} has mode {mode}: other users can read it; run gongjian doctor --fix to make it owner-only",
    ),
    "doctor_fixed_mode": (
        "已改为仅本人可读写：{path}（{old} → {new}）",
        "Made owner-only: {path} ({old} → {new})",
    ),
    "doctor_fix_not_posix": (
        "Windows 没有 POSIX 文件权限（0600），--fix 无事可做；请在文件属性的“安全”页里只保留自己的账户",
        "Windows has no POSIX file modes (0600); --fix has nothing to do: keep only your own account on the "
        "file's Security tab",
    ),
    "ledger_tightened": (
        "台账 {path} 原来其他用户也能读取（权限 {mode}），已改为仅本人可读写（0600）",
        "Ledger {path} was readable by other users (mode {mode}); it is now owner-only (0600)",
    ),
    "doctor_too_long": (
        "{table} 中编号 {id} 的 {column} 太长（{length} 个字），最多 {limit} 个字；请改短（导出为 xlsx 时会被截断）",
        "{table} row {id}: {column} is too long ({length} characters), at most {limit}; shorten it "
        "(an xlsx export would cut it)",
    ),
    "doctor_text_damaged": (
        "台账文件损坏：{table} 表编号 {row} 的一行中有无法读取的文字；请用 gongjian restore 从备份恢复",
        "Ledger file damaged: row {row} of {table} holds text that cannot be read; restore from a backup",
    ),
    "doctor_constraint": (
        "{table} 中有数据违反表的约束：{detail}",
        "{table} holds rows that break a table constraint: {detail}",
    ),
    "doctor_foreign_key": (
        "{table} 第 {id} 行引用的 {parent} 记录不存在",
        "{table} row {id} refers to a missing {parent} record",
    ),
    "doctor_no_ledger_uid": ("台账缺少编号（meta.ledger_uid）", "The ledger has no id (meta.ledger_uid)"),
    "doctor_trigger_missing": (
        "缺少触发器 {name}：审计日志或定稿保护失效",
        "Trigger {name} is missing: the audit log or the finalised-year guard is off",
    ),
    "doctor_two_leads": (
        "{community} 同时有 {n} 个在任牵头单位：{units}",
        "{community} has {n} active lead units: {units}",
    ),
    "doctor_paired_twice": (
        "{unit} 与 {community} 有多条未结束的结对",
        "{unit} has more than one active pairing with {community}",
    ),
    "doctor_ended_before_start": (
        "{table} 第 {id} 行：结束日期 {ended} 早于开始日期 {started}",
        "{table} row {id}: ends {ended} before it starts {started}",
    ),
    "doctor_closed_unverified": (
        "问题 {number} 已销号，但缺少验收人或销号日期",
        "Problem {number} is closed without a verifier or closing date",
    ),
    "doctor_ticket_gap": (
        "{community} {year} 年的问题编号不连续，缺 {n} 个：{missing}",
        "{community} {year}: problem numbers have {n} gaps: {missing}",
    ),
    "doctor_money_negative": (
        "{table} 第 {id} 行的 {column} 为负数：{value}",
        "{table} row {id}: {column} is negative: {value}",
    ),
    "doctor_money_not_fen": (
        "{table} 第 {id} 行的 {column} 不是整数分：{value}",
        "{table} row {id}: {column} is not a whole number of fen: {value}",
    ),
    "doctor_identifier_form": (
        "{table} 第 {id} 行的 {column} 不是规范的号码（可能是打码后的、存成小数的或校验位不对）",
        "{table} row {id}: {column} is not a proper number (masked, stored as a decimal, or a bad check digit)",
    ),
    "doctor_bad_date": (
        "{table} 第 {id} 行的 {column} 不是有效日期：{value}",
        "{table} row {id}: {column} is not a valid date: {value}",
    ),
    "doctor_year_mismatch": (
        "{table} 第 {id} 行的年度 {year} 与日期 {date} 不符",
        "{table} row {id}: year {year} does not match its date {date}",
    ),
    "doctor_unit_key": (
        "单位“{name}”（编号 {id}）的查重键与名称不符，同名单位可能重复",
        "Unit “{name}” (id {id}) has a matching key that does not fit its name; duplicates may slip in",
    ),
    "doctor_final_no_results": (
        "{year} 年度已定稿，但没有保存的考评结果",
        "{year} is finalised but has no stored assessment results",
    ),
    "doctor_final_touched": (
        "{year} 年度已定稿，但 {table} 第 {id} 行在定稿后被改动",
        "{year} is finalised, yet {table} row {id} changed after finalisation",
    ),
    "doctor_undo_link": (
        "审计日志第 {id} 条的撤销记录不一致",
        "Audit log entry {id} has an inconsistent undo link",
    ),
    "doctor_more": ("……同类问题还有 {n} 个", "… and {n} more of the same kind"),
    "doctor_search_stale": (
        "全文检索索引与台账不一致（{n} 条）；运行 gongjian doctor --fix 重建",
        "The search index is out of step with the ledger ({n} documents); run gongjian doctor --fix to rebuild it",
    ),
    "doctor_fixed_search": (
        "已重建全文检索索引：{n} 条不一致，现共 {indexed} 条",
        "Rebuilt the search index: {n} documents were out of step; {indexed} indexed now",
    ),
    "doctor_counts_stale": (
        "党员服务次数统计与服务记录不一致：{member}（党员 id {id}）{year} 年记为 {kept} 次，服务记录为 {counted} 次；"
        "运行 gongjian doctor --fix 重算",
        "The services kept per member disagree with the services: {member} (member id {id}) in {year}: "
        "{kept} kept, {counted} recorded; run gongjian doctor --fix to count them again",
    ),
    "doctor_fixed_counts": (
        "已重算党员服务次数统计：{n} 处不一致，现共 {kept} 条（党员·年度）",
        "Counted the services per member again: {n} were out of step; {kept} (member, year) rows kept now",
    ),
    # --- log ---
    "log_bad_table": (
        "没有这张表：{table}（可选：{choices}）",
        "No such table: {table} (choose from: {choices})",
    ),
    "log_no_command": ("审计日志中没有第 {id} 条命令", "The audit log has no command {id}"),
    "log_empty": ("审计日志中没有符合条件的记录", "No matching entries in the audit log"),
    "log_undone": ("已被 #{id} 撤销", "undone by #{id}"),
    "log_undo_of": ("撤销了 #{id}", "undoes #{id}"),
    "log_pii": ("查看了完整个人信息", "full personal data shown"),
    "log_no_change": ("无数据改动", "no row changed"),
    "log_title": ("审计日志", "Audit log"),
    "log_title_command": ("#{id} {at} {argv}", "#{id} {at} {argv}"),
    "op_insert": ("新增", "added"),
    "op_update": ("修改", "changed"),
    "op_delete": ("删除", "deleted"),
    # --- undo ---
    "undo_nothing": ("没有可以撤销的命令", "Nothing to undo"),
    "undo_moved": (
        "最近一条可撤销的命令已变为 #{id}（不是 #{expected}），请重新查看后再撤销",
        "The last command to undo is now #{id}, not #{expected}; look again before undoing",
    ),
    "undo_changed_since": (
        "无法撤销：{table} 第 {id} 行在这之后被改动过；台账未改动",
        "Cannot undo: {table} row {id} changed since; ledger unchanged",
    ),
    "undo_integrity": (
        "无法撤销 #{id}：恢复后会破坏台账一致性（{detail}）；台账未改动",
        "Cannot undo #{id}: it would break the ledger's consistency ({detail}); ledger unchanged",
    ),
    "undo_year_finalized": (
        "无法撤销 #{id}（{command}）：它改动了 {year} 年度的记录，而该年度考评已定稿；"
        "如确需撤销，请先运行 gongjian assess reopen {year}",
        "Cannot undo #{id} ({command}): it changed records of {year}, whose assessment is finalised; "
        "run gongjian assess reopen {year} first",
    ),
    "undo_year_finalized_generic": (
        "无法撤销 #{id}（{command}）：它涉及已定稿年度的记录；如确需撤销，请先运行 gongjian assess reopen 年度",
        "Cannot undo #{id} ({command}): it touches a finalised year; run gongjian assess reopen YEAR first",
    ),
    "undo_preview": (
        "将撤销 #{id}（{at}）：{argv}\n涉及 {rows} 行：{summary}",
        "Would undo #{id} ({at}): {argv}\n{rows} rows: {summary}",
    ),
    "undo_done": (
        "已撤销 #{id}：{argv}（恢复了 {rows} 行；本次撤销记为 #{undo_id}）",
        "Undid #{id}: {argv} ({rows} rows restored; logged as #{undo_id})",
    ),
    # --- limits on input files (gongjian.reading.guard) ---
    "rel_workbook_bomb": (
        "{file} 解压后太大（{size} MB，上限 {limit} MB），不像是名册，未读取；台账未改动",
        "{file} inflates to {size} MB (limit {limit} MB); not read, ledger unchanged",
    ),
    "rel_sheet_too_large": (
        "{file} 的工作表“{sheet}”范围太大（数据一直延伸到 {ref} 单元格，约 {cells} 个单元格，上限 {limit}），"
        "无法安全读取；请删除多余的行列，或把有数据的区域复制到新工作簿后再导入",
        "Sheet “{sheet}” of {file} reaches cell {ref} (about {cells} cells, limit {limit}); too large to read "
        "safely: delete the stray rows and columns, or copy the data to a new workbook",
    ),
    "rel_too_many_columns": (
        "{file} 有 {columns} 列，超过 {limit} 列的上限，不像是名册；请只保留需要导入的列后再导入",
        "{file} has {columns} columns, more than the {limit} allowed; keep only the columns to import",
    ),
    "rel_cell_too_long": (
        "{file} 第 {row} 行“{column}”列的内容有 {length} 个字符，超过 Excel 单元格上限 {limit}；请检查该单元格",
        "{file}, row {row}, column “{column}” holds {length} characters, more than Excel's {limit}; check that cell",
    ),
    "rel_and_more": ("……共 {n} 列未列出", "… {n} more"),
    # --- export ---
    "export_bad_kind": (
        "不能导出“{kind}”（可选：{choices}）",
        "Cannot export “{kind}” (choose from: {choices})",
    ),
    "export_folder_not_empty": (
        "导出文件夹 {path} 已存在且不为空；请换一个位置",
        "Export folder {path} exists and is not empty; choose another",
    ),
    "export_done": ("已导出 {kind} {rows} 条到 {path}", "Exported {rows} {kind} rows to {path}"),
    "export_all_done": (
        "已导出全部 {files} 个文件（共 {rows} 行）到 {path}，清单见 {manifest}",
        "Exported {files} files ({rows} rows) to {path}; manifest at {manifest}",
    ),
    "export_masked": (
        "电话和身份证号已打码；需要完整数据（例如迁移台账）请加 --show-pii（会记入审计日志）",
        "Phones and ID numbers are masked; add --show-pii for full data (it is written to the audit log)",
    ),
}
