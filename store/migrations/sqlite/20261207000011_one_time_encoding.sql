-- One encoding for instants on both backends, as the staff and later
-- tables already had it: integer microseconds since 1970 (UTC) in
-- `*_at_us` columns. The submission time was RFC 3339 text in hall time,
-- a draft's times Unix seconds. PostgreSQL's copy of the schema moves to
-- the same encoding, so the store reads and writes both with one SQL text.

-- Whole seconds from the date functions, the fraction from the text
-- (written as `…THH:MM:SS[.fffffffff]+08:00`, so its digits are the
-- characters between the dot and the six-character offset).
ALTER TABLE applications ADD COLUMN submitted_at_us INTEGER NOT NULL DEFAULT 0;
UPDATE applications SET submitted_at_us =
    unixepoch(submitted_at) * 1000000
    + CASE WHEN substr(submitted_at, 20, 1) = '.'
           THEN CAST(substr(substr(submitted_at, 21, length(submitted_at) - 26) || '000000', 1, 6) AS INTEGER)
           ELSE 0 END;
ALTER TABLE applications DROP COLUMN submitted_at;

ALTER TABLE drafts RENAME COLUMN updated_at TO updated_at_us;
ALTER TABLE drafts RENAME COLUMN expires_at TO expires_at_us;
UPDATE drafts SET updated_at_us = updated_at_us * 1000000,
                  expires_at_us = expires_at_us * 1000000;
