//! Survey invitations and the return visits recorded against them. Every change of an
//! invitation's status is one guarded `UPDATE … WHERE status = …`, so two requests racing for the
//! same invitation cannot both win.

use chrono::{DateTime, Utc};
use portal_core::survey::{
    AnsweredVia, Answers, CaseKind, InvitationStatus, Outcome, ReturnVisit, VisitMethod,
};

use super::Db;
use super::cases::{json, parse};

fn time(secs: i64) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(secs, 0).unwrap_or_default()
}

fn decode<T>(what: &str, value: &str, parsed: Option<T>) -> sqlx::Result<T> {
    parsed.ok_or_else(|| sqlx::Error::Decode(format!("unknown {what} {value:?}").into()))
}

/// An invitation as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Invitation {
    /// Id.
    pub id: i64,
    /// Whose.
    pub policyholder_id: i64,
    /// The kind of case.
    pub case_kind: CaseKind,
    /// The case's id.
    pub case_id: i64,
    /// The case number.
    pub case_number: String,
    /// How the case ended.
    pub outcome: Outcome,
    /// The survey's key.
    pub survey: String,
    /// The stored status (see [`Invitation::status_at`] for the one to show).
    pub status: InvitationStatus,
    /// Part of every link; bumped when the invitation is sent again.
    pub token_version: i64,
    /// Whether the recommendation question is asked.
    pub ask_nps: bool,
    /// The answers saved so far.
    pub draft: Answers,
    /// Unix seconds.
    pub sent_at: i64,
    /// Unix seconds.
    pub expires_at: i64,
    /// When the one reminder went out.
    pub reminded_at: Option<i64>,
    /// When it was answered.
    pub answered_at: Option<i64>,
    /// How it was answered.
    pub answered_via: Option<AnsweredVia>,
    /// The answers as submitted.
    pub answers: Answers,
}

impl Invitation {
    /// The status at `now`: an open invitation past its expiry is expired, even before the
    /// sweeper has written so.
    pub fn status_at(&self, now: i64) -> InvitationStatus {
        match self.status {
            InvitationStatus::Open if self.expires_at <= now => InvitationStatus::Expired,
            status => status,
        }
    }

    /// When it was sent.
    pub fn sent(&self) -> DateTime<Utc> {
        time(self.sent_at)
    }

    /// When it expires.
    pub fn expires(&self) -> DateTime<Utc> {
        time(self.expires_at)
    }

    /// When it was answered.
    pub fn answered(&self) -> Option<DateTime<Utc>> {
        self.answered_at.map(time)
    }
}

#[derive(sqlx::FromRow)]
struct InvitationTuple {
    id: i64,
    policyholder_id: i64,
    case_kind: String,
    case_id: i64,
    case_number: String,
    outcome: String,
    survey: String,
    status: String,
    token_version: i64,
    ask_nps: bool,
    draft: Option<String>,
    sent_at: i64,
    expires_at: i64,
    reminded_at: Option<i64>,
    answered_at: Option<i64>,
    answered_via: Option<String>,
    answers: Option<String>,
}

const COLUMNS: &str = "id, policyholder_id, case_kind, case_id, case_number, outcome, survey, \
                       status, token_version, ask_nps, draft, sent_at, expires_at, reminded_at, \
                       answered_at, answered_via, answers";

impl TryFrom<InvitationTuple> for Invitation {
    type Error = sqlx::Error;

    fn try_from(t: InvitationTuple) -> sqlx::Result<Invitation> {
        let answers = |text: Option<String>| match text {
            Some(text) => parse::<Answers>(&text),
            None => Ok(Answers::new()),
        };
        let answered_via = match t.answered_via {
            Some(via) => Some(decode(
                "answered_via",
                &via,
                AnsweredVia::from_str_opt(&via),
            )?),
            None => None,
        };
        Ok(Invitation {
            id: t.id,
            policyholder_id: t.policyholder_id,
            case_kind: decode(
                "case kind",
                &t.case_kind,
                CaseKind::from_str_opt(&t.case_kind),
            )?,
            case_id: t.case_id,
            case_number: t.case_number,
            outcome: decode("outcome", &t.outcome, Outcome::from_str_opt(&t.outcome))?,
            survey: t.survey,
            status: decode(
                "status",
                &t.status,
                InvitationStatus::from_str_opt(&t.status),
            )?,
            token_version: t.token_version,
            ask_nps: t.ask_nps,
            draft: answers(t.draft)?,
            sent_at: t.sent_at,
            expires_at: t.expires_at,
            reminded_at: t.reminded_at,
            answered_at: t.answered_at,
            answered_via,
            answers: answers(t.answers)?,
        })
    }
}

fn rows(tuples: Vec<InvitationTuple>) -> sqlx::Result<Vec<Invitation>> {
    tuples.into_iter().map(Invitation::try_from).collect()
}

/// One invitation.
pub async fn find(db: &Db, id: i64) -> sqlx::Result<Option<Invitation>> {
    let tuple: Option<InvitationTuple> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM survey_invitations WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?;
    tuple.map(Invitation::try_from).transpose()
}

/// The invitation of one person for one case, in a transaction.
pub async fn find_for_case(
    tx: &mut sqlx::SqliteConnection,
    case_kind: CaseKind,
    case_id: i64,
    policyholder_id: i64,
) -> sqlx::Result<Option<Invitation>> {
    let tuple: Option<InvitationTuple> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM survey_invitations \
         WHERE case_kind = ? AND case_id = ? AND policyholder_id = ?"
    ))
    .bind(case_kind.as_str())
    .bind(case_id)
    .bind(policyholder_id)
    .fetch_optional(&mut *tx)
    .await?;
    tuple.map(Invitation::try_from).transpose()
}

/// Which invitations a list shows.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter {
    /// Only one person's.
    pub policyholder_id: Option<i64>,
    /// Only for this kind of case.
    pub case_kind: Option<CaseKind>,
    /// Only for this case id.
    pub case_id: Option<i64>,
}

/// Invitations, newest first. Only the filters given are in the statement, so each list uses
/// the index that fits it.
pub async fn list(db: &Db, filter: Filter, limit: i64) -> sqlx::Result<Vec<Invitation>> {
    let mut conditions = Vec::new();
    if filter.policyholder_id.is_some() {
        conditions.push("policyholder_id = ?");
    }
    if filter.case_kind.is_some() {
        conditions.push("case_kind = ?");
    }
    if filter.case_id.is_some() {
        conditions.push("case_id = ?");
    }
    let filtered = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    let sql =
        format!("SELECT {COLUMNS} FROM survey_invitations {filtered} ORDER BY id DESC LIMIT ?");
    let mut query = sqlx::query_as::<_, InvitationTuple>(&sql);
    if let Some(holder) = filter.policyholder_id {
        query = query.bind(holder);
    }
    if let Some(kind) = filter.case_kind {
        query = query.bind(kind.as_str());
    }
    if let Some(case_id) = filter.case_id {
        query = query.bind(case_id);
    }
    rows(query.bind(limit).fetch_all(db).await?)
}

/// Whether the person was sent an invitation that asks the recommendation question at or after
/// `since`, other than `except`.
pub async fn nps_asked_since(
    tx: &mut sqlx::SqliteConnection,
    policyholder_id: i64,
    since: i64,
    except: Option<i64>,
) -> sqlx::Result<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM survey_invitations \
         WHERE policyholder_id = ? AND ask_nps = 1 AND sent_at >= ? AND id IS NOT ? LIMIT 1",
    )
    .bind(policyholder_id)
    .bind(since)
    .bind(except)
    .fetch_optional(&mut *tx)
    .await?;
    Ok(found.is_some())
}

/// A new invitation, sent now.
#[derive(Debug, Clone, Copy)]
pub struct NewInvitation<'a> {
    /// Whose.
    pub policyholder_id: i64,
    /// The kind of case.
    pub case_kind: CaseKind,
    /// The case's id.
    pub case_id: i64,
    /// The case number.
    pub case_number: &'a str,
    /// How it ended.
    pub outcome: Outcome,
    /// The survey's key.
    pub survey: &'a str,
    /// Whether the recommendation question is asked.
    pub ask_nps: bool,
    /// Unix seconds.
    pub sent_at: i64,
    /// Unix seconds.
    pub expires_at: i64,
}

/// Stores a new open invitation; its id.
pub async fn insert(tx: &mut sqlx::SqliteConnection, new: NewInvitation<'_>) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO survey_invitations (policyholder_id, case_kind, case_id, case_number, \
             outcome, survey, status, ask_nps, sent_at, expires_at) \
         VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?) RETURNING id",
    )
    .bind(new.policyholder_id)
    .bind(new.case_kind.as_str())
    .bind(new.case_id)
    .bind(new.case_number)
    .bind(new.outcome.as_str())
    .bind(new.survey)
    .bind(new.ask_nps)
    .bind(new.sent_at)
    .bind(new.expires_at)
    .fetch_one(&mut *tx)
    .await
}

/// Sends a cancelled invitation again (its case closed again): open, a new version (old links
/// die), new times, no reminder yet. `keep_draft` is false when the survey changed. The new
/// token version, or `None` when it was not cancelled.
pub async fn reopen(
    tx: &mut sqlx::SqliteConnection,
    id: i64,
    new: NewInvitation<'_>,
    keep_draft: bool,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "UPDATE survey_invitations SET status = 'open', token_version = token_version + 1, \
             outcome = ?, survey = ?, ask_nps = ?, sent_at = ?, expires_at = ?, \
             reminded_at = NULL, cancelled_at = NULL, \
             draft = CASE WHEN ? THEN draft ELSE NULL END \
         WHERE id = ? AND status = 'cancelled' RETURNING token_version",
    )
    .bind(new.outcome.as_str())
    .bind(new.survey)
    .bind(new.ask_nps)
    .bind(new.sent_at)
    .bind(new.expires_at)
    .bind(keep_draft)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await
}

/// Cancels the open (unexpired) invitations of a case: it was reopened.
pub async fn cancel_open(
    tx: &mut sqlx::SqliteConnection,
    case_kind: CaseKind,
    case_id: i64,
    now: i64,
) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "UPDATE survey_invitations SET status = 'cancelled', cancelled_at = ? \
         WHERE case_kind = ? AND case_id = ? AND status = 'open' AND expires_at > ?",
    )
    .bind(now)
    .bind(case_kind.as_str())
    .bind(case_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(done.rows_affected())
}

/// Saves the draft of an open, unexpired invitation; `false` when it is not (any more).
pub async fn save_draft(db: &Db, id: i64, draft: &Answers, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE survey_invitations SET draft = ? WHERE id = ? AND status = 'open' AND expires_at > ?",
    )
    .bind(json(draft)?)
    .bind(id)
    .bind(now)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The satisfaction result to store.
#[derive(Debug, Clone, Copy)]
pub struct Satisfaction<'a> {
    /// The answers to the questions asked.
    pub answers: &'a Answers,
    /// 1–5.
    pub rating: u8,
    /// 0–10, if asked and answered.
    pub nps: Option<u8>,
    /// How it was collected.
    pub via: AnsweredVia,
    /// When the person answered (unix seconds).
    pub at: i64,
}

/// Records the result. The person answers an open invitation before it expires; a return visit
/// also answers an expired one. `false` when the invitation is not in such a state (any more):
/// the one write that decides who won.
pub async fn answer(
    tx: &mut sqlx::SqliteConnection,
    id: i64,
    result: Satisfaction<'_>,
    now: i64,
) -> sqlx::Result<bool> {
    let visit = !matches!(result.via, AnsweredVia::Portal | AnsweredVia::Link);
    let done = sqlx::query(
        "UPDATE survey_invitations SET status = 'answered', answers = ?, rating = ?, nps = ?, \
             answered_via = ?, answered_at = ?, draft = NULL \
         WHERE id = ? AND (status = 'open' AND expires_at > ? OR ? AND status IN ('open', 'expired'))",
    )
    .bind(json(result.answers)?)
    .bind(result.rating)
    .bind(result.nps)
    .bind(result.via.as_str())
    .bind(result.at)
    .bind(id)
    .bind(now)
    .bind(visit)
    .execute(&mut *tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Open invitations sent at or before `sent_before`, unexpired at `now`, without their reminder.
pub async fn reminders_due(
    db: &Db,
    sent_before: i64,
    now: i64,
    limit: i64,
) -> sqlx::Result<Vec<Invitation>> {
    let tuples: Vec<InvitationTuple> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM survey_invitations \
         WHERE status = 'open' AND sent_at <= ? AND expires_at > ? AND reminded_at IS NULL \
         ORDER BY sent_at LIMIT ?"
    ))
    .bind(sent_before)
    .bind(now)
    .bind(limit)
    .fetch_all(db)
    .await?;
    rows(tuples)
}

/// Marks the reminder of an invitation sent; `false` when it already was (another sweep won) or
/// the invitation is no longer open.
pub async fn mark_reminded(
    tx: &mut sqlx::SqliteConnection,
    id: i64,
    token_version: i64,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE survey_invitations SET reminded_at = ? \
         WHERE id = ? AND token_version = ? AND status = 'open' AND reminded_at IS NULL \
           AND expires_at > ?",
    )
    .bind(now)
    .bind(id)
    .bind(token_version)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Open invitations past their expiry become expired; how many.
pub async fn expire_due(db: &Db, now: i64) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "UPDATE survey_invitations SET status = 'expired' WHERE status = 'open' AND expires_at <= ?",
    )
    .bind(now)
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

/// A return visit to store.
#[derive(Debug, Clone, Copy)]
pub struct NewVisit<'a> {
    /// The invitation.
    pub invitation_id: i64,
    /// Who made it.
    pub staff_id: i64,
    /// How.
    pub method: VisitMethod,
    /// When (unix seconds).
    pub visited_at: i64,
    /// Whether the person was reached.
    pub reached: bool,
    /// The note.
    pub note: &'a str,
}

/// Stores a return visit if its invitation is open or expired (not answered, not cancelled); its
/// id, or `None` when the invitation is not in such a state (any more).
pub async fn insert_visit(
    tx: &mut sqlx::SqliteConnection,
    visit: NewVisit<'_>,
    now: i64,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "INSERT INTO return_visits (invitation_id, staff_id, method, visited_at, reached, note, \
             created_at) \
         SELECT id, ?, ?, ?, ?, ?, ? FROM survey_invitations \
         WHERE id = ? AND (status IN ('open', 'expired') OR ? AND status = 'answered') \
         RETURNING id",
    )
    .bind(visit.staff_id)
    .bind(visit.method.as_str())
    .bind(visit.visited_at)
    .bind(visit.reached)
    .bind(visit.note)
    .bind(now)
    .bind(visit.invitation_id)
    // A visit that reached the person answered the invitation just before, in its transaction.
    .bind(visit.reached)
    .fetch_optional(&mut *tx)
    .await
}

type VisitTuple = (i64, i64, String, i64, i64, String, bool, String, i64);

/// The return visits of an invitation, oldest first.
pub async fn visits(db: &Db, invitation_id: i64) -> sqlx::Result<Vec<ReturnVisit>> {
    let tuples: Vec<VisitTuple> = sqlx::query_as(
        "SELECT v.id, v.invitation_id, v.method, v.visited_at, v.staff_id, s.name, v.reached, \
                v.note, v.created_at \
         FROM return_visits v JOIN staff s ON s.id = v.staff_id \
         WHERE v.invitation_id = ? ORDER BY v.id",
    )
    .bind(invitation_id)
    .fetch_all(db)
    .await?;
    tuples
        .into_iter()
        .map(
            |(id, invitation_id, method, visited_at, staff_id, staff_name, reached, note, at)| {
                Ok(ReturnVisit {
                    id,
                    invitation_id,
                    method: decode("method", &method, VisitMethod::from_str_opt(&method))?,
                    visited_at: time(visited_at),
                    staff_id,
                    staff_name,
                    reached,
                    note,
                    recorded_at: time(at),
                })
            },
        )
        .collect()
}

/// One return visit.
pub async fn visit(db: &Db, id: i64) -> sqlx::Result<Option<ReturnVisit>> {
    let invitation: Option<i64> =
        sqlx::query_scalar("SELECT invitation_id FROM return_visits WHERE id = ?")
            .bind(id)
            .fetch_optional(db)
            .await?;
    let Some(invitation) = invitation else {
        return Ok(None);
    };
    Ok(visits(db, invitation)
        .await?
        .into_iter()
        .find(|v| v.id == id))
}
