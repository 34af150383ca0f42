//! The working-day calendar of a year: public; only years on file.

use serde_json::Value;

use crate::complaints::Session;
use crate::helpers::{problem, spawn};

#[tokio::test]
async fn the_2026_calendar_is_public_and_lists_national_day() {
    let app = spawn().await;
    let response = Session::anonymous(&app).get("/api/v1/calendar/2026").await;
    assert_eq!(response.status(), 200);
    let year: Value = response.json().await.unwrap();
    assert_eq!(year["year"], 2026);
    let national_day = year["holidays"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["first_day"] == "2026-10-01")
        .unwrap();
    assert_eq!(national_day["last_day"], "2026-10-07");
    let working: Vec<&str> = year["working_days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    assert!(working.contains(&"2026-10-10"), "{working:?}");
}

#[tokio::test]
async fn a_year_not_on_file_is_not_found() {
    let app = spawn().await;
    for year in ["1999", "3000", "next", "-1"] {
        let body = problem(
            Session::anonymous(&app)
                .get(&format!("/api/v1/calendar/{year}"))
                .await,
            404,
        )
        .await;
        assert_eq!(body["code"], "not_found", "{year}");
    }
}
