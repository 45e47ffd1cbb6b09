-- The steps of a draft whose questions were saved at least once: a step
-- of optional questions that was never seen is not done (its answers may
-- decide which materials are asked). JSON array of step slugs.
ALTER TABLE drafts ADD COLUMN steps_json TEXT NOT NULL DEFAULT '[]';
