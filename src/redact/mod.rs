//! Taking tokens out of text: `Redactor`, styles and markers,
//! `RedactingWriter`.

pub(crate) mod redactor;
pub(crate) mod style;
