"""What a clerk with Python would use instead of `gongjian import`: pandas `read_excel` + `to_sql`.

Runs in its own virtual environment (`bench/.venv-peers`, made by `bench.run`), so that pandas is never
installed beside gongjian (`import sqlite_utils` imports pandas when it is present). Standard library
and pandas only:

    bench/.venv-peers/bin/python -m bench.peers --engine openpyxl|calamine FILE LEDGER
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    """Read the roster (title row above the header) and append it to a `roster` table in one transaction."""
    parser = argparse.ArgumentParser(prog="python -m bench.peers")
    parser.add_argument("--engine", choices=("openpyxl", "calamine"), required=True)
    parser.add_argument("file", type=Path)
    parser.add_argument("db", type=Path)
    args = parser.parse_args(argv)
    t0, cpu = time.perf_counter(), time.process_time()
    import pandas as pd

    frame = pd.read_excel(args.file, header=1, engine=args.engine, dtype={"身份证号": str})
    conn = sqlite3.connect(args.db)
    with conn:
        frame.to_sql("roster", conn, if_exists="append", index=False)
    rows = conn.execute("SELECT count(*) FROM roster").fetchone()[0]
    conn.close()
    print(
        "BENCH_JSON "
        + json.dumps({"seconds": time.perf_counter() - t0, "cpu": time.process_time() - cpu, "rows": rows}),
        flush=True,
    )


if __name__ == "__main__":
    main()
