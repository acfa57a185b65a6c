//! The Link-setup options: what the integrator passed to Link, checked
//! against each token by the library's inspector.

use clap::Args;
use usertoken::Inspector;

#[derive(Args, Clone)]
#[command(next_help_heading = "Link setup")]
pub struct LinkArgs {
    /// The `sandbox` value passed to Link: a token of the other
    /// environment gets an environment-mismatch error.
    #[arg(long, value_name = "BOOL")]
    sandbox: Option<bool>,
    /// The integrator's client id: a token of another client gets a
    /// client-mismatch error.
    #[arg(long, value_name = "ID")]
    client_id: Option<String>,
    /// The user the token was requested for (`POST /user-tokens`): a token
    /// of another user gets a user-mismatch error.
    #[arg(long, value_name = "ID")]
    user_id: Option<String>,
}

impl LinkArgs {
    pub fn apply(&self, mut inspector: Inspector) -> Inspector {
        if let Some(sandbox) = self.sandbox {
            inspector = inspector.expect_sandbox(sandbox);
        }
        if let Some(id) = &self.client_id {
            inspector = inspector.expect_client_id(id.clone());
        }
        if let Some(id) = &self.user_id {
            inspector = inspector.expect_user_id(id.clone());
        }
        inspector
    }
}
