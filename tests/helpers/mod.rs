//! Helpers for the test files that work with the library: reading reports
//! ([`report`]), making tokens ([`tokens`]), reading in chunks ([`io`]) and keeping
//! proptest's failures beside their file ([`regressions`]). They never run the binary,
//! so a file that includes them builds without the `cli` feature too
//! (`tests/common` is for running the binary).

#[allow(dead_code)] // Not every test file streams.
pub mod io;
#[allow(dead_code)] // Not every test directory has properties.
pub mod regressions;
#[allow(dead_code)] // Not every test file reads reports.
pub mod report;
#[allow(dead_code)] // Not every test file makes tokens.
pub mod tokens;
