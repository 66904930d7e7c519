-- 005: the tenant side's small collections: evidence files (by content hash), each letter's
-- web page (by its PDF's hash) and one satisfaction answer per complaint.

CREATE TABLE evidence_files (
    sha256 text COLLATE "C" PRIMARY KEY,
    bytes  bytea NOT NULL
);

CREATE TABLE letter_pages (
    pdf_sha256 text COLLATE "C" PRIMARY KEY,
    html       text NOT NULL
);

CREATE TABLE surveys (
    case_id     text COLLATE "C" PRIMARY KEY,
    landlord    text NOT NULL,
    customer_id text NOT NULL,
    stage       integer NOT NULL,
    score       integer NOT NULL CHECK (score BETWEEN 1 AND 5),
    why         text NOT NULL,
    at          text NOT NULL
);
CREATE INDEX surveys_by_landlord ON surveys (landlord, case_id);
