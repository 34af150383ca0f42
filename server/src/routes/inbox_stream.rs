//! New notices as they arrive: `GET /inbox/stream` (server-sent events) and its polling fallback
//! `GET /inbox/events`, for a webview whose event streams break. Only the caller's own notices.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::{Stream, StreamExt};
use portal_core::Lang;
use portal_core::api::{ErrorCode, Page, Problem};
use portal_core::complaint::UnreadCount;
use portal_core::notify::InboxEvent;
use serde::Deserialize;
use tokio::sync::broadcast::{self, error::RecvError};
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::complaints::{CaseError, CaseResult, Complainant};
use crate::db::{self, Db};
use crate::error::{ApiError, Json};
use crate::lang::ReaderLang;
use crate::notify::live::{self, NewNotice};
use crate::state::AppState;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(stream))
        .routes(routes!(events))
}

/// How long the browser waits before it reconnects a dropped stream.
const RECONNECT: Duration = Duration::from_secs(3);
/// A comment line this often keeps proxies and webviews from closing an idle stream.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// Where to resume, and the language of the titles.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StreamQuery {
    /// Notices with an id above this one (for clients that cannot send `Last-Event-ID`, and
    /// for the polling fallback); the header wins when both are given.
    after: Option<String>,
    /// The language of the titles (`zh-CN` or `en`), for clients that cannot set
    /// `Accept-Language` (an `EventSource`); `Accept-Language` otherwise.
    lang: Option<String>,
}

impl StreamQuery {
    fn lang(&self, reader: Lang) -> Lang {
        self.lang
            .as_deref()
            .filter(|tag| !tag.is_empty())
            .map_or(reader, Lang::from_accept_language)
    }
}

/// A notice id given by the client: absent, or an id ≥ 0.
fn resume_point(value: Option<&str>, field: &'static str) -> CaseResult<Option<i64>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => text
            .parse::<i64>()
            .ok()
            .filter(|id| *id >= 0)
            .map(Some)
            .ok_or(CaseError::Api(ApiError::Invalid(vec![(
                field,
                ErrorCode::ValidationFailed,
            )]))),
    }
}

/// The caller's new notices as server-sent events: each an event `notice` whose `id` is the
/// notice's id and whose data is an [`InboxEvent`]. With `Last-Event-ID` (or `?after=`), first the
/// notices after it (at most 200, the newest), then the live ones. After those, and at once for a
/// stream that starts fresh, one event `ready` (data: [`UnreadCount`]; `id`: the newest notice),
/// so a reconnection resumes from there. A comment every 15 s keeps the connection open.
#[utoipa::path(get, path = "/inbox/stream", tag = "inbox", params(StreamQuery,
        ("Last-Event-ID" = Option<String>, Header, description = "The id of the last notice received")),
    responses(
        (status = 200, description = "The event stream", body = InboxEvent, content_type = "text/event-stream"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a policyholder", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`after` or `Last-Event-ID` is not a notice id", body = Problem, content_type = "application/problem+json")
    ))]
async fn stream(
    State(app): State<AppState>,
    Complainant(holder): Complainant,
    ReaderLang(reader): ReaderLang,
    headers: HeaderMap,
    Query(query): Query<StreamQuery>,
) -> CaseResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let last_event_id = headers
        .get("last-event-id")
        .map(|v| v.to_str().unwrap_or("invalid"));
    let after = match last_event_id {
        Some(id) => resume_point(Some(id), "Last-Event-ID")?,
        None => resume_point(query.after.as_deref(), "after")?,
    };
    let lang = query.lang(reader);
    // Listen first, then read the table: nothing written in between is missed.
    let wake = app.notify.live.subscribe(&app.db);
    let (backlog, position) = since(&app.db, holder, after, lang).await?;
    let mut queue: VecDeque<Event> = backlog.iter().filter_map(notice_event).collect();
    let unread = db::notices::unread(&app.db, holder).await?;
    queue.push_back(ready_event(position, unread));
    let follow = Follow {
        db: app.db.clone(),
        holder,
        lang,
        after: position,
        wake,
        queue,
    };
    let events =
        futures_util::stream::unfold(follow, Follow::next).take_until(app.notify.live.closed());
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(HEARTBEAT)))
}

/// The same items as the stream, for polling: the caller's notices after `after`, oldest first
/// (at most 200, the newest). `next_cursor` is always given: the `after` of the next poll. Without
/// `after`, no items and the cursor of the newest notice (where to start).
#[utoipa::path(get, path = "/inbox/events", tag = "inbox", params(StreamQuery),
    responses(
        (status = 200, description = "The new notices", body = Page<InboxEvent>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a policyholder", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`after` is not a notice id", body = Problem, content_type = "application/problem+json")
    ))]
async fn events(
    State(app): State<AppState>,
    Complainant(holder): Complainant,
    ReaderLang(reader): ReaderLang,
    Query(query): Query<StreamQuery>,
) -> CaseResult<Json<Page<InboxEvent>>> {
    let lang = query.lang(reader);
    let after = resume_point(query.after.as_deref(), "after")?;
    let (items, cursor) = since(&app.db, holder, after, lang).await?;
    Ok(Json(Page {
        items,
        next_cursor: Some(cursor.to_string()),
    }))
}

/// The person's notices after `after` (at most 200, the newest, oldest first) and the id to
/// resume after next; without `after`, none and the id of their newest notice.
async fn since(
    db: &Db,
    holder: i64,
    after: Option<i64>,
    lang: Lang,
) -> sqlx::Result<(Vec<InboxEvent>, i64)> {
    match after {
        Some(after) => {
            let items = live::events_after(db, holder, after, lang).await?;
            let position = items.last().map_or(after, |e| e.notice.id);
            Ok((items, position))
        }
        None => Ok((Vec::new(), db::notices::newest_id(db, holder).await?)),
    }
}

fn notice_event(event: &InboxEvent) -> Option<Event> {
    Event::default()
        .event("notice")
        .id(event.notice.id.to_string())
        .json_data(event)
        .ok()
}

fn ready_event(position: i64, unread: u32) -> Event {
    let event = Event::default()
        .event("ready")
        .id(position.to_string())
        .retry(RECONNECT);
    event
        .json_data(UnreadCount { unread })
        .unwrap_or_else(|_| Event::default().event("ready").id(position.to_string()))
}

/// One open stream: its person, where it stands, and the events read but not sent yet.
struct Follow {
    db: Db,
    holder: i64,
    lang: Lang,
    after: i64,
    wake: broadcast::Receiver<NewNotice>,
    queue: VecDeque<Event>,
}

impl Follow {
    async fn next(mut self) -> Option<(Result<Event, Infallible>, Follow)> {
        loop {
            if let Some(event) = self.queue.pop_front() {
                return Some((Ok(event), self));
            }
            match self.wake.recv().await {
                Ok(new) if new.policyholder_id == self.holder && new.id > self.after => {}
                Ok(_) => continue,
                // Fell behind the broadcast: the table has everything.
                Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => return None,
            }
            match since(&self.db, self.holder, Some(self.after), self.lang).await {
                Ok((events, position)) => {
                    self.after = position;
                    self.queue.extend(events.iter().filter_map(notice_event));
                }
                Err(error) => {
                    // Ending the stream makes the browser reconnect with Last-Event-ID.
                    tracing::warn!(%error, "live updates: cannot read a person's notices");
                    return None;
                }
            }
        }
    }
}
