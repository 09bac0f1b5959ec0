"""The roster: communities and their grids, units, pairings (结对) and agreements (共建协议)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from gongjian.errors import Conflict, GongjianError, InvalidValue, NotFound
from gongjian.reading import normalize as n
from gongjian.reading.specs import ImportContext, checked_text, validate
from gongjian.roster import specs as _specs  # noqa: F401  (registers the four roster kinds)
from gongjian.roster.kinds import INACTIVE, INFERRED_KIND, derive_unit, note_status, settle_unit
from gongjian.roster.pairings import covers_sql, overlaps_sql
from gongjian.store.db import Store, like_escape
from gongjian.store.files import sha256_file

Outcome = str  # 'inserted' | 'updated' | 'unchanged'
_DERIVED = (INFERRED_KIND, INACTIVE)  # what `kinds.derive_unit` adds to a unit record

# The one listing query of each roster kind (`… list`, `… show`, export); `ended IS NULL`: paired now.
COMMUNITY_SELECT = """
    SELECT c.id, c.code, c.name, c.street, c.district, c.secretary, c.director, c.phone, c.households,
           c.address, c.note,
           (SELECT u.name FROM pairings p JOIN units u ON u.id = p.unit_id
             WHERE p.community_id = c.id AND p.role = 'lead' AND p.ended IS NULL) AS lead_unit,
           (SELECT count(*) FROM pairings p WHERE p.community_id = c.id AND p.ended IS NULL) AS units,
           (SELECT count(*) FROM grids g WHERE g.community_id = c.id) AS grids,
           (SELECT group_concat(name, char(31)) FROM (SELECT name FROM grids WHERE community_id = c.id ORDER BY id))
               AS grid_names,
           c.uid, c.created_at, c.updated_at
    FROM communities c
"""
UNIT_SELECT = """
    SELECT u.id, u.name, u.credit_code, u.kind, u.party_org, u.party_members, u.contact, u.phone, u.address,
           u.legal_rep, u.note, u.active,
           (SELECT group_concat(c.name, '、') FROM pairings p JOIN communities c ON c.id = p.community_id
             WHERE p.unit_id = u.id AND p.ended IS NULL) AS communities,
           u.uid, u.created_at, u.updated_at
    FROM units u
"""
PAIRING_SELECT = """
    SELECT p.id, c.code AS community_code, c.name AS community, u.name AS unit, p.role, p.started, p.ended,
           p.note, p.uid, p.created_at, p.updated_at
    FROM pairings p JOIN communities c ON c.id = p.community_id JOIN units u ON u.id = p.unit_id
"""
AGREEMENT_SELECT = """
    SELECT a.id, a.number, c.name AS community, u.name AS unit, a.signed_on, a.valid_until, a.commitments,
           a.file_path, a.file_path AS file, a.file_sha256, a.note, a.uid, a.created_at, a.updated_at
    FROM agreements a JOIN communities c ON c.id = a.community_id JOIN units u ON u.id = a.unit_id
"""


def _changed(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in new.items() if old.get(k) != v}


def name_field(exc: GongjianError, field: str) -> GongjianError:
    """Tag an error with the import column it came from (kept when already tagged)."""
    exc.params.setdefault("field", field)
    return exc


class Roster:
    """Communities, grids, units, pairings and agreements: `ledger.roster`."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # ------------------------------------------------------------------ communities
    def community(self, ref: object) -> dict[str, Any]:
        """A community by id, code, exact name or unambiguous fragment."""
        text = n.text(ref) or ""
        return self.store.resolve(
            "communities",
            text,
            what="what_community",
            exact=("code", "name"),
            fragment=("name", "code"),
            label="name",
            extra_exact=(("code", text.upper()),),
        )

    def save_community(self, values: dict[str, Any]) -> tuple[Outcome, int]:
        """Insert or update a community matched on code (else name); report what happened."""
        grids = values.pop("grids", None) or []
        row = self.store.row("SELECT * FROM communities WHERE code = ?", (values["code"],))
        if row is None:
            row = self.store.row(
                "SELECT * FROM communities WHERE match_key(name) = ?", (n.match_key(values["name"]),)
            )
        if row is None:
            clash = self.store.scalar(
                "SELECT code FROM communities WHERE match_key(name) = ?", (n.match_key(values["name"]),)
            )
            if clash:
                raise Conflict("community_name_taken", name=values["name"], code=clash)
            cid = self.store.insert("communities", {k: v for k, v in values.items() if v is not None})
            outcome = "inserted"
        else:
            cid = row["id"]
            if row["code"] != values["code"]:
                raise Conflict("community_name_taken", name=values["name"], code=row["code"])
            diff = _changed(row, {k: v for k, v in values.items() if v is not None})
            if diff:
                self.store.update("communities", cid, diff)
            outcome = "updated" if diff else "unchanged"
        added = [g for g in grids if self.ensure_grid(cid, g, create=True)[1]]
        if added and outcome == "unchanged":
            outcome = "updated"
        return outcome, cid

    def add_community(self, **raw: object) -> dict[str, Any]:
        """`community add`: a new community; its code and name must be new."""
        values = validate("communities", raw)
        with self.store.write("community add"):
            if self.store.scalar("SELECT 1 FROM communities WHERE code = ?", (values["code"],)):
                raise Conflict("community_exists", code=values["code"])
            if self.store.scalar(
                "SELECT 1 FROM communities WHERE match_key(name) = ?", (n.match_key(values["name"]),)
            ):
                raise Conflict("community_exists", code=values["name"])
            _, cid = self.save_community(values)
        return self.store.get("communities", cid)

    def edit_community(self, ref: object, **raw: object) -> dict[str, Any]:
        """`community edit`: change the given fields; `grids` adds grids."""
        values = validate("communities", {k: v for k, v in raw.items() if v is not None}, partial=True)
        with self.store.write("community edit"):
            row = self.community(ref)
            grids = values.pop("grids", None) or []
            for key, compared in (("code", "code"), ("name", "match_key(name)")):
                wanted = values.get(key) if key == "code" else n.match_key(values.get(key))
                taken = (
                    key in values
                    and values[key] != row[key]
                    and self.store.scalar(
                        f"SELECT 1 FROM communities WHERE {compared} = ? AND id != ?", (wanted, row["id"])
                    )
                )
                if taken:
                    raise Conflict("community_exists", code=values[key])
            diff = _changed(row, values)
            if diff:
                self.store.update("communities", row["id"], diff)
            added = [g for g in grids if self.ensure_grid(row["id"], g, create=True)[1]]
            if not diff and not added:
                raise InvalidValue("nothing_to_change")
        return self.store.get("communities", row["id"])

    def ensure_grid(self, community_id: int, name: str, *, create: bool = True) -> tuple[int | None, bool]:
        """The id of a community's grid by name, adding it on first use; returns (id, created)."""
        name = checked_text("grid", name) or ""
        if not name:
            return None, False
        gid = self.store.scalar(
            "SELECT id FROM grids WHERE community_id = ? AND match_key(name) = ? ORDER BY name != ?, id",
            (community_id, n.match_key(name), name),
        )
        if gid is not None:
            return gid, False
        if not create:
            raise NotFound("not_found", what="网格", name=name)
        return self.store.insert("grids", {"community_id": community_id, "name": name}), True

    def grids(self, community_id: int) -> list[str]:
        """The names of a community's grids, in the order they were added."""
        return [
            r["name"]
            for r in self.store.rows(
                "SELECT name FROM grids WHERE community_id = ? ORDER BY id", (community_id,)
            )
        ]

    def list_communities(self) -> list[dict[str, Any]]:
        """Every community with its lead unit, number of active paired units and grids."""
        return self.store.rows(COMMUNITY_SELECT + " ORDER BY c.code")

    def show_community(self, ref: object) -> dict[str, Any]:
        """A community with its grids, active pairings and agreements."""
        row = self.community(ref)
        row["grids"] = self.grids(row["id"])
        row["pairings"] = self.list_pairings(community=row["id"])
        row["agreements"] = self.list_agreements(community=row["id"])
        return row

    # ------------------------------------------------------------------ units
    def unit(self, ref: object) -> dict[str, Any]:
        """A unit by id, exact name, credit code, or unambiguous fragment of its name."""
        key = n.name_key(ref)
        text = n.unit_name(ref) or (n.text(ref) or "")
        return self.store.resolve(
            "units",
            text,
            what="what_unit",
            exact=("name", "credit_code"),
            fragment=("name",),
            label="name",
            extra_exact=(("name_key", key), ("credit_code", text.upper())),
        )

    def find_unit(self, values: dict[str, Any]) -> dict[str, Any] | None:
        """The unit matching a record's natural key: credit code, else normalised name."""
        if values.get("credit_code"):
            row = self.store.row("SELECT * FROM units WHERE credit_code = ?", (values["credit_code"],))
            if row is not None:
                return row
        if values.get("name"):
            return self.store.row("SELECT * FROM units WHERE name_key = ?", (n.name_key(values["name"]),))
        return None

    def save_unit(self, values: dict[str, Any]) -> tuple[Outcome, int]:
        """Insert or update a unit matched on credit code, else normalised name.

        A record completed by `kinds.derive_unit` is settled against the stored unit (`kinds.settle_unit`):
        an inferred kind never replaces one a clerk chose, a deregistered unit becomes inactive.
        """
        values = dict(values)
        values["name_key"] = n.name_key(values["name"])
        row = self.find_unit(values)
        values = settle_unit(values, row)
        if row is None:
            return "inserted", self.store.insert("units", {k: v for k, v in values.items() if v is not None})
        if values.get("credit_code") and row["credit_code"] and values["credit_code"] != row["credit_code"]:
            raise Conflict(
                "unit_credit_mismatch", name=row["name"], old=row["credit_code"], new=values["credit_code"]
            )
        if row["name_key"] != values["name_key"]:
            clash = self.store.row(
                "SELECT name FROM units WHERE name_key = ? AND id != ?", (values["name_key"], row["id"])
            )
            if clash:
                raise Conflict("unit_exists", name=values["name"])
        diff = _changed(row, {k: v for k, v in values.items() if v is not None})
        if diff:
            self.store.update("units", row["id"], diff)
        return ("updated" if diff else "unchanged"), row["id"]

    def add_unit(self, **raw: object) -> dict[str, Any]:
        """`unit add`: a new unit; its normalised name and credit code must be new. Without a kind, the
        credit code decides it (`kinds.unit_kind`)."""
        values = validate("units", raw)
        derive_unit(values, raw)
        with self.store.write("unit add"):
            if self.find_unit(values) is not None:
                raise Conflict("unit_exists", name=values["name"])
            _, uid = self.save_unit(values)
        return self.store.get("units", uid)

    def edit_unit(self, ref: object, **raw: object) -> dict[str, Any]:
        """`unit edit`: change the given fields of a unit."""
        values = validate("units", {k: v for k, v in raw.items() if v is not None}, partial=True)
        if "kind" in values and values["kind"] is None:  # says nothing (N/A): refused, naming our kinds
            n.enum_value("unit_kind", raw["kind"])
        with self.store.write("unit edit"):
            row = self.unit(ref)
            if "name" in values:
                values["name_key"] = n.name_key(values["name"])
                if self.store.scalar(
                    "SELECT 1 FROM units WHERE name_key = ? AND id != ?", (values["name_key"], row["id"])
                ):
                    raise Conflict("unit_exists", name=values["name"])
            if values.get("credit_code") and self.store.scalar(
                "SELECT 1 FROM units WHERE credit_code = ? AND id != ?", (values["credit_code"], row["id"])
            ):
                raise Conflict("credit_code_taken", code=values["credit_code"])
            diff = _changed(row, values)
            if not diff:
                raise InvalidValue("nothing_to_change")
            self.store.update("units", row["id"], diff)
        return self.store.get("units", row["id"])

    def list_units(self, *, kind: str | None = None, community: object = None) -> list[dict[str, Any]]:
        """Units (optionally of one kind or paired with one community) with their active pairing count."""
        where, params = [], []
        if kind:
            where.append("u.kind = ?")
            params.append(n.enum_value("unit_kind", kind))
        if community is not None:
            cid = self.community(community)["id"]
            where.append("u.id IN (SELECT unit_id FROM pairings WHERE community_id = ? AND ended IS NULL)")
            params.append(cid)
        sql = UNIT_SELECT
        if where:
            sql += " WHERE " + " AND ".join(where)
        return self.store.rows(sql + " ORDER BY u.id", params)

    def show_unit(self, ref: object) -> dict[str, Any]:
        """A unit with its pairings and agreements."""
        row = self.unit(ref)
        row["pairings"] = self.list_pairings(unit=row["id"], include_ended=True)
        row["agreements"] = self.list_agreements(unit=row["id"])
        return row

    # ------------------------------------------------------------------ pairings
    def active_pairing(self, community_id: int, unit_id: int) -> dict[str, Any] | None:
        """The active pairing of a unit with a community, if any."""
        return self.store.row(
            "SELECT * FROM pairings WHERE community_id = ? AND unit_id = ? AND ended IS NULL",
            (community_id, unit_id),
        )

    def save_pairing(self, community_id: int, unit_id: int, values: dict[str, Any]) -> tuple[Outcome, int]:
        """Insert or update the active pairing of (community, unit); at most one active lead per community."""
        role = values.get("role") or "member"
        current = self.active_pairing(community_id, unit_id)
        if role == "lead":
            lead = self.store.row(
                """SELECT p.id, u.name AS unit, c.name AS community FROM pairings p
                   JOIN units u ON u.id = p.unit_id JOIN communities c ON c.id = p.community_id
                   WHERE p.community_id = ? AND p.role = 'lead' AND p.ended IS NULL""",
                (community_id,),
            )
            if lead and (current is None or lead["id"] != current["id"]):
                raise Conflict("second_lead", community=lead["community"], unit=lead["unit"])
        wanted = {"role": role}
        for key in ("started", "ended", "note"):
            if values.get(key) is not None:
                wanted[key] = values[key]
        if current is None:
            return "inserted", self.store.insert(
                "pairings", {"community_id": community_id, "unit_id": unit_id, **wanted}
            )
        diff = _changed(current, wanted)
        if diff:
            self.store.update("pairings", current["id"], diff)
        return ("updated" if diff else "unchanged"), current["id"]

    def add_pairing(
        self,
        community: object,
        unit: object,
        *,
        lead: bool = False,
        started: object = None,
        note: object = None,
        force: bool = False,
    ) -> dict[str, Any]:
        """`pair add`: pair a unit with a community (as its lead unit with `lead`); an inactive unit (one
        deregistered or revoked, `units.active` = 0) only with `force`."""
        values = validate(
            "pairings",
            {
                "community": str(community),
                "unit": str(unit),
                "role": "lead" if lead else "member",
                "started": started,
                "note": note,
            },
        )
        with self.store.write("pair add"):
            c = self.community(community)
            u = self.unit(unit)
            if self.active_pairing(c["id"], u["id"]) is not None:
                raise Conflict("already_paired", community=c["name"], unit=u["name"])
            if not force:
                self.check_active(u)
            _, pid = self.save_pairing(c["id"], u["id"], values)
        return self.store.get("pairings", pid)

    def check_active(self, unit: dict[str, Any]) -> None:
        """Refuse to pair an inactive unit (deregistered, revoked or set inactive): `--force` pairs it anyway."""
        if unit.get("active", 1):
            return
        status = note_status(unit.get("note"))
        if status:
            raise Conflict("unit_inactive_pair_status", unit=unit["name"], status=status)
        raise Conflict("unit_inactive_pair", unit=unit["name"])

    def end_pairing(self, community: object, unit: object, *, ended: object = None) -> dict[str, Any]:
        """`pair end`: end an active pairing on a date (today by default)."""
        day = n.date_iso(ended) if ended else date.today().isoformat()
        with self.store.write("pair end"):
            c = self.community(community)
            u = self.unit(unit)
            current = self.active_pairing(c["id"], u["id"])
            if current is None:
                raise NotFound("not_paired", community=c["name"], unit=u["name"])
            if current["started"] and day < current["started"]:
                raise InvalidValue("end_before_start", ended=day, started=current["started"])
            self.store.update("pairings", current["id"], {"ended": day})
        return self.store.get("pairings", current["id"])

    def list_pairings(
        self,
        *,
        community: object = None,
        unit: object = None,
        include_ended: bool = False,
        role: str | None = None,
    ) -> list[dict[str, Any]]:
        """Pairings, newest community first; only active ones unless `include_ended`."""
        where, params = [], []
        if community is not None:
            where.append("p.community_id = ?")
            params.append(community if isinstance(community, int) else self.community(community)["id"])
        if unit is not None:
            where.append("p.unit_id = ?")
            params.append(unit if isinstance(unit, int) else self.unit(unit)["id"])
        if not include_ended:
            where.append("p.ended IS NULL")
        if role:
            where.append("p.role = ?")
            params.append(n.enum_value("pair_role", role))
        sql = PAIRING_SELECT
        if where:
            sql += " WHERE " + " AND ".join(where)
        return self.store.rows(sql + " ORDER BY c.code, p.role = 'member', u.name", params)

    # ------------------------------------------------------------------ pairing on a day
    def is_paired_on(self, community_id: int, unit_id: int, day: str) -> bool:
        """True when the unit is paired with the community on `day` (the rule of `pairings.covers`)."""
        return bool(
            self.store.scalar(
                f"SELECT 1 FROM pairings p WHERE p.community_id = ? AND p.unit_id = ? AND {covers_sql('?')}",
                (community_id, unit_id, day, day),
            )
        )

    def paired_units_on(self, community_id: int, day: str) -> list[dict[str, Any]]:
        """Units paired with a community on `day`: id, name, role, started; lead first, then by start date."""
        return self.store.rows(
            f"""SELECT u.id, u.name, p.role, p.started FROM pairings p JOIN units u ON u.id = p.unit_id
                WHERE p.community_id = ? AND {covers_sql("?")}
                ORDER BY p.role = 'member', p.started IS NULL, p.started, u.id""",
            (community_id, day, day),
        )

    def leads_on(self, day: str) -> dict[int, str]:
        """Each community's lead unit (牵头单位) on `day` (`pairings.covers`): `{community_id: unit name}`."""
        return {
            r["community_id"]: r["name"]
            for r in self.store.rows(
                f"""SELECT p.community_id, u.name FROM pairings p JOIN units u ON u.id = p.unit_id
                    WHERE p.role = 'lead' AND {covers_sql("?")} ORDER BY p.started IS NULL, p.started, p.id""",
                (day, day),
            )
        }

    def count_paired_units_on(self, day: str, *, community_id: int | None = None) -> int:
        """How many units are paired on `day` (`pairings.covers`), with any community or with one."""
        scope = " AND p.community_id = ?" if community_id is not None else ""
        params = (day, day) + ((community_id,) if community_id is not None else ())
        return self.store.scalar(
            f"SELECT count(DISTINCT p.unit_id) FROM pairings p WHERE {covers_sql('?')}{scope}", params
        )

    def paired_in_year(self, unit_id: int, year: int) -> bool:
        """True when a pairing of the unit covers some day of `year` (the rule of `pairings.overlaps`)."""
        first, last = f"{int(year):04d}-01-01", f"{int(year):04d}-12-31"
        return bool(
            self.store.scalar(
                f"SELECT 1 FROM pairings p WHERE p.unit_id = :unit AND {overlaps_sql(':first', ':last')} LIMIT 1",
                {"unit": unit_id, "first": first, "last": last},
            )
        )

    def paired_during(
        self, first: str, last: str, *, community_id: int | None = None
    ) -> list[dict[str, Any]]:
        """Every (unit, community) pair with a pairing covering some day from `first` to `last` (`overlaps`).

        Rows: unit_id, unit, kind, community_id, community, code — by unit id, then community code. With
        `community_id`, the units paired with that community then, with all their communities of the time.
        """
        sql = f"""SELECT DISTINCT u.id AS unit_id, u.name AS unit, u.kind, c.id AS community_id,
                         c.name AS community, c.code
                  FROM pairings p JOIN units u ON u.id = p.unit_id JOIN communities c ON c.id = p.community_id
                  WHERE {overlaps_sql(":first", ":last")}"""
        params: dict[str, Any] = {"first": first, "last": last}
        if community_id is not None:
            sql += f" AND p.unit_id IN (SELECT p.unit_id FROM pairings p WHERE p.community_id = :cid AND {overlaps_sql(':first', ':last')})"
            params["cid"] = community_id
        return self.store.rows(sql + " ORDER BY u.id, c.code", params)

    # ------------------------------------------------------------------ references from other parts
    def community_for(
        self, ref: object, ctx: ImportContext | None = None, *, field: str = "community"
    ) -> dict[str, Any]:
        """The community a record names (id, code, exact name or fragment), cached per import.

        An error names the import column `field`, so an import row's message says which cell is wrong.
        """
        if isinstance(ref, int):
            row = self.store.get("communities", ref)
            if row is not None:
                return row
        known = ctx.cache.get("community") if ctx is not None else None
        if known is not None and ref in known:  # the common case of an import: named before
            return known[ref]

        def find() -> dict[str, Any]:
            try:
                return self.community(ref)
            except GongjianError as exc:
                raise name_field(exc, field) from None

        return ctx.cached("community", ref, find) if ctx is not None else find()

    def unit_for(
        self, ref: object, ctx: ImportContext | None = None, *, field: str = "unit", leading: bool = False
    ) -> dict[str, Any]:
        """The id and name of the unit a record names (name, credit code, id or fragment), cached per import.

        An error names the import column `field`. An import naming many units reads the table once for
        exact names (`_unit_by_exact_name`); anything else goes through `unit()`. With `leading`, a text
        naming no unit may begin with one (`unit_leading`: 工作单位及职务 such as `乐清市统计局 科员`).
        """
        bucket = "unit_leading" if leading else "unit"
        known = ctx.cache.get(bucket) if ctx is not None else None
        if known is not None and ref in known:  # the common case of an import: named before
            return known[ref]

        def find() -> dict[str, Any]:
            try:
                if isinstance(ref, int):
                    row = self.store.get("units", ref)
                else:
                    row = self._unit_by_exact_name(ref, ctx) if ctx is not None else None
                row = row or self.unit(ref)
            except NotFound as exc:
                row = self.unit_leading(ref, ctx) if leading and not isinstance(ref, int) else None
                if row is None:
                    raise name_field(exc, field) from None
            except GongjianError as exc:
                raise name_field(exc, field) from None
            return {"id": row["id"], "name": row["name"]}

        return ctx.cached(bucket, ref, find) if ctx is not None else find()

    def unit_leading(self, text: object, ctx: ImportContext | None = None) -> dict[str, Any] | None:
        """The unit a text begins with — the longest unit name that starts it, by matching key — or None.

        Party-member rosters give the work unit and the post in one cell (工作单位及职务: `乐清市统计局
        科员`, `乐清市统计局办公室主任`); the unit is the one whose name the cell starts with.
        """
        keys = ctx.cache.get("unit_keys") if ctx is not None else None
        if keys is None:
            keys = {}
            for uid, name, key in self.store.conn.execute("SELECT id, name, name_key FROM units"):
                keys[key] = {"id": uid, "name": name}
            if ctx is not None:
                ctx.cache["unit_keys"] = keys
        key = n.name_key(text)
        for end in range(len(key) - 1, 1, -1):
            row = keys.get(key[:end])
            if row is not None:
                return row
        return None

    def _unit_by_exact_name(self, ref: object, ctx: ImportContext) -> dict[str, Any] | None:
        """The one unit `unit(ref)` finds by an exact key, from one read of all units per import; else None.

        It matches what `unit()` asks first (name or credit code equal to the name, or the same
        `name_key`); no match or several leave the answer, and its error, to `unit()`.
        """
        index = ctx.cache.get("unit_index")
        if index is None:
            index = ctx.cache["unit_index"] = {}
            for uid, name, key, code in self.store.conn.execute(
                "SELECT id, name, name_key, credit_code FROM units"
            ):
                row = {"id": uid, "name": name}
                for entry in (("name", name), ("key", key), ("code", code)):
                    index.setdefault(entry, []).append(row)
        text = n.unit_name(ref) or (n.text(ref) or "")
        if not text:
            return None
        found = {
            row["id"]: row
            for entry in (("name", text), ("code", text), ("key", n.name_key(ref)), ("code", text.upper()))
            for row in index.get(entry, ())
        }
        return next(iter(found.values())) if len(found) == 1 else None

    # ------------------------------------------------------------------ agreements
    def agreement(self, ref: object) -> dict[str, Any]:
        """An agreement by id, number or unambiguous fragment of its number."""
        text = n.identifier(ref) or ""
        return self.store.resolve(
            "agreements", text, what="what_agreement", exact=("number",), fragment=("number",), label="number"
        )

    def next_agreement_number(self, community_code: str, year: int) -> str:
        """The next free agreement number for a community and year, e.g. `BC-2016-003`."""
        prefix = f"{community_code}-{year}-"
        taken = self.store.scalar(
            "SELECT count(*) FROM agreements WHERE number LIKE ? ESCAPE '\\'",
            (like_escape(prefix) + "%",),
        )
        seq = taken + 1
        while self.store.scalar("SELECT 1 FROM agreements WHERE number = ?", (f"{prefix}{seq:03d}",)):
            seq += 1
        return f"{prefix}{seq:03d}"

    def save_agreement(self, community_id: int, unit_id: int, values: dict[str, Any]) -> tuple[Outcome, int]:
        """Insert or update an agreement matched on its number (numbered automatically when missing)."""
        wanted = {
            "community_id": community_id,
            "unit_id": unit_id,
            "signed_on": values.get("signed_on"),
            "valid_until": values.get("valid_until"),
            "commitments": json.dumps(values.get("commitments") or [], ensure_ascii=False),
            "note": values.get("note"),
        }
        if wanted["signed_on"] and wanted["valid_until"] and wanted["valid_until"] < wanted["signed_on"]:
            raise InvalidValue(
                "valid_before_signed", valid_until=wanted["valid_until"], signed_on=wanted["signed_on"]
            )
        if values.get("file"):
            path = Path(str(values["file"])).expanduser()
            if not path.is_file():
                raise InvalidValue("file_missing", path=str(path))
            wanted["file_path"] = str(path.resolve())
            wanted["file_sha256"] = sha256_file(path)
        number = values.get("number")
        if not number:
            code = self.store.scalar("SELECT code FROM communities WHERE id = ?", (community_id,))
            year = int((wanted["signed_on"] or date.today().isoformat())[:4])
            number = self.next_agreement_number(code, year)
        row = self.store.row("SELECT * FROM agreements WHERE number = ?", (number,))
        if row is None:
            return "inserted", self.store.insert("agreements", {"number": number, **wanted})
        diff = _changed(row, {k: v for k, v in wanted.items() if v is not None})
        if diff:
            self.store.update("agreements", row["id"], diff)
        return ("updated" if diff else "unchanged"), row["id"]

    def add_agreement(self, **raw: object) -> dict[str, Any]:
        """`agreement add`: file a signed agreement; the number is generated when not given."""
        values = validate("agreements", raw)
        with self.store.write("agreement add"):
            c = self.community(values["community"])
            u = self.unit(values["unit"])
            if values.get("number") and self.store.scalar(
                "SELECT 1 FROM agreements WHERE number = ?", (values["number"],)
            ):
                raise Conflict("agreement_exists", number=values["number"])
            _, aid = self.save_agreement(c["id"], u["id"], values)
        return self.show_agreement(aid)

    def list_agreements(
        self,
        *,
        community: object = None,
        unit: object = None,
        expiring_within: int | None = None,
        today: date | None = None,
    ) -> list[dict[str, Any]]:
        """Agreements, optionally of one community/unit or expiring within N days of today."""
        where, params = [], []
        if community is not None:
            where.append("a.community_id = ?")
            params.append(community if isinstance(community, int) else self.community(community)["id"])
        if unit is not None:
            where.append("a.unit_id = ?")
            params.append(unit if isinstance(unit, int) else self.unit(unit)["id"])
        day = today or date.today()
        if expiring_within is not None:
            where.append("a.valid_until BETWEEN ? AND ?")
            params += [day.isoformat(), (day + timedelta(days=expiring_within)).isoformat()]
        sql = AGREEMENT_SELECT
        if where:
            sql += " WHERE " + " AND ".join(where)
        order = " ORDER BY a.valid_until, a.number" if expiring_within is not None else " ORDER BY a.number"
        out = self.store.rows(sql + order, params)
        for row in out:
            row["commitments"] = json.loads(row["commitments"] or "[]")
            if row["valid_until"]:
                row["days_left"] = (date.fromisoformat(row["valid_until"]) - day).days
        return out

    def show_agreement(self, ref: object) -> dict[str, Any]:
        """One agreement with its commitments as a list."""
        row = self.agreement(ref) if not isinstance(ref, int) else self.store.get("agreements", ref)
        found = [a for a in self.list_agreements() if a["id"] == row["id"]]
        return found[0]

    # ------------------------------------------------------------------ importing (PRODUCT §5)
    # Called by `gongjian.importing.importer` inside its one write transaction, once per validated row. Rows are
    # matched on their natural keys by the save_* methods above, so re-importing a file changes nothing.
    # A field whose column the file does not have (ctx.options["columns"]) is left as it is in the ledger.

    @staticmethod
    def _kept(ctx: ImportContext) -> set[str] | None:
        """The fields an imported row sets: the file's columns and what `kinds.derive_unit` added; None when
        the file sets every field. The others are given as None, so they stay untouched."""
        columns = ctx.options.get("columns")
        return None if columns is None else columns.union(_DERIVED)

    @classmethod
    def _given(cls, values: dict[str, Any], ctx: ImportContext) -> dict[str, Any]:
        """A copy of the row's values with None for every field it does not set (`_kept`)."""
        keep = cls._kept(ctx)
        if keep is None:
            return dict(values)
        return {k: (v if k in keep else None) for k, v in values.items()}

    @classmethod
    def _given_all(cls, rows: list[dict[str, Any]], ctx: ImportContext) -> list[dict[str, Any]]:
        """`_given` of a batch, in place: the importer hands every call dicts of its own."""
        keep = cls._kept(ctx)
        if keep is None:
            return rows
        for values in rows:
            for key in values.keys() - keep:
                values[key] = None
        return rows

    def import_communities(self, values: dict[str, Any], ctx: ImportContext) -> Outcome:
        """One row of `gongjian import communities`: matched on code (else name); grids are added."""
        given = self._given(values, ctx)
        clash = self.store.scalar(
            "SELECT code FROM communities WHERE match_key(name) = ? AND code != ?",
            (n.match_key(given["name"]), given["code"]),
        )
        if clash:
            raise Conflict("community_name_taken", name=given["name"], code=clash, field="name")
        outcome, _ = self.save_community(given)
        return outcome

    def import_units(self, values: dict[str, Any], ctx: ImportContext) -> Outcome:
        """One row of `gongjian import units`: matched on credit code, else normalised name."""
        return self._import_unit(self._given(values, ctx))[0]

    def _import_unit(self, given: dict[str, Any]) -> tuple[Outcome, int]:
        try:
            return self.save_unit(given)
        except Conflict as exc:
            exc.params.setdefault("field", "credit_code" if exc.key == "unit_credit_mismatch" else "name")
            raise

    def import_units_batch(self, rows: list[dict[str, Any]], ctx: ImportContext) -> list[Outcome]:
        """Many rows of `gongjian import units` at once, with the outcomes `import_units` gives row by row.

        Units already in the ledger (looked up for the whole batch at once) go through `save_unit`; runs of
        new units are inserted with one `executemany`, flushed before any row that could touch them.
        """
        given = self._given_all(rows, ctx)
        # Validated names are already `unit_name`-clean, so their key is `match_key` (what `name_key` gives).
        keys = n.match_keys([g["name"] for g in given])
        codes = [g["credit_code"] for g in given if g.get("credit_code")]
        by_code = {r["credit_code"]: r for r in self._units_where("credit_code", codes)}
        by_key = {r["name_key"]: r for r in self._units_where("name_key", keys)}
        new_codes: set[str] = set()
        new_keys: set[str] = set()
        pending: list[dict[str, Any]] = []
        outcomes: list[Outcome] = []
        for values, key in zip(given, keys, strict=True):
            code = values.get("credit_code")
            found = (by_code.get(code) if code else None) or by_key.get(key)
            if (
                found is not None
                and found["name_key"] == key
                and not (code and code in new_codes)
                and not (code and found["credit_code"] and code != found["credit_code"])
            ):
                # `save_unit` without its queries: the row is already at hand and keeps its name.
                values = settle_unit(values, found)
                diff = _changed(found, {k: v for k, v in values.items() if v is not None})
                if diff:
                    self.store.update("units", found["id"], diff)
                    found.update(diff)
                outcomes.append("updated" if diff else "unchanged")
                if diff.get("credit_code"):
                    by_code[diff["credit_code"]] = found
                continue
            if found is not None or key in new_keys or (code and code in new_codes):
                if pending:
                    self._insert_units(pending)
                    pending.clear()
                outcome, uid = self._import_unit(values)
                outcomes.append(outcome)
                if found is not None:
                    by_code.pop(found["credit_code"], None)
                    by_key.pop(found["name_key"], None)
                row = self.store.get("units", uid)
                by_key[row["name_key"]] = row
                if row["credit_code"]:
                    by_code[row["credit_code"]] = row
                continue
            pending.append({**settle_unit(values, None), "name_key": key})
            outcomes.append("inserted")
            new_keys.add(key)
            if code:
                new_codes.add(code)
        if pending:
            self._insert_units(pending)
        return outcomes

    def _units_where(self, column: str, values: list[str]) -> list[dict[str, Any]]:
        """Units whose `column` is one of `values` (`Store.rows_where_in`)."""
        return self.store.rows_where_in("units", column, dict.fromkeys(values))

    _INSERT_COLUMNS = (
        "name",
        "name_key",
        "credit_code",
        "kind",
        "party_org",
        "party_members",
        "contact",
        "phone",
        "address",
        "legal_rep",
        "note",
        "active",
    )

    def _insert_units(self, rows: list[dict[str, Any]]) -> None:
        """Insert new units with one executemany, audited set-wise (`Store.bulk_insert`); absent kind,
        party-member count and activity take their defaults."""
        self.store.bulk_insert(
            "units",
            self._INSERT_COLUMNS,
            [
                (
                    r["name"],
                    r["name_key"],
                    r.get("credit_code"),
                    r.get("kind") or "other",
                    r.get("party_org"),
                    r.get("party_members") or 0,
                    r.get("contact"),
                    r.get("phone"),
                    r.get("address"),
                    r.get("legal_rep"),
                    r.get("note"),
                    1 if r.get("active") is None else r["active"],
                )
                for r in rows
            ],
        )

    def import_pairings(self, values: dict[str, Any], ctx: ImportContext) -> Outcome:
        """One row of `gongjian import pairings`: the active pairing of (community, unit), or an ended one."""
        cid = self.community_for(values["community"], ctx)["id"]
        uid = self.unit_for(values["unit"], ctx)["id"]
        given = self._given(values, ctx)
        started, ended = given.get("started"), given.get("ended")
        if started and ended and ended < started:
            raise InvalidValue("end_before_start", ended=ended, started=started, field="ended")
        if not ended:
            current = self.active_pairing(cid, uid)
            if current is None and not ctx.options.get("force"):
                try:
                    self.check_active(self.store.get("units", uid))
                except Conflict as exc:
                    exc.params.setdefault("field", "unit")
                    raise
            if given.get("role") is None:
                given["role"] = current["role"] if current else "member"
            try:
                outcome, _ = self.save_pairing(cid, uid, given)
            except Conflict as exc:
                exc.params.setdefault("field", "role")
                raise
            return outcome
        # A pairing that has ended: the same pairing ended that day, else the active one, which it ends.
        row = self.store.row(
            "SELECT * FROM pairings WHERE community_id = ? AND unit_id = ? AND ended = ? ORDER BY id LIMIT 1",
            (cid, uid, ended),
        ) or self.active_pairing(cid, uid)
        wanted = {k: given[k] for k in ("role", "started", "ended", "note") if given.get(k) is not None}
        if row is None:
            wanted.setdefault("role", "member")
            self.store.insert("pairings", {"community_id": cid, "unit_id": uid, **wanted})
            return "inserted"
        if not started and row["started"] and ended < row["started"]:
            raise InvalidValue("end_before_start", ended=ended, started=row["started"], field="ended")
        diff = _changed(row, wanted)
        if diff:
            self.store.update("pairings", row["id"], diff)
        return "updated" if diff else "unchanged"

    def import_agreements(self, values: dict[str, Any], ctx: ImportContext) -> Outcome:
        """One row of `gongjian import agreements`: matched on number, else on community, unit and signing date."""
        cid = self.community_for(values["community"], ctx)["id"]
        uid = self.unit_for(values["unit"], ctx)["id"]
        given = self._given(values, ctx)
        if given.get("number"):
            row = self.store.row("SELECT * FROM agreements WHERE number = ?", (given["number"],))
        else:
            row = self.store.row(
                "SELECT * FROM agreements WHERE community_id = ? AND unit_id = ? AND signed_on IS ? ORDER BY id LIMIT 1",
                (cid, uid, given.get("signed_on")),
            )
            if row is not None:
                given["number"] = row["number"]
        if given.get("commitments") is None:
            given["commitments"] = json.loads(row["commitments"]) if row is not None else []
        if given.get("file"):
            path = Path(str(given["file"])).expanduser()
            if not path.is_absolute():
                path = Path(ctx.options.get("base_dir") or ".") / path
            given["file"] = str(path)
        try:
            outcome, _ = self.save_agreement(cid, uid, given)
        except InvalidValue as exc:
            exc.params.setdefault("field", "file" if exc.key == "file_missing" else "valid_until")
            raise
        return outcome
