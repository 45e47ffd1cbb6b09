-- One encoding on both backends, as the issuing and materials tables
-- already had it: instants are BIGINT microseconds since 1970 (UTC) in
-- `*_at_us` columns, calendar dates ISO `YYYY-MM-DD` text (which sorts
-- as dates do), JSON as text that the domain types check when read. The
-- store then reads and writes both databases with one SQL text. Columns
-- are converted in place, so existing rows and indexes carry over.

ALTER TABLE matters ALTER COLUMN matter TYPE TEXT USING matter::TEXT;
ALTER TABLE matters RENAME COLUMN matter TO matter_json;

ALTER TABLE applications ALTER COLUMN form TYPE TEXT USING form::TEXT;
ALTER TABLE applications RENAME COLUMN form TO form_json;
ALTER TABLE applications ALTER COLUMN submitted_at TYPE BIGINT
    USING ROUND(EXTRACT(EPOCH FROM submitted_at) * 1000000)::BIGINT;
ALTER TABLE applications RENAME COLUMN submitted_at TO submitted_at_us;
ALTER TABLE applications ALTER COLUMN queued_at TYPE BIGINT
    USING ROUND(EXTRACT(EPOCH FROM queued_at) * 1000000)::BIGINT;
ALTER TABLE applications RENAME COLUMN queued_at TO queued_at_us;
ALTER TABLE applications ALTER COLUMN promised_by TYPE TEXT
    USING to_char(promised_by, 'YYYY-MM-DD');

ALTER TABLE drafts ALTER COLUMN answers DROP DEFAULT;
ALTER TABLE drafts ALTER COLUMN answers TYPE TEXT USING answers::TEXT;
ALTER TABLE drafts RENAME COLUMN answers TO answers_json;
ALTER TABLE drafts ALTER COLUMN rows_shown DROP DEFAULT;
ALTER TABLE drafts ALTER COLUMN rows_shown TYPE TEXT USING rows_shown::TEXT;
ALTER TABLE drafts RENAME COLUMN rows_shown TO rows_json;
ALTER TABLE drafts ALTER COLUMN updated_at TYPE BIGINT
    USING ROUND(EXTRACT(EPOCH FROM updated_at) * 1000000)::BIGINT;
ALTER TABLE drafts RENAME COLUMN updated_at TO updated_at_us;
ALTER TABLE drafts ALTER COLUMN expires_at TYPE BIGINT
    USING ROUND(EXTRACT(EPOCH FROM expires_at) * 1000000)::BIGINT;
ALTER TABLE drafts RENAME COLUMN expires_at TO expires_at_us;

ALTER TABLE staff_accounts ALTER COLUMN departments DROP DEFAULT;
ALTER TABLE staff_accounts ALTER COLUMN departments TYPE TEXT USING departments::TEXT;
ALTER TABLE staff_accounts ALTER COLUMN departments SET DEFAULT '[]';
ALTER TABLE staff_accounts ALTER COLUMN created_at TYPE BIGINT
    USING ROUND(EXTRACT(EPOCH FROM created_at) * 1000000)::BIGINT;
ALTER TABLE staff_accounts RENAME COLUMN created_at TO created_at_us;

ALTER TABLE staff_sessions ALTER COLUMN created_at TYPE BIGINT
    USING ROUND(EXTRACT(EPOCH FROM created_at) * 1000000)::BIGINT;
ALTER TABLE staff_sessions RENAME COLUMN created_at TO created_at_us;
ALTER TABLE staff_sessions ALTER COLUMN last_seen_at TYPE BIGINT
    USING ROUND(EXTRACT(EPOCH FROM last_seen_at) * 1000000)::BIGINT;
ALTER TABLE staff_sessions RENAME COLUMN last_seen_at TO last_seen_at_us;

ALTER TABLE acceptance_decisions ALTER COLUMN decision TYPE TEXT USING decision::TEXT;
ALTER TABLE acceptance_decisions ALTER COLUMN decided_at TYPE BIGINT
    USING ROUND(EXTRACT(EPOCH FROM decided_at) * 1000000)::BIGINT;
ALTER TABLE acceptance_decisions RENAME COLUMN decided_at TO decided_at_us;

ALTER TABLE breach_list ALTER COLUMN listed_at TYPE BIGINT
    USING ROUND(EXTRACT(EPOCH FROM listed_at) * 1000000)::BIGINT;
ALTER TABLE breach_list RENAME COLUMN listed_at TO listed_at_us;

ALTER TABLE review_tasks ALTER COLUMN deadline TYPE TEXT USING deadline::TEXT;
ALTER TABLE review_tasks ALTER COLUMN sort_due TYPE TEXT USING to_char(sort_due, 'YYYY-MM-DD');
ALTER TABLE review_tasks ALTER COLUMN decision TYPE TEXT USING decision::TEXT;
ALTER TABLE review_tasks ALTER COLUMN decided_at TYPE BIGINT
    USING ROUND(EXTRACT(EPOCH FROM decided_at) * 1000000)::BIGINT;
ALTER TABLE review_tasks RENAME COLUMN decided_at TO decided_at_us;
ALTER TABLE review_tasks ALTER COLUMN created_at TYPE BIGINT
    USING ROUND(EXTRACT(EPOCH FROM created_at) * 1000000)::BIGINT;
ALTER TABLE review_tasks RENAME COLUMN created_at TO created_at_us;
