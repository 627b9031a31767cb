//! When a call is sent again: [`RetryPolicy`] (how often, after which failures, how long to wait), the
//! `Retry-After` header, and the random numbers behind jitter and idempotency keys.

use reqwest::header::HeaderMap;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime};

/// How a client retries a call that failed in a way that may pass on a second try.
///
/// [`RetryPolicy::default`]: up to 2 retries (3 requests) after a connection error or a 408, 429, 502, 503 or 504,
/// waiting with exponential backoff (0.5 s, doubling, at most 8 s) and full jitter, or as long as the response's
/// `Retry-After` says (in seconds or as an HTTP date, at most 60 s). Only requests that are safe to repeat are
/// retried: GET, HEAD, OPTIONS, TRACE, PUT and DELETE, and POST or PATCH when they carry an idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
    statuses: Vec<u16>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
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

    /// How long to wait before retry number `retry` (1 for the first): the response's `Retry-After` (capped) when
    /// it has one, else a random duration up to `initial * 2^(retry-1)`, capped at the maximum (full jitter).
    pub fn delay(&self, retry: u32, headers: Option<&HeaderMap>) -> Duration {
        if let Some(after) = headers.and_then(retry_after) {
            return after.min(self.max_retry_after);
        }
        let factor = 1u32.checked_shl(retry.saturating_sub(1)).unwrap_or(u32::MAX);
        let ceiling = self.initial_delay.saturating_mul(factor).min(self.max_delay);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        match nanos.checked_add(1) {
            Some(bound) => Duration::from_nanos(random() % bound),
            None => ceiling,
        }
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
    fn backoff_doubles_within_its_cap() {
        let policy = RetryPolicy::default();
        for _ in 0..200 {
            assert!(policy.delay(1, None) <= Duration::from_millis(500));
            assert!(policy.delay(2, None) <= Duration::from_secs(1));
            assert!(policy.delay(10, None) <= Duration::from_secs(8));
            assert!(policy.delay(40, None) <= Duration::from_secs(8));
        }
        // Full jitter: not always the ceiling.
        let samples: Vec<Duration> = (0..50).map(|_| policy.delay(3, None)).collect();
        assert!(samples.iter().any(|d| *d != samples[0]), "{samples:?}");
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date_is_honoured_and_capped() {
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", HeaderValue::from_static("3"));
        let policy = RetryPolicy::default();
        assert_eq!(policy.delay(1, Some(&headers)), Duration::from_secs(3));
        headers.insert("retry-after", HeaderValue::from_static("3600"));
        assert_eq!(policy.delay(1, Some(&headers)), Duration::from_secs(60));
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        headers.insert("retry-after", HeaderValue::from_str(&later).expect("a date is a header value"));
        let wait = policy.delay(1, Some(&headers));
        assert!(wait > Duration::from_secs(27) && wait <= Duration::from_secs(30), "{wait:?}");
        headers.insert("retry-after", HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"));
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
        headers.insert("retry-after", HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
        assert!(policy.with_max_retry_after(Duration::from_secs(1)).delay(1, Some(&headers)) <= Duration::from_secs(1));
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
