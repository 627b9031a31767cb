//! Checks of string formats, used to notice when a spec's own examples contradict the format it declares.

fn digits(s: &[u8]) -> bool {
    !s.is_empty() && s.iter().all(u8::is_ascii_digit)
}

/// RFC 3339 `full-date`: `YYYY-MM-DD`.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10 && digits(&b[0..4]) && b[4] == b'-' && digits(&b[5..7]) && b[7] == b'-' && digits(&b[8..10]) && {
        let m: u32 = s[5..7].parse().unwrap_or(0);
        let d: u32 = s[8..10].parse().unwrap_or(0);
        (1..=12).contains(&m) && (1..=31).contains(&d)
    }
}

/// RFC 3339 `date-time`: `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`.
pub fn is_date_time(s: &str) -> bool {
    if s.len() < 20 || !s.is_char_boundary(10) || !is_date(&s[..10]) {
        return false;
    }
    let b = s.as_bytes();
    if !matches!(b[10], b'T' | b't' | b' ') {
        return false;
    }
    let t = &b[11..];
    if t.len() < 9 || !(digits(&t[0..2]) && t[2] == b':' && digits(&t[3..5]) && t[5] == b':' && digits(&t[6..8])) {
        return false;
    }
    let mut rest = &t[8..];
    if rest.first() == Some(&b'.') {
        let n = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        rest = &rest[1 + n..];
    }
    match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit()),
        _ => false,
    }
}

/// A UUID in its hyphenated form.
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter()
            .enumerate()
            .all(|(i, c)| if matches!(i, 8 | 13 | 18 | 23) { *c == b'-' } else { c.is_ascii_hexdigit() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times() {
        assert!(is_date("1970-01-01"));
        assert!(!is_date("1970-01-01T00:00:00.000Z"));
        assert!(!is_date("1970-13-01"));
        assert!(is_date_time("2023-01-01T12:00:00Z"));
        assert!(is_date_time("2023-01-01T12:00:00.123+02:00"));
        assert!(!is_date_time("1970-01-01"));
        assert!(!is_date_time("2023-01-01T12:00:00"));
        assert!(!is_date_time("2023-01-01T12:00:00.Z"));
        assert!(!is_date_time("2023-01-01T12:00:00Zé"));
        assert!(is_uuid("f47ac10b-58cc-4372-a567-0e02b2c3d479"));
        assert!(!is_uuid("f47ac10b58cc4372a5670e02b2c3d479"));
    }
}
