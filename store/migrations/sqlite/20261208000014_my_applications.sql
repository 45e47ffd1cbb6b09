-- 我的办件: the applicant's mobile as a keyed hash (HMAC with the hall's
-- id key), so applications can be found by the number without the number
-- itself in an index. Applications submitted before have none (they are
-- found by their number as before).
ALTER TABLE applications ADD COLUMN applicant_mobile_key TEXT;
CREATE INDEX applications_by_mobile ON applications (applicant_mobile_key, submitted_at_us)
    WHERE applicant_mobile_key IS NOT NULL;

-- A 6-digit code sent by SMS: only its keyed hash is kept; counted tries
-- (the count is raised before the code is compared), one use, and only
-- in the visit that asked for it.
CREATE TABLE sign_in_codes (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    visit_sha256  TEXT NOT NULL,
    mobile_key    TEXT NOT NULL,
    mobile_masked TEXT NOT NULL,
    code_sha256   TEXT NOT NULL,
    created_at_us BIGINT NOT NULL,
    expires_at_us BIGINT NOT NULL,
    tries         INTEGER NOT NULL DEFAULT 0,
    used_at_us    BIGINT
);
CREATE INDEX sign_in_codes_by_visit ON sign_in_codes (visit_sha256, id);

-- A visit that entered the code: bound to the visit (a kiosk's ends with
-- its visit), short-lived.
CREATE TABLE citizen_sessions (
    visit_sha256  TEXT PRIMARY KEY,
    mobile_key    TEXT NOT NULL,
    mobile_masked TEXT NOT NULL,
    opened_at_us  BIGINT NOT NULL,
    expires_at_us BIGINT NOT NULL
);
