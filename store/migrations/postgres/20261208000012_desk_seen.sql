-- The front desk last opened a returned application's file: corrections
-- uploaded online after that are flagged on its queue as new.
ALTER TABLE applications ADD COLUMN desk_seen_at_us BIGINT;
