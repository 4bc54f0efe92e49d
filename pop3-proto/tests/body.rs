//! Multi-line bodies (RFC 1939 §3): known answers for the client-side decoder
//! (dot-unstuffing, the terminator, first-line cases, variants of the terminator that must
//! not end a body, bare CR / bare LF in both modes, the size limit, offsets, zero copy) and
//! for the server-side encoder (dot-stuffing, bare line ends, the final CRLF).
//!
//! Every expected value below is written by hand from the RFC text quoted next to it.

use std::borrow::Cow;

use pop3_proto::encode::body::{BareLineEnds, BodyEncoder, encode_body};
use pop3_proto::stream::body::{BodyDecoder, BodyEvent, unstuff};
use pop3_proto::{Error, ErrorKind, ParserOptions, Status};

use ErrorKind::{BareCr, BareLf};

// ----- driver -----

#[derive(Debug, Clone, PartialEq, Eq)]
struct Outcome {
    content: Vec<u8>,
    errors: Vec<Error>,
    /// Bytes consumed through `End` (`None`: no `End`).
    end: Option<usize>,
}

fn done(content: &[u8], errors: Vec<Error>, end: usize) -> Outcome {
    Outcome {
        content: content.to_vec(),
        errors,
        end: Some(end),
    }
}

/// Drives a decoder like a client would: reads of `step` bytes appended to a buffer,
/// `consumed` bytes dropped after each event. Checks on the way that `Incomplete` holds at
/// most two bytes, that every `Data` slice lies inside the buffer, that `size()` counts
/// the delivered bytes and that every `Data` event consumes something.
fn decode_split(opts: &ParserOptions, input: &[u8], step: usize) -> Outcome {
    let mut decoder = BodyDecoder::new(opts);
    let mut buf: Vec<u8> = Vec::new();
    let mut out = Outcome {
        content: Vec::new(),
        errors: Vec::new(),
        end: None,
    };
    let (mut fed, mut used) = (0, 0);
    loop {
        match decoder.decode(&buf) {
            Status::Complete { value, consumed } => {
                assert!(consumed <= buf.len());
                match value {
                    BodyEvent::Data(d) => {
                        assert!(consumed > 0);
                        let range = buf.as_ptr_range();
                        assert!(range.start <= d.as_ptr() && d.as_ptr_range().end <= range.end);
                        out.content.extend_from_slice(d);
                    }
                    BodyEvent::Invalid(e) => out.errors.push(e),
                    BodyEvent::End => {
                        assert!(decoder.is_finished());
                        out.end = Some(used + consumed);
                        return out;
                    }
                }
                assert_eq!(decoder.size(), out.content.len() as u64);
                buf.drain(..consumed);
                used += consumed;
            }
            Status::Incomplete => {
                assert!(buf.len() <= 2, "held {} bytes", buf.len());
                if fed == input.len() {
                    return out;
                }
                let n = step.max(1).min(input.len() - fed);
                buf.extend_from_slice(&input[fed..fed + n]);
                fed += n;
            }
        }
    }
}

/// The whole input at once, then one byte at a time; both must agree.
fn decode(opts: &ParserOptions, input: &[u8]) -> Outcome {
    let whole = decode_split(opts, input, input.len());
    assert_eq!(decode_split(opts, input, 1), whole, "byte by byte");
    whole
}

fn strict() -> ParserOptions {
    ParserOptions::new()
}

fn lenient() -> ParserOptions {
    ParserOptions::lenient()
}

// ----- RFC 1939 §3 -----

/// Bodies without a bare CR or LF decode the same in both modes.
///
/// RFC 1939 §3: "When examining a multi-line response, the client checks to see if the line
/// begins with the termination octet. If so and if octets other than CRLF follow, the first
/// octet of the line (the termination octet) is stripped away. If so and if CRLF
/// immediately follows the termination character, then the response from the POP server is
/// ended and the line containing ".CRLF" is not considered part of the multi-line
/// response."
#[test]
fn rfc1939_unstuffing_and_termination() {
    // (wire body after the status line, content, bytes through the terminator)
    let cases: &[(&[u8], &[u8], usize)] = &[
        // An empty body: the status line's CRLF and ".CRLF" make the five octets.
        (b".\r\n", b"", 3),
        (b"a\r\n.\r\n", b"a\r\n", 6),
        // One empty line.
        (b"\r\n.\r\n", b"\r\n", 5),
        (b"a\r\n\r\nb\r\n.\r\n", b"a\r\n\r\nb\r\n", 11),
        // A line that is just "." was sent as "..".
        (b"..\r\n.\r\n", b".\r\n", 7),
        (b"a\r\n..\r\nb\r\n.\r\n", b"a\r\n.\r\nb\r\n", 13),
        // Only the first dot is stripped.
        (b"...\r\n.\r\n", b"..\r\n", 8),
        (b"..x\r\n.\r\n", b".x\r\n", 8),
        // A dot followed by other octets is stripped even if the server did not mean it.
        (b".x\r\n.\r\n", b"x\r\n", 7),
        (b". \r\n.\r\n", b" \r\n", 7),
        // A dot inside a line is content.
        (b"a.\r\n x.\r\n.\r\n", b"a.\r\n x.\r\n", 12),
        // Stuffed lines back to back.
        (b"..\r\n..\r\n..a\r\n.\r\n", b".\r\n.\r\n.a\r\n", 16),
        // Bytes after the terminator are not consumed.
        (b"a\r\n.\r\n+OK\r\n", b"a\r\n", 6),
        (b".\r\n.\r\n", b"", 3),
        // NUL and 8-bit bytes are content.
        (b"\0\xff\r\n.\r\n", b"\0\xff\r\n", 7),
    ];
    for &(wire, content, end) in cases {
        for opts in [strict(), lenient()] {
            assert_eq!(
                decode(&opts, wire),
                done(content, vec![], end),
                "{:?} {opts:?}",
                String::from_utf8_lossy(wire)
            );
        }
    }
}

/// RFC 1939 §5, LIST example: `S: +OK 2 messages (320 octets)` / `S: 1 120` / `S: 2 200` /
/// `S: .`, and RFC 2449 §5, CAPA example.
#[test]
fn rfc_example_listings() {
    let list = b"1 120\r\n2 200\r\n.\r\n";
    assert_eq!(
        decode(&strict(), list),
        done(b"1 120\r\n2 200\r\n", vec![], list.len())
    );
    let capa = b"TOP\r\nUSER\r\nSASL CRAM-MD5 KERBEROS_V4\r\nRESP-CODES\r\nLOGIN-DELAY 900\r\n\
                 PIPELINING\r\nEXPIRE 60\r\nUIDL\r\nIMPLEMENTATION Shlemazle-Plotz-v302\r\n.\r\n";
    let body = &capa[..capa.len() - 3];
    assert_eq!(decode(&strict(), capa), done(body, vec![], capa.len()));
}

/// Without the whole terminator there is no `End`, whatever follows later.
#[test]
fn no_end_before_the_whole_terminator() {
    for wire in [
        &b""[..],
        b".",
        b".\r",
        b"a\r\n",
        b"a\r\n.",
        b"a\r\n.\r",
        b"a\r\n..\r\n",
        b"a",
    ] {
        for opts in [strict(), lenient()] {
            let out = decode(&opts, wire);
            assert_eq!(out.end, None, "{wire:?}");
            assert!(out.errors.is_empty());
        }
    }
    // What is held is delivered once it is known: "a\r\n" at once, the dot never.
    assert_eq!(decode(&strict(), b"a\r\n.\r").content, b"a\r\n");
    assert_eq!(decode(&strict(), b"ab\r").content, b"ab");
}

// ----- what must not end a body -----

/// A look-alike of the terminator, with the first bare CR or LF in it (kind and offset
/// inside `bytes`, found by hand: a CR not followed by LF, an LF not preceded by CR) and
/// the content lenient mode delivers for it (bare bytes kept; a "." after a real CRLF that
/// is not followed by CRLF loses its dot).
struct LookAlike {
    name: &'static str,
    bytes: &'static [u8],
    bare: Option<(ErrorKind, usize)>,
    lenient: &'static [u8],
}

const fn la(
    name: &'static str,
    bytes: &'static [u8],
    bare: Option<(ErrorKind, usize)>,
    lenient: &'static [u8],
) -> LookAlike {
    LookAlike {
        name,
        bytes,
        bare,
        lenient,
    }
}

/// The look-alikes are followed by this line (which starts with "+", so a CR at the end of
/// a look-alike is bare) and then by the real end of the body.
const FAKE: &[u8] = b"+OK fake reply\r\n";
const REAL_END: &[u8] = b".\r\n";
const NEXT: &[u8] = b"+OK next\r\n";

const LOOK_ALIKES: &[LookAlike] = &[
    la("LF.LF", b"\n.\n", Some((BareLf, 0)), b"\n.\n"),
    la("LF.CRLF", b"\n.\r\n", Some((BareLf, 0)), b"\n.\r\n"),
    la("CR.CRLF", b"\r.\r\n", Some((BareCr, 0)), b"\r.\r\n"),
    la("CRLF.LF", b"\r\n.\n", Some((BareLf, 3)), b"\r\n\n"),
    la("CRLF.CR", b"\r\n.\r", Some((BareCr, 3)), b"\r\n\r"),
    la("LF.CR", b"\n.\r", Some((BareLf, 0)), b"\n.\r"),
    la("CR.LF", b"\r.\n", Some((BareCr, 0)), b"\r.\n"),
    la("CR.CR", b"\r.\r", Some((BareCr, 0)), b"\r.\r"),
    la(
        "CRLF.CRCRLF",
        b"\r\n.\r\r\n",
        Some((BareCr, 3)),
        b"\r\n\r\r\n",
    ),
    la("LFLF.LFLF", b"\n\n.\n\n", Some((BareLf, 0)), b"\n\n.\n\n"),
    la(
        "CRLFLF.CRLF",
        b"\r\n\n.\r\n",
        Some((BareLf, 2)),
        b"\r\n\n.\r\n",
    ),
    la("CRLF.NULCRLF", b"\r\n.\0\r\n", None, b"\r\n\0\r\n"),
    // No bare line end: a stuffed terminator line and a dot after a space.
    la("CRLF..CRLF", b"\r\n..\r\n", None, b"\r\n.\r\n"),
    la("CRLF SP.CRLF", b"\r\n .\r\n", None, b"\r\n .\r\n"),
];

/// Contexts before a look-alike: the very start of the body (right after the status
/// line's CRLF), inside a line, at the start of a later line, and after lines longer than
/// the decoder's 64-byte blocks (so that the look-alike is found by its block scan).
const CONTEXTS: &[&[u8]] = &[
    b"",
    b"x",
    b"Subject: hi\r\n\r\nbody",
    b"Received: from a.example by b.example with ESMTP id 0123456789abcdef;\r\n\
      \tMon, 1 Jan 2024 00:00:00 +0000 (a line longer than one block of the scan)\r\n\r\n\
      The body of the message, also a little longer than sixty-four bytes",
];

/// No look-alike ends the body, in either mode: the body ends at the real terminator.
/// Strict mode reports the first bare CR or LF at its offset (and only that one: the rest
/// of the line, through the fake reply's CRLF, is dropped); lenient mode reports nothing
/// and delivers the bare bytes.
#[test]
fn only_crlf_dot_crlf_ends_a_body() {
    for v in LOOK_ALIKES {
        for &ctx in CONTEXTS {
            let wire = [ctx, v.bytes, FAKE, REAL_END, NEXT].concat();
            let end = wire.len() - NEXT.len();
            let name = format!("{} after {:?}", v.name, String::from_utf8_lossy(ctx));

            let out = decode(&lenient(), &wire);
            assert_eq!(out.end, Some(end), "lenient {name}");
            assert_eq!(out.errors, [], "lenient {name}");
            assert_eq!(
                out.content,
                [ctx, v.lenient, FAKE].concat(),
                "lenient {name}"
            );

            let out = decode(&strict(), &wire);
            assert_eq!(out.end, Some(end), "strict {name}");
            let want: Vec<Error> = v
                .bare
                .iter()
                .map(|(kind, at)| Error::new(ctx.len() + at, kind.clone()))
                .collect();
            assert_eq!(out.errors, want, "strict {name}");
            if v.bare.is_none() {
                assert_eq!(
                    out.content,
                    [ctx, v.lenient, FAKE].concat(),
                    "strict {name}"
                );
            }
        }
    }
}

/// Strict mode: what is delivered around a bare CR or LF (the bytes before it on its line,
/// then the lines after that line).
#[test]
fn strict_drops_the_rest_of_an_offending_line() {
    let wire = b"one\r\ntw\no\r\nthree\r\n.\r\n";
    assert_eq!(
        decode(&strict(), wire),
        done(
            b"one\r\ntwthree\r\n",
            vec![Error::new(7, BareLf)],
            wire.len()
        )
    );
    let wire = b"a\rb\rc\r\n..d\r\n.\r\n";
    assert_eq!(
        decode(&strict(), wire),
        done(b"a.d\r\n", vec![Error::new(1, BareCr)], wire.len())
    );
    // A stuffed line with a bare LF right after the dot.
    let wire = b"..\nx\r\n.\r\n";
    assert_eq!(
        decode(&strict(), wire),
        done(b".", vec![Error::new(2, BareLf)], wire.len())
    );
    // Two offending lines, two errors; the terminator right after still ends the body.
    let wire = b"\n\r\n\r\r\n.\r\n";
    assert_eq!(
        decode(&strict(), wire),
        done(
            b"",
            vec![Error::new(0, BareLf), Error::new(3, BareCr)],
            wire.len()
        )
    );
    // Lenient: all of it is content.
    assert_eq!(
        decode(&lenient(), wire),
        done(b"\n\r\n\r\r\n", vec![], wire.len())
    );
}

// ----- first line -----

#[test]
fn first_line_is_at_a_line_start() {
    for opts in [strict(), lenient()] {
        assert_eq!(decode(&opts, b".\r\n"), done(b"", vec![], 3));
        assert_eq!(decode(&opts, b"..x\r\n.\r\n"), done(b".x\r\n", vec![], 8));
        assert_eq!(decode(&opts, b"..\r\n.\r\n"), done(b".\r\n", vec![], 7));
        assert_eq!(decode(&opts, b".\r\nmore"), done(b"", vec![], 3));
    }
    // ".LF" as the first line is not the terminator: the dot is stripped, the LF is bare.
    assert_eq!(
        decode(&strict(), b".\n\r\n.\r\n"),
        done(b"", vec![Error::new(1, BareLf)], 7)
    );
    assert_eq!(
        decode(&lenient(), b".\n\r\n.\r\n"),
        done(b"\n\r\n", vec![], 7)
    );
}

// ----- limits and offsets -----

#[test]
fn size_limit_counts_unstuffed_content() {
    let limit = |n| ParserOptions::new().max_body_size(n);
    let too_large = |at, n| Error::new(at, ErrorKind::BodyTooLarge { limit: n });
    // Exactly at the limit: "ab\r\n" is 4 bytes.
    assert_eq!(
        decode(&limit(4), b"ab\r\n.\r\n"),
        done(b"ab\r\n", vec![], 7)
    );
    // One over: the LF at offset 3 is the fourth content byte. The rest is dropped up to
    // the end.
    assert_eq!(
        decode(&limit(3), b"ab\r\n..\r\n.\r\nX"),
        done(b"ab\r", vec![too_large(3, 3)], 11)
    );
    // Stuffing dots do not count: ".\r\n" is 3 bytes of content on the wire as "..\r\n".
    assert_eq!(decode(&limit(3), b"..\r\n.\r\n"), done(b".\r\n", vec![], 7));
    // A limit of 0 allows only the empty body; the first content byte is over it.
    assert_eq!(decode(&limit(0), b".\r\n"), done(b"", vec![], 3));
    assert_eq!(
        decode(&limit(0), b"..\r\n.\r\n"),
        done(b"", vec![too_large(1, 0)], 7)
    );
    // After the limit, bare line ends are not reported and do not end the body.
    assert_eq!(
        decode(&limit(1), b"ab\n.\n\r\n.\r\n"),
        done(b"a", vec![too_large(1, 1)], 10)
    );
    // A bare LF before the limit is reached is reported first.
    assert_eq!(
        decode(&limit(1), b"a\nb\r\ncd\r\n.\r\n"),
        done(b"a", vec![Error::new(1, BareLf), too_large(5, 1)], 12)
    );
}

#[test]
fn offsets_count_from_the_given_start() {
    // "+OK 3 octets\r\n" is 14 bytes; the bare CR is the body's second byte.
    let mut decoder = BodyDecoder::new(&strict()).starting_at(14);
    let mut input: &[u8] = b"a\rb\r\n.\r\n";
    let mut errors = Vec::new();
    loop {
        let Status::Complete { value, consumed } = decoder.decode(input) else {
            panic!("complete body");
        };
        input = &input[consumed..];
        match value {
            BodyEvent::Invalid(e) => errors.push(e),
            BodyEvent::End => break,
            BodyEvent::Data(_) => {}
        }
    }
    assert_eq!(errors, [Error::new(15, BareCr)]);
    assert_eq!(
        errors[0].to_string(),
        "bare CR (CR not followed by LF) at offset 15"
    );
}

#[test]
fn finished_decoder_keeps_returning_end() {
    let mut decoder = BodyDecoder::new(&strict());
    let end = Status::Complete {
        value: BodyEvent::End,
        consumed: 3,
    };
    assert_eq!(decoder.decode(b".\r\n+OK"), end);
    for _ in 0..2 {
        assert_eq!(
            decoder.decode(b"+OK\r\n"),
            Status::Complete {
                value: BodyEvent::End,
                consumed: 0
            }
        );
    }
}

// ----- zero copy -----

/// Lines of letters and digits with CRLF, `lines` of them (no line starts with ".").
fn plain_lines(lines: usize) -> Vec<u8> {
    let mut v = Vec::new();
    for i in 0..lines {
        v.extend_from_slice(format!("line {i} of a plain message body, nothing to see").as_bytes());
        v.extend_from_slice(b"\r\n");
    }
    v
}

#[test]
fn plain_body_is_one_slice_of_the_input() {
    let content = plain_lines(2000);
    let wire = [&content[..], b".\r\n"].concat();
    for opts in [strict(), lenient()] {
        let mut decoder = BodyDecoder::new(&opts);
        let Status::Complete { value, consumed } = decoder.decode(&wire) else {
            panic!()
        };
        assert_eq!(consumed, content.len());
        let BodyEvent::Data(data) = value else {
            panic!("{value:?}")
        };
        assert_eq!(data.as_ptr(), wire.as_ptr());
        assert_eq!(data, &content[..]);
        assert_eq!(
            decoder.decode(&wire[consumed..]),
            Status::Complete {
                value: BodyEvent::End,
                consumed: 3
            }
        );
    }
}

#[test]
fn stuffed_lines_split_the_slices() {
    // Three stuffed lines: four slices, each pointing into the input.
    let wire = b"a\r\n..b\r\nc\r\n..\r\n...\r\nd\r\n.\r\n";
    let mut decoder = BodyDecoder::new(&strict());
    let mut input: &[u8] = wire;
    let mut slices = Vec::new();
    while let Status::Complete { value, consumed } = decoder.decode(input) {
        if let BodyEvent::Data(d) = value {
            let offset = d.as_ptr() as usize - wire.as_ptr() as usize;
            slices.push((offset, d));
        }
        input = &input[consumed..];
        if decoder.is_finished() {
            break;
        }
    }
    let want: [(usize, &[u8]); 4] = [
        (0, b"a\r\n"),
        (4, b".b\r\nc\r\n"),
        (12, b".\r\n"),
        (16, b"..\r\nd\r\n"),
    ];
    assert_eq!(slices, want);
}

#[test]
fn unstuff_whole_bodies() {
    let opts = strict();
    let plain = b"a\r\nb\r\n.\r\n+OK\r\n";
    let Ok(Status::Complete { value, consumed }) = unstuff(plain, &opts) else {
        panic!()
    };
    assert!(matches!(value, Cow::Borrowed(b) if b == b"a\r\nb\r\n"));
    assert_eq!(consumed, 9);

    let stuffed = b"..a\r\nb\r\n..\r\n.\r\n";
    assert_eq!(
        unstuff(stuffed, &opts),
        Ok(Status::Complete {
            value: Cow::Owned(b".a\r\nb\r\n.\r\n".to_vec()),
            consumed: stuffed.len()
        })
    );
    assert!(matches!(
        unstuff(b".\r\n", &opts),
        Ok(Status::Complete {
            value: Cow::Borrowed(b""),
            consumed: 3
        })
    ));
    assert_eq!(unstuff(b"a\r\n..", &opts), Ok(Status::Incomplete));
    assert_eq!(
        unstuff(b"ok\r\nx\ny\r\n.\r\n", &opts),
        Err(Error::new(5, BareLf))
    );
    assert_eq!(
        unstuff(b"ab\r\n.\r\n", &ParserOptions::new().max_body_size(1)),
        Err(Error::new(1, ErrorKind::BodyTooLarge { limit: 1 }))
    );
    // Lenient keeps the bare LF, borrowed.
    assert!(matches!(
        unstuff(b"x\ny\r\n.\r\n", &lenient()),
        Ok(Status::Complete {
            value: Cow::Borrowed(b"x\ny\r\n"),
            consumed: 8
        })
    ));
}

// ----- encoder -----

fn encode(policy: BareLineEnds, chunks: &[&[u8]]) -> Result<Vec<u8>, Error> {
    let mut encoder = BodyEncoder::new(policy);
    let mut out = Vec::new();
    for chunk in chunks {
        encoder.encode(chunk, &mut out)?;
    }
    encoder.finish(&mut out)?;
    Ok(out)
}

/// RFC 1939 §3: "If any line of the multi-line response begins with the termination octet,
/// the line is "byte-stuffed" by pre-pending the termination octet to that line of the
/// response. Hence a multi-line response is terminated with the five octets "CRLF.CRLF"."
#[test]
fn encoder_rfc1939_stuffing() {
    let cases: &[(&[u8], &[u8])] = &[
        (b"", b".\r\n"),
        (b"a\r\n", b"a\r\n.\r\n"),
        (b".\r\n", b"..\r\n.\r\n"),
        (b"..\r\n", b"...\r\n.\r\n"),
        (b".a\r\n.\r\n", b"..a\r\n..\r\n.\r\n"),
        (b"a.\r\n b\r\n", b"a.\r\n b\r\n.\r\n"),
        (b"\r\n", b"\r\n.\r\n"),
        (b"\r\n.\r\n", b"\r\n..\r\n.\r\n"),
        (b"1 120\r\n2 200\r\n", b"1 120\r\n2 200\r\n.\r\n"),
        // A missing final line end is added (with either policy).
        (b"a", b"a\r\n.\r\n"),
        (b".", b"..\r\n.\r\n"),
        (b"a\r\n.b", b"a\r\n..b\r\n.\r\n"),
    ];
    for &(content, wire) in cases {
        for policy in [BareLineEnds::Normalize, BareLineEnds::Reject] {
            assert_eq!(encode(policy, &[content]).unwrap(), wire, "{content:?}");
            let mut out = Vec::new();
            encode_body(content, policy, &mut out).unwrap();
            assert_eq!(out, wire);
        }
    }
}

#[test]
fn encoder_normalizes_bare_line_ends() {
    let n = BareLineEnds::Normalize;
    assert_eq!(BareLineEnds::default(), n);
    let cases: &[(&[u8], &[u8])] = &[
        (b"a\nb\n", b"a\r\nb\r\n.\r\n"),
        (b"a\rb\r", b"a\r\nb\r\n.\r\n"),
        (b"\n", b"\r\n.\r\n"),
        (b"\r", b"\r\n.\r\n"),
        (b"\n\r", b"\r\n\r\n.\r\n"),
        (b"\r\r\n", b"\r\n\r\n.\r\n"),
        // A dot after a bare line end is at a line start once normalized.
        (b"x\n.\n", b"x\r\n..\r\n.\r\n"),
        (b"x\r.\r\n", b"x\r\n..\r\n.\r\n"),
        (b".\n.", b"..\r\n..\r\n.\r\n"),
    ];
    for &(content, wire) in cases {
        assert_eq!(encode(n, &[content]).unwrap(), wire, "{content:?}");
    }
}

#[test]
fn encoder_rejects_bare_line_ends_with_offsets() {
    let r = BareLineEnds::Reject;
    let err = |at, kind| Err(Error::new(at, kind));
    assert_eq!(encode(r, &[b"a\nb"]), err(1, BareLf));
    assert_eq!(encode(r, &[b"ab\r\n\n"]), err(4, BareLf));
    assert_eq!(encode(r, &[b"ab\rc"]), err(2, BareCr));
    // A CR at the very end is bare.
    assert_eq!(encode(r, &[b"ab\r"]), err(2, BareCr));
    // Offsets count all chunks fed.
    assert_eq!(encode(r, &[b"ab\r\n", b"cd", b"\ne"]), err(6, BareLf));
    assert_eq!(encode(r, &[b"ab\r", b"c"]), err(2, BareCr));
    // CRLF split between chunks is fine.
    assert_eq!(
        encode(r, &[b"ab\r", b"\n.c"]).unwrap(),
        b"ab\r\n..c\r\n.\r\n"
    );
}

#[test]
fn encoder_output_decodes_back() {
    let content = b".first\r\n..second\r\n.\r\nplain\r\n\r\n.";
    let wire = encode(BareLineEnds::Reject, &[content]).unwrap();
    let want = [&content[..], b"\r\n"].concat();
    assert_eq!(
        decode(&strict(), &[&wire[..], NEXT].concat()),
        done(&want, vec![], wire.len())
    );
}
