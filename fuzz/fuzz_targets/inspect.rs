#![no_main]
//! Any bytes → a report, the same every time, whose JSON parses back and
//! whose human text is escaped; see `checks::inspect`.

use libfuzzer_sys::fuzz_target;

// One module of checks serves every target and `tests/fuzz_seeds.rs`; each
// target runs one of them.
#[allow(dead_code, unused_imports)]
#[path = "../checks/mod.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::inspect(data));
