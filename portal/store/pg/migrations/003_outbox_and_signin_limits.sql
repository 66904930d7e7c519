-- 003: the outbox (every email and letter owed, until done) and the sign-in limits,
-- so every worker on every host sends each message once and counts the same failures.

CREATE TABLE outbox (
    key     text COLLATE "C" PRIMARY KEY,  -- the idempotency key
    channel text NOT NULL,
    case_id text NOT NULL,
    state   text NOT NULL,
    next_at timestamptz NOT NULL,  -- the item's next_try, for the due list
    created text NOT NULL,
    item    jsonb NOT NULL         -- the whole item as handed out
);
CREATE INDEX outbox_open ON outbox (next_at) WHERE state IN ('waiting', 'sending');
CREATE INDEX outbox_by_case ON outbox (case_id, created, key);

CREATE TABLE signin_limits (
    key          text COLLATE "C" PRIMARY KEY,  -- "account:<email>" or "address:<ip>"
    failures     integer NOT NULL,
    since        text NOT NULL,
    locked_until text NOT NULL
);
