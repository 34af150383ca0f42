//! Live updates: the inbox's event stream and its polling fallback, each person's own only.

use std::time::Duration;

use reqwest::Response;
use serde_json::Value;

use crate::complaints::{Session, own_complaint};
use crate::helpers::{LI_NA, ZHANG_WEI, problem, spawn};

/// Long enough for a loaded machine; a healthy stream answers within the watcher's 250 ms.
const PATIENCE: Duration = Duration::from_secs(20);

/// One server-sent event.
#[derive(Debug)]
struct Sse {
    event: String,
    id: String,
    data: Value,
}

/// Reads server-sent events off an open response.
struct EventReader {
    response: Response,
    buffer: String,
}

impl EventReader {
    async fn open(session: &Session, query: &str, last_event_id: Option<&str>) -> EventReader {
        let mut request = session
            .client
            .get(format!("{}/api/v1/inbox/stream{query}", session.base));
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.headers()["content-type"].to_str().unwrap(),
            "text/event-stream"
        );
        EventReader {
            response,
            buffer: String::new(),
        }
    }

    /// The next event (comments, such as heartbeats, skipped).
    async fn next(&mut self) -> Sse {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let (mut event, mut id, mut data) = (String::new(), String::new(), String::new());
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        event = v.trim().to_owned();
                    } else if let Some(v) = line.strip_prefix("id:") {
                        id = v.trim().to_owned();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim());
                    }
                }
                if event.is_empty() && data.is_empty() {
                    continue;
                }
                return Sse {
                    event,
                    id,
                    data: serde_json::from_str(&data).unwrap(),
                };
            }
            let chunk = tokio::time::timeout(PATIENCE, self.response.chunk())
                .await
                .expect("an event within the patience")
                .unwrap()
                .expect("the stream stays open");
            self.buffer.push_str(std::str::from_utf8(&chunk).unwrap());
        }
    }

    /// The next `notice` event.
    async fn next_notice(&mut self) -> Sse {
        loop {
            let event = self.next().await;
            if event.event == "notice" {
                return event;
            }
        }
    }
}

#[tokio::test]
async fn a_new_step_reaches_its_owners_open_stream_and_no_one_elses() {
    let app = spawn().await;
    let zhang = Session::policyholder(&app, ZHANG_WEI).await;
    let li = Session::policyholder(&app, LI_NA).await;
    let mut zhangs = EventReader::open(&zhang, "", None).await;
    let mut lis = EventReader::open(&li, "", None).await;
    let ready = zhangs.next().await;
    assert_eq!(ready.event, "ready");
    assert_eq!(ready.data["unread"], 0);
    assert_eq!(lis.next().await.event, "ready");

    let filed = zhang.file(own_complaint()).await;
    let notice = zhangs.next_notice().await;
    assert_eq!(notice.data["notice"]["case_id"], filed["id"]);
    assert_eq!(notice.data["notice"]["case_kind"], "complaint");
    assert_eq!(notice.data["notice"]["deliveries"][0]["channel"], "inbox");
    assert_eq!(notice.data["unread"], 1);
    assert_eq!(notice.id, notice.data["notice"]["id"].to_string());

    // Li Na's stream skipped Zhang Wei's notice: the first notice it carries is her own.
    let hers = li.file(own_complaint()).await;
    let notice = lis.next_notice().await;
    assert_eq!(notice.data["notice"]["case_id"], hers["id"]);
    assert_eq!(notice.data["unread"], 1);
}

#[tokio::test]
async fn a_stream_resumes_after_the_last_event_id_and_after_the_query() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let first = me.file(own_complaint()).await;
    let mut stream = EventReader::open(&me, "", None).await;
    let ready = stream.next().await;
    assert_eq!(ready.event, "ready");
    assert_eq!(ready.data["unread"], 1);
    let seen = ready.id.clone();
    drop(stream);

    // Two notices while no page was open.
    let second = me.file(own_complaint()).await;
    let third = me.file(own_complaint()).await;
    for (query, header) in [
        ("", Some(seen.as_str())),
        (&*format!("?after={seen}"), None),
    ] {
        let mut stream = EventReader::open(&me, query, header).await;
        let a = stream.next().await;
        let b = stream.next().await;
        assert_eq!((a.event.as_str(), b.event.as_str()), ("notice", "notice"));
        assert_eq!(a.data["notice"]["case_id"], second["id"], "oldest first");
        assert_eq!(b.data["notice"]["case_id"], third["id"]);
        assert_eq!(
            (a.data["unread"].clone(), b.data["unread"].clone()),
            (2.into(), 3.into())
        );
        let ready = stream.next().await;
        assert_eq!(ready.event, "ready");
        assert_eq!(
            ready.id, b.id,
            "the next reconnection resumes after the last"
        );
        assert_eq!(ready.data["unread"], 3);
    }
    assert_ne!(first["id"], second["id"]);
}

#[tokio::test]
async fn polling_gives_the_same_items_with_a_cursor() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let li = Session::policyholder(&app, LI_NA).await;
    let start = me.json("/api/v1/inbox/events").await;
    assert_eq!(start["items"].as_array().unwrap().len(), 0);
    let cursor = start["next_cursor"].as_str().unwrap().to_owned();

    let filed = me.file(own_complaint()).await;
    li.file(own_complaint()).await;
    let page = me
        .json(&format!("/api/v1/inbox/events?after={cursor}&lang=en"))
        .await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "Li Na's notice is not Zhang Wei's: {page}");
    assert_eq!(items[0]["notice"]["case_id"], filed["id"]);
    assert_eq!(items[0]["unread"], 1);
    assert!(
        items[0]["notice"]["title"].as_str().unwrap().is_ascii(),
        "titled in English: {page}"
    );
    let next = page["next_cursor"].as_str().unwrap();
    assert_eq!(next, items[0]["notice"]["id"].to_string());
    let empty = me.json(&format!("/api/v1/inbox/events?after={next}")).await;
    assert_eq!(empty["items"].as_array().unwrap().len(), 0);
    assert_eq!(empty["next_cursor"], next);
}

#[tokio::test]
async fn a_catch_up_gives_the_newest_200_oldest_first() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    me.file(own_complaint()).await;
    let first = app.scalar("SELECT MAX(id) FROM notices").await;
    // 204 more copies of that notice: 205 in all, 5 more than a catch-up gives.
    app.exec(&format!(
        "INSERT INTO notices (policyholder_id, case_kind, case_id, case_number, topic, event, created_at) \
         SELECT policyholder_id, case_kind, case_id, case_number, topic, event, created_at \
         FROM notices, (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 204) \
                        SELECT i FROM n) \
         WHERE id = {first}"
    ))
    .await;
    let newest = app.scalar("SELECT MAX(id) FROM notices").await;
    let page = me.json("/api/v1/inbox/events?after=0").await;
    let ids: Vec<i64> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["notice"]["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 200);
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "oldest first: {ids:?}");
    assert_eq!(ids.last(), Some(&newest));
    assert!(ids[0] > first + 4, "the oldest 5 are left out: {ids:?}");
    assert_eq!(page["next_cursor"], newest.to_string());
    assert_eq!(page["items"][199]["unread"], 205);
    assert_eq!(page["items"][0]["unread"], 6);

    // The stream opened without a resume point starts at the newest notice.
    let start = me.json("/api/v1/inbox/events").await;
    assert_eq!(start["next_cursor"], newest.to_string());
}

#[tokio::test]
async fn a_bad_resume_point_or_no_session_is_refused() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    for path in [
        "/api/v1/inbox/events?after=abc",
        "/api/v1/inbox/events?after=-1",
        "/api/v1/inbox/stream?after=1.5",
    ] {
        let body = problem(me.get(path).await, 422).await;
        assert_eq!(body["errors"][0]["field"], "after", "{path}");
    }
    let header = me
        .client
        .get(format!("{}/api/v1/inbox/stream", me.base))
        .header("Last-Event-ID", "x")
        .send()
        .await
        .unwrap();
    let body = problem(header, 422).await;
    assert_eq!(body["errors"][0]["field"], "Last-Event-ID");

    let nobody = Session::anonymous(&app);
    for path in ["/api/v1/inbox/stream", "/api/v1/inbox/events"] {
        let body = problem(nobody.get(path).await, 401).await;
        assert_eq!(body["code"], "unauthenticated");
    }
    let staff = Session::staff(&app, "handler").await;
    problem(staff.get("/api/v1/inbox/stream").await, 403).await;
}

#[tokio::test]
async fn open_streams_end_when_the_server_shuts_down() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let mut stream = EventReader::open(&me, "", None).await;
    assert_eq!(stream.next().await.event, "ready");
    app.state.notify.live.close();
    let end = tokio::time::timeout(PATIENCE, async {
        while let Some(_chunk) = stream.response.chunk().await.unwrap() {}
    })
    .await;
    assert!(end.is_ok(), "the stream ended");
    // A stream opened while shutting down ends at once too.
    let mut late = EventReader::open(&me, "", None).await;
    tokio::time::timeout(PATIENCE, async {
        while let Some(_chunk) = late.response.chunk().await.unwrap() {}
    })
    .await
    .expect("the late stream ended");
}
