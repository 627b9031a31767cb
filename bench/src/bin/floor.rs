//! The parse floor: read a spec and deserialise it into `openapiv3::OpenAPI`, as the simplest Rust tool would.
//! Prints the elapsed milliseconds. `floor SPEC`; `floor --synth N OUT` writes a synthetic spec instead.

use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [flag, n, out] if flag == "--synth" => {
            let Ok(n) = n.parse::<usize>() else {
                eprintln!("usage: floor --synth N OUT");
                return ExitCode::from(2);
            };
            let text = serde_json::to_string_pretty(&oagen_bench::synth::document(n)).unwrap_or_default();
            match std::fs::write(out, text) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("cannot write {out}: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        [path] => {
            let start = Instant::now();
            let text = match std::fs::read_to_string(path) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("cannot read {path}: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let parsed: Result<openapiv3::OpenAPI, String> = if text.trim_start().starts_with('{') {
                serde_json::from_str(&text).map_err(|e| e.to_string())
            } else {
                serde_yaml::from_str(&text).map_err(|e| e.to_string())
            };
            let elapsed = start.elapsed();
            match parsed {
                Ok(doc) => {
                    println!("{:.3}", elapsed.as_secs_f64() * 1000.0);
                    eprintln!("{} paths", doc.paths.paths.len());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    // openapiv3 cannot read 3.1 documents: report it; the bench then has no floor for them.
                    eprintln!("openapiv3 cannot parse {path}: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        _ => {
            eprintln!("usage: floor SPEC | floor --synth N OUT");
            ExitCode::from(2)
        }
    }
}
