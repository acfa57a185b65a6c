#![no_main]
//! Any bytes → every token found replaced and nothing else, idempotent,
//! the same through the streaming paths; see `checks::redact`.

use libfuzzer_sys::fuzz_target;

// One module of checks serves every target and `tests/fuzz_seeds.rs`; each
// target runs one of them.
#[allow(dead_code, unused_imports)]
#[path = "../checks/mod.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::redact(data));
