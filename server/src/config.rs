//! Configuration from `PORTAL_*` environment variables (see server/README.md for the list).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// When the session cookie carries the `Secure` attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CookieSecure {
    /// Secure when the request came over HTTPS (directly or per `X-Forwarded-Proto`).
    Auto,
    /// Always Secure.
    Always,
    /// Never Secure (plain HTTP development only).
    Never,
}

/// Limits on one-time login codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OtpLimits {
    /// Seconds before another code may be requested for the same number.
    pub resend_secs: i64,
    /// Codes per number per hour.
    pub per_phone_hourly: i64,
    /// Codes per client address per hour.
    pub per_address_hourly: i64,
}

impl Default for OtpLimits {
    fn default() -> Self {
        OtpLimits {
            resend_secs: 60,
            per_phone_hourly: 5,
            per_address_hourly: 20,
        }
    }
}

/// The server's settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen.
    pub addr: SocketAddr,
    /// The database, e.g. `sqlite://data/portal.db`.
    pub database_url: String,
    /// Where the SQLite file and documents live.
    pub data_dir: PathBuf,
    /// The built web app (`cargo xtask build-web`'s output).
    pub dist_dir: PathBuf,
    /// Seed demo data on first start and serve `GET /api/v1/demo`.
    pub demo: bool,
    /// In demo mode, also seed a year of closed cases with survey answers and return visits
    /// (`PORTAL_DEMO_HISTORY`; off by default so that a test's database holds only what it made;
    /// `cargo xtask run` sets it).
    pub demo_history: bool,
    /// Demo mode on an address other than loopback is a public demonstration
    /// (`PORTAL_DEMO_PUBLIC`); without it such a start is refused.
    pub demo_public: bool,
    /// A session ends after this long without a request.
    pub session_idle: Duration,
    /// The session cookie's `Secure` rule.
    pub cookie_secure: CookieSecure,
    /// The tracing filter, e.g. `info` or `portal_server=debug,info`.
    pub log: String,
    /// Login code limits.
    pub otp: OtpLimits,
    /// The published complaint channels (TOML); `None` means the built-in
    /// `server/config/channels.toml`.
    pub channels_file: Option<PathBuf>,
    /// The complaint deadline settings (TOML, like `server/config/complaint_rules.toml`); `None`
    /// means the defaults of the 2020 rule.
    pub complaint_rules_file: Option<PathBuf>,
    /// The claim document checklists (TOML, like `server/config/claim_checklists.toml`); `None`
    /// means portal-core's defaults.
    pub claim_checklists_file: Option<PathBuf>,
    /// The claim deadline settings (TOML, like `server/config/claim_rules.toml`); `None` means
    /// the defaults of the Insurance Law and the service standards.
    pub claim_rules_file: Option<PathBuf>,
    /// Resumable (tus) upload limits and expiry.
    pub uploads: UploadLimits,
    /// The survey definitions and timing (TOML, like `server/config/surveys.toml`); `None` means
    /// that file as built in.
    pub surveys_file: Option<PathBuf>,
    /// How often the survey sweeper sends reminders and expires invitations
    /// (`PORTAL_SURVEY_SWEEP_SECS`, default 300).
    pub survey_sweep: Duration,
    /// The notice channels' settings: SMS, SMTP and WeChat gateways (`PORTAL_NOTIFY_FILE`,
    /// TOML; none by default: notices stay in the inbox).
    pub notify_file: Option<PathBuf>,
    /// The portal's address as people reach it, for links in messages (`PORTAL_PUBLIC_URL`,
    /// default `http://` and `PORTAL_ADDR`).
    pub public_url: String,
    /// The notice dispatcher's settings (`PORTAL_DISPATCH_*`).
    pub dispatch: crate::notify::dispatcher::DispatchSettings,
    /// Secrets of the notice channels kept out of `PORTAL_NOTIFY_FILE`; each overrides the file.
    pub notify_secrets: NotifySecrets,
}

/// Secrets of the notice channels that may come from the environment instead of the file.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct NotifySecrets {
    /// `PORTAL_SMS_SECRET`: the SMS provider's key secret.
    pub sms_secret: Option<String>,
    /// `PORTAL_SMTP_PASSWORD`.
    pub smtp_password: Option<String>,
    /// `PORTAL_WECHAT_SECRET`: the official account's app secret.
    pub wechat_secret: Option<String>,
    /// `PORTAL_RECEIPT_TOKEN`: the token delivery receipts must carry.
    pub receipt_token: Option<String>,
}

impl std::fmt::Debug for NotifySecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let set = |s: &Option<String>| if s.is_some() { "set" } else { "unset" };
        f.debug_struct("NotifySecrets")
            .field("sms_secret", &set(&self.sms_secret))
            .field("smtp_password", &set(&self.smtp_password))
            .field("wechat_secret", &set(&self.wechat_secret))
            .field("receipt_token", &set(&self.receipt_token))
            .finish()
    }
}

/// Limits of resumable (tus) uploads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadLimits {
    /// The largest file, in bytes (`PORTAL_UPLOAD_MAX_FILE_MIB`, default 50 MiB).
    pub max_file_bytes: u64,
    /// The most bytes one owner may upload for one claim (`PORTAL_CLAIM_MAX_TOTAL_MIB`, default
    /// 200 MiB).
    pub claim_max_total_bytes: u64,
    /// An unfinished upload is dropped this long after it was created
    /// (`PORTAL_UPLOAD_EXPIRY_HOURS`, default 24).
    pub expiry: Duration,
}

impl Default for UploadLimits {
    fn default() -> Self {
        UploadLimits {
            max_file_bytes: 50 * MIB,
            claim_max_total_bytes: 200 * MIB,
            expiry: Duration::from_secs(24 * 3600),
        }
    }
}

const MIB: u64 = 1024 * 1024;

/// A variable that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{name}: {problem}")]
pub struct ConfigError {
    pub(crate) name: &'static str,
    pub(crate) problem: String,
}

impl Config {
    /// Reads the `PORTAL_*` variables, with the documented defaults.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the settings from any source of variables (tests pass a map).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let var = |name: &'static str| get(name).filter(|v| !v.trim().is_empty());
        let addr: SocketAddr = parse(
            "PORTAL_ADDR",
            var("PORTAL_ADDR").unwrap_or_else(|| "127.0.0.1:8080".into()),
        )?;
        let data_dir = PathBuf::from(var("PORTAL_DATA_DIR").unwrap_or_else(|| "./data".into()));
        let database_url = var("PORTAL_DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("portal.db").display()));
        let dist_dir = PathBuf::from(var("PORTAL_DIST_DIR").unwrap_or_else(|| "./dist".into()));
        let demo = match var("PORTAL_DEMO") {
            None => false,
            Some(v) => parse_bool("PORTAL_DEMO", &v)?,
        };
        let demo_history = match var("PORTAL_DEMO_HISTORY") {
            None => false,
            Some(v) => parse_bool("PORTAL_DEMO_HISTORY", &v)?,
        };
        let demo_public = match var("PORTAL_DEMO_PUBLIC") {
            None => false,
            Some(v) => parse_bool("PORTAL_DEMO_PUBLIC", &v)?,
        };
        if demo && !demo_public && !addr.ip().is_loopback() {
            return Err(ConfigError {
                name: "PORTAL_DEMO",
                problem: format!(
                    "demo mode (its accounts have published passwords) on {addr}, which is not a \
                     loopback address: set PORTAL_DEMO_PUBLIC=true if this is a demonstration, \
                     or PORTAL_DEMO=false, or a loopback PORTAL_ADDR"
                ),
            });
        }
        let idle_minutes: u64 = match var("PORTAL_SESSION_IDLE_MINUTES") {
            None => 30,
            Some(v) => parse("PORTAL_SESSION_IDLE_MINUTES", v)?,
        };
        let cookie_secure = match var("PORTAL_COOKIE_SECURE").as_deref() {
            None | Some("auto") => CookieSecure::Auto,
            Some(v) => {
                if parse_bool("PORTAL_COOKIE_SECURE", v)? {
                    CookieSecure::Always
                } else {
                    CookieSecure::Never
                }
            }
        };
        let defaults = OtpLimits::default();
        let limit = |name: &'static str, default: i64| match var(name) {
            None => Ok(default),
            Some(v) => parse(name, v),
        };
        let otp = OtpLimits {
            resend_secs: limit("PORTAL_OTP_RESEND_SECS", defaults.resend_secs)?,
            per_phone_hourly: limit("PORTAL_OTP_PER_PHONE_HOURLY", defaults.per_phone_hourly)?,
            per_address_hourly: limit(
                "PORTAL_OTP_PER_ADDRESS_HOURLY",
                defaults.per_address_hourly,
            )?,
        };
        let upload_defaults = UploadLimits::default();
        let size = |name: &'static str, default: u64| match var(name) {
            None => Ok(default),
            Some(v) => parse::<u64>(name, v).map(|mib| mib.saturating_mul(MIB)),
        };
        let uploads = UploadLimits {
            max_file_bytes: size("PORTAL_UPLOAD_MAX_FILE_MIB", upload_defaults.max_file_bytes)?,
            claim_max_total_bytes: size(
                "PORTAL_CLAIM_MAX_TOTAL_MIB",
                upload_defaults.claim_max_total_bytes,
            )?,
            expiry: match var("PORTAL_UPLOAD_EXPIRY_HOURS") {
                None => upload_defaults.expiry,
                Some(v) => Duration::from_secs(
                    parse::<u64>("PORTAL_UPLOAD_EXPIRY_HOURS", v)?.saturating_mul(3600),
                ),
            },
        };
        let survey_sweep_secs: u64 = match var("PORTAL_SURVEY_SWEEP_SECS") {
            None => 300,
            Some(v) => parse("PORTAL_SURVEY_SWEEP_SECS", v)?,
        };
        if survey_sweep_secs == 0 {
            return Err(ConfigError {
                name: "PORTAL_SURVEY_SWEEP_SECS",
                problem: "must be at least 1".into(),
            });
        }
        let dispatch = crate::notify::dispatcher::DispatchSettings::from_lookup(|name| {
            get(name).filter(|v| !v.trim().is_empty())
        })?;
        let secret = |name| var(name).filter(|v: &String| !v.trim().is_empty());
        let notify_secrets = NotifySecrets {
            sms_secret: secret("PORTAL_SMS_SECRET"),
            smtp_password: secret("PORTAL_SMTP_PASSWORD"),
            wechat_secret: secret("PORTAL_WECHAT_SECRET"),
            receipt_token: secret("PORTAL_RECEIPT_TOKEN"),
        };
        Ok(Config {
            addr,
            database_url,
            data_dir,
            dist_dir,
            demo,
            demo_history,
            demo_public,
            session_idle: Duration::from_secs(idle_minutes.saturating_mul(60)),
            cookie_secure,
            log: var("PORTAL_LOG").unwrap_or_else(|| "info".into()),
            otp,
            channels_file: var("PORTAL_CHANNELS_FILE").map(PathBuf::from),
            complaint_rules_file: var("PORTAL_COMPLAINT_RULES_FILE").map(PathBuf::from),
            claim_checklists_file: var("PORTAL_CLAIM_CHECKLISTS_FILE").map(PathBuf::from),
            claim_rules_file: var("PORTAL_CLAIM_RULES_FILE").map(PathBuf::from),
            uploads,
            surveys_file: var("PORTAL_SURVEYS_FILE").map(PathBuf::from),
            survey_sweep: Duration::from_secs(survey_sweep_secs),
            notify_file: var("PORTAL_NOTIFY_FILE").map(PathBuf::from),
            public_url: var("PORTAL_PUBLIC_URL")
                .map(|u| u.trim().trim_end_matches('/').to_owned())
                .unwrap_or_else(|| format!("http://{addr}")),
            dispatch,
            notify_secrets,
        })
    }
}

fn parse<T: std::str::FromStr>(name: &'static str, value: String) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    value.trim().parse().map_err(|e: T::Err| ConfigError {
        name,
        problem: format!("{value:?}: {e}"),
    })
}

fn parse_bool(name: &'static str, value: &str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(ConfigError {
            name,
            problem: format!("{value:?} is not true/false"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply_when_nothing_is_set() {
        let config = Config::from_lookup(|_| None).ok();
        let config = config.as_ref();
        assert_eq!(
            config.map(|c| c.addr.to_string()),
            Some("127.0.0.1:8080".into())
        );
        assert_eq!(
            config.map(|c| c.database_url.as_str()),
            Some("sqlite://./data/portal.db")
        );
        assert_eq!(config.map(|c| c.demo), Some(false));
        assert_eq!(config.map(|c| c.session_idle.as_secs()), Some(1800));
        assert_eq!(config.map(|c| c.cookie_secure), Some(CookieSecure::Auto));
        assert_eq!(config.map(|c| c.survey_sweep.as_secs()), Some(300));
        assert!(config.is_some_and(|c| c.surveys_file.is_none()));
    }

    #[test]
    fn a_survey_sweep_of_zero_seconds_is_refused() {
        let err = Config::from_lookup(|n| (n == "PORTAL_SURVEY_SWEEP_SECS").then(|| "0".into()));
        assert!(err.is_err_and(|e| e.to_string().starts_with("PORTAL_SURVEY_SWEEP_SECS")));
    }

    #[test]
    fn demo_mode_on_a_public_address_needs_to_be_called_a_demonstration() {
        let vars = |public: Option<&'static str>, addr: &'static str| {
            move |name: &str| match name {
                "PORTAL_DEMO" => Some("true".to_owned()),
                "PORTAL_ADDR" => Some(addr.to_owned()),
                "PORTAL_DEMO_PUBLIC" => public.map(str::to_owned),
                _ => None,
            }
        };
        let refused = Config::from_lookup(vars(None, "0.0.0.0:8080")).err();
        assert!(refused.is_some_and(|e| {
            let text = e.to_string();
            text.starts_with("PORTAL_DEMO") && text.contains("PORTAL_DEMO_PUBLIC=true")
        }));
        assert!(Config::from_lookup(vars(Some("false"), "192.0.2.1:80")).is_err());
        let public = Config::from_lookup(vars(Some("true"), "0.0.0.0:8080")).ok();
        assert!(public.is_some_and(|c| c.demo && c.demo_public));
        assert!(Config::from_lookup(vars(None, "127.0.0.1:8080")).is_ok());
        assert!(Config::from_lookup(vars(None, "[::1]:8080")).is_ok());
        let no_demo = Config::from_lookup(|n| (n == "PORTAL_ADDR").then(|| "0.0.0.0:80".into()));
        assert!(no_demo.is_ok());
    }

    #[test]
    fn a_bad_value_is_refused_with_its_name() {
        let err = Config::from_lookup(|n| (n == "PORTAL_DEMO").then(|| "maybe".into())).err();
        assert!(err.is_some_and(|e| e.to_string().starts_with("PORTAL_DEMO")));
    }
}
