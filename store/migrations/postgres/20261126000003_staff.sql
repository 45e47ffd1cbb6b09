-- The staff half: accounts, sessions, sign-in failures, the audit chain,
-- the front desk's decisions and the breach list (as the SQLite schema).

CREATE TABLE staff_accounts (
    id            BIGSERIAL PRIMARY KEY,
    name          TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('front_desk', 'reviewer', 'issuing', 'supervisor', 'administrator')),
    departments   JSONB NOT NULL DEFAULT '[]',
    password_hash TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    CONSTRAINT staff_accounts_name_key UNIQUE (name)
);

-- Only the SHA-256 of a session id is kept: a copy of the database signs no one in.
CREATE TABLE staff_sessions (
    id_sha256    TEXT PRIMARY KEY,
    staff_id     BIGINT NOT NULL REFERENCES staff_accounts(id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX staff_sessions_by_staff ON staff_sessions (staff_id);

CREATE TABLE login_failures (
    name   TEXT NOT NULL,
    client TEXT NOT NULL,
    at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_by_name ON login_failures (name, at);
CREATE INDEX login_failures_by_client ON login_failures (client, at);

-- Append-only and hash-chained (domain::audit). at_us: the microseconds
-- the hash covers.
CREATE TABLE audit_events (
    seq            BIGINT PRIMARY KEY,
    at_us          BIGINT NOT NULL,
    actor          TEXT NOT NULL,
    role           TEXT NOT NULL,
    action         TEXT NOT NULL,
    subject        TEXT NOT NULL,
    reason         TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL
);
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END $$;
CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

CREATE TABLE audit_head (
    id   SMALLINT PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

ALTER TABLE applications ADD COLUMN queued_at TIMESTAMPTZ;
UPDATE applications SET queued_at = submitted_at;
ALTER TABLE applications ALTER COLUMN queued_at SET NOT NULL;
CREATE INDEX applications_front_desk_queue ON applications (status, queued_at, number);

CREATE TABLE acceptance_decisions (
    id                 BIGSERIAL PRIMARY KEY,
    number             TEXT NOT NULL REFERENCES applications(number),
    transition         TEXT NOT NULL,
    decision           JSONB,
    staff_name         TEXT NOT NULL,
    staff_display_name TEXT NOT NULL,
    decided_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX acceptance_decisions_by_number ON acceptance_decisions (number, id);

CREATE TABLE breach_list (
    id_key    TEXT PRIMARY KEY,
    reason    TEXT NOT NULL,
    listed_at TIMESTAMPTZ NOT NULL
);
