//! The dispatcher: sends the due deliveries of the outbox, retries with backoff and jitter, and
//! dead-letters what keeps failing. It survives restarts: its state is the `deliveries` table.
//!
//! Each [`tick`] claims a batch of due rows in one `UPDATE … RETURNING` (queued or held rows
//! that are due, and `sending` rows whose lease ran out), which makes them `sending` with a lease
//! (see "Leases" below) and counts the attempt. Each is rendered into a [`Message`] and
//! handed to its channel's [`Sender`] with the delivery's id as the client reference; then the
//! outcome is recorded: `sent` (with the send time, the proof of notification, and the provider's
//! id), or `queued` again after [`retry_delay`] (`held` until 08:00 for a text message whose
//! retry falls in quiet hours), or `dead` after [`DispatchSettings::max_attempts`] attempts or a
//! final refusal. Staff see dead letters and can queue them again.
//!
//! **The crash window.** A dispatcher that dies after the provider accepted a message and before
//! the `UPDATE` to `sent` leaves the row `sending`; once its lease runs out the row is claimed
//! again and sent again *with the same client reference*. Whether the person then gets one
//! message or two is the provider's doing: WeChat's `client_msg_id` is deduplicated; Alibaba's
//! `OutId` and Tencent's `SessionContext` are only echoed in receipts (a second text message is
//! sent, and the receipts tell staff which delivery it was); an email's `Message-ID` lets mail
//! clients fold the copies. That window — one round trip to the provider plus one `UPDATE` — is
//! the only one: nothing is lost, since a row leaves `sending` only by being recorded.
//!
//! **Leases.** A sender is given half the lease and then abandoned as a retryable timeout. A batch
//! is sent `concurrency` rows at a time, so its rows are leased for the lease times the number of
//! rounds the batch takes: no other dispatcher can take a row while this one may still send it.
//! A dead dispatcher's rows are taken over once that lease runs out.

use std::sync::Arc;
use std::time::Duration;

use chrono::TimeDelta;
use futures_util::{FutureExt, StreamExt};
use portal_core::Lang;
use portal_core::complaint::NoticeEvent;
use portal_core::notify::{Channel, DeliveryState, retry_delay};
use portal_core::survey::SurveyNotice;

use super::senders::Senders;
use super::{Message, MessageKind, Notifier, Routing, SendFailure, Sender};
use crate::db::{self, cases::parse, deliveries::Claimed};
use crate::state::AppState;

/// How the dispatcher works.
#[derive(Debug, Clone)]
pub struct DispatchSettings {
    /// Attempts before a delivery is dead (`PORTAL_DISPATCH_MAX_ATTEMPTS`, default 8).
    pub max_attempts: u32,
    /// The first retry's delay (`PORTAL_DISPATCH_BACKOFF_BASE_MS`, default 10 s); it doubles
    /// with every failed attempt.
    pub backoff_base: TimeDelta,
    /// The longest delay between attempts (`PORTAL_DISPATCH_BACKOFF_CAP_MS`, default 1 h).
    pub backoff_cap: TimeDelta,
    /// How long one send may take, twice over: a sender is abandoned after half of it, and a
    /// claimed batch is the claimer's for this times its rounds (`PORTAL_DISPATCH_LEASE_SECS`,
    /// default 60 s).
    pub lease: Duration,
    /// How often the outbox is read when nobody wakes the dispatcher
    /// (`PORTAL_DISPATCH_POLL_MS`, default 1 s).
    pub poll: Duration,
    /// Deliveries claimed at once (`PORTAL_DISPATCH_BATCH`, default 16).
    pub batch: u32,
    /// Deliveries sent at the same time (`PORTAL_DISPATCH_CONCURRENCY`, default 8).
    pub concurrency: u32,
}

impl Default for DispatchSettings {
    fn default() -> Self {
        DispatchSettings {
            max_attempts: 8,
            backoff_base: TimeDelta::seconds(10),
            backoff_cap: TimeDelta::hours(1),
            lease: Duration::from_secs(60),
            poll: Duration::from_secs(1),
            batch: 16,
            concurrency: 8,
        }
    }
}

impl DispatchSettings {
    /// The settings of `config`.
    pub fn from_config(config: &crate::Config) -> DispatchSettings {
        config.dispatch.clone()
    }

    /// The settings named by `lookup` (`PORTAL_DISPATCH_*`), the defaults otherwise; a value that
    /// is not a positive whole number stops the start, naming the variable.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<DispatchSettings, crate::config::ConfigError> {
        let mut problem = None;
        let mut number = |name: &'static str| -> Option<u64> {
            let value = lookup(name)?;
            match value.trim().parse::<u64>() {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    problem.get_or_insert(crate::config::ConfigError {
                        name,
                        problem: format!("{value:?} is not a positive whole number"),
                    });
                    None
                }
            }
        };
        let millis = |n: u64| TimeDelta::milliseconds(i64::try_from(n).unwrap_or(i64::MAX));
        let small = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        let default = DispatchSettings::default();
        let settings = DispatchSettings {
            max_attempts: number("PORTAL_DISPATCH_MAX_ATTEMPTS")
                .map_or(default.max_attempts, small),
            backoff_base: number("PORTAL_DISPATCH_BACKOFF_BASE_MS")
                .map_or(default.backoff_base, millis),
            backoff_cap: number("PORTAL_DISPATCH_BACKOFF_CAP_MS")
                .map_or(default.backoff_cap, millis),
            lease: number("PORTAL_DISPATCH_LEASE_SECS").map_or(default.lease, Duration::from_secs),
            poll: number("PORTAL_DISPATCH_POLL_MS").map_or(default.poll, Duration::from_millis),
            batch: number("PORTAL_DISPATCH_BATCH").map_or(default.batch, small),
            concurrency: number("PORTAL_DISPATCH_CONCURRENCY").map_or(default.concurrency, small),
        };
        match problem {
            Some(problem) => Err(problem),
            None => Ok(settings),
        }
    }
}

impl Notifier {
    /// A notifier with the given senders and settings (tests plug in-process fakes in here):
    /// the routing offers the inbox and every channel with a sender.
    pub fn with_senders(
        senders: Senders,
        dispatch: DispatchSettings,
        public_url: impl Into<String>,
    ) -> Notifier {
        let mut available = std::collections::BTreeSet::from([Channel::Inbox]);
        available.extend(
            [Channel::Sms, Channel::Email, Channel::Wechat]
                .into_iter()
                .filter(|c| senders.get(*c).is_some()),
        );
        Notifier {
            routing: Routing { available },
            senders,
            dispatch,
            wake: tokio::sync::Notify::new(),
            live: super::live::Live::default(),
            public_url: public_url.into().trim_end_matches('/').to_owned(),
            email_key: Vec::new(),
        }
    }
}

/// Sends the outbox for ever: a tick whenever `app.notify.wake` is notified (after a commit
/// that wrote deliveries, a staff retry) or the poll interval passed; at once again while
/// batches come back full.
pub async fn run(app: AppState) {
    let settings = app.notify.dispatch.clone();
    loop {
        let full = match tick(&app, db::now()).await {
            Ok(done) => done.claimed >= settings.batch as usize,
            Err(error) => {
                tracing::warn!(%error, "the outbox could not be read");
                false
            }
        };
        if full {
            continue;
        }
        tokio::select! {
            () = app.notify.wake.notified() => {}
            () = tokio::time::sleep(settings.poll) => {}
        }
    }
}

/// What one tick did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tick {
    /// Deliveries claimed.
    pub claimed: usize,
    /// Taken by the provider.
    pub sent: usize,
    /// Failed, to be tried again (or held for quiet hours).
    pub retried: usize,
    /// Failed for good.
    pub dead: usize,
}

/// What became of one claimed delivery.
enum Outcome {
    Sent,
    Retried,
    Dead,
}

/// Claims the deliveries due at `now` (seconds) and sends them; tests call it with a chosen
/// `now` to step through backoff and quiet hours.
pub async fn tick(app: &AppState, now: i64) -> sqlx::Result<Tick> {
    let settings = &app.notify.dispatch;
    let lease = i64::try_from(settings.lease.as_secs())
        .unwrap_or(i64::MAX)
        .max(1);
    let batch = settings.batch.max(1);
    let rounds = i64::from(batch.div_ceil(settings.concurrency.max(1)));
    let claimed = db::deliveries::claim(
        &app.db,
        now,
        now.saturating_add(lease.saturating_mul(rounds)),
        i64::from(batch),
    )
    .await?;
    let mut done = Tick {
        claimed: claimed.len(),
        ..Tick::default()
    };
    let outcomes: Vec<sqlx::Result<Outcome>> = futures_util::stream::iter(claimed)
        .map(|row| deliver(app, row, now))
        .buffer_unordered(settings.concurrency.max(1) as usize)
        .collect()
        .await;
    for outcome in outcomes {
        match outcome? {
            Outcome::Sent => done.sent += 1,
            Outcome::Retried => done.retried += 1,
            Outcome::Dead => done.dead += 1,
        }
    }
    Ok(done)
}

/// Sends one claimed delivery and records the outcome.
async fn deliver(app: &AppState, row: Claimed, now: i64) -> sqlx::Result<Outcome> {
    let settings = &app.notify.dispatch;
    let Some(channel) = Channel::parse(&row.channel) else {
        return dead(app, &row, "unknown channel", now).await;
    };
    // A text message due in quiet hours (a retry, a staff retry at night) waits for the morning.
    if channel == Channel::Sms
        && !row.urgent
        && let Some(end) = super::quiet_until(now)
    {
        db::deliveries::hold(&app.db, row.id, end, now).await?;
        return Ok(Outcome::Retried);
    }
    let Some(sender) = app.notify.sender(channel).cloned() else {
        return dead(app, &row, "the channel is not configured", now).await;
    };
    let message = match render(app, &row).await {
        Ok(Ok(message)) => message,
        Ok(Err(reason)) => return dead(app, &row, reason, now).await,
        // A stored event this build cannot read would fail every attempt the same way.
        Err(sqlx::Error::Decode(_)) => {
            return dead(app, &row, "the notice cannot be read", now).await;
        }
        Err(error) => return Err(error),
    };
    let result = send(&sender, &row, &message, settings.lease / 2).await;
    match result {
        Ok(accepted) => {
            db::deliveries::record_sent(&app.db, row.id, accepted.provider_ref.as_deref(), now)
                .await?;
            Ok(Outcome::Sent)
        }
        Err(failure) => {
            let attempts = u32::try_from(row.attempts).unwrap_or(u32::MAX);
            if !failure.retryable || attempts >= settings.max_attempts {
                return dead(app, &row, &failure.reason, now).await;
            }
            let jitter = f64::from(random_u32()) / f64::from(u32::MAX);
            let delay = retry_delay(
                attempts,
                settings.backoff_base,
                settings.backoff_cap,
                jitter,
            );
            // The outbox counts in seconds: at least one, rounded up.
            let delay = (delay.num_milliseconds().max(1) + 999) / 1000;
            let mut next = now.saturating_add(delay);
            let mut state = DeliveryState::Queued;
            if channel == Channel::Sms
                && !row.urgent
                && let Some(end) = super::quiet_until(next)
            {
                next = end;
                state = DeliveryState::Held;
            }
            tracing::info!(
                delivery = row.id,
                channel = channel.as_str(),
                attempts,
                reason = %failure.reason,
                "delivery failed; retried later"
            );
            db::deliveries::record_failure(
                &app.db,
                row.id,
                state,
                Some(next),
                &failure.reason,
                now,
            )
            .await?;
            Ok(Outcome::Retried)
        }
    }
}

/// Calls the sender, giving up (retryably) after `limit`: past half the lease another
/// dispatcher could claim the row and send it a second time.
async fn send(
    sender: &Arc<dyn Sender>,
    row: &Claimed,
    message: &Message,
    limit: Duration,
) -> Result<super::Accepted, SendFailure> {
    let reference = row.id.to_string();
    // A sender that panics fails this attempt instead of stopping the dispatcher.
    let sending = std::panic::AssertUnwindSafe(sender.send(&row.recipient, &reference, message))
        .catch_unwind();
    match tokio::time::timeout(limit, sending).await {
        Ok(Ok(result)) => result,
        Ok(Err(_)) => Err(SendFailure::retry("the sender failed unexpectedly")),
        Err(_) => Err(SendFailure::retry("the provider did not answer in time")),
    }
}

async fn dead(app: &AppState, row: &Claimed, reason: &str, now: i64) -> sqlx::Result<Outcome> {
    tracing::warn!(
        delivery = row.id,
        channel = %row.channel,
        attempts = row.attempts,
        %reason,
        "delivery dead-lettered"
    );
    db::deliveries::record_failure(&app.db, row.id, DeliveryState::Dead, None, reason, now).await?;
    Ok(Outcome::Dead)
}

fn random_u32() -> u32 {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    OsRng.next_u32()
}

/// The message of a claimed delivery, or why it cannot be written (a dead letter).
async fn render(app: &AppState, row: &Claimed) -> sqlx::Result<Result<Message, &'static str>> {
    let lang = Lang::from_tag(&row.lang);
    let base = &app.notify.public_url;
    if row.purpose == "email_confirmation" {
        let link = row
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str::<serde_json::Value>(p).ok())
            .and_then(|p| p["link"].as_str().map(str::to_owned));
        let Some(link) = link else {
            return Ok(Err("the confirmation has no link"));
        };
        return Ok(Ok(Message {
            kind: MessageKind::EmailConfirmation,
            lang,
            case_number: None,
            title: String::new(),
            link: Some(link),
            code: None,
        }));
    }
    let Some(notice_id) = row.notice_id else {
        return Ok(Err("the delivery has no notice"));
    };
    let Some(notice) = db::deliveries::notice_parts(&app.db, notice_id).await? else {
        return Ok(Err("the notice is gone"));
    };
    let event: NoticeEvent = match (notice.topic.as_str(), notice.case_kind.as_str()) {
        ("survey", _) => NoticeEvent::Survey(parse::<SurveyNotice>(&notice.event)?),
        (_, "claim") => NoticeEvent::Claim(parse(&notice.event)?),
        (_, "complaint") => NoticeEvent::Complaint(parse(&notice.event)?),
        _ => return Ok(Err("unknown kind of notice")),
    };
    let (kind, link) = match &event {
        NoticeEvent::Survey(survey) => {
            let version = db::deliveries::survey_token_version(&app.db, survey.invitation_id)
                .await?
                .unwrap_or(1);
            let path =
                crate::surveys::link::path(&app.surveys.link_key, survey.invitation_id, version);
            (MessageKind::Survey, format!("{base}{path}"))
        }
        _ => {
            let section = if notice.case_kind == "claim" {
                "claims"
            } else {
                "complaints"
            };
            (
                MessageKind::Progress,
                format!("{base}/{section}/{}", notice.case_id),
            )
        }
    };
    Ok(Ok(Message {
        kind,
        lang,
        case_number: Some(notice.case_number),
        title: event.title(lang).to_owned(),
        link: Some(link),
        code: None,
    }))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn settings_come_from_the_environment_or_the_defaults() {
        let settings = DispatchSettings::from_lookup(|name| match name {
            "PORTAL_DISPATCH_MAX_ATTEMPTS" => Some("3".into()),
            "PORTAL_DISPATCH_BACKOFF_BASE_MS" => Some("250".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(settings.max_attempts, 3);
        assert_eq!(settings.backoff_base, TimeDelta::milliseconds(250));
        assert_eq!(settings.poll, Duration::from_secs(1));
        assert_eq!(settings.lease, Duration::from_secs(60));

        let bad = DispatchSettings::from_lookup(|name| {
            (name == "PORTAL_DISPATCH_POLL_MS").then(|| "nope".into())
        });
        assert!(bad.is_err_and(|e| e.to_string().starts_with("PORTAL_DISPATCH_POLL_MS")));
    }
}
