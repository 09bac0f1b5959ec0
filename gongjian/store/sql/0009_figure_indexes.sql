-- Migration 9: indexes that keep a year's figures on their index (issue #19, report year).
-- The members' figures count members in service per work unit for one kind (在职党员) and per residence
-- community and kind: both indexes carry kind after their first column, so each count reads its index only.
-- A problem's state on a day reads each move's date and status: the moves' index carries both, so
-- finding a problem's last move on the day reads no row of ticket_events.
-- Frozen: never edit.

DROP INDEX IF EXISTS "members_unit";

CREATE INDEX "members_unit" ON members(unit_id, kind, status, registered_on, status_on);

DROP INDEX IF EXISTS "members_community";

CREATE INDEX "members_community" ON members(community_id, kind, status, registered_on, status_on);

DROP INDEX IF EXISTS "ticket_events_ticket";

CREATE INDEX "ticket_events_ticket" ON ticket_events(ticket_id, id, on_date, to_status);
