//! Criterion benches of `mime_codec::base64` against its peers: the `base64`
//! crate (0.23, `GeneralPurpose` STANDARD), `data-encoding` (BASE64) and
//! `base64-simd` (STANDARD).
//!
//! Every implementation writes into a buffer allocated before the timed loop;
//! nothing is allocated while timing. Inputs are 64 B, 4 KiB and 1 MiB of fixed
//! pseudo-random bytes (decode benches decode their standard Base64 text).
//! Throughput is bytes of *input* per second: raw bytes for encode, Base64 text
//! for decode.
//!
//! Run: `cargo bench -p benches -- base64`.

use std::hint::black_box;
use std::time::Duration;

use base64::Engine as _;
use base64_simd::AsOut as _;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
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

fn encode(c: &mut Criterion) {
    let mut group = c.benchmark_group("base64_encode");
    for (len, label) in SIZES {
        let data = pseudo_random(len);
        let text_len = mime_codec::base64::STANDARD
            .encoded_len(len)
            .expect("small input");
        let mut out = vec![0u8; text_len];
        group.throughput(Throughput::Bytes(len as u64));

        group.bench_with_input(BenchmarkId::new("mime-codec", label), &data, |b, data| {
            b.iter(|| {
                mime_codec::base64::STANDARD
                    .encode_slice(black_box(data), &mut out)
                    .expect("buffer is large enough")
            });
        });
        let reference = out.clone();

        group.bench_with_input(BenchmarkId::new("base64", label), &data, |b, data| {
            b.iter(|| {
                base64::engine::general_purpose::STANDARD
                    .encode_slice(black_box(data), &mut out)
                    .expect("buffer is large enough")
            });
        });
        assert_eq!(out, reference, "base64 encodes differently");

        group.bench_with_input(
            BenchmarkId::new("data-encoding", label),
            &data,
            |b, data| {
                b.iter(|| BASE64.encode_mut(black_box(data), &mut out));
            },
        );
        assert_eq!(out, reference, "data-encoding encodes differently");

        group.bench_with_input(BenchmarkId::new("base64-simd", label), &data, |b, data| {
            b.iter(|| {
                base64_simd::STANDARD
                    .encode(black_box(data), out.as_mut_slice().as_out())
                    .len()
            });
        });
        assert_eq!(out, reference, "base64-simd encodes differently");
    }
    group.finish();
}

fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("base64_decode");
    for (len, label) in SIZES {
        let data = pseudo_random(len);
        let text = mime_codec::base64::STANDARD.encode_to_vec(&data);
        // Every peer accepts a buffer of whole quanta; data-encoding requires
        // exactly this length.
        let room = BASE64.decode_len(text.len()).expect("valid length");
        let mut out = vec![0u8; room];
        group.throughput(Throughput::Bytes(text.len() as u64));

        let check = |out: &[u8], who: &str| assert_eq!(&out[..len], &data[..], "{who}");

        group.bench_with_input(BenchmarkId::new("mime-codec", label), &text, |b, text| {
            b.iter(|| {
                mime_codec::base64::STANDARD
                    .decode_slice(black_box(text), &mut out)
                    .expect("valid input")
            });
        });
        check(&out, "mime-codec");
        out.fill(0);

        group.bench_with_input(BenchmarkId::new("base64", label), &text, |b, text| {
            b.iter(|| {
                base64::engine::general_purpose::STANDARD
                    .decode_slice(black_box(text), &mut out)
                    .expect("valid input")
            });
        });
        check(&out, "base64");
        out.fill(0);

        group.bench_with_input(
            BenchmarkId::new("data-encoding", label),
            &text,
            |b, text| {
                b.iter(|| {
                    BASE64
                        .decode_mut(black_box(text), &mut out)
                        .expect("valid input")
                });
            },
        );
        check(&out, "data-encoding");
        out.fill(0);

        group.bench_with_input(BenchmarkId::new("base64-simd", label), &text, |b, text| {
            b.iter(|| {
                base64_simd::STANDARD
                    .decode(black_box(text), out.as_mut_slice().as_out())
                    .expect("valid input")
                    .len()
            });
        });
        check(&out, "base64-simd");
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
        // 76-column lines ending CRLF (RFC 2045 §6.8), as both libraries write them.
        let text = mime_codec::base64::MIME.encode_to_vec(&data);
        assert_eq!(text, BASE64_MIME.encode(&data).into_bytes());
        let room = de_mime.decode_len(text.len()).expect("valid length");
        let mut out = vec![0u8; room];
        let mut stripped = Vec::with_capacity(text.len());
        group.throughput(Throughput::Bytes(text.len() as u64));

        let check = |out: &[u8], who: &str| assert_eq!(&out[..len], &data[..], "{who}");

        group.bench_with_input(BenchmarkId::new("mime-codec", label), &text, |b, text| {
            b.iter(|| {
                mime_codec::base64::MIME
                    .decode_slice(black_box(text), &mut out)
                    .expect("valid input")
            });
        });
        check(&out, "mime-codec");
        out.fill(0);

        group.bench_with_input(
            BenchmarkId::new("data-encoding (ignore CR LF SP HT)", label),
            &text,
            |b, text| {
                b.iter(|| {
                    de_mime
                        .decode_mut(black_box(text), &mut out)
                        .expect("valid input")
                });
            },
        );
        check(&out, "data-encoding");
        out.fill(0);

        group.bench_with_input(
            BenchmarkId::new("base64 (strip CR LF SP HT, then decode)", label),
            &text,
            |b, text| {
                b.iter(|| {
                    stripped.clear();
                    stripped.extend(
                        black_box(text)
                            .iter()
                            .copied()
                            .filter(|b| !matches!(b, b'\r' | b'\n' | b' ' | b'\t')),
                    );
                    base64::engine::general_purpose::STANDARD
                        .decode_slice(&stripped, &mut out)
                        .expect("valid input")
                });
            },
        );
        check(&out, "base64");
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
criterion_main!(base64_benches);
