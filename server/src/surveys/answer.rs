//! Answering an invitation, logged in or through its link: the form, the draft saved as the
//! person goes, and the one submission that makes it answered.

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use portal_core::api::ErrorCode;
use portal_core::survey::{
    AnsweredVia, Answers, InvitationStatus, SavedAnswers, SurveyDefinition, SurveyForm,
    SurveyInvitation, check_draft, check_submit,
};

use super::link;
use super::problem::{SurveyError, SurveyResult, answer_fields};
use crate::db::surveys::{self, Invitation, Satisfaction};
use crate::state::AppState;

/// How the caller reached the invitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Its owner, logged in.
    Owner,
    /// Anyone holding the signed link: only the case number and kind, never the answers given.
    Link,
    /// Staff.
    Staff,
}

/// The invitation with this id if it is the policyholder's; 404 `not_found` otherwise.
pub async fn for_holder(app: &AppState, policyholder_id: i64, id: i64) -> SurveyResult<Invitation> {
    match surveys::find(&app.db, id).await? {
        Some(invitation) if invitation.policyholder_id == policyholder_id => Ok(invitation),
        _ => Err(SurveyError::not_found()),
    }
}

/// The invitation a link names, if the link is signed by us and is its current version;
/// 404 `survey_link_invalid` otherwise.
pub async fn for_link(app: &AppState, token: &str) -> SurveyResult<Invitation> {
    let (id, version) =
        link::verify(&app.surveys.link_key, token).ok_or_else(SurveyError::link_invalid)?;
    match surveys::find(&app.db, id).await? {
        Some(invitation) if invitation.token_version == version => Ok(invitation),
        _ => Err(SurveyError::link_invalid()),
    }
}

/// The survey the invitation was sent with (or, should the configuration have dropped it, the
/// one now configured for how the case ended).
pub fn definition<'a>(
    app: &'a AppState,
    invitation: &Invitation,
) -> SurveyResult<&'a SurveyDefinition> {
    let config = &app.surveys.config;
    config
        .survey(&invitation.survey)
        .or_else(|| config.for_outcome(invitation.case_kind, invitation.outcome))
        .ok_or_else(|| {
            crate::error::ApiError::Internal(format!(
                "survey {:?} of invitation {} is not configured",
                invitation.survey, invitation.id
            ))
            .into()
        })
}

/// The list entry of an invitation.
pub fn summary(invitation: &Invitation, now: i64) -> SurveyInvitation {
    SurveyInvitation {
        id: invitation.id,
        case_kind: invitation.case_kind,
        case_id: invitation.case_id,
        case_number: invitation.case_number.clone(),
        outcome: invitation.outcome,
        status: invitation.status_at(now),
        sent_at: invitation.sent(),
        expires_at: invitation.expires(),
        answered_at: invitation.answered(),
    }
}

/// The survey to answer, or as answered. Through a link: no case id, and an answered survey
/// shows no answers.
pub fn form(
    app: &AppState,
    invitation: &Invitation,
    access: Access,
    now: i64,
) -> SurveyResult<SurveyForm> {
    let status = invitation.status_at(now);
    let answers = match (status, access) {
        (InvitationStatus::Answered, Access::Link) => Answers::new(),
        (InvitationStatus::Answered, _) => invitation.answers.clone(),
        _ => invitation.draft.clone(),
    };
    Ok(SurveyForm {
        invitation_id: invitation.id,
        case_kind: invitation.case_kind,
        case_number: invitation.case_number.clone(),
        case_id: (access != Access::Link).then_some(invitation.case_id),
        status,
        expires_at: invitation.expires(),
        answered_at: invitation.answered(),
        answered_via: invitation.answered_via,
        ask_nps: invitation.ask_nps,
        survey: definition(app, invitation)?.clone(),
        answers,
    })
}

/// Refuses answers to an invitation that takes none at `now`.
fn open(invitation: &Invitation, now: i64) -> SurveyResult<()> {
    match invitation.status_at(now) {
        InvitationStatus::Open => Ok(()),
        closed => Err(SurveyError::closed(closed)),
    }
}

/// Why a guarded write found the invitation no longer open: read again and say so.
pub async fn lost(app: &AppState, id: i64, now: i64) -> SurveyError {
    match surveys::find(&app.db, id).await {
        Ok(Some(invitation)) => SurveyError::closed(invitation.status_at(now)),
        Ok(None) => SurveyError::not_found(),
        Err(error) => error.into(),
    }
}

/// Saves the answers so far (a draft may be incomplete; each answer must fit its question).
pub async fn save_draft(
    app: &AppState,
    invitation: &Invitation,
    answers: &Answers,
    now: i64,
) -> SurveyResult<SavedAnswers> {
    open(invitation, now)?;
    let survey = definition(app, invitation)?;
    let kept = check_draft(survey, answers).map_err(|e| SurveyError::fields(answer_fields(&e)))?;
    if !surveys::save_draft(&app.db, invitation.id, &kept, now).await? {
        return Err(lost(app, invitation.id, now).await);
    }
    Ok(SavedAnswers {
        answers: kept,
        saved_at: DateTime::<Utc>::from_timestamp(now, 0).unwrap_or_default(),
    })
}

/// Submits the answers: every required question that is asked must be answered. Exactly one
/// of two racing submissions wins; the other is told the survey was answered.
pub async fn submit(
    app: &AppState,
    invitation: &Invitation,
    answers: &Answers,
    access: Access,
    now: i64,
) -> SurveyResult<SurveyForm> {
    open(invitation, now)?;
    let survey = definition(app, invitation)?;
    let completed = check_submit(survey, answers, invitation.ask_nps)
        .map_err(|e| SurveyError::fields(answer_fields(&e)))?;
    let via = match access {
        Access::Link => AnsweredVia::Link,
        Access::Owner => AnsweredVia::Portal,
        Access::Staff => {
            return Err(SurveyError::status(
                StatusCode::FORBIDDEN,
                ErrorCode::Forbidden,
            ));
        }
    };
    let result = Satisfaction {
        answers: &completed.answers,
        rating: completed.rating,
        nps: completed.nps,
        via,
        at: now,
    };
    let mut tx = app.db.begin().await?;
    if !surveys::answer(&mut tx, invitation.id, result, now).await? {
        drop(tx);
        return Err(lost(app, invitation.id, now).await);
    }
    tx.commit().await?;
    let answered = surveys::find(&app.db, invitation.id)
        .await?
        .ok_or_else(SurveyError::not_found)?;
    form(app, &answered, access, now)
}
