//! A streaming pre-check of how deeply a YAML document nests, run before `serde_yaml` reads it.
//!
//! `serde_yaml` collects every event of a document before its recursion limit applies, and libyaml's scanner does
//! work proportional to the current flow nesting (`[`, `{`) for every token: 100 KB of `{a: {a: ...` took minutes,
//! quadratic in the input. Reading the events one at a time with the same parser and stopping at the first
//! collection deeper than the limit keeps that work linear, and agrees with the real parse on what a collection is.

use std::mem::MaybeUninit;

/// The line and column (from 1) of the first collection nested deeper than `limit`, or `None` when there is none
/// (a syntax error also gives `None`: the real parse reports it).
pub fn first_too_deep(text: &str, limit: usize) -> Option<(usize, usize)> {
    let mut parser: Box<MaybeUninit<unsafe_libyaml::yaml_parser_t>> = Box::new(MaybeUninit::uninit());
    let p = parser.as_mut_ptr();
    // SAFETY: the parser is initialised before any other call and deleted once at the end, on every path after a
    // successful initialisation; it lives in a box that is not moved while libyaml holds pointers into it. The
    // input outlives the parser (both end in this function). Every event is deleted after its type and mark are
    // copied out, and no event data (anchors, tags, scalars) is read.
    unsafe {
        if unsafe_libyaml::yaml_parser_initialize(p).fail {
            return None;
        }
        unsafe_libyaml::yaml_parser_set_encoding(p, unsafe_libyaml::YAML_UTF8_ENCODING);
        unsafe_libyaml::yaml_parser_set_input_string(p, text.as_ptr(), text.len() as u64);
        let mut depth = 0usize;
        let mut found = None;
        loop {
            let mut event = MaybeUninit::<unsafe_libyaml::yaml_event_t>::uninit();
            let e = event.as_mut_ptr();
            if unsafe_libyaml::yaml_parser_parse(p, e).fail {
                break;
            }
            let kind = (*e).type_;
            let mark = (*e).start_mark;
            unsafe_libyaml::yaml_event_delete(e);
            match kind {
                unsafe_libyaml::YAML_SEQUENCE_START_EVENT | unsafe_libyaml::YAML_MAPPING_START_EVENT => {
                    depth += 1;
                    if depth > limit {
                        found = Some((mark.line as usize + 1, mark.column as usize + 1));
                        break;
                    }
                }
                unsafe_libyaml::YAML_SEQUENCE_END_EVENT | unsafe_libyaml::YAML_MAPPING_END_EVENT => {
                    depth = depth.saturating_sub(1)
                }
                unsafe_libyaml::YAML_STREAM_END_EVENT => break,
                _ => {}
            }
        }
        unsafe_libyaml::yaml_parser_delete(p);
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn counts_block_and_flow_nesting() {
        assert_eq!(first_too_deep("a: [1, {b: [2]}]\n", 4), None);
        assert_eq!(first_too_deep("a: [1, {b: [2]}]\n", 2), Some((1, 8)));
        assert_eq!(first_too_deep("- - - x\n", 2), Some((1, 5)));
        assert_eq!(first_too_deep("a: [\n", 2), None, "a syntax error is left to the real parse");
        assert_eq!(first_too_deep("a: '[[[[[['\n", 1), None, "brackets in scalars are not nesting");
    }

    #[test]
    fn deep_flow_nesting_is_found_in_linear_time() {
        // Found by the hostile-input tests: before this check, 100,000 `{a: ` took 450 s in a debug build.
        let text = "{a: ".repeat(100_000);
        let started = Instant::now();
        assert!(first_too_deep(&text, 256).is_some());
        assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    }
}
