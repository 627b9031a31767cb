//! Repository chores, run as `cargo xtask <command>`.
//!
//! - `codegen`: regenerates every crate under `generated/` from `specs/*.yaml`.
//! - `codegen --check`: changes nothing; exits 1 naming each stale file when the checked-in output differs.
//! - `corpus [--no-large] [--write]`: generates every document of `../shared/corpus/`, builds the crates in one
//!   workspace (`target/corpus-ws/`), prints the table; `--write` also keeps it in `docs/corpus.md`.
//! - `bench [--quick] [--runs N] [--compile-only]`: generation speed, scaling and compile time, side by side with peers.
//! - `directory [--sample N] [--write] [--quick] [--timeout SECONDS] [--jobs N]`: every document of APIs.guru's
//!   directory (`scripts/get-directory.sh` fetches it) generated with a time limit, counted by outcome and diagnostic,
//!   and a sample of N crates (default 150) checked by clippy; `--write` keeps the report in `docs/directory.md`.
//! - `examples [--directory N] [--write]`: the spec's own examples as tests (`oagen generate --example-tests`) of the bundled specs
//!   and the corpus documents that have them (and N of the directory's), built and run in one workspace (`target/examples-ws/`); prints the
//!   counts, `--write` keeps them in `docs/corpus.md`.
//! - `random [--seeds A..B] [--units N] [--quick]`: valid random documents, generated and compiled in one workspace
//!   (`target/random-ws/`); exit status 1 on any that does not generate cleanly or compile without a warning.

use std::process::ExitCode;
use xtask::{bench, codegen, corpus, directory, examples, random};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["codegen"] => codegen::run(codegen::Mode::Write),
        ["codegen", "--check"] => codegen::run(codegen::Mode::Check),
        ["corpus", flags @ ..] if flags.iter().all(|f| ["--no-large", "--write"].contains(f)) => {
            corpus::run(!flags.contains(&"--no-large"), flags.contains(&"--write"))
        }
        ["examples", rest @ ..] => match examples_flags(rest) {
            Some((sample, write)) => examples::run(sample, write),
            None => {
                eprintln!("usage: cargo xtask examples [--directory N] [--write]");
                ExitCode::from(2)
            }
        },
        ["bench", rest @ ..] => match bench::Options::parse(rest) {
            Some(opts) => bench::run(&opts),
            None => {
                eprintln!("usage: cargo xtask bench [--quick] [--runs N] [--compile-only]");
                ExitCode::from(2)
            }
        },
        ["directory", rest @ ..] => match directory::Options::parse(rest) {
            Some(opts) => directory::run(&opts),
            None => {
                eprintln!(
                    "usage: cargo xtask directory [--sample N] [--write] [--quick] [--timeout SECONDS] [--jobs N]"
                );
                ExitCode::from(2)
            }
        },
        ["random", rest @ ..] => match random::Options::parse(rest) {
            Some(opts) => random::run(&opts),
            None => {
                eprintln!("usage: cargo xtask random [--seeds A..B] [--units N] [--quick]");
                ExitCode::from(2)
            }
        },
        _ => {
            eprintln!(
                "usage: cargo xtask codegen [--check] | cargo xtask corpus [--no-large] [--write] | cargo xtask bench [--quick] [--runs N] [--compile-only] \
                 | cargo xtask directory [--sample N] [--write] [--quick] [--timeout SECONDS] [--jobs N] \
                 | cargo xtask random [--seeds A..B] [--units N] [--quick]"
            );
            ExitCode::from(2)
        }
    }
}

/// `[--directory N] [--write]`, in any order.
fn examples_flags(args: &[&str]) -> Option<(usize, bool)> {
    let (mut sample, mut write) = (0, false);
    let mut args = args.iter();
    while let Some(a) = args.next() {
        match *a {
            "--write" => write = true,
            "--directory" => sample = args.next()?.parse().ok()?,
            _ => return None,
        }
    }
    Some((sample, write))
}
