//! The complaint settings a company configures: its published channels and the clock's numbers.

use std::path::{Path, PathBuf};

use portal_core::complaint::{ComplaintChannels, ComplaintRules};

/// The channels published when `PORTAL_CHANNELS_FILE` is not set (`server/config/channels.toml`).
pub const DEFAULT_CHANNELS: &str = include_str!("../../config/channels.toml");

/// The complaint settings, loaded once at start.
#[derive(Debug, Clone, PartialEq)]
pub struct ComplaintSettings {
    /// What `GET /channels`, every receipt and every decision notice show.
    pub channels: ComplaintChannels,
    /// The deadline numbers.
    pub rules: ComplaintRules,
}

/// A settings file that could not be read or parsed.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Read {
        /// Which file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML of the expected shape.
    #[error("{path}: {source}")]
    Parse {
        /// Which file (`<built-in>` for the default).
        path: PathBuf,
        /// Why.
        source: toml::de::Error,
    },
}

impl ComplaintSettings {
    /// Reads the channel and rules files if given, else the built-in defaults.
    pub fn load(
        channels_file: Option<&Path>,
        rules_file: Option<&Path>,
    ) -> Result<ComplaintSettings, SettingsError> {
        let channels = match channels_file {
            Some(path) => read_toml(path)?,
            None => parse(Path::new("<built-in channels.toml>"), DEFAULT_CHANNELS)?,
        };
        let rules = match rules_file {
            Some(path) => read_toml(path)?,
            None => ComplaintRules::default(),
        };
        Ok(ComplaintSettings { channels, rules })
    }
}

/// A settings file read as TOML of the shape `T` (the claim settings read theirs this way too).
pub fn read_toml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, SettingsError> {
    let text = std::fs::read_to_string(path).map_err(|source| SettingsError::Read {
        path: path.to_owned(),
        source,
    })?;
    parse(path, &text)
}

fn parse<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<T, SettingsError> {
    toml::from_str(text).map_err(|source| SettingsError::Parse {
        path: path.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_channels_parse_and_name_the_regulator_hotline() {
        let settings = ComplaintSettings::load(None, None).ok();
        let channels = settings.as_ref().map(|s| &s.channels);
        assert_eq!(
            channels.map(|c| c.regulator_hotline.as_str()),
            Some("12378")
        );
        assert!(channels.is_some_and(|c| c.process.len() >= 4));
        assert_eq!(settings.map(|s| s.rules), Some(ComplaintRules::default()));
    }

    #[test]
    fn the_committed_rules_file_gives_the_defaults() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/complaint_rules.toml");
        let settings = ComplaintSettings::load(None, Some(&path)).ok();
        assert_eq!(settings.map(|s| s.rules), Some(ComplaintRules::default()));
    }

    #[test]
    fn a_missing_file_is_an_error_that_names_it() {
        let err = ComplaintSettings::load(Some(Path::new("/nonexistent/channels.toml")), None);
        assert!(err.is_err_and(|e| e.to_string().contains("/nonexistent/channels.toml")));
    }
}
