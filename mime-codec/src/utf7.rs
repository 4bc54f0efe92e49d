//! IMAP modified UTF-7 mailbox names (RFC 3501 §5.1.3, kept in RFC 9051 §5.1.3
//! for IMAP4rev1 compatibility).
//!
//! A mailbox name is written in US-ASCII. Printable characters 0x20–0x7E stand
//! for themselves, except `&`, which is written `&-`. Every other run of
//! characters is converted to UTF-16 (surrogate pairs beyond the BMP), encoded in
//! Base64 with the [`IMAP`] alphabet (`,` instead of `/`,
//! no `=` padding), and wrapped in `&` … `-`.
//!
//! ```
//! use mime_codec::utf7::{self, Utf7Error, Utf7ErrorKind, LENIENT};
//!
//! // RFC 3501 §5.1.3's example: English, Chinese and Japanese.
//! let wire = "~peter/mail/&U,BTFw-/&ZeVnLIqe-";
//! assert_eq!(utf7::encode("~peter/mail/台北/日本語"), wire);
//! assert_eq!(utf7::decode(wire.as_bytes()).unwrap(), "~peter/mail/台北/日本語");
//! assert_eq!(utf7::encode("R&D"), "R&-D");
//!
//! // Strict decoding accepts only the one canonical form …
//! let err = utf7::decode(b"&AOk-&AOk-").unwrap_err();
//! assert_eq!(err, Utf7Error { offset: 5, kind: Utf7ErrorKind::AdjacentShift });
//! assert!(!utf7::is_canonical(b"&AOk-&AOk-"));
//! // … the lenient mode also takes what some clients write.
//! assert_eq!(LENIENT.decode(b"&AOk-&AOk-").unwrap(), "éé");
//! ```
//!
//! # Canonical form: what strict decoding refuses, and why
//!
//! RFC 3501 §5.1.3 lists among the reasons for modifying UTF-7 that "UTF-7 permits
//! multiple alternate forms to represent the same string", and its rules leave
//! exactly one encoding per name. Servers "MUST preserve the exact form of the
//! modified BASE64 portion" and treat it as case-sensitive, so a second spelling
//! of a name can be a different mailbox that displays the same. The
//! strict decoder ([`decode`], [`STRICT`]) therefore refuses every other form,
//! with the byte offset and one of these [`Utf7ErrorKind`]s:
//!
//! | Refused | Kind | Reason (RFC 3501 §5.1.3 unless named) |
//! |---|---|---|
//! | a byte outside 0x20–0x7E outside a shift | [`NotPrintable`](Utf7ErrorKind::NotPrintable) | names are 7-bit printable; "all other characters … are represented in modified BASE64" |
//! | a byte inside `&…-` that is neither a symbol nor `-` | [`InvalidShiftedByte`](Utf7ErrorKind::InvalidShiftedByte) | "there is no implicit shift from BASE64 to US-ASCII" |
//! | `&` never closed by `-` | [`UnterminatedShift`](Utf7ErrorKind::UnterminatedShift) | names "MUST end in US-ASCII" |
//! | `-&` starting a second run right after one (`&AOk-&AOk-`) | [`AdjacentShift`](Utf7ErrorKind::AdjacentShift) | "null shifts (\"-&\" while in BASE64 …) are not permitted" |
//! | a shifted run holding printable ASCII (`&AGE-` for `a`, `&ACY-` for `&`) | [`ShiftedAscii`](Utf7ErrorKind::ShiftedAscii) | "Modified BASE64 MUST NOT be used to represent any printing US-ASCII character which can represent itself"; `&` is "represented by the two-octet sequence `&-`" |
//! | a run whose bits are not whole UTF-16 units plus fewer than 6 padding bits | [`PartialUnit`](Utf7ErrorKind::PartialUnit) | the run is UTF-16 in Base64; a shorter or longer run would be a second spelling (RFC 2152: bits that do not form a whole unit are discarded) |
//! | non-zero padding bits in the last symbol | [`TrailingBits`](Utf7ErrorKind::TrailingBits) | RFC 2152: "If such discarded bits are non-zero the sequence is ill-formed" (and RFC 4648 §3.5) |
//! | a high surrogate not followed by a low one, or a lone low surrogate | [`UnpairedHighSurrogate`](Utf7ErrorKind::UnpairedHighSurrogate), [`UnpairedLowSurrogate`](Utf7ErrorKind::UnpairedLowSurrogate) | the run is UTF-16 (RFC 2781), which has no meaning for unpaired surrogates; they are not characters |
//!
//! Errors are reported for the first problem from the left, except that inside
//! one shifted run the Base64 checks (symbols, closing `-`, length, trailing
//! bits) all come before the UTF-16 checks (shifted ASCII, surrogates).
//!
//! An "empty shift" `&-` is never an error: `&` followed directly by `-` is
//! always the escape for `&`, so no empty Base64 run can be written.
//!
//! U+0000 and the other control characters are encoded and decoded like any
//! other character (`&AAA-` is U+0000): RFC 3501 §5.1.3 names octets 0x00–0x1F
//! among those written in modified BASE64. Which characters a mailbox name may
//! hold (RFC 9051 §5.1 excludes controls, U+2028 and U+2029) is a rule for the
//! name, not for this encoding, and is left to the caller.
//!
//! # Lenient decoding
//!
//! [`LENIENT`] (also [`decode_lenient`]) accepts three deviations that real
//! clients and servers produce and whose meaning is unambiguous; each can be
//! switched on alone with the [`DecodeOptions`] builders:
//!
//! - **Adjacent runs** ([`with_adjacent_runs`](DecodeOptions::with_adjacent_runs)):
//!   `&AOk-&AOk-` decodes as the concatenation of the runs, `éé`. Each run must
//!   still be complete UTF-16 by itself: a surrogate pair split across two runs
//!   is refused.
//! - **Shifted printable ASCII** ([`with_shifted_ascii`](DecodeOptions::with_shifted_ascii)):
//!   `&AGE-` decodes as `a`, `&ACY-` as `&` (plain UTF-7, RFC 2152, allows this,
//!   and encoders adapted from UTF-7 write it).
//! - **Raw UTF-8** ([`with_raw_utf8`](DecodeOptions::with_raw_utf8)): bytes
//!   0x80–0xFF outside a shift are taken as UTF-8 (some servers and clients
//!   send UTF-8 names without `UTF8=ACCEPT`). Modified UTF-7 never contains
//!   such bytes, so there is no ambiguity; the bytes must be valid UTF-8
//!   ([`InvalidUtf8`](Utf7ErrorKind::InvalidUtf8) otherwise).
//!
//! Every other rule holds in every mode: broken Base64 (bad symbols, missing
//! `-`, partial units, non-zero trailing bits), unpaired surrogates, and ASCII
//! control bytes (0x00–0x1F, 0x7F) outside a shift are refused.
//!
//! Decoding returns [`Cow::Borrowed`] when the input holds no `&` (the common
//! all-ASCII name), and allocates otherwise. Nothing recurses, and the work is
//! linear in the input.

use alloc::borrow::Cow;
use alloc::string::String;

use crate::base64::{self, IMAP};

/// A name that is not (canonical) modified UTF-7: where, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{kind} at offset {offset}")]
pub struct Utf7Error {
    /// Byte offset in the input; each [`Utf7ErrorKind`] says which byte.
    pub offset: usize,
    /// What was wrong there.
    pub kind: Utf7ErrorKind,
}

/// The ways a name can fail to decode. The rules and their RFC reasons are
/// listed in the [module documentation](self).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Utf7ErrorKind {
    /// A byte outside printable US-ASCII 0x20–0x7E where a character was
    /// expected (outside a shift). The offset is the byte's.
    #[error("byte {0:#04x} is not printable US-ASCII (expected 0x20-0x7E or a `&` shift)")]
    NotPrintable(u8),
    /// With raw UTF-8 allowed: bytes 0x80–0xFF outside a shift that are not
    /// valid UTF-8. The offset is the first byte of the invalid sequence, and
    /// the byte is the one there.
    #[error("byte {0:#04x} does not start a valid UTF-8 sequence")]
    InvalidUtf8(u8),
    /// Inside a shift, a byte that is neither a modified-BASE64 symbol
    /// (`A`–`Z a`–`z 0`–`9 + ,`) nor the closing `-`. The offset is the byte's.
    #[error("byte {0:#04x} inside a shift (expected a modified-BASE64 symbol or `-`)")]
    InvalidShiftedByte(u8),
    /// The input ends inside a shift: `-` expected. The offset is the input's
    /// length.
    #[error("shift not closed by `-` at the end of the name")]
    UnterminatedShift,
    /// A shift starts right after another one ended (the null shift `-&`); the
    /// two runs must be written as one. The offset is the second `&`.
    #[error("shift directly after another shift (null shift `-&`; expected one run)")]
    AdjacentShift,
    /// A shifted run encodes a printable US-ASCII character, which must be
    /// written as itself (`&` as `&-`). The offset is the symbol in which the
    /// character's UTF-16 unit starts.
    #[error("shifted run encodes {0:?}, which must be written directly")]
    ShiftedAscii(char),
    /// A shifted run of this many symbols does not hold whole UTF-16 units with
    /// fewer than 6 bits left over (its length modulo 8 must be 0, 3 or 6). The
    /// offset is the `-` that closes the run.
    #[error("shifted run of {0} symbols is not a whole number of UTF-16 units")]
    PartialUnit(usize),
    /// The last symbol of a shifted run has non-zero bits after the last UTF-16
    /// unit. The offset is that symbol's.
    #[error("last symbol {0:?} of a shifted run has non-zero trailing bits")]
    TrailingBits(char),
    /// A high surrogate not followed, in the same run, by a low surrogate. The
    /// offset is the symbol in which the high surrogate starts.
    #[error("high surrogate {0:#06x} not followed by a low surrogate")]
    UnpairedHighSurrogate(u16),
    /// A low surrogate without a high surrogate just before it. The offset is the
    /// symbol in which it starts.
    #[error("low surrogate {0:#06x} without a high surrogate before it")]
    UnpairedLowSurrogate(u16),
}

/// Which deviations from the canonical form a decoder accepts (see the
/// [module documentation](self#lenient-decoding)). Cheap to copy; build one
/// from [`STRICT`] or [`LENIENT`] with the `with_*` methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DecodeOptions {
    adjacent_runs: bool,
    shifted_ascii: bool,
    raw_utf8: bool,
}

/// Canonical modified UTF-7 only (RFC 3501 §5.1.3); what [`decode`] uses.
pub const STRICT: DecodeOptions = DecodeOptions {
    adjacent_runs: false,
    shifted_ascii: false,
    raw_utf8: false,
};

/// Strict, plus adjacent runs, shifted printable ASCII and raw UTF-8; what
/// [`decode_lenient`] uses.
pub const LENIENT: DecodeOptions = DecodeOptions {
    adjacent_runs: true,
    shifted_ascii: true,
    raw_utf8: true,
};

impl Default for DecodeOptions {
    /// [`STRICT`].
    fn default() -> Self {
        STRICT
    }
}

impl DecodeOptions {
    /// The same options, accepting (`true`) or refusing (`false`) a shift that
    /// starts right after another (`&AOk-&AOk-`).
    #[must_use]
    pub const fn with_adjacent_runs(mut self, allow: bool) -> Self {
        self.adjacent_runs = allow;
        self
    }

    /// The same options, accepting (`true`) or refusing (`false`) printable
    /// US-ASCII inside a shifted run (`&AGE-` for `a`).
    #[must_use]
    pub const fn with_shifted_ascii(mut self, allow: bool) -> Self {
        self.shifted_ascii = allow;
        self
    }

    /// The same options, accepting (`true`) or refusing (`false`) valid UTF-8
    /// bytes 0x80–0xFF outside a shift.
    #[must_use]
    pub const fn with_raw_utf8(mut self, allow: bool) -> Self {
        self.raw_utf8 = allow;
        self
    }

    /// Whether adjacent shifted runs are accepted.
    pub const fn adjacent_runs_allowed(&self) -> bool {
        self.adjacent_runs
    }

    /// Whether shifted printable ASCII is accepted.
    pub const fn shifted_ascii_allowed(&self) -> bool {
        self.shifted_ascii
    }

    /// Whether raw UTF-8 outside shifts is accepted.
    pub const fn raw_utf8_allowed(&self) -> bool {
        self.raw_utf8
    }

    /// Decodes a mailbox name; borrows from `input` when it holds no `&`.
    ///
    /// # Errors
    /// [`Utf7Error`] with the offset and kind of the first problem.
    pub fn decode<'a>(&self, input: &'a [u8]) -> Result<Cow<'a, str>, Utf7Error> {
        if memchr::memchr(b'&', input).is_none() {
            // Without `&` every accepted byte stands for itself.
            self.validate(input)?;
            if let Ok(s) = core::str::from_utf8(input) {
                return Ok(Cow::Borrowed(s));
            }
        }
        let mut out = String::with_capacity(input.len());
        walk(self, input, &mut out)?;
        Ok(Cow::Owned(out))
    }

    /// Decodes a mailbox name, appending to `out`; on error `out` is left as it
    /// was.
    ///
    /// # Errors
    /// As [`decode`](Self::decode).
    pub fn decode_into(&self, input: &[u8], out: &mut String) -> Result<(), Utf7Error> {
        let start = out.len();
        let result = walk(self, input, out);
        if result.is_err() {
            out.truncate(start);
        }
        result
    }

    /// Checks a mailbox name without decoding it (no allocation).
    ///
    /// # Errors
    /// As [`decode`](Self::decode).
    pub fn validate(&self, input: &[u8]) -> Result<(), Utf7Error> {
        walk(self, input, &mut Discard)
    }
}

/// Decodes canonical modified UTF-7 (RFC 3501 §5.1.3), refusing every other
/// form; borrows from `input` when it holds no `&`.
///
/// # Errors
/// [`Utf7Error`] with the offset and kind of the first problem (the rules are in
/// the [module documentation](self)).
pub fn decode(input: &[u8]) -> Result<Cow<'_, str>, Utf7Error> {
    STRICT.decode(input)
}

/// Decodes modified UTF-7 with the [`LENIENT`] options.
///
/// # Errors
/// [`Utf7Error`] for what even the lenient mode refuses.
pub fn decode_lenient(input: &[u8]) -> Result<Cow<'_, str>, Utf7Error> {
    LENIENT.decode(input)
}

/// Whether `input` is canonical modified UTF-7: exactly what [`encode`] writes
/// for some string. Use [`STRICT`]`.validate` to learn where and why not.
pub fn is_canonical(input: &[u8]) -> bool {
    STRICT.validate(input).is_ok()
}

/// Encodes a mailbox name in canonical modified UTF-7 (RFC 3501 §5.1.3). The
/// result holds only bytes 0x20–0x7E.
pub fn encode(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    encode_into(name, &mut out);
    out
}

/// Encodes a mailbox name in canonical modified UTF-7, appending to `out`.
pub fn encode_into(name: &str, out: &mut String) {
    let mut rest = name;
    while !rest.is_empty() {
        // Printable ASCII bytes are always char boundaries, and so is the first
        // byte of any other character: both splits below are on boundaries.
        let direct = rest
            .bytes()
            .position(|b| !is_printable(b))
            .unwrap_or(rest.len());
        let (text, tail) = rest.split_at(direct);
        for (k, part) in text.split('&').enumerate() {
            if k > 0 {
                out.push_str("&-");
            }
            out.push_str(part);
        }
        let shifted = tail.bytes().position(is_printable).unwrap_or(tail.len());
        let (run, after) = tail.split_at(shifted);
        if !run.is_empty() {
            out.push('&');
            encode_run(run, out);
            out.push('-');
        }
        rest = after;
    }
}

/// Bytes of UTF-16 gathered before a Base64 flush (a multiple of 3 and of 2,
/// so whole groups and whole units).
const ENCODE_CHUNK: usize = 48;

/// Writes the modified BASE64 of the UTF-16BE form of `run` (without `&`/`-`).
fn encode_run(run: &str, out: &mut String) {
    let mut buf = [0u8; ENCODE_CHUNK];
    let mut len = 0;
    let mut units = [0u16; 2];
    for c in run.chars() {
        if len + 4 > ENCODE_CHUNK {
            let whole = len / 3 * 3;
            push_base64(&buf[..whole], out);
            buf.copy_within(whole..len, 0);
            len -= whole;
        }
        for u in c.encode_utf16(&mut units) {
            buf[len..len + 2].copy_from_slice(&u.to_be_bytes());
            len += 2;
        }
    }
    push_base64(&buf[..len], out);
}

/// Appends the unpadded IMAP-alphabet Base64 of at most [`ENCODE_CHUNK`] bytes.
fn push_base64(bytes: &[u8], out: &mut String) {
    let mut sym = [0u8; ENCODE_CHUNK / 3 * 4];
    let n = IMAP.encode_slice(bytes, &mut sym).unwrap_or(0);
    // Every symbol is ASCII.
    out.extend(sym[..n].iter().map(|&b| char::from(b)));
}

/// Printable US-ASCII, 0x20–0x7E.
#[inline]
const fn is_printable(b: u8) -> bool {
    matches!(b, 0x20..=0x7E)
}

/// Where decoded text goes: a `String`, or nowhere (validation only).
trait Sink {
    fn push_str(&mut self, s: &str);
    fn push(&mut self, c: char);
}

impl Sink for String {
    #[inline]
    fn push_str(&mut self, s: &str) {
        Self::push_str(self, s);
    }
    #[inline]
    fn push(&mut self, c: char) {
        Self::push(self, c);
    }
}

struct Discard;

impl Sink for Discard {
    #[inline]
    fn push_str(&mut self, _: &str) {}
    #[inline]
    fn push(&mut self, _: char) {}
}

const fn fail<T>(offset: usize, kind: Utf7ErrorKind) -> Result<T, Utf7Error> {
    Err(Utf7Error { offset, kind })
}

/// The decoder: direct text, `&-`, raw UTF-8 (if allowed) and shifted runs, in
/// one pass from the left; the first problem is reported.
fn walk<S: Sink>(opts: &DecodeOptions, input: &[u8], out: &mut S) -> Result<(), Utf7Error> {
    let mut i = 0;
    // The offset just past the `-` that closed the last shifted run.
    let mut after_run = None;
    while i < input.len() {
        let start = i;
        while i < input.len() && is_printable(input[i]) && input[i] != b'&' {
            i += 1;
        }
        if i > start {
            if let Ok(s) = core::str::from_utf8(&input[start..i]) {
                out.push_str(s);
            }
        }
        let Some(&b) = input.get(i) else { break };
        if b == b'&' {
            match input.get(i + 1) {
                Some(b'-') => {
                    out.push('&');
                    i += 2;
                    continue;
                }
                // A real shift (not the `&-` escape) right after a run's `-`.
                Some(&s)
                    if after_run == Some(i)
                        && !opts.adjacent_runs
                        && IMAP.alphabet().value(s).is_some() =>
                {
                    return fail(i, Utf7ErrorKind::AdjacentShift);
                }
                _ => {}
            }
            let close = decode_run(opts, input, i + 1, out)?;
            i = close + 1;
            after_run = Some(i);
        } else if b >= 0x80 && opts.raw_utf8 {
            let end = input[i..]
                .iter()
                .position(|&b| b < 0x80)
                .map_or(input.len(), |n| i + n);
            // UTF-8 sequences are made of bytes >= 0x80 only, so a maximal run
            // of them is valid exactly when its characters are.
            match core::str::from_utf8(&input[i..end]) {
                Ok(s) => out.push_str(s),
                Err(e) => {
                    let at = i + e.valid_up_to();
                    return fail(at, Utf7ErrorKind::InvalidUtf8(input[at]));
                }
            }
            i = end;
        } else {
            return fail(i, Utf7ErrorKind::NotPrintable(b));
        }
    }
    Ok(())
}

/// Symbols decoded per Base64 call: a multiple of 8 symbols (48 bits, three
/// whole UTF-16 units), so the chunks split the run on unit boundaries.
const DECODE_CHUNK: usize = 64;

/// The symbol, counted from the start of a run, in which UTF-16 unit `k`
/// starts: unit `3j` at bit `48j` (symbol `8j`), `3j+1` at bit `48j+16` (symbol
/// `8j+2`), `3j+2` at bit `48j+32` (symbol `8j+5`). No multiplication can
/// overflow: the result is below the run's length.
#[inline]
const fn unit_symbol(k: usize) -> usize {
    k / 3 * 8 + [0, 2, 5][k % 3]
}

/// Decodes the shifted run starting at `start` (just after `&`); returns the
/// offset of its closing `-`.
fn decode_run<S: Sink>(
    opts: &DecodeOptions,
    input: &[u8],
    start: usize,
    out: &mut S,
) -> Result<usize, Utf7Error> {
    let alphabet = IMAP.alphabet();
    let mut close = start;
    loop {
        match input.get(close) {
            None => return fail(input.len(), Utf7ErrorKind::UnterminatedShift),
            Some(b'-') => break,
            Some(&b) if alphabet.value(b).is_none() => {
                return fail(close, Utf7ErrorKind::InvalidShiftedByte(b));
            }
            Some(_) => close += 1,
        }
    }
    let symbols = &input[start..close];
    let n = symbols.len();
    // `&-` is handled by the caller, so the run is not empty. 8 symbols carry
    // exactly 3 units; 3 symbols one unit plus 2 bits, 6 symbols two units plus
    // 4 bits; every other remainder leaves 6 or more bits, or a partial unit.
    let pad_mask = match n % 8 {
        0 => 0,
        3 => 0b11,
        6 => 0b1111,
        _ => return fail(close, Utf7ErrorKind::PartialUnit(n)),
    };
    if let Some(&last) = symbols.last() {
        if alphabet.value(last).unwrap_or(0) & pad_mask != 0 {
            return fail(close - 1, Utf7ErrorKind::TrailingBits(char::from(last)));
        }
    }
    let mut bytes = [0u8; DECODE_CHUNK / 4 * 3];
    // A high surrogate waiting for its low half: (unit, offset).
    let mut high: Option<(u16, usize)> = None;
    for (c, chunk) in symbols.chunks(DECODE_CHUNK).enumerate() {
        let base = start + c * DECODE_CHUNK;
        let len = IMAP
            .decode_slice(chunk, &mut bytes)
            .map_err(|e| base64_error(e, base, n))?;
        for (k, pair) in bytes[..len].chunks_exact(2).enumerate() {
            let unit = u16::from_be_bytes([pair[0], pair[1]]);
            let at = base + unit_symbol(k);
            if let Some((h, h_at)) = high.take() {
                if !(0xDC00..=0xDFFF).contains(&unit) {
                    return fail(h_at, Utf7ErrorKind::UnpairedHighSurrogate(h));
                }
                let scalar = 0x10000 + ((u32::from(h) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                if let Some(ch) = char::from_u32(scalar) {
                    out.push(ch);
                }
                continue;
            }
            match unit {
                0xD800..=0xDBFF => high = Some((unit, at)),
                0xDC00..=0xDFFF => return fail(at, Utf7ErrorKind::UnpairedLowSurrogate(unit)),
                _ => {
                    // Not a surrogate, so a scalar value.
                    let ch = char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER);
                    if is_printable_char(ch) && !opts.shifted_ascii {
                        return fail(at, Utf7ErrorKind::ShiftedAscii(ch));
                    }
                    out.push(ch);
                }
            }
        }
    }
    if let Some((h, h_at)) = high {
        return fail(h_at, Utf7ErrorKind::UnpairedHighSurrogate(h));
    }
    Ok(close)
}

#[inline]
const fn is_printable_char(c: char) -> bool {
    matches!(c, ' '..='~')
}

/// Maps a Base64 error on a run already checked for symbols, length and
/// trailing bits (so none is expected) to the closest modified UTF-7 kind.
fn base64_error(e: base64::DecodeError, base: usize, symbols: usize) -> Utf7Error {
    let kind = match e.kind {
        base64::DecodeErrorKind::InvalidByte(b) => Utf7ErrorKind::InvalidShiftedByte(b),
        base64::DecodeErrorKind::NonCanonical(c) => Utf7ErrorKind::TrailingBits(c),
        _ => Utf7ErrorKind::PartialUnit(symbols),
    };
    Utf7Error {
        offset: base + e.offset,
        kind,
    }
}
