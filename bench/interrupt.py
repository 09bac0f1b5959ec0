"""Ctrl-C on a terminal, as a clerk presses it (#23): run a command on a pseudo-terminal (POSIX), send SIGINT to
its process group after some seconds, and say its exit code, how many progress frames it drew and its last line.

    python -m bench.interrupt SECONDS gongjian --db CITY.db export all -o FOLDER
"""

from __future__ import annotations

import os
import re
import select
import signal
import sys
import time


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    seconds, command = float(args[0]), args[1:]
    pid, fd = os.forkpty()
    if pid == 0:  # the child: the command, its stdin/stdout/stderr the terminal
        os.execvp(command[0], command)
    out, start, sent = b"", time.monotonic(), False
    while True:
        if not sent and time.monotonic() - start > seconds:
            os.killpg(os.getpgid(pid), signal.SIGINT)
            sent = True
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                data = os.read(fd, 65536)
            except OSError:  # the terminal closed with the command
                break
            if not data:
                break
            out += data
    _, status = os.waitpid(pid, 0)
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out.decode("utf-8", "replace")).replace("\r", "\n")
    lines = [line for line in plain.split("\n") if line.strip()]
    frames = [line for line in lines if "0:00:" in line]  # the progress line's elapsed time
    print(f"exit {os.waitstatus_to_exitcode(status)} after {time.monotonic() - start:.1f} s")
    print(f"progress frames: {len(frames)}; first: {frames[0][:100] if frames else '-'}")
    print(f"last line: {lines[-1] if lines else '-'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
