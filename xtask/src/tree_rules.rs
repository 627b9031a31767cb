//! The tree's rules, checked over the Rust sources under `crates/` by the test at the end of this file
//! (`cargo test -p xtask tree_rules`):
//!
//! 1. no function longer than [`MAX_FN_LINES`] lines, counted from the line of `fn` to the line of its closing brace
//!    (doc comments and attributes above it not counted), in code that is not test code: files under a `tests/`
//!    directory, items behind `#[cfg(test)]` (or `#[cfg(all(test, ..))]`) and the files of such modules are left out;
//! 2. no file under [`FILE_LIMIT_UNDER`] longer than [`MAX_FILE_LINES`] lines (all lines, tests included);
//! 3. no import circle between the files of one crate (see below);
//! 4. no file under [`PLAN`] names anything of its crate outside `plan/` (a `crate::` path that is not
//!    `crate::plan::..`, a `super::` above `plan/`; test code left out), except the leaf utilities of
//!    [`PLAN_MAY_USE`], which themselves import nothing from their crate but each other (checked: a use of anything
//!    else is reported as `leaf ..`).
//!
//! Each violation is one line (`fn <file>:<line> <name>: <n> lines`, `file <file>: <n> lines`,
//! `circle <file> -> <file> -> .. -> <first file>`, `upward <file> uses crate::<path>`, `leaf <file> uses <file>`,
//! `leaf crate::<module> does not exist`). [`KNOWN`] lists those the tree has today: the test fails on a violation
//! missing from it and on an entry that no longer occurs, so the list only shrinks. To regenerate it, run
//! `TREE_RULES_PRINT=1 cargo test -p xtask tree_rules -- --nocapture` (or read the failure message, which ends with
//! the current list) and paste the printed `KNOWN`; `TREE_RULES_PRINT=edges` prints every import edge with the path
//! that makes it.
//!
//! # The source scanner
//!
//! Comments (nested block comments included), string literals (`".."`, `b".."`, raw strings `r#".."#` with any
//! number of `#`) and character literals (`'{'`, `'\''`, `b'"'`, `'\u{7b}'`) are blanked out first, line breaks
//! kept; a `'` not closing a one-character literal is a lifetime or a label (`'a`, `'static`). The rest is cut into
//! identifiers, `::` and single punctuation characters; braces are matched on those. The bodies of `quote!`,
//! `quote_spanned!`, `parse_quote!` and `parse_quote_spanned!` are generated code, not the crate's, and are blanked
//! too.
//!
//! # What is an import edge (rule 3)
//!
//! The files of a crate are those its root (`src/lib.rs`, `src/main.rs`, `src/bin/*.rs`, each a crate of its own)
//! reaches through `mod name;` declarations (`name.rs` or `name/mod.rs` beside the declaring file, or in its
//! directory for a non-`mod.rs` file). File A has an edge to file B when A's code names an item that B defines:
//!
//! - a path is resolved segment by segment: `crate` is the root's file, `self` A's own module, `super` the module
//!   above, a name declared with `mod` the child's file; so a path names the deepest module file that exists
//!   (`crate::a::b::C` is `src/a/b.rs` or `src/a/b/mod.rs` when `b` is a module, else `src/a.rs`);
//! - a name that a file imports (`use x::C;`, `use x::C as D;`, `use x::{self, C}`, a `use x::*` glob when the glob's
//!   module defines or imports the name) is followed to where it comes from: `crate::Diagnostic` re-exported by
//!   `lib.rs` from `diag.rs` names `diag.rs`, not `lib.rs`;
//! - the paths counted are every `use` of the file (in any block) and every path in its code that starts with
//!   `crate::`, `self::`, `super::`, a child module's name or an imported name;
//! - a private `use` is an edge to what it names (the compiler warns about one that is not used); a `pub use` (any
//!   visibility) only forwards a name, and is an edge only when the file's own code also uses the name: the name
//!   outside `use` declarations, not after `.`, `::` or a declaring keyword (`fn`, `mod`, `let`, ..), not before a
//!   single `:` and, when it is not capitalised (so that a local variable of that name is not taken for it), called
//!   or starting a path (`items(..)`, `path::..`); a `pub use` glob is never one;
//! - declaring a module (`mod child;`) is not an edge; paths in test code, `$crate::` paths of macro templates and
//!   paths into other crates are not counted; an edge from a file to itself is none.
//!
//! So a child that uses an item of its parent `mod.rs` is no circle by itself, but it is one when the `mod.rs` also
//! uses an item of the child. Every edge that lies on a circle is reported with the shortest circle through it
//! (listing every elementary circle instead would make hundreds of lines where one hub closes many loops); each circle
//! is written from its smallest file.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;

/// The longest function allowed, in lines.
pub const MAX_FN_LINES: usize = 150;
/// The longest file allowed under [`FILE_LIMIT_UNDER`], in lines.
pub const MAX_FILE_LINES: usize = 800;
/// Where the file length rule applies.
pub const FILE_LIMIT_UNDER: &str = "crates/oagen-rust/src/";
/// The files that may not name anything of their crate outside this directory.
pub const PLAN: &str = "crates/oagen-rust/src/plan/";
/// The modules at the root of `oagen-rust` that `plan/` may use: leaf utilities (identifiers and the keyword lists;
/// the package and library names of a generated crate, which only use `ident`).
pub const PLAN_MAY_USE: &[&str] = &["crate_name", "ident"];

/// The violations the tree has today, exactly as [`violations`] prints them. Other work is removing them; an entry
/// that no longer occurs fails the test until it is taken out (regenerate with `TREE_RULES_PRINT=1`, see the module
/// docs).
pub const KNOWN: &[&str] = &[];

const QUOTE_MACROS: &[&str] = &["quote", "quote_spanned", "parse_quote", "parse_quote_spanned"];

/// Every violation of the rules under `root/crates`, one line each, sorted by rule, then by text.
pub fn violations(root: &Path) -> Vec<String> {
    let sources = read_sources(&root.join("crates"), "crates");
    violations_in(&sources)
}

/// Every import edge of every crate under `root/crates`, one line each (`<file> -> <file> (<path>)`, the path being the
/// first that names the second file), to see why a circle is reported: `TREE_RULES_PRINT=edges`.
pub fn edges(root: &Path) -> Vec<String> {
    let sources = read_sources(&root.join("crates"), "crates");
    crate_roots(&sources).iter().flat_map(|r| Graph::new(&sources, r).edge_lines()).collect()
}

/// [`violations`] over sources given by path (relative to the repository, `/`-separated).
pub fn violations_in(sources: &BTreeMap<String, String>) -> Vec<String> {
    let scanned: BTreeMap<&str, Scanned> = sources.iter().map(|(p, s)| (p.as_str(), Scanned::new(s))).collect();
    let test_files = test_only_files(sources, &scanned);
    let mut long_fns = Vec::new();
    let mut long_files = Vec::new();
    for (path, scan) in &scanned {
        let is_test = path.split('/').any(|c| c == "tests") || test_files.iter().any(|t| is_within(path, t));
        if !is_test {
            for f in functions(&scan.code, &scan.toks) {
                if f.lines > MAX_FN_LINES {
                    long_fns.push(format!("fn {path}:{} {}: {} lines", f.line, f.name, f.lines));
                }
            }
        }
        let lines = sources[*path].lines().count();
        if path.starts_with(FILE_LIMIT_UNDER) && lines > MAX_FILE_LINES {
            long_files.push(format!("file {path}: {lines} lines"));
        }
    }
    let mut circles = BTreeSet::new();
    let mut upward = BTreeSet::new();
    for root in crate_roots(sources) {
        let graph = Graph::new(sources, &root);
        circles.extend(graph.circles());
        if root == "crates/oagen-rust/src/lib.rs" {
            upward.extend(graph.upward(PLAN, PLAN_MAY_USE));
        }
    }
    long_fns.sort();
    long_files.sort();
    long_fns.into_iter().chain(long_files).chain(circles).chain(upward).collect()
}

/// Whether `path` is the file `test` or inside the directory of its module (`a/tests.rs` holds `a/tests/..`).
fn is_within(path: &str, test: &str) -> bool {
    let dir = test.strip_suffix("/mod.rs").or_else(|| test.strip_suffix(".rs")).unwrap_or(test);
    path == test || path.starts_with(&format!("{dir}/"))
}

/// Every `.rs` file under `dir` (not in `target` or hidden directories), keyed by `prefix/` + its path.
fn read_sources(dir: &Path, prefix: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let path = e.path();
        if path.is_dir() {
            if name != "target" && !name.starts_with('.') {
                out.extend(read_sources(&path, &format!("{prefix}/{name}")));
            }
        } else if name.ends_with(".rs") {
            // A file being rewritten by someone else may be missing for a moment: it is skipped.
            if let Ok(text) = std::fs::read_to_string(&path) {
                out.insert(format!("{prefix}/{name}"), text);
            }
        }
    }
    out
}

/// The files of modules declared under `#[cfg(test)]` (`#[cfg(test)] mod tests;`).
fn test_only_files(sources: &BTreeMap<String, String>, scanned: &BTreeMap<&str, Scanned>) -> Vec<String> {
    let mut out = Vec::new();
    for (path, scan) in scanned {
        for name in &scan.test_modules {
            if let Some(child) = child_file(sources, path, name) {
                out.push(child);
            }
        }
    }
    out
}

/// The roots of the crates under `crates/`: `src/lib.rs`, `src/main.rs` and `src/bin/*.rs`.
fn crate_roots(sources: &BTreeMap<String, String>) -> Vec<String> {
    sources
        .keys()
        .filter(|p| {
            let parts: Vec<&str> = p.split('/').collect();
            match parts.as_slice() {
                ["crates", _, "src", "lib.rs" | "main.rs"] => true,
                ["crates", _, "src", "bin", file] => file.ends_with(".rs"),
                _ => false,
            }
        })
        .cloned()
        .collect()
}

/// The file of module `name` declared in `file`: `name.rs` or `name/mod.rs` in the directory of its children.
fn child_file(sources: &BTreeMap<String, String>, file: &str, name: &str) -> Option<String> {
    let name = name.strip_prefix("r#").unwrap_or(name);
    let (dir, base) = file.rsplit_once('/').unwrap_or(("", file));
    let children = match base {
        "mod.rs" | "lib.rs" | "main.rs" => dir.to_owned(),
        _ if dir.ends_with("/bin") => dir.to_owned(),
        _ => format!("{dir}/{}", base.trim_end_matches(".rs")),
    };
    [format!("{children}/{name}.rs"), format!("{children}/{name}/mod.rs")].into_iter().find(|c| sources.contains_key(c))
}

// ---------------------------------------------------------------------------------------------------------------
// The scanner.

/// One token of code: an identifier, a number, `::` or one punctuation character, at a character index.
#[derive(Debug, Clone, PartialEq)]
struct Tok {
    text: String,
    pos: usize,
}

impl Tok {
    fn is(&self, text: &str) -> bool {
        self.text == text
    }

    fn is_ident(&self) -> bool {
        self.text.chars().next().is_some_and(is_ident_start)
    }
}

/// A file's code: literals and comments blanked, test items and quoted templates removed, and its tokens.
struct Scanned {
    code: Vec<char>,
    toks: Vec<Tok>,
    /// Modules declared under `#[cfg(test)]` without a body (their files are test code).
    test_modules: Vec<String>,
}

impl Scanned {
    fn new(src: &str) -> Scanned {
        let mut code = code_only(src);
        let test_modules = strip_test_items(&mut code);
        blank_quoted(&mut code);
        let toks = tokenize(&code);
        Scanned { code, toks, test_modules }
    }
}

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_ident_continue(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Replaces `code[from..to]` by spaces, line breaks kept.
fn blank(code: &mut [char], from: usize, to: usize) {
    let to = to.min(code.len());
    for c in &mut code[from..to] {
        if *c != '\n' {
            *c = ' ';
        }
    }
}

/// The source with every comment and string, byte string, raw string and character literal replaced by spaces
/// (line breaks kept, so that positions and lines stay those of the source).
fn code_only(src: &str) -> Vec<char> {
    let s: Vec<char> = src.chars().collect();
    let mut out = s.clone();
    let at = |i: usize| s.get(i).copied();
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if c == '/' && at(i + 1) == Some('/') {
            let end = s[i..].iter().position(|&c| c == '\n').map_or(s.len(), |p| i + p);
            blank(&mut out, i, end);
            i = end;
        } else if c == '/' && at(i + 1) == Some('*') {
            let (mut depth, mut j) = (0usize, i);
            while j < s.len() {
                if s[j] == '/' && at(j + 1) == Some('*') {
                    depth += 1;
                    j += 2;
                } else if s[j] == '*' && at(j + 1) == Some('/') {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            blank(&mut out, i, j);
            i = j;
        } else if c == '"' {
            let mut j = i + 1;
            while j < s.len() && s[j] != '"' {
                j += if s[j] == '\\' { 2 } else { 1 };
            }
            blank(&mut out, i, j + 1);
            i = j + 1;
        } else if c == '\'' {
            let end = if at(i + 1) == Some('\\') {
                // An escape: `'\''`, `'\\'`, `'\n'`, `'\u{7b}'`.
                let mut j = i + 3;
                while j < s.len() && s[j] != '\'' && s[j] != '\n' {
                    j += 1;
                }
                Some(j + 1)
            } else if at(i + 2) == Some('\'') && at(i + 1) != Some('\n') {
                Some(i + 3)
            } else {
                None // a lifetime or a label
            };
            match end {
                Some(end) => {
                    blank(&mut out, i, end);
                    i = end;
                }
                None => i += 1,
            }
        } else if is_ident_start(c) || c.is_ascii_digit() {
            let start = i;
            while i < s.len() && is_ident_continue(s[i]) {
                i += 1;
            }
            let word: String = s[start..i].iter().collect();
            if matches!(word.as_str(), "r" | "br" | "cr") {
                let mut j = i;
                while at(j) == Some('#') {
                    j += 1;
                }
                if at(j) == Some('"') {
                    let hashes = j - i;
                    let mut k = j + 1;
                    let end = loop {
                        if k >= s.len() {
                            break s.len();
                        }
                        if s[k] == '"' && (1..=hashes).all(|h| at(k + h) == Some('#')) {
                            break k + 1 + hashes;
                        }
                        k += 1;
                    };
                    blank(&mut out, start, end);
                    i = end;
                }
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Cuts code (literals and comments blanked) into tokens.
fn tokenize(code: &[char]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < code.len() {
        let c = code[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if is_ident_start(c) || c.is_ascii_digit() {
            while i < code.len() && is_ident_continue(code[i]) {
                i += 1;
            }
            // A raw identifier, `r#type`.
            if i == start + 1
                && c == 'r'
                && code.get(i) == Some(&'#')
                && code.get(i + 1).is_some_and(|&c| is_ident_start(c))
            {
                i += 1;
                while i < code.len() && is_ident_continue(code[i]) {
                    i += 1;
                }
            }
        } else if c == ':' && code.get(i + 1) == Some(&':') {
            i += 2;
        } else {
            i += 1;
        }
        out.push(Tok { text: code[start..i].iter().collect(), pos: start });
    }
    out
}

/// The index of the token closing the delimiter opened at `toks[open]` (the last token when it is never closed).
fn closing(toks: &[Tok], open: usize) -> usize {
    let (o, c) = match toks[open].text.as_str() {
        "(" => ("(", ")"),
        "[" => ("[", "]"),
        "{" => ("{", "}"),
        _ => return open,
    };
    let mut depth = 0usize;
    for (j, t) in toks.iter().enumerate().skip(open) {
        if t.is(o) {
            depth += 1;
        } else if t.is(c) {
            depth -= 1;
            if depth == 0 {
                return j;
            }
        }
    }
    toks.len() - 1
}

/// Whether `toks[k..]` starts an attribute `#[cfg(..)]` that holds only in tests (`cfg(test)`, `cfg(all(test, ..))`);
/// then the index of its `]`.
fn test_attribute(toks: &[Tok], k: usize) -> Option<usize> {
    let is = |i: usize, text: &str| toks.get(i).is_some_and(|t| t.is(text));
    if !(is(k, "#") && is(k + 1, "[") && is(k + 2, "cfg") && is(k + 3, "(")) {
        return None;
    }
    let close = closing(toks, k + 3);
    let inner = &toks[k + 4..close];
    let test_only = match inner {
        [t] => t.is("test"),
        [all, open, rest @ ..] if all.is("all") && open.is("(") => {
            let mut depth = 0usize;
            rest.iter().any(|t| {
                match t.text.as_str() {
                    "(" => depth += 1,
                    ")" => depth = depth.saturating_sub(1),
                    _ => {}
                }
                depth == 0 && t.is("test")
            })
        }
        _ => false,
    };
    (test_only && is(close + 1, "]")).then_some(close + 1)
}

/// Blanks every item behind a test-only `cfg` attribute; returns the names of the modules so declared without a
/// body (`#[cfg(test)] mod tests;`).
fn strip_test_items(code: &mut [char]) -> Vec<String> {
    let toks = tokenize(code);
    let mut modules = Vec::new();
    let mut ranges = Vec::new();
    let mut k = 0;
    while k < toks.len() {
        let Some(attr_end) = test_attribute(&toks, k) else {
            k += 1;
            continue;
        };
        let mut j = attr_end + 1;
        while j + 1 < toks.len() && toks[j].is("#") && toks[j + 1].is("[") {
            j = closing(&toks, j + 1) + 1;
        }
        let item = j;
        let mut depth = 0i32;
        while j < toks.len() {
            match toks[j].text.as_str() {
                "(" | "[" => depth += 1,
                ")" | "]" => depth -= 1,
                "{" if depth == 0 => {
                    j = closing(&toks, j);
                    break;
                }
                ";" if depth == 0 => break,
                _ => {}
            }
            j += 1;
        }
        let j = j.min(toks.len() - 1);
        if let Some(m) = toks[item..j].iter().position(|t| t.is("mod")) {
            if toks[j].is(";") && item + m + 2 == j {
                modules.push(toks[item + m + 1].text.clone());
            }
        }
        ranges.push((toks[k].pos, toks[j].pos + 1));
        k = j + 1;
    }
    for (from, to) in ranges {
        blank(code, from, to);
    }
    modules
}

/// Blanks the bodies of `quote!`-like macros: generated code, whose paths and items are not the crate's.
fn blank_quoted(code: &mut [char]) {
    let toks = tokenize(code);
    let mut ranges = Vec::new();
    let mut k = 0;
    while k + 2 < toks.len() {
        let open = &toks[k + 2];
        if QUOTE_MACROS.contains(&toks[k].text.as_str())
            && toks[k + 1].is("!")
            && ["(", "[", "{"].contains(&open.text.as_str())
        {
            let close = closing(&toks, k + 2);
            ranges.push((open.pos + 1, toks[close].pos));
            k = close;
        }
        k += 1;
    }
    for (from, to) in ranges {
        blank(code, from, to);
    }
}

/// A function with a body.
#[derive(Debug, PartialEq)]
struct Function {
    name: String,
    line: usize,
    lines: usize,
}

/// Every function with a body (nested ones too), with the line of `fn` and its length in lines up to its `}`.
fn functions(code: &[char], toks: &[Tok]) -> Vec<Function> {
    let mut newlines = Vec::new();
    for (i, c) in code.iter().enumerate() {
        if *c == '\n' {
            newlines.push(i);
        }
    }
    let line = |pos: usize| newlines.partition_point(|&n| n < pos) + 1;
    let mut out = Vec::new();
    for (k, t) in toks.iter().enumerate() {
        if !t.is("fn") || !toks.get(k + 1).is_some_and(Tok::is_ident) {
            continue;
        }
        let mut depth = 0i32;
        let mut body = None;
        for (j, u) in toks.iter().enumerate().skip(k + 2) {
            match u.text.as_str() {
                "(" | "[" => depth += 1,
                ")" | "]" => depth -= 1,
                "{" if depth == 0 => {
                    body = Some(j);
                    break;
                }
                ";" | "}" if depth == 0 => break,
                _ => {}
            }
        }
        if let Some(open) = body {
            let close = closing(toks, open);
            let (first, last) = (line(t.pos), line(toks[close].pos));
            out.push(Function { name: toks[k + 1].text.clone(), line: first, lines: last - first + 1 });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------------------------
// The import graph.

/// One name a `use` declaration brings in: the path it names (segments as written), the name it binds (`None` for a
/// glob or `as _`), whether it is a glob.
#[derive(Debug, Clone, PartialEq)]
struct Leaf {
    path: Vec<String>,
    bind: Option<String>,
    glob: bool,
}

/// A `use` declaration: its leaves, whether it is `pub` (any visibility), and its tokens `[from, to]`.
#[derive(Debug)]
struct UseDecl {
    leaves: Vec<Leaf>,
    public: bool,
    span: (usize, usize),
}

/// Every `use` declaration in `toks`.
fn use_decls(toks: &[Tok]) -> Vec<UseDecl> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < toks.len() {
        // `use<'a>` is a precise-capturing bound, not a declaration.
        if !toks[k].is("use") || toks.get(k + 1).is_some_and(|t| t.is("<")) {
            k += 1;
            continue;
        }
        let mut from = k;
        let mut public = false;
        if k >= 1 && toks[k - 1].is("pub") {
            public = true;
            from = k - 1;
        } else if k >= 1 && toks[k - 1].is(")") {
            if let Some(open) = (0..k - 1).rev().find(|&j| toks[j].is("(")) {
                if open >= 1 && toks[open - 1].is("pub") {
                    public = true;
                    from = open - 1;
                }
            }
        }
        let mut leaves = Vec::new();
        let end = use_tree(toks, k + 1, Vec::new(), &mut leaves);
        let end = (end..toks.len()).find(|&j| toks[j].is(";")).unwrap_or(toks.len() - 1);
        out.push(UseDecl { leaves, public, span: (from, end) });
        k = end + 1;
    }
    out
}

/// Reads one use tree at `toks[i..]` below `prefix` into `out`; returns the index after it.
fn use_tree(toks: &[Tok], mut i: usize, prefix: Vec<String>, out: &mut Vec<Leaf>) -> usize {
    let mut path = prefix;
    while let Some(t) = toks.get(i) {
        if t.is("::") {
            if path.is_empty() {
                path.push("::".to_owned()); // `::name`: another crate
            }
            i += 1;
        } else if t.is("*") {
            out.push(Leaf { path, bind: None, glob: true });
            return i + 1;
        } else if t.is("{") {
            i += 1;
            while let Some(t) = toks.get(i) {
                if t.is("}") {
                    return i + 1;
                }
                if t.is(",") {
                    i += 1;
                    continue;
                }
                let next = use_tree(toks, i, path.clone(), out);
                i = if next == i { i + 1 } else { next };
            }
            return i;
        } else if t.is_ident() {
            let is_self = t.is("self") && !path.is_empty();
            if !is_self {
                path.push(t.text.clone());
            }
            i += 1;
            if toks.get(i).is_some_and(|t| t.is("::")) && !is_self {
                continue;
            }
            let mut bind = path.last().cloned();
            if toks.get(i).is_some_and(|t| t.is("as")) {
                bind = toks.get(i + 1).map(|t| t.text.clone()).filter(|b| b != "_");
                i += 2;
            }
            out.push(Leaf { path, bind, glob: false });
            return i;
        } else {
            return i;
        }
    }
    i
}

/// A file of a crate as a module.
struct ModFile {
    path: String,
    /// Its module path from the root (`["client", "call"]`).
    module: Vec<String>,
    /// The file of the module above (none for the root).
    parent: Option<usize>,
    /// Child modules declared with `mod name;`, to their files.
    children: BTreeMap<String, usize>,
    uses: Vec<UseDecl>,
    /// Names of the items the file defines (`struct`, `enum`, `fn`, `trait`, `type`, `const`, `static`, `union`,
    /// `macro_rules!`).
    defined: BTreeSet<String>,
    toks: Vec<Tok>,
}

impl ModFile {
    /// The leaf that binds `name`, if the file imports it by name.
    fn binding(&self, name: &str) -> Option<&Leaf> {
        self.uses.iter().flat_map(|u| &u.leaves).find(|l| l.bind.as_deref() == Some(name))
    }

    /// Whether a token index is inside a `use` declaration.
    fn in_use(&self, k: usize) -> bool {
        self.uses.iter().any(|u| (u.span.0..=u.span.1).contains(&k))
    }

    /// Whether the file's code (outside `use` declarations) names `name` as an item: not after `.`, `::` or a keyword
    /// that declares a name, not before a single `:`, and, for a name that is not capitalised (a local variable may
    /// be called so), only where it is called or starts a path (`name(`, `name::`, `name!`).
    fn names(&self, name: &str) -> bool {
        const DECLARING: &[&str] =
            &[".", "::", "fn", "mod", "let", "struct", "enum", "trait", "type", "const", "static"];
        let capitalised = name.starts_with(char::is_uppercase);
        self.toks.iter().enumerate().any(|(k, t)| {
            let before = k.checked_sub(1).map(|b| self.toks[b].text.as_str());
            let after = self.toks.get(k + 1).map(|t| t.text.as_str());
            t.is(name)
                && !self.in_use(k)
                && !before.is_some_and(|b| DECLARING.contains(&b))
                && after != Some(":")
                && (capitalised || matches!(after, Some("(" | "::" | "!")))
        })
    }

    /// The paths in the file's code outside `use` declarations that start with `crate`, `self`, `super`, a child
    /// module or an imported name.
    fn code_paths(&self) -> Vec<Vec<String>> {
        let toks = &self.toks;
        let mut out = Vec::new();
        for (k, t) in toks.iter().enumerate() {
            if !t.is_ident() || !toks.get(k + 1).is_some_and(|n| n.is("::")) || self.in_use(k) {
                continue;
            }
            if k >= 1 && ["::", "$", "."].contains(&toks[k - 1].text.as_str()) {
                continue;
            }
            let first = t.text.as_str();
            let local = matches!(first, "crate" | "self" | "super")
                || self.children.contains_key(first)
                || self.binding(first).is_some();
            if !local {
                continue;
            }
            let mut path = vec![t.text.clone()];
            let mut j = k + 1;
            while toks.get(j).is_some_and(|t| t.is("::")) && toks.get(j + 1).is_some_and(Tok::is_ident) {
                path.push(toks[j + 1].text.clone());
                j += 2;
            }
            out.push(path);
        }
        out
    }
}

/// What a path names: a file, and whether the whole path was modules (so that a further segment is looked up in it).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Target {
    file: usize,
    module: bool,
}

/// The files of one crate and the edges between them.
struct Graph {
    files: Vec<ModFile>,
    /// For each file, the files it has an edge to, each with the first path (as written) that names it.
    edges: BTreeMap<usize, BTreeMap<usize, String>>,
}

impl Graph {
    /// Reads the crate whose root is `root` from `sources`.
    fn new(sources: &BTreeMap<String, String>, root: &str) -> Graph {
        let mut files: Vec<ModFile> = Vec::new();
        let mut queue = VecDeque::from([(root.to_owned(), Vec::<String>::new(), None::<usize>)]);
        while let Some((path, module, parent)) = queue.pop_front() {
            if files.iter().any(|f| f.path == path) {
                continue;
            }
            let Some(text) = sources.get(&path) else { continue };
            let scan = Scanned::new(text);
            let toks = scan.toks;
            let index = files.len();
            // Items at the top of the file only (not methods, nor items inside functions).
            let mut defined = BTreeSet::new();
            let mut depth = 0usize;
            for (k, t) in toks.iter().enumerate() {
                match t.text.as_str() {
                    "{" => depth += 1,
                    "}" => depth = depth.saturating_sub(1),
                    _ => {}
                }
                let kinds = ["struct", "enum", "fn", "trait", "type", "const", "static", "union", "mod"];
                if depth == 0 && kinds.contains(&t.text.as_str()) && toks.get(k + 1).is_some_and(Tok::is_ident) {
                    defined.insert(toks[k + 1].text.clone());
                }
                if depth == 0 && t.is("macro_rules") && toks.get(k + 2).is_some_and(Tok::is_ident) {
                    defined.insert(toks[k + 2].text.clone());
                }
            }
            for (k, t) in toks.iter().enumerate() {
                let declares = t.is("mod")
                    && toks.get(k + 1).is_some_and(Tok::is_ident)
                    && toks.get(k + 2).is_some_and(|t| t.is(";"));
                if declares {
                    let name = toks[k + 1].text.clone();
                    if let Some(child) = child_file(sources, &path, &name) {
                        let mut m = module.clone();
                        m.push(name.trim_start_matches("r#").to_owned());
                        queue.push_back((child, m, Some(index)));
                    }
                }
            }
            let uses = use_decls(&toks);
            files.push(ModFile { path, module, parent, children: BTreeMap::new(), uses, defined, toks });
        }
        // Children by module path (a file is queued before its children are read).
        for i in 0..files.len() {
            if let Some(p) = files[i].parent {
                let name = files[i].module.last().cloned().unwrap_or_default();
                files[p].children.insert(name, i);
            }
        }
        let mut graph = Graph { files, edges: BTreeMap::new() };
        for a in 0..graph.files.len() {
            let targets = graph.file_edges(a);
            graph.edges.insert(a, targets);
        }
        graph
    }

    /// The files that file `a` has an edge to, each with the first path that names it.
    fn file_edges(&self, a: usize) -> BTreeMap<usize, String> {
        let f = &self.files[a];
        let mut out = BTreeMap::new();
        let mut paths = Vec::new();
        for u in &f.uses {
            for leaf in &u.leaves {
                if u.public && (leaf.glob || !leaf.bind.as_deref().is_some_and(|b| f.names(b))) {
                    continue;
                }
                paths.push((&leaf.path, if leaf.glob { "::*" } else { "" }));
            }
        }
        let in_code = f.code_paths();
        paths.extend(in_code.iter().map(|p| (p, "")));
        for (path, glob) in paths {
            if let Some(t) = self.resolve(a, path) {
                if t.file != a {
                    out.entry(t.file).or_insert_with(|| format!("{}{glob}", path.join("::")));
                }
            }
        }
        out
    }

    /// Every edge, one line each: `<file> -> <file> (<path>)`.
    fn edge_lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (&a, targets) in &self.edges {
            for (&b, why) in targets {
                out.push(format!("{} -> {} ({why})", self.files[a].path, self.files[b].path));
            }
        }
        out
    }

    /// What `path`, written in file `at`, names; `None` when it is not of this crate.
    fn resolve(&self, at: usize, path: &[String]) -> Option<Target> {
        self.lookup(at, path, 0, true)
    }

    /// What `path` names in file `at`: as written there when `written` (a first name the file does not know is
    /// another crate's), else below a module reached in it (a name the file does not know is its own item).
    fn lookup(&self, at: usize, path: &[String], depth: usize, written: bool) -> Option<Target> {
        let Some((first, rest)) = path.split_first() else { return Some(Target { file: at, module: true }) };
        if depth > 32 {
            return Some(Target { file: at, module: false });
        }
        let f = &self.files[at];
        match first.as_str() {
            "crate" => return self.lookup(0, rest, depth + 1, false),
            "self" => return self.lookup(at, rest, depth + 1, false),
            "super" => return self.lookup(f.parent.unwrap_or(0), rest, depth + 1, false),
            _ => {}
        }
        if let Some(&child) = f.children.get(first.trim_start_matches("r#")) {
            return self.lookup(child, rest, depth + 1, false);
        }
        if f.defined.contains(first) {
            return Some(Target { file: at, module: false });
        }
        if let Some(leaf) = f.binding(first) {
            let t = self.lookup(at, &leaf.path, depth + 1, true)?;
            return match (t.module, rest.is_empty()) {
                (true, false) => self.lookup(t.file, rest, depth + 1, false),
                _ => Some(t),
            };
        }
        for glob in f.uses.iter().flat_map(|u| &u.leaves).filter(|l| l.glob) {
            let Some(g) = self.lookup(at, &glob.path, depth + 1, true) else { continue };
            let there = &self.files[g.file];
            let provides = there.defined.contains(first)
                || there.children.contains_key(first.as_str())
                || there.binding(first).is_some();
            if g.module && g.file != at && provides {
                return self.lookup(g.file, path, depth + 1, false);
            }
        }
        (!written).then_some(Target { file: at, module: false })
    }

    /// The shortest circle through every edge that lies on one, written from its smallest file.
    fn circles(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for (&from, targets) in &self.edges {
            for &to in targets.keys() {
                let Some(back) = self.shortest_path(to, from) else { continue };
                let mut circle: Vec<usize> = std::iter::once(from).chain(back).collect();
                circle.pop(); // `from` again
                let names: Vec<&str> = circle.iter().map(|&i| self.files[i].path.as_str()).collect();
                let start = (0..names.len()).min_by_key(|&i| names[i]).unwrap_or(0);
                let mut rotated: Vec<&str> = names[start..].iter().chain(&names[..start]).copied().collect();
                rotated.push(rotated[0]);
                out.insert(format!("circle {}", rotated.join(" -> ")));
            }
        }
        out
    }

    /// The shortest path of edges from `from` to `to` (both included), the first in file order among equals.
    fn shortest_path(&self, from: usize, to: usize) -> Option<Vec<usize>> {
        let mut before: BTreeMap<usize, usize> = BTreeMap::new();
        let mut queue = VecDeque::from([from]);
        let mut seen = BTreeSet::from([from]);
        while let Some(n) = queue.pop_front() {
            if n == to {
                let mut path = vec![to];
                let mut at = to;
                while let Some(&p) = before.get(&at) {
                    path.push(p);
                    at = p;
                }
                path.reverse();
                return Some(path);
            }
            let mut next: Vec<usize> = self.edges.get(&n).into_iter().flat_map(|t| t.keys()).copied().collect();
            next.sort_by_key(|&i| self.files[i].path.as_str());
            for m in next {
                if seen.insert(m) {
                    before.insert(m, n);
                    queue.push_back(m);
                }
            }
        }
        None
    }

    /// The path `path` written in file `at` as a path from the crate root, when it names something of this crate.
    fn absolute(&self, at: usize, path: &[String], depth: usize) -> Option<Vec<String>> {
        let (first, rest) = path.split_first()?;
        let f = &self.files[at];
        let mut base = match first.as_str() {
            "crate" => return Some(rest.to_vec()),
            "self" => f.module.clone(),
            "super" => {
                let up = f.parent.map(|p| self.files[p].module.clone()).unwrap_or_default();
                return match rest.first().map(String::as_str) {
                    Some("super") if depth < 32 => self.absolute(f.parent.unwrap_or(0), rest, depth + 1),
                    _ => Some(up.into_iter().chain(rest.iter().cloned()).collect()),
                };
            }
            name if f.children.contains_key(name) => {
                let mut m = f.module.clone();
                m.push(name.to_owned());
                m
            }
            name => match f.binding(name) {
                Some(leaf) if depth < 32 && !f.defined.contains(name) => self.absolute(at, &leaf.path, depth + 1)?,
                _ => return None,
            },
        };
        base.extend(rest.iter().cloned());
        Some(base)
    }

    /// Rule 4: what the files under `dir` name of the crate outside it (but the modules of `allowed`), and what the
    /// allowed modules' files use besides each other.
    fn upward(&self, dir: &str, allowed: &[&str]) -> BTreeSet<String> {
        let inside = dir.trim_end_matches('/').rsplit('/').next().unwrap_or(dir);
        let mut out = BTreeSet::new();
        if !self.files.iter().any(|f| f.path.starts_with(dir)) {
            return out;
        }
        for (i, f) in self.files.iter().enumerate() {
            if !f.path.starts_with(dir) {
                continue;
            }
            let written = f.uses.iter().flat_map(|u| &u.leaves).map(|l| (l.path.clone(), l.glob));
            let in_code = f.code_paths().into_iter().filter(|p| f.binding(&p[0]).is_none()).map(|p| (p, false));
            for (path, glob) in written.chain(in_code) {
                let Some(abs) = self.absolute(i, &path, 0) else { continue };
                let top = abs.first().map(String::as_str);
                if top == Some(inside) || top.is_some_and(|t| allowed.contains(&t)) {
                    continue;
                }
                let shown = std::iter::once("crate").chain(abs.iter().map(String::as_str)).collect::<Vec<_>>();
                out.insert(format!("upward {} uses {}{}", f.path, shown.join("::"), if glob { "::*" } else { "" }));
            }
        }
        let allowed_files: BTreeSet<usize> =
            allowed.iter().filter_map(|m| self.files.iter().position(|f| f.module == [m.to_string()])).collect();
        for &a in &allowed_files {
            for b in self.edges.get(&a).into_iter().flat_map(|t| t.keys()) {
                if !allowed_files.contains(b) {
                    out.insert(format!("leaf {} uses {}", self.files[a].path, self.files[*b].path));
                }
            }
        }
        for m in allowed {
            if !self.files.iter().any(|f| f.module == [m.to_string()]) {
                out.insert(format!("leaf crate::{m} does not exist"));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blanked(src: &str) -> String {
        code_only(src).into_iter().collect()
    }

    fn fns(src: &str) -> Vec<(String, usize, usize)> {
        let scan = Scanned::new(src);
        functions(&scan.code, &scan.toks).into_iter().map(|f| (f.name, f.line, f.lines)).collect()
    }

    fn crate_of(files: &[(&str, &str)]) -> BTreeMap<String, String> {
        files.iter().map(|(p, s)| (format!("crates/c/src/{p}"), s.to_string())).collect()
    }

    fn edges(files: &[(&str, &str)]) -> Vec<String> {
        let sources = crate_of(files);
        Graph::new(&sources, "crates/c/src/lib.rs")
            .edge_lines()
            .iter()
            .map(|e| e.replace("crates/c/src/", ""))
            .collect()
    }

    fn circles(files: &[(&str, &str)]) -> Vec<String> {
        let sources = crate_of(files);
        Graph::new(&sources, "crates/c/src/lib.rs")
            .circles()
            .into_iter()
            .map(|c| c.replace("crates/c/src/", ""))
            .collect()
    }

    /// `src` with the first occurrence of each of `literals` replaced by spaces (line breaks kept).
    fn without(src: &str, literals: &[&str]) -> String {
        let mut out = src.to_owned();
        for l in literals {
            let at = out.find(l).expect("the literal is in the source");
            let spaces: String = l.chars().map(|c| if c == '\n' { '\n' } else { ' ' }).collect();
            out.replace_range(at..at + l.len(), &spaces);
        }
        out
    }

    #[test]
    fn literals_and_comments_are_blanked() {
        let cases: &[(&str, &[&str])] = &[
            (r#"a("{") b"#, &[r#""{""#]),
            (r#"x = "a\"{" ;"#, &[r#""a\"{""#]),
            (r"c = '{'; d = '\''; e = '\u{7b}'; f = '\\';", &["'{'", r"'\''", r"'\u{7b}'", r"'\\'"]),
            ("fn f<'a>(x: &'a str) -> &'static str { 'l: loop {} }", &[]),
            (r##"r#"{ "x" }"#.len()"##, &[r##"r#"{ "x" }"#"##]),
            (r###"r##"a"# {"##;"###, &[r###"r##"a"# {"##"###]),
            (r#"br"}" b"{" b'{'"#, &[r#"br"}""#, r#""{""#, "'{'"]),
            (r##"let r#type = 1; r#"}"#"##, &[r##"r#"}"#"##]),
            ("a // {\nb /* { /* } */ { */ c", &["// {", "/* { /* } */ { */"]),
            ("\"line\n{\" x", &["\"line\n{\""]),
        ];
        for (src, literals) in cases {
            assert_eq!(blanked(src), without(src, literals), "{src}");
        }
    }

    #[test]
    fn functions_are_measured_to_their_closing_brace() {
        let src = "/// Docs.\n#[inline]\npub fn one() {\n    let s = \"}\";\n    let c = '}';\n}\n";
        assert_eq!(fns(src), [("one".to_owned(), 3, 4)]);
        let src =
            "fn outer<'a>(x: &'a [u8; 2]) -> impl Fn() -> u8 {\n    fn inner() {}\n    || r#\"}\"#.len() as u8\n}";
        assert_eq!(fns(src), [("outer".to_owned(), 1, 4), ("inner".to_owned(), 2, 1)]);
        // Declarations without a body, function pointer types and quoted templates are not functions.
        let src = "trait T { fn f(&self); fn g() {} }\ntype F = fn(u8) -> u8;\nfn h() { quote! { fn q() {} } }";
        assert_eq!(fns(src), [("g".to_owned(), 1, 1), ("h".to_owned(), 3, 1)]);
        let src = "fn r#try() {\n}\n";
        assert_eq!(fns(src), [("r#try".to_owned(), 1, 2)]);
    }

    #[test]
    fn test_items_are_left_out() {
        let src = concat!(
            "fn a() {}\n",
            "#[cfg(test)]\nmod tests {\n    fn long() {\n    }\n}\n",
            "#[cfg(all(test, feature = \"x\"))]\n#[allow(dead_code)]\nmod more;\n",
            "#[cfg(not(test))]\nfn b() {}\n",
        );
        let scan = Scanned::new(src);
        assert_eq!(scan.test_modules, ["more"]);
        let names: Vec<String> = functions(&scan.code, &scan.toks).into_iter().map(|f| f.name).collect();
        assert_eq!(names, ["a", "b"]);
    }

    #[test]
    fn use_trees_are_read_into_leaves() {
        let toks = tokenize(&code_only("pub(crate) use crate::a::{self, b::C as D, e::*, F};\nuse ::x::Y as _;"));
        let decls = use_decls(&toks);
        assert!(decls[0].public && !decls[1].public);
        let leaf = |p: &str, b: Option<&str>, glob| Leaf {
            path: p.split("::").map(str::to_owned).collect(),
            bind: b.map(str::to_owned),
            glob,
        };
        assert_eq!(
            decls[0].leaves,
            [
                leaf("crate::a", Some("a"), false),
                leaf("crate::a::b::C", Some("D"), false),
                leaf("crate::a::e", None, true),
                leaf("crate::a::F", Some("F"), false)
            ]
        );
        assert_eq!(
            decls[1].leaves,
            [Leaf { path: vec!["::".into(), "x".into(), "Y".into()], bind: None, glob: false }]
        );
    }

    #[test]
    fn paths_resolve_to_the_deepest_module_file_and_through_re_exports() {
        let files = [
            ("lib.rs", "mod a;\nmod diag;\npub use diag::Diagnostic;\npub use elsewhere::Thing;\npub struct Root;"),
            ("diag.rs", "use crate::Thing;\npub struct Diagnostic(Thing);"),
            ("a/mod.rs", "mod b;\npub use b::*;\nfn f() { crate::Diagnostic::new(); }"),
            ("a/b.rs", "use crate::Root;\npub struct B;\nfn g() -> super::super::diag::Diagnostic { todo() }"),
        ];
        assert_eq!(
            edges(&files),
            [
                "a/mod.rs -> diag.rs (crate::Diagnostic::new)",
                "a/b.rs -> lib.rs (crate::Root)",
                "a/b.rs -> diag.rs (super::super::diag::Diagnostic)"
            ]
        );
        let sources = crate_of(&files);
        let g = Graph::new(&sources, "crates/c/src/lib.rs");
        let path = |s: &str| s.split("::").map(str::to_owned).collect::<Vec<_>>();
        let file = |p: &str| g.resolve(0, &path(p)).map(|t| g.files[t.file].path.trim_start_matches("crates/c/src/"));
        assert_eq!(file("crate::a::b::B"), Some("a/b.rs"));
        assert_eq!(file("crate::a::B"), Some("a/b.rs")); // through the glob
        assert_eq!(file("crate::a::f"), Some("a/mod.rs"));
        assert_eq!(file("crate::Diagnostic"), Some("diag.rs"));
        assert_eq!(file("a::b::B::new"), Some("a/b.rs"));
        assert_eq!(file("Root"), Some("lib.rs"));
        assert_eq!(file("serde::Serialize"), None);
        assert!(g.resolve(0, &path("crate::a")).is_some_and(|t| t.module));
    }

    #[test]
    fn a_child_using_its_parent_is_no_circle_until_the_parent_uses_the_child() {
        let parent = "mod child;\npub use child::Thing;\npub struct Shared;";
        let child = "use super::Shared;\npub struct Thing(Shared);";
        assert_eq!(circles(&[("lib.rs", parent), ("child.rs", child)]), Vec::<String>::new());
        let parent = "mod child;\npub use child::Thing;\npub struct Shared;\nfn make() -> Thing { Thing(Shared) }";
        assert_eq!(circles(&[("lib.rs", parent), ("child.rs", child)]), ["circle child.rs -> lib.rs -> child.rs"]);
        let parent = "mod child;\npub struct Shared;\nfn make() { child::build(); }";
        assert_eq!(circles(&[("lib.rs", parent), ("child.rs", child)]), ["circle child.rs -> lib.rs -> child.rs"]);
        // A re-exported function is used where it is called, not where a local variable has its name.
        let child = "use super::Shared;\npub fn items() -> Shared { Shared }";
        let parent =
            "mod child;\npub use child::items;\npub struct Shared;\nfn f(items: &[u8]) { let n = items.len(); }";
        assert_eq!(circles(&[("lib.rs", parent), ("child.rs", child)]), Vec::<String>::new());
        let parent = "mod child;\npub use child::items;\npub struct Shared;\nfn f() -> Shared { items() }";
        assert_eq!(circles(&[("lib.rs", parent), ("child.rs", child)]), ["circle child.rs -> lib.rs -> child.rs"]);
    }

    #[test]
    fn longer_circles_are_reported_once_from_their_smallest_file() {
        let files = [
            ("lib.rs", "mod a;\nmod b;\nmod c;"),
            ("a.rs", "use crate::b::B;\npub struct A;"),
            ("b.rs", "pub struct B(crate::c::C);"),
            (
                "c.rs",
                concat!(
                    "pub struct C(super::a::A);\n",
                    "fn q() -> String { quote! { crate::b::B } }\n",
                    "macro_rules! m { () => { $crate::b::B } }",
                ),
            ),
        ];
        assert_eq!(circles(&files), ["circle a.rs -> b.rs -> c.rs -> a.rs"]);
    }

    #[test]
    fn plan_may_not_look_up() {
        let sources: BTreeMap<String, String> = [
            ("lib.rs", "mod plan;\nmod ident;\nmod other;\npub struct Parts;"),
            ("ident.rs", "pub fn ident() {}"),
            ("other.rs", "pub fn other() {}"),
            (
                "plan/mod.rs",
                concat!(
                    "mod x;\nuse crate::{ident::ident, Parts};\nuse x::X;\n",
                    "fn f() { super::other::other(); crate::plan::x::g(); }",
                ),
            ),
            ("plan/x.rs", "use super::super::other;\nuse super::X as Y;\npub struct X;"),
        ]
        .into_iter()
        .map(|(p, s)| (format!("crates/r/src/{p}"), s.to_owned()))
        .collect();
        let g = Graph::new(&sources, "crates/r/src/lib.rs");
        let found: Vec<String> = g.upward("crates/r/src/plan/", &["ident"]).into_iter().collect();
        assert_eq!(
            found,
            [
                "upward crates/r/src/plan/mod.rs uses crate::Parts",
                "upward crates/r/src/plan/mod.rs uses crate::other::other",
                "upward crates/r/src/plan/x.rs uses crate::other",
            ]
        );
        let found: Vec<String> = g.upward("crates/r/src/plan/", &["ident", "gone"]).into_iter().collect();
        assert!(found.contains(&"leaf crate::gone does not exist".to_owned()), "{found:?}");
    }

    #[test]
    fn lengths_are_reported_in_one_line_each() {
        let long_fn = format!("fn long() {{\n{}}}\n", "    let _ = 1;\n".repeat(MAX_FN_LINES - 1));
        let long_file = "// line\n".repeat(MAX_FILE_LINES + 1);
        let sources: BTreeMap<String, String> = [
            ("crates/oagen-rust/src/lib.rs", long_file.clone()),
            ("crates/oagen-spec/src/lib.rs", long_file),
            ("crates/oagen-spec/src/x.rs", long_fn.clone()),
            ("crates/oagen-spec/tests/t.rs", long_fn),
        ]
        .into_iter()
        .map(|(p, s)| (p.to_owned(), s))
        .collect();
        assert_eq!(
            violations_in(&sources),
            [
                format!("fn crates/oagen-spec/src/x.rs:1 long: {} lines", MAX_FN_LINES + 1),
                format!("file crates/oagen-rust/src/lib.rs: {} lines", MAX_FILE_LINES + 1),
            ]
        );
    }

    /// The scanner over every file of the tree: once literals and comments are blanked, delimiters balance (a
    /// literal or comment misread would leave one open).
    #[test]
    fn every_file_scans_to_balanced_delimiters() {
        let sources = read_sources(&crate::codegen::repo_root().join("crates"), "crates");
        assert!(sources.len() > 50, "the sources are read");
        let mut unbalanced = Vec::new();
        for (path, text) in &sources {
            let toks = tokenize(&code_only(text));
            let count = |t: &str| toks.iter().filter(|k| k.is(t)).count();
            for (open, close) in [("{", "}"), ("(", ")"), ("[", "]")] {
                if count(open) != count(close) {
                    unbalanced.push(format!("{path}: {} `{open}`, {} `{close}`", count(open), count(close)));
                }
            }
        }
        assert!(unbalanced.is_empty(), "{unbalanced:#?}");
    }

    /// The rules over the tree, against [`KNOWN`].
    #[test]
    fn the_tree_keeps_its_rules() {
        let found = violations(&crate::codegen::repo_root());
        let listing = format!(
            "pub const KNOWN: &[&str] = &[\n{}];\n",
            found.iter().map(|v| format!("    {v:?},\n")).collect::<String>()
        );
        match std::env::var("TREE_RULES_PRINT").as_deref() {
            Ok("1") => println!("{listing}"),
            Ok("edges") => println!("{}", super::edges(&crate::codegen::repo_root()).join("\n")),
            _ => {}
        }
        let new: Vec<&String> = found.iter().filter(|v| !KNOWN.contains(&v.as_str())).collect();
        let gone: Vec<&&str> = KNOWN.iter().filter(|k| !found.iter().any(|v| v == *k)).collect();
        let mut message = String::new();
        for v in &new {
            message.push_str(&format!("new violation: {v}\n"));
        }
        for k in &gone {
            message.push_str(&format!("no longer found (take it out of KNOWN): {k}\n"));
        }
        assert!(message.is_empty(), "{message}\nthe list as the tree is now (xtask/src/tree_rules.rs):\n{listing}");
    }
}
