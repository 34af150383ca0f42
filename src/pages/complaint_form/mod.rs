//! `/complaints/new`: the complaint form. Asks only what the rules need, prefilled with what the
//! company holds; the draft is kept as the person types; the submit is idempotent.

mod draft;
mod fields;

use leptos::{ev::SubmitEvent, prelude::*};
use leptos_router::{NavigateOptions, hooks::use_navigate};
use portal_core::api::FieldError;
use portal_core::complaint::{
    Category, ComplaintPrefill, ContactPreference, Relationship, UrgencyReason,
};

use self::draft::Draft;
use self::fields::{Part, SelectSpec, TextKey, Who, choices, select_field, text_field};
use crate::{
    api,
    components::{Filing, Kind, Loaded, Slot, Uploads, error_slot, upload_slot, urgent_toggle},
    i18n::{Texts, use_i18n},
    paths,
};

/// A group names at most this many representatives.
const REPRESENTATIVES_MAX: usize = portal_core::complaint::filing::REPRESENTATIVES_MAX;

#[component]
pub fn NewComplaintPage() -> impl IntoView {
    let i18n = use_i18n();
    let prefill = LocalResource::new(api::prefill);
    view! {
        <h1>{i18n.text(|t| t.new_complaint)}</h1>
        <Loaded resource=prefill rows=4 let:prefill>
            {complaint_form(prefill)}
        </Loaded>
    }
}

/// The form's state: the draft, the three upload slots, the server's field errors.
#[derive(Clone, Copy)]
struct Form {
    draft: RwSignal<Draft>,
    errors: RwSignal<Vec<FieldError>>,
    power_of_attorney: Uploads,
    succession_proof: Uploads,
    attachments: Uploads,
}

impl Form {
    fn text(self, key: TextKey, label: &'static str, kind: Kind) -> AnyView {
        text_field(self.draft, self.errors, key, label, kind)
    }

    fn person(self, who: Who, t: &'static Texts) -> AnyView {
        view! {
            {self.text(TextKey::Person(who, Part::Name), t.name_label, Kind::Text)}
            {self.text(TextKey::Person(who, Part::IdNumber), t.id_label, Kind::Text)}
            {self.text(TextKey::Person(who, Part::Phone), t.mobile_label, Kind::Tel)}
        }
        .into_any()
    }

    fn select(self, spec: SelectSpec, options: Vec<(String, String)>) -> AnyView {
        select_field(self.draft, self.errors, spec, options)
    }

    /// The draft with the files of every slot (tracked).
    fn snapshot(self) -> Draft {
        let mut draft = self.draft.get();
        draft.power_of_attorney = self.power_of_attorney.stored();
        draft.succession_proof = self.succession_proof.stored();
        draft.attachments = self.attachments.stored();
        draft
    }

    fn busy(self) -> bool {
        self.power_of_attorney.busy() || self.succession_proof.busy() || self.attachments.busy()
    }
}

fn complaint_form(prefill: ComplaintPrefill) -> AnyView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let (filing, restored) = Filing::new(
        |draft: Draft| async move { api::file_complaint(&draft.request(), &draft.key).await },
        move |receipt: &portal_core::complaint::ComplaintReceipt| {
            navigate(&paths::receipt(receipt.id), NavigateOptions::default())
        },
    );
    let draft = restored.unwrap_or_else(|| Draft::new(&prefill));
    let form = Form {
        power_of_attorney: Uploads::new(draft.power_of_attorney.clone()),
        succession_proof: Uploads::new(draft.succession_proof.clone()),
        attachments: Uploads::new(draft.attachments.clone()),
        draft: RwSignal::new(draft),
        errors: filing.errors,
    };
    // Bumped to draw the form again from a reset draft (its radios and urgent toggle are drawn once).
    let generation = RwSignal::new(0u32);
    let prefill = StoredValue::new(prefill);
    filing.autosave(move || form.snapshot());

    let discard = move || {
        filing.discard();
        form.draft.set(prefill.with_value(Draft::new));
        form.power_of_attorney.clear();
        form.succession_proof.clear();
        form.attachments.clear();
        generation.update(|g| *g += 1);
    };

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !form.busy() {
            filing.send(form.snapshot());
        }
    };

    let relationship = Memo::new(move |_| form.draft.with(Draft::relationship));
    let urgent = Memo::new(move |_| form.draft.with(|d| d.complaint.urgent.is_some()));
    let set_urgent = move |on: bool| {
        form.draft
            .update(|d| d.complaint.urgent = on.then_some(UrgencyReason::MedicalEmergency))
    };

    (move || {
        generation.track();
        let lang = i18n.lang();
        let t = i18n.t();
        let relationships = Relationship::ALL.iter().map(|&r| {
            let choose = move |_| {
                form.draft.update(|d| {
                    d.complaint.filed_as = Some(r);
                    if r == Relationship::Group && d.complaint.representatives.is_empty() {
                        d.complaint.representatives.push(Default::default());
                    }
                })
            };
            view! {
                <label class="choice">
                    <input
                        type="radio"
                        name="filed_as"
                        value=r.as_str()
                        prop:checked=relationship.get_untracked() == r
                        on:change=choose
                    />
                    <span>{r.label(lang)}</span>
                </label>
            }
        });
        let policies = prefill.with_value(|p| {
            let mut options = vec![(String::new(), t.no_policy.to_owned())];
            options.extend(p.policies.iter().map(|policy| {
                (
                    policy.id.to_string(),
                    format!("{} · {}", policy.product_name, policy.number),
                )
            }));
            options
        });
        view! {
            <p class="intro">{t.form_intro}</p>
            <p>
                <a href=paths::CHANNELS data-testid="channels-link">{t.other_channels}</a>
            </p>
            <form class="form" novalidate on:submit=submit>
                {filing.error()}
                <fieldset class="field">
                    <legend>{t.who_filing}</legend>
                    <div class="choices">{relationships.collect_view()}</div>
                    {error_slot(form.errors, "filed_as".into())}
                </fieldset>
                <fieldset class="section">
                    <legend>{t.consumer_section}</legend>
                    {form.person(Who::Consumer, t)}
                </fieldset>
                {move || sections(form, relationship.get(), i18n.t())}
                {form.select(
                    SelectSpec {
                        id: "policy-select",
                        path: "policy_id",
                        label: t.policy_label,
                        get: |d| d.complaint.policy_id.map(|id| id.to_string()).unwrap_or_default(),
                        set: |c, v| c.policy_id = v.parse().ok(),
                    },
                    policies,
                )}
                {form.text(TextKey::About, t.about_label, Kind::Text)}
                {form.select(
                    SelectSpec {
                        id: "category-select",
                        path: "category",
                        label: t.category_label,
                        get: |d| d.complaint.category.map(|c| c.as_str().to_owned()).unwrap_or_default(),
                        set: |c, v| c.category = Category::from_str_opt(v),
                    },
                    choices(Category::ALL, Category::as_str, Category::label, lang, Some(t.choose)),
                )}
                {form.text(TextKey::Request, t.request_label, Kind::Long)}
                {form.text(TextKey::Facts, t.facts_label, Kind::Long)}
                {upload_slot(
                    form.attachments,
                    Slot {
                        id: "attachments".into(),
                        testid: "attachments-input",
                        item_testid: "attachment-item",
                        path: "attachments",
                        label: |t| t.attachments_label,
                        multiple: true,
                    },
                    Some(form.errors),
                )}
                {form.select(
                    SelectSpec {
                        id: "contact-select",
                        path: "preferred_contact",
                        label: t.contact_label,
                        get: |d| {
                            d.complaint
                                .preferred_contact
                                .unwrap_or(ContactPreference::Phone)
                                .as_str()
                                .to_owned()
                        },
                        set: |c, v| c.preferred_contact = ContactPreference::from_str_opt(v),
                    },
                    choices(ContactPreference::ALL, ContactPreference::as_str, ContactPreference::label, lang, None),
                )}
                {
                    let checked = urgent.get_untracked();
                    urgent_toggle(t.urgent_label, move || checked, set_urgent)
                }
                {move || {
                    urgent
                        .get()
                        .then(|| {
                            form.select(
                                SelectSpec {
                                    id: "urgent-reason-select",
                                    path: "urgent",
                                    label: t.urgent_reason,
                                    get: |d| d.complaint.urgent.map(|u| u.as_str().to_owned()).unwrap_or_default(),
                                    set: |c, v| c.urgent = UrgencyReason::from_str_opt(v).or(c.urgent),
                                },
                                choices(UrgencyReason::ALL, UrgencyReason::as_str, UrgencyReason::label, lang, None),
                            )
                        })
                }}
                <button
                    type="submit"
                    class="button button-primary button-block"
                    data-testid="complaint-submit"
                    disabled=move || filing.submitting() || form.busy()
                >
                    {t.submit_complaint}
                </button>
                {filing.draft_row(t, discard)}
            </form>
        }
    })
    .into_any()
}

/// What the relationship asks for: the acting person and their proof, or the representatives.
fn sections(form: Form, relationship: Relationship, t: &'static Texts) -> AnyView {
    let acting = matches!(
        relationship,
        Relationship::Agent | Relationship::Heir | Relationship::LegalRepresentative
    );
    let proof = match relationship {
        Relationship::Agent => Some((
            form.power_of_attorney,
            Slot {
                id: "power-of-attorney".into(),
                testid: "power-of-attorney-input",
                item_testid: "power-of-attorney-item",
                path: "power_of_attorney",
                label: |t| t.power_of_attorney,
                multiple: false,
            },
        )),
        Relationship::Heir => Some((
            form.succession_proof,
            Slot {
                id: "succession-proof".into(),
                testid: "succession-proof-input",
                item_testid: "succession-proof-item",
                path: "succession_proof",
                label: |t| t.succession_proof,
                multiple: false,
            },
        )),
        _ => None,
    };
    view! {
        {acting
            .then(|| {
                view! {
                    <fieldset class="section">
                        <legend>{t.acting_section}</legend>
                        {error_slot(form.errors, "acting_person".into())}
                        {form.person(Who::Acting, t)}
                        {proof.map(|(uploads, slot)| upload_slot(uploads, slot, Some(form.errors)))}
                    </fieldset>
                }
            })}
        {(relationship == Relationship::Group).then(|| representatives(form, t))}
    }
    .into_any()
}

/// A group's representatives: one row each, at most five.
fn representatives(form: Form, t: &'static Texts) -> AnyView {
    let count = Memo::new(move |_| form.draft.with(|d| d.complaint.representatives.len()));
    let add = move |_| {
        form.draft.update(|d| {
            if d.complaint.representatives.len() < REPRESENTATIVES_MAX {
                d.complaint.representatives.push(Default::default());
            }
        })
    };
    view! {
        <fieldset class="section">
            <legend>{t.reps_section}</legend>
            {error_slot(form.errors, "representatives".into())}
            {move || {
                (0..count.get())
                    .map(|i| {
                        let remove = move |_| {
                            form.draft.update(|d| {
                                if i < d.complaint.representatives.len() {
                                    d.complaint.representatives.remove(i);
                                }
                            })
                        };
                        view! {
                            <div class="rep-row" data-testid="rep-row">
                                {form.person(Who::Representative(i), t)}
                                <button type="button" class="button button-quiet" data-testid="rep-remove" on:click=remove>
                                    {t.remove}
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            {move || {
                (count.get() < REPRESENTATIVES_MAX)
                    .then(|| {
                        view! {
                            <button type="button" class="button button-secondary" data-testid="rep-add" on:click=add>
                                {t.rep_add}
                            </button>
                        }
                    })
            }}
        </fieldset>
    }
    .into_any()
}
