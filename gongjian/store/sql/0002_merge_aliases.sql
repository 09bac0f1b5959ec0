-- Migration 2: merge_aliases: uids of records unified by gongjian merge.
-- A record known to a source ledger under another uid (the same unit, community … found by its natural key)
-- keeps pointing at the one target row, so later merges stay idempotent.
-- Frozen: the statement gongjian ran for this step at commit d52816f. Never edit.

CREATE TABLE merge_aliases (
            tbl TEXT NOT NULL, source_uid TEXT NOT NULL, target_uid TEXT NOT NULL, ledger_uid TEXT,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
            PRIMARY KEY (tbl, source_uid)) WITHOUT ROWID;
