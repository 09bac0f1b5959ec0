"""Files the ledger writes beside itself or for the clerk: owner-only (mode 0600), checked, hashed."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def create_private_file(path: Path) -> None:
    """Create `path` (and its folder) readable by the owner only, mode 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def private_path(path: Path) -> Path:
    """Create (or truncate) `path` as an owner-only file, mode 0600, and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)
    return path


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def same_file(a: Path, b: Path) -> bool:
    """True when both paths exist and are the same file."""
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


POSIX = os.name == "posix"  # Windows has no owner/group/other modes to check or set
PLACES_KEY = "places"  # meta key: the backups and export folders this ledger was written to (for doctor)
PLACES_KEPT = 20


def exposed_mode(path: Path) -> int | None:
    """The mode of `path` when others (group or everyone) may read or write it, else None (or not POSIX)."""
    if not POSIX:
        return None
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        return None
    return mode if mode & 0o077 else None


def make_private(path: Path) -> int:
    """Give `path` to its owner alone: 0700 for a folder, 0600 for a file; returns the new mode."""
    mode = 0o700 if path.is_dir() else 0o600
    os.chmod(path, mode)
    return mode


def ledger_files(path: Path) -> list[Path]:
    """The ledger file, its `-wal` and `-shm`, and the copies gongjian keeps beside it (`<name>.*.bak`)."""
    found = [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]
    if path.parent.is_dir():
        found += sorted(path.parent.glob(f"{_glob_escape(path.name)}.*.bak"))
    return found


def remove_new_ledger(path: Path) -> None:
    """Remove a ledger file this command created, with its `-wal`, `-shm` and `-journal` (a refused or
    interrupted restore into a place that had no ledger leaves none behind)."""
    for part in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        part.unlink(missing_ok=True)


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)
