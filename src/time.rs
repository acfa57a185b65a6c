//! Time claims as they are found in the wild, durations for people, and the
//! instants people paste (`--now`).

use std::fmt;

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use serde_json::value::RawValue;

use crate::object::JsonType;

/// Seconds past this are read as milliseconds: as seconds they would fall
/// after the year 5000, as milliseconds they fall after 1973.
const MILLIS_THRESHOLD: f64 = 100_000_000_000.0;

/// How a time claim was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TimeForm {
    /// The value was a string holding a number.
    pub string: bool,
    /// The value was so large it was read as milliseconds.
    pub millis: bool,
    /// The value had a fraction, which was dropped.
    pub fraction: bool,
}

/// The reading of one time claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TimeClaim {
    Missing,
    At(DateTime<Utc>, TimeForm),
    OutOfRange(TimeForm),
    WrongType(JsonType),
}

impl TimeClaim {
    pub(crate) fn read(raw: Option<&RawValue>) -> TimeClaim {
        let Some(raw) = raw else {
            return TimeClaim::Missing;
        };
        let (text, string) = match JsonType::of(raw) {
            JsonType::Number => (raw.get(), false),
            JsonType::String => match crate::object::string_value(raw) {
                Ok(s) => {
                    let s = s.trim();
                    // Only plain numeric strings; anything else is a wrong type.
                    if s.is_empty() || !s.bytes().all(|b| b"0123456789+-.eE".contains(&b)) {
                        return TimeClaim::WrongType(JsonType::String);
                    }
                    return Self::number(s, true);
                }
                Err(t) => return TimeClaim::WrongType(t),
            },
            other => return TimeClaim::WrongType(other),
        };
        Self::number(text, string)
    }

    fn number(text: &str, string: bool) -> TimeClaim {
        let mut form = TimeForm {
            string,
            millis: false,
            fraction: false,
        };
        let seconds = match text.parse::<i64>() {
            Ok(n) if (n as f64).abs() < MILLIS_THRESHOLD => n,
            Ok(n) => {
                form.millis = true;
                n / 1000
            }
            Err(_) => match text.parse::<f64>() {
                Ok(x) if x.is_finite() => {
                    form.fraction = x.fract() != 0.0;
                    let x = if x.abs() >= MILLIS_THRESHOLD {
                        form.millis = true;
                        x / 1000.0
                    } else {
                        x
                    };
                    if x.abs() >= 9.0e18 {
                        return TimeClaim::OutOfRange(form);
                    }
                    x.trunc() as i64
                }
                Ok(_) => return TimeClaim::OutOfRange(form),
                Err(_) => return TimeClaim::WrongType(JsonType::String),
            },
        };
        match DateTime::from_timestamp(seconds, 0) {
            Some(at) => TimeClaim::At(at, form),
            None => TimeClaim::OutOfRange(form),
        }
    }

    pub(crate) fn instant(self) -> Option<DateTime<Utc>> {
        match self {
            TimeClaim::At(at, _) => Some(at),
            _ => None,
        }
    }
}

/// A length of time for people: the two largest units, e.g. `30 days`,
/// `1 hour 30 minutes`, `4 years 2 months`, `0 seconds`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    seconds: i64,
    units: usize,
}

impl Span {
    /// The length of `delta`, ignoring its sign, in up to two units.
    pub fn new(delta: TimeDelta) -> Span {
        Span {
            seconds: delta.num_seconds().saturating_abs(),
            units: 2,
        }
    }

    /// Only the largest unit: `4 years`, `37 minutes`.
    pub fn rough(self) -> Span {
        Span { units: 1, ..self }
    }
}

const UNITS: [(&str, i64); 6] = [
    ("year", 365 * 86_400),
    ("month", 30 * 86_400),
    ("day", 86_400),
    ("hour", 3_600),
    ("minute", 60),
    ("second", 1),
];

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.seconds;
        let mut written = 0;
        for (i, (name, size)) in UNITS.iter().enumerate() {
            // Months read well in "1 month ago", badly in "1 month 2 days".
            if *name == "month" && self.units > 1 {
                continue;
            }
            let n = rest / size;
            if n == 0 && !(written == 0 && i == UNITS.len() - 1) {
                if written > 0 {
                    break;
                }
                continue;
            }
            rest -= n * size;
            if written > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{n} {name}{}", if n == 1 { "" } else { "s" })?;
            written += 1;
            if written == self.units {
                break;
            }
        }
        Ok(())
    }
}

/// Formats an instant as RFC 3339 in UTC with whole seconds and a `Z`.
pub(crate) fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Reads an instant as people paste it: unix seconds or milliseconds
/// (digits, optionally fractional), RFC 3339 with or without fractional
/// seconds and offsets, or `2022-05-13 22:38:05` (UTC) as found in logs.
/// Returns `None` for anything else.
pub fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return match TimeClaim::number(text, false) {
            TimeClaim::At(at, _) => Some(at),
            _ => None,
        };
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&Utc));
    }
    // RFC 3339 allows a space for `T`; logs also drop the offset.
    let spaced = text.replacen(' ', "T", 1);
    if let Ok(at) = DateTime::parse_from_rfc3339(&spaced) {
        return Some(at.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(&spaced, format) {
            return Some(naive.and_utc());
        }
    }
    None
}
