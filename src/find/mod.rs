//! Tokens in text: the scanner, the streaming splitter over readers, where
//! in pasted text a token was found, and text shown to people with the
//! tokens inside it taken out.

pub(crate) mod candidate;
pub(crate) mod escape;
pub(crate) mod found;
pub(crate) mod glue;
pub(crate) mod pasted;
pub(crate) mod replace;
pub(crate) mod rules;
pub(crate) mod scan;
pub(crate) mod scanner;
pub(crate) mod stream;
pub(crate) mod utf16;
pub(crate) mod view;
pub(crate) mod wrap;
