"""In-service party members (在职党员) registered at their residence community, and the services they log.

Natural key of a member: the ID number, else name + phone. `import_members_batch` handles rosters of
100,000 rows: one query prefetches the members the batch can match, then one `executemany` inserts and
one updates, with the same outcomes as the per-row `import_members`.
"""

from __future__ import annotations

import json
import operator
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from gongjian.errors import Ambiguous, Conflict, GongjianError, InvalidValue, NotFound
from gongjian.i18n import t
from gongjian.reading import normalize as n
from gongjian.reading.rules_file import rules_data, rules_path
from gongjian.reading.specs import ImportContext, validate
from gongjian.records.common import Outcome, changed, hours_of, name_field, year_of
from gongjian.records.records import Records
from gongjian.roster.roster import Roster
from gongjian.store.db import Store, like_escape, now_iso
from gongjian.vocab import keys as enum_keys
from gongjian.vocab import term_label

MEMBER_COLUMNS = (
    "name",
    "phone",
    "id_number",
    "unit_id",
    "community_id",
    "registered_on",
    "specialty",
    "post",
    "status",
    "note",
    "party_status",
    "kind",
)

_PLAIN_COLUMNS = tuple(c for c in MEMBER_COLUMNS if c not in ("unit_id", "community_id"))
_member_row = operator.itemgetter(*MEMBER_COLUMNS)  # a member dict as the tuple MEMBER_COLUMNS name

# The one listing query of members (`member list`/`show`, export, the year's book, the feedback sheet).
MEMBER_SELECT = """
    SELECT m.id, m.name, m.phone, m.id_number, u.name AS unit, c.code AS community_code, c.name AS community,
           m.registered_on, m.specialty, m.post, m.status, m.party_status, m.kind, m.note, m.uid, m.created_at,
           m.updated_at, m.status_on
    FROM members m LEFT JOIN units u ON u.id = m.unit_id JOIN communities c ON c.id = m.community_id
"""

# The one listing query of second registrations (两地报到: `member registrations`, `member show`, export).
REGISTRATION_SELECT = """
    SELECT r.id, m.name AS member, m.phone AS phone, m.id_number AS id_number, u.name AS unit,
           rc.name AS residence, c.code AS community_code, c.name AS community, r.place, r.registered_on,
           r.post, r.ended, r.note, r.member_id, r.community_id, r.uid, r.created_at, r.updated_at
    FROM member_registrations r JOIN members m ON m.id = r.member_id JOIN communities c ON c.id = r.community_id
    JOIN communities rc ON rc.id = m.community_id LEFT JOIN units u ON u.id = m.unit_id
"""

# The one listing query of services (`member show`, `member card`, export).
SERVICE_SELECT = """
    SELECT s.id, s.member_id, m.name AS member, m.phone AS phone, m.id_number AS id_number, s.date, s.year,
           s.activity_id, a.title AS activity, s.minutes, s.note, s.uid, s.created_at, s.updated_at
    FROM services s JOIN members m ON m.id = s.member_id LEFT JOIN activities a ON a.id = s.activity_id
"""


# The seeds' rule: each in-service member serves at least twice a year; feedback grades by services.
DEFAULT_MEMBER_RULES: dict[str, int] = {"target": 2, "excellent": 4, "pass": 2}
IN_SERVICE = "in_service"  # the kind of member a work unit answers for (the assessment, the feedback sheet)


def member_rules(path: Path | str | None = None) -> dict[str, Any]:
    """`{"target", "excellent", "pass", "kinds"}` from the `[members]` table of the rules file, else the
    defaults; `kinds` maps a member kind to its own yearly target (`target_of`).

    Reads `path` (an explicit `--rules` file, which must exist) or the shipped `data/rules/default.toml`;
    thresholds may also sit in `[members.feedback]`. Missing file or keys fall back to 2 / 4 / 2.
    """
    rules = dict(DEFAULT_MEMBER_RULES)
    file = rules_path(path)
    section = rules_data(path).get("members")
    if not isinstance(section, dict):
        return {**rules, "kinds": {}}
    feedback = section.get("feedback") if isinstance(section.get("feedback"), dict) else {}
    for key in rules:
        value = section.get(key, feedback.get(key))
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidValue("member_rules_bad", path=str(file), name=key, value=value)
        rules[key] = value
    kinds = section.get("kinds") if isinstance(section.get("kinds"), dict) else {}
    for kind, value in kinds.items():
        if (
            kind not in enum_keys("member_kind")
            or isinstance(value, bool)
            or not isinstance(value, int)
            or value < 1
        ):
            raise InvalidValue("member_rules_bad", path=str(file), name=f"kinds.{kind}", value=value)
    return {**rules, "kinds": dict(kinds)}


def in_service_sql(day: str, alias: str = "m") -> str:
    """SQL: the member `alias` is counted on `day` (an SQL date: `:last`, `?`) — the one rule of who owes services.

    A member counts for a year — registered, and owing that year's services (the target of
    `member_rules`) — when registered on or before the year's last day and still in service (在职) on
    it (`serving_sql`). So a member who left in 2017 is still listed, and still owes the year's services,
    in 2016; one who retired (退休) or died (去世) likewise counts until the day the status took effect.
    """
    return f"coalesce({alias}.registered_on, '') <= {day} AND {serving_sql(day, alias)}"


def serving_sql(day: str, alias: str = "m") -> str:
    """SQL: the member `alias` is in service (在职) on `day`: status active, or a later status (已转出,
    退休, 去世) that took effect only after that day (`status_on`). A status whose day nobody wrote down
    counts as taken effect long ago."""
    return f"({alias}.status = 'active' OR coalesce({alias}.status_on, '') > {day})"


def registered_there_sql(day: str, alias: str = "r") -> str:
    """SQL: the second registration `alias` (两地报到) counts on `day`: made on or before it (as a member's
    registration, `in_service_sql`) and not ended before it. The member must also be in service that day."""
    return (
        f"coalesce({alias}.registered_on, '') <= {day} AND ({alias}.ended IS NULL OR {alias}.ended >= {day})"
    )


def target_of(kind: str | None, target: int, kinds: dict[str, int] | None) -> int:
    """A member's yearly target of services: their kind's (`[members.kinds]` of the rules file), else
    `target` — 在职党员 owe `target` unless the rules say otherwise."""
    return (kinds or {}).get(kind or IN_SERVICE, target)


def target_sql(alias: str, kinds: dict[str, int] | None, params: dict[str, Any]) -> str:
    """`target_of` as SQL on the member `alias`, its kinds' targets bound into `params` (`:target` too)."""
    whens = []
    for i, (kind, value) in enumerate(sorted((kinds or {}).items())):
        params[f"kind_{i}"], params[f"kind_target_{i}"] = kind, int(value)
        whens.append(f"WHEN :kind_{i} THEN :kind_target_{i}")
    return f"(CASE {alias}.kind {' '.join(whens)} ELSE :target END)" if whens else ":target"


def _counted_ids(joined: str | None) -> dict[int, int]:
    """How often each id occurs in a `group_concat` of integer ids (None: none), counted as text first."""
    return {int(i): n for i, n in Counter(joined.split(",")).items()} if joined else {}


def met_target(services: int, target: int) -> bool:
    """True when a member's services in a year reach the year's target (2 by default: 每年至少服务2次)."""
    return int(services or 0) >= int(target)


def evaluate(services: int, rules: dict[str, int]) -> str:
    """The feedback grade key of a year's services: `excellent`, `pass` or `fail` (rules thresholds)."""
    if services >= rules["excellent"]:
        return "excellent"
    if services >= rules["pass"]:
        return "pass"
    return "fail"


def _listed(row: dict[str, Any], year: int, target: int, kinds: dict[str, int] | None) -> dict[str, Any]:
    """A row of `iter_members`: hours, the year, `due` as a bool, the member's `target` (`target_of`) and the
    services `owed` to it."""
    row["hours"] = hours_of(row.get("minutes"))
    row["year"] = year
    row["due"] = bool(row["due"])
    row["target"] = target_of(row.get("kind"), target, kinds)
    row["owed"] = max(row["target"] - row["services"], 0) if row["due"] else 0
    return row


def _with_hours(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for row in rows:
        row["hours"] = hours_of(row.get("minutes"))
    return rows


class _Roster:
    """The members a batch can match, kept in step with the batch as it is applied row by row."""

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.by_id: dict[str, dict[str, Any]] = {}
        self.by_name_phone: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for rec in records:
            self.add(rec)

    def add(self, rec: dict[str, Any]) -> None:
        if rec.get("id_number"):
            self.by_id[rec["id_number"]] = rec
        if rec.get("phone"):
            self.by_name_phone.setdefault((rec["name"], rec["phone"]), []).append(rec)

    def remove(self, rec: dict[str, Any]) -> None:
        if rec.get("id_number") and self.by_id.get(rec["id_number"]) is rec:
            del self.by_id[rec["id_number"]]
        if rec.get("phone"):
            bucket = self.by_name_phone.get((rec["name"], rec["phone"]), [])
            if rec in bucket:
                bucket.remove(rec)

    def match(self, wanted: dict[str, Any]) -> dict[str, Any] | None:
        """The member a row names: by ID number, else by name + phone (not one with another ID number)."""
        if wanted.get("id_number") and wanted["id_number"] in self.by_id:
            return self.by_id[wanted["id_number"]]
        if wanted.get("phone"):
            for rec in self.by_name_phone.get((wanted["name"], wanted["phone"]), []):
                if not rec.get("id_number") or not wanted.get("id_number"):
                    return rec
        return None


def _note_keys(written: tuple[set[str], set[int]], recs: list[dict[str, Any]]) -> None:
    """Remember the keys members were written under (a hash of name + phone: a collision costs one query)."""
    ids, pairs = written
    for rec in recs:
        if rec["id_number"]:
            ids.add(rec["id_number"])
        if rec["phone"]:
            pairs.add(hash((rec["name"], rec["phone"])))


class Members:
    """Party members and their services: `ledger.members`."""

    def __init__(self, store: Store, roster: Roster, records: Records) -> None:
        self.store = store
        self.roster = roster
        self.records = records

    # ------------------------------------------------------------------ naming
    def member(self, ref: object) -> dict[str, Any]:
        """A member by id, ID number, phone, exact name or unambiguous fragment of the name."""
        text = n.text(ref) or ""
        if not text:
            raise NotFound("not_found", what=t("what_member"), name=text)
        if text.isdigit() and len(text) < 11:
            row = self.store.get("members", int(text))
            if row is not None:
                return row
        try:
            phone = n.phone(text)
        except GongjianError:
            phone = None
        found = self.store.rows(
            MEMBER_SELECT + " WHERE m.id_number = ? OR m.phone = ? OR m.name = ? ORDER BY m.id LIMIT 11",
            (text.upper(), phone, text),
        )
        if not found:
            found = self.store.rows(
                MEMBER_SELECT + " WHERE m.name LIKE ? ESCAPE '\\' ORDER BY m.id LIMIT 11",
                (f"%{like_escape(text)}%",),
            )
        if not found:
            raise NotFound("not_found", what=t("what_member"), name=text)
        if len(found) > 1:
            names = [
                t("member_candidate", name=r["name"], unit=r["unit"] or "-", id=r["id"]) for r in found[:10]
            ]
            if len(found) > 10:
                names.append("…")
            raise Ambiguous("ambiguous", what=t("what_member"), name=text, candidates="、".join(names))
        return self.store.get("members", found[0]["id"])

    # ------------------------------------------------------------------ members
    def _member_wanted(
        self,
        values: dict[str, Any],
        ctx: ImportContext | None,
        known: tuple[dict[Any, int], dict[Any, int]] | None = None,
    ) -> dict[str, Any]:
        """The member columns a validated record asks for (references resolved); `known` keeps the ids of
        the units and communities a batch named already (by the text that named them)."""
        if not values.get("id_number") and not values.get("phone"):
            raise InvalidValue("member_needs_key", field="phone")
        unit_ids, community_ids = known if known is not None else ({}, {})
        unit, community = values["unit"], values["community"]
        uid = unit_ids.get(unit)
        if uid is None:  # 工作单位及职务 names the unit first
            uid = unit_ids[unit] = self.roster.unit_for(unit, ctx, leading=True)["id"]
        cid = community_ids.get(community)
        if cid is None:
            cid = community_ids[community] = self.roster.community_for(community, ctx)["id"]
        wanted = dict(zip(_PLAIN_COLUMNS, map(values.get, _PLAIN_COLUMNS), strict=True))
        wanted["unit_id"] = uid
        wanted["community_id"] = cid
        return wanted

    def _find_member(self, wanted: dict[str, Any]) -> dict[str, Any] | None:
        if wanted.get("id_number"):
            row = self.store.row("SELECT * FROM members WHERE id_number = ?", (wanted["id_number"],))
            if row is not None:
                return row
        if wanted.get("phone"):
            return self.store.row(
                "SELECT * FROM members WHERE name = ? AND phone = ? AND (id_number IS NULL OR ? IS NULL) "
                "ORDER BY id LIMIT 1",
                (wanted["name"], wanted["phone"], wanted.get("id_number")),
            )
        return None

    def save_member(
        self, values: dict[str, Any], *, ctx: ImportContext | None = None, must_be_new: bool = False
    ) -> tuple[Outcome, int]:
        """Insert or update a member matched on ID number, else name + phone."""
        wanted = self._member_wanted(values, ctx)
        row = self._find_member(wanted)
        if row is None:
            return "inserted", self.store.insert(
                "members", {k: v for k, v in wanted.items() if v is not None}
            )
        if must_be_new:
            unit = self.store.scalar("SELECT name FROM units WHERE id = ?", (row["unit_id"],))
            raise Conflict("member_exists", id=row["id"], name=row["name"], unit=unit or "-")
        diff = changed(row, wanted)
        if diff:
            self.store.update("members", row["id"], diff)
        return ("updated" if diff else "unchanged"), row["id"]

    def add_member(self, **raw: object) -> dict[str, Any]:
        """`member add`: register an in-service party member at a community (报到)."""
        if not raw.get("registered_on"):
            raw["registered_on"] = date.today().isoformat()
        values = validate("members", raw)
        with self.store.write("member add"):
            _, mid = self.save_member(values, must_be_new=True)
        return self.store.rows(MEMBER_SELECT + " WHERE m.id = ?", (mid,))[0]

    def edit_member(
        self,
        ref: object,
        *,
        unit: object = None,
        community: object = None,
        phone: object = None,
        status: object = None,
        on: object = None,
        note: object = None,
    ) -> dict[str, Any]:
        """`member edit`: change a member's work unit, community, phone, status (with the day it took effect,
        default today) or note, in one audited command (`undo` reverts it).

        Returns the member as `MEMBER_SELECT` lists it, with `changes`: [{"field", "before", "after"}] of
        the fields a clerk reads (unit and community by name). Refused: a status dated before the member
        registered, a phone another member of that name has, `on` without a status, nothing to change.
        """
        given = {"unit": unit, "community": community, "phone": phone, "status": status, "note": note}
        given = {k: v for k, v in given.items() if v is not None and str(v).strip() != ""}
        if not given and not on:
            raise InvalidValue("member_edit_nothing")
        if on and "status" not in given:
            raise InvalidValue("member_edit_on_needs_status")
        values = validate("members", {k: v for k, v in given.items() if k != "status"}, partial=True)
        with self.store.write("member edit"):
            row = self.member(ref)
            wanted: dict[str, Any] = {}
            if "unit" in given:
                wanted["unit_id"] = self.roster.unit_for(values["unit"])["id"]
            if "community" in given:
                wanted["community_id"] = self.roster.community_for(values["community"])["id"]
            if "phone" in given:
                wanted["phone"] = values["phone"]
                clash = self.store.row(
                    "SELECT id FROM members WHERE name = ? AND phone = ? AND id <> ?",
                    (row["name"], values["phone"], row["id"]),
                )
                if clash is not None:
                    raise Conflict("member_phone_taken", name=row["name"], id=clash["id"])
            if "note" in given:
                wanted["note"] = values["note"]
            if "status" in given:
                wanted["status"] = n.enum_value("member_status", given["status"])
                day = n.date_iso(on) if on else date.today().isoformat()
                if row["registered_on"] and day < row["registered_on"]:
                    raise InvalidValue(
                        "member_status_before_registered", day=day, registered_on=row["registered_on"]
                    )
                if wanted["status"] != row["status"] or on:
                    wanted["status_on"] = day
            diff = changed(row, wanted)
            if not diff:
                raise InvalidValue("member_edit_unchanged", name=row["name"])
            listed = MEMBER_SELECT + " WHERE m.id = ?"
            before = self.store.rows(listed, (row["id"],))[0]
            self.store.update("members", row["id"], diff)
            after = self.store.rows(listed, (row["id"],))[0]
        shown = ("unit", "community", "phone", "status", "status_on", "note")
        after["changes"] = [
            {"field": k, "before": before[k], "after": after[k]} for k in shown if before[k] != after[k]
        ]
        return after

    def import_members(self, values: dict[str, Any], ctx: ImportContext) -> Outcome:
        """Importer: one row of a party-member roster."""
        outcome, _ = self.save_member(values, ctx=ctx)
        return outcome

    def import_members_batch(self, rows: list[dict[str, Any]], ctx: ImportContext) -> list[Outcome]:
        """Importer, fast path: a whole roster with one prefetch query, one insert and one update batch.

        A row whose unit or community cannot be named raises its error with `index` (0-based position in
        `rows`) and `field` set, before anything is written.
        """
        wanted_rows = []
        known: tuple[dict[Any, int], dict[Any, int]] = ({}, {})  # each unit and community looked up once
        for index, values in enumerate(rows):
            try:
                wanted_rows.append(self._member_wanted(values, ctx, known))
            except GongjianError as exc:
                exc.params.setdefault("index", index)
                raise
        roster = self._batch_roster(wanted_rows, ctx)
        ours: set[int] = ctx.cache.setdefault("members_written", {}).setdefault("ids", set())
        outcomes: list[Outcome] = []
        inserts: list[dict[str, Any]] = []
        dirty: dict[int, dict[str, Any]] = {}
        for wanted in wanted_rows:
            rec = roster.match(wanted)
            if rec is None:
                rec = {**wanted, "id": None}
                rec["status"] = rec["status"] or "active"  # the column's default, as the row will read
                rec["kind"] = rec["kind"] or "in_service"
                inserts.append(rec)
                roster.add(rec)
                outcomes.append("inserted")
                continue
            diff = changed(rec, wanted)
            # the same member twice in one file (by ID number, though the phones differ): merged, not updated
            again = rec["id"] is None or rec["id"] in ours
            if rec["id"] is not None:
                ours.add(rec["id"])
            if not diff:
                outcomes.append("repeated" if again else "unchanged")
                continue
            roster.remove(rec)
            rec.update(diff)
            roster.add(rec)
            if rec["id"] is not None:
                dirty[rec["id"]] = rec
            outcomes.append("repeated" if again else "updated")
        ours.update(
            self.store.bulk_insert(
                "members",
                MEMBER_COLUMNS,
                list(map(_member_row, inserts)),
            )
        )

        written = ctx.cache.get("member_roster", {}).get("written")
        if written is not None:
            _note_keys(written, [*inserts, *dirty.values()])
        stamp = now_iso()
        sets = ", ".join(f"{c} = ?" for c in MEMBER_COLUMNS)
        self.store.conn.executemany(
            f"UPDATE members SET {sets}, updated_at = ? WHERE id = ?",
            [(*(rec.get(c) for c in MEMBER_COLUMNS), stamp, rec["id"]) for rec in dirty.values()],
        )
        return outcomes

    def _batch_roster(self, wanted_rows: list[dict[str, Any]], ctx: ImportContext) -> _Roster:
        """The existing members a batch can match, read with one query (none when none can match).

        An import that began on an empty members table keeps, in `ctx.cache`, the keys of the members it
        wrote (ID numbers and hashes of name + phone): a batch naming none of them cannot match anyone and
        skips the query. A rollback clears the cache, and the next batch asks the ledger again.
        """
        kept = ctx.cache.setdefault("member_roster", {})
        written = kept.get("written")
        if written is None and "filled" not in kept:
            if self.store.scalar("SELECT 1 FROM members LIMIT 1") is None:
                written = kept["written"] = (set(), set())
            else:
                kept["filled"] = True
        if written is not None:
            ids, pairs = written
            if not any(
                (w["id_number"] and w["id_number"] in ids)
                or (w["phone"] and hash((w["name"], w["phone"])) in pairs)
                for w in wanted_rows
            ):
                return _Roster([])
        ids = sorted({w["id_number"] for w in wanted_rows if w.get("id_number")})
        names = sorted({w["name"] for w in wanted_rows if w.get("phone")})
        return _Roster(
            self.store.rows(
                "SELECT * FROM members WHERE id_number IN (SELECT value FROM json_each(?)) "
                "OR name IN (SELECT value FROM json_each(?)) ORDER BY id",
                (json.dumps(ids, ensure_ascii=False), json.dumps(names, ensure_ascii=False)),
            )
        )

    def list_members(
        self,
        *,
        unit: object = None,
        community: object = None,
        status: object = None,
        post: object = None,
        year: int | None = None,
        below_target: bool = False,
        target: int = 2,
        kinds: dict[str, int] | None = None,
    ) -> list[dict[str, Any]]:
        """Members with their services and minutes in `year` (default this year); optionally only those below
        target (`iter_members`)."""
        return list(
            self.iter_members(
                unit=unit,
                community=community,
                status=status,
                post=post,
                year=year,
                below_target=below_target,
                target=target,
                kinds=kinds,
            )
        )

    def iter_members(
        self,
        *,
        unit: object = None,
        community: object = None,
        status: object = None,
        post: object = None,
        year: int | None = None,
        below_target: bool = False,
        target: int = 2,
        kinds: dict[str, int] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """`list_members` one row at a time from the cursor (a bad filter is refused at once).

        Each row has `due` (counted on the year's last day, `in_service_sql`: owes services that year) and
        `owed`.
        """
        year = int(year or date.today().year)
        where, params = [], [year]
        if unit is not None and str(unit).strip():
            where.append("m.unit_id = ?")
            params.append(self.roster.unit_for(unit)["id"])
        if community is not None and str(community).strip():
            where.append("m.community_id = ?")
            params.append(self.roster.community_for(community)["id"])
        if status is not None and str(status).strip():
            where.append("m.status = ?")
            params.append(n.enum_value("member_status", status))
        if post is not None and str(post).strip():
            where.append("m.post = ?")
            params.append(n.enum_value("member_post", post))
        year_end = f"{year:04d}-12-31"
        if below_target:
            # below the highest target in SQL; below the member's own (`target_of`) as the rows are listed
            where.append(f"{in_service_sql('?')} AND coalesce(s.n, 0) < ?")
            params += [year_end, year_end, max([target, *(kinds or {}).values()])]
        sql = MEMBER_SELECT.replace(
            "FROM members m",
            ", coalesce(s.n, 0) AS services, coalesce(s.minutes, 0) AS minutes, "
            f"({in_service_sql(repr(year_end))}) AS due FROM members m",
        ) + (
            " LEFT JOIN (SELECT member_id, count(*) AS n, sum(minutes) AS minutes FROM services WHERE year = ? "
            "GROUP BY member_id) s ON s.member_id = m.id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self.store.stream(sql + " ORDER BY c.code, u.name, m.name, m.id", params)
        listed = (_listed(row, year, target, kinds) for row in rows)
        return (row for row in listed if row["owed"]) if below_target else listed

    def show_member(self, ref: object) -> dict[str, Any]:
        """A member with every service logged, newest first, the count per year, and their second
        registrations (两地报到)."""
        mid = ref if isinstance(ref, int) else self.member(ref)["id"]
        row = self.store.rows(MEMBER_SELECT + " WHERE m.id = ?", (mid,))[0]
        row["services"] = _with_hours(
            self.store.rows(SERVICE_SELECT + " WHERE s.member_id = ? ORDER BY s.date DESC, s.id", (mid,))
        )
        row["years"] = _with_hours(
            self.store.rows(
                "SELECT year, count(*) AS services, sum(minutes) AS minutes FROM services WHERE member_id = ? "
                "GROUP BY year ORDER BY year",
                (mid,),
            )
        )
        row["registrations"] = self.list_registrations(member=mid)
        return row

    # ------------------------------------------------------------------ services
    def _service_member(self, values: dict[str, Any], ctx: ImportContext | None) -> dict[str, Any]:
        """The member a service row names: by ID number, else name + phone, else an unambiguous name."""
        key = (values.get("id_number"), values["member"], values.get("phone"))

        def find() -> dict[str, Any]:
            if values.get("id_number"):
                row = self.store.row(
                    "SELECT id, name, status, community_id FROM members WHERE id_number = ?",
                    (values["id_number"],),
                )
                if row is None:
                    raise NotFound(
                        "not_found",
                        what=t("what_member"),
                        name=n.mask_id(values["id_number"]),
                        field="id_number",
                    )
                return row
            if values.get("phone"):
                row = self.store.row(
                    "SELECT id, name, status, community_id FROM members WHERE name = ? AND phone = ? ORDER BY id LIMIT 1",
                    (values["member"], values["phone"]),
                )
                if row is None:
                    raise NotFound(
                        "not_found",
                        what=t("what_member"),
                        name=f"{values['member']} {n.mask_phone(values['phone'])}",
                        field="member",
                    )
                return row
            try:
                row = self.member(values["member"])
            except GongjianError as exc:
                raise name_field(exc, "member") from None
            return {k: row[k] for k in ("id", "name", "status", "community_id")}

        return ctx.cached("member", key, find) if ctx is not None else find()

    def save_service(
        self, values: dict[str, Any], *, ctx: ImportContext | None = None, must_be_new: bool = False
    ) -> tuple[Outcome, int]:
        """Insert or update a service matched on member + date + activity (or note when no activity)."""
        member = self._service_member(values, ctx)
        day = values["date"]
        activity_id = None
        if values.get("activity"):
            try:
                # one title is often held in several communities: prefer the member's own
                activity_id = self.records.activity(
                    values["activity"], on=day, prefer_community=member["community_id"]
                )["id"]
            except GongjianError as exc:
                raise name_field(exc, "activity") from None
        if activity_id is not None:
            row = self.store.row(
                "SELECT * FROM services WHERE member_id = ? AND date = ? AND activity_id = ?",
                (member["id"], day, activity_id),
            )
            wanted = {"minutes": values.get("duration"), "note": values.get("note")}
        else:
            row = self.store.row(
                "SELECT * FROM services WHERE member_id = ? AND date = ? AND activity_id IS NULL AND note IS ?",
                (member["id"], day, values.get("note")),
            )
            wanted = {"minutes": values.get("duration")}
        if row is None:
            new = {
                "member_id": member["id"],
                "date": day,
                "year": year_of(day),
                "activity_id": activity_id,
                "minutes": values.get("duration") or 0,
                "note": values.get("note"),
            }
            return "inserted", self.store.insert("services", {k: v for k, v in new.items() if v is not None})
        if must_be_new:
            what = values.get("activity") or values.get("note") or ""
            raise Conflict("service_exists", name=member["name"], date=day, what=what)
        diff = changed(row, wanted)
        if diff:
            self.store.update("services", row["id"], diff)
        return ("updated" if diff else "unchanged"), row["id"]

    def serve(
        self,
        ref: object,
        *,
        on: object = None,
        hours: object = None,
        activity: object = None,
        note: object = None,
        target: int = 2,
        kinds: dict[str, int] | None = None,
    ) -> dict[str, Any]:
        """`member serve`: log one service of a member; returns it with the member's count in that year and
        their target (`target_of`)."""
        member = self.member(ref)
        values = validate(
            "services",
            {
                "member": member["name"],
                "date": on or date.today().isoformat(),
                "duration": hours,
                "activity": activity,
                "note": note,
            },
        )
        serving = self.store.scalar(
            f"SELECT {serving_sql('?')} FROM members m WHERE m.id = ?", (values["date"], member["id"])
        )
        if not serving:
            if member["status"] == "left":
                raise Conflict("member_left", name=member["name"])
            raise Conflict(
                "member_not_serving",
                name=member["name"],
                status=term_label("member_status", member["status"]),
                since=member["status_on"] or "-",
            )
        values["id_number"] = member["id_number"]
        values["phone"] = member["phone"]
        if not member["id_number"] and not member["phone"]:
            values["member"] = str(member["id"])
        with self.store.write("member serve"):
            _, sid = self.save_service(values, must_be_new=True)
        row = _with_hours(self.store.rows(SERVICE_SELECT + " WHERE s.id = ?", (sid,)))[0]
        row["count"] = self.store.scalar(
            "SELECT count(*) FROM services WHERE member_id = ? AND year = ?", (member["id"], row["year"])
        )
        row["target"] = target_of(member["kind"], target, kinds)
        return row

    def import_services(self, values: dict[str, Any], ctx: ImportContext) -> Outcome:
        """Importer: one row of a service log (活动记录卡 lines)."""
        outcome, _ = self.save_service(values, ctx=ctx)
        return outcome

    def list_services(self, *, member: int | None = None, year: int | None = None) -> list[dict[str, Any]]:
        """Services in date order, of one member and/or one year; `hours` beside `minutes`."""
        where, params = [], []
        if member is not None:
            where.append("s.member_id = ?")
            params.append(member)
        if year is not None:
            where.append("s.year = ?")
            params.append(int(year))
        sql = SERVICE_SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY s.date, s.id"
        return _with_hours(self.store.rows(sql, params))

    def member_card(self, ref: object, year: int, rules: dict[str, int]) -> dict[str, Any]:
        """The member's 活动记录卡 for a year: details, services, count, hours, target met or owed."""
        mid = self.member(ref)["id"]
        member = self.store.rows(MEMBER_SELECT + " WHERE m.id = ?", (mid,))[0]
        services = self.list_services(member=mid, year=year)
        count = len(services)
        minutes = sum(s["minutes"] for s in services)
        target = target_of(member["kind"], rules["target"], rules.get("kinds"))
        return {
            "member": member,
            "year": int(year),
            "services": services,
            "count": count,
            "minutes": minutes,
            "hours": hours_of(minutes),
            "target": target,
            "met": met_target(count, target),
            "owed": max(target - count, 0),
            "evaluation": evaluate(count, rules),
        }

    def member_feedback(self, unit: object, year: int, rules: dict[str, int]) -> dict[str, Any]:
        """The 反馈表 for a work unit: each 在职党员 in service on the year's last day (`in_service_sql`), with
        the services, hours and evaluation of the year."""
        u = self.roster.unit_for(unit)
        listed = self.list_members(unit=u["id"], year=year, target=rules["target"], kinds=rules.get("kinds"))
        rows = [row for row in listed if row["due"] and row["kind"] == IN_SERVICE]  # the unit's 在职党员
        counts = {"excellent": 0, "pass": 0, "fail": 0}
        # 两地报到: the sheet names every community the member serves in, the one they live in first
        elsewhere = self.communities_of([r["id"] for r in rows], f"{int(year):04d}-12-31")
        for row in rows:
            row["community"] = "、".join([row["community"], *elsewhere.get(row["id"], [])])
        for row in rows:
            row["evaluation"] = evaluate(row["services"], rules)
            row["target_met"] = met_target(row["services"], row["target"])
            counts[row["evaluation"]] += 1
        return {"unit": u["name"], "year": int(year), "rows": rows, "counts": counts, "rules": rules}

    def year_member_rows(
        self, year: int, last: str, target: int, feedback: dict[str, int], *, community_id: int | None = None
    ) -> Any:
        """The book's 在职党员 rows, a cursor: members in service on `last` (`in_service_sql`), by community.

        Each row: community, name, work unit, registered_on, post, services in `year`, hours, target met
        (`met_target`: ≥ `target` services) and the feedback grade (`evaluate`: `feedback` thresholds).
        """
        where = [in_service_sql(":last")]
        params: dict[str, Any] = {
            "year": int(year),
            "last": last,
            "target": target,
            "excellent": feedback["excellent"],
            "pass": feedback["pass"],
        }
        if community_id is not None:
            where.append("m.community_id = :community")
            params["community"] = community_id
        # the target flag and the grade are `met_target` and `evaluate`, computed by SQLite for a city's rows
        return self.store.conn.execute(
            f"""SELECT c.name, m.name, u.name, m.registered_on, m.post,
                       coalesce(s.n, 0), round(coalesce(s.minutes, 0) / 60.0, 2),
                       coalesce(s.n, 0) >= :target,
                       CASE WHEN coalesce(s.n, 0) >= :excellent THEN 'excellent'
                            WHEN coalesce(s.n, 0) >= :pass THEN 'pass' ELSE 'fail' END
                FROM members m LEFT JOIN units u ON u.id = m.unit_id JOIN communities c ON c.id = m.community_id
                LEFT JOIN (SELECT member_id, count(*) AS n, sum(minutes) AS minutes FROM services
                           WHERE year = :year GROUP BY member_id) s ON s.member_id = m.id
                WHERE {" AND ".join(where)} ORDER BY c.code, u.name, m.name, m.id""",
            params,
        )

    def year_service_rows(self, year: int, *, community_id: int | None = None) -> Any:
        """The book's 服务记录 rows, a cursor: every service dated in `year`, by the member's community.

        Each row: community, member, work unit, date, what was done (the activity, else the note), hours.
        """
        sql = """SELECT c.name, m.name, u.name, s.date, coalesce(a.title, s.note), round(s.minutes / 60.0, 2)
                 FROM services s JOIN members m ON m.id = s.member_id
                 JOIN communities c ON c.id = m.community_id LEFT JOIN units u ON u.id = m.unit_id
                 LEFT JOIN activities a ON a.id = s.activity_id
                 WHERE s.year = ?"""
        params: list[Any] = [int(year)]
        if community_id is not None:
            sql += " AND m.community_id = ?"
            params.append(community_id)
        return self.store.conn.execute(sql + " ORDER BY c.code, s.date, m.name, s.id", params)

    # ------------------------------------------------------------------ figures
    def member_figures(
        self, year: int, target: int, *, by: str = "unit", kinds: dict[str, int] | None = None
    ) -> dict[Any, Any]:
        """Members counted on the last day of `year` (`in_service_sql`), and how many served their target.

        `by="unit"`: per work unit, `{unit_id: {"registered": n, "met_target": n}}` — 在职党员 only, the
        members a unit answers for, against `target` (members without a unit are left out);
        `by="community"`: per residence community, every kind of member against their own target
        (`target_of`: `kinds`, else `target`); `by="both"`: `{"unit": {...}, "community": {...}}`;
        `by="all"`: those and `"kind"`, the rows of `kind_figures` — all from one pass over the year's
        services. Groups without registered members are absent.
        """
        if by not in ("unit", "community", "both", "all"):
            raise ValueError(f"member_figures: by must be unit, community, both or all, not {by!r}")
        last = f"{int(year):04d}-12-31"
        # `in_service_sql` reads kind, status, registered_on and status_on only: each count stays on its
        # covering index (migration 9).
        out: dict[str, Any] = {}
        if by != "community":
            out["unit"] = {
                key: {"registered": n, "met_target": 0}
                for key, n in self.store.conn.execute(
                    "SELECT unit_id, count(*) FROM members INDEXED BY members_unit "
                    f"WHERE {in_service_sql(':last', 'members')} AND unit_id IS NOT NULL AND kind = :kind "
                    "GROUP BY unit_id",
                    {"last": last, "kind": IN_SERVICE},
                )
            }
        by_kind: Counter[str] = Counter()
        if by != "unit":
            out["community"] = {}
            for cid, kind, n in self.store.conn.execute(
                "SELECT community_id, kind, count(*) FROM members INDEXED BY members_community "
                f"WHERE {in_service_sql(':last', 'members')} GROUP BY community_id, kind",
                {"last": last},
            ):
                out["community"].setdefault(cid, {"registered": 0, "met_target": 0})["registered"] += n
                by_kind[kind] += n
        # Those who met their target: the year's counts per member (`service_counts`, kept by triggers on
        # services), each such member looked up once by id. Their unit (在职党员 only), community and kind
        # come back as three lists in one row, counted here every way: cheaper than sorted GROUP BYs, and
        # than one Python row per member (67,000 on the city ledger: 0.073 -> 0.053 s).
        params: dict[str, Any] = {"year": int(year), "target": int(target), "last": last, "kind": IN_SERVICE}
        floor = min([int(target), *(kinds or {}).values()])
        params["floor"] = floor
        wanted = target_sql("m", kinds, params)
        units, communities, met_kinds = self.store.conn.execute(
            f"""SELECT group_concat(CASE WHEN m.kind = :kind THEN m.unit_id END), group_concat(m.community_id),
                      group_concat(m.kind)
               FROM service_counts s JOIN members m ON m.id = s.member_id
               WHERE s.year = :year AND s.services >= :floor AND {in_service_sql(":last")}
                 AND s.services >= {wanted}""",
            params,
        ).fetchone()
        if "unit" in out:
            for unit_id, count in _counted_ids(units).items():
                if unit_id in out["unit"]:
                    out["unit"][unit_id]["met_target"] = count
        if "community" in out:
            for cid, count in _counted_ids(communities).items():
                out["community"][cid]["met_target"] = count
        if by == "all":
            met_by_kind = Counter(met_kinds.split(",") if met_kinds else [])
            out["kind"] = self._kind_rows(by_kind, met_by_kind, target, kinds)
        if "community" in out:  # 两地报到: a community counts its second registrations too
            self._add_registrations(out["community"], year, target, kinds)
        return out if by in ("both", "all") else out[by]

    @staticmethod
    def _kind_rows(
        registered: Counter[str], met: Counter[str], target: int, kinds: dict[str, int] | None
    ) -> list[dict[str, Any]]:
        """The rows of `kind_figures` from the members counted per kind and those who met their target."""
        order = {k: i for i, k in enumerate(enum_keys("member_kind"))}
        rows = [
            {"kind": kind, "target": target_of(kind, target, kinds), "registered": n, "met_target": met[kind]}
            for kind, n in sorted(registered.items())
        ]
        return sorted(rows, key=lambda r: order.get(r["kind"], len(order)))

    def _add_registrations(
        self, groups: dict[int, dict[str, int]], year: int, target: int, kinds: dict[str, int] | None
    ) -> None:
        """Each community's second registrations counted on the year's last day (`registered_there_sql`,
        the member in service: `in_service_sql`), and of them those whose services in the year — all of
        them, wherever done: the target is the member's (`target_of`) — reached it."""
        last = f"{int(year):04d}-12-31"
        params: dict[str, Any] = {"year": int(year), "target": int(target), "last": last}
        wanted = target_sql("m", kinds, params)
        for cid, registered, met in self.store.conn.execute(
            f"""SELECT r.community_id, count(*), sum(coalesce(s.services, 0) >= {wanted})
                FROM member_registrations r JOIN members m ON m.id = r.member_id
                LEFT JOIN service_counts s ON s.year = :year AND s.member_id = m.id
                WHERE {registered_there_sql(":last")} AND {in_service_sql(":last")} GROUP BY r.community_id""",
            params,
        ):
            group = groups.setdefault(cid, {"registered": 0, "met_target": 0})
            group["registered"] += registered
            group["met_target"] += met or 0

    def kind_figures(
        self, year: int, target: int, kinds: dict[str, int] | None = None
    ) -> list[dict[str, Any]]:
        """The year's members by kind (在职党员, 离退休党员 …), counted on its last day (`in_service_sql`):
        kind, its target (`target_of`), members registered and those who met it — kinds with members only."""
        return self.member_figures(year, target, by="all", kinds=kinds)["kind"]

    # ------------------------------------------------------------------ 两地报到
    def register_member(
        self,
        ref: object,
        community: object,
        *,
        on: object = None,
        post: object = None,
        place: object = None,
        note: object = None,
    ) -> dict[str, Any]:
        """`member register`: a member registers in a second community (出生地 by default) and serves there
        too; one registration per community, never the one they live in."""
        member = self.member(ref)
        values = validate(
            "member_registrations",
            {
                "member": member["name"],
                "community": str(community),
                "registered_on": on or date.today().isoformat(),
                "post": post,
                "place": place,
                "note": note,
            },
        )
        with self.store.write("member register"):
            c = self.roster.community(community)
            self._check_registration(member, c, values)
            rid = self.store.insert(
                "member_registrations", self._registration_row(member["id"], c["id"], values)
            )
        return self.store.rows(REGISTRATION_SELECT + " WHERE r.id = ?", (rid,))[0]

    def _check_registration(
        self, member: dict[str, Any], community: dict[str, Any], values: dict[str, Any]
    ) -> None:
        if member["community_id"] == community["id"]:
            raise Conflict(
                "reg_residence", name=member["name"], community=community["name"], field="community"
            )
        if self.store.scalar(
            "SELECT 1 FROM member_registrations WHERE member_id = ? AND community_id = ?",
            (member["id"], community["id"]),
        ):
            raise Conflict("reg_exists", name=member["name"], community=community["name"], field="community")
        ended, begun = values.get("ended"), values.get("registered_on")
        if ended and begun and ended < begun:
            raise InvalidValue("end_before_start", ended=ended, started=begun, field="ended")

    @staticmethod
    def _registration_row(member_id: int, community_id: int, values: dict[str, Any]) -> dict[str, Any]:
        row = {
            "member_id": member_id,
            "community_id": community_id,
            "place": values.get("place") or "birthplace",
        }
        for key in ("registered_on", "post", "ended", "note"):
            if values.get(key) is not None:
                row[key] = values[key]
        return row

    def list_registrations(self, *, community: object = None, member: object = None) -> list[dict[str, Any]]:
        """Second registrations (两地报到) by community, then member; of one community or one member."""
        where, params = [], []
        if community is not None and str(community).strip():
            where.append("r.community_id = ?")
            params.append(self.roster.community_for(community)["id"])
        if member is not None:
            where.append("r.member_id = ?")
            params.append(member if isinstance(member, int) else self.member(member)["id"])
        sql = REGISTRATION_SELECT + (" WHERE " + " AND ".join(where) if where else "")
        return self.store.rows(sql + " ORDER BY c.code, m.name, r.id", params)

    def communities_of(self, member_ids: list[int], day: str) -> dict[int, list[str]]:
        """Each member's second-registration communities counting on `day` (`registered_there_sql`)."""
        out: dict[int, list[str]] = {}
        for start in range(0, len(member_ids), 500):
            part = member_ids[start : start + 500]
            marks = ",".join("?" for _ in part)
            for mid, name in self.store.conn.execute(
                f"""SELECT r.member_id, c.name FROM member_registrations r JOIN communities c ON c.id = r.community_id
                    WHERE r.member_id IN ({marks}) AND {registered_there_sql("?")} ORDER BY r.id""",
                [*part, day, day],
            ):
                out.setdefault(mid, []).append(name)
        return out

    def import_member_registrations(self, values: dict[str, Any], ctx: ImportContext) -> Outcome:
        """Importer: one row of a 两地报到 roster — the member (by ID number, name + phone, or name) and the
        second community; an existing registration there is updated with the columns the file has."""
        member = self._service_member(values, ctx)
        c = self.roster.community_for(values["community"], ctx)
        row = self.store.row(
            "SELECT * FROM member_registrations WHERE member_id = ? AND community_id = ?",
            (member["id"], c["id"]),
        )
        if row is None:
            self._check_registration({**member, "community_id": member["community_id"]}, c, values)
            self.store.insert("member_registrations", self._registration_row(member["id"], c["id"], values))
            return "inserted"
        columns = ctx.options.get("columns")
        wanted = {
            k: values[k]
            for k in ("place", "registered_on", "post", "ended", "note")
            if values.get(k) is not None and (columns is None or k in columns)
        }
        begun, ended = wanted.get("registered_on", row["registered_on"]), wanted.get("ended", row["ended"])
        if ended and begun and ended < begun:
            raise InvalidValue("end_before_start", ended=ended, started=begun, field="ended")
        diff = changed(row, wanted)
        if diff:
            self.store.update("member_registrations", row["id"], diff)
        return "updated" if diff else "unchanged"
