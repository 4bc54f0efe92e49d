//! Output buffers shared by the codecs.

use alloc::vec::Vec;
use bytes::BytesMut;

/// The caller's output slice is shorter than the encoded output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("output buffer too small: {needed} bytes needed")]
pub struct BufferTooSmall {
    /// The exact number of bytes the output needs.
    pub needed: usize,
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for alloc::vec::Vec<u8> {}
    impl Sealed for bytes::BytesMut {}
}

/// A growable output buffer the codecs append to: `Vec<u8>` or `BytesMut`.
///
/// Sealed: implemented by the crate for the buffers it supports.
pub trait OutBuf: sealed::Sealed {
    /// Appends up to `max` bytes: `fill` gets `max` writable bytes at the end,
    /// returns how many it wrote (and a value passed through); the rest is dropped.
    fn append_with<R>(&mut self, max: usize, fill: impl FnOnce(&mut [u8]) -> (usize, R)) -> R;
}

impl OutBuf for Vec<u8> {
    fn append_with<R>(&mut self, max: usize, fill: impl FnOnce(&mut [u8]) -> (usize, R)) -> R {
        let start = self.len();
        self.resize(start + max, 0);
        let (n, r) = fill(&mut self[start..]);
        self.truncate(start + n);
        r
    }
}

impl OutBuf for BytesMut {
    fn append_with<R>(&mut self, max: usize, fill: impl FnOnce(&mut [u8]) -> (usize, R)) -> R {
        let start = self.len();
        self.resize(start + max, 0);
        let (n, r) = fill(&mut self[start..]);
        self.truncate(start + n);
        r
    }
}
