-- Drafts of the guided application: saved at every step so nothing typed
-- is lost and a draft started on a phone can be finished at a kiosk.
CREATE TABLE drafts (
    -- 128 random bits: the draft's address in URLs (whoever holds it can
    -- continue the draft, like the resume code).
    id                 TEXT PRIMARY KEY NOT NULL,
    resume_code        TEXT NOT NULL UNIQUE,
    -- What is applied for (a matter or a bundle), JSON.
    target_json        TEXT NOT NULL,
    -- The answers as typed, JSON pairs: validation happens on submit and
    -- on each step, but a draft keeps even answers still to be corrected.
    answers_json       TEXT NOT NULL,
    -- Rows shown per repeatable group, JSON object.
    rows_json          TEXT NOT NULL DEFAULT '{}',
    -- Idempotency key of the draft's one submission.
    submission_key     TEXT NOT NULL UNIQUE,
    -- Set on submit; the answers are then wiped (the application has them).
    application_number TEXT,
    updated_at         INTEGER NOT NULL,
    -- Unix seconds; expired drafts are never returned and are deleted.
    expires_at         INTEGER NOT NULL
);

CREATE INDEX drafts_by_expiry ON drafts (expires_at);
