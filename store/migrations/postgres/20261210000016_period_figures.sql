-- 电子监察 over a period. Each matter of an application, once finished
-- (the list a figure drills down to), and the month's figures kept in
-- the same transactions that finish services and do work, so a report
-- reads a few hundred rows however many millions were handled.
CREATE TABLE finished_services (
    number             TEXT NOT NULL,
    matter             TEXT NOT NULL,
    department         TEXT NOT NULL,
    month              TEXT NOT NULL,
    finished_on        TEXT NOT NULL,
    working_days       BIGINT NOT NULL,
    within_promise     BOOLEAN NOT NULL,
    within_legal       BOOLEAN NOT NULL,
    trips              BIGINT NOT NULL,
    kept_visit_promise BOOLEAN NOT NULL,
    online             BOOLEAN NOT NULL,
    PRIMARY KEY (number, matter)
);

CREATE INDEX finished_by_month ON finished_services (month, matter, finished_on, number);

-- Per month, matter and working days taken: a histogram (median, p90)
-- with the shares' counts alongside.
CREATE TABLE service_months (
    month              TEXT NOT NULL,
    matter             TEXT NOT NULL,
    working_days       BIGINT NOT NULL,
    finished           BIGINT NOT NULL,
    within_promise     BIGINT NOT NULL,
    within_legal       BIGINT NOT NULL,
    one_visit          BIGINT NOT NULL,
    kept_visit_promise BIGINT NOT NULL,
    online             BIGINT NOT NULL,
    PRIMARY KEY (month, matter, working_days)
);

-- Work done per month, desk, staff member and action (throughput; 容缺
-- commitments kept and broken), kept with each audited step.
CREATE TABLE work_months (
    month   TEXT NOT NULL,
    desk    TEXT NOT NULL,
    staff   TEXT NOT NULL,
    action  TEXT NOT NULL,
    count   BIGINT NOT NULL,
    PRIMARY KEY (month, desk, staff, action)
);
