-- Satisfaction surveys and return visits (issue 8). Times are unix seconds (UTC).

-- What a notice is: a step of its case (`step`, the event is the case's event) or a survey
-- invitation or reminder (`survey`, the event is a SurveyNotice).
ALTER TABLE notices ADD COLUMN topic TEXT NOT NULL DEFAULT 'step' CHECK (topic IN ('step', 'survey'));

-- One invitation per case and person, written in the transaction of the step that ended the case.
-- `token_version` is part of every signed link: bumping it (a reopened case invited again)
-- kills the links sent before. `draft` holds the answers saved as the person goes; `answers`,
-- `rating` (1-5) and `nps` (0-10) the result, however it was collected (`answered_via`).
CREATE TABLE survey_invitations (
    id               INTEGER PRIMARY KEY,
    policyholder_id  INTEGER NOT NULL REFERENCES policyholders (id),
    case_kind        TEXT    NOT NULL CHECK (case_kind IN ('complaint', 'claim')),
    case_id          INTEGER NOT NULL,
    case_number      TEXT    NOT NULL,
    outcome          TEXT    NOT NULL,
    survey           TEXT    NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('open', 'answered', 'expired', 'cancelled')),
    token_version    INTEGER NOT NULL DEFAULT 1,
    ask_nps          INTEGER NOT NULL,
    draft            TEXT,
    sent_at          INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    reminded_at      INTEGER,
    cancelled_at     INTEGER,
    answered_at      INTEGER,
    answered_via     TEXT    CHECK (answered_via IN ('portal', 'link', 'phone', 'on_site', 'online')),
    answers          TEXT,
    rating           INTEGER CHECK (rating BETWEEN 1 AND 5),
    nps              INTEGER CHECK (nps BETWEEN 0 AND 10),
    UNIQUE (case_kind, case_id, policyholder_id),
    CHECK ((status = 'answered') = (answered_at IS NOT NULL AND rating IS NOT NULL))
);
CREATE INDEX survey_invitations_by_holder ON survey_invitations (policyholder_id, id);
-- The sweeper's reminders and expiries.
CREATE INDEX survey_invitations_open ON survey_invitations (status, sent_at);
-- The KPIs: by the month of sending and of answering.
CREATE INDEX survey_invitations_by_sent ON survey_invitations (sent_at);
CREATE INDEX survey_invitations_by_answered ON survey_invitations (answered_at) WHERE answered_at IS NOT NULL;
-- Whether a person was asked the recommendation question lately.
CREATE INDEX survey_invitations_nps ON survey_invitations (policyholder_id, sent_at) WHERE ask_nps = 1;

-- Return visits (回访) staff record against an invitation; one that reached the person with
-- answers is the invitation's result.
CREATE TABLE return_visits (
    id             INTEGER PRIMARY KEY,
    invitation_id  INTEGER NOT NULL REFERENCES survey_invitations (id),
    staff_id       INTEGER NOT NULL REFERENCES staff (id),
    method         TEXT    NOT NULL CHECK (method IN ('phone', 'on_site', 'online')),
    visited_at     INTEGER NOT NULL,
    reached        INTEGER NOT NULL,
    note           TEXT    NOT NULL,
    created_at     INTEGER NOT NULL
);
CREATE INDEX return_visits_by_invitation ON return_visits (invitation_id, id);
