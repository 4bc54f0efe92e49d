//! Server side of BDAT (RFC 3030 CHUNKING): exactly `n` bytes of binary-clean chunk data.
//!
//! After `BDAT n [LAST]` the next `n` bytes are message data, with no dot-stuffing, no
//! terminator and no line rules (RFC 3030 §2). A [`BdatReceiver`] yields them as slices of
//! the input ([`BdatEvent::Chunk`]) and then [`BdatEvent::End`].
//!
//! The message size limit ([`ParserOptions::max_message_size`]) counts all chunks of one
//! message. The server carries the running total from one chunk to the next: it passes
//! [`BdatReceiver::message_size`] of the finished receiver as `already_received` to the
//! receiver of the next `BDAT` of the same transaction, and 0 after `LAST`, `RSET` or a new
//! `MAIL`.
//!
//! ```
//! use smtp_proto::stream::bdat::{BdatEvent, BdatReceiver};
//! use smtp_proto::{ParserOptions, Status};
//!
//! let opts = ParserOptions::default();
//! // "BDAT 5\r\n" was parsed; the chunk arrives in two reads.
//! let mut rx = BdatReceiver::new(5, false, 0, &opts);
//! let Status::Complete { value, consumed } = rx.decode(b"\r\n.\r") else { panic!() };
//! assert_eq!((value, consumed), (BdatEvent::Chunk(b"\r\n.\r"), 4));
//! let Status::Complete { value, consumed } = rx.decode(b"\nBDAT 0 LAST\r\n") else { panic!() };
//! assert_eq!((value, consumed), (BdatEvent::Chunk(b"\n"), 1));
//! assert_eq!(rx.decode(b"BDAT 0 LAST\r\n").complete(), Some(BdatEvent::End { last: false }));
//!
//! // "BDAT 0 LAST" ends the message with an empty chunk.
//! let mut last = BdatReceiver::new(0, true, rx.message_size(), &opts);
//! assert_eq!(last.decode(b"").complete(), Some(BdatEvent::End { last: true }));
//! assert_eq!(last.message_size(), 5);
//! ```

use crate::Status;
use crate::error::{Error, ErrorKind};
use crate::options::ParserOptions;

/// One event of a [`BdatReceiver`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BdatEvent<'a> {
    /// Chunk data: a sub-slice of the input (never copied). Empty only when the call
    /// consumed data past the size limit, which is not delivered.
    Chunk(&'a [u8]),
    /// All `n` bytes of the chunk were consumed. `last` repeats the `LAST` flag of the
    /// command. After `End` the receiver is finished.
    End {
        /// The chunk was announced with `LAST`.
        last: bool,
    },
    /// The message (all its chunks so far) exceeds the size limit:
    /// [`ErrorKind::MessageTooLarge`], at the offset (from the first byte of this chunk's
    /// data) of the first byte over the limit. Reported once per chunk; the rest of the chunk
    /// is consumed without being delivered, then [`BdatEvent::End`] follows. The server
    /// answers 552 and discards the message (RFC 3030 §2: the data must still be read).
    Invalid(Error),
}

/// Receives the data of one `BDAT` chunk (see the [module docs](self)).
///
/// The caller owns the buffer: after [`Status::Complete`] it drops `consumed` bytes from
/// the front; [`Status::Incomplete`] is returned only for an empty input while data is
/// still due.
#[derive(Debug, Clone)]
pub struct BdatReceiver {
    /// Chunk bytes not consumed yet.
    remaining: u64,
    last: bool,
    /// Message bytes so far: `already_received` plus the bytes of this chunk consumed.
    total: u64,
    max: u64,
    /// Offset (in this chunk) of the next input byte.
    base: usize,
    /// The limit was passed: the rest of the chunk is dropped.
    over: bool,
    /// A size-limit error to report on the next call (its offset).
    pending_too_large: Option<usize>,
    done: bool,
}

impl BdatReceiver {
    /// A receiver for `BDAT size [LAST]`.
    ///
    /// `already_received` is the size of the earlier chunks of the same message (see
    /// [`BdatReceiver::message_size`]); the limit is `opts.max_message_size`.
    pub const fn new(size: u64, last: bool, already_received: u64, opts: &ParserOptions) -> Self {
        Self {
            remaining: size,
            last,
            total: already_received,
            max: opts.max_message_size,
            base: 0,
            over: false,
            pending_too_large: None,
            done: false,
        }
    }

    /// Chunk bytes still due.
    pub const fn remaining(&self) -> u64 {
        self.remaining
    }

    /// Size of the message so far: `already_received` plus the bytes of this chunk consumed
    /// (delivered or not; saturating at `u64::MAX`). Pass it to the receiver of the next
    /// chunk of the same message.
    pub const fn message_size(&self) -> u64 {
        self.total
    }

    /// True once [`BdatEvent::End`] was returned.
    pub const fn is_finished(&self) -> bool {
        self.done
    }

    /// The next event from `input`.
    ///
    /// After the last data byte, [`BdatEvent::End`] is returned by the next call with
    /// `consumed == 0`, whatever the input (it may be empty). Once finished, every call
    /// returns `End` again with `consumed == 0`.
    pub fn decode<'a>(&mut self, input: &'a [u8]) -> Status<BdatEvent<'a>> {
        if let Some(offset) = self.pending_too_large.take() {
            let n = self.take(input);
            let limit = self.max;
            return self.complete(
                BdatEvent::Invalid(Error::new(offset, ErrorKind::MessageTooLarge { limit })),
                n,
            );
        }
        if self.remaining == 0 {
            self.done = true;
            return Status::Complete {
                value: BdatEvent::End { last: self.last },
                consumed: 0,
            };
        }
        if input.is_empty() {
            return Status::Incomplete;
        }
        let room = self.max.saturating_sub(self.total);
        let start = self.base;
        let n = self.take(input);
        if self.over {
            return self.complete(BdatEvent::Chunk(&input[..0]), n);
        }
        if n as u64 <= room {
            return self.complete(BdatEvent::Chunk(&input[..n]), n);
        }
        // `room < n`, so it fits in usize.
        let room = room as usize;
        self.over = true;
        let offset = start.saturating_add(room);
        if room == 0 {
            let limit = self.max;
            return self.complete(
                BdatEvent::Invalid(Error::new(offset, ErrorKind::MessageTooLarge { limit })),
                n,
            );
        }
        self.pending_too_large = Some(offset);
        self.complete(BdatEvent::Chunk(&input[..room]), n)
    }

    /// Takes as many chunk bytes from `input` as are due; returns how many.
    fn take(&mut self, input: &[u8]) -> usize {
        let n = usize::try_from(self.remaining).map_or(input.len(), |r| r.min(input.len()));
        self.remaining -= n as u64;
        self.total = self.total.saturating_add(n as u64);
        n
    }

    /// Returns `event`, moving the chunk offset past `consumed` bytes.
    fn complete<'a>(&mut self, event: BdatEvent<'a>, consumed: usize) -> Status<BdatEvent<'a>> {
        self.base = self.base.saturating_add(consumed);
        Status::Complete {
            value: event,
            consumed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_bytes_then_end() {
        let o = ParserOptions::new();
        let mut rx = BdatReceiver::new(3, true, 0, &o);
        assert_eq!(rx.decode(b""), Status::Incomplete);
        assert_eq!(
            rx.decode(b"a\r\nQUIT"),
            Status::Complete {
                value: BdatEvent::Chunk(b"a\r\n"),
                consumed: 3
            }
        );
        assert_eq!(
            rx.decode(b"QUIT"),
            Status::Complete {
                value: BdatEvent::End { last: true },
                consumed: 0
            }
        );
        assert!(rx.is_finished());
        assert_eq!(rx.message_size(), 3);
    }

    #[test]
    fn limit_across_chunks() {
        let o = ParserOptions::new().max_message_size(5);
        let mut rx = BdatReceiver::new(4, false, 3, &o);
        assert_eq!(rx.decode(b"abcd").complete(), Some(BdatEvent::Chunk(b"ab")));
        assert_eq!(
            rx.decode(b"").complete(),
            Some(BdatEvent::Invalid(Error::new(
                2,
                ErrorKind::MessageTooLarge { limit: 5 }
            )))
        );
        assert_eq!(
            rx.decode(b"").complete(),
            Some(BdatEvent::End { last: false })
        );
        assert_eq!(rx.message_size(), 7);
    }
}
