-- Policyholders log in by phone; staff by username and password. Times are unix seconds (UTC).
CREATE TABLE policyholders (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    phone       TEXT    NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);

CREATE TABLE staff (
    id             INTEGER PRIMARY KEY,
    username       TEXT    NOT NULL UNIQUE,
    name           TEXT    NOT NULL,
    role           TEXT    NOT NULL CHECK (role IN ('handler', 'supervisor')),
    password_hash  TEXT    NOT NULL,
    created_at     INTEGER NOT NULL
);

CREATE TABLE policies (
    id               INTEGER PRIMARY KEY,
    policyholder_id  INTEGER NOT NULL REFERENCES policyholders (id),
    number           TEXT    NOT NULL UNIQUE,
    product_name     TEXT    NOT NULL,
    kind             TEXT    NOT NULL CHECK (kind IN ('medical', 'accident', 'auto', 'property', 'life')),
    status           TEXT    NOT NULL CHECK (status IN ('in_force', 'lapsed', 'expired', 'terminated')),
    insured_name     TEXT    NOT NULL,
    starts_on        TEXT    NOT NULL,
    ends_on          TEXT    NOT NULL,
    sum_insured      INTEGER NOT NULL,
    premium          INTEGER NOT NULL
);
CREATE INDEX policies_by_holder ON policies (policyholder_id, id);

-- One-time login codes. Only a salted SHA-256 of the code is kept. A code is dead once used,
-- replaced by a newer one, or tried wrongly too often. The rows also count requests for rate limits.
CREATE TABLE otp_codes (
    id           INTEGER PRIMARY KEY,
    phone        TEXT    NOT NULL,
    client_addr  TEXT    NOT NULL,
    salt         BLOB    NOT NULL,
    code_hash    BLOB    NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    tries        INTEGER NOT NULL DEFAULT 0,
    dead_at      INTEGER
);
CREATE INDEX otp_codes_by_phone ON otp_codes (phone, created_at);
CREATE INDEX otp_codes_by_addr ON otp_codes (client_addr, created_at);

-- Server-side sessions behind an opaque cookie; only the SHA-256 of the token is stored.
CREATE TABLE sessions (
    id               INTEGER PRIMARY KEY,
    token_hash       BLOB    NOT NULL UNIQUE,
    policyholder_id  INTEGER REFERENCES policyholders (id),
    staff_id         INTEGER REFERENCES staff (id),
    created_at       INTEGER NOT NULL,
    last_seen_at     INTEGER NOT NULL,
    ended_at         INTEGER,
    CHECK ((policyholder_id IS NULL) <> (staff_id IS NULL))
);
