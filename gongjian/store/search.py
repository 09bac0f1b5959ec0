"""The full-text search index of the ledger (migration 7): is it in step with the records, and rebuilding it.

The index (`search_index`, FTS5 with the trigram tokenizer) holds one document per record of the searched
tables (`migrations.SEARCHED`); the frozen migration's triggers keep it in step with every write, and its
views say what each document is (`search_doc_<table>`, all of them in `search_documents`). Being tables
of the ledger file, the index goes with every backup and restore. A ledger changed by a tool that bypassed
the triggers (or a damaged index) is found by `stale_documents` and made right by `rebuild`
(`gongjian doctor` / `doctor --fix`). The ranked query itself is a report: `gongjian.reports.search`.
"""

from __future__ import annotations

import sqlite3

from gongjian.store import migrations
from gongjian.store.db import Store

INDEX = migrations.SEARCH_INDEX
DOCUMENTS = migrations.SEARCH_DOCUMENTS
COLUMNS = "head, body, community_id, day"


def has_index(store: Store) -> bool:
    """True when the ledger has the search index (schema version 7 and later)."""
    return store.scalar("SELECT count(*) FROM sqlite_master WHERE name IN (?, ?)", (INDEX, DOCUMENTS)) == 2


def stale_documents(store: Store) -> int:
    """How many documents the index has wrong: missing, different from the record, or of no record.

    A damaged index (FTS5's own integrity check fails) counts as wholly stale.
    """
    try:
        store.conn.execute(f"INSERT INTO {INDEX} ({INDEX}, rank) VALUES ('integrity-check', 1)")
    except sqlite3.OperationalError:
        pass  # busy or read-only: the comparison below still tells
    except sqlite3.DatabaseError:  # SQLITE_CORRUPT_VTAB: the index does not match its own content
        return max(store.scalar(f"SELECT count(*) FROM {DOCUMENTS}") or 0, 1)
    wrong = store.scalar(
        f"""SELECT count(*) FROM {DOCUMENTS} d LEFT JOIN {INDEX} s ON s.rowid = d.doc
            WHERE s.rowid IS NULL OR s.head IS NOT d.head OR s.body IS NOT d.body
               OR s.community_id IS NOT d.community_id OR s.day IS NOT d.day"""
    )
    orphans = store.scalar(
        f"SELECT count(*) FROM {INDEX} s WHERE s.rowid NOT IN (SELECT doc FROM {DOCUMENTS})"
    )
    return int(wrong or 0) + int(orphans or 0)


def rebuild(store: Store) -> int:
    """Empty the index and fill it again from every record (inside a write); returns the documents indexed."""
    conn = store.conn
    conn.execute(f"DELETE FROM {INDEX}")
    conn.execute(f"INSERT INTO {INDEX} (rowid, {COLUMNS}) SELECT doc, {COLUMNS} FROM {DOCUMENTS}")
    conn.execute(f"INSERT INTO {INDEX} ({INDEX}) VALUES ('optimize')")
    return int(store.scalar(f"SELECT count(*) FROM {INDEX}") or 0)
