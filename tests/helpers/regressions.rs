//! Where proptest keeps the cases that failed, for the test directories.

use proptest::test_runner::{Config, FileFailurePersistence};

/// `config`, with failing cases kept beside the file that holds the
/// properties (`properties.proptest-regressions`): by default proptest
/// would look in `tests/proptest-regressions/`, since each directory's
/// `main.rs` makes it a crate root.
pub fn beside_the_file(config: Config) -> Config {
    Config {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..config
    }
}
