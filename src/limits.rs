//! The size and depth limits, in one place: what the reader, the finder and
//! the streaming redactor refuse or hold at most, so that hostile input
//! costs bounded time and memory.

/// The default limit on input size: far above any real token, low enough
/// that hostile input is refused before any decoding work.
pub const DEFAULT_MAX_LEN: usize = 64 * 1024;

/// The longest text the JSON object scan takes.
pub(crate) const MAX_TEXT: usize = u32::MAX as usize;

/// How deep arrays and objects may nest, the object itself counted.
pub(crate) const MAX_DEPTH: usize = 64;

/// The most bytes a streaming splitter holds.
pub(crate) const CAPACITY: usize = 1 << 20;
