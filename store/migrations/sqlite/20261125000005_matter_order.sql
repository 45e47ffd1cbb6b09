-- The matters of an application in the order the citizen saw them (a life
-- event's order), not by code. Older rows keep code order (position 0).
ALTER TABLE application_matters ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
