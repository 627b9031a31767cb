//! The generated client against hostile servers: how long each call takes, how many requests it makes, and what
//! reaches a second origin.

use super::{client, raw_server, secs, storm_policy};
use healvi_api::types;
use std::fmt::Write as _;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One call of the client (`update` of conversation 7); how long it took and the error's first line.
async fn call(client: &healvi_api::client::Client) -> (Duration, String) {
    let body = types::UpdateConversationBody { status: Some(types::ConversationStatus::Done), ..Default::default() };
    let started = Instant::now();
    let result = client.conversations().update(7, &body).await;
    let outcome = match result {
        Ok(_) => "Ok".to_owned(),
        Err(error) => {
            let text = error.to_string();
            let first: String = text.lines().next().unwrap_or("").chars().take(160).collect();
            first.replace('|', "\\|")
        }
    };
    (started.elapsed(), outcome)
}

const OK: &[u8] = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";

/// The client section of the report.
pub async fn client_section() -> String {
    let mut out = String::from(
        "## The generated client against hostile servers\n\n\
         healvi's client, default settings unless the row says otherwise (60 s per call, 10 s to connect, 2 retries \
         with a 100 ms floor and full jitter, a retry budget of 10 then one per 10 calls), with \
         `with_idempotency_header(\"Idempotency-Key\")` so that its PATCH is retried at all.\n\n\
         | server | client | requests | the call ended after | with |\n|---|---|---|---|---|\n",
    );
    let mut row = |server: &str, setting: &str, requests: usize, took: Duration, outcome: &str| {
        let _ = writeln!(out, "| {server} | {setting} | {requests} | {} | {outcome} |", secs(took));
    };

    let (addr, count) = raw_server(|_, _| None).await;
    let (took, outcome) = call(&client(&format!("http://{addr}")).with_timeout(Duration::from_secs(5))).await;
    row("accepts, reads, never answers", "`with_timeout(5 s)`", count.load(Ordering::SeqCst), took, &outcome);
    let before = count.load(Ordering::SeqCst);
    let (took, outcome) = call(&client(&format!("http://{addr}"))).await;
    row("accepts, reads, never answers", "default", count.load(Ordering::SeqCst) - before, took, &outcome);

    let (addr, count) = raw_server(|_, _| {
        Some(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"id\":".to_vec())
    })
    .await;
    let (took, outcome) = call(&client(&format!("http://{addr}")).with_timeout(Duration::from_secs(5))).await;
    row(
        "sends the head and 6 of 1,000 body bytes, then stalls",
        "`with_timeout(5 s)`",
        count.load(Ordering::SeqCst),
        took,
        &outcome,
    );

    let (addr, count) = raw_server(|_, _| {
        Some(b"HTTP/1.1 503 Service Unavailable\r\nretry-after: 999999999999\r\ncontent-length: 0\r\n\r\n".to_vec())
    })
    .await;
    let (took, outcome) = call(&client(&format!("http://{addr}"))).await;
    row("503 with `Retry-After: 999999999999`", "default", count.load(Ordering::SeqCst), took, &outcome);

    let (addr, count) = raw_server(|_, _| {
        Some(b"HTTP/1.1 429 Too Many Requests\r\nretry-after: 0\r\ncontent-length: 0\r\n\r\n".to_vec())
    })
    .await;
    let storm = client(&format!("http://{addr}")).with_retry_policy(storm_policy());
    let (took, outcome) = call(&storm).await;
    row("429 with `Retry-After: 0`, every time", "`max_retries(1000)`", count.load(Ordering::SeqCst), took, &outcome);
    let before = count.load(Ordering::SeqCst);
    let started = Instant::now();
    for _ in 0..100 {
        let _ = call(&storm).await;
    }
    row(
        "the same, 100 more calls",
        "`max_retries(1000)`, same client",
        count.load(Ordering::SeqCst) - before,
        started.elapsed(),
        "each: the 429 (retries from the budget: 1 per 10 calls)",
    );

    let (addr, count) = raw_server(move |n, _| {
        Some(format!("HTTP/1.1 302 Found\r\nlocation: /loop/{n}\r\ncontent-length: 0\r\n\r\n").into_bytes())
    })
    .await;
    let (took, outcome) = call(&client(&format!("http://{addr}"))).await;
    row("302 to itself, for ever", "default", count.load(Ordering::SeqCst), took, &outcome);

    let (addr, count) = raw_server(|_, _| {
        let mut head = String::from("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n");
        for i in 0..100_000 {
            let _ = write!(head, "x-{i}: y\r\n");
        }
        head.push_str("\r\n{}");
        Some(head.into_bytes())
    })
    .await;
    let (took, outcome) = call(&client(&format!("http://{addr}"))).await;
    row("200 with 100,000 headers", "default", count.load(Ordering::SeqCst), took, &outcome);

    out.push_str(&cross_origin().await);
    out
}

/// A redirect (307, which keeps method and body) to a second origin that records every request it gets.
async fn cross_origin() -> String {
    let seen = Arc::new(Mutex::new(Vec::<String>::new()));
    let recorded = Arc::clone(&seen);
    let (second, second_count) = raw_server(move |_, request| {
        recorded.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(request.to_owned());
        Some(OK.to_vec())
    })
    .await;
    let (first, _) = raw_server(move |_, _| {
        Some(
            format!("HTTP/1.1 307 Temporary Redirect\r\nlocation: http://{second}/stolen\r\ncontent-length: 0\r\n\r\n")
                .into_bytes(),
        )
    })
    .await;
    let (took, outcome) = call(&client(&format!("http://{first}"))).await;
    let requests = second_count.load(Ordering::SeqCst);
    let seen = seen.lock().unwrap_or_else(std::sync::PoisonError::into_inner).join("\n");
    let leaked = ["secret", "authorization", "\"status\":\"done\""]
        .iter()
        .filter(|s| seen.to_ascii_lowercase().contains(*s))
        .count();
    format!(
        "| 307 to another origin (a second server recording what reaches it) | bearer token, JSON body | \
         {requests} at the second origin | {} | {outcome}; of the token, the `Authorization` header and the body, \
         {leaked} reached it |\n",
        secs(took)
    )
}
