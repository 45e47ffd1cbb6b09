-- 统一出件 and 一邮送达. Times are microseconds since the epoch and dates
-- ISO text, as in SQLite's copy of these tables: one row mapping reads
-- both (store::rows).

-- The applicant's choice (window, proxy, post), changeable until issued.
CREATE TABLE deliveries (
    number       TEXT PRIMARY KEY REFERENCES applications(number),
    -- JSON of domain::issuing::Delivery.
    delivery     TEXT NOT NULL,
    chosen_at_us BIGINT NOT NULL
);

-- 电子证照: the canonical text the electronic seal signed, and the seal.
CREATE TABLE issued_documents (
    code           TEXT PRIMARY KEY,
    number         TEXT NOT NULL REFERENCES applications(number),
    position       INTEGER NOT NULL,
    content        TEXT NOT NULL,
    seal           BYTEA NOT NULL,
    issued_at_us   BIGINT NOT NULL,
    issued_by      TEXT NOT NULL,
    revoked_at_us  BIGINT,
    revoked_reason TEXT,
    CONSTRAINT issued_documents_position UNIQUE (number, position)
);

-- 取件码: the serial is signed into the pickup QR; the 8-digit code is its
-- fallback, unique among live tokens.
CREATE TABLE pickup_tokens (
    serial        BIGSERIAL PRIMARY KEY,
    number        TEXT NOT NULL REFERENCES applications(number),
    code          TEXT NOT NULL,
    expires       TEXT NOT NULL,
    issued_at_us  BIGINT NOT NULL,
    revoked_at_us BIGINT,
    used_at_us    BIGINT
);
CREATE UNIQUE INDEX pickup_tokens_live_code ON pickup_tokens (code)
    WHERE revoked_at_us IS NULL AND used_at_us IS NULL;
CREATE INDEX pickup_tokens_by_number ON pickup_tokens (number, serial);

-- 送达回证: one per application, ever (the primary key says so).
CREATE TABLE handovers (
    number   TEXT PRIMARY KEY REFERENCES applications(number),
    -- JSON of hall::ports::HandoverWay and of the items' names.
    way      TEXT NOT NULL,
    items    TEXT NOT NULL,
    at_us    BIGINT NOT NULL,
    place    TEXT NOT NULL,
    by_staff TEXT NOT NULL,
    by_name  TEXT NOT NULL
);

-- 容缺: the deferred materials came in.
CREATE TABLE deferred_received (
    number TEXT PRIMARY KEY REFERENCES applications(number),
    at_us  BIGINT NOT NULL
);

-- Wrong guesses of codes and ID endings, counted across servers.
CREATE TABLE guesses (
    kind  TEXT NOT NULL,
    key   TEXT NOT NULL,
    at_us BIGINT NOT NULL
);
CREATE INDEX guesses_by_key ON guesses (kind, key, at_us);

-- A visit (by its token's hash) that proved it is the applicant's.
CREATE TABLE applicant_proofs (
    number       TEXT NOT NULL REFERENCES applications(number),
    visit_sha256 TEXT NOT NULL,
    at_us        BIGINT NOT NULL,
    PRIMARY KEY (number, visit_sha256)
);

CREATE INDEX applications_issuing ON applications (promised_by, number)
    WHERE status IN ('approved', 'issued');
