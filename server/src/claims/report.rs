//! Reporting a claim (报案): the report is parsed (every field error at once), checked against
//! the caller's own policy and its period of cover, and written with its `Reported` event, the
//! automatic first feedback (`Accept` by the system, "案件受理成功"), the inbox notices and the
//! idempotency record, in one transaction.

use axum::http::HeaderMap;
use axum::response::Response;
use portal_core::api::ErrorCode;
use portal_core::claim::machine::{Change, execute};
use portal_core::claim::{ClaimReceipt, ClaimReport, ClaimState, Command, Event, NewClaim, Role};
use portal_core::complaint::{FilingError, china_date};

use super::{ClaimError, ClaimResult, view};
use crate::complaints::Caller;
use crate::complaints::register::{self, Retry};
use crate::db::{self, claims::ClaimRow, notices::NoticeCase};
use crate::state::AppState;

/// The `case_kind` of claim notices.
const NOTICE_KIND: &str = "claim";

/// Writes the policyholder's inbox notices of a claim's new events (those that tell them
/// something), in the transaction of the step.
pub async fn notify(
    tx: &mut sqlx::SqliteConnection,
    routing: &crate::notify::Routing,
    policyholder_id: i64,
    claim_id: i64,
    claim_number: &str,
    events: &[Event],
    stamp: i64,
) -> sqlx::Result<()> {
    let case = NoticeCase {
        policyholder_id,
        case_kind: NOTICE_KIND,
        case_id: claim_id,
        case_number: claim_number,
    };
    for event in events
        .iter()
        .filter(|e| e.change.notifies_policyholder(e.by))
    {
        db::notices::insert(tx, routing, case, event, stamp).await?;
    }
    Ok(())
}

/// Reports a claim for a policyholder; answers 201 with the receipt (or a retry's earlier one).
pub async fn report(
    app: &AppState,
    holder: i64,
    headers: &HeaderMap,
    input: NewClaim,
) -> ClaimResult<Response> {
    let caller = Caller::Policyholder(holder);
    let idempotent = match register::retry_of(app, caller, headers, "POST /claims", &input).await? {
        Retry::Answered(answer) => return Ok(answer),
        Retry::New(idempotent) => idempotent,
    };
    let policy = match input.policy_id {
        Some(id) => db::policies::get_for_holder(&app.db, holder, id).await?,
        None => None,
    };
    let parsed = ClaimReport::parse(&input);
    let mut errors = parsed.as_ref().err().cloned().unwrap_or_default();
    if input.policy_id.is_some() && policy.is_none() {
        errors.insert(
            0,
            FilingError {
                field: "policy_id".into(),
                code: ErrorCode::PolicyUnknown,
            },
        );
    }
    let (report, policy) = match (parsed, policy) {
        (Ok(report), Some(policy)) => (report, policy),
        _ => return Err(ClaimError::filing(&errors)),
    };
    let now = view::now();
    report
        .check_incident(now, policy.starts_on, policy.ends_on)
        .map_err(|e| ClaimError::filing(&[e]))?;
    let checklist = app.claims.checklists.for_kind(report.kind).clone();
    let reported = Event {
        at: now,
        by: Role::Policyholder,
        change: Change::Reported {
            kind: report.kind,
            fast_lane: report.fast_lane,
        },
    };
    let mut state = ClaimState::reported(now, report.kind, report.fast_lane);
    let mut events = vec![reported];
    // The first feedback is automatic whenever the machine allows it at once.
    let ctx = view::ctx(app, Role::System, now, &checklist);
    if let Ok((next, accepted)) = execute(&state, Command::Accept, &ctx) {
        state = next;
        events.extend(accepted);
    }
    let stamp = db::now();
    let mut tx = app.db.begin().await?;
    // The first statement writes, so the transaction holds the write lock from the start.
    let claim_number = db::cases::next_number::<ClaimRow>(&mut tx, china_date(now)).await?;
    let id = db::claims::insert(
        &mut tx,
        &db::claims::NewClaimRow {
            claim_number: &claim_number,
            policyholder_id: holder,
            report: &report,
            checklist: &checklist,
            state: &state,
        },
        stamp,
    )
    .await?;
    db::cases::append_events::<ClaimRow>(&mut tx, id, &events, None).await?;
    notify(
        &mut tx,
        &app.notify.routing,
        holder,
        id,
        &claim_number,
        &events,
        stamp,
    )
    .await?;
    let receipt = ClaimReceipt {
        id,
        claim_number,
        reported_at: now,
        kind: report.kind,
        policy_number: policy.number,
        fast_lane: state.fast_lane,
        deadlines: view::clock(app, &state).deadlines,
        checklist: state.progress(&checklist),
    };
    Ok(register::commit_created(app, tx, caller, idempotent.as_ref(), &receipt, stamp).await?)
}
