//! Repository chores, run as `cargo xtask <command>` (see `main.rs`); a library so that tests can run them too.

pub mod bench;
pub mod codegen;
pub mod corpus;
pub mod directory;
pub mod examples;
pub mod failure;
pub mod measure;
pub mod random;
pub mod tree_rules;
pub mod workspace;
