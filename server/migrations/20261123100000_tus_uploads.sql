-- Resumable uploads (tus 1.0, issue 4). The resume state lives here, the bytes in the object store,
-- so any replica can continue an upload. Times are unix seconds (UTC).

-- One upload: its owner, declared length, the bytes persisted so far, and what it is for.
CREATE TABLE tus_uploads (
    id               TEXT    PRIMARY KEY,
    policyholder_id  INTEGER REFERENCES policyholders (id),
    staff_id         INTEGER REFERENCES staff (id),
    upload_length    INTEGER NOT NULL CHECK (upload_length > 0),
    upload_offset    INTEGER NOT NULL DEFAULT 0 CHECK (upload_offset BETWEEN 0 AND upload_length),
    -- Every Upload-Metadata pair, decoded, as a JSON object of strings.
    metadata         TEXT    NOT NULL,
    file_name        TEXT    NOT NULL,
    declared_type    TEXT,
    -- Opaque target keys from the metadata, for the claims code (e.g. purpose=claim_document).
    purpose          TEXT,
    claim_id         TEXT,
    slot             TEXT,
    -- receiving → assembling → completed; or rejected / terminated / expired.
    state            TEXT    NOT NULL CHECK (state IN ('receiving', 'assembling', 'completed',
                                                       'rejected', 'terminated', 'expired')),
    -- Why it was rejected (an error code such as file_type_not_allowed).
    problem_code     TEXT,
    -- The type detected from the first bytes.
    content_type     TEXT,
    -- SHA-256 of everything persisted so far: the compression state and the unhashed tail.
    hash_state       BLOB    NOT NULL,
    -- Hex SHA-256 of the whole file, once complete.
    sha256           TEXT,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    -- When the parts in the object store were removed (NULL: some may remain).
    parts_removed_at INTEGER,
    CHECK ((policyholder_id IS NULL) <> (staff_id IS NULL))
);
CREATE INDEX tus_uploads_by_state ON tus_uploads (state, expires_at);
CREATE INDEX tus_uploads_by_claim ON tus_uploads (claim_id) WHERE claim_id IS NOT NULL;

-- The stored pieces of an upload, one per PATCH that persisted bytes; contiguous from 0.
CREATE TABLE tus_parts (
    upload_id    TEXT    NOT NULL REFERENCES tus_uploads (id) ON DELETE CASCADE,
    start        INTEGER NOT NULL,
    length       INTEGER NOT NULL CHECK (length > 0),
    object_path  TEXT    NOT NULL,
    PRIMARY KEY (upload_id, start)
);
