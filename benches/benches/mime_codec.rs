//! Criterion benches of `mime_codec::base64` against its peers: the `base64`
//! crate (0.23, `GeneralPurpose` STANDARD), `data-encoding` (BASE64) and
//! `base64-simd` (STANDARD); and of `mime_codec::qp` against `quoted_printable`.
//!
//! Every implementation writes into a buffer allocated before the timed loop;
//! nothing is allocated while timing. Inputs are 64 B, 4 KiB and 1 MiB of fixed
//! pseudo-random bytes (decode benches decode their standard Base64 text).
//! Throughput is bytes of *input* per second: raw bytes for encode, Base64 text
//! for decode.
//!
//! The quoted-printable group encodes and decodes mail-like text; both sides
//! allocate their output there, since `quoted_printable` has no slice API.
//!
//! Run: `cargo bench -p benches -- base64` (or `-- qp`).

use std::hint::black_box;
use std::time::Duration;

use base64::Engine as _;
use base64_simd::AsOut as _;
use criterion::measurement::WallTime;
use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main,
};
use data_encoding::{BASE64, BASE64_MIME, Encoding};

/// The input sizes, in raw bytes.
const SIZES: [(usize, &str); 3] = [(64, "64B"), (4096, "4KiB"), (1 << 20, "1MiB")];

/// `len` bytes from a fixed xorshift64* sequence: the same on every run.
fn pseudo_random(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        out.extend_from_slice(&state.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes());
    }
    out.truncate(len);
    out
}

/// Runs `f` once and checks its output, then times it. The check runs before
/// the timing, so it holds even when a filter skips this benchmark.
fn checked<R>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    id: BenchmarkId,
    input: &[u8],
    out: &mut [u8],
    mut f: impl FnMut(&[u8], &mut [u8]) -> R,
    check: impl Fn(&[u8]),
) {
    out.fill(0);
    f(input, out);
    check(out);
    group.bench_function(id, |b| b.iter(|| f(black_box(input), out)));
}

fn encode(c: &mut Criterion) {
    let mut group = c.benchmark_group("base64_encode");
    for (len, label) in SIZES {
        let data = pseudo_random(len);
        let text_len = mime_codec::base64::STANDARD
            .encoded_len(len)
            .expect("small input");
        let mut out = vec![0u8; text_len];
        group.throughput(Throughput::Bytes(len as u64));
        // The expected text, from the independent implementation.
        let reference = base64::engine::general_purpose::STANDARD
            .encode(&data)
            .into_bytes();
        let check = |out: &[u8]| assert_eq!(out, &reference[..]);
        let id = |who| BenchmarkId::new(who, label);

        checked(
            &mut group,
            id("mime-codec"),
            &data,
            &mut out,
            |d, o| {
                mime_codec::base64::STANDARD
                    .encode_slice(d, o)
                    .expect("room")
            },
            check,
        );
        checked(
            &mut group,
            id("base64"),
            &data,
            &mut out,
            |d, o| {
                base64::engine::general_purpose::STANDARD
                    .encode_slice(d, o)
                    .expect("room")
            },
            check,
        );
        checked(
            &mut group,
            id("data-encoding"),
            &data,
            &mut out,
            |d, o| BASE64.encode_mut(d, o),
            check,
        );
        checked(
            &mut group,
            id("base64-simd"),
            &data,
            &mut out,
            |d, o| base64_simd::STANDARD.encode(d, o.as_out()).len(),
            check,
        );
    }
    group.finish();
}

fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("base64_decode");
    for (len, label) in SIZES {
        let data = pseudo_random(len);
        let text = base64::engine::general_purpose::STANDARD
            .encode(&data)
            .into_bytes();
        // Every peer accepts a buffer of whole quanta; data-encoding requires
        // exactly this length.
        let room = BASE64.decode_len(text.len()).expect("valid length");
        let mut out = vec![0u8; room];
        group.throughput(Throughput::Bytes(text.len() as u64));
        let check = |out: &[u8]| assert_eq!(&out[..len], &data[..]);
        let id = |who| BenchmarkId::new(who, label);

        checked(
            &mut group,
            id("mime-codec"),
            &text,
            &mut out,
            |t, o| {
                mime_codec::base64::STANDARD
                    .decode_slice(t, o)
                    .expect("valid")
            },
            check,
        );
        checked(
            &mut group,
            id("base64"),
            &text,
            &mut out,
            |t, o| {
                base64::engine::general_purpose::STANDARD
                    .decode_slice(t, o)
                    .expect("valid")
            },
            check,
        );
        checked(
            &mut group,
            id("data-encoding"),
            &text,
            &mut out,
            |t, o| BASE64.decode_mut(t, o).expect("valid"),
            check,
        );
        checked(
            &mut group,
            id("base64-simd"),
            &text,
            &mut out,
            |t, o| {
                base64_simd::STANDARD
                    .decode(t, o.as_out())
                    .expect("valid")
                    .len()
            },
            check,
        );
    }
    group.finish();
}

/// data-encoding's standard alphabet, padded, ignoring the bytes our MIME
/// engine skips (CR, LF, space, tab).
fn data_encoding_mime_decoder() -> Encoding {
    let mut spec = BASE64.specification();
    spec.ignore.push_str("\r\n \t");
    spec.encoding().expect("valid specification")
}

fn mime_decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("base64_mime_decode");
    let de_mime = data_encoding_mime_decoder();
    for (len, label) in SIZES {
        let data = pseudo_random(len);
        // 76-column lines ending CRLF (RFC 2045 §6.8), from the independent encoder.
        let text = BASE64_MIME.encode(&data).into_bytes();
        let room = de_mime.decode_len(text.len()).expect("valid length");
        let mut out = vec![0u8; room];
        let mut stripped = Vec::with_capacity(text.len());
        group.throughput(Throughput::Bytes(text.len() as u64));
        let check = |out: &[u8]| assert_eq!(&out[..len], &data[..]);
        let id = |who| BenchmarkId::new(who, label);

        checked(
            &mut group,
            id("mime-codec"),
            &text,
            &mut out,
            |t, o| mime_codec::base64::MIME.decode_slice(t, o).expect("valid"),
            check,
        );
        checked(
            &mut group,
            id("data-encoding (ignore CR LF SP HT)"),
            &text,
            &mut out,
            |t, o| de_mime.decode_mut(t, o).expect("valid"),
            check,
        );
        checked(
            &mut group,
            id("base64 (strip CR LF SP HT, then decode)"),
            &text,
            &mut out,
            |t, o| {
                stripped.clear();
                stripped.extend(
                    t.iter()
                        .copied()
                        .filter(|b| !matches!(b, b'\r' | b'\n' | b' ' | b'\t')),
                );
                base64::engine::general_purpose::STANDARD
                    .decode_slice(&stripped, o)
                    .expect("valid")
            },
            check,
        );
    }
    group.finish();
}

/// `len` bytes of mail-like text: words of mixed length, about one in twelve
/// with a non-ASCII letter (two UTF-8 bytes), lines of 50–79 characters ending
/// CRLF, the odd `=` and trailing space. Fixed: the same on every run.
fn mail_text(len: usize) -> Vec<u8> {
    const WORDS: [&str; 12] = [
        "the",
        "message",
        "Grüße",
        "from",
        "a",
        "relay=host",
        "delivery",
        "café",
        "status",
        "quoted-printable",
        "ok",
        "naïve",
    ];
    let mut state: u32 = 0x1234_5678;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state
    };
    let mut out = Vec::with_capacity(len + 100);
    let mut col = 0;
    let mut width = 50;
    while out.len() < len {
        let w = WORDS[next() as usize % WORDS.len()].as_bytes();
        if col + w.len() + 1 > width {
            if next() % 7 == 0 {
                out.push(b' ');
            }
            out.extend_from_slice(b"\r\n");
            col = 0;
            width = 50 + next() as usize % 30;
        } else if col > 0 {
            out.push(b' ');
            col += 1;
        }
        out.extend_from_slice(w);
        col += w.len();
    }
    out.truncate(len);
    out
}

fn quoted_printable(c: &mut Criterion) {
    let mut group = c.benchmark_group("qp");
    for (len, label) in SIZES {
        let data = mail_text(len);
        group.throughput(Throughput::Bytes(len as u64));
        // Both sides allocate their output here: quoted_printable has no slice API.
        group.bench_with_input(
            BenchmarkId::new("encode/mime-codec", label),
            &data,
            |b, d| {
                b.iter(|| mime_codec::qp::TEXT.encode_to_vec(black_box(d)));
            },
        );
        group.bench_with_input(
            BenchmarkId::new("encode/quoted_printable", label),
            &data,
            |b, d| {
                b.iter(|| quoted_printable::encode(black_box(d)));
            },
        );
        // Decode each side's own encoding of the same text, checked to round trip.
        let ours = mime_codec::qp::TEXT.encode_to_vec(&data);
        let theirs = quoted_printable::encode(&data);
        assert_eq!(
            mime_codec::qp::STRICT
                .decode_to_vec(&ours)
                .expect("ours decodes"),
            data
        );
        assert_eq!(
            quoted_printable::decode(&theirs, quoted_printable::ParseMode::Strict)
                .expect("theirs decodes"),
            data
        );
        group.throughput(Throughput::Bytes(ours.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("decode/mime-codec", label),
            &ours,
            |b, t| {
                b.iter(|| mime_codec::qp::STRICT.decode_to_vec(black_box(t)));
            },
        );
        group.throughput(Throughput::Bytes(theirs.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("decode/quoted_printable", label),
            &theirs,
            |b, t| {
                b.iter(|| {
                    quoted_printable::decode(black_box(t), quoted_printable::ParseMode::Strict)
                });
            },
        );
    }
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = base64_benches;
    config = config();
    targets = encode, decode, mime_decode
}
criterion_group! {
    name = qp_benches;
    config = config();
    targets = quoted_printable
}
criterion_main!(base64_benches, qp_benches);
