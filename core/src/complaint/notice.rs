//! The texts of progress notices (进度通知): one per step the complainant should know about, in
//! both languages, shared by the inbox, the timeline and the outbound channels.

use super::machine::{Change, Role};
use crate::Lang;

impl Change {
    /// Whether the complainant is told of this step (inbox notice and outbound channels).
    pub fn notifies_complainant(&self, by: Role) -> bool {
        match self {
            // What the complainant did themself is on the timeline, not in their inbox.
            Change::MaterialSupplied { .. }
            | Change::ReviewRequested { .. }
            | Change::Withdrawn { .. } => by != Role::Complainant,
            _ => true,
        }
    }

    /// The notice's title, e.g. "投诉已受理" / "Your complaint was accepted".
    pub fn title(&self, lang: Lang) -> &'static str {
        match self {
            Change::Registered { .. } => lang.pick("投诉已登记", "Your complaint was registered"),
            Change::MaterialsRequested { .. } => {
                lang.pick("请补正投诉材料", "Please send the missing materials")
            }
            Change::MaterialSupplied { .. } => lang.pick("已收到补正材料", "Missing item received"),
            Change::MaterialsCompleted => {
                lang.pick("补正材料已齐全", "All missing materials received")
            }
            Change::Accepted => lang.pick("投诉已受理", "Your complaint was accepted"),
            Change::NotAccepted { .. } => {
                lang.pick("投诉不予受理", "Your complaint was not accepted")
            }
            Change::TransferredOut { .. } => {
                lang.pick("投诉已转交相关单位处理", "Your complaint was passed on")
            }
            Change::HandlingStarted => lang.pick("投诉处理中", "Your complaint is being handled"),
            Change::AppraisalStarted { .. } => lang.pick(
                "外部鉴定期间不计入处理期限",
                "External appraisal: this time does not count",
            ),
            Change::AppraisalEnded => lang.pick("外部鉴定已结束", "External appraisal finished"),
            Change::DecisionExtended { .. } => {
                lang.pick("处理期限已延长", "The decision deadline was extended")
            }
            Change::RepeatMerged { .. } => lang.pick(
                "您的重复投诉已合并处理",
                "Your repeat complaint was merged into this case",
            ),
            Change::Decided {
                after_review: false,
                ..
            } => lang.pick("投诉处理决定", "Decision on your complaint"),
            Change::Decided {
                after_review: true, ..
            } => lang.pick("核查结果", "Result of the review"),
            Change::ReviewRequested { .. } => {
                lang.pick("已收到核查申请", "Review request received")
            }
            Change::Closed => lang.pick("投诉已结案", "Your complaint was closed"),
            Change::Withdrawn { .. } => lang.pick("投诉已撤回", "Your complaint was withdrawn"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_has_a_title_in_both_languages() {
        let steps = [
            Change::MaterialsCompleted,
            Change::Accepted,
            Change::HandlingStarted,
            Change::AppraisalEnded,
            Change::Closed,
            Change::Withdrawn {
                reason: String::new(),
            },
        ];
        for change in steps {
            assert_ne!(change.title(Lang::ZhCn), change.title(Lang::En));
        }
    }

    #[test]
    fn the_complainant_is_not_notified_of_their_own_withdrawal() {
        let withdrawn = Change::Withdrawn {
            reason: String::new(),
        };
        assert!(!withdrawn.notifies_complainant(Role::Complainant));
        assert!(withdrawn.notifies_complainant(Role::Handler));
        assert!(Change::Accepted.notifies_complainant(Role::Handler));
    }
}
