//! When a call is sent again: [`RetryPolicy`] (how often, after which failures, how long to wait), the
//! [`RetryBudget`] a client's calls share (so that a storm of failures cannot multiply the load), the
//! `Retry-After` header, and the random numbers behind jitter and idempotency keys.

use reqwest::header::HeaderMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

/// How a client retries a call that failed in a way that may pass on a second try.
///
/// [`RetryPolicy::default`]: up to 2 retries (3 requests) after a connection error or a 408, 429, 502, 503 or 504,
/// waiting with exponential backoff (a random wait between 0.1 s and a bound of 0.5 s that doubles on each retry, at
/// most 8 s: full jitter above a floor), after at least what the response's `Retry-After` asks for (in seconds or as
/// an HTTP date, at most 60 s; the backoff comes on top, so that `Retry-After: 0` cannot make a tight loop and the
/// clients a server paused do not all come back at once). Only requests that are safe to repeat are retried: GET,
/// HEAD, OPTIONS, TRACE, PUT and DELETE, and POST or PATCH when they carry an idempotency key; and only as far as
/// the call's deadline and the client's [`RetryBudget`] allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    min_delay: Duration,
    initial_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
    statuses: Vec<u16>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            min_delay: Duration::from_millis(100),
            initial_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
            statuses: vec![408, 429, 502, 503, 504],
        }
    }
}

impl RetryPolicy {
    /// Never retries.
    pub fn none() -> Self {
        RetryPolicy { max_retries: 0, ..RetryPolicy::default() }
    }

    /// Retries at most `n` times (`n + 1` requests).
    pub fn with_max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// The least any wait is, whatever `Retry-After` says (default 0.1 s).
    pub fn with_min_delay(mut self, delay: Duration) -> Self {
        self.min_delay = delay;
        self
    }

    /// The upper bound of the first wait; it doubles on each retry.
    pub fn with_initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// The most the backoff waits.
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The most a `Retry-After` header makes the client wait (a longer one is cut to this).
    pub fn with_max_retry_after(mut self, delay: Duration) -> Self {
        self.max_retry_after = delay;
        self
    }

    /// The statuses retried (default 408, 429, 502, 503, 504).
    pub fn with_statuses(mut self, statuses: impl IntoIterator<Item = u16>) -> Self {
        self.statuses = statuses.into_iter().collect();
        self
    }

    /// How many retries at most.
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }

    /// Whether a response with `status` is retried.
    pub fn retries_status(&self, status: u16) -> bool {
        self.statuses.contains(&status)
    }

    /// How long to wait before retry number `retry` (1 for the first): the backoff, a random duration between
    /// the floor and `initial * 2^(retry-1)` (capped at the maximum), after the response's `Retry-After` (capped)
    /// when it has one.
    pub fn delay(&self, retry: u32, headers: Option<&HeaderMap>) -> Duration {
        let asked = headers.and_then(retry_after).map_or(Duration::ZERO, |after| after.min(self.max_retry_after));
        asked.saturating_add(self.backoff(retry))
    }

    /// The `Retry-After` a response asks for, uncapped: what a call that cannot wait that long reports.
    pub(crate) fn asked(&self, headers: Option<&HeaderMap>) -> Option<Duration> {
        headers.and_then(retry_after)
    }

    fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry.saturating_sub(1)).unwrap_or(u32::MAX);
        let ceiling = self.initial_delay.saturating_mul(factor).min(self.max_delay).max(self.min_delay);
        let span = u64::try_from((ceiling - self.min_delay).as_nanos()).unwrap_or(u64::MAX);
        let jitter = match span.checked_add(1) {
            Some(bound) => Duration::from_nanos(random() % bound),
            None => Duration::from_nanos(span),
        };
        self.min_delay.saturating_add(jitter)
    }
}

/// How many retries the calls of one client may send between them: a token bucket that every call fills by a
/// fraction of a token and every retry empties by one, so that over time retries are at most that fraction of the
/// calls (plus a burst), however many fail. A storm of 429s or a dead server then costs the server little more
/// than the calls themselves. [`RetryBudget::default`]: a burst of 10 retries, then one retry per 10 calls (the
/// ratio of gRPC's retry throttling and the AWS SDKs' budgets). Clones share one bucket.
#[derive(Debug, Clone)]
pub struct RetryBudget {
    bucket: std::sync::Arc<Bucket>,
}

#[derive(Debug)]
struct Bucket {
    /// Milli-tokens: 1,000 is one retry.
    tokens: AtomicU64,
    capacity: u64,
    per_call: u64,
}

impl Default for RetryBudget {
    fn default() -> Self {
        RetryBudget::new(10, 0.1)
    }
}

impl RetryBudget {
    /// A bucket of `burst` retries (full at first) that each call adds `per_call` retries to (`0.1`: one retry per
    /// ten calls); `per_call` is taken between 0 and 1.
    pub fn new(burst: u32, per_call: f64) -> Self {
        let per_call = (per_call.clamp(0.0, 1.0) * 1000.0).round() as u64;
        let capacity = u64::from(burst) * 1000;
        let tokens = AtomicU64::new(capacity);
        RetryBudget { bucket: std::sync::Arc::new(Bucket { tokens, capacity, per_call }) }
    }

    /// No limit beyond each call's own retry policy.
    pub fn unlimited() -> Self {
        RetryBudget::new(u32::MAX, 1.0)
    }

    /// How many retries are left now (whole ones).
    pub fn available(&self) -> u64 {
        self.bucket.tokens.load(Ordering::Relaxed) / 1000
    }

    /// A call starts: its share of a retry goes into the bucket.
    pub(crate) fn deposit(&self) {
        let b = &self.bucket;
        let _ = b
            .tokens
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |t| Some(t.saturating_add(b.per_call).min(b.capacity)));
    }

    /// Takes one retry out of the bucket; `false` when there is none.
    pub(crate) fn withdraw(&self) -> bool {
        let b = &self.bucket;
        b.tokens.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |t| t.checked_sub(1000)).is_ok()
    }
}

/// The wait a `Retry-After` header asks for: a number of seconds, or an HTTP date (a date in the past is no wait).
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(text).ok()?;
    Some(date.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

/// 64 random bits, from the standard library's randomly keyed hasher (fresh keys per call): enough for jitter and
/// idempotency keys, with no dependency.
pub(crate) fn random() -> u64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0));
    hasher.finish()
}

/// A random UUID (version 4) as text, for idempotency keys.
pub fn new_idempotency_key() -> String {
    let (a, b) = (random(), random());
    let a = (a & !0xF000) | 0x4000; // version 4
    let b = (b & !(0b11 << 62)) | (0b10 << 62); // RFC 4122 variant
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xFFFF,
        a & 0xFFFF,
        b >> 48,
        b & 0xFFFF_FFFF_FFFF
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn backoff_doubles_within_its_cap_above_its_floor() {
        let policy = RetryPolicy::default();
        let floor = Duration::from_millis(100);
        for _ in 0..200 {
            assert!((floor..=Duration::from_millis(500)).contains(&policy.delay(1, None)));
            assert!((floor..=Duration::from_secs(1)).contains(&policy.delay(2, None)));
            assert!((floor..=Duration::from_secs(8)).contains(&policy.delay(10, None)));
            assert!((floor..=Duration::from_secs(8)).contains(&policy.delay(40, None)));
        }
        // A floor above the bound: the floor.
        let slow =
            RetryPolicy::default().with_min_delay(Duration::from_secs(1)).with_max_delay(Duration::from_millis(10));
        assert_eq!(slow.delay(3, None), Duration::from_secs(1));
        // Full jitter: not always the ceiling.
        let samples: Vec<Duration> = (0..50).map(|_| policy.delay(3, None)).collect();
        assert!(samples.iter().any(|d| *d != samples[0]), "{samples:?}");
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date_is_honoured_capped_and_jittered() {
        let mut headers = HeaderMap::new();
        let policy = RetryPolicy::default();
        let between = |wait: Duration, low: Duration, high: Duration| {
            assert!(wait >= low && wait <= high, "{wait:?} not in {low:?}..={high:?}");
        };
        let (floor, bound) = (Duration::from_millis(100), Duration::from_millis(500));
        headers.insert("retry-after", HeaderValue::from_static("3"));
        between(policy.delay(1, Some(&headers)), Duration::from_secs(3) + floor, Duration::from_secs(3) + bound);
        headers.insert("retry-after", HeaderValue::from_static("3600"));
        between(policy.delay(1, Some(&headers)), Duration::from_secs(60) + floor, Duration::from_secs(60) + bound);
        assert_eq!(policy.asked(Some(&headers)), Some(Duration::from_secs(3600)), "what the server asked, uncapped");
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        headers.insert("retry-after", HeaderValue::from_str(&later).expect("a date is a header value"));
        between(policy.delay(1, Some(&headers)), Duration::from_secs(27), Duration::from_secs(30) + bound);
        headers.insert("retry-after", HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"));
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
        headers.insert("retry-after", HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
        // `Retry-After: 0` is no tight loop: every wait has the floor and the jitter.
        headers.insert("retry-after", HeaderValue::from_static("0"));
        let waits: Vec<Duration> = (0..50).map(|_| policy.delay(1, Some(&headers))).collect();
        assert!(waits.iter().all(|w| (floor..=bound).contains(w)), "{waits:?}");
        assert!(waits.iter().any(|w| *w != waits[0]), "jittered: {waits:?}");
    }

    #[test]
    fn the_budget_allows_a_burst_then_a_share_of_the_calls() {
        let budget = RetryBudget::default();
        let shared = budget.clone();
        assert_eq!(budget.available(), 10);
        assert_eq!((0..100).filter(|_| shared.withdraw()).count(), 10, "the burst, shared by the clones");
        assert!(!budget.withdraw());
        for _ in 0..100 {
            budget.deposit();
        }
        assert_eq!((0..100).filter(|_| budget.withdraw()).count(), 10, "one retry per ten calls");
        for _ in 0..1000 {
            budget.deposit();
        }
        assert_eq!(budget.available(), 10, "never more than the burst");
        let none = RetryBudget::new(0, 0.0);
        none.deposit();
        assert!(!none.withdraw());
        assert!(RetryBudget::unlimited().withdraw());
    }

    #[test]
    fn the_default_policy_is_the_documented_one() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.max_retries(), 2);
        for status in [408, 429, 502, 503, 504] {
            assert!(policy.retries_status(status));
        }
        for status in [400, 401, 404, 500, 501] {
            assert!(!policy.retries_status(status));
        }
        assert_eq!(RetryPolicy::none().max_retries(), 0);
    }

    #[test]
    fn idempotency_keys_are_uuids_and_differ() {
        let (a, b) = (new_idempotency_key(), new_idempotency_key());
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(a.as_bytes()[14], b'4');
        assert!(matches!(a.as_bytes()[19], b'8' | b'9' | b'a' | b'b'), "{a}");
    }
}
