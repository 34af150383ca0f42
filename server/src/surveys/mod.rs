//! Satisfaction surveys and return visits: the invitation written by the step that ends a case,
//! answers saved as the person goes, signed links, return visits, reminders and expiry.

pub mod answer;
pub mod invite;
pub mod link;
pub mod problem;
pub mod settings;
pub mod sweeper;
pub mod visits;

pub use problem::{SurveyError, SurveyResult};
pub use settings::SurveySettings;
pub use sweeper::{SweepReport, sweep, sweep_forever};

use portal_core::claim::machine::Change as ClaimChange;
use portal_core::complaint::machine::Change as ComplaintChange;
use portal_core::survey::{CaseKind, Outcome};

use crate::db::claims::ClaimRow;
use crate::db::complaints::ComplaintRow;
use crate::state::AppState;
use invite::CaseRef;

/// Called in the transaction of every complaint step, after its events are stored: writes the
/// survey invitation (and its inbox notice) when the step ended the case, and cancels an open
/// invitation when the step reopened it (a review request).
pub async fn after_complaint_step(
    tx: &mut sqlx::SqliteConnection,
    app: &AppState,
    row: &ComplaintRow,
    events: &[portal_core::complaint::Event],
    now: i64,
) -> sqlx::Result<()> {
    let Some(policyholder_id) = row.policyholder_id else {
        return Ok(());
    };
    let case = CaseRef {
        kind: CaseKind::Complaint,
        id: row.id,
        number: &row.case_number,
        policyholder_id,
    };
    for event in events {
        let outcome = match &event.change {
            ComplaintChange::Closed => Outcome::Decided,
            ComplaintChange::NotAccepted { .. } => Outcome::NotAccepted,
            ComplaintChange::Withdrawn { .. } => Outcome::Withdrawn,
            ComplaintChange::ReviewRequested { .. } => {
                invite::cancel(tx, case, now).await?;
                continue;
            }
            _ => continue,
        };
        invite::invite(tx, app, case, outcome, now).await?;
    }
    Ok(())
}

/// Called in the transaction of every claim step, after its events are stored: writes the
/// survey invitation (and its inbox notice) when the claim was paid, refused or withdrawn.
pub async fn after_claim_step(
    tx: &mut sqlx::SqliteConnection,
    app: &AppState,
    row: &ClaimRow,
    events: &[portal_core::claim::Event],
    now: i64,
) -> sqlx::Result<()> {
    let case = CaseRef {
        kind: CaseKind::Claim,
        id: row.id,
        number: &row.claim_number,
        policyholder_id: row.policyholder_id,
    };
    for event in events {
        let outcome = match &event.change {
            // The final payment; an advance payment is `AdvancePaid` and ends nothing.
            ClaimChange::Paid { .. } => Outcome::Paid,
            // A refusal ends the claim when its notice goes out.
            ClaimChange::RefusalNotified { .. } => Outcome::Refused,
            ClaimChange::Withdrawn { .. } => Outcome::Withdrawn,
            _ => continue,
        };
        invite::invite(tx, app, case, outcome, now).await?;
    }
    Ok(())
}
