-- Migration 3: member indexes cover status and registered_on (yearly figures).
-- The yearly member figures (registered by the year's end, per work unit and per residence community) read
-- status and registered_on of every member: covering indexes keep `report year` off the table.
-- Frozen: the statements gongjian ran for this step at commit d52816f. Never edit.

DROP INDEX IF EXISTS "members_unit";

CREATE INDEX "members_unit" ON members(unit_id, status, registered_on);

DROP INDEX IF EXISTS "members_community";

CREATE INDEX "members_community" ON members(community_id, status, registered_on);
