-- Migration 6: registers as other offices send them (issue #24).
-- units.legal_rep: the unit's legal representative (法定代表人, 负责人) as its register gives it; shown by
-- `unit show` and used by the agreement document as the unit's representative.
-- members.party_status: the member's 人员类别 in the party-member information system, 'full' (正式党员) or
-- 'probationary' (预备党员); NULL when not known.
-- The audit triggers of `units` and `members` serialise every column, so their three triggers each are
-- recreated with the new column, exactly as generated from the schema of this version
-- (tests/store/test_migrations.py checks every trigger of every version). Nothing else changes.
-- Frozen. Never edit a shipped migration; append a new one.

ALTER TABLE units ADD COLUMN legal_rep TEXT;

ALTER TABLE members ADD COLUMN party_status TEXT CHECK (party_status IS NULL OR party_status IN ('full', 'probationary'));

DROP TRIGGER IF EXISTS "audit_units_insert";

DROP TRIGGER IF EXISTS "audit_units_update";

DROP TRIGGER IF EXISTS "audit_units_delete";

CREATE TRIGGER "audit_units_insert" AFTER INSERT ON "units" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'units', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'name', NEW."name", 'name_key', NEW."name_key", 'credit_code', NEW."credit_code", 'kind', NEW."kind", 'party_org', NEW."party_org", 'party_members', NEW."party_members", 'contact', NEW."contact", 'phone', NEW."phone", 'address', NEW."address", 'note', NEW."note", 'active', NEW."active", 'legal_rep', NEW."legal_rep")); END;

CREATE TRIGGER "audit_units_update" AFTER UPDATE ON "units" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'units', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'name', OLD."name", 'name_key', OLD."name_key", 'credit_code', OLD."credit_code", 'kind', OLD."kind", 'party_org', OLD."party_org", 'party_members', OLD."party_members", 'contact', OLD."contact", 'phone', OLD."phone", 'address', OLD."address", 'note', OLD."note", 'active', OLD."active", 'legal_rep', OLD."legal_rep"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'name', NEW."name", 'name_key', NEW."name_key", 'credit_code', NEW."credit_code", 'kind', NEW."kind", 'party_org', NEW."party_org", 'party_members', NEW."party_members", 'contact', NEW."contact", 'phone', NEW."phone", 'address', NEW."address", 'note', NEW."note", 'active', NEW."active", 'legal_rep', NEW."legal_rep")); END;

CREATE TRIGGER "audit_units_delete" AFTER DELETE ON "units" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'units', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'name', OLD."name", 'name_key', OLD."name_key", 'credit_code', OLD."credit_code", 'kind', OLD."kind", 'party_org', OLD."party_org", 'party_members', OLD."party_members", 'contact', OLD."contact", 'phone', OLD."phone", 'address', OLD."address", 'note', OLD."note", 'active', OLD."active", 'legal_rep', OLD."legal_rep")); END;

DROP TRIGGER IF EXISTS "audit_members_insert";

DROP TRIGGER IF EXISTS "audit_members_update";

DROP TRIGGER IF EXISTS "audit_members_delete";

CREATE TRIGGER "audit_members_insert" AFTER INSERT ON "members" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'members', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'name', NEW."name", 'phone', NEW."phone", 'id_number', NEW."id_number", 'unit_id', NEW."unit_id", 'community_id', NEW."community_id", 'registered_on', NEW."registered_on", 'specialty', NEW."specialty", 'post', NEW."post", 'status', NEW."status", 'note', NEW."note", 'status_on', NEW."status_on", 'party_status', NEW."party_status")); END;

CREATE TRIGGER "audit_members_update" AFTER UPDATE ON "members" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'members', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'name', OLD."name", 'phone', OLD."phone", 'id_number', OLD."id_number", 'unit_id', OLD."unit_id", 'community_id', OLD."community_id", 'registered_on', OLD."registered_on", 'specialty', OLD."specialty", 'post', OLD."post", 'status', OLD."status", 'note', OLD."note", 'status_on', OLD."status_on", 'party_status', OLD."party_status"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'name', NEW."name", 'phone', NEW."phone", 'id_number', NEW."id_number", 'unit_id', NEW."unit_id", 'community_id', NEW."community_id", 'registered_on', NEW."registered_on", 'specialty', NEW."specialty", 'post', NEW."post", 'status', NEW."status", 'note', NEW."note", 'status_on', NEW."status_on", 'party_status', NEW."party_status")); END;

CREATE TRIGGER "audit_members_delete" AFTER DELETE ON "members" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'members', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'name', OLD."name", 'phone', OLD."phone", 'id_number', OLD."id_number", 'unit_id', OLD."unit_id", 'community_id', OLD."community_id", 'registered_on', OLD."registered_on", 'specialty', OLD."specialty", 'post', OLD."post", 'status', OLD."status", 'note', OLD."note", 'status_on', OLD."status_on", 'party_status', OLD."party_status")); END;
