//! `usertoken verify`, and the key options it shares with `inspect`.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::{ArgGroup, Args};
use usertoken::{Key, Verification, Verifier};

use crate::batch::render_lines;
use crate::input::Input;
use crate::output::{Failure, Outcome};

/// The largest key or secret file read: far above any key set in use.
const MAX_KEY_FILE: u64 = 1 << 20;

/// Where the key comes from: at most one of `--key`, `--secret-file`,
/// `--secret-env` (the command decides whether one is required).
#[derive(Args, Clone)]
#[group(skip)]
#[command(group(ArgGroup::new("secret").args(["secret_file", "secret_env"])))]
pub struct KeyArgs {
    /// Verify with a public key or key set, told apart by content: PEM
    /// (public key or X.509 certificate), JWK or JWKS.
    #[arg(long, value_name = "FILE")]
    key: Option<PathBuf>,
    /// Verify with an HMAC secret: the file's bytes, less one trailing line
    /// ending.
    #[arg(long, value_name = "FILE")]
    secret_file: Option<PathBuf>,
    /// Verify with an HMAC secret: the value of this environment variable.
    #[arg(long, value_name = "VAR")]
    secret_env: Option<String>,
    /// The secret is base64 (standard or URL-safe alphabet, padding
    /// optional).
    #[arg(long, requires = "secret")]
    secret_base64: bool,
}

impl KeyArgs {
    /// The key, when one was given.
    ///
    /// # Errors
    ///
    /// A key that cannot be read is a usage error.
    pub fn load(&self) -> Result<Option<Key>, Failure> {
        let loaded = if let Some(path) = &self.key {
            read_file(path, "key file").and_then(|content| {
                Key::parse(content).map_err(|e| format!("the key file {}: {e}", path.display()))
            })
        } else if let Some(path) = &self.secret_file {
            read_file(path, "secret file").and_then(|content| {
                let key = if self.secret_base64 {
                    Key::hmac_base64(content)
                } else {
                    Key::hmac_file(content)
                };
                key.map_err(|e| format!("the secret file {}: {e}", path.display()))
            })
        } else if let Some(var) = &self.secret_env {
            match std::env::var_os(var) {
                Some(value) => self
                    .secret(&value.into_encoded_bytes())
                    .map_err(|e| format!("the secret in {var}: {e}")),
                None => Err(format!("the environment variable {var} is not set")),
            }
        } else {
            return Ok(None);
        };
        loaded.map(Some).map_err(Failure::Usage)
    }

    fn secret(&self, bytes: &[u8]) -> Result<Key, usertoken::KeyError> {
        if self.secret_base64 {
            Key::hmac_base64(bytes)
        } else {
            Key::hmac(bytes)
        }
    }
}

fn read_file(path: &Path, what: &str) -> Result<Vec<u8>, String> {
    let cannot = |e: io::Error| format!("cannot read the {what} {}: {e}", path.display());
    let mut content = Vec::new();
    File::open(path)
        .and_then(|f| f.take(MAX_KEY_FILE + 1).read_to_end(&mut content))
        .map_err(cannot)?;
    if content.len() as u64 > MAX_KEY_FILE {
        return Err(format!(
            "the {what} {} is over {} bytes",
            path.display(),
            MAX_KEY_FILE
        ));
    }
    Ok(content)
}

#[derive(Args)]
#[command(group(
    ArgGroup::new("key-source")
        .args(["key", "secret_file", "secret_env"])
        .required(true)
))]
pub struct VerifyArgs {
    /// Tokens to verify; standard input, one per line, when none is given
    /// or for `-`.
    #[arg(value_name = "TOKEN")]
    tokens: Vec<String>,
    /// One JSON object per token, one per line.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    key: KeyArgs,
    /// Refuse inputs longer than this many bytes before decoding them.
    #[arg(long, value_name = "BYTES", default_value_t = usertoken::DEFAULT_MAX_LEN)]
    max_len: usize,
}

pub fn run(args: &VerifyArgs) -> Result<Outcome, Failure> {
    let Some(key) = args.key.load()? else {
        return Err(Failure::Usage(
            "verify needs --key, --secret-file or --secret-env".to_owned(),
        ));
    };
    let verifier = Verifier::new(key).max_len(args.max_len);
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout());
    let seen = AtomicUsize::new(0);
    // Writes the verdicts of one input (several when it was pasted text
    // holding several tokens); says whether they were all valid.
    let render = |verdicts: Vec<Verification>, out: &mut Vec<u8>| -> bool {
        seen.fetch_add(1, Ordering::Relaxed);
        let mut valid = true;
        for v in verdicts {
            valid &= v.is_valid();
            // Writing into a Vec cannot fail.
            let _ = write_verdict(&v, args.json, out);
        }
        valid
    };
    let mut all_valid = true;
    let mut buf = Vec::new();
    for token in args.tokens.iter().filter(|t| *t != "-") {
        buf.clear();
        all_valid &= render(verifier.verify_pasted(token), &mut buf);
        out.write_all(&buf)?;
    }
    if args.tokens.is_empty() || args.tokens.iter().any(|t| t == "-") {
        let stdin = io::stdin();
        let max_len = verifier.get_max_len();
        all_valid &= render_lines(
            stdin.lock(),
            max_len,
            &mut out,
            || (),
            |(), input, _, buf| {
                render(
                    match input {
                        Input::Text(text) => verifier.verify_pasted(text),
                        Input::TooLong(len) => vec![verifier.oversized(len)],
                    },
                    buf,
                )
            },
        )?;
    }
    out.flush()?;
    if seen.load(Ordering::Relaxed) == 0 {
        crate::output::no_token();
        all_valid = false;
    }
    Ok(Outcome::from_ok(all_valid))
}

/// One verdict as a line: JSON, or the fingerprint, where in pasted text
/// the token was found, and the verdict.
fn write_verdict(v: &Verification, json: bool, out: &mut Vec<u8>) -> io::Result<()> {
    if json {
        serde_json::to_writer(&mut *out, v)?;
        return out.write_all(b"\n");
    }
    match v.fingerprint() {
        Some(fp) => write!(out, "{fp}  ")?,
        None => write!(out, "{:<16}  ", "-")?,
    }
    match v.source() {
        Some(s) if s.of() == 1 => write!(out, "found at byte {} of the pasted text: ", s.offset())?,
        Some(s) => write!(
            out,
            "token {} of {} in the pasted text, at byte {}: ",
            s.index(),
            s.of(),
            s.offset()
        )?,
        None => {}
    }
    writeln!(out, "{v}")
}
