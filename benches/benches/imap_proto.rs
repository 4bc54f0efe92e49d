//! Criterion benches of `imap_proto` against duesee's `imap-codec` 2.0.0-alpha.10 and djc's
//! `imap-proto` 0.17 (renamed `djc_imap_proto`), in the same run.
//!
//! Groups:
//!
//! imap-codec is built with its CONDSTORE/QRESYNC, ID, NAMESPACE and METADATA features, so it
//! parses `MODSEQ`.
//!
//! - `imap/response`: one response each, from a borrowed buffer: small untagged ones
//!   (`* 23 EXISTS`, a FLAGS list, `* OK [UIDVALIDITY …]`, a CAPABILITY list), a tagged OK
//!   with a code (`A142 OK [READ-WRITE] SELECT completed`), and the RFC 3501 §7.4.2
//!   multipart BODYSTRUCTURE. Ours: `Response::parse` (frames the message, then parses
//!   it); imap-codec: `ResponseCodec::decode`; djc: `Response::parse`.
//! - `imap/fetch-stream`: 100 `* n FETCH (UID … FLAGS (\Seen) MODSEQ (…))` responses in
//!   one buffer, decoded one after the other: ours with a `ClientDecoder`; the peers by
//!   calling their parser on the rest of the buffer.
//! - `imap/literal`: `* 1 FETCH (BODY[] {n}` CRLF, n octets, `)` CRLF, for n = 1 KiB and
//!   1 MiB: the target is that the 1 MiB response costs what the 1 KiB one does.
//!
//! - `imap/command`: one command each, from a borrowed buffer: a `UID FETCH` with a
//!   sequence set, body section and CHANGEDSINCE modifier, and a `UID SEARCH` with a
//!   charset, OR, strings and a date. Ours: `Command::parse`; imap-codec:
//!   `CommandCodec::decode` (djc's imap-proto parses responses only).
//!
//! Every implementation runs once on the input and its result is checked (the bytes it
//! used, the count of responses, the sequence number, the literal's length) before it is
//! timed, so a filtered run checks what it times. Throughput is bytes of wire input.
//!
//! Run: `cargo bench -p benches --bench imap_proto` (or `-- imap/response`).

use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main,
};
use imap_codec::decode::Decoder;
use imap_codec::{CommandCodec, ResponseCodec};
use imap_proto::stream::client::{ClientDecoder, ClientEvent};
use imap_proto::types::fetch::FetchItem;
use imap_proto::{Command, Data, ParserOptions, Response, Status};

/// Runs `f` once on `input` and checks its result, then times it.
fn checked<I: Copy, T>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    id: BenchmarkId,
    input: I,
    mut f: impl FnMut(I) -> T,
    check: impl FnOnce(T),
) {
    check(f(input));
    group.bench_function(id, |b| b.iter(|| f(black_box(input))));
}

/// Ours: the bytes one response used.
fn ours_one(input: &[u8]) -> usize {
    match Response::parse(input, &ParserOptions::default()) {
        Ok(Status::Complete { value, consumed }) => {
            black_box(&value);
            consumed
        }
        other => panic!("ours: {other:?}"),
    }
}

/// Both peers on one whole response: each must use all of `input`. (Each parser is
/// passed as its own function item, not through a pointer, so the timed call is as
/// direct as ours.)
fn peers_one(group: &mut BenchmarkGroup<'_, WallTime>, name: &str, input: &[u8]) {
    let n = input.len();
    let whole = |u: usize| assert_eq!(u, n);
    checked(
        group,
        BenchmarkId::new("imap-codec", name),
        input,
        codec_one,
        whole,
    );
    checked(
        group,
        BenchmarkId::new("djc-imap-proto", name),
        input,
        djc_one,
        whole,
    );
}

/// imap-codec: the bytes one response used.
fn codec_one(input: &[u8]) -> usize {
    match ResponseCodec::new().decode(input) {
        Ok((rest, value)) => {
            black_box(&value);
            input.len() - rest.len()
        }
        Err(e) => panic!("imap-codec: {e:?}"),
    }
}

/// djc's imap-proto: the bytes one response used.
fn djc_one(input: &[u8]) -> usize {
    match djc_imap_proto::Response::parse(input) {
        Ok((rest, value)) => {
            black_box(&value);
            input.len() - rest.len()
        }
        Err(e) => panic!("djc imap-proto: {e:?}"),
    }
}

/// RFC 3501 §7.4.2's BODYSTRUCTURE example, as a FETCH response.
const BODYSTRUCTURE: &[u8] = b"* 12 FETCH (BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1152 23)(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\" \"NAME\" \"cc.diff\") \"<960723163407.20117h@cac.washington.edu>\" \"Compiler diff\" \"BASE64\" 4554 73) \"MIXED\"))\r\n";

fn responses(c: &mut Criterion) {
    let inputs: [(&str, &[u8]); 6] = [
        ("exists", b"* 23 EXISTS\r\n"),
        (
            "flags",
            b"* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n",
        ),
        ("ok-uidvalidity", b"* OK [UIDVALIDITY 3857529045] UIDs valid\r\n"),
        (
            "capability",
            b"* CAPABILITY IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT THREAD=REFERENCES MULTIAPPEND UNSELECT CHILDREN NAMESPACE UIDPLUS ESEARCH SEARCHRES CONDSTORE QRESYNC MOVE\r\n",
        ),
        ("tagged-ok-code", b"A142 OK [READ-WRITE] SELECT completed\r\n"),
        ("bodystructure", BODYSTRUCTURE),
    ];
    let mut group = c.benchmark_group("imap/response");
    for (name, input) in inputs {
        group.throughput(Throughput::Bytes(input.len() as u64));
        let n = input.len();
        checked(
            &mut group,
            BenchmarkId::new("imap-proto", name),
            input,
            ours_one,
            |u| assert_eq!(u, n),
        );
        peers_one(&mut group, name, input);
    }
    group.finish();
}

/// 100 FETCH responses as a server sends them after `UID FETCH 1:* (FLAGS MODSEQ)`.
fn fetch_stream() -> Vec<u8> {
    let mut v = Vec::new();
    for i in 1..=100u32 {
        v.extend_from_slice(
            format!(
                "* {i} FETCH (UID {} FLAGS (\\Seen{}) MODSEQ ({}))\r\n",
                4_827_000 + i * 3,
                if i % 3 == 0 { " \\Answered" } else { "" },
                90_060_115_194_045_000u64 + u64::from(i)
            )
            .as_bytes(),
        );
    }
    v
}

fn fetch_streams(c: &mut Criterion) {
    let input = fetch_stream();
    let input = &input[..];
    let mut group = c.benchmark_group("imap/fetch-stream");
    group.throughput(Throughput::Bytes(input.len() as u64));
    checked(
        &mut group,
        BenchmarkId::new("imap-proto", "100-uid-flags-modseq"),
        input,
        |mut rest: &[u8]| {
            let mut dec = ClientDecoder::after_greeting(ParserOptions::default());
            let mut n = 0;
            while let Status::Complete { value, consumed } = dec.decode(rest) {
                match value {
                    ClientEvent::Response(Response::Data(Data::Fetch(f))) => {
                        black_box(&f);
                        n += 1;
                    }
                    other => panic!("{other:?}"),
                }
                rest = &rest[consumed..];
            }
            n
        },
        |n| assert_eq!(n, 100),
    );
    checked(
        &mut group,
        BenchmarkId::new("imap-codec", "100-uid-flags-modseq"),
        input,
        |mut rest: &[u8]| {
            let codec = ResponseCodec::new();
            let mut n = 0;
            while !rest.is_empty() {
                let (r, v) = codec.decode(rest).expect("imap-codec");
                black_box(&v);
                rest = r;
                n += 1;
            }
            n
        },
        |n| assert_eq!(n, 100),
    );
    checked(
        &mut group,
        BenchmarkId::new("djc-imap-proto", "100-uid-flags-modseq"),
        input,
        |mut rest: &[u8]| {
            let mut n = 0;
            while !rest.is_empty() {
                let (r, v) = djc_imap_proto::Response::parse(rest).expect("djc");
                black_box(&v);
                rest = r;
                n += 1;
            }
            n
        },
        |n| assert_eq!(n, 100),
    );
    group.finish();
}

/// `* 1 FETCH (BODY[] {n}` CRLF, `n` octets of message text, `)` CRLF.
fn literal_response(n: usize) -> Vec<u8> {
    let mut v = format!("* 1 FETCH (BODY[] {{{n}}}\r\n").into_bytes();
    let line = b"The quick brown fox jumps over the lazy dog; 0123456789 abcdefghij\r\n";
    v.extend(line.iter().copied().cycle().take(n));
    v.extend_from_slice(b")\r\n");
    v
}

fn literals(c: &mut Criterion) {
    let mut group = c.benchmark_group("imap/literal");
    for (name, n) in [("1KiB", 1024usize), ("1MiB", 1 << 20)] {
        let input = literal_response(n);
        let input = &input[..];
        let len = input.len();
        group.throughput(Throughput::Bytes(len as u64));
        checked(
            &mut group,
            BenchmarkId::new("imap-proto", name),
            input,
            |i: &[u8]| match Response::parse(i, &ParserOptions::default()) {
                Ok(Status::Complete {
                    value: Response::Data(Data::Fetch(f)),
                    consumed,
                }) => match &f.items[0] {
                    FetchItem::BodySection { data: Some(d), .. } => (d.len(), consumed),
                    other => panic!("{other:?}"),
                },
                other => panic!("{other:?}"),
            },
            |(d, u)| assert_eq!((d, u), (n, len)),
        );
        peers_one(&mut group, name, input);
    }
    group.finish();
}

fn commands(c: &mut Criterion) {
    let inputs: [(&str, &[u8]); 2] = [
        (
            "uid-fetch",
            b"A654 UID FETCH 1:*,4327:4400 (UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (FROM SUBJECT DATE)]) (CHANGEDSINCE 12345)\r\n",
        ),
        (
            "uid-search",
            b"A282 UID SEARCH CHARSET UTF-8 OR FROM \"alice@example.com\" SUBJECT \"quarterly report\" SINCE 1-Feb-2026 UNDELETED\r\n",
        ),
    ];
    let mut group = c.benchmark_group("imap/command");
    for (name, input) in inputs {
        group.throughput(Throughput::Bytes(input.len() as u64));
        let n = input.len();
        checked(
            &mut group,
            BenchmarkId::new("imap-proto", name),
            input,
            |i| match Command::parse(i, &ParserOptions::default()) {
                Ok(Status::Complete { value, consumed }) => {
                    black_box(&value);
                    consumed
                }
                other => panic!("ours: {other:?}"),
            },
            |u| assert_eq!(u, n),
        );
        checked(
            &mut group,
            BenchmarkId::new("imap-codec", name),
            input,
            |i| match CommandCodec::new().decode(i) {
                Ok((rest, value)) => {
                    black_box(&value);
                    i.len() - rest.len()
                }
                Err(e) => panic!("imap-codec: {e:?}"),
            },
            |u| assert_eq!(u, n),
        );
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = responses, fetch_streams, literals, commands
}
criterion_main!(benches);
