//! The survey settings a company configures: the surveys, which case endings send them, and the
//! timing. One TOML file (`server/config/surveys.toml` is the built-in default), checked at start.

use std::path::{Path, PathBuf};

use portal_core::survey::{DefinitionError, SurveyConfig};

use crate::complaints::settings::{SettingsError, read_toml};

/// The surveys sent when `PORTAL_SURVEYS_FILE` is not set (`server/config/surveys.toml`).
pub const DEFAULT_SURVEYS: &str = include_str!("../../config/surveys.toml");

/// The survey settings, loaded once at start.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveySettings {
    /// The surveys and the timing (`PORTAL_SURVEYS_FILE`).
    pub config: SurveyConfig,
    /// The key survey links are signed with (from the database, shared by replicas).
    pub link_key: Vec<u8>,
}

/// A survey settings file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum SurveySettingsError {
    /// The file could not be read, or is not valid TOML of the expected shape.
    #[error(transparent)]
    File(#[from] SettingsError),
    /// A definition the server cannot use.
    #[error("{path}: {source}")]
    Definition {
        /// Which file.
        path: PathBuf,
        /// Why.
        source: DefinitionError,
    },
}

impl SurveySettings {
    /// Reads the surveys file if given, else the built-in one, and checks it.
    pub fn load(file: Option<&Path>) -> Result<SurveySettings, SurveySettingsError> {
        let config: SurveyConfig = match file {
            Some(path) => read_toml(path)?,
            None => toml::from_str(DEFAULT_SURVEYS).map_err(|source| SettingsError::Parse {
                path: PathBuf::from("<built-in surveys.toml>"),
                source,
            })?,
        };
        if let Err(source) = config.check() {
            return Err(SurveySettingsError::Definition {
                path: file
                    .unwrap_or(Path::new("<built-in surveys.toml>"))
                    .to_owned(),
                source,
            });
        }
        Ok(SurveySettings {
            config,
            link_key: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use portal_core::survey::{CaseKind, Outcome, QuestionKind};

    use super::*;

    fn committed() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("config/surveys.toml")
    }

    #[test]
    fn the_committed_surveys_file_parses_and_passes_the_check() {
        let settings = SurveySettings::load(Some(&committed()));
        let settings = settings.map_err(|e| e.to_string());
        assert!(settings.is_ok(), "{settings:?}");
        let built_in = SurveySettings::load(None).map_err(|e| e.to_string());
        assert_eq!(
            built_in.as_ref().map(|s| &s.config),
            settings.as_ref().map(|s| &s.config)
        );
        let config = settings.map(|s| s.config).ok();
        let config = config.as_ref();
        let timing = config.map(|c| c.timing);
        assert_eq!(timing.map(|t| t.expiry_days), Some(30));
        assert_eq!(timing.map(|t| t.reminder_after_days), Some(7));
        assert_eq!(timing.map(|t| t.nps_every_days), Some(90));
        let key = |kind, outcome| {
            config
                .and_then(|c| c.for_outcome(kind, outcome))
                .map(|s| s.key.clone())
        };
        assert_eq!(
            key(CaseKind::Complaint, Outcome::Decided).as_deref(),
            Some("complaint_decided")
        );
        for (kind, outcome) in [
            (CaseKind::Complaint, Outcome::NotAccepted),
            (CaseKind::Complaint, Outcome::Withdrawn),
            (CaseKind::Claim, Outcome::Withdrawn),
        ] {
            assert_eq!(key(kind, outcome).as_deref(), Some("handling"));
        }
        for outcome in [Outcome::Paid, Outcome::Refused] {
            assert_eq!(key(CaseKind::Claim, outcome).as_deref(), Some("claim"));
        }
        let decided = config.and_then(|c| c.survey("complaint_decided"));
        let words: Vec<&str> = decided
            .and_then(|s| s.satisfaction_question())
            .map(|q| q.options.iter().map(|o| o.label.zh.as_str()).collect())
            .unwrap_or_default();
        assert_eq!(words, ["非常满意", "满意", "一般", "不满意", "非常不满意"]);
        let went_wrong = decided.and_then(|s| s.question("went_wrong"));
        assert_eq!(went_wrong.map(|q| q.kind), Some(QuestionKind::Multiple));
        assert_eq!(went_wrong.map(|q| q.options.len()), Some(6));
        assert_eq!(went_wrong.and_then(|q| q.when_at_most), Some(3));
        let comment = decided.and_then(|s| s.question("comment"));
        assert_eq!(comment.map(|q| q.max_chars()), Some(500));
        assert!(decided.is_some_and(|s| s.questions.iter().any(|q| q.kind == QuestionKind::Nps)));
    }

    #[test]
    fn a_survey_without_a_satisfaction_rating_stops_the_start() {
        let text = DEFAULT_SURVEYS.replace("satisfaction = true\n", "");
        let dir = std::env::temp_dir().join(format!("survey-settings-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("surveys.toml");
        let _ = std::fs::write(&path, text);
        let err = SurveySettings::load(Some(&path));
        assert!(err.is_err_and(|e| e.to_string().contains("satisfaction = true")));
    }
}
