-- 帮你办: at the desk, with the applicant's ID card checked, a new form
-- starts from the applicant's fields of their latest application. The ID
-- number is found by its keyed hash (as 我的办件 finds a mobile), never
-- in the clear.

ALTER TABLE applications ADD COLUMN applicant_id_key TEXT;
CREATE INDEX applications_by_applicant_id ON applications (applicant_id_key, submitted_at_us)
    WHERE applicant_id_key IS NOT NULL;
