"""Joint meetings (联席会议): quarterly meetings per community, a rotating chair and attendance.

The units expected at a meeting, and the units that may chair it, are those paired with the community on
its day (`gongjian.roster.pairings`: a pairing covers its first and its last day).
"""

from __future__ import annotations

from typing import Any

from gongjian.errors import Conflict, InvalidValue, NotFound
from gongjian.i18n import t
from gongjian.projects.common import day_iso
from gongjian.reading.specs import validate
from gongjian.roster.pairings import covers_sql
from gongjian.roster.roster import Roster
from gongjian.store.db import Store, split_names

# The one listing query of meetings (`meeting list`, export): the units present and absent in list order.
MEETING_SELECT = """
    SELECT m.id, m.date, m.year, c.code AS community_code, c.name AS community, u.name AS chair,
           m.topics, m.decisions, m.note,
           (SELECT group_concat(name, char(31)) FROM (SELECT un.name FROM meeting_attendance a
             JOIN units un ON un.id = a.unit_id WHERE a.meeting_id = m.id AND a.present ORDER BY a.id)) AS present,
           (SELECT group_concat(name, char(31)) FROM (SELECT un.name FROM meeting_attendance a
             JOIN units un ON un.id = a.unit_id WHERE a.meeting_id = m.id AND NOT a.present ORDER BY a.id)) AS absent,
           m.uid, m.created_at, m.updated_at
    FROM meetings m JOIN communities c ON c.id = m.community_id LEFT JOIN units u ON u.id = m.chair_unit_id
"""

# `--present 全部` / a 出席单位 cell reading 全部: every unit paired on the day attended.
ALL_PRESENT = (["全部"], ["全体"], ["全部出席"], ["all"])


class Meetings:
    """Joint meetings, their attendance, the chair rotation and the attendance figure: `ledger.meetings`."""

    def __init__(self, store: Store, roster: Roster) -> None:
        self.store = store
        self.roster = roster

    # ------------------------------------------------------------------ meetings
    def add_meeting(self, **raw: object) -> dict[str, Any]:
        """`meeting add`: record a meeting with its chair and who attended; returns `meeting_row`.

        Attendance is stored for every unit paired with the community on that day (present or absent),
        plus any other unit listed as present. Give either `present` (the rest are absent) or `absent`
        (the rest are present); the chair always counts as present.
        """
        values = validate("meetings", raw)
        with self.store.write("meeting add"):
            community = self.roster.community(values["community"])
            clash = self.store.scalar(
                "SELECT id FROM meetings WHERE community_id = ? AND date = ?",
                (community["id"], values["date"]),
            )
            if clash is not None:
                raise Conflict(
                    "pj_meeting_exists", community=community["name"], date=values["date"], id=clash
                )
            _, mid = self.save_meeting(community, values)
        return self.meeting_row(mid)

    def save_meeting(
        self, community: dict[str, Any], values: dict[str, Any], ctx: Any = None
    ) -> tuple[str, int]:
        """Insert or update a validated meeting matched on (community, date), with its attendance.

        A meeting already recorded keeps its attendance when the row names no units present or absent
        (a sheet that round-trips only its topics and decisions).
        """
        day = values["date"]
        row = self.store.row(
            "SELECT * FROM meetings WHERE community_id = ? AND date = ?", (community["id"], day)
        )
        if row is not None and not values.get("present") and not values.get("absent"):
            paired = self.roster.paired_units_on(community["id"], day)
            chair_id, marks = self._chair(community, values, ctx, [u["id"] for u in paired]), None
        else:
            chair_id, marks = self._attendance_plan(community, values, ctx)
        if row is None:
            mid = self.store.insert(
                "meetings",
                {
                    "date": day,
                    "year": int(day[:4]),
                    "community_id": community["id"],
                    "chair_unit_id": chair_id,
                    "topics": values.get("topics"),
                    "decisions": values.get("decisions"),
                    "note": values.get("note"),
                },
            )
            self.store.conn.executemany(
                "INSERT INTO meeting_attendance (meeting_id, unit_id, present) VALUES (?, ?, ?)",
                [(mid, uid, flag) for uid, flag in marks.items()],
            )
            return "inserted", mid
        wanted = {
            "chair_unit_id": chair_id,
            "topics": values.get("topics"),
            "decisions": values.get("decisions"),
            "note": values.get("note"),
        }
        diff = {k: v for k, v in wanted.items() if v is not None and row.get(k) != v}
        if diff:
            self.store.update("meetings", row["id"], diff)
        if marks is None:
            return ("updated" if diff else "unchanged"), row["id"]
        had = {
            r["unit_id"]: r
            for r in self.store.rows(
                "SELECT id, unit_id, present FROM meeting_attendance WHERE meeting_id = ?", (row["id"],)
            )
        }
        for uid, flag in marks.items():
            if uid not in had:
                self.store.insert(
                    "meeting_attendance", {"meeting_id": row["id"], "unit_id": uid, "present": flag}
                )
            elif had[uid]["present"] != flag:
                self.store.update("meeting_attendance", had[uid]["id"], {"present": flag})
            else:
                continue
            diff[f"unit:{uid}"] = flag
        return ("updated" if diff else "unchanged"), row["id"]

    def _attendance_plan(
        self, community: dict[str, Any], values: dict[str, Any], ctx: Any
    ) -> tuple[int | None, dict[int, int]]:
        """The chair's unit id and {unit_id: present 0/1} for a meeting of `community` on `values["date"]`."""
        day = values["date"]
        present_given, absent_given = values.get("present") or [], values.get("absent") or []
        if present_given and absent_given:
            raise InvalidValue("pj_meeting_present_and_absent")
        if not present_given and not absent_given:
            raise InvalidValue("pj_meeting_attendance_needed")
        paired = self.roster.paired_units_on(community["id"], day)
        if not paired:
            raise Conflict("pj_no_paired_units", community=community["name"], date=day)
        paired_ids = [u["id"] for u in paired]
        chair_id = self._chair(community, values, ctx, paired_ids)
        present: list[int] = []
        if [x.casefold() for x in present_given] in ALL_PRESENT:
            present_given = [u["name"] for u in paired]
        for name in present_given:
            uid = self.roster.unit_for(name, ctx, field="present")["id"]
            if uid not in present:
                present.append(uid)
        if absent_given:
            absent = []
            for name in absent_given:
                u = self.roster.unit_for(name, ctx, field="absent")
                if u["id"] not in paired_ids:
                    raise InvalidValue(
                        "pj_absent_not_paired", unit=u["name"], community=community["name"], date=day
                    )
                if u["id"] == chair_id:
                    raise InvalidValue("pj_chair_absent", unit=u["name"])
                absent.append(u["id"])
            present = [uid for uid in paired_ids if uid not in absent]
        if chair_id is not None and chair_id not in present:
            present.insert(0, chair_id)
        return chair_id, {uid: 0 for uid in paired_ids} | {uid: 1 for uid in present}

    def _chair(
        self, community: dict[str, Any], values: dict[str, Any], ctx: Any, paired_ids: list[int]
    ) -> int | None:
        """The chair's unit id (None when the row names none); it must be paired with the community that day."""
        if not values.get("chair"):
            return None
        chair = self.roster.unit_for(values["chair"], ctx, field="chair")
        if chair["id"] not in paired_ids:
            raise Conflict(
                "pj_chair_not_paired",
                unit=chair["name"],
                community=community["name"],
                date=values["date"],
                field="chair",
            )
        return chair["id"]

    def list_meetings(
        self, *, community: object = None, year: int | None = None, unit: object = None
    ) -> list[dict[str, Any]]:
        """Meetings, oldest first: id, date, year, community, chair, present/absent unit names, topics, decisions."""
        where, params = [], []
        if community is not None:
            where.append("m.community_id = ?")
            params.append(community if isinstance(community, int) else self.roster.community(community)["id"])
        if year is not None:
            where.append("m.year = ?")
            params.append(int(year))
        if unit is not None:
            where.append("m.id IN (SELECT meeting_id FROM meeting_attendance WHERE unit_id = ?)")
            params.append(self.roster.unit(unit)["id"])
        sql = MEETING_SELECT
        if where:
            sql += " WHERE " + " AND ".join(where)
        meetings = self.store.rows(sql + " ORDER BY m.date, c.code, m.id", params)
        for m in meetings:
            m["present"], m["absent"] = split_names(m["present"]), split_names(m["absent"])
        for m in meetings:
            m["attended"] = len(m["present"])
            m["invited"] = len(m["present"]) + len(m["absent"])
        return meetings

    def meeting_row(self, meeting_id: int) -> dict[str, Any]:
        """One meeting as `list_meetings` shows it."""
        found = self.store.rows("SELECT community_id, year FROM meetings WHERE id = ?", (meeting_id,))
        if not found:
            raise NotFound("not_found", what=t("pj_what_meeting"), name=str(meeting_id))
        rows = self.list_meetings(community=found[0]["community_id"], year=found[0]["year"])
        return next(r for r in rows if r["id"] == meeting_id)

    # ------------------------------------------------------------------ rotating chair
    def chair_rotation(self, community: object, *, on: object = None) -> list[dict[str, Any]]:
        """The rotation queue of a community's paired units, next chair first.

        Each row: unit_id, unit, role, started, last_chaired (ISO date or None), times_chaired. Order: units
        that never chaired first, then the least recent chair; ties by pairing start date, then unit id.
        Meetings dated after `on` (default today) are not counted.
        """
        c = self.roster.community(community)
        day = day_iso(on)
        rows = self.store.rows(
            f"""SELECT u.id AS unit_id, u.name AS unit, p.role, p.started,
                       (SELECT max(m.date) FROM meetings m WHERE m.community_id = p.community_id
                         AND m.chair_unit_id = u.id AND m.date <= ?) AS last_chaired,
                       (SELECT count(*) FROM meetings m WHERE m.community_id = p.community_id
                         AND m.chair_unit_id = u.id AND m.date <= ?) AS times_chaired
                FROM pairings p JOIN units u ON u.id = p.unit_id
                WHERE p.community_id = ? AND {covers_sql("?")}
                ORDER BY last_chaired IS NOT NULL, last_chaired, p.started IS NULL, p.started, u.id""",
            (day, day, c["id"], day, day),
        )
        if not rows:
            raise Conflict("pj_no_paired_units", community=c["name"], date=day)
        for i, row in enumerate(rows, start=1):
            row["order"] = i
            row["community"] = c["name"]
        return rows

    def next_chair(self, community: object, *, on: object = None) -> dict[str, Any]:
        """The paired unit that should chair the next meeting (first row of `chair_rotation`)."""
        return self.chair_rotation(community, on=on)[0]

    # ------------------------------------------------------------------ the assessment's figure
    def meeting_attendance_figures(self, year: int) -> dict[int, dict[str, int]]:
        """Meeting attendance per unit in a year, for the assessment (PRODUCT §6, 联席会议).

        Returns `{unit_id: {"held": int, "attended": int}}` for every unit in the ledger: `held` counts the
        meetings of the year in communities the unit was paired with on the meeting day; `attended` counts
        those of them it attended (so attended <= held; a meeting elsewhere does not count). Units with no
        such meeting have `{"held": 0, "attended": 0}`.
        """
        figures = {r["id"]: {"held": 0, "attended": 0} for r in self.store.rows("SELECT id FROM units")}
        for r in self.store.rows(
            f"""SELECT p.unit_id, count(DISTINCT m.id) AS held,
                      count(DISTINCT CASE WHEN a.present = 1 THEN m.id END) AS attended
               FROM meetings m
               JOIN pairings p ON p.community_id = m.community_id AND {covers_sql("m.date")}
               LEFT JOIN meeting_attendance a ON a.meeting_id = m.id AND a.unit_id = p.unit_id
               WHERE m.year = ?
               GROUP BY p.unit_id""",
            (int(year),),
        ):
            figures[r["unit_id"]] = {"held": r["held"], "attended": r["attended"]}
        return figures

    def meeting_attendance(self, year: int, *, community: object = None) -> list[dict[str, Any]]:
        """`meeting attendance YEAR`: per unit held / attended / rate, worst attendance first."""
        figures = self.meeting_attendance_figures(year)
        where, params = "", []
        if community is not None:
            where = " WHERE u.id IN (SELECT unit_id FROM pairings WHERE community_id = ?)"
            params.append(self.roster.community(community)["id"])
        units = self.store.rows(
            f"""SELECT u.id, u.name,
                       (SELECT group_concat(c.name, '、') FROM pairings p JOIN communities c ON c.id = p.community_id
                         WHERE p.unit_id = u.id AND p.ended IS NULL) AS communities
                FROM units u{where} ORDER BY u.id""",
            params,
        )
        out = []
        for u in units:
            f = figures.get(u["id"], {"held": 0, "attended": 0})
            if not f["held"]:
                continue
            out.append(
                {
                    "unit_id": u["id"],
                    "unit": u["name"],
                    "communities": u["communities"],
                    **f,
                    "missed": f["held"] - f["attended"],
                    "attendance_rate": f["attended"] / f["held"],
                }
            )
        out.sort(key=lambda r: (r["attendance_rate"], -r["held"], r["unit_id"]))
        return out

    # ------------------------------------------------------------------ importing
    def import_meetings(self, values: dict[str, Any], ctx: Any) -> str:
        """One meeting row: insert or update by community + date (or by its 台账编号, which must name that
        meeting), attendance from 出席单位 or 缺席单位; chair, topics and decisions updated as given."""
        community = self.roster.community_for(values["community"], ctx)
        if values.get("ledger_id") is not None:
            number = values["ledger_id"]
            row = self.store.get("meetings", int(number)) if str(number).isdigit() else None
            if row is None:
                raise NotFound(
                    "pj_number_unknown", what=t("pj_what_meeting"), number=number, field="ledger_id"
                )
            if row["community_id"] != community["id"] or row["date"] != values["date"]:
                raise Conflict(
                    "pj_meeting_number_mismatch",
                    number=number,
                    date=row["date"],
                    community=self.store.scalar(
                        "SELECT name FROM communities WHERE id = ?", (row["community_id"],)
                    ),
                    field="ledger_id",
                )
        return self.save_meeting(community, values, ctx)[0]
