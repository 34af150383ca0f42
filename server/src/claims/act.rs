//! Taking a step on a claim: the state machine decides; the new events, the state snapshot, the
//! claim's document list, the policyholder's notices (and, for a dispute, the complaint it opens)
//! are written in one transaction, guarded by the version read.

use axum::http::StatusCode;
use portal_core::Lang;
use portal_core::api::ErrorCode;
use portal_core::claim::machine::{Change, execute, replay};
use portal_core::claim::{Command, Event};

use super::{ClaimError, ClaimResult, dispute, documents, report, role, view};
use crate::complaints::Caller;
use crate::db::{self, claims::ClaimRow};
use crate::state::AppState;

/// Runs `command` on the claim as `caller`; returns the claim as it now stands and its whole
/// timeline (what was read and what was added, so the claim page need not read it again).
pub async fn act(
    app: &AppState,
    caller: Caller,
    row: ClaimRow,
    command: Command,
    lang: Lang,
) -> ClaimResult<(ClaimRow, Vec<Event>)> {
    let mut stored = db::cases::events::<ClaimRow>(&app.db, row.id).await?;
    let state = replay(&stored).unwrap_or_else(|| row.state.clone());
    // What a document is comes from the stored upload, never from the request.
    let command = match command {
        Command::UploadDocument { document } => Command::UploadDocument {
            document: documents::new_document(
                app,
                caller,
                &row.checklist,
                &state,
                &document.id,
                &document.slot,
            )
            .await?,
        },
        other => other,
    };
    let now = view::now();
    let ctx = view::ctx(app, role(caller), now, &row.checklist);
    let (next, events) =
        execute(&state, command.clone(), &ctx).map_err(|r| ClaimError::refusal(&r, &command))?;
    let dispute_filing = match &command {
        Command::Dispute { reason } => Some(dispute::filing(app, &row, &next, reason, lang).await?),
        _ => None,
    };
    let staff_id = match caller {
        Caller::Staff(id, _) => Some(id),
        Caller::Policyholder(_) => None,
    };
    let stamp = db::now();
    let mut tx = app.db.begin().await?;
    // The version check is the first statement: it takes the write lock and refuses a step
    // decided on a state that someone else has changed in the meantime.
    if !db::cases::save_state::<ClaimRow>(&mut tx, row.id, row.version, &next, stamp).await? {
        return Err(ClaimError::status(
            StatusCode::CONFLICT,
            ErrorCode::ConcurrentChange,
        ));
    }
    db::cases::append_events::<ClaimRow>(&mut tx, row.id, &events, staff_id).await?;
    for event in &events {
        match &event.change {
            Change::DocumentUploaded { document } => {
                let added =
                    db::claims::add_document(&mut tx, row.id, &document.id, &document.slot, stamp)
                        .await?;
                if !added {
                    // The upload is already a document of another claim.
                    return Err(ClaimError::field("upload_id", ErrorCode::UploadUnknown));
                }
            }
            Change::DocumentRemoved { document_id } => {
                db::claims::remove_document(&mut tx, row.id, document_id).await?;
            }
            _ => {}
        }
    }
    report::notify(
        &mut tx,
        &app.notify.routing,
        row.policyholder_id,
        row.id,
        &row.claim_number,
        &events,
        stamp,
    )
    .await?;
    let mut dispute_complaint_id = row.dispute_complaint_id;
    if let Some(filing) = &dispute_filing {
        let id = dispute::file(
            &mut tx,
            &app.notify.routing,
            row.policyholder_id,
            filing,
            now,
            stamp,
        )
        .await?;
        db::claims::set_dispute_complaint(&mut tx, row.id, id).await?;
        dispute_complaint_id = Some(id);
    }
    crate::kpi::after_claim_step(&mut tx, app, &row, &next, &events, staff_id).await?;
    crate::surveys::after_claim_step(&mut tx, app, &row, &events, stamp).await?;
    tx.commit().await?;
    app.notify.wake.notify_one();
    stored.extend(events);
    let row = ClaimRow {
        state: next,
        version: row.version + 1,
        dispute_complaint_id,
        ..row
    };
    Ok((row, stored))
}
