//! Criterion benches of `pop3_proto` against duesee's `pop3-codec` 0.3.
//!
//! Groups:
//!
//! - `pop3/retr`: the response to RETR of a 1 MiB message (status line, the
//!   dot-stuffed body, the terminating `.` line), with and without stuffed
//!   lines: ours as borrowed slices and copied into a buffer allocated before
//!   timing, in strict and lenient mode; pop3-codec's `response_retr`.
//!
//! Every implementation runs once on the input and its result is checked
//! against the content the wire form was built from before it is timed.
//! Throughput is bytes of wire input.
//!
//! Run: `cargo bench -p benches --bench pop3_proto` (or `-- pop3/retr`).

#[path = "support/mail_text.rs"]
mod mail_text;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use mail_text::{message_content, stuff};
use pop3_proto::stream::body::{BodyDecoder, BodyEvent};
use pop3_proto::{ParserOptions, Status};

// ---------------------------------------------------------------------------
// pop3/retr
// ---------------------------------------------------------------------------

/// The status line of the RETR responses (RFC 1939 §7 example form).
const RETR_STATUS: &[u8] = b"+OK 1048576 octets\r\n";

/// Ours: the status line is stepped over (its parser is timed in `pop3/reply`),
/// then the body decoder runs to the end, every slice passed to `sink`.
/// Returns the bytes consumed, terminator included.
fn ours_retr(opts: &ParserOptions, wire: &[u8], mut sink: impl FnMut(&[u8])) -> usize {
    let status_end = memchr_lf(wire) + 1;
    let mut body = BodyDecoder::new(opts);
    let mut rest = &wire[status_end..];
    loop {
        let Status::Complete { value, consumed } = body.decode(rest) else {
            panic!("the whole response is in the input");
        };
        rest = &rest[consumed..];
        match value {
            BodyEvent::Data(bytes) => sink(bytes),
            BodyEvent::End => return wire.len() - rest.len(),
            BodyEvent::Invalid(err) => panic!("valid input: {err}"),
        }
    }
}

fn memchr_lf(b: &[u8]) -> usize {
    b.iter().position(|&c| c == b'\n').expect("a status line")
}

/// pop3-codec: its parsed body lines (it does not remove the stuffing dots),
/// and the bytes it consumed.
fn codec_retr(wire: &[u8]) -> (Vec<String>, usize) {
    let (rest, response) = pop3_codec::parse::response_retr(wire).expect("pop3-codec parses");
    let pop3_codec::types::Response::Ok(multi) = response else {
        panic!("a positive response")
    };
    (multi.body, wire.len() - rest.len())
}

fn retr(c: &mut Criterion) {
    let mut group = c.benchmark_group("pop3/retr");
    let strict = ParserOptions::default();
    let lenient = ParserOptions::lenient();
    for (label, dots) in [("1MiB-stuffed", true), ("1MiB-plain", false)] {
        let content = message_content(1 << 20, dots);
        let mut wire = RETR_STATUS.to_vec();
        wire.extend_from_slice(&stuff(&content));
        group.throughput(Throughput::Bytes(wire.len() as u64));
        let id = |who| BenchmarkId::new(who, label);
        let mut out = Vec::with_capacity(wire.len());

        for (who, opts) in [("pop3-proto", &strict), ("pop3-proto lenient", &lenient)] {
            out.clear();
            assert_eq!(
                ours_retr(opts, &wire, |s| out.extend_from_slice(s)),
                wire.len()
            );
            assert_eq!(out, content, "{who} unstuffs to the content");
            group.bench_function(id(format!("{who} (borrowed slices)")), |b| {
                b.iter(|| {
                    let mut n = 0;
                    let used = ours_retr(opts, black_box(&wire), |s| n += s.len());
                    (n, used)
                });
            });
            group.bench_function(id(format!("{who}, copied")), |b| {
                b.iter(|| {
                    out.clear();
                    ours_retr(opts, black_box(&wire), |s| out.extend_from_slice(s))
                });
            });
        }

        // pop3-codec keeps each line as sent (stuffing included), without CRLF.
        let (lines, used) = codec_retr(&wire);
        assert_eq!(used, wire.len());
        let body = &wire[RETR_STATUS.len()..wire.len() - 3];
        let sent: Vec<&[u8]> = body
            .strip_suffix(b"\r\n")
            .unwrap_or(body)
            .split(|&b| b == b'\n')
            .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
            .collect();
        assert!(
            lines.iter().map(String::as_bytes).eq(sent),
            "pop3-codec's lines"
        );
        group.bench_function(id("pop3-codec".to_owned()), |b| {
            b.iter(|| codec_retr(black_box(&wire)));
        });
    }
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = pop3_benches;
    config = config();
    targets = retr
}
criterion_main!(pop3_benches);
