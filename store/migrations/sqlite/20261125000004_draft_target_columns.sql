-- What a draft applies for, as two columns instead of an opaque JSON
-- string: the store hands back a typed target, and SQL can join on it.
ALTER TABLE drafts ADD COLUMN target_kind TEXT NOT NULL DEFAULT 'matter'
    CHECK (target_kind IN ('matter', 'bundle'));
ALTER TABLE drafts ADD COLUMN target_code TEXT NOT NULL DEFAULT '';
UPDATE drafts SET
    target_kind = CASE WHEN json_extract(target_json, '$.bundle') IS NOT NULL
                       THEN 'bundle' ELSE 'matter' END,
    target_code = COALESCE(json_extract(target_json, '$.bundle'),
                           json_extract(target_json, '$.matter'), '');
ALTER TABLE drafts DROP COLUMN target_json;
