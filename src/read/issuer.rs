use crate::names::names;

names! {
    /// The environment a token was issued for. `ALL` is in the order
    /// reports count them, and environments order so: production first,
    /// unknown last. Read from its
    /// name or the usual short forms (`prod`, `stage`, `dev`).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
    #[non_exhaustive]
    pub enum Environment {
        /// Live data.
        Production => "production" | "prod",
        /// The issuer's sandbox, with test credentials.
        Sandbox => "sandbox",
        /// A staging deployment.
        Staging => "staging" | "stage",
        /// A development deployment.
        Development => "development" | "dev",
        /// The issuer is missing or not recognised.
        Unknown => "unknown",
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
    #[must_use]
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
