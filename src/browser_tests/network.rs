//! A fake network for code that calls the API itself (the uploader): `XMLHttpRequest` and `fetch`
//! are replaced while a [`FakeNetwork`] lives; every request waits until the test answers it.

use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};

/// Installs the fakes on `window.__fakeNetwork` (the originals come back on `uninstall`).
const INSTALL: &str = r#"
const fake = {
  xhrs: [],
  fetches: [],
  original: { xhr: window.XMLHttpRequest, fetch: window.fetch },
};
class FakeXhr {
  constructor() {
    this.requestHeaders = {};
    this.responseHeaders = {};
    this.upload = {};
    this.status = 0;
    this.responseText = "";
    this.onloadend = null;
  }
  open(method, url) { this.method = method; this.url = url; }
  setRequestHeader(name, value) { this.requestHeaders[name.toLowerCase()] = value; }
  getResponseHeader(name) {
    const value = this.responseHeaders[name.toLowerCase()];
    return value === undefined ? null : value;
  }
  send(body) { this.bodySize = body ? body.size : 0; fake.xhrs.push(this); }
}
window.XMLHttpRequest = FakeXhr;
window.fetch = (input, init) => new Promise(resolve => {
  const request = input instanceof Request ? input : new Request(input, init);
  fake.fetches.push({ method: request.method, url: new URL(request.url).pathname, resolve });
});
fake.xhr = n => {
  const x = fake.xhrs[n];
  return JSON.stringify({ method: x.method, url: x.url, headers: x.requestHeaders, body_size: x.bodySize });
};
fake.answerXhr = (n, status, headers) => {
  const x = fake.xhrs[n];
  x.status = status;
  for (const [name, value] of Object.entries(JSON.parse(headers))) {
    x.responseHeaders[name.toLowerCase()] = value;
  }
  if (x.onloadend) x.onloadend(new ProgressEvent("loadend"));
};
fake.fetch = n => JSON.stringify({ method: fake.fetches[n].method, url: fake.fetches[n].url });
fake.answerFetch = (n, status, body) => fake.fetches[n].resolve(new Response(body, {
  status,
  headers: { "Content-Type": status < 400 ? "application/json" : "application/problem+json" },
}));
fake.uninstall = () => {
  window.XMLHttpRequest = fake.original.xhr;
  window.fetch = fake.original.fetch;
};
window.__fakeNetwork = fake;
"#;

/// One request as the server would have seen it.
#[derive(Debug)]
pub struct Seen {
    pub method: String,
    pub url: String,
    headers: Value,
    /// The body's bytes (XMLHttpRequest only).
    pub body_size: u64,
}

impl Seen {
    /// A request header (names are case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name.to_lowercase())?.as_str()
    }
}

/// The fake network, installed until dropped.
pub struct FakeNetwork {
    fake: JsValue,
}

impl FakeNetwork {
    pub fn install() -> FakeNetwork {
        js_sys::Function::new_no_args(INSTALL)
            .call0(&JsValue::NULL)
            .expect("fakes installed");
        let fake = js_sys::Reflect::get(&leptos::prelude::window(), &"__fakeNetwork".into())
            .expect("the fake network");
        FakeNetwork { fake }
    }

    fn call(&self, name: &str, args: &[JsValue]) -> JsValue {
        let function: js_sys::Function = js_sys::Reflect::get(&self.fake, &name.into())
            .expect("a fake's function")
            .unchecked_into();
        let args: js_sys::Array = args.iter().collect();
        function
            .apply(&self.fake, &args)
            .unwrap_or_else(|e| panic!("{name} failed: {e:?}"))
    }

    /// What the fake's `which` says about request `n`, as JSON.
    fn info(&self, which: &str, n: usize) -> Value {
        let json = self.call(which, &[n.into()]).as_string();
        serde_json::from_str(&json.unwrap_or_default()).expect("a request's info")
    }

    fn count(&self, list: &str) -> usize {
        js_sys::Reflect::get(&self.fake, &list.into())
            .map(|list| list.unchecked_into::<js_sys::Array>().length() as usize)
            .unwrap_or(0)
    }

    /// How many XMLHttpRequests were sent.
    pub fn xhr_count(&self) -> usize {
        self.count("xhrs")
    }

    /// XMLHttpRequest number `n` (from 0).
    pub fn xhr(&self, n: usize) -> Seen {
        let info = self.info("xhr", n);
        let text = |key: &str| info[key].as_str().unwrap_or_default().to_owned();
        Seen {
            method: text("method"),
            url: text("url"),
            headers: info["headers"].clone(),
            body_size: info["body_size"].as_u64().unwrap_or(0),
        }
    }

    /// Answers XMLHttpRequest number `n` (status 0: the network dropped it).
    pub fn answer_xhr(&self, n: usize, status: u16, headers: &[(&str, &str)]) {
        let headers: serde_json::Map<String, Value> = headers
            .iter()
            .map(|(name, value)| ((*name).to_owned(), Value::from(*value)))
            .collect();
        let headers = Value::Object(headers).to_string();
        self.call("answerXhr", &[n.into(), status.into(), headers.into()]);
    }

    /// How many fetches were made.
    pub fn fetch_count(&self) -> usize {
        self.count("fetches")
    }

    /// Fetch number `n` (from 0): its method and path.
    pub fn fetch(&self, n: usize) -> (String, String) {
        let info = self.info("fetch", n);
        let text = |key: &str| info[key].as_str().unwrap_or_default().to_owned();
        (text("method"), text("url"))
    }

    /// Answers fetch number `n` with a JSON body.
    pub fn answer_fetch(&self, n: usize, status: u16, body: &str) {
        self.call("answerFetch", &[n.into(), status.into(), body.into()]);
    }
}

impl Drop for FakeNetwork {
    fn drop(&mut self) {
        self.call("uninstall", &[]);
    }
}
