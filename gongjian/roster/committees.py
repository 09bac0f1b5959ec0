"""兼职委员: the leaders of units who sit on a community's or a street's party committee (issue #21).

A seat names a person, the unit they come from, the committee (a community's, or a street's as the
communities name their street), the role (兼职副书记 or 兼职委员), their post in the unit, and the days it
runs. A seat serves on a day by the rule of a pairing's days (`roster.pairings.covers`): both ends
included, an open end open; a year counts the seats that served on some day of it up to the day its
figures are taken (`seats_during`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from gongjian.errors import Conflict, InvalidValue, NotFound
from gongjian.reading import normalize as n
from gongjian.reading.specs import ImportContext, validate
from gongjian.roster import specs as _specs  # noqa: F401  (registers the committee_seats kind)
from gongjian.roster.pairings import covers_sql, overlaps_sql
from gongjian.roster.roster import Outcome, Roster, name_field
from gongjian.store.db import Store

# The one listing query of seats (`committee list`, `unit show`, `community show`, the year report, export).
SEAT_SELECT = """
    SELECT s.id, coalesce(c.name, s.street) AS committee, c.code AS community_code, s.street, s.person,
           u.name AS unit, s.role, s.unit_post, s.started, s.ended, s.note, s.uid, s.created_at, s.updated_at
    FROM committee_seats s JOIN units u ON u.id = s.unit_id LEFT JOIN communities c ON c.id = s.community_id
"""
ORDER = " ORDER BY s.community_id IS NULL, coalesce(c.code, s.street), s.role = 'member', s.started, s.id"


def seat_serves_sql(day: str, alias: str = "s") -> str:
    """A seat serves on `day` (SQL) by the rule of a pairing's days (`pairings.covers`); bind the day twice."""
    return covers_sql(day, alias)


class Committees:
    """The part-time committee members (兼职委员): `ledger.committees`."""

    def __init__(self, store: Store, roster: Roster) -> None:
        self.store = store
        self.roster = roster

    # ------------------------------------------------------------------ the committee a seat names
    def committee_for(
        self, ref: object, ctx: ImportContext | None = None, *, field: str = "committee"
    ) -> dict[str, Any]:
        """`{"community_id", "street", "name"}` of the committee a text names: a street the communities
        name (by matching key), else a community (code, name or fragment)."""
        text = n.text(ref) or ""
        key = n.match_key(text)
        street = self.store.scalar(
            "SELECT street FROM communities WHERE street IS NOT NULL AND match_key(street) = ? ORDER BY id LIMIT 1",
            (key,),
        )
        if street is not None:
            return {"community_id": None, "street": street, "name": street}
        try:
            c = self.roster.community_for(text, ctx, field=field)
        except NotFound:
            raise NotFound("committee_unknown", name=text, field=field) from None
        return {"community_id": c["id"], "street": None, "name": c["name"]}

    # ------------------------------------------------------------------ writing
    def _open_seat(self, person: str, unit_id: int, committee: dict[str, Any]) -> dict[str, Any] | None:
        return self.store.row(
            """SELECT * FROM committee_seats WHERE match_key(person) = ? AND unit_id = ?
               AND community_id IS ? AND street IS ? AND ended IS NULL ORDER BY id LIMIT 1""",
            (n.match_key(person), unit_id, committee["community_id"], committee["street"]),
        )

    def add_seat(self, **raw: object) -> dict[str, Any]:
        """`committee add`: a person of a unit takes a seat on a committee; one open seat per person there."""
        values = validate("committee_seats", raw)
        started, ended = values.get("started"), values.get("ended")
        if started and ended and ended < started:
            raise InvalidValue("end_before_start", ended=ended, started=started)
        with self.store.write("committee add"):
            committee = self.committee_for(values["committee"])
            unit = self.roster.unit(values["unit"])
            if not ended and self._open_seat(values["person"], unit["id"], committee) is not None:
                raise Conflict("seat_held", person=values["person"], committee=committee["name"])
            sid = self.store.insert("committee_seats", self._row(values, unit["id"], committee))
        return self.seat(sid)

    @staticmethod
    def _row(values: dict[str, Any], unit_id: int, committee: dict[str, Any]) -> dict[str, Any]:
        row = {
            "person": values["person"],
            "unit_id": unit_id,
            "community_id": committee["community_id"],
            "street": committee["street"],
            "role": values.get("role") or "member",
        }
        for key in ("unit_post", "started", "ended", "note"):
            if values.get(key) is not None:
                row[key] = values[key]
        return row

    def end_seat(self, ref: object, *, ended: object = None) -> dict[str, Any]:
        """`committee end`: a seat ends on a day (today by default), not before it began."""
        day = n.date_iso(ended) if ended else date.today().isoformat()
        with self.store.write("committee end"):
            row = self.seat_row(ref)
            if row["ended"] is not None:
                raise Conflict("seat_ended", person=row["person"], ended=row["ended"])
            if row["started"] and day < row["started"]:
                raise InvalidValue("end_before_start", ended=day, started=row["started"])
            self.store.update("committee_seats", row["id"], {"ended": day})
        return self.seat(row["id"])

    def seat_row(self, ref: object) -> dict[str, Any]:
        """A seat's stored row by id, or by the person's name when one seat bears it."""
        return self.store.resolve(
            "committee_seats", ref, what="what_seat", exact=("person",), fragment=("person",), label="person"
        )

    def seat(self, sid: int) -> dict[str, Any]:
        """One seat as listed."""
        return self.store.row(SEAT_SELECT + " WHERE s.id = ?", (sid,)) or {}

    # ------------------------------------------------------------------ reading
    @staticmethod
    def day(value: object) -> str:
        """A day as typed (`2016-12-31`, `2016年12月31日` …) in ISO form; a bad date is refused."""
        return n.date_iso(value)

    def list_seats(
        self,
        *,
        community: object = None,
        unit: object = None,
        on: str | None = None,
        include_ended: bool = True,
    ) -> list[dict[str, Any]]:
        """Seats by committee (communities by code, then streets), deputy secretaries first.

        `community`: its own committee's seats and those on its street's committee; `on`: the seats serving
        that day (`seat_serves_sql`); without `include_ended`, only seats not ended.
        """
        where: list[str] = []
        params: list[Any] = []
        if community is not None:
            c = self.roster.community(community) if not isinstance(community, int) else {"id": community}
            where.append(
                "(s.community_id = ? OR (s.street IS NOT NULL AND s.street = "
                "(SELECT street FROM communities WHERE id = ?)))"
            )
            params += [c["id"], c["id"]]
        if unit is not None:
            where.append("s.unit_id = ?")
            params.append(unit if isinstance(unit, int) else self.roster.unit(unit)["id"])
        if on is not None:
            where.append(seat_serves_sql("?"))
            params += [on, on]
        if not include_ended:
            where.append("s.ended IS NULL")
        sql = SEAT_SELECT + (" WHERE " + " AND ".join(where) if where else "")
        return self.store.rows(sql + ORDER, params)

    def seats_during(self, first: str, last: str, *, community_id: int | None = None) -> list[dict[str, Any]]:
        """Seats that served on some day from `first` to `last` (`pairings.overlaps`), as listed."""
        sql = SEAT_SELECT + f" WHERE {overlaps_sql(':first', ':last', 's')}"
        params: dict[str, Any] = {"first": first, "last": last}
        if community_id is not None:
            sql += (
                " AND (s.community_id = :cid OR (s.street IS NOT NULL AND s.street = "
                "(SELECT street FROM communities WHERE id = :cid)))"
            )
            params["cid"] = community_id
        return self.store.rows(sql + ORDER, params)

    def seat_figures(self, first: str, last: str) -> dict[int, int]:
        """Seats each unit's people held on some day from `first` to `last` (`pairings.overlaps`): `{unit_id: n}`."""
        return dict(
            self.store.conn.execute(
                f"SELECT unit_id, count(*) FROM committee_seats s WHERE {overlaps_sql('?1', '?2', 's')} "
                "GROUP BY unit_id",
                (first, last),
            ).fetchall()
        )

    # ------------------------------------------------------------------ importing
    def import_committee_seats(self, values: dict[str, Any], ctx: ImportContext) -> Outcome:
        """One row of `gongjian import committee_seats`: the seat of (person, unit, committee) that began
        that day, else the person's open seat there, else a new one."""
        committee = ctx.cached(
            "committee", values["committee"], lambda: self.committee_for(values["committee"], ctx)
        )
        unit_id = self.roster.unit_for(values["unit"], ctx)["id"]
        started, ended = values.get("started"), values.get("ended")
        if started and ended and ended < started:
            raise InvalidValue("end_before_start", ended=ended, started=started, field="ended")
        row = None
        if started:
            row = self.store.row(
                """SELECT * FROM committee_seats WHERE match_key(person) = ? AND unit_id = ?
                   AND community_id IS ? AND street IS ? AND started = ? ORDER BY id LIMIT 1""",
                (
                    n.match_key(values["person"]),
                    unit_id,
                    committee["community_id"],
                    committee["street"],
                    started,
                ),
            )
        row = row or self._open_seat(values["person"], unit_id, committee)
        if row is None:
            self.store.insert("committee_seats", self._row(values, unit_id, committee))
            return "inserted"
        if row["started"] and not started and ended and ended < row["started"]:
            raise name_field(InvalidValue("end_before_start", ended=ended, started=row["started"]), "ended")
        columns = ctx.options.get("columns")  # a column the file lacks leaves the seat's value untouched
        wanted = {
            k: values.get(k)
            for k in ("role", "unit_post", "started", "ended", "note")
            if values.get(k) is not None and (columns is None or k in columns)
        }
        diff = {k: v for k, v in wanted.items() if row.get(k) != v}
        if diff:
            self.store.update("committee_seats", row["id"], diff)
        return "updated" if diff else "unchanged"
