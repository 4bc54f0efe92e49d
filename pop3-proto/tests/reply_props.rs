//! Property tests for status lines, AUTH challenges, listings and CAPA responses:
//! `parse(encode(x)) == x` for every type, `parse(encode(parse(b))) == parse(b)` on
//! arbitrary lines, agreement with plain oracles written here from the RFC text (sharing no
//! code with the crate), incomplete prefixes, and no panics on arbitrary bytes.

use proptest::prelude::*;

use pop3_proto::types::capa::{Capabilities, Capability, ExpirePolicy};
use pop3_proto::types::listing::{LangListing, ScanListing, Stat, UidListing};
use pop3_proto::types::reply::{AuthReply, Continuation, Reply, RespCode, StatusIndicator};
use pop3_proto::{ParserOptions, Status};

fn strict() -> ParserOptions {
    ParserOptions::default()
}

fn lenient() -> ParserOptions {
    ParserOptions::lenient()
}

fn modes() -> [ParserOptions; 2] {
    [strict(), lenient()]
}

// ----- oracles, from the RFC text -----

/// RFC 4648 §4 base64 with padding (the alphabet RFC 5034 §5 uses).
fn oracle_base64(data: &[u8]) -> Vec<u8> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]);
            } else {
                out.push(b'=');
            }
        }
    }
    out
}

/// RFC 2449 §3 `single-line` read directly: indicator, optional SP and text; a text that
/// begins with `[levels]` has a code. Strict rules; `None` for a line the grammar refuses.
#[allow(clippy::type_complexity)]
fn oracle_reply(line: &[u8]) -> Option<(bool, Option<Vec<u8>>, Vec<u8>)> {
    let (ok, rest) = if let Some(r) = line.strip_prefix(b"+OK") {
        (true, r)
    } else if let Some(r) = line.strip_prefix(b"-ERR") {
        (false, r)
    } else {
        return None;
    };
    let text: &[u8] = match rest {
        [] => &[],
        [b' ', t @ ..] => t,
        _ => return None,
    };
    if text.contains(&0) || text.contains(&b'\r') || text.contains(&b'\n') {
        return None;
    }
    if text.first() == Some(&b'[') {
        if let Some(close) = text.iter().position(|&b| b == b']') {
            let inner = &text[1..close];
            let levels_ok = inner.split(|&b| b == b'/').all(|level| {
                !level.is_empty() && level.iter().all(|&b| (0x21..=0x7f).contains(&b))
            });
            if levels_ok {
                let after = &text[close + 1..];
                let after = after.strip_prefix(b" ").unwrap_or(after);
                return Some((ok, Some(inner.to_vec()), after.to_vec()));
            }
        }
    }
    Some((ok, None, text.to_vec()))
}

/// Decimal digits to a number no larger than `max`.
fn oracle_decimal(digits: &[u8], max: u128) -> Option<u128> {
    if digits.is_empty() || digits.len() > 40 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n: u128 = std::str::from_utf8(digits).ok()?.parse().ok()?;
    (n <= max).then_some(n)
}

/// RFC 1939 §5 scan listing, strict: "the message-number of the message, followed by a
/// single space and the exact size of the message in octets"; anything after a further SP
/// is free information (which may not be blank or hold NUL).
#[allow(clippy::type_complexity)]
fn oracle_scan(line: &[u8]) -> Option<(u32, u64, Option<Vec<u8>>)> {
    let mut parts = line.splitn(3, |&b| b == b' ');
    let number = oracle_decimal(parts.next()?, u128::from(u32::MAX))?;
    let size = oracle_decimal(parts.next()?, u128::from(u64::MAX))?;
    if number == 0 {
        return None;
    }
    let extra = match parts.next() {
        None => None,
        Some(rest) => {
            if rest.iter().all(|&b| b == b' ' || b == b'\t') || rest.contains(&0) {
                return None;
            }
            Some(rest.to_vec())
        }
    };
    Some((number as u32, size as u64, extra))
}

/// RFC 1939 §7 unique-id listing, strict: number, one SP, 1–70 bytes 0x21–0x7E, nothing else.
fn oracle_uid(line: &[u8]) -> Option<(u32, Vec<u8>)> {
    let sp = line.iter().position(|&b| b == b' ')?;
    let number = oracle_decimal(&line[..sp], u128::from(u32::MAX))?;
    let uid = &line[sp + 1..];
    let uid_ok = (1..=70).contains(&uid.len()) && uid.iter().all(|&b| (0x21..=0x7e).contains(&b));
    (number != 0 && uid_ok).then(|| (number as u32, uid.to_vec()))
}

// ----- strategies -----

fn rchar() -> impl Strategy<Value = u8> {
    prop_oneof![0x21u8..=0x2E, 0x30u8..=0x5C, 0x5Eu8..=0x7F]
}

fn resp_code() -> impl Strategy<Value = RespCode<'static>> {
    let other =
        prop::collection::vec(prop::collection::vec(rchar(), 1..6), 1..4).prop_map(|levels| {
            let raw = levels.join(&b'/');
            RespCode::new(raw).unwrap()
        });
    prop_oneof![
        Just(RespCode::LoginDelay),
        Just(RespCode::InUse),
        Just(RespCode::SysTemp),
        Just(RespCode::SysPerm),
        Just(RespCode::Auth),
        Just(RespCode::Utf8),
        other,
    ]
}

/// Bytes that may appear in a line's text, biased towards the ones with a meaning.
fn text_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        4 => prop::sample::select(b" []/<>@aZ09.-\t".to_vec()),
        1 => any::<u8>().prop_filter("line text", |b| !matches!(b, b'\r' | b'\n' | 0)),
    ]
}

fn text() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(text_byte(), 0..40)
}

fn reply_value() -> impl Strategy<Value = Reply<'static>> {
    (any::<bool>(), prop::option::of(resp_code()), text()).prop_filter_map(
        "valid reply",
        |(ok, code, text)| {
            let status = if ok {
                StatusIndicator::Ok
            } else {
                StatusIndicator::Err
            };
            match code {
                Some(code) => Reply::with_code(status, code, text).ok(),
                None => Reply::new(status, text).ok(),
            }
        },
    )
}

/// An arbitrary line (no line end) that often starts like a status line.
fn status_like_line() -> impl Strategy<Value = Vec<u8>> {
    let prefix = prop::sample::select(vec![
        &b"+OK"[..],
        b"+OK ",
        b"-ERR",
        b"-ERR ",
        b"+ok ",
        b"-err",
        b"+OK [",
        b"-ERR [SYS/",
        b"+",
        b"",
    ]);
    (prefix, text()).prop_map(|(p, t)| [p, &t[..]].concat())
}

fn listing_line() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            6 => prop::sample::select(b"0123456789".to_vec()),
            2 => Just(b' '),
            1 => prop::sample::select(b"\tx:~!\x7f\x80\0".to_vec()),
        ],
        0..30,
    )
}

fn extra() -> impl Strategy<Value = Option<Vec<u8>>> {
    prop::option::of(
        text().prop_filter("not blank", |t| !t.iter().all(|&b| b == b' ' || b == b'\t')),
    )
}

fn uid() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(0x21u8..=0x7E, 1..=70)
}

fn capa_word() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(b"AZaz09-_=".to_vec()),
            1 => 0x21u8..=0x7E,
            1 => 0x80u8..=0xFF,
        ],
        1..8,
    )
}

fn capa_tag() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::sample::select(vec![
            &b"TOP"[..],
            b"user",
            b"SASL",
            b"RESP-CODES",
            b"LOGIN-DELAY",
            b"PIPELINING",
            b"EXPIRE",
            b"UIDL",
            b"IMPLEMENTATION",
            b"STLS",
            b"AUTH-RESP-CODE",
            b"UTF8",
            b"LANG",
        ])
        .prop_map(<[u8]>::to_vec),
        prop::collection::vec(prop_oneof![0x21u8..=0x2D, 0x2Fu8..=0x7F], 1..10),
    ]
}

const KNOWN_TAGS: [&str; 13] = [
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

fn capability() -> impl Strategy<Value = Capability<'static>> {
    let param = prop_oneof![
        3 => capa_word(),
        1 => prop::sample::select(vec![&b"USER"[..], b"NEVER", b"60", b"0", b"99999999999"])
            .prop_map(<[u8]>::to_vec),
    ];
    let generic = (capa_tag(), prop::collection::vec(param, 0..4))
        .prop_map(|(tag, params)| Capability::new(tag, params).unwrap());
    prop_oneof![
        generic,
        (any::<u32>(), any::<bool>())
            .prop_map(|(seconds, per_user)| Capability::LoginDelay { seconds, per_user }),
        (prop::option::of(any::<u32>()), any::<bool>()).prop_map(|(days, per_user)| {
            Capability::Expire {
                policy: days.map_or(ExpirePolicy::Never, ExpirePolicy::Days),
                per_user,
            }
        }),
        any::<bool>().prop_map(|user| Capability::Utf8 { user }),
    ]
}

/// A capability the strict parser must accept back: not an `Other` with a known tag.
fn strictly_encodable(cap: &Capability<'_>) -> bool {
    match cap {
        Capability::Other(o) => !KNOWN_TAGS
            .iter()
            .any(|t| o.tag().eq_ignore_ascii_case(t.as_bytes())),
        _ => true,
    }
}

fn crlf(line: &[u8]) -> Vec<u8> {
    [line, b"\r\n"].concat()
}

/// `Reply::parse` then a `from_reply`: the two steps that the one-pass `parse_reply`
/// parsers must match, errors of the second step moved to count from the start of `input`
/// (where the reply's text, borrowed from `input`, starts).
fn two_steps<T>(
    input: &[u8],
    opts: &ParserOptions,
    from_reply: impl Fn(&Reply<'_>, &ParserOptions) -> Result<T, pop3_proto::Error>,
) -> Result<Status<T>, pop3_proto::Error> {
    match Reply::parse(input, opts)? {
        Status::Incomplete => Ok(Status::Incomplete),
        Status::Complete { value, consumed } => {
            // A -ERR reply is refused at offset 0, before its text is read.
            let text_at = value.text().as_ptr() as usize - input.as_ptr() as usize;
            let shift = if value.is_ok() { text_at } else { 0 };
            let value = from_reply(&value, opts).map_err(|e| e.shifted(shift))?;
            Ok(Status::Complete { value, consumed })
        }
    }
}

/// A `+OK`-like line holding a listing-like text, with some line end.
fn typed_reply_line() -> impl Strategy<Value = Vec<u8>> {
    let head = prop::sample::select(vec![
        &b"+OK "[..],
        b"+OK ",
        b"+OK",
        b"+ok ",
        b"-ERR ",
        b"+OK [A/B] ",
        b"+OK\t",
    ]);
    let end = prop::sample::select(vec![
        &b"\r\n"[..],
        b"\r\n",
        b"\n",
        b"\r",
        b"",
        b"\r\n+OK\r\n",
    ]);
    (head, listing_line(), end).prop_map(|(h, l, e)| [h, &l[..], e].concat())
}

/// A body of listing-like lines, some with CRLF, some with LF, maybe a last one unended.
fn listing_body() -> impl Strategy<Value = Vec<u8>> {
    let end = prop::sample::select(vec![&b"\r\n"[..], b"\r\n", b"\r\n", b"\n", b""]);
    prop::collection::vec((listing_line(), end), 0..6).prop_map(|lines| {
        lines
            .into_iter()
            .flat_map(|(l, e)| [l, e.to_vec()].concat())
            .collect()
    })
}

fn complete<T>(status: Status<T>) -> Option<(T, usize)> {
    match status {
        Status::Complete { value, consumed } => Some((value, consumed)),
        Status::Incomplete => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    // ----- parse(encode(x)) == x -----

    #[test]
    fn reply_roundtrip(r in reply_value()) {
        let wire = r.to_bytes();
        prop_assert_eq!(wire.len(), r.encoded_len());
        for opts in modes() {
            let parsed = complete(Reply::parse(&wire, &opts).unwrap());
            prop_assert_eq!(parsed, Some((r.clone(), wire.len())));
        }
    }

    #[test]
    fn continuation_roundtrip(data in prop::collection::vec(any::<u8>(), 0..60)) {
        // Whatever the oracle encodes is RFC 5034 base64 for the crate too.
        let c = Continuation::new(oracle_base64(&data)).unwrap();
        let wire = c.to_bytes();
        for opts in modes() {
            let parsed = complete(Continuation::parse(&wire, &opts).unwrap());
            prop_assert_eq!(parsed, Some((c.clone(), wire.len())));
            let auth = complete(AuthReply::parse(&wire, &opts).unwrap());
            prop_assert_eq!(auth, Some((AuthReply::Challenge(c.clone()), wire.len())));
        }
    }

    #[test]
    fn lenient_continuation_roundtrip(t in text()) {
        let c = Continuation::new_lenient(t).unwrap();
        let wire = c.to_bytes();
        let parsed = complete(Continuation::parse(&wire, &lenient()).unwrap());
        prop_assert_eq!(parsed, Some((c.clone(), wire.len())));
        // Strict mode accepts it exactly when it is base64.
        prop_assert_eq!(Continuation::parse(&wire, &strict()).is_ok(), c.is_base64());
    }

    #[test]
    fn stat_roundtrip(count in any::<u32>(), size in any::<u64>(), extra in extra()) {
        let stat = match extra {
            Some(e) => Stat::with_extra(count, size, e).unwrap(),
            None => Stat::new(count, size),
        };
        let wire = stat.to_bytes();
        for opts in modes() {
            let (reply, used) = complete(Reply::parse(&wire, &opts).unwrap()).unwrap();
            prop_assert_eq!(used, wire.len());
            prop_assert_eq!(Stat::from_reply(&reply, &opts).unwrap(), stat.clone());
        }
    }

    #[test]
    fn scan_listing_roundtrip(number in 1..=u32::MAX, size in any::<u64>(), extra in extra()) {
        let l = match extra {
            Some(e) => ScanListing::with_extra(number, size, e).unwrap(),
            None => ScanListing::new(number, size).unwrap(),
        };
        let wire = l.to_bytes();
        let parsed: Vec<_> = ScanListing::parse_body(&wire, &strict()).collect();
        prop_assert_eq!(parsed, vec![Ok(l.clone())]);
        let mut reply_wire = Vec::new();
        l.encode_reply(&mut reply_wire);
        let (reply, _) = complete(Reply::parse(&reply_wire, &strict()).unwrap()).unwrap();
        prop_assert_eq!(ScanListing::from_reply(&reply, &strict()).unwrap(), l);
    }

    #[test]
    fn uid_listing_roundtrip(number in 1..=u32::MAX, uid in uid()) {
        let l = UidListing::new(number, uid).unwrap();
        let wire = l.to_bytes();
        for opts in modes() {
            let parsed: Vec<_> = UidListing::parse_body(&wire, &opts).collect();
            prop_assert_eq!(parsed, vec![Ok(l.clone())]);
        }
        let mut reply_wire = Vec::new();
        l.encode_reply(&mut reply_wire);
        let (reply, _) = complete(Reply::parse(&reply_wire, &strict()).unwrap()).unwrap();
        prop_assert_eq!(UidListing::from_reply(&reply, &strict()).unwrap(), l);
    }

    #[test]
    fn lang_listing_roundtrip(tag in uid(), description in extra()) {
        let l = LangListing::new(tag, description.map(Into::into)).unwrap();
        let wire = l.to_bytes();
        let parsed: Vec<_> = LangListing::parse_body(&wire, &strict()).collect();
        prop_assert_eq!(parsed, vec![Ok(l)]);
    }

    #[test]
    fn capabilities_roundtrip(caps in prop::collection::vec(capability(), 0..8)) {
        let caps = Capabilities::new(caps);
        let wire = caps.to_bytes();
        prop_assert_eq!(Capabilities::parse_body(&wire, &lenient()).unwrap(), caps.clone());
        let strict_parse = Capabilities::parse_body(&wire, &strict());
        if caps.iter().all(strictly_encodable) {
            prop_assert_eq!(strict_parse.unwrap(), caps);
        } else {
            prop_assert!(strict_parse.is_err());
        }
    }

    // ----- parse(encode(parse(b))) == parse(b) -----

    #[test]
    fn reply_reparse(line in status_like_line()) {
        let wire = crlf(&line);
        for opts in modes() {
            if let Ok(Status::Complete { value, consumed }) = Reply::parse(&wire, &opts) {
                prop_assert_eq!(consumed, wire.len());
                let bytes = value.to_bytes();
                let again = complete(Reply::parse(&bytes, &opts).unwrap()).unwrap().0;
                prop_assert_eq!(again, value);
            }
            if let Ok(Status::Complete { value, .. }) = AuthReply::parse(&wire, &opts) {
                let bytes = match &value {
                    AuthReply::Challenge(c) => c.to_bytes(),
                    AuthReply::Status(r) => r.to_bytes(),
                };
                let again = complete(AuthReply::parse(&bytes, &opts).unwrap()).unwrap().0;
                prop_assert_eq!(again, value);
            }
        }
    }

    #[test]
    fn listing_reparse(line in listing_line()) {
        for opts in modes() {
            if let Ok(l) = ScanListing::parse_line(&line, &opts) {
                let wire = l.to_bytes();
                prop_assert_eq!(ScanListing::parse_line(&wire[..wire.len() - 2], &opts), Ok(l.clone()));
                prop_assert_eq!(ScanListing::parse_line(&wire[..wire.len() - 2], &strict()), Ok(l));
            }
            if let Ok(l) = UidListing::parse_line(&line, &opts) {
                let wire = l.to_bytes();
                prop_assert_eq!(UidListing::parse_line(&wire[..wire.len() - 2], &strict()), Ok(l));
            }
            if let Ok(s) = Stat::parse_line(&line, &opts) {
                let wire = s.to_bytes();
                let (reply, _) = complete(Reply::parse(&wire, &strict()).unwrap()).unwrap();
                prop_assert_eq!(Stat::from_reply(&reply, &strict()), Ok(s));
            }
            if let Ok(l) = LangListing::parse_line(&line, &opts) {
                let wire = l.to_bytes();
                prop_assert_eq!(LangListing::parse_line(&wire[..wire.len() - 2], &strict()), Ok(l));
            }
        }
    }

    #[test]
    fn capa_reparse(lines in prop::collection::vec(
        (capa_tag(), prop::collection::vec(
            (prop::sample::select(vec![&b" "[..], b"  ", b"\t", b" \t"]), capa_word()), 0..4),
         prop::sample::select(vec![&b""[..], b" ", b"\t"])),
        0..6,
    )) {
        let mut body = Vec::new();
        for (tag, params, trail) in &lines {
            body.extend_from_slice(tag);
            for (sep, p) in params {
                body.extend_from_slice(sep);
                body.extend_from_slice(p);
            }
            body.extend_from_slice(trail);
            body.extend_from_slice(b"\r\n");
        }
        if let Ok(caps) = Capabilities::parse_body(&body, &strict()) {
            prop_assert_eq!(Capabilities::parse_body(&body, &lenient()), Ok(caps));
        }
        for opts in modes() {
            if let Ok(caps) = Capabilities::parse_body(&body, &opts) {
                let bytes = caps.to_bytes();
                prop_assert_eq!(Capabilities::parse_body(&bytes, &opts).unwrap(), caps);
            }
        }
    }

    // ----- lenient mode only adds: what strict accepts, lenient reads the same -----

    #[test]
    fn lenient_reads_strict_input_alike(line in status_like_line(), fields in listing_line()) {
        let wire = crlf(&line);
        if let Ok(v) = Reply::parse(&wire, &strict()) {
            prop_assert_eq!(Reply::parse(&wire, &lenient()), Ok(v));
        }
        if let Ok(v) = Continuation::parse(&wire, &strict()) {
            prop_assert_eq!(Continuation::parse(&wire, &lenient()), Ok(v));
        }
        for l in [&line, &fields] {
            if let Ok(v) = ScanListing::parse_line(l, &strict()) {
                prop_assert_eq!(ScanListing::parse_line(l, &lenient()), Ok(v));
            }
            if let Ok(v) = UidListing::parse_line(l, &strict()) {
                prop_assert_eq!(UidListing::parse_line(l, &lenient()), Ok(v));
            }
            if let Ok(v) = Stat::parse_line(l, &strict()) {
                prop_assert_eq!(Stat::parse_line(l, &lenient()), Ok(v));
            }
            if let Ok(v) = LangListing::parse_line(l, &strict()) {
                prop_assert_eq!(LangListing::parse_line(l, &lenient()), Ok(v));
            }
            if let Ok(v) = Capability::parse_line(l, &strict()) {
                prop_assert_eq!(Capability::parse_line(l, &lenient()), Ok(v));
            }
        }
    }

    // ----- oracles -----

    #[test]
    fn reply_matches_oracle(line in status_like_line()) {
        // Codes compare without regard to case (registered ones come back in upper case).
        let got = Reply::parse(&crlf(&line), &strict()).ok().and_then(complete).map(|(r, _)| {
            (r.is_ok(), r.code().map(|c| c.as_bytes().to_ascii_uppercase()), r.text().to_vec())
        });
        let want = oracle_reply(&line)
            .map(|(ok, code, text)| (ok, code.map(|c| c.to_ascii_uppercase()), text));
        prop_assert_eq!(got, want);
    }

    #[test]
    fn scan_listing_matches_oracle(line in listing_line()) {
        let got = ScanListing::parse_line(&line, &strict())
            .ok()
            .map(|l| (l.number(), l.size(), l.extra().map(<[u8]>::to_vec)));
        prop_assert_eq!(got, oracle_scan(&line));
    }

    #[test]
    fn uid_listing_matches_oracle(number in listing_line(), uid in prop::collection::vec(any::<u8>(), 0..75)) {
        let line = [&number[..], b" ", &uid[..]].concat();
        let got = UidListing::parse_line(&line, &strict()).ok().map(|l| (l.number(), l.uid().to_vec()));
        prop_assert_eq!(got, oracle_uid(&line));
    }

    // ----- one pass: the typed reply parsers and `into_vec` -----

    #[test]
    fn typed_replies_match_two_steps(line in typed_reply_line(), limit in 0usize..40) {
        for opts in [strict(), lenient(), strict().max_reply_line(limit)] {
            prop_assert_eq!(
                Stat::parse_reply(&line, &opts).map(|s| s.map(Stat::into_owned)),
                two_steps(&line, &opts, |r, o| Stat::from_reply(r, o).map(Stat::into_owned))
            );
            prop_assert_eq!(
                ScanListing::parse_reply(&line, &opts).map(|s| s.map(ScanListing::into_owned)),
                two_steps(&line, &opts, |r, o| ScanListing::from_reply(r, o).map(ScanListing::into_owned))
            );
            prop_assert_eq!(
                UidListing::parse_reply(&line, &opts).map(|s| s.map(UidListing::into_owned)),
                two_steps(&line, &opts, |r, o| UidListing::from_reply(r, o).map(UidListing::into_owned))
            );
        }
    }

    #[test]
    fn typed_replies_match_oracles(line in listing_line(), uid in prop::collection::vec(any::<u8>(), 0..75)) {
        let wire = [&b"+OK "[..], &line, b"\r\n"].concat();
        let got = ScanListing::parse_reply(&wire, &strict())
            .ok()
            .and_then(complete)
            .map(|(l, _)| (l.number(), l.size(), l.extra().map(<[u8]>::to_vec)));
        // The oracle reads the text; the reply's own framing refuses a NUL in it.
        let want = oracle_scan(&line).filter(|_| !line.contains(&0));
        prop_assert_eq!(got, want);
        let uid_line = [&line[..], b" ", &uid[..]].concat();
        let wire = [&b"+OK "[..], &uid_line, b"\r\n"].concat();
        let got = UidListing::parse_reply(&wire, &strict())
            .ok()
            .and_then(complete)
            .map(|(l, _)| (l.number(), l.uid().to_vec()));
        let framed = !uid_line.iter().any(|&b| matches!(b, 0 | b'\r' | b'\n'));
        prop_assert_eq!(got, oracle_uid(&uid_line).filter(|_| framed));
    }

    #[test]
    fn into_vec_matches_collect(body in listing_body(), limit in 0usize..40) {
        for opts in [strict(), lenient(), strict().max_reply_line(limit)] {
            let collected: Result<Vec<_>, _> = ScanListing::parse_body(&body, &opts).collect();
            prop_assert_eq!(ScanListing::parse_body(&body, &opts).into_vec(), collected);
            let collected: Result<Vec<_>, _> = UidListing::parse_body(&body, &opts).collect();
            prop_assert_eq!(UidListing::parse_body(&body, &opts).into_vec(), collected);
            let collected: Result<Vec<_>, _> = LangListing::parse_body(&body, &opts).collect();
            prop_assert_eq!(LangListing::parse_body(&body, &opts).into_vec(), collected);
        }
    }

    #[test]
    fn scan_bodies_match_oracle(lines in prop::collection::vec(listing_line(), 0..6)) {
        let body: Vec<u8> = lines.iter().flat_map(|l| [&l[..], b"\r\n"].concat()).collect();
        let want: Option<Vec<_>> = lines.iter().map(|l| oracle_scan(l)).collect();
        let got = ScanListing::parse_body(&body, &strict()).into_vec().ok().map(|v| {
            v.iter().map(|l| (l.number(), l.size(), l.extra().map(<[u8]>::to_vec))).collect()
        });
        // An empty line is an error for the parser, and no listing for the oracle either.
        prop_assert_eq!(got, want);
    }

    // ----- framing -----

    #[test]
    fn proper_prefixes_are_incomplete(r in reply_value()) {
        let wire = r.to_bytes();
        for end in 0..wire.len() {
            prop_assert_eq!(Reply::parse(&wire[..end], &strict()), Ok(Status::Incomplete));
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..80)) {
        for opts in modes() {
            let _ = Reply::parse(&bytes, &opts);
            let _ = Continuation::parse(&bytes, &opts);
            let _ = AuthReply::parse(&bytes, &opts);
            let _ = Stat::parse_line(&bytes, &opts);
            let _ = ScanListing::parse_line(&bytes, &opts);
            let _ = UidListing::parse_line(&bytes, &opts);
            let _ = LangListing::parse_line(&bytes, &opts);
            let _ = Capability::parse_line(&bytes, &opts);
            let _ = Capabilities::parse_body(&bytes, &opts);
            prop_assert!(ScanListing::parse_body(&bytes, &opts).count() <= bytes.len());
            prop_assert!(UidListing::parse_body(&bytes, &opts).count() <= bytes.len());
            if let Ok(Status::Complete { consumed, .. }) = Reply::parse(&bytes, &opts) {
                prop_assert!(consumed <= bytes.len());
            }
        }
    }
}
