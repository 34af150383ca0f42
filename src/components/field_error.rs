//! A field's error, next to the field, in the person's language.

use leptos::prelude::*;
use portal_core::api::FieldError;

use crate::i18n::use_i18n;

/// The testid of a field's error: `field-error-` and the server's path with each run of `.`,
/// `[`, `]` made one `-` and no trailing `-` (`representatives[2].phone` →
/// `field-error-representatives-2-phone`).
pub fn error_testid(path: &str) -> String {
    let mut id = String::from("field-error-");
    let mut gap = false;
    for c in path.chars() {
        if matches!(c, '.' | '[' | ']') {
            gap = true;
        } else {
            if gap {
                id.push('-');
                gap = false;
            }
            id.push(c);
        }
    }
    id
}

/// Whether the server found a problem with the field at `path` (tracked).
pub fn has_error(errors: RwSignal<Vec<FieldError>>, path: &str) -> bool {
    errors.with(|errors| errors.iter().any(|e| e.field == path))
}

/// The error of the field at `path`, if the server found one.
pub fn error_slot(errors: RwSignal<Vec<FieldError>>, path: String) -> AnyView {
    let i18n = use_i18n();
    (move || {
        let lang = i18n.lang();
        errors
            .with(|errors| errors.iter().find(|e| e.field == path).map(|e| e.code))
            .map(|code| {
                view! {
                    <p class="field-error" data-testid=error_testid(&path)>
                        {code.message(lang)}
                    </p>
                }
            })
    })
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_testids_follow_the_field_paths() {
        assert_eq!(
            error_testid("power_of_attorney"),
            "field-error-power_of_attorney"
        );
        assert_eq!(
            error_testid("consumer.id_number"),
            "field-error-consumer-id_number"
        );
        assert_eq!(
            error_testid("representatives[2].phone"),
            "field-error-representatives-2-phone"
        );
        assert_eq!(
            error_testid("representatives[0]"),
            "field-error-representatives-0"
        );
    }
}
