//! Checks of the `pop3_proto_reply` fuzz target: the one-shot server-line parsers of
//! `pop3_proto` on any bytes, in strict and lenient mode — status lines
//! (`Reply::parse`), AUTH lines (`AuthReply::parse`, `Continuation::parse`), listing
//! lines (`Stat`, `ScanListing`, `UidListing`, `LangListing`: `parse_line`,
//! `from_reply`, `parse_body`) and CAPA lines and bodies (`Capability::parse_line`,
//! `Capabilities::parse_body`). The command-aware client decoder is not used here.
//!
//! This file is shared: the fuzz target includes it with `#[path]`, and
//! `benches/tests/fuzz_corpus.rs` includes it to replay the checked-in corpus.
//!
//! Input layout (missing header bytes read as zero):
//!
//! | byte | meaning |
//! | ---- | ------- |
//! | 0    | bit 0: small `max_reply_line` from byte 1; bit 1: small `max_auth_line` from byte 1 |
//! | 1    | the small limit: `% 64` |
//! | rest | the data: the bytes a server sends |
//!
//! The bytes `FF FE FD FC` separate independent parts of an input, each checked
//! as a whole input (the checked-in corpus packs several fuzzer inputs into a file
//! that way).
//!
//! For each mode it checks that
//!
//! 1. the lines of the data are read one after the other with `Reply::parse` (after
//!    an error, from the next LF on); nothing panics, errors point into the input,
//!    `Incomplete` comes only while no LF has arrived, and a complete line ends with
//!    LF (CRLF in strict mode) and is no longer than the limit; the reply's text is
//!    borrowed from the line; it encodes to `encoded_len` bytes that parse back to
//!    it in strict mode and in its own mode (`parse(encode(parse(b))) == parse(b)`);
//!    a line strict mode accepts is the same reply in lenient mode;
//! 2. at each of those positions `AuthReply::parse` gives what `Continuation::parse`
//!    gives when the line starts with `+` and not `+O`/`+o` (RFC 5034 §5
//!    `continue-req = "+" SP [base64] CRLF`), else what `Reply::parse` gives; a
//!    continuation encodes and parses back (in strict mode when its data is base64);
//! 3. the text of each `+OK` reply read as a STAT, LIST and UIDL listing
//!    (`from_reply`) is what `parse_line` reads from that text;
//! 4. every LF-separated line (CR before the LF removed), read as each kind of
//!    listing and as a capability, gives errors inside the line, and accepted values
//!    encode to a line that parses back to them (in strict mode too, except a
//!    registered capability tag with parameters its RFC does not allow, which only
//!    lenient mode keeps); a line strict mode accepts is the same value in lenient
//!    mode;
//! 5. the data read as the body of a LIST, UIDL, LANG or CAPA response
//!    (`parse_body`) gives exactly what a plain line splitter written here (CRLF
//!    lines, LF-only ones too in lenient mode, bare CR and a missing final line end
//!    refused, the line limit) followed by `parse_line` on each line gives — an empty
//!    line refused in strict mode and blank lines skipped in lenient mode, errors
//!    shifted to body offsets, nothing after the first error; and the values it
//!    gives encode to a body that parses back to them.

use std::fmt::Debug;

use crate::parts::take;
use pop3_proto::{
    AuthReply, Capabilities, Capability, Continuation, Error, ErrorKind, LangListing, Mode,
    ParserOptions, Reply, ScanListing, Stat, Status, UidListing,
};

/// Runs every check on one fuzzer input (each of its parts, see `parts.rs`); panics on
/// the first failure.
pub(crate) fn check(input: &[u8]) {
    crate::parts::for_each_part(input, check_part);
}

/// The checks on one part of the input.
fn check_part(input: &[u8]) {
    let mut rest = input;
    let cfg = take(&mut rest);
    let small = usize::from(take(&mut rest) % 64);
    let data = rest;
    for mode in [Mode::Strict, Mode::Lenient] {
        let mut opts = ParserOptions::new().mode(mode);
        if cfg & 1 != 0 {
            opts = opts.max_reply_line(small);
        }
        if cfg & 2 != 0 {
            opts = opts.max_auth_line(small);
        }
        check_status_lines(&opts, data);
        check_listing_lines(&opts, data);
        check_bodies(&opts, data);
    }
}

/// Strict mode (or `mode`) with every limit lifted, for re-parsing encodings.
fn unlimited(mode: Mode) -> ParserOptions {
    let big = usize::MAX / 2;
    ParserOptions::new()
        .mode(mode)
        .max_reply_line(big)
        .max_auth_line(big)
        .max_command_line(big)
}

/// An error points into (or just past the end of) the input it came from.
fn check_error(e: &Error, input: &[u8]) {
    assert!(
        e.offset <= input.len(),
        "error {e:?} past the end of {} bytes",
        input.len()
    );
}

// ---------------------------------------------------------------------------
// Status lines and AUTH lines
// ---------------------------------------------------------------------------

fn check_status_lines(opts: &ParserOptions, data: &[u8]) {
    let mut rest = data;
    for _ in 0..64 {
        check_auth_reply(opts, rest);
        match Reply::parse(rest, opts) {
            Ok(Status::Complete { value, consumed }) => {
                assert!(consumed > 0 && consumed <= rest.len());
                assert_eq!(rest[consumed - 1], b'\n', "a line ends with LF");
                let text_end = if consumed >= 2 && rest[consumed - 2] == b'\r' {
                    consumed - 2
                } else {
                    assert!(opts.is_lenient(), "LF-only line end in strict mode");
                    consumed - 1
                };
                assert!(text_end <= opts.max_reply_line, "line over the limit");
                let line = &rest[..text_end];
                assert!(
                    inside(value.text(), line),
                    "the text is not borrowed from the line"
                );
                check_reply(opts, &value);
                if !opts.is_lenient() {
                    let lenient = opts.mode(Mode::Lenient);
                    assert_eq!(
                        Reply::parse(rest, &lenient),
                        Ok(Status::Complete {
                            value: value.clone(),
                            consumed
                        }),
                        "strict and lenient mode differ"
                    );
                }
                if value.is_ok() {
                    check_from_reply(opts, &value);
                }
                rest = &rest[consumed..];
            }
            Ok(Status::Incomplete) => {
                assert!(!rest.contains(&b'\n'), "incomplete with a line end");
                break;
            }
            Err(e) => {
                check_error(&e, rest);
                // Go on after the next LF, as a client that resynchronises.
                match rest.iter().position(|&b| b == b'\n') {
                    Some(at) => rest = &rest[at + 1..],
                    None => break,
                }
            }
        }
    }
}

/// True when `part` lies inside `whole` (an empty `part` anywhere in or at its end).
fn inside(part: &[u8], whole: &[u8]) -> bool {
    let (p, w) = (part.as_ptr_range(), whole.as_ptr_range());
    part.is_empty() || (w.start <= p.start && p.end <= w.end)
}

/// A parsed reply encodes to `encoded_len` bytes, one CRLF line, that parse back to it
/// in strict mode and in the mode it came from.
fn check_reply(opts: &ParserOptions, reply: &Reply<'_>) {
    let bytes = reply.to_bytes();
    assert_eq!(bytes.len(), reply.encoded_len());
    one_line(&bytes);
    for mode in [Mode::Strict, opts.mode] {
        assert_eq!(
            Reply::parse(&bytes, &unlimited(mode)),
            Ok(Status::Complete {
                value: reply.clone(),
                consumed: bytes.len()
            }),
            "{reply:?} encoded as {:?}",
            bytes.escape_ascii().to_string()
        );
    }
    assert_eq!(&reply.clone().into_owned(), reply);
}

/// `AuthReply::parse` is `Continuation::parse` for a `+` line that is not `+OK`, else
/// `Reply::parse`.
fn check_auth_reply(opts: &ParserOptions, input: &[u8]) {
    let got = AuthReply::parse(input, opts);
    match input {
        [] | [b'+'] => assert_eq!(got, Ok(Status::Incomplete)),
        [b'+', second, ..] if !second.eq_ignore_ascii_case(&b'O') => {
            let want = Continuation::parse(input, opts);
            if let Ok(Status::Complete { value, .. }) = &want {
                check_continuation(opts, value);
            }
            if let Err(e) = &want {
                check_error(e, input);
            }
            assert_eq!(got, want.map(|s| s.map(AuthReply::Challenge)));
        }
        _ => assert_eq!(
            got,
            Reply::parse(input, opts).map(|s| s.map(AuthReply::Status))
        ),
    }
}

fn check_continuation(opts: &ParserOptions, c: &Continuation<'_>) {
    let bytes = c.to_bytes();
    assert_eq!(bytes.len(), c.encoded_len());
    let text = one_line(&bytes);
    assert_eq!(&text[2..], c.data());
    let whole = Ok(Status::Complete {
        value: c.clone(),
        consumed: bytes.len(),
    });
    assert_eq!(Continuation::parse(&bytes, &unlimited(opts.mode)), whole);
    let strict = Continuation::parse(&bytes, &unlimited(Mode::Strict));
    if c.is_base64() {
        assert_eq!(strict, whole);
    } else {
        assert!(strict.is_err(), "strict mode reads {c:?}");
    }
}

/// The listings of a `+OK` reply's text are what `parse_line` reads from it.
fn check_from_reply(opts: &ParserOptions, reply: &Reply<'_>) {
    let text = reply.text();
    assert_eq!(Stat::from_reply(reply, opts), Stat::parse_line(text, opts));
    assert_eq!(
        ScanListing::from_reply(reply, opts),
        ScanListing::parse_line(text, opts)
    );
    assert_eq!(
        UidListing::from_reply(reply, opts),
        UidListing::parse_line(text, opts)
    );
}

/// `bytes` is one line: exactly one CRLF, at its end; returns the text before it.
fn one_line(bytes: &[u8]) -> &[u8] {
    assert!(bytes.ends_with(b"\r\n"), "no CRLF at the end");
    let text = &bytes[..bytes.len() - 2];
    assert!(
        !text.iter().any(|&b| b == b'\r' || b == b'\n'),
        "CR or LF inside {:?}",
        bytes.escape_ascii().to_string()
    );
    text
}

// ---------------------------------------------------------------------------
// Listing and capability lines
// ---------------------------------------------------------------------------

/// One kind of line value, compared as owned values: how to parse a line (or a body)
/// into it, how to encode it as a body line, and whether strict mode reads the
/// encoding back.
trait LineKind {
    type Value: Clone + PartialEq + Debug;
    fn parse(line: &[u8], opts: &ParserOptions) -> Result<Self::Value, Error>;
    fn parse_body(body: &[u8], opts: &ParserOptions) -> Vec<Result<Self::Value, Error>>;
    fn line(value: &Self::Value) -> Vec<u8>;
    fn strict_reads(_: &Self::Value) -> bool {
        true
    }
}

/// STAT's drop listing (the text after `+OK `).
struct StatLine;
/// LIST's scan listing.
struct ScanLine;
/// UIDL's unique-id listing.
struct UidLine;
/// LANG's language listing.
struct LangLine;
/// A CAPA line.
struct CapaLine;

impl LineKind for StatLine {
    type Value = Stat<'static>;
    fn parse(line: &[u8], opts: &ParserOptions) -> Result<Self::Value, Error> {
        Stat::parse_line(line, opts).map(Stat::into_owned)
    }
    fn parse_body(_: &[u8], _: &ParserOptions) -> Vec<Result<Self::Value, Error>> {
        unreachable!("STAT has no body")
    }
    fn line(value: &Self::Value) -> Vec<u8> {
        // `+OK count size[ extra]` CRLF: the listing is the text after "+OK ".
        value.to_bytes()[4..].to_vec()
    }
}

impl LineKind for ScanLine {
    type Value = ScanListing<'static>;
    fn parse(line: &[u8], opts: &ParserOptions) -> Result<Self::Value, Error> {
        ScanListing::parse_line(line, opts).map(ScanListing::into_owned)
    }
    fn parse_body(body: &[u8], opts: &ParserOptions) -> Vec<Result<Self::Value, Error>> {
        ScanListing::parse_body(body, opts)
            .map(|r| r.map(ScanListing::into_owned))
            .collect()
    }
    fn line(value: &Self::Value) -> Vec<u8> {
        value.to_bytes()
    }
}

impl LineKind for UidLine {
    type Value = UidListing<'static>;
    fn parse(line: &[u8], opts: &ParserOptions) -> Result<Self::Value, Error> {
        UidListing::parse_line(line, opts).map(UidListing::into_owned)
    }
    fn parse_body(body: &[u8], opts: &ParserOptions) -> Vec<Result<Self::Value, Error>> {
        UidListing::parse_body(body, opts)
            .map(|r| r.map(UidListing::into_owned))
            .collect()
    }
    fn line(value: &Self::Value) -> Vec<u8> {
        value.to_bytes()
    }
}

impl LineKind for LangLine {
    type Value = LangListing<'static>;
    fn parse(line: &[u8], opts: &ParserOptions) -> Result<Self::Value, Error> {
        LangListing::parse_line(line, opts).map(LangListing::into_owned)
    }
    fn parse_body(body: &[u8], opts: &ParserOptions) -> Vec<Result<Self::Value, Error>> {
        LangListing::parse_body(body, opts)
            .map(|r| r.map(LangListing::into_owned))
            .collect()
    }
    fn line(value: &Self::Value) -> Vec<u8> {
        value.to_bytes()
    }
}

impl LineKind for CapaLine {
    type Value = Capability<'static>;
    fn parse(line: &[u8], opts: &ParserOptions) -> Result<Self::Value, Error> {
        Capability::parse_line(line, opts).map(Capability::into_owned)
    }
    fn parse_body(body: &[u8], opts: &ParserOptions) -> Vec<Result<Self::Value, Error>> {
        // All the capabilities, or the first error alone.
        match Capabilities::parse_body(body, opts) {
            Ok(caps) => caps.into_owned().iter().cloned().map(Ok).collect(),
            Err(e) => vec![Err(e)],
        }
    }
    fn line(value: &Self::Value) -> Vec<u8> {
        value.to_bytes()
    }
    fn strict_reads(value: &Self::Value) -> bool {
        !misfit(value)
    }
}

/// The tags of the IANA "POP3 Capabilities" registry (RFC 2449 §6, RFC 2595 §4,
/// RFC 3206, RFC 6856 §2–3).
const KNOWN_TAGS: &[&str] = &[
    "TOP",
    "USER",
    "SASL",
    "RESP-CODES",
    "LOGIN-DELAY",
    "PIPELINING",
    "EXPIRE",
    "UIDL",
    "IMPLEMENTATION",
    "STLS",
    "AUTH-RESP-CODE",
    "UTF8",
    "LANG",
];

/// A registered tag kept as `Other` (lenient mode) because its parameters do not fit.
fn misfit(cap: &Capability<'_>) -> bool {
    match cap {
        Capability::Other(other) => KNOWN_TAGS
            .iter()
            .any(|t| other.tag().eq_ignore_ascii_case(t.as_bytes())),
        _ => false,
    }
}

fn check_listing_lines(opts: &ParserOptions, data: &[u8]) {
    for line in data.split(|&b| b == b'\n').take(64) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        check_line::<StatLine>(opts, line);
        check_line::<ScanLine>(opts, line);
        check_line::<UidLine>(opts, line);
        check_line::<LangLine>(opts, line);
        check_line::<CapaLine>(opts, line);
    }
}

fn check_line<K: LineKind>(opts: &ParserOptions, line: &[u8]) {
    match K::parse(line, opts) {
        Ok(value) => {
            let bytes = K::line(&value);
            let text = one_line(&bytes);
            let mut modes = vec![opts.mode];
            if K::strict_reads(&value) && opts.is_lenient() {
                modes.push(Mode::Strict);
            }
            for mode in modes {
                assert_eq!(
                    K::parse(text, &unlimited(mode)).as_ref(),
                    Ok(&value),
                    "{value:?} encoded as {:?} ({mode:?} mode)",
                    text.escape_ascii().to_string()
                );
            }
            if !opts.is_lenient() {
                assert!(K::strict_reads(&value));
                assert_eq!(
                    K::parse(line, &opts.mode(Mode::Lenient)).as_ref(),
                    Ok(&value),
                    "strict and lenient mode differ"
                );
            }
        }
        Err(e) => check_error(&e, line),
    }
}

// ---------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------

/// A line of a body, or the framing error that ends it, written from RFC 1939 §3
/// (CRLF-terminated lines) and the documented limits: `(start, text)`.
type Framed<'a> = Result<(usize, &'a [u8]), Error>;

/// A plain line splitter: CRLF ends a line (LF alone too in lenient mode); a CR not
/// followed by LF, an LF alone in strict mode, a line whose text passes the limit, and
/// a last line without its line end are errors; nothing follows an error.
fn frame(body: &[u8], limit: usize, lenient: bool) -> Vec<Framed<'_>> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < body.len() {
        let rest = &body[pos..];
        let end = rest.iter().position(|&b| b == b'\r' || b == b'\n');
        let Some(i) = end else {
            out.push(Err(if rest.len() > limit {
                Error::new(pos + limit, ErrorKind::LineTooLong { limit })
            } else {
                Error::new(body.len(), ErrorKind::Expected { expected: "" })
            }));
            break;
        };
        if i > limit {
            out.push(Err(Error::new(
                pos + limit,
                ErrorKind::LineTooLong { limit },
            )));
            break;
        }
        let next = match (rest[i], rest.get(i + 1)) {
            (b'\n', _) if lenient => i + 1,
            (b'\n', _) => {
                out.push(Err(Error::new(pos + i, ErrorKind::BareLf)));
                break;
            }
            (_, Some(b'\n')) => i + 2,
            (_, None) => {
                out.push(Err(Error::new(
                    body.len(),
                    ErrorKind::Expected { expected: "" },
                )));
                break;
            }
            (_, Some(_)) => {
                out.push(Err(Error::new(pos + i, ErrorKind::BareCr)));
                break;
            }
        };
        out.push(Ok((pos, &rest[..i])));
        pos += next;
    }
    out
}

/// Errors are the same: the same offset, and the same kind (for `Expected`, only that
/// it is `Expected`: the wording is the crate's).
fn same_error(got: &Error, want: &Error) -> bool {
    got.offset == want.offset
        && match (&got.kind, &want.kind) {
            (ErrorKind::Expected { .. }, ErrorKind::Expected { .. }) => true,
            (a, b) => a == b,
        }
}

/// What a body parser must give for `body`, from the line splitter and `parse_line`.
fn expected_items<K: LineKind>(opts: &ParserOptions, body: &[u8]) -> Vec<Result<K::Value, Error>> {
    let mut out = Vec::new();
    for framed in frame(body, opts.max_reply_line, opts.is_lenient()) {
        let (start, line) = match framed {
            Ok(line) => line,
            Err(e) => {
                out.push(Err(e));
                break;
            }
        };
        let blank = line.iter().all(|&b| b == b' ' || b == b'\t');
        if opts.is_lenient() && blank {
            continue;
        }
        if line.is_empty() {
            out.push(Err(Error::new(start, ErrorKind::Expected { expected: "" })));
            break;
        }
        match K::parse(line, opts) {
            Ok(v) => out.push(Ok(v)),
            Err(e) => {
                out.push(Err(e.shifted(start)));
                break;
            }
        }
    }
    out
}

fn same_items<T: PartialEq + Debug>(got: &[Result<T, Error>], want: &[Result<T, Error>]) {
    assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
    for (g, w) in got.iter().zip(want) {
        match (g, w) {
            (Ok(g), Ok(w)) => assert_eq!(g, w),
            (Err(g), Err(w)) => assert!(same_error(g, w), "{g:?} vs {w:?}"),
            _ => panic!("{g:?} vs {w:?}"),
        }
    }
}

fn check_bodies(opts: &ParserOptions, body: &[u8]) {
    check_body::<ScanLine>(opts, body, false);
    check_body::<UidLine>(opts, body, false);
    check_body::<LangLine>(opts, body, false);
    check_body::<CapaLine>(opts, body, true);
}

/// `parse_body` against the line splitter and `parse_line`; then the values it gave
/// (up to its first error) encode to a body it reads back (same mode, no limits).
/// `all_or_error`: the parser gives every value or only its first error (CAPA).
fn check_body<K: LineKind>(opts: &ParserOptions, body: &[u8], all_or_error: bool) {
    let got = K::parse_body(body, opts);
    let mut want = expected_items::<K>(opts, body);
    if all_or_error {
        if let Some(Err(e)) = want.pop() {
            want = vec![Err(e)];
        } else {
            want = expected_items::<K>(opts, body);
        }
    }
    same_items(&got, &want);

    let good: Vec<K::Value> = got.iter().map_while(|r| r.as_ref().ok().cloned()).collect();
    let encoded: Vec<u8> = good.iter().flat_map(K::line).collect();
    let again: Vec<K::Value> = K::parse_body(&encoded, &unlimited(opts.mode))
        .into_iter()
        .map(|r| r.unwrap_or_else(|e| panic!("re-encoded body refused: {e}")))
        .collect();
    assert_eq!(again, good);
}
