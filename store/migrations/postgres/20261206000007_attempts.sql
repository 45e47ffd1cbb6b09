-- Attempt limits (sign-in, applicant proof, numeric pickup code): one row
-- per counted key, charged by one insert-or-increment before the secret
-- is checked. Replaces the per-failure rows, which were counted after
-- the check and could be raced.
CREATE TABLE attempts (
    kind            TEXT NOT NULL,
    key             TEXT NOT NULL,
    window_start_us BIGINT NOT NULL,
    count           BIGINT NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE INDEX attempts_by_window ON attempts (window_start_us);
DROP TABLE guesses;
DROP TABLE login_failures;
