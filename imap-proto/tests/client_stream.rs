//! The client-side decoder over real Dovecot sessions (scripts/captures/imap-*.server.txt)
//! and the RFC 9051 §8 sample: greeting first, every message decoded, any split of the
//! input giving the same events, and the work bounded by the input size.

use imap_proto::stream::client::{ClientDecoder, ClientEvent};
use imap_proto::types::fetch::FetchItem;
use imap_proto::{Data, GreetingKind, ParserOptions, Response, Status};
use proptest::prelude::*;

/// An event with what it consumed, owned so runs can be compared.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ev {
    Greeting(String),
    Response(String),
    Invalid(usize),
    Skipped(usize),
    Opaque(Vec<u8>),
}

/// Runs a decoder over `input` fed in pieces of the given sizes (cycled), the caller's
/// buffer growing and shrinking as a socket reader's would. Returns the events with the
/// stream ranges they consumed, and the decoder.
fn run(input: &[u8], sizes: &[usize], opts: ParserOptions) -> (Vec<(u64, Ev)>, ClientDecoder) {
    let mut dec = ClientDecoder::new(opts);
    let mut buf: Vec<u8> = Vec::new();
    let mut fed = 0;
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        loop {
            let at = dec.offset();
            let Status::Complete { value, consumed } = dec.decode(&buf) else {
                break;
            };
            let ev = match value {
                ClientEvent::Greeting(g) => Ev::Greeting(format!("{g:?}")),
                ClientEvent::Response(r) => Ev::Response(format!("{r:?}")),
                ClientEvent::Invalid(e) => Ev::Invalid(e.offset),
                ClientEvent::Skipped => Ev::Skipped(consumed),
                ClientEvent::Opaque(b) => Ev::Opaque(b.to_vec()),
            };
            out.push((at, ev));
            buf.drain(..consumed);
        }
        if fed == input.len() {
            break;
        }
        let n = sizes[i % sizes.len()].max(1).min(input.len() - fed);
        i += 1;
        buf.extend_from_slice(&input[fed..fed + n]);
        fed += n;
    }
    assert!(buf.is_empty(), "{} bytes left undecoded", buf.len());
    (out, dec)
}

fn captures() -> Vec<(String, Vec<u8>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/captures");
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.starts_with("imap-") && n.ends_with(".server.txt")
        })
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Every Dovecot session decodes without an invalid message (lenient only where the capture
/// is the LF-only one, or has the FETCH of the invalid section `1.0` that Dovecot echoes),
/// the first event is the greeting, and the compressed stream of imap-compress is where
/// decoding stops making sense (its bytes after "Begin compression" are not IMAP text).
#[test]
fn dovecot_sessions_decode() {
    let mut total = 0;
    for (name, bytes) in captures() {
        let lenient = name.contains("lf-only");
        let opts = if lenient {
            ParserOptions::lenient()
        } else {
            ParserOptions::new()
        };
        let input = if name.contains("compress") {
            // Up to and including the OK to COMPRESS; the rest is DEFLATE data.
            let end = bytes
                .windows(19)
                .position(|w| w == b"OK Begin compressio")
                .expect("the compress capture has the OK");
            let eol = bytes[end..].iter().position(|&c| c == b'\n').unwrap();
            bytes[..end + eol + 1].to_vec()
        } else {
            bytes
        };
        let (events, _) = run(&input, &[usize::MAX], opts);
        assert!(
            matches!(events.first(), Some((0, Ev::Greeting(_)))),
            "{name}: {:?}",
            events.first()
        );
        for (at, ev) in &events {
            if let Ev::Invalid(_) | Ev::Skipped(_) = ev {
                let line_end = input[*at as usize..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(input.len(), |p| *at as usize + p);
                let line = String::from_utf8_lossy(&input[*at as usize..line_end]);
                assert!(line.contains("BODY[1.0]"), "{name}: {ev:?} at {at}: {line}");
            }
        }
        total += events.len();
    }
    assert!(total > 800, "{total} events");
}

/// A known session, checked message by message: the greeting, untagged data, a FETCH with
/// a literal, the tagged completion (RFC 9051 §8 sample, as mailwire's built-in sample
/// holds it).
#[test]
fn rfc9051_sample_session() {
    let input = include_bytes!("../../mailwire/samples/imap.server");
    let mut dec = ClientDecoder::new(ParserOptions::new());
    let mut rest: &[u8] = input;
    let mut kinds = Vec::new();
    while let Status::Complete { value, consumed } = dec.decode(rest) {
        let k = match value {
            ClientEvent::Greeting(g) => {
                assert_eq!(g.kind(), GreetingKind::Ok);
                "greeting".to_string()
            }
            ClientEvent::Response(Response::Continuation(_)) => "+".to_string(),
            ClientEvent::Response(Response::Status(s)) => {
                format!("{}{:?}", s.tag().map_or("*", |t| t.as_str()), s.kind())
            }
            ClientEvent::Response(Response::Data(Data::Fetch(f))) => {
                if let Some(FetchItem::BodySection { data, .. }) = f.items.first() {
                    // RFC 9051 §8: "BODY[HEADER] {342}".
                    assert_eq!(data.as_ref().map(|d| d.len()), Some(342));
                }
                format!("FETCH {}", f.seq)
            }
            ClientEvent::Response(Response::Data(d)) => {
                let s = format!("{d:?}");
                s[..s.find(['(', ' ']).unwrap_or(s.len())].to_string()
            }
            other => panic!("{other:?}"),
        };
        kinds.push(k);
        rest = &rest[consumed..];
    }
    assert!(rest.is_empty());
    let want = [
        "greeting", "+", "+", "A001Ok", "Enabled", "babcOk", "Exists", "Flags", "*Ok", "List",
        "a002Ok", "FETCH 12", "a003Ok", "FETCH 12", "a004Ok", "FETCH 12", "a005Ok", "+", "a006Ok",
        "Esearch", "a007Ok", "+", "Exists", "a008Ok", "*Bye", "a009Ok",
    ];
    assert_eq!(kinds, want);
}

/// The work is linear: however the input is split, the decoder looks at each byte a
/// bounded number of times.
#[test]
fn work_is_linear_in_the_input() {
    for (name, bytes) in captures() {
        if name.contains("compress") || name.contains("lf-only") {
            continue;
        }
        let (_, whole) = run(&bytes, &[usize::MAX], ParserOptions::new());
        let (_, bytewise) = run(&bytes, &[1], ParserOptions::new());
        let n = bytes.len() as u64;
        assert!(whole.bytes_examined() <= 2 * n, "{name}");
        assert!(
            bytewise.bytes_examined() <= 3 * n,
            "{name}: {}",
            bytewise.bytes_examined()
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any split of a session gives the same events at the same offsets.
    #[test]
    fn any_split_gives_the_same_events(
        which in 0usize..40,
        sizes in proptest::collection::vec(1usize..200, 1..8),
    ) {
        let caps = captures();
        let (name, bytes) = &caps[which % caps.len()];
        prop_assume!(!name.contains("compress"));
        let opts = if name.contains("lf-only") { ParserOptions::lenient() } else { ParserOptions::new() };
        let (whole, _) = run(bytes, &[usize::MAX], opts);
        let (split, _) = run(bytes, &sizes, opts);
        prop_assert_eq!(whole, split, "{}", name);
    }
}

/// `Response::parse` (with its one-line fast path) and the decoder (always framing first)
/// agree on a complete message: same value and length, or both refuse it.
fn parse_agrees_with_decoder(msg: &[u8], opts: ParserOptions) -> Result<(), TestCaseError> {
    let direct = Response::parse(msg, &opts);
    let mut dec = ClientDecoder::after_greeting(opts);
    let framed = dec.decode(msg);
    match (&direct, &framed) {
        (
            Ok(Status::Complete { value, consumed }),
            Status::Complete {
                value: ClientEvent::Response(r),
                consumed: c,
            },
        ) => {
            prop_assert_eq!(value, r);
            prop_assert_eq!(consumed, c);
        }
        (Ok(Status::Incomplete), Status::Incomplete) => {}
        (Err(_), Status::Complete { value, .. }) => {
            prop_assert!(matches!(value, ClientEvent::Invalid(_)), "{:?}", value);
        }
        _ => prop_assert!(false, "parse {:?} but decoder {:?}", direct, framed),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Lines of real responses with bytes changed (CR, LF, NUL, `}` and others) give the
    /// same outcome both ways.
    #[test]
    fn response_parse_matches_the_decoder(
        which in 0usize..2000,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), prop::sample::select(vec![b'\r', b'\n', 0u8, b'}', b'{', b' ', b'(', b'"', b'1', 0xe9])), 0..3),
        lenient in any::<bool>(),
    ) {
        let lines: Vec<Vec<u8>> = captures()
            .into_iter()
            .filter(|(n, _)| !n.contains("compress"))
            .flat_map(|(_, b)| b.split_inclusive(|&c| c == b'\n').map(<[u8]>::to_vec).collect::<Vec<_>>())
            .collect();
        let mut msg = lines[which % lines.len()].clone();
        for (i, b) in edits {
            let i = i.index(msg.len());
            msg[i] = b;
        }
        let opts = if lenient { ParserOptions::lenient() } else { ParserOptions::new() };
        parse_agrees_with_decoder(&msg, opts)?;
    }
}
