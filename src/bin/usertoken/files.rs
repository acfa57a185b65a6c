//! The inputs of `redact` and `scan`: files in order, standard input for
//! none or `-`. A file that cannot be read is reported by name and the
//! others are still processed. Each input is read on a thread of its own,
//! beside the scanning.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread;

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
pub fn describe(e: &io::Error) -> String {
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
pub struct Tracked<R> {
    inner: R,
    pub failed: bool,
    /// How many bytes were read.
    pub read: u64,
}

impl<R> Tracked<R> {
    pub fn new(inner: R) -> Self {
        Tracked {
            inner,
            failed: false,
            read: 0,
        }
    }
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let result = self.inner.read(buf);
        match &result {
            Ok(n) => self.read += *n as u64,
            Err(e) => self.failed |= e.kind() != io::ErrorKind::Interrupted,
        }
        result
    }
}

/// How much the reading thread reads at a time.
const CHUNK: usize = 1 << 20;

/// Reads on a thread of its own, a chunk or two ahead, so that reading the
/// input overlaps scanning and writing it. Chunks go back to the thread for
/// reuse, so memory stays at a few chunks.
pub struct ReadAhead {
    chunks: Receiver<io::Result<Vec<u8>>>,
    spent: SyncSender<Vec<u8>>,
    current: Vec<u8>,
    at: usize,
    done: bool,
}

impl ReadAhead {
    pub fn new<R: Read + Send + 'static>(mut inner: R) -> ReadAhead {
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
