-- Claims (issue 4): reported claims with their events (the timeline), the uploads attached to them
-- as documents, claim numbers, and the server's signing key for short-lived document links.
-- Times are unix seconds (UTC); dates are ISO text (China dates).

-- Claim numbers: LP + yyyymmdd + a 6-digit sequence per China date.
CREATE TABLE claim_numbers (
    day   TEXT    PRIMARY KEY,
    last  INTEGER NOT NULL
);

-- One claim: the report as parsed (JSON), the checklist it was reported under (JSON, so a later
-- change of the configuration does not move its slots), the state folded from its events (JSON
-- snapshot), and a version that every change bumps (optimistic concurrency).
CREATE TABLE claims (
    id                    INTEGER PRIMARY KEY,
    claim_number          TEXT    NOT NULL UNIQUE,
    policyholder_id       INTEGER NOT NULL REFERENCES policyholders (id),
    policy_id             INTEGER NOT NULL REFERENCES policies (id),
    kind                  TEXT    NOT NULL,
    status                TEXT    NOT NULL,
    fast_lane             TEXT,
    reported_at           INTEGER NOT NULL,
    report                TEXT    NOT NULL,
    checklist             TEXT    NOT NULL,
    state                 TEXT    NOT NULL,
    version               INTEGER NOT NULL DEFAULT 1,
    -- The complaint the policyholder's "I disagree" opened.
    dispute_complaint_id  INTEGER REFERENCES complaints (id),
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
);
CREATE INDEX claims_by_policyholder ON claims (policyholder_id, id);
CREATE INDEX claims_by_status ON claims (status);

-- Every step on a claim, in order: the machine's events, which are also the timeline.
CREATE TABLE claim_events (
    claim_id  INTEGER NOT NULL REFERENCES claims (id),
    seq       INTEGER NOT NULL,
    at        INTEGER NOT NULL,
    by_role   TEXT    NOT NULL,
    staff_id  INTEGER REFERENCES staff (id),
    event     TEXT    NOT NULL,
    PRIMARY KEY (claim_id, seq)
);

-- Which claim an upload is a document of: one upload belongs to at most one claim.
CREATE TABLE claim_documents (
    upload_id  TEXT    PRIMARY KEY REFERENCES uploads (id),
    claim_id   INTEGER NOT NULL REFERENCES claims (id),
    slot       TEXT    NOT NULL,
    added_at   INTEGER NOT NULL
);
CREATE INDEX claim_documents_by_claim ON claim_documents (claim_id);

-- Keys the server signs with, shared by every replica (created on first start).
CREATE TABLE server_keys (
    name        TEXT    PRIMARY KEY,
    key         BLOB    NOT NULL,
    created_at  INTEGER NOT NULL
);
