-- 好差评: one rating per application per touchpoint, and one more after
-- a follow-up replied (round 2). Nobody updates or deletes a row here.
CREATE TABLE ratings (
    number       TEXT NOT NULL REFERENCES applications (number),
    touchpoint   TEXT NOT NULL,
    round        BIGINT NOT NULL,
    -- 整体满意度, 5 (非常满意) to 1 (非常不满意).
    level        BIGINT NOT NULL,
    -- Every rated indicator, JSON {indicator: level name}.
    levels_json  TEXT NOT NULL,
    -- What went wrong (a bad rating), JSON array of names.
    problems_json TEXT NOT NULL,
    comment      TEXT NOT NULL,
    -- kiosk, phone or window.
    channel      TEXT NOT NULL,
    rated_at_us  BIGINT NOT NULL,
    PRIMARY KEY (number, touchpoint, round)
);

-- A 差评's follow-up, for the application's lead department.
CREATE TABLE rating_follow_ups (
    number           TEXT NOT NULL,
    touchpoint       TEXT NOT NULL,
    department       TEXT NOT NULL,
    opened_at_us     BIGINT NOT NULL,
    due_on           TEXT NOT NULL,
    state            TEXT NOT NULL,
    callback         TEXT,
    rectification    TEXT,
    replied_by       TEXT,
    replied_at_us    BIGINT,
    closed_by        TEXT,
    closed_at_us     BIGINT,
    PRIMARY KEY (number, touchpoint)
);

CREATE INDEX follow_ups_by_department ON rating_follow_ups (department, state, due_on);
CREATE INDEX follow_ups_by_state ON rating_follow_ups (state, due_on);

-- The published figures per matter and per department, kept in the same
-- transaction as each rating and reply, so a page reads one row instead
-- of counting millions.
CREATE TABLE satisfaction_tallies (
    scope             TEXT NOT NULL,
    code              TEXT NOT NULL,
    very_satisfied    BIGINT NOT NULL DEFAULT 0,
    satisfied         BIGINT NOT NULL DEFAULT 0,
    basic             BIGINT NOT NULL DEFAULT 0,
    dissatisfied      BIGINT NOT NULL DEFAULT 0,
    very_dissatisfied BIGINT NOT NULL DEFAULT 0,
    follow_ups        BIGINT NOT NULL DEFAULT 0,
    replied           BIGINT NOT NULL DEFAULT 0,
    replied_on_time   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, code)
);

-- Who filed an application from which visit (the draft's holder), so the
-- visit that submitted may rate the filing.
CREATE INDEX drafts_by_application ON drafts (application_number)
    WHERE application_number IS NOT NULL;
