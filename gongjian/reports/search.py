"""`gongjian search`: one search over the whole ledger, best hits first, each with its matching text marked.

The index is the store's (`gongjian.store.search`, migration 7: FTS5 with the trigram tokenizer, one
document per community, unit, agreement, activity, problem, need, resource, project, meeting and member;
members by name only). Here the words a clerk types become one FTS5 query:

- a word of three characters or more is a phrase of its trigrams (`"垃圾分类"` finds 垃圾分类亭破损);
- a word of one or two characters (路灯, 垃圾, 停车 …) is every trigram of the index that begins with it,
  read from the index's vocabulary (`search_terms`): every character of a document starts a trigram (the
  documents end each field with line breaks), so nothing is missed and nothing is scanned; a common
  character that begins hundreds of trigrams (王) is read from their instances (`search_instances`);
- several words narrow the result: every one must occur in the record (`search 路灯 北城`).

Filters (`kinds`, `community`, `year`) are applied inside the same query; the order is `RANKING`. Only the
hits shown are then read in full: their name or number, date, community, and the text around the first
hit with every hit marked 【…】. Phones and ID numbers are never in the index, so never in a result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from gongjian.errors import InvalidValue
from gongjian.i18n import label, t
from gongjian.reading import normalize as n
from gongjian.store import migrations
from gongjian.writing.table import Column, Table

INDEX = migrations.SEARCH_INDEX
CONTENT = f"{INDEX}_content"  # FTS5's own table of the documents: c0 head, c1 body, c2 community_id, c3 day
BITS = migrations.SEARCH_KIND_BITS
MASK = (1 << BITS) - 1
TABLES = {code: table for table, code in migrations.SEARCHED.items()}
KIND_OF_TABLE = {  # searched table -> its `search_kind` key
    "communities": "community",
    "units": "unit",
    "agreements": "agreement",
    "activities": "activity",
    "tickets": "ticket",
    "needs": "need",
    "resources": "resource",
    "projects": "project",
    "meetings": "meeting",
    "members": "member",
}
CODES = {KIND_OF_TABLE[table]: code for table, code in migrations.SEARCHED.items()}
DEFAULT_LIMIT = 20
SHORT = 3  # words shorter than a trigram are looked up in the vocabulary
OR_TERMS = 64  # a short word beginning more trigrams than this is read from the index's instances
TOP_CHAR = "\U0010ffff"  # sorts after every trigram that begins with a given word
SNIPPET_CHARS = 60
MARK_OPEN, MARK_CLOSE = "【", "】"

# Best first: a record whose name or title holds every word, before one that has them only in its text;
# then the roster (communities, units, members) before the records, projects and agreements before the
# day-to-day records, problems last; then the newest record (the highest id) of its kind first.
KIND_ORDER = (
    "community",
    "unit",
    "member",
    "project",
    "agreement",
    "need",
    "resource",
    "meeting",
    "activity",
    "ticket",
)
RANKING = (
    "in_head DESC, CASE w0.doc & {mask} "
    + " ".join(f"WHEN {CODES[kind]} THEN {i}" for i, kind in enumerate(KIND_ORDER))
    + " END, w0.doc >> {bits} DESC"
).format(mask=MASK, bits=BITS)

# The name or number a clerk refers to each kind of record by (what `show` and the listings take).
REF_SQL = {
    "community": "SELECT id, name AS ref FROM communities",
    "unit": "SELECT id, name AS ref FROM units",
    "agreement": "SELECT id, number AS ref FROM agreements",
    "activity": "SELECT id, title AS ref FROM activities",
    "ticket": "SELECT id, number AS ref FROM tickets",
    "need": "SELECT id, '#' || id AS ref FROM needs",
    "resource": "SELECT r.id, u.name AS ref FROM resources r JOIN units u ON u.id = r.unit_id",
    "project": "SELECT id, title AS ref FROM projects",
    "meeting": "SELECT id, '#' || id AS ref FROM meetings",
    "member": "SELECT id, name AS ref FROM members",
}
ALIAS = {"resource": "r"}


# Punctuation and symbols, full-width or half-width: they part words in a query (the index keeps them).
_BETWEEN_WORDS = re.compile(r"[\W_]+")


def words_of(query: list[str] | str) -> list[str]:
    """The words of a query (several arguments or one string), normalised, unique. Spaces and punctuation of
    either width part words, so that `(北城)` finds what was typed as `（北城）` and `乐清市(北城)服务中心`
    finds 乐清市（北城）服务中心: the record holds every word, whatever brackets the clerk typed."""
    parts = query.split() if isinstance(query, str) else [w for q in query for w in str(q).split()]
    out: list[str] = []
    for part in parts:
        for word in _BETWEEN_WORDS.split(n.text(part) or ""):
            if word and word.casefold() not in (w.casefold() for w in out):
                out.append(word)
    if not out:
        raise InvalidValue("search_empty")
    return out


def kinds_of(values: list[str] | None) -> list[str]:
    """`--kind` values (keys, plurals or Chinese labels, also comma-separated) as search kind keys."""
    found: list[str] = []
    for value in values or []:
        for part in re.split(r"[,，、\s]+", str(value)):
            if part:
                kind = n.enum_value("search_kind", part)
                if kind not in found:
                    found.append(kind)
    return found


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@dataclass
class Plan:
    """How the words of a query are looked up: one FTS5 expression, and the short words read from the
    index's instances instead (each as a (first, last) range of trigrams)."""

    match: list[str] = field(default_factory=list)
    ranges: list[tuple[str, str]] = field(default_factory=list)
    empty: bool = False


def plan_of(ledger: Any, words: list[str]) -> Plan:
    """The lookup of `words` (see the module docstring). A short word that begins at most `OR_TERMS`
    trigrams joins the FTS5 expression as their OR; one that begins more (a common character: 王, 区) is
    read from the instances of its trigram range instead, which costs by hits, not by trigrams."""
    plan = Plan()
    for word in words:
        folded = word.lower()
        if len(word) >= SHORT:
            plan.match.append(_phrase(folded))
            continue
        grams = [
            r[0]
            for r in ledger.store.conn.execute(
                "SELECT term FROM search_terms WHERE term >= ? AND term < ?", (folded, folded + TOP_CHAR)
            )
        ]
        if not grams:
            plan.empty = True
        elif len(grams) <= OR_TERMS:
            plan.match.append("(" + " OR ".join(_phrase(g) for g in grams) + ")")
        else:
            plan.ranges.append((folded, folded + TOP_CHAR))
    return plan


def search(
    ledger: Any,
    query: list[str] | str,
    *,
    kinds: list[str] | None = None,
    community: object = None,
    year: int | None = None,
    limit: int | None = DEFAULT_LIMIT,
) -> dict[str, Any]:
    """Search the whole ledger; returns {"words", "total", "hits"}, hits best first (at most `limit`).

    Each hit: kind (a `search_kind` key), id, ref (name or number), date, community (name), text (the
    matching text, each hit in 【】). `community` keeps records of that community, and the units paired
    with it and their resources; `year` keeps records dated in that year.
    """
    words = words_of(query)
    wanted = kinds_of(kinds)
    with ledger.store.snapshot():
        cid = None if community in (None, "") else ledger.roster.community(community)["id"]
        plan = plan_of(ledger, words)
        if plan.empty:
            return {"words": words, "total": 0, "hits": []}
        found = ledger.store.rows(*_query(plan, wanted, cid, year, limit))
        hits = _details(ledger, found, words)
    return {"words": words, "total": found[0]["total"] if found else 0, "hits": hits}


def _query(
    plan: Plan, wanted: list[str], cid: int | None, year: int | None, limit: int | None
) -> tuple[str, dict[str, Any]]:
    """The one SELECT of a search: its documents (`doc`), whether the words are all in the name or title
    (`in_head`), the count of every hit (`total`), filtered, in `RANKING` order, cut to `limit`."""
    params: dict[str, Any] = {"limit": -1 if not limit else int(limit)}
    sets: list[str] = []
    if plan.match:
        expression = " AND ".join(plan.match)
        params.update(match=expression, head=f"{{head}}: ({expression})")
        sets.append(
            f"""SELECT rowid AS doc, rowid IN (SELECT rowid FROM {INDEX} WHERE {INDEX} MATCH :head) AS h
                FROM {INDEX} WHERE {INDEX} MATCH :match"""
        )
    for i, (first, last) in enumerate(plan.ranges):
        params.update({f"first{i}": first, f"last{i}": last})
        sets.append(
            f"""SELECT doc, max(col = 'head') AS h FROM search_instances
                WHERE term >= :first{i} AND term < :last{i} GROUP BY doc"""
        )
    ctes = ", ".join(f"w{i} AS ({sql})" for i, sql in enumerate(sets))
    joins = "".join(f" JOIN w{i} ON w{i}.doc = w0.doc" for i in range(1, len(sets)))
    flags = " AND ".join(f"w{i}.h" for i in range(len(sets)))
    where = []
    if wanted:
        where.append(f"w0.doc & {MASK} IN ({', '.join(str(CODES[k]) for k in wanted)})")
    if cid is not None or year is not None:
        joins += f" JOIN {CONTENT} d ON d.id = w0.doc"
    if cid is not None:
        unit, resource = CODES["unit"], CODES["resource"]
        paired = "SELECT unit_id FROM pairings WHERE community_id = :cid"
        where.append(
            f"""(d.c2 = :cid
                 OR (w0.doc & {MASK} = {unit} AND w0.doc >> {BITS} IN ({paired}))
                 OR (w0.doc & {MASK} = {resource} AND w0.doc >> {BITS} IN
                     (SELECT id FROM resources WHERE unit_id IN ({paired}))))"""
        )
        params["cid"] = cid
    if year is not None:
        where.append("d.c3 BETWEEN :first AND :last")
        params.update(first=f"{int(year):04d}-01-01", last=f"{int(year):04d}-12-31")
    sql = f"""WITH {ctes}
              SELECT w0.doc AS doc, count(*) OVER () AS total, ({flags}) AS in_head
              FROM w0{joins}
              {"WHERE " + " AND ".join(where) if where else ""}
              ORDER BY {RANKING}
              LIMIT :limit"""
    return sql, params


def _details(ledger: Any, found: list[dict[str, Any]], words: list[str]) -> list[dict[str, Any]]:
    """The hits as a clerk reads them: kind, id, ref, date, community name and the marked text."""
    if not found:
        return []
    docs = [r["doc"] for r in found]
    marks = ",".join("?" for _ in docs)
    content = {
        r["id"]: r
        for r in ledger.store.rows(
            f"SELECT id, c0 AS head, c1 AS body, c2 AS community_id, c3 AS day FROM {CONTENT} "
            f"WHERE id IN ({marks})",
            docs,
        )
    }
    by_kind: dict[str, list[int]] = {}
    for doc in docs:
        by_kind.setdefault(KIND_OF_TABLE[TABLES[doc & MASK]], []).append(doc >> BITS)
    refs: dict[tuple[str, int], str] = {}
    for kind, ids in by_kind.items():
        alias = ALIAS.get(kind)
        column = f"{alias}.id" if alias else "id"
        for r in ledger.store.rows(f"{REF_SQL[kind]} WHERE {column} IN ({','.join('?' for _ in ids)})", ids):
            refs[(kind, r["id"])] = r["ref"]
    communities = {
        r["id"]: r["name"]
        for r in ledger.store.rows(
            "SELECT id, name FROM communities WHERE id IN (SELECT value FROM json_each(?))",
            ("[" + ",".join(str(c["community_id"]) for c in content.values() if c["community_id"]) + "]",),
        )
    }
    out = []
    for doc in docs:
        kind, rid = KIND_OF_TABLE[TABLES[doc & MASK]], doc >> BITS
        row = content.get(doc, {})
        out.append(
            {
                "kind": kind,
                "id": rid,
                "ref": refs.get((kind, rid)),
                "date": row.get("day"),
                "community": communities.get(row.get("community_id")),
                "text": snippet(row.get("head"), row.get("body"), words),
            }
        )
    return out


def _fields(head: str | None, body: str | None) -> list[str]:
    return [f for f in (head or "").split("\n") + (body or "").split("\n") if f.strip()]


def snippet(head: str | None, body: str | None, words: list[str], width: int = SNIPPET_CHARS) -> str:
    """The field that holds the most of the words (the name or title on a tie), around its first hit, every
    hit marked 【…】; a long field is cut with “…” (only this text is ever cut: names and numbers never)."""
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    fields = _fields(head, body)
    if not fields:
        return ""
    scores = [len({m.group(0).casefold() for m in pattern.finditer(f)}) for f in fields]
    field = fields[scores.index(max(scores))]
    hit = pattern.search(field)
    if hit is None:
        return field
    start = 0
    if len(field) > width:
        start = max(0, min(hit.start() - width // 3, len(field) - width))
    text = field[start : start + width]
    marked = pattern.sub(lambda m: f"{MARK_OPEN}{m.group(0)}{MARK_CLOSE}", text)
    return ("…" if start > 0 else "") + marked + ("…" if start + width < len(field) else "")


def search_table(result: dict[str, Any]) -> Table:
    """The hits as the neutral Table every writer draws, with the count below (best first)."""
    total, shown = result["total"], len(result["hits"])
    if not total:
        footer = [t("search_none", words=" ".join(result["words"]))]
    elif shown < total:
        footer = [t("search_some", total=total, shown=shown)]
    else:
        footer = [t("search_all", total=total)]
    columns = [
        Column("kind", "enum", enum="search_kind", title=label("search_kind_column")),
        Column("id", "int", show=False),
        Column("ref", title=label("search_ref")),
        Column("date", "date"),
        Column("community"),
        Column("text", title=label("search_text"), wrap=True),
    ]
    return Table(columns, result["hits"], footer=footer, name="search")
