//! The instant to judge at, read from a log line's timestamp.

use super::*;

#[test]
fn now_from_a_log_line() {
    let exp = at(1_652_481_485);
    for text in [
        "2022-05-13 22:38:05",
        "2022-05-13 22:38:05,000",
        "2022-05-13T22:38:05.000+0000",
        "2022-05-13 22:38:05 +0000",
        "2022-05-14 00:38:05 +02:00",
        "2022-05-13 22:38:05 UTC",
        "2022-05-13T22:38:05.000Z",
        "  1652481485000 ",
    ] {
        assert_eq!(usertoken::parse_instant(text), Some(exp), "{text:?}");
    }
    assert_eq!(
        usertoken::parse_instant("2022-05-13 22:38:04,750"),
        Some(exp - chrono::TimeDelta::milliseconds(250))
    );
    // One second before exp it was live; at exp it was expired.
    let before = inspect(
        SAMPLE,
        usertoken::parse_instant("2022-05-13 22:38:04").unwrap(),
    );
    assert_eq!(before.is_expired(), Some(false));
    let then = inspect(
        SAMPLE,
        usertoken::parse_instant("2022-05-13 22:38:05,000").unwrap(),
    );
    assert_eq!(then.is_expired(), Some(true));
    for junk in [
        "2022-05-13 22:38:05 ,",
        "UTC",
        "2022-13-13 22:38:05",
        "22:38:05",
    ] {
        assert_eq!(usertoken::parse_instant(junk), None, "{junk:?}");
    }
}
