//! Standard input, one token per line, rendered on worker threads and
//! written in input order. Memory stays bounded: a few batches of about
//! `BATCH_BYTES` each (plus one line of at most the size limit) are in
//! flight, whatever the input size, and their buffers are reused.

use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, TryRecvError};
use std::sync::Mutex;
use std::thread;

use crate::input::{content, Input};

const BATCH_BYTES: usize = 256 * 1024;
const BATCH_LINES: usize = 2048;

enum Item {
    Line(Range<usize>),
    TooLong(usize),
}

struct Batch {
    seq: usize,
    first_index: usize,
    data: Vec<u8>,
    items: Vec<Item>,
}

struct Rendered {
    seq: usize,
    out: Vec<u8>,
    ok: bool,
}

/// How many workers: the machine's parallelism, at most four.
fn workers() -> usize {
    thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

/// Renders every non-blank line of `reader` with `render(state, input,
/// index, out)`, which returns whether the input was fine; writes the
/// outputs to `out` in input order. Returns whether every input was fine.
/// Each worker thread has its own `state`, made by `make`.
pub fn render_lines<R, W, S, M, F>(
    reader: R,
    max_len: usize,
    out: &mut W,
    make: M,
    render: F,
) -> io::Result<bool>
where
    R: BufRead,
    W: Write + Send,
    M: Fn() -> S + Sync,
    F: Fn(&mut S, Input<'_>, usize, &mut Vec<u8>) -> bool + Sync,
{
    let workers = workers();
    let (work_tx, work_rx) = sync_channel::<Batch>(workers * 2);
    let (done_tx, done_rx) = sync_channel::<Rendered>(workers * 2);
    let work_rx = Mutex::new(work_rx);
    let stop = AtomicBool::new(false);
    let (inputs, outputs) = (Pool::default(), Pool::default());
    thread::scope(|scope| {
        for _ in 0..workers {
            let done_tx = done_tx.clone();
            let (work_rx, render, make) = (&work_rx, &render, &make);
            let (inputs, outputs) = (&inputs, &outputs);
            scope.spawn(move || {
                let mut state = make();
                while let Some(batch) = next_batch(work_rx) {
                    let rendered = render_batch(&batch, outputs.take(), &mut state, render);
                    inputs.give(batch.data);
                    if done_tx.send(rendered).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        let stop = &stop;
        let outputs = &outputs;
        let writer = scope.spawn(move || write_in_order(done_rx, out, stop, outputs));
        let read = read_batches(reader, max_len, &inputs, |batch| {
            !stop.load(Ordering::Relaxed) && work_tx.send(batch).is_ok()
        });
        drop(work_tx);
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("writer failed")));
        // A write error (a closed pipe) stops reading; report it first.
        let ok = written?;
        read?;
        Ok(ok)
    })
}

fn next_batch(work_rx: &Mutex<Receiver<Batch>>) -> Option<Batch> {
    work_rx.lock().ok()?.recv().ok()
}

fn render_batch<S, F>(batch: &Batch, mut out: Vec<u8>, state: &mut S, render: &F) -> Rendered
where
    F: Fn(&mut S, Input<'_>, usize, &mut Vec<u8>) -> bool,
{
    out.clear();
    let input_len = batch.items.iter().map(|item| match item {
        Item::Line(r) => r.len(),
        Item::TooLong(_) => 0,
    });
    out.reserve(input_len.sum::<usize>() * 3);
    let mut ok = true;
    for (i, item) in batch.items.iter().enumerate() {
        let input = match item {
            Item::Line(r) => Input::Text(batch.data.get(r.clone()).unwrap_or_default()),
            Item::TooLong(len) => Input::TooLong(*len),
        };
        ok &= render(state, input, batch.first_index + i, &mut out);
    }
    Rendered {
        seq: batch.seq,
        out,
        ok,
    }
}

/// How much is read at a time, straight into the batch being filled.
const READ_CHUNK: usize = 64 * 1024;

/// Cuts `reader` into batches of whole lines, read straight into each
/// batch's buffer: no line is copied on the way. The part of a line that
/// crosses a batch's end moves to the next batch; a line over `max_len` is
/// counted and dropped as it streams past, never kept. A batch goes out
/// when it is full, or when the input has no more to give for now (a short
/// read), so that tokens pasted at a terminal are answered at once.
fn read_batches<R: BufRead>(
    mut reader: R,
    max_len: usize,
    pool: &Pool,
    mut send: impl FnMut(Batch) -> bool,
) -> io::Result<()> {
    let mut batch = Batch {
        seq: 0,
        first_index: 0,
        data: pool.take(),
        items: Vec::with_capacity(BATCH_LINES),
    };
    // How much of `batch.data` holds input (buffers are reused, not
    // cleared), where the line being read starts in it, and how long the
    // over-long line being skipped is so far.
    let mut valid = 0;
    let mut line_start = 0;
    let mut skipped: Option<usize> = None;
    loop {
        if batch.data.len() < valid + READ_CHUNK {
            batch.data.resize(valid + READ_CHUNK, 0);
        }
        let n = loop {
            match reader.read(&mut batch.data[valid..valid + READ_CHUNK]) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => break other?,
            }
        };
        let at_end = n == 0;
        let mut from = valid;
        valid += n;
        while let Some(nl) = memchr::memchr(b'\n', &batch.data[from..valid]) {
            let end = from + nl;
            let item = line_item(&batch.data, line_start..end, skipped.take(), max_len);
            batch.items.extend(item);
            line_start = end + 1;
            from = line_start;
        }
        let rest = valid - line_start;
        // `rest >= 0` would do as well (its mutant lives): an empty last
        // line is blank, and `line_item` makes nothing of a blank line.
        if at_end && (rest > 0 || skipped.is_some()) {
            let item = line_item(&batch.data, line_start..valid, skipped.take(), max_len);
            batch.items.extend(item);
            line_start = valid;
        } else if skipped.is_some() || rest > max_len {
            // Over the limit and still going: count it, keep nothing.
            *skipped.get_or_insert(0) += rest;
            valid = line_start;
        }
        let full = line_start >= BATCH_BYTES || batch.items.len() >= BATCH_LINES;
        let idle = n < READ_CHUNK;
        if batch.items.is_empty() {
            if full {
                // Only blank lines so far: keep the buffer, carry to its
                // start.
                batch.data.copy_within(line_start..valid, 0);
                valid -= line_start;
                line_start = 0;
            }
        } else if at_end || full || idle {
            let mut data = pool.take();
            let carry = batch.data.get(line_start..valid).unwrap_or_default();
            if data.len() < carry.len() {
                data.resize(carry.len(), 0);
            }
            data[..carry.len()].copy_from_slice(carry);
            valid = carry.len();
            line_start = 0;
            let next = Batch {
                seq: batch.seq + 1,
                first_index: batch.first_index + batch.items.len(),
                data,
                items: Vec::with_capacity(BATCH_LINES),
            };
            if !send(std::mem::replace(&mut batch, next)) {
                return Ok(());
            }
        }
        if at_end {
            return Ok(());
        }
    }
}

/// The line that ends at `range.end` as an input: over the limit, or its
/// content; `None` when blank. `skipped` is how much of it went by before
/// `range`, not kept because it was already over the limit.
fn line_item(
    data: &[u8],
    range: Range<usize>,
    skipped: Option<usize>,
    max_len: usize,
) -> Option<Item> {
    if let Some(len) = skipped {
        return Some(Item::TooLong(len + range.len()));
    }
    if range.len() > max_len {
        return Some(Item::TooLong(range.len()));
    }
    let text = content(data.get(range.clone())?)?;
    Some(Item::Line(range.start + text.start..range.start + text.end))
}

/// Buffers handed back for reuse, so that a long run does not map and
/// fault in fresh memory for every batch.
#[derive(Default)]
struct Pool(Mutex<Vec<Vec<u8>>>);

impl Pool {
    /// At most this many buffers are kept.
    const KEPT: usize = 16;

    fn take(&self) -> Vec<u8> {
        self.0
            .lock()
            .ok()
            .and_then(|mut p| p.pop())
            .unwrap_or_default()
    }

    /// Keeps `buf` for reuse, its contents as they are.
    fn give(&self, buf: Vec<u8>) {
        if let Ok(mut pool) = self.0.lock() {
            if pool.len() < Self::KEPT {
                pool.push(buf);
            }
        }
    }
}

/// Writes batches in order. On a write error it asks the reader to stop
/// and drains what is still coming, so that no thread waits forever.
fn write_in_order<W: Write>(
    done_rx: Receiver<Rendered>,
    out: &mut W,
    stop: &AtomicBool,
    outputs: &Pool,
) -> io::Result<bool> {
    let mut waiting = BTreeMap::new();
    let mut next = 0;
    let mut ok = true;
    let mut failed = None;
    loop {
        // Flush whenever nothing is ready, so that output keeps up with
        // input that comes slowly (a terminal) and waits for nothing.
        let rendered = match done_rx.try_recv() {
            Ok(r) => r,
            Err(TryRecvError::Disconnected) => break,
            Err(TryRecvError::Empty) => {
                if failed.is_none() {
                    if let Err(e) = out.flush() {
                        stop.store(true, Ordering::Relaxed);
                        failed = Some(e);
                    }
                }
                match done_rx.recv() {
                    Ok(r) => r,
                    Err(_) => break,
                }
            }
        };
        if failed.is_some() {
            continue;
        }
        waiting.insert(rendered.seq, rendered);
        while let Some(r) = waiting.remove(&next) {
            if let Err(e) = out.write_all(&r.out) {
                stop.store(true, Ordering::Relaxed);
                failed = Some(e);
                break;
            }
            ok &= r.ok;
            next += 1;
            outputs.give(r.out);
        }
    }
    match failed {
        Some(e) => Err(e),
        None => out.flush().map(|()| ok),
    }
}
