//! Reading a complaint for a caller: who may see it, its clock as of today, and the API's views.

use chrono::{DateTime, NaiveDate, Utc};
use portal_core::calendar::WorkingCalendar;
use portal_core::complaint::{
    ComplaintClock, ComplaintDetail, ComplaintState, ComplaintSummary, Ctx, Event, FiledBy,
    NextDeadline, china_date, machine::allowed_actions, machine::replay,
};

use super::{Caller, CaseError, CaseResult};
use crate::db::{self, complaints::ComplaintRow};
use crate::state::AppState;

/// Now, to the second (the database keeps seconds).
pub fn now() -> DateTime<Utc> {
    db::complaints::instant(db::now())
}

/// Today in China: the day deadlines are counted against.
pub fn today() -> NaiveDate {
    china_date(now())
}

/// The complaint's clock as of today.
pub fn clock(app: &AppState, state: &ComplaintState) -> ComplaintClock {
    ComplaintClock::of(
        state,
        &app.complaints.rules,
        WorkingCalendar::official(),
        today(),
    )
}

/// Whether the caller may see the complaint: its account holder, or any staff member.
pub fn visible_to(row: &ComplaintRow, caller: Caller) -> bool {
    match caller {
        Caller::Policyholder(id) => row.policyholder_id == Some(id),
        Caller::Staff(..) => true,
    }
}

/// The complaint if the caller may see it; 404 otherwise (someone else's looks missing).
pub async fn load_visible(app: &AppState, caller: Caller, id: i64) -> CaseResult<ComplaintRow> {
    match db::cases::find::<ComplaintRow>(&app.db, id).await? {
        Some(row) if visible_to(&row, caller) => Ok(row),
        _ => Err(CaseError::not_found()),
    }
}

/// One line of a list.
pub fn summary(row: &ComplaintRow, next_deadline: Option<NextDeadline>) -> ComplaintSummary {
    ComplaintSummary {
        id: row.id,
        case_number: row.case_number.clone(),
        status: row.state.status,
        category: row.filing.category,
        channel: row.filing.channel,
        consumer_name: row.filing.consumer.name.clone(),
        received_at: row.state.received_at,
        urgent: row.state.urgent,
        next_deadline,
    }
}

/// Every upload a complaint refers to: filed with it, proofs, and supplied materials.
fn upload_ids(row: &ComplaintRow, state: &ComplaintState) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    match &row.filing.filed_by {
        FiledBy::Agent {
            power_of_attorney, ..
        } => ids.push(power_of_attorney.clone()),
        FiledBy::Heir {
            succession_proof, ..
        } => ids.push(succession_proof.clone()),
        _ => {}
    }
    ids.extend(row.filing.attachments.iter().cloned());
    if let Some(materials) = &state.materials {
        for item in &materials.items {
            ids.extend(item.attachments.iter().cloned());
        }
    }
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(id.clone()));
    ids
}

/// The case page for a caller.
pub async fn detail(
    app: &AppState,
    row: ComplaintRow,
    caller: Caller,
) -> CaseResult<ComplaintDetail> {
    let timeline: Vec<Event> = db::cases::events::<ComplaintRow>(&app.db, row.id).await?;
    let state = replay(&timeline).unwrap_or_else(|| row.state.clone());
    let clock = clock(app, &state);
    let ctx = Ctx {
        role: caller.role(),
        now: now(),
        rules: &app.complaints.rules,
        calendar: WorkingCalendar::official(),
    };
    let attachments = db::uploads::find_many(&app.db, &upload_ids(&row, &state))
        .await?
        .iter()
        .map(db::uploads::UploadRow::attachment)
        .collect();
    let policy_number = match row.filing.policy_id {
        Some(id) => db::complaints::policy_number(&app.db, id).await?,
        None => None,
    };
    let filing = &row.filing;
    let (acting_person_name, representative_names) = match &filing.filed_by {
        FiledBy::Consumer => (None, Vec::new()),
        FiledBy::Agent { agent: p, .. }
        | FiledBy::Heir { heir: p, .. }
        | FiledBy::LegalRepresentative { representative: p } => (Some(p.name.clone()), Vec::new()),
        FiledBy::Group { representatives } => (
            None,
            representatives.iter().map(|p| p.name.clone()).collect(),
        ),
    };
    Ok(ComplaintDetail {
        id: row.id,
        case_number: row.case_number.clone(),
        status: state.status,
        received_at: state.received_at,
        channel: filing.channel,
        filed_as: filing.filed_by.relationship(),
        consumer_name: filing.consumer.name.clone(),
        acting_person_name,
        representative_names,
        policy_number,
        about: filing.about.clone(),
        category: filing.category,
        request: filing.request.clone(),
        facts: filing.facts.clone(),
        preferred_contact: filing.preferred_contact,
        urgent: state.urgent,
        attachments,
        next_deadline: clock.next_deadline(today()),
        deadlines: clock.deadlines,
        materials: state.materials.clone(),
        not_accepted: state.not_accepted.clone(),
        decision: state.decision.clone(),
        review_decision: state.review_decision.clone(),
        allowed_actions: allowed_actions(&state, &ctx),
        timeline,
    })
}
