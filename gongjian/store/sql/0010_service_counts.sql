-- Migration 10: a year's figures kept rather than recounted (issue #19, report year).
-- service_counts holds, for each member and year with services, how many services the member has in that
-- year: an index of the services table (what `member_figures` and `summary` count per member), kept by
-- three triggers on services that fire for every write, bulk inserts included. It is derived, not audited:
-- undo, merge and restore change services, and the triggers follow. `doctor` recounts it; `doctor --fix`
-- rebuilds it. Whether a count meets a target stays the rule of records/members.py (met_target).
-- activities_id_date: the date of an activity read from an index by its id (a unit's last activity).
-- Frozen: never edit.

CREATE TABLE service_counts (
    year INTEGER NOT NULL,
    member_id INTEGER NOT NULL,
    services INTEGER NOT NULL CHECK (services > 0),
    PRIMARY KEY (year, member_id)
) WITHOUT ROWID;

INSERT INTO service_counts (year, member_id, services)
SELECT year, member_id, count(*) FROM services GROUP BY year, member_id;

CREATE TRIGGER "count_services_insert" AFTER INSERT ON services BEGIN
    INSERT INTO service_counts (year, member_id, services) VALUES (NEW.year, NEW.member_id, 1)
    ON CONFLICT (year, member_id) DO UPDATE SET services = services + 1;
END;

CREATE TRIGGER "count_services_update" AFTER UPDATE OF year, member_id ON services
WHEN OLD.year IS NOT NEW.year OR OLD.member_id IS NOT NEW.member_id BEGIN
    DELETE FROM service_counts WHERE year = OLD.year AND member_id = OLD.member_id AND services = 1;
    UPDATE service_counts SET services = services - 1 WHERE year = OLD.year AND member_id = OLD.member_id;
    INSERT INTO service_counts (year, member_id, services) VALUES (NEW.year, NEW.member_id, 1)
    ON CONFLICT (year, member_id) DO UPDATE SET services = services + 1;
END;

CREATE TRIGGER "count_services_delete" AFTER DELETE ON services BEGIN
    DELETE FROM service_counts WHERE year = OLD.year AND member_id = OLD.member_id AND services = 1;
    UPDATE service_counts SET services = services - 1 WHERE year = OLD.year AND member_id = OLD.member_id;
END;

CREATE INDEX activities_id_date ON activities(id, date);
