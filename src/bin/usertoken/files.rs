//! The inputs of `redact` and `scan`: files in order, standard input for
//! none or `-`. A file that cannot be read is reported by name and the
//! others are still processed. Reading, and writing the output, each run
//! on a thread of their own, beside the scanning.

use std::fs::File;
use std::io::{self, IoSlice, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

/// Calls `f` with each input's name and reader. Returns whether every
/// input could be read; errors that are not the input's (writing the
/// output) end the command.
pub fn each(
    files: &[PathBuf],
    mut f: impl FnMut(&str, &mut dyn Read) -> io::Result<()>,
) -> io::Result<bool> {
    let stdin = [PathBuf::from("-")];
    let files = if files.is_empty() { &stdin[..] } else { files };
    let mut all_read = true;
    for path in files {
        let is_stdin = path.as_os_str() == "-";
        let name = if is_stdin {
            "standard input".to_owned()
        } else {
            path.display().to_string()
        };
        let result = if is_stdin {
            let mut reader = Tracked::new(ReadAhead::new(io::stdin()));
            let result = f("-", &mut reader);
            (result, reader.failed)
        } else {
            match File::open(path) {
                Ok(file) => {
                    let mut reader = Tracked::new(ReadAhead::new(file));
                    let result = f(&label(path), &mut reader);
                    (result, reader.failed)
                }
                Err(e) => (Err(e), true),
            }
        };
        match result {
            (Ok(()), _) => {}
            (Err(e), true) => {
                eprintln!("usertoken: cannot read {name}: {}", describe(&e));
                all_read = false;
            }
            (Err(e), false) => return Err(e),
        }
    }
    Ok(all_read)
}

/// How an input is named in output.
fn label(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// An I/O error as a lowercase phrase, without the error number.
fn describe(e: &io::Error) -> String {
    let text = e.to_string();
    let text = match text.rfind(" (os error ") {
        Some(i) if text.ends_with(')') => &text[..i],
        _ => &text[..],
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => "unknown error".to_owned(),
    }
}

/// A reader that remembers whether reading failed, to tell read errors
/// from write errors.
struct Tracked<R> {
    inner: R,
    failed: bool,
}

impl<R> Tracked<R> {
    fn new(inner: R) -> Self {
        Tracked {
            inner,
            failed: false,
        }
    }
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let result = self.inner.read(buf);
        if let Err(e) = &result {
            self.failed |= e.kind() != io::ErrorKind::Interrupted;
        }
        result
    }
}

/// How much the reading thread reads at a time.
const CHUNK: usize = 1 << 20;

/// Reads on a thread of its own, a chunk or two ahead, so that reading the
/// input overlaps scanning and writing it. Chunks go back to the thread for
/// reuse, so memory stays at a few chunks.
struct ReadAhead {
    chunks: Receiver<io::Result<Vec<u8>>>,
    spent: SyncSender<Vec<u8>>,
    current: Vec<u8>,
    at: usize,
    done: bool,
}

impl ReadAhead {
    fn new<R: Read + Send + 'static>(mut inner: R) -> ReadAhead {
        let (send, chunks) = mpsc::sync_channel::<io::Result<Vec<u8>>>(2);
        let (spent, reuse) = mpsc::sync_channel::<Vec<u8>>(2);
        // Detached: when the command stops early (its output closed), a
        // read blocked on a terminal or a pipe must not keep it alive.
        thread::spawn(move || loop {
            let mut chunk = reuse.try_recv().unwrap_or_default();
            chunk.resize(CHUNK, 0);
            let n = loop {
                match inner.read(&mut chunk) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    other => break other,
                }
            };
            let last = !matches!(n, Ok(n) if n > 0);
            let message = n.map(|n| {
                chunk.truncate(n);
                chunk
            });
            if send.send(message).is_err() || last {
                return;
            }
        });
        ReadAhead {
            chunks,
            spent,
            current: Vec::new(),
            at: 0,
            done: false,
        }
    }
}

impl Read for ReadAhead {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at >= self.current.len() {
            if self.done {
                return Ok(0);
            }
            match self.chunks.recv() {
                Ok(Ok(chunk)) if !chunk.is_empty() => {
                    let old = std::mem::replace(&mut self.current, chunk);
                    let _ = self.spent.try_send(old);
                    self.at = 0;
                }
                Ok(Err(e)) => {
                    self.done = true;
                    return Err(e);
                }
                // The end, or the thread is gone.
                Ok(Ok(_)) | Err(_) => self.done = true,
            }
        }
        let rest = self.current.get(self.at..).unwrap_or_default();
        let n = rest.len().min(buf.len());
        buf.get_mut(..n)
            .unwrap_or_default()
            .copy_from_slice(rest.get(..n).unwrap_or_default());
        self.at += n;
        Ok(n)
    }
}

/// Writes on a thread of its own: each write is copied and handed over, so
/// that writing the output overlaps reading and scanning the input. Errors
/// come back on the next write, and from [`finish`](Self::finish).
pub struct WriteBehind {
    chunks: Option<SyncSender<Vec<u8>>>,
    spent: Receiver<Vec<u8>>,
    error: Arc<Mutex<Option<io::Error>>>,
    thread: Option<JoinHandle<io::Result<()>>>,
}

impl WriteBehind {
    pub fn new<W: Write + Send + 'static>(mut inner: W) -> WriteBehind {
        let (chunks, receive) = mpsc::sync_channel::<Vec<u8>>(1);
        let (give_back, spent) = mpsc::sync_channel::<Vec<u8>>(2);
        let error = Arc::new(Mutex::new(None));
        let seen = Arc::clone(&error);
        let thread = thread::spawn(move || {
            for chunk in receive {
                if let Err(e) = inner.write_all(&chunk) {
                    let kind = e.kind();
                    if let Ok(mut slot) = seen.lock() {
                        *slot = Some(e);
                    }
                    return Err(io::Error::from(kind));
                }
                let _ = give_back.try_send(chunk);
            }
            inner.flush()
        });
        WriteBehind {
            chunks: Some(chunks),
            spent,
            error,
            thread: Some(thread),
        }
    }

    /// The writing thread's error, once it has stopped on one.
    fn error(&self) -> io::Error {
        match self.error.lock().ok().and_then(|mut slot| slot.take()) {
            Some(e) => e,
            None => io::Error::from(io::ErrorKind::BrokenPipe),
        }
    }

    /// Waits until everything is written; the first error, if any.
    pub fn finish(mut self) -> io::Result<()> {
        drop(self.chunks.take());
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(result)) => {
                result.map_err(
                    |e| match self.error.lock().ok().and_then(|mut s| s.take()) {
                        Some(first) => first,
                        None => e,
                    },
                )
            }
            Some(Err(_)) => Err(io::Error::other("the writing thread failed")),
            None => Ok(()),
        }
    }
}

impl Write for WriteBehind {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_vectored(&[IoSlice::new(buf)])
    }

    fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        let mut chunk = self.spent.try_recv().unwrap_or_default();
        chunk.clear();
        for buf in bufs {
            chunk.extend_from_slice(buf);
        }
        let n = chunk.len();
        if n == 0 {
            return Ok(0);
        }
        match self.chunks.as_ref().map(|c| c.send(chunk)) {
            Some(Ok(())) => Ok(n),
            _ => Err(self.error()),
        }
    }

    /// Everything written so far is on its way; waiting for it is
    /// [`finish`](Self::finish)'s job.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
