//! Property tests for replies and EHLO capability lists: encode → parse identity, re-encoding
//! of anything accepted, agreement with an independent strict parser written from RFC 5321
//! §4.2, and no panics on arbitrary bytes.

use proptest::prelude::*;
use smtp_proto::types::ehlo::{
    Capability, EhloParams, EhloReply, EhloWord, Limit, Limits, PriorityProfile,
};
use smtp_proto::{ParserOptions, Reply, ReplyCode, Status};

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 512,
        ..ProptestConfig::default()
    }
}

// ----- strategies -----

/// A code in the RFC 5321 range.
fn strict_code() -> impl Strategy<Value = ReplyCode> {
    (2u16..=5, 0u16..=5, 0u16..=9)
        .prop_map(|(a, b, c)| ReplyCode::new(a * 100 + b * 10 + c).unwrap())
}

/// Line text: any bytes but CR and LF, biased towards printable ones.
fn text() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            4 => 0x20u8..0x7f,
            1 => any::<u8>().prop_filter("no CR/LF", |b| *b != b'\r' && *b != b'\n'),
        ],
        0..24,
    )
}

fn reply() -> impl Strategy<Value = Reply<'static>> {
    (strict_code(), prop::collection::vec(text(), 1..6))
        .prop_map(|(code, lines)| Reply::new(code, lines).unwrap())
}

fn upper_word(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[A-Z0-9_-]{{1,{max}}}")).unwrap()
}

/// An `ehlo-param`: 1*(%d33-126).
fn param() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(33u8..=126, 1..10)
}

fn params(min: usize) -> impl Strategy<Value = EhloParams<'static>> {
    prop::collection::vec(param(), min..4).prop_map(|ws| EhloParams::from_words(ws).unwrap())
}

fn limit() -> impl Strategy<Value = (u8, u64, String, Option<String>)> {
    (
        0u8..4,
        any::<u64>(),
        proptest::string::string_regex("X[A-Za-z0-9_-]{0,8}").unwrap(),
        proptest::option::of(proptest::string::string_regex("[!-:<-~]{1,8}").unwrap()),
    )
}

fn limits() -> impl Strategy<Value = Limits<'static>> {
    prop::collection::vec(limit(), 1..4).prop_map(|ls| {
        let typed: Vec<Limit<'_>> = ls
            .iter()
            .map(|(kind, n, name, value)| match kind {
                0 => Limit::RcptMax(*n),
                1 => Limit::MailMax(*n),
                2 => Limit::RcptDomainMax(*n),
                _ => Limit::Other {
                    name: name.as_bytes(),
                    value: value.as_deref().map(str::as_bytes),
                },
            })
            .collect();
        Limits::from_limits(typed).unwrap()
    })
}

fn date_time() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,3})?([Zz]|[+-][0-9]{2}:[0-9]{2})",
    )
    .unwrap()
}

fn word(re: &str) -> impl Strategy<Value = EhloWord<'static>> {
    proptest::string::string_regex(re)
        .unwrap()
        .prop_map(|s| EhloWord::new(s).unwrap())
}

fn capability() -> impl Strategy<Value = Capability<'static>> {
    use Capability as C;
    let simple = prop::sample::select(vec![
        C::EightBitMime,
        C::Atrn,
        C::BinaryMime,
        C::Checkpoint,
        C::Chunking,
        C::ConNeg,
        C::ConPerm,
        C::Dsn,
        C::EnhancedStatusCodes,
        C::Etrn,
        C::Expn,
        C::Help,
        C::Mtrk,
        C::Onex,
        C::Pipelining,
        C::RequireTls,
        C::Rrvs,
        C::Saml,
        C::Send,
        C::SmtpUtf8,
        C::Soml,
        C::StartTls,
        C::Submitter,
        C::Turn,
        C::Utf8Smtp,
        C::Verb,
        C::Vrfy,
        C::Xusr,
    ]);
    let mechs = || {
        prop::collection::vec(upper_word(20), 1..5)
            .prop_map(|ws| EhloParams::from_words(ws).unwrap())
    };
    prop_oneof![
        4 => simple,
        1 => proptest::option::of(any::<u64>()).prop_map(C::Size),
        1 => proptest::option::of(any::<u64>()).prop_map(C::DeliverBy),
        1 => mechs().prop_map(C::Auth),
        1 => mechs().prop_map(C::AuthLegacy),
        1 => params(0).prop_map(C::Burl),
        1 => limits().prop_map(C::Limits),
        1 => proptest::option::of(prop_oneof![
            Just(PriorityProfile::Mixer),
            Just(PriorityProfile::Stanag4406),
            Just(PriorityProfile::Nsep),
            word("P-[A-Z0-9]{1,6}").prop_map(PriorityProfile::Other),
        ])
        .prop_map(C::MtPriority),
        1 => (any::<u64>(), date_time()).prop_map(|(max_interval, dt)| C::FutureRelease {
            max_interval,
            max_date_time: EhloWord::new(dt).unwrap(),
        }),
        1 => proptest::option::of(param().prop_map(|p| EhloWord::new(p).unwrap())).prop_map(C::NoSoliciting),
        2 => (word("X-[A-Za-z0-9-]{1,10}"), params(0))
            .prop_map(|(keyword, params)| C::Other { keyword, params }),
    ]
}

fn ehlo_reply() -> impl Strategy<Value = EhloReply<'static>> {
    (
        proptest::string::string_regex("[a-z0-9][a-z0-9.-]{0,20}").unwrap(),
        proptest::option::of(text()),
        prop::collection::vec(capability(), 0..8),
    )
        .prop_map(|(domain, greeting, caps)| EhloReply::new(domain, greeting, caps).unwrap())
}

/// Reply-like bytes: lines built from codes, separators, text and line ends, valid or not.
fn reply_like() -> impl Strategy<Value = Vec<u8>> {
    let code = prop_oneof![
        6 => prop::sample::select(vec![&b"250"[..], b"220", b"354", b"550", b"334", b"421"]),
        1 => prop::sample::select(vec![&b"251"[..], b"123", b"199", b"660", b"25", b"2x0", b""]),
    ];
    let sep = prop::sample::select(vec![&b" "[..], b"-", b"-", b"", b"\t", b"x"]);
    let body = prop::collection::vec(
        prop_oneof![
            10 => prop::sample::select(b"abc 2.1.0 SIZE AUTH=LOGIN LIMITS RCPTMAX=5 X-Y".to_vec()),
            1 => Just(b'\r'),
            1 => Just(b'\n'),
            1 => any::<u8>(),
        ],
        0..12,
    );
    let end = prop_oneof![
        8 => Just(&b"\r\n"[..]),
        1 => Just(&b"\n"[..]),
        1 => Just(&b""[..]),
    ];
    prop::collection::vec((code, sep, body, end), 1..6).prop_map(|lines| {
        let mut v = Vec::new();
        for (code, sep, body, end) in lines {
            v.extend_from_slice(code);
            v.extend_from_slice(sep);
            v.extend_from_slice(&body);
            v.extend_from_slice(end);
        }
        v
    })
}

// ----- an independent strict parser (RFC 5321 §4.2) -----

#[derive(Debug, PartialEq)]
enum Oracle {
    Done(u16, Vec<Vec<u8>>, usize),
    More,
    Bad,
}

/// Reply-line = *( Reply-code "-" [ textstring ] CRLF ) Reply-code [ SP textstring ] CRLF,
/// Reply-code = %x32-35 %x30-35 %x30-39; text is any byte but CR and LF; every line's text
/// (without CRLF) at most `max_line` bytes, at most `max_lines` lines. An over-long line is
/// bad as soon as more than `max_line` bytes of it are present.
fn oracle(input: &[u8], max_line: usize, max_lines: usize) -> Oracle {
    let mut pos = 0;
    let mut lines = Vec::new();
    let mut first_code = None;
    loop {
        let rest = &input[pos..];
        let mut i = 0;
        let end = loop {
            if i == rest.len() {
                return if rest.len() > max_line {
                    Oracle::Bad
                } else {
                    Oracle::More
                };
            }
            match rest[i] {
                b'\n' => return Oracle::Bad,
                b'\r' if i + 1 == rest.len() => {
                    return if i > max_line {
                        Oracle::Bad
                    } else {
                        Oracle::More
                    };
                }
                b'\r' if rest[i + 1] == b'\n' => break i,
                b'\r' => return Oracle::Bad,
                _ => i += 1,
            }
        };
        if end > max_line {
            return Oracle::Bad;
        }
        let line = &rest[..end];
        if line.len() < 3 || !line[..3].iter().all(u8::is_ascii_digit) {
            return Oracle::Bad;
        }
        let (a, b, c) = (line[0] - b'0', line[1] - b'0', line[2] - b'0');
        if !(2..=5).contains(&a) || b > 5 {
            return Oracle::Bad;
        }
        let code = u16::from(a) * 100 + u16::from(b) * 10 + u16::from(c);
        if first_code.is_some_and(|f| f != code) {
            return Oracle::Bad;
        }
        first_code = Some(code);
        let (last, text) = match line.get(3) {
            None => (true, &line[3..]),
            Some(b' ') => (true, &line[4..]),
            Some(b'-') => (false, &line[4..]),
            Some(_) => return Oracle::Bad,
        };
        lines.push(text.to_vec());
        pos += end + 2;
        if last {
            return Oracle::Done(code, lines, pos);
        }
        if lines.len() >= max_lines {
            return Oracle::Bad;
        }
    }
}

fn classify(input: &[u8], opts: &ParserOptions) -> Oracle {
    match Reply::parse(input, opts) {
        Ok(Status::Complete { value, consumed }) => Oracle::Done(
            value.code().get(),
            value.lines().map(<[u8]>::to_vec).collect(),
            consumed,
        ),
        Ok(Status::Incomplete) => Oracle::More,
        Err(_) => Oracle::Bad,
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn reply_roundtrip(r in reply()) {
        let bytes = r.to_bytes();
        prop_assert_eq!(bytes.len(), r.encoded_len());
        for opts in [ParserOptions::default(), ParserOptions::lenient()] {
            prop_assert_eq!(
                Reply::parse(&bytes, &opts),
                Ok(Status::Complete { value: r.clone(), consumed: bytes.len() })
            );
        }
        // Followed by more input: only this reply is consumed.
        let mut more = bytes.clone();
        more.extend_from_slice(b"250 next\r\n");
        prop_assert_eq!(
            Reply::parse(&more, &ParserOptions::default()),
            Ok(Status::Complete { value: r.clone(), consumed: bytes.len() })
        );
        // Every proper prefix is incomplete.
        for cut in 0..bytes.len() {
            prop_assert_eq!(Reply::parse(&bytes[..cut], &ParserOptions::default()), Ok(Status::Incomplete));
        }
    }

    #[test]
    fn reply_matches_oracle(r in reply()) {
        let bytes = r.to_bytes();
        let opts = ParserOptions::default();
        prop_assert_eq!(classify(&bytes, &opts), oracle(&bytes, opts.max_reply_line, opts.max_reply_lines));
    }

    #[test]
    fn reply_like_matches_oracle(b in reply_like(), max_line in 3usize..40, max_lines in 1usize..5) {
        let opts = ParserOptions::default().max_reply_line(max_line).max_reply_lines(max_lines);
        prop_assert_eq!(classify(&b, &opts), oracle(&b, max_line, max_lines));
        let opts = ParserOptions::default();
        prop_assert_eq!(classify(&b, &opts), oracle(&b, opts.max_reply_line, opts.max_reply_lines));
    }

    #[test]
    fn accepted_replies_reencode(b in reply_like()) {
        for opts in [ParserOptions::default(), ParserOptions::lenient()] {
            if let Ok(Status::Complete { value, .. }) = Reply::parse(&b, &opts) {
                let again = value.to_bytes();
                prop_assert_eq!(
                    Reply::parse(&again, &opts),
                    Ok(Status::Complete { value: value.clone(), consumed: again.len() })
                );
                // The canonical form is accepted in strict mode too when the code is standard.
                if value.code().is_standard() {
                    prop_assert_eq!(
                        Reply::parse(&again, &ParserOptions::default()),
                        Ok(Status::Complete { value: value.clone(), consumed: again.len() })
                    );
                }
            }
        }
    }

    #[test]
    fn ehlo_roundtrip(e in ehlo_reply()) {
        let bytes = e.to_bytes();
        prop_assert_eq!(e.to_reply().to_bytes(), bytes.clone());
        for opts in [ParserOptions::default(), ParserOptions::lenient()] {
            prop_assert_eq!(
                EhloReply::parse(&bytes, &opts),
                Ok(Status::Complete { value: e.clone(), consumed: bytes.len() })
            );
        }
    }

    #[test]
    fn accepted_ehlo_reencodes(lines in prop::collection::vec(
        prop_oneof![
            3 => capability().prop_map(|c| c.to_bytes()),
            1 => text(),
            1 => prop::collection::vec(prop::sample::select(b"AUTH=SIZE LIMITS MT-PRIORITY 0123 x-_".to_vec()), 0..16),
        ],
        1..6,
    )) {
        let mut all = vec![b"mx.example".to_vec()];
        all.extend(lines);
        let bytes = Reply::new(ReplyCode::OK, all).unwrap().to_bytes();
        for opts in [ParserOptions::default(), ParserOptions::lenient()] {
            if let Ok(Status::Complete { value, .. }) = EhloReply::parse(&bytes, &opts) {
                let again = value.to_bytes();
                prop_assert_eq!(
                    EhloReply::parse(&again, &opts),
                    Ok(Status::Complete { value: value.clone(), consumed: again.len() })
                );
            }
        }
        // Lenient mode accepts every line of a well-framed 250 reply with a domain.
        prop_assert!(EhloReply::parse(&bytes, &ParserOptions::lenient()).is_ok());
    }

    #[test]
    fn no_panic_on_arbitrary_bytes(b in prop::collection::vec(any::<u8>(), 0..200)) {
        for opts in [ParserOptions::default(), ParserOptions::lenient(), ParserOptions::default().max_reply_line(0).max_reply_lines(0)] {
            let _ = Reply::parse(&b, &opts);
            let _ = EhloReply::parse(&b, &opts);
        }
    }

    #[test]
    fn no_panic_on_reply_like(b in reply_like()) {
        for opts in [ParserOptions::default(), ParserOptions::lenient()] {
            let _ = EhloReply::parse(&b, &opts);
        }
    }
}
