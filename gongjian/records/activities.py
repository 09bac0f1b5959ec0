"""Activities (活动): what was done, where, by which paired units, for how many residents, with which files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gongjian.errors import Ambiguous, Conflict, InvalidValue, NotFound
from gongjian.reading import normalize as n
from gongjian.reading.specs import ImportContext, validate
from gongjian.records.common import Outcome, changed, period_clause, year_of
from gongjian.roster.roster import sha256_file
from gongjian.store.db import like_escape

SEP = "\x1f"  # joins unit names inside one SQL value; never part of a cleaned name

# Unit names of one activity and role, in the order they were given (the first organiser leads).
_UNITS_OF = (
    "(SELECT group_concat(name, char(31)) FROM (SELECT u.name FROM activity_units au "
    "JOIN units u ON u.id = au.unit_id WHERE au.activity_id = a.id AND au.role = '{role}' ORDER BY au.id))"
)

ACTIVITY_SELECT = f"""
    SELECT a.id, a.date, a.year, c.code AS community_code, c.name AS community, a.title, a.category,
           {_UNITS_OF.format(role="organiser")} AS organisers,
           {_UNITS_OF.format(role="participant")} AS participants,
           a.participant_times, a.volunteers, a.members_served, a.venue, a.spending_fen, a.description, a.note
    FROM activities a JOIN communities c ON c.id = a.community_id
"""

ACTIVITY_FIELDS = (
    "category",
    "participant_times",
    "volunteers",
    "members_served",
    "venue",
    "description",
    "note",
)


def activity_totals(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Count, participant-times, volunteers and party members over listed activities (the totals line)."""
    return {
        "count": len(rows),
        "participant_times": sum(r["participant_times"] or 0 for r in rows),
        "volunteers": sum(r["volunteers"] or 0 for r in rows),
        "members_served": sum(r["members_served"] or 0 for r in rows),
        "spending_fen": sum(r["spending_fen"] or 0 for r in rows),
    }


def _split_names(value: str | None) -> list[str]:
    return value.split(SEP) if value else []


def _file_entries(plan: list[str], record: list[str], photos: list[str]) -> list[tuple[str, Path]]:
    """(kind, path) of each file to attach, checked to exist before anything is written."""
    entries = []
    for kind, paths in (("plan", plan), ("record", record), ("photo", photos)):
        for raw in paths or []:
            path = Path(str(raw)).expanduser()
            if not path.is_file():
                raise InvalidValue("file_missing", path=str(path))
            entries.append((kind, path))
    return entries


class Activities:
    """Activities and their organising/participating units and files (mixed into `Ledger`)."""

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
        from gongjian.i18n import t

        text = n.text(ref) or ""
        if not text:
            raise NotFound("not_found", what=t("what_activity"), name=text)
        if text.isdigit():
            row = self.get("activities", int(text))
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
        for match, value in (("a.title = ?", text), ("a.title LIKE ? ESCAPE '\\'", f"%{like_escape(text)}%")):
            for extra, extra_params in narrowings:
                params = [value, *fixed, *extra_params]
                found = self.rows(
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
        return self.get("activities", found[0]["id"])

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
        cid = self._community_id_of(values["community"], ctx)
        day = values["date"]
        organisers = [self._unit_of(u, ctx, field="organisers") for u in values.get("organisers") or []]
        if not organisers:
            raise InvalidValue("activity_needs_organiser", field="organisers")
        organiser_ids = list(dict.fromkeys(u["id"] for u in organisers))
        participants = [self._unit_of(u, ctx, field="participants") for u in values.get("participants") or []]
        participant_ids = list(dict.fromkeys(u["id"] for u in participants if u["id"] not in organiser_ids))
        if not allow_unpaired:
            for field, units in (("organisers", organisers), ("participants", participants)):
                for u in units:
                    pair = (cid, u["id"], day)
                    if ctx is not None:
                        ok = ctx.cached("paired", pair, lambda p=pair: self._paired_on(*p))
                    else:
                        ok = self._paired_on(*pair)
                    if not ok:
                        name = self.scalar("SELECT name FROM communities WHERE id = ?", (cid,))
                        message = "activity_unpaired_import" if ctx is not None else "activity_unpaired"
                        raise Conflict(message, unit=u["name"], community=name, field=field)
        wanted = {k: values.get(k) for k in ACTIVITY_FIELDS}
        wanted["spending_fen"] = values.get("spending")
        row = self.row(
            "SELECT * FROM activities WHERE date = ? AND community_id = ? AND title = ?",
            (day, cid, values["title"]),
        )
        if row is None:
            fresh = {"date": day, "year": year_of(day), "community_id": cid, "title": values["title"]}
            aid = self.insert("activities", {**fresh, **{k: v for k, v in wanted.items() if v is not None}})
            outcome = "inserted"
            touched = False
        else:
            if must_be_new:
                name = self.scalar("SELECT name FROM communities WHERE id = ?", (cid,))
                raise Conflict("activity_exists", id=row["id"], date=day, community=name, title=row["title"])
            aid = row["id"]
            diff = changed(row, wanted)
            if diff:
                self.update("activities", aid, diff)
            outcome = "updated" if diff else "unchanged"
            touched = bool(diff)
        touched |= self._set_activity_units(aid, "organiser", organiser_ids)
        if participant_ids or row is None:
            touched |= self._set_activity_units(aid, "participant", participant_ids)
        if values.get("funding"):
            touched |= self._save_activity_funding(
                aid, cid, day, values["title"], organiser_ids[0], values["funding"]
            )
        if outcome == "unchanged" and touched:
            outcome = "updated"
        return outcome, aid

    def _set_activity_units(self, activity_id: int, role: str, unit_ids: list[int]) -> bool:
        """Make the activity's units of one role exactly `unit_ids`; True when something changed."""
        have = [
            r["unit_id"]
            for r in self.rows(
                "SELECT unit_id FROM activity_units WHERE activity_id = ? AND role = ? ORDER BY id",
                (activity_id, role),
            )
        ]
        gone = [u for u in have if u not in unit_ids]
        new = [u for u in unit_ids if u not in have]
        for unit_id in gone:
            self.conn.execute(
                "DELETE FROM activity_units WHERE activity_id = ? AND unit_id = ? AND role = ?",
                (activity_id, unit_id, role),
            )
        if role == "organiser" and new:
            # a unit that now organises the activity is no longer listed as a participant of it
            placeholders = ",".join("?" * len(new))
            self.conn.execute(
                f"DELETE FROM activity_units WHERE activity_id = ? AND role = 'participant' "
                f"AND unit_id IN ({placeholders})",
                (activity_id, *new),
            )
        self.conn.executemany(
            "INSERT INTO activity_units (activity_id, unit_id, role) VALUES (?, ?, ?)",
            [(activity_id, unit_id, role) for unit_id in new],
        )
        return bool(gone or new)

    def _save_activity_funding(
        self, activity_id: int, community_id: int, day: str, title: str, unit_id: int, amount_fen: int
    ) -> bool:
        """The organiser's cash contribution that an activity log's 出资 column records; True when changed."""
        row = self.row(
            "SELECT id, amount_fen, date FROM contributions WHERE activity_id = ? AND unit_id = ? AND kind = 'cash' "
            "ORDER BY id LIMIT 1",
            (activity_id, unit_id),
        )
        if row is None:
            self.insert(
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
            self.update("contributions", row["id"], {**diff, "year": year_of(day)})
        return bool(diff)

    def attach_activity_files(self, activity_id: int, entries: list[tuple[str, Path]]) -> int:
        """Record files (kind, path) of an activity as resolved path + SHA-256 + size; returns how many are new."""
        added = 0
        for kind, path in entries:
            resolved = str(path.resolve())
            digest = sha256_file(path)
            if self.scalar(
                "SELECT 1 FROM activity_files WHERE activity_id = ? AND path = ? AND sha256 = ?",
                (activity_id, resolved, digest),
            ):
                continue
            self.insert(
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
        with self.write("activity add"):
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
            params.append(self._community_id_of(community))
        if unit is not None and str(unit).strip():
            where.append("a.id IN (SELECT activity_id FROM activity_units WHERE unit_id = ?)")
            params.append(self._unit_of(unit)["id"])
        if category is not None and str(category).strip():
            where.append("a.category = ?")
            params.append(n.enum_value("activity_category", category))
        sql = ACTIVITY_SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY a.date, a.id"
        rows = self.rows(sql, params)
        for row in rows:
            row["organisers"] = _split_names(row["organisers"])
            row["participants"] = _split_names(row["participants"])
        return rows

    def show_activity(
        self, ref: object, *, community: object = None, year: int | None = None
    ) -> dict[str, Any]:
        """One activity with its units, files, linked contributions and party members' services."""
        if isinstance(ref, int):
            aid = ref
        else:
            cid = (
                self._community_id_of(community) if community is not None and str(community).strip() else None
            )
            aid = self.activity(ref, community=cid, year=year)["id"]
        row = self.rows(ACTIVITY_SELECT + " WHERE a.id = ?", (aid,))[0]
        row["organisers"] = _split_names(row["organisers"])
        row["participants"] = _split_names(row["participants"])
        row["files"] = self.rows(
            "SELECT kind, path, sha256, size FROM activity_files WHERE activity_id = ? ORDER BY id", (aid,)
        )
        row["contributions"] = self.list_contributions(activity=aid)
        row["services"] = self.rows(
            """SELECT m.name AS member, u.name AS unit, s.date, s.minutes, s.note
               FROM services s JOIN members m ON m.id = s.member_id LEFT JOIN units u ON u.id = m.unit_id
               WHERE s.activity_id = ? ORDER BY s.date, m.name""",
            (aid,),
        )
        return row
