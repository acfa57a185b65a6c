//! Judging a readable token: diagnostics, Link-setup checks, `Inspector`
//! and `Report`, pasted text and snippets, findings over a reader.

pub(crate) mod diagnose;
pub(crate) mod finding;
pub(crate) mod link;
pub(crate) mod pasted;
pub(crate) mod report;
pub(crate) mod snippet;
