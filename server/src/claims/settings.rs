//! The claim settings a company configures: the document checklist of each claim kind and the
//! claim clock's numbers. Both files are TOML; a kind or a number left out keeps its default.

use std::path::{Path, PathBuf};

use portal_core::claim::{ChecklistError, ClaimChecklists, ClaimRules};

use crate::complaints::settings::{SettingsError, read_toml};

/// The claim settings, loaded once at start.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimSettings {
    /// The document checklists (`PORTAL_CLAIM_CHECKLISTS_FILE`).
    pub checklists: ClaimChecklists,
    /// The deadline numbers (`PORTAL_CLAIM_RULES_FILE`).
    pub rules: ClaimRules,
    /// The key document preview links are signed with (from the database, shared by replicas).
    pub link_key: Vec<u8>,
}

/// A claim settings file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ClaimSettingsError {
    /// The file could not be read, or is not valid TOML of the expected shape.
    #[error(transparent)]
    File(#[from] SettingsError),
    /// A checklist that cannot be used.
    #[error("{path}: {source}")]
    Checklist {
        /// Which file.
        path: PathBuf,
        /// Why.
        source: ChecklistError,
    },
}

impl ClaimSettings {
    /// Reads the checklist and rules files if given, else the defaults of portal-core.
    pub fn load(
        checklists_file: Option<&Path>,
        rules_file: Option<&Path>,
    ) -> Result<ClaimSettings, ClaimSettingsError> {
        let checklists: ClaimChecklists = match checklists_file {
            Some(path) => read_toml(path)?,
            None => ClaimChecklists::default(),
        };
        if let Err(source) = checklists.check() {
            return Err(ClaimSettingsError::Checklist {
                path: checklists_file
                    .unwrap_or(Path::new("<defaults>"))
                    .to_owned(),
                source,
            });
        }
        let rules = match rules_file {
            Some(path) => read_toml(path)?,
            None => ClaimRules::default(),
        };
        Ok(ClaimSettings {
            checklists,
            rules,
            link_key: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn committed(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("config")
            .join(name)
    }

    #[test]
    fn the_committed_claim_files_give_the_defaults_of_portal_core() {
        let settings = ClaimSettings::load(
            Some(&committed("claim_checklists.toml")),
            Some(&committed("claim_rules.toml")),
        );
        let settings = settings.ok();
        assert_eq!(
            settings.as_ref().map(|s| &s.checklists),
            Some(&ClaimChecklists::default())
        );
        assert_eq!(settings.map(|s| s.rules), Some(ClaimRules::default()));
    }

    #[test]
    fn a_kind_left_out_keeps_its_default_checklist() {
        let text = "[[auto.slots]]\nkey = \"photos\"\nlabel = { zh = \"照片\", en = \"Photos\" }\n\
                    hint = { zh = \"\", en = \"\" }\nrequired = true\nmultiple = true\n";
        let checklists: ClaimChecklists = toml::from_str(text).unwrap_or_default();
        assert_eq!(checklists.auto.slots.len(), 1);
        assert_eq!(checklists.medical, ClaimChecklists::default().medical);
    }

    #[test]
    fn a_checklist_with_a_bad_key_stops_the_start() {
        let dir = std::env::temp_dir().join(format!("claim-settings-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("bad.toml");
        let text = "[[life.slots]]\nkey = \"Death Certificate\"\n\
                    label = { zh = \"死亡证明\", en = \"Death certificate\" }\n\
                    hint = { zh = \"\", en = \"\" }\nrequired = true\nmultiple = false\n";
        let _ = std::fs::write(&path, text);
        let err = ClaimSettings::load(Some(&path), None);
        assert!(err.is_err_and(|e| e.to_string().contains("bad key")));
    }
}
