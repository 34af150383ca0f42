//! The claim lifecycle as one pure state machine, shaped like the complaint's:
//! `decide(state, command, ctx)` gives the events or a typed refusal; `apply(state, event)` folds
//! an event in. The server and the web app use the same functions, so a screen offers exactly
//! what the server will accept.

mod apply;
mod command;
mod decide;
mod event;
mod refusal;
mod state;
#[cfg(test)]
pub(crate) mod tests;

pub use apply::{apply, replay};
pub use command::{Action, Command, Ctx, DocumentReview, Role, SlotRequest};
pub use decide::{allowed_actions, check, decide};
pub use event::{Change, Event, RequestedSlot};
pub use refusal::Refusal;
pub use state::{
    AdvancePayment, Assessment, ClaimDecision, ClaimState, Dispute, DocumentsRequest,
    Investigation, Payment, Status,
};

/// Decides and, if allowed, applies: the new state and the events to store.
pub fn execute(
    state: &ClaimState,
    command: Command,
    ctx: &Ctx,
) -> Result<(ClaimState, Vec<Event>), Refusal> {
    let events = decide(state, command, ctx)?;
    let next = events.iter().fold(state.clone(), apply);
    Ok((next, events))
}
