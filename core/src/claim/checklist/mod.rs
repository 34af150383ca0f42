//! The documents a claim needs (理赔材料清单): a checklist per claim kind, from the server's
//! configuration with defaults from domain.md; each item is its own upload slot. The state of a
//! slot is computed from the documents uploaded to it and their review.

mod defaults;
#[cfg(test)]
mod tests;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::document::ClaimDocument;
use super::kinds::{DocumentRejection, ReviewState};
use crate::complaint::LocalizedText;
use crate::labels::choice;
use crate::policy::PolicyKind;

/// One item of a checklist: its own upload slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentSlot {
    /// A stable key (`id_card`, `invoices`, …): documents and requests refer to it.
    pub key: String,
    /// What it is, e.g. "医疗费用发票" / "Medical invoices".
    pub label: LocalizedText,
    /// What a good document looks like, shown under the slot.
    pub hint: LocalizedText,
    /// Whether the claim cannot be decided without it.
    pub required: bool,
    /// Whether it takes several files (both sides of a card, every invoice, photos).
    pub multiple: bool,
}

/// The slots of one claim kind, in display order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Checklist {
    /// The slots.
    pub slots: Vec<DocumentSlot>,
}

/// Every claim kind's checklist. The server loads it from configuration; a kind left out keeps
/// its default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ClaimChecklists {
    /// 医疗险.
    pub medical: Checklist,
    /// 意外险.
    pub accident: Checklist,
    /// 车险.
    pub auto: Checklist,
    /// 财产险.
    pub property: Checklist,
    /// 寿险.
    pub life: Checklist,
}

/// Why a configured checklist cannot be used (the server refuses to start with it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChecklistError {
    /// A kind has no slot at all.
    #[error("the {0} checklist has no slot")]
    Empty(&'static str),
    /// A key that is not lower-case ASCII letters, digits and `_`.
    #[error("the {kind} checklist has a bad key {key:?} (use a-z, 0-9 and _)")]
    BadKey {
        /// The claim kind.
        kind: &'static str,
        /// The key.
        key: String,
    },
    /// The same key twice in one kind.
    #[error("the {kind} checklist has the key {key:?} twice")]
    DuplicateKey {
        /// The claim kind.
        kind: &'static str,
        /// The key.
        key: String,
    },
    /// A label left empty in a language.
    #[error("the {kind} slot {key:?} has an empty label")]
    EmptyLabel {
        /// The claim kind.
        kind: &'static str,
        /// The key.
        key: String,
    },
}

impl ClaimChecklists {
    /// The checklist of a claim kind.
    pub fn for_kind(&self, kind: PolicyKind) -> &Checklist {
        match kind {
            PolicyKind::Medical => &self.medical,
            PolicyKind::Accident => &self.accident,
            PolicyKind::Auto => &self.auto,
            PolicyKind::Property => &self.property,
            PolicyKind::Life => &self.life,
        }
    }

    /// Checks a configured set: every kind has slots, keys are unique snake_case, labels given.
    pub fn check(&self) -> Result<(), ChecklistError> {
        for kind in PolicyKind::ALL {
            let name = kind.as_str();
            let slots = &self.for_kind(kind).slots;
            if slots.is_empty() {
                return Err(ChecklistError::Empty(name));
            }
            for (i, slot) in slots.iter().enumerate() {
                let key = slot.key.clone();
                let snake = !key.is_empty()
                    && key
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
                if !snake {
                    return Err(ChecklistError::BadKey { kind: name, key });
                }
                if slots[..i].iter().any(|s| s.key == key) {
                    return Err(ChecklistError::DuplicateKey { kind: name, key });
                }
                if slot.label.zh.trim().is_empty() || slot.label.en.trim().is_empty() {
                    return Err(ChecklistError::EmptyLabel { kind: name, key });
                }
            }
        }
        Ok(())
    }
}

choice! {
    /// Where one slot of the checklist stands.
    SlotStatus {
        /// Nothing uploaded yet.
        Missing = "missing", "待上传", "Missing";
        /// Uploaded, waiting for review.
        Uploaded = "uploaded", "待审核", "Uploaded";
        /// Accepted on review.
        Accepted = "accepted", "已通过", "Accepted";
        /// Rejected on review and not uploaded again since: missing again.
        Rejected = "rejected", "需重新上传", "Rejected: upload again";
    }
}

impl SlotStatus {
    /// Whether the slot still needs a file (nothing in, or only a rejected one).
    pub fn needs_upload(self) -> bool {
        matches!(self, SlotStatus::Missing | SlotStatus::Rejected)
    }
}

/// Why a slot's latest file was rejected, as the policyholder is told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlotRejection {
    /// The reason code.
    pub reason: DocumentRejection,
    /// The handler's note.
    pub note: String,
}

/// One slot with its documents and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlotState {
    /// The slot.
    pub slot: DocumentSlot,
    /// Where it stands.
    pub status: SlotStatus,
    /// Why it was rejected, when `status` is `rejected`.
    pub rejection: Option<SlotRejection>,
    /// The files in it, oldest first.
    pub documents: Vec<ClaimDocument>,
    /// The day it is due, if the company asked for it.
    pub due_on: Option<NaiveDate>,
}

/// Every slot of a claim's checklist, with its state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChecklistProgress {
    /// The slots, in the checklist's order.
    pub slots: Vec<SlotState>,
}

impl Checklist {
    /// The slot with a key.
    pub fn slot(&self, key: &str) -> Option<&DocumentSlot> {
        self.slots.iter().find(|s| s.key == key)
    }

    /// Each slot's state from the claim's documents (documents of unknown slots are left out).
    pub fn progress(&self, documents: &[ClaimDocument]) -> ChecklistProgress {
        let slots = self
            .slots
            .iter()
            .map(|slot| {
                let documents: Vec<ClaimDocument> = documents
                    .iter()
                    .filter(|d| d.slot == slot.key)
                    .cloned()
                    .collect();
                let (status, rejection) = slot_status(&documents);
                SlotState {
                    slot: slot.clone(),
                    status,
                    rejection,
                    documents,
                    due_on: None,
                }
            })
            .collect();
        ChecklistProgress { slots }
    }
}

/// A rejection counts until a file is uploaded to the slot after it.
fn slot_status(documents: &[ClaimDocument]) -> (SlotStatus, Option<SlotRejection>) {
    let uploaded_after = |at: DateTime<Utc>| documents.iter().any(|d| d.uploaded_at > at);
    let open_rejection = documents
        .iter()
        .filter_map(|d| match (&d.review, d.reviewed_at) {
            (ReviewState::Rejected { reason, note }, Some(at)) if !uploaded_after(at) => {
                Some((at, reason, note))
            }
            _ => None,
        })
        .max_by_key(|(at, _, _)| *at);
    if let Some((_, reason, note)) = open_rejection {
        let rejection = SlotRejection {
            reason: *reason,
            note: note.clone(),
        };
        return (SlotStatus::Rejected, Some(rejection));
    }
    let any = |want: fn(&ReviewState) -> bool| documents.iter().any(|d| want(&d.review));
    let status = if any(|r| *r == ReviewState::Pending) {
        SlotStatus::Uploaded
    } else if any(|r| *r == ReviewState::Accepted) {
        SlotStatus::Accepted
    } else {
        SlotStatus::Missing
    };
    (status, None)
}

impl ChecklistProgress {
    /// The keys of the required slots that still need a file: the claim is not complete
    /// without them.
    pub fn missing_required(&self) -> Vec<&str> {
        self.slots
            .iter()
            .filter(|s| s.slot.required && s.status.needs_upload())
            .map(|s| s.slot.key.as_str())
            .collect()
    }

    /// The keys of every slot a request for documents must list now: the missing required ones
    /// and every rejected one.
    pub fn to_request(&self) -> Vec<&str> {
        self.slots
            .iter()
            .filter(|s| {
                s.status == SlotStatus::Rejected || (s.slot.required && s.status.needs_upload())
            })
            .map(|s| s.slot.key.as_str())
            .collect()
    }

    /// The state of one slot.
    pub fn get(&self, key: &str) -> Option<&SlotState> {
        self.slots.iter().find(|s| s.slot.key == key)
    }
}
