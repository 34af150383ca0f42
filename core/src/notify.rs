//! How progress notices leave the portal (进度通知): the channels, the state of each delivery,
//! the person's choices, quiet hours and the retry schedule. The server's outbox and dispatcher
//! apply these rules; the web app shows their result.

use chrono::{DateTime, NaiveTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::complaint::{Notice, NoticeEvent};
use crate::i18n::Lang;

/// A way a notice reaches a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// The portal's own inbox: every notice, at once.
    Inbox,
    /// A text message to the login number.
    Sms,
    /// An email to a confirmed address.
    Email,
    /// A WeChat official account message, for people who linked their WeChat.
    Wechat,
}

impl Channel {
    /// Every channel, in the order screens list them.
    pub const ALL: [Channel; 4] = [
        Channel::Inbox,
        Channel::Sms,
        Channel::Email,
        Channel::Wechat,
    ];

    /// The stored and JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Inbox => "inbox",
            Channel::Sms => "sms",
            Channel::Email => "email",
            Channel::Wechat => "wechat",
        }
    }

    /// The channel of a stored name.
    pub fn parse(name: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == name)
    }

    /// The name people read.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Channel::Inbox => lang.pick("站内消息", "Portal inbox"),
            Channel::Sms => lang.pick("短信", "Text message"),
            Channel::Email => lang.pick("电子邮件", "Email"),
            Channel::Wechat => lang.pick("微信", "WeChat"),
        }
    }
}

/// Where one delivery of a notice stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Waiting for its first attempt or for a retry after a failed one.
    Queued,
    /// A text message held during quiet hours (21:00–08:00 China time), sent after them.
    Held,
    /// Being handed to the provider now (the dispatcher holds a lease on it).
    Sending,
    /// The provider accepted it (`sent_at` is the proof of notification time).
    Sent,
    /// The provider's receipt says it reached the person.
    Delivered,
    /// The provider's receipt says it did not reach the person (a final answer, not retried).
    Failed,
    /// Every attempt failed; staff can see it and retry it.
    Dead,
}

impl DeliveryState {
    /// Every state.
    pub const ALL: [DeliveryState; 7] = [
        DeliveryState::Queued,
        DeliveryState::Held,
        DeliveryState::Sending,
        DeliveryState::Sent,
        DeliveryState::Delivered,
        DeliveryState::Failed,
        DeliveryState::Dead,
    ];

    /// The stored and JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Queued => "queued",
            DeliveryState::Held => "held",
            DeliveryState::Sending => "sending",
            DeliveryState::Sent => "sent",
            DeliveryState::Delivered => "delivered",
            DeliveryState::Failed => "failed",
            DeliveryState::Dead => "dead",
        }
    }

    /// The state of a stored name.
    pub fn parse(name: &str) -> Option<DeliveryState> {
        DeliveryState::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Whether the dispatcher still has work to do on it.
    pub fn is_pending(self) -> bool {
        matches!(
            self,
            DeliveryState::Queued | DeliveryState::Held | DeliveryState::Sending
        )
    }

    /// The words people read.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            DeliveryState::Queued | DeliveryState::Sending => lang.pick("发送中", "Sending"),
            DeliveryState::Held => {
                lang.pick("夜间暂缓，早 8 点发送", "Held overnight, sent after 8:00")
            }
            DeliveryState::Sent => lang.pick("已发送", "Sent"),
            DeliveryState::Delivered => lang.pick("已送达", "Delivered"),
            DeliveryState::Failed => lang.pick("未送达", "Not delivered"),
            DeliveryState::Dead => lang.pick("发送失败", "Could not be sent"),
        }
    }
}

/// The start of quiet hours, China time: non-urgent text messages wait from then.
pub const QUIET_FROM: NaiveTime = match NaiveTime::from_hms_opt(21, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};
/// The end of quiet hours, China time.
pub const QUIET_UNTIL: NaiveTime = match NaiveTime::from_hms_opt(8, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

const CHINA_OFFSET: TimeDelta = TimeDelta::hours(8);

/// When the quiet hours around `at` end (08:00 China time), or `None` when `at` is not in them
/// (21:00 up to 08:00 China time). A held text message is sent at the returned instant.
pub fn quiet_hours_end(at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let local = at.naive_utc().checked_add_signed(CHINA_OFFSET)?;
    let time = local.time();
    let end_day = if time >= QUIET_FROM {
        local.date().succ_opt()?
    } else if time < QUIET_UNTIL {
        local.date()
    } else {
        return None;
    };
    let end = end_day
        .and_time(QUIET_UNTIL)
        .checked_sub_signed(CHINA_OFFSET)?;
    Some(end.and_utc())
}

/// How long the dispatcher waits before attempt `attempt + 1` after `attempt` failed ones
/// (`attempt` ≥ 1): exponential from `base`, at most `cap`, scaled by `jitter` (a random number in
/// `[0, 1)`) to between half and all of it, so that many failed deliveries do not retry at once.
pub fn retry_delay(attempt: u32, base: TimeDelta, cap: TimeDelta, jitter: f64) -> TimeDelta {
    let exponent = attempt.saturating_sub(1).min(30);
    let full = base
        .checked_mul(1_i32 << exponent.min(30))
        .unwrap_or(cap)
        .min(cap);
    let jitter = jitter.clamp(0.0, 1.0);
    let millis = full.num_milliseconds() as f64 * (0.5 + jitter / 2.0);
    TimeDelta::milliseconds(millis as i64)
}

/// `GET /api/v1/me/notifications`: how the person hears of their cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationSettings {
    /// What the person chose for notices that are not required.
    pub choices: NotificationChoices,
    /// The channels the company has configured (the inbox always); the others are not offered.
    pub available: Vec<Channel>,
    /// The login number, masked (`138****8000`): where text messages go.
    pub phone_masked: String,
    /// The confirmed email address, if any.
    pub email: Option<String>,
    /// An address waiting for the person to open the confirmation link sent to it.
    pub email_pending: Option<String>,
    /// Whether a WeChat account is linked (messages can go there).
    pub wechat_linked: bool,
    /// Which steps are always sent by text message whatever the choices, because the company
    /// must prove it told the person (acceptance, decision, a request for materials, …), as
    /// titles in the reader's language.
    pub required_by_sms: Vec<String>,
}

/// `PUT /api/v1/me/notifications`: the channels chosen for notices that are not required.
/// The inbox is not a choice: every notice is there.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationChoices {
    /// Text messages to the login number.
    pub sms: bool,
    /// Email to the confirmed address.
    pub email: bool,
    /// WeChat messages, once linked.
    pub wechat: bool,
}

/// `PUT /api/v1/me/email`: an address to confirm; a link is sent to it, and it is used only once
/// the person opens that link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewEmail {
    /// The address as typed.
    pub email: String,
}

/// An email address: trimmed, one `@`, a dot in the domain, no spaces or control characters,
/// at most 254 characters. The domain is lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Checks and normalises an address as typed; `None` when it is not one.
    pub fn parse(input: &str) -> Option<EmailAddress> {
        let input = input.trim();
        if input.is_empty() || input.chars().count() > 254 {
            return None;
        }
        let (local, domain) = input.split_once('@')?;
        let bad = |c: char| c.is_whitespace() || c.is_control() || c == '@' || c == '<' || c == '>';
        if local.is_empty()
            || local.chars().count() > 64
            || local.chars().any(bad)
            || domain.chars().any(bad)
            || domain.starts_with('.')
            || domain.ends_with('.')
            || domain.contains("..")
            || !domain.contains('.')
        {
            return None;
        }
        Some(EmailAddress(format!("{local}@{}", domain.to_lowercase())))
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One event of `GET /api/v1/inbox/stream` (server-sent event `notice`, its `id` the notice's
/// id) and one item of the polling fallback: a new notice and the unread count after it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboxEvent {
    /// The new notice, as `GET /inbox` lists it.
    pub notice: Notice,
    /// The person's unread count once it arrived.
    pub unread: u32,
}

/// `POST /api/v1/me/email/confirm` answers this: the address now confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailConfirmed {
    /// The confirmed address.
    pub email: String,
}

/// `POST /api/v1/me/email/confirm`: the token of the link sent to the new address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailConfirmation {
    /// The last path segment of `/settings/email/{token}`.
    pub token: String,
}

impl crate::complaint::machine::Change {
    /// Whether a complaint's step is sent by text message whatever the person chose (when the
    /// company has an SMS gateway): the steps the company must prove it told the person of in
    /// time — registered, materials requested, accepted or not, passed on, its deadline extended,
    /// decided. Other steps follow the person's choices.
    pub fn required_by_sms(&self) -> bool {
        use crate::complaint::machine::Change as Complaint;
        matches!(
            self,
            Complaint::Registered { .. }
                | Complaint::MaterialsRequested { .. }
                | Complaint::Accepted
                | Complaint::NotAccepted { .. }
                | Complaint::TransferredOut { .. }
                | Complaint::DecisionExtended { .. }
                | Complaint::Decided { .. }
        )
    }
}

impl crate::claim::machine::Change {
    /// Whether a claim's step is sent by text message whatever the person chose: accepted,
    /// documents requested, decided (the refusal through its refusal notice), paid.
    pub fn required_by_sms(&self) -> bool {
        use crate::claim::machine::Change as Claim;
        matches!(
            self,
            Claim::Accepted
                | Claim::DocumentsRequested { .. }
                | Claim::Decided { .. }
                | Claim::RefusalNotified { .. }
                | Claim::Paid { .. }
        )
    }
}

impl NoticeEvent {
    /// Whether this notice is sent by text message whatever the person chose: a complaint's or
    /// a claim's step that its `Change::required_by_sms` names; survey invitations never are.
    pub fn required_by_sms(&self) -> bool {
        match self {
            NoticeEvent::Complaint(event) => event.change.required_by_sms(),
            NoticeEvent::Claim(event) => event.change.required_by_sms(),
            NoticeEvent::Survey(_) => false,
        }
    }
}

/// The steps [`NoticeEvent::required_by_sms`] always sends by text message, as the settings page
/// lists them, in `lang`.
pub fn required_by_sms_steps(lang: Lang) -> Vec<String> {
    [
        ("投诉登记", "Complaint registered"),
        ("投诉补正材料通知", "Complaint: missing materials requested"),
        ("投诉受理或不予受理", "Complaint accepted or not accepted"),
        ("投诉转交", "Complaint passed on"),
        ("投诉处理期限延长", "Complaint decision deadline extended"),
        ("投诉处理决定", "Complaint decided"),
        ("理赔受理", "Claim accepted"),
        ("理赔补充材料通知", "Claim: missing documents requested"),
        (
            "理赔核定结果（含拒赔通知）",
            "Claim decided (including a refusal)",
        ),
        ("理赔赔款到账", "Claim paid"),
    ]
    .into_iter()
    .map(|(zh, en)| lang.pick(zh, en).to_owned())
    .collect()
}

/// A recipient as staff may see it: `138****8000`, `z***@example.com`, `o***`; never in full.
pub fn mask_recipient(channel: Channel, recipient: &str) -> String {
    match channel {
        Channel::Inbox => String::new(),
        Channel::Sms => {
            let digits: Vec<char> = recipient.chars().collect();
            if digits.len() >= 8 {
                let head: String = digits[..3].iter().collect();
                let tail: String = digits[digits.len() - 4..].iter().collect();
                format!("{head}****{tail}")
            } else {
                "****".to_owned()
            }
        }
        Channel::Email => match recipient.split_once('@') {
            Some((local, domain)) => {
                let first: String = local.chars().take(1).collect();
                format!("{first}***@{domain}")
            }
            None => "***".to_owned(),
        },
        Channel::Wechat => {
            let first: String = recipient.chars().take(1).collect();
            format!("{first}***")
        }
    }
}

/// One delivery of the outbox as staff see it (`GET /api/v1/staff/deliveries`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffDelivery {
    /// The delivery's id (the providers' client reference).
    pub id: i64,
    /// The notice it sends; absent for an email confirmation.
    pub notice_id: Option<i64>,
    /// `notice` or `email_confirmation`.
    pub purpose: String,
    /// The kind of case the notice is about (`complaint` or `claim`).
    pub case_kind: Option<String>,
    /// The case's id.
    pub case_id: Option<i64>,
    /// The case number.
    pub case_number: Option<String>,
    /// Whose it is.
    pub policyholder_id: i64,
    /// The channel.
    pub channel: Channel,
    /// Where it stands.
    pub state: DeliveryState,
    /// The recipient, masked (`138****8000`, `z***@example.com`, `o***`).
    pub recipient_masked: String,
    /// Attempts made so far.
    pub attempts: u32,
    /// When it is due (queued, held) or its lease runs out (sending).
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// The provider's id of the message.
    pub provider_ref: Option<String>,
    /// When the provider took it.
    pub sent_at: Option<DateTime<Utc>>,
    /// When a receipt said it arrived.
    pub delivered_at: Option<DateTime<Utc>>,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn quiet_hours_are_21_to_8_china_time() {
        // 20:59 China time: not quiet.
        assert_eq!(quiet_hours_end(at("2026-12-01T12:59:00Z")), None);
        // 21:00 China time: quiet until 08:00 the next morning (00:00 UTC).
        assert_eq!(
            quiet_hours_end(at("2026-12-01T13:00:00Z")),
            Some(at("2026-12-02T00:00:00Z"))
        );
        // 02:30 China time (18:30 UTC the day before): quiet until 08:00 the same China day.
        assert_eq!(
            quiet_hours_end(at("2026-12-01T18:30:00Z")),
            Some(at("2026-12-02T00:00:00Z"))
        );
        // 08:00 China time sharp: not quiet.
        assert_eq!(quiet_hours_end(at("2026-12-02T00:00:00Z")), None);
    }

    #[test]
    fn retries_back_off_exponentially_within_the_cap_and_jitter() {
        let (base, cap) = (TimeDelta::seconds(10), TimeDelta::minutes(10));
        assert_eq!(retry_delay(1, base, cap, 1.0), TimeDelta::seconds(10));
        assert_eq!(retry_delay(1, base, cap, 0.0), TimeDelta::seconds(5));
        assert_eq!(retry_delay(3, base, cap, 1.0), TimeDelta::seconds(40));
        assert_eq!(retry_delay(20, base, cap, 1.0), cap);
        assert_eq!(
            retry_delay(u32::MAX, base, cap, 0.5),
            TimeDelta::seconds(450)
        );
    }

    #[test]
    fn names_round_trip() {
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Some(c));
            assert_ne!(c.label(Lang::ZhCn), c.label(Lang::En));
        }
        for s in DeliveryState::ALL {
            assert_eq!(DeliveryState::parse(s.as_str()), Some(s));
        }
        assert_eq!(Channel::parse("fax"), None);
    }

    #[test]
    fn email_addresses_are_checked_and_normalised() {
        assert_eq!(
            EmailAddress::parse(" Zhang.Wei@Example.COM ").map(|e| e.to_string()),
            Some("Zhang.Wei@example.com".into())
        );
        for bad in [
            "",
            "zhang",
            "zhang@",
            "@example.com",
            "a b@example.com",
            "a@example",
            "a@@b.cn",
            "a@b..cn",
            "a@.b.cn",
        ] {
            assert_eq!(EmailAddress::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn recipients_are_masked() {
        assert_eq!(mask_recipient(Channel::Sms, "13800138000"), "138****8000");
        assert_eq!(
            mask_recipient(Channel::Email, "zhang@example.com"),
            "z***@example.com"
        );
        assert_eq!(mask_recipient(Channel::Wechat, "oAbCdEf123"), "o***");
        assert_eq!(mask_recipient(Channel::Sms, "12"), "****");
    }

    #[test]
    fn regulatory_steps_are_required_by_sms_and_the_rest_follow_choices() {
        use crate::claim::machine::{Change as Claim, Event as ClaimEvent, Role as ClaimRole};
        use crate::complaint::machine::{Change as Complaint, Event, Role};
        let at = at("2026-12-01T02:00:00Z");
        let complaint = |change| {
            NoticeEvent::Complaint(Event {
                at,
                by: Role::Handler,
                change,
            })
        };
        let claim = |change| {
            NoticeEvent::Claim(ClaimEvent {
                at,
                by: ClaimRole::Handler,
                change,
            })
        };
        assert!(complaint(Complaint::Accepted).required_by_sms());
        assert!(complaint(Complaint::MaterialsRequested { items: vec![] }).required_by_sms());
        assert!(
            complaint(Complaint::TransferredOut {
                to: "银保监".into()
            })
            .required_by_sms()
        );
        assert!(!complaint(Complaint::HandlingStarted).required_by_sms());
        assert!(!complaint(Complaint::MaterialsCompleted).required_by_sms());
        assert!(!complaint(Complaint::Closed).required_by_sms());
        assert!(claim(Claim::Accepted).required_by_sms());
        assert!(
            claim(Claim::DocumentsRequested {
                slots: vec![],
                after_review: false
            })
            .required_by_sms()
        );
        assert!(!claim(Claim::DocumentsCompleted).required_by_sms());
        assert!(
            !claim(Claim::InvestigationStarted {
                what: "现场查勘".into()
            })
            .required_by_sms()
        );
        let survey = NoticeEvent::Survey(crate::survey::SurveyNotice {
            at,
            invitation_id: 1,
            reminder: false,
            expires_at: at,
        });
        assert!(!survey.required_by_sms());
        assert_eq!(required_by_sms_steps(Lang::En).len(), 10);
    }
}
