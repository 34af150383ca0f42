//! `Filing`: the draft kept for the account that typed it, autosave, one submit at a time, field
//! errors, the receipt, discarding.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use portal_core::Lang;
use portal_core::api::{ErrorCode, FieldError, Problem};
use serde::{Deserialize, Serialize};
use wasm_bindgen_test::wasm_bindgen_test;

use super::{Calls, click, mount, policyholder, settle, shows, start_executor, until};
use crate::api::ApiFailure;
use crate::components::{Filing, KeptDraft};
use crate::i18n::texts;
use crate::session::{SessionState, provide_session_as};
use crate::storage;

/// A draft as the filing forms keep them: what was typed and the idempotency key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct NoteDraft {
    text: String,
    #[serde(default)]
    key: String,
}

impl KeptDraft for NoteDraft {
    const STORAGE_KEY: &'static str = "draft.note";
    const KEY_PREFIX: &'static str = "note";

    fn key_mut(&mut self) -> &mut String {
        &mut self.key
    }
}

/// Where policyholder 1's note draft is kept.
const KEPT_FOR_P1: &str = "portal.private.p1.draft.note";

type Answer = Result<String, ApiFailure>;

/// A filing form of a logged-in policyholder, as a screen creates it; the test answers its
/// submits, and hears where it went after a receipt.
struct Form {
    filing: Filing<NoteDraft, String>,
    restored: Option<NoteDraft>,
    submits: Calls<NoteDraft, Answer>,
    filed: Rc<RefCell<Vec<String>>>,
    owner: Owner,
}

fn form_of(policyholder_id: i64) -> Form {
    start_executor();
    let owner = Owner::new();
    let submits = Calls::new();
    let filed = Rc::new(RefCell::new(Vec::new()));
    let (filing, restored) = owner.with(|| {
        provide_session_as(SessionState::LoggedIn(policyholder(policyholder_id)));
        let (submits, filed) = (submits.clone(), Rc::clone(&filed));
        Filing::new(
            move |draft| submits.make(draft),
            move |receipt: &String| filed.borrow_mut().push(receipt.clone()),
        )
    });
    Form {
        filing,
        restored,
        submits,
        filed,
        owner,
    }
}

/// What the browser keeps, as a fresh phone would have it, with policyholder 1's draft kept.
fn kept_draft_of_p1(text: &str) {
    storage::remove_prefixed("portal.private.");
    let draft = NoteDraft {
        text: text.into(),
        key: "note-kept".into(),
    };
    let json = serde_json::to_string(&draft).expect("a draft as JSON");
    storage::set(KEPT_FOR_P1, &json);
}

fn kept(key: &str) -> Option<NoteDraft> {
    serde_json::from_str(&storage::get(key)?).ok()
}

fn refusal(errors: Vec<FieldError>) -> ApiFailure {
    ApiFailure::Problem(Problem {
        problem_type: "about:blank".into(),
        title: "Validation failed".into(),
        status: 422,
        code: ErrorCode::ValidationFailed,
        detail: None,
        errors,
    })
}

#[wasm_bindgen_test]
async fn a_kept_draft_comes_back_only_for_the_account_that_typed_it() {
    kept_draft_of_p1("my car was hit");

    let other = form_of(2);
    assert_eq!(other.restored, None);

    let same = form_of(1);
    let restored = same.restored.expect("policyholder 1's draft");
    assert_eq!(restored.text, "my car was hit");
    assert_eq!(restored.key, "note-kept", "filed again under the same key");
}

#[wasm_bindgen_test]
async fn a_kept_draft_without_a_key_gets_a_fresh_one() {
    storage::remove_prefixed("portal.private.");
    storage::set(KEPT_FOR_P1, r#"{"text":"from an older version"}"#);
    let restored = form_of(1).restored.expect("the draft");
    assert_eq!(restored.text, "from an older version");
    assert!(restored.key.starts_with("note-"), "{}", restored.key);
}

#[wasm_bindgen_test]
async fn typing_keeps_the_draft_under_the_accounts_private_key() {
    storage::remove_prefixed("portal.private.");
    let form = form_of(1);
    assert_eq!(form.restored, None);
    let draft = RwSignal::new(NoteDraft::default());
    form.owner
        .with(|| form.filing.autosave(move || draft.get()));
    settle().await;
    assert_eq!(kept(KEPT_FOR_P1), None, "nothing typed, nothing kept");

    draft.update(|draft| draft.text = "the windscreen".into());
    until("the draft is kept", || kept(KEPT_FOR_P1).is_some()).await;
    assert_eq!(
        kept(KEPT_FOR_P1).map(|draft| draft.text).as_deref(),
        Some("the windscreen")
    );
    draft.update(|draft| draft.text = "the windscreen cracked".into());
    until("the change is kept", || {
        kept(KEPT_FOR_P1).map(|draft| draft.text).as_deref() == Some("the windscreen cracked")
    })
    .await;
    assert_eq!(kept("portal.private.p2.draft.note"), None);
}

#[wasm_bindgen_test]
async fn a_second_send_while_the_first_is_on_its_way_is_ignored() {
    kept_draft_of_p1("first");
    let form = form_of(1);
    let draft = form.restored.clone().expect("the draft");

    form.filing.send(draft.clone());
    form.filing.send(NoteDraft {
        text: "second".into(),
        ..draft.clone()
    });
    settle().await;
    assert_eq!(form.submits.count(), 1, "one request on its way");
    assert_eq!(form.submits.asked(0).text, "first");
    assert!(form.filing.submit.pending().get_untracked());

    form.submits.answer(0, Err(ApiFailure::Network));
    until("the submit is answered", || {
        !form.filing.submit.pending().get_untracked()
    })
    .await;
    form.filing.send(draft);
    until("a new send goes out", || form.submits.count() == 2).await;
}

#[wasm_bindgen_test]
async fn a_refusal_puts_field_errors_beside_their_fields_and_keeps_the_draft() {
    kept_draft_of_p1("");
    let form = form_of(1);
    let draft = form.restored.clone().expect("the draft");
    let empty_text = FieldError {
        field: "text".into(),
        code: ErrorCode::Required,
        message: "Please say what happened.".into(),
    };

    form.filing.send(draft.clone());
    until("the submit goes out", || form.submits.count() == 1).await;
    form.submits
        .answer(0, Err(refusal(vec![empty_text.clone()])));
    until("the field errors arrive", || {
        !form.filing.errors.get_untracked().is_empty()
    })
    .await;

    assert_eq!(form.filing.errors.get_untracked(), vec![empty_text]);
    assert_eq!(kept(KEPT_FOR_P1), Some(draft));
    assert!(form.filed.borrow().is_empty());
}

#[wasm_bindgen_test]
async fn a_receipt_forgets_the_kept_draft_and_goes_to_the_receipt() {
    kept_draft_of_p1("my car was hit");
    let form = form_of(1);
    let draft = form.restored.clone().expect("the draft");
    let empty_date = FieldError {
        field: "date".into(),
        code: ErrorCode::Required,
        message: "When?".into(),
    };

    form.filing.send(draft.clone());
    until("the submit goes out", || form.submits.count() == 1).await;
    form.submits.answer(0, Err(refusal(vec![empty_date])));
    until("the refusal arrives", || {
        !form.filing.errors.get_untracked().is_empty()
    })
    .await;

    form.filing.send(draft);
    until("the submit goes out again", || form.submits.count() == 2).await;
    form.submits.answer(1, Ok("C-2024-0001".into()));
    until("the receipt is shown", || !form.filed.borrow().is_empty()).await;

    assert_eq!(*form.filed.borrow(), vec!["C-2024-0001".to_owned()]);
    assert_eq!(storage::get(KEPT_FOR_P1), None);
    assert!(form.filing.errors.get_untracked().is_empty());
}

#[wasm_bindgen_test]
async fn discarding_forgets_the_kept_draft() {
    kept_draft_of_p1("never mind");
    let form = form_of(1);
    let filing = form.filing;
    let (root, _row) = mount(move || filing.draft_row(texts(Lang::En), move || filing.discard()));
    until("draft saved shows", || shows(&root, "draft-saved")).await;

    click(&root, "[data-testid=draft-discard]");
    until("draft saved goes", || !shows(&root, "draft-saved")).await;
    assert_eq!(storage::get(KEPT_FOR_P1), None);
    assert!(form.filing.errors.get_untracked().is_empty());
}
