//! Return visits (回访) over HTTP: staff record them against the invitation, a reached visit is
//! the case's one satisfaction result, and the person and the visit cannot both answer.

use chrono::{Duration, SecondsFormat, Utc};
use serde_json::{Value, json};

use crate::claims::{act_ok as claim_act_ok, complete_documents, report_medical};
use crate::complaints::Session;
use crate::helpers::{ZHANG_WEI, field_code, problem, spawn};
use crate::surveys::{
    closed_complaint, complaint_invitation, invitation_for, satisfied, status_in_db,
};

fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A phone visit that reached the person, who was satisfied.
fn reached_by_phone() -> Value {
    json!({
        "method": "phone",
        "visited_at": now(),
        "reached": true,
        "answers": { "satisfaction": 4, "recommend": 8 },
        "note": "客户表示满意。"
    })
}

async fn visit(staff: &Session, invitation: i64, body: Value) -> reqwest::Response {
    staff
        .post(
            &format!("/api/v1/staff/surveys/{invitation}/return-visits"),
            body,
        )
        .await
}

async fn visit_ok(staff: &Session, invitation: i64, body: Value) -> Value {
    let response = visit(staff, invitation, body).await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, 201, "{body}");
    body
}

#[tokio::test]
async fn a_reached_visit_is_the_result_and_the_person_can_no_longer_answer() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;
    let id = closed_complaint(&me, &handler).await;
    let invitation = complaint_invitation(&me, id).await;

    let recorded = visit_ok(&handler, invitation, reached_by_phone()).await;
    assert_eq!(recorded["invitation_id"], invitation);
    assert_eq!(recorded["method"], "phone");
    assert_eq!(recorded["reached"], true);
    assert_eq!(
        recorded["staff_name"].as_str().map(str::is_empty),
        Some(false)
    );
    assert_eq!(recorded["note"], "客户表示满意。");

    let survey = handler
        .json(&format!("/api/v1/staff/surveys/{invitation}"))
        .await;
    assert_eq!(survey["form"]["status"], "answered");
    assert_eq!(survey["form"]["answered_via"], "phone");
    assert_eq!(
        survey["form"]["answers"],
        json!({ "satisfaction": 4, "recommend": 8 })
    );
    assert_eq!(survey["case_id"], id);
    assert_eq!(survey["return_visits"].as_array().unwrap().len(), 1);
    assert!(survey["link"].is_null());

    let mine = me.json(&format!("/api/v1/surveys/{invitation}")).await;
    assert_eq!(mine["status"], "answered");
    assert_eq!(mine["answered_via"], "phone");
    let refused = me
        .post(&format!("/api/v1/surveys/{invitation}/submit"), satisfied())
        .await;
    assert_eq!(problem(refused, 409).await["code"], "survey_answered");
    let refused = me
        .put(
            &format!("/api/v1/surveys/{invitation}/answers"),
            satisfied(),
        )
        .await;
    assert_eq!(problem(refused, 409).await["code"], "survey_answered");

    let supervisor = Session::staff(&app, "supervisor").await;
    let second = visit(&supervisor, invitation, reached_by_phone()).await;
    assert_eq!(problem(second, 409).await["code"], "survey_answered");
    let rating: i64 = sqlx::query_scalar("SELECT rating FROM survey_invitations WHERE id = ?")
        .bind(invitation)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(rating, 4, "the first result stands");
}

#[tokio::test]
async fn after_the_person_answered_a_return_visit_is_refused() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;
    let id = closed_complaint(&me, &handler).await;
    let invitation = complaint_invitation(&me, id).await;
    let answered = me
        .post(&format!("/api/v1/surveys/{invitation}/submit"), satisfied())
        .await;
    assert_eq!(answered.status(), 200);

    for body in [
        reached_by_phone(),
        json!({ "method": "on_site", "visited_at": now(), "reached": false }),
    ] {
        let refused = visit(&handler, invitation, body).await;
        assert_eq!(problem(refused, 409).await["code"], "survey_answered");
    }
    let count: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM return_visits WHERE invitation_id = ?")
            .bind(invitation)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(count, 0);
}

#[tokio::test]
async fn a_visit_that_did_not_reach_the_person_is_kept_and_leaves_the_survey_open() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;
    let id = closed_complaint(&me, &handler).await;
    let invitation = complaint_invitation(&me, id).await;

    let missed = visit_ok(
        &handler,
        invitation,
        json!({ "method": "phone", "visited_at": now(), "reached": false, "note": "无人接听" }),
    )
    .await;
    assert_eq!(missed["reached"], false);
    assert_eq!(status_in_db(&app, invitation).await, "open");
    let survey = handler
        .json(&format!("/api/v1/staff/surveys/{invitation}"))
        .await;
    assert_eq!(survey["form"]["status"], "open");
    assert!(survey["link"].as_str().unwrap().starts_with("/s/"));
    assert_eq!(survey["return_visits"][0]["note"], "无人接听");

    let answered = me
        .post(&format!("/api/v1/surveys/{invitation}/submit"), satisfied())
        .await;
    assert_eq!(answered.status(), 200);
    let form: Value = answered.json().await.unwrap();
    assert_eq!(form["answered_via"], "portal");
}

#[tokio::test]
async fn a_visit_after_expiry_still_collects_the_result_but_not_on_a_cancelled_survey() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;
    let expired = complaint_invitation(&me, closed_complaint(&me, &handler).await).await;
    app.exec(&format!(
        "UPDATE survey_invitations SET expires_at = strftime('%s', 'now') - 60 WHERE id = {expired}"
    ))
    .await;
    let mut body = reached_by_phone();
    body["method"] = json!("on_site");
    body["answers"] = json!({ "satisfaction": 2, "went_wrong": ["speed"] });
    visit_ok(&handler, expired, body).await;
    let survey = handler
        .json(&format!("/api/v1/staff/surveys/{expired}"))
        .await;
    assert_eq!(survey["form"]["status"], "answered");
    assert_eq!(survey["form"]["answered_via"], "on_site");

    let reopened = closed_complaint(&me, &handler).await;
    let cancelled = complaint_invitation(&me, reopened).await;
    me.act_ok(
        reopened,
        json!({ "action": "request_review", "reason": "不同意处理结果。" }),
    )
    .await;
    let refused = visit(&handler, cancelled, reached_by_phone()).await;
    assert_eq!(problem(refused, 409).await["code"], "survey_cancelled");
}

#[tokio::test]
async fn a_visit_with_wrong_details_gets_a_field_error_each() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;
    let invitation = complaint_invitation(&me, closed_complaint(&me, &handler).await).await;

    let tomorrow = (Utc::now() + Duration::days(1)).to_rfc3339_opts(SecondsFormat::Secs, true);
    let wrong = visit(
        &handler,
        invitation,
        json!({
            "method": "phone",
            "visited_at": tomorrow,
            "reached": true,
            "answers": { "satisfaction": 1 },
            "note": "长".repeat(1001),
        }),
    )
    .await;
    let wrong = problem(wrong, 422).await;
    assert_eq!(wrong["code"], "validation_failed");
    for (field, code) in [
        ("visited_at", "date_in_future"),
        ("note", "too_long"),
        ("answers.went_wrong", "required"),
    ] {
        assert_eq!(field_code(&wrong, field).as_deref(), Some(code), "{field}");
    }
    let before_sent = visit(
        &handler,
        invitation,
        json!({ "method": "phone", "visited_at": "2020-01-01T00:00:00Z", "reached": false }),
    )
    .await;
    let before_sent = problem(before_sent, 422).await;
    assert_eq!(
        field_code(&before_sent, "visited_at").as_deref(),
        Some("date_invalid")
    );
    let missing = visit(
        &handler,
        invitation,
        json!({ "method": "online", "visited_at": now(), "reached": true }),
    )
    .await;
    let missing = problem(missing, 422).await;
    assert_eq!(
        field_code(&missing, "answers.satisfaction").as_deref(),
        Some("required")
    );
    let unreached_answers = visit(
        &handler,
        invitation,
        json!({ "method": "online", "visited_at": now(), "reached": false, "answers": { "satisfaction": 5 } }),
    )
    .await;
    let unreached_answers = problem(unreached_answers, 422).await;
    assert_eq!(
        field_code(&unreached_answers, "answers").as_deref(),
        Some("validation_failed")
    );
    let bad_method = visit(
        &handler,
        invitation,
        json!({ "method": "pigeon", "visited_at": now(), "reached": false }),
    )
    .await;
    assert_eq!(problem(bad_method, 400).await["code"], "body_malformed");
    let missing_invitation = visit(&handler, 999_999, reached_by_phone()).await;
    assert_eq!(problem(missing_invitation, 404).await["code"], "not_found");
    let by_policyholder = visit(&me, invitation, reached_by_phone()).await;
    assert_eq!(problem(by_policyholder, 403).await["code"], "forbidden");
    assert_eq!(status_in_db(&app, invitation).await, "open");
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM return_visits")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(count, 0);
}

#[tokio::test]
async fn a_visit_asks_the_recommendation_only_when_the_invitation_does() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;
    let first = complaint_invitation(&me, closed_complaint(&me, &handler).await).await;
    let second = complaint_invitation(&me, closed_complaint(&me, &handler).await).await;
    visit_ok(&handler, second, reached_by_phone()).await;
    let survey = handler
        .json(&format!("/api/v1/staff/surveys/{second}"))
        .await;
    assert_eq!(survey["form"]["ask_nps"], false);
    assert_eq!(survey["form"]["answers"], json!({ "satisfaction": 4 }));
    visit_ok(&handler, first, reached_by_phone()).await;
    let nps: Option<i64> = sqlx::query_scalar("SELECT nps FROM survey_invitations WHERE id = ?")
        .bind(first)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(nps, Some(8));
}

#[tokio::test]
async fn a_paid_or_refused_claim_gets_the_claim_survey_and_its_return_visits() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;

    let paid = report_medical(&app, &me).await;
    complete_documents(&me, &handler, paid).await;
    claim_act_ok(
        &handler,
        paid,
        json!({ "action": "start_investigation", "what": "核实住院病历与费用" }),
    )
    .await;
    claim_act_ok(
        &handler,
        paid,
        json!({ "action": "assess", "amount": 500_000, "note": "住院医疗费用" }),
    )
    .await;
    claim_act_ok(
        &handler,
        paid,
        json!({ "action": "decide", "result": "approved" }),
    )
    .await;
    assert!(
        me.json(&format!("/api/v1/surveys?case_kind=claim&case_id={paid}"))
            .await
            .as_array()
            .unwrap()
            .is_empty(),
        "a decision alone sends no survey"
    );
    claim_act_ok(
        &handler,
        paid,
        json!({ "action": "pay", "lines": [{ "label": "住院医疗费用", "amount": 500_000 }] }),
    )
    .await;
    let invitation = invitation_for(&me, "claim", paid).await;
    assert_eq!(invitation["outcome"], "paid");

    let refused = report_medical(&app, &me).await;
    complete_documents(&me, &handler, refused).await;
    claim_act_ok(
        &handler,
        refused,
        json!({ "action": "decide", "result": "refused",
                "refusal_reasons": ["waiting_period"], "text": "出险日期在等待期内" }),
    )
    .await;
    assert!(
        me.json(&format!(
            "/api/v1/surveys?case_kind=claim&case_id={refused}"
        ))
        .await
        .as_array()
        .unwrap()
        .is_empty(),
        "the refusal counts once its notice is out"
    );
    claim_act_ok(&handler, refused, json!({ "action": "notify_refusal" })).await;
    let refusal = invitation_for(&me, "claim", refused).await;
    assert_eq!(refusal["outcome"], "refused");
    let survey = handler
        .json(&format!("/api/v1/staff/surveys/{}", refusal["id"]))
        .await;
    assert_eq!(survey["form"]["survey"]["key"], "claim");
    let listed = handler
        .json(&format!(
            "/api/v1/staff/surveys?case_kind=claim&case_id={refused}"
        ))
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let mut body = reached_by_phone();
    body["answers"] = json!({ "satisfaction": 1, "went_wrong": ["outcome"], "went_wrong_detail": "不认可等待期的计算" });
    visit_ok(&handler, refusal["id"].as_i64().unwrap(), body).await;
    assert_eq!(
        invitation_for(&me, "claim", refused).await["status"],
        "answered"
    );
}

#[tokio::test]
async fn a_visit_and_the_persons_answer_at_once_give_one_result() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;
    let invitation = complaint_invitation(&me, closed_complaint(&me, &handler).await).await;
    let submit = format!("/api/v1/surveys/{invitation}/submit");
    let (visited, answered) = tokio::join!(
        visit(&handler, invitation, reached_by_phone()),
        me.post(&submit, satisfied())
    );
    let (visited, answered) = (visited.status().as_u16(), answered.status().as_u16());
    assert!(
        (visited, answered) == (201, 409) || (visited, answered) == (409, 200),
        "visit {visited}, answer {answered}"
    );
    let (via, visits): (String, i64) = sqlx::query_as(
        "SELECT answered_via, (SELECT COUNT(*) FROM return_visits WHERE invitation_id = i.id) \
         FROM survey_invitations i WHERE id = ?",
    )
    .bind(invitation)
    .fetch_one(&app.db)
    .await
    .unwrap();
    if visited == 201 {
        assert_eq!((via.as_str(), visits), ("phone", 1));
    } else {
        assert_eq!((via.as_str(), visits), ("portal", 0));
    }
}
