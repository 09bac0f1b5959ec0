"""Typed, user-facing errors raised by the domain; the CLI turns each into one stderr line and an exit code.

Every message is made here (`GongjianError.message`), and what it repeats is masked here: an ID number or
a phone that a clerk typed and a message repeats (`找不到在职党员：王建国3303**********2525`) never reaches a terminal's
scroll-back, a cron mail or an import report whole (`privacy.mask_pii_text`).
"""

from __future__ import annotations

from typing import Any

from gongjian.i18n import t
from gongjian.privacy import mask_pii_text


class GongjianError(Exception):
    """Base of every error a user can cause; carries a catalog key and its parameters."""

    exit_code = 1

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self) -> str:
        """The message in the current language, from the one catalog; what was typed has its ID numbers and
        phones masked (the catalog's own text, such as an example number, is left as written)."""
        return self.text()

    def text(self) -> str:
        """The message (subclasses with a form of their own override this)."""
        return t(self.key, **masked(self.params))

    def __str__(self) -> str:
        return self.message()


def masked(params: dict[str, Any]) -> dict[str, Any]:
    """A message's parameters with ID-number-like and phone-like runs in their text masked."""
    return {k: mask_pii_text(v) if isinstance(v, str) else v for k, v in params.items()}


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

    def text(self) -> str:
        """One line: every field and why it was refused."""
        parts = [f"{field}: {reason}" if field else reason for field, reason in self.errors]
        return t("validation_failed", details="; ".join(parts))
