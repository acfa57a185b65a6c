//! Tokens in text: the scanner, the streaming splitter over readers, where
//! in pasted text a token was found, and text shown to people with the
//! tokens inside it taken out.

pub(crate) mod escape;
pub(crate) mod pasted;
pub(crate) mod replace;
pub(crate) mod scan;
pub(crate) mod stream;
