//! Benchmark helpers for `cargo xtask bench`.
//!
//! - [`synth`]: synthetic OpenAPI documents of any size (N schemas with references, `allOf` and enums; N
//!   operations), deterministic, for the scaling benchmark.
//! - The `floor` binary: the bare parse (read the file, deserialise into `openapiv3::OpenAPI`), the floor that the
//!   generator's whole-process time is compared with.

pub mod synth;
