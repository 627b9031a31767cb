//! A 100 MB download through the generated client streams in bounded memory: this test binary counts every byte
//! allocated (a global allocator wrapping the system's) and the peak while the download is read stays far below
//! the body's size. Alone in its binary so that no other test's allocations blur the measure.

#[path = "capture.rs"]
mod capture;

#[rustfmt::skip]
#[allow(dead_code, unused_imports, clippy::all)]
#[path = "generated/streams.rs"]
mod api;

use api::client::Client;
use capture::{serve_fixed, Reply};
use oagen_runtime::client::Stream;
use std::alloc::{GlobalAlloc, Layout, System};
use std::future::poll_fn;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system allocator, counting the bytes live now and the most live since the last [`reset_peak`].
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged to the system allocator, with the caller's guarantees.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to the system allocator, with the caller's guarantees.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn reset_peak() -> usize {
    let live = LIVE.load(Ordering::Relaxed);
    PEAK.store(live, Ordering::Relaxed);
    live
}

#[tokio::test]
async fn a_100_mb_download_streams_in_bounded_memory() {
    const SIZE: u64 = 100 << 20;
    let server = serve_fixed(Reply::generated(200, "application/octet-stream", SIZE)).await;
    let client = Client::new(&server.url("")).expect("client");
    let before = reset_peak();
    let download = client.files().download("big").await.expect("the download starts");
    assert_eq!(download.content_length(), Some(SIZE));
    let mut stream = Box::pin(download);
    let (mut read, mut mismatches) = (0u64, 0u64);
    while let Some(chunk) = poll_fn(|cx| stream.as_mut().poll_next(cx)).await {
        let chunk = chunk.expect("a chunk");
        mismatches +=
            chunk.iter().enumerate().filter(|(i, b)| **b != capture::pattern_byte(read + *i as u64)).count() as u64;
        read += chunk.len() as u64;
    }
    let peak = PEAK.load(Ordering::Relaxed) - before;
    assert_eq!((read, mismatches), (SIZE, 0), "every byte, in order");
    assert!(peak < 8 << 20, "the download held {peak} bytes at its peak: it must not be read whole");
}
