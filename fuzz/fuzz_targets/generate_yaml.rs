//! Arbitrary bytes read as a YAML document (whatever the first character says) through the whole generator.
#![no_main]
use libfuzzer_sys::fuzz_target;
use oagen_e2e::robustness::{check_generate, source};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    check_generate(&source(&text, oagen::Format::Yaml));
});
