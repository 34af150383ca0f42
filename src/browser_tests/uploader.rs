//! The claim documents uploader against a fake network: a dropped chunk resumes from the
//! server's offset with a small chunk, and a file chosen again after a reload continues where the
//! server stands.

use std::collections::BTreeMap;

use leptos::prelude::*;
use portal_core::upload::{UploadState, UploadStatus};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, HtmlElement};

use super::network::FakeNetwork;
use super::{by_testid, mount, until};
use crate::components::uploader::{Uploader, slot_uploads};

const KIB: u64 = 1024;
const CLAIM: i64 = 7;
const UPLOAD_URL: &str = "/api/v1/tus/u1";

/// The invoice slot of claim 7's checklist, its uploader started (it first asks the server what
/// was left unfinished: `unfinished`, the answer's JSON).
async fn invoice_slot(net: &FakeNetwork, unfinished: &str) -> (HtmlElement, impl Sized) {
    let mounted = mount(|| {
        let up = Uploader::new(CLAIM, Callback::new(|_| {}));
        slot_uploads(up, "invoice".into(), false, Signal::from(true))
    });
    until("the unfinished uploads are asked for", || {
        net.fetch_count() == 1
    })
    .await;
    assert_eq!(
        net.fetch(0),
        ("GET".into(), format!("/api/v1/claims/{CLAIM}/uploads"))
    );
    net.answer_fetch(0, 200, unfinished);
    mounted
}

/// Picks a PDF of `size` bytes in the slot's file input, as a person would.
fn choose_pdf(root: &Element, name: &str, size: u64) {
    let input = by_testid(root, "slot-file").expect("the file input");
    let choose = js_sys::Function::new_with_args(
        "input, name, size",
        "const files = new DataTransfer();
         files.items.add(new File([new Uint8Array(size)], name, { type: 'application/pdf' }));
         input.files = files.files;
         input.dispatchEvent(new Event('change', { bubbles: true }));",
    );
    choose
        .call3(
            &JsValue::NULL,
            &input,
            &name.into(),
            &JsValue::from(size as f64),
        )
        .expect("a file chosen");
}

/// Waits for XMLHttpRequest number `n`; checks its method, URL and `Upload-Offset`.
async fn expect_request(net: &FakeNetwork, n: usize, method: &str, offset: Option<u64>) -> u64 {
    until(&format!("request {n} ({method})"), || net.xhr_count() > n).await;
    let request = net.xhr(n);
    assert_eq!(
        (request.method.as_str(), request.url.as_str()),
        (
            method,
            if method == "POST" {
                "/api/v1/tus"
            } else {
                UPLOAD_URL
            }
        ),
        "request {n}"
    );
    let sent_offset = request.header("Upload-Offset").map(str::to_owned);
    assert_eq!(sent_offset, offset.map(|o| o.to_string()), "request {n}");
    request.body_size
}

/// Answers the PATCHes from request `n` on, each taking all it sent, until `total` is in.
async fn take_every_chunk(net: &FakeNetwork, mut n: usize, mut offset: u64, total: u64) {
    while offset < total {
        let size = expect_request(net, n, "PATCH", Some(offset)).await;
        assert!(size > 0 && offset + size <= total, "chunk {offset}+{size}");
        offset += size;
        net.answer_xhr(n, 204, &[("Upload-Offset", &offset.to_string())]);
        n += 1;
    }
}

/// The file's progress bar: bytes sent.
fn progress(root: &Element) -> Option<f64> {
    by_testid(root, "upload-progress")?
        .get_attribute("value")?
        .parse()
        .ok()
}

#[wasm_bindgen_test]
async fn a_dropped_chunk_resumes_from_the_servers_offset_with_a_small_chunk() {
    let net = FakeNetwork::install();
    let (root, _slot) = invoice_slot(&net, "[]").await;
    let total = 300_000;
    choose_pdf(&root, "invoice.pdf", total);

    expect_request(&net, 0, "POST", None).await;
    assert_eq!(net.xhr(0).header("Upload-Length"), Some("300000"));
    net.answer_xhr(0, 201, &[("Location", UPLOAD_URL)]);
    let first = expect_request(&net, 1, "PATCH", Some(0)).await;
    assert_eq!(first, 64 * KIB, "the first chunk is small");
    net.answer_xhr(1, 204, &[("Upload-Offset", "65536")]);
    expect_request(&net, 2, "PATCH", Some(65_536)).await;
    net.answer_xhr(2, 0, &[]);

    until("the file waits for the network", || {
        by_testid(&root, "upload").is_some_and(|row| row.class_name().contains("upload-waiting"))
    })
    .await;
    // The network is back: the pause ends at once.
    window()
        .dispatch_event(&web_sys::Event::new("online").expect("an event"))
        .expect("dispatched");

    // Part of the lost chunk did arrive: the server says how much.
    expect_request(&net, 3, "HEAD", None).await;
    net.answer_xhr(3, 200, &[("Upload-Offset", "100000")]);
    let resumed = expect_request(&net, 4, "PATCH", Some(100_000)).await;
    assert_eq!(resumed, 64 * KIB, "after a drop, small chunks again");
    net.answer_xhr(4, 204, &[("Upload-Offset", "165536")]);
    take_every_chunk(&net, 5, 165_536, total).await;

    until("the server is asked whether it stored the file", || {
        net.fetch_count() == 2
    })
    .await;
    assert_eq!(net.fetch(1), ("GET".into(), UPLOAD_URL.into()));
    assert_eq!(progress(&root), Some(total as f64));
}

#[wasm_bindgen_test]
async fn a_file_chosen_again_after_a_reload_continues_where_the_server_stands() {
    let net = FakeNetwork::install();
    let total = 200_000;
    let unfinished = UploadStatus {
        id: "u1".into(),
        state: UploadState::Receiving,
        offset: 70_000,
        length: total,
        file_name: "invoice.pdf".into(),
        content_type: None,
        sha256: None,
        metadata: BTreeMap::from([
            ("slot".to_owned(), "invoice".to_owned()),
            ("source_name".to_owned(), "invoice.pdf".to_owned()),
            ("source_size".to_owned(), total.to_string()),
        ]),
        expires_at: None,
        problem: None,
        attachment: None,
    };
    let answer = serde_json::to_string(&[unfinished]).expect("JSON");
    let (root, _slot) = invoice_slot(&net, &answer).await;
    until("the unfinished file is listed", || {
        progress(&root) == Some(70_000.0)
    })
    .await;
    assert_eq!(
        net.xhr_count(),
        0,
        "nothing is sent before the file is chosen"
    );

    choose_pdf(&root, "invoice.pdf", total);
    expect_request(&net, 0, "HEAD", None).await;
    net.answer_xhr(0, 200, &[("Upload-Offset", "90000")]);
    let first = expect_request(&net, 1, "PATCH", Some(90_000)).await;
    assert_eq!(first, 64 * KIB);
    net.answer_xhr(1, 204, &[("Upload-Offset", "155536")]);
    take_every_chunk(&net, 2, 155_536, total).await;
    until("the server is asked whether it stored the file", || {
        net.fetch_count() == 2
    })
    .await;
    assert!(
        (0..net.xhr_count()).all(|n| net.xhr(n).method != "POST"),
        "no new upload was created"
    );
}
