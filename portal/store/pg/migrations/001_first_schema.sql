-- 001: complaints and their events (with the summary rows), conduct files, users, letters
-- and their PDFs, tokens.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Ids are issued here, never by a process: one number sequence per collection.
CREATE SEQUENCE complaint_numbers;
CREATE SEQUENCE user_numbers;
CREATE SEQUENCE letter_numbers;

-- One row per complaint: who and where it belongs, how many events it has, and its
-- summary row (the read model, `summaries.CaseSummary`) as indexed columns plus the
-- whole row as JSON; written in the same transaction as each event. NULL summary: a
-- complaint stored without a row (stale until `flask store rebuild`).
CREATE TABLE complaints (
    id            text COLLATE "C" PRIMARY KEY,
    number        bigint NOT NULL UNIQUE,
    landlord      text NOT NULL,
    customer_id   text NOT NULL,
    version       integer NOT NULL CHECK (version >= 0),
    summary       jsonb,
    computed_with text,
    stage         integer,
    status        text,
    is_open       boolean NOT NULL DEFAULT false,
    ack1_due      date,
    reply1_due    date,
    ack2_due      date,
    reply2_due    date,
    actions_due   date,
    request_due   date,
    search        text NOT NULL DEFAULT ''  -- id and search text, lower case, single-spaced
);
CREATE INDEX complaints_by_customer ON complaints (customer_id, number);
CREATE INDEX complaints_by_landlord ON complaints (landlord, number);
CREATE INDEX complaints_by_version ON complaints (landlord, computed_with);
CREATE INDEX complaints_open ON complaints (landlord, number) WHERE is_open;
CREATE INDEX complaints_ack1 ON complaints (landlord, ack1_due, id) WHERE is_open AND ack1_due IS NOT NULL;
CREATE INDEX complaints_reply1 ON complaints (landlord, reply1_due, id) WHERE is_open AND reply1_due IS NOT NULL;
CREATE INDEX complaints_ack2 ON complaints (landlord, ack2_due, id) WHERE is_open AND ack2_due IS NOT NULL;
CREATE INDEX complaints_reply2 ON complaints (landlord, reply2_due, id) WHERE is_open AND reply2_due IS NOT NULL;
CREATE INDEX complaints_actions ON complaints (landlord, actions_due, id) WHERE is_open AND actions_due IS NOT NULL;
CREATE INDEX complaints_by_status ON complaints (landlord, status, request_due) WHERE is_open;
CREATE INDEX complaints_search ON complaints USING gin (search gin_trgm_ops);

-- Append-only: the key makes a second writer of the same sequence number fail.
CREATE TABLE complaint_events (
    complaint_id text COLLATE "C" NOT NULL REFERENCES complaints (id),
    seq          integer NOT NULL CHECK (seq > 0),
    body         jsonb NOT NULL,
    PRIMARY KEY (complaint_id, seq)
);

CREATE TABLE conduct_files (
    customer_id   text COLLATE "C" PRIMARY KEY,
    landlord      text NOT NULL,
    version       integer NOT NULL CHECK (version >= 0),
    summary       jsonb,  -- the file's row (`summaries.ConductSummary`), NULL until one is written
    computed_with text
);
CREATE INDEX conduct_files_by_landlord ON conduct_files (landlord, customer_id);

CREATE TABLE conduct_events (
    customer_id text COLLATE "C" NOT NULL REFERENCES conduct_files (customer_id),
    seq         integer NOT NULL CHECK (seq > 0),
    body        jsonb NOT NULL,
    PRIMARY KEY (customer_id, seq)
);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER complaint_events_append_only BEFORE UPDATE OR DELETE ON complaint_events
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER conduct_events_append_only BEFORE UPDATE OR DELETE ON conduct_events
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TABLE users (
    id        text COLLATE "C" PRIMARY KEY,
    number    bigint NOT NULL UNIQUE,
    kind      text,
    landlord  text,
    email_key text NOT NULL,  -- trimmed, lower-cased email; '' for a customer without an account
    search    text NOT NULL,  -- id, name, reference, email and address, lower case, single-spaced
    body      jsonb NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (email_key) WHERE email_key <> '';
CREATE INDEX users_by_kind ON users (kind, number);
CREATE INDEX users_search ON users USING gin (search gin_trgm_ops);

-- PDFs once per content; a letter points at its PDF by sha256.
CREATE TABLE pdfs (
    sha256 text PRIMARY KEY,
    bytes  bytea NOT NULL
);

CREATE TABLE letters (
    id          text COLLATE "C" PRIMARY KEY,
    number      bigint NOT NULL UNIQUE,
    case_id     text NOT NULL,
    customer_id text NOT NULL,
    kind        text NOT NULL,
    title       text NOT NULL,
    sha256      text NOT NULL REFERENCES pdfs (sha256),
    created     text NOT NULL,
    large_print boolean NOT NULL,
    easy_read   boolean NOT NULL DEFAULT false
);
CREATE INDEX letters_by_case ON letters (case_id, number);
CREATE INDEX letters_by_customer ON letters (customer_id, number);

CREATE TABLE tokens (
    key        text COLLATE "C" PRIMARY KEY,
    data       jsonb NOT NULL,
    expires    text NOT NULL,         -- as the caller gave it
    expires_at timestamptz NOT NULL   -- the same instant, for purging
);
CREATE INDEX tokens_by_expiry ON tokens (expires_at);
