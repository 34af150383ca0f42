-- The KPI breakdowns of survey figures (issue 8) without a join per answer: each invitation
-- carries its case's channel (claims come in online) and handler, kept by triggers: filled when
-- the invitation is written, and again whenever the case's handler changes.
ALTER TABLE survey_invitations ADD COLUMN kpi_channel TEXT;
ALTER TABLE survey_invitations ADD COLUMN kpi_handler_id INTEGER;

UPDATE survey_invitations SET
    kpi_channel = CASE case_kind
        WHEN 'complaint' THEN (SELECT c.channel FROM complaints c WHERE c.id = case_id)
        ELSE 'online' END,
    kpi_handler_id = CASE case_kind
        WHEN 'complaint' THEN (SELECT c.handler_id FROM complaints c WHERE c.id = case_id)
        ELSE (SELECT l.handler_id FROM claims l WHERE l.id = case_id) END;

CREATE TRIGGER survey_invitations_kpi_case AFTER INSERT ON survey_invitations
BEGIN
    UPDATE survey_invitations SET
        kpi_channel = CASE NEW.case_kind
            WHEN 'complaint' THEN (SELECT c.channel FROM complaints c WHERE c.id = NEW.case_id)
            ELSE 'online' END,
        kpi_handler_id = CASE NEW.case_kind
            WHEN 'complaint' THEN (SELECT c.handler_id FROM complaints c WHERE c.id = NEW.case_id)
            ELSE (SELECT l.handler_id FROM claims l WHERE l.id = NEW.case_id) END
    WHERE id = NEW.id;
END;

CREATE TRIGGER complaints_kpi_handler AFTER UPDATE OF handler_id ON complaints
WHEN NEW.handler_id IS NOT OLD.handler_id
BEGIN
    UPDATE survey_invitations SET kpi_handler_id = NEW.handler_id
    WHERE case_kind = 'complaint' AND case_id = NEW.id;
END;

CREATE TRIGGER claims_kpi_handler AFTER UPDATE OF handler_id ON claims
WHEN NEW.handler_id IS NOT OLD.handler_id
BEGIN
    UPDATE survey_invitations SET kpi_handler_id = NEW.handler_id
    WHERE case_kind = 'claim' AND case_id = NEW.id;
END;

-- The survey figures read only these indexes.
DROP INDEX survey_invitations_kpi_answered;
CREATE INDEX survey_invitations_kpi_answered
    ON survey_invitations (answered_at, case_kind, kpi_channel, kpi_handler_id, rating, nps)
    WHERE answered_at IS NOT NULL;
DROP INDEX survey_invitations_kpi_sent;
CREATE INDEX survey_invitations_kpi_sent
    ON survey_invitations (sent_at, case_kind, kpi_channel, kpi_handler_id, status);
-- A handler's claims paid in a period, for the handling time's 90th percentile.
CREATE INDEX claims_by_handler_paid ON claims (handler_id, paid_at, reported_at)
    WHERE paid_at IS NOT NULL;
