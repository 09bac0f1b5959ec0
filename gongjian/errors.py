"""Typed, user-facing errors raised by the domain; the CLI turns each into one stderr line and an exit code."""

from __future__ import annotations

from typing import Any

from gongjian.i18n import t


class GongjianError(Exception):
    """Base of every error a user can cause; carries a catalog key and its parameters."""

    exit_code = 1

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self) -> str:
        """The message in the current language, from the one catalog."""
        return t(self.key, **self.params)

    def __str__(self) -> str:
        return self.message()


class InvalidValue(GongjianError):
    """A value typed or imported is not acceptable (bad phone, bad checksum, unknown category …)."""


class NotFound(GongjianError):
    """A named record does not exist."""


class Ambiguous(GongjianError):
    """A fragment names more than one record; `candidates` lists them."""


class Conflict(GongjianError):
    """A refused action: a duplicate, a second lead unit, a workflow move that is not allowed …"""


class YearFinalized(GongjianError):
    """The year's assessment is finalised; its records are frozen until `assess reopen YEAR`."""


class LedgerError(GongjianError):
    """The ledger file itself is unusable: newer schema, not a ledger, corrupt."""


class FileProblem(GongjianError):
    """An input file that cannot be read: not a spreadsheet, truncated, empty, no header."""


class DeliveryFailed(GongjianError):
    """A message could not be delivered (a chat group's robot refused it or could not be reached)."""


class ValidationFailed(GongjianError):
    """Several field errors at once; `errors` is a list of (field, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__("validation_failed")
        self.errors = errors

    def message(self) -> str:
        """One line: every field and why it was refused."""
        parts = [f"{field}: {reason}" if field else reason for field, reason in self.errors]
        return t("validation_failed", details="; ".join(parts))
