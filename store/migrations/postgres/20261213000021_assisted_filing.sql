-- 帮你办: a draft staff fill for an applicant who is present. It records
-- the staff account; the applicant confirms on their phone through a
-- short-lived link, of which only the SHA-256 is kept. The application
-- keeps who filled it and how the applicant confirmed.

ALTER TABLE drafts ADD COLUMN assisted_by TEXT;
ALTER TABLE drafts ADD COLUMN confirm_sha256 TEXT;
ALTER TABLE drafts ADD COLUMN confirm_expires_at_us BIGINT;
CREATE UNIQUE INDEX drafts_confirm ON drafts (confirm_sha256);
CREATE INDEX drafts_assisted ON drafts (assisted_by, expires_at_us);

ALTER TABLE applications ADD COLUMN assisted_by TEXT;
ALTER TABLE applications ADD COLUMN assisted_confirmation TEXT;
