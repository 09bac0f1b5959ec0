"""The record book of activities (活动) and of funds and in-kind support (资金物资): `ledger.records`.

An activity is held in a community by paired units on a day; a contribution is given by a unit to a
community, maybe for an activity or a project. They live in one part because each refers to the other:
an activity log's 出资 column is the organiser's cash contribution, and a contribution names the activity
it paid for. The SQL of each table and its pure helpers sit in `activities` and `funds`.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from gongjian.errors import Ambiguous, Conflict, GongjianError, InvalidValue, NotFound
from gongjian.i18n import t
from gongjian.projects.projects import Projects
from gongjian.reading import normalize as n
from gongjian.reading.specs import ImportContext, validate
from gongjian.records import specs as _specs  # noqa: F401  (registers the four record kinds)
from gongjian.records.activities import (
    ACTIVITY_FIELDS,
    ACTIVITY_SELECT,
    INACTIVE_DAYS,
    _file_entries,
)
from gongjian.records.common import Outcome, changed, name_field, period_clause, year_of
from gongjian.records.funds import CONTRIBUTION_SELECT, kind_sums_sql
from gongjian.roster.pairings import covers_sql
from gongjian.roster.roster import Roster
from gongjian.store.db import SEP, Store, like_escape, split_names
from gongjian.store.files import sha256_file
from gongjian.vocab import term_label


class Records:
    """Activities with their units and files, and contributions: `ledger.records`."""

    def __init__(self, store: Store, roster: Roster, projects: Projects) -> None:
        self.store = store
        self.roster = roster
        self.projects = projects

    # ------------------------------------------------------------------ naming
    def activity(
        self,
        ref: object,
        *,
        community: int | None = None,
        on: str | None = None,
        year: int | None = None,
        prefer_community: int | None = None,
    ) -> dict[str, Any]:
        """An activity by id, exact title or unambiguous fragment.

        `community`/`year` narrow titles; `on` prefers that date, then its year; `prefer_community` prefers
        one community at each of those steps (a member's service names an activity of their own community).
        """
        text = n.text(ref) or ""
        if not text:
            raise NotFound("not_found", what=t("what_activity"), name=text)
        if text.isdigit():
            row = self.store.get("activities", int(text))
            if row is not None:
                return row
        steps: list[tuple[str, list[Any]]] = []
        if on:
            steps += [("a.date = ?", [on]), ("a.year = ?", [year_of(on)])]
        steps.append(("1", []))
        narrowings: list[tuple[str, list[Any]]] = []
        for extra, extra_params in steps:
            if prefer_community is not None:
                narrowings.append((f"{extra} AND a.community_id = ?", [*extra_params, prefer_community]))
            narrowings.append((extra, extra_params))
        base = (
            "SELECT a.id, a.date, a.title, c.name AS community FROM activities a "
            "JOIN communities c ON c.id = a.community_id WHERE {match}"
        )
        fixed: list[Any] = []
        if community is not None:
            base += " AND a.community_id = ?"
            fixed.append(community)
        if year is not None:
            base += " AND a.year = ?"
            fixed.append(int(year))
        found: list[dict[str, Any]] = []
        key = n.match_key(text)
        matches = (
            ("a.title = ?", text),
            ("match_key(a.title) = ?", key),
            ("a.title LIKE ? ESCAPE '\\'", f"%{like_escape(text)}%"),
            ("instr(match_key(a.title), ?) > 0", key),
        )
        for match, value in matches:
            for extra, extra_params in narrowings:
                params = [value, *fixed, *extra_params]
                found = self.store.rows(
                    base.format(match=match) + f" AND {extra} ORDER BY a.date, a.id LIMIT 11", params
                )
                if found:
                    break
            if found:
                break
        if not found:
            raise NotFound("not_found", what=t("what_activity"), name=text)
        if len(found) > 1:
            names = [f"{r['date']} {r['community']} {r['title']}（#{r['id']}）" for r in found[:10]]
            if len(found) > 10:
                names.append("…")
            raise Ambiguous("ambiguous", what=t("what_activity"), name=text, candidates="、".join(names))
        return self.store.get("activities", found[0]["id"])

    # ------------------------------------------------------------------ writing
    def save_activity(
        self,
        values: dict[str, Any],
        *,
        ctx: ImportContext | None = None,
        allow_unpaired: bool = False,
        must_be_new: bool = False,
    ) -> tuple[Outcome, int]:
        """Insert or update an activity matched on date + community + title, with its units and funding."""
        cid = self.roster.community_for(values["community"], ctx)["id"]
        day = values["date"]
        organisers = [
            self.roster.unit_for(u, ctx, field="organisers") for u in values.get("organisers") or []
        ]
        if not organisers:
            raise InvalidValue("activity_needs_organiser", field="organisers")
        organiser_ids = list(dict.fromkeys(u["id"] for u in organisers))
        participants = [
            self.roster.unit_for(u, ctx, field="participants") for u in values.get("participants") or []
        ]
        participant_ids = list(dict.fromkeys(u["id"] for u in participants if u["id"] not in organiser_ids))
        if not allow_unpaired:
            for field, units in (("organisers", organisers), ("participants", participants)):
                for u in units:
                    pair = (cid, u["id"], day)
                    if ctx is not None:
                        ok = ctx.cached("paired", pair, lambda p=pair: self.roster.is_paired_on(*p))
                    else:
                        ok = self.roster.is_paired_on(*pair)
                    if not ok:
                        name = self.store.scalar("SELECT name FROM communities WHERE id = ?", (cid,))
                        message = "activity_unpaired_import" if ctx is not None else "activity_unpaired"
                        raise Conflict(message, unit=u["name"], community=name, date=day, field=field)
        wanted = {k: values.get(k) for k in ACTIVITY_FIELDS}
        wanted["spending_fen"] = values.get("spending")
        row = self.store.row(
            "SELECT * FROM activities WHERE date = ? AND community_id = ? AND match_key(title) = ? "
            "ORDER BY title != ?, id",
            (day, cid, n.match_key(values["title"]), values["title"]),
        )
        if row is None:
            fresh = {"date": day, "year": year_of(day), "community_id": cid, "title": values["title"]}
            aid = self.store.insert(
                "activities", {**fresh, **{k: v for k, v in wanted.items() if v is not None}}
            )
            outcome = "inserted"
            touched = False
        else:
            if must_be_new:
                name = self.store.scalar("SELECT name FROM communities WHERE id = ?", (cid,))
                raise Conflict("activity_exists", id=row["id"], date=day, community=name, title=row["title"])
            aid = row["id"]
            diff = changed(row, wanted)
            if diff:
                self.store.update("activities", aid, diff)
            outcome = "updated" if diff else "unchanged"
            touched = bool(diff)
        touched |= self._set_activity_units(aid, "organiser", organiser_ids)
        if participant_ids or row is None:
            touched |= self._set_activity_units(aid, "participant", participant_ids)
        if values.get("funding"):
            touched |= self.save_activity_funding(
                aid, cid, day, values["title"], organiser_ids[0], values["funding"]
            )
        if outcome == "unchanged" and touched:
            outcome = "updated"
        return outcome, aid

    def _set_activity_units(self, activity_id: int, role: str, unit_ids: list[int]) -> bool:
        """Make the activity's units of one role exactly `unit_ids`; True when something changed."""
        have = [
            r["unit_id"]
            for r in self.store.rows(
                "SELECT unit_id FROM activity_units WHERE activity_id = ? AND role = ? ORDER BY id",
                (activity_id, role),
            )
        ]
        gone = [u for u in have if u not in unit_ids]
        new = [u for u in unit_ids if u not in have]
        for unit_id in gone:
            self.store.conn.execute(
                "DELETE FROM activity_units WHERE activity_id = ? AND unit_id = ? AND role = ?",
                (activity_id, unit_id, role),
            )
        if role == "organiser" and new:
            # a unit that now organises the activity is no longer listed as a participant of it
            placeholders = ",".join("?" * len(new))
            self.store.conn.execute(
                f"DELETE FROM activity_units WHERE activity_id = ? AND role = 'participant' "
                f"AND unit_id IN ({placeholders})",
                (activity_id, *new),
            )
        self.store.conn.executemany(
            "INSERT INTO activity_units (activity_id, unit_id, role) VALUES (?, ?, ?)",
            [(activity_id, unit_id, role) for unit_id in new],
        )
        return bool(gone or new)

    def attach_activity_files(self, activity_id: int, entries: list[tuple[str, Path]]) -> int:
        """Record files (kind, path) of an activity as resolved path + SHA-256 + size; returns how many are new."""
        added = 0
        for kind, path in entries:
            resolved = str(path.resolve())
            digest = sha256_file(path)
            if self.store.scalar(
                "SELECT 1 FROM activity_files WHERE activity_id = ? AND path = ? AND sha256 = ?",
                (activity_id, resolved, digest),
            ):
                continue
            self.store.insert(
                "activity_files",
                {
                    "activity_id": activity_id,
                    "kind": kind,
                    "path": resolved,
                    "sha256": digest,
                    "size": path.stat().st_size,
                },
            )
            added += 1
        return added

    def add_activity(
        self,
        *,
        plan: list[str] | None = None,
        record: list[str] | None = None,
        photos: list[str] | None = None,
        allow_unpaired: bool = False,
        **raw: object,
    ) -> dict[str, Any]:
        """`activity add`: a new activity with its units (paired with the community unless allowed) and files."""
        organisers = raw.get("organisers")
        if organisers is None or not n.split_list(organisers):
            raise InvalidValue("activity_needs_organiser")
        values = validate("activities", raw)
        entries = _file_entries(plan or [], record or [], photos or [])
        with self.store.write("activity add"):
            _, aid = self.save_activity(values, allow_unpaired=allow_unpaired, must_be_new=True)
            self.attach_activity_files(aid, entries)
        return self.show_activity(aid)

    def import_activities(self, values: dict[str, Any], ctx: ImportContext) -> Outcome:
        """Importer: one row of an activity log (organisers may be several units; 出资 becomes a contribution)."""
        outcome, _ = self.save_activity(
            values, ctx=ctx, allow_unpaired=bool(ctx.options.get("allow_unpaired"))
        )
        return outcome

    # ------------------------------------------------------------------ reading
    def list_activities(
        self,
        *,
        year: object = None,
        date_from: object = None,
        date_to: object = None,
        community: object = None,
        unit: object = None,
        category: object = None,
    ) -> list[dict[str, Any]]:
        """Activities in date order, filtered by year, date range, community, unit (any role) and category."""
        where, params = period_clause(year=year, date_from=date_from, date_to=date_to, alias="a")
        if community is not None and str(community).strip():
            where.append("a.community_id = ?")
            params.append(self.roster.community_for(community)["id"])
        if unit is not None and str(unit).strip():
            where.append("a.id IN (SELECT activity_id FROM activity_units WHERE unit_id = ?)")
            params.append(self.roster.unit_for(unit)["id"])
        if category is not None and str(category).strip():
            where.append("a.category = ?")
            params.append(n.enum_value("activity_category", category))
        sql = ACTIVITY_SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY a.date, a.id"
        rows = self.store.rows(sql, params)
        for row in rows:
            row["organisers"] = split_names(row["organisers"])
            row["participants"] = split_names(row["participants"])
        return rows

    def show_activity(
        self, ref: object, *, community: object = None, year: int | None = None
    ) -> dict[str, Any]:
        """One activity with its units, files, linked contributions and party members' services."""
        if isinstance(ref, int):
            aid = ref
        else:
            cid = (
                self.roster.community_for(community)["id"]
                if community is not None and str(community).strip()
                else None
            )
            aid = self.activity(ref, community=cid, year=year)["id"]
        row = self.store.rows(ACTIVITY_SELECT + " WHERE a.id = ?", (aid,))[0]
        row["organisers"] = split_names(row["organisers"])
        row["participants"] = split_names(row["participants"])
        row["files"] = self.store.rows(
            "SELECT kind, path, sha256, size FROM activity_files WHERE activity_id = ? ORDER BY id", (aid,)
        )
        row["contributions"] = self.list_contributions(activity=aid)
        row["services"] = self.store.rows(
            """SELECT m.name AS member, u.name AS unit, s.date, s.minutes, s.note
               FROM services s JOIN members m ON m.id = s.member_id LEFT JOIN units u ON u.id = m.unit_id
               WHERE s.activity_id = ? ORDER BY s.date, m.name""",
            (aid,),
        )
        return row

    # ------------------------------------------------------------------ figures
    def activity_figures(self, year: int, *, community_id: int | None = None) -> dict[int, dict[str, Any]]:
        """Per unit, its activities in `year` (in one community's, with `community_id`):
        `{unit_id: {"organised": n, "participated": n, "last_date": iso}}`.

        Units with no activity in the year are absent (read them as zeros and `last_date` None).
        """
        scope = "" if community_id is None else " AND a.community_id = ?"
        params = (int(year),) if community_id is None else (int(year), community_id)
        rows = self.store.conn.execute(
            f"""SELECT au.unit_id, sum(au.role = 'organiser'), sum(au.role = 'participant'), max(a.date)
               FROM activities a JOIN activity_units au ON au.activity_id = a.id
               WHERE a.year = ?{scope} GROUP BY au.unit_id""",
            params,
        ).fetchall()
        return {u: {"organised": o, "participated": p, "last_date": d} for u, o, p, d in rows}

    def inactive_units(
        self, day: date, *, community_id: int | None = None, limit: int | None = None
    ) -> tuple[int, list[dict[str, Any]]]:
        """The units inactive on `day`, and how many there are: the one rule of an inactive unit.

        A unit is inactive on a day when it is paired with a community on that day (`pairings.covers`),
        has been for at least `INACTIVE_DAYS` (90) days, and has held or joined no activity in the 90 days
        up to that day (from day − 90 to the day, both included); units set inactive in the roster are left
        out. For one community (`community_id`) only its pairings and its activities count. Rows, longest
        idle first: unit_id, unit, kind, communities (names, by community code), last_activity (ISO or None).
        """
        cutoff = (day - timedelta(days=INACTIVE_DAYS)).isoformat()
        params = {"day": day.isoformat(), "cutoff": cutoff, "cid": community_id, "limit": limit or -1}
        scope_a = " AND a.community_id = :cid" if community_id is not None else ""
        scope_p = " AND p.community_id = :cid" if community_id is not None else ""
        communities = "(:cid)" if community_id is not None else "(SELECT id FROM communities)"
        # A unit's last activity: each of its activities' dates read from the (id, date) index, not the rows.
        last_index = "INDEXED BY activities_id_date" if community_id is None else ""
        # Recent activities come from the (community_id, date) index, one range per community.
        rows = self.store.rows(
            f"""
            WITH recent AS (
                SELECT DISTINCT au.unit_id FROM activities a JOIN activity_units au ON au.activity_id = a.id
                WHERE a.community_id IN {communities} AND a.date BETWEEN :cutoff AND :day
            ), paired AS (
                SELECT p.unit_id, min(coalesce(p.started, '')) AS since,
                       group_concat(c.code || char(31) || c.name, char(30)) AS communities
                FROM pairings p JOIN communities c ON c.id = p.community_id
                WHERE {covers_sql(":day")}{scope_p}
                GROUP BY p.unit_id
            ), idle AS (
                SELECT u.id, u.name, u.kind, paired.communities,
                       (SELECT max(a.date) FROM activity_units au
                               JOIN activities a {last_index} ON a.id = au.activity_id
                        WHERE au.unit_id = u.id AND a.date <= :day{scope_a}) AS last_activity
                FROM paired JOIN units u ON u.id = paired.unit_id
                WHERE u.active = 1 AND paired.since <= :cutoff
                  AND paired.unit_id NOT IN (SELECT unit_id FROM recent)
            )
            SELECT id AS unit_id, name AS unit, kind, communities, last_activity, count(*) OVER () AS n_total
            FROM idle ORDER BY last_activity IS NOT NULL, last_activity, name, id
            LIMIT :limit
            """,
            params,
        )
        total = rows[0]["n_total"] if rows else 0
        for r in rows:
            del r["n_total"]
            pairs = sorted(tuple(p.split(SEP, 1)) for p in r["communities"].split("\x1e"))
            r["communities"] = [name for _, name in pairs]
        return total, rows

    # ------------------------------------------------------------------ contributions
    def save_activity_funding(
        self, activity_id: int, community_id: int, day: str, title: str, unit_id: int, amount_fen: int
    ) -> bool:
        """The organiser's cash contribution that an activity log's 出资 column records; True when changed."""
        row = self.store.row(
            "SELECT id, amount_fen, date FROM contributions WHERE activity_id = ? AND unit_id = ? AND kind = 'cash' "
            "ORDER BY id LIMIT 1",
            (activity_id, unit_id),
        )
        if row is None:
            self.store.insert(
                "contributions",
                {
                    "date": day,
                    "year": year_of(day),
                    "unit_id": unit_id,
                    "community_id": community_id,
                    "kind": "cash",
                    "amount_fen": amount_fen,
                    "description": f"{title}（活动出资）",
                    "activity_id": activity_id,
                },
            )
            return True
        diff = changed(row, {"amount_fen": amount_fen, "date": day})
        if diff:
            self.store.update("contributions", row["id"], {**diff, "year": year_of(day)})
        return bool(diff)

    def _linked_project_id(self, ref: object, *, field: str = "project") -> int:
        """A co-building project's id by id, exact title or unambiguous fragment (asked of `projects`)."""
        try:
            return self.projects.project(ref)["id"]
        except GongjianError as exc:
            raise name_field(exc, field) from None

    def save_contribution(
        self,
        values: dict[str, Any],
        *,
        ctx: ImportContext | None = None,
        must_be_new: bool = False,
        allow_unpaired: bool = False,
    ) -> tuple[Outcome, int]:
        """Insert or update a contribution matched on receipt number + unit, else on all its facts.

        The unit must be paired with the community on the day (`Roster.is_paired_on`) unless `allow_unpaired`.
        """
        unit = self.roster.unit_for(values["unit"], ctx)
        community = self.roster.community_for(values["community"], ctx)
        cid = community["id"]
        day = values["date"]
        if not allow_unpaired:
            pair = (cid, unit["id"], day)
            ok = (
                ctx.cached("paired", pair, lambda: self.roster.is_paired_on(*pair))
                if ctx
                else self.roster.is_paired_on(*pair)
            )
            if not ok:
                raise Conflict(
                    "fund_unpaired", unit=unit["name"], community=community["name"], date=day, field="unit"
                )
        kind = values.get("kind") or "cash"
        amount = values.get("amount") or 0
        if kind in ("cash", "in_kind") and amount <= 0:
            raise InvalidValue("fund_amount_zero", kind=term_label("contribution_kind", kind), field="amount")
        activity_id = None
        if values.get("activity"):
            try:
                activity_id = self.activity(values["activity"], community=cid, on=day)["id"]
            except GongjianError as exc:
                raise name_field(exc, "activity") from None
        project_id = self._linked_project_id(values["project"]) if values.get("project") else None
        facts = {
            "date": day,
            "year": year_of(day),
            "unit_id": unit["id"],
            "community_id": cid,
            "kind": kind,
            "amount_fen": amount,
            "description": values.get("description"),
        }
        extra = {
            "activity_id": activity_id,
            "project_id": project_id,
            "receipt_no": values.get("receipt_no"),
            "note": values.get("note"),
        }
        receipt = values.get("receipt_no")
        if receipt:
            row = self.store.row(
                "SELECT * FROM contributions WHERE receipt_no = ? AND unit_id = ?", (receipt, unit["id"])
            )
            if row is not None and must_be_new:
                raise Conflict("fund_receipt_exists", receipt=receipt, id=row["id"])
            wanted = {**facts, **extra}
        else:
            row = self.store.row(
                "SELECT * FROM contributions WHERE date = ? AND unit_id = ? AND community_id = ? AND kind = ? "
                "AND amount_fen = ? AND description IS ?",
                (day, unit["id"], cid, kind, amount, facts["description"]),
            )
            wanted = extra
        if row is None:
            new = {**facts, **{k: v for k, v in extra.items() if v is not None}}
            return "inserted", self.store.insert(
                "contributions", {k: v for k, v in new.items() if v is not None}
            )
        if must_be_new:
            community = self.store.scalar("SELECT name FROM communities WHERE id = ?", (cid,))
            raise Conflict(
                "fund_exists",
                id=row["id"],
                date=day,
                unit=unit["name"],
                community=community,
                amount=n.fen_to_yuan(amount),
            )
        diff = changed(row, wanted)
        if diff:
            self.store.update("contributions", row["id"], diff)
        return ("updated" if diff else "unchanged"), row["id"]

    def add_contribution(self, *, allow_unpaired: bool = False, **raw: object) -> dict[str, Any]:
        """`fund add`: record cash, in-kind support (at its value), a venue or a service from a paired unit."""
        values = validate("contributions", raw)
        with self.store.write("fund add"):
            _, kid = self.save_contribution(values, must_be_new=True, allow_unpaired=allow_unpaired)
        return self.store.rows(CONTRIBUTION_SELECT + " WHERE k.id = ?", (kid,))[0]

    def import_contributions(self, values: dict[str, Any], ctx: ImportContext) -> Outcome:
        """Importer: one row of a funds / in-kind support sheet (from units paired on the day, unless allowed)."""
        outcome, _ = self.save_contribution(
            values, ctx=ctx, allow_unpaired=bool(ctx.options.get("allow_unpaired"))
        )
        return outcome

    def list_contributions(
        self,
        *,
        year: object = None,
        date_from: object = None,
        date_to: object = None,
        community: object = None,
        unit: object = None,
        kind: object = None,
        activity: int | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Contributions in date order, filtered by year, date range, community, unit, kind(s) or activity id."""
        where, params = self._contribution_where(year, date_from, date_to, community, unit, kind)
        if activity is not None:
            where.append("k.activity_id = ?")
            params.append(activity)
        sql = CONTRIBUTION_SELECT + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY k.date, k.id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return self.store.rows(sql, params)

    def contribution_sums(
        self,
        *,
        by: str | None = None,
        year: object = None,
        date_from: object = None,
        date_to: object = None,
        community: object = None,
        unit: object = None,
        kind: object = None,
    ) -> Any:
        """Fen given by kind (`funds.kind_sums_sql`) with the count: in total (`by=None`), or per unit or community.

        `by="unit"`/`"community"`: `{id: {"count", "cash_fen", "in_kind_fen", "venue_fen", "service_fen"}}`,
        groups with nothing absent (read them as `funds.zero_sums()`); `by=None`: one such dict.
        """
        if by not in (None, "unit", "community"):
            raise ValueError(f"contribution_sums: by must be None, unit or community, not {by!r}")
        where, params = self._contribution_where(year, date_from, date_to, community, unit, kind)
        cond = " WHERE " + " AND ".join(where) if where else ""
        sums = f"count(*) AS count, {kind_sums_sql('k')}"
        if by is None:
            return self.store.rows(f"SELECT {sums} FROM contributions k{cond}", params)[0]
        rows = self.store.rows(
            f"SELECT k.{by}_id AS key, {sums} FROM contributions k{cond} GROUP BY k.{by}_id", params
        )
        return {r.pop("key"): r for r in rows}

    def _contribution_where(
        self, year: object, date_from: object, date_to: object, community: object, unit: object, kind: object
    ) -> tuple[list[str], list[Any]]:
        where, params = period_clause(year=year, date_from=date_from, date_to=date_to, alias="k")
        if community is not None and str(community).strip():
            where.append("k.community_id = ?")
            params.append(self.roster.community_for(community)["id"])
        if unit is not None and str(unit).strip():
            where.append("k.unit_id = ?")
            params.append(self.roster.unit_for(unit)["id"])
        kinds = [kind] if isinstance(kind, str) else list(kind or [])
        keys = sorted({n.enum_value("contribution_kind", k) for k in kinds if str(k).strip()})
        if keys:
            where.append(f"k.kind IN ({', '.join('?' for _ in keys)})")
            params += keys
        return where, params
