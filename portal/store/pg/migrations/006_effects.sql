-- 006: the letters and emails each event owes (see portal/effects.py), kept on the case or
-- conduct file and written in the same transaction as the event.

ALTER TABLE complaints ADD COLUMN effects jsonb NOT NULL DEFAULT '[]'::jsonb;
ALTER TABLE conduct_files ADD COLUMN effects jsonb NOT NULL DEFAULT '[]'::jsonb;

-- A letter made for an outbox item carries its key (so a retried render never makes two),
-- and a letter for the post its place in the print queue.
ALTER TABLE letters ADD COLUMN key text NOT NULL DEFAULT '';
ALTER TABLE letters ADD COLUMN post jsonb;
CREATE UNIQUE INDEX letters_by_key ON letters (case_id, key) WHERE key <> '';
CREATE INDEX letters_to_post ON letters (number) WHERE post ->> 'state' = 'queued';
