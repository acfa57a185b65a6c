//! Link-setup checks: what an integrator passed to Link (`sandbox`, the
//! client, the user the token was requested for) set against what the
//! token says.

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::find::escape::Quoted;
use crate::read::claims::Claims;
use crate::read::issuer::Environment;

/// What the token is expected to match; each part is checked only when
/// set.
#[derive(Clone, Debug, Default)]
pub(crate) struct LinkSetup {
    pub(crate) sandbox: Option<bool>,
    pub(crate) client_id: Option<String>,
    pub(crate) user_id: Option<String>,
}

/// Identifiers are UUIDs, which people type in either case.
fn same_id(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

impl LinkSetup {
    pub(crate) fn check(&self, claims: &Claims, env: Environment, out: &mut Vec<Diagnostic>) {
        if let Some(sandbox) = self.sandbox {
            environment(sandbox, env, out);
        }
        if let Some(expected) = &self.client_id {
            client(claims, expected, out);
        }
        if let Some(expected) = &self.user_id {
            user(claims, expected, out);
        }
    }
}

fn environment(sandbox: bool, env: Environment, out: &mut Vec<Diagnostic>) {
    let severity = match (sandbox, env) {
        (true, Environment::Sandbox) | (false, Environment::Production) => return,
        // Told by the unknown-issuer or missing-claim diagnostic already.
        (_, Environment::Unknown) => return,
        (true, Environment::Production) | (false, Environment::Sandbox) => Severity::Error,
        // Staging and development deployments may point Link elsewhere.
        _ => Severity::Warning,
    };
    let setting = if sandbox {
        "sandbox: true"
    } else {
        "sandbox: false (production)"
    };
    out.push(Diagnostic::new(
        severity,
        Code::EnvironmentMismatch,
        format!("Link is set up with {setting}, but the token is for {env}"),
    ));
}

fn client(claims: &Claims, expected: &str, out: &mut Vec<Diagnostic>) {
    let (severity, message) = match claims.client_id() {
        Some(found) if same_id(found, expected) => return,
        Some(found) => (
            Severity::Error,
            format!(
                "client_id {} is not the expected {}: the token was made with another client's credentials",
                Quoted(found),
                Quoted(expected)
            ),
        ),
        None => (
            Severity::Warning,
            format!(
                "the token has no client_id to set against the expected {}",
                Quoted(expected)
            ),
        ),
    };
    out.push(Diagnostic::new(severity, Code::ClientMismatch, message));
}

fn user(claims: &Claims, expected: &str, out: &mut Vec<Diagnostic>) {
    let (severity, message) = match (claims.user_id(), claims.sub()) {
        (Some(found), _) | (None, Some(found)) if same_id(found, expected) => return,
        (Some(found), _) => (
            Severity::Error,
            format!(
                "user_id {} is not the expected {}: the token was issued for another user",
                Quoted(found),
                Quoted(expected)
            ),
        ),
        (None, Some(found)) => (
            Severity::Error,
            format!(
                "sub {} (there is no user_id) is not the expected {}: the token was issued for another user",
                Quoted(found),
                Quoted(expected)
            ),
        ),
        (None, None) => (
            Severity::Warning,
            format!(
                "the token has no user_id or sub to set against the expected {}",
                Quoted(expected)
            ),
        ),
    };
    out.push(Diagnostic::new(severity, Code::UserMismatch, message));
}
