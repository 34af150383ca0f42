//! The person's choices of channels (`notification_prefs`), the signed link that confirms a new
//! email address, and the fan-out of a notice into its deliveries.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use portal_core::Lang;
use portal_core::notify::{Channel, DeliveryState, NotificationChoices};

use super::Routing;
use crate::auth::secret::same_hash;
use crate::claims::link::hmac_sha256;
use crate::db::deliveries::{self, NewDelivery};

/// A person's stored choices; the defaults when they never changed them (text messages on,
/// email and WeChat off, Chinese).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Prefs {
    /// Text messages for notices that are not required.
    pub sms: bool,
    /// Email, once an address is confirmed.
    pub email: bool,
    /// WeChat, once an account is linked.
    pub wechat: bool,
    /// The language messages are written in (`zh-CN`, `en`).
    pub lang: String,
    /// The confirmed address.
    pub email_address: Option<String>,
    /// When it was confirmed.
    pub email_confirmed_at: Option<i64>,
    /// An address waiting for its link to be opened.
    pub email_pending: Option<String>,
    /// When that link was made.
    pub email_pending_at: Option<i64>,
    /// The linked WeChat openid.
    pub wechat_openid: Option<String>,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            sms: true,
            email: false,
            wechat: false,
            lang: Lang::ZhCn.tag().to_owned(),
            email_address: None,
            email_confirmed_at: None,
            email_pending: None,
            email_pending_at: None,
            wechat_openid: None,
        }
    }
}

impl Prefs {
    /// The confirmed address, if any.
    pub fn confirmed_email(&self) -> Option<&str> {
        self.email_address
            .as_deref()
            .filter(|_| self.email_confirmed_at.is_some())
    }

    /// The choices as the API shows them.
    pub fn choices(&self) -> NotificationChoices {
        NotificationChoices {
            sms: self.sms,
            email: self.email,
            wechat: self.wechat,
        }
    }
}

/// The person's choices (the defaults if none are stored).
pub async fn load(conn: &mut sqlx::SqliteConnection, policyholder_id: i64) -> sqlx::Result<Prefs> {
    let prefs: Option<Prefs> = sqlx::query_as(
        "SELECT sms, email, wechat, lang, email_address, email_confirmed_at, email_pending, \
             email_pending_at, wechat_openid \
         FROM notification_prefs WHERE policyholder_id = ?",
    )
    .bind(policyholder_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(prefs.unwrap_or_default())
}

/// Stores the language messages are written in (at login, on a change of choices).
pub async fn set_lang(
    conn: &mut sqlx::SqliteConnection,
    policyholder_id: i64,
    lang: Lang,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO notification_prefs (policyholder_id, lang, updated_at) VALUES (?, ?, ?) \
         ON CONFLICT (policyholder_id) DO UPDATE SET lang = excluded.lang, \
             updated_at = excluded.updated_at",
    )
    .bind(policyholder_id)
    .bind(lang.tag())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Stores the person's choices and language.
pub async fn set_choices(
    conn: &mut sqlx::SqliteConnection,
    policyholder_id: i64,
    choices: NotificationChoices,
    lang: Lang,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO notification_prefs (policyholder_id, sms, email, wechat, lang, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?) \
         ON CONFLICT (policyholder_id) DO UPDATE SET sms = excluded.sms, \
             email = excluded.email, wechat = excluded.wechat, lang = excluded.lang, \
             updated_at = excluded.updated_at",
    )
    .bind(policyholder_id)
    .bind(choices.sms)
    .bind(choices.email)
    .bind(choices.wechat)
    .bind(lang.tag())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Stores an address waiting for confirmation (replacing any earlier one, whose link dies).
pub async fn set_pending(
    conn: &mut sqlx::SqliteConnection,
    policyholder_id: i64,
    email: &str,
    lang: Lang,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO notification_prefs (policyholder_id, lang, email_pending, email_pending_at, \
             updated_at) VALUES (?, ?, ?, ?, ?) \
         ON CONFLICT (policyholder_id) DO UPDATE SET lang = excluded.lang, \
             email_pending = excluded.email_pending, \
             email_pending_at = excluded.email_pending_at, updated_at = excluded.updated_at",
    )
    .bind(policyholder_id)
    .bind(lang.tag())
    .bind(email)
    .bind(now)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Makes the pending address the confirmed one and turns email notices on (adding an address is
/// asking for them), if it is still `email` made at `pending_at`.
pub async fn confirm(
    conn: &mut sqlx::SqliteConnection,
    policyholder_id: i64,
    email: &str,
    pending_at: i64,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE notification_prefs SET email_address = email_pending, email_confirmed_at = ?, \
             email = 1, email_pending = NULL, email_pending_at = NULL, updated_at = ? \
         WHERE policyholder_id = ? AND email_pending = ? AND email_pending_at = ?",
    )
    .bind(now)
    .bind(now)
    .bind(policyholder_id)
    .bind(email)
    .bind(pending_at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The name of the email links' signing key in `server_keys`.
pub const EMAIL_KEY_NAME: &str = "email_links";

/// How long a confirmation link works.
pub const EMAIL_LINK_SECS: i64 = 3 * 24 * 3600;

/// Bytes of a decoded token: person (8), the pending address's time (8), MAC (32).
const TOKEN_BYTES: usize = 48;

fn mac(key: &[u8], policyholder_id: i64, pending_at: i64, email: &str) -> [u8; 32] {
    let mut signed = Vec::with_capacity(16 + email.len());
    signed.extend_from_slice(&policyholder_id.to_be_bytes());
    signed.extend_from_slice(&pending_at.to_be_bytes());
    signed.extend_from_slice(email.as_bytes());
    hmac_sha256(key, &signed)
}

/// The token of the link confirming `email` for a person, made at `pending_at`: it names the
/// person and the time, and signs them with the address (so another address fails it).
pub fn sign_email(key: &[u8], policyholder_id: i64, pending_at: i64, email: &str) -> String {
    let mut token = Vec::with_capacity(TOKEN_BYTES);
    token.extend_from_slice(&policyholder_id.to_be_bytes());
    token.extend_from_slice(&pending_at.to_be_bytes());
    token.extend_from_slice(&mac(key, policyholder_id, pending_at, email));
    URL_SAFE_NO_PAD.encode(token)
}

/// The person and time a token names, before its signature is checked against the address.
pub fn open_email_token(token: &str) -> Option<(i64, i64, Vec<u8>)> {
    if token.len() > 2 * TOKEN_BYTES {
        return None;
    }
    let bytes = URL_SAFE_NO_PAD.decode(token).ok()?;
    if bytes.len() != TOKEN_BYTES {
        return None;
    }
    let id = i64::from_be_bytes(bytes[..8].try_into().ok()?);
    let at = i64::from_be_bytes(bytes[8..16].try_into().ok()?);
    Some((id, at, bytes[16..].to_vec()))
}

/// Whether `mac_bytes` signs this person, time and address.
pub fn email_mac_matches(
    key: &[u8],
    policyholder_id: i64,
    pending_at: i64,
    email: &str,
    mac_bytes: &[u8],
) -> bool {
    !key.is_empty() && same_hash(mac_bytes, &mac(key, policyholder_id, pending_at, email))
}

/// Writes, in the transaction that wrote notice `notice_id`, one delivery per outbound channel
/// it goes to (the inbox delivery is written by `db::notices`): a text message when the step is
/// required ([`NoticeEvent::required_by_sms`]) or the person chose them, email when chosen and
/// an address is confirmed, WeChat when chosen and an account is linked; each only if `routing`
/// offers the channel. The recipient and the language are taken now. A text message written in
/// quiet hours is held until they end; the rest are due at once.
pub async fn fan_out(
    tx: &mut sqlx::SqliteConnection,
    routing: &Routing,
    notice_id: i64,
    policyholder_id: i64,
    required_by_sms: bool,
    now: i64,
) -> sqlx::Result<()> {
    if !routing.available.iter().any(|c| *c != Channel::Inbox) {
        return Ok(());
    }
    let prefs = load(tx, policyholder_id).await?;
    let phone: Option<String> = sqlx::query_scalar("SELECT phone FROM policyholders WHERE id = ?")
        .bind(policyholder_id)
        .fetch_optional(&mut *tx)
        .await?;
    let mut targets: Vec<(Channel, &str)> = Vec::new();
    if let Some(phone) = phone.as_deref().filter(|p| !p.is_empty())
        && (required_by_sms || prefs.sms)
    {
        targets.push((Channel::Sms, phone));
    }
    if let Some(email) = prefs.confirmed_email().filter(|_| prefs.email) {
        targets.push((Channel::Email, email));
    }
    if let Some(openid) = prefs.wechat_openid.as_deref().filter(|_| prefs.wechat) {
        targets.push((Channel::Wechat, openid));
    }
    for (channel, recipient) in targets {
        if !routing.offers(channel) {
            continue;
        }
        let (state, due_at) = match super::quiet_until(now) {
            Some(end) if channel == Channel::Sms => (DeliveryState::Held, end),
            _ => (DeliveryState::Queued, now),
        };
        let new = NewDelivery {
            notice_id: Some(notice_id),
            policyholder_id,
            channel,
            purpose: "notice",
            recipient,
            lang: &prefs.lang,
            payload: None,
            state,
            due_at,
        };
        deliveries::insert(tx, &new, now).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    #[test]
    fn an_email_token_names_its_person_and_time_and_signs_the_address() {
        let token = sign_email(KEY, 7, 1_700_000_000, "zhang@example.com");
        assert!(!token.contains('.') && !token.contains('/'));
        let (id, at, mac) = open_email_token(&token).unwrap_or_default();
        assert_eq!((id, at), (7, 1_700_000_000));
        assert!(email_mac_matches(KEY, id, at, "zhang@example.com", &mac));
        assert!(!email_mac_matches(KEY, id, at, "li@example.com", &mac));
        assert!(!email_mac_matches(KEY, 8, at, "zhang@example.com", &mac));
        assert!(!email_mac_matches(
            b"other",
            id,
            at,
            "zhang@example.com",
            &mac
        ));
        assert_eq!(open_email_token("not a token"), None);
    }
}
