"""Import kinds of the contract-project part: `needs`, `resources`, `projects`, `meetings`.

Called by `gongjian.reading.importer` once per validated row with `(values, ctx)`; each returns `"inserted"`,
`"updated"` or `"unchanged"` and is idempotent on its natural key: need = community + text, resource =
unit + text, project = community + title, meeting = community + date. Errors name their column.
"""

from __future__ import annotations

from typing import Any

from gongjian.errors import GongjianError


def _in_column(field: str):
    """Context manager: a domain error raised inside names `field` as its column."""
    from contextlib import contextmanager

    @contextmanager
    def guard():
        try:
            yield
        except GongjianError as exc:
            exc.params.setdefault("field", field)
            raise

    return guard()


class ProjectImports:
    """`import_<kind>(values, ctx)` for needs, resources, projects and meetings (part of `Projects`)."""

    def import_needs(self, values: dict[str, Any], ctx: Any) -> str:
        """One row of a 需求清单: insert, or update the need of that community with that text."""
        community = self._import_ref(ctx, "community", values["community"], self.community)
        return self.save_need(community["id"], values)[0]

    def import_resources(self, values: dict[str, Any], ctx: Any) -> str:
        """One row of a 资源清单: insert, or update the resource of that unit with that text."""
        unit = self._import_ref(ctx, "unit", values["unit"], self.unit)
        return self.save_resource(unit["id"], values)[0]

    def import_projects(self, values: dict[str, Any], ctx: Any) -> str:
        """One project row: insert or update by community + title; new claimants are checked by the claim rule.

        Claimants already recorded are left as they are; a new one claims on `claimed_on` (default: the
        listing date), so a unit not paired with the community is refused unless that date is after the
        claim deadline (then it is an open-hall claim).
        """
        community = self._import_ref(ctx, "community", values["community"], self.community)
        outcome, pid = self.save_project(community, values, today=getattr(ctx, "today", None))
        for name in values.get("claimants") or []:
            with _in_column("claimants"):
                unit = self._import_ref(ctx, "claimants", name, self.unit)
                if self.scalar(
                    "SELECT 1 FROM project_claims WHERE project_id = ? AND unit_id = ?", (pid, unit["id"])
                ):
                    continue
                project = self.project(pid)
                day = values.get("claimed_on") or project["listed_on"]
                self.record_claim(project, unit, day)
            if outcome == "unchanged":
                outcome = "updated"
        return outcome

    def import_meetings(self, values: dict[str, Any], ctx: Any) -> str:
        """One meeting row: insert or update by community + date, attendance from 出席单位 or 缺席单位."""
        community = self._import_ref(ctx, "community", values["community"], self.community)
        return self.save_meeting(community, values, ctx)[0]
