//! ANSI colours for reports read by people, written only when asked for:
//! the caller decides (a terminal, `--color`, `NO_COLOR`).

use std::fmt;

/// A style as an SGR parameter list.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ink(&'static str);

impl Ink {
    /// The SGR parameters, for a style that spans several writes.
    pub(crate) fn code(self) -> &'static str {
        self.0
    }
}

pub(crate) const BOLD: Ink = Ink("1");
pub(crate) const DIM: Ink = Ink("2");
pub(crate) const RED: Ink = Ink("1;31");
pub(crate) const YELLOW: Ink = Ink("33");
pub(crate) const GREEN: Ink = Ink("32");
pub(crate) const CYAN: Ink = Ink("36");

/// Writes `T` in `ink` when colour is on, as it is otherwise.
pub(crate) struct Paint<T>(pub Option<Ink>, pub T);

impl<T: fmt::Display> fmt::Display for Paint<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(Ink(code)) => write!(f, "\x1b[{code}m{}\x1b[0m", self.1),
            None => self.1.fmt(f),
        }
    }
}

/// Colour on or off.
#[derive(Clone, Copy, Default)]
pub(crate) struct Palette {
    pub on: bool,
}

impl Palette {
    pub(crate) fn paint<T>(self, ink: Ink, value: T) -> Paint<T> {
        Paint(self.on.then_some(ink), value)
    }
}
