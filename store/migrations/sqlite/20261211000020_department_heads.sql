-- 部门负责人: a role bound to departments, like a reviewer. SQLite cannot
-- change a CHECK in place, so the accounts table is built again with the
-- wider list. Dropping the old table cascades to its sessions and screen
-- pairings; they are kept aside and put back, so no one is signed out.
CREATE TEMP TABLE kept_sessions AS SELECT * FROM staff_sessions;
CREATE TEMP TABLE kept_window_screens AS SELECT * FROM window_screens;

CREATE TABLE staff_accounts_new (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('front_desk', 'reviewer', 'issuing', 'supervisor', 'department_head', 'administrator')),
    -- JSON array of department codes (reviewers and department heads).
    departments   TEXT NOT NULL DEFAULT '[]',
    -- argon2id PHC string.
    password_hash TEXT NOT NULL,
    created_at_us INTEGER NOT NULL
);
INSERT INTO staff_accounts_new (id, name, display_name, role, departments, password_hash, created_at_us)
SELECT id, name, display_name, role, departments, password_hash, created_at_us FROM staff_accounts;
DROP TABLE staff_accounts;
ALTER TABLE staff_accounts_new RENAME TO staff_accounts;

INSERT INTO staff_sessions SELECT * FROM kept_sessions;
INSERT INTO window_screens SELECT * FROM kept_window_screens;
DROP TABLE kept_sessions;
DROP TABLE kept_window_screens;
