//! `RedactingWriter` under tracing-subscriber and env_logger, as wired in
//! examples/logging.rs, writing to a buffer instead of standard error.

use std::io::{self, Write};
use std::sync::{Arc, Mutex};

use usertoken::{RedactingWriter, Redactor, Style};

const SAMPLE: &str = include_str!("../samples/user-token.jwt");

/// A writer into a buffer the test keeps.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Shared {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

#[track_caller]
fn assert_redacted(log: &str, lines: usize) {
    let token = SAMPLE.trim();
    for segment in token.split('.') {
        assert!(!log.contains(segment), "token text in {log}");
    }
    assert_eq!(log.lines().count(), lines, "{log}");
}

#[test]
fn tracing_subscriber_one_writer_per_event() {
    let token = SAMPLE.trim();
    let log = Shared::default();
    let sink = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || RedactingWriter::new(sink.clone()))
        .without_time()
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        tracing::info!(user_token = %token, "created user token");
        tracing::warn!("Link rejected userToken={token}&sandbox=false");
    });
    let text = log.text();
    assert_redacted(&text, 2);
    assert!(
        text.contains(
            "created user token user_token=[REDACTED-JWT:fp=702a866402c991f1:env=production:\
         user_id=017f8978-bbfd-ff64-18ce-d59f99bf51c2:exp=2022-05-13T22:38:05Z]\n"
        ),
        "{text}"
    );
    assert!(text.contains("&sandbox=false\n"), "{text}");
}

#[test]
fn env_logger_pipe_target() {
    let token = SAMPLE.trim();
    let log = Shared::default();
    let writer = Redactor::new()
        .style(Style::Fingerprint)
        .writer(log.clone());
    let logger = env_logger::Builder::new()
        .filter_level(log::LevelFilter::Info)
        .format_timestamp(None)
        .target(env_logger::Target::Pipe(Box::new(writer)))
        .build();
    use log::Log;
    for message in [
        format_args!("POST /user-tokens returned {{\"user_token\": \"{token}\"}}"),
        format_args!("Authorization: Bearer {token}"),
    ] {
        logger.log(
            &log::Record::builder()
                .args(message)
                .level(log::Level::Info)
                .target("app")
                .build(),
        );
    }
    logger.flush();
    let text = log.text();
    assert_redacted(&text, 2);
    assert_eq!(
        text,
        "[INFO  app] POST /user-tokens returned {\"user_token\": \"[REDACTED-JWT:fp=702a866402c991f1]\"}\n\
         [INFO  app] Authorization: Bearer [REDACTED-JWT:fp=702a866402c991f1]\n"
    );
}
