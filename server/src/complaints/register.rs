//! Registering a complaint (online by the complainant, or off-line by staff): checks against the
//! database, the idempotency key, and the one transaction that writes the complaint, its
//! `Registered` event (the first timeline entry) and the complainant's inbox notice.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use portal_core::api::{ErrorCode, IDEMPOTENCY_KEY};
use portal_core::complaint::{
    Change, ComplaintFiling, ComplaintReceipt, ComplaintState, Event, NewComplaint, Relationship,
    china_date,
};
use sha2::{Digest, Sha256};

use super::{Caller, CaseError, CaseResult, case};
use crate::db::complaints::ComplaintRow;
use crate::db::{self, idempotency::Answered, notices::NoticeCase, uploads::Uploader};
use crate::error::ApiError;
use crate::state::AppState;

/// The longest idempotency key accepted.
const KEY_MAX_LEN: usize = 255;

/// The `Idempotency-Key` header, if sent: 1 to 255 visible ASCII characters.
fn idempotency_key(headers: &HeaderMap) -> CaseResult<Option<String>> {
    let Some(value) = headers.get(IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|k| {
            !k.is_empty() && k.len() <= KEY_MAX_LEN && k.bytes().all(|b| b.is_ascii_graphic())
        })
        .ok_or_else(|| CaseError::field("idempotency_key", ErrorCode::ValidationFailed))?;
    Ok(Some(key.to_owned()))
}

/// The hash a retry must match: the route and the body as parsed (so spacing does not matter).
fn request_hash(route: &str, body: &impl serde::Serialize) -> Vec<u8> {
    let mut hasher = Sha256::new();
    hasher.update(route.as_bytes());
    hasher.update([0]);
    hasher.update(serde_json::to_vec(body).unwrap_or_default());
    hasher.finalize().to_vec()
}

/// A create request under an idempotency key.
#[derive(Debug, Clone)]
pub struct Idempotent {
    /// The key.
    pub key: String,
    /// The request's hash.
    pub hash: Vec<u8>,
}

/// The stored answer to a retry, or 422 `idempotency_key_reused` for a different body.
async fn earlier_answer(
    app: &AppState,
    caller: Caller,
    idempotent: Option<&Idempotent>,
) -> CaseResult<Option<Response>> {
    let Some(idem) = idempotent else {
        return Ok(None);
    };
    match db::idempotency::find(&app.db, &caller.key(), &idem.key).await? {
        None => Ok(None),
        Some(answered) if answered.request_hash == idem.hash => Ok(Some(json_response(
            StatusCode::from_u16(answered.status).unwrap_or(StatusCode::CREATED),
            answered.response,
        ))),
        Some(_) => Err(CaseError::status(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::IdempotencyKeyReused,
        )),
    }
}

/// Where a create request stands with its `Idempotency-Key`.
#[derive(Debug)]
pub enum Retry {
    /// A retry of a request already answered: its answer.
    Answered(Response),
    /// A request to carry out, with its key and hash if it sent a key.
    New(Option<Idempotent>),
}

/// Reads the `Idempotency-Key` of a create request on `route` and looks for an earlier answer
/// under it (422 `idempotency_key_reused` when the key came with another body).
pub async fn retry_of(
    app: &AppState,
    caller: Caller,
    headers: &HeaderMap,
    route: &str,
    input: &impl serde::Serialize,
) -> CaseResult<Retry> {
    let idempotent = idempotency_key(headers)?.map(|key| Idempotent {
        key,
        hash: request_hash(route, input),
    });
    Ok(
        match earlier_answer(app, caller, idempotent.as_ref()).await? {
            Some(answer) => Retry::Answered(answer),
            None => Retry::New(idempotent),
        },
    )
}

/// Commits a create's transaction and answers 201 with `receipt`, stored first under the
/// idempotency key if there is one. When a concurrent request with the same key stored its
/// answer first, nothing is committed and that answer is given.
pub async fn commit_created(
    app: &AppState,
    mut tx: sqlx::Transaction<'_, sqlx::Sqlite>,
    caller: Caller,
    idempotent: Option<&Idempotent>,
    receipt: &impl serde::Serialize,
    now: i64,
) -> CaseResult<Response> {
    let body = serde_json::to_string(receipt)
        .map_err(|e| CaseError::Api(ApiError::Internal(format!("receipt: {e}"))))?;
    if let Some(idem) = idempotent {
        let answered = Answered {
            request_hash: idem.hash.clone(),
            status: StatusCode::CREATED.as_u16(),
            response: body.clone(),
        };
        let stored =
            db::idempotency::insert(&mut tx, &caller.key(), &idem.key, &answered, now).await;
        if let Err(sqlx::Error::Database(error)) = &stored
            && error.is_unique_violation()
        {
            // A concurrent request with the same key won: answer what it answered.
            drop(tx);
            return earlier_answer(app, caller, Some(idem))
                .await?
                .ok_or_else(|| CaseError::Api(ApiError::Internal("idempotency race".into())));
        }
        stored?;
    }
    tx.commit().await?;
    app.notify.wake.notify_one();
    Ok(json_response(StatusCode::CREATED, body))
}

fn json_response(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// The field errors of upload ids in the request that are not the uploader's own files (checked
/// on the raw request, so that they come together with the filing's own errors).
pub async fn foreign_uploads(
    app: &AppState,
    uploader: Uploader,
    input: &NewComplaint,
) -> CaseResult<Vec<(String, ErrorCode)>> {
    let mut errors = Vec::new();
    let proof = match input.filed_as {
        Some(Relationship::Agent) => Some(("power_of_attorney", &input.power_of_attorney)),
        Some(Relationship::Heir) => Some(("succession_proof", &input.succession_proof)),
        _ => None,
    };
    if let Some((field, Some(id))) = proof {
        let id = id.trim().to_owned();
        if !id.is_empty() && !db::uploads::all_owned_by(&app.db, uploader, &[id]).await? {
            errors.push((field.to_owned(), ErrorCode::UploadUnknown));
        }
    }
    let ids: Vec<String> = input
        .attachments
        .iter()
        .map(|id| id.trim().to_owned())
        .filter(|id| !id.is_empty())
        .collect();
    if !db::uploads::all_owned_by(&app.db, uploader, &ids).await? {
        errors.push(("attachments".to_owned(), ErrorCode::UploadUnknown));
    }
    Ok(errors)
}

/// Parses the filing and adds the database's findings (uploads, policy) to its field errors, so
/// that every problem is reported at once.
pub fn parse_with(
    input: &NewComplaint,
    mut more: Vec<(String, ErrorCode)>,
) -> CaseResult<ComplaintFiling> {
    match ComplaintFiling::parse(input) {
        Ok(filing) if more.is_empty() => Ok(filing),
        Ok(_) => Err(CaseError::fields(more)),
        Err(errors) => {
            let mut fields: Vec<(String, ErrorCode)> =
                errors.iter().map(|e| (e.field.clone(), e.code)).collect();
            more.retain(|(field, _)| !fields.iter().any(|(f, _)| f == field));
            fields.append(&mut more);
            Err(CaseError::fields(fields))
        }
    }
}

/// A complaint ready to be written.
#[derive(Debug, Clone)]
pub struct Registration {
    /// Who registers it.
    pub caller: Caller,
    /// The key and hash, if the request carried a key.
    pub idempotent: Option<Idempotent>,
    /// The checked filing.
    pub filing: ComplaintFiling,
    /// The portal account that will see it.
    pub policyholder_id: Option<i64>,
    /// When it was received: the clock's start.
    pub received_at: DateTime<Utc>,
}

/// Writes the complaint, its first event and notice (and the idempotency record) in one
/// transaction; answers 201 with the receipt.
pub async fn register(app: &AppState, reg: Registration) -> CaseResult<Response> {
    let filing = &reg.filing;
    let event = Event {
        at: reg.received_at,
        by: reg.caller.role(),
        change: Change::Registered {
            channel: filing.channel,
            urgent: filing.urgent,
        },
    };
    let state = ComplaintState::registered(reg.received_at, filing.channel, filing.urgent);
    let staff_id = match reg.caller {
        Caller::Staff(id, _) => Some(id),
        Caller::Policyholder(_) => None,
    };
    let now = db::now();
    let mut tx = app.db.begin().await?;
    // The first statement writes, so the transaction holds the write lock from the start.
    let case_number =
        db::cases::next_number::<ComplaintRow>(&mut tx, china_date(reg.received_at)).await?;
    let id = db::complaints::insert(
        &mut tx,
        &db::complaints::NewComplaintRow {
            case_number: &case_number,
            policyholder_id: reg.policyholder_id,
            registered_by_staff: staff_id,
            filing,
            state: &state,
        },
        now,
    )
    .await?;
    db::cases::append_events::<ComplaintRow>(&mut tx, id, std::slice::from_ref(&event), staff_id)
        .await?;
    if let Some(holder) = reg.policyholder_id {
        let notice_case = NoticeCase {
            policyholder_id: holder,
            case_kind: "complaint",
            case_id: id,
            case_number: &case_number,
        };
        db::notices::insert(&mut tx, &app.notify.routing, notice_case, &event, now).await?;
    }
    let receipt = ComplaintReceipt {
        id,
        case_number,
        received_at: reg.received_at,
        deadlines: case::clock(app, &state).deadlines,
        channels: app.complaints.channels.clone(),
    };
    commit_created(app, tx, reg.caller, reg.idempotent.as_ref(), &receipt, now).await
}
