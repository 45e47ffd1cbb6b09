-- 评价器: a window's rating screen (a tablet or second screen, no
-- account), paired to one staff member's desk by a short-lived code the
-- desk shows. When that desk finishes an action on an application, the
-- application becomes the screen's current one, to rate.
CREATE TABLE window_screens (
    staff_id           BIGINT PRIMARY KEY REFERENCES staff_accounts (id) ON DELETE CASCADE,
    -- The pairing code's SHA-256 while it may be typed (the desk's page
    -- shows the code, derived again from the key and `code_issued_at_us`).
    code_sha256        TEXT UNIQUE,
    code_issued_at_us  BIGINT,
    code_expires_us    BIGINT,
    -- The paired screen's visit, as its token's SHA-256.
    screen_sha256      TEXT UNIQUE,
    paired_at_us       BIGINT,
    current_number     TEXT,
    current_touchpoint TEXT,
    current_at_us      BIGINT
);
