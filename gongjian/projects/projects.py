"""Contract projects (契约化共建): projects, claims, tasks and ratings, the open hall and the match table.

The claim rule of PRODUCT §2 (领办): until a project's claim deadline only units paired with its community
may claim it; once the deadline has passed with no claim, the project is in the open hall (领办大厅) and any
unit may claim it (`via_hall = 1`), and further units may join such a hall claim until it is done. A project
claimed within the window is closed to newcomers after the deadline. Several units may co-claim; a claim
with a bid records an auction (竞拍). Status moves listed → claimed (first claim) → done (every task done).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from gongjian.errors import Conflict, GongjianError, InvalidValue, NotFound, ValidationFailed
from gongjian.i18n import get_lang, label, t
from gongjian.projects.common import Outcome, day_iso, in_column, named
from gongjian.projects.common import changed as _changed
from gongjian.projects.needs import Needs
from gongjian.projects.specs import DEFAULT_CLAIM_DAYS
from gongjian.reading import normalize as n
from gongjian.reading.specs import checked_text, validate
from gongjian.roster.pairings import covers_sql
from gongjian.roster.roster import Roster
from gongjian.store.db import Store
from gongjian.vocab import term_label
from gongjian.writing.table import money_text

LIVE = ("listed", "claimed")

VOTES = ("satisfied", "basically_satisfied", "unsatisfied")  # residents' votes: 满意, 基本满意, 不满意

# The workflow of a project's status (see `status_move_allowed`).
MOVES = {"listed": ("claimed", "cancelled"), "claimed": ("done", "cancelled"), "done": (), "cancelled": ()}


def status_move_allowed(current: str, wanted: str) -> bool:
    """The project workflow: listed → claimed (its first claim) → done (every task done, `project done`);
    a listed or claimed project may be cancelled; done and cancelled are final. Staying put is allowed."""
    return wanted == current or wanted in MOVES.get(current, ())


# The one listing query of projects (`project list`/`show`, export); claimants come in claim order.
PROJECT_SELECT = """
    SELECT t.id, c.code AS community_code, c.name AS community, t.title, t.need_id, nd.text AS need,
           t.category, t.budget_fen, t.listed_on, t.year, t.claim_deadline, t.due, t.status,
           t.done_on, t.satisfied, t.basically_satisfied, t.unsatisfied, t.rated_on, t.note,
           (SELECT count(*) FROM project_tasks k WHERE k.project_id = t.id) AS tasks,
           (SELECT count(*) FROM project_tasks k WHERE k.project_id = t.id AND k.done_on IS NOT NULL) AS tasks_done,
           (SELECT group_concat(name, char(31)) FROM (SELECT u.name FROM project_claims pc JOIN units u
             ON u.id = pc.unit_id WHERE pc.project_id = t.id ORDER BY pc.claimed_on, pc.id)) AS claimant_names,
           (SELECT min(claimed_on) FROM project_claims WHERE project_id = t.id) AS claimed_on,
           (SELECT group_concat(share, char(31)) FROM (SELECT u.name || '=' || printf('%d.%02d', pc.share_fen / 100,
             pc.share_fen % 100) AS share FROM project_claims pc JOIN units u ON u.id = pc.unit_id
             WHERE pc.project_id = t.id AND pc.share_fen IS NOT NULL ORDER BY pc.claimed_on, pc.id)) AS share_names,
           t.uid, t.created_at, t.updated_at
    FROM projects t JOIN communities c ON c.id = t.community_id LEFT JOIN needs nd ON nd.id = t.need_id
"""


def joint_shares(
    unit_ids: list[int], shares: list[tuple[int, str, int]], bid_fen: int | None
) -> dict[int, int]:
    """The money each claimant commits, `{unit_id: fen}` — the rule of joint bids and pooled funding.

    A bid by one unit is all its own. A bid by several units (联合竞拍) names every bidder's share, and the
    shares add up to the bid. Without a bid, shares name what some claimants pool (众筹). A share names a
    claimant of this claim, once.
    """
    given: dict[int, int] = {}
    for uid, name, fen in shares:
        if uid not in unit_ids:
            raise InvalidValue("pj_share_not_claimant", unit=name)
        if uid in given:
            raise InvalidValue("pj_share_twice", unit=name)
        given[uid] = fen
    if bid_fen is None:
        return given
    if len(unit_ids) == 1 and not given:
        return {unit_ids[0]: bid_fen}
    if set(given) != set(unit_ids):
        raise InvalidValue("pj_joint_bid_shares")
    if sum(given.values()) != bid_fen:
        raise InvalidValue("pj_shares_sum", total=money_text(sum(given.values())), bid=money_text(bid_fen))
    return given


def satisfaction(row: dict[str, Any]) -> float | None:
    """Residents' satisfaction rate (满意率): (满意 + 基本满意) / all votes; None when not rated."""
    total = (
        (row.get("satisfied") or 0) + (row.get("basically_satisfied") or 0) + (row.get("unsatisfied") or 0)
    )
    if not total:
        return None
    return ((row.get("satisfied") or 0) + (row.get("basically_satisfied") or 0)) / total


class Projects:
    """Contract projects: listing, claims and bids, the open hall, tasks, completion and rating: `ledger.projects`."""

    def __init__(self, store: Store, roster: Roster, needs: Needs) -> None:
        self.store = store
        self.roster = roster
        self.needs = needs

    # ------------------------------------------------------------------ naming

    def project(self, ref: object) -> dict[str, Any]:
        """A project by id, exact title or unambiguous fragment of its title."""
        return named(
            self.store,
            """SELECT t.*, c.name AS community, c.code AS community_code FROM projects t
               JOIN communities c ON c.id = t.community_id""",
            "t.title",
            ref,
            what="pj_what_project",
            describe=lambda r: f"#{r['id']} {r['title']}（{r['community']}）",
        )

    def project_task(self, project_id: int, ref: object) -> dict[str, Any]:
        """A task of one project by id, exact title or unambiguous fragment of its title."""
        return named(
            self.store,
            "SELECT t.* FROM project_tasks t",
            "t.title",
            ref,
            what="pj_what_task",
            describe=lambda r: f"#{r['id']} {r['title']}",
            scope=("t.project_id", project_id),
        )

    # ------------------------------------------------------------------ projects
    def add_project(self, **raw: object) -> dict[str, Any]:
        """`project add`: list a livelihood project; the claim deadline defaults to 30 days after listing."""
        values = validate("projects", raw)
        if values.get("claimants"):
            raise InvalidValue("pj_project_add_no_claimants")
        with self.store.write("project add"):
            c = self.roster.community(values["community"])
            clash = self.store.scalar(
                "SELECT id FROM projects WHERE community_id = ? AND match_key(title) = ?",
                (c["id"], n.match_key(values["title"])),
            )
            if clash is not None:
                raise Conflict("pj_project_exists", community=c["name"], title=values["title"], id=clash)
            _, pid = self.save_project(c, values)
        return self.show_project(pid)

    def save_project(
        self, community: dict[str, Any], values: dict[str, Any], today: date | None = None
    ) -> tuple[Outcome, int]:
        """Insert or update a project matched on (community, title); absent fields keep their value."""
        wanted: dict[str, Any] = {
            "category": values.get("category"),
            "budget_fen": values.get("budget"),
            "due": values.get("due"),
            "listed_on": values.get("listed_on"),
            "claim_deadline": values.get("claim_deadline"),
            "note": values.get("note"),
        }
        if values.get("need"):
            try:
                need = self.needs.need(values["need"], community_id=community["id"])
            except GongjianError as exc:
                exc.params.setdefault("field", "need")
                raise
            wanted["need_id"] = need["id"]
            wanted["category"] = wanted["category"] or need["category"]
        row = self.store.row(
            "SELECT * FROM projects WHERE community_id = ? AND match_key(title) = ? ORDER BY title != ?, id",
            (community["id"], n.match_key(values["title"]), values["title"]),
        )
        if row is None:
            wanted["listed_on"] = wanted["listed_on"] or (today or date.today()).isoformat()
            wanted["category"] = wanted["category"] or "other"
            wanted["budget_fen"] = wanted["budget_fen"] or 0
            if not wanted["claim_deadline"]:
                listed = date.fromisoformat(wanted["listed_on"])
                wanted["claim_deadline"] = (listed + timedelta(days=DEFAULT_CLAIM_DAYS)).isoformat()
        merged = {**(row or {}), **{k: v for k, v in wanted.items() if v is not None}}
        if merged["claim_deadline"] and merged["claim_deadline"] < merged["listed_on"]:
            raise InvalidValue(
                "pj_deadline_before_listed",
                deadline=merged["claim_deadline"],
                listed_on=merged["listed_on"],
                field="claim_deadline",
            )
        if merged.get("due") and merged["due"] < merged["listed_on"]:
            raise InvalidValue(
                "pj_due_before_listed", due=merged["due"], listed_on=merged["listed_on"], field="due"
            )
        if wanted["listed_on"]:
            wanted["year"] = int(wanted["listed_on"][:4])
        if row is None:
            new = {"community_id": community["id"], "title": values["title"], **wanted}
            return "inserted", self.store.insert("projects", {k: v for k, v in new.items() if v is not None})
        diff = _changed(row, wanted)
        if diff:
            self.store.update("projects", row["id"], diff)
        return ("updated" if diff else "unchanged"), row["id"]

    def in_hall(self, project: dict[str, Any], day: str) -> bool:
        """True when the project is in the open hall on `day`: listed, unclaimed, past its claim deadline."""
        return (
            project["status"] == "listed"
            and bool(project["claim_deadline"])
            and project["claim_deadline"] < day
        )

    def claim_project(
        self,
        ref: object,
        units: list[object],
        *,
        bid: object = None,
        shares: list[object] | None = None,
        on: object = None,
    ) -> list[dict[str, Any]]:
        """`project claim`: one or more units claim a project on `on` — with `bid`, an auction bid (several
        units bid jointly, each with its share); with `shares` (`单位=金额`), each unit's money (众筹).

        Returns the new claims as dicts: project_id, title, unit, how, bid_fen, share_fen, claimed_on, via_hall.
        """
        if not units:
            raise InvalidValue("pj_claim_needs_unit")
        bid_fen = n.money_fen(bid) if bid is not None else None
        day = day_iso(on)
        with self.store.write("project claim"):
            p = self.project(ref)
            claimants = [self.roster.unit(ref_unit) for ref_unit in units]
            named = [self._share_of(text) for text in shares or []]
            split = joint_shares([u["id"] for u in claimants], named, bid_fen)
            out = []
            for u in claimants:
                share = split.get(u["id"])
                out.append(
                    self.record_claim(
                        p,
                        u,
                        day,
                        how="bid" if bid_fen is not None else "claim",
                        bid_fen=share if bid_fen is not None else None,
                        share_fen=share,
                    )
                )
                p = self.project(p["id"])
        return out

    def _share_of(self, text: object) -> tuple[int, str, int]:
        """`单位=金额` (or `单位：金额`) as (unit id, unit name, fen)."""
        raw = n.text(text) or ""
        for sep in ("=", "：", ":"):
            if sep in raw:
                name, _, amount = raw.rpartition(sep)
                break
        else:
            raise InvalidValue("pj_share_form", text=raw)
        unit = self.roster.unit(name.strip())
        return unit["id"], unit["name"], n.money_fen(amount.strip())

    def record_claim(
        self,
        project: dict[str, Any],
        unit: dict[str, Any],
        day: str,
        *,
        how: str = "claim",
        bid_fen: int | None = None,
        share_fen: int | None = None,
    ) -> dict[str, Any]:
        """Apply the claim rule (see the module docstring) and record one unit's claim on `day`."""
        title = project["title"]
        if project["status"] not in LIVE:
            raise Conflict("pj_project_not_open", title=title, status=_status_label(project["status"]))
        if day < project["listed_on"]:
            raise InvalidValue("pj_claim_before_listed", day=day, listed_on=project["listed_on"], title=title)
        before = self.store.row(
            "SELECT claimed_on FROM project_claims WHERE project_id = ? AND unit_id = ?",
            (project["id"], unit["id"]),
        )
        if before is not None:
            raise Conflict(
                "pj_already_claimed", unit=unit["name"], title=title, claimed_on=before["claimed_on"]
            )
        deadline = project["claim_deadline"]
        if deadline is None or day <= deadline:
            if not self.roster.is_paired_on(project["community_id"], unit["id"], day):
                raise Conflict(
                    "pj_claim_paired_only",
                    unit=unit["name"],
                    title=title,
                    community=project["community"],
                    deadline=deadline or "-",
                )
            via_hall = 0
        else:
            window = [
                r["name"]
                for r in self.store.rows(
                    """SELECT u.name FROM project_claims pc JOIN units u ON u.id = pc.unit_id
                   WHERE pc.project_id = ? AND pc.via_hall = 0 ORDER BY pc.id""",
                    (project["id"],),
                )
            ]
            if window:
                raise Conflict(
                    "pj_claim_window_closed", title=title, deadline=deadline, claimants="、".join(window)
                )
            via_hall = 1
        self.store.insert(
            "project_claims",
            {
                "project_id": project["id"],
                "unit_id": unit["id"],
                "how": how,
                "bid_fen": bid_fen,
                "claimed_on": day,
                "via_hall": via_hall,
                "share_fen": share_fen,
            },
        )
        if project["status"] == "listed":
            self.store.update("projects", project["id"], {"status": "claimed"})
        return {
            "project_id": project["id"],
            "title": title,
            "community": project["community"],
            "unit": unit["name"],
            "how": how,
            "bid_fen": bid_fen,
            "share_fen": share_fen,
            "claimed_on": day,
            "via_hall": via_hall,
        }

    def add_project_task(
        self, ref: object, title: object, *, owner: object = None, unit: object = None, due: object = None
    ) -> dict[str, Any]:
        """`project task add`: a line of the project's task sheet (任务书): title, owner, unit, due date."""
        task_title = checked_text("title", title)
        if not task_title:
            raise ValidationFailed([(_label("title"), _t("required"))])
        owner_text = checked_text("owner", owner)
        due_day = n.date_iso(due) if due else None
        with self.store.write("project task add"):
            p = self.project(ref)
            if p["status"] not in LIVE:
                raise Conflict("pj_project_tasks_frozen", title=p["title"], status=_status_label(p["status"]))
            unit_id = None
            if unit:
                u = self.roster.unit(unit)
                if not self.store.scalar(
                    "SELECT 1 FROM project_claims WHERE project_id = ? AND unit_id = ?", (p["id"], u["id"])
                ):
                    raise Conflict("pj_task_unit_not_claimant", unit=u["name"], title=p["title"])
                unit_id = u["id"]
            if self.store.scalar(
                "SELECT 1 FROM project_tasks WHERE project_id = ? AND match_key(title) = ?",
                (p["id"], n.match_key(task_title)),
            ):
                raise Conflict("pj_task_exists", task=task_title, title=p["title"])
            if due_day and due_day < p["listed_on"]:
                raise InvalidValue("pj_due_before_listed", due=due_day, listed_on=p["listed_on"])
            tid = self.store.insert(
                "project_tasks",
                {
                    "project_id": p["id"],
                    "title": task_title,
                    "owner": owner_text,
                    "unit_id": unit_id,
                    "due": due_day,
                },
            )
        return {**self.store.get("project_tasks", tid), "project": p["title"]}

    def finish_project_task(self, ref: object, task: object, *, on: object = None) -> dict[str, Any]:
        """`project task done`: mark a task done on `on` (default today); returns the task and `open_left`."""
        day = day_iso(on)
        with self.store.write("project task done"):
            p = self.project(ref)
            row = self.project_task(p["id"], task)
            if row["done_on"]:
                raise Conflict("pj_task_already_done", task=row["title"], done_on=row["done_on"])
            if p["status"] not in LIVE:
                raise Conflict("pj_project_tasks_frozen", title=p["title"], status=_status_label(p["status"]))
            if day < p["listed_on"]:
                raise InvalidValue("pj_task_done_before_listed", day=day, listed_on=p["listed_on"])
            self.store.update("project_tasks", row["id"], {"done_on": day})
            left = self.store.scalar(
                "SELECT count(*) FROM project_tasks WHERE project_id = ? AND done_on IS NULL", (p["id"],)
            )
        return {**self.store.get("project_tasks", row["id"]), "project": p["title"], "open_left": left}

    def finish_project(self, ref: object, *, on: object = None) -> dict[str, Any]:
        """`project done`: a claimed project whose tasks are all done is completed; its need becomes met."""
        day = day_iso(on)
        with self.store.write("project done"):
            p = self.project(ref)
            need_met = self.complete(p, day)
        return {**self.show_project(p["id"]), "need_met": need_met}

    def complete(self, p: dict[str, Any], day: str) -> bool:
        """Complete project `p` (a `project` row) on `day` inside a write: it must be claimed, every task
        done, `day` not before its first claim; its open need becomes met (returns True when it did)."""
        if p["status"] == "done":
            raise Conflict("pj_project_already_done", title=p["title"], done_on=p["done_on"])
        if p["status"] == "cancelled":
            raise Conflict("pj_project_is_cancelled", title=p["title"])
        if p["status"] == "listed":
            raise Conflict("pj_project_not_claimed", title=p["title"])
        open_tasks = [
            r["title"]
            for r in self.store.rows(
                "SELECT title FROM project_tasks WHERE project_id = ? AND done_on IS NULL ORDER BY id",
                (p["id"],),
            )
        ]
        if open_tasks:
            raise Conflict(
                "pj_project_tasks_open", title=p["title"], n=len(open_tasks), tasks="、".join(open_tasks)
            )
        self._check_done_on(p, day)
        self.store.update("projects", p["id"], {"status": "done", "done_on": day})
        if (
            p["need_id"]
            and self.store.scalar("SELECT status FROM needs WHERE id = ?", (p["need_id"],)) == "open"
        ):
            self.store.update("needs", p["need_id"], {"status": "met"})
            return True
        return False

    def _check_done_on(self, p: dict[str, Any], day: str) -> None:
        """A project is done on or after its first claim, and rated on or after it was done."""
        first = self.store.scalar(
            "SELECT min(claimed_on) FROM project_claims WHERE project_id = ?", (p["id"],)
        )
        if first and day < first:
            raise InvalidValue("pj_done_before_claim", day=day, claimed_on=first, field="done_on")
        if p.get("rated_on") and p["rated_on"] < day:
            raise InvalidValue("pj_rated_before_done", day=p["rated_on"], done_on=day, field="done_on")

    def rate_project(
        self,
        ref: object,
        *,
        satisfied: object = 0,
        basically_satisfied: object = 0,
        unsatisfied: object = 0,
        on: object = None,
    ) -> dict[str, Any]:
        """`project rate`: residents' representatives' votes 满意/基本满意/不满意 on a done project."""
        votes = {
            "satisfied": n.integer(satisfied or 0),
            "basically_satisfied": n.integer(basically_satisfied or 0),
            "unsatisfied": n.integer(unsatisfied or 0),
        }
        if not any(votes.values()):
            raise InvalidValue("pj_rate_empty")
        day = day_iso(on)
        with self.store.write("project rate"):
            p = self.project(ref)
            self.rate(p, votes, day)
        return self.show_project(p["id"])

    def rate(self, p: dict[str, Any], votes: dict[str, int], day: str) -> None:
        """Record residents' votes on project `p` on `day` inside a write: only a done project is rated, on
        or after the day it was done."""
        if p["status"] != "done":
            raise Conflict(
                "pj_rate_not_done", title=p["title"], status=_status_label(p["status"]), field="satisfied"
            )
        if day < p["done_on"]:
            raise InvalidValue("pj_rated_before_done", day=day, done_on=p["done_on"], field="rated_on")
        self.store.update("projects", p["id"], {**votes, "rated_on": day})

    def cancel_project(self, ref: object, *, reason: object = None) -> dict[str, Any]:
        """`project cancel`: withdraw a project that is not done; the reason is kept in its note."""
        why = checked_text("reason", reason)
        with self.store.write("project cancel"):
            p = self.project(ref)
            self.cancel(p, why)
        return self.show_project(p["id"])

    def cancel(self, p: dict[str, Any], why: str | None) -> None:
        """Cancel project `p` inside a write (not once done or cancelled); the reason joins its note."""
        if p["status"] == "done":
            raise Conflict("pj_project_already_done", title=p["title"], done_on=p["done_on"])
        if p["status"] == "cancelled":
            raise Conflict("pj_project_is_cancelled", title=p["title"])
        note = "；".join(x for x in (p["note"], why) if x) or None
        self.store.update("projects", p["id"], {"status": "cancelled", "note": note})

    # ------------------------------------------------------------------ reading projects
    def list_projects(
        self,
        *,
        community: object = None,
        status: object = None,
        year: int | None = None,
        unit: object = None,
        category: object = None,
        hall: bool = False,
        on: object = None,
    ) -> list[dict[str, Any]]:
        """Projects with their claimants, task progress and rating; `hall` keeps those in the open hall on `on`.

        Each row: id, community_code, community, title, need_id, need, category, budget_fen, listed_on, year,
        claim_deadline, due, status, in_hall, claimants (names), via_hall, bid_fen (sum of bids or None),
        tasks, tasks_done, done_on, satisfied, basically_satisfied, unsatisfied, satisfaction, rated_on, note.
        """
        day = day_iso(on)
        where, params = [], []
        if community is not None:
            where.append("t.community_id = ?")
            params.append(community if isinstance(community, int) else self.roster.community(community)["id"])
        if status:
            where.append("t.status = ?")
            params.append(n.enum_value("project_status", status))
        if year is not None:
            where.append("t.year = ?")
            params.append(int(year))
        if unit is not None:
            where.append("t.id IN (SELECT project_id FROM project_claims WHERE unit_id = ?)")
            params.append(self.roster.unit(unit)["id"])
        if category:
            where.append("t.category = ?")
            params.append(n.enum_value("need_category", category))
        if hall:
            where.append("t.status = 'listed' AND t.claim_deadline < ?")
            params.append(day)
        sql = PROJECT_SELECT
        if where:
            sql += " WHERE " + " AND ".join(where)
        out = self.store.rows(sql + " ORDER BY t.listed_on, c.code, t.id", params)
        claims = self._claims_of([r["id"] for r in out])
        for row in out:
            mine = claims.get(row["id"], [])
            row["in_hall"] = self.in_hall(row, day)
            row["claimants"] = [c["unit"] for c in mine]
            row["claims_text"] = [_claim_text(c) for c in mine]
            row["via_hall"] = any(c["via_hall"] for c in mine)
            bids = [c["bid_fen"] for c in mine if c["how"] == "bid" and c["bid_fen"] is not None]
            row["bid_fen"] = sum(bids) if bids else None
            row["satisfaction"] = satisfaction(row)
        return out

    def _claims_of(self, project_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
        out: dict[int, list[dict[str, Any]]] = {}
        for start in range(0, len(project_ids), 500):
            part = project_ids[start : start + 500]
            marks = ",".join("?" for _ in part)
            for r in self.store.rows(
                f"""SELECT pc.project_id, pc.unit_id, u.name AS unit, pc.how, pc.bid_fen, pc.share_fen, pc.claimed_on,
                           pc.via_hall, (SELECT count(*) FROM project_tasks k
                             WHERE k.project_id = pc.project_id AND k.unit_id = pc.unit_id) AS tasks
                    FROM project_claims pc JOIN units u ON u.id = pc.unit_id
                    WHERE pc.project_id IN ({marks}) ORDER BY pc.project_id, pc.claimed_on, pc.id""",
                part,
            ):
                out.setdefault(r["project_id"], []).append(r)
        return out

    def show_project(self, ref: object, *, on: object = None) -> dict[str, Any]:
        """One project as `list_projects` shows it, plus `claims` and `task_sheet` (tasks with unit names)."""
        pid = ref if isinstance(ref, int) else self.project(ref)["id"]
        rows = self.list_projects(
            on=on, community=self.store.scalar("SELECT community_id FROM projects WHERE id = ?", (pid,))
        )
        row = next(r for r in rows if r["id"] == pid)
        row["claims"] = [
            {k: v for k, v in c.items() if k != "project_id"} for c in self._claims_of([pid]).get(pid, [])
        ]
        row["task_sheet"] = self.store.rows(
            """SELECT k.id, k.title, k.owner, u.name AS unit, k.due, k.done_on FROM project_tasks k
               LEFT JOIN units u ON u.id = k.unit_id WHERE k.project_id = ? ORDER BY k.id""",
            (pid,),
        )
        return row

    # ------------------------------------------------------------------ the assessment's figure
    def project_figures(self, year: int) -> dict[int, dict[str, int]]:
        """Contract-project figures per unit in a year, for the assessment.

        Returns `{unit_id: {"claimed": int, "via_hall": int, "bids": int, "bid_fen": int, "share_fen": int,
        "done": int}}` for every unit in the ledger: `claimed` counts the unit's claims dated in the year,
        `via_hall` those made in the open hall, `bids` those made as auction bids (and `bid_fen` their total in
        fen: its own share of a joint bid), `share_fen` the money it committed itself (its share of joint bids
        and pooled funding, `joint_shares`), `done` the projects it claimed that were completed in the year.
        Claims on cancelled projects are not counted.
        """
        first, last = f"{int(year):04d}-01-01", f"{int(year):04d}-12-31"
        figures = {
            r["id"]: {"claimed": 0, "via_hall": 0, "bids": 0, "bid_fen": 0, "share_fen": 0, "done": 0}
            for r in self.store.rows("SELECT id FROM units")
        }
        for r in self.store.rows(
            """SELECT pc.unit_id, count(*) AS claimed, sum(pc.via_hall) AS via_hall,
                      sum(pc.how = 'bid') AS bids, coalesce(sum(pc.bid_fen), 0) AS bid_fen,
                      coalesce(sum(pc.share_fen), 0) AS share_fen
               FROM project_claims pc JOIN projects p ON p.id = pc.project_id
               WHERE pc.claimed_on BETWEEN ? AND ? AND p.status != 'cancelled'
               GROUP BY pc.unit_id""",
            (first, last),
        ):
            figures[r["unit_id"]].update(
                claimed=r["claimed"],
                via_hall=r["via_hall"],
                bids=r["bids"],
                bid_fen=r["bid_fen"],
                share_fen=r["share_fen"],
            )
        for r in self.store.rows(
            """SELECT pc.unit_id, count(*) AS done FROM project_claims pc JOIN projects p ON p.id = pc.project_id
               WHERE p.status = 'done' AND p.done_on BETWEEN ? AND ? GROUP BY pc.unit_id""",
            (first, last),
        ):
            figures[r["unit_id"]]["done"] = r["done"]
        return figures

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
            params.append(self.roster.community(community)["id"])
        items = self.store.rows(
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
        for r in self.store.rows(
            "SELECT r.category, r.unit_id, u.name, r.text FROM resources r JOIN units u ON u.id = r.unit_id "
            "ORDER BY r.unit_id, r.id"
        ):
            slot = offers.setdefault(r["category"], {}).setdefault(
                r["unit_id"], {"name": r["name"], "texts": []}
            )
            slot["texts"].append(r["text"])
        paired: dict[int, dict[int, str]] = {}
        for p in self.store.rows(
            f"SELECT p.community_id, p.unit_id, p.role FROM pairings p WHERE {covers_sql('?')}", (day, day)
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

    # ------------------------------------------------------------------ importing
    def import_projects(self, values: dict[str, Any], ctx: Any) -> str:
        """One project row: insert or update by community + title (or by its 台账编号, which must name that
        project); new claimants are checked by the claim rule; status, completion and rating follow the
        workflow (`follow_sheet`).

        Claimants already recorded are left as they are; a new one claims on `claimed_on` (default: the
        listing date), so a unit not paired with the community is refused unless that date is after the
        claim deadline (then it is an open-hall claim).
        """
        community = self.roster.community_for(values["community"], ctx)
        if values.get("ledger_id") is not None:
            with in_column("ledger_id"):
                self.numbered(values["ledger_id"], community, values["title"])
        outcome, pid = self.save_project(community, values, today=getattr(ctx, "today", None))
        claimants = []
        with in_column("claimants"):
            for name in values.get("claimants") or []:
                claimants.append(self.roster.unit_for(name, ctx, field="claimants"))
        with in_column("shares"):
            split = joint_shares(
                [u["id"] for u in claimants], [self._share_of(s) for s in values.get("shares") or []], None
            )
        for unit in claimants:
            with in_column("claimants"):
                if self.store.scalar(
                    "SELECT 1 FROM project_claims WHERE project_id = ? AND unit_id = ?", (pid, unit["id"])
                ):
                    continue
                project = self.project(pid)
                day = values.get("claimed_on") or project["listed_on"]
                self.record_claim(project, unit, day, share_fen=split.get(unit["id"]))
            if outcome == "unchanged":
                outcome = "updated"
        today = getattr(ctx, "today", None) or date.today()
        if self.follow_sheet(pid, values, today.isoformat()) and outcome == "unchanged":
            outcome = "updated"
        return outcome

    def numbered(self, number: str, community: dict[str, Any], title: str) -> dict[str, Any]:
        """The project a sheet row names by its 台账编号; it must exist and be the row's (community, title),
        the title compared by its matching key as every lookup compares it (`normalize.match_key`)."""
        row = self.store.get("projects", int(number)) if str(number).isdigit() else None
        if row is None:
            raise NotFound("pj_number_unknown", what=t("pj_what_project"), number=number)
        if row["community_id"] != community["id"] or n.match_key(row["title"]) != n.match_key(title):
            raise Conflict(
                "pj_number_mismatch",
                number=number,
                title=row["title"],
                community=self.store.scalar(
                    "SELECT name FROM communities WHERE id = ?", (row["community_id"],)
                ),
            )
        return row

    def follow_sheet(self, pid: int, values: dict[str, Any], today: str) -> bool:
        """Bring project `pid` to the status, completion day and rating a sheet row gives, along the
        workflow (`status_move_allowed`) and by the commands' own rules (`complete`, `cancel`, `rate`);
        blank cells keep what the ledger has. Returns True when anything changed."""
        p = self.project(pid)
        moved = False
        wanted = values.get("status")
        if wanted and wanted != p["status"]:
            with in_column("status"):
                if not status_move_allowed(p["status"], wanted):
                    raise Conflict(
                        "pj_status_move",
                        title=p["title"],
                        current=_status_label(p["status"]),
                        wanted=_status_label(wanted),
                    )
                if wanted == "claimed":
                    raise Conflict("pj_status_needs_claim", title=p["title"])
                if wanted == "done":
                    self.complete(p, values.get("done_on") or today)
                else:
                    self.cancel(p, None)
            p, moved = self.project(pid), True
        if values.get("done_on") and values["done_on"] != p["done_on"]:
            if p["status"] != "done":
                raise InvalidValue(
                    "pj_done_on_not_done",
                    title=p["title"],
                    status=_status_label(p["status"]),
                    field="done_on",
                )
            self._check_done_on(p, values["done_on"])
            self.store.update("projects", pid, {"done_on": values["done_on"]})
            p, moved = self.project(pid), True
        votes = {k: p[k] if values.get(k) is None else values[k] for k in VOTES}
        rated_on = values.get("rated_on")
        if any(votes[k] != p[k] for k in VOTES) or (rated_on and rated_on != p["rated_on"]):
            if not any(votes.values()):
                raise InvalidValue("pj_rate_empty", field="satisfied")
            self.rate(p, votes, rated_on or p["rated_on"] or today)
            moved = True
        return moved


def _t(key: str, **params: Any) -> str:
    return t(key, **params)


def _label(key: str) -> str:
    return label(key)


def _status_label(status: str) -> str:
    """A project status as it reads inside a sentence: 已取消 / cancelled."""
    text = term_label("project_status", status)
    return text if get_lang() == "zh" else text.lower()


def _claim_text(claim: dict[str, Any]) -> str:
    """A claimant as a clerk reads it: `单位（竞拍 1,200.00 元，领办大厅）`."""
    marks = []
    if claim["how"] == "bid":
        marks.append(_t("pj_bid_mark", amount=money_text(claim["bid_fen"] or 0)))
    elif claim.get("share_fen") is not None:
        marks.append(_t("pj_share_mark", amount=money_text(claim["share_fen"])))
    if claim["via_hall"]:
        marks.append(_t("pj_hall_mark"))
    return claim["unit"] + (_t("pj_claim_marks", marks=_t("pj_mark_separator").join(marks)) if marks else "")
