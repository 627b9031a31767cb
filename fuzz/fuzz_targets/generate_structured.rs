//! Structure-aware: a seed document mutated with OpenAPI's vocabulary (see `oagen_fuzz::mutated_document`), written
//! as JSON or YAML, through the whole generator. `OAGEN_FUZZ_DUMP=1` prints the document (to turn a crash into a
//! regression file under `tests/fixtures/fuzz/`).
#![no_main]
use libfuzzer_sys::fuzz_target;
use oagen_e2e::robustness::check_generate;

fuzz_target!(|data: &[u8]| {
    let mut u = arbitrary::Unstructured::new(data);
    let Ok(text) = oagen_fuzz::mutated_document(&mut u) else { return };
    if std::env::var_os("OAGEN_FUZZ_DUMP").is_some() {
        eprintln!("{text}");
    }
    check_generate(&oagen::Source::new("fuzz-input", text));
});
