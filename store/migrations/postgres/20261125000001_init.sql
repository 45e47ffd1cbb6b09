-- The hall on PostgreSQL: the same data as the SQLite schema, with native
-- types. Unique constraints are named: the store reacts to them by name.

-- Catalog: loaded from the catalog files at start-up; the files are the truth.
CREATE TABLE departments (
    code    TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL
);

CREATE TABLE matters (
    code        TEXT PRIMARY KEY,
    department  TEXT NOT NULL REFERENCES departments(code),
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    visits      SMALLINT NOT NULL,
    position    INTEGER NOT NULL,
    -- The whole matter (guide and form) as the domain type.
    matter      JSONB NOT NULL
);

-- 一号申请: one row per application, whatever number of matters it covers.
CREATE TABLE applications (
    number           TEXT NOT NULL,
    -- Idempotency: one key per form/draft; a resubmit finds the first row.
    submission_key   TEXT NOT NULL,
    payload_sha256   TEXT NOT NULL,
    status           TEXT NOT NULL,
    applicant_masked TEXT NOT NULL,
    form             JSONB NOT NULL,
    submitted_at     TIMESTAMPTZ NOT NULL,
    promised_by      DATE NOT NULL,
    CONSTRAINT applications_pkey PRIMARY KEY (number),
    CONSTRAINT applications_submission_key_key UNIQUE (submission_key)
);

CREATE TABLE application_matters (
    number      TEXT NOT NULL REFERENCES applications(number) ON DELETE CASCADE,
    matter_code TEXT NOT NULL,
    PRIMARY KEY (number, matter_code)
);

-- Drafts of the guided application: saved at every step so nothing typed
-- is lost and a draft started on a phone can be finished at a kiosk.
CREATE TABLE drafts (
    -- 128 random bits: the draft's address in URLs.
    id                 TEXT PRIMARY KEY,
    resume_code        TEXT NOT NULL,
    target_kind        TEXT NOT NULL CHECK (target_kind IN ('matter', 'bundle')),
    target_code        TEXT NOT NULL,
    -- The answers as typed, [key, value] pairs: a draft keeps even answers
    -- still to be corrected.
    answers            JSONB NOT NULL DEFAULT '[]',
    -- Rows shown per repeatable group.
    rows_shown         JSONB NOT NULL DEFAULT '{}',
    submission_key     TEXT NOT NULL,
    -- Set on submit; the answers are then wiped (the application has them).
    application_number TEXT,
    updated_at         TIMESTAMPTZ NOT NULL,
    expires_at         TIMESTAMPTZ NOT NULL,
    -- The browser visit the draft is open in.
    holder             TEXT,
    CONSTRAINT drafts_resume_code_key UNIQUE (resume_code),
    CONSTRAINT drafts_submission_key_key UNIQUE (submission_key)
);

CREATE INDEX drafts_by_expiry ON drafts (expires_at);
