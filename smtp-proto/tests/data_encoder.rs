//! Outbound DATA encoder (RFC 5321 §4.5.2 dot-stuffing, §4.1.1.4 terminator) and BDAT chunk
//! writer (RFC 3030 §2).

use std::num::NonZeroUsize;

use proptest::prelude::*;
use smtp_proto::encode::data::{BareLineEnds, DataEncoder, bdat_chunks, write_bdat_chunk};
use smtp_proto::{Error, ErrorKind};

use BareLineEnds::{Normalize, Reject};

/// Encodes `chunks` in order and finishes.
fn encode(policy: BareLineEnds, chunks: &[&[u8]]) -> Result<Vec<u8>, Error> {
    let mut enc = DataEncoder::new(policy);
    let mut out = Vec::new();
    for c in chunks {
        enc.encode(c, &mut out)?;
    }
    enc.finish(&mut out)?;
    Ok(out)
}

/// Every way to cut `content` into two chunks, plus byte by byte.
fn all_two_way_splits(content: &[u8]) -> Vec<Vec<&[u8]>> {
    let mut v: Vec<Vec<&[u8]>> = (0..=content.len())
        .map(|i| vec![&content[..i], &content[i..]])
        .collect();
    v.push(content.chunks(1).collect());
    v
}

/// Independent model written from RFC 5321 §4.5.2 ("If it is a period, one additional period
/// is inserted at the beginning of the line") and the `Normalize` policy: split into lines at
/// CRLF, bare CR, or bare LF; put an extra "." before each line that starts with "."; join with
/// CRLF; end with CRLF if the content did not; then ".CRLF".
fn oracle(content: &[u8]) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = vec![Vec::new()];
    let mut i = 0;
    while i < content.len() {
        match content[i] {
            b'\r' if content.get(i + 1) == Some(&b'\n') => {
                lines.push(Vec::new());
                i += 2;
            }
            b'\r' | b'\n' => {
                lines.push(Vec::new());
                i += 1;
            }
            b => {
                lines.last_mut().unwrap().push(b);
                i += 1;
            }
        }
    }
    // The last "line" is what follows the final line end: empty when the content ended with
    // one (or is empty).
    let tail = lines.pop().unwrap();
    let mut out = Vec::new();
    for line in lines.iter().chain((!tail.is_empty()).then_some(&tail)) {
        if line.first() == Some(&b'.') {
            out.push(b'.');
        }
        out.extend_from_slice(line);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b".\r\n");
    out
}

#[test]
fn stuffing_on_the_first_line() {
    assert_eq!(encode(Normalize, &[b".x"]).unwrap(), b"..x\r\n.\r\n");
    assert_eq!(encode(Normalize, &[b"."]).unwrap(), b"..\r\n.\r\n");
    assert_eq!(encode(Normalize, &[b".\r\n"]).unwrap(), b"..\r\n.\r\n");
    assert_eq!(encode(Normalize, &[b"..\r\n"]).unwrap(), b"...\r\n.\r\n");
    assert_eq!(
        encode(Normalize, &[b"", b".", b""]).unwrap(),
        b"..\r\n.\r\n"
    );
}

#[test]
fn stuffing_every_line_start_only() {
    assert_eq!(
        encode(Normalize, &[b"a.b\r\n.c.\r\n\r\n.\r\n x\r\n"]).unwrap(),
        b"a.b\r\n..c.\r\n\r\n..\r\n x\r\n.\r\n"
    );
}

#[test]
fn stuffing_at_chunk_boundaries() {
    let content: &[u8] = b"a\r\n.b\r\n.\r\nc";
    let want: &[u8] = b"a\r\n..b\r\n..\r\nc\r\n.\r\n";
    // Hand-picked cuts: between CR and LF, between LF and ".", after ".".
    assert_eq!(
        encode(Normalize, &[b"a\r", b"\n.b\r\n.\r\nc"]).unwrap(),
        want
    );
    assert_eq!(
        encode(Normalize, &[b"a\r\n", b".b\r\n.\r\nc"]).unwrap(),
        want
    );
    assert_eq!(
        encode(Normalize, &[b"a\r\n.", b"b\r\n.\r\nc"]).unwrap(),
        want
    );
    for split in all_two_way_splits(content) {
        assert_eq!(encode(Normalize, &split).unwrap(), want, "{split:?}");
        assert_eq!(encode(Reject, &split).unwrap(), want, "{split:?}");
    }
}

#[test]
fn normalization_of_bare_line_ends() {
    // A bare CR or bare LF becomes CRLF, and the line after it is a new line (stuffed).
    assert_eq!(encode(Normalize, &[b"a\nb"]).unwrap(), b"a\r\nb\r\n.\r\n");
    assert_eq!(encode(Normalize, &[b"a\rb"]).unwrap(), b"a\r\nb\r\n.\r\n");
    assert_eq!(
        encode(Normalize, &[b"a\n.\n"]).unwrap(),
        b"a\r\n..\r\n.\r\n"
    );
    assert_eq!(
        encode(Normalize, &[b"a\r.\r"]).unwrap(),
        b"a\r\n..\r\n.\r\n"
    );
    // CR CR LF: a bare CR, then a line end.
    assert_eq!(
        encode(Normalize, &[b"a\r\r\nb"]).unwrap(),
        b"a\r\n\r\nb\r\n.\r\n"
    );
    // LF CR: a bare LF, then a CR that is bare at the end.
    assert_eq!(encode(Normalize, &[b"a\n\r"]).unwrap(), b"a\r\n\r\n.\r\n");
    for content in [&b"x\r\r\n.\n\r.y\r"[..], b"\n\n..\r\r"] {
        let want = oracle(content);
        for split in all_two_way_splits(content) {
            assert_eq!(encode(Normalize, &split).unwrap(), want, "{split:?}");
        }
    }
}

#[test]
fn reject_reports_the_offset_in_all_input() {
    let lf = |at| Err(Error::new(at, ErrorKind::BareLf));
    let cr = |at| Err(Error::new(at, ErrorKind::BareCr));
    assert_eq!(encode(Reject, &[b"abc\n"]), lf(3));
    assert_eq!(encode(Reject, &[b"ab", b"c\n"]), lf(3));
    assert_eq!(encode(Reject, &[b"\n"]), lf(0));
    assert_eq!(encode(Reject, &[b"ab\r", b"\r\n"]), cr(2));
    assert_eq!(encode(Reject, &[b"ab\r\n", b"\n"]), lf(4));
    assert_eq!(encode(Reject, &[b"ab\r\n", b"x\r"]), cr(5));
    assert_eq!(encode(Reject, &[b"ab\r\nx", b"\ry"]), cr(5));
}

#[test]
fn finish_adds_crlf_only_when_needed() {
    assert_eq!(encode(Normalize, &[b"abc"]).unwrap(), b"abc\r\n.\r\n");
    assert_eq!(encode(Normalize, &[b"abc\r\n"]).unwrap(), b"abc\r\n.\r\n");
    assert_eq!(
        encode(Normalize, &[b"abc\r", b"\n"]).unwrap(),
        b"abc\r\n.\r\n"
    );
    // A final bare CR or LF is normalized to the CRLF the content needs.
    assert_eq!(encode(Normalize, &[b"abc\r"]).unwrap(), b"abc\r\n.\r\n");
    assert_eq!(encode(Normalize, &[b"abc\n"]).unwrap(), b"abc\r\n.\r\n");
    // Content that ends with an empty line keeps it.
    assert_eq!(
        encode(Normalize, &[b"abc\r\n\r\n"]).unwrap(),
        b"abc\r\n\r\n.\r\n"
    );
    // Empty content: just the terminating line (RFC 5321 §4.1.1.4).
    assert_eq!(encode(Normalize, &[]).unwrap(), b".\r\n");
    assert_eq!(encode(Normalize, &[b"", b""]).unwrap(), b".\r\n");
}

#[test]
fn encoder_writes_into_bytes_mut() {
    let mut out = bytes::BytesMut::new();
    let mut enc = DataEncoder::new(Normalize);
    enc.encode(b".", &mut out).unwrap();
    enc.finish(&mut out).unwrap();
    assert_eq!(&out[..], b"..\r\n.\r\n");
}

// ----- BDAT -----

#[test]
fn bdat_chunk_bytes() {
    // RFC 3030 §2: bdat-cmd ::= "BDAT" SP chunk-size [ SP end-marker ] CR LF,
    // end-marker ::= "LAST"; the data follows unchanged.
    let mut out = Vec::new();
    write_bdat_chunk(b"ab\r\n.\r\n", false, &mut out);
    assert_eq!(out, b"BDAT 7\r\nab\r\n.\r\n");
    let mut out = Vec::new();
    write_bdat_chunk(b"x", true, &mut out);
    assert_eq!(out, b"BDAT 1 LAST\r\nx");
    let mut out = Vec::new();
    write_bdat_chunk(&[b'.'; 1234], true, &mut out);
    assert_eq!(&out[..16], b"BDAT 1234 LAST\r\n");
    assert_eq!(out.len(), 16 + 1234);
}

#[test]
fn bdat_chunking() {
    let size = |n| NonZeroUsize::new(n).unwrap();
    let chunks: Vec<_> = bdat_chunks(b"0123456789", size(4)).collect();
    assert_eq!(
        chunks,
        [
            (&b"0123"[..], false),
            (&b"4567"[..], false),
            (&b"89"[..], true)
        ]
    );
    // An exact multiple: no empty chunk at the end.
    let chunks: Vec<_> = bdat_chunks(b"01234567", size(4)).collect();
    assert_eq!(chunks, [(&b"0123"[..], false), (&b"4567"[..], true)]);
    // An empty message is "BDAT 0 LAST" (RFC 3030 §2 allows a zero-length chunk).
    let chunks: Vec<_> = bdat_chunks(b"", size(4)).collect();
    assert_eq!(chunks, [(&b""[..], true)]);
    let mut out = Vec::new();
    for (c, last) in bdat_chunks(b"Hi\r\n", size(3)) {
        write_bdat_chunk(c, last, &mut out);
    }
    assert_eq!(out, b"BDAT 3\r\nHi\rBDAT 1 LAST\r\n\n");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Any split gives the oracle's output (Normalize); Reject gives the same output when the
    /// content has no bare line end and otherwise the first one, at the same offset, for
    /// every split.
    #[test]
    fn any_split_same_output(
        content in prop::collection::vec(
            prop_oneof![3 => Just(b'.'), 3 => Just(b'\r'), 3 => Just(b'\n'), 2 => Just(b'a')],
            0..40,
        ),
        cuts in prop::collection::vec(0usize..40, 0..5),
    ) {
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(content.len())).collect();
        cuts.sort_unstable();
        let mut chunks = Vec::new();
        let mut prev = 0;
        for c in cuts {
            chunks.push(&content[prev..c]);
            prev = c;
        }
        chunks.push(&content[prev..]);

        let want = oracle(&content);
        prop_assert_eq!(&encode(Normalize, &chunks).unwrap(), &want);

        // The first bare CR (not followed by LF) or bare LF (not preceded by CR).
        let first_bare = (0..content.len()).find_map(|i| match content[i] {
            b'\r' if content.get(i + 1) != Some(&b'\n') => Some(Error::new(i, ErrorKind::BareCr)),
            b'\n' if i == 0 || content[i - 1] != b'\r' => Some(Error::new(i, ErrorKind::BareLf)),
            _ => None,
        });
        match first_bare {
            Some(err) => prop_assert_eq!(encode(Reject, &chunks), Err(err)),
            None => prop_assert_eq!(encode(Reject, &chunks), Ok(want)),
        }
    }

    /// Chunks cover the message in order, all full but the last, only the last marked LAST.
    #[test]
    fn bdat_chunks_cover_the_message(
        message in prop::collection::vec(any::<u8>(), 0..100),
        size in 1usize..20,
    ) {
        let chunks: Vec<_> = bdat_chunks(&message, NonZeroUsize::new(size).unwrap()).collect();
        prop_assert_eq!(chunks.iter().flat_map(|(c, _)| c.iter().copied()).collect::<Vec<u8>>(), message.clone());
        for (i, (c, last)) in chunks.iter().enumerate() {
            let is_final = i + 1 == chunks.len();
            prop_assert_eq!(*last, is_final);
            if !is_final {
                prop_assert_eq!(c.len(), size);
            } else {
                prop_assert!(c.len() <= size);
                prop_assert!(!c.is_empty() || message.is_empty());
            }
        }
        prop_assert_eq!(chunks.len(), message.len().div_ceil(size).max(1));
    }
}
