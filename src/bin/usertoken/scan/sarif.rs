//! `scan --format sarif`: a SARIF 2.1.0 log, written as the scan goes (the
//! results array between a fixed head and a tail), for code-scanning
//! dashboards. One rule per sort of finding; each result is located by
//! line and column and carries the token's fingerprint as its partial
//! fingerprint, so a dashboard follows one token across commits. No result
//! holds token text.

use std::io::{self, Write};

use serde_json::{json, Value};
use usertoken::{Environment, Finding, TokenKind};

use super::is_live;

/// The rules, in the order of `tool.driver.rules`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Rule {
    LiveProduction,
    LiveSandbox,
    LiveOther,
    Expired,
    Unsigned,
    Damaged,
    Encrypted,
}

const RULES: [Rule; 7] = [
    Rule::LiveProduction,
    Rule::LiveSandbox,
    Rule::LiveOther,
    Rule::Expired,
    Rule::Unsigned,
    Rule::Damaged,
    Rule::Encrypted,
];

impl Rule {
    fn of(f: &Finding) -> Rule {
        match f.kind() {
            TokenKind::Unsigned => Rule::Unsigned,
            TokenKind::Damaged | TokenKind::Truncated => Rule::Damaged,
            TokenKind::Jwe => Rule::Encrypted,
            _ if !is_live(f) => Rule::Expired,
            _ => match f.environment() {
                Some(Environment::Production) => Rule::LiveProduction,
                Some(Environment::Sandbox) => Rule::LiveSandbox,
                _ => Rule::LiveOther,
            },
        }
    }

    fn index(self) -> usize {
        RULES.iter().position(|&r| r == self).unwrap_or(0)
    }

    /// Id, name, level, short and full description.
    fn text(
        self,
    ) -> (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    ) {
        match self {
            Rule::LiveProduction => (
                "usertoken/live-production-token",
                "LiveProductionToken",
                "error",
                "A live production user token",
                "A user token issued by the production issuer that has not expired: it gives access to a real user's payroll connections. Revoke it and remove it from the file and its history.",
            ),
            Rule::LiveSandbox => (
                "usertoken/live-sandbox-token",
                "LiveSandboxToken",
                "warning",
                "A live sandbox user token",
                "A user token of the sandbox environment that has not expired: test data only, but still a credential.",
            ),
            Rule::LiveOther => (
                "usertoken/live-token",
                "LiveToken",
                "warning",
                "A live user token of another or unknown environment",
                "A user token that has not expired, from a staging, development or unrecognised issuer.",
            ),
            Rule::Expired => (
                "usertoken/expired-token",
                "ExpiredToken",
                "note",
                "An expired user token",
                "A user token past its expiry: no longer a credential, but it still names a user and a client.",
            ),
            Rule::Unsigned => (
                "usertoken/unsigned-token",
                "UnsignedToken",
                "warning",
                "An unsigned token",
                "A token whose signature segment is empty (alg none, or cut off at its last dot).",
            ),
            Rule::Damaged => (
                "usertoken/damaged-token",
                "DamagedToken",
                "warning",
                "A damaged or truncated token",
                "A token with a stray byte, a broken header, or cut off after its payload: what can be read of it may still be a credential.",
            ),
            Rule::Encrypted => (
                "usertoken/encrypted-token",
                "EncryptedToken",
                "warning",
                "An encrypted token (JWE)",
                "An encrypted token: its claims cannot be read without the key, so whose it is and whether it is live are unknown.",
            ),
        }
    }
}

/// Everything before the first result.
pub fn head(out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            let (id, name, level, short, full) = r.text();
            json!({
                "id": id,
                "name": name,
                "shortDescription": { "text": short },
                "fullDescription": { "text": full },
                "defaultConfiguration": { "level": level },
                "help": { "text": full },
            })
        })
        .collect();
    let tool = json!({
        "driver": {
            "name": "usertoken",
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "informationUri": "https://crates.io/crates/usertoken",
            "rules": rules,
        }
    });
    write!(
        out,
        "{{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{tool},\"columnKind\":\"unicodeCodePoints\",\"results\":["
    )
}

/// One result, without separator.
pub fn result(file: &str, f: &Finding, out: &mut Vec<u8>) -> io::Result<()> {
    let rule = Rule::of(f);
    let (id, _, level, short, _) = rule.text();
    let fingerprint = f.fingerprint().to_string();
    let mut message = short.to_owned();
    if let Some(user) = f.user_id() {
        message.push_str(&format!(" for user {user}"));
    }
    match (f.expires_at(), f.is_expired()) {
        (Some(at), Some(true)) => message.push_str(&format!(", expired {at}")),
        (Some(at), _) => message.push_str(&format!(", live until {at}")),
        (None, _) => {}
    }
    message.push_str(&format!(" (fingerprint {fingerprint})"));
    let result = json!({
        "ruleId": id,
        "ruleIndex": rule.index(),
        "level": level,
        "message": { "text": message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(file) },
                "region": {
                    "startLine": f.line(),
                    "startColumn": f.column(),
                    "byteOffset": f.offset(),
                    "byteLength": f.length(),
                }
            }
        }],
        "partialFingerprints": { "usertokenFingerprint/v1": fingerprint },
        "properties": {
            "kind": f.kind().as_str(),
            "environment": f.environment().map(Environment::as_str),
            "issuer": f.issuer(),
            "userId": f.user_id(),
            "clientId": f.client_id(),
            "expiresAt": f.expires_at(),
            "expired": f.is_expired(),
        },
    });
    serde_json::to_writer(&mut *out, &result)?;
    out.push(b'\n');
    Ok(())
}

/// Everything after the last result: whether every input was read, and
/// the ones that were not.
pub fn tail(problems: &[String], out: &mut dyn Write) -> io::Result<()> {
    let notifications: Vec<Value> = problems
        .iter()
        .map(|p| json!({ "level": "error", "message": { "text": p } }))
        .collect();
    let invocation = json!({
        "executionSuccessful": problems.is_empty(),
        "toolExecutionNotifications": notifications,
    });
    writeln!(out, "],\"invocations\":[{invocation}]}}]}}")
}

/// A file name as a relative URI reference (or a `file:` URI when it is
/// absolute): every byte but the unreserved ones and `/` percent-encoded.
fn uri(file: &str) -> String {
    let (prefix, path) = match file.strip_prefix('/') {
        Some(rest) => ("file:///", rest),
        None => ("", file.strip_prefix("./").unwrap_or(file)),
    };
    let mut uri = String::from(prefix);
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}
