//! Reading the library's reports, for the test files that inspect tokens.

use chrono::{DateTime, Utc};
use usertoken::{Code, Report, Severity};

/// The instant `seconds` after the epoch: time is a parameter.
pub fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap()
}

/// The codes of a report's diagnostics, in order.
pub fn codes(report: &Report) -> Vec<&'static str> {
    report
        .diagnostics()
        .iter()
        .map(|d| d.code().as_str())
        .collect()
}

/// The severity and message of the one diagnostic of `code`; fails when
/// there is none or more than one.
#[track_caller]
pub fn only(report: &Report, code: Code) -> (Severity, String) {
    let found: Vec<_> = report
        .diagnostics()
        .iter()
        .filter(|d| d.code() == code)
        .collect();
    assert_eq!(found.len(), 1, "{code} in {:?}", codes(report));
    (found[0].severity(), found[0].message().to_string())
}
