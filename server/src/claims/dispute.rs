//! "I disagree" on a decided claim opens a complaint of category `claim_dispute`, prefilled from
//! the claim (portal-core's `dispute_complaint`), filed the way an online complaint is: parsed by
//! `ComplaintFiling::parse`, written with its `Registered` event and notice, in the transaction
//! of the claim's `Disputed` step.

use chrono::{DateTime, Utc};
use portal_core::Lang;
use portal_core::claim::{ClaimState, DisputedClaim, dispute_complaint};
use portal_core::complaint::{
    Change, ComplaintFiling, ComplaintState, Event, PersonInput, Role, china_date,
};

use super::{ClaimError, ClaimResult};
use crate::db::claims::ClaimRow;
use crate::db::complaints::{ComplaintRow, NewComplaintRow};
use crate::db::{self, notices::NoticeCase};
use crate::state::AppState;

/// The complaint's filing for a dispute, checked before the transaction opens.
pub async fn filing(
    app: &AppState,
    row: &ClaimRow,
    state: &ClaimState,
    reason: &str,
    lang: Lang,
) -> ClaimResult<ComplaintFiling> {
    let identity = db::complaints::identity(&app.db, row.policyholder_id)
        .await?
        .ok_or_else(ClaimError::not_found)?;
    let decision = state.decision.as_ref().ok_or_else(ClaimError::not_found)?;
    let consumer = PersonInput {
        name: identity.name,
        id_type: identity.id_type,
        id_number: identity.id_number.unwrap_or_default(),
        phone: identity.phone,
    };
    let claim = DisputedClaim {
        claim_number: &row.claim_number,
        policy_id: row.report.policy_id,
        decision,
        reason,
    };
    ComplaintFiling::parse(&dispute_complaint(claim, consumer, lang))
        .map_err(|errors| ClaimError::filing(&errors))
}

/// Files the complaint in the claim's transaction; returns its id.
pub async fn file(
    tx: &mut sqlx::SqliteConnection,
    routing: &crate::notify::Routing,
    policyholder_id: i64,
    filing: &ComplaintFiling,
    at: DateTime<Utc>,
    stamp: i64,
) -> sqlx::Result<i64> {
    let event = Event {
        at,
        by: Role::Complainant,
        change: Change::Registered {
            channel: filing.channel,
            urgent: filing.urgent,
        },
    };
    let state = ComplaintState::registered(at, filing.channel, filing.urgent);
    let case_number = db::cases::next_number::<ComplaintRow>(&mut *tx, china_date(at)).await?;
    let id = db::complaints::insert(
        &mut *tx,
        &NewComplaintRow {
            case_number: &case_number,
            policyholder_id: Some(policyholder_id),
            registered_by_staff: None,
            filing,
            state: &state,
        },
        stamp,
    )
    .await?;
    db::cases::append_events::<ComplaintRow>(&mut *tx, id, std::slice::from_ref(&event), None)
        .await?;
    let notice_case = NoticeCase {
        policyholder_id,
        case_kind: "complaint",
        case_id: id,
        case_number: &case_number,
    };
    db::notices::insert(&mut *tx, routing, notice_case, &event, stamp).await?;
    Ok(id)
}
