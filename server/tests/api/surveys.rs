//! Satisfaction surveys over HTTP: the invitation written with the step that ends a case (and
//! only if that step commits), answering logged in and through the signed link, single use,
//! expiry, the one reminder, cancel on review and the new link after, and whose an invitation is.
//! Also the helpers `return_visits` uses.

use chrono::Utc;
use portal_server::surveys::{link, sweep};
use serde_json::{Value, json};

use crate::claims::{act_ok as claim_act_ok, report_medical};
use crate::complaints::{Session, own_complaint};
use crate::helpers::{LI_NA, TestApp, ZHANG_WEI, field_code, problem, spawn};

const DAY: i64 = 24 * 3600;

/// A complaint Zhang Wei filed, accepted, handled and decided; its id.
pub async fn decided_complaint(me: &Session, handler: &Session) -> i64 {
    let id = me.file(own_complaint()).await["id"].as_i64().unwrap();
    handler.act_ok(id, json!({ "action": "accept" })).await;
    handler
        .act_ok(id, json!({ "action": "start_handling" }))
        .await;
    handler
        .act_ok(
            id,
            json!({ "action": "decide", "result": "partly_upheld", "reasons": "按条款赔付住院费用的 80%。" }),
        )
        .await;
    id
}

/// A complaint of Zhang Wei's closed after its decision; its id.
pub async fn closed_complaint(me: &Session, handler: &Session) -> i64 {
    let id = decided_complaint(me, handler).await;
    let case = handler.act_ok(id, json!({ "action": "close" })).await;
    assert_eq!(case["status"], "closed");
    id
}

/// The caller's invitation for one case (there is exactly one).
pub async fn invitation_for(me: &Session, case_kind: &str, case_id: i64) -> Value {
    let list = me
        .json(&format!(
            "/api/v1/surveys?case_kind={case_kind}&case_id={case_id}"
        ))
        .await;
    let items = list.as_array().unwrap();
    assert_eq!(items.len(), 1, "{list}");
    items[0].clone()
}

/// The id of the caller's invitation for a complaint.
pub async fn complaint_invitation(me: &Session, complaint_id: i64) -> i64 {
    invitation_for(me, "complaint", complaint_id).await["id"]
        .as_i64()
        .unwrap()
}

/// Answers that complete the complaint survey: satisfied, so no follow-up.
pub fn satisfied() -> Value {
    json!({ "answers": { "satisfaction": 4, "recommend": 9, "comment": "处理及时。" } })
}

/// The invitation's link path (`/s/<token>`), as staff see it.
pub async fn link_of(app: &TestApp, invitation_id: i64) -> String {
    let staff = Session::staff(app, "handler").await;
    let survey = staff
        .json(&format!("/api/v1/staff/surveys/{invitation_id}"))
        .await;
    survey["link"].as_str().unwrap().to_owned()
}

/// The token of a link path.
pub fn token_of(path: &str) -> String {
    path.strip_prefix("/s/").unwrap().to_owned()
}

pub async fn status_in_db(app: &TestApp, invitation_id: i64) -> String {
    sqlx::query_scalar("SELECT status FROM survey_invitations WHERE id = ?")
        .bind(invitation_id)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

/// The survey notices of an invitation in the person's inbox, newest first.
async fn survey_notices(me: &Session, invitation_id: i64) -> Vec<Value> {
    let inbox = me.json("/api/v1/inbox?limit=100").await;
    inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| {
            n["event"]["case_kind"] == "survey"
                && n["event"]["step"]["invitation_id"] == invitation_id
        })
        .cloned()
        .collect()
}

#[tokio::test]
async fn closing_a_decided_complaint_invites_the_complainant_with_an_inbox_notice() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;
    let id = decided_complaint(&me, &handler).await;
    let none = me
        .json(&format!("/api/v1/surveys?case_kind=complaint&case_id={id}"))
        .await;
    assert_eq!(none, json!([]), "a decision alone sends no survey");
    me.post("/api/v1/inbox/read-all", json!({})).await;

    handler.act_ok(id, json!({ "action": "close" })).await;
    let invitation = invitation_for(&me, "complaint", id).await;
    assert_eq!(invitation["status"], "open");
    assert_eq!(invitation["outcome"], "decided");
    assert_eq!(invitation["case_kind"], "complaint");
    assert_eq!(invitation["case_id"], id);
    let invitation_id = invitation["id"].as_i64().unwrap();
    let sent =
        chrono::DateTime::parse_from_rfc3339(invitation["sent_at"].as_str().unwrap()).unwrap();
    let expires =
        chrono::DateTime::parse_from_rfc3339(invitation["expires_at"].as_str().unwrap()).unwrap();
    assert_eq!((expires - sent).num_days(), 30);

    let notices = survey_notices(&me, invitation_id).await;
    assert_eq!(notices.len(), 1);
    let notice = &notices[0];
    assert_eq!(notice["case_kind"], "complaint");
    assert_eq!(notice["case_id"], id);
    assert_eq!(notice["event"]["step"]["reminder"], false);
    assert_eq!(notice["title"], "邀请您为本次服务评价");
    assert_eq!(notice["deliveries"][0]["channel"], "inbox");
    let unread = me.json("/api/v1/inbox/unread").await;
    assert!(unread["unread"].as_i64().unwrap() >= 2, "close + survey");

    let form = me.json(&format!("/api/v1/surveys/{invitation_id}")).await;
    assert_eq!(form["case_id"], id);
    assert_eq!(form["status"], "open");
    assert_eq!(form["ask_nps"], true);
    assert_eq!(form["survey"]["key"], "complaint_decided");
    assert_eq!(form["answers"], json!({}));
    let words: Vec<&str> = form["survey"]["questions"][0]["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["label"]["zh"].as_str().unwrap())
        .collect();
    assert_eq!(words, ["非常满意", "满意", "一般", "不满意", "非常不满意"]);
}

#[tokio::test]
async fn a_close_whose_survey_notice_fails_leaves_no_invitation_and_the_complaint_decided() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;
    let id = decided_complaint(&me, &handler).await;
    app.exec(
        "CREATE TRIGGER no_survey_notices BEFORE INSERT ON notices WHEN NEW.topic = 'survey' \
         BEGIN SELECT RAISE(ABORT, 'survey notices refused'); END",
    )
    .await;

    let response = handler.act(id, json!({ "action": "close" })).await;
    assert_eq!(problem(response, 500).await["code"], "internal");
    let case = me.json(&format!("/api/v1/complaints/{id}")).await;
    assert_eq!(case["status"], "decided", "the close was rolled back");
    let invitations: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM survey_invitations WHERE case_id = ?")
            .bind(id)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(invitations, 0);

    app.exec("DROP TRIGGER no_survey_notices").await;
    handler.act_ok(id, json!({ "action": "close" })).await;
    let invitation_id = complaint_invitation(&me, id).await;
    assert_eq!(survey_notices(&me, invitation_id).await.len(), 1);
}

#[tokio::test]
async fn answers_are_saved_as_the_person_goes_and_submitted_once() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;
    let id = closed_complaint(&me, &handler).await;
    let invitation = complaint_invitation(&me, id).await;
    let path = format!("/api/v1/surveys/{invitation}");

    let saved = me.put(&format!("{path}/answers"),
        json!({ "answers": { "satisfaction": 2, "went_wrong": ["speed", "documents"], "comment": "  太慢了  ", "went_wrong_detail": "" } }),
    )
    .await;
    assert_eq!(saved.status(), 200);
    let saved: Value = saved.json().await.unwrap();
    assert_eq!(
        saved["answers"],
        json!({ "satisfaction": 2, "went_wrong": ["speed", "documents"], "comment": "太慢了" })
    );
    assert!(saved["saved_at"].is_string());
    let form = me.json(&path).await;
    assert_eq!(form["answers"], saved["answers"], "the draft comes back");

    // The rating went up: the follow-up is no longer asked, and its answer is not kept.
    let submitted = me
        .post(
            &format!("{path}/submit"),
            json!({ "answers": { "satisfaction": 5, "went_wrong": ["speed"], "recommend": 10 } }),
        )
        .await;
    assert_eq!(submitted.status(), 200);
    let form: Value = submitted.json().await.unwrap();
    assert_eq!(form["status"], "answered");
    assert_eq!(form["answered_via"], "portal");
    assert!(form["answered_at"].is_string());
    assert_eq!(
        form["answers"],
        json!({ "satisfaction": 5, "recommend": 10 })
    );
    let (rating, nps): (i64, Option<i64>) =
        sqlx::query_as("SELECT rating, nps FROM survey_invitations WHERE id = ?")
            .bind(invitation)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!((rating, nps), (5, Some(10)));
    assert_eq!(me.json(&path).await["answers"], form["answers"]);
    assert_eq!(
        invitation_for(&me, "complaint", id).await["status"],
        "answered"
    );

    let again = me.post(&format!("{path}/submit"), satisfied()).await;
    assert_eq!(problem(again, 409).await["code"], "survey_answered");
    let draft = me.put(&format!("{path}/answers"), satisfied()).await;
    assert_eq!(problem(draft, 409).await["code"], "survey_answered");
}

#[tokio::test]
async fn two_submissions_at_once_give_one_answer_and_one_conflict() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;
    let id = closed_complaint(&me, &handler).await;
    let invitation = complaint_invitation(&me, id).await;
    let token = token_of(&link_of(&app, invitation).await);
    let anonymous = Session::anonymous(&app);
    let portal = format!("/api/v1/surveys/{invitation}/submit");
    let linked = format!("/api/v1/survey-links/{token}/submit");
    let (first, second) = tokio::join!(
        me.post(&portal, satisfied()),
        anonymous.post(&linked, satisfied())
    );
    let mut statuses = [first.status().as_u16(), second.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409]);
    let loser = if first.status() == 409 { first } else { second };
    assert_eq!(problem(loser, 409).await["code"], "survey_answered");
    assert_eq!(status_in_db(&app, invitation).await, "answered");
}

#[tokio::test]
async fn an_invitation_past_its_expiry_is_expired_before_and_after_the_sweep() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;
    let id = closed_complaint(&me, &handler).await;
    let invitation = complaint_invitation(&me, id).await;
    let path = format!("/api/v1/surveys/{invitation}");
    let link = link_of(&app, invitation).await;
    app.exec(&format!(
        "UPDATE survey_invitations SET expires_at = strftime('%s', 'now') - 60 WHERE id = {invitation}"
    ))
    .await;

    assert_eq!(me.json(&path).await["status"], "expired");
    assert_eq!(
        invitation_for(&me, "complaint", id).await["status"],
        "expired"
    );
    let late = me.post(&format!("{path}/submit"), satisfied()).await;
    assert_eq!(problem(late, 410).await["code"], "survey_expired");
    let late = me.put(&format!("{path}/answers"), satisfied()).await;
    assert_eq!(problem(late, 410).await["code"], "survey_expired");
    let anonymous = Session::anonymous(&app);
    let linked = anonymous
        .json(&format!("/api/v1/survey-links/{}", token_of(&link)))
        .await;
    assert_eq!(linked["status"], "expired");
    assert_eq!(status_in_db(&app, invitation).await, "open");

    let report = sweep(&app.state, Utc::now().timestamp()).await.unwrap();
    assert!(report.expired >= 1);
    assert_eq!(status_in_db(&app, invitation).await, "expired");
    let staff = handler
        .json(&format!("/api/v1/staff/surveys/{invitation}"))
        .await;
    assert!(staff["link"].is_null(), "no link once expired");
}

#[tokio::test]
async fn one_reminder_goes_out_after_seven_days_and_never_a_second() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;
    let id = closed_complaint(&me, &handler).await;
    let invitation = complaint_invitation(&me, id).await;
    let now = Utc::now().timestamp();

    sweep(&app.state, now).await.unwrap();
    assert_eq!(survey_notices(&me, invitation).await.len(), 1, "too early");

    app.exec(&format!(
        "UPDATE survey_invitations SET sent_at = sent_at - {} WHERE id = {invitation}",
        7 * DAY
    ))
    .await;
    let (first, second) = tokio::join!(sweep(&app.state, now), sweep(&app.state, now));
    let (first, second) = (first.unwrap(), second.unwrap());
    assert!(first.reminded + second.reminded >= 1);
    sweep(&app.state, now + DAY).await.unwrap();
    let notices = survey_notices(&me, invitation).await;
    assert_eq!(notices.len(), 2, "the invitation and one reminder");
    assert_eq!(notices[0]["event"]["step"]["reminder"], true);
    assert_eq!(notices[0]["title"], "提醒：请为本次服务评价");
    assert_eq!(status_in_db(&app, invitation).await, "open");

    // An answered invitation gets no reminder.
    let other = closed_complaint(&me, &handler).await;
    let answered = complaint_invitation(&me, other).await;
    let done = me
        .post(&format!("/api/v1/surveys/{answered}/submit"), satisfied())
        .await;
    assert_eq!(done.status(), 200);
    app.exec(&format!(
        "UPDATE survey_invitations SET sent_at = sent_at - {} WHERE id = {answered}",
        8 * DAY
    ))
    .await;
    sweep(&app.state, now).await.unwrap();
    assert_eq!(survey_notices(&me, answered).await.len(), 1);
}

#[tokio::test]
async fn a_review_request_cancels_the_survey_and_closing_again_invites_with_a_new_link() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;
    let id = closed_complaint(&me, &handler).await;
    let invitation = complaint_invitation(&me, id).await;
    let old_link = link_of(&app, invitation).await;
    let anonymous = Session::anonymous(&app);
    let draft = me
        .put(
            &format!("/api/v1/surveys/{invitation}/answers"),
            json!({ "answers": { "satisfaction": 3 } }),
        )
        .await;
    assert_eq!(draft.status(), 200);

    me.act_ok(
        id,
        json!({ "action": "request_review", "reason": "赔付比例计算有误。" }),
    )
    .await;
    assert_eq!(status_in_db(&app, invitation).await, "cancelled");
    let form = me.json(&format!("/api/v1/surveys/{invitation}")).await;
    assert_eq!(form["status"], "cancelled");
    let refused = me
        .post(&format!("/api/v1/surveys/{invitation}/submit"), satisfied())
        .await;
    assert_eq!(problem(refused, 409).await["code"], "survey_cancelled");
    let linked = anonymous
        .json(&format!("/api/v1/survey-links/{}", token_of(&old_link)))
        .await;
    assert_eq!(linked["status"], "cancelled");
    let staff = handler
        .json(&format!("/api/v1/staff/surveys/{invitation}"))
        .await;
    assert!(staff["link"].is_null());

    handler
        .act_ok(
            id,
            json!({ "action": "decide", "result": "upheld", "reasons": "复核后全额赔付。" }),
        )
        .await;
    assert_eq!(status_in_db(&app, invitation).await, "cancelled");
    handler.act_ok(id, json!({ "action": "close" })).await;
    assert_eq!(
        complaint_invitation(&me, id).await,
        invitation,
        "the same invitation, sent again"
    );
    let form = me.json(&format!("/api/v1/surveys/{invitation}")).await;
    assert_eq!(form["status"], "open");
    assert_eq!(form["answers"], json!({ "satisfaction": 3 }), "draft kept");
    assert_eq!(survey_notices(&me, invitation).await.len(), 2);

    let old = anonymous
        .get(&format!("/api/v1/survey-links/{}", token_of(&old_link)))
        .await;
    assert_eq!(problem(old, 404).await["code"], "survey_link_invalid");
    let new_link = link_of(&app, invitation).await;
    assert_ne!(new_link, old_link);
    let answered = anonymous
        .post(
            &format!("/api/v1/survey-links/{}/submit", token_of(&new_link)),
            satisfied(),
        )
        .await;
    assert_eq!(answered.status(), 200);
    let reminded_at: Option<i64> =
        sqlx::query_scalar("SELECT reminded_at FROM survey_invitations WHERE id = ?")
            .bind(invitation)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(reminded_at, None);
}

#[tokio::test]
async fn the_link_answers_without_a_session_shows_only_the_case_number_and_sets_no_cookie() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;
    let id = closed_complaint(&me, &handler).await;
    let invitation = complaint_invitation(&me, id).await;
    let token = token_of(&link_of(&app, invitation).await);
    let anonymous = Session::anonymous(&app);

    let response = anonymous
        .get(&format!("/api/v1/survey-links/{token}"))
        .await;
    assert_eq!(response.status(), 200);
    assert!(response.headers().get("set-cookie").is_none());
    let form: Value = response.json().await.unwrap();
    assert!(form["case_id"].is_null());
    assert_eq!(form["case_kind"], "complaint");
    let number = me.json(&format!("/api/v1/complaints/{id}")).await["case_number"].clone();
    assert_eq!(form["case_number"], number);
    assert_eq!(form["status"], "open");

    let saved = anonymous
        .put(
            &format!("/api/v1/survey-links/{token}/answers"),
            json!({ "answers": { "satisfaction": 1 } }),
        )
        .await;
    assert_eq!(saved.status(), 200);
    assert!(saved.headers().get("set-cookie").is_none());
    let incomplete = anonymous
        .post(
            &format!("/api/v1/survey-links/{token}/submit"),
            json!({ "answers": { "satisfaction": 1 } }),
        )
        .await;
    let incomplete = problem(incomplete, 422).await;
    assert_eq!(
        field_code(&incomplete, "answers.went_wrong").as_deref(),
        Some("required")
    );
    let submitted = anonymous
        .post(
            &format!("/api/v1/survey-links/{token}/submit"),
            json!({ "answers": { "satisfaction": 1, "went_wrong": ["attitude"], "went_wrong_detail": "电话无人接听" } }),
        )
        .await;
    assert_eq!(submitted.status(), 200);
    assert!(submitted.headers().get("set-cookie").is_none());
    let submitted: Value = submitted.json().await.unwrap();
    assert_eq!(submitted["status"], "answered");
    assert_eq!(submitted["answered_via"], "link");
    assert_eq!(submitted["answers"], json!({}));
    let later = anonymous
        .json(&format!("/api/v1/survey-links/{token}"))
        .await;
    assert_eq!(later["status"], "answered");
    assert_eq!(later["answers"], json!({}), "the link shows no answers");
    let mine = me.json(&format!("/api/v1/surveys/{invitation}")).await;
    assert_eq!(mine["answers"]["went_wrong"], json!(["attitude"]));
    // The anonymous browser still has no session.
    let me_anonymous = anonymous.get("/api/v1/me").await;
    assert_eq!(me_anonymous.status(), 401);
}

#[tokio::test]
async fn altered_forged_and_superseded_links_are_invalid() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;
    let first = closed_complaint(&me, &handler).await;
    let second = closed_complaint(&me, &handler).await;
    let invitation = complaint_invitation(&me, first).await;
    let other = complaint_invitation(&me, second).await;
    let token = token_of(&link_of(&app, invitation).await);
    let key: Vec<u8> = sqlx::query_scalar("SELECT key FROM server_keys WHERE name = ?")
        .bind(link::KEY_NAME)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(link::sign(&key, invitation, 1), token);
    let anonymous = Session::anonymous(&app);
    let invalid = async |token: &str| {
        for response in [
            anonymous
                .get(&format!("/api/v1/survey-links/{token}"))
                .await,
            anonymous
                .put(
                    &format!("/api/v1/survey-links/{token}/answers"),
                    satisfied(),
                )
                .await,
            anonymous
                .post(&format!("/api/v1/survey-links/{token}/submit"), satisfied())
                .await,
        ] {
            assert_eq!(
                problem(response, 404).await["code"],
                "survey_link_invalid",
                "{token}"
            );
        }
    };

    // One character changed, anywhere.
    for at in [0, 10, 30, token.len() - 2] {
        let mut altered = token.clone().into_bytes();
        altered[at] = if altered[at] == b'A' { b'B' } else { b'A' };
        invalid(&String::from_utf8(altered).unwrap()).await;
    }
    // Another invitation's id under our MAC, or signed with another key.
    let mut bytes = base64_decode(&token);
    bytes[7] = u8::try_from(other).unwrap();
    invalid(&base64_encode(&bytes)).await;
    invalid(&link::sign(b"a key of our own making, 32 byte", other, 1)).await;
    // A version that was never (or is no longer) the invitation's.
    invalid(&link::sign(&key, invitation, 2)).await;
    invalid(&link::sign(&key, 999_999, 1)).await;
    invalid("not-a-token").await;
    invalid(&format!("{token}A")).await;
    // The genuine one still works, for its own invitation only.
    let form = anonymous
        .json(&format!("/api/v1/survey-links/{token}"))
        .await;
    assert_eq!(form["invitation_id"], invitation);
}

fn base64_decode(token: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .unwrap()
}

fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[tokio::test]
async fn another_persons_invitation_is_not_found() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let li_na = Session::policyholder(&app, LI_NA).await;
    let handler = Session::staff(&app, "handler").await;
    let id = closed_complaint(&me, &handler).await;
    let invitation = complaint_invitation(&me, id).await;
    let path = format!("/api/v1/surveys/{invitation}");

    for response in [
        li_na.get(&path).await,
        li_na.put(&format!("{path}/answers"), satisfied()).await,
        li_na.post(&format!("{path}/submit"), satisfied()).await,
        li_na.get("/api/v1/surveys/999999").await,
        li_na.get("/api/v1/surveys/abc").await,
    ] {
        assert_eq!(problem(response, 404).await["code"], "not_found");
    }
    let theirs = li_na
        .json(&format!("/api/v1/surveys?case_kind=complaint&case_id={id}"))
        .await;
    assert_eq!(theirs, json!([]));
    let all: Vec<Value> = li_na
        .json("/api/v1/surveys")
        .await
        .as_array()
        .unwrap()
        .clone();
    assert!(all.iter().all(|i| i["id"] != invitation));
    assert_eq!(status_in_db(&app, invitation).await, "open");
    let staff_only = me.get("/api/v1/staff/surveys").await;
    assert_eq!(problem(staff_only, 403).await["code"], "forbidden");
    let no_session = Session::anonymous(&app).get(&path).await;
    assert_eq!(problem(no_session, 401).await["code"], "unauthenticated");
    let bad_filter = me.get("/api/v1/surveys?case_kind=policy").await;
    let bad_filter = problem(bad_filter, 422).await;
    assert_eq!(
        field_code(&bad_filter, "case_kind").as_deref(),
        Some("validation_failed")
    );
}

#[tokio::test]
async fn wrong_answers_get_a_field_error_each() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;
    let id = closed_complaint(&me, &handler).await;
    let invitation = complaint_invitation(&me, id).await;
    let submit = format!("/api/v1/surveys/{invitation}/submit");
    let draft = format!("/api/v1/surveys/{invitation}/answers");

    let empty = problem(me.post(&submit, json!({ "answers": {} })).await, 422).await;
    assert_eq!(empty["code"], "validation_failed");
    assert_eq!(
        field_code(&empty, "answers.satisfaction").as_deref(),
        Some("required")
    );
    let low = problem(
        me.post(&submit, json!({ "answers": { "satisfaction": 3 } }))
            .await,
        422,
    )
    .await;
    assert_eq!(
        field_code(&low, "answers.went_wrong").as_deref(),
        Some("required"),
        "the follow-up is required when the rating is 3 or lower"
    );
    let wrong = json!({ "answers": {
        "satisfaction": 6,
        "went_wrong": ["speed", "weather"],
        "recommend": "ten",
        "comment": "长".repeat(501),
        "favourite_colour": "blue",
    } });
    for response in [
        me.post(&submit, wrong.clone()).await,
        me.put(&draft, wrong.clone()).await,
    ] {
        let body = problem(response, 422).await;
        assert_eq!(body["code"], "validation_failed");
        for (field, code) in [
            ("answers.satisfaction", "answer_out_of_range"),
            ("answers.went_wrong", "option_unknown"),
            ("answers.recommend", "answer_wrong_kind"),
            ("answers.comment", "too_long"),
            ("answers", "question_unknown"),
        ] {
            assert_eq!(field_code(&body, field).as_deref(), Some(code), "{field}");
        }
    }
    let nps = problem(
        me.post(
            &submit,
            json!({ "answers": { "satisfaction": 5, "recommend": 11 } }),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(
        field_code(&nps, "answers.recommend").as_deref(),
        Some("answer_out_of_range")
    );
    let english = me
        .client
        .post(format!("{}{submit}", me.base))
        .header("accept-language", "en")
        .json(&json!({ "answers": {} }))
        .send()
        .await
        .unwrap();
    let english = problem(english, 422).await;
    assert_eq!(english["errors"][0]["message"], "This is required.");
    let not_json = me
        .client
        .post(format!("{}{submit}", me.base))
        .header("content-type", "application/json")
        .body("{\"answers\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(problem(not_json, 400).await["code"], "body_malformed");
    assert_eq!(status_in_db(&app, invitation).await, "open");
    assert_eq!(
        me.json(&format!("/api/v1/surveys/{invitation}")).await["answers"],
        json!({}),
        "a refused draft is not saved"
    );
}

#[tokio::test]
async fn the_recommendation_is_asked_at_most_once_in_ninety_days() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;
    let first = complaint_invitation(&me, closed_complaint(&me, &handler).await).await;
    let second = complaint_invitation(&me, closed_complaint(&me, &handler).await).await;
    let form = |id: i64| {
        let me = &me;
        async move { me.json(&format!("/api/v1/surveys/{id}")).await }
    };
    assert_eq!(form(first).await["ask_nps"], true);
    assert_eq!(form(second).await["ask_nps"], false);
    // Not asked, so an answer to it is dropped (and it is never required).
    let answered = me
        .post(
            &format!("/api/v1/surveys/{second}/submit"),
            json!({ "answers": { "satisfaction": 5, "recommend": 0 } }),
        )
        .await;
    assert_eq!(answered.status(), 200);
    let answered: Value = answered.json().await.unwrap();
    assert_eq!(answered["answers"], json!({ "satisfaction": 5 }));
    let nps: Option<i64> = sqlx::query_scalar("SELECT nps FROM survey_invitations WHERE id = ?")
        .bind(second)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(nps, None);

    // 91 days after the first ask, the next invitation asks again.
    app.exec(&format!(
        "UPDATE survey_invitations SET sent_at = sent_at - {} WHERE id = {first}",
        91 * DAY
    ))
    .await;
    let third = complaint_invitation(&me, closed_complaint(&me, &handler).await).await;
    assert_eq!(form(third).await["ask_nps"], true);
}

#[tokio::test]
async fn each_way_a_case_ends_sends_its_own_survey() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;

    let withdrawn = me.file(own_complaint()).await["id"].as_i64().unwrap();
    me.act_ok(
        withdrawn,
        json!({ "action": "withdraw", "reason": "已协商解决" }),
    )
    .await;
    let not_accepted = me.file(own_complaint()).await["id"].as_i64().unwrap();
    handler
        .act_ok(
            not_accepted,
            json!({ "action": "not_accept", "reason": "in_litigation_or_arbitration", "text": "该事项已进入诉讼程序。" }),
        )
        .await;
    for (id, outcome) in [(withdrawn, "withdrawn"), (not_accepted, "not_accepted")] {
        let invitation = invitation_for(&me, "complaint", id).await;
        assert_eq!(invitation["outcome"], outcome);
        let form = me
            .json(&format!("/api/v1/surveys/{}", invitation["id"]))
            .await;
        assert_eq!(form["survey"]["key"], "handling");
    }

    let claim = report_medical(&app, &me).await;
    claim_act_ok(
        &me,
        claim,
        json!({ "action": "withdraw", "reason": "已自行处理" }),
    )
    .await;
    let invitation = invitation_for(&me, "claim", claim).await;
    assert_eq!(invitation["outcome"], "withdrawn");
    let form = me
        .json(&format!("/api/v1/surveys/{}", invitation["id"]))
        .await;
    assert_eq!(form["survey"]["key"], "handling");
    assert_eq!(form["case_kind"], "claim");
    let all = me.json("/api/v1/surveys?case_kind=claim").await;
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .all(|i| i["case_kind"] == "claim")
    );
    // Newest first.
    let mine = me.json("/api/v1/surveys").await;
    let ids: Vec<i64> = mine
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(ids, sorted);
}

#[tokio::test]
async fn the_openapi_document_describes_the_survey_and_return_visit_routes() {
    let app = spawn().await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let paths = &doc["paths"];
    for (path, method) in [
        ("/api/v1/surveys", "get"),
        ("/api/v1/surveys/{id}", "get"),
        ("/api/v1/surveys/{id}/answers", "put"),
        ("/api/v1/surveys/{id}/submit", "post"),
        ("/api/v1/survey-links/{token}", "get"),
        ("/api/v1/survey-links/{token}/answers", "put"),
        ("/api/v1/survey-links/{token}/submit", "post"),
        ("/api/v1/staff/surveys", "get"),
        ("/api/v1/staff/surveys/{id}", "get"),
        ("/api/v1/staff/surveys/{id}/return-visits", "post"),
    ] {
        assert!(paths[path][method].is_object(), "{method} {path}");
    }
    assert_eq!(
        paths["/api/v1/surveys/{id}/submit"]["post"]["tags"][0],
        "surveys"
    );
    assert_eq!(
        paths["/api/v1/staff/surveys/{id}/return-visits"]["post"]["tags"][0],
        "return visits"
    );
    let schemas = &doc["components"]["schemas"];
    for schema in [
        "SurveyForm",
        "SurveyAnswers",
        "SavedAnswers",
        "StaffSurvey",
        "NewReturnVisit",
    ] {
        assert!(schemas[schema].is_object(), "{schema}");
    }
}

#[tokio::test]
async fn the_server_refuses_to_start_with_a_survey_definition_it_cannot_use() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("surveys.toml");
    let built_in = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config/surveys.toml"),
    )
    .unwrap();
    std::fs::write(
        &file,
        built_in.replace("when_at_most = 3", "when_at_most = 5"),
    )
    .unwrap();
    let vars = std::collections::HashMap::from([
        (
            "PORTAL_DATA_DIR",
            dir.path().join("data").display().to_string(),
        ),
        ("PORTAL_SURVEYS_FILE", file.display().to_string()),
    ]);
    let config = portal_server::Config::from_lookup(|name| vars.get(name).cloned()).unwrap();
    let refused = portal_server::prepare(config)
        .await
        .err()
        .map(|e| e.to_string());
    let refused = refused.unwrap_or_default();
    assert!(refused.starts_with("survey settings: "), "{refused}");
    assert!(
        refused.contains("surveys.toml") && refused.contains("went_wrong"),
        "{refused}"
    );
    assert!(
        !dir.path().join("data").exists(),
        "stopped before the database"
    );
}

#[tokio::test]
async fn an_answered_survey_is_not_changed_by_a_review_or_the_close_after_it() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;
    let id = closed_complaint(&me, &handler).await;
    let invitation = complaint_invitation(&me, id).await;
    let answered = me
        .post(&format!("/api/v1/surveys/{invitation}/submit"), satisfied())
        .await;
    assert_eq!(answered.status(), 200);
    let before = me.json(&format!("/api/v1/surveys/{invitation}")).await;

    me.act_ok(
        id,
        json!({ "action": "request_review", "reason": "希望全额赔付。" }),
    )
    .await;
    handler
        .act_ok(
            id,
            json!({ "action": "decide", "result": "upheld", "reasons": "复核后全额赔付。" }),
        )
        .await;
    handler.act_ok(id, json!({ "action": "close" })).await;
    assert_eq!(
        me.json(&format!("/api/v1/surveys/{invitation}")).await,
        before
    );
    assert_eq!(survey_notices(&me, invitation).await.len(), 1);
    assert_eq!(complaint_invitation(&me, id).await, invitation);
}
