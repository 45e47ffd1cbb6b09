-- 预约: bookings of a slot at a queue category. The places a slot has left
-- are a counter taken in the booking's own commit (never more than the
-- slot's places, however many book at once); a booking checks in at a
-- kiosk for a number that queues from its slot's start.

CREATE TABLE queue_slot_places (
    day     TEXT NOT NULL,
    start   TEXT NOT NULL,
    letter  TEXT NOT NULL,
    booked  BIGINT NOT NULL,
    PRIMARY KEY (day, start, letter)
);

CREATE TABLE queue_bookings (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    -- The SHA-256 of the booking's link (its QR), and the keyed hash of
    -- its check-in code; neither is kept in the clear.
    token_sha256        TEXT NOT NULL UNIQUE,
    code_sha256         TEXT NOT NULL UNIQUE,
    letter              TEXT NOT NULL,
    day                 TEXT NOT NULL,
    start               TEXT NOT NULL,
    status              TEXT NOT NULL DEFAULT 'booked',
    booked_at_us        BIGINT NOT NULL,
    changed_at_us       BIGINT,
    application_number  TEXT,
    ticket_id           BIGINT REFERENCES queue_tickets (id)
);
CREATE INDEX queue_bookings_day ON queue_bookings (day, letter, start);
