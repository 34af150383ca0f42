//! Progress notices that leave the portal (进度通知): the outbox, the channels and live updates.
//!
//! The transaction that writes a notice (`db::notices::insert`) also writes one row of
//! `deliveries` per channel the notice goes to ([`fan_out`]): the inbox always, at once; text
//! message, email and WeChat by the notice's kind, the person's choices and what the company has
//! configured ([`Routing`]). The [`dispatcher`] sends the due rows through the channel's
//! [`Sender`], retrying with backoff, and dead-letters what keeps failing. [`live`] pushes new
//! notices to the person's open pages (`GET /api/v1/inbox/stream`).
//!
//! No code, token or full phone number is ever written to a log here: senders report failures in
//! words that hold none of them.

pub mod dispatcher;
pub mod live;
pub mod prefs;
pub mod senders;
pub mod texts;

use std::collections::BTreeSet;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use portal_core::Lang;
use portal_core::notify::Channel;

pub use prefs::fan_out;

/// What a message is, for the templates of every channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    /// A step of a complaint or a claim.
    Progress,
    /// An invitation to a satisfaction survey, or its reminder.
    Survey,
    /// A login code (text message only; never stored, never held, never logged).
    LoginCode,
    /// The link that confirms a new email address (email only).
    EmailConfirmation,
}

/// One message to one person, in their language; each channel renders it with its own template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// What it is.
    pub kind: MessageKind,
    /// The language to write it in.
    pub lang: Lang,
    /// The case number, for progress and survey messages.
    pub case_number: Option<String>,
    /// The notice's title in `lang` (empty for login codes and confirmations).
    pub title: String,
    /// The absolute address to open: the case page, the survey link, the confirmation link.
    pub link: Option<String>,
    /// The login code, for [`MessageKind::LoginCode`] only.
    pub code: Option<String>,
}

/// The provider took the message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Accepted {
    /// The provider's id of the message (matched by delivery receipts), if it gives one.
    pub provider_ref: Option<String>,
}

/// The provider did not take the message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct SendFailure {
    /// Worth trying again (a timeout, a 5xx, throttling); `false` for a final refusal (an
    /// invalid number, a template the provider rejected).
    pub retryable: bool,
    /// What went wrong, for staff and the log: never a code, a token or a full phone number.
    pub reason: String,
}

impl SendFailure {
    /// A failure worth retrying.
    pub fn retry(reason: impl Into<String>) -> SendFailure {
        SendFailure {
            retryable: true,
            reason: reason.into(),
        }
    }

    /// A final refusal.
    pub fn refused(reason: impl Into<String>) -> SendFailure {
        SendFailure {
            retryable: false,
            reason: reason.into(),
        }
    }
}

/// The future a sender returns.
pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<Accepted, SendFailure>> + Send + 'a>>;

/// One outbound channel's gateway (an SMS provider, SMTP, the WeChat API).
pub trait Sender: Send + Sync + 'static {
    /// The channel it serves.
    fn channel(&self) -> Channel;

    /// Sends `message` to `to` (a phone number, an email address or an openid). `reference` is
    /// the delivery's id, passed to the provider as the client reference so that a retry after a
    /// timeout is not a second message where the provider can tell.
    fn send<'a>(&'a self, to: &'a str, reference: &'a str, message: &'a Message) -> SendFuture<'a>;
}

/// Which channels notices can take: the inbox always, plus those the company configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routing {
    /// The channels with a configured sender, and the inbox.
    pub available: BTreeSet<Channel>,
}

impl Routing {
    /// Whether notices can go through `channel`.
    pub fn offers(&self, channel: Channel) -> bool {
        self.available.contains(&channel)
    }
}

/// Everything the outbox needs at run time: the routing, the senders, the dispatcher's settings
/// and wake-up, and the live hub. One per server; cheap to share.
pub struct Notifier {
    /// Which channels notices can take.
    pub routing: Routing,
    /// The configured senders.
    pub senders: senders::Senders,
    /// The dispatcher's settings.
    pub dispatch: dispatcher::DispatchSettings,
    /// Wakes the dispatcher at once (after a commit that wrote deliveries, a staff retry).
    pub wake: tokio::sync::Notify,
    /// New notices to the open event streams.
    pub live: live::Live,
    /// The portal's public address (`PORTAL_PUBLIC_URL`), for the links in messages.
    pub public_url: String,
    /// The key that signs email confirmation links ([`crate::claims::link::load_key`] of [`prefs::EMAIL_KEY_NAME`], loaded at start;
    /// empty until then, and no link verifies under an empty key).
    pub email_key: Vec<u8>,
}

impl Notifier {
    /// The sender of a channel, if the company configured one.
    pub fn sender(&self, channel: Channel) -> Option<&Arc<dyn Sender>> {
        self.senders.get(channel)
    }
}

impl Notifier {
    /// Sends a login code by text message, at once (never queued, never held, never logged: a
    /// code lives minutes and must not rest in the outbox). Without a configured SMS gateway
    /// nothing is sent: the demo shows the code on screen, and the server warns at start.
    pub async fn send_login_code(
        &self,
        phone: &portal_core::PhoneNumber,
        code: &str,
        lang: Lang,
    ) -> Result<(), SendFailure> {
        let Some(sms) = self.sender(Channel::Sms) else {
            return Ok(());
        };
        let message = Message {
            kind: MessageKind::LoginCode,
            lang,
            case_number: None,
            title: String::new(),
            link: None,
            code: Some(code.to_owned()),
        };
        let reference = format!("otp-{}", crate::auth::secret::new_reference());
        sms.send(phone.as_str(), &reference, &message)
            .await
            .map(|_| ())
    }
}

/// When the quiet hours that `at` (seconds since the epoch) falls in end, in seconds; `None`
/// outside them ([`portal_core::notify::quiet_hours_end`] on the outbox's clock).
pub fn quiet_until(at: i64) -> Option<i64> {
    let at = chrono::DateTime::from_timestamp(at, 0)?;
    portal_core::notify::quiet_hours_end(at).map(|end| end.timestamp())
}

/// Why the notice channels could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum NotifyConfigError {
    /// `PORTAL_NOTIFY_FILE` could not be read or is not valid.
    #[error("{0}")]
    File(String),
}

impl Notifier {
    /// Sets up the channels from `PORTAL_NOTIFY_FILE` and the environment (see
    /// [`senders::Senders::load`]): only the inbox unless a gateway is configured.
    pub fn load(config: &crate::Config) -> Result<Notifier, NotifyConfigError> {
        Ok(Notifier::with_senders(
            senders::Senders::load(config)?,
            dispatcher::DispatchSettings::from_config(config),
            config.public_url.clone(),
        ))
    }
}
