-- 取号叫号: queue tickets numbered per category per day, the desks that
-- call them to their windows, and every call as the hall display shows it.

-- The last number each category gave out each day: drawn in the same
-- commit as the ticket, so numbers are gapless and never given twice.
CREATE TABLE queue_counters (
    day       TEXT NOT NULL,
    letter    TEXT NOT NULL,
    last_seq  BIGINT NOT NULL,
    PRIMARY KEY (day, letter)
);

CREATE TABLE queue_tickets (
    id                  BIGSERIAL PRIMARY KEY,
    day                 TEXT NOT NULL,
    letter              TEXT NOT NULL,
    seq                 BIGINT NOT NULL,
    -- The SHA-256 of the ticket's link (its QR); the link is not kept.
    token_sha256        TEXT NOT NULL UNIQUE,
    taken_at_us         BIGINT NOT NULL,
    -- The calling order: earliest first (a booking's slot, or the taking).
    queues_from_us      BIGINT NOT NULL,
    -- The application the ticket carries to the window.
    application_number  TEXT,
    status              TEXT NOT NULL DEFAULT 'waiting',
    first_called_at_us  BIGINT,
    called_at_us        BIGINT,
    window_no           BIGINT,
    called_by           BIGINT REFERENCES staff_accounts (id),
    calls               BIGINT NOT NULL DEFAULT 0,
    finished_at_us      BIGINT,
    UNIQUE (day, letter, seq)
);
CREATE INDEX queue_tickets_waiting ON queue_tickets (day, status, queues_from_us);
CREATE INDEX queue_tickets_desk ON queue_tickets (called_by, status, day);

-- Every call and re-call, in order: the display reads the ones after the
-- last it showed.
CREATE TABLE queue_calls (
    id         BIGSERIAL PRIMARY KEY,
    day        TEXT NOT NULL,
    ticket_id  BIGINT NOT NULL REFERENCES queue_tickets (id),
    letter     TEXT NOT NULL,
    seq        BIGINT NOT NULL,
    window_no  BIGINT NOT NULL,
    at_us      BIGINT NOT NULL
);
CREATE INDEX queue_calls_day ON queue_calls (day, id);

-- The window each desk's staff member sits at today (they say so on
-- their calling panel).
CREATE TABLE queue_desks (
    staff_id   BIGINT PRIMARY KEY REFERENCES staff_accounts (id) ON DELETE CASCADE,
    window_no  BIGINT NOT NULL
);
