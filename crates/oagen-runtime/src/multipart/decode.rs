//! Receiving a multipart body: the request's parts ([`parse`], a small parser of `multipart/form-data` over the
//! body read within the server's limit), their text and JSON read and checked as the body's schema says, and the
//! generated body struct taken from them ([`FromForm`]).

use super::FilePart;
use crate::server::schema::{self, Schema, Use};
use crate::server::{Location, Rejection, RejectionKind};
use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// A generated multipart body struct, taken from the parts of a request.
pub trait FromForm: Sized {
    /// The properties whose parts are files (kept as [`FilePart`]s, not read as text).
    const FILES: &'static [&'static str];

    /// The struct, field by field, from the checked parts.
    fn from_form(form: &mut Received) -> Result<Self, Rejection>;
}

/// One part of a `multipart/form-data` body as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedPart {
    /// The `name` of its `Content-Disposition`.
    pub name: String,
    /// Its `filename` (`filename*` in UTF-8 wins), when it has one.
    pub file_name: Option<String>,
    /// Its `Content-Type`, when it has one.
    pub content_type: Option<String>,
    /// Its content.
    pub data: Bytes,
}

/// The parts of a request's multipart body, checked against the body's schema: file parts as they came, the other
/// parts as the JSON values their property's schema says (text as a string, number or boolean; JSON parsed; arrays
/// from repeated parts).
#[derive(Debug)]
pub struct Received {
    values: Map<String, Value>,
    files: Vec<(String, FilePart)>,
}

impl Received {
    /// Reads `parts` as `schema` (an object) says, the properties in `files` as files, and checks them: a part
    /// that is not what its property's schema allows, a required property without a part, or a property that
    /// takes one part given several, is refused.
    pub fn new(parts: Vec<ReceivedPart>, schema: Use, files: &[&str]) -> Result<Self, Rejection> {
        let properties = match schema.schema {
            Schema::Object { properties, .. } => *properties,
            _ => &[],
        };
        let mut values = Map::new();
        let mut received_files = Vec::new();
        for part in parts {
            if files.contains(&part.name.as_str()) {
                let file = FilePart::received(part.data, part.file_name, part.content_type);
                received_files.push((part.name, file));
                continue;
            }
            let Ok(text) = String::from_utf8(part.data.to_vec()) else {
                return Err(invalid(&part.name, "is not UTF-8 text".to_owned()));
            };
            let property = properties.iter().find(|p| p.name == part.name).map(|p| p.schema.schema);
            match property {
                Some(Schema::List(items)) => {
                    let item = schema::from_text(&text, items.schema).map_err(|m| invalid(&part.name, m))?;
                    match values.entry(part.name).or_insert_with(|| Value::Array(Vec::new())) {
                        Value::Array(list) => list.push(item),
                        _ => return Err(invalid("", "a part is repeated".to_owned())),
                    }
                }
                property => {
                    let value = match property {
                        Some(s) => schema::from_text(&text, s).map_err(|m| invalid(&part.name, m))?,
                        None => Value::String(text),
                    };
                    if values.contains_key(&part.name) {
                        return Err(invalid(&part.name, "is sent more than once; it takes one part".to_owned()));
                    }
                    values.insert(part.name, value);
                }
            }
        }
        let has_file = |name: &str| received_files.iter().any(|(n, _)| n == name);
        schema::check_received(&values, schema, files, &has_file)
            .map_err(|v| Rejection::new(RejectionKind::InvalidBody, Some(body_at(&v.pointer)), v.message))?;
        Ok(Received { values, files: received_files })
    }

    /// The one file part of the required property `name`.
    pub fn file(&mut self, name: &str) -> Result<FilePart, Rejection> {
        self.optional_file(name)?.ok_or_else(|| missing(name))
    }

    /// The one file part of the property `name`, when it was sent.
    pub fn optional_file(&mut self, name: &str) -> Result<Option<FilePart>, Rejection> {
        let mut found = self.files(name);
        if found.len() > 1 {
            return Err(invalid(name, "is sent more than once; it takes one file".to_owned()));
        }
        Ok(found.pop())
    }

    /// Every file part of the property `name`, in the order received.
    pub fn files(&mut self, name: &str) -> Vec<FilePart> {
        let (taken, kept) = std::mem::take(&mut self.files).into_iter().partition(|(n, _)| n == name);
        self.files = kept;
        taken.into_iter().map(|(_, f)| f).collect::<Vec<_>>()
    }

    /// The value of the required property `name`.
    pub fn value<T: DeserializeOwned>(&mut self, name: &str) -> Result<T, Rejection> {
        self.optional(name)?.ok_or_else(|| missing(name))
    }

    /// The value of the property `name`, when it was sent.
    pub fn optional<T: DeserializeOwned>(&mut self, name: &str) -> Result<Option<T>, Rejection> {
        match self.values.remove(name) {
            None => Ok(None),
            Some(value) => serde_json::from_value(value).map(Some).map_err(|e| invalid(name, e.to_string())),
        }
    }
}

fn body_at(pointer: &str) -> Location {
    Location::Body { pointer: pointer.to_owned() }
}

fn pointer_to(name: &str) -> String {
    if name.is_empty() {
        return String::new();
    }
    format!("/{}", name.replace('~', "~0").replace('/', "~1"))
}

fn invalid(name: &str, message: String) -> Rejection {
    Rejection::new(RejectionKind::InvalidBody, Some(body_at(&pointer_to(name))), message)
}

fn missing(name: &str) -> Rejection {
    Rejection::new(
        RejectionKind::InvalidBody,
        Some(body_at(&pointer_to(name))),
        format!("required property `{name}` is missing"),
    )
}

/// The `boundary` parameter of a `multipart/*` `Content-Type` (quoted or not); `None` when there is none or it is
/// not a valid boundary (1 to 70 characters).
pub fn boundary(content_type: &str) -> Option<String> {
    let (_, params) = content_type.split_once(';')?;
    let value = parameters(params).into_iter().find(|(k, _)| k.eq_ignore_ascii_case("boundary"))?.1;
    (1..=70).contains(&value.len()).then_some(value)
}

/// The parts of a `multipart/form-data` body delimited by `boundary`, in order. Anything that is not well-formed
/// (no opening delimiter, a part without headers' end or a name, a body that ends before its closing delimiter) is
/// an error saying what; nothing here panics on any input.
pub fn parse(body: &Bytes, boundary: &str) -> Result<Vec<ReceivedPart>, String> {
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    // The first delimiter: at the start, or after a preamble ending in a line break.
    let mut at = if body.starts_with(delimiter) {
        delimiter.len()
    } else {
        let mut next = Vec::with_capacity(delimiter.len() + 2);
        next.extend_from_slice(b"\r\n");
        next.extend_from_slice(delimiter);
        find(body, &next, 0).ok_or("has no opening boundary delimiter")? + next.len()
    };
    let mut close = Vec::with_capacity(delimiter.len() + 2);
    close.extend_from_slice(b"\r\n");
    close.extend_from_slice(delimiter);
    let mut parts = Vec::new();
    loop {
        let rest = body.get(at..).unwrap_or_default();
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        // Transport padding, then the line break that ends the delimiter line.
        let padding = rest.iter().take_while(|b| **b == b' ' || **b == b'\t').count();
        if !rest[padding..].starts_with(b"\r\n") {
            return Err(if rest.len() <= padding + 1 {
                "ends before its closing boundary delimiter".to_owned()
            } else {
                "has a boundary delimiter that is not followed by a line break".to_owned()
            });
        }
        let start = at + padding + 2;
        let (headers, content_start) = if body.get(start..).is_some_and(|r| r.starts_with(b"\r\n")) {
            (&body[start..start], start + 2)
        } else {
            let end = find(body, b"\r\n\r\n", start).ok_or("ends inside the headers of a part")?;
            (&body[start..end], end + 4)
        };
        let content_end = find(body, &close, content_start).ok_or("ends before its closing boundary delimiter")?;
        parts.push(part(headers, body.slice(content_start..content_end))?);
        at = content_end + close.len();
    }
}

/// One part from its header block and content.
fn part(headers: &[u8], data: Bytes) -> Result<ReceivedPart, String> {
    let headers = std::str::from_utf8(headers).map_err(|_| "has part headers that are not UTF-8".to_owned())?;
    let (mut disposition, mut content_type) = (None, None);
    for line in headers.split("\r\n").filter(|l| !l.is_empty()) {
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!(
                "has a part header line without a colon: {:?}",
                line.chars().take(40).collect::<String>()
            ));
        };
        if name.trim().eq_ignore_ascii_case("content-disposition") {
            disposition = Some(value.trim());
        } else if name.trim().eq_ignore_ascii_case("content-type") {
            content_type = Some(value.trim().to_owned());
        }
    }
    let disposition = disposition.ok_or("has a part without `Content-Disposition`")?;
    let (kind, params) = disposition.split_once(';').unwrap_or((disposition, ""));
    if !kind.trim().eq_ignore_ascii_case("form-data") {
        return Err(format!("has a part whose `Content-Disposition` is `{}`, not `form-data`", kind.trim()));
    }
    let params = parameters(params);
    let get = |key: &str| params.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v.clone());
    let name = get("name").ok_or("has a part without a `name`")?;
    let file_name = get("filename*").and_then(|v| ext_value(&v)).or_else(|| get("filename"));
    Ok(ReceivedPart { name, file_name, content_type, data })
}

/// `key=value` parameters after a header's first value: tokens or quoted strings (with `\` escapes).
fn parameters(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| *c == ';' || c.is_whitespace()).is_some() {}
        let key: String = std::iter::from_fn(|| chars.next_if(|c| *c != '=' && *c != ';')).collect();
        if key.is_empty() && chars.peek().is_none() {
            return out;
        }
        if chars.next_if_eq(&'=').is_none() {
            continue;
        }
        while chars.next_if(|c| *c == ' ' || *c == '\t').is_some() {}
        let mut value = String::new();
        if chars.next_if_eq(&'"').is_some() {
            while let Some(c) = chars.next() {
                match c {
                    '"' => break,
                    '\\' => value.extend(chars.next()),
                    c => value.push(c),
                }
            }
        } else {
            value = std::iter::from_fn(|| chars.next_if(|c| *c != ';')).collect::<String>().trim_end().to_owned();
        }
        out.push((key.trim().to_owned(), value));
    }
}

/// An RFC 8187 extended value in UTF-8 (`utf-8''na%C3%AFve.txt`); `None` in another charset or when malformed.
fn ext_value(value: &str) -> Option<String> {
    let mut pieces = value.splitn(3, '\'');
    let (charset, _, encoded) = (pieces.next()?, pieces.next()?, pieces.next()?);
    if !charset.eq_ignore_ascii_case("utf-8") {
        return None;
    }
    let bytes = encoded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The first position at or after `from` where `needle` starts.
fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let rest = haystack.get(from..)?;
    if needle.is_empty() || rest.len() < needle.len() {
        return None;
    }
    let first = needle[0];
    let mut i = 0;
    while i + needle.len() <= rest.len() {
        match rest[i..rest.len() - needle.len() + 1].iter().position(|b| *b == first) {
            None => return None,
            Some(p) => {
                i += p;
                if rest[i..].starts_with(needle) {
                    return Some(from + i);
                }
                i += 1;
            }
        }
    }
    None
}
