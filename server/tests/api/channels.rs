//! The published complaint channels: public, from the configuration.

use serde_json::Value;

use crate::complaints::Session;
use crate::helpers::spawn;

#[tokio::test]
async fn the_channels_are_public_and_name_every_required_channel() {
    let app = spawn().await;
    let response = Session::anonymous(&app).get("/api/v1/channels").await;
    assert_eq!(response.status(), 200);
    let channels: Value = response.json().await.unwrap();
    for field in ["hotline", "fax", "postcode", "email", "portal_url"] {
        assert!(!channels[field].as_str().unwrap().is_empty(), "{field}");
    }
    for field in ["mailing_address", "reception_address", "reception_hours"] {
        assert!(
            !channels[field]["zh"].as_str().unwrap().is_empty(),
            "{field}"
        );
        assert!(
            !channels[field]["en"].as_str().unwrap().is_empty(),
            "{field}"
        );
    }
    assert_eq!(channels["regulator_hotline"], "12378");
    assert!(channels["process"].as_array().unwrap().len() >= 4);
}

#[tokio::test]
async fn the_openapi_document_describes_the_complaint_routes() {
    let app = spawn().await;
    let doc: Value = Session::anonymous(&app)
        .get("/api/v1/openapi.json")
        .await
        .json()
        .await
        .unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/channels",
        "/api/v1/calendar/{year}",
        "/api/v1/uploads",
        "/api/v1/uploads/{id}",
        "/api/v1/complaints",
        "/api/v1/complaints/prefill",
        "/api/v1/complaints/{id}",
        "/api/v1/complaints/{id}/actions",
        "/api/v1/inbox",
        "/api/v1/inbox/unread",
        "/api/v1/inbox/{id}/read",
        "/api/v1/inbox/read-all",
        "/api/v1/staff/complaints",
    ] {
        assert!(paths.contains_key(path), "{path} missing");
    }
    for schema in ["ComplaintDetail", "Command", "OfflineComplaint", "Notice"] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
}
