//! Maps JSON pointers back to line and column in the source text, for diagnostics.
//!
//! JSON is scanned exactly. YAML is located by indentation, which covers block mappings and sequences (what OpenAPI
//! documents are written in); inside flow collections the nearest located ancestor is reported.

use crate::diag::{Diagnostic, Location};
use crate::lines::LineIndex;
use crate::pointer::Pointer;
use crate::source::{Format, Source};
use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

impl Source {
    /// Fills in line and column for every diagnostic whose pointer can be found in this source.
    pub fn locate_all(&self, diags: &mut [Diagnostic]) {
        let locator = Locator::new(self);
        for d in diags.iter_mut() {
            if d.location.is_none() && d.file.is_none() {
                d.location = locator.find(&d.pointer);
            }
        }
    }
}

/// Finds pointers in one source. Lookups share their work: line starts and the YAML line table are computed once,
/// and each JSON object or array is scanned once for the offsets of all its members, so locating many diagnostics
/// in a large document costs about one pass over it.
pub struct Locator<'a> {
    text: &'a str,
    format: Format,
    lines: OnceCell<LineIndex<'a>>,
    yaml: OnceCell<Vec<YamlLine<'a>>>,
    /// Object start offset → its members.
    objects: RefCell<HashMap<usize, Rc<Members>>>,
    /// Array start offset → element offsets.
    arrays: RefCell<HashMap<usize, Rc<Vec<usize>>>>,
}

/// The members of one JSON object: name → (key offset, value offset).
type Members = HashMap<String, (usize, usize)>;

impl<'a> Locator<'a> {
    /// A locator over `source`.
    pub fn new(source: &'a Source) -> Self {
        Locator {
            text: &source.text,
            format: source.format,
            lines: OnceCell::new(),
            yaml: OnceCell::new(),
            objects: RefCell::new(HashMap::new()),
            arrays: RefCell::new(HashMap::new()),
        }
    }

    /// The location of the key that `pointer` names (of the value, for an array element), or of its nearest found
    /// ancestor.
    pub fn find(&self, pointer: &Pointer) -> Option<Location> {
        let tokens: Vec<String> = pointer.tokens().collect();
        let offset = match self.format {
            Format::Json => self.json_offset(&tokens),
            Format::Yaml => yaml_offset(self.yaml.get_or_init(|| yaml_lines(self.text)), &tokens),
        }?;
        Some(self.location(offset))
    }

    fn location(&self, offset: usize) -> Location {
        self.lines.get_or_init(|| LineIndex::new(self.text)).location(offset)
    }

    fn json_offset(&self, tokens: &[String]) -> Option<usize> {
        let b = self.text.as_bytes();
        let mut i = skip_ws(b, 0);
        let mut found = i;
        for token in tokens {
            match b.get(i)? {
                b'{' => match self.members(i).get(token.as_str()) {
                    Some(&(key, value)) => {
                        // Point at the member's key, as for YAML (and as a reader looks for it).
                        found = key;
                        i = value;
                    }
                    None => return Some(found),
                },
                b'[' => match token.parse::<usize>().ok().and_then(|n| self.elements(i).get(n).copied()) {
                    Some(at) => {
                        found = at;
                        i = at;
                    }
                    None => return Some(found),
                },
                _ => return Some(found),
            }
        }
        Some(found)
    }

    /// The members of the object at `start` (scanned once; a repeated name keeps its last place, as parsing does).
    fn members(&self, start: usize) -> Rc<Members> {
        if let Some(m) = self.objects.borrow().get(&start) {
            return Rc::clone(m);
        }
        let b = self.text.as_bytes();
        let mut members = HashMap::new();
        let mut i = start + 1;
        loop {
            i = skip_ws(b, i);
            match b.get(i) {
                Some(b'}') | None => break,
                Some(b',') => {
                    i += 1;
                    continue;
                }
                _ => {}
            }
            let key_start = i;
            let Some((key, after)) = read_string(b, i) else { break };
            i = skip_ws(b, after);
            if b.get(i) != Some(&b':') {
                break;
            }
            i = skip_ws(b, i + 1);
            members.insert(key, (key_start, i));
            match skip_value(b, i) {
                Some(next) => i = next,
                None => break,
            }
        }
        let members = Rc::new(members);
        self.objects.borrow_mut().insert(start, Rc::clone(&members));
        members
    }

    /// The element offsets of the array at `start` (scanned once).
    fn elements(&self, start: usize) -> Rc<Vec<usize>> {
        if let Some(e) = self.arrays.borrow().get(&start) {
            return Rc::clone(e);
        }
        let b = self.text.as_bytes();
        let mut elements = Vec::new();
        let mut i = start + 1;
        loop {
            i = skip_ws(b, i);
            match b.get(i) {
                Some(b']') | None => break,
                Some(b',') => {
                    i += 1;
                    continue;
                }
                _ => {}
            }
            elements.push(i);
            match skip_value(b, i) {
                Some(next) => i = next,
                None => break,
            }
        }
        let elements = Rc::new(elements);
        self.arrays.borrow_mut().insert(start, Rc::clone(&elements));
        elements
    }
}

// ---- JSON ----

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// Reads a JSON string starting at `i` (on the quote); returns its unescaped text and the index after it.
fn read_string(b: &[u8], mut i: usize) -> Option<(String, usize)> {
    if b.get(i) != Some(&b'"') {
        return None;
    }
    i += 1;
    let start = i;
    let mut escaped = false;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                escaped = true;
                i += 2;
            }
            b'"' => {
                let raw = std::str::from_utf8(&b[start..i]).ok()?;
                let s =
                    if escaped { serde_json::from_str::<String>(&format!("\"{raw}\"")).ok()? } else { raw.to_owned() };
                return Some((s, i + 1));
            }
            _ => i += 1,
        }
    }
    None
}

/// Skips one JSON value starting at `i`, iteratively (no recursion, so deep nesting is safe).
fn skip_value(b: &[u8], mut i: usize) -> Option<usize> {
    let mut depth = 0usize;
    loop {
        i = skip_ws(b, i);
        match *b.get(i)? {
            b'"' => i = read_string(b, i)?.1,
            b'{' | b'[' => {
                depth += 1;
                i += 1;
                continue;
            }
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                i += 1;
            }
            b',' | b':' => {
                i += 1;
                continue;
            }
            _ => {
                while i < b.len() && !matches!(b[i], b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t') {
                    i += 1;
                }
            }
        }
        if depth == 0 {
            return Some(i);
        }
    }
}

// ---- YAML ----

/// A non-blank, non-comment line, with a leading `- ` counted as indentation.
struct YamlLine<'a> {
    /// Byte offset of the content (after any dash).
    offset: usize,
    /// Column of the content.
    indent: usize,
    /// Column of the sequence dash, when the line starts an item.
    dash: Option<usize>,
    content: &'a str,
}

fn yaml_lines(text: &str) -> Vec<YamlLine<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start_matches(' ');
        let lead = line.len() - trimmed.len();
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            let (dash, content, indent) = if trimmed == "-" {
                (Some(lead), "", lead + 2)
            } else if let Some(rest) = trimmed.strip_prefix("- ") {
                let rest_trimmed = rest.trim_start_matches(' ');
                (Some(lead), rest_trimmed, lead + 2 + rest.len() - rest_trimmed.len())
            } else {
                (None, trimmed, lead)
            };
            out.push(YamlLine { offset: offset + indent, indent, dash, content });
        }
        offset += raw.len();
    }
    out
}

fn yaml_key(content: &str) -> Option<String> {
    if let Some(rest) = content.strip_prefix(['\'', '"']) {
        let quote = content.as_bytes()[0] as char;
        let end = rest.find(quote)?;
        let key = &rest[..end];
        return rest[end + 1..].trim_start().starts_with(':').then(|| {
            if quote == '\'' {
                key.replace("''", "'")
            } else {
                key.to_owned()
            }
        });
    }
    let colon = content.find(": ").or_else(|| content.strip_suffix(':').map(str::len))?;
    Some(content[..colon].trim_end().to_owned())
}

fn yaml_offset(lines: &[YamlLine<'_>], tokens: &[String]) -> Option<usize> {
    let mut range = 0..lines.len();
    let mut found = lines.first().map_or(0, |l| l.offset);
    for token in tokens {
        let Some(col) = lines[range.clone()].iter().map(|l| l.indent).min() else { return Some(found) };
        let item_dash = col.checked_sub(2);
        let is_item = |l: &YamlLine<'_>| l.dash.is_some() && l.dash == item_dash;
        let index = token.parse::<usize>().ok();
        if let (Some(index), true) = (index, lines[range.clone()].iter().any(is_item)) {
            let Some(k) = range.clone().filter(|&k| is_item(&lines[k])).nth(index) else { return Some(found) };
            let end = (k + 1..range.end).find(|&j| is_item(&lines[j]) || lines[j].indent < col).unwrap_or(range.end);
            found = lines[k].offset;
            range = k..end;
            continue;
        }
        let Some(k) = range
            .clone()
            .find(|&k| lines[k].indent == col && yaml_key(lines[k].content).as_deref() == Some(token.as_str()))
        else {
            return Some(found);
        };
        let end = (k + 1..range.end).find(|&j| lines[j].indent <= col).unwrap_or(range.end);
        found = lines[k].offset;
        range = k + 1..end;
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc(text: &str, p: &[&str]) -> (usize, usize) {
        let source = Source::new("t", text);
        let mut ptr = Pointer::root();
        for t in p {
            ptr = ptr.push(t);
        }
        let l = Locator::new(&source).find(&ptr).unwrap();
        (l.line, l.column)
    }

    #[test]
    fn json_pointer_to_nested_value() {
        let text = "{\n  \"a\": {\"x\": 1},\n  \"paths\": {\n    \"/p\": [10, {\"k\": \"v\"}]\n  }\n}";
        assert_eq!(loc(text, &["paths", "/p", "1", "k"]), (4, 17));
        assert_eq!(loc(text, &["paths", "/p", "1"]), (4, 16));
        assert_eq!(loc(text, &["a", "x"]), (2, 9));
        // Not there: the nearest ancestor.
        assert_eq!(loc(text, &["paths", "/q"]), (3, 3));
    }

    #[test]
    fn yaml_pointer_to_nested_key() {
        let text = "openapi: 3.0.0\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        name:\n          type: string\n    B:\n      enum:\n        - x\n        - y\n";
        assert_eq!(loc(text, &["components", "schemas", "A", "properties", "name"]), (7, 9));
        assert_eq!(loc(text, &["components", "schemas", "B"]), (9, 5));
        assert_eq!(loc(text, &["components", "schemas", "B", "enum", "1"]), (12, 11));
    }

    #[test]
    fn yaml_sequence_of_mappings() {
        let text = "paths:\n  /a:\n    get:\n      parameters:\n        - name: x\n          in: query\n        - $ref: '#/c'\n          description: d\n";
        assert_eq!(loc(text, &["paths", "/a", "get", "parameters", "1"]), (7, 11));
        assert_eq!(loc(text, &["paths", "/a", "get", "parameters", "0", "in"]), (6, 11));
        assert_eq!(loc(text, &["paths", "/a", "get", "parameters", "1", "description"]), (8, 11));
    }

    /// A minified document is one line of megabytes (APIs.guru's loket.nl: 6 MB and 2,204 warnings): a column must
    /// not be counted from the start of the line for every lookup (that took seconds, quadratic in the line).
    #[test]
    fn locating_many_pointers_in_a_one_line_document_is_not_quadratic() {
        let n = 600_000;
        let text = format!("{{\"a\":[{}]}}", vec!["{\"k\":\"é\"}"; n].join(","));
        let source = Source::new("one-line.json", text);
        let locator = Locator::new(&source);
        let started = std::time::Instant::now();
        for i in (0..n).step_by(6) {
            let at = locator.find(&Pointer::root().push("a").push(&i.to_string()).push("k"));
            // `[` is column 6, each element `{"k":"é"},` is 10 characters and its key is 1 after its start.
            assert_eq!(at, Some(Location { line: 1, column: 6 + 10 * i + 2 }), "element {i}");
        }
        let took = started.elapsed();
        // Generous for a debug build on a shared machine; counting from the line's start took minutes here.
        assert!(took < std::time::Duration::from_secs(10), "took {took:?}");
    }

    #[test]
    fn a_shared_locator_answers_like_fresh_ones() {
        let text = "{\n  \"a\": {\"x\": [1, {\"k\": 2}], \"y\": 3, \"x\": [9]},\n  \"b\": [ {\"c\": {}} , 4 ],\n  \"é\": {\"ü\": 1}\n}";
        let source = Source::new("t.json", text);
        let pointers: Vec<Pointer> = [
            &["a", "x", "0"][..],
            &["b", "0", "c"],
            &["a", "y"],
            &["a", "x", "1", "k"],
            &["b", "1"],
            &["é", "ü"],
            &["a", "missing", "deeper"],
            &["b", "7"],
            &[],
        ]
        .iter()
        .map(|tokens| tokens.iter().fold(Pointer::root(), |p, t| p.push(t)))
        .collect();
        let shared = Locator::new(&source);
        for order in [pointers.clone(), pointers.iter().rev().cloned().collect()] {
            for p in &order {
                assert_eq!(shared.find(p), Locator::new(&source).find(p), "{p}");
            }
        }
        // A repeated key is found where parsing takes it from: the last occurrence.
        let x = Pointer::root().push("a").push("x").push("0");
        assert_eq!(shared.find(&x).map(|l| (l.line, l.column)), Some((2, 43)));
        assert_eq!(shared.find(&Pointer::root().push("é").push("ü")).map(|l| (l.line, l.column)), Some((4, 9)));
    }
}
