//! Taking a step on a complaint: the state machine decides; the new events, the state snapshot
//! and the complainant's notices are written in one transaction, guarded by the version read.

use axum::http::StatusCode;
use portal_core::api::ErrorCode;
use portal_core::calendar::WorkingCalendar;
use portal_core::complaint::{Command, Ctx, machine::apply, machine::decide, machine::replay};

use super::{Caller, CaseError, CaseResult, case};
use crate::db::{self, complaints::ComplaintRow, notices::NoticeCase, uploads::Uploader};
use crate::state::AppState;

/// The uploader a caller's files are stored under.
pub fn uploader(caller: Caller) -> Uploader {
    match caller {
        Caller::Policyholder(id) => Uploader::Policyholder(id),
        Caller::Staff(id, _) => Uploader::Staff(id),
    }
}

/// Runs `command` on the complaint as `caller`; returns the complaint as it now stands.
pub async fn act(
    app: &AppState,
    caller: Caller,
    row: ComplaintRow,
    command: Command,
) -> CaseResult<ComplaintRow> {
    if let Command::SupplyMaterial { attachments, .. } = &command
        && !db::uploads::all_owned_by(&app.db, uploader(caller), attachments).await?
    {
        return Err(CaseError::field("attachments", ErrorCode::UploadUnknown));
    }
    let stored = db::cases::events::<ComplaintRow>(&app.db, row.id).await?;
    let state = replay(&stored).unwrap_or_else(|| row.state.clone());
    let ctx = Ctx {
        role: caller.role(),
        now: case::now(),
        rules: &app.complaints.rules,
        calendar: WorkingCalendar::official(),
    };
    let events = decide(&state, command.clone(), &ctx)
        .map_err(|refusal| CaseError::refusal(&refusal, &command))?;
    let next = events.iter().fold(state, apply);
    let staff_id = match caller {
        Caller::Staff(id, _) => Some(id),
        Caller::Policyholder(_) => None,
    };
    let now = db::now();
    let mut tx = app.db.begin().await?;
    // The version check is the first statement: it takes the write lock and refuses a step
    // decided on a state that someone else has changed in the meantime.
    if !db::cases::save_state::<ComplaintRow>(&mut tx, row.id, row.version, &next, now).await? {
        return Err(CaseError::status(
            StatusCode::CONFLICT,
            ErrorCode::ConcurrentChange,
        ));
    }
    db::cases::append_events::<ComplaintRow>(&mut tx, row.id, &events, staff_id).await?;
    if let Some(holder) = row.policyholder_id {
        let notice_case = NoticeCase {
            policyholder_id: holder,
            case_kind: "complaint",
            case_id: row.id,
            case_number: &row.case_number,
        };
        for event in events
            .iter()
            .filter(|e| e.change.notifies_complainant(e.by))
        {
            db::notices::insert(&mut tx, &app.notify.routing, notice_case, event, now).await?;
        }
    }
    crate::kpi::after_complaint_step(&mut tx, app, &row, &next, &events, staff_id).await?;
    crate::surveys::after_complaint_step(&mut tx, app, &row, &events, now).await?;
    tx.commit().await?;
    app.notify.wake.notify_one();
    Ok(ComplaintRow {
        state: next,
        version: row.version + 1,
        ..row
    })
}
