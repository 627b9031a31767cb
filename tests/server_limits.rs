//! `oagen_runtime::server::serve` against slow and idle clients, on raw TCP (healvi's generated server): a request
//! head trickled a byte at a time is cut off at the header-read timeout, an idle keep-alive connection is closed at
//! it too, a body trickled a byte at a time is answered 408 at the body-read timeout, connections beyond the limit
//! wait in the backlog until one closes, and a graceful shutdown lets the request in flight finish. The same
//! slowloris against `axum::serve`, which is what the example servers used before, keeps its connection open.

use healvi_api::server::{self, update_conversation};
use healvi_api::types;
use oagen_runtime::server::Limits;
use std::future::IntoFuture;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Answers every update with the conversation it names.
#[derive(Clone, Default)]
struct Echo;

impl server::Api for Echo {
    async fn update_conversation(&self, request: update_conversation::Request) -> update_conversation::Response {
        update_conversation::Response::Ok(types::Conversation { id: Some(request.id), ..Default::default() })
    }
}

/// Short limits, so that the tests take seconds.
fn limits() -> Limits {
    Limits::default()
        .header_read_timeout(Duration::from_millis(600))
        .body_read_timeout(Duration::from_millis(600))
        .max_connections(8)
}

async fn serve(limits: Limits) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(oagen_runtime::server::serve(listener, server::router(Echo)).limits(limits).into_future());
    addr
}

const UPDATE: &str = "PATCH /conversations/7 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n\
                      Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";

/// Writes `bytes` one at a time, `every` apart, until the peer closes (or all are written); returns whether the
/// peer closed, and what it sent meanwhile.
async fn trickle(stream: &mut TcpStream, bytes: &[u8], every: Duration) -> (bool, String) {
    let mut received = Vec::new();
    for byte in bytes {
        if stream.write_all(&[*byte]).await.is_err() {
            return (true, String::from_utf8_lossy(&received).into_owned());
        }
        tokio::time::sleep(every).await;
        // A closed connection reads as end of stream (or a reset) at once.
        let mut probe = [0u8; 4096];
        match tokio::time::timeout(Duration::from_millis(1), stream.read(&mut probe)).await {
            Ok(Ok(0) | Err(_)) => return (true, String::from_utf8_lossy(&received).into_owned()),
            Ok(Ok(n)) => received.extend_from_slice(&probe[..n]),
            Err(_) => {}
        }
    }
    (false, String::from_utf8_lossy(&received).into_owned())
}

/// Reads until the peer closes (or `within` passes); returns what arrived and whether it closed.
async fn read_to_close(stream: &mut TcpStream, within: Duration) -> (String, bool) {
    let mut all = Vec::new();
    let closed = tokio::time::timeout(within, stream.read_to_end(&mut all)).await.is_ok();
    (String::from_utf8_lossy(&all).into_owned(), closed)
}

#[tokio::test]
async fn a_trickled_request_head_is_cut_off_at_the_header_read_timeout() {
    let addr = serve(limits()).await;
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let started = Instant::now();
    let head = b"GET /conversations HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n";
    let (closed, answer) = trickle(&mut stream, head, Duration::from_millis(50)).await;
    let took = started.elapsed();
    assert!(closed, "the connection outlived {took:?} of trickling");
    assert_eq!(answer, "", "a late head gets no answer");
    assert!(took >= Duration::from_millis(550) && took < Duration::from_secs(3), "cut off after {took:?}");
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_at_the_header_read_timeout() {
    let addr = serve(limits()).await;
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(UPDATE.as_bytes()).await.expect("write");
    let mut first = [0u8; 4096];
    let n = stream.read(&mut first).await.expect("the answer");
    assert!(String::from_utf8_lossy(&first[..n]).starts_with("HTTP/1.1 200"), "{}", String::from_utf8_lossy(&first));
    let idle = Instant::now();
    let (_, closed) = read_to_close(&mut stream, Duration::from_secs(5)).await;
    let took = idle.elapsed();
    assert!(closed, "an idle connection stayed open");
    assert!(took >= Duration::from_millis(500) && took < Duration::from_secs(3), "closed after {took:?}");
}

#[tokio::test]
async fn a_trickled_body_is_answered_408_at_the_body_read_timeout() {
    let addr = serve(limits()).await;
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let head = "PATCH /conversations/7 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n\
                Content-Type: application/json\r\nContent-Length: 100\r\n\r\n";
    stream.write_all(head.as_bytes()).await.expect("head");
    let started = Instant::now();
    let (closed, mut answer) = trickle(&mut stream, &[b' '; 100], Duration::from_millis(50)).await;
    let took = started.elapsed();
    answer.push_str(&read_to_close(&mut stream, Duration::from_secs(5)).await.0);
    assert!(closed, "the connection stayed open after the 408");
    assert!(took >= Duration::from_millis(550) && took < Duration::from_secs(3), "the body was read for {took:?}");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("urn:oagen:problem:body-timeout"), "{answer}");
}

#[tokio::test]
async fn connections_beyond_the_limit_wait_until_one_closes() {
    let addr = serve(limits().max_connections(2).header_read_timeout(Duration::from_millis(800))).await;
    // Two connections that send nothing hold both places until the header-read timeout closes them.
    let mut idle = Vec::new();
    for _ in 0..2 {
        idle.push(TcpStream::connect(addr).await.expect("connect"));
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    let mut third = TcpStream::connect(addr).await.expect("the kernel accepts into the backlog");
    third.write_all(UPDATE.as_bytes()).await.expect("write");
    let mut answer = [0u8; 4096];
    let n =
        tokio::time::timeout(Duration::from_secs(5), third.read(&mut answer)).await.expect("an answer").expect("read");
    let took = started.elapsed();
    assert!(String::from_utf8_lossy(&answer[..n]).starts_with("HTTP/1.1 200"));
    assert!(took >= Duration::from_millis(500), "the third connection was served at once ({took:?}), past the limit");
    for mut stream in idle {
        assert!(read_to_close(&mut stream, Duration::from_secs(1)).await.1, "an idle connection stayed open");
    }
}

#[tokio::test]
async fn a_graceful_shutdown_finishes_the_request_in_flight_then_ends() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(
        oagen_runtime::server::serve(listener, server::router(Echo))
            .limits(limits())
            .with_graceful_shutdown(async move { drop(stopped.await) })
            .into_future(),
    );
    // A request whose body is still on its way when the signal comes.
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let (head, body) = UPDATE.split_at(UPDATE.len() - 2);
    stream.write_all(head.as_bytes()).await.expect("head");
    tokio::time::sleep(Duration::from_millis(100)).await;
    stop.send(()).expect("the server listens for the signal");
    tokio::time::sleep(Duration::from_millis(100)).await;
    stream.write_all(body.as_bytes()).await.expect("body");
    let (answer, closed) = read_to_close(&mut stream, Duration::from_secs(3)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(closed, "the connection stayed open after the shutdown");
    tokio::time::timeout(Duration::from_secs(3), server).await.expect("the server ended").expect("no panic");
    assert!(TcpStream::connect(addr).await.is_err(), "the listener is closed");
}

/// The finding this file answers: served by `axum::serve` (what the example servers used), the same slowloris
/// keeps its connection for as long as it trickles.
#[tokio::test]
async fn axum_serve_alone_keeps_a_trickled_head_open() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, server::router(Echo)).await });
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let head = b"GET /conversations HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n";
    assert!(!trickle(&mut stream, head, Duration::from_millis(50)).await.0, "axum::serve closed a slow connection");
}
