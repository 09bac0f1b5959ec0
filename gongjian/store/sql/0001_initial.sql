-- Migration 1: initial schema: every entity of PRODUCT §2, audit log, finalised-year guards.
-- Frozen: the statements gongjian ran for this step at commit d52816f (traced, byte for byte), including the
-- ledger's own id and creation time in `meta` and the audit/guard triggers `install_triggers` generated
-- then. Never edit a shipped migration; append a new one.

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);

CREATE TABLE communities (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    street TEXT, district TEXT, secretary TEXT, director TEXT, phone TEXT,
    households INTEGER CHECK (households IS NULL OR households >= 0),
    address TEXT, note TEXT);

CREATE TABLE grids (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    community_id INTEGER NOT NULL REFERENCES communities(id),
    name TEXT NOT NULL, leader TEXT, phone TEXT,
    UNIQUE (community_id, name));

CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    credit_code TEXT UNIQUE,
    kind TEXT NOT NULL DEFAULT 'other',
    party_org TEXT,
    party_members INTEGER NOT NULL DEFAULT 0 CHECK (party_members >= 0),
    contact TEXT, phone TEXT, address TEXT, note TEXT,
    active INTEGER NOT NULL DEFAULT 1);

CREATE TABLE pairings (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    community_id INTEGER NOT NULL REFERENCES communities(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    role TEXT NOT NULL CHECK (role IN ('lead', 'member')),
    started TEXT, ended TEXT, note TEXT,
    CHECK (ended IS NULL OR started IS NULL OR ended >= started));

CREATE UNIQUE INDEX pairings_one_lead ON pairings(community_id) WHERE role = 'lead' AND ended IS NULL;

CREATE UNIQUE INDEX pairings_one_active ON pairings(community_id, unit_id) WHERE ended IS NULL;

CREATE INDEX pairings_unit ON pairings(unit_id, community_id);

CREATE TABLE agreements (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    number TEXT NOT NULL UNIQUE,
    community_id INTEGER NOT NULL REFERENCES communities(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    signed_on TEXT, valid_until TEXT,
    commitments TEXT NOT NULL DEFAULT '[]',
    file_path TEXT, file_sha256 TEXT, note TEXT);

CREATE INDEX agreements_valid ON agreements(valid_until);

CREATE TABLE activities (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    date TEXT NOT NULL,
    year INTEGER NOT NULL,
    community_id INTEGER NOT NULL REFERENCES communities(id),
    title TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT 'other',
    participant_times INTEGER NOT NULL DEFAULT 0 CHECK (participant_times >= 0),
    volunteers INTEGER NOT NULL DEFAULT 0 CHECK (volunteers >= 0),
    members_served INTEGER NOT NULL DEFAULT 0 CHECK (members_served >= 0),
    venue TEXT,
    spending_fen INTEGER NOT NULL DEFAULT 0 CHECK (spending_fen >= 0),
    description TEXT, note TEXT);

CREATE INDEX activities_year ON activities(year, community_id, category, participant_times);

CREATE INDEX activities_community_date ON activities(community_id, date);

CREATE TABLE activity_units (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    role TEXT NOT NULL CHECK (role IN ('organiser', 'participant')),
    UNIQUE (activity_id, unit_id, role));

CREATE INDEX activity_units_unit ON activity_units(unit_id, role, activity_id);

CREATE TABLE activity_files (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    kind TEXT NOT NULL DEFAULT 'other',
    path TEXT NOT NULL, sha256 TEXT, size INTEGER);

CREATE INDEX activity_files_activity ON activity_files(activity_id);

CREATE TABLE contributions (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    date TEXT NOT NULL,
    year INTEGER NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    community_id INTEGER NOT NULL REFERENCES communities(id),
    kind TEXT NOT NULL CHECK (kind IN ('cash', 'in_kind', 'venue', 'service')),
    amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
    description TEXT,
    activity_id INTEGER REFERENCES activities(id),
    project_id INTEGER REFERENCES projects(id),
    receipt_no TEXT, note TEXT);

CREATE INDEX contributions_year_unit ON contributions(year, unit_id, kind, amount_fen);

CREATE INDEX contributions_year_community ON contributions(year, community_id, kind, amount_fen);

CREATE TABLE tickets (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    number TEXT NOT NULL UNIQUE,
    community_id INTEGER NOT NULL REFERENCES communities(id),
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL CHECK (seq > 0),
    grid_id INTEGER REFERENCES grids(id),
    category TEXT NOT NULL DEFAULT 'other',
    title TEXT NOT NULL,
    description TEXT, location TEXT,
    source TEXT NOT NULL DEFAULT 'survey',
    reported_on TEXT NOT NULL,
    assignee_id INTEGER REFERENCES units(id),
    deadline TEXT,
    status TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'assigned', 'in_progress', 'resolved', 'closed', 'rejected')),
    resolution TEXT, verifier TEXT, closed_on TEXT, reason TEXT,
    UNIQUE (community_id, year, seq));

CREATE INDEX tickets_year_status ON tickets(year, status, community_id);

CREATE INDEX tickets_assignee ON tickets(assignee_id, status, deadline);

CREATE INDEX tickets_status_deadline ON tickets(status, deadline);

CREATE INDEX tickets_grid ON tickets(grid_id);

CREATE TABLE ticket_events (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    on_date TEXT,
    from_status TEXT, to_status TEXT NOT NULL,
    unit_id INTEGER REFERENCES units(id),
    note TEXT);

CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);

CREATE TABLE members (
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
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'left')),
    note TEXT);

CREATE INDEX members_name_phone ON members(name, phone);

CREATE INDEX members_unit ON members(unit_id, status);

CREATE INDEX members_community ON members(community_id, status);

CREATE TABLE services (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    member_id INTEGER NOT NULL REFERENCES members(id),
    date TEXT NOT NULL,
    year INTEGER NOT NULL,
    activity_id INTEGER REFERENCES activities(id),
    minutes INTEGER NOT NULL DEFAULT 0 CHECK (minutes >= 0),
    note TEXT);

CREATE INDEX services_year_member ON services(year, member_id, minutes);

CREATE TABLE needs (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    community_id INTEGER NOT NULL REFERENCES communities(id),
    category TEXT NOT NULL DEFAULT 'other',
    text TEXT NOT NULL,
    source TEXT,
    raised_on TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'met')),
    note TEXT);

CREATE INDEX needs_community ON needs(community_id, status, category);

CREATE TABLE resources (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    category TEXT NOT NULL DEFAULT 'other',
    text TEXT NOT NULL,
    capacity TEXT, note TEXT);

CREATE INDEX resources_category ON resources(category, unit_id);

CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    community_id INTEGER NOT NULL REFERENCES communities(id),
    title TEXT NOT NULL,
    need_id INTEGER REFERENCES needs(id),
    category TEXT NOT NULL DEFAULT 'other',
    budget_fen INTEGER NOT NULL DEFAULT 0 CHECK (budget_fen >= 0),
    listed_on TEXT NOT NULL,
    year INTEGER NOT NULL,
    claim_deadline TEXT,
    due TEXT,
    status TEXT NOT NULL DEFAULT 'listed' CHECK (status IN ('listed', 'claimed', 'done', 'cancelled')),
    done_on TEXT,
    satisfied INTEGER NOT NULL DEFAULT 0 CHECK (satisfied >= 0),
    basically_satisfied INTEGER NOT NULL DEFAULT 0 CHECK (basically_satisfied >= 0),
    unsatisfied INTEGER NOT NULL DEFAULT 0 CHECK (unsatisfied >= 0),
    rated_on TEXT,
    note TEXT);

CREATE INDEX projects_community ON projects(community_id, status);

CREATE INDEX projects_year ON projects(year, status);

CREATE TABLE project_claims (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    how TEXT NOT NULL DEFAULT 'claim' CHECK (how IN ('claim', 'bid')),
    bid_fen INTEGER CHECK (bid_fen IS NULL OR bid_fen >= 0),
    claimed_on TEXT NOT NULL,
    via_hall INTEGER NOT NULL DEFAULT 0,
    UNIQUE (project_id, unit_id));

CREATE INDEX project_claims_unit ON project_claims(unit_id);

CREATE TABLE project_tasks (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    owner TEXT,
    unit_id INTEGER REFERENCES units(id),
    due TEXT,
    done_on TEXT);

CREATE INDEX project_tasks_project ON project_tasks(project_id);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    date TEXT NOT NULL,
    year INTEGER NOT NULL,
    community_id INTEGER NOT NULL REFERENCES communities(id),
    chair_unit_id INTEGER REFERENCES units(id),
    topics TEXT, decisions TEXT, note TEXT);

CREATE INDEX meetings_year ON meetings(year, community_id);

CREATE TABLE meeting_attendance (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    present INTEGER NOT NULL DEFAULT 1,
    UNIQUE (meeting_id, unit_id));

CREATE INDEX meeting_attendance_unit ON meeting_attendance(unit_id, meeting_id);

CREATE TABLE unit_ratings (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    year INTEGER NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    score REAL NOT NULL CHECK (score >= 0 AND score <= 10),
    note TEXT,
    UNIQUE (year, unit_id));

CREATE TABLE assessment_years (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    year INTEGER NOT NULL UNIQUE,
    finalized_at TEXT,
    rules TEXT,
    note TEXT);

CREATE TABLE assessments (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    year INTEGER NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    rank INTEGER,
    scores TEXT NOT NULL DEFAULT '{}',
    total REAL NOT NULL DEFAULT 0,
    grade TEXT,
    vetoed INTEGER NOT NULL DEFAULT 0,
    detail TEXT,
    UNIQUE (year, unit_id));

CREATE TABLE audit_commands (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    command TEXT NOT NULL,
    argv TEXT,
    undo_of INTEGER REFERENCES audit_commands(id),
    undone_by INTEGER REFERENCES audit_commands(id),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));

CREATE TABLE audit_changes (
    id INTEGER PRIMARY KEY,
    command_id INTEGER NOT NULL REFERENCES audit_commands(id),
    tbl TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    before TEXT,
    after TEXT);

CREATE INDEX audit_changes_command ON audit_changes(command_id, id);

CREATE INDEX audit_changes_table ON audit_changes(tbl, row_id);

INSERT INTO meta (key, value) VALUES ('ledger_uid', (lower(hex(randomblob(16)))));

INSERT INTO meta (key, value) VALUES ('created_at', (strftime('%Y-%m-%dT%H:%M:%SZ','now')));

CREATE TRIGGER "audit_communities_insert" AFTER INSERT ON "communities" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'communities', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'code', NEW."code", 'name', NEW."name", 'street', NEW."street", 'district', NEW."district", 'secretary', NEW."secretary", 'director', NEW."director", 'phone', NEW."phone", 'households', NEW."households", 'address', NEW."address", 'note', NEW."note")); END;

CREATE TRIGGER "audit_communities_update" AFTER UPDATE ON "communities" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'communities', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'code', OLD."code", 'name', OLD."name", 'street', OLD."street", 'district', OLD."district", 'secretary', OLD."secretary", 'director', OLD."director", 'phone', OLD."phone", 'households', OLD."households", 'address', OLD."address", 'note', OLD."note"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'code', NEW."code", 'name', NEW."name", 'street', NEW."street", 'district', NEW."district", 'secretary', NEW."secretary", 'director', NEW."director", 'phone', NEW."phone", 'households', NEW."households", 'address', NEW."address", 'note', NEW."note")); END;

CREATE TRIGGER "audit_communities_delete" AFTER DELETE ON "communities" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'communities', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'code', OLD."code", 'name', OLD."name", 'street', OLD."street", 'district', OLD."district", 'secretary', OLD."secretary", 'director', OLD."director", 'phone', OLD."phone", 'households', OLD."households", 'address', OLD."address", 'note', OLD."note")); END;

CREATE TRIGGER "audit_grids_insert" AFTER INSERT ON "grids" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'grids', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'community_id', NEW."community_id", 'name', NEW."name", 'leader', NEW."leader", 'phone', NEW."phone")); END;

CREATE TRIGGER "audit_grids_update" AFTER UPDATE ON "grids" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'grids', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'community_id', OLD."community_id", 'name', OLD."name", 'leader', OLD."leader", 'phone', OLD."phone"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'community_id', NEW."community_id", 'name', NEW."name", 'leader', NEW."leader", 'phone', NEW."phone")); END;

CREATE TRIGGER "audit_grids_delete" AFTER DELETE ON "grids" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'grids', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'community_id', OLD."community_id", 'name', OLD."name", 'leader', OLD."leader", 'phone', OLD."phone")); END;

CREATE TRIGGER "audit_units_insert" AFTER INSERT ON "units" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'units', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'name', NEW."name", 'name_key', NEW."name_key", 'credit_code', NEW."credit_code", 'kind', NEW."kind", 'party_org', NEW."party_org", 'party_members', NEW."party_members", 'contact', NEW."contact", 'phone', NEW."phone", 'address', NEW."address", 'note', NEW."note", 'active', NEW."active")); END;

CREATE TRIGGER "audit_units_update" AFTER UPDATE ON "units" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'units', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'name', OLD."name", 'name_key', OLD."name_key", 'credit_code', OLD."credit_code", 'kind', OLD."kind", 'party_org', OLD."party_org", 'party_members', OLD."party_members", 'contact', OLD."contact", 'phone', OLD."phone", 'address', OLD."address", 'note', OLD."note", 'active', OLD."active"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'name', NEW."name", 'name_key', NEW."name_key", 'credit_code', NEW."credit_code", 'kind', NEW."kind", 'party_org', NEW."party_org", 'party_members', NEW."party_members", 'contact', NEW."contact", 'phone', NEW."phone", 'address', NEW."address", 'note', NEW."note", 'active', NEW."active")); END;

CREATE TRIGGER "audit_units_delete" AFTER DELETE ON "units" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'units', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'name', OLD."name", 'name_key', OLD."name_key", 'credit_code', OLD."credit_code", 'kind', OLD."kind", 'party_org', OLD."party_org", 'party_members', OLD."party_members", 'contact', OLD."contact", 'phone', OLD."phone", 'address', OLD."address", 'note', OLD."note", 'active', OLD."active")); END;

CREATE TRIGGER "audit_pairings_insert" AFTER INSERT ON "pairings" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'pairings', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'community_id', NEW."community_id", 'unit_id', NEW."unit_id", 'role', NEW."role", 'started', NEW."started", 'ended', NEW."ended", 'note', NEW."note")); END;

CREATE TRIGGER "audit_pairings_update" AFTER UPDATE ON "pairings" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'pairings', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'community_id', OLD."community_id", 'unit_id', OLD."unit_id", 'role', OLD."role", 'started', OLD."started", 'ended', OLD."ended", 'note', OLD."note"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'community_id', NEW."community_id", 'unit_id', NEW."unit_id", 'role', NEW."role", 'started', NEW."started", 'ended', NEW."ended", 'note', NEW."note")); END;

CREATE TRIGGER "audit_pairings_delete" AFTER DELETE ON "pairings" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'pairings', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'community_id', OLD."community_id", 'unit_id', OLD."unit_id", 'role', OLD."role", 'started', OLD."started", 'ended', OLD."ended", 'note', OLD."note")); END;

CREATE TRIGGER "audit_agreements_insert" AFTER INSERT ON "agreements" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'agreements', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'number', NEW."number", 'community_id', NEW."community_id", 'unit_id', NEW."unit_id", 'signed_on', NEW."signed_on", 'valid_until', NEW."valid_until", 'commitments', NEW."commitments", 'file_path', NEW."file_path", 'file_sha256', NEW."file_sha256", 'note', NEW."note")); END;

CREATE TRIGGER "audit_agreements_update" AFTER UPDATE ON "agreements" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'agreements', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'number', OLD."number", 'community_id', OLD."community_id", 'unit_id', OLD."unit_id", 'signed_on', OLD."signed_on", 'valid_until', OLD."valid_until", 'commitments', OLD."commitments", 'file_path', OLD."file_path", 'file_sha256', OLD."file_sha256", 'note', OLD."note"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'number', NEW."number", 'community_id', NEW."community_id", 'unit_id', NEW."unit_id", 'signed_on', NEW."signed_on", 'valid_until', NEW."valid_until", 'commitments', NEW."commitments", 'file_path', NEW."file_path", 'file_sha256', NEW."file_sha256", 'note', NEW."note")); END;

CREATE TRIGGER "audit_agreements_delete" AFTER DELETE ON "agreements" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'agreements', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'number', OLD."number", 'community_id', OLD."community_id", 'unit_id', OLD."unit_id", 'signed_on', OLD."signed_on", 'valid_until', OLD."valid_until", 'commitments', OLD."commitments", 'file_path', OLD."file_path", 'file_sha256', OLD."file_sha256", 'note', OLD."note")); END;

CREATE TRIGGER "audit_activities_insert" AFTER INSERT ON "activities" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'activities', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'date', NEW."date", 'year', NEW."year", 'community_id', NEW."community_id", 'title', NEW."title", 'category', NEW."category", 'participant_times', NEW."participant_times", 'volunteers', NEW."volunteers", 'members_served', NEW."members_served", 'venue', NEW."venue", 'spending_fen', NEW."spending_fen", 'description', NEW."description", 'note', NEW."note")); END;

CREATE TRIGGER "audit_activities_update" AFTER UPDATE ON "activities" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'activities', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'date', OLD."date", 'year', OLD."year", 'community_id', OLD."community_id", 'title', OLD."title", 'category', OLD."category", 'participant_times', OLD."participant_times", 'volunteers', OLD."volunteers", 'members_served', OLD."members_served", 'venue', OLD."venue", 'spending_fen', OLD."spending_fen", 'description', OLD."description", 'note', OLD."note"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'date', NEW."date", 'year', NEW."year", 'community_id', NEW."community_id", 'title', NEW."title", 'category', NEW."category", 'participant_times', NEW."participant_times", 'volunteers', NEW."volunteers", 'members_served', NEW."members_served", 'venue', NEW."venue", 'spending_fen', NEW."spending_fen", 'description', NEW."description", 'note', NEW."note")); END;

CREATE TRIGGER "audit_activities_delete" AFTER DELETE ON "activities" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'activities', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'date', OLD."date", 'year', OLD."year", 'community_id', OLD."community_id", 'title', OLD."title", 'category', OLD."category", 'participant_times', OLD."participant_times", 'volunteers', OLD."volunteers", 'members_served', OLD."members_served", 'venue', OLD."venue", 'spending_fen', OLD."spending_fen", 'description', OLD."description", 'note', OLD."note")); END;

CREATE TRIGGER "audit_activity_units_insert" AFTER INSERT ON "activity_units" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'activity_units', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'activity_id', NEW."activity_id", 'unit_id', NEW."unit_id", 'role', NEW."role")); END;

CREATE TRIGGER "audit_activity_units_update" AFTER UPDATE ON "activity_units" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'activity_units', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'activity_id', OLD."activity_id", 'unit_id', OLD."unit_id", 'role', OLD."role"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'activity_id', NEW."activity_id", 'unit_id', NEW."unit_id", 'role', NEW."role")); END;

CREATE TRIGGER "audit_activity_units_delete" AFTER DELETE ON "activity_units" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'activity_units', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'activity_id', OLD."activity_id", 'unit_id', OLD."unit_id", 'role', OLD."role")); END;

CREATE TRIGGER "audit_activity_files_insert" AFTER INSERT ON "activity_files" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'activity_files', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'activity_id', NEW."activity_id", 'kind', NEW."kind", 'path', NEW."path", 'sha256', NEW."sha256", 'size', NEW."size")); END;

CREATE TRIGGER "audit_activity_files_update" AFTER UPDATE ON "activity_files" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'activity_files', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'activity_id', OLD."activity_id", 'kind', OLD."kind", 'path', OLD."path", 'sha256', OLD."sha256", 'size', OLD."size"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'activity_id', NEW."activity_id", 'kind', NEW."kind", 'path', NEW."path", 'sha256', NEW."sha256", 'size', NEW."size")); END;

CREATE TRIGGER "audit_activity_files_delete" AFTER DELETE ON "activity_files" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'activity_files', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'activity_id', OLD."activity_id", 'kind', OLD."kind", 'path', OLD."path", 'sha256', OLD."sha256", 'size', OLD."size")); END;

CREATE TRIGGER "audit_contributions_insert" AFTER INSERT ON "contributions" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'contributions', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'date', NEW."date", 'year', NEW."year", 'unit_id', NEW."unit_id", 'community_id', NEW."community_id", 'kind', NEW."kind", 'amount_fen', NEW."amount_fen", 'description', NEW."description", 'activity_id', NEW."activity_id", 'project_id', NEW."project_id", 'receipt_no', NEW."receipt_no", 'note', NEW."note")); END;

CREATE TRIGGER "audit_contributions_update" AFTER UPDATE ON "contributions" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'contributions', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'date', OLD."date", 'year', OLD."year", 'unit_id', OLD."unit_id", 'community_id', OLD."community_id", 'kind', OLD."kind", 'amount_fen', OLD."amount_fen", 'description', OLD."description", 'activity_id', OLD."activity_id", 'project_id', OLD."project_id", 'receipt_no', OLD."receipt_no", 'note', OLD."note"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'date', NEW."date", 'year', NEW."year", 'unit_id', NEW."unit_id", 'community_id', NEW."community_id", 'kind', NEW."kind", 'amount_fen', NEW."amount_fen", 'description', NEW."description", 'activity_id', NEW."activity_id", 'project_id', NEW."project_id", 'receipt_no', NEW."receipt_no", 'note', NEW."note")); END;

CREATE TRIGGER "audit_contributions_delete" AFTER DELETE ON "contributions" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'contributions', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'date', OLD."date", 'year', OLD."year", 'unit_id', OLD."unit_id", 'community_id', OLD."community_id", 'kind', OLD."kind", 'amount_fen', OLD."amount_fen", 'description', OLD."description", 'activity_id', OLD."activity_id", 'project_id', OLD."project_id", 'receipt_no', OLD."receipt_no", 'note', OLD."note")); END;

CREATE TRIGGER "audit_tickets_insert" AFTER INSERT ON "tickets" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'tickets', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'number', NEW."number", 'community_id', NEW."community_id", 'year', NEW."year", 'seq', NEW."seq", 'grid_id', NEW."grid_id", 'category', NEW."category", 'title', NEW."title", 'description', NEW."description", 'location', NEW."location", 'source', NEW."source", 'reported_on', NEW."reported_on", 'assignee_id', NEW."assignee_id", 'deadline', NEW."deadline", 'status', NEW."status", 'resolution', NEW."resolution", 'verifier', NEW."verifier", 'closed_on', NEW."closed_on", 'reason', NEW."reason")); END;

CREATE TRIGGER "audit_tickets_update" AFTER UPDATE ON "tickets" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'tickets', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'number', OLD."number", 'community_id', OLD."community_id", 'year', OLD."year", 'seq', OLD."seq", 'grid_id', OLD."grid_id", 'category', OLD."category", 'title', OLD."title", 'description', OLD."description", 'location', OLD."location", 'source', OLD."source", 'reported_on', OLD."reported_on", 'assignee_id', OLD."assignee_id", 'deadline', OLD."deadline", 'status', OLD."status", 'resolution', OLD."resolution", 'verifier', OLD."verifier", 'closed_on', OLD."closed_on", 'reason', OLD."reason"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'number', NEW."number", 'community_id', NEW."community_id", 'year', NEW."year", 'seq', NEW."seq", 'grid_id', NEW."grid_id", 'category', NEW."category", 'title', NEW."title", 'description', NEW."description", 'location', NEW."location", 'source', NEW."source", 'reported_on', NEW."reported_on", 'assignee_id', NEW."assignee_id", 'deadline', NEW."deadline", 'status', NEW."status", 'resolution', NEW."resolution", 'verifier', NEW."verifier", 'closed_on', NEW."closed_on", 'reason', NEW."reason")); END;

CREATE TRIGGER "audit_tickets_delete" AFTER DELETE ON "tickets" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'tickets', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'number', OLD."number", 'community_id', OLD."community_id", 'year', OLD."year", 'seq', OLD."seq", 'grid_id', OLD."grid_id", 'category', OLD."category", 'title', OLD."title", 'description', OLD."description", 'location', OLD."location", 'source', OLD."source", 'reported_on', OLD."reported_on", 'assignee_id', OLD."assignee_id", 'deadline', OLD."deadline", 'status', OLD."status", 'resolution', OLD."resolution", 'verifier', OLD."verifier", 'closed_on', OLD."closed_on", 'reason', OLD."reason")); END;

CREATE TRIGGER "audit_ticket_events_insert" AFTER INSERT ON "ticket_events" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'ticket_events', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'ticket_id', NEW."ticket_id", 'at', NEW."at", 'on_date', NEW."on_date", 'from_status', NEW."from_status", 'to_status', NEW."to_status", 'unit_id', NEW."unit_id", 'note', NEW."note")); END;

CREATE TRIGGER "audit_ticket_events_update" AFTER UPDATE ON "ticket_events" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'ticket_events', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'ticket_id', OLD."ticket_id", 'at', OLD."at", 'on_date', OLD."on_date", 'from_status', OLD."from_status", 'to_status', OLD."to_status", 'unit_id', OLD."unit_id", 'note', OLD."note"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'ticket_id', NEW."ticket_id", 'at', NEW."at", 'on_date', NEW."on_date", 'from_status', NEW."from_status", 'to_status', NEW."to_status", 'unit_id', NEW."unit_id", 'note', NEW."note")); END;

CREATE TRIGGER "audit_ticket_events_delete" AFTER DELETE ON "ticket_events" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'ticket_events', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'ticket_id', OLD."ticket_id", 'at', OLD."at", 'on_date', OLD."on_date", 'from_status', OLD."from_status", 'to_status', OLD."to_status", 'unit_id', OLD."unit_id", 'note', OLD."note")); END;

CREATE TRIGGER "audit_members_insert" AFTER INSERT ON "members" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'members', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'name', NEW."name", 'phone', NEW."phone", 'id_number', NEW."id_number", 'unit_id', NEW."unit_id", 'community_id', NEW."community_id", 'registered_on', NEW."registered_on", 'specialty', NEW."specialty", 'post', NEW."post", 'status', NEW."status", 'note', NEW."note")); END;

CREATE TRIGGER "audit_members_update" AFTER UPDATE ON "members" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'members', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'name', OLD."name", 'phone', OLD."phone", 'id_number', OLD."id_number", 'unit_id', OLD."unit_id", 'community_id', OLD."community_id", 'registered_on', OLD."registered_on", 'specialty', OLD."specialty", 'post', OLD."post", 'status', OLD."status", 'note', OLD."note"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'name', NEW."name", 'phone', NEW."phone", 'id_number', NEW."id_number", 'unit_id', NEW."unit_id", 'community_id', NEW."community_id", 'registered_on', NEW."registered_on", 'specialty', NEW."specialty", 'post', NEW."post", 'status', NEW."status", 'note', NEW."note")); END;

CREATE TRIGGER "audit_members_delete" AFTER DELETE ON "members" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'members', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'name', OLD."name", 'phone', OLD."phone", 'id_number', OLD."id_number", 'unit_id', OLD."unit_id", 'community_id', OLD."community_id", 'registered_on', OLD."registered_on", 'specialty', OLD."specialty", 'post', OLD."post", 'status', OLD."status", 'note', OLD."note")); END;

CREATE TRIGGER "audit_services_insert" AFTER INSERT ON "services" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'services', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'member_id', NEW."member_id", 'date', NEW."date", 'year', NEW."year", 'activity_id', NEW."activity_id", 'minutes', NEW."minutes", 'note', NEW."note")); END;

CREATE TRIGGER "audit_services_update" AFTER UPDATE ON "services" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'services', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'member_id', OLD."member_id", 'date', OLD."date", 'year', OLD."year", 'activity_id', OLD."activity_id", 'minutes', OLD."minutes", 'note', OLD."note"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'member_id', NEW."member_id", 'date', NEW."date", 'year', NEW."year", 'activity_id', NEW."activity_id", 'minutes', NEW."minutes", 'note', NEW."note")); END;

CREATE TRIGGER "audit_services_delete" AFTER DELETE ON "services" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'services', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'member_id', OLD."member_id", 'date', OLD."date", 'year', OLD."year", 'activity_id', OLD."activity_id", 'minutes', OLD."minutes", 'note', OLD."note")); END;

CREATE TRIGGER "audit_needs_insert" AFTER INSERT ON "needs" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'needs', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'community_id', NEW."community_id", 'category', NEW."category", 'text', NEW."text", 'source', NEW."source", 'raised_on', NEW."raised_on", 'status', NEW."status", 'note', NEW."note")); END;

CREATE TRIGGER "audit_needs_update" AFTER UPDATE ON "needs" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'needs', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'community_id', OLD."community_id", 'category', OLD."category", 'text', OLD."text", 'source', OLD."source", 'raised_on', OLD."raised_on", 'status', OLD."status", 'note', OLD."note"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'community_id', NEW."community_id", 'category', NEW."category", 'text', NEW."text", 'source', NEW."source", 'raised_on', NEW."raised_on", 'status', NEW."status", 'note', NEW."note")); END;

CREATE TRIGGER "audit_needs_delete" AFTER DELETE ON "needs" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'needs', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'community_id', OLD."community_id", 'category', OLD."category", 'text', OLD."text", 'source', OLD."source", 'raised_on', OLD."raised_on", 'status', OLD."status", 'note', OLD."note")); END;

CREATE TRIGGER "audit_resources_insert" AFTER INSERT ON "resources" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'resources', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'unit_id', NEW."unit_id", 'category', NEW."category", 'text', NEW."text", 'capacity', NEW."capacity", 'note', NEW."note")); END;

CREATE TRIGGER "audit_resources_update" AFTER UPDATE ON "resources" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'resources', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'unit_id', OLD."unit_id", 'category', OLD."category", 'text', OLD."text", 'capacity', OLD."capacity", 'note', OLD."note"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'unit_id', NEW."unit_id", 'category', NEW."category", 'text', NEW."text", 'capacity', NEW."capacity", 'note', NEW."note")); END;

CREATE TRIGGER "audit_resources_delete" AFTER DELETE ON "resources" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'resources', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'unit_id', OLD."unit_id", 'category', OLD."category", 'text', OLD."text", 'capacity', OLD."capacity", 'note', OLD."note")); END;

CREATE TRIGGER "audit_projects_insert" AFTER INSERT ON "projects" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'projects', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'community_id', NEW."community_id", 'title', NEW."title", 'need_id', NEW."need_id", 'category', NEW."category", 'budget_fen', NEW."budget_fen", 'listed_on', NEW."listed_on", 'year', NEW."year", 'claim_deadline', NEW."claim_deadline", 'due', NEW."due", 'status', NEW."status", 'done_on', NEW."done_on", 'satisfied', NEW."satisfied", 'basically_satisfied', NEW."basically_satisfied", 'unsatisfied', NEW."unsatisfied", 'rated_on', NEW."rated_on", 'note', NEW."note")); END;

CREATE TRIGGER "audit_projects_update" AFTER UPDATE ON "projects" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'projects', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'community_id', OLD."community_id", 'title', OLD."title", 'need_id', OLD."need_id", 'category', OLD."category", 'budget_fen', OLD."budget_fen", 'listed_on', OLD."listed_on", 'year', OLD."year", 'claim_deadline', OLD."claim_deadline", 'due', OLD."due", 'status', OLD."status", 'done_on', OLD."done_on", 'satisfied', OLD."satisfied", 'basically_satisfied', OLD."basically_satisfied", 'unsatisfied', OLD."unsatisfied", 'rated_on', OLD."rated_on", 'note', OLD."note"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'community_id', NEW."community_id", 'title', NEW."title", 'need_id', NEW."need_id", 'category', NEW."category", 'budget_fen', NEW."budget_fen", 'listed_on', NEW."listed_on", 'year', NEW."year", 'claim_deadline', NEW."claim_deadline", 'due', NEW."due", 'status', NEW."status", 'done_on', NEW."done_on", 'satisfied', NEW."satisfied", 'basically_satisfied', NEW."basically_satisfied", 'unsatisfied', NEW."unsatisfied", 'rated_on', NEW."rated_on", 'note', NEW."note")); END;

CREATE TRIGGER "audit_projects_delete" AFTER DELETE ON "projects" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'projects', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'community_id', OLD."community_id", 'title', OLD."title", 'need_id', OLD."need_id", 'category', OLD."category", 'budget_fen', OLD."budget_fen", 'listed_on', OLD."listed_on", 'year', OLD."year", 'claim_deadline', OLD."claim_deadline", 'due', OLD."due", 'status', OLD."status", 'done_on', OLD."done_on", 'satisfied', OLD."satisfied", 'basically_satisfied', OLD."basically_satisfied", 'unsatisfied', OLD."unsatisfied", 'rated_on', OLD."rated_on", 'note', OLD."note")); END;

CREATE TRIGGER "audit_project_claims_insert" AFTER INSERT ON "project_claims" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'project_claims', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'project_id', NEW."project_id", 'unit_id', NEW."unit_id", 'how', NEW."how", 'bid_fen', NEW."bid_fen", 'claimed_on', NEW."claimed_on", 'via_hall', NEW."via_hall")); END;

CREATE TRIGGER "audit_project_claims_update" AFTER UPDATE ON "project_claims" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'project_claims', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'project_id', OLD."project_id", 'unit_id', OLD."unit_id", 'how', OLD."how", 'bid_fen', OLD."bid_fen", 'claimed_on', OLD."claimed_on", 'via_hall', OLD."via_hall"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'project_id', NEW."project_id", 'unit_id', NEW."unit_id", 'how', NEW."how", 'bid_fen', NEW."bid_fen", 'claimed_on', NEW."claimed_on", 'via_hall', NEW."via_hall")); END;

CREATE TRIGGER "audit_project_claims_delete" AFTER DELETE ON "project_claims" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'project_claims', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'project_id', OLD."project_id", 'unit_id', OLD."unit_id", 'how', OLD."how", 'bid_fen', OLD."bid_fen", 'claimed_on', OLD."claimed_on", 'via_hall', OLD."via_hall")); END;

CREATE TRIGGER "audit_project_tasks_insert" AFTER INSERT ON "project_tasks" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'project_tasks', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'project_id', NEW."project_id", 'title', NEW."title", 'owner', NEW."owner", 'unit_id', NEW."unit_id", 'due', NEW."due", 'done_on', NEW."done_on")); END;

CREATE TRIGGER "audit_project_tasks_update" AFTER UPDATE ON "project_tasks" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'project_tasks', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'project_id', OLD."project_id", 'title', OLD."title", 'owner', OLD."owner", 'unit_id', OLD."unit_id", 'due', OLD."due", 'done_on', OLD."done_on"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'project_id', NEW."project_id", 'title', NEW."title", 'owner', NEW."owner", 'unit_id', NEW."unit_id", 'due', NEW."due", 'done_on', NEW."done_on")); END;

CREATE TRIGGER "audit_project_tasks_delete" AFTER DELETE ON "project_tasks" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'project_tasks', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'project_id', OLD."project_id", 'title', OLD."title", 'owner', OLD."owner", 'unit_id', OLD."unit_id", 'due', OLD."due", 'done_on', OLD."done_on")); END;

CREATE TRIGGER "audit_meetings_insert" AFTER INSERT ON "meetings" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'meetings', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'date', NEW."date", 'year', NEW."year", 'community_id', NEW."community_id", 'chair_unit_id', NEW."chair_unit_id", 'topics', NEW."topics", 'decisions', NEW."decisions", 'note', NEW."note")); END;

CREATE TRIGGER "audit_meetings_update" AFTER UPDATE ON "meetings" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'meetings', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'date', OLD."date", 'year', OLD."year", 'community_id', OLD."community_id", 'chair_unit_id', OLD."chair_unit_id", 'topics', OLD."topics", 'decisions', OLD."decisions", 'note', OLD."note"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'date', NEW."date", 'year', NEW."year", 'community_id', NEW."community_id", 'chair_unit_id', NEW."chair_unit_id", 'topics', NEW."topics", 'decisions', NEW."decisions", 'note', NEW."note")); END;

CREATE TRIGGER "audit_meetings_delete" AFTER DELETE ON "meetings" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'meetings', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'date', OLD."date", 'year', OLD."year", 'community_id', OLD."community_id", 'chair_unit_id', OLD."chair_unit_id", 'topics', OLD."topics", 'decisions', OLD."decisions", 'note', OLD."note")); END;

CREATE TRIGGER "audit_meeting_attendance_insert" AFTER INSERT ON "meeting_attendance" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'meeting_attendance', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'meeting_id', NEW."meeting_id", 'unit_id', NEW."unit_id", 'present', NEW."present")); END;

CREATE TRIGGER "audit_meeting_attendance_update" AFTER UPDATE ON "meeting_attendance" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'meeting_attendance', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'meeting_id', OLD."meeting_id", 'unit_id', OLD."unit_id", 'present', OLD."present"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'meeting_id', NEW."meeting_id", 'unit_id', NEW."unit_id", 'present', NEW."present")); END;

CREATE TRIGGER "audit_meeting_attendance_delete" AFTER DELETE ON "meeting_attendance" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'meeting_attendance', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'meeting_id', OLD."meeting_id", 'unit_id', OLD."unit_id", 'present', OLD."present")); END;

CREATE TRIGGER "audit_unit_ratings_insert" AFTER INSERT ON "unit_ratings" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'unit_ratings', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'year', NEW."year", 'unit_id', NEW."unit_id", 'score', CASE WHEN typeof(NEW."score") = 'real' AND CAST(printf('%.15g', NEW."score") AS REAL) <> NEW."score" THEN printf('%.17g', NEW."score") ELSE NEW."score" END, 'note', NEW."note")); END;

CREATE TRIGGER "audit_unit_ratings_update" AFTER UPDATE ON "unit_ratings" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'unit_ratings', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'year', OLD."year", 'unit_id', OLD."unit_id", 'score', CASE WHEN typeof(OLD."score") = 'real' AND CAST(printf('%.15g', OLD."score") AS REAL) <> OLD."score" THEN printf('%.17g', OLD."score") ELSE OLD."score" END, 'note', OLD."note"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'year', NEW."year", 'unit_id', NEW."unit_id", 'score', CASE WHEN typeof(NEW."score") = 'real' AND CAST(printf('%.15g', NEW."score") AS REAL) <> NEW."score" THEN printf('%.17g', NEW."score") ELSE NEW."score" END, 'note', NEW."note")); END;

CREATE TRIGGER "audit_unit_ratings_delete" AFTER DELETE ON "unit_ratings" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'unit_ratings', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'year', OLD."year", 'unit_id', OLD."unit_id", 'score', CASE WHEN typeof(OLD."score") = 'real' AND CAST(printf('%.15g', OLD."score") AS REAL) <> OLD."score" THEN printf('%.17g', OLD."score") ELSE OLD."score" END, 'note', OLD."note")); END;

CREATE TRIGGER "audit_assessment_years_insert" AFTER INSERT ON "assessment_years" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'assessment_years', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'year', NEW."year", 'finalized_at', NEW."finalized_at", 'rules', NEW."rules", 'note', NEW."note")); END;

CREATE TRIGGER "audit_assessment_years_update" AFTER UPDATE ON "assessment_years" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'assessment_years', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'year', OLD."year", 'finalized_at', OLD."finalized_at", 'rules', OLD."rules", 'note', OLD."note"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'year', NEW."year", 'finalized_at', NEW."finalized_at", 'rules', NEW."rules", 'note', NEW."note")); END;

CREATE TRIGGER "audit_assessment_years_delete" AFTER DELETE ON "assessment_years" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'assessment_years', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'year', OLD."year", 'finalized_at', OLD."finalized_at", 'rules', OLD."rules", 'note', OLD."note")); END;

CREATE TRIGGER "audit_assessments_insert" AFTER INSERT ON "assessments" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'assessments', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'year', NEW."year", 'unit_id', NEW."unit_id", 'rank', NEW."rank", 'scores', NEW."scores", 'total', CASE WHEN typeof(NEW."total") = 'real' AND CAST(printf('%.15g', NEW."total") AS REAL) <> NEW."total" THEN printf('%.17g', NEW."total") ELSE NEW."total" END, 'grade', NEW."grade", 'vetoed', NEW."vetoed", 'detail', NEW."detail")); END;

CREATE TRIGGER "audit_assessments_update" AFTER UPDATE ON "assessments" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'assessments', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'year', OLD."year", 'unit_id', OLD."unit_id", 'rank', OLD."rank", 'scores', OLD."scores", 'total', CASE WHEN typeof(OLD."total") = 'real' AND CAST(printf('%.15g', OLD."total") AS REAL) <> OLD."total" THEN printf('%.17g', OLD."total") ELSE OLD."total" END, 'grade', OLD."grade", 'vetoed', OLD."vetoed", 'detail', OLD."detail"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'year', NEW."year", 'unit_id', NEW."unit_id", 'rank', NEW."rank", 'scores', NEW."scores", 'total', CASE WHEN typeof(NEW."total") = 'real' AND CAST(printf('%.15g', NEW."total") AS REAL) <> NEW."total" THEN printf('%.17g', NEW."total") ELSE NEW."total" END, 'grade', NEW."grade", 'vetoed', NEW."vetoed", 'detail', NEW."detail")); END;

CREATE TRIGGER "audit_assessments_delete" AFTER DELETE ON "assessments" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'assessments', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'year', OLD."year", 'unit_id', OLD."unit_id", 'rank', OLD."rank", 'scores', OLD."scores", 'total', CASE WHEN typeof(OLD."total") = 'real' AND CAST(printf('%.15g', OLD."total") AS REAL) <> OLD."total" THEN printf('%.17g', OLD."total") ELSE OLD."total" END, 'grade', OLD."grade", 'vetoed', OLD."vetoed", 'detail', OLD."detail")); END;

CREATE TRIGGER "guard_activities_insert" BEFORE INSERT ON "activities" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = NEW.year AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;

CREATE TRIGGER "guard_activities_delete" BEFORE DELETE ON "activities" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = OLD.year AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;

CREATE TRIGGER "guard_activity_units_insert" BEFORE INSERT ON "activity_units" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = (SELECT year FROM activities WHERE id = NEW.activity_id) AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;

CREATE TRIGGER "guard_activity_units_delete" BEFORE DELETE ON "activity_units" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = (SELECT year FROM activities WHERE id = OLD.activity_id) AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;

CREATE TRIGGER "guard_activity_files_insert" BEFORE INSERT ON "activity_files" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = (SELECT year FROM activities WHERE id = NEW.activity_id) AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;

CREATE TRIGGER "guard_activity_files_delete" BEFORE DELETE ON "activity_files" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = (SELECT year FROM activities WHERE id = OLD.activity_id) AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;

CREATE TRIGGER "guard_contributions_insert" BEFORE INSERT ON "contributions" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = NEW.year AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;

CREATE TRIGGER "guard_contributions_delete" BEFORE DELETE ON "contributions" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = OLD.year AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;

CREATE TRIGGER "guard_services_insert" BEFORE INSERT ON "services" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = NEW.year AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;

CREATE TRIGGER "guard_services_delete" BEFORE DELETE ON "services" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = OLD.year AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;

CREATE TRIGGER "guard_meetings_insert" BEFORE INSERT ON "meetings" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = NEW.year AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;

CREATE TRIGGER "guard_meetings_delete" BEFORE DELETE ON "meetings" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = OLD.year AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;

CREATE TRIGGER "guard_meeting_attendance_insert" BEFORE INSERT ON "meeting_attendance" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = (SELECT year FROM meetings WHERE id = NEW.meeting_id) AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;

CREATE TRIGGER "guard_meeting_attendance_delete" BEFORE DELETE ON "meeting_attendance" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = (SELECT year FROM meetings WHERE id = OLD.meeting_id) AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;

CREATE TRIGGER "guard_unit_ratings_insert" BEFORE INSERT ON "unit_ratings" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = NEW.year AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;

CREATE TRIGGER "guard_unit_ratings_delete" BEFORE DELETE ON "unit_ratings" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = OLD.year AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;

CREATE TRIGGER "guard_assessments_insert" BEFORE INSERT ON "assessments" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = NEW.year AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;

CREATE TRIGGER "guard_assessments_delete" BEFORE DELETE ON "assessments" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = OLD.year AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;

CREATE TRIGGER "guard_tickets_insert" BEFORE INSERT ON "tickets" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = NEW.year AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;

CREATE TRIGGER "guard_tickets_delete" BEFORE DELETE ON "tickets" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = OLD.year AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;

CREATE TRIGGER "guard_activities_update" BEFORE UPDATE ON "activities" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = OLD.year AND finalized_at IS NOT NULL) OR EXISTS (SELECT 1 FROM assessment_years WHERE year = NEW.year AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;

CREATE TRIGGER "guard_activity_units_update" BEFORE UPDATE ON "activity_units" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = (SELECT year FROM activities WHERE id = OLD.activity_id) AND finalized_at IS NOT NULL) OR EXISTS (SELECT 1 FROM assessment_years WHERE year = (SELECT year FROM activities WHERE id = NEW.activity_id) AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;

CREATE TRIGGER "guard_activity_files_update" BEFORE UPDATE ON "activity_files" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = (SELECT year FROM activities WHERE id = OLD.activity_id) AND finalized_at IS NOT NULL) OR EXISTS (SELECT 1 FROM assessment_years WHERE year = (SELECT year FROM activities WHERE id = NEW.activity_id) AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;

CREATE TRIGGER "guard_contributions_update" BEFORE UPDATE ON "contributions" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = OLD.year AND finalized_at IS NOT NULL) OR EXISTS (SELECT 1 FROM assessment_years WHERE year = NEW.year AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;

CREATE TRIGGER "guard_services_update" BEFORE UPDATE ON "services" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = OLD.year AND finalized_at IS NOT NULL) OR EXISTS (SELECT 1 FROM assessment_years WHERE year = NEW.year AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;

CREATE TRIGGER "guard_meetings_update" BEFORE UPDATE ON "meetings" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = OLD.year AND finalized_at IS NOT NULL) OR EXISTS (SELECT 1 FROM assessment_years WHERE year = NEW.year AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;

CREATE TRIGGER "guard_meeting_attendance_update" BEFORE UPDATE ON "meeting_attendance" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = (SELECT year FROM meetings WHERE id = OLD.meeting_id) AND finalized_at IS NOT NULL) OR EXISTS (SELECT 1 FROM assessment_years WHERE year = (SELECT year FROM meetings WHERE id = NEW.meeting_id) AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;

CREATE TRIGGER "guard_unit_ratings_update" BEFORE UPDATE ON "unit_ratings" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = OLD.year AND finalized_at IS NOT NULL) OR EXISTS (SELECT 1 FROM assessment_years WHERE year = NEW.year AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;

CREATE TRIGGER "guard_assessments_update" BEFORE UPDATE ON "assessments" WHEN EXISTS (SELECT 1 FROM assessment_years WHERE year = OLD.year AND finalized_at IS NOT NULL) OR EXISTS (SELECT 1 FROM assessment_years WHERE year = NEW.year AND finalized_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'gongjian:year_finalized'); END;
