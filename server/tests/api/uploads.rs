//! Simple uploads: the real type is told by the bytes; size limits; only the owner and staff
//! read a file back.

use serde_json::Value;

use crate::complaints::{JPEG, PDF, Session};
use crate::helpers::{LI_NA, ZHANG_WEI, problem, spawn};

#[tokio::test]
async fn a_pdf_is_stored_and_read_back_by_its_owner_and_staff_only() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let response = me
        .upload("%E5%8F%91%E7%A5%A8.pdf", "application/pdf", PDF.to_vec())
        .await;
    assert_eq!(response.status(), 201);
    let attachment: Value = response.json().await.unwrap();
    assert_eq!(attachment["file_name"], "发票.pdf");
    assert_eq!(attachment["content_type"], "application/pdf");
    assert_eq!(attachment["size"], PDF.len());
    let path = format!("/api/v1/uploads/{}", attachment["id"].as_str().unwrap());

    let download = me.get(&path).await;
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers()["content-type"], "application/pdf");
    let disposition = download.headers()["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(disposition.contains("%E5%8F%91%E7%A5%A8"), "{disposition}");
    assert_eq!(download.bytes().await.unwrap().as_ref(), PDF);

    let staff = Session::staff(&app, "handler").await;
    assert_eq!(staff.get(&path).await.status(), 200);
    let other = Session::policyholder(&app, LI_NA).await;
    let body = problem(other.get(&path).await, 404).await;
    assert_eq!(body["code"], "not_found");
    problem(Session::anonymous(&app).get(&path).await, 401).await;
}

#[tokio::test]
async fn the_type_comes_from_the_bytes_not_the_name() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let fake = me
        .upload(
            "photo.jpg",
            "image/jpeg",
            b"just some text, not a photo".to_vec(),
        )
        .await;
    let body = problem(fake, 415).await;
    assert_eq!(body["code"], "file_type_not_allowed");

    let real = me
        .upload("scan.bin", "application/octet-stream", JPEG.to_vec())
        .await;
    assert_eq!(real.status(), 201);
    let real: Value = real.json().await.unwrap();
    assert_eq!(real["content_type"], "image/jpeg");
}

#[tokio::test]
async fn an_empty_file_is_refused() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let body = problem(
        me.upload("empty.pdf", "application/pdf", Vec::new()).await,
        422,
    )
    .await;
    assert_eq!(body["code"], "file_empty");
}

#[tokio::test]
async fn a_file_over_10_mib_is_refused() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let mut big = PDF.to_vec();
    big.resize(10 * 1024 * 1024 + 1, b' ');
    let body = problem(me.upload("big.pdf", "application/pdf", big).await, 413).await;
    assert_eq!(body["code"], "file_too_large");
    let mut just_fits = PDF.to_vec();
    just_fits.resize(10 * 1024 * 1024, b' ');
    let response = me.upload("fits.pdf", "application/pdf", just_fits).await;
    assert_eq!(response.status(), 201);
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM uploads")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(stored, 1);
}
