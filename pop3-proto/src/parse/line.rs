//! Line framing shared by the command and reply parsers and the streaming decoders.
//!
//! RFC 1939 §3: commands and responses are lines ending in CRLF; a CR or LF on its own is
//! not a line end. Strict mode refuses both; lenient mode accepts an LF-only line end (old
//! peers) but still refuses a bare CR, which no deployed peer uses as a line end.

use crate::error::{Error, ErrorKind};

/// Where a line ends, or how far the scan got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineScan {
    /// A complete line: its text is `input[..text_end]`; the next line starts at `next`.
    Complete {
        /// End of the line's text (the CR, or the LF of an LF-only line end).
        text_end: usize,
        /// Index just after the line end.
        next: usize,
    },
    /// No line end yet. `input[..scanned]` holds no line end and no bare CR; a later call
    /// may resume from `scanned` instead of rescanning (this keeps streaming O(n)).
    Incomplete {
        /// Bytes known to be plain line text.
        scanned: usize,
    },
}

/// Scans for the end of the line starting at `input[0]`, resuming at `from`.
///
/// `limit` bounds the text without its line end; `allow_lf` accepts an LF-only line end.
/// Errors: [`ErrorKind::LineTooLong`] (reported at offset `limit`, as soon as the limit is
/// passed, even before the line end arrives), [`ErrorKind::BareCr`], [`ErrorKind::BareLf`].
pub(crate) fn scan_line(
    input: &[u8],
    from: usize,
    limit: usize,
    allow_lf: bool,
) -> Result<LineScan, Error> {
    let pos = from.min(input.len());
    let Some(rel) = memchr::memchr2(b'\r', b'\n', &input[pos..]) else {
        return if input.len() > limit {
            Err(Error::new(limit, ErrorKind::LineTooLong { limit }))
        } else {
            Ok(LineScan::Incomplete {
                scanned: input.len(),
            })
        };
    };
    let at = pos + rel;
    if at > limit {
        return Err(Error::new(limit, ErrorKind::LineTooLong { limit }));
    }
    if input[at] == b'\n' {
        return if allow_lf {
            Ok(LineScan::Complete {
                text_end: at,
                next: at + 1,
            })
        } else {
            Err(Error::new(at, ErrorKind::BareLf))
        };
    }
    match input.get(at + 1) {
        Some(b'\n') => Ok(LineScan::Complete {
            text_end: at,
            next: at + 2,
        }),
        Some(_) => Err(Error::new(at, ErrorKind::BareCr)),
        None => Ok(LineScan::Incomplete { scanned: at }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn done(text_end: usize, next: usize) -> Result<LineScan, Error> {
        Ok(LineScan::Complete { text_end, next })
    }

    #[test]
    fn crlf_ends_a_line() {
        assert_eq!(scan_line(b"STAT\r\nQUIT\r\n", 0, 512, false), done(4, 6));
        assert_eq!(scan_line(b"\r\n", 0, 512, false), done(0, 2));
    }

    #[test]
    fn incomplete_lines_report_resume_point() {
        assert_eq!(
            scan_line(b"STA", 0, 512, false),
            Ok(LineScan::Incomplete { scanned: 3 })
        );
        // A CR at the very end may still be followed by LF: not scanned past.
        assert_eq!(
            scan_line(b"STAT\r", 0, 512, false),
            Ok(LineScan::Incomplete { scanned: 4 })
        );
        assert_eq!(scan_line(b"STAT\r\n", 4, 512, false), done(4, 6));
    }

    #[test]
    fn bare_cr_and_bare_lf() {
        assert_eq!(
            scan_line(b"ST\rAT\r\n", 0, 512, false),
            Err(Error::new(2, ErrorKind::BareCr))
        );
        assert_eq!(
            scan_line(b"STAT\n", 0, 512, false),
            Err(Error::new(4, ErrorKind::BareLf))
        );
        assert_eq!(scan_line(b"STAT\n", 0, 512, true), done(4, 5));
        // Lenient mode still refuses a bare CR.
        assert_eq!(
            scan_line(b"ST\rAT\n", 0, 512, true),
            Err(Error::new(2, ErrorKind::BareCr))
        );
    }

    #[test]
    fn limit_counts_text_only() {
        assert_eq!(scan_line(b"abcd\r\n", 0, 4, false), done(4, 6));
        assert_eq!(
            scan_line(b"abcde\r\n", 0, 4, false),
            Err(Error::new(4, ErrorKind::LineTooLong { limit: 4 }))
        );
        // Reported before the line end arrives.
        assert_eq!(
            scan_line(b"abcde", 0, 4, false),
            Err(Error::new(4, ErrorKind::LineTooLong { limit: 4 }))
        );
        assert_eq!(
            scan_line(b"abcd", 0, 4, false),
            Ok(LineScan::Incomplete { scanned: 4 })
        );
    }
}
