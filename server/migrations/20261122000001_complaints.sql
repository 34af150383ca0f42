-- Complaints (issue 3): identity documents of policyholders, simple uploads, complaints with their
-- events (the timeline), inbox notices with their deliveries, and idempotency keys.
-- Times are unix seconds (UTC); dates are ISO text (China dates).

-- What the company holds about a policyholder's identity, so the complaint form need not ask.
ALTER TABLE policyholders ADD COLUMN id_type TEXT;
ALTER TABLE policyholders ADD COLUMN id_number TEXT;

-- A stored file, owned by whoever uploaded it (a policyholder or a staff member).
CREATE TABLE uploads (
    id               TEXT    PRIMARY KEY,
    policyholder_id  INTEGER REFERENCES policyholders (id),
    staff_id         INTEGER REFERENCES staff (id),
    file_name        TEXT    NOT NULL,
    content_type     TEXT    NOT NULL,
    declared_type    TEXT,
    size             INTEGER NOT NULL,
    object_path      TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    CHECK ((policyholder_id IS NULL) <> (staff_id IS NULL))
);
CREATE INDEX uploads_by_policyholder ON uploads (policyholder_id);

-- Case numbers: TS + yyyymmdd + a 6-digit sequence per China date.
CREATE TABLE complaint_numbers (
    day   TEXT    PRIMARY KEY,
    last  INTEGER NOT NULL
);

-- One complaint: the filing as parsed (JSON), the state as folded from its events (JSON snapshot),
-- and a version that every change bumps (optimistic concurrency).
CREATE TABLE complaints (
    id                    INTEGER PRIMARY KEY,
    case_number           TEXT    NOT NULL UNIQUE,
    policyholder_id       INTEGER REFERENCES policyholders (id),
    registered_by_staff   INTEGER REFERENCES staff (id),
    policy_id             INTEGER REFERENCES policies (id),
    channel               TEXT    NOT NULL,
    category              TEXT    NOT NULL,
    consumer_name         TEXT    NOT NULL,
    urgent                TEXT,
    status                TEXT    NOT NULL,
    received_at           INTEGER NOT NULL,
    filing                TEXT    NOT NULL,
    state                 TEXT    NOT NULL,
    version               INTEGER NOT NULL DEFAULT 1,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
);
CREATE INDEX complaints_by_policyholder ON complaints (policyholder_id, id);
CREATE INDEX complaints_by_status ON complaints (status);

-- Every step on a complaint, in order: the machine's events, which are also the timeline.
CREATE TABLE complaint_events (
    complaint_id  INTEGER NOT NULL REFERENCES complaints (id),
    seq           INTEGER NOT NULL,
    at            INTEGER NOT NULL,
    by_role       TEXT    NOT NULL,
    staff_id      INTEGER REFERENCES staff (id),
    event         TEXT    NOT NULL,
    PRIMARY KEY (complaint_id, seq)
);

-- Progress notices in a policyholder's inbox, and each sending of one (`inbox` at creation).
CREATE TABLE notices (
    id               INTEGER PRIMARY KEY,
    policyholder_id  INTEGER NOT NULL REFERENCES policyholders (id),
    case_kind        TEXT    NOT NULL,
    case_id          INTEGER NOT NULL,
    case_number      TEXT    NOT NULL,
    event            TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    read_at          INTEGER
);
CREATE INDEX notices_by_policyholder ON notices (policyholder_id, id);

CREATE TABLE notice_deliveries (
    notice_id  INTEGER NOT NULL REFERENCES notices (id),
    channel    TEXT    NOT NULL,
    sent_at    INTEGER NOT NULL,
    PRIMARY KEY (notice_id, channel)
);

-- A create request's Idempotency-Key: the same key from the same caller gives the same answer.
CREATE TABLE idempotency_keys (
    caller        TEXT    NOT NULL,
    key           TEXT    NOT NULL,
    request_hash  BLOB    NOT NULL,
    status        INTEGER NOT NULL,
    response      TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (caller, key)
);
