//! Checks of the string formats oagen types (`date`, `date-time`, `uuid`), shared by the generator and generated
//! servers so that a value the spec's own examples call valid is never refused by the server generated from it.
//!
//! The grammar is RFC 3339 section 5.6 and the calendar rules of its section 5.7; every check reads bytes, so any
//! input (non-ASCII, truncated, with trailing text) is answered without a panic.

/// The string formats that are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// No format, or one that is not checked: every string is accepted.
    None,
    /// RFC 3339 `date-time` ([`is_date_time`]).
    DateTime,
    /// RFC 3339 `full-date` ([`is_date`]).
    Date,
    /// RFC 9562 (formerly RFC 4122) UUID in its hyphenated form ([`is_uuid`]).
    Uuid,
}

impl Format {
    /// Whether `s` is a valid value of this format.
    pub fn accepts(self, s: &str) -> bool {
        match self {
            Format::None => true,
            Format::DateTime => is_date_time(s),
            Format::Date => is_date(s),
            Format::Uuid => is_uuid(s),
        }
    }

    /// The OpenAPI `format` keyword naming it (`None` for [`Format::None`]).
    pub const fn keyword(self) -> Option<&'static str> {
        match self {
            Format::None => None,
            Format::DateTime => Some("date-time"),
            Format::Date => Some("date"),
            Format::Uuid => Some("uuid"),
        }
    }
}

/// The value of exactly two ASCII digits.
fn two(b: [u8; 2]) -> Option<u32> {
    match b {
        [a @ b'0'..=b'9', b @ b'0'..=b'9'] => Some(u32::from(a - b'0') * 10 + u32::from(b - b'0')),
        _ => None,
    }
}

/// The number of days in `month` of `year` (proleptic Gregorian), 0 for a month outside 1-12.
fn days_in_month(year: u32, month: u32) -> u32 {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    }
}

fn full_date(b: &[u8]) -> bool {
    let &[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = b else {
        return false;
    };
    let (Some(hi), Some(lo), Some(month), Some(day)) = (two([y0, y1]), two([y2, y3]), two([m0, m1]), two([d0, d1]))
    else {
        return false;
    };
    (1..=days_in_month(hi * 100 + lo, month)).contains(&day)
}

/// `partial-time` at the start of `b`: the bytes after it, or `None`.
fn partial_time(b: &[u8]) -> Option<&[u8]> {
    let &[h0, h1, b':', m0, m1, b':', s0, s1, ref rest @ ..] = b else {
        return None;
    };
    let (hour, minute, second) = (two([h0, h1])?, two([m0, m1])?, two([s0, s1])?);
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    match rest {
        [b'.', frac @ ..] => {
            let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
            (n > 0).then(|| frac.split_at(n).1)
        }
        _ => Some(rest),
    }
}

/// `time-offset`, the whole of `b`.
fn time_offset(b: &[u8]) -> bool {
    match *b {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h0, h1, b':', m0, m1] => {
            matches!((two([h0, h1]), two([m0, m1])), (Some(h), Some(m)) if h <= 23 && m <= 59)
        }
        _ => false,
    }
}

fn full_time(b: &[u8]) -> bool {
    partial_time(b).is_some_and(time_offset)
}

/// RFC 3339 section 5.6 `full-date`, `YYYY-MM-DD`, naming a real day (section 5.7): month `01`-`12`, day within the
/// month, February 29 only in leap years (divisible by 4, not by 100 unless by 400). Years `0000`-`9999`.
pub fn is_date(s: &str) -> bool {
    full_date(s.as_bytes())
}

/// RFC 3339 section 5.6 `full-time` (the JSON Schema `time` format): `HH:MM:SS[.frac]` then `Z`/`z` or `±HH:MM`.
/// Hours `00`-`23`, minutes `00`-`59`, seconds `00`-`60` (60 is a leap second, section 5.7; accepted at any minute,
/// as no table of leap seconds is kept), a fraction of at least one digit; offset hours `00`-`23`, minutes `00`-`59`
/// (`-00:00`, section 4.3, included). The offset is required: a `partial-time` alone is refused.
pub fn is_time(s: &str) -> bool {
    full_time(s.as_bytes())
}

/// RFC 3339 section 5.6 `date-time`: an [`is_date`] `full-date`, `T` or `t` (or a space, as the section's NOTE
/// allows), and an [`is_time`] `full-time`. Nothing may follow.
pub fn is_date_time(s: &str) -> bool {
    match s.as_bytes().split_at_checked(10) {
        Some((date, [b'T' | b't' | b' ', time @ ..])) => full_date(date) && full_time(time),
        _ => false,
    }
}

/// The instant a [`is_date_time`] value names, as seconds since 1970-01-01T00:00:00Z and the fraction's digits
/// (trailing zeros dropped), so that two spellings of one instant (`-04:00` and `Z`, `.000` and none) compare equal.
/// `None` for a value that is not a date-time. A leap second counts as the next second's start.
pub fn instant(s: &str) -> Option<(i64, String)> {
    if !is_date_time(s) {
        return None;
    }
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<i64>().ok());
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let mut rest = &b[19..];
    let mut fraction = String::new();
    if let [b'.', frac @ ..] = rest {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        fraction = String::from_utf8_lossy(&frac[..n]).trim_end_matches('0').to_owned();
        rest = &frac[n..];
    }
    let offset = match *rest {
        [sign @ (b'+' | b'-'), h0, h1, b':', m0, m1] => {
            let minutes = i64::from(two([h0, h1])?) * 60 + i64::from(two([m0, m1])?);
            if sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        _ => 0,
    };
    // Days from the civil date (proleptic Gregorian), counted from 1970-01-01.
    let (y, m) = if month <= 2 { (year - 1, month + 9) } else { (year, month - 3) };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * m + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    Some((days * 86_400 + hour * 3_600 + minute * 60 + second - offset * 60, fraction))
}

/// A UUID in its hyphenated form (RFC 9562 section 4, formerly RFC 4122 section 3): `8-4-4-4-12` hexadecimal digits of
/// either case, no braces and no `urn:uuid:` prefix. Versions and variants are not checked (the nil UUID is valid).
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter()
            .enumerate()
            .all(|(i, c)| if matches!(i, 8 | 13 | 18 | 23) { *c == b'-' } else { c.is_ascii_hexdigit() })
}

/// The examples both sides are tested against: `(format, value, whether it is valid)`. The runtime checks each row
/// with [`Format::accepts`]; `oagen-ir` lowers a spec with each value as the `example` of a property of that format
/// and expects a warning exactly for the invalid ones.
pub const EXAMPLES: &[(Format, &str, bool)] = &[
    // full-date: month lengths.
    (Format::Date, "2024-01-31", true),
    (Format::Date, "2024-01-32", false),
    (Format::Date, "2023-04-30", true),
    (Format::Date, "2023-04-31", false),
    (Format::Date, "2023-06-31", false),
    (Format::Date, "2023-09-31", false),
    (Format::Date, "2023-11-31", false),
    (Format::Date, "2023-12-31", true),
    (Format::Date, "2023-08-31", true),
    // full-date: February and leap years.
    (Format::Date, "2023-02-28", true),
    (Format::Date, "2023-02-29", false),
    (Format::Date, "2024-02-29", true),
    (Format::Date, "2024-02-30", false),
    (Format::Date, "2000-02-29", true),
    (Format::Date, "1900-02-29", false),
    (Format::Date, "2100-02-29", false),
    (Format::Date, "1900-02-28", true),
    // full-date: ranges and shape.
    (Format::Date, "0000-01-01", true),
    (Format::Date, "9999-12-31", true),
    (Format::Date, "2023-00-10", false),
    (Format::Date, "2023-13-01", false),
    (Format::Date, "2023-01-00", false),
    (Format::Date, "2023-1-01", false),
    (Format::Date, "2023-01-0", false),
    (Format::Date, "2023/01/01", false),
    (Format::Date, "+2023-01-01", false),
    (Format::Date, "2023-01-01T00:00:00Z", false),
    (Format::Date, "2023-01-01 ", false),
    (Format::Date, "2023\u{2013}01\u{2013}01", false),
    (Format::Date, "2023-01-0\u{661}", false),
    (Format::Date, "", false),
    // date-time: hours, minutes, seconds.
    (Format::DateTime, "2024-01-31T23:59:59Z", true),
    (Format::DateTime, "2024-01-31T00:00:00Z", true),
    (Format::DateTime, "2024-01-31T24:00:00Z", false),
    (Format::DateTime, "2024-01-31T12:60:00Z", false),
    (Format::DateTime, "2024-01-31T12:00:59Z", true),
    (Format::DateTime, "1998-12-31T23:59:60Z", true),
    (Format::DateTime, "2024-01-31T12:00:61Z", false),
    (Format::DateTime, "2024-01-31T1:00:00Z", false),
    (Format::DateTime, "2024-01-31T12:00Z", false),
    // date-time: the date part.
    (Format::DateTime, "2024-02-29T00:00:00Z", true),
    (Format::DateTime, "2023-02-29T00:00:00Z", false),
    (Format::DateTime, "2023-04-31T00:00:00Z", false),
    // date-time: separators.
    (Format::DateTime, "2024-01-31t12:00:00z", true),
    (Format::DateTime, "2024-01-31 12:00:00Z", true),
    (Format::DateTime, "2024-01-31_12:00:00Z", false),
    (Format::DateTime, "2024-01-3112:00:00Z", false),
    // date-time: fractions.
    (Format::DateTime, "2024-01-31T12:00:00.5Z", true),
    (Format::DateTime, "2024-01-31T12:00:00.123456789+05:30", true),
    (Format::DateTime, "2024-01-31T12:00:00.Z", false),
    (Format::DateTime, "2024-01-31T12:00:00,5Z", false),
    (Format::DateTime, "2024-01-31T12:00:00.5", false),
    // date-time: offsets.
    (Format::DateTime, "2024-01-31T12:00:00+23:59", true),
    (Format::DateTime, "2024-01-31T12:00:00-00:00", true),
    (Format::DateTime, "2024-01-31T12:00:00-08:00", true),
    (Format::DateTime, "2024-01-31T12:00:00+24:00", false),
    (Format::DateTime, "2024-01-31T12:00:00+05:60", false),
    (Format::DateTime, "2024-01-31T12:00:00+0530", false),
    (Format::DateTime, "2024-01-31T12:00:00+05", false),
    (Format::DateTime, "2024-01-31T12:00:00+", false),
    (Format::DateTime, "2024-01-31T12:00:00", false),
    // date-time: truncated, extra text, non-ASCII.
    (Format::DateTime, "2024-01-31", false),
    (Format::DateTime, "2024-01-31T", false),
    (Format::DateTime, "2024-01-31T12:00:00ZZ", false),
    (Format::DateTime, "2024-01-31T12:00:00Z ", false),
    (Format::DateTime, " 2024-01-31T12:00:00Z", false),
    (Format::DateTime, "2024-01-31T12:00:00Z\u{e9}", false),
    (Format::DateTime, "2024-01-31T\u{e9}2:00:00Z", false),
    (Format::DateTime, "2024-01-3\u{e9}T12:00:00Z", false),
    (Format::DateTime, "", false),
    // uuid.
    (Format::Uuid, "f47ac10b-58cc-4372-a567-0e02b2c3d479", true),
    (Format::Uuid, "F47AC10B-58CC-4372-A567-0E02B2C3D479", true),
    (Format::Uuid, "00000000-0000-0000-0000-000000000000", true),
    (Format::Uuid, "f47ac10b58cc4372a5670e02b2c3d479", false),
    (Format::Uuid, "f47ac10b-58cc-4372-a567-0e02b2c3d47g", false),
    (Format::Uuid, "f47ac10b-58cc-4372-a567-0e02b2c3d47", false),
    (Format::Uuid, "f47ac10b-58cc-4372-a567-0e02b2c3d4790", false),
    (Format::Uuid, "f47ac10b-58cc4372-a567-0e02b2c3d479-", false),
    (Format::Uuid, "{f47ac10b-58cc-4372-a567-0e02b2c3d479}", false),
    (Format::Uuid, "f47ac10b-58cc-4372-a567-0e02b2c3d4\u{e9}", false),
    (Format::Uuid, "", false),
    // No format: anything.
    (Format::None, "2023-02-29", true),
    (Format::None, "", true),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_instant_are_one_instant() {
        let at = |s: &str| instant(s).expect(s);
        assert_eq!(at("1970-01-01T00:00:00Z"), (0, String::new()));
        assert_eq!(at("2011-04-14T16:00:49-04:00"), at("2011-04-14T20:00:49Z"));
        assert_eq!(at("2011-04-14T20:00:49.000Z"), at("2011-04-14T20:00:49Z"));
        assert_eq!(at("2011-04-14T20:00:49.120+00:00"), at("2011-04-14t20:00:49.12z"));
        assert_ne!(at("2011-04-14T20:00:49.1Z"), at("2011-04-14T20:00:49Z"));
        assert_eq!(at("2000-03-01T00:00:00Z").0 - at("2000-02-28T00:00:00Z").0, 2 * 86_400, "2000 is a leap year");
        assert_eq!(at("1969-12-31T23:59:59Z").0, -1);
        assert_eq!(at("2024-01-01T05:30:00+05:30").0, 1_704_067_200);
        assert_eq!(instant("2011-04-14"), None);
        assert_eq!(instant("not a date"), None);
    }

    #[test]
    fn the_examples_are_answered_as_listed() {
        assert!(EXAMPLES.len() >= 40);
        let wrong: Vec<_> = EXAMPLES.iter().filter(|(f, s, valid)| f.accepts(s) != *valid).collect();
        assert!(wrong.is_empty(), "answered the other way: {wrong:?}");
    }

    #[test]
    fn a_date_time_is_a_date_and_a_time() {
        // Every valid date-time splits into a valid date and a valid time; every full-time is checked alone too.
        for (f, s, valid) in EXAMPLES {
            if *f == Format::DateTime && *valid {
                assert!(is_date(&s[..10]) && is_time(&s[11..]), "{s}");
            }
        }
        for (s, valid) in [
            ("23:59:60.999z", true),
            ("00:00:00+00:00", true),
            ("12:00:00", false),
            ("24:00:00Z", false),
            ("12:00:00.Z", false),
            ("12:00:00Z\u{e9}", false),
            ("", false),
        ] {
            assert_eq!(is_time(s), valid, "{s}");
        }
    }

    #[test]
    fn no_input_panics() {
        // Every prefix and suffix, cut at every byte where the cut is a `str`, of strings with multi-byte characters.
        for s in ["2024-01-31T12:00:00.5\u{e9}+05:30", "\u{1f600}2024-02-29 00:00:60z\u{661}", "f47ac10b-\u{e9}"] {
            for i in (0..=s.len()).filter(|i| s.is_char_boundary(*i)) {
                for part in [&s[..i], &s[i..]] {
                    let _ = (is_date(part), is_time(part), is_date_time(part), is_uuid(part));
                }
            }
        }
    }
}
