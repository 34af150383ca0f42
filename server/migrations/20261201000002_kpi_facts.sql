-- The facts the service KPIs are computed from (issue 8), written by the step that settles each
-- (server/src/kpi). Times are unix seconds (UTC).

-- A complaint: who handled it (the staff member who decided, or who took the step that ended it
-- without a decision), when it was first decided, and whether each deadline was met, as the
-- complaint clock computed it at the step that settled it (1 met, 0 missed, NULL not applicable
-- or not settled; the materials notice only when one was made).
ALTER TABLE complaints ADD COLUMN handler_id INTEGER REFERENCES staff (id);
ALTER TABLE complaints ADD COLUMN decided_at INTEGER;
ALTER TABLE complaints ADD COLUMN notice_met INTEGER;
ALTER TABLE complaints ADD COLUMN acceptance_met INTEGER;
ALTER TABLE complaints ADD COLUMN decision_met INTEGER;

-- A claim: who handled it (the staff member who decided, or who took the step that ended it
-- without a decision) and when the final payment was made.
ALTER TABLE claims ADD COLUMN handler_id INTEGER REFERENCES staff (id);
ALTER TABLE claims ADD COLUMN paid_at INTEGER;

-- The complaint rate (by the day received), the timeliness (by the day decided), the handling
-- time (by the day paid); each covers the columns its breakdowns read.
CREATE INDEX complaints_by_received ON complaints (received_at, channel);
CREATE INDEX complaints_by_decided ON complaints (decided_at, channel, handler_id, notice_met, acceptance_met, decision_met)
    WHERE decided_at IS NOT NULL;
CREATE INDEX claims_by_paid ON claims (paid_at, handler_id, reported_at) WHERE paid_at IS NOT NULL;
-- Policies in force during a period: their cover overlaps it.
CREATE INDEX policies_by_cover ON policies (starts_on, ends_on);
-- Survey answers and invitations with what the figures read, so no table row is visited.
CREATE INDEX survey_invitations_kpi_answered ON survey_invitations (answered_at, case_kind, case_id, rating, nps)
    WHERE answered_at IS NOT NULL;
CREATE INDEX survey_invitations_kpi_sent ON survey_invitations (sent_at, case_kind, case_id, status);
-- What a survey answer's breakdown reads of its case, without the case's JSON.
CREATE INDEX complaints_kpi ON complaints (id, channel, handler_id);
CREATE INDEX claims_kpi ON claims (id, handler_id);
