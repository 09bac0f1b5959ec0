"""`Store.snapshots`: read transactions on more connections of the ledger, all at one state of it — a
commit made while they are open is seen by none of them; none when a writer holds the lock (a report does
not wait), inside a transaction, or for a ledger in memory."""

from __future__ import annotations

import sqlite3
import threading

from gongjian.ledger import Ledger
from gongjian.store.db import Store

UNITS = "SELECT count(*) FROM units"


def wal(path) -> None:
    """Open the ledger as a clerk's command does: it is in WAL mode from then on."""
    Ledger.open(path).close()


def test_every_connection_reads_the_state_they_started_at_while_another_commits(demo_db):
    wal(demo_db)
    with Ledger.open(demo_db, readonly=True) as ledger, ledger.store.snapshots(2) as others:
        assert len(others) == 2 and all(o.readonly for o in others)
        before = ledger.store.scalar(UNITS)
        with Ledger.open(demo_db) as writer:  # a clerk adds a unit meanwhile: committed at once
            writer.roster.add_unit(name="乐清市人防办", kind="机关")
            assert writer.store.scalar(UNITS) == before + 1
        seen = [None, None]

        def read(i: int) -> None:
            seen[i] = others[i].scalar(UNITS)

        threads = [threading.Thread(target=read, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert seen == [before, before] and ledger.store.scalar(UNITS) == before
    with Ledger.open(demo_db, readonly=True) as ledger:
        assert ledger.store.scalar(UNITS) == before + 1  # the next report sees it


def test_no_more_connections_while_a_writer_holds_the_lock_and_no_waiting_for_it(demo_db):
    wal(demo_db)
    writer = sqlite3.connect(demo_db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        with Ledger.open(demo_db) as ledger, ledger.store.snapshots(2) as others:
            assert others == []
            assert ledger.store.conn.in_transaction  # still one snapshot on its own connection
            assert ledger.store.scalar(UNITS) > 0
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_no_more_connections_inside_a_write_nor_for_a_ledger_in_memory(demo_db):
    with Ledger.open(demo_db) as ledger, ledger.store.write("unit add"), ledger.store.snapshots(2) as others:
        assert others == []  # the write's own changes are not committed: only this connection sees them
    conn = sqlite3.connect(":memory:", isolation_level=None)
    store = Store(demo_db.parent / "不存在.db", conn)
    with store.snapshots(1) as others:
        assert others == [] and conn.in_transaction
    conn.close()


def test_the_other_connections_are_closed_afterwards(demo_db):
    with Ledger.open(demo_db) as ledger:
        with ledger.store.snapshots(1) as others:
            (other,) = others
        assert not ledger.store.conn.in_transaction
        try:
            other.conn.execute("SELECT 1")
        except sqlite3.ProgrammingError:
            pass
        else:
            raise AssertionError("the other connection is still open")
