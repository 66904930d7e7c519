-- 002: registers (documents staff keep beside the cases) and the access log (who looked at whose records).

CREATE TABLE registers (
    key      text COLLATE "C" PRIMARY KEY,
    kind     text NOT NULL,
    landlord text NOT NULL,
    version  integer NOT NULL CHECK (version > 0),
    body     jsonb NOT NULL  -- the whole document as handed out, with its history
);
CREATE INDEX registers_by_kind ON registers (kind, landlord, key);

-- Append-only, like the events: a view is never changed or taken back.
CREATE TABLE access_log (
    id          bigserial PRIMARY KEY,
    customer_id text NOT NULL,
    at          text NOT NULL,
    by_user     text NOT NULL,
    what        text NOT NULL,
    ref         text NOT NULL
);
CREATE INDEX access_log_by_customer ON access_log (customer_id, id);
CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
