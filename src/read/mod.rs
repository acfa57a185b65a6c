//! From text to a typed token: cleaning pasted input, `Header`, `Claims`,
//! time claims, the issuer table, and the one reader every other layer
//! goes through.

pub(crate) mod claims;
pub(crate) mod clean;
pub(crate) mod header;
pub(crate) mod issuer;
pub(crate) mod time;
pub(crate) mod token;
