-- Catalog: loaded from the catalog files at start-up; the files are the truth.
CREATE TABLE departments (
    code       TEXT PRIMARY KEY NOT NULL,
    name_zh    TEXT NOT NULL,
    name_en    TEXT NOT NULL
);

CREATE TABLE matters (
    code        TEXT PRIMARY KEY NOT NULL,
    department  TEXT NOT NULL REFERENCES departments(code),
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    visits      INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    -- The whole matter (guide and form) as the domain type, JSON.
    matter_json TEXT NOT NULL
);

-- 一号申请: one row per application, whatever number of matters it covers.
CREATE TABLE applications (
    number           TEXT PRIMARY KEY NOT NULL,
    -- Idempotency: one key per form/draft; a resubmit finds the first row.
    submission_key   TEXT NOT NULL UNIQUE,
    payload_sha256   TEXT NOT NULL,
    status           TEXT NOT NULL,
    applicant_masked TEXT NOT NULL,
    form_json        TEXT NOT NULL,
    submitted_at     TEXT NOT NULL,
    promised_by      TEXT NOT NULL
);

CREATE TABLE application_matters (
    number      TEXT NOT NULL REFERENCES applications(number) ON DELETE CASCADE,
    matter_code TEXT NOT NULL,
    PRIMARY KEY (number, matter_code)
);
