-- The matters of an application in the order the citizen saw them.
ALTER TABLE application_matters ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
