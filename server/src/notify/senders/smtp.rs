//! Email over SMTP with `lettre` (async, tokio, rustls): one multipart/alternative message per
//! delivery, plain text and HTML in the reader's language (see [`crate::notify::texts::email`]),
//! with `Message-ID: <reference@domain>` so the delivery's id travels with the mail and a
//! retried mail is recognisably the same one.

use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use portal_core::notify::Channel;
use serde::Deserialize;

use crate::notify::{Accepted, Message, SendFailure, SendFuture, Sender, texts};

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// Plain connection upgraded with STARTTLS (required), port 587 by default.
    Starttls,
    /// TLS from the first byte ("SMTPS"), port 465 by default.
    Tls,
    /// No encryption at all: only for a server on loopback (tests), port 25 by default.
    Plain,
}

/// `[email]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    /// The SMTP server's host name.
    pub host: String,
    /// Its port (by default that of `security`).
    pub port: Option<u16>,
    /// `starttls` (default), `tls` or `plain`.
    pub security: Option<Security>,
    /// The login, if the server needs one.
    pub username: Option<String>,
    /// Its password (or `PORTAL_SMTP_PASSWORD`).
    pub password: Option<String>,
    /// The sender, e.g. `某某保险 <notices@example.com>`.
    pub from: String,
    /// Milliseconds for connecting and each command (default 10,000).
    pub timeout_ms: Option<u64>,
}

/// The SMTP sender.
pub struct SmtpSender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    domain: String,
    timeout: Duration,
}

impl SmtpSender {
    /// A sender of `[email]`.
    pub fn new(config: SmtpConfig) -> Result<SmtpSender, String> {
        let from: Mailbox = config
            .from
            .parse()
            .map_err(|e| format!("[email] from {:?}: {e}", config.from))?;
        let domain = from.email.domain().to_owned();
        let security = config.security.unwrap_or(Security::Starttls);
        let timeout = Duration::from_millis(config.timeout_ms.unwrap_or(10_000));
        let builder = match security {
            Security::Starttls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&config.host)
                    .map_err(|e| format!("[email] host {:?}: {e}", config.host))?
            }
            Security::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&config.host)
                .map_err(|e| format!("[email] host {:?}: {e}", config.host))?,
            Security::Plain => {
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&config.host).port(25)
            }
        };
        let mut builder = builder.timeout(Some(timeout));
        if let Some(port) = config.port {
            builder = builder.port(port);
        }
        if let Some(username) = config.username.filter(|u| !u.is_empty()) {
            builder = builder.credentials(Credentials::new(
                username,
                config.password.unwrap_or_default(),
            ));
        }
        Ok(SmtpSender {
            transport: builder.build(),
            from,
            domain,
            timeout,
        })
    }

    /// The message-id of a delivery's mail: `<reference@domain of the sender>`.
    pub fn message_id(&self, reference: &str) -> String {
        format!("<{reference}@{}>", self.domain)
    }

    async fn send_mail(
        &self,
        to: &str,
        reference: &str,
        message: &Message,
    ) -> Result<Accepted, SendFailure> {
        let to: Mailbox = to
            .parse()
            .map_err(|_| SendFailure::refused("email: the address is not valid"))?;
        let text = texts::email(message);
        let message_id = self.message_id(reference);
        let email = lettre::Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(text.subject)
            .message_id(Some(message_id.clone()))
            .multipart(MultiPart::alternative_plain_html(text.plain, text.html))
            .map_err(|e| SendFailure::refused(format!("email: could not be built ({e})")))?;
        // lettre's timeout bounds each step; this bounds the whole exchange.
        let sent = tokio::time::timeout(self.timeout * 3, self.transport.send(email)).await;
        match sent {
            Err(_) => Err(SendFailure::retry("email: the SMTP server timed out")),
            Ok(Ok(_)) => Ok(Accepted {
                provider_ref: Some(message_id),
            }),
            Ok(Err(e)) => {
                let code = e.status().map(|c| format!(" {c}")).unwrap_or_default();
                if e.is_permanent() {
                    Err(SendFailure::refused(format!(
                        "email: refused by the SMTP server{code}"
                    )))
                } else if e.is_timeout() {
                    Err(SendFailure::retry("email: the SMTP server timed out"))
                } else {
                    Err(SendFailure::retry(format!(
                        "email: the SMTP server failed{code}"
                    )))
                }
            }
        }
    }
}

impl Sender for SmtpSender {
    fn channel(&self) -> Channel {
        Channel::Email
    }

    fn send<'a>(&'a self, to: &'a str, reference: &'a str, message: &'a Message) -> SendFuture<'a> {
        Box::pin(self.send_mail(to, reference, message))
    }
}
