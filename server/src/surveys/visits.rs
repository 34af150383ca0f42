//! Return visits (回访) staff record against an invitation: one that reached the person with their
//! answers is the case's satisfaction result, however the invitation stood (open or expired);
//! one that did not reach them is kept and leaves the invitation as it was.

use portal_core::api::ErrorCode;
use portal_core::survey::{InvitationStatus, NewReturnVisit, ReturnVisit, check_submit};

use super::answer::{definition, lost};
use super::problem::{SurveyError, SurveyResult, answer_fields};
use crate::db::surveys::{self, Invitation, NewVisit, Satisfaction};
use crate::state::AppState;

/// The longest note, in characters.
pub const NOTE_MAX_CHARS: usize = 1000;
/// How far ahead of the server's clock a visit time may be (a staff member's clock runs fast).
const CLOCK_SKEW_SECS: i64 = 120;

/// Records a visit by `staff_id` against the invitation.
pub async fn record(
    app: &AppState,
    staff_id: i64,
    invitation: &Invitation,
    visit: &NewReturnVisit,
    now: i64,
) -> SurveyResult<ReturnVisit> {
    if let status @ (InvitationStatus::Answered | InvitationStatus::Cancelled) =
        invitation.status_at(now)
    {
        return Err(SurveyError::closed(status));
    }
    let survey = definition(app, invitation)?;
    let visited_at = visit.visited_at.timestamp();
    let mut fields = Vec::new();
    if visited_at > now + CLOCK_SKEW_SECS {
        fields.push(("visited_at".into(), ErrorCode::DateInFuture));
    } else if visited_at < invitation.sent_at {
        // A visit answers this invitation: it cannot come before the invitation was sent.
        fields.push(("visited_at".into(), ErrorCode::DateInvalid));
    }
    if visit.note.trim().chars().count() > NOTE_MAX_CHARS {
        fields.push(("note".into(), ErrorCode::TooLong));
    }
    let completed = if visit.reached {
        match check_submit(survey, &visit.answers, invitation.ask_nps) {
            Ok(completed) => Some(completed),
            Err(errors) => {
                fields.extend(answer_fields(&errors));
                None
            }
        }
    } else {
        if !visit.answers.is_empty() {
            // Answers need someone who gave them.
            fields.push(("answers".into(), ErrorCode::ValidationFailed));
        }
        None
    };
    if !fields.is_empty() {
        return Err(SurveyError::fields(fields));
    }
    let mut tx = app.db.begin().await?;
    if let Some(completed) = &completed {
        let result = Satisfaction {
            answers: &completed.answers,
            rating: completed.rating,
            nps: completed.nps,
            via: visit.method.answered_via(),
            at: visited_at.min(now),
        };
        if !surveys::answer(&mut tx, invitation.id, result, now).await? {
            drop(tx);
            return Err(lost(app, invitation.id, now).await);
        }
    }
    let new = NewVisit {
        invitation_id: invitation.id,
        staff_id,
        method: visit.method,
        visited_at,
        reached: visit.reached,
        note: visit.note.trim(),
    };
    let Some(id) = surveys::insert_visit(&mut tx, new, now).await? else {
        drop(tx);
        return Err(lost(app, invitation.id, now).await);
    };
    tx.commit().await?;
    surveys::visit(&app.db, id)
        .await?
        .ok_or_else(SurveyError::not_found)
}
