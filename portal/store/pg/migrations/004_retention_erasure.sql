-- 004: retention may anonymise events in place (never add, remove or reorder them), and
-- a letter's PDF may be erased, keeping the letter's kind and date.

CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Only a retention run, inside its own transaction, may rewrite an event's body.
    IF TG_OP = 'UPDATE' AND current_setting('portal.erasing', true) = 'on'
       AND NEW.seq = OLD.seq THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;

ALTER TABLE letters ALTER COLUMN sha256 DROP NOT NULL;
ALTER TABLE letters ADD COLUMN erased text NOT NULL DEFAULT '';
