//! Baselines: fingerprints of known tokens (test fixtures, documentation
//! samples) that `scan` does not report, each with a note saying why it is
//! known. A text file, one token a line, made to be reviewed and committed:
//!
//! ```text
//! # usertoken baseline: tokens `usertoken scan` does not report.
//! 702a866402c991f1 samples/user-token.jwt: the published example token
//! ```
//!
//! A line is 16 hex digits, then whitespace and the note; blank lines and
//! lines starting with `#` are comments. No token text is ever in it.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use usertoken::{Fingerprint, Printable};

const HEAD: &str = "# usertoken baseline: tokens `usertoken scan` does not report.\n\
# One a line: the token's fingerprint, then a note saying why it is known.\n";

#[derive(Default, Clone)]
pub struct Baseline {
    /// Fingerprint to note, and the order they were read in.
    known: HashMap<Fingerprint, usize>,
    entries: Vec<(Fingerprint, String)>,
}

impl Baseline {
    /// Adds the entries of the baseline at `path`.
    ///
    /// # Errors
    ///
    /// A sentence naming the file and the line, when it cannot be read or a
    /// line is not an entry.
    pub fn read(&mut self, path: &Path) -> Result<(), String> {
        let text = std::fs::read(path).map_err(|e| {
            format!(
                "cannot read the baseline {}: {}",
                path.display(),
                crate::files::describe(&e)
            )
        })?;
        let text = String::from_utf8_lossy(&text);
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (hex, note) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            let fingerprint: Fingerprint = hex.parse().map_err(|e| {
                format!(
                    "invalid fingerprint on line {} of the baseline {}: {e}",
                    n + 1,
                    path.display()
                )
            })?;
            self.insert(fingerprint, note.trim().to_owned());
        }
        Ok(())
    }

    fn insert(&mut self, fingerprint: Fingerprint, note: String) {
        if !self.known.contains_key(&fingerprint) {
            self.known.insert(fingerprint, self.entries.len());
            self.entries.push((fingerprint, note));
        }
    }

    pub fn contains(&self, fingerprint: Fingerprint) -> bool {
        self.known.contains_key(&fingerprint)
    }

    /// This baseline and `found` after it, each fingerprint once (the
    /// first note kept).
    pub fn with(&self, found: &[(Fingerprint, String)]) -> Baseline {
        let mut all = self.clone();
        for (fingerprint, note) in found {
            all.insert(*fingerprint, note.clone());
        }
        all
    }

    /// Writes the baseline to `path` (to a temporary file beside it, then
    /// renamed, so a reader never sees half of it).
    pub fn write(&self, path: &Path) -> io::Result<()> {
        let mut text = String::from(HEAD);
        for (fingerprint, note) in &self.entries {
            text.push_str(&fingerprint.to_string());
            if !note.is_empty() {
                text.push(' ');
                text.push_str(&Printable(note).to_string());
            }
            text.push('\n');
        }
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let temp = path.with_file_name(format!(
            ".{}.{}.tmp",
            name.unwrap_or_default(),
            std::process::id()
        ));
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temp, path).inspect_err(|_| {
            let _ = std::fs::remove_file(&temp);
        })
    }
}
