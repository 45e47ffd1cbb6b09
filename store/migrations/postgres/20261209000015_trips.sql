-- 跑动: how each application was filed (a kiosk or a window is a trip to
-- the hall), and each later trip (corrections brought, the result
-- collected at the window), written with the step it belongs to.
ALTER TABLE applications ADD COLUMN submitted_via TEXT NOT NULL DEFAULT 'phone';

CREATE TABLE trips (
    number   TEXT NOT NULL REFERENCES applications (number),
    at_us    BIGINT NOT NULL,
    reason   TEXT NOT NULL,
    channel  TEXT NOT NULL,
    PRIMARY KEY (number, at_us, reason)
);
