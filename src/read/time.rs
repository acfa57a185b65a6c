//! Time claims as they are found in the wild, durations for people, and the
//! instants people paste (`--now`).

use std::fmt;

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};

use crate::decode::object::JsonType;

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
    pub(crate) fn read(raw: Option<&str>) -> TimeClaim {
        let Some(raw) = raw else {
            return TimeClaim::Missing;
        };
        let (text, string) = match JsonType::of(raw) {
            JsonType::Number => (raw, false),
            JsonType::String => match crate::decode::object::string_value(raw) {
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
        };
        let seconds = match text.parse::<i64>() {
            Ok(n) if (n as f64).abs() < MILLIS_THRESHOLD => n,
            Ok(n) => {
                form.millis = true;
                n / 1000
            }
            Err(_) => match text.parse::<f64>() {
                // A fraction is allowed (a NumericDate may hold one, RFC
                // 7519 §2) and dropped: whole seconds are reported.
                Ok(x) if x.is_finite() => {
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
pub struct TimeSpan {
    seconds: i64,
    units: usize,
}

impl TimeSpan {
    /// The length of `delta`, ignoring its sign, in up to two units.
    pub fn new(delta: TimeDelta) -> TimeSpan {
        TimeSpan {
            seconds: delta.num_seconds().saturating_abs(),
            units: 2,
        }
    }

    /// Only the largest unit: `4 years`, `37 minutes`.
    #[must_use]
    pub fn rough(self) -> TimeSpan {
        TimeSpan { units: 1, ..self }
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

/// Room for the longest span: `292471208677 years 364 days`.
const SPAN_TEXT: usize = 48;

impl TimeSpan {
    /// The text, formatted on the stack: messages of every token of a
    /// batch are made of these.
    pub(crate) fn text(self) -> StackText<SPAN_TEXT> {
        let mut out = StackText::new();
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
                out.push(b" ");
            }
            out.number(n);
            out.push(b" ");
            out.push(name.as_bytes());
            if n != 1 {
                out.push(b"s");
            }
            written += 1;
            if written == self.units {
                break;
            }
        }
        out
    }
}

impl fmt::Display for TimeSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text().as_str())
    }
}

/// ASCII text of at most `N` bytes, on the stack.
#[derive(Clone, Copy)]
pub(crate) struct StackText<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> StackText<N> {
    fn new() -> Self {
        StackText {
            buf: [0; N],
            len: 0,
        }
    }

    /// Appends as much of `bytes` as fits.
    fn push(&mut self, bytes: &[u8]) {
        let n = bytes.len().min(N - self.len);
        self.buf[self.len..self.len + n].copy_from_slice(&bytes[..n]);
        self.len += n;
    }

    /// Appends `n`, which is not negative, in decimal.
    fn number(&mut self, mut n: i64) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 || at == 0 {
                break;
            }
        }
        self.push(&digits[at..]);
    }

    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }
}

impl<const N: usize> fmt::Display for StackText<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An instant as RFC 3339 in UTC with whole seconds and a `Z`, formatted on
/// the stack (this runs for every token of a batch).
pub(crate) fn rfc3339(at: DateTime<Utc>) -> StackText<32> {
    let mut out = StackText::new();
    let ts = at.timestamp();
    let (days, secs) = (ts.div_euclid(86_400), ts.rem_euclid(86_400) as u32);
    let (year, month, day) = civil_from_days(days);
    if (0..=9999).contains(&year) {
        let year = year as u32;
        let [y0, y1] = two_digits(year / 100);
        let [y2, y3] = two_digits(year % 100);
        let [mo0, mo1] = two_digits(month);
        let [d0, d1] = two_digits(day);
        let [h0, h1] = two_digits(secs / 3600);
        let [mi0, mi1] = two_digits(secs / 60 % 60);
        let [s0, s1] = two_digits(secs % 60);
        out.push(&[
            y0, y1, y2, y3, b'-', mo0, mo1, b'-', d0, d1, b'T', h0, h1, b':', mi0, mi1, b':', s0,
            s1, b'Z',
        ]);
    } else {
        out.push(
            at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                .as_bytes(),
        );
    }
    out
}

/// `00` to `99`, for formatting two digits at a time.
const DIGIT_PAIRS: &[u8; 200] = b"\
    0001020304050607080910111213141516171819\
    2021222324252627282930313233343536373839\
    4041424344454647484950515253545556575859\
    6061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899";

fn two_digits(v: u32) -> [u8; 2] {
    let at = (v % 100) as usize * 2;
    [DIGIT_PAIRS[at], DIGIT_PAIRS[at + 1]]
}

/// The proleptic Gregorian date of a day count from 1970-01-01 (Howard
/// Hinnant's `civil_from_days`); chrono's calendar getters cost more.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Reads an instant as people paste it: unix seconds or milliseconds
/// (digits, optionally fractional), RFC 3339 with or without fractional
/// seconds and offsets, or `2022-05-13 22:38:05` (UTC) as found in logs,
/// also with a comma before the fraction, a `+0000` offset or a `UTC`
/// suffix. Returns `None` for anything else.
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
    // Log formats: a comma before the fraction (Python, log4j), `+0000`
    // offsets, a space before the offset, a `UTC` suffix.
    let log = spaced.replacen(',', ".", 1);
    let log = ["UTC", "GMT", "Z"]
        .iter()
        .find_map(|zone| log.strip_suffix(zone))
        .map_or(&log[..], str::trim_end);
    for format in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M:%S%.f %z"] {
        if let Ok(at) = DateTime::parse_from_str(log, format) {
            return Some(at.with_timezone(&Utc));
        }
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(log, format) {
            return Some(naive.and_utc());
        }
    }
    None
}
