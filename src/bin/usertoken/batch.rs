//! Standard input, one token per line, rendered on worker threads and
//! written in input order. Memory stays bounded: a few batches of at most
//! `BATCH_BYTES` each are in flight, whatever the input size.

use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Mutex;
use std::thread;

use crate::input::{Input, Lines};

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

/// Renders every non-blank line of `reader` with `render(input, index,
/// out)`, which returns whether the input was fine; writes the outputs to
/// `out` in input order. Returns whether every input was fine.
pub fn render_lines<R, W, F>(reader: R, max_len: usize, out: &mut W, render: F) -> io::Result<bool>
where
    R: BufRead,
    W: Write + Send,
    F: Fn(Input<'_>, usize, &mut Vec<u8>) -> bool + Sync,
{
    let workers = workers();
    let (work_tx, work_rx) = sync_channel::<Batch>(workers * 2);
    let (done_tx, done_rx) = sync_channel::<Rendered>(workers * 2);
    let work_rx = Mutex::new(work_rx);
    let stop = AtomicBool::new(false);
    thread::scope(|scope| {
        for _ in 0..workers {
            let done_tx = done_tx.clone();
            let (work_rx, render) = (&work_rx, &render);
            scope.spawn(move || {
                while let Some(batch) = next_batch(work_rx) {
                    let rendered = render_batch(&batch, render);
                    if done_tx.send(rendered).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        let stop = &stop;
        let writer = scope.spawn(move || write_in_order(done_rx, out, stop));
        let read = read_batches(reader, max_len, |batch| {
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

fn render_batch<F>(batch: &Batch, render: &F) -> Rendered
where
    F: Fn(Input<'_>, usize, &mut Vec<u8>) -> bool,
{
    let mut out = Vec::with_capacity(batch.data.len() * 3);
    let mut ok = true;
    for (i, item) in batch.items.iter().enumerate() {
        let input = match item {
            Item::Line(r) => Input::Text(batch.data.get(r.clone()).unwrap_or_default()),
            Item::TooLong(len) => Input::TooLong(*len),
        };
        ok &= render(input, batch.first_index + i, &mut out);
    }
    Rendered {
        seq: batch.seq,
        out,
        ok,
    }
}

fn read_batches<R: BufRead>(
    reader: R,
    max_len: usize,
    mut send: impl FnMut(Batch) -> bool,
) -> io::Result<()> {
    let mut lines = Lines::new(reader, max_len);
    let mut batch = Batch {
        seq: 0,
        first_index: 0,
        data: Vec::new(),
        items: Vec::new(),
    };
    let mut index = 0;
    while let Some(input) = lines.next_input()? {
        match input {
            Input::Text(text) => {
                let at = batch.data.len();
                batch.data.extend_from_slice(text);
                batch.items.push(Item::Line(at..at + text.len()));
            }
            Input::TooLong(len) => batch.items.push(Item::TooLong(len)),
        }
        index += 1;
        if batch.data.len() >= BATCH_BYTES || batch.items.len() >= BATCH_LINES {
            let next = Batch {
                seq: batch.seq + 1,
                first_index: index,
                data: Vec::with_capacity(BATCH_BYTES + max_len.min(BATCH_BYTES)),
                items: Vec::with_capacity(BATCH_LINES),
            };
            if !send(std::mem::replace(&mut batch, next)) {
                return Ok(());
            }
        }
    }
    if !batch.items.is_empty() {
        send(batch);
    }
    Ok(())
}

/// Writes batches in order. On a write error it asks the reader to stop
/// and drains what is still coming, so that no thread waits forever.
fn write_in_order<W: Write>(
    done_rx: Receiver<Rendered>,
    out: &mut W,
    stop: &AtomicBool,
) -> io::Result<bool> {
    let mut waiting = BTreeMap::new();
    let mut next = 0;
    let mut ok = true;
    let mut failed = None;
    for rendered in done_rx {
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
        }
    }
    match failed {
        Some(e) => Err(e),
        None => out.flush().map(|()| ok),
    }
}
