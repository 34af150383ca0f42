-- Progress notices that leave the portal: a transactional outbox.
--
-- The transaction that writes a notice writes one `deliveries` row per channel it goes to (the
-- inbox always, `sent` at once; SMS, email and WeChat `queued` or `held`). The dispatcher sends
-- the due rows, each attempt with the row's id as the provider's client reference, and records
-- the outcome. A row in `sending` whose lease (`next_attempt_at`) ran out was being sent by a
-- dispatcher that died; it is sent again with the same reference.

CREATE TABLE deliveries (
    id               INTEGER PRIMARY KEY,
    -- The notice it sends; NULL for a message that is not a notice (an email confirmation).
    notice_id        INTEGER REFERENCES notices (id),
    policyholder_id  INTEGER NOT NULL REFERENCES policyholders (id),
    channel          TEXT    NOT NULL CHECK (channel IN ('inbox', 'sms', 'email', 'wechat')),
    -- What the message is: a notice, or the link that confirms an email address.
    purpose          TEXT    NOT NULL DEFAULT 'notice' CHECK (purpose IN ('notice', 'email_confirmation')),
    -- The phone number, email address or WeChat openid at the time it was written ('' for the inbox).
    recipient        TEXT    NOT NULL DEFAULT '',
    -- The reader's language at the time it was written ('zh-CN' or 'en').
    lang             TEXT    NOT NULL DEFAULT 'zh-CN',
    -- For purposes other than `notice`: what the message needs (JSON), e.g. the confirmation link.
    payload          TEXT,
    -- Sent even in quiet hours.
    urgent           INTEGER NOT NULL DEFAULT 0,
    state            TEXT    NOT NULL
        CHECK (state IN ('queued', 'held', 'sending', 'sent', 'delivered', 'failed', 'dead')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    -- queued/held: when it is due; sending: when the lease runs out.
    next_attempt_at  INTEGER,
    last_error       TEXT,
    -- The provider's id of the message (Alibaba BizId, Tencent SerialNo, SMTP message id, WeChat msgid).
    provider_ref     TEXT,
    sent_at          INTEGER,
    delivered_at     INTEGER,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX deliveries_by_notice ON deliveries (notice_id);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE state IN ('queued', 'held', 'sending');
CREATE INDEX deliveries_by_state ON deliveries (state, updated_at);
CREATE INDEX deliveries_by_provider_ref ON deliveries (channel, provider_ref) WHERE provider_ref IS NOT NULL;

INSERT INTO deliveries (notice_id, policyholder_id, channel, state, sent_at, created_at, updated_at)
SELECT d.notice_id, n.policyholder_id, d.channel, 'sent', d.sent_at, d.sent_at, d.sent_at
FROM notice_deliveries d JOIN notices n ON n.id = d.notice_id;

DROP TABLE notice_deliveries;

-- How a policyholder hears of their cases. No row: the defaults (text messages on, email and
-- WeChat off until an address is confirmed or an account linked).
CREATE TABLE notification_prefs (
    policyholder_id     INTEGER PRIMARY KEY REFERENCES policyholders (id),
    sms                 INTEGER NOT NULL DEFAULT 1,
    email               INTEGER NOT NULL DEFAULT 0,
    wechat              INTEGER NOT NULL DEFAULT 0,
    -- The language messages are written in (set from the person's Accept-Language).
    lang                TEXT    NOT NULL DEFAULT 'zh-CN',
    email_address       TEXT,
    email_confirmed_at  INTEGER,
    -- An address waiting for its confirmation link to be opened.
    email_pending       TEXT,
    email_pending_at    INTEGER,
    -- The WeChat official account's openid of the person (linked by the WeChat login issue).
    wechat_openid       TEXT,
    updated_at          INTEGER NOT NULL
);
