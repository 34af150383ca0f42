//! Which message goes where on the login form: under a field, or for the whole form.

use portal_core::{OtpCode, PhoneNumber, api::ErrorCode};

use crate::api::ApiFailure;

/// The login form's errors; codes, not texts, so a language switch translates them at once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoginErrors {
    pub phone: Option<ErrorCode>,
    pub code: Option<ErrorCode>,
    pub form: Option<ApiFailure>,
}

enum Field {
    Phone,
    Code,
}

fn field_of(code: ErrorCode) -> Option<Field> {
    use ErrorCode::*;
    match code {
        PhoneRequired | PhoneInvalid | PhoneUnknown => Some(Field::Phone),
        CodeRequired | CodeMalformed | CodeWrong | CodeExpired | CodeTooManyTries => {
            Some(Field::Code)
        }
        _ => None,
    }
}

impl LoginErrors {
    /// Checks the phone number before asking for a code.
    pub fn check_phone(phone: &str) -> LoginErrors {
        LoginErrors {
            phone: PhoneNumber::parse(phone).err().map(|e| e.code),
            ..LoginErrors::default()
        }
    }

    /// Checks both fields before logging in.
    pub fn check_login(phone: &str, code: &str) -> LoginErrors {
        LoginErrors {
            code: OtpCode::parse(code).err().map(|e| e.code),
            ..LoginErrors::check_phone(phone)
        }
    }

    /// Nothing to complain about.
    pub fn is_empty(&self) -> bool {
        *self == LoginErrors::default()
    }

    /// Sorts the server's answer: field errors under their field, the rest for the whole form.
    pub fn from_failure(failure: ApiFailure) -> LoginErrors {
        let mut errors = LoginErrors::default();
        let ApiFailure::Problem(problem) = &failure else {
            errors.form = Some(failure);
            return errors;
        };
        for field_error in &problem.errors {
            match field_error.field.as_str() {
                "phone" => errors.phone = Some(field_error.code),
                "code" => errors.code = Some(field_error.code),
                _ => {}
            }
        }
        if errors.phone.is_none() && errors.code.is_none() {
            match field_of(problem.code) {
                Some(Field::Phone) => errors.phone = Some(problem.code),
                Some(Field::Code) => errors.code = Some(problem.code),
                None => errors.form = Some(failure),
            }
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_core::api::{FieldError, Problem};

    fn problem(code: ErrorCode, errors: Vec<FieldError>) -> ApiFailure {
        ApiFailure::Problem(Problem {
            problem_type: "about:blank".into(),
            title: "t".into(),
            status: 422,
            code,
            detail: None,
            errors,
        })
    }

    #[test]
    fn a_field_error_goes_under_its_field() {
        let failure = problem(
            ErrorCode::ValidationFailed,
            vec![FieldError {
                field: "phone".into(),
                code: ErrorCode::PhoneInvalid,
                message: "x".into(),
            }],
        );
        let errors = LoginErrors::from_failure(failure);
        assert_eq!(errors.phone, Some(ErrorCode::PhoneInvalid));
        assert_eq!(errors.form, None);
    }

    #[test]
    fn a_wrong_code_goes_under_the_code_field() {
        let errors = LoginErrors::from_failure(problem(ErrorCode::CodeWrong, vec![]));
        assert_eq!(errors.code, Some(ErrorCode::CodeWrong));
    }

    #[test]
    fn other_failures_are_for_the_whole_form() {
        let errors = LoginErrors::from_failure(problem(ErrorCode::RateLimited, vec![]));
        assert!(errors.form.is_some());
        let errors = LoginErrors::from_failure(ApiFailure::Network);
        assert_eq!(errors.form, Some(ApiFailure::Network));
    }

    #[test]
    fn the_form_is_checked_before_anything_is_sent() {
        assert_eq!(
            LoginErrors::check_phone("").phone,
            Some(ErrorCode::PhoneRequired)
        );
        assert!(LoginErrors::check_login("13800138000", "123456").is_empty());
        assert_eq!(
            LoginErrors::check_login("13800138000", "12").code,
            Some(ErrorCode::CodeMalformed)
        );
    }
}
