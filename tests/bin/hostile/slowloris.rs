//! The generated server against slow clients: a slowloris (connections that send a request head a byte every
//! 2 s) and a trickled body, served by `server::serve` and by `axum::serve`, each in its own child process.

use super::{secs, Child, Run};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// What the slowloris saw.
#[derive(Default)]
struct Tally {
    connected: AtomicUsize,
    failed: AtomicUsize,
    cut: AtomicUsize,
    /// Milliseconds from the start to the last cut.
    last_cut_ms: AtomicUsize,
}

/// One slow client: connects, then sends a request head a byte every 2 s until the server closes or `until`.
async fn slow_client(addr: std::net::SocketAddr, tally: Arc<Tally>, start: Instant, until: Instant) {
    let connect = tokio::time::timeout(Duration::from_secs(3), TcpStream::connect(addr)).await;
    let Ok(Ok(mut stream)) = connect else {
        tally.failed.fetch_add(1, Ordering::SeqCst);
        return;
    };
    tally.connected.fetch_add(1, Ordering::SeqCst);
    let head =
        b"PATCH /conversations/7 HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    let mut probe = [0u8; 256];
    for byte in head.iter().cycle() {
        if Instant::now() >= until {
            return;
        }
        if stream.write_all(&[*byte]).await.is_err() {
            break;
        }
        tokio::select! {
            read = stream.read(&mut probe) => {
                if matches!(read, Ok(0) | Err(_)) {
                    break;
                }
            }
            () = tokio::time::sleep(Duration::from_secs(2)) => {}
        }
    }
    tally.cut.fetch_add(1, Ordering::SeqCst);
    let ms = usize::try_from(start.elapsed().as_millis()).unwrap_or(usize::MAX);
    tally.last_cut_ms.fetch_max(ms, Ordering::SeqCst);
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or_else(|| "?".to_owned(), |k| format!("{:.0} MB", k as f64 / 1024.0))
}

/// One slowloris of `n` connections against a fresh child server `kind`, for `hold`; a table row.
async fn slowloris(kind: &str, n: usize, hold: Duration) -> String {
    let child = Child::start(kind);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let idle = child.rss_kib();
    let tally = Arc::new(Tally::default());
    let start = Instant::now();
    let until = start + hold;
    let mut clients = Vec::with_capacity(n);
    for _ in 0..n {
        clients.push(tokio::spawn(slow_client(child.addr, Arc::clone(&tally), start, until)));
    }
    tokio::time::sleep(Duration::from_secs(5)).await;
    let during = child.rss_kib();
    let open_at_5 = tally.connected.load(Ordering::SeqCst) - tally.cut.load(Ordering::SeqCst);
    tokio::time::sleep(hold.saturating_sub(Duration::from_secs(4))).await;
    let open_at_end = tally.connected.load(Ordering::SeqCst) - tally.cut.load(Ordering::SeqCst);
    let late = child.rss_kib();
    for client in clients {
        let _ = client.await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = child.rss_kib();
    let cut = tally.cut.load(Ordering::SeqCst);
    let last = Duration::from_millis(tally.last_cut_ms.load(Ordering::SeqCst) as u64);
    format!(
        "| {} | {n} | {} connected, {} not within 3 s | {open_at_5} | {open_at_end} | {} | {} | {} | {} | {} |\n",
        if kind == "oagen" { "`server::serve`" } else { "`axum::serve`" },
        tally.connected.load(Ordering::SeqCst),
        tally.failed.load(Ordering::SeqCst),
        if kind == "oagen" {
            format!("{cut}, the last at {}", secs(last))
        } else {
            format!("{cut} (by the client, at the end)")
        },
        mib(idle),
        mib(during),
        mib(late),
        mib(after),
    )
}

/// A request with `Content-Length: 100` whose body comes a byte every 2 s; what the server answered and when.
async fn trickled_body(kind: &str, give_up: Duration) -> String {
    let child = Child::start(kind);
    let mut stream = TcpStream::connect(child.addr).await.expect("connect");
    let head = "PATCH /conversations/7 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n\
                Content-Type: application/json\r\nContent-Length: 100\r\n\r\n";
    let _ = stream.write_all(head.as_bytes()).await;
    let start = Instant::now();
    let mut answer = Vec::new();
    let mut probe = [0u8; 4096];
    while start.elapsed() < give_up {
        if stream.write_all(b" ").await.is_err() {
            break;
        }
        tokio::select! {
            read = stream.read(&mut probe) => match read {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&probe[..n]),
            },
            () = tokio::time::sleep(Duration::from_secs(2)) => {}
        }
    }
    let text = String::from_utf8_lossy(&answer);
    let status = text.lines().next().unwrap_or("").to_owned();
    let outcome = if status.is_empty() {
        format!("no answer, still reading when the client gave up after {}", secs(start.elapsed()))
    } else {
        format!("`{status}` after {}, connection closed", secs(start.elapsed()))
    };
    format!("| {} | {outcome} |\n", if kind == "oagen" { "`server::serve`" } else { "`axum::serve`" })
}

/// The server section of the report.
pub async fn server_section(run: &Run) -> String {
    let n = if run.quick { 2000 } else { 8000 };
    let hold = Duration::from_secs(if run.quick { 14 } else { 20 });
    let mut out = format!(
        "\n## The generated server against slow clients\n\n\
         healvi's example server code in a child process (its memory is `VmRSS`). {n} connections each send a \
         request head a byte every 2 s, for {} (the client ends them then). Default `Limits`: header read 10 s, \
         body read 30 s, 1,024 connections.\n\n\
         | served by | connections | connect | open at 5 s | open at the end | cut by the server | RSS idle | \
         RSS at 5 s | RSS at the end | RSS 2 s after |\n|---|---|---|---|---|---|---|---|---|---|\n",
        secs(hold)
    );
    out.push_str(&slowloris("axum", n, hold).await);
    out.push_str(&slowloris("oagen", n, hold).await);
    let give_up = Duration::from_secs(40);
    let _ =
        write!(out, "\nA body of 100 bytes sent a byte every 2 s (the client gives up after {}):\n\n", secs(give_up));
    out.push_str("| served by | outcome |\n|---|---|\n");
    let (axum, oagen) = tokio::join!(trickled_body("axum", give_up), trickled_body("oagen", give_up));
    out.push_str(&axum);
    out.push_str(&oagen);
    out
}
