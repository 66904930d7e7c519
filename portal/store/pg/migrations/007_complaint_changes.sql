-- 007: a count of the writes to complaints, bumped in each writing statement's own transaction,
-- so a reader that finds it unchanged knows no complaint row changed (the open-case list's cache).
-- Sixteen slots, picked by connection, so writers to different complaints seldom wait on one row;
-- readers add them up. A wipe keeps this table, so the sum only ever grows.

CREATE TABLE complaint_changes (
    slot    smallint PRIMARY KEY,
    counter bigint NOT NULL
);

CREATE FUNCTION count_complaint_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO complaint_changes AS c (slot, counter) VALUES (pg_backend_pid() % 16, 1)
        ON CONFLICT (slot) DO UPDATE SET counter = c.counter + 1;
    RETURN NULL;
END $$;

CREATE TRIGGER complaints_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON complaints
    FOR EACH STATEMENT EXECUTE FUNCTION count_complaint_change();
