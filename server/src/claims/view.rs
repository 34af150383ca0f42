//! Reading a claim for a caller: who may see it, its clock as of now, and the API's views.

use chrono::{DateTime, Utc};
use portal_core::calendar::WorkingCalendar;
use portal_core::claim::machine::{allowed_actions, replay};
use portal_core::claim::{
    Checklist, ClaimClock, ClaimDetail, ClaimState, ClaimSummary, Ctx, DisputeComplaint, Event,
    NextDeadline, Role,
};

use super::{ClaimError, ClaimResult, role};
use crate::complaints::Caller;
use crate::db::{self, claims::ClaimRow, complaints::ComplaintRow};
use crate::state::AppState;

/// Now, to the millisecond: the events keep their instants in JSON, and a document uploaded in
/// the same second as a rejection must still count as uploaded after it.
pub fn now() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now)
}

/// The claim's clock.
pub fn clock(app: &AppState, state: &ClaimState) -> ClaimClock {
    ClaimClock::of(state, &app.claims.rules, WorkingCalendar::official())
}

/// What the state machine decides a role's steps on a claim by, as of `now`.
pub fn ctx<'a>(
    app: &'a AppState,
    role: Role,
    now: DateTime<Utc>,
    checklist: &'a Checklist,
) -> Ctx<'a> {
    Ctx {
        role,
        now,
        rules: &app.claims.rules,
        calendar: WorkingCalendar::official(),
        checklist,
    }
}

/// Whether the caller may see the claim: its reporter, or any staff member.
pub fn visible_to(row: &ClaimRow, caller: Caller) -> bool {
    match caller {
        Caller::Policyholder(id) => row.policyholder_id == id,
        Caller::Staff(..) => true,
    }
}

/// The claim if the caller may see it; 404 otherwise (someone else's looks missing).
pub async fn load_visible(app: &AppState, caller: Caller, id: i64) -> ClaimResult<ClaimRow> {
    match db::cases::find::<ClaimRow>(&app.db, id).await? {
        Some(row) if visible_to(&row, caller) => Ok(row),
        _ => Err(ClaimError::not_found()),
    }
}

/// The policy's number and insured person (empty if the policy is gone).
async fn policy_names(app: &AppState, row: &ClaimRow) -> ClaimResult<(String, String)> {
    Ok(db::claims::policy_names(&app.db, row.report.policy_id)
        .await?
        .unwrap_or_default())
}

/// The lines of a list, each with the deadline that matters to the reader (`next_deadline` of
/// the claim's clock); the policies are named in one query for the whole list.
pub async fn summaries(
    app: &AppState,
    rows: &[ClaimRow],
    next_deadline: impl Fn(&ClaimClock) -> Option<NextDeadline>,
) -> ClaimResult<Vec<ClaimSummary>> {
    let policy_ids: Vec<i64> = rows.iter().map(|row| row.report.policy_id).collect();
    let names = db::claims::policy_names_by_id(&app.db, &policy_ids).await?;
    Ok(rows
        .iter()
        .map(|row| {
            let (policy_number, insured_name) = names
                .get(&row.report.policy_id)
                .cloned()
                .unwrap_or_default();
            summary(
                row,
                policy_number,
                insured_name,
                next_deadline(&clock(app, &row.state)),
            )
        })
        .collect())
}

/// One line of a list.
fn summary(
    row: &ClaimRow,
    policy_number: String,
    insured_name: String,
    next_deadline: Option<NextDeadline>,
) -> ClaimSummary {
    ClaimSummary {
        id: row.id,
        claim_number: row.claim_number.clone(),
        status: row.state.status,
        kind: row.state.kind,
        policy_number,
        insured_name,
        reported_at: row.state.reported_at,
        incident_date: row.report.incident_date,
        fast_lane: row.state.fast_lane,
        documents_outstanding: u32::try_from(row.state.outstanding(&row.checklist).len())
            .unwrap_or(u32::MAX),
        next_deadline,
    }
}

/// The claim page for a caller.
pub async fn detail(app: &AppState, row: ClaimRow, caller: Caller) -> ClaimResult<ClaimDetail> {
    let timeline = db::cases::events::<ClaimRow>(&app.db, row.id).await?;
    detail_with(app, row, timeline, caller).await
}

/// The claim page for a caller, from the claim's timeline as already read.
pub async fn detail_with(
    app: &AppState,
    row: ClaimRow,
    timeline: Vec<Event>,
    caller: Caller,
) -> ClaimResult<ClaimDetail> {
    let state = replay(&timeline).unwrap_or_else(|| row.state.clone());
    let now = now();
    let clock = clock(app, &state);
    let ctx = ctx(app, role(caller), now, &row.checklist);
    let dispute_complaint = match row.dispute_complaint_id {
        Some(id) => db::cases::find::<ComplaintRow>(&app.db, id)
            .await?
            .map(|c| DisputeComplaint {
                id: c.id,
                case_number: c.case_number,
            }),
        None => None,
    };
    let (policy_number, insured_name) = policy_names(app, &row).await?;
    let report = &row.report;
    Ok(ClaimDetail {
        id: row.id,
        claim_number: row.claim_number.clone(),
        status: state.status,
        kind: state.kind,
        policy_number,
        insured_name,
        reported_at: state.reported_at,
        incident_date: report.incident_date,
        incident_time: report.incident_time,
        place: report.place.clone(),
        description: report.description.clone(),
        contact_phone: report.contact_phone.as_str().to_owned(),
        fast_lane: state.fast_lane,
        complexity: state.complexity,
        checklist: state.progress(&row.checklist),
        requests: state.requests.clone(),
        investigation: state.investigation.clone(),
        assessment: state.assessment.clone(),
        advances: state.advances.clone(),
        decision: state.decision.clone(),
        payment: state.payment.clone(),
        dispute: state.dispute.clone(),
        dispute_complaint,
        next_deadline: match caller {
            Caller::Policyholder(_) => clock.next_deadline(now),
            Caller::Staff(..) => clock.next_company_deadline(now),
        },
        deadlines: clock.deadlines,
        allowed_actions: allowed_actions(&state, &ctx),
        timeline,
    })
}
