//! The copy of a survey's answers kept on the phone as the person goes, so that a closed webview
//! or a failed save loses nothing, and how it is merged with the server's draft on reopening.
//!
//! The copy holds the answers and the questions changed since the server last confirmed them
//! (`unsaved`). On reopening, the server's draft is the base and each unsaved change is played
//! over it (an answer set, or cleared): what another device saved meanwhile stays, what this one
//! could not send wins.

use std::collections::BTreeSet;

use portal_core::survey::Answers;
use serde::{Deserialize, Serialize};

use crate::{
    session::{Session, private_key},
    storage,
};

/// What the browser keeps of one survey's answers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LocalCopy {
    /// The answers as the person left them.
    pub answers: Answers,
    /// The questions changed since the server last confirmed them.
    #[serde(default)]
    pub unsaved: BTreeSet<String>,
}

/// Where the logged-in person's copy of invitation `id` is kept: under their account, so another
/// account on the same phone never sees it and logging out removes it.
pub fn account_key(session: Session, id: i64) -> Option<String> {
    let account = session.account_untracked()?;
    Some(private_key(&account, &format!("survey.{id}")))
}

/// Where the copy of the survey behind a message's link is kept: by its invitation (there is no
/// account), removed once the survey is answered or closed.
pub fn link_key(id: i64) -> String {
    format!("portal.survey-link.{id}")
}

/// The copy kept under `key`, if any (one that cannot be read counts as none).
pub fn read(key: Option<&str>) -> Option<LocalCopy> {
    serde_json::from_str(&storage::get(key?)?).ok()
}

/// Keeps `copy` under `key`, or forgets it once nothing in it is unsaved.
pub fn write(key: Option<&str>, copy: &LocalCopy) {
    let Some(key) = key else { return };
    if copy.unsaved.is_empty() {
        storage::remove(key);
    } else if let Ok(json) = serde_json::to_string(copy) {
        storage::set(key, &json);
    }
}

/// Forgets the copy under `key`.
pub fn forget(key: Option<&str>) {
    if let Some(key) = key {
        storage::remove(key);
    }
}

/// The answers to show on reopening, and the questions still to send: the server's draft with
/// every unsaved change of the local copy played over it.
pub fn merge(server: &Answers, local: Option<LocalCopy>) -> (Answers, BTreeSet<String>) {
    let mut answers = server.clone();
    let Some(local) = local else {
        return (answers, BTreeSet::new());
    };
    for key in &local.unsaved {
        match local.answers.get(key) {
            Some(answer) => {
                answers.insert(key.clone(), answer.clone());
            }
            None => {
                answers.remove(key);
            }
        }
    }
    (answers, local.unsaved)
}

/// After the server kept `sent`: the questions still unsaved are those whose answer changed
/// since (`current` differs from what was sent).
pub fn settle(unsaved: &mut BTreeSet<String>, current: &Answers, sent: &Answers) {
    unsaved.retain(|key| current.get(key) != sent.get(key));
}

#[cfg(test)]
mod tests {
    use portal_core::survey::Answer;

    use super::*;

    fn answers(pairs: &[(&str, Answer)]) -> Answers {
        pairs
            .iter()
            .map(|(k, a)| ((*k).to_owned(), a.clone()))
            .collect()
    }

    fn keys(keys: &[&str]) -> BTreeSet<String> {
        keys.iter().map(|k| (*k).to_owned()).collect()
    }

    #[test]
    fn without_a_local_copy_the_server_draft_is_shown_and_nothing_is_unsaved() {
        let server = answers(&[("satisfaction", Answer::Number(4))]);
        assert_eq!(merge(&server, None), (server.clone(), BTreeSet::new()));
    }

    #[test]
    fn unsaved_changes_win_and_answers_saved_elsewhere_stay() {
        let server = answers(&[
            ("satisfaction", Answer::Number(4)),
            ("comment", Answer::Text("from the other phone".into())),
            ("recommend", Answer::Number(9)),
        ]);
        let local = LocalCopy {
            answers: answers(&[
                ("satisfaction", Answer::Number(2)),
                ("went_wrong", Answer::Choices(vec!["speed".into()])),
                // Saved long ago: not unsaved, so the server's newer answer stays.
                ("comment", Answer::Text("old".into())),
            ]),
            // The person also cleared the recommendation here.
            unsaved: keys(&["satisfaction", "went_wrong", "recommend"]),
        };
        let (merged, unsaved) = merge(&server, Some(local));
        assert_eq!(
            merged,
            answers(&[
                ("satisfaction", Answer::Number(2)),
                ("went_wrong", Answer::Choices(vec!["speed".into()])),
                ("comment", Answer::Text("from the other phone".into())),
            ])
        );
        assert_eq!(unsaved, keys(&["satisfaction", "went_wrong", "recommend"]));
    }

    #[test]
    fn a_save_settles_only_what_it_sent() {
        let sent = answers(&[
            ("satisfaction", Answer::Number(2)),
            ("comment", Answer::Text("a".into())),
        ]);
        // Typed on while the save was on its way.
        let current = answers(&[
            ("satisfaction", Answer::Number(2)),
            ("comment", Answer::Text("ab".into())),
            ("recommend", Answer::Number(7)),
        ]);
        let mut unsaved = keys(&["satisfaction", "comment", "recommend"]);
        settle(&mut unsaved, &current, &sent);
        assert_eq!(unsaved, keys(&["comment", "recommend"]));
        settle(&mut unsaved, &current, &current);
        assert!(unsaved.is_empty());
    }

    #[test]
    fn a_cleared_answer_is_settled_once_the_server_has_it_cleared_too() {
        let mut unsaved = keys(&["comment"]);
        settle(&mut unsaved, &Answers::new(), &Answers::new());
        assert!(unsaved.is_empty());
    }
}
