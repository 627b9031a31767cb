//! Shared by the server tests: serving a router on 127.0.0.1:0, sending raw requests, and reading the answers.

#![allow(dead_code)]

use serde_json::Value;
use std::future::IntoFuture;
use std::net::SocketAddr;

/// Serves `app` on an ephemeral local port for the rest of the test; returns its base URL.
pub async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
    let addr: SocketAddr = listener.local_addr().expect("local address");
    // What the example servers run: the runtime's `serve`, with its timeouts and connection limit.
    tokio::spawn(oagen_runtime::server::serve(listener, app).into_future());
    format!("http://{addr}")
}

/// One answer, read whole.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub www_authenticate: Option<String>,
    pub body: Value,
}

/// A request to send.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: &'static str,
    pub path: String,
    pub headers: Vec<(&'static str, String)>,
    /// `Content-Type` and bytes.
    pub body: Option<(&'static str, Vec<u8>)>,
}

impl Call {
    pub fn new(method: &'static str, path: impl Into<String>) -> Self {
        Call { method, path: path.into(), headers: Vec::new(), body: None }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    pub fn json(self, body: Value) -> Self {
        self.raw("application/json", body.to_string().into_bytes())
    }

    pub fn raw(mut self, content_type: &'static str, bytes: Vec<u8>) -> Self {
        self.body = Some((content_type, bytes));
        self
    }

    pub async fn send(&self, base: &str) -> Answer {
        let client = reqwest::Client::new();
        let method = reqwest::Method::from_bytes(self.method.as_bytes()).expect("method");
        let mut request = client.request(method, format!("{base}{}", self.path));
        for (k, v) in &self.headers {
            request = request.header(*k, v);
        }
        if let Some((ct, bytes)) = &self.body {
            if !ct.is_empty() {
                request = request.header("content-type", *ct);
            }
            request = request.body(bytes.clone());
        }
        let response = request.send().await.expect("send");
        let status = response.status().as_u16();
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let content_type = header("content-type").unwrap_or_default();
        let www_authenticate = header("www-authenticate");
        let bytes = response.bytes().await.expect("body");
        let body = if bytes.is_empty() { Value::Null } else { serde_json::from_slice(&bytes).expect("a JSON body") };
        Answer { status, content_type, www_authenticate, body }
    }
}

/// One row of a bad-request table: the request, the status, and where the problem document must say the fault is.
pub struct Bad {
    pub name: &'static str,
    pub call: Call,
    pub status: u16,
    /// The problem's `input` member (`{"in": "body", "pointer": "/cost"}`).
    pub input: Value,
}

/// Sends every row and checks the RFC 9457 answer: status, `application/problem+json`, members, and a detail that
/// names the input.
pub async fn check_problems(base: &str, table: &[Bad]) {
    for row in table {
        let answer = row.call.send(base).await;
        assert_eq!(answer.status, row.status, "{}: {answer:?}", row.name);
        assert_eq!(answer.content_type, "application/problem+json", "{}", row.name);
        let body = &answer.body;
        assert_eq!(body["status"], row.status, "{}: {body}", row.name);
        assert!(body["type"].as_str().is_some_and(|t| t.starts_with("urn:oagen:problem:")), "{}: {body}", row.name);
        assert!(body["title"].as_str().is_some_and(|t| !t.is_empty()), "{}: {body}", row.name);
        assert_eq!(body["input"], row.input, "{}: {body}", row.name);
        let detail = body["detail"].as_str().unwrap_or_default();
        let named =
            row.input.get("name").or_else(|| row.input.get("pointer")).and_then(Value::as_str).unwrap_or_default();
        assert!(detail.contains(named), "{}: detail `{detail}` does not name `{named}`", row.name);
        if row.status == 401 {
            assert!(answer.www_authenticate.is_some(), "{}: 401 without WWW-Authenticate", row.name);
        }
    }
}

/// `{"in": location, "name": name}`.
pub fn param(location: &str, name: &str) -> Value {
    serde_json::json!({ "in": location, "name": name })
}

/// `{"in": "body", "pointer": pointer}`.
pub fn body_at(pointer: &str) -> Value {
    serde_json::json!({ "in": "body", "pointer": pointer })
}

/// A JSON body larger than the default limit (2 MiB).
pub fn oversized(field: &str) -> Vec<u8> {
    format!("{{\"{field}\":\"{}\"}}", "x".repeat(3 * 1024 * 1024)).into_bytes()
}
