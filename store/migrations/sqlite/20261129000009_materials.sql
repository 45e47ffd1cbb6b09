-- 申请材料 as files. Times are microseconds since the epoch, as in SQLite's
-- copy of these tables: one row mapping and one SQL text serve both
-- (store::materials). The bytes live in the file store under an object key
-- made from the id alone.
CREATE TABLE material_files (
    id             TEXT PRIMARY KEY,
    -- Not a foreign key: the draft's row goes when it expires, and its
    -- files must outlive that long enough for the sweep to delete their
    -- bytes (unsubmitted) or stay with the application (submitted).
    -- NULL for a file sent after submission (answering a notice).
    draft_id       TEXT,
    -- Set in the same transaction as the submission (or at once, for a
    -- file answering a notice).
    number         TEXT,
    material       TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('pdf', 'jpg', 'png')),
    bytes          BIGINT NOT NULL CHECK (bytes > 0),
    sha256         TEXT NOT NULL,
    -- The citizen's file name, cleaned, for showing only.
    name           TEXT NOT NULL,
    uploaded_at_us BIGINT NOT NULL
);
CREATE INDEX material_files_by_draft ON material_files (draft_id, material);
CREATE INDEX material_files_by_number ON material_files (number);

-- 扫码上传: a kiosk's one-time code letting one phone add files to the
-- kiosk's draft. Only the token's hash is kept.
CREATE TABLE upload_handoffs (
    token_hash    TEXT PRIMARY KEY,
    draft_id      TEXT NOT NULL,
    kiosk         TEXT NOT NULL,
    phone         TEXT,
    expires_at_us BIGINT NOT NULL
);
CREATE INDEX upload_handoffs_by_kiosk ON upload_handoffs (kiosk);
