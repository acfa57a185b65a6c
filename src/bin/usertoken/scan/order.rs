//! Scanning inputs on several threads with output in input order.
//!
//! Inputs are numbered as the walk yields them. Threads take the next
//! input, scan it, and render its findings into a buffer of their own. The
//! input whose turn it is to be written (the *head*) streams its findings
//! straight to the output as it goes; the others keep theirs until their
//! turn. Memory is bounded on both counts:
//!
//! - an input that is not the head may buffer up to `BUDGET` bytes of
//!   output in all (finished inputs waiting for their turn included); past
//!   that its thread waits for its turn, then streams;
//! - a thread takes an input at most `WINDOW` places after the head, so
//!   the finished inputs waiting for their turn stay few.
//!
//! The head is always being scanned or is about to be taken, and its
//! thread never waits, so the scan always moves on. A single 10 GB file is
//! scanned with the library's bounded streaming scan (about 1 MiB).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, Cursor, Read, Write};
use std::path::Path;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use usertoken::scan_findings;

use super::report::{render, FileReport, Format, Totals};
use super::walk::{Input, Inputs};
use super::{sarif, Plan};
use crate::files::{describe, ReadAhead, Tracked};

/// Output bytes that inputs not yet due may hold, in all.
const BUDGET: usize = 8 << 20;

/// How far ahead of the head an input may be taken.
const WINDOW: usize = 256;

/// A buffer is handed on (written, or counted against the budget) once it
/// holds this much.
const FLUSH: usize = 64 << 10;

/// How much of a walked file is looked at to tell whether it is binary:
/// ripgrep's rule, a NUL byte in the first block.
const SNIFF: usize = 8 << 10;

struct State {
    out: BufWriter<io::Stdout>,
    /// The next input to write.
    head: usize,
    /// Finished inputs waiting for their turn.
    done: BTreeMap<usize, (Vec<u8>, FileReport)>,
    /// Bytes buffered by inputs not yet due.
    buffered: usize,
    /// Nothing written yet (SARIF: the first result has no comma).
    first: bool,
    format: Format,
    summary: bool,
    totals: Totals,
    /// The first error writing the output: every thread stops.
    failed: Option<io::Error>,
}

impl State {
    fn emit(&mut self, bytes: &[u8]) -> io::Result<()> {
        if bytes.is_empty() {
            return Ok(());
        }
        let bytes = match (self.format, self.first) {
            (Format::Sarif, true) => bytes.strip_prefix(b",").unwrap_or(bytes),
            _ => bytes,
        };
        self.first = false;
        self.out.write_all(bytes)
    }

    /// Writes the head's last bytes and report, then every finished input
    /// that follows it.
    fn finish_head(&mut self, bytes: &[u8], report: FileReport) -> io::Result<()> {
        self.emit(bytes)?;
        self.close(report)?;
        while let Some((bytes, report)) = self.done.remove(&self.head) {
            self.buffered -= bytes.len();
            self.emit(&bytes)?;
            self.close(report)?;
        }
        Ok(())
    }

    fn close(&mut self, report: FileReport) -> io::Result<()> {
        // What was found before a read error stays found; the error is
        // named after it, in order.
        self.out.flush()?;
        self.totals.add(report, self.summary);
        self.head += 1;
        Ok(())
    }
}

struct Shared<'a> {
    state: Mutex<State>,
    turn: Condvar,
    inputs: Mutex<(usize, Inputs<'a>)>,
    plan: &'a Plan,
}

impl Shared<'_> {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wait<'g>(&self, guard: MutexGuard<'g, State>) -> MutexGuard<'g, State> {
        self.turn
            .wait(guard)
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn next(&self) -> Option<(usize, Input)> {
        let mut inputs = self.inputs.lock().unwrap_or_else(PoisonError::into_inner);
        let source = inputs.1.next()?;
        let index = inputs.0;
        inputs.0 += 1;
        Some((index, source))
    }
}

/// Scans every input on `threads` threads and writes the report. Returns
/// the totals, in order.
pub fn scan(inputs: Inputs<'_>, plan: &Plan, threads: usize) -> io::Result<Totals> {
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout());
    if plan.format == Format::Sarif {
        sarif::head(&mut out)?;
    }
    let shared = Shared {
        state: Mutex::new(State {
            out,
            head: 0,
            done: BTreeMap::new(),
            buffered: 0,
            first: true,
            format: plan.format,
            summary: plan.summary,
            totals: Totals::default(),
            failed: None,
        }),
        turn: Condvar::new(),
        inputs: Mutex::new((0, inputs)),
        plan,
    };
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| worker(&shared));
        }
    });
    let mut state = shared
        .state
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    if let Some(e) = state.failed.take() {
        return Err(e);
    }
    if plan.summary {
        state.totals.write_summary(plan.format, &mut state.out)?;
    } else if plan.format == Format::Sarif {
        sarif::tail(&state.totals.problems, &mut state.out)?;
    }
    state.out.flush()?;
    Ok(state.totals)
}

fn worker(shared: &Shared<'_>) {
    while let Some((index, source)) = shared.next() {
        {
            let mut state = shared.lock();
            while index >= state.head + WINDOW && state.failed.is_none() {
                state = shared.wait(state);
            }
            if state.failed.is_some() {
                return;
            }
        }
        let mut file = Output {
            shared,
            index,
            buf: Vec::new(),
            counted: 0,
            streaming: false,
        };
        let report = scan_one(&source, &mut file);
        if file.finish(report).is_err() {
            return;
        }
    }
}

/// The output of one input on its way out.
struct Output<'s, 'a> {
    shared: &'s Shared<'a>,
    index: usize,
    buf: Vec<u8>,
    /// Bytes of `buf` counted against the budget.
    counted: usize,
    /// This input is the head: its output goes straight out.
    streaming: bool,
}

/// Why a scan stopped: the output failed (every thread stops).
struct Stopped;

impl Output<'_, '_> {
    /// Hands on what the buffer holds when it is big enough.
    fn spill(&mut self) -> Result<(), Stopped> {
        if self.buf.len() < FLUSH {
            return Ok(());
        }
        let shared = self.shared;
        let mut state = shared.lock();
        if !self.streaming && state.head != self.index {
            let more = self.buf.len() - self.counted;
            if state.buffered + more <= BUDGET {
                state.buffered += more;
                self.counted = self.buf.len();
                return Ok(());
            }
            while state.head != self.index && state.failed.is_none() {
                state = shared.wait(state);
            }
        }
        if state.failed.is_some() {
            return Err(Stopped);
        }
        if !self.streaming {
            self.streaming = true;
            state.buffered -= self.counted;
            self.counted = 0;
        }
        let result = state.emit(&self.buf);
        self.buf.clear();
        fail(shared, &mut state, result)
    }

    fn finish(&mut self, report: FileReport) -> Result<(), Stopped> {
        let shared = self.shared;
        let mut state = shared.lock();
        if state.failed.is_some() {
            return Err(Stopped);
        }
        let buf = std::mem::take(&mut self.buf);
        if state.head == self.index {
            state.buffered -= self.counted;
            let result = state.finish_head(&buf, report);
            shared.turn.notify_all();
            fail(shared, &mut state, result)
        } else {
            state.buffered += buf.len() - self.counted;
            state.done.insert(self.index, (buf, report));
            Ok(())
        }
    }
}

/// Records a write error so that every thread stops.
fn fail(shared: &Shared<'_>, state: &mut State, result: io::Result<()>) -> Result<(), Stopped> {
    match result {
        Ok(()) => Ok(()),
        Err(e) => {
            state.failed = Some(e);
            shared.turn.notify_all();
            Err(Stopped)
        }
    }
}

/// Scans one input into `out`; the report says what it held.
fn scan_one(source: &Input, out: &mut Output<'_, '_>) -> FileReport {
    let (mut report, result) = match source {
        Input::Broken { path, reason } => {
            return FileReport {
                name: path.clone(),
                unreadable: Some(reason.clone()),
                ..FileReport::default()
            }
        }
        Input::Skipped(skip) => {
            return FileReport {
                skipped: Some(*skip),
                ..FileReport::default()
            }
        }
        Input::Stdin => {
            let mut report = FileReport {
                name: "-".to_owned(),
                ..FileReport::default()
            };
            let mut reader = Tracked::new(ReadAhead::new(io::stdin()));
            let result = findings(&mut reader, &mut report, out);
            if result.is_ok() && reader.read == 0 {
                eprintln!("usertoken: standard input was empty: nothing was scanned");
            }
            (report, result.map_err(|e| (e, reader.failed)))
        }
        Input::File { path, walked } => {
            let mut report = FileReport {
                name: path.to_string_lossy().into_owned(),
                ..FileReport::default()
            };
            let result = scan_file(path, *walked, &mut report, out);
            (report, result)
        }
    };
    if let Err((e, true)) = result {
        report.unreadable = Some(describe(&e));
    }
    report
}

/// An error and whether it was reading's.
type Scanned = Result<(), (io::Error, bool)>;

fn scan_file(
    path: &Path,
    walked: bool,
    report: &mut FileReport,
    out: &mut Output<'_, '_>,
) -> Scanned {
    let mut file = File::open(path).map_err(|e| (e, true))?;
    let mut first = Vec::new();
    if walked && out.shared.plan.skip_binary {
        (&mut file)
            .take(SNIFF as u64)
            .read_to_end(&mut first)
            .map_err(|e| (e, true))?;
        // UTF-16 text has NULs too, and is read.
        if memchr::memchr(0, &first).is_some() && usertoken::Encoding::of_text(&first).is_none() {
            report.binary = true;
            return Ok(());
        }
    }
    let mut reader = Tracked::new(Cursor::new(first).chain(file));
    let result = findings(&mut reader, report, out);
    if result.is_ok() && reader.read == 0 && !walked {
        eprintln!("usertoken: {} is empty: nothing was scanned", report.name);
    }
    result.map_err(|e| (e, reader.failed))
}

fn findings(
    reader: &mut dyn Read,
    report: &mut FileReport,
    out: &mut Output<'_, '_>,
) -> io::Result<()> {
    let plan = out.shared.plan;
    let name = report.name.clone();
    let mut seen = std::collections::HashSet::new();
    scan_findings(reader, &plan.inspector, plan.now, |finding| {
        if plan.baseline.contains(finding.fingerprint()) {
            report.tally.known += 1;
            return Ok(());
        }
        report.tally.add(&finding, plan.fail_on.matches(&finding));
        if plan.summary {
            report.distinct.add(&finding);
        }
        if plan.collect && seen.insert(finding.fingerprint()) {
            let note = format!(
                "first seen at {name}:{}:{} ({} {})",
                finding.line(),
                finding.column(),
                finding
                    .environment()
                    .map_or("unknown", usertoken::Environment::as_str),
                finding.kind()
            );
            report.seen.push((finding.fingerprint(), note));
        }
        if !plan.summary {
            render(plan.format, &name, &finding, &mut out.buf)?;
            out.spill()
                .map_err(|Stopped| io::Error::other("the output failed"))?;
        }
        Ok(())
    })
}
