//! One segment's bytes to values: base64url segments and the JSON object
//! scan under every header and claims object.

pub(crate) mod object;
pub(crate) mod scanjson;
pub(crate) mod segment;
