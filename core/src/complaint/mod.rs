//! Complaints (投诉): what a complaint is made of, how it is filed, its lifecycle as a pure state
//! machine, and the regulatory clock that runs on it.

pub mod clock;
pub mod filing;
mod id_number;
pub mod kinds;
pub mod machine;
mod notice;
mod rules;
pub mod view;

pub use clock::{ComplaintClock, Deadline, DeadlineKind, DeadlineState, NextDeadline, china_date};
pub use filing::{ComplaintFiling, FiledBy, FilingError, NewComplaint, Person, PersonInput};
pub use id_number::{IdDocument, IdNumber};
pub use kinds::{
    Category, Channel, ContactPreference, DecisionResult, DecisionTerm, IdType, NotAcceptedReason,
    Relationship, Remedy, UrgencyReason,
};
pub use machine::{
    Action, Change, Command, ComplaintState, Ctx, Decision, Event, MaterialsRequest, NotAccepted,
    Refusal, Role, Status,
};
pub use rules::ComplaintRules;
pub use view::{
    Attachment, ComplaintChannels, ComplaintDetail, ComplaintPrefill, ComplaintReceipt,
    ComplaintSummary, Delivery, LocalizedText, Notice, NoticeEvent, NoticeHeadline,
    OfflineComplaint, UnreadCount,
};
