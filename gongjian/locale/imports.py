"""Catalog entries of the imports part (`import`, `template`, spreadsheet reading): key -> (中文, English)."""

LABELS: dict[str, tuple[str, str]] = {
    "imp_sheet": ("工作表", "Sheet"),
    "imp_row": ("行号", "Row"),
    "imp_column": ("列", "Column"),
    "imp_reason": ("原因", "Reason"),
}

MESSAGES: dict[str, tuple[str, str]] = {
    "o_import_allow_unpaired": (
        "活动的组织/参与单位、资金物资的出资单位当天未与该社区结对也允许导入",
        "Accept activity units and contributing units not paired with the community on that day",
    ),
    # --- commands ---
    "h_import": (
        "从 Excel/CSV 表格批量导入（社区、单位、结对、协议等）：自动找表头、校验每一行，默认全部无误才写入",
        "Import records from an Excel/CSV sheet (communities, units, pairings, agreements …): finds the header, "
        "validates every row, and writes nothing unless every row is valid",
    ),
    "h_template": (
        "生成导入模板（.xlsx）：中文表头、示例行、下拉选项和“说明”工作表",
        "Write an import template (.xlsx): Chinese headers, an example row, drop-down lists and a 说明 sheet",
    ),
    "o_import_kind": (
        "导入的内容：communities（社区）、units（单位）、pairings（结对）、agreements（协议）、activities（活动）、"
        "contributions（资金物资）、tickets（问题）、members（在职党员）、services（服务记录）、needs（需求）、"
        "resources（资源）、projects（项目）、meetings（联席会议）；也可写中文，如“单位”",
        "What to import: communities, units, pairings, agreements, activities, contributions, tickets, members, "
        "services, needs, resources, projects, meetings",
    ),
    "o_import_file": ("表格文件：.xlsx、.xls、.ods 或 .csv", "The spreadsheet: .xlsx, .xls, .ods or .csv"),
    "o_import_sheet": (
        "工作表名称或序号（默认第一个工作表）",
        "Sheet name or number (default: the first sheet)",
    ),
    "o_import_map": (
        '表头映射文件（TOML），如 "单位全称" = "name"',
        'Header mapping file (TOML), e.g. "单位全称" = "name"',
    ),
    "o_import_dry_run": ("只检查、不写入：照常报告结果", "Check everything and report, but write nothing"),
    "o_import_skip_invalid": (
        "跳过有误的行，写入其余各行；有误的行另存为“文件名.rejects.xlsx”",
        "Write the valid rows and save the rejected ones to FILE.rejects.xlsx",
    ),
    "o_import_format": ("报告格式：table 或 json", "Report format: table or json"),
    "o_template_kind": (
        "模板的内容：communities、units、pairings、agreements 等（同 import），也可写中文，如“单位”",
        "Which kind: communities, units, pairings, agreements … (as for import)",
    ),
    "o_template_output": (
        "输出文件（默认“<内容>导入模板.xlsx”）",
        "Output file (default: <kind>-template.xlsx)",
    ),
    "o_template_force": ("覆盖已存在的文件", "Overwrite an existing file"),
    # --- report ---
    "imp_summary": (
        "导入{what}：新增 {inserted}，更新 {updated}，未变 {unchanged}，有误 {rejected}（{file}，工作表“{sheet}”）",
        "Imported {what}: {inserted} inserted, {updated} updated, {unchanged} unchanged, {rejected} rejected "
        "({file}, sheet “{sheet}”)",
    ),
    "imp_repeated": (
        "文件中有 {n} 行与前面的行是同一条记录（重复），已合并，不计为新增或更新",
        "{n} rows repeat a record of an earlier row of the file (duplicates): merged, not counted as inserted "
        "or updated",
    ),
    "imp_summary_dry": (
        "试导入{what}（未写入）：将新增 {inserted}，更新 {updated}，未变 {unchanged}，有误 {rejected}（{file}，工作表“{sheet}”）",
        "Dry run for {what} (nothing written): would insert {inserted}, update {updated}, leave {unchanged} "
        "unchanged, reject {rejected} ({file}, sheet “{sheet}”)",
    ),
    "imp_summary_failed": (
        "导入{what}未完成：{rejected} 行有误，未写入任何记录（{file}，工作表“{sheet}”）",
        "Import of {what} refused: {rejected} rows have errors, nothing was written ({file}, sheet “{sheet}”)",
    ),
    "imp_failed": (
        "有 {n} 行有误，未导入任何记录；改正后重新导入，或加 --skip-invalid 只导入无误的行",
        "{n} rows have errors and nothing was imported; fix them and import again, or add --skip-invalid "
        "to import the valid rows only",
    ),
    "imp_rejects_written": (
        "有误的 {n} 行已另存到 {path}（最后两列为原行号和错误原因），改正后可直接导入该文件",
        "The {n} rejected rows are saved in {path} (the last two columns: the row in the input and the "
        "reason); fix them and import that file",
    ),
    "imp_changes": ("更新 {n}：{items}", "Updated {n}: {items}"),
    "imp_change": ("{record} {fields}", "{record}: {fields}"),
    "imp_changes_more": (
        "等 {n} 条（--format json 列出全部）",
        "and {n} more (--format json lists them all)",
    ),
    "imp_title_notes": ("说明：", "Notes:"),
    "imp_rejects_dry": ("试导入不会生成有误行文件", "A dry run writes no rejects file"),
    "imp_title_errors": ("错误", "Errors"),
    "imp_title_warnings": ("提示：", "Warnings:"),
    "imp_more": (
        "……另有 {n} 条，用 --format json 查看全部",
        "… and {n} more; use --format json to see them all",
    ),
    "imp_template_written": ("已生成模板：{path}", "Template written: {path}"),
    "imp_template_exists": (
        "文件已存在：{path}（加 --force 覆盖）",
        "File exists: {path} (add --force to overwrite)",
    ),
    "imp_template_name": ("{what}导入模板.xlsx", "{kind}-template.xlsx"),
    # --- kinds ---
    "imp_unknown_kind": (
        "不能导入“{kind}”；可导入：{kinds}",
        "Cannot import “{kind}”; importable kinds: {kinds}",
    ),
    # --- files ---
    "imp_file_missing": ("找不到文件：{file}", "File not found: {file}"),
    "imp_file_is_dir": ("{file} 是文件夹，不是表格文件", "{file} is a folder, not a spreadsheet"),
    "imp_file_empty": ("文件是空的：{file}", "The file is empty: {file}"),
    "imp_file_too_big": (
        "文件太大：{file}（{size} MB，上限 {limit} MB）；请按工作表或年份拆分后再导入",
        "File too large: {file} ({size} MB, limit {limit} MB); split it by sheet or year",
    ),
    "imp_too_many_rows": (
        "文件行数太多：{file}（{rows} 行，上限 {limit} 行）",
        "Too many rows in {file} ({rows}; the limit is {limit})",
    ),
    "imp_file_xml": (
        "{file} 是 XML 文件，但不是 Excel 的 XML 表格（XML Spreadsheet 2003），不能导入",
        "{file} is an XML file but not an Excel XML Spreadsheet 2003; it cannot be imported",
    ),
    "imp_text_named_workbook": (
        "{file} 不是 {kind} 文件：扩展名是 {suffix}，内容却是纯文本；如果它是 CSV 表格，请把扩展名改为 .csv 再导入",
        "{file} is not an {kind} file: it is named {suffix} but holds plain text; if it is a CSV table, "
        "rename it to .csv and import it again",
    ),
    "imp_not_spreadsheet": (
        "{file} 不是表格文件（支持 .xlsx、.xls、.ods、.csv）",
        "{file} is not a spreadsheet (.xlsx, .xls, .ods or .csv)",
    ),
    "imp_file_encrypted": (
        "{file} 设有打开密码，请在 Excel 中取消密码后再导入",
        "{file} is password-protected; remove the password in Excel first",
    ),
    "imp_file_damaged": (
        "{file} 已损坏或不完整，无法读取（{detail}）；请重新获取或用 Excel 打开后另存",
        "{file} is damaged or truncated and cannot be read ({detail}); get it again or re-save it in Excel",
    ),
    "imp_file_truncated": (
        "{file} 已损坏或不完整（可能没有下载或复制完），无法读取；请重新获取，或用 Excel 打开后另存",
        "{file} is damaged or incomplete (perhaps not fully downloaded or copied); get it again or re-save it in Excel",
    ),
    "imp_ole_unreadable": (
        "{file} 不是可读取的 Excel 表格（可能是 Word 文档，或文件已损坏）",
        "{file} is not a readable Excel workbook (perhaps a Word document, or a damaged file)",
    ),
    "imp_no_such_sheet": (
        "{file} 中没有工作表“{sheet}”；现有工作表：{sheets}",
        "{file} has no sheet “{sheet}”; its sheets: {sheets}",
    ),
    "imp_csv_sheet": (
        "{file} 是 CSV 文件，没有工作表“{sheet}”",
        "{file} is a CSV file; it has no sheet “{sheet}”",
    ),
    "imp_csv_encoding": (
        "无法识别 {file} 的文字编码（既不是 UTF-8，也不是 GBK/GB18030）；请在 Excel 中另存为“CSV UTF-8”后再导入",
        "Cannot tell the encoding of {file} (neither UTF-8 nor GBK/GB18030); save it from Excel as “CSV UTF-8”",
    ),
    "imp_csv_decode_row": (
        "{file} 按 {encoding} 编码读取，但第 {row} 行附近不是有效的 {encoding} 文字；请在 Excel 中另存为“CSV UTF-8”后再导入",
        "{file} reads as {encoding} but is not valid {encoding} near row {row}; save it from Excel as “CSV UTF-8”",
    ),
    "imp_csv_broken": ("{file} 第 {row} 行格式有误：{detail}", "{file}, row {row} is malformed: {detail}"),
    "imp_sheet_empty": ("{file} 的工作表“{sheet}”是空的", "Sheet “{sheet}” of {file} is empty"),
    "imp_no_header": (
        "在 {file} 的工作表“{sheet}”前几十行中找不到表头；表头应包含这些列名中的几个：{expected}",
        "No header row found near the top of sheet “{sheet}” in {file}; expected some of: {expected}",
    ),
    "imp_no_header_csv": (
        "在 {file} 前几十行中找不到表头（按 {encoding} 编码读取）；表头应包含这些列名中的几个：{expected}",
        "No header row found near the top of {file} (read as {encoding}); expected some of: {expected}",
    ),
    "imp_missing_columns": (
        "{file} 的工作表“{sheet}”第 {row} 行表头缺少必填列：{columns}",
        "The header (row {row}) of sheet “{sheet}” in {file} lacks required columns: {columns}",
    ),
    "imp_no_rows": (
        "{file} 的工作表“{sheet}”表头（第 {row} 行）下没有数据行",
        "Sheet “{sheet}” of {file} has no data rows under its header (row {row})",
    ),
    # --- --map ---
    "imp_map_missing": ("找不到映射文件：{file}", "Mapping file not found: {file}"),
    "imp_map_invalid": (
        "映射文件 {file} 不是有效的 TOML：{detail}",
        "Mapping file {file} is not valid TOML: {detail}",
    ),
    "imp_map_bad_field": (
        "映射文件 {file} 中“{header}”对应的“{target}”不是可导入的列；可用：{fields}",
        "In mapping file {file}, “{header}” maps to “{target}”, which is not a field; fields: {fields}",
    ),
    # --- warnings ---
    "imp_w_ignored": ("已忽略的列：{columns}", "Columns ignored: {columns}"),
    "imp_w_unknown": (
        "未识别的列（已忽略，可用 --map 指定）：{columns}",
        "Unrecognised columns (ignored; use --map to map them): {columns}",
    ),
    "imp_w_duplicate_column": (
        "列“{column}”与“{used}”含义相同，已采用“{used}”",
        "Column “{column}” means the same as “{used}”; “{used}” is used",
    ),
    "imp_w_total_row": ("第 {row} 行是合计行，已跳过", "Row {row} is a totals row; skipped"),
    "imp_w_note_row": ("第 {row} 行是说明文字，已跳过", "Row {row} is a note; skipped"),
    "imp_w_header_again": ("第 {row} 行重复了表头，已跳过", "Row {row} repeats the header; skipped"),
    "imp_w_example_row": (
        "第 {row} 行是模板示例行，已跳过",
        "Row {row} is the template's example row; skipped",
    ),
    "imp_w_masked": (
        "列“{column}”有 {n} 个已打码的值（含 ****），未导入，台账中的原值保留",
        "Column “{column}” has {n} masked values (with ****); they were not imported and the ledger keeps its values",
    ),
    "imp_w_merged": (
        "第 {row} 行与第 {first} 行是同一条记录（{what}），已合并",
        "Row {row} repeats row {first} ({what}); merged",
    ),
    "imp_w_merged_changed": (
        "第 {row} 行与第 {first} 行是同一条记录（{what}），已合并；以第 {row} 行的{columns}为准",
        "Row {row} repeats row {first} ({what}); merged, taking {columns} from row {row}",
    ),
    # --- templates ---
    "tpl_notes_title": ("{what}导入模板：填写说明", "{what} import template: how to fill it in"),
    "tpl_col_header": ("列名", "Column"),
    "tpl_col_required": ("是否必填", "Required"),
    "tpl_col_hint": ("填写说明", "How to fill in"),
    "tpl_col_example": ("示例", "Example"),
    "tpl_col_aliases": ("也可用的列名", "Other accepted headers"),
    "tpl_required": ("必填", "required"),
    "tpl_optional": ("选填", "optional"),
    "tpl_usage": (
        "填好后导入：gongjian import {kind} 本文件.xlsx（可先加 --dry-run 检查，不会写入）。\n"
        "第2行是示例，导入时自动跳过，也可以删除；红色表头为必填列。\n"
        "列的顺序可以调整，表头也可用下表“也可用的列名”中的任一名称；多余的列会被忽略并提示。\n"
        "同一条记录出现两次会自动合并；有误的行会逐一列出（工作表、行号、列、原因）。",
        "When filled in: gongjian import {kind} THIS.xlsx (add --dry-run first to check without writing).\n"
        "Row 2 is an example and is skipped on import; you may delete it. Red headers are required.\n"
        "Columns may be reordered and headers may be any of the other accepted names below; extra columns "
        "are ignored.\n"
        "A record given twice is merged; rows with errors are listed one by one (sheet, row, column, reason).",
    ),
    "tpl_choose": ("从下拉列表选择：{choices}", "Choose from the list: {choices}"),
    "tpl_hint_phone": (
        "11位手机号，或带区号的固定电话，如 0577-62512345",
        "An 11-digit mobile, or a landline with area code, e.g. 0577-62512345",
    ),
    "tpl_hint_credit_code": (
        "18位统一社会信用代码，自动校验；没有可不填",
        "The 18-character unified social credit code (checked); may be empty",
    ),
    "tpl_hint_id_number": (
        "18位身份证号码，自动校验；导出时打码",
        "The 18-character ID number (checked); masked in every output",
    ),
    "tpl_hint_date": (
        "日期，如 2016-03-05、2016/3/5、2016年3月5日",
        "A date, e.g. 2016-03-05, 2016/3/5, 2016年3月5日",
    ),
    "tpl_hint_money": (
        "金额（元），如 1200、1.2万元、¥1,200.50",
        "An amount in yuan, e.g. 1200, 1.2万元, ¥1,200.50",
    ),
    "tpl_hint_integer": ("整数，如 28", "A whole number, e.g. 28"),
    "tpl_hint_list": ("可填多项，用“、”分隔", "Several items separated by 、"),
    "tpl_hint_unit_name": (
        "单位全称；“（盖章）”等字样会自动去掉",
        "The unit's full name; decorations such as （盖章） are dropped",
    ),
    "tpl_hint_identifier": (
        "编码，按文本保存（开头的0会保留）",
        "A code, kept as text (leading zeros survive)",
    ),
    "tpl_hint_yes_no": ("是 或 否", "是 (yes) or 否 (no)"),
    "tpl_hint_minutes": ("时长，如 2、1.5小时、90分钟", "A duration, e.g. 2, 1.5h, 90 minutes"),
}
