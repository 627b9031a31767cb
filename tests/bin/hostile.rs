//! The hostile-peer figures of `docs/hostile.md`, re-measured: `scripts/hostile.sh` (release build; about three
//! minutes; `--write` rewrites the document, `--quick` shortens the slowloris and the load runs).
//!
//! Against the generated client (healvi's): a server that accepts and never answers, one that stalls mid-body, a
//! `Retry-After` of 31,000 years, a 429 storm with `Retry-After: 0` and 1,000 retries allowed, a redirect loop, a
//! response with 100,000 headers, and a redirect to a second origin that records what reaches it. Against the
//! generated server (healvi's, in a child process so that its memory is its own): 8,000 slowloris connections
//! and a trickled body, served by `server::serve` and by `axum::serve`. Then load: the generated server against a
//! hand-written axum server doing the same decode and encode, same run, same load generator.

use healvi_api::client::{Client, RetryPolicy};
use healvi_api::server::{self, update_conversation};
use healvi_api::types;
use std::fmt::Write as _;
use std::future::IntoFuture;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[path = "hostile/load.rs"]
mod load;
#[path = "hostile/peers.rs"]
mod peers;
#[path = "hostile/slowloris.rs"]
mod slowloris;

/// The handler every server here runs: the conversation named, with the status the body sets.
#[derive(Clone, Default)]
pub struct Echo;

impl server::Api for Echo {
    async fn update_conversation(&self, request: update_conversation::Request) -> update_conversation::Response {
        update_conversation::Response::Ok(types::Conversation {
            id: Some(request.id),
            status: request.body.status,
            ..Default::default()
        })
    }
}

/// The same operation written by hand with axum: bearer token required, a JSON body (by `Content-Type`) decoded,
/// the JSON answer encoded (what `axum::Json` does, written out: this workspace's axum has no `json` feature).
pub fn hand_written() -> axum::Router {
    use axum::extract::Path;
    use axum::http::{header, HeaderMap, StatusCode};
    use axum::response::IntoResponse;
    async fn update(Path(id): Path<i64>, headers: HeaderMap, body: axum::body::Bytes) -> axum::response::Response {
        let text = |name| headers.get(name).and_then(|v: &axum::http::HeaderValue| v.to_str().ok());
        if text(header::AUTHORIZATION).and_then(|v| v.strip_prefix("Bearer ")).is_none_or(str::is_empty) {
            return StatusCode::UNAUTHORIZED.into_response();
        }
        if !text(header::CONTENT_TYPE).is_some_and(|v| v.starts_with("application/json")) {
            return StatusCode::UNSUPPORTED_MEDIA_TYPE.into_response();
        }
        let Ok(body) = serde_json::from_slice::<types::UpdateConversationBody>(&body) else {
            return StatusCode::UNPROCESSABLE_ENTITY.into_response();
        };
        let answer = types::Conversation { id: Some(id), status: body.status, ..Default::default() };
        match serde_json::to_vec(&answer) {
            Ok(bytes) => ([(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
            Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        }
    }
    axum::Router::new().route("/conversations/{id}", axum::routing::patch(update))
}

/// Which server a child process runs.
fn child_server(kind: &str) -> Option<axum::Router> {
    match kind {
        "oagen" | "axum" => Some(server::router(Echo)),
        "hand" => Some(hand_written()),
        _ => None,
    }
}

/// Child mode: `hostile serve oagen|axum|hand`: serves on 127.0.0.1:0 (the port on stdout), until killed.
async fn serve_child(kind: &str) {
    let Some(app) = child_server(kind) else {
        eprintln!("unknown server {kind}");
        std::process::exit(2);
    };
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    println!("{}", listener.local_addr().expect("address").port());
    if kind == "oagen" {
        server::serve(listener, app).await;
    } else {
        let _ = axum::serve(listener, app).await;
    }
}

/// A server in a child process of this binary, killed when dropped.
pub struct Child {
    process: std::process::Child,
    /// Where it listens.
    pub addr: SocketAddr,
}

impl Child {
    /// Starts `hostile serve <kind>` and waits for its port.
    pub fn start(kind: &str) -> Child {
        use std::io::BufRead;
        let mut process = std::process::Command::new(std::env::current_exe().expect("this binary"))
            .args(["serve", kind])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("a child server");
        let mut line = String::new();
        let stdout = process.stdout.take().expect("its stdout");
        std::io::BufReader::new(stdout).read_line(&mut line).expect("its port");
        let port: u16 = line.trim().parse().expect("a port");
        Child { process, addr: SocketAddr::from(([127, 0, 0, 1], port)) }
    }

    /// Its resident memory, from `/proc` (Linux), in KiB.
    pub fn rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.process.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// Options of a run.
pub struct Run {
    /// Shorter slowloris and load runs.
    pub quick: bool,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a runtime");
    if args.first().map(String::as_str) == Some("serve") {
        runtime.block_on(serve_child(args.get(1).map_or("", String::as_str)));
        return;
    }
    let run = Run { quick: args.iter().any(|a| a == "--quick") };
    // `--only client|server|load`: one section.
    let only = args.iter().position(|a| a == "--only").and_then(|i| args.get(i + 1).cloned());
    let wanted = |section: &str| only.as_deref().is_none_or(|o| o == section);
    let write = args.iter().position(|a| a == "--write").map(|i| args.get(i + 1).cloned().unwrap_or_default());
    let mut report = String::new();
    let started = Instant::now();
    runtime.block_on(async {
        if wanted("client") {
            report.push_str(&peers::client_section().await);
        }
        if wanted("server") {
            report.push_str(&slowloris::server_section(&run).await);
        }
        if wanted("load") {
            report.push_str(&load::load_section(&run).await);
        }
    });
    let _ = writeln!(report, "\nThe run took {:.0} s.", started.elapsed().as_secs_f64());
    print!("{report}");
    if let Some(path) = write {
        let template = std::fs::read_to_string(&path).unwrap_or_default();
        let marker = "<!-- measured -->";
        let head = template.split(marker).next().unwrap_or("");
        std::fs::write(&path, format!("{head}{marker}\n{report}")).expect("write the report");
    }
}

/// A client of `base` with a bearer token, whose PATCH calls carry an idempotency key and so are retried.
pub fn client(base: &str) -> Client {
    Client::new(base).expect("a client").with_bearer_token("secret").with_idempotency_header("Idempotency-Key")
}

/// The retry policy of the storm: 1,000 retries allowed.
pub fn storm_policy() -> RetryPolicy {
    RetryPolicy::default().with_max_retries(1000).with_min_delay(Duration::from_millis(1))
}

/// A raw HTTP/1.1 server on 127.0.0.1:0 answering each connection with `answer` (given the request count so far
/// and the request text), counting requests; `None` means: accept, read, and never answer.
pub async fn raw_server(
    answer: impl Fn(usize, &str) -> Option<Vec<u8>> + Send + Sync + 'static,
) -> (SocketAddr, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    let count = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&count);
    let answer = Arc::new(answer);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let count = Arc::clone(&counted);
            let answer = Arc::clone(&answer);
            tokio::spawn(async move {
                let mut held = Vec::new();
                loop {
                    let Some(request) = read_request(&mut stream).await else { return };
                    let n = count.fetch_add(1, Ordering::SeqCst) + 1;
                    match answer(n, &request) {
                        Some(bytes) => {
                            if stream.write_all(&bytes).await.is_err() {
                                return;
                            }
                        }
                        None => {
                            // Hold the connection open without a word.
                            held.push(());
                            tokio::time::sleep(Duration::from_secs(3600)).await;
                        }
                    }
                }
            });
        }
    });
    (addr, count)
}

/// One request's head and body (by `Content-Length`), as text; `None` at the end of the stream.
async fn read_request(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).await.ok()? == 0 {
            return None;
        }
        buf.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&buf).into_owned();
    let length = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().unwrap_or(0)))
        .unwrap_or(0usize);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).await.ok()?;
    Some(format!("{head}{}", String::from_utf8_lossy(&body)))
}

/// `elapsed` in seconds with one decimal.
pub fn secs(elapsed: Duration) -> String {
    format!("{:.1} s", elapsed.as_secs_f64())
}

/// Serves the generated server in this process (for the client-side tests that need a real one).
pub async fn in_process() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(server::serve(listener, server::router(Echo)).into_future());
    addr
}
