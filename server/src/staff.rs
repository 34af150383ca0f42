//! Staff accounts on the command line: `portal-server staff add|disable|reset-password|list`.
//!
//! Accounts are made without a usable password; the command prints a one-time setup code (to
//! the operator's stdout only, never to the log) with which the person sets their own password
//! at `POST /api/v1/auth/staff/password`. Only the code's salted SHA-256 is stored.

use std::io::Write;

use portal_core::api::StaffRole;

use crate::auth::secret;
use crate::config::Config;
use crate::db::{self, Db, accounts};

/// How long a setup code is valid.
pub const SETUP_CODE_LIFETIME_SECS: i64 = 24 * 60 * 60;

/// The usage text of `portal-server staff`.
pub const USAGE: &str = "usage:
  portal-server                      serve (settings from PORTAL_* variables)
  portal-server staff add --username U --name N --role handler|supervisor
  portal-server staff reset-password --username U
  portal-server staff disable --username U
  portal-server staff list";

/// One staff command, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffCommand {
    /// Create an account waiting for its password.
    Add {
        /// Login name.
        username: String,
        /// Full name.
        name: String,
        /// Role.
        role: StaffRole,
    },
    /// Make the password unusable and issue a new setup code.
    ResetPassword {
        /// Login name.
        username: String,
    },
    /// Disable the account and end its sessions.
    Disable {
        /// Login name.
        username: String,
    },
    /// Print every account and its state.
    List,
}

/// Parses the arguments after `staff`.
pub fn parse(args: &[String]) -> Result<StaffCommand, String> {
    let (command, rest) = args
        .split_first()
        .ok_or_else(|| "staff: a command is missing".to_owned())?;
    let mut username = None;
    let mut name = None;
    let mut role = None;
    let mut rest = rest.iter();
    while let Some(flag) = rest.next() {
        let slot = match flag.as_str() {
            "--username" => &mut username,
            "--name" => &mut name,
            "--role" => &mut role,
            other => return Err(format!("staff {command}: unknown argument {other:?}")),
        };
        let value = rest
            .next()
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .ok_or_else(|| format!("staff {command}: {flag} needs a value"))?;
        *slot = Some(value);
    }
    let need = |value: Option<String>, flag: &str| {
        value.ok_or_else(|| format!("staff {command}: {flag} is missing"))
    };
    let only_username = |name: &Option<String>, role: &Option<String>| {
        if name.is_some() || role.is_some() {
            Err(format!("staff {command}: takes only --username"))
        } else {
            Ok(())
        }
    };
    match command.as_str() {
        "add" => {
            let username = need(username, "--username")?;
            if username.chars().count() > 64 || username.chars().any(char::is_whitespace) {
                return Err("staff add: a username has no spaces and at most 64 characters".into());
            }
            let role = need(role, "--role")?;
            let role = accounts::role_from_str(&role).ok_or_else(|| {
                format!("staff add: --role is handler or supervisor, not {role:?}")
            })?;
            Ok(StaffCommand::Add {
                username,
                name: need(name, "--name")?,
                role,
            })
        }
        "reset-password" => {
            only_username(&name, &role)?;
            Ok(StaffCommand::ResetPassword {
                username: need(username, "--username")?,
            })
        }
        "disable" => {
            only_username(&name, &role)?;
            Ok(StaffCommand::Disable {
                username: need(username, "--username")?,
            })
        }
        "list" => {
            if username.is_some() || name.is_some() || role.is_some() {
                return Err("staff list: takes no arguments".into());
            }
            Ok(StaffCommand::List)
        }
        other => Err(format!("staff: unknown command {other:?}")),
    }
}

/// Why a staff command failed.
#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    /// The database could not be opened, migrated or written.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// Writing to stdout failed.
    #[error("output: {0}")]
    Io(#[from] std::io::Error),
    /// The username is taken.
    #[error("a staff account {0:?} exists already")]
    Exists(String),
    /// No such username.
    #[error("no staff account {0:?}")]
    Unknown(String),
}

fn new_code(now: i64) -> (String, accounts::SetupCode) {
    let code = secret::new_setup_code();
    let salt = secret::new_salt().to_vec();
    let hash = secret::otp_hash(&salt, &secret::normalize_setup_code(&code));
    (
        code,
        accounts::SetupCode {
            salt,
            hash,
            expires_at: now + SETUP_CODE_LIFETIME_SECS,
        },
    )
}

/// Runs a command against the configured database (migrating it first, like the server).
pub async fn run(
    config: &Config,
    command: StaffCommand,
    out: &mut impl Write,
) -> Result<(), StaffError> {
    let db = db::connect(config).await?;
    let result = execute(&db, command, out).await;
    db.close().await;
    result
}

async fn execute(db: &Db, command: StaffCommand, out: &mut impl Write) -> Result<(), StaffError> {
    let now = db::now();
    match command {
        StaffCommand::Add {
            username,
            name,
            role,
        } => {
            let (code, stored) = new_code(now);
            if accounts::insert_waiting_staff(db, &username, &name, role, &stored, now)
                .await?
                .is_none()
            {
                return Err(StaffError::Exists(username));
            }
            writeln!(
                out,
                "added {username} ({}), waiting for a password",
                accounts::role_as_str(role)
            )?;
            print_code(out, &username, &code)?;
        }
        StaffCommand::ResetPassword { username } => {
            let (code, stored) = new_code(now);
            if !accounts::reset_staff_password(db, &username, &stored, now).await? {
                return Err(StaffError::Unknown(username));
            }
            writeln!(
                out,
                "the password of {username} no longer works and its sessions ended"
            )?;
            print_code(out, &username, &code)?;
        }
        StaffCommand::Disable { username } => {
            if !accounts::disable_staff(db, &username, now).await? {
                return Err(StaffError::Unknown(username));
            }
            writeln!(out, "disabled {username}; its sessions ended")?;
        }
        StaffCommand::List => {
            let rows = accounts::list_staff(db).await?;
            writeln!(
                out,
                "{:<20} {:<20} {:<11} state",
                "username", "name", "role"
            )?;
            for row in rows {
                let state = if row.disabled {
                    "disabled"
                } else if row.waiting {
                    "waiting for a password"
                } else {
                    "active"
                };
                writeln!(
                    out,
                    "{:<20} {:<20} {:<11} {state}",
                    row.username, row.name, row.role
                )?;
            }
        }
    }
    Ok(())
}

fn print_code(out: &mut impl Write, username: &str, code: &str) -> std::io::Result<()> {
    writeln!(out, "one-time setup code: {code}")?;
    writeln!(
        out,
        "valid 24 hours, once: {username} sets a password (12 characters or more) with it \
         at POST /api/v1/auth/staff/password"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn the_commands_parse() {
        assert_eq!(
            parse(&args("add --username li --name 李 --role supervisor")),
            Ok(StaffCommand::Add {
                username: "li".into(),
                name: "李".into(),
                role: StaffRole::Supervisor
            })
        );
        assert_eq!(
            parse(&args("disable --username li")),
            Ok(StaffCommand::Disable {
                username: "li".into()
            })
        );
        assert_eq!(parse(&args("list")), Ok(StaffCommand::List));
    }

    #[test]
    fn bad_commands_are_refused_with_a_reason() {
        assert!(
            parse(&args("add --username li --name L --role boss"))
                .is_err_and(|e| e.contains("--role"))
        );
        assert!(
            parse(&args("add --username li --role handler")).is_err_and(|e| e.contains("--name"))
        );
        assert!(parse(&args("reset-password")).is_err_and(|e| e.contains("--username")));
        assert!(parse(&args("disable --username")).is_err_and(|e| e.contains("needs a value")));
        assert!(parse(&args("remove --username li")).is_err());
        assert!(parse(&[]).is_err());
    }
}
