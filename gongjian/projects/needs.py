"""Needs (需求清单) and resources (资源清单): 群众出题、共建单位解题.

A need is keyed by community + text, a resource by unit + text; categories come from the shared
`need_category` enumeration. The table that matches them is `Projects.project_matches`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from gongjian.errors import Conflict
from gongjian.projects import specs as _specs  # noqa: F401  (registers needs, resources, projects, meetings)
from gongjian.projects.common import Outcome, changed, named
from gongjian.reading import normalize as n
from gongjian.reading.specs import validate
from gongjian.roster.roster import Roster
from gongjian.store.db import Store

# The one listing query of needs and of resources (`need list`, `resource list`, export).
NEED_SELECT = """
    SELECT t.id, c.code AS community_code, c.name AS community, t.category, t.text, t.source, t.raised_on,
           t.status, t.note, (SELECT group_concat(p.title, '、') FROM projects p WHERE p.need_id = t.id) AS projects,
           t.uid, t.created_at, t.updated_at
    FROM needs t JOIN communities c ON c.id = t.community_id
"""
RESOURCE_SELECT = """
    SELECT t.id, u.name AS unit, t.category, t.text, t.capacity, t.note,
           (SELECT group_concat(c.name, '、') FROM pairings p JOIN communities c ON c.id = p.community_id
             WHERE p.unit_id = t.unit_id AND p.ended IS NULL) AS communities,
           t.uid, t.created_at, t.updated_at
    FROM resources t JOIN units u ON u.id = t.unit_id
"""


class Needs:
    """Needs (需求清单) and resources (资源清单): `ledger.needs`."""

    def __init__(self, store: Store, roster: Roster) -> None:
        self.store = store
        self.roster = roster

    def need(self, ref: object, *, community_id: int | None = None) -> dict[str, Any]:
        """A need by id, exact text or unambiguous fragment (within one community when given)."""
        return named(
            self.store,
            "SELECT t.*, c.name AS community FROM needs t JOIN communities c ON c.id = t.community_id",
            "t.text",
            ref,
            what="pj_what_need",
            describe=lambda r: f"#{r['id']} {r['text']}（{r['community']}）",
            scope=None if community_id is None else ("t.community_id", community_id),
        )

    # ------------------------------------------------------------------ needs
    def add_need(self, **raw: object) -> dict[str, Any]:
        """`need add`: a community's need (需求清单); the same text twice in one community is refused."""
        values = validate("needs", raw)
        values["raised_on"] = values["raised_on"] or date.today().isoformat()
        with self.store.write("need add"):
            c = self.roster.community(values["community"])
            clash = self.store.scalar(
                "SELECT id FROM needs WHERE community_id = ? AND match_key(text) = ?",
                (c["id"], n.match_key(values["text"])),
            )
            if clash is not None:
                raise Conflict("pj_need_exists", community=c["name"], text=values["text"], id=clash)
            _, nid = self.save_need(c["id"], values)
        return self.need(nid)

    def save_need(self, community_id: int, values: dict[str, Any]) -> tuple[Outcome, int]:
        """Insert or update a need matched on (community, text); absent fields keep their value."""
        wanted = {k: values.get(k) for k in ("category", "source", "raised_on", "status", "note")}
        row = self.store.row(
            "SELECT * FROM needs WHERE community_id = ? AND match_key(text) = ? ORDER BY text != ?, id",
            (community_id, n.match_key(values["text"]), values["text"]),
        )
        if row is None:
            wanted["category"] = wanted["category"] or "other"
            wanted["status"] = wanted["status"] or "open"
            new = {"community_id": community_id, "text": values["text"], **wanted}
            return "inserted", self.store.insert("needs", {k: v for k, v in new.items() if v is not None})
        diff = changed(row, wanted)
        if diff:
            self.store.update("needs", row["id"], diff)
        return ("updated" if diff else "unchanged"), row["id"]

    def list_needs(
        self, *, community: object = None, status: object = None, category: object = None
    ) -> list[dict[str, Any]]:
        """Needs by community: id, community, category, text, source, raised_on, status, projects (titles)."""
        where, params = [], []
        if community is not None:
            where.append("t.community_id = ?")
            params.append(self.roster.community(community)["id"])
        if status:
            where.append("t.status = ?")
            params.append(n.enum_value("need_status", status))
        if category:
            where.append("t.category = ?")
            params.append(n.enum_value("need_category", category))
        sql = NEED_SELECT
        if where:
            sql += " WHERE " + " AND ".join(where)
        return self.store.rows(sql + " ORDER BY c.code, t.status = 'met', t.raised_on, t.id", params)

    # ------------------------------------------------------------------ resources
    def add_resource(self, **raw: object) -> dict[str, Any]:
        """`resource add`: a resource a unit offers (资源清单); the same text twice for one unit is refused."""
        values = validate("resources", raw)
        with self.store.write("resource add"):
            u = self.roster.unit(values["unit"])
            clash = self.store.scalar(
                "SELECT id FROM resources WHERE unit_id = ? AND match_key(text) = ?",
                (u["id"], n.match_key(values["text"])),
            )
            if clash is not None:
                raise Conflict("pj_resource_exists", unit=u["name"], text=values["text"], id=clash)
            _, rid = self.save_resource(u["id"], values)
        return next(r for r in self.list_resources(unit=u["id"]) if r["id"] == rid)

    def save_resource(self, unit_id: int, values: dict[str, Any]) -> tuple[Outcome, int]:
        """Insert or update a resource matched on (unit, text); absent fields keep their value."""
        wanted = {k: values.get(k) for k in ("category", "capacity", "note")}
        row = self.store.row(
            "SELECT * FROM resources WHERE unit_id = ? AND match_key(text) = ? ORDER BY text != ?, id",
            (unit_id, n.match_key(values["text"]), values["text"]),
        )
        if row is None:
            wanted["category"] = wanted["category"] or "other"
            new = {"unit_id": unit_id, "text": values["text"], **wanted}
            return "inserted", self.store.insert("resources", {k: v for k, v in new.items() if v is not None})
        diff = changed(row, wanted)
        if diff:
            self.store.update("resources", row["id"], diff)
        return ("updated" if diff else "unchanged"), row["id"]

    def list_resources(
        self, *, unit: object = None, category: object = None, community: object = None
    ) -> list[dict[str, Any]]:
        """Resources: id, unit, category, text, capacity, communities (the unit's active pairings)."""
        where, params = [], []
        if unit is not None:
            where.append("t.unit_id = ?")
            params.append(unit if isinstance(unit, int) else self.roster.unit(unit)["id"])
        if category:
            where.append("t.category = ?")
            params.append(n.enum_value("need_category", category))
        if community is not None:
            where.append(
                "t.unit_id IN (SELECT unit_id FROM pairings WHERE community_id = ? AND ended IS NULL)"
            )
            params.append(self.roster.community(community)["id"])
        sql = RESOURCE_SELECT
        if where:
            sql += " WHERE " + " AND ".join(where)
        return self.store.rows(sql + " ORDER BY t.category, t.unit_id, t.id", params)

    # ------------------------------------------------------------------ importing
    def import_needs(self, values: dict[str, Any], ctx: Any) -> str:
        """One row of a 需求清单: insert, or update the need of that community with that text."""
        community = self.roster.community_for(values["community"], ctx)
        return self.save_need(community["id"], values)[0]

    def import_resources(self, values: dict[str, Any], ctx: Any) -> str:
        """One row of a 资源清单: insert, or update the resource of that unit with that text."""
        unit = self.roster.unit_for(values["unit"], ctx)
        return self.save_resource(unit["id"], values)[0]
