//! A tiny HTTP/1.1 server on 127.0.0.1 for client tests: it records every request exactly as it arrived on the
//! socket (request line, headers in order and spelling, body bytes) and answers with a reply chosen per request.
//! Raw TCP on purpose: nothing between the client and the assertions normalises anything.

#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Captured {
    /// Everything before the blank line, as sent (CRLFs turned into `\n`, `Host`'s port replaced by `PORT`).
    pub head: String,
    /// The body bytes.
    pub body: Vec<u8>,
    /// When the request's head arrived.
    pub at: Instant,
}

impl Captured {
    /// The request line, e.g. `PATCH /interactions/1 HTTP/1.1`.
    pub fn request_line(&self) -> &str {
        self.head.lines().next().unwrap_or_default()
    }

    /// The request target (path and query).
    pub fn target(&self) -> &str {
        self.request_line().split(' ').nth(1).unwrap_or_default()
    }

    /// The value of header `name` (case-insensitive), as sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head
            .lines()
            .skip(1)
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    }

    /// The request path, without the query.
    pub fn path(&self) -> &str {
        self.target().split('?').next().unwrap_or_default()
    }

    /// The body as text.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// What the server answers.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait this long before answering (for timeouts).
    pub delay: Duration,
    /// Close the connection without answering (a connection reset as the client sees it).
    pub hang_up: bool,
    /// Send no `content-length`: the body ends when the connection closes.
    pub unsized_body: bool,
}

impl Reply {
    /// A JSON reply.
    pub fn json(status: u16, body: &str) -> Self {
        Reply {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
            delay: Duration::ZERO,
            hang_up: false,
            unsized_body: false,
        }
    }

    /// No reply: the connection is closed after the request is read.
    pub fn hang_up() -> Self {
        Reply { hang_up: true, ..Reply::json(500, "") }
    }

    /// A reply with another content type.
    pub fn with(status: u16, content_type: &str, body: &str) -> Self {
        Reply {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.as_bytes().to_vec(),
            delay: Duration::ZERO,
            hang_up: false,
            unsized_body: false,
        }
    }

    /// The same reply without `content-length` (the body ends with the connection).
    pub fn unsized_body(mut self) -> Self {
        self.unsized_body = true;
        self
    }

    /// The same reply after `delay`.
    pub fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// An extra header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// A running server.
pub struct Server {
    pub port: u16,
    requests: Arc<Mutex<Vec<Captured>>>,
}

impl Server {
    /// The base URL, `http://127.0.0.1:<port>` plus `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Captured> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// The only request received; fails the test when there was not exactly one.
    pub fn only_request(&self) -> Captured {
        let all = self.requests();
        assert_eq!(all.len(), 1, "expected exactly one request, got {all:#?}");
        all[0].clone()
    }
}

/// Starts a server that answers every request with `reply(&request)`.
pub async fn serve(reply: impl Fn(&Captured) -> Reply + Send + Sync + 'static) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
    let port = listener.local_addr().expect("local addr").port();
    let requests = Arc::new(Mutex::new(Vec::new()));
    let reply = Arc::new(reply);
    let store = requests.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let (store, reply) = (store.clone(), reply.clone());
            tokio::spawn(async move {
                let _ = handle(stream, port, &store, &*reply).await;
            });
        }
    });
    Server { port, requests }
}

/// Starts a server that answers the n-th request with `replies[n]` (the last one again after the end).
pub async fn serve_script(replies: Vec<Reply>) -> Server {
    let next = AtomicUsize::new(0);
    serve(move |_| {
        let n = next.fetch_add(1, Ordering::SeqCst);
        replies.get(n).or(replies.last()).cloned().unwrap_or_else(|| Reply::json(500, "no reply scripted"))
    })
    .await
}

/// Starts a server that always gives the same reply.
pub async fn serve_fixed(reply: Reply) -> Server {
    serve(move |_| reply.clone()).await
}

async fn handle(
    mut stream: TcpStream,
    port: u16,
    store: &Mutex<Vec<Captured>>,
    reply: &(dyn Fn(&Captured) -> Reply + Send + Sync),
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let at = Instant::now();
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let length: usize = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    let captured =
        Captured { head: head.replace("\r\n", "\n").replace(&format!("127.0.0.1:{port}"), "127.0.0.1:PORT"), body, at };
    if let Ok(mut all) = store.lock() {
        all.push(captured.clone());
    }
    let r = reply(&captured);
    tokio::time::sleep(r.delay).await;
    if r.hang_up {
        return stream.shutdown().await;
    }
    let mut out = match r.unsized_body {
        true => format!("HTTP/1.1 {} X\r\nconnection: close\r\n", r.status),
        false => format!("HTTP/1.1 {} X\r\ncontent-length: {}\r\nconnection: close\r\n", r.status, r.body.len()),
    };
    for (k, v) in &r.headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(&r.body);
    stream.write_all(&bytes).await?;
    stream.shutdown().await
}
