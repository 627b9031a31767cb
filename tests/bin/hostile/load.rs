//! Load: requests per second of the generated server (through `server::serve` and through `axum::serve`) and of a
//! hand-written axum server doing the same decode and encode, each in a child process, driven by the same
//! keep-alive load generator in this process, in alternating rounds of one run.

use super::{Child, Run};
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const REQUEST: &[u8] = b"PATCH /conversations/42 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer secret\r\n\
                         Content-Type: application/json\r\nContent-Length: 32\r\n\r\n{\"status\":\"done\",\"user_id\":1234}";

/// Reads one response from `stream` (head, then `Content-Length` bytes), keeping what follows in `buf`; whether
/// it was a 200.
async fn response(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<bool> {
    let mut chunk = [0u8; 8192];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:").map(|v| v.trim().parse().unwrap_or(0)))
                .unwrap_or(0);
            let total = end + 4 + length;
            while buf.len() < total {
                let n = stream.read(&mut chunk).await.ok()?;
                if n == 0 {
                    return None;
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            let ok = head.starts_with("http/1.1 200");
            buf.drain(..total);
            return Some(ok);
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// `connections` keep-alive connections sending [`REQUEST`] one after the other for `time`; 200s per second.
async fn drive(addr: SocketAddr, connections: usize, time: Duration) -> f64 {
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicUsize::new(0));
    let bad = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (stop, done, bad) = (Arc::clone(&stop), Arc::clone(&done), Arc::clone(&bad));
        tasks.push(tokio::spawn(async move {
            let Ok(mut stream) = TcpStream::connect(addr).await else { return };
            let _ = stream.set_nodelay(true);
            let mut buf = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                if stream.write_all(REQUEST).await.is_err() {
                    return;
                }
                match response(&mut stream, &mut buf).await {
                    Some(true) => done.fetch_add(1, Ordering::Relaxed),
                    Some(false) => bad.fetch_add(1, Ordering::Relaxed),
                    None => return,
                };
            }
        }));
    }
    let started = tokio::time::Instant::now();
    tokio::time::sleep(time).await;
    stop.store(true, Ordering::Relaxed);
    let elapsed = started.elapsed();
    let count = done.load(Ordering::Relaxed);
    for task in tasks {
        let _ = task.await;
    }
    assert_eq!(bad.load(Ordering::Relaxed), 0, "a server answered something else than 200");
    count as f64 / elapsed.as_secs_f64()
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The load section of the report.
pub async fn load_section(run: &Run) -> String {
    let rounds = if run.quick { 1 } else { 5 };
    let time = Duration::from_secs(if run.quick { 3 } else { 6 });
    let connections = 32;
    let kinds = [
        ("hand", "hand-written axum handler, `axum::serve`"),
        ("axum", "generated, `axum::serve`"),
        ("oagen", "generated, `server::serve`"),
    ];
    let mut rates: Vec<Vec<f64>> = vec![Vec::new(); kinds.len()];
    for _ in 0..rounds {
        for (i, (kind, _)) in kinds.iter().enumerate() {
            let child = Child::start(kind);
            // Warm-up: connections, allocator, caches.
            drive(child.addr, connections, Duration::from_millis(500)).await;
            rates[i].push(drive(child.addr, connections, time).await);
        }
    }
    let hand = median(&mut rates[0].clone());
    let mut out = format!(
        "\n## Load: the generated server against a hand-written one\n\n\
         `PATCH /conversations/42` with a bearer token and a JSON body, answered 200 with the conversation as JSON. \
         The hand-written server decodes the body with serde_json into the same `UpdateConversationBody` \
         and encodes the same `Conversation`; the generated one also checks the body against the spec's schema first. \
         {connections} keep-alive connections from this process, {rounds} alternating round(s) of {} s per server, \
         median and range.\n\n| server | requests/s (median) | range | against hand-written |\n|---|---|---|---|\n",
        time.as_secs()
    );
    for (i, (_, label)) in kinds.iter().enumerate() {
        let values = &mut rates[i];
        let m = median(values);
        let (low, high) = (values[0], values[values.len() - 1]);
        let _ = writeln!(out, "| {label} | {m:.0} | {low:.0}–{high:.0} | {:.2}× |", m / hand);
    }
    out
}
