"""Needs (需求清单) and resources (资源清单): 群众出题、共建单位解题 — and the table that matches them.

Part of the `Projects` mixin of `Ledger`. A need is keyed by community + text, a resource by unit + text;
categories come from the shared `need_category` enumeration.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from gongjian.errors import Ambiguous, Conflict, NotFound
from gongjian.projects.meetings import PAIRED_ON, day_iso
from gongjian.reading import normalize as n
from gongjian.reading.specs import validate
from gongjian.store.db import like_escape

Outcome = str  # 'inserted' | 'updated' | 'unchanged'


def changed(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The fields of `new` that are given (not None) and differ from `old`."""
    return {k: v for k, v in new.items() if v is not None and old.get(k) != v}


class Needs:
    """Needs, resources and the match table (part of `Projects`)."""

    # ------------------------------------------------------------------ naming
    def _named(
        self,
        select: str,
        title: str,
        ref: object,
        *,
        what: str,
        describe: Any,
        scope: tuple[str, int] | None = None,
    ) -> dict[str, Any]:
        """One row of `select` (aliased `t`) by exact title, id (`12` or `#12`) or unambiguous fragment."""
        from gongjian.i18n import t

        extra, params = ("", []) if scope is None else (f" AND {scope[0]} = ?", [scope[1]])
        if isinstance(ref, int) and not isinstance(ref, bool):
            found = self.rows(f"{select} WHERE t.id = ?{extra}", [ref, *params])
            if not found:
                raise NotFound("not_found", what=t(what), name=str(ref))
            return found[0]
        text = n.text(ref) or ""
        if not text:
            raise NotFound("not_found", what=t(what), name=text)
        found = self.rows(f"{select} WHERE {title} = ?{extra} ORDER BY t.id LIMIT 11", [text, *params])
        number = text[1:] if text.startswith("#") else text
        if not found and number.isdigit():
            found = self.rows(f"{select} WHERE t.id = ?{extra}", [int(number), *params])
        if not found:
            found = self.rows(
                f"{select} WHERE {title} LIKE ? ESCAPE '\\'{extra} ORDER BY t.id LIMIT 11",
                ["%" + like_escape(text) + "%", *params],
            )
        if not found:
            raise NotFound("not_found", what=t(what), name=text)
        if len(found) > 1:
            names = [describe(r) for r in found[:10]] + (["…"] if len(found) > 10 else [])
            raise Ambiguous("ambiguous", what=t(what), name=text, candidates="、".join(names))
        return found[0]

    def need(self, ref: object, *, community_id: int | None = None) -> dict[str, Any]:
        """A need by id, exact text or unambiguous fragment (within one community when given)."""
        return self._named(
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
        with self.write("need add"):
            c = self.community(values["community"])
            clash = self.scalar(
                "SELECT id FROM needs WHERE community_id = ? AND text = ?", (c["id"], values["text"])
            )
            if clash is not None:
                raise Conflict("pj_need_exists", community=c["name"], text=values["text"], id=clash)
            _, nid = self.save_need(c["id"], values)
        return self.need(nid)

    def save_need(self, community_id: int, values: dict[str, Any]) -> tuple[Outcome, int]:
        """Insert or update a need matched on (community, text); absent fields keep their value."""
        wanted = {k: values.get(k) for k in ("category", "source", "raised_on", "status", "note")}
        row = self.row(
            "SELECT * FROM needs WHERE community_id = ? AND text = ?", (community_id, values["text"])
        )
        if row is None:
            wanted["category"] = wanted["category"] or "other"
            wanted["status"] = wanted["status"] or "open"
            new = {"community_id": community_id, "text": values["text"], **wanted}
            return "inserted", self.insert("needs", {k: v for k, v in new.items() if v is not None})
        diff = changed(row, wanted)
        if diff:
            self.update("needs", row["id"], diff)
        return ("updated" if diff else "unchanged"), row["id"]

    def list_needs(
        self, *, community: object = None, status: object = None, category: object = None
    ) -> list[dict[str, Any]]:
        """Needs by community: id, community, category, text, source, raised_on, status, projects (titles)."""
        where, params = [], []
        if community is not None:
            where.append("t.community_id = ?")
            params.append(self.community(community)["id"])
        if status:
            where.append("t.status = ?")
            params.append(n.enum_value("need_status", status))
        if category:
            where.append("t.category = ?")
            params.append(n.enum_value("need_category", category))
        sql = """SELECT t.id, c.code AS community_code, c.name AS community, t.category, t.text, t.source,
                        t.raised_on, t.status, t.note,
                        (SELECT group_concat(p.title, '、') FROM projects p WHERE p.need_id = t.id) AS projects
                 FROM needs t JOIN communities c ON c.id = t.community_id"""
        if where:
            sql += " WHERE " + " AND ".join(where)
        return self.rows(sql + " ORDER BY c.code, t.status = 'met', t.raised_on, t.id", params)

    # ------------------------------------------------------------------ resources
    def add_resource(self, **raw: object) -> dict[str, Any]:
        """`resource add`: a resource a unit offers (资源清单); the same text twice for one unit is refused."""
        values = validate("resources", raw)
        with self.write("resource add"):
            u = self.unit(values["unit"])
            clash = self.scalar(
                "SELECT id FROM resources WHERE unit_id = ? AND text = ?", (u["id"], values["text"])
            )
            if clash is not None:
                raise Conflict("pj_resource_exists", unit=u["name"], text=values["text"], id=clash)
            _, rid = self.save_resource(u["id"], values)
        return next(r for r in self.list_resources(unit=u["id"]) if r["id"] == rid)

    def save_resource(self, unit_id: int, values: dict[str, Any]) -> tuple[Outcome, int]:
        """Insert or update a resource matched on (unit, text); absent fields keep their value."""
        wanted = {k: values.get(k) for k in ("category", "capacity", "note")}
        row = self.row("SELECT * FROM resources WHERE unit_id = ? AND text = ?", (unit_id, values["text"]))
        if row is None:
            wanted["category"] = wanted["category"] or "other"
            new = {"unit_id": unit_id, "text": values["text"], **wanted}
            return "inserted", self.insert("resources", {k: v for k, v in new.items() if v is not None})
        diff = changed(row, wanted)
        if diff:
            self.update("resources", row["id"], diff)
        return ("updated" if diff else "unchanged"), row["id"]

    def list_resources(
        self, *, unit: object = None, category: object = None, community: object = None
    ) -> list[dict[str, Any]]:
        """Resources: id, unit, category, text, capacity, communities (the unit's active pairings)."""
        where, params = [], []
        if unit is not None:
            where.append("t.unit_id = ?")
            params.append(unit if isinstance(unit, int) else self.unit(unit)["id"])
        if category:
            where.append("t.category = ?")
            params.append(n.enum_value("need_category", category))
        if community is not None:
            where.append(
                "t.unit_id IN (SELECT unit_id FROM pairings WHERE community_id = ? AND ended IS NULL)"
            )
            params.append(self.community(community)["id"])
        sql = """SELECT t.id, u.name AS unit, t.category, t.text, t.capacity, t.note,
                        (SELECT group_concat(c.name, '、') FROM pairings p JOIN communities c ON c.id = p.community_id
                          WHERE p.unit_id = t.unit_id AND p.ended IS NULL) AS communities
                 FROM resources t JOIN units u ON u.id = t.unit_id"""
        if where:
            sql += " WHERE " + " AND ".join(where)
        return self.rows(sql + " ORDER BY t.category, t.unit_id, t.id", params)

    # ------------------------------------------------------------------ 群众出题、共建单位解题
    def project_matches(self, *, community: object = None, on: object = None) -> list[dict[str, Any]]:
        """For each open need (with no live project) and each unclaimed project: units whose resources share its
        category, units paired with the community (on `on`) first.

        Each row: community_code, community, kind ('need'|'project'), item_id, title, category, in_hall,
        paired_units, other_units (unit names), paired_resources ("单位：资源" texts), matches (count).
        """
        day = day_iso(on)
        cfilter, params = "", []
        if community is not None:
            cfilter = " AND t.community_id = ?"
            params.append(self.community(community)["id"])
        items = self.rows(
            f"""SELECT 'need' AS kind, t.id AS item_id, t.community_id, c.code AS community_code, c.name AS community,
                       t.text AS title, t.category, 'listed' AS status, NULL AS claim_deadline, t.raised_on AS listed_on
                FROM needs t JOIN communities c ON c.id = t.community_id
                WHERE t.status = 'open'{cfilter}
                  AND NOT EXISTS (SELECT 1 FROM projects p WHERE p.need_id = t.id AND p.status IN ('listed', 'claimed'))
                UNION ALL
                SELECT 'project', t.id, t.community_id, c.code, c.name, t.title, t.category, t.status,
                       t.claim_deadline, t.listed_on
                FROM projects t JOIN communities c ON c.id = t.community_id
                WHERE t.status = 'listed'{cfilter}
                ORDER BY community_code, kind, listed_on, item_id""",
            params * 2,
        )
        offers: dict[str, dict[int, dict[str, Any]]] = {}
        for r in self.rows(
            "SELECT r.category, r.unit_id, u.name, r.text FROM resources r JOIN units u ON u.id = r.unit_id "
            "ORDER BY r.unit_id, r.id"
        ):
            slot = offers.setdefault(r["category"], {}).setdefault(
                r["unit_id"], {"name": r["name"], "texts": []}
            )
            slot["texts"].append(r["text"])
        paired: dict[int, dict[int, str]] = {}
        for p in self.rows(
            f"SELECT p.community_id, p.unit_id, p.role FROM pairings p WHERE {PAIRED_ON}", (day, day)
        ):
            paired.setdefault(p["community_id"], {})[p["unit_id"]] = p["role"]
        out = []
        for item in items:
            units = offers.get(item["category"], {})
            mine = paired.get(item["community_id"], {})
            inside = sorted((uid for uid in units if uid in mine), key=lambda uid: (mine[uid] != "lead", uid))
            outside = [uid for uid in units if uid not in mine]
            out.append(
                {
                    "community_code": item["community_code"],
                    "community": item["community"],
                    "kind": item["kind"],
                    "item_id": item["item_id"],
                    "title": item["title"],
                    "category": item["category"],
                    "in_hall": item["kind"] == "project" and self.in_hall(item, day),
                    "paired_units": [units[uid]["name"] for uid in inside],
                    "other_units": [units[uid]["name"] for uid in outside],
                    "paired_resources": [
                        f"{units[uid]['name']}：{'；'.join(units[uid]['texts'])}" for uid in inside
                    ],
                    "matches": len(inside) + len(outside),
                }
            )
        return out
