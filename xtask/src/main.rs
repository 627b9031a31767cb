//! Repository chores, run as `cargo xtask <command>`.
//!
//! - `codegen`: regenerates every crate under `generated/` from `specs/*.yaml`.
//! - `codegen --check`: changes nothing; exits 1 naming each stale file when the checked-in output differs.
//! - `bench [--quick] [--runs N]`: generation speed, scaling and compile time, side by side with peers.

mod bench;
mod codegen;
mod measure;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["codegen"] => codegen::run(codegen::Mode::Write),
        ["codegen", "--check"] => codegen::run(codegen::Mode::Check),
        ["bench", rest @ ..] => match bench::Options::parse(rest) {
            Some(opts) => bench::run(&opts),
            None => {
                eprintln!("usage: cargo xtask bench [--quick] [--runs N]");
                ExitCode::from(2)
            }
        },
        _ => {
            eprintln!("usage: cargo xtask codegen [--check] | cargo xtask bench [--quick] [--runs N]");
            ExitCode::from(2)
        }
    }
}
