-- 并联审批: one task per department and part, created at acceptance.
-- review_version orders every change to an application's review: a
-- change is written only if nobody changed the review since it was read.
ALTER TABLE applications ADD COLUMN review_version BIGINT NOT NULL DEFAULT 0;

CREATE TABLE review_tasks (
    id              BIGSERIAL PRIMARY KEY,
    number          TEXT NOT NULL REFERENCES applications(number),
    matter          TEXT NOT NULL,
    -- Position among the matter's review parts (as in the catalog).
    part            INTEGER NOT NULL,
    department      TEXT NOT NULL,
    status          TEXT NOT NULL,
    is_open         BOOLEAN NOT NULL,
    -- The matter this task waits for (联办), if any.
    waits_for       TEXT,
    deadline        JSONB NOT NULL,
    -- Due date while the clock runs; 9999-12-31 while it stands still,
    -- so a reviewer's list sorts by time left from one index.
    sort_due        DATE NOT NULL,
    extended        BOOLEAN NOT NULL DEFAULT FALSE,
    decision        JSONB,
    decided_by      TEXT,
    decided_by_name TEXT,
    decided_at      TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (number, matter, part)
);
CREATE INDEX review_tasks_by_department ON review_tasks (department, sort_due, id) WHERE is_open;
CREATE INDEX review_tasks_open ON review_tasks (sort_due, id) WHERE is_open;
