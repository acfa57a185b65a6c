//! Byte offsets in UTF-8 text turned into UTF-16 code units, the offsets
//! JavaScript strings use, in one pass over offsets that grow.

/// Counts code units up to ever later byte offsets of one text.
pub struct Utf16<'a> {
    bytes: &'a [u8],
    byte: usize,
    units: usize,
}

impl<'a> Utf16<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Utf16 {
            bytes,
            byte: 0,
            units: 0,
        }
    }

    /// The UTF-16 length of the text before `byte` (clamped to the text).
    /// Cheap when offsets come in order; an earlier one counts again from
    /// the start.
    pub fn units(&mut self, byte: usize) -> usize {
        let byte = byte.min(self.bytes.len());
        if byte < self.byte {
            self.byte = 0;
            self.units = 0;
        }
        let between = self.bytes.get(self.byte..byte).unwrap_or_default();
        // Every byte that starts a character is one unit; a four-byte
        // character is a surrogate pair, one more.
        self.units += between
            .iter()
            .map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
            .sum::<usize>();
        self.byte = byte;
        self.units
    }
}
