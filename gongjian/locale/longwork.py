"""Catalog entries of long work (progress, Ctrl-C, the pager, shell completion, what an xlsx cannot hold):
key -> (中文, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- global options ---
    "o_quiet": (
        "不显示进度（其余输出不变）",
        "Show no progress display (everything else is unchanged)",
    ),
    "o_no_pager": (
        "长列表直接输出，不经分页程序（默认在终端上用 GONGJIAN_PAGER、PAGER 或 less 分页）",
        "Print long listings straight instead of through a pager (default on a terminal: GONGJIAN_PAGER, PAGER or less)",
    ),
    "o_install_completion": (
        "为当前 shell（bash、zsh、fish、PowerShell）安装命令补全",
        "Install command completion for the current shell (bash, zsh, fish, PowerShell)",
    ),
    "o_show_completion": (
        "显示当前 shell 的补全脚本，可复制或自行安装",
        "Show the completion script of the current shell, to copy or install it yourself",
    ),
    "completion_installed": (
        "已为 {shell} 安装命令补全：{path}",
        "{shell} completion installed in {path}",
    ),
    "completion_no_shell": (
        "不能为 {shell} 安装命令补全（支持 {shells}）；请在这些 shell 里运行，或用 --show-completion 查看脚本",
        "Cannot install completion for {shell} (supported: {shells}); run this in one of them, or see the script "
        "with --show-completion",
    ),
    "completion_restart": (
        "重新打开终端后生效",
        "It takes effect once you open a new terminal",
    ),
    "file_in_use": (
        "{path} 正被其他程序（如 Excel、WPS）打开，无法替换；请先关闭它再运行一次（原文件未改动）",
        "{path} is open in another program (Excel, WPS) and cannot be replaced; close it and run again "
        "(the old file is unchanged)",
    ),
    "listing_more": (
        "只显示最近的 {shown} 条，前面还有 {n} 条；全部查看：加 --no-pager，或 --format csv -o 文件.csv",
        "Showing the most recent {shown} rows; {n} more before them: add --no-pager, or --format csv -o FILE.csv",
    ),
    # --- Ctrl-C ---
    "cancelled": ("已取消，未做任何改动", "Cancelled; nothing was changed"),
    # --- progress phases (shown on a terminal while long work runs) ---
    "progress_read": ("读取并校验", "Reading and checking"),
    "progress_write": ("写入台账", "Writing to the ledger"),
    "progress_export": ("导出 {name}", "Exporting {name}"),
    "progress_sheet": ("写入工作表 {name}", "Writing sheet {name}"),
    "progress_save": ("保存文件", "Saving the file"),
    "progress_figures": ("计算年度数据", "Computing the year's figures"),
    "progress_document": ("生成文档", "Making the document"),
    "progress_backup": ("备份台账", "Backing up the ledger"),
    "progress_restore": ("恢复台账", "Restoring the ledger"),
    "progress_check": ("检查台账", "Checking the ledger"),
    "progress_demo": ("生成演示台账", "Building the demo ledger"),
    "progress_merge": ("合并台账", "Merging the ledgers"),
    "progress_upgrade": ("升级台账结构", "Upgrading the ledger's schema"),
    "progress_index": ("重建检索索引", "Rebuilding the search index"),
    # --- what an xlsx file cannot hold ---
    "xlsx_continued": (
        "{sheet} 超过 Excel 每张工作表 {rows} 行的上限，其余行接着写在 {parts}（表头相同）",
        "{sheet} is longer than an Excel sheet's {rows} rows; the rest continues on {parts} (same header)",
    ),
    "xlsx_cut_in": ("{name} 表", "in {name}, "),
    "xlsx_cut": (
        "注意：{name}有 {n} 个单元格超过 Excel 单元格上限（{chars} 个字），xlsx 中只写入了前 {chars} 个字；"
        "完整内容请用 gongjian export 的 -f csv 或 -f json 导出",
        "Note: {name}{n} cells are longer than an Excel cell holds ({chars} characters) and were cut in the "
        "xlsx; gongjian export -f csv or -f json keeps the whole text",
    ),
}
