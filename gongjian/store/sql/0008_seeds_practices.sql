-- Migration 8: part-time committee members, problems with a promise, shares of joint claims, two-place
-- registration (issue #21).
-- committee_seats (兼职委员): who from which unit serves on which party committee — a community's
-- (community_id) or a street's (street, as the communities name it) — in what role (兼职副书记 or 兼职委员),
-- holding what post in the unit, from when to when (both ends optional, the rule of a pairing's days).
-- Audited like every domain table; not year-bound (a seat runs across years), so no year guards.
-- tickets.promised_by: the day the office promised to settle the problem by when it came in (reported day +
-- the days its source promises in the rules file, e.g. 3 days for an online complaint); NULL: no promise.
-- tickets.meeting_id: the joint meeting (联席会议, 坝坝会, 议事会) that raised the problem, if one did.
-- project_claims.share_fen: the unit's own share of the money a project's claimants commit, in fen — its part
-- of a joint bid (联合竞拍) or of pooled funding (众筹); NULL: no money named.
-- member_registrations (两地报到): an in-service member's registration in a community besides the one they live
-- in (members.community_id) — where they were born, or another — with its day, post (认领岗位) and end;
-- one per member and community. Audited; not year-bound.
-- members.kind: what kind of party member the community registers (在职党员 'in_service' — every member until
-- now —, 离退休党员, 灵活就业党员, other 非在职党员: 绍兴 非在职党员到社区"亮身份、履契约"); the rules file
-- may set each kind its own yearly target of services.
-- The audit triggers of `members`, `tickets` and `project_claims` serialise every column, so their three each are
-- recreated with the new columns,
-- exactly as generated from the schema of this version (tests/store/test_migrations.py checks them).
-- Frozen. Never edit a shipped migration; append a new one.

CREATE TABLE committee_seats (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    person TEXT NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    community_id INTEGER REFERENCES communities(id),
    street TEXT,
    role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('deputy_secretary', 'member')),
    unit_post TEXT,
    started TEXT, ended TEXT, note TEXT,
    CHECK ((community_id IS NULL) <> (street IS NULL)),
    CHECK (ended IS NULL OR started IS NULL OR ended >= started));

CREATE INDEX committee_seats_unit ON committee_seats(unit_id, started);

CREATE INDEX committee_seats_community ON committee_seats(community_id, street);

ALTER TABLE tickets ADD COLUMN promised_by TEXT;

ALTER TABLE tickets ADD COLUMN meeting_id INTEGER REFERENCES meetings(id);

CREATE INDEX tickets_meeting ON tickets(meeting_id) WHERE meeting_id IS NOT NULL;

ALTER TABLE project_claims ADD COLUMN share_fen INTEGER CHECK (share_fen IS NULL OR share_fen >= 0);

CREATE TABLE member_registrations (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    member_id INTEGER NOT NULL REFERENCES members(id),
    community_id INTEGER NOT NULL REFERENCES communities(id),
    place TEXT NOT NULL DEFAULT 'birthplace' CHECK (place IN ('birthplace', 'other')),
    registered_on TEXT, post TEXT, ended TEXT, note TEXT,
    CHECK (ended IS NULL OR registered_on IS NULL OR ended >= registered_on),
    UNIQUE (member_id, community_id));

CREATE INDEX member_registrations_community ON member_registrations(community_id, registered_on);

ALTER TABLE members ADD COLUMN kind TEXT NOT NULL DEFAULT 'in_service';

DROP TRIGGER IF EXISTS "audit_members_insert";

DROP TRIGGER IF EXISTS "audit_members_update";

DROP TRIGGER IF EXISTS "audit_members_delete";

DROP TRIGGER IF EXISTS "audit_tickets_insert";

DROP TRIGGER IF EXISTS "audit_tickets_update";

DROP TRIGGER IF EXISTS "audit_tickets_delete";

DROP TRIGGER IF EXISTS "audit_project_claims_insert";

DROP TRIGGER IF EXISTS "audit_project_claims_update";

DROP TRIGGER IF EXISTS "audit_project_claims_delete";

CREATE TRIGGER "audit_members_insert" AFTER INSERT ON "members" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'members', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'name', NEW."name", 'phone', NEW."phone", 'id_number', NEW."id_number", 'unit_id', NEW."unit_id", 'community_id', NEW."community_id", 'registered_on', NEW."registered_on", 'specialty', NEW."specialty", 'post', NEW."post", 'status', NEW."status", 'note', NEW."note", 'status_on', NEW."status_on", 'party_status', NEW."party_status", 'kind', NEW."kind")); END;

CREATE TRIGGER "audit_members_update" AFTER UPDATE ON "members" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'members', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'name', OLD."name", 'phone', OLD."phone", 'id_number', OLD."id_number", 'unit_id', OLD."unit_id", 'community_id', OLD."community_id", 'registered_on', OLD."registered_on", 'specialty', OLD."specialty", 'post', OLD."post", 'status', OLD."status", 'note', OLD."note", 'status_on', OLD."status_on", 'party_status', OLD."party_status", 'kind', OLD."kind"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'name', NEW."name", 'phone', NEW."phone", 'id_number', NEW."id_number", 'unit_id', NEW."unit_id", 'community_id', NEW."community_id", 'registered_on', NEW."registered_on", 'specialty', NEW."specialty", 'post', NEW."post", 'status', NEW."status", 'note', NEW."note", 'status_on', NEW."status_on", 'party_status', NEW."party_status", 'kind', NEW."kind")); END;

CREATE TRIGGER "audit_members_delete" AFTER DELETE ON "members" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'members', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'name', OLD."name", 'phone', OLD."phone", 'id_number', OLD."id_number", 'unit_id', OLD."unit_id", 'community_id', OLD."community_id", 'registered_on', OLD."registered_on", 'specialty', OLD."specialty", 'post', OLD."post", 'status', OLD."status", 'note', OLD."note", 'status_on', OLD."status_on", 'party_status', OLD."party_status", 'kind', OLD."kind")); END;

CREATE TRIGGER "audit_tickets_insert" AFTER INSERT ON "tickets" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'tickets', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'number', NEW."number", 'community_id', NEW."community_id", 'year', NEW."year", 'seq', NEW."seq", 'grid_id', NEW."grid_id", 'category', NEW."category", 'title', NEW."title", 'description', NEW."description", 'location', NEW."location", 'source', NEW."source", 'reported_on', NEW."reported_on", 'assignee_id', NEW."assignee_id", 'deadline', NEW."deadline", 'status', NEW."status", 'resolution', NEW."resolution", 'verifier', NEW."verifier", 'closed_on', NEW."closed_on", 'reason', NEW."reason", 'promised_by', NEW."promised_by", 'meeting_id', NEW."meeting_id")); END;

CREATE TRIGGER "audit_tickets_update" AFTER UPDATE ON "tickets" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'tickets', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'number', OLD."number", 'community_id', OLD."community_id", 'year', OLD."year", 'seq', OLD."seq", 'grid_id', OLD."grid_id", 'category', OLD."category", 'title', OLD."title", 'description', OLD."description", 'location', OLD."location", 'source', OLD."source", 'reported_on', OLD."reported_on", 'assignee_id', OLD."assignee_id", 'deadline', OLD."deadline", 'status', OLD."status", 'resolution', OLD."resolution", 'verifier', OLD."verifier", 'closed_on', OLD."closed_on", 'reason', OLD."reason", 'promised_by', OLD."promised_by", 'meeting_id', OLD."meeting_id"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'number', NEW."number", 'community_id', NEW."community_id", 'year', NEW."year", 'seq', NEW."seq", 'grid_id', NEW."grid_id", 'category', NEW."category", 'title', NEW."title", 'description', NEW."description", 'location', NEW."location", 'source', NEW."source", 'reported_on', NEW."reported_on", 'assignee_id', NEW."assignee_id", 'deadline', NEW."deadline", 'status', NEW."status", 'resolution', NEW."resolution", 'verifier', NEW."verifier", 'closed_on', NEW."closed_on", 'reason', NEW."reason", 'promised_by', NEW."promised_by", 'meeting_id', NEW."meeting_id")); END;

CREATE TRIGGER "audit_tickets_delete" AFTER DELETE ON "tickets" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'tickets', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'number', OLD."number", 'community_id', OLD."community_id", 'year', OLD."year", 'seq', OLD."seq", 'grid_id', OLD."grid_id", 'category', OLD."category", 'title', OLD."title", 'description', OLD."description", 'location', OLD."location", 'source', OLD."source", 'reported_on', OLD."reported_on", 'assignee_id', OLD."assignee_id", 'deadline', OLD."deadline", 'status', OLD."status", 'resolution', OLD."resolution", 'verifier', OLD."verifier", 'closed_on', OLD."closed_on", 'reason', OLD."reason", 'promised_by', OLD."promised_by", 'meeting_id', OLD."meeting_id")); END;

CREATE TRIGGER "audit_project_claims_insert" AFTER INSERT ON "project_claims" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'project_claims', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'project_id', NEW."project_id", 'unit_id', NEW."unit_id", 'how', NEW."how", 'bid_fen', NEW."bid_fen", 'claimed_on', NEW."claimed_on", 'via_hall', NEW."via_hall", 'share_fen', NEW."share_fen")); END;

CREATE TRIGGER "audit_project_claims_update" AFTER UPDATE ON "project_claims" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'project_claims', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'project_id', OLD."project_id", 'unit_id', OLD."unit_id", 'how', OLD."how", 'bid_fen', OLD."bid_fen", 'claimed_on', OLD."claimed_on", 'via_hall', OLD."via_hall", 'share_fen', OLD."share_fen"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'project_id', NEW."project_id", 'unit_id', NEW."unit_id", 'how', NEW."how", 'bid_fen', NEW."bid_fen", 'claimed_on', NEW."claimed_on", 'via_hall', NEW."via_hall", 'share_fen', NEW."share_fen")); END;

CREATE TRIGGER "audit_project_claims_delete" AFTER DELETE ON "project_claims" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'project_claims', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'project_id', OLD."project_id", 'unit_id', OLD."unit_id", 'how', OLD."how", 'bid_fen', OLD."bid_fen", 'claimed_on', OLD."claimed_on", 'via_hall', OLD."via_hall", 'share_fen', OLD."share_fen")); END;

CREATE TRIGGER "audit_committee_seats_insert" AFTER INSERT ON "committee_seats" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'committee_seats', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'person', NEW."person", 'unit_id', NEW."unit_id", 'community_id', NEW."community_id", 'street', NEW."street", 'role', NEW."role", 'unit_post', NEW."unit_post", 'started', NEW."started", 'ended', NEW."ended", 'note', NEW."note")); END;

CREATE TRIGGER "audit_committee_seats_update" AFTER UPDATE ON "committee_seats" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'committee_seats', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'person', OLD."person", 'unit_id', OLD."unit_id", 'community_id', OLD."community_id", 'street', OLD."street", 'role', OLD."role", 'unit_post', OLD."unit_post", 'started', OLD."started", 'ended', OLD."ended", 'note', OLD."note"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'person', NEW."person", 'unit_id', NEW."unit_id", 'community_id', NEW."community_id", 'street', NEW."street", 'role', NEW."role", 'unit_post', NEW."unit_post", 'started', NEW."started", 'ended', NEW."ended", 'note', NEW."note")); END;

CREATE TRIGGER "audit_committee_seats_delete" AFTER DELETE ON "committee_seats" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'committee_seats', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'person', OLD."person", 'unit_id', OLD."unit_id", 'community_id', OLD."community_id", 'street', OLD."street", 'role', OLD."role", 'unit_post', OLD."unit_post", 'started', OLD."started", 'ended', OLD."ended", 'note', OLD."note")); END;

CREATE TRIGGER "audit_member_registrations_insert" AFTER INSERT ON "member_registrations" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'member_registrations', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'member_id', NEW."member_id", 'community_id', NEW."community_id", 'place', NEW."place", 'registered_on', NEW."registered_on", 'post', NEW."post", 'ended', NEW."ended", 'note', NEW."note")); END;

CREATE TRIGGER "audit_member_registrations_update" AFTER UPDATE ON "member_registrations" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'member_registrations', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'member_id', OLD."member_id", 'community_id', OLD."community_id", 'place', OLD."place", 'registered_on', OLD."registered_on", 'post', OLD."post", 'ended', OLD."ended", 'note', OLD."note"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'member_id', NEW."member_id", 'community_id', NEW."community_id", 'place', NEW."place", 'registered_on', NEW."registered_on", 'post', NEW."post", 'ended', NEW."ended", 'note', NEW."note")); END;

CREATE TRIGGER "audit_member_registrations_delete" AFTER DELETE ON "member_registrations" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'member_registrations', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'member_id', OLD."member_id", 'community_id', OLD."community_id", 'place', OLD."place", 'registered_on', OLD."registered_on", 'post', OLD."post", 'ended', OLD."ended", 'note', OLD."note")); END;
