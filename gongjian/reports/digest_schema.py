"""The documented, stable schema of `gongjian summary --format json` (pydantic models of the digest).

`gongjian.reports.digest` builds the digest from plain dicts and never imports this module, so the command starts
fast; the tests validate real output against these models, and `python -m gongjian.reports.digest_schema` writes
`docs/summary.schema.json` (a test checks the committed file equals what this module generates).
Money is integer fen (`*_fen`), dates are ISO `YYYY-MM-DD`, enumerations are English keys
(`gongjian.vocab.ENUMS`). Each list holds at most `limit` items; its `count` is always the full number.
Additive changes keep `schema_version`; renaming or removing a key raises it.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "summary.schema.json"

TicketStatus = Literal["open", "assigned", "in_progress", "resolved"]
ProjectStatus = Literal["listed", "claimed"]


class _Model(BaseModel):
    """Strict: no key may be missing or added, numbers stay integers (validate JSON text, where strict
    mode reads ISO dates from strings)."""

    model_config = ConfigDict(extra="forbid", strict=True)


class Community(_Model):
    """The community a digest is limited to (`--community`)."""

    code: str = Field(description="Community code, e.g. `BC`.")
    name: str = Field(description="Community name, e.g. 北城社区.")


class Attention(_Model):
    """How many things of each kind need attention; `needs_attention` is true when any is above 0."""

    overdue_problems: NonNegativeInt = Field(
        description="Problems past their deadline, neither closed nor rejected."
    )
    expiring_agreements: NonNegativeInt = Field(
        description="Agreements ending within 30 days and not renewed."
    )
    inactive_units: NonNegativeInt = Field(description="Paired units with no activity in the last 90 days.")
    members_under_target: NonNegativeInt = Field(
        description="Active members under this year's service target."
    )
    projects_past_due: NonNegativeInt = Field(
        description="Projects past their due date, not done or cancelled."
    )
    projects_in_hall: NonNegativeInt = Field(
        description="Listed projects unclaimed past their claim deadline."
    )


class Activity(_Model):
    """An activity held in the period."""

    date: date
    community_code: str
    community: str
    title: str
    category: str = Field(description="`activity_category` key, e.g. `festival`, `volunteer`.")
    organisers: list[str] = Field(description="Organising units, in the order recorded.")
    participant_times: NonNegativeInt = Field(description="参加人次.")
    volunteers: NonNegativeInt


class Activities(_Model):
    """Activities dated within the period."""

    count: NonNegativeInt
    participant_times: NonNegativeInt = Field(
        description="Sum of participant-times over all `count` activities."
    )
    volunteers: NonNegativeInt = Field(description="Sum of volunteers over all `count` activities.")
    items: list[Activity] = Field(description="By date, community code, then entry order.")


class Contribution(_Model):
    """A cash or in-kind contribution received in the period."""

    date: date
    unit: str = Field(description="The contributing unit.")
    community_code: str
    community: str = Field(description="The receiving community.")
    kind: Literal["cash", "in_kind"]
    amount_fen: NonNegativeInt = Field(description="Amount (in kind: the value 折合) in fen.")
    description: str | None = Field(description="What was given, e.g. 500斤糯米.")


class Funds(_Model):
    """Cash and in-kind support dated within the period (venue and service contributions are not money)."""

    count: NonNegativeInt
    cash_fen: NonNegativeInt
    in_kind_fen: NonNegativeInt
    total_fen: NonNegativeInt = Field(description="`cash_fen + in_kind_fen`.")
    items: list[Contribution] = Field(description="By date, community code, then entry order.")


class OverdueProblem(_Model):
    """A problem past its deadline and neither closed nor rejected."""

    number: str = Field(description="Ticket number `{code}-{year}-{seq:05d}`.")
    community_code: str
    community: str
    grid: str | None
    assignee: str | None = Field(description="The assigned unit.")
    title: str
    status: TicketStatus
    deadline: date
    days_overdue: NonNegativeInt = Field(description="Days from the deadline to `today`.")


class Overdue(_Model):
    """Overdue problems as of `today`, oldest deadline first."""

    count: NonNegativeInt
    items: list[OverdueProblem]


class Problems(_Model):
    """The problem ledger: flows in the period and what is overdue now."""

    opened: NonNegativeInt = Field(description="Problems reported within the period.")
    closed: NonNegativeInt = Field(description="Problems closed (销号, verified) within the period.")
    unfinished: NonNegativeInt = Field(description="Problems neither closed nor rejected as of `today`.")
    overdue: Overdue


class ExpiringAgreement(_Model):
    """An agreement that ends soon."""

    number: str
    community_code: str
    community: str
    unit: str
    signed_on: date | None
    valid_until: date
    days_left: NonNegativeInt


class AgreementsExpiring(_Model):
    """Agreements ending within `within_days` of `today` with no later agreement of the same pair."""

    within_days: Literal[30]
    count: NonNegativeInt
    items: list[ExpiringAgreement] = Field(description="By end date, then number.")


class InactiveUnit(_Model):
    """A paired unit that has organised or joined no activity recently."""

    unit: str
    kind: str = Field(description="`unit_kind` key.")
    communities: list[str] = Field(description="Communities it is actively paired with, by community code.")
    last_activity: date | None = Field(description="Its last activity on or before `today`; null if none.")
    days_since: NonNegativeInt | None


class InactiveUnits(_Model):
    """Actively paired units with no activity in the last `days` days (pairings younger than that excepted)."""

    days: Literal[90]
    paired: NonNegativeInt = Field(description="Units paired today (in the digest's community, if any).")
    count: NonNegativeInt
    items: list[InactiveUnit] = Field(description="Never active first, then the longest inactive.")


class MemberUnderTarget(_Model):
    """An active in-service party member who owes services this year (no phone or ID number, ever)."""

    name: str
    community_code: str
    community: str = Field(description="Residence community.")
    unit: str | None = Field(description="Work unit.")
    services: NonNegativeInt = Field(description="Services recorded in `year`.")
    missing: int = Field(ge=1, description="`target - services`.")


class MembersUnderTarget(_Model):
    """Active members with fewer services in the current year than the target."""

    year: int
    target: int = Field(ge=1)
    months_left: int = Field(ge=1, le=12, description="Months left in `year`, the current one included.")
    active: NonNegativeInt = Field(description="Active members today, the ones the target applies to.")
    count: NonNegativeInt
    items: list[MemberUnderTarget] = Field(description="By community code, services, unit, name.")


class PastDueProject(_Model):
    """A project past its due date and not done or cancelled."""

    community_code: str
    community: str
    title: str
    status: ProjectStatus
    budget_fen: NonNegativeInt
    due: date
    days_overdue: NonNegativeInt
    claimants: list[str] = Field(description="Units that claimed it, in claiming order.")


class HallProject(_Model):
    """A listed project that no unit claimed by its claim deadline: waiting in the open hall (领办大厅)."""

    community_code: str
    community: str
    title: str
    status: Literal["listed"]
    budget_fen: NonNegativeInt
    claim_deadline: date
    days_waiting: NonNegativeInt


class PastDueProjects(_Model):
    """Projects past due, by due date."""

    count: NonNegativeInt
    items: list[PastDueProject]


class HallProjects(_Model):
    """Projects waiting in the open hall, by claim deadline."""

    count: NonNegativeInt
    items: list[HallProject]


class Projects(_Model):
    """Contract projects (契约化共建) that need attention."""

    past_due: PastDueProjects
    in_hall: HallProjects


class Digest(_Model):
    """`gongjian summary --format json`: a period's flows and, as of `today`, what needs attention."""

    model_config = ConfigDict(
        title="gongjian summary",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    schema_version: Literal[1] = Field(description="Raised only when a key is renamed or removed.")
    ledger_name: str | None = Field(description="The ledger's name (`gongjian init --name`), if set.")
    today: date = Field(
        description="The date the state is taken at (`GONGJIAN_TODAY` overrides it for tests)."
    )
    since: date = Field(description="First day of the period, inclusive.")
    until: date = Field(description="Last day of the period, inclusive.")
    community: Community | None = Field(description="The community the digest is limited to; null for all.")
    limit: int | None = Field(ge=1, description="Most items per list; null for no limit (`--limit 0`).")
    needs_attention: bool = Field(
        description="True when any `attention` count is above 0 (`--check` exits 3)."
    )
    attention: Attention
    activities: Activities
    funds: Funds
    problems: Problems
    agreements_expiring: AgreementsExpiring
    inactive_units: InactiveUnits
    members_under_target: MembersUnderTarget
    projects: Projects


def schema() -> dict:
    """The JSON Schema of the digest, as committed in `docs/summary.schema.json`."""
    return Digest.model_json_schema()


def schema_text() -> str:
    """The schema as the committed file's text: indented, keys in model order, final newline."""
    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"


def main() -> None:
    """Write `docs/summary.schema.json` (or print it with `-`)."""
    if sys.argv[1:] == ["-"]:
        sys.stdout.write(schema_text())
        return
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")


if __name__ == "__main__":
    main()
