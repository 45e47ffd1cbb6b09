-- The staff half: accounts, sessions, sign-in failures, the audit chain,
-- the front desk's decisions and the breach list. Times the code compares
-- or orders by are integer microseconds since 1970 (UTC).

CREATE TABLE staff_accounts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('front_desk', 'reviewer', 'issuing', 'supervisor', 'administrator')),
    -- JSON array of department codes (reviewers only).
    departments   TEXT NOT NULL DEFAULT '[]',
    -- argon2id PHC string.
    password_hash TEXT NOT NULL,
    created_at_us INTEGER NOT NULL
);

-- Only the SHA-256 of a session id is kept: a copy of the database signs no one in.
CREATE TABLE staff_sessions (
    id_sha256       TEXT PRIMARY KEY NOT NULL,
    staff_id        INTEGER NOT NULL REFERENCES staff_accounts(id) ON DELETE CASCADE,
    csrf_token      TEXT NOT NULL,
    created_at_us   INTEGER NOT NULL,
    last_seen_at_us INTEGER NOT NULL
);
CREATE INDEX staff_sessions_by_staff ON staff_sessions (staff_id);

-- Failed sign-ins, by the name as typed and the client address.
CREATE TABLE login_failures (
    name   TEXT NOT NULL,
    client TEXT NOT NULL,
    at_us  INTEGER NOT NULL
);
CREATE INDEX login_failures_by_name ON login_failures (name, at_us);
CREATE INDEX login_failures_by_client ON login_failures (client, at_us);

-- Append-only and hash-chained (domain::audit): `server audit verify` walks it.
CREATE TABLE audit_events (
    seq            INTEGER PRIMARY KEY NOT NULL,
    at_us          INTEGER NOT NULL,
    actor          TEXT NOT NULL,
    role           TEXT NOT NULL,
    action         TEXT NOT NULL,
    subject        TEXT NOT NULL,
    reason         TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL
);
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;

-- The chain's last link, kept apart: events cut off the end show.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- When an application entered the front desk's queue (submitted, or
-- corrections handed in): the queue's order and the deemed-acceptance clock.
ALTER TABLE applications ADD COLUMN queued_at_us INTEGER NOT NULL DEFAULT 0;
UPDATE applications
SET queued_at_us = CAST((julianday(submitted_at) - 2440587.5) * 86400000000 AS INTEGER);
CREATE INDEX applications_front_desk_queue ON applications (status, queued_at_us, number);

CREATE TABLE acceptance_decisions (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    number             TEXT NOT NULL REFERENCES applications(number),
    transition         TEXT NOT NULL,
    -- domain::acceptance::Decision as JSON; NULL for corrections handed in.
    decision           TEXT,
    staff_name         TEXT NOT NULL,
    staff_display_name TEXT NOT NULL,
    decided_at_us      INTEGER NOT NULL
);
CREATE INDEX acceptance_decisions_by_number ON acceptance_decisions (number, id);

-- 失信名单: by a keyed hash (HMAC) of the ID number, never the number.
CREATE TABLE breach_list (
    id_key       TEXT PRIMARY KEY NOT NULL,
    reason       TEXT NOT NULL,
    listed_at_us INTEGER NOT NULL
);
