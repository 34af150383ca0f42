//! The outbox: a notice and its deliveries are written together; the fan-out follows the step,
//! the person's choices and the configured channels; the dispatcher sends through in-process
//! fake senders, retries with backoff, dead-letters, and holds text messages in quiet hours.
//!
//! Also the support the other outbox tests share: an app whose senders are in-process fakes
//! (sessions on it, its outbox rows and the dispatcher loop are [`TestApp`]'s).

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use chrono::TimeDelta;
use portal_core::notify::Channel;
use portal_server::notify::dispatcher::{DispatchSettings, tick};
use portal_server::notify::senders::Senders;
use portal_server::notify::{
    Accepted, Message, MessageKind, Notifier, SendFailure, SendFuture, Sender,
};
use serde_json::{Value, json};

use crate::complaints::own_complaint;
use crate::helpers::{TestApp, ZHANG_WEI, spawn_configured, tomorrow_at_ten_china};

/// The public address messages link to.
pub const PUBLIC_URL: &str = "https://portal.example";

/// How a fake provider answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Takes every message.
    Accept,
    /// Fails (retryably) every other call, starting with the first.
    FailEveryOther,
    /// Fails every call, retryably.
    FailAlways,
    /// Refuses every call for good (an invalid number).
    Refuse,
    /// Panics (a bug in an adapter).
    Panic,
}

/// One call a fake received.
#[derive(Debug, Clone)]
pub struct Call {
    pub to: String,
    pub reference: String,
    pub message: Message,
    pub accepted: bool,
}

/// An in-process provider that records every call and answers as told.
pub struct FakeSender {
    channel: Channel,
    mode: Mutex<Mode>,
    calls: Mutex<Vec<Call>>,
    /// The numbers login codes were sent to.
    pub codes: Mutex<Vec<String>>,
}

impl FakeSender {
    pub fn new(channel: Channel, mode: Mode) -> Arc<FakeSender> {
        Arc::new(FakeSender {
            channel,
            mode: Mutex::new(mode),
            calls: Mutex::new(Vec::new()),
            codes: Mutex::new(Vec::new()),
        })
    }

    pub fn set_mode(&self, mode: Mode) {
        *self.mode.lock().unwrap() = mode;
    }

    pub fn calls(&self) -> Vec<Call> {
        self.calls.lock().unwrap().clone()
    }

    /// The references of the messages taken.
    pub fn accepted(&self) -> Vec<String> {
        self.calls()
            .into_iter()
            .filter(|c| c.accepted)
            .map(|c| c.reference)
            .collect()
    }
}

impl Sender for FakeSender {
    fn channel(&self) -> Channel {
        self.channel
    }

    fn send<'a>(&'a self, to: &'a str, reference: &'a str, message: &'a Message) -> SendFuture<'a> {
        Box::pin(async move {
            // Login codes go straight through the SMS channel: taken, and kept apart from the
            // outbox's messages the tests count.
            if message.kind == MessageKind::LoginCode {
                self.codes.lock().unwrap().push(to.to_owned());
                return Ok(Accepted::default());
            }
            let mode = *self.mode.lock().unwrap();
            if mode == Mode::Panic {
                panic!("adapter bug");
            }
            let mut calls = self.calls.lock().unwrap();
            let result = match mode {
                Mode::Accept => Ok(()),
                Mode::FailEveryOther if calls.len().is_multiple_of(2) => {
                    Err(SendFailure::retry("503"))
                }
                Mode::FailEveryOther => Ok(()),
                Mode::FailAlways => Err(SendFailure::retry("provider unavailable")),
                Mode::Refuse => Err(SendFailure::refused("invalid number")),
                Mode::Panic => unreachable!(),
            };
            calls.push(Call {
                to: to.to_owned(),
                reference: reference.to_owned(),
                message: message.clone(),
                accepted: result.is_ok(),
            });
            result.map(|()| Accepted {
                provider_ref: Some(format!("fake-{reference}")),
            })
        })
    }
}

/// The fakes of an app, by channel.
#[derive(Default, Clone)]
pub struct Fakes {
    pub sms: Option<Arc<FakeSender>>,
    pub email: Option<Arc<FakeSender>>,
    pub wechat: Option<Arc<FakeSender>>,
}

impl Fakes {
    pub fn all(mode: Mode) -> Fakes {
        Fakes {
            sms: Some(FakeSender::new(Channel::Sms, mode)),
            email: Some(FakeSender::new(Channel::Email, mode)),
            wechat: Some(FakeSender::new(Channel::Wechat, mode)),
        }
    }

    pub fn sms(mode: Mode) -> Fakes {
        Fakes {
            sms: Some(FakeSender::new(Channel::Sms, mode)),
            ..Fakes::default()
        }
    }

    pub fn email(mode: Mode) -> Fakes {
        Fakes {
            email: Some(FakeSender::new(Channel::Email, mode)),
            ..Fakes::default()
        }
    }

    fn senders(&self) -> Senders {
        fn dynamic(fake: &Option<Arc<FakeSender>>) -> Option<Arc<dyn Sender>> {
            fake.clone().map(|f| f as Arc<dyn Sender>)
        }
        Senders {
            sms: dynamic(&self.sms),
            email: dynamic(&self.email),
            wechat: dynamic(&self.wechat),
            ..Senders::default()
        }
    }
}

/// Short retries for tests: four attempts, 2 s then doubling up to 8 s.
pub fn quick() -> DispatchSettings {
    DispatchSettings {
        max_attempts: 4,
        backoff_base: TimeDelta::seconds(2),
        backoff_cap: TimeDelta::seconds(8),
        batch: 10,
        concurrency: 4,
        ..DispatchSettings::default()
    }
}

/// A running app (demo data) whose notifier has `fakes` as its senders; the dispatcher does not
/// run by itself: tests call [`tick`] or [`TestApp::drain`] with the clock they choose.
pub struct NotifyApp {
    pub app: TestApp,
    pub fakes: Fakes,
}

impl std::ops::Deref for NotifyApp {
    type Target = TestApp;

    fn deref(&self) -> &TestApp {
        &self.app
    }
}

pub async fn spawn_with(fakes: Fakes, dispatch: DispatchSettings) -> NotifyApp {
    let senders = fakes.senders();
    let app = spawn_configured(
        |_| Vec::new(),
        |state| {
            state.notify = Arc::new(Notifier {
                email_key: state.notify.email_key.clone(),
                ..Notifier::with_senders(senders, dispatch, PUBLIC_URL)
            });
        },
    )
    .await;
    NotifyApp { app, fakes }
}

/// 21:00–08:00 China time is 13:00–00:00 UTC.
fn china(day: i64, hour: i64) -> i64 {
    day + (hour - 8) * 3600
}

#[tokio::test]
async fn a_notice_and_its_deliveries_are_written_by_one_transaction() {
    let app = spawn_with(Fakes::sms(Mode::Accept), quick()).await;
    let me = app.policyholder(ZHANG_WEI).await;
    me.file(own_complaint()).await;
    assert_eq!(app.scalar("SELECT COUNT(*) FROM notices").await, 1);
    let outbound = app.outbound().await;
    assert_eq!(outbound.len(), 1);
    assert_eq!(outbound[0].channel, "sms");
    assert_eq!(outbound[0].recipient, ZHANG_WEI);

    // The fan-out fails after the notice is written: neither the notice nor the complaint stays.
    app.exec(
        "CREATE TRIGGER fail_fan_out BEFORE INSERT ON deliveries WHEN NEW.channel = 'sms' \
         BEGIN SELECT RAISE(ABORT, 'gateway table full'); END",
    )
    .await;
    let failed = me.post("/api/v1/complaints", own_complaint()).await;
    assert_eq!(failed.status(), 500);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM notices").await, 1);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM complaints").await, 1);
    app.exec("DROP TRIGGER fail_fan_out").await;

    // A step that fails after the deliveries are written (storing the idempotent answer) leaves
    // no notice and no delivery.
    app.exec(
        "CREATE TRIGGER fail_answer BEFORE INSERT ON idempotency_keys \
         BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    )
    .await;
    let failed = me
        .post_with_key("/api/v1/complaints", "rollback-1", own_complaint())
        .await;
    assert_eq!(failed.status(), 500);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM notices").await, 1);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM deliveries").await, 2);
}

#[tokio::test]
async fn fan_out_follows_the_step_the_persons_choices_and_the_configured_channels() {
    let app = spawn_with(Fakes::all(Mode::Accept), quick()).await;
    let me = app.policyholder(ZHANG_WEI).await;
    let handler = app.staff("handler").await;
    let id = me.file(own_complaint()).await["id"].as_i64().unwrap();

    // Text messages off: a required step still goes by SMS.
    let off = me
        .client
        .put(format!("{}/api/v1/me/notifications", me.base))
        .json(&json!({ "sms": false, "email": false, "wechat": false }))
        .send()
        .await
        .unwrap();
    assert_eq!(off.status(), 200);
    handler.act_ok(id, json!({ "action": "accept" })).await;

    // A confirmed address and a linked WeChat, both chosen; text messages still off.
    app.exec(
        "UPDATE notification_prefs SET email = 1, wechat = 1, email_address = 'zhang@example.com', \
         email_confirmed_at = 1, wechat_openid = 'oZhangWei123'",
    )
    .await;
    handler
        .act_ok(id, json!({ "action": "start_handling" }))
        .await;

    let by_notice: Vec<(String, Vec<String>)> = {
        let notices: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, event FROM notices ORDER BY id")
                .fetch_all(&app.db)
                .await
                .unwrap();
        let outbound = app.outbound().await;
        notices
            .into_iter()
            .map(|(id, event)| {
                let event: Value = serde_json::from_str(&event).unwrap();
                let mut channels: Vec<String> = outbound
                    .iter()
                    .filter(|d| d.notice_id == Some(id))
                    .map(|d| format!("{}:{}", d.channel, d.recipient))
                    .collect();
                channels.sort();
                (
                    event["change"]["type"].as_str().unwrap().to_owned(),
                    channels,
                )
            })
            .collect()
    };
    assert_eq!(
        by_notice,
        vec![
            ("registered".to_owned(), vec![format!("sms:{ZHANG_WEI}")]),
            ("accepted".to_owned(), vec![format!("sms:{ZHANG_WEI}")]),
            (
                "handling_started".to_owned(),
                vec![
                    "email:zhang@example.com".to_owned(),
                    "wechat:oZhangWei123".to_owned()
                ]
            ),
        ]
    );

    // Without gateways, a notice goes to the inbox only.
    let plain = spawn_with(Fakes::default(), quick()).await;
    plain
        .policyholder(ZHANG_WEI)
        .await
        .file(own_complaint())
        .await;
    assert_eq!(plain.scalar("SELECT COUNT(*) FROM notices").await, 1);
    assert!(plain.outbound().await.is_empty());
}

#[tokio::test]
async fn the_dispatcher_sends_each_message_in_the_readers_language_with_its_case_link() {
    let app = spawn_with(Fakes::sms(Mode::Accept), quick()).await;
    let me = app.policyholder(ZHANG_WEI).await;
    let receipt = me.file(own_complaint()).await;
    let english = me
        .client
        .put(format!("{}/api/v1/me/notifications", me.base))
        .header("Accept-Language", "en")
        .json(&json!({ "sms": true, "email": false, "wechat": false }))
        .send()
        .await
        .unwrap();
    assert_eq!(english.status(), 200);
    me.file(own_complaint()).await;

    app.drain(tomorrow_at_ten_china()).await;
    let sms = app.fakes.sms.clone().unwrap();
    // Sent side by side: in the order of the deliveries, not of the calls.
    let mut calls = sms.calls();
    calls.sort_by_key(|c| c.reference.parse::<i64>().unwrap());
    assert_eq!(calls.len(), 2);
    let first = &calls[0].message;
    assert_eq!(first.kind, MessageKind::Progress);
    assert_eq!(
        first.title, "投诉已登记",
        "written when the reader was Chinese"
    );
    assert_eq!(
        first.case_number.as_deref(),
        receipt["case_number"].as_str()
    );
    assert_eq!(
        first.link.as_deref(),
        Some(format!("{PUBLIC_URL}/complaints/{}", receipt["id"]).as_str())
    );
    assert_eq!(calls[1].message.title, "Your complaint was registered");
    assert_eq!(calls[0].to, ZHANG_WEI);

    // The reference is the delivery's id; sent rows carry the send time and the provider's id.
    for delivery in app.outbound().await {
        assert_eq!(delivery.state, "sent");
        assert!(delivery.sent_at.is_some());
        assert!(sms.accepted().contains(&delivery.id.to_string()));
    }
    let refs: i64 = app
        .scalar("SELECT COUNT(*) FROM deliveries WHERE provider_ref = 'fake-' || id")
        .await;
    assert_eq!(refs, 2);
}

#[tokio::test]
async fn a_provider_failing_half_the_time_ends_with_every_message_sent_once() {
    let app = spawn_with(Fakes::sms(Mode::FailEveryOther), quick()).await;
    let me = app.policyholder(ZHANG_WEI).await;
    for _ in 0..5 {
        me.file(own_complaint()).await;
    }
    app.drain(tomorrow_at_ten_china()).await;

    let sms = app.fakes.sms.clone().unwrap();
    let accepted = sms.accepted();
    let unique: HashSet<&String> = accepted.iter().collect();
    assert_eq!(unique.len(), accepted.len(), "no message taken twice");
    let calls = sms.calls();
    for delivery in app.outbound().await {
        assert!(
            delivery.state == "sent" || delivery.state == "dead",
            "{delivery:?}"
        );
        let tries = calls
            .iter()
            .filter(|c| c.reference == delivery.id.to_string())
            .count();
        assert_eq!(delivery.attempts, tries as i64, "attempts counted");
        if delivery.state == "sent" {
            assert!(unique.contains(&delivery.id.to_string()));
        }
    }
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM deliveries WHERE state = 'sent' AND channel = 'sms'")
            .await as usize,
        unique.len()
    );
}

#[tokio::test]
async fn a_provider_that_always_fails_dead_letters_after_the_attempts_backing_off() {
    let app = spawn_with(Fakes::sms(Mode::FailAlways), quick()).await;
    let me = app.policyholder(ZHANG_WEI).await;
    me.file(own_complaint()).await;
    let start = tomorrow_at_ten_china();

    // First attempt fails: queued again after 1–2 s (base 2 s, jitter halves at most).
    let first = tick(&app.state, start).await.unwrap();
    assert_eq!((first.claimed, first.retried), (1, 1));
    let row = app.outbound().await.remove(0);
    assert_eq!((row.state.as_str(), row.attempts), ("queued", 1));
    let due = row.next_attempt_at.unwrap();
    assert!(
        (start + 1..=start + 2).contains(&due),
        "{due} after {start}"
    );
    assert_eq!(row.last_error.as_deref(), Some("provider unavailable"));
    // Not before it is due.
    assert_eq!(tick(&app.state, due - 1).await.unwrap().claimed, 0);

    // Second failure: 2–4 s; then the rest until dead.
    tick(&app.state, due).await.unwrap();
    let row = app.outbound().await.remove(0);
    let second = row.next_attempt_at.unwrap();
    assert!(
        (due + 2..=due + 4).contains(&second),
        "{second} after {due}"
    );

    app.drain(second).await;
    let row = app.outbound().await.remove(0);
    assert_eq!(row.state, "dead");
    assert_eq!(row.attempts, 4);
    assert_eq!(row.next_attempt_at, None);
    assert_eq!(row.last_error.as_deref(), Some("provider unavailable"));
    assert_eq!(app.fakes.sms.clone().unwrap().calls().len(), 4);

    // A final refusal is dead at once.
    app.fakes.sms.clone().unwrap().set_mode(Mode::Refuse);
    me.file(own_complaint()).await;
    let done = tick(&app.state, start + 3600).await.unwrap();
    assert_eq!(done.dead, 1);
    let refused = app.outbound().await.pop().unwrap();
    assert_eq!((refused.state.as_str(), refused.attempts), ("dead", 1));
    assert_eq!(refused.last_error.as_deref(), Some("invalid number"));
}

#[tokio::test]
async fn a_lost_dispatcher_lease_is_taken_over_with_the_same_reference() {
    let app = spawn_with(Fakes::sms(Mode::Accept), quick()).await;
    let me = app.policyholder(ZHANG_WEI).await;
    me.file(own_complaint()).await;
    let start = tomorrow_at_ten_china();
    // A dispatcher claimed the row and died before recording anything.
    app.exec(&format!(
        "UPDATE deliveries SET state = 'sending', attempts = 1, next_attempt_at = {} \
         WHERE channel = 'sms'",
        start + 60
    ))
    .await;
    assert_eq!(tick(&app.state, start + 59).await.unwrap().claimed, 0);
    assert_eq!(tick(&app.state, start + 60).await.unwrap().sent, 1);
    let row = app.outbound().await.remove(0);
    assert_eq!((row.state.as_str(), row.attempts), ("sent", 2));
    assert_eq!(
        app.fakes.sms.clone().unwrap().accepted(),
        vec![row.id.to_string()]
    );
}

#[tokio::test]
async fn text_messages_are_held_in_quiet_hours_and_sent_at_eight() {
    let app = spawn_with(Fakes::all(Mode::Accept), quick()).await;
    let me = app.policyholder(ZHANG_WEI).await;
    me.file(own_complaint()).await;
    app.exec(
        "UPDATE notification_prefs SET email = 1, email_address = 'zhang@example.com', \
         email_confirmed_at = 1",
    )
    .await;
    app.exec("DELETE FROM deliveries WHERE channel != 'inbox'")
        .await;
    let (notice_id, holder, event): (i64, i64, String) =
        sqlx::query_as("SELECT id, policyholder_id, event FROM notices")
            .fetch_one(&app.db)
            .await
            .unwrap();
    let event =
        portal_core::complaint::NoticeEvent::Complaint(serde_json::from_str(&event).unwrap());
    let day = tomorrow_at_ten_china() - 2 * 3600; // 00:00 UTC, 08:00 China time
    let evening = china(day, 22); // 22:00 China time
    let morning = day + 86_400; // 08:00 China time the next day
    let mut conn = app.db.acquire().await.unwrap();
    portal_server::notify::fan_out(
        &mut conn,
        &app.state.notify.routing,
        notice_id,
        holder,
        event.required_by_sms(),
        evening,
    )
    .await
    .unwrap();
    drop(conn);
    let rows = app.outbound().await;
    let sms = rows.iter().find(|d| d.channel == "sms").unwrap();
    let email = rows.iter().find(|d| d.channel == "email").unwrap();
    assert_eq!(
        (sms.state.as_str(), sms.next_attempt_at),
        ("held", Some(morning))
    );
    assert_eq!(
        (email.state.as_str(), email.next_attempt_at),
        ("queued", Some(evening)),
        "only text messages wait"
    );

    // At 23:00 the email goes, the text message waits; at 08:00 it goes.
    let night = tick(&app.state, evening + 3600).await.unwrap();
    assert_eq!((night.claimed, night.sent), (1, 1));
    assert!(app.fakes.sms.clone().unwrap().calls().is_empty());
    assert_eq!(tick(&app.state, morning - 1).await.unwrap().claimed, 0);
    assert_eq!(tick(&app.state, morning).await.unwrap().sent, 1);
    assert_eq!(app.fakes.sms.clone().unwrap().calls().len(), 1);

    // A retry that falls in quiet hours is held until 08:00, never dropped.
    let sms_fake = app.fakes.sms.clone().unwrap();
    sms_fake.set_mode(Mode::FailAlways);
    app.exec(&format!(
        "UPDATE deliveries SET state = 'queued', attempts = 0, next_attempt_at = {} \
         WHERE channel = 'sms'",
        china(day, 21) - 1
    ))
    .await;
    tick(&app.state, china(day, 21) - 1).await.unwrap();
    let row = app
        .outbound()
        .await
        .into_iter()
        .find(|d| d.channel == "sms")
        .unwrap();
    assert_eq!(
        (row.state.as_str(), row.next_attempt_at),
        ("held", Some(morning))
    );
    sms_fake.set_mode(Mode::Accept);
    assert_eq!(tick(&app.state, morning).await.unwrap().sent, 1);

    // A text message due at night (a staff retry at 23:00) is held, its attempts unchanged.
    app.exec(&format!(
        "UPDATE deliveries SET state = 'queued', attempts = 2, next_attempt_at = {} \
         WHERE channel = 'sms'",
        china(day, 23)
    ))
    .await;
    let calls = sms_fake.calls().len();
    tick(&app.state, china(day, 23)).await.unwrap();
    let row = app
        .outbound()
        .await
        .into_iter()
        .find(|d| d.channel == "sms")
        .unwrap();
    assert_eq!(
        (row.state.as_str(), row.next_attempt_at, row.attempts),
        ("held", Some(morning), 2)
    );
    assert_eq!(sms_fake.calls().len(), calls, "nothing sent at night");
}

#[tokio::test]
async fn claim_and_survey_messages_link_to_the_claim_page_and_the_signed_survey_link() {
    let app = spawn_with(Fakes::sms(Mode::Accept), quick()).await;
    let me = app.policyholder(ZHANG_WEI).await;
    let policy: i64 = sqlx::query_scalar(
        "SELECT p.id FROM policies p JOIN policyholders h ON h.id = p.policyholder_id \
         WHERE h.phone = ? AND p.kind = 'medical' ORDER BY p.id LIMIT 1",
    )
    .bind(ZHANG_WEI)
    .fetch_one(&app.db)
    .await
    .unwrap();
    let claim = crate::claims::report(
        &me,
        json!({
            "policy_id": policy,
            "kind": "medical",
            "incident_date": (crate::claims::china_today() - chrono::Days::new(1)).to_string(),
            "incident_time": "09:30",
            "place": "上海市第一人民医院",
            "description": "急性阑尾炎住院手术。",
            "contact_phone": ZHANG_WEI,
        }),
    )
    .await;
    // The complainant withdraws: the notice is the invitation to the survey (not required,
    // sent because text messages are on by default).
    let complaint = me.file(own_complaint()).await;
    me.act_ok(
        complaint["id"].as_i64().unwrap(),
        json!({ "action": "withdraw" }),
    )
    .await;
    app.drain(tomorrow_at_ten_china()).await;

    let calls = app.fakes.sms.clone().unwrap().calls();
    let claim_message = calls
        .iter()
        .find(|c| c.message.case_number.as_deref() == claim["claim_number"].as_str())
        .map(|c| c.message.clone())
        .unwrap_or_else(|| panic!("no message for {claim}: {calls:?}"));
    assert_eq!(claim_message.title, "案件受理成功");
    assert_eq!(
        claim_message.link,
        Some(format!("{PUBLIC_URL}/claims/{}", claim["id"]))
    );
    let survey = calls
        .iter()
        .find(|c| c.message.kind == MessageKind::Survey)
        .map(|c| c.message.clone())
        .unwrap();
    assert_eq!(
        survey.case_number.as_deref(),
        complaint["case_number"].as_str()
    );
    let link = survey.link.unwrap();
    let token = link
        .strip_prefix(&format!("{PUBLIC_URL}/s/"))
        .unwrap_or_else(|| panic!("{link}"));
    let (invitation, version) =
        portal_server::surveys::link::verify(&app.state.surveys.link_key, token).unwrap();
    let stored: (i64, i64) = sqlx::query_as("SELECT id, token_version FROM survey_invitations")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!((invitation, version), stored);
}

#[tokio::test]
async fn the_running_dispatcher_is_woken_by_the_commit_that_wrote_a_delivery() {
    // Polling every hour: only the wake-up after the commit can send it in time.
    let settings = DispatchSettings {
        poll: std::time::Duration::from_secs(3600),
        ..quick()
    };
    let app = spawn_with(Fakes::email(Mode::Accept), settings).await;
    let me = app.policyholder(ZHANG_WEI).await;
    app.exec(
        "UPDATE notification_prefs SET email = 1, email_address = 'zhang@example.com', \
         email_confirmed_at = 1",
    )
    .await;
    let dispatcher = tokio::spawn(portal_server::notify::dispatcher::run(app.state.clone()));
    // The first tick finds nothing; the dispatcher then waits for a wake-up.
    me.file(own_complaint()).await;
    let email = app.fakes.email.clone().unwrap();
    let sent = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        loop {
            if !email.accepted().is_empty() {
                break;
            }
            tokio::task::yield_now().await;
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    })
    .await;
    dispatcher.abort();
    assert!(sent.is_ok(), "the email was not sent after the commit");
    let row = app.outbound().await.remove(0);
    assert_eq!(
        (row.channel.as_str(), row.state.as_str()),
        ("email", "sent")
    );
}

#[tokio::test]
async fn a_panicking_sender_or_an_unreadable_notice_fails_only_its_own_delivery() {
    let app = spawn_with(Fakes::sms(Mode::Panic), quick()).await;
    let me = app.policyholder(ZHANG_WEI).await;
    me.file(own_complaint()).await;
    let start = tomorrow_at_ten_china();
    let done = tick(&app.state, start).await.unwrap();
    assert_eq!(done.retried, 1);
    let row = app.outbound().await.remove(0);
    assert_eq!(row.state, "queued");
    assert_eq!(
        row.last_error.as_deref(),
        Some("the sender failed unexpectedly")
    );

    // A notice whose stored event cannot be read is a dead letter, not a loop.
    app.fakes.sms.clone().unwrap().set_mode(Mode::Accept);
    me.file(own_complaint()).await;
    app.exec(
        "UPDATE notices SET event = '{\"not\": \"an event\"}' \
         WHERE id = (SELECT MAX(id) FROM notices)",
    )
    .await;
    app.drain(start + 60).await;
    let rows = app.outbound().await;
    assert_eq!(rows[0].state, "sent");
    assert_eq!(rows[1].state, "dead");
    assert_eq!(
        rows[1].last_error.as_deref(),
        Some("the notice cannot be read")
    );
}
