-- Every request for a login code, known number or not, so that the per-address limit also stops
-- someone probing which numbers belong to policyholders.
CREATE TABLE otp_requests (
    id            INTEGER PRIMARY KEY,
    client_addr   TEXT    NOT NULL,
    requested_at  INTEGER NOT NULL
);
CREATE INDEX otp_requests_by_addr ON otp_requests (client_addr, requested_at);
