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
    /// Send the body in these chunks (`transfer-encoding: chunked`, after `body`), each once its gate (if any) is
    /// open; a chunk whose gate never opens keeps the connection open without an end.
    pub chunks: Vec<(Option<Gate>, Vec<u8>)>,
    /// Send this many bytes of a repeating pattern (see [`pattern_byte`]) as the body, with a `content-length`,
    /// written 64 KiB at a time (never held whole).
    pub generated: Option<u64>,
}

/// A gate a chunked reply waits on: it sends the chunk behind it once [`Gate::open`] is called.
#[derive(Debug, Clone)]
pub struct Gate(Arc<tokio::sync::Semaphore>);

impl Gate {
    /// A closed gate.
    pub fn new() -> Self {
        Gate(Arc::new(tokio::sync::Semaphore::new(0)))
    }

    /// Lets the chunk behind it go.
    pub fn open(&self) {
        self.0.add_permits(1);
    }

    async fn pass(&self) {
        if let Ok(permit) = self.0.acquire().await {
            permit.forget();
        }
    }
}

impl Default for Gate {
    fn default() -> Self {
        Gate::new()
    }
}

/// The byte at `offset` of a [`Reply::generated`] body.
pub fn pattern_byte(offset: u64) -> u8 {
    (offset % 251) as u8
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
            chunks: Vec::new(),
            generated: None,
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
            chunks: Vec::new(),
            generated: None,
        }
    }

    /// A `transfer-encoding: chunked` reply with no chunks yet (add them with [`Reply::chunk`]).
    pub fn chunked(status: u16, content_type: &str) -> Self {
        Reply::with(status, content_type, "")
    }

    /// One more chunk, sent once `gate` (if any) is open.
    pub fn chunk(mut self, gate: Option<&Gate>, data: &str) -> Self {
        self.chunks.push((gate.cloned(), data.as_bytes().to_vec()));
        self
    }

    /// A reply of `length` bytes of a repeating pattern ([`pattern_byte`]), never held whole.
    pub fn generated(status: u16, content_type: &str, length: u64) -> Self {
        Reply { generated: Some(length), ..Reply::with(status, content_type, "") }
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
    let framing = if !r.chunks.is_empty() {
        "transfer-encoding: chunked\r\n".to_owned()
    } else if let Some(length) = r.generated {
        format!("content-length: {length}\r\n")
    } else if r.unsized_body {
        String::new()
    } else {
        format!("content-length: {}\r\n", r.body.len())
    };
    let mut out = format!("HTTP/1.1 {} X\r\n{framing}connection: close\r\n", r.status);
    for (k, v) in &r.headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    if !r.chunks.is_empty() {
        stream.write_all(&bytes).await?;
        for (gate, data) in [(None, r.body.clone())].into_iter().chain(r.chunks.iter().cloned()) {
            if let Some(gate) = gate {
                gate.pass().await;
            }
            if data.is_empty() {
                continue;
            }
            stream.write_all(format!("{:x}\r\n", data.len()).as_bytes()).await?;
            stream.write_all(&data).await?;
            stream.write_all(b"\r\n").await?;
            stream.flush().await?;
        }
        stream.write_all(b"0\r\n\r\n").await?;
        return stream.shutdown().await;
    }
    if let Some(length) = r.generated {
        stream.write_all(&bytes).await?;
        let mut block = vec![0u8; 64 << 10];
        let mut sent = 0u64;
        while sent < length {
            let n = block.len().min((length - sent) as usize);
            for (i, b) in block[..n].iter_mut().enumerate() {
                *b = pattern_byte(sent + i as u64);
            }
            stream.write_all(&block[..n]).await?;
            sent += n as u64;
        }
        return stream.shutdown().await;
    }
    bytes.extend_from_slice(&r.body);
    stream.write_all(&bytes).await?;
    stream.shutdown().await
}
