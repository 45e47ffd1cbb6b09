-- The browser visit a draft is open in (a random session token). Only that
-- visit may open the draft by its URL; the resume code moves it to another.
-- A kiosk ends its visits, so the previous citizen's draft cannot be
-- reopened from the terminal's history. NULL: drafts from before this.
ALTER TABLE drafts ADD COLUMN holder TEXT;
