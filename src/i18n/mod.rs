//! The person's language: zh-CN by default, English complete, the choice remembered.

pub mod channels;
pub mod claims;
pub mod complaints;
mod format;
pub mod policies;
pub mod settings;
pub mod surveys;
mod texts;

pub use format::{clock, date, date_time, day_of, due, fill};
pub use texts::Texts;

use leptos::prelude::*;
use portal_core::Lang;

use crate::{api, api::ApiFailure, storage};

const STORAGE_KEY: &str = "portal.lang";

/// The language handle kept in context.
#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// The current language (tracked).
    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    /// The texts of the current language (tracked).
    pub fn t(&self) -> &'static Texts {
        texts(self.lang())
    }

    /// One text of the current language, as a signal. All texts share this one type, which
    /// keeps the wasm small (a closure per text would each be compiled separately).
    pub fn text(self, pick: fn(&'static Texts) -> &'static str) -> Signal<&'static str> {
        Signal::derive(move || pick(self.t()))
    }

    /// One text of the claims screens in the current language, as a signal (as [`I18n::text`]).
    pub fn claim_text(
        self,
        pick: fn(&'static claims::ClaimTexts) -> &'static str,
    ) -> Signal<&'static str> {
        Signal::derive(move || pick(claims::claim_texts(self.lang())))
    }

    /// One text of the published channels in the current language, as a signal (as
    /// [`I18n::text`]).
    pub fn channel_text(
        self,
        pick: fn(&'static channels::ChannelTexts) -> &'static str,
    ) -> Signal<&'static str> {
        Signal::derive(move || pick(channels::channel_texts(self.lang())))
    }

    /// One text of the complaint screens in the current language, as a signal (as [`I18n::text`]).
    pub fn complaint_text(
        self,
        pick: fn(&'static complaints::ComplaintTexts) -> &'static str,
    ) -> Signal<&'static str> {
        Signal::derive(move || pick(complaints::complaint_texts(self.lang())))
    }

    /// One text of the policy screens in the current language, as a signal (as [`I18n::text`]).
    pub fn policy_text(
        self,
        pick: fn(&'static policies::PolicyTexts) -> &'static str,
    ) -> Signal<&'static str> {
        Signal::derive(move || pick(policies::policy_texts(self.lang())))
    }

    /// One text of the survey screens in the current language, as a signal (as [`I18n::text`]).
    pub fn survey_text(
        self,
        pick: fn(&'static surveys::SurveyTexts) -> &'static str,
    ) -> Signal<&'static str> {
        Signal::derive(move || pick(surveys::survey_texts(self.lang())))
    }

    /// A text that depends on the language only, e.g. a kind's label, as a signal.
    pub fn by_lang(
        self,
        text: impl Fn(Lang) -> &'static str + Send + Sync + 'static,
    ) -> Signal<&'static str> {
        Signal::derive(move || text(self.lang()))
    }

    /// Switches zh-CN <-> en.
    pub fn toggle(&self) {
        self.lang.update(|lang| {
            *lang = match lang {
                Lang::ZhCn => Lang::En,
                Lang::En => Lang::ZhCn,
            }
        });
    }

    /// The text to show for a failed call (tracked).
    pub fn failure(&self, failure: &ApiFailure) -> &'static str {
        match failure {
            ApiFailure::Problem(problem) => problem.code.message(self.lang()),
            ApiFailure::Network => self.t().network_error,
            ApiFailure::UnexpectedStatus(_) => self.t().unexpected_error,
        }
    }
}

/// The texts of a language.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::ZhCn => &texts::ZH,
        Lang::En => &texts::EN,
    }
}

/// Chooses the first language (remembered, else the browser's, else zh-CN), keeps `<html lang>`,
/// the document title, storage and the API's Accept-Language in step with it.
pub fn provide_i18n() -> I18n {
    let first = storage::get(STORAGE_KEY)
        .or_else(|| window().navigator().language())
        .map(|tag| Lang::from_tag(&tag))
        .unwrap_or_default();
    let i18n = I18n {
        lang: RwSignal::new(first),
    };
    api::set_language(first);
    Effect::new(move |previous: Option<Lang>| {
        let lang = i18n.lang();
        api::set_language(lang);
        let document = document();
        if let Some(html) = document.document_element() {
            let _ = html.set_attribute("lang", lang.tag());
        }
        document.set_title(texts(lang).app_title);
        // Only a choice is remembered; a first visit keeps following the browser.
        if previous.is_some() {
            storage::set(STORAGE_KEY, lang.tag());
        }
        lang
    });
    provide_context(i18n);
    i18n
}

/// The language handle provided by [`provide_i18n`].
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}
