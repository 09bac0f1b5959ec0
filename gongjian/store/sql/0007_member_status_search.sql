-- Migration 7: member statuses 退休 and 去世 beside 在册 and 已转出; the full-text search index of the ledger.
-- Frozen. Never edit a shipped migration; append a new one.
--
-- 1. members.status may also be 'retired' (退休) or 'deceased' (去世). SQLite cannot change a CHECK
-- constraint in place, so the table is rebuilt (SQLite's documented procedure: the step runs with foreign
-- keys off and `migrate` runs foreign_key_check before it commits): same columns in the same order, every
-- row copied with its id and uid, then its indexes and its three audit triggers recreated exactly as
-- migration 6 left them, party_status included (the copy itself is not audited: no row changes).

CREATE TABLE members_new (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    name TEXT NOT NULL,
    phone TEXT,
    id_number TEXT UNIQUE,
    unit_id INTEGER REFERENCES units(id),
    community_id INTEGER NOT NULL REFERENCES communities(id),
    registered_on TEXT,
    specialty TEXT,
    post TEXT,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'left', 'retired', 'deceased')),
    note TEXT,
    status_on TEXT,
    party_status TEXT CHECK (party_status IS NULL OR party_status IN ('full', 'probationary')));

INSERT INTO members_new (
        id, uid, created_at, updated_at, name, phone, id_number, unit_id, community_id, registered_on,
        specialty, post, status, note, status_on, party_status)
    SELECT
        id, uid, created_at, updated_at, name, phone, id_number, unit_id, community_id, registered_on,
        specialty, post, status, note, status_on, party_status
    FROM members ORDER BY id;

DROP TABLE members;

ALTER TABLE members_new RENAME TO members;

CREATE INDEX members_name_phone ON members(name, phone);

CREATE INDEX "members_unit" ON members(unit_id, status, registered_on, status_on);

CREATE INDEX "members_community" ON members(community_id, status, registered_on, status_on);

CREATE TRIGGER "audit_members_insert" AFTER INSERT ON "members" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'members', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'name', NEW."name", 'phone', NEW."phone", 'id_number', NEW."id_number", 'unit_id', NEW."unit_id", 'community_id', NEW."community_id", 'registered_on', NEW."registered_on", 'specialty', NEW."specialty", 'post', NEW."post", 'status', NEW."status", 'note', NEW."note", 'status_on', NEW."status_on", 'party_status', NEW."party_status")); END;

CREATE TRIGGER "audit_members_update" AFTER UPDATE ON "members" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'members', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'name', OLD."name", 'phone', OLD."phone", 'id_number', OLD."id_number", 'unit_id', OLD."unit_id", 'community_id', OLD."community_id", 'registered_on', OLD."registered_on", 'specialty', OLD."specialty", 'post', OLD."post", 'status', OLD."status", 'note', OLD."note", 'status_on', OLD."status_on", 'party_status', OLD."party_status"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'name', NEW."name", 'phone', NEW."phone", 'id_number', NEW."id_number", 'unit_id', NEW."unit_id", 'community_id', NEW."community_id", 'registered_on', NEW."registered_on", 'specialty', NEW."specialty", 'post', NEW."post", 'status', NEW."status", 'note', NEW."note", 'status_on', NEW."status_on", 'party_status', NEW."party_status")); END;

CREATE TRIGGER "audit_members_delete" AFTER DELETE ON "members" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'members', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'name', OLD."name", 'phone', OLD."phone", 'id_number', OLD."id_number", 'unit_id', OLD."unit_id", 'community_id', OLD."community_id", 'registered_on', OLD."registered_on", 'specialty', OLD."specialty", 'post', OLD."post", 'status', OLD."status", 'note', OLD."note", 'status_on', OLD."status_on", 'party_status', OLD."party_status")); END;

-- 2. The search index (`gongjian search`): one FTS5 table with the trigram tokenizer, one document per
-- record of communities, units, agreements, activities, tickets, needs, resources, projects, meetings
-- and members. A document's rowid is (record id << 4) | kind (1 community, 2 unit, 3 agreement,
-- 4 activity, 5 ticket, 6 need, 7 resource, 8 project, 9 meeting, 10 member); `head` is the record's
-- name or title, `body` its other searchable text; `community_id` and `day` serve the filters. Every
-- field ends with a line break and each column with one more, so every character of the text starts a
-- trigram: a word of one or two characters is found as the trigrams it begins, which the index's vocabulary
-- lists (`search_terms`: each trigram once; `search_instances`: each occurrence, with its document).
-- A unit's document holds its contact and its legal representative (法定代表人/负责人, migration 6).
-- Members are indexed by name only: phones and ID numbers are never in the index (nor party_status). A problem's location is
-- left out when its description already holds it (a survey sheet often writes it there too). The index
-- keeps no column sizes (`columnsize = 0`): nothing ranks by them.
-- Each kind's document is one view (`search_doc_<table>`), read by the triggers that keep the index in
-- step, by the fill below, by `Store.bulk_insert` (which indexes its rows set-wise while the insert
-- triggers stand aside, as the audit triggers do) and by `doctor` (which compares the index with
-- `search_documents` and rebuilds it with --fix).

CREATE VIRTUAL TABLE search_index USING fts5(head, body, community_id UNINDEXED, day UNINDEXED, tokenize = 'trigram', columnsize = 0);

CREATE VIRTUAL TABLE search_terms USING fts5vocab(search_index, row);

CREATE VIRTUAL TABLE search_instances USING fts5vocab(search_index, instance);

CREATE VIEW "search_doc_communities" AS SELECT id, (id << 4) | 1 AS doc, coalesce(name || char(10), '') || char(10) AS head, coalesce(code || char(10), '') || coalesce(street || char(10), '') || coalesce(district || char(10), '') || coalesce(secretary || char(10), '') || coalesce(director || char(10), '') || coalesce(address || char(10), '') || coalesce(note || char(10), '') || char(10) AS body, id AS community_id, NULL AS day FROM "communities";

CREATE VIEW "search_doc_units" AS SELECT id, (id << 4) | 2 AS doc, coalesce(name || char(10), '') || char(10) AS head, coalesce(party_org || char(10), '') || coalesce(contact || char(10), '') || coalesce(legal_rep || char(10), '') || coalesce(address || char(10), '') || coalesce(note || char(10), '') || char(10) AS body, NULL AS community_id, NULL AS day FROM "units";

CREATE VIEW "search_doc_agreements" AS SELECT id, (id << 4) | 3 AS doc, coalesce(number || char(10), '') || char(10) AS head, coalesce((SELECT group_concat(value, '、') FROM json_each(CASE WHEN json_valid(commitments) THEN commitments ELSE '[]' END)) || char(10), '') || coalesce(note || char(10), '') || char(10) AS body, community_id AS community_id, signed_on AS day FROM "agreements";

CREATE VIEW "search_doc_activities" AS SELECT id, (id << 4) | 4 AS doc, coalesce(title || char(10), '') || char(10) AS head, coalesce(venue || char(10), '') || coalesce(description || char(10), '') || coalesce(note || char(10), '') || char(10) AS body, community_id AS community_id, date AS day FROM "activities";

CREATE VIEW "search_doc_tickets" AS SELECT id, (id << 4) | 5 AS doc, coalesce(title || char(10), '') || char(10) AS head, coalesce(CASE WHEN instr(coalesce(description, ''), location) = 0 THEN location END || char(10), '') || coalesce(description || char(10), '') || coalesce(resolution || char(10), '') || coalesce(reason || char(10), '') || char(10) AS body, community_id AS community_id, reported_on AS day FROM "tickets";

CREATE VIEW "search_doc_needs" AS SELECT id, (id << 4) | 6 AS doc, coalesce(text || char(10), '') || char(10) AS head, coalesce(source || char(10), '') || coalesce(note || char(10), '') || char(10) AS body, community_id AS community_id, raised_on AS day FROM "needs";

CREATE VIEW "search_doc_resources" AS SELECT id, (id << 4) | 7 AS doc, coalesce(text || char(10), '') || char(10) AS head, coalesce(capacity || char(10), '') || coalesce(note || char(10), '') || char(10) AS body, NULL AS community_id, NULL AS day FROM "resources";

CREATE VIEW "search_doc_projects" AS SELECT id, (id << 4) | 8 AS doc, coalesce(title || char(10), '') || char(10) AS head, coalesce(note || char(10), '') || char(10) AS body, community_id AS community_id, listed_on AS day FROM "projects";

CREATE VIEW "search_doc_meetings" AS SELECT id, (id << 4) | 9 AS doc, coalesce(topics || char(10), '') || char(10) AS head, coalesce(decisions || char(10), '') || coalesce(note || char(10), '') || char(10) AS body, community_id AS community_id, date AS day FROM "meetings";

CREATE VIEW "search_doc_members" AS SELECT id, (id << 4) | 10 AS doc, coalesce(name || char(10), '') || char(10) AS head, char(10) AS body, community_id AS community_id, registered_on AS day FROM "members";

CREATE VIEW search_documents AS
    SELECT doc, head, body, community_id, day FROM "search_doc_communities"
    UNION ALL SELECT doc, head, body, community_id, day FROM "search_doc_units"
    UNION ALL SELECT doc, head, body, community_id, day FROM "search_doc_agreements"
    UNION ALL SELECT doc, head, body, community_id, day FROM "search_doc_activities"
    UNION ALL SELECT doc, head, body, community_id, day FROM "search_doc_tickets"
    UNION ALL SELECT doc, head, body, community_id, day FROM "search_doc_needs"
    UNION ALL SELECT doc, head, body, community_id, day FROM "search_doc_resources"
    UNION ALL SELECT doc, head, body, community_id, day FROM "search_doc_projects"
    UNION ALL SELECT doc, head, body, community_id, day FROM "search_doc_meetings"
    UNION ALL SELECT doc, head, body, community_id, day FROM "search_doc_members";

INSERT INTO search_index (rowid, head, body, community_id, day) SELECT doc, head, body, community_id, day FROM search_documents;

CREATE TRIGGER "search_communities_insert" AFTER INSERT ON "communities" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO search_index (rowid, head, body, community_id, day) SELECT doc, head, body, community_id, day FROM "search_doc_communities" WHERE id = NEW.id; END;

CREATE TRIGGER "search_communities_update" AFTER UPDATE OF "code", "name", "street", "district", "secretary", "director", "address", "note" ON "communities" BEGIN DELETE FROM search_index WHERE rowid = (OLD.id << 4) | 1; INSERT INTO search_index (rowid, head, body, community_id, day) SELECT doc, head, body, community_id, day FROM "search_doc_communities" WHERE id = NEW.id; END;

CREATE TRIGGER "search_communities_delete" AFTER DELETE ON "communities" BEGIN DELETE FROM search_index WHERE rowid = (OLD.id << 4) | 1; END;

CREATE TRIGGER "search_units_insert" AFTER INSERT ON "units" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO search_index (rowid, head, body, community_id, day) SELECT doc, head, body, community_id, day FROM "search_doc_units" WHERE id = NEW.id; END;

CREATE TRIGGER "search_units_update" AFTER UPDATE OF "name", "party_org", "contact", "address", "note", "legal_rep" ON "units" BEGIN DELETE FROM search_index WHERE rowid = (OLD.id << 4) | 2; INSERT INTO search_index (rowid, head, body, community_id, day) SELECT doc, head, body, community_id, day FROM "search_doc_units" WHERE id = NEW.id; END;

CREATE TRIGGER "search_units_delete" AFTER DELETE ON "units" BEGIN DELETE FROM search_index WHERE rowid = (OLD.id << 4) | 2; END;

CREATE TRIGGER "search_agreements_insert" AFTER INSERT ON "agreements" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO search_index (rowid, head, body, community_id, day) SELECT doc, head, body, community_id, day FROM "search_doc_agreements" WHERE id = NEW.id; END;

CREATE TRIGGER "search_agreements_update" AFTER UPDATE OF "number", "community_id", "signed_on", "commitments", "note" ON "agreements" BEGIN DELETE FROM search_index WHERE rowid = (OLD.id << 4) | 3; INSERT INTO search_index (rowid, head, body, community_id, day) SELECT doc, head, body, community_id, day FROM "search_doc_agreements" WHERE id = NEW.id; END;

CREATE TRIGGER "search_agreements_delete" AFTER DELETE ON "agreements" BEGIN DELETE FROM search_index WHERE rowid = (OLD.id << 4) | 3; END;

CREATE TRIGGER "search_activities_insert" AFTER INSERT ON "activities" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO search_index (rowid, head, body, community_id, day) SELECT doc, head, body, community_id, day FROM "search_doc_activities" WHERE id = NEW.id; END;

CREATE TRIGGER "search_activities_update" AFTER UPDATE OF "date", "community_id", "title", "venue", "description", "note" ON "activities" BEGIN DELETE FROM search_index WHERE rowid = (OLD.id << 4) | 4; INSERT INTO search_index (rowid, head, body, community_id, day) SELECT doc, head, body, community_id, day FROM "search_doc_activities" WHERE id = NEW.id; END;

CREATE TRIGGER "search_activities_delete" AFTER DELETE ON "activities" BEGIN DELETE FROM search_index WHERE rowid = (OLD.id << 4) | 4; END;

CREATE TRIGGER "search_tickets_insert" AFTER INSERT ON "tickets" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO search_index (rowid, head, body, community_id, day) SELECT doc, head, body, community_id, day FROM "search_doc_tickets" WHERE id = NEW.id; END;

CREATE TRIGGER "search_tickets_update" AFTER UPDATE OF "community_id", "title", "description", "location", "reported_on", "resolution", "reason" ON "tickets" BEGIN DELETE FROM search_index WHERE rowid = (OLD.id << 4) | 5; INSERT INTO search_index (rowid, head, body, community_id, day) SELECT doc, head, body, community_id, day FROM "search_doc_tickets" WHERE id = NEW.id; END;

CREATE TRIGGER "search_tickets_delete" AFTER DELETE ON "tickets" BEGIN DELETE FROM search_index WHERE rowid = (OLD.id << 4) | 5; END;

CREATE TRIGGER "search_needs_insert" AFTER INSERT ON "needs" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO search_index (rowid, head, body, community_id, day) SELECT doc, head, body, community_id, day FROM "search_doc_needs" WHERE id = NEW.id; END;

CREATE TRIGGER "search_needs_update" AFTER UPDATE OF "community_id", "text", "source", "raised_on", "note" ON "needs" BEGIN DELETE FROM search_index WHERE rowid = (OLD.id << 4) | 6; INSERT INTO search_index (rowid, head, body, community_id, day) SELECT doc, head, body, community_id, day FROM "search_doc_needs" WHERE id = NEW.id; END;

CREATE TRIGGER "search_needs_delete" AFTER DELETE ON "needs" BEGIN DELETE FROM search_index WHERE rowid = (OLD.id << 4) | 6; END;

CREATE TRIGGER "search_resources_insert" AFTER INSERT ON "resources" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO search_index (rowid, head, body, community_id, day) SELECT doc, head, body, community_id, day FROM "search_doc_resources" WHERE id = NEW.id; END;

CREATE TRIGGER "search_resources_update" AFTER UPDATE OF "text", "capacity", "note" ON "resources" BEGIN DELETE FROM search_index WHERE rowid = (OLD.id << 4) | 7; INSERT INTO search_index (rowid, head, body, community_id, day) SELECT doc, head, body, community_id, day FROM "search_doc_resources" WHERE id = NEW.id; END;

CREATE TRIGGER "search_resources_delete" AFTER DELETE ON "resources" BEGIN DELETE FROM search_index WHERE rowid = (OLD.id << 4) | 7; END;

CREATE TRIGGER "search_projects_insert" AFTER INSERT ON "projects" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO search_index (rowid, head, body, community_id, day) SELECT doc, head, body, community_id, day FROM "search_doc_projects" WHERE id = NEW.id; END;

CREATE TRIGGER "search_projects_update" AFTER UPDATE OF "community_id", "title", "listed_on", "note" ON "projects" BEGIN DELETE FROM search_index WHERE rowid = (OLD.id << 4) | 8; INSERT INTO search_index (rowid, head, body, community_id, day) SELECT doc, head, body, community_id, day FROM "search_doc_projects" WHERE id = NEW.id; END;

CREATE TRIGGER "search_projects_delete" AFTER DELETE ON "projects" BEGIN DELETE FROM search_index WHERE rowid = (OLD.id << 4) | 8; END;

CREATE TRIGGER "search_meetings_insert" AFTER INSERT ON "meetings" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO search_index (rowid, head, body, community_id, day) SELECT doc, head, body, community_id, day FROM "search_doc_meetings" WHERE id = NEW.id; END;

CREATE TRIGGER "search_meetings_update" AFTER UPDATE OF "date", "community_id", "topics", "decisions", "note" ON "meetings" BEGIN DELETE FROM search_index WHERE rowid = (OLD.id << 4) | 9; INSERT INTO search_index (rowid, head, body, community_id, day) SELECT doc, head, body, community_id, day FROM "search_doc_meetings" WHERE id = NEW.id; END;

CREATE TRIGGER "search_meetings_delete" AFTER DELETE ON "meetings" BEGIN DELETE FROM search_index WHERE rowid = (OLD.id << 4) | 9; END;

CREATE TRIGGER "search_members_insert" AFTER INSERT ON "members" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO search_index (rowid, head, body, community_id, day) SELECT doc, head, body, community_id, day FROM "search_doc_members" WHERE id = NEW.id; END;

CREATE TRIGGER "search_members_update" AFTER UPDATE OF "name", "community_id", "registered_on" ON "members" BEGIN DELETE FROM search_index WHERE rowid = (OLD.id << 4) | 10; INSERT INTO search_index (rowid, head, body, community_id, day) SELECT doc, head, body, community_id, day FROM "search_doc_members" WHERE id = NEW.id; END;

CREATE TRIGGER "search_members_delete" AFTER DELETE ON "members" BEGIN DELETE FROM search_index WHERE rowid = (OLD.id << 4) | 10; END;
