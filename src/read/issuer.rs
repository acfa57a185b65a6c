use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// The environment a token was issued for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Environment {
    /// Live data.
    Production,
    /// The issuer's sandbox, with test credentials.
    Sandbox,
    /// A staging deployment.
    Staging,
    /// A development deployment.
    Development,
    /// The issuer is missing or not recognised.
    Unknown,
}

impl Environment {
    /// Every environment, in the order reports count them: production
    /// first, unknown last.
    pub const ALL: [Environment; 5] = [
        Environment::Production,
        Environment::Sandbox,
        Environment::Staging,
        Environment::Development,
        Environment::Unknown,
    ];

    /// `production`, `sandbox`, `staging`, `development` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Production => "production",
            Environment::Sandbox => "sandbox",
            Environment::Staging => "staging",
            Environment::Development => "development",
            Environment::Unknown => "unknown",
        }
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The error of parsing an [`Environment`] name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseEnvironmentError(());

impl fmt::Display for ParseEnvironmentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("expected one of production, sandbox, staging, development, unknown")
    }
}

impl std::error::Error for ParseEnvironmentError {}

impl FromStr for Environment {
    type Err = ParseEnvironmentError;

    /// Reads the names `as_str` gives and the usual short forms (`prod`,
    /// `stage`, `dev`), in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "production" | "prod" => Environment::Production,
            "sandbox" => Environment::Sandbox,
            "staging" | "stage" => Environment::Staging,
            "development" | "dev" => Environment::Development,
            "unknown" => Environment::Unknown,
            _ => return Err(ParseEnvironmentError(())),
        })
    }
}

/// How an issuer's environment was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IssuerMatch {
    /// The issuer is in the table.
    Table,
    /// The issuer starts with `argyle-` and ends in a known suffix.
    Suffix,
    /// Neither.
    Unknown,
}

/// Maps issuers (`iss`) to environments.
///
/// Starts with the one documented issuer, `argyle-core-auth-prod` →
/// production. Issuers not in the table that start with `argyle-` are judged
/// by their suffix: `-prod`/`-production`, `-sandbox`, `-staging`/`-stage`,
/// `-dev`/`-development`. Entries added with [`with`](Self::with) win over
/// both.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issuers {
    table: Vec<(String, Environment)>,
}

impl Default for Issuers {
    fn default() -> Self {
        Issuers::new()
    }
}

const SUFFIXES: [(&str, Environment); 7] = [
    ("-prod", Environment::Production),
    ("-production", Environment::Production),
    ("-sandbox", Environment::Sandbox),
    ("-staging", Environment::Staging),
    ("-stage", Environment::Staging),
    ("-dev", Environment::Development),
    ("-development", Environment::Development),
];

impl Issuers {
    /// The table with the documented issuer.
    pub fn new() -> Self {
        Issuers {
            table: vec![("argyle-core-auth-prod".to_owned(), Environment::Production)],
        }
    }

    /// Adds (or replaces) an issuer.
    pub fn with(mut self, issuer: impl Into<String>, environment: Environment) -> Self {
        let issuer = issuer.into();
        self.table.retain(|(name, _)| *name != issuer);
        self.table.push((issuer, environment));
        self
    }

    /// The environment of `issuer`, and how it was found.
    pub fn environment(&self, issuer: &str) -> (Environment, IssuerMatch) {
        if let Some((_, env)) = self.table.iter().find(|(name, _)| name == issuer) {
            return (*env, IssuerMatch::Table);
        }
        if issuer.starts_with("argyle-") {
            if let Some((_, env)) = SUFFIXES.iter().find(|(s, _)| issuer.ends_with(s)) {
                return (*env, IssuerMatch::Suffix);
            }
        }
        (Environment::Unknown, IssuerMatch::Unknown)
    }
}
