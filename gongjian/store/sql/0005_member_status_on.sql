-- Migration 5: members.status_on: the date (ISO) on which a member's current status took effect (NULL = unknown),
-- and the member indexes that cover it.
-- The audit triggers of `members` serialise every column, so its three triggers are recreated with the new
-- column, exactly as generated from the schema of this version (tests/test_migrations.py checks that every
-- audit and guard trigger of the latest version matches that generation). Nothing else changes.
-- Frozen. Never edit a shipped migration; append a new one.

ALTER TABLE members ADD COLUMN status_on TEXT;

DROP TRIGGER IF EXISTS "audit_members_insert";

DROP TRIGGER IF EXISTS "audit_members_update";

DROP TRIGGER IF EXISTS "audit_members_delete";

CREATE TRIGGER "audit_members_insert" AFTER INSERT ON "members" WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_bulk') BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, after) VALUES ((SELECT max(id) FROM audit_commands), 'members', NEW.id, 'insert', json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'name', NEW."name", 'phone', NEW."phone", 'id_number', NEW."id_number", 'unit_id', NEW."unit_id", 'community_id', NEW."community_id", 'registered_on', NEW."registered_on", 'specialty', NEW."specialty", 'post', NEW."post", 'status', NEW."status", 'note', NEW."note", 'status_on', NEW."status_on")); END;

CREATE TRIGGER "audit_members_update" AFTER UPDATE ON "members" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) VALUES ((SELECT max(id) FROM audit_commands), 'members', NEW.id, 'update', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'name', OLD."name", 'phone', OLD."phone", 'id_number', OLD."id_number", 'unit_id', OLD."unit_id", 'community_id', OLD."community_id", 'registered_on', OLD."registered_on", 'specialty', OLD."specialty", 'post', OLD."post", 'status', OLD."status", 'note', OLD."note", 'status_on', OLD."status_on"), json_object('id', NEW."id", 'uid', NEW."uid", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at", 'name', NEW."name", 'phone', NEW."phone", 'id_number', NEW."id_number", 'unit_id', NEW."unit_id", 'community_id', NEW."community_id", 'registered_on', NEW."registered_on", 'specialty', NEW."specialty", 'post', NEW."post", 'status', NEW."status", 'note', NEW."note", 'status_on', NEW."status_on")); END;

CREATE TRIGGER "audit_members_delete" AFTER DELETE ON "members" BEGIN INSERT INTO audit_changes (command_id, tbl, row_id, op, before) VALUES ((SELECT max(id) FROM audit_commands), 'members', OLD.id, 'delete', json_object('id', OLD."id", 'uid', OLD."uid", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at", 'name', OLD."name", 'phone', OLD."phone", 'id_number', OLD."id_number", 'unit_id', OLD."unit_id", 'community_id', OLD."community_id", 'registered_on', OLD."registered_on", 'specialty', OLD."specialty", 'post', OLD."post", 'status', OLD."status", 'note', OLD."note", 'status_on', OLD."status_on")); END;

-- The yearly member figures count who was in service on the year's last day: status, registered_on and
-- status_on. The two member indexes cover all three, so `report year` stays off the table.
DROP INDEX IF EXISTS "members_unit";

CREATE INDEX "members_unit" ON members(unit_id, status, registered_on, status_on);

DROP INDEX IF EXISTS "members_community";

CREATE INDEX "members_community" ON members(community_id, status, registered_on, status_on);
