//! Readers for the tests of streaming.

use std::io::{self, Read};

/// A reader that hands out its data in the given chunk sizes, cycling (a
/// size of 0 counts as 1, so that it never ends early).
pub struct Chunked<'a> {
    data: &'a [u8],
    sizes: Vec<usize>,
    at: usize,
}

impl<'a> Chunked<'a> {
    pub fn new(data: &'a [u8], sizes: Vec<usize>) -> Chunked<'a> {
        Chunked { data, sizes, at: 0 }
    }
}

impl Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let size = self.sizes[self.at % self.sizes.len()].max(1);
        self.at += 1;
        let n = size.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}
