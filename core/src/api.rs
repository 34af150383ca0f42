//! The REST API's request and response bodies (`/api/v1`), shared by the server and the web app.

use serde::{Deserialize, Serialize};

use crate::Lang;

/// The path prefix of every API route.
pub const API_PREFIX: &str = "/api/v1";
/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "portal_session";
/// The header that makes a create request safe to retry.
pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";

/// Stable machine-readable error codes. The UI translates them; the server puts the text of the
/// caller's language in `detail`. Never rename a variant: clients depend on the string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Some fields are wrong; see `errors`.
    ValidationFailed,
    /// A phone number is required.
    PhoneRequired,
    /// Not an 11-digit mainland mobile number.
    PhoneInvalid,
    /// No policyholder has this number.
    PhoneUnknown,
    /// A one-time code is required.
    CodeRequired,
    /// Not 6 digits.
    CodeMalformed,
    /// The code does not match.
    CodeWrong,
    /// The code expired, or none was requested.
    CodeExpired,
    /// Too many wrong codes: a new one must be requested.
    CodeTooManyTries,
    /// A new code was asked for too soon.
    CodeResendTooSoon,
    /// Too many requests from this address or for this number.
    RateLimited,
    /// Wrong staff username or password.
    CredentialsWrong,
    /// A field is required.
    Required,
    /// A text is too long.
    TooLong,
    /// Not logged in, or the session ended.
    Unauthenticated,
    /// Logged in, but not allowed to do this.
    Forbidden,
    /// No such record (or not yours: the API does not tell the difference).
    NotFound,
    /// The request body is not valid JSON of the expected shape.
    BodyMalformed,
    /// The request body is larger than allowed.
    BodyTooLarge,
    /// The request's content type is not accepted.
    UnsupportedMediaType,
    /// The HTTP method is not allowed on this path.
    MethodNotAllowed,
    /// Something went wrong on the server; nothing was changed.
    Internal,
    /// An identity document number that is not valid (GB 11643 checksum, length, birth date).
    IdNumberInvalid,
    /// An agent filed without a power of attorney.
    PowerOfAttorneyRequired,
    /// An heir filed without proof of succession.
    SuccessionProofRequired,
    /// A group complaint without a representative.
    RepresentativesRequired,
    /// A group complaint with more than 5 representatives.
    TooManyRepresentatives,
    /// More attachments than allowed.
    TooManyAttachments,
    /// The step is not allowed in the case's current state.
    TransitionNotAllowed,
    /// Only a supervisor may take this step.
    SupervisorRequired,
    /// A review was requested after the review window ended.
    ReviewWindowClosed,
    /// Missing materials were already requested (it is done once, listing everything).
    MaterialsAlreadyRequested,
    /// The step needs a reason.
    ReasonRequired,
    /// A materials request lists nothing.
    MaterialsListEmpty,
    /// No such missing-material item on the case.
    MaterialItemUnknown,
    /// The missing-material item was already supplied.
    MaterialAlreadySupplied,
    /// The decision deadline was already extended this far.
    ExtensionAlreadyGranted,
    /// The further extension needs the first extension before it.
    ExtensionRequiredFirst,
    /// An appraisal is running, so the case cannot move on yet.
    AppraisalRunning,
    /// No appraisal is running to end.
    AppraisalNotRunning,
    /// A review was already requested on this case.
    ReviewAlreadyRequested,
    /// The file is not a photo (JPEG, PNG, WebP, HEIC) or a PDF, whatever its name says.
    FileTypeNotAllowed,
    /// The file has no content.
    FileEmpty,
    /// The file is over the size limit (10 MiB).
    FileTooLarge,
    /// An `Idempotency-Key` was sent again with a different body.
    IdempotencyKeyReused,
    /// An upload id that is not one of the caller's uploads.
    UploadUnknown,
    /// A policy id that is not one of the caller's policies.
    PolicyUnknown,
    /// Staff must say through which off-line channel a complaint came.
    OfflineChannelRequired,
    /// A date or time in the future where only the past makes sense.
    DateInFuture,
    /// Someone else changed the case at the same moment; reload and try again.
    ConcurrentChange,
    /// Not a date (`YYYY-MM-DD`).
    DateInvalid,
    /// Not a time of day (`HH:MM`).
    TimeInvalid,
    /// The incident date is outside the policy's period of cover.
    IncidentOutsidePolicyPeriod,
    /// Missing claim documents were already requested (once, listing everything; 保险法 Art. 22).
    DocumentsAlreadyRequested,
    /// A documents request that would list nothing.
    NoDocumentsMissing,
    /// No such document slot in the claim's checklist.
    DocumentSlotUnknown,
    /// The slot takes one file and already has one.
    DocumentSlotFull,
    /// No such document on the claim.
    DocumentUnknown,
    /// The document is already on the claim.
    DocumentAlreadyAdded,
    /// The document was already reviewed.
    DocumentAlreadyReviewed,
    /// A due date before today.
    DueDateInPast,
    /// An amount that is missing, zero, negative or below what was paid in advance.
    AmountInvalid,
    /// An amount above the assessed amount (a partial approval must be below it).
    AmountAboveAssessed,
    /// The payment breakdown does not add up to the decided amount.
    PaymentBreakdownMismatch,
    /// The policyholder already disagreed with this decision.
    DisputeAlreadyRaised,
    /// The survey was already answered (in the portal, through a link or on a return visit).
    SurveyAnswered,
    /// The survey invitation expired unanswered.
    SurveyExpired,
    /// The survey was withdrawn because the case was reopened.
    SurveyCancelled,
    /// A survey link that is not valid: altered, forged, or replaced by a newer one.
    SurveyLinkInvalid,
    /// The survey has no such question.
    QuestionUnknown,
    /// An answer of the wrong kind for its question.
    AnswerWrongKind,
    /// A rating outside its scale.
    AnswerOutOfRange,
    /// A choice that the question does not offer.
    OptionUnknown,
    /// A KPI period that is not `YYYY-MM` (month) or `YYYY-Qn` (quarter), or a range that ends
    /// before it starts or spans more than 36 periods.
    PeriodInvalid,
    /// Not an email address.
    EmailInvalid,
    /// An email confirmation link that is altered, expired, or for an address since replaced.
    EmailLinkInvalid,
    /// A channel the company has not configured, or email before an address is confirmed.
    ChannelUnavailable,
    /// No delivery with this id, or one that is not dead (only dead deliveries are retried).
    DeliveryNotRetryable,
    /// The text-message gateway did not take the login code; nothing was sent.
    CodeNotSent,
    /// A new staff password shorter than 12 characters.
    PasswordTooShort,
    /// A staff setup code that is wrong, used, expired or replaced (or the username is not one
    /// waiting for it: the API does not tell the difference).
    SetupCodeInvalid,
}

impl ErrorCode {
    /// The human text of the code in a language, as shown next to the field or on the page.
    pub fn message(self, lang: Lang) -> &'static str {
        use ErrorCode::*;
        match self {
            ValidationFailed => lang.pick("请检查标出的内容。", "Please check the fields marked below."),
            PhoneRequired => lang.pick("请输入手机号码。", "Please enter your mobile number."),
            PhoneInvalid => lang.pick(
                "手机号码应为 11 位数字，以 1 开头。",
                "A mobile number has 11 digits and starts with 1.",
            ),
            PhoneUnknown => lang.pick(
                "这个手机号码没有关联的保单。请使用投保时留下的号码。",
                "No policy is linked to this number. Use the number you gave when you bought your policy.",
            ),
            CodeRequired => lang.pick("请输入验证码。", "Please enter the verification code."),
            CodeMalformed => lang.pick("验证码为 6 位数字。", "The verification code has 6 digits."),
            CodeWrong => lang.pick("验证码不正确，请重新输入。", "That code is not right. Please try again."),
            CodeExpired => lang.pick(
                "验证码已过期，请重新获取。",
                "The code has expired. Please ask for a new one.",
            ),
            CodeTooManyTries => lang.pick(
                "错误次数过多，请重新获取验证码。",
                "Too many wrong codes. Please ask for a new one.",
            ),
            CodeResendTooSoon => lang.pick(
                "验证码已发送，请稍后再重新获取。",
                "A code was just sent. Please wait before asking again.",
            ),
            RateLimited => lang.pick("操作太频繁，请稍后再试。", "Too many attempts. Please try again later."),
            CredentialsWrong => lang.pick("用户名或密码不正确。", "Wrong username or password."),
            Required => lang.pick("此项为必填。", "This is required."),
            TooLong => lang.pick("内容太长。", "This is too long."),
            Unauthenticated => lang.pick("请先登录。", "Please log in."),
            Forbidden => lang.pick("您没有权限进行此操作。", "You are not allowed to do this."),
            NotFound => lang.pick("找不到该记录。", "We could not find that."),
            BodyMalformed => lang.pick("请求格式不正确。", "The request is not in the expected format."),
            BodyTooLarge => lang.pick("提交的内容太大。", "What was sent is too large."),
            UnsupportedMediaType => lang.pick("不支持的内容类型。", "That content type is not accepted."),
            MethodNotAllowed => lang.pick("不支持该操作。", "That operation is not supported here."),
            Internal => lang.pick(
                "服务暂时出现问题，您的内容没有丢失，请稍后重试。",
                "Something went wrong on our side. Nothing was lost; please try again.",
            ),
            IdNumberInvalid => lang.pick("身份证件号码不正确，请核对。", "That ID number is not valid. Please check it."),
            PowerOfAttorneyRequired => lang.pick("代他人投诉，需上传签字的授权委托书。", "An agent must upload the signed power of attorney."),
            SuccessionProofRequired => lang.pick("继承人投诉，需上传继承关系证明。", "An heir must upload proof of succession."),
            RepresentativesRequired => lang.pick("集体投诉请至少填写 1 位代表。", "A group complaint names at least one representative."),
            TooManyRepresentatives => lang.pick("集体投诉最多推选 5 位代表。", "A group complaint names at most 5 representatives."),
            TooManyAttachments => lang.pick("附件数量超过上限。", "Too many attachments."),
            TransitionNotAllowed => lang.pick("该案件当前状态下不能进行此操作。", "This cannot be done at the case's current stage."),
            SupervisorRequired => lang.pick("此操作需由主管批准。", "This needs a supervisor's approval."),
            ReviewWindowClosed => lang.pick("申请核查的期限已过。", "The time to request a review has passed."),
            MaterialsAlreadyRequested => lang.pick("补正材料须一次性告知，已经告知过。", "Missing materials are requested once, listing everything; that was already done."),
            ReasonRequired => lang.pick("请填写原因。", "Please give the reason."),
            MaterialsListEmpty => lang.pick("请列出需要补正的全部材料。", "Please list every missing item."),
            MaterialItemUnknown => lang.pick("没有这一项补正材料。", "There is no such missing item."),
            MaterialAlreadySupplied => lang.pick("这项材料已经提交。", "This item was already supplied."),
            ExtensionAlreadyGranted => lang.pick("处理期限已经延长过。", "The decision deadline was already extended."),
            ExtensionRequiredFirst => lang.pick("须先延长至 30 日，才能再次延长。", "The deadline must first be extended to 30 days."),
            AppraisalRunning => lang.pick("鉴定、检测或评估尚未结束。", "An appraisal or test is still running."),
            AppraisalNotRunning => lang.pick("没有进行中的鉴定、检测或评估。", "No appraisal or test is running."),
            ReviewAlreadyRequested => lang.pick("已经申请过核查。", "A review was already requested."),
            FileTypeNotAllowed => lang.pick("只能上传照片（JPEG、PNG、WebP、HEIC）或 PDF 文件。", "Only photos (JPEG, PNG, WebP, HEIC) and PDF files can be uploaded."),
            FileEmpty => lang.pick("文件是空的，请重新选择。", "The file is empty. Please choose another one."),
            FileTooLarge => lang.pick(
                "文件超过了允许的大小，请压缩或拆分后再上传。",
                "This file is larger than allowed. Please make it smaller or split it, then upload it again.",
            ),
            IdempotencyKeyReused => lang.pick("该提交标识已用于其他内容，请刷新页面后重新提交。", "This submission key was already used for other content. Please reload and submit again."),
            UploadUnknown => lang.pick("找不到这个文件，请重新上传。", "We could not find this file. Please upload it again."),
            PolicyUnknown => lang.pick("找不到这份保单，请重新选择。", "We could not find this policy. Please choose it again."),
            OfflineChannelRequired => lang.pick("请选择投诉来源渠道（电话、传真、信函、现场、电子邮件或监管转办）。", "Choose the channel the complaint came through (hotline, fax, letter, on site, email or regulator transfer)."),
            DateInFuture => lang.pick("时间不能晚于现在。", "This time cannot be in the future."),
            ConcurrentChange => lang.pick("该案件刚刚被更新，请刷新后重试。", "The case was just changed by someone else. Please reload and try again."),
            DateInvalid => lang.pick("请输入有效的日期。", "Please enter a valid date."),
            TimeInvalid => lang.pick("请输入有效的时间（时:分）。", "Please enter a valid time (hours:minutes)."),
            IncidentOutsidePolicyPeriod => lang.pick("出险日期不在保单保险期间内。", "The incident date is outside the policy's period of cover."),
            DocumentsAlreadyRequested => lang.pick("补充材料须一次性告知，已经告知过。", "Missing documents are requested once, listing everything; that was already done."),
            NoDocumentsMissing => lang.pick("目前没有缺少的材料。", "No document is missing."),
            DocumentSlotUnknown => lang.pick("理赔材料清单中没有这一项。", "There is no such item in the claim's document list."),
            DocumentSlotFull => lang.pick("这一项只能上传一个文件，已经上传过。", "This item takes one file and already has one."),
            DocumentUnknown => lang.pick("找不到这份材料。", "We could not find this document."),
            DocumentAlreadyAdded => lang.pick("这份材料已经添加到案件中。", "This document is already on the claim."),
            DocumentAlreadyReviewed => lang.pick("这份材料已经审核过。", "This document was already reviewed."),
            DueDateInPast => lang.pick("截止日期不能早于今天。", "The due date cannot be before today."),
            AmountInvalid => lang.pick("请填写有效的金额。", "Please enter a valid amount."),
            AmountAboveAssessed => lang.pick("金额不能超过定损金额（部分赔付须低于定损金额）。", "The amount cannot be above the assessed amount (a partial approval must be below it)."),
            PaymentBreakdownMismatch => lang.pick("赔款明细合计与核定金额不符。", "The breakdown does not add up to the decided amount."),
            DisputeAlreadyRaised => lang.pick("您已经对该结果提出过异议。", "You have already disagreed with this decision."),
            SurveyAnswered => lang.pick("这份问卷已经提交过了，感谢您的评价。", "This survey has already been answered. Thank you."),
            SurveyExpired => lang.pick("这份问卷已过期，无法再提交。", "This survey has expired and can no longer be answered."),
            SurveyCancelled => lang.pick(
                "案件已重新处理，这份问卷已取消。结案后我们会重新邀请您评价。",
                "The case was reopened, so this survey was withdrawn. We will invite you again when it closes.",
            ),
            SurveyLinkInvalid => lang.pick(
                "这个问卷链接无效或已被更新的链接取代。请打开最新消息中的链接，或登录后在消息中心作答。",
                "This survey link is not valid or was replaced by a newer one. Open the link in the latest message, or log in and answer from your inbox.",
            ),
            QuestionUnknown => lang.pick("问卷中没有这个问题。", "The survey has no such question."),
            AnswerWrongKind => lang.pick("这个回答的格式不对。", "That answer is not of the right kind."),
            AnswerOutOfRange => lang.pick("请在给出的分值中选择。", "Please choose one of the scores given."),
            OptionUnknown => lang.pick("请在给出的选项中选择。", "Please choose from the options given."),
            PeriodInvalid => lang.pick(
                "统计期间不正确：月份写作 2026-11，季度写作 2026-Q4，最多 36 个期间。",
                "The period is not valid: a month is written 2026-11, a quarter 2026-Q4, at most 36 periods.",
            ),
            EmailInvalid => lang.pick(
                "邮箱地址格式不对，例如 zhang.wei@example.com。",
                "That is not an email address, for example zhang.wei@example.com.",
            ),
            EmailLinkInvalid => lang.pick(
                "这个确认链接无效、已过期或已被新地址取代。请在设置中重新填写邮箱。",
                "This confirmation link is not valid, has expired or was replaced by a newer address. Enter your email again in the settings.",
            ),
            ChannelUnavailable => lang.pick(
                "这个通知方式暂不可用（邮箱需先确认）。",
                "This way of notifying you is not available (an email address must be confirmed first).",
            ),
            CodeNotSent => lang.pick(
                "验证码短信暂时发送不出去，请稍后再试。",
                "The text message with your code could not be sent just now. Please try again in a moment.",
            ),
            DeliveryNotRetryable => lang.pick(
                "只有发送失败的通知可以重发。",
                "Only a delivery that could not be sent can be retried.",
            ),
            PasswordTooShort => lang.pick(
                "密码至少需要 12 个字符。",
                "The password needs at least 12 characters.",
            ),
            SetupCodeInvalid => lang.pick(
                "设置码不正确、已使用或已过期。请向管理员索取新的设置码。",
                "This setup code is wrong, already used or expired. Ask your administrator for a new one.",
            ),
        }
    }
}

/// An error response, `application/problem+json` (RFC 9457).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI naming the problem type, e.g. `https://portal.example/problems/code_wrong`.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// A short English summary.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// The stable code the UI translates.
    pub code: ErrorCode,
    /// The human text in the caller's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Per-field problems, shown next to each field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// One field's problem inside a [`Problem`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's name as in the request body, e.g. `phone`.
    pub field: String,
    /// The stable code.
    pub code: ErrorCode,
    /// The human text in the caller's language.
    pub message: String,
}

/// A page of a list; pass `next_cursor` back as `?cursor=` for the next one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    /// The records of this page.
    pub items: Vec<T>,
    /// Absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// `GET /api/v1/health`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok` when the server and its database answer.
    pub status: String,
    /// The server's version.
    pub version: String,
}

/// `POST /api/v1/auth/otp`: send a one-time code to a policyholder's phone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OtpRequest {
    /// The mobile number, as typed.
    pub phone: String,
}

/// The answer to [`OtpRequest`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OtpSent {
    /// The number the code went to, masked (`138****8000`).
    pub phone_masked: String,
    /// Seconds until the code expires.
    pub expires_in_secs: u32,
    /// Seconds until another code may be requested.
    pub resend_in_secs: u32,
    /// Only in demo mode, and only for demo accounts: the code itself, so a visitor can log in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demo_code: Option<String>,
}

/// `POST /api/v1/auth/login`: log a policyholder in with the code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OtpLogin {
    /// The mobile number, as typed.
    pub phone: String,
    /// The 6-digit code, as typed.
    pub code: String,
}

/// `POST /api/v1/auth/staff/login`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffLogin {
    /// The staff username.
    pub username: String,
    /// The password.
    pub password: String,
}

/// `POST /api/v1/auth/staff/password`: a staff member sets their own password with the one-time
/// setup code that `portal-server staff add` or `reset-password` printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffPasswordSetup {
    /// The staff username.
    pub username: String,
    /// The one-time setup code, as typed.
    pub code: String,
    /// The new password, at least 12 characters.
    pub password: String,
}

/// A staff member's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    /// Moves cases forward, requests materials, decides.
    Handler,
    /// Also approves extensions, sees KPIs, records return visits.
    Supervisor,
}

/// `GET /api/v1/me`: who the session belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Me {
    /// A policyholder.
    Policyholder {
        /// The policyholder's id.
        id: i64,
        /// Full name.
        name: String,
        /// The login number, masked.
        phone_masked: String,
    },
    /// A staff member.
    Staff {
        /// The staff member's id.
        id: i64,
        /// Login name.
        username: String,
        /// Full name.
        name: String,
        /// Role.
        role: StaffRole,
    },
}

/// `GET /api/v1/session`: who is logged in, if anyone. Unlike `GET /api/v1/me` it answers 200
/// for nobody too, so an app starting on its login page asks without an error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    /// The caller, or `null` when there is no live session (no cookie, an unknown or an expired
    /// one).
    pub me: Option<Me>,
    /// The demo accounts the login screen offers when the server runs in demo mode (absent
    /// otherwise): the app's first screen learns them with the session, in one request, and a
    /// server outside demo mode is never asked for what it does not have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demo: Option<DemoAccounts>,
}

/// `GET /api/v1/demo`: the demo accounts, present only when the server runs in demo mode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemoAccounts {
    /// Policyholders: log in with the number; the code is shown after it is requested.
    pub policyholders: Vec<DemoPolicyholder>,
    /// Staff: username and password.
    pub staff: Vec<DemoStaff>,
}

/// A demo policyholder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemoPolicyholder {
    /// Full name.
    pub name: String,
    /// The login number, in full (demo data only).
    pub phone: String,
}

/// A demo staff account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemoStaff {
    /// Login name.
    pub username: String,
    /// The demo password.
    pub password: String,
    /// Role.
    pub role: StaffRole,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_serialise_as_stable_snake_case_strings() {
        let json = serde_json::to_string(&ErrorCode::CodeTooManyTries).ok();
        assert_eq!(json.as_deref(), Some("\"code_too_many_tries\""));
    }

    #[test]
    fn every_error_code_has_a_text_in_both_languages() {
        use ErrorCode::*;
        for code in [
            ValidationFailed,
            PhoneRequired,
            PhoneInvalid,
            PhoneUnknown,
            CodeRequired,
            CodeMalformed,
            CodeWrong,
            CodeExpired,
            CodeTooManyTries,
            CodeResendTooSoon,
            RateLimited,
            CredentialsWrong,
            Required,
            TooLong,
            Unauthenticated,
            Forbidden,
            NotFound,
            BodyMalformed,
            BodyTooLarge,
            UnsupportedMediaType,
            MethodNotAllowed,
            Internal,
            IdNumberInvalid,
            PowerOfAttorneyRequired,
            SuccessionProofRequired,
            RepresentativesRequired,
            TooManyRepresentatives,
            TooManyAttachments,
            TransitionNotAllowed,
            SupervisorRequired,
            ReviewWindowClosed,
            MaterialsAlreadyRequested,
            ReasonRequired,
            MaterialsListEmpty,
            MaterialItemUnknown,
            MaterialAlreadySupplied,
            ExtensionAlreadyGranted,
            ExtensionRequiredFirst,
            AppraisalRunning,
            AppraisalNotRunning,
            ReviewAlreadyRequested,
            FileTypeNotAllowed,
            FileEmpty,
            FileTooLarge,
            IdempotencyKeyReused,
            UploadUnknown,
            PolicyUnknown,
            OfflineChannelRequired,
            DateInFuture,
            ConcurrentChange,
            DateInvalid,
            TimeInvalid,
            IncidentOutsidePolicyPeriod,
            DocumentsAlreadyRequested,
            NoDocumentsMissing,
            DocumentSlotUnknown,
            DocumentSlotFull,
            DocumentUnknown,
            DocumentAlreadyAdded,
            DocumentAlreadyReviewed,
            DueDateInPast,
            AmountInvalid,
            AmountAboveAssessed,
            PaymentBreakdownMismatch,
            DisputeAlreadyRaised,
            SurveyAnswered,
            SurveyExpired,
            SurveyCancelled,
            SurveyLinkInvalid,
            QuestionUnknown,
            AnswerWrongKind,
            AnswerOutOfRange,
            OptionUnknown,
            PeriodInvalid,
            EmailInvalid,
            EmailLinkInvalid,
            ChannelUnavailable,
            DeliveryNotRetryable,
            CodeNotSent,
            PasswordTooShort,
            SetupCodeInvalid,
        ] {
            let (zh, en) = (code.message(Lang::ZhCn), code.message(Lang::En));
            assert!(!zh.is_empty() && !en.is_empty() && zh != en, "{code:?}");
        }
    }

    #[test]
    fn nobody_is_a_null_me() {
        let json = serde_json::to_string(&SessionInfo {
            me: None,
            demo: None,
        })
        .ok();
        assert_eq!(json.as_deref(), Some(r#"{"me":null}"#));
    }

    #[test]
    fn me_is_tagged_by_kind() {
        let me = Me::Staff {
            id: 1,
            username: "li".into(),
            name: "李".into(),
            role: StaffRole::Supervisor,
        };
        let json = serde_json::to_value(&me).ok();
        assert_eq!(
            json.as_ref().and_then(|v| v["kind"].as_str()),
            Some("staff")
        );
        assert_eq!(
            json.as_ref().and_then(|v| v["role"].as_str()),
            Some("supervisor")
        );
    }
}
