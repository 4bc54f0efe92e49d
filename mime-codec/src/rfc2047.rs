//! RFC 2047 encoded words (`=?charset?B?...?=`, `=?charset?Q?...?=`) in
//! unstructured header values such as `Subject:`.
//!
//! Decoding ([`decode`], [`Decoder`]) turns a header value into text; [`pieces`]
//! gives the same result as structured pieces (literal text, and decoded runs
//! with their charset and RFC 2231 §5 language). Encoding ([`encode`],
//! [`Encoder`]) produces a pure-ASCII header value that decodes back to the
//! given text.
//!
//! ```
//! use mime_codec::rfc2047::{self, Encoder, Piece};
//!
//! // RFC 2047 §8.
//! assert_eq!(
//!     rfc2047::decode("=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>"),
//!     "Keld Jørn Simonsen <keld@dkuug.dk>"
//! );
//! // Whitespace between adjacent encoded words is dropped (§6.2), and their
//! // bytes are joined before charset decoding: "€" is E2 82 AC in UTF-8.
//! assert_eq!(rfc2047::decode("=?UTF-8?Q?=E2=82?=\r\n =?UTF-8?Q?=AC?= 5"), "€ 5");
//!
//! // The language of RFC 2231 §5 is kept for callers that need it.
//! let pieces = rfc2047::pieces("=?US-ASCII*EN?Q?Keith_Moore?=");
//! let Piece::Encoded(e) = &pieces[0] else { panic!() };
//! assert_eq!(e.text, "Keith Moore");
//! assert_eq!((&*e.charset, e.language.as_deref()), ("US-ASCII", Some("EN")));
//!
//! // Encoding: only what needs it, Q or B (whichever is shorter), in words of
//! // at most 75 characters.
//! assert_eq!(
//!     rfc2047::encode("für Herrn Müller"),
//!     "=?UTF-8?Q?f=C3=BCr?= Herrn =?UTF-8?Q?M=C3=BCller?="
//! );
//! assert_eq!(rfc2047::encode("Re: café"), "Re: =?UTF-8?B?Y2Fmw6k=?=");
//! let folded = Encoder::FOLDED.with_start_column(9).encode(&"ü".repeat(60));
//! assert!(folded.lines().all(|l| l.len() <= 76));
//! assert_eq!(rfc2047::decode(&folded), "ü".repeat(60));
//! ```
//!
//! # Decoding rules
//!
//! - An encoded word is `"=?" charset ["*" language] "?" encoding "?"
//!   encoded-text "?="` (RFC 2047 §2, RFC 2231 §5); charset and encoding
//!   letter are case-insensitive (§2). The charset is looked up with
//!   [`Charset::for_label`](crate::charset::Charset::for_label).
//! - `B` is Base64 (§4.1), decoded with [`crate::base64::STANDARD`]; `Q` is the
//!   Q encoding of §4.2 (`_` is space, `=XX` an octet, lower-case hex
//!   accepted).
//! - Linear white space (space, tab, CR, LF, so folds too) between two encoded
//!   words is dropped (§6.2); between an encoded word and other text it is kept.
//!   Text outside encoded words is unfolded: a CR LF or LF directly followed
//!   by a space or tab is removed (RFC 5322 §2.2.3).
//! - Adjacent encoded words (only whitespace between them) with the same
//!   charset and language have their octets joined before charset decoding,
//!   so a character split across two words (which §5 forbids but real
//!   encoders produce) decodes correctly.
//! - A word that cannot be decoded is kept as literal text, as §6.2 allows:
//!   unknown charset, bad Base64, bad Q (`=` not followed by two hex digits).
//!   The rest of the value is still decoded. Whitespace next to such a word is
//!   kept, since it is not between two encoded words.
//! - Bytes a charset cannot decode become U+FFFD
//!   ([`EncodedText::had_errors`]).
//!
//! [`Decoder::LENIENT`] (on request; the free functions use [`Decoder::STRICT`]) also accepts
//! what real mail contains: encoded words glued to other text or to each other
//! (`Re:=?utf-8?q?x?=`, `(=?..?=)`, which RFC 2047 §5 only allows next to
//! comment parentheses), words longer than the 75 characters of §2, a `?` inside
//! the encoded text (the word ends at the first `?=`), a `.` in the charset name,
//! 8-bit or control octets in Q text (taken as themselves), Base64 without
//! padding or with non-zero trailing bits, and empty encoded text.
//! [`Decoder::STRICT`] accepts exactly the grammar of §2 and §5 (1): words
//! separated from other text by whitespace, at most 75 characters, encoded text
//! of printable ASCII without `?`, canonical padded Base64. Encoded text never
//! contains whitespace in either mode (§5): `=?iso-8859-1?q?a b?=` is not a
//! word.
//!
//! Work is linear in the input length: every search for the end of a word is
//! remembered, and a candidate word whose text would contain the start of
//! another candidate (`=?`) is refused without decoding it (`=?` is invalid in
//! both B and Q text).
//!
//! # Encoding rules
//!
//! The text is split at spaces and tabs into words. A word is encoded when it
//! contains a non-ASCII character, an ASCII control character (CR and LF
//! included), or `=?` (text that could be taken for an encoded word, §5);
//! other words are copied. Consecutive words that need encoding are encoded
//! together with the whitespace between them. Each run becomes UTF-8 encoded
//! words of at most [`MAX_WORD_LEN`] characters, split only between
//! characters, using Q or B, whichever is shorter for the run. Q output uses
//! only letters, digits and `!*+-/` literally (the §5 (3) set, so the words are
//! also valid in a phrase); everything else is `=XX`, space is `_`.

use crate::hex;
use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use crate::base64::{self, Engine, LineEnding, Padding};
use crate::charset::Charset;

/// The longest encoded word RFC 2047 §2 allows, delimiters included.
pub const MAX_WORD_LEN: usize = 75;

/// Longest charset (with language) accepted in a word; IANA names are at most
/// 40 characters.
const MAX_CHARSET_LEN: usize = 128;

/// The transfer encoding of an encoded word (RFC 2047 §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WordEncoding {
    /// `B`: Base64 (§4.1).
    B,
    /// `Q`: the quoted-printable-like Q encoding (§4.2).
    Q,
}

/// A piece of a decoded header value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text outside encoded words (unfolded), including words that could not
    /// be decoded, kept as written.
    Text(Cow<'a, str>),
    /// One or more adjacent encoded words of the same charset and language,
    /// decoded together.
    Encoded(EncodedText<'a>),
}

impl Piece<'_> {
    /// The piece's text.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Text(t) => t,
            Self::Encoded(e) => &e.text,
        }
    }

    /// The same piece, owning its data.
    pub fn into_owned(self) -> Piece<'static> {
        match self {
            Self::Text(t) => Piece::Text(Cow::Owned(t.into_owned())),
            Self::Encoded(e) => Piece::Encoded(e.into_owned()),
        }
    }
}

/// Decoded text of one or more adjacent encoded words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedText<'a> {
    /// The decoded text.
    pub text: String,
    /// The charset label as written in the first word (without the language).
    pub charset: Cow<'a, str>,
    /// The RFC 2231 §5 language tag (`=?US-ASCII*EN?...`), when present and
    /// not empty.
    pub language: Option<Cow<'a, str>>,
    /// The encoding of the first word.
    pub encoding: WordEncoding,
    /// How many encoded words were joined into this text.
    pub words: usize,
    /// Whether some octets were malformed in the charset and replaced by U+FFFD.
    pub had_errors: bool,
}

impl EncodedText<'_> {
    /// The same text, owning its data.
    pub fn into_owned(self) -> EncodedText<'static> {
        EncodedText {
            text: self.text,
            charset: Cow::Owned(self.charset.into_owned()),
            language: self.language.map(|l| Cow::Owned(l.into_owned())),
            encoding: self.encoding,
            words: self.words,
            had_errors: self.had_errors,
        }
    }
}

/// Decoding rules: which deviations from RFC 2047 are accepted. See the
/// module docs for what each mode accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decoder {
    words_anywhere: bool,
    max_word_len: usize,
    lenient_words: bool,
}

impl Default for Decoder {
    fn default() -> Self {
        Self::STRICT
    }
}

/// Decodes an unstructured header value with [`Decoder::STRICT`]; borrows the
/// input when there is nothing to decode or unfold.
pub fn decode(input: &str) -> Cow<'_, str> {
    Decoder::STRICT.decode(input)
}

/// Decodes a header value given as bytes with [`Decoder::STRICT`]; octets
/// outside encoded words are read as UTF-8 (RFC 6532), invalid ones becoming
/// U+FFFD.
pub fn decode_bytes(input: &[u8]) -> Cow<'_, str> {
    Decoder::STRICT.decode_bytes(input)
}

/// The pieces of an unstructured header value, with [`Decoder::STRICT`].
pub fn pieces(input: &str) -> Vec<Piece<'_>> {
    Decoder::STRICT.pieces(input)
}

/// Encodes a header value on one line with [`Encoder::ONE_LINE`].
pub fn encode(text: &str) -> String {
    Encoder::ONE_LINE.encode(text)
}

/// A raw item of the value: literal bytes, or a decodable encoded word.
enum Item<'a> {
    Text(&'a [u8]),
    Word(Word<'a>),
}

struct Word<'a> {
    charset: Charset,
    label: &'a [u8],
    language: Option<&'a [u8]>,
    encoding: WordEncoding,
    octets: Vec<u8>,
}

/// Remembers the result of the last forward search for a pattern so that
/// repeated searches from increasing positions cost linear time in total.
#[derive(Clone, Copy)]
struct Memo {
    from: usize,
    found: Option<usize>,
    valid: bool,
}

impl Memo {
    const fn new() -> Self {
        Self {
            from: 0,
            found: None,
            valid: false,
        }
    }

    /// The first match at or after `at`.
    fn next(&mut self, hay: &[u8], at: usize, search: fn(&[u8]) -> Option<usize>) -> Option<usize> {
        if self.valid && at >= self.from {
            match self.found {
                None => return None,
                Some(f) if f >= at => return Some(f),
                Some(_) => {}
            }
        }
        let found = hay.get(at..).and_then(search).map(|i| i + at);
        *self = Self {
            from: at,
            found,
            valid: true,
        };
        found
    }
}

/// The first `first` directly followed by `second`.
fn find_pair(hay: &[u8], first: u8, second: u8) -> Option<usize> {
    memchr::memchr_iter(first, hay).find(|&i| hay.get(i + 1) == Some(&second))
}

fn find_open(hay: &[u8]) -> Option<usize> {
    find_pair(hay, b'=', b'?')
}

fn find_close(hay: &[u8]) -> Option<usize> {
    find_pair(hay, b'?', b'=')
}

fn find_space(hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| is_lwsp(b))
}

/// Linear-white-space octets: SP, HTAB, and the CR LF of folds.
const fn is_lwsp(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// RFC 2047 §2 `token` octets: printable ASCII except especials; `.` also
/// allowed when lenient.
const fn is_charset_byte(b: u8, lenient: bool) -> bool {
    match b {
        b'(' | b')' | b'<' | b'>' | b'@' | b',' | b';' | b':' | b'"' | b'/' | b'[' | b']'
        | b'?' | b'=' => false,
        b'.' => lenient,
        0x21..=0x7E => true,
        _ => false,
    }
}

/// Decodes Q encoded text (RFC 2047 §4.2). `None` when malformed.
fn q_decode(text: &[u8], lenient: bool) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'_' => out.push(b' '),
            b'=' => {
                let hi = hex::value(*text.get(i + 1)?)?;
                let lo = hex::value(*text.get(i + 2)?)?;
                out.push(hi << 4 | lo);
                i += 2;
            }
            b @ (0x21..=0x7E) => out.push(b),
            b if lenient && !is_lwsp(b) => out.push(b),
            _ => return None,
        }
        i += 1;
    }
    Some(out)
}

impl Decoder {
    /// Real-world decoding, on request; see the module docs.
    pub const LENIENT: Self = Self {
        words_anywhere: true,
        max_word_len: usize::MAX,
        lenient_words: true,
    };

    /// RFC 2047 §2 and §5 (1) exactly (the default); see the module docs.
    pub const STRICT: Self = Self {
        words_anywhere: false,
        max_word_len: MAX_WORD_LEN,
        lenient_words: false,
    };

    /// The same rules, recognizing encoded words next to any text (`true`) or
    /// only where whitespace or the ends of the value delimit them (`false`,
    /// RFC 2047 §5 (1)).
    #[must_use]
    pub const fn with_words_anywhere(mut self, anywhere: bool) -> Self {
        self.words_anywhere = anywhere;
        self
    }

    /// The same rules with another maximum encoded-word length (delimiters
    /// included; RFC 2047 §2 says 75). Longer words are left as text.
    #[must_use]
    pub const fn with_max_word_len(mut self, len: usize) -> Self {
        self.max_word_len = len;
        self
    }

    /// The same rules, accepting the deviations inside a word listed in the
    /// module docs (`true`), or only the §2 grammar (`false`).
    #[must_use]
    pub const fn with_lenient_words(mut self, lenient: bool) -> Self {
        self.lenient_words = lenient;
        self
    }

    /// Decodes an unstructured header value; borrows the input when there is
    /// nothing to decode or unfold.
    pub fn decode<'a>(&self, input: &'a str) -> Cow<'a, str> {
        if find_open(input.as_bytes()).is_none()
            && memchr::memchr(b'\n', input.as_bytes()).is_none()
        {
            return Cow::Borrowed(input);
        }
        join(self.pieces(input))
    }

    /// Decodes a header value given as bytes; octets outside encoded words are
    /// read as UTF-8, invalid ones becoming U+FFFD.
    pub fn decode_bytes<'a>(&self, input: &'a [u8]) -> Cow<'a, str> {
        join(self.pieces_bytes(input))
    }

    /// The pieces of an unstructured header value. Concatenating their texts
    /// gives [`decode`](Self::decode).
    pub fn pieces<'a>(&self, input: &'a str) -> Vec<Piece<'a>> {
        self.pieces_bytes(input.as_bytes())
    }

    /// The pieces of a header value given as bytes (see
    /// [`decode_bytes`](Self::decode_bytes)).
    pub fn pieces_bytes<'a>(&self, input: &'a [u8]) -> Vec<Piece<'a>> {
        assemble(self.scan(input))
    }

    /// Splits the input into literal text and decodable encoded words.
    fn scan<'a>(&self, input: &'a [u8]) -> Vec<Item<'a>> {
        let mut items = Vec::new();
        let mut memos = Memos::default();
        let mut text_start = 0;
        let mut pos = 0;
        while let Some(at) = memos.open.next(input, pos, find_open) {
            match self.word_at(input, at, &mut memos) {
                Some((word, end)) => {
                    if text_start < at {
                        items.push(Item::Text(&input[text_start..at]));
                    }
                    items.push(Item::Word(word));
                    text_start = end;
                    pos = end;
                }
                None => pos = at + 1,
            }
        }
        if text_start < input.len() {
            items.push(Item::Text(&input[text_start..]));
        }
        items
    }

    /// Parses and decodes the encoded word starting at `at` (which holds
    /// `=?`); returns it and the offset just past it.
    fn word_at<'a>(
        &self,
        input: &'a [u8],
        at: usize,
        memos: &mut Memos,
    ) -> Option<(Word<'a>, usize)> {
        let lenient = self.lenient_words;
        if !self.words_anywhere && at > 0 && !is_lwsp(input[at - 1]) {
            return None;
        }
        // charset ["*" language] "?"
        let cs_start = at + 2;
        let cs_len = input[cs_start..]
            .iter()
            .take(MAX_CHARSET_LEN + 1)
            .position(|&b| !is_charset_byte(b, lenient))?;
        if cs_len == 0 || cs_len > MAX_CHARSET_LEN {
            return None;
        }
        let cs_end = cs_start + cs_len;
        if input[cs_end] != b'?' {
            return None;
        }
        // encoding "?"
        let encoding = match input.get(cs_end + 1)? {
            b'B' | b'b' => WordEncoding::B,
            b'Q' | b'q' => WordEncoding::Q,
            _ => return None,
        };
        if *input.get(cs_end + 2)? != b'?' {
            return None;
        }
        let text_start = cs_end + 3;
        let text_end = if lenient {
            let close = memos.close.next(input, text_start, find_close)?;
            // No whitespace in the text, and no `=?` (the start of another
            // candidate; invalid in B and Q text). A `=?` whose `?` is the
            // terminator's is B padding.
            if memos
                .space
                .next(input, text_start, find_space)
                .is_some_and(|s| s < close)
                || memos
                    .inner_open
                    .next(input, text_start, find_open)
                    .is_some_and(|o| o + 1 < close)
            {
                return None;
            }
            close
        } else {
            let len = input[text_start..]
                .iter()
                .position(|&b| !matches!(b, 0x21..=0x7E) || b == b'?')?;
            let close = text_start + len;
            if len == 0 || input[close] != b'?' || input.get(close + 1) != Some(&b'=') {
                return None;
            }
            close
        };
        let end = text_end + 2;
        if end - at > self.max_word_len {
            return None;
        }
        if !self.words_anywhere && end < input.len() && !is_lwsp(input[end]) {
            return None;
        }
        let text = &input[text_start..text_end];
        let octets = match encoding {
            WordEncoding::B => {
                let engine: Engine = if lenient {
                    base64::STANDARD
                        .with_padding(Padding::Either)
                        .with_trailing_bits_allowed(true)
                } else {
                    base64::STANDARD
                };
                engine.decode_to_vec(text).ok()?
            }
            WordEncoding::Q => q_decode(text, lenient)?,
        };
        let spec = &input[cs_start..cs_end];
        let (label, language) = match memchr::memchr(b'*', spec) {
            Some(star) => {
                let lang = &spec[star + 1..];
                (&spec[..star], (!lang.is_empty()).then_some(lang))
            }
            None => (spec, None),
        };
        let charset = Charset::lookup(label)?;
        let word = Word {
            charset,
            label,
            language,
            encoding,
            octets,
        };
        Some((word, end))
    }
}

#[derive(Clone, Copy)]
struct Memos {
    open: Memo,
    inner_open: Memo,
    close: Memo,
    space: Memo,
}

impl Default for Memos {
    fn default() -> Self {
        Self {
            open: Memo::new(),
            inner_open: Memo::new(),
            close: Memo::new(),
            space: Memo::new(),
        }
    }
}

/// Charset labels and language tags are ASCII token octets.
fn ascii(bytes: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(bytes)
}

/// Removes the CR LF (or bare LF) of folds: line breaks followed by SP or HTAB.
fn unfold(text: Cow<'_, str>) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let has_fold =
        memchr::memchr_iter(b'\n', bytes).any(|i| matches!(bytes.get(i + 1), Some(b' ' | b'\t')));
    if !has_fold {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest: &str = &text;
    while let Some(i) = rest.find('\n') {
        let folds = matches!(rest.as_bytes().get(i + 1), Some(b' ' | b'\t'));
        if folds {
            let cut = if i > 0 && rest.as_bytes()[i - 1] == b'\r' {
                i - 1
            } else {
                i
            };
            out.push_str(&rest[..cut]);
        } else {
            out.push_str(&rest[..=i]);
        }
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn text_piece(bytes: &[u8]) -> Piece<'_> {
    Piece::Text(unfold(String::from_utf8_lossy(bytes)))
}

fn same_run(a: &Word<'_>, b: &Word<'_>) -> bool {
    a.charset == b.charset
        && match (a.language, b.language) {
            (None, None) => true,
            (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
            _ => false,
        }
}

/// Drops whitespace between adjacent words, joins runs of the same charset and
/// language, and decodes.
fn assemble(items: Vec<Item<'_>>) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut run: Option<(Word<'_>, usize)> = None;
    let mut iter = items.into_iter().peekable();
    let mut prev_was_word = false;
    while let Some(item) = iter.next() {
        match item {
            Item::Text(t) => {
                let next_is_word = matches!(iter.peek(), Some(Item::Word(_)));
                if prev_was_word && next_is_word && t.iter().all(|&b| is_lwsp(b)) {
                    continue;
                }
                if let Some(r) = run.take() {
                    pieces.push(finish_run(r));
                }
                pieces.push(text_piece(t));
                prev_was_word = false;
            }
            Item::Word(w) => {
                run = match run.take() {
                    Some((mut first, n)) if same_run(&first, &w) => {
                        first.octets.extend_from_slice(&w.octets);
                        Some((first, n + 1))
                    }
                    Some(r) => {
                        pieces.push(finish_run(r));
                        Some((w, 1))
                    }
                    None => Some((w, 1)),
                };
                prev_was_word = true;
            }
        }
    }
    if let Some(r) = run.take() {
        pieces.push(finish_run(r));
    }
    pieces
}

fn finish_run<'a>((word, words): (Word<'a>, usize)) -> Piece<'a> {
    let decoded = word.charset.decode(&word.octets);
    Piece::Encoded(EncodedText {
        text: decoded.text.into_owned(),
        charset: ascii(word.label),
        language: word.language.map(ascii),
        encoding: word.encoding,
        words,
        had_errors: decoded.had_errors,
    })
}

fn join(mut pieces: Vec<Piece<'_>>) -> Cow<'_, str> {
    if pieces.len() <= 1 {
        return match pieces.pop() {
            Some(Piece::Text(t)) => t,
            Some(Piece::Encoded(e)) => Cow::Owned(e.text),
            None => Cow::Borrowed(""),
        };
    }
    let mut out = String::new();
    for p in &pieces {
        out.push_str(p.as_str());
    }
    Cow::Owned(out)
}

/// "=?UTF-8?X?" and "?=".
const WORD_OVERHEAD: usize = 12;

/// How [`Encoder`] output is laid out: on one line, or folded into lines of a
/// given width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Encoder {
    line_width: usize,
    start_column: usize,
    fold: Option<LineEnding>,
}

impl Default for Encoder {
    fn default() -> Self {
        Self::ONE_LINE
    }
}

/// Q encoding (RFC 2047 §4.2) of one octet: letters, digits and `!*+-/` as
/// themselves (the §5 (3) set), space as `_`, the rest `=XX`.
fn q_push(b: u8, out: &mut String) {
    if b == b' ' {
        out.push('_');
    } else if q_literal(b) {
        out.push(char::from(b));
    } else {
        let [h, l] = hex::upper(b);
        out.extend(['=', char::from(h), char::from(l)]);
    }
}

const fn q_literal(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'!' | b'*' | b'+' | b'-' | b'/')
}

const fn q_cost(b: u8) -> usize {
    if b == b' ' || q_literal(b) { 1 } else { 3 }
}

fn q_len(s: &str) -> usize {
    s.bytes().map(q_cost).sum()
}

const fn b_len(octets: usize) -> usize {
    octets.div_ceil(3) * 4
}

/// Whether a word (no SP or HTAB inside) must be encoded.
fn needs_encoding(word: &str) -> bool {
    word.bytes().any(|b| !matches!(b, 0x20..=0x7E)) || word.contains("=?")
}

const fn is_sp_ht(b: u8) -> bool {
    matches!(b, b' ' | b'\t')
}

/// The output being built, with the current column.
struct Out {
    s: String,
    col: usize,
    line_has_content: bool,
}

impl Encoder {
    /// Everything on one line: encoded words separated by single spaces, no
    /// line breaks (for a value that will be folded elsewhere, or one value per
    /// line as the `mailwire header encode` command prints).
    pub const ONE_LINE: Self = Self {
        line_width: 76,
        start_column: 0,
        fold: None,
    };

    /// Folded with CR LF + space into lines of at most 76 characters (RFC 2047
    /// §2), where the words allow it. The first line starts at column 0; set
    /// [`with_start_column`](Self::with_start_column) to the length of
    /// `Subject: ` or similar.
    pub const FOLDED: Self = Self {
        line_width: 76,
        start_column: 0,
        fold: Some(LineEnding::Crlf),
    };

    /// The same layout with another line width (used when folding). Lines are
    /// broken only at whitespace, so a copied word longer than the width, or a
    /// width too small for one encoded character (under 25), gives longer lines.
    #[must_use]
    pub const fn with_line_width(mut self, width: usize) -> Self {
        self.line_width = width;
        self
    }

    /// The same layout, the first line already holding `column` characters
    /// (such as `Subject: `, 9).
    #[must_use]
    pub const fn with_start_column(mut self, column: usize) -> Self {
        self.start_column = column;
        self
    }

    /// The same layout, folding with `ending` followed by a space (`Some`), or
    /// on one line (`None`).
    #[must_use]
    pub const fn with_fold(mut self, ending: Option<LineEnding>) -> Self {
        self.fold = ending;
        self
    }

    /// Encodes `text` as an unstructured header value (see the module docs).
    /// The output is ASCII, and [`decode`] gives back `text`.
    pub fn encode(&self, text: &str) -> String {
        let mut out = Out {
            s: String::with_capacity(text.len() + text.len() / 2),
            col: self.start_column,
            line_has_content: false,
        };
        let bytes = text.as_bytes();
        let mut i = 0;
        // Pending run of words that need encoding: (whitespace before it, start).
        let mut run: Option<(&str, usize, usize)> = None;
        loop {
            let ws_start = i;
            while i < bytes.len() && is_sp_ht(bytes[i]) {
                i += 1;
            }
            if i == bytes.len() {
                if let Some((ws, start, end)) = run.take() {
                    self.put_run(&mut out, ws, &text[start..end]);
                }
                out.s.push_str(&text[ws_start..]);
                break;
            }
            let word_start = i;
            while i < bytes.len() && !is_sp_ht(bytes[i]) {
                i += 1;
            }
            let ws = &text[ws_start..word_start];
            let word = &text[word_start..i];
            if needs_encoding(word) {
                run = match run {
                    Some((run_ws, start, _)) => Some((run_ws, start, i)),
                    None => Some((ws, word_start, i)),
                };
            } else {
                if let Some((run_ws, start, end)) = run.take() {
                    self.put_run(&mut out, run_ws, &text[start..end]);
                }
                self.put(&mut out, ws, word);
            }
        }
        out.s
    }

    /// Writes whitespace and a copied word, folding before them if the word
    /// would pass the line width.
    fn put(&self, out: &mut Out, ws: &str, atom: &str) {
        let len = ws.len() + atom.len();
        if out.col.saturating_add(len) > self.line_width {
            self.fold(out, ws);
        }
        out.s.push_str(ws);
        out.s.push_str(atom);
        out.col = out.col.saturating_add(len);
        out.line_has_content |= !atom.is_empty();
    }

    /// Breaks the line (when folding, something is on the line, and there is
    /// whitespace to fold at).
    fn fold(&self, out: &mut Out, ws: &str) -> bool {
        match self.fold {
            Some(ending) if out.line_has_content && !ws.is_empty() => {
                out.s.push_str(if ending == LineEnding::Crlf {
                    "\r\n"
                } else {
                    "\n"
                });
                out.col = 0;
                out.line_has_content = false;
                true
            }
            _ => false,
        }
    }

    /// The most characters of encoded text that fit after `sep` on the line.
    fn room(&self, col: usize, sep: &str) -> usize {
        let line = match self.fold {
            Some(_) => self
                .line_width
                .saturating_sub(col.saturating_add(sep.len())),
            None => usize::MAX,
        };
        line.min(MAX_WORD_LEN).saturating_sub(WORD_OVERHEAD)
    }

    /// Writes a run of text as encoded words; the first is preceded by `ws`,
    /// the others by a space (or a fold), which decoders drop.
    fn put_run(&self, out: &mut Out, ws: &str, run: &str) {
        let use_q = q_len(run) <= b_len(run.len());
        let cost = |s: &[u8]| {
            if use_q {
                s.iter().map(|&b| q_cost(b)).sum()
            } else {
                b_len(s.len())
            }
        };
        let mut rest = run;
        let mut sep = ws;
        while let Some(first) = rest.chars().next() {
            let first_cost = cost(&rest.as_bytes()[..first.len_utf8()]);
            let mut cap = self.room(out.col, sep);
            // Fold rather than write a word that cannot hold the first
            // character, or a tiny word (under 16) when more text follows.
            // The first 16 octets cost at least 16, so looking at them is
            // enough (and keeps the work linear).
            let head = &rest.as_bytes()[..rest.len().min(16)];
            if (cap < first_cost || (cap < 16 && cap < cost(head))) && self.fold(out, sep) {
                cap = self.room(0, sep);
            }
            let cap = cap.max(first_cost);
            let mut take = 0;
            let mut used = 0;
            for (idx, ch) in rest.char_indices() {
                let end = idx + ch.len_utf8();
                let c = if use_q {
                    used + q_len(&rest[idx..end])
                } else {
                    b_len(end)
                };
                if c > cap {
                    break;
                }
                used = c;
                take = end;
            }
            let (chunk, tail) = rest.split_at(take);
            let start_len = out.s.len();
            out.s.push_str(sep);
            if use_q {
                out.s.push_str("=?UTF-8?Q?");
                for b in chunk.bytes() {
                    q_push(b, &mut out.s);
                }
            } else {
                out.s.push_str("=?UTF-8?B?");
                out.s
                    .push_str(&base64::STANDARD.encode_to_string(chunk.as_bytes()));
            }
            out.s.push_str("?=");
            out.col = out.col.saturating_add(out.s.len() - start_len);
            out.line_has_content = true;
            sep = " ";
            rest = tail;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn q_decode_known_answers() {
        // RFC 2047 §4.2: "_" is 0x20, "=XX" an octet; lower-case hex accepted.
        let ok: [(&[u8], &[u8]); 6] = [
            (b"Keith_Moore", b"Keith Moore"),
            (b"J=F8rn", b"J\xF8rn"),
            (b"=3D=3f=5F", b"=?_"),
            (b"a=20b", b"a b"),
            (b"", b""),
            (b"!*+-/", b"!*+-/"),
        ];
        for (enc, dec) in ok {
            assert_eq!(q_decode(enc, false).as_deref(), Some(dec));
        }
        for bad in [&b"="[..], b"=4", b"=G0", b"=4G", b"a b", b"\xE9"] {
            assert_eq!(q_decode(bad, false), None, "{bad:?}");
        }
        // Lenient: 8-bit and control octets are themselves; whitespace never.
        assert_eq!(
            q_decode(b"caf\xE9\x01", true).as_deref(),
            Some(&b"caf\xE9\x01"[..])
        );
        assert_eq!(q_decode(b"a\tb", true), None);
    }

    #[test]
    fn q_encode_known_answers() {
        let mut s = String::new();
        for b in *b"a Z9!*+-/_=?.\x00\xFF" {
            q_push(b, &mut s);
        }
        assert_eq!(s, "a_Z9!*+-/=5F=3D=3F=2E=00=FF");
        assert_eq!(q_len("a b=?"), 1 + 1 + 1 + 3 + 3);
        assert_eq!((b_len(0), b_len(1), b_len(3), b_len(4)), (0, 4, 4, 8));
    }

    #[test]
    fn memo_gives_the_next_match_from_any_position() {
        let hay = b"x?=yy?=z";
        let mut m = Memo::new();
        assert_eq!(m.next(hay, 0, find_close), Some(1));
        assert_eq!(m.next(hay, 1, find_close), Some(1));
        assert_eq!(m.next(hay, 2, find_close), Some(5));
        assert_eq!(m.next(hay, 6, find_close), None);
        assert_eq!(m.next(hay, 7, find_close), None);
        // Going back searches again.
        assert_eq!(m.next(hay, 0, find_close), Some(1));
        assert_eq!(m.next(hay, 99, find_close), None);
    }

    #[test]
    fn unfold_removes_only_folds() {
        let cases = [
            ("a\r\n b", "a b"),
            ("a\n\tb", "a\tb"),
            ("a\r\nb", "a\r\nb"),
            ("a\r\n", "a\r\n"),
            ("\r\n \r\n x", "  x"),
        ];
        for (input, want) in cases {
            assert_eq!(unfold(Cow::Borrowed(input)), want, "{input:?}");
        }
    }
}
