-- Notifications to applicants, written in the same transaction as the
-- change they tell of, and delivered by a worker (several servers safe).
CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    number        TEXT NOT NULL,
    kind          TEXT NOT NULL,
    -- Tells apart two events of one kind (a second one-time notice).
    occurrence    TEXT NOT NULL,
    -- The applicant's mobile; '' when there is none (page only).
    recipient     TEXT NOT NULL,
    -- domain::notification::Notification as JSON.
    body_json     TEXT NOT NULL,
    created_at_us BIGINT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'page_only')),
    -- Deliveries tried (counted when claimed, before the provider is called).
    attempts      INTEGER NOT NULL DEFAULT 0,
    -- Pending: when it is next due. A worker claiming it pushes this past
    -- its lease, so a worker that dies mid-delivery leaves it due again.
    next_at_us    BIGINT NOT NULL,
    last_error    TEXT NOT NULL DEFAULT '',
    sent_at_us    BIGINT
);
-- The deduplication key (a retried change tells once); number first, so it
-- also finds an application's messages.
CREATE UNIQUE INDEX outbox_once ON outbox (number, kind, occurrence, recipient);
CREATE INDEX outbox_due ON outbox (next_at_us) WHERE state = 'pending';
