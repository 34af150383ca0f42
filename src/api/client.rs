//! The one place that talks HTTP: sends the language, decodes bodies and problems.

use std::cell::Cell;

use gloo_net::http::{RequestBuilder, Response};
use portal_core::{Lang, api::API_PREFIX, api::IDEMPOTENCY_KEY, api::Problem};
use serde::{Serialize, de::DeserializeOwned};

use super::ApiFailure;

thread_local! {
    // The page's language, sent as Accept-Language so the server's `detail` texts match the screen.
    static LANGUAGE: Cell<Lang> = const { Cell::new(Lang::ZhCn) };
}

/// Sets the language sent with every following request.
pub fn set_language(lang: Lang) {
    LANGUAGE.with(|cell| cell.set(lang));
}

fn url(path: &str) -> String {
    format!("{API_PREFIX}{path}")
}

fn prepare(builder: RequestBuilder) -> RequestBuilder {
    // Cookies go along by the fetch default (credentials: same-origin): the API is same-origin.
    builder
        .header("Accept", "application/json")
        .header("Accept-Language", LANGUAGE.with(Cell::get).tag())
}

/// `GET path`, expecting a JSON body.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiFailure> {
    let response = prepare(gloo_net::http::Request::get(&url(path)))
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    json_body(response).await
}

/// `DELETE path`, expecting a JSON body.
pub async fn delete<T: DeserializeOwned>(path: &str) -> Result<T, ApiFailure> {
    let response = prepare(gloo_net::http::Request::delete(&url(path)))
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    json_body(response).await
}

/// `POST path` with a JSON body, expecting a JSON body.
pub async fn post<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> Result<T, ApiFailure> {
    post_keyed(path, body, None).await
}

/// `POST path` with a JSON body and an `Idempotency-Key`, expecting a JSON body.
pub async fn post_keyed<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
    key: Option<&str>,
) -> Result<T, ApiFailure> {
    let response = post_response(path, Some(body), key).await?;
    json_body(response).await
}

/// `PUT path` with a JSON body, expecting a JSON body.
pub async fn put<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiFailure> {
    let request = prepare(gloo_net::http::Request::put(&url(path)))
        .json(body)
        .map_err(|_| ApiFailure::Network)?;
    let response = request.send().await.map_err(|_| ApiFailure::Network)?;
    json_body(response).await
}

/// `POST path` without a body, expecting a JSON body.
pub async fn post_for<T: DeserializeOwned>(path: &str) -> Result<T, ApiFailure> {
    let response = post_response::<()>(path, None, None).await?;
    json_body(response).await
}

/// `POST path` with a file as the raw body (its own type as Content-Type), expecting JSON.
pub async fn post_file<T: DeserializeOwned>(
    path: &str,
    file: &web_sys::File,
) -> Result<T, ApiFailure> {
    let mut builder = prepare(gloo_net::http::Request::post(&url(path)));
    let kind = file.type_();
    if !kind.is_empty() {
        builder = builder.header("Content-Type", &kind);
    }
    let request = builder
        .body(wasm_bindgen::JsValue::from(file))
        .map_err(|_| ApiFailure::Network)?;
    let response = request.send().await.map_err(|_| ApiFailure::Network)?;
    json_body(response).await
}

/// `POST path` without a body, expecting no body.
pub async fn post_empty(path: &str) -> Result<(), ApiFailure> {
    let response = post_response::<()>(path, None, None).await?;
    if response.ok() {
        Ok(())
    } else {
        Err(failure(response).await)
    }
}

async fn post_response<B: Serialize>(
    path: &str,
    body: Option<&B>,
    key: Option<&str>,
) -> Result<Response, ApiFailure> {
    let mut builder = prepare(gloo_net::http::Request::post(&url(path)));
    if let Some(key) = key {
        builder = builder.header(IDEMPOTENCY_KEY, key);
    }
    let request = match body {
        Some(body) => builder.json(body),
        None => builder.build(),
    }
    .map_err(|_| ApiFailure::Network)?;
    request.send().await.map_err(|_| ApiFailure::Network)
}

async fn json_body<T: DeserializeOwned>(response: Response) -> Result<T, ApiFailure> {
    if response.ok() {
        let status = response.status();
        response
            .json()
            .await
            .map_err(|_| ApiFailure::UnexpectedStatus(status))
    } else {
        Err(failure(response).await)
    }
}

async fn failure(response: Response) -> ApiFailure {
    let status = response.status();
    match response.json::<Problem>().await {
        Ok(problem) => ApiFailure::Problem(problem),
        Err(_) => ApiFailure::UnexpectedStatus(status),
    }
}
