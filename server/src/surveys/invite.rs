//! Sending an invitation (and its inbox notice) in the transaction of the step that ended a case;
//! cancelling it when the case reopens, and sending the same invitation again when it ends again.

use chrono::{DateTime, Utc};
use portal_core::survey::{
    CaseKind, InvitationStatus, Outcome, QuestionKind, SurveyDefinition, SurveyNotice,
};

use crate::db::notices::NoticeCase;
use crate::db::{self, surveys, surveys::NewInvitation};
use crate::state::AppState;

const DAY: i64 = 24 * 3600;

/// The case a survey is about, and whose.
#[derive(Debug, Clone, Copy)]
pub struct CaseRef<'a> {
    /// The kind of case.
    pub kind: CaseKind,
    /// Its id.
    pub id: i64,
    /// Its number.
    pub number: &'a str,
    /// The person invited.
    pub policyholder_id: i64,
}

impl<'a> CaseRef<'a> {
    fn notice_case(self) -> NoticeCase<'a> {
        NoticeCase {
            policyholder_id: self.policyholder_id,
            case_kind: self.kind.as_str(),
            case_id: self.id,
            case_number: self.number,
        }
    }
}

fn time(secs: i64) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(secs, 0).unwrap_or_default()
}

fn asks_nps(survey: &SurveyDefinition) -> bool {
    survey.questions.iter().any(|q| q.kind == QuestionKind::Nps)
}

/// Writes the inbox notice of an invitation (or of its one reminder).
pub async fn notify(
    tx: &mut sqlx::SqliteConnection,
    routing: &crate::notify::Routing,
    case: CaseRef<'_>,
    invitation_id: i64,
    expires_at: i64,
    reminder: bool,
    now: i64,
) -> sqlx::Result<()> {
    let notice = SurveyNotice {
        at: time(now),
        invitation_id,
        reminder,
        expires_at: time(expires_at),
    };
    db::notices::insert_survey(tx, routing, case.notice_case(), &notice, now).await?;
    Ok(())
}

/// Invites the person to the survey configured for how the case ended, if any: a new
/// invitation, or the cancelled one sent again (a new link version). An invitation that is open,
/// answered or expired is left as it is: one per case and person.
pub async fn invite(
    tx: &mut sqlx::SqliteConnection,
    app: &AppState,
    case: CaseRef<'_>,
    outcome: Outcome,
    now: i64,
) -> sqlx::Result<()> {
    let config = &app.surveys.config;
    let Some(survey) = config.for_outcome(case.kind, outcome) else {
        return Ok(());
    };
    let timing = config.timing;
    let nps_since = now - i64::from(timing.nps_every_days) * DAY;
    let expires_at = now + i64::from(timing.expiry_days) * DAY;
    let new = |ask_nps| NewInvitation {
        policyholder_id: case.policyholder_id,
        case_kind: case.kind,
        case_id: case.id,
        case_number: case.number,
        outcome,
        survey: &survey.key,
        ask_nps,
        sent_at: now,
        expires_at,
    };
    let existing = surveys::find_for_case(tx, case.kind, case.id, case.policyholder_id).await?;
    let id = match existing {
        None => {
            let ask_nps = asks_nps(survey)
                && !surveys::nps_asked_since(tx, case.policyholder_id, nps_since, None).await?;
            surveys::insert(tx, new(ask_nps)).await?
        }
        Some(old) if old.status == InvitationStatus::Cancelled => {
            // Asked before and not answered then: still this invitation's turn.
            let ask_nps = asks_nps(survey)
                && (old.ask_nps
                    || !surveys::nps_asked_since(
                        tx,
                        case.policyholder_id,
                        nps_since,
                        Some(old.id),
                    )
                    .await?);
            let keep_draft = old.survey == survey.key;
            if surveys::reopen(tx, old.id, new(ask_nps), keep_draft)
                .await?
                .is_none()
            {
                return Ok(());
            }
            old.id
        }
        Some(_) => return Ok(()),
    };
    notify(tx, &app.notify.routing, case, id, expires_at, false, now).await
}

/// Cancels the case's open invitation: it was reopened (a review request).
pub async fn cancel(
    tx: &mut sqlx::SqliteConnection,
    case: CaseRef<'_>,
    now: i64,
) -> sqlx::Result<()> {
    surveys::cancel_open(tx, case.kind, case.id, now).await?;
    Ok(())
}
