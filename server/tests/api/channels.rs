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
