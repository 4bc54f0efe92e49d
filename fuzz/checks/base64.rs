//! Checks of the `mime_codec_base64` fuzz target: `mime_codec::base64` against
//! the independent `base64` crate (0.23), plus the streaming APIs against the
//! one-shot ones.
//!
//! This file is shared: the fuzz target includes it with `#[path]`, and
//! `benches/tests/fuzz_corpus.rs` includes it to replay the checked-in corpus in
//! a normal `cargo test`. It therefore uses only `std`, `mime_codec` and `base64`.
//!
//! Input layout (missing header bytes read as zero):
//!
//! | byte | meaning |
//! | ---- | ------- |
//! | 0    | config: `% 3` alphabet (STANDARD, URL_SAFE, IMAP); `/ 3 % 3` padding (Required, None, Either); `/ 9 % 2` trailing bits allowed; `/ 18 % 2` whitespace skipped by the streaming decoder |
//! | 1    | line wrap of the streaming encoder: low 7 bits the width (0: none), top bit LF instead of CRLF |
//! | 2    | `% 8`: number of split points `k` for the streaming APIs |
//! | 3..3+k | the chunk lengths before each split point |
//! | rest | the data: decoded as Base64 text, and encoded as raw bytes |

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use mime_codec::base64::{
    DecodeError, DecodeErrorKind, Engine, IMAP, LineEnding, LineWrap, MIME, Padding, STANDARD,
    URL_SAFE,
};

/// Runs every check on one fuzzer input; panics on the first disagreement.
pub(crate) fn check(input: &[u8]) {
    let mut rest = input;
    let cfg = take(&mut rest);
    let wrap_byte = take(&mut rest);
    let nsplits = usize::from(take(&mut rest) % 8);
    let mut lens = Vec::with_capacity(nsplits);
    for _ in 0..nsplits {
        lens.push(usize::from(take(&mut rest)));
    }
    let data = rest;

    let alph = usize::from(cfg % 3);
    let padding = [Padding::Required, Padding::None, Padding::Either][usize::from(cfg / 3 % 3)];
    let trailing = cfg / 9 % 2 == 1;
    let skip_ws = cfg / 18 % 2 == 1;
    let ending = if wrap_byte & 0x80 == 0 {
        LineEnding::Crlf
    } else {
        LineEnding::Lf
    };
    let wrap = LineWrap::new(usize::from(wrap_byte & 0x7F), ending);

    let ours = [STANDARD, URL_SAFE, IMAP][alph]
        .with_padding(padding)
        .with_trailing_bits_allowed(trailing);
    let peer = peer_engine(alph, padding, trailing);

    // 1. Strict decoding: the same decision, and the same bytes when both accept.
    compare_decode("strict", ours, &peer, data, data);

    // 2. Encoding gives identical text.
    let ours_text = ours.encode_to_vec(data);
    let peer_text = peer.encode(data);
    assert_eq!(
        ours_text,
        peer_text.as_bytes(),
        "encode mismatch ({padding:?}, alphabet {alph}) on {data:?}"
    );

    // 3. Whitespace skipping equals the peer on the input with CR, LF, SP, HT
    //    removed: for this configuration, and for the MIME engine itself.
    let stripped: Vec<u8> = data
        .iter()
        .copied()
        .filter(|b| !matches!(b, b'\r' | b'\n' | b' ' | b'\t'))
        .collect();
    compare_decode(
        "whitespace-skipping",
        ours.with_whitespace_skipped(true),
        &peer,
        data,
        &stripped,
    );
    let mime_peer = peer_engine(0, Padding::Either, false);
    compare_decode("MIME", MIME, &mime_peer, data, &stripped);

    // 4. Streaming decode: any split gives the one-shot bytes and error.
    let chunks = split(data, &lens);
    let dec_engine = ours.with_whitespace_skipped(skip_ws);
    let whole = stream_decode(dec_engine, &[data]);
    let pieces = stream_decode(dec_engine, &chunks);
    assert_eq!(
        pieces, whole,
        "streaming decode depends on the split {lens:?} of {data:?}"
    );
    match (&whole.1, dec_engine.decode_to_vec(data)) {
        (Ok(()), Ok(v)) => assert_eq!(whole.0, v, "streaming decode of {data:?}"),
        (Err(a), Err(b)) => assert_eq!(*a, b, "streaming decode error on {data:?}"),
        (a, b) => panic!("streaming {a:?} but one-shot {b:?} on {data:?}"),
    }

    // 5. Streaming encode: any split gives the one-shot text.
    let enc_engine = ours.with_line_wrap(wrap);
    assert_eq!(
        stream_encode(enc_engine, &chunks),
        enc_engine.encode_to_vec(data),
        "streaming encode ({wrap:?}) depends on the split {lens:?} of {data:?}"
    );
}

/// The first byte of `rest` (0 when empty), consumed.
fn take(rest: &mut &[u8]) -> u8 {
    match rest.split_first() {
        Some((&b, tail)) => {
            *rest = tail;
            b
        }
        None => 0,
    }
}

/// `data` cut into chunks of the given lengths (clamped), the rest as a last chunk.
fn split<'a>(data: &'a [u8], lens: &[usize]) -> Vec<&'a [u8]> {
    let mut chunks = Vec::with_capacity(lens.len() + 1);
    let mut rest = data;
    for &n in lens {
        let (head, tail) = rest.split_at(n.min(rest.len()));
        chunks.push(head);
        rest = tail;
    }
    chunks.push(rest);
    chunks
}

/// The `base64` crate's engine for the same configuration.
fn peer_engine(alph: usize, padding: Padding, trailing: bool) -> GeneralPurpose {
    let a = match alph {
        0 => &alphabet::STANDARD,
        1 => &alphabet::URL_SAFE,
        _ => &alphabet::IMAP_MUTF7,
    };
    let mode = match padding {
        Padding::Required => DecodePaddingMode::RequireCanonical,
        Padding::None => DecodePaddingMode::RequireNone,
        Padding::Either => DecodePaddingMode::Indifferent,
    };
    let config = GeneralPurposeConfig::new()
        .with_encode_padding(padding != Padding::None)
        .with_decode_padding_mode(mode)
        .with_decode_allow_trailing_bits(trailing);
    GeneralPurpose::new(a, config)
}

/// Whether `text` (no whitespace) ends in a partly padded quantum: two symbols
/// and a single `=`.
///
/// A documented difference: `base64`'s `DecodePaddingMode::Indifferent` allows
/// "canonical padding ... but any fewer padding bytes than that", so it accepts
/// `Zg=`; our `Padding::Either` accepts a final quantum with complete padding or
/// none, and refuses a partly padded one with `InvalidPadding`. Only this case is
/// excluded from the direct comparison, and checked another way instead.
fn partly_padded(text: &[u8]) -> bool {
    text.len() % 4 == 3 && text.ends_with(b"=") && !text[..text.len() - 1].ends_with(b"=")
}

/// Decodes `input` with `ours` and `peer_input` (the same text, whitespace
/// removed when `ours` skips it) with `peer`, and compares.
fn compare_decode(
    what: &str,
    ours: Engine,
    peer: &GeneralPurpose,
    input: &[u8],
    peer_input: &[u8],
) {
    let mine = ours.decode_to_vec(input);
    if let Err(e) = &mine {
        check_error(ours, input, e);
    }
    let theirs = peer.decode(peer_input);
    if ours.padding() == Padding::Either && partly_padded(peer_input) {
        // See `partly_padded`: we refuse. When we refuse for the padding, the
        // text without its lone `=` must decode exactly as the peer decodes it
        // with it; any other refusal must be shared by the peer.
        match &mine {
            Ok(v) => panic!("{what}: partly padded {input:?} accepted as {v:?}"),
            Err(e) if e.kind == DecodeErrorKind::InvalidPadding => {
                let unpadded = &peer_input[..peer_input.len() - 1];
                let mine = ours.decode_to_vec(unpadded);
                same_decision(what, unpadded, &mine, &theirs);
            }
            Err(_) => same_decision(what, input, &mine, &theirs),
        }
        return;
    }
    same_decision(what, input, &mine, &theirs);
    if let Ok(v) = &mine {
        if !ours.whitespace_skipped() {
            // The one-shot length and the allocation-free slice API agree.
            assert_eq!(ours.decoded_len(input), Some(v.len()), "{what}: {input:?}");
            let mut buf = vec![0u8; v.len()];
            assert_eq!(ours.decode_slice(input, &mut buf), Ok(v.len()));
            assert_eq!(&buf, v, "{what}: decode_slice of {input:?}");
        }
    }
}

fn same_decision(
    what: &str,
    input: &[u8],
    mine: &Result<Vec<u8>, DecodeError>,
    theirs: &Result<Vec<u8>, base64::DecodeError>,
) {
    match (mine, theirs) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{what}: decoded bytes differ on {input:?}"),
        (Err(_), Err(_)) => {}
        _ => {
            panic!("{what}: accept/reject mismatch on {input:?}: ours {mine:?}, base64 {theirs:?}")
        }
    }
}

/// An error names a real position of `input` and the byte found there.
fn check_error(engine: Engine, input: &[u8], e: &DecodeError) {
    let at = input.get(e.offset).copied();
    match e.kind {
        DecodeErrorKind::InvalidByte(b) => assert_eq!(at, Some(b), "{e:?} on {input:?}"),
        DecodeErrorKind::NonCanonical(c) => {
            assert_eq!(at.map(char::from), Some(c), "{e:?} on {input:?}");
        }
        DecodeErrorKind::InvalidLength => assert!(
            at.is_some_and(|b| engine.alphabet().value(b).is_some()),
            "{e:?} on {input:?}"
        ),
        DecodeErrorKind::InvalidPadding => assert!(
            at == Some(b'=') || e.offset == input.len(),
            "{e:?} on {input:?}"
        ),
        DecodeErrorKind::OutputTooSmall => panic!("OutputTooSmall from a Vec API on {input:?}"),
    }
}

/// Feeds `chunks` to a streaming decoder; returns what it appended and how it
/// ended. After an error, checks that the decoder keeps returning that error.
fn stream_decode(engine: Engine, chunks: &[&[u8]]) -> (Vec<u8>, Result<(), DecodeError>) {
    let mut dec = engine.decoder();
    let mut out = Vec::new();
    let mut fed = 0;
    for c in chunks {
        assert_eq!(dec.position(), fed);
        if let Err(e) = dec.decode(c, &mut out) {
            let n = out.len();
            assert_eq!(dec.decode(b"AAAA", &mut out), Err(e), "error not sticky");
            assert_eq!(dec.finish(&mut out), Err(e), "error not sticky at finish");
            assert_eq!(out.len(), n, "output after an error");
            return (out, Err(e));
        }
        fed += c.len();
    }
    let r = dec.finish(&mut out);
    (out, r)
}

/// Feeds `chunks` to a streaming encoder and finishes it.
fn stream_encode(engine: Engine, chunks: &[&[u8]]) -> Vec<u8> {
    let mut enc = engine.encoder();
    let mut out = Vec::new();
    for c in chunks {
        enc.encode(c, &mut out);
    }
    let before = out.len();
    let promised = enc.finish_len();
    enc.finish(&mut out);
    assert_eq!(out.len() - before, promised, "finish_len is not exact");
    out
}
