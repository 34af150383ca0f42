//! Resumable uploads (tus 1.0): creation, offsets, resume after a cut-off PATCH, checksums,
//! termination, expiry, the real type from the bytes, limits, and ownership.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use portal_server::{AppState, Config, prepare, run};
use reqwest::{Client, Method, RequestBuilder, Response};
use serde_json::{Value, json};
use sha2::Digest;
use tempfile::TempDir;
use tokio::io::AsyncWriteExt;

use crate::helpers::{LI_NA, ZHANG_WEI, problem};

const TUS: &str = "/api/v1/tus";
/// The start of a JPEG, then filler: the server tells the type by the first bytes only.
fn jpeg(len: usize) -> Vec<u8> {
    let mut bytes = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01".to_vec();
    bytes.extend((0..len.saturating_sub(bytes.len())).map(|i| (i % 251) as u8));
    bytes.truncate(len);
    bytes
}

/// A running app whose state the test can reach (for the sweeper), with upload limits.
struct TusApp {
    base: String,
    state: AppState,
    data: PathBuf,
    _dir: TempDir,
}

async fn spawn() -> TusApp {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let vars: HashMap<&str, String> = HashMap::from([
        ("PORTAL_ADDR", "127.0.0.1:0".to_owned()),
        ("PORTAL_DATA_DIR", data.display().to_string()),
        (
            "PORTAL_DIST_DIR",
            dir.path().join("dist").display().to_string(),
        ),
        ("PORTAL_DEMO", "true".to_owned()),
        ("PORTAL_UPLOAD_MAX_FILE_MIB", "2".to_owned()),
        ("PORTAL_CLAIM_MAX_TOTAL_MIB", "3".to_owned()),
    ]);
    let config = Config::from_lookup(|name| vars.get(name).cloned()).unwrap();
    let state = prepare(config).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(run(listener, state.clone(), std::future::pending()));
    TusApp {
        base,
        state,
        data,
        _dir: dir,
    }
}

/// A logged-in person speaking tus, with the session cookie at hand for raw requests.
struct Uploader {
    base: String,
    cookie: String,
    http: Client,
}

impl Uploader {
    async fn policyholder(app: &TusApp, phone: &str) -> Uploader {
        let http = Client::new();
        let sent: Value = http
            .post(format!("{}/api/v1/auth/otp", app.base))
            .json(&json!({ "phone": phone }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let login = http
            .post(format!("{}/api/v1/auth/login", app.base))
            .json(&json!({ "phone": phone, "code": sent["demo_code"] }))
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), 200);
        let cookie = login.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        Uploader {
            base: app.base.clone(),
            cookie,
            http,
        }
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base))
            .header("Cookie", &self.cookie)
            .header("Tus-Resumable", "1.0.0")
    }

    /// Reports a medical claim on the caller's own medical policy; returns the claim's id.
    async fn medical_claim(&self) -> String {
        let policies: Value = self
            .request(Method::GET, "/api/v1/policies")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let policy = policies["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["kind"] == "medical")
            .unwrap()["id"]
            .clone();
        let yesterday =
            (chrono::Utc::now() + chrono::TimeDelta::hours(8)).date_naive() - chrono::Days::new(1);
        let receipt: Value = self
            .request(Method::POST, "/api/v1/claims")
            .json(&serde_json::json!({
                "policy_id": policy,
                "kind": "medical",
                "incident_date": yesterday.to_string(),
                "incident_time": "09:30",
                "place": "上海市第一人民医院",
                "description": "急性阑尾炎住院手术。",
                "contact_phone": "13800138000",
            }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        receipt["id"].as_i64().unwrap().to_string()
    }

    /// POST with `Upload-Length` and metadata; returns the response.
    async fn create_with(&self, length: u64, metadata: &[(&str, &str)]) -> Response {
        let metadata: Vec<String> = metadata
            .iter()
            .map(|(k, v)| format!("{k} {}", STANDARD.encode(v)))
            .collect();
        self.request(Method::POST, TUS)
            .header("Upload-Length", length.to_string())
            .header("Upload-Metadata", metadata.join(","))
            .send()
            .await
            .unwrap()
    }

    /// Creates an upload and returns its path (the `Location`).
    async fn create(&self, length: u64, filename: &str) -> String {
        let response = self
            .create_with(
                length,
                &[("filename", filename), ("filetype", "image/jpeg")],
            )
            .await;
        assert_eq!(response.status(), 201);
        assert_eq!(response.headers()["tus-resumable"], "1.0.0");
        assert!(response.headers().contains_key("upload-expires"));
        response.headers()["location"].to_str().unwrap().to_owned()
    }

    /// A PATCH of bytes at `offset`, to send as it is or with more headers.
    fn patch_request(&self, path: &str, offset: u64, body: Vec<u8>) -> RequestBuilder {
        self.request(Method::PATCH, path)
            .header("Upload-Offset", offset.to_string())
            .header("Content-Type", "application/offset+octet-stream")
            .body(body)
    }

    async fn patch(&self, path: &str, offset: u64, body: Vec<u8>) -> Response {
        self.patch_request(path, offset, body).send().await.unwrap()
    }

    /// A PATCH with `Upload-Checksum: <checksum>`.
    async fn patch_checked(
        &self,
        path: &str,
        offset: u64,
        checksum: &str,
        body: Vec<u8>,
    ) -> Response {
        self.patch_request(path, offset, body)
            .header("Upload-Checksum", checksum)
            .send()
            .await
            .unwrap()
    }

    /// An upload of 1000 JPEG bytes with the first 500 received; returns its path.
    async fn half_sent(&self) -> String {
        let path = self.create(1000, "a.jpg").await;
        assert_eq!(self.patch(&path, 0, jpeg(500)).await.status(), 204);
        path
    }

    async fn head(&self, path: &str) -> Response {
        self.request(Method::HEAD, path).send().await.unwrap()
    }

    async fn offset(&self, path: &str) -> u64 {
        let response = self.head(path).await;
        assert_eq!(response.status(), 200);
        header_number(&response, "upload-offset")
    }

    async fn status(&self, path: &str) -> Value {
        let response = self.request(Method::GET, path).send().await.unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }
}

/// A refusal of a HEAD request: the status only, as HEAD has no body.
fn head_refused(response: &Response, status: u16) {
    assert_eq!(response.status().as_u16(), status);
    assert_eq!(response.headers()["tus-resumable"], "1.0.0");
}

fn header_number(response: &Response, name: &str) -> u64 {
    response.headers()[name].to_str().unwrap().parse().unwrap()
}

fn hex_sha256(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Files left in the object store under `tus/` (the parts of unfinished uploads).
fn parts_on_disk(app: &TusApp) -> usize {
    fn count(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| {
                        if e.path().is_dir() {
                            count(&e.path())
                        } else {
                            1
                        }
                    })
                    .sum()
            })
            .unwrap_or(0)
    }
    count(&app.data.join("files").join("tus"))
}

#[tokio::test]
async fn options_tells_the_version_extensions_size_limit_and_checksums() {
    let app = spawn().await;
    let response = Client::new()
        .request(Method::OPTIONS, format!("{}{TUS}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let headers = response.headers();
    assert_eq!(headers["tus-resumable"], "1.0.0");
    assert_eq!(headers["tus-version"], "1.0.0");
    let extensions = headers["tus-extension"].to_str().unwrap();
    for extension in ["creation", "termination", "expiration", "checksum"] {
        assert!(
            extensions.split(',').any(|e| e == extension),
            "{extensions}"
        );
    }
    assert_eq!(
        headers["tus-max-size"],
        (2 * 1024 * 1024).to_string().as_str()
    );
    assert_eq!(headers["tus-checksum-algorithm"], "sha1,sha256");
}

#[tokio::test]
async fn an_upload_sent_in_one_patch_is_complete_and_becomes_a_document() {
    let app = spawn().await;
    let me = Uploader::policyholder(&app, ZHANG_WEI).await;
    let file = jpeg(300_000);
    let path = me.create(file.len() as u64, "发票.jpg").await;
    assert!(path.starts_with("/api/v1/tus/"), "{path}");

    let head = me.head(&path).await;
    assert_eq!(head.status(), 200);
    assert_eq!(header_number(&head, "upload-offset"), 0);
    assert_eq!(header_number(&head, "upload-length"), file.len() as u64);
    assert_eq!(head.headers()["cache-control"], "no-store");
    assert_eq!(head.headers()["tus-resumable"], "1.0.0");

    let patched = me.patch(&path, 0, file.clone()).await;
    assert_eq!(patched.status(), 204);
    assert_eq!(header_number(&patched, "upload-offset"), file.len() as u64);
    assert_eq!(me.offset(&path).await, file.len() as u64);

    let status = me.status(&path).await;
    assert_eq!(status["state"], "completed");
    assert_eq!(status["content_type"], "image/jpeg");
    assert_eq!(status["sha256"], hex_sha256(&file));
    assert_eq!(status["attachment"]["file_name"], "发票.jpg");
    assert_eq!(status["attachment"]["size"], file.len());
    assert_eq!(status["metadata"]["filetype"], "image/jpeg");

    // The document is a stored upload like any other: the owner downloads it whole.
    let id = status["id"].as_str().unwrap();
    let download = me
        .request(Method::GET, &format!("/api/v1/uploads/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), 200);
    assert_eq!(download.bytes().await.unwrap().as_ref(), file.as_slice());
    assert_eq!(parts_on_disk(&app), 0, "the parts are removed once joined");
}

#[tokio::test]
async fn an_upload_in_several_patches_is_joined_in_order() {
    let app = spawn().await;
    let me = Uploader::policyholder(&app, ZHANG_WEI).await;
    let file = jpeg(1_000_003);
    let path = me.create(file.len() as u64, "scan.jpg").await;
    let mut offset = 0;
    for piece in file.chunks(262_144) {
        let response = me.patch(&path, offset, piece.to_vec()).await;
        assert_eq!(response.status(), 204);
        offset += piece.len() as u64;
        assert_eq!(header_number(&response, "upload-offset"), offset);
    }
    let status = me.status(&path).await;
    assert_eq!(status["state"], "completed");
    assert_eq!(status["sha256"], hex_sha256(&file));
    let id = status["id"].as_str().unwrap();
    let stored = me
        .request(Method::GET, &format!("/api/v1/uploads/{id}"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(stored.as_ref(), file.as_slice());
}

#[tokio::test]
async fn a_patch_cut_off_midway_keeps_what_arrived_and_the_upload_resumes() {
    let app = spawn().await;
    let me = Uploader::policyholder(&app, ZHANG_WEI).await;
    let file = jpeg(400_000);
    let path = me.create(file.len() as u64, "photo.jpg").await;

    // Announce the whole file, send 150 000 bytes, and drop the connection.
    let sent = 150_000;
    let address = app.base.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    let head = format!(
        "PATCH {path} HTTP/1.1\r\nHost: {address}\r\nCookie: {}\r\nTus-Resumable: 1.0.0\r\n\
         Upload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\n\
         Content-Length: {}\r\n\r\n",
        me.cookie,
        file.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&file[..sent]).await.unwrap();
    stream.flush().await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    drop(stream);

    // The server records what arrived once it sees the connection end.
    let mut persisted = 0;
    for _ in 0..100 {
        persisted = me.offset(&path).await;
        if persisted > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(persisted, sent as u64, "every byte that arrived is kept");
    assert_eq!(me.status(&path).await["state"], "receiving");

    let rest = me.patch(&path, persisted, file[sent..].to_vec()).await;
    assert_eq!(rest.status(), 204);
    let status = me.status(&path).await;
    assert_eq!(status["state"], "completed");
    assert_eq!(status["sha256"], hex_sha256(&file));
}

#[tokio::test]
async fn a_patch_at_another_offset_than_the_servers_is_a_conflict() {
    let app = spawn().await;
    let me = Uploader::policyholder(&app, ZHANG_WEI).await;
    let file = jpeg(1000);
    let path = me.create(1000, "a.jpg").await;
    assert_eq!(me.patch(&path, 0, file[..400].to_vec()).await.status(), 204);
    let conflict = me.patch(&path, 300, file[300..].to_vec()).await;
    assert_eq!(conflict.headers()["tus-resumable"], "1.0.0");
    problem(conflict, 409).await;
    assert_eq!(me.offset(&path).await, 400);
    let missing = me
        .request(Method::PATCH, &path)
        .header("Content-Type", "application/offset+octet-stream")
        .body(file[400..].to_vec())
        .send()
        .await
        .unwrap();
    let body = problem(missing, 400).await;
    assert_eq!(body["errors"][0]["field"], "Upload-Offset");
}

#[tokio::test]
async fn a_checksum_mismatch_is_460_and_nothing_is_appended() {
    let app = spawn().await;
    let me = Uploader::policyholder(&app, ZHANG_WEI).await;
    let file = jpeg(5000);
    let path = me.create(5000, "a.jpg").await;
    let wrong = STANDARD.encode(sha1::Sha1::digest(b"something else"));
    let response = me
        .patch_checked(&path, 0, &format!("sha1 {wrong}"), file[..2000].to_vec())
        .await;
    let body = problem(response, 460).await;
    assert_eq!(body["errors"][0]["field"], "Upload-Checksum");
    assert_eq!(me.offset(&path).await, 0);
    assert_eq!(parts_on_disk(&app), 0, "the chunk is discarded");

    let right = STANDARD.encode(sha1::Sha1::digest(&file[..2000]));
    let response = me
        .patch_checked(&path, 0, &format!("sha1 {right}"), file[..2000].to_vec())
        .await;
    assert_eq!(response.status(), 204);
    let right = STANDARD.encode(sha2::Sha256::digest(&file[2000..]));
    let response = me
        .patch_checked(
            &path,
            2000,
            &format!("sha256 {right}"),
            file[2000..].to_vec(),
        )
        .await;
    assert_eq!(response.status(), 204);
    assert_eq!(me.status(&path).await["state"], "completed");

    let unknown = me.patch_checked(&path, 5000, "md5 AAAA", Vec::new()).await;
    problem(unknown, 400).await;
}

#[tokio::test]
async fn a_patch_of_another_content_type_is_415() {
    let app = spawn().await;
    let me = Uploader::policyholder(&app, ZHANG_WEI).await;
    let path = me.create(100, "a.jpg").await;
    let response = me
        .request(Method::PATCH, &path)
        .header("Upload-Offset", "0")
        .header("Content-Type", "application/octet-stream")
        .body(jpeg(100))
        .send()
        .await
        .unwrap();
    let body = problem(response, 415).await;
    assert_eq!(body["code"], "unsupported_media_type");
    assert_eq!(me.offset(&path).await, 0);
}

#[tokio::test]
async fn a_zero_byte_upload_is_refused_as_empty() {
    let app = spawn().await;
    let me = Uploader::policyholder(&app, ZHANG_WEI).await;
    let body = problem(me.create_with(0, &[("filename", "a.jpg")]).await, 400).await;
    assert_eq!(body["code"], "file_empty");
    let missing = me.request(Method::POST, TUS).send().await.unwrap();
    let body = problem(missing, 400).await;
    assert_eq!(body["errors"][0]["field"], "Upload-Length");
}

#[tokio::test]
async fn a_file_over_the_limit_and_a_claim_over_its_total_are_refused() {
    let app = spawn().await;
    let me = Uploader::policyholder(&app, ZHANG_WEI).await;
    let body = problem(me.create_with(2 * 1024 * 1024 + 1, &[]).await, 413).await;
    assert_eq!(body["code"], "file_too_large");

    // The claim's total is 3 MiB: two files of 1.5 MiB fit, a third byte does not.
    let (first, second) = (me.medical_claim().await, me.medical_claim().await);
    let claim = [
        ("purpose", "claim_document"),
        ("claim_id", first.as_str()),
        ("slot", "invoices"),
    ];
    let half = 3 * 512 * 1024;
    assert_eq!(me.create_with(half, &claim).await.status(), 201);
    assert_eq!(me.create_with(half, &claim).await.status(), 201);
    let body = problem(me.create_with(1, &claim).await, 413).await;
    assert_eq!(body["errors"][0]["field"], "claim_id");
    // The same claim written another way counts to the same total.
    let padded = format!("00{first}");
    let same_claim = [("claim_id", padded.as_str())];
    let body = problem(me.create_with(1, &same_claim).await, 413).await;
    assert_eq!(body["errors"][0]["field"], "claim_id");
    let other_claim = [("claim_id", second.as_str())];
    assert_eq!(me.create_with(half, &other_claim).await.status(), 201);
}

#[tokio::test]
async fn an_upload_for_someone_elses_claim_or_an_unknown_slot_is_refused() {
    let app = spawn().await;
    let zhang = Uploader::policyholder(&app, ZHANG_WEI).await;
    let li = Uploader::policyholder(&app, LI_NA).await;
    let claim = zhang.medical_claim().await;
    let theirs = [("claim_id", claim.as_str()), ("slot", "invoices")];
    let body = problem(li.create_with(10, &theirs).await, 404).await;
    assert_eq!(body["errors"][0]["field"], "claim_id");
    let nonsense = [("claim_id", "not-a-claim")];
    problem(zhang.create_with(10, &nonsense).await, 404).await;
    let no_such_slot = [("claim_id", claim.as_str()), ("slot", "passport_photo")];
    let body = problem(zhang.create_with(10, &no_such_slot).await, 422).await;
    assert_eq!(body["code"], "document_slot_unknown");
    assert_eq!(zhang.create_with(10, &theirs).await.status(), 201);
}

#[tokio::test]
async fn a_text_file_named_like_a_jpeg_ends_rejected() {
    let app = spawn().await;
    let me = Uploader::policyholder(&app, ZHANG_WEI).await;
    let text = b"Dear insurer, this is a letter and not a photo at all.".to_vec();
    let path = me.create(text.len() as u64, "photo.jpg").await;
    let response = me.patch(&path, 0, text).await;
    let body = problem(response, 415).await;
    assert_eq!(body["code"], "file_type_not_allowed");

    head_refused(&me.head(&path).await, 415);
    let status = me.status(&path).await;
    assert_eq!(status["state"], "rejected");
    assert_eq!(status["problem"]["code"], "file_type_not_allowed");
    assert!(status["attachment"].is_null());
    assert_eq!(parts_on_disk(&app), 0);
}

#[tokio::test]
async fn an_executable_is_rejected_from_its_first_bytes() {
    let app = spawn().await;
    let me = Uploader::policyholder(&app, ZHANG_WEI).await;
    let mut elf = b"\x7FELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00".to_vec();
    elf.resize(100_000, 0x90);
    let path = me.create(elf.len() as u64, "invoice.pdf").await;
    // Rejected as soon as the first bytes are in, before the rest is sent.
    let body = problem(me.patch(&path, 0, elf[..1000].to_vec()).await, 415).await;
    assert_eq!(body["code"], "file_type_not_allowed");
    let again = me.patch(&path, 1000, elf[1000..].to_vec()).await;
    problem(again, 415).await;
    assert_eq!(me.status(&path).await["state"], "rejected");
}

#[tokio::test]
async fn another_persons_upload_is_not_found() {
    let app = spawn().await;
    let me = Uploader::policyholder(&app, ZHANG_WEI).await;
    let path = me.create(100, "a.jpg").await;
    let other = Uploader::policyholder(&app, LI_NA).await;
    head_refused(&other.head(&path).await, 404);
    problem(other.patch(&path, 0, jpeg(100)).await, 404).await;
    problem(
        other.request(Method::DELETE, &path).send().await.unwrap(),
        404,
    )
    .await;
    problem(other.request(Method::GET, &path).send().await.unwrap(), 404).await;
    assert_eq!(me.offset(&path).await, 0);
    head_refused(&me.head(&format!("{TUS}/no-such-upload")).await, 404);

    let anonymous = Client::new()
        .head(format!("{}{path}", app.base))
        .header("Tus-Resumable", "1.0.0")
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn a_request_without_tus_resumable_gets_412_with_the_version() {
    let app = spawn().await;
    let me = Uploader::policyholder(&app, ZHANG_WEI).await;
    let response = me
        .http
        .post(format!("{}{TUS}", app.base))
        .header("Cookie", &me.cookie)
        .header("Upload-Length", "10")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["tus-version"], "1.0.0");
    problem(response, 412).await;
}

#[tokio::test]
async fn termination_drops_the_upload_and_its_bytes() {
    let app = spawn().await;
    let me = Uploader::policyholder(&app, ZHANG_WEI).await;
    let path = me.half_sent().await;
    assert_eq!(parts_on_disk(&app), 1);
    let ended = me.request(Method::DELETE, &path).send().await.unwrap();
    assert_eq!(ended.status(), 204);
    assert_eq!(ended.headers()["tus-resumable"], "1.0.0");
    assert_eq!(parts_on_disk(&app), 0);
    head_refused(&me.head(&path).await, 404);
    problem(me.patch(&path, 500, jpeg(500)).await, 404).await;

    // A completed upload is a document: it stays.
    let done = me.create(10, "b.jpg").await;
    assert_eq!(me.patch(&done, 0, jpeg(10)).await.status(), 204);
    let refused = me.request(Method::DELETE, &done).send().await.unwrap();
    problem(refused, 409).await;
}

#[tokio::test]
async fn an_expired_upload_is_gone_and_the_sweeper_drops_its_parts() {
    let app = spawn().await;
    let me = Uploader::policyholder(&app, ZHANG_WEI).await;
    let path = me.half_sent().await;
    let id = path.rsplit('/').next().unwrap();
    sqlx::query("UPDATE tus_uploads SET expires_at = expires_at - 86400 * 2 WHERE id = ?")
        .bind(id)
        .execute(&app.state.db)
        .await
        .unwrap();
    head_refused(&me.head(&path).await, 410);
    let gone = problem(me.patch(&path, 500, jpeg(500)).await, 410).await;
    assert_eq!(gone["code"], "upload_unknown");
    assert_eq!(me.status(&path).await["state"], "expired");

    assert_eq!(parts_on_disk(&app), 1);
    let done = portal_server::tus::sweep(&app.state).await.unwrap();
    assert_eq!(done.expired, 1);
    assert_eq!(parts_on_disk(&app), 0);
    head_refused(&me.head(&path).await, 410);
}

#[tokio::test]
async fn creation_with_upload_stores_the_first_bytes() {
    let app = spawn().await;
    let me = Uploader::policyholder(&app, ZHANG_WEI).await;
    let file = jpeg(3000);
    let response = me
        .request(Method::POST, TUS)
        .header("Upload-Length", "3000")
        .header("Content-Type", "application/offset+octet-stream")
        .body(file[..1000].to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(header_number(&response, "upload-offset"), 1000);
    let path = response.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        me.patch(&path, 1000, file[1000..].to_vec()).await.status(),
        204
    );
    assert_eq!(me.status(&path).await["sha256"], hex_sha256(&file));
}

/// The reference JavaScript client (tus-js-client from npm), in server/tests/tus-client: a file in
/// 64 KiB chunks, stopped after a few, then resumed by a new client from the server's offset.
#[tokio::test]
async fn the_tus_js_client_uploads_in_chunks_and_resumes() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/tus-client");
    if !dir.join("node_modules/tus-js-client").exists() {
        let installed = tokio::process::Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefer-offline"])
            .current_dir(&dir)
            .status()
            .await;
        assert!(
            installed.is_ok_and(|s| s.success()),
            "npm ci in {} failed (the tus client test needs node and npm)",
            dir.display()
        );
    }
    let app = spawn().await;
    let me = Uploader::policyholder(&app, ZHANG_WEI).await;
    let claim = me.medical_claim().await;
    let file_dir = tempfile::tempdir().unwrap();
    let file_path = file_dir.path().join("medical-record.jpg");
    let file = jpeg(1_500_000);
    std::fs::write(&file_path, &file).unwrap();
    let output = tokio::process::Command::new("node")
        .arg(dir.join("upload.mjs"))
        .arg(format!("{}{TUS}", app.base))
        .arg(&me.cookie)
        .arg(&file_path)
        .arg(&claim)
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "tus-js-client failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_str(stdout.lines().last().unwrap_or("")).unwrap();
    let resumed_from = report["resumed_from"].as_u64().unwrap();
    assert!(
        resumed_from > 0 && resumed_from < file.len() as u64,
        "the second client resumed from {resumed_from}"
    );
    let path = url_path(report["url"].as_str().unwrap());
    let status = me.status(&path).await;
    assert_eq!(status["state"], "completed");
    assert_eq!(status["sha256"], hex_sha256(&file));
    assert_eq!(status["file_name"], "medical-record.jpg");
    assert_eq!(status["metadata"]["claim_id"], claim.as_str());
}

fn url_path(url: &str) -> String {
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    without_scheme
        .find('/')
        .map_or_else(String::new, |i| without_scheme[i..].to_owned())
}
