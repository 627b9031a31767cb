//! Server-sent events (`text/event-stream`, WHATWG HTML §9.2): the [`Event`] both sides hold, the incremental
//! [`EventParser`] a client reads a stream with, and the lines a server writes.
//!
//! The parser follows the specification's rules exactly: lines end at CR LF, LF or CR (a CR LF split across two
//! chunks counts once), a leading byte order mark is dropped, `:` starts a comment, a field's value loses one leading
//! space, `data` lines are joined with LF, an empty line dispatches the event (or nothing, when it has no data),
//! `id` persists until changed (an `id` with NUL is ignored), `retry` counts only when it is all ASCII digits, and an
//! event still open when the stream ends is dropped. Invalid UTF-8 is replaced, as the specification says.

use std::time::Duration;

/// One server-sent event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event<T> {
    /// The event type (`event:`); `None` for the default type, `message`.
    pub event: Option<String>,
    /// The last event ID (`id:`), which persists from event to event until the stream sets another; `None` when
    /// none was set. A client reconnecting sends it as `Last-Event-ID`.
    pub id: Option<String>,
    /// The reconnection time the stream asked for (`retry:`) since the previous event, if any.
    pub retry: Option<Duration>,
    /// The data: decoded from JSON when the spec describes an object or a union, else the text as sent.
    pub data: T,
}

impl<T> Event<T> {
    /// An event of the default type carrying `data`.
    pub fn new(data: T) -> Self {
        Event { event: None, id: None, retry: None, data }
    }

    /// The same event with the type `event`.
    pub fn with_event(mut self, event: impl Into<String>) -> Self {
        self.event = Some(event.into());
        self
    }

    /// The same event with the ID `id`.
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// The same event asking clients to wait `retry` before reconnecting.
    pub fn with_retry(mut self, retry: Duration) -> Self {
        self.retry = Some(retry);
        self
    }

    /// The event with its data changed by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Event<U> {
        Event { event: self.event, id: self.id, retry: self.retry, data: f(self.data) }
    }
}

/// Reads events out of a byte stream that arrives in chunks of any size.
#[derive(Debug, Default)]
pub struct EventParser {
    /// Bytes received and not yet read as lines.
    buffer: Vec<u8>,
    /// Where the unread part of `buffer` starts.
    start: usize,
    /// The last byte read was a CR, so an LF first in the next chunk ends nothing.
    after_cr: bool,
    /// Whether the byte order mark was looked for.
    bom_checked: bool,
    /// The event being read.
    event: Option<String>,
    data: String,
    has_data: bool,
    retry: Option<Duration>,
    last_id: Option<String>,
}

impl EventParser {
    /// A parser at the start of a stream.
    pub fn new() -> Self {
        EventParser::default()
    }

    /// Adds the next chunk of the stream.
    pub fn push(&mut self, chunk: &[u8]) {
        if self.start > 0 && self.start == self.buffer.len() {
            self.buffer.clear();
            self.start = 0;
        } else if self.start > 4096 && self.start * 2 > self.buffer.len() {
            self.buffer.drain(..self.start);
            self.start = 0;
        }
        self.buffer.extend_from_slice(chunk);
    }

    /// How many bytes are held: the unread part of the stream and the event being read. A client bounds it.
    pub fn buffered(&self) -> usize {
        self.buffer.len() - self.start + self.data.len()
    }

    /// The next complete event, if the chunks so far hold one.
    pub fn next_event(&mut self) -> Option<Event<String>> {
        loop {
            if !self.bom_checked {
                let rest = &self.buffer[self.start..];
                if rest.len() < 3 && b"\xEF\xBB\xBF".starts_with(rest) {
                    return None;
                }
                if rest.starts_with(b"\xEF\xBB\xBF") {
                    self.start += 3;
                }
                self.bom_checked = true;
            }
            if self.after_cr && self.start < self.buffer.len() {
                if self.buffer[self.start] == b'\n' {
                    self.start += 1;
                }
                self.after_cr = false;
            }
            let rest = &self.buffer[self.start..];
            let end = rest.iter().position(|&b| b == b'\n' || b == b'\r')?;
            let line = String::from_utf8_lossy(&rest[..end]).into_owned();
            let terminator = rest[end];
            self.start += end + 1;
            if terminator == b'\r' {
                self.after_cr = true;
            }
            if let Some(event) = self.line(&line) {
                return Some(event);
            }
        }
    }

    /// Reads one line; an empty line dispatches the event.
    fn line(&mut self, line: &str) -> Option<Event<String>> {
        if line.is_empty() {
            let event = self.event.take();
            let retry = self.retry.take();
            if !self.has_data {
                // No data: nothing is dispatched, but a `retry` waits for the next event.
                self.retry = retry;
                return None;
            }
            self.has_data = false;
            let mut data = std::mem::take(&mut self.data);
            if data.ends_with('\n') {
                data.pop();
            }
            return Some(Event { event, id: self.last_id.clone(), retry, data });
        }
        if line.starts_with(':') {
            return None;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "event" => self.event = (!value.is_empty()).then(|| value.to_owned()),
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
                self.has_data = true;
            }
            "id" if !value.contains('\0') => self.last_id = (!value.is_empty()).then(|| value.to_owned()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry = value.parse::<u64>().ok().map(Duration::from_millis);
            }
            _ => {}
        }
        None
    }
}

/// The text of an event field's value as a server may write it: line breaks (which would end the field) replaced
/// by spaces, NUL (which makes clients ignore an `id`) dropped.
pub fn field_value(value: &str) -> String {
    value.chars().filter(|&c| c != '\0').map(|c| if c == '\r' || c == '\n' { ' ' } else { c }).collect()
}

/// Data as one line per `data:` field: every CR LF, CR or LF starts a new line, so the client reads the text back as
/// it was (with LF for each break).
pub fn data_lines(data: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(data);
    std::iter::from_fn(move || {
        let text = rest?;
        match text.find(['\r', '\n']) {
            Some(i) => {
                let skip = if text[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&text[i + skip..]);
                Some(&text[..i])
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(parser: &mut EventParser) -> Vec<Event<String>> {
        std::iter::from_fn(|| parser.next_event()).collect()
    }

    fn parse_in_chunks(text: &[u8], size: usize) -> Vec<Event<String>> {
        let mut parser = EventParser::new();
        let mut out = Vec::new();
        for chunk in text.chunks(size) {
            parser.push(chunk);
            out.extend(all(&mut parser));
        }
        out
    }

    #[test]
    fn every_line_ending_and_chunking_reads_alike() {
        let text = "\u{feff}: comment\nevent: delta\ndata: {\"a\":1}\nid: 7\n\ndata:two\r\ndata:  lines\r\rretry: 1500\ndata\n\n";
        let expected = vec![
            Event { event: Some("delta".into()), id: Some("7".into()), retry: None, data: "{\"a\":1}".into() },
            Event { event: None, id: Some("7".into()), retry: None, data: "two\n lines".into() },
            Event { event: None, id: Some("7".into()), retry: Some(Duration::from_millis(1500)), data: String::new() },
        ];
        for size in [1, 2, 3, 5, 64, text.len()] {
            assert_eq!(parse_in_chunks(text.as_bytes(), size), expected, "chunks of {size}");
        }
    }

    #[test]
    fn events_without_data_or_unfinished_are_not_dispatched() {
        let mut parser = EventParser::new();
        parser.push(b"event: ping\n\nid: 1\n\nretry: x\nretry: 20\n\ndata: last\n\ndata: unfinished\n");
        let events = all(&mut parser);
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].event, None);
        assert_eq!(events[0].id.as_deref(), Some("1"));
        assert_eq!(events[0].retry, Some(Duration::from_millis(20)));
        assert_eq!(events[0].data, "last");
        assert!(parser.buffered() > 0);
    }

    #[test]
    fn ids_with_nul_are_ignored_and_an_empty_id_resets() {
        let mut parser = EventParser::new();
        parser.push(b"id: a\ndata: 1\n\nid: b\0c\ndata: 2\n\nid\ndata: 3\n\n");
        let ids: Vec<_> = all(&mut parser).into_iter().map(|e| e.id).collect();
        assert_eq!(ids, vec![Some("a".to_owned()), Some("a".to_owned()), None]);
    }

    #[test]
    fn invalid_utf8_is_replaced() {
        let mut parser = EventParser::new();
        parser.push(b"data: \xff!\n\n");
        assert_eq!(all(&mut parser)[0].data, "\u{fffd}!");
    }

    #[test]
    fn written_data_reads_back_as_it_was() {
        for data in ["one", "", "a\nb", "a\r\nb\rc", "trailing\n"] {
            let mut text = String::new();
            for line in data_lines(data) {
                text.push_str("data: ");
                text.push_str(line);
                text.push('\n');
            }
            text.push('\n');
            let mut parser = EventParser::new();
            parser.push(text.as_bytes());
            let read = all(&mut parser);
            assert_eq!(read.len(), 1, "{data:?}");
            assert_eq!(read[0].data, data.replace("\r\n", "\n").replace('\r', "\n"), "{data:?}");
        }
        assert_eq!(field_value("a\r\nb\0"), "a  b");
    }
}
