//! Keeping user tokens out of logs: `RedactingWriter` under the two common
//! logging stacks. Every token written through it is replaced (here by the
//! default summary style, `[REDACTED-JWT:fp=…:env=…:user_id=…:exp=…]`);
//! everything else passes unchanged.
//!
//! ```sh
//! cargo run --example logging
//! ```

use std::io;

use usertoken::{RedactingWriter, Redactor, Style};

const SAMPLE: &str = include_str!("../samples/user-token.jwt");

fn main() {
    let token = SAMPLE.trim();

    // tracing-subscriber takes any closure that returns a writer and calls
    // it once per event; the writer's drop writes the event out whole.
    let subscriber = tracing_subscriber::fmt()
        .with_writer(|| RedactingWriter::new(io::stderr()))
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        tracing::info!(user_token = %token, "created user token for Link");
        tracing::warn!("Link rejected userToken={token}&sandbox=false");
    });

    // env_logger writes each record to a pipe target and flushes it; a
    // record ends in a newline, so it comes out whole. Another style:
    // only the fingerprint, to follow one token across lines.
    let writer = Redactor::new()
        .style(Style::Fingerprint)
        .writer(io::stderr());
    env_logger::Builder::new()
        .filter_level(log::LevelFilter::Info)
        .target(env_logger::Target::Pipe(Box::new(writer)))
        .init();
    log::info!("POST /user-tokens returned {{\"user_token\": \"{token}\"}}");
    log::logger().flush();
}
