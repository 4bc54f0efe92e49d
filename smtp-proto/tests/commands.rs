//! Known-answer tests for SMTP/LMTP commands: every verb and every typed parameter, accept
//! and reject cases, the length limits at the limit and one past it, the command lines of
//! the RFC example sessions, strict versus lenient mode.
//!
//! Expected values come from the RFC text (section quoted on each group) or are worked out
//! by hand (offsets are counted in a comment where they are not obvious). Every accepted
//! vector goes through [`check`]: parse → encode → parse gives the same command, and the
//! encoding is stable.

use smtp_proto::types::command::{
    AbsoluteUri, Command, DomainList, EtrnArg, InitialResponse, Mechanism, SaslBase64, SmtpString,
    Text, UnknownVerb,
};
use smtp_proto::types::param::{
    Body, By, ByMode, DateTime, HoldFor, MtPriority, Notify, Orcpt, Param, Parameters, Ret, Rrvs,
    RrvsMode, UnknownParam, XText,
};
use smtp_proto::types::path::{
    AddressLiteral, Domain, ForwardPath, Host, LocalPart, Mailbox, Path, ReversePath, SourceRoute,
};
use smtp_proto::{Error, ErrorKind, ParserOptions, Status};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

fn strict() -> ParserOptions {
    ParserOptions::default()
}

fn lenient() -> ParserOptions {
    ParserOptions::lenient()
}

/// The shared round-trip helper: parses `line` (text without line end) with `opts`, checks
/// that `Command::parse` on `line` + CRLF gives the same value and consumes it all, that the
/// encoding ends in CRLF and parses back (strict) to the same value, and that encoding that
/// again gives the same bytes.
fn check_with<'a>(line: &'a str, opts: &ParserOptions) -> Command<'a> {
    let cmd = Command::parse_line(line.as_bytes(), opts)
        .unwrap_or_else(|e| panic!("{line:?} refused: {e}"));
    let framed = format!("{line}\r\n");
    match Command::parse(framed.as_bytes(), opts) {
        Ok(Status::Complete { value, consumed }) => {
            assert_eq!(value, cmd, "{line:?}: parse vs parse_line");
            assert_eq!(consumed, framed.len());
        }
        other => panic!("{line:?}: parse gave {other:?}"),
    }
    let enc = cmd.to_bytes();
    assert!(enc.ends_with(b"\r\n"));
    let again = match Command::parse(&enc, &strict()) {
        Ok(Status::Complete { value, consumed }) => {
            assert_eq!(consumed, enc.len());
            value
        }
        other => panic!(
            "{line:?}: encoding {:?} did not parse: {other:?}",
            String::from_utf8_lossy(&enc)
        ),
    };
    assert_eq!(again, cmd, "{line:?}: parse(encode(parse(b))) != parse(b)");
    assert_eq!(again.to_bytes(), enc, "{line:?}: encoding not stable");
    let owned = cmd.clone().into_owned();
    assert_eq!(owned, cmd, "{line:?}: into_owned changed the value");
    cmd
}

fn check(line: &str) -> Command<'_> {
    check_with(line, &strict())
}

/// `line` encodes to exactly `wire` (without CRLF).
fn encodes_as(line: &str, wire: &str) {
    let cmd = check(line);
    assert_eq!(
        String::from_utf8(cmd.to_bytes()).unwrap(),
        format!("{wire}\r\n"),
        "{line:?}"
    );
}

fn err_with(line: &[u8], opts: &ParserOptions) -> Error {
    match Command::parse_line(line, opts) {
        Ok(c) => panic!("{:?} accepted as {c:?}", String::from_utf8_lossy(line)),
        Err(e) => e,
    }
}

fn err(line: &str) -> Error {
    err_with(line.as_bytes(), &strict())
}

/// Refused with `Expected` at `offset`.
fn expected_at(line: &str, offset: usize) {
    let e = err(line);
    assert!(
        matches!(e.kind, ErrorKind::Expected { .. }) && e.offset == offset,
        "{line:?}: got {e:?}, wanted Expected at {offset}"
    );
}

fn path(s: &str) -> Path<'_> {
    Path::parse(s).unwrap()
}

fn host(s: &str) -> Host<'_> {
    Host::new(s).unwrap()
}

fn mail<'a>(from: ReversePath<'a>, params: Vec<Param<'a>>) -> Command<'a> {
    Command::Mail {
        from,
        params: params.into(),
    }
}

fn rcpt<'a>(to: ForwardPath<'a>, params: Vec<Param<'a>>) -> Command<'a> {
    Command::Rcpt {
        to,
        params: params.into(),
    }
}

/// The parameters of a MAIL or RCPT line.
fn params_of(line: &str) -> Vec<Param<'static>> {
    match check(line) {
        Command::Mail { params, .. } | Command::Rcpt { params, .. } => {
            params.iter().map(Param::into_owned).collect()
        }
        other => panic!("not MAIL/RCPT: {other:?}"),
    }
}

/// The single parameter of `MAIL FROM:<a@example.com> <param>`.
fn param(p: &str) -> Param<'static> {
    let line = format!("MAIL FROM:<a@example.com> {p}");
    let mut v = params_of(&line);
    assert_eq!(v.len(), 1, "{p}");
    v.remove(0)
}

/// Offset of a parameter's first byte in `MAIL FROM:<a@example.com> <param>`.
const P: usize = "MAIL FROM:<a@example.com> ".len();

/// A domain of exactly `n` octets (labels of at most 63).
fn domain_of(n: usize) -> String {
    let mut s = String::new();
    loop {
        let rest = n - s.len();
        if rest <= 63 {
            s.push_str(&"b".repeat(rest));
            return s;
        }
        s.push_str(&"a".repeat(62));
        s.push('.');
    }
}

// ---------------------------------------------------------------------------------------
// RFC example sessions
// ---------------------------------------------------------------------------------------

/// RFC 5321 Appendix D.1 (a typical transaction), D.2 (aborted transaction), D.3 (relayed
/// mail, both steps) and D.4 (verifying and sending): the client's command lines.
#[test]
fn rfc5321_appendix_d() {
    let d1 = [
        "EHLO bar.com",
        "MAIL FROM:<Smith@bar.com>",
        "RCPT TO:<Jones@foo.com>",
        "RCPT TO:<Green@foo.com>",
        "RCPT TO:<Brown@foo.com>",
        "DATA",
        "QUIT",
    ];
    let want = [
        Command::Ehlo {
            host: host("bar.com"),
        },
        mail(ReversePath::Path(path("<Smith@bar.com>")), vec![]),
        rcpt(ForwardPath::Path(path("<Jones@foo.com>")), vec![]),
        rcpt(ForwardPath::Path(path("<Green@foo.com>")), vec![]),
        rcpt(ForwardPath::Path(path("<Brown@foo.com>")), vec![]),
        Command::Data,
        Command::Quit,
    ];
    for (line, want) in d1.iter().zip(want) {
        assert_eq!(check(line), want);
        encodes_as(line, line);
    }
    let d2 = [
        "EHLO bar.com",
        "MAIL FROM:<Smith@bar.com>",
        "RCPT TO:<Jones@foo.com>",
        "RCPT TO:<Green@foo.com>",
        "RSET",
        "QUIT",
    ];
    assert_eq!(check(d2[4]), Command::Rset);
    let d3 = [
        "EHLO bar.com",
        "MAIL FROM:<JQP@bar.com>",
        "RCPT TO:<Jones@XYZ.COM>",
        "DATA",
        "QUIT",
        "EHLO foo.com",
    ];
    let d4 = [
        "EHLO foo.com",
        "VRFY Crispin",
        "MAIL FROM:<EAK@bar.com>",
        "RCPT TO:<Admin.MRC@foo.com>",
        "DATA",
        "QUIT",
    ];
    assert_eq!(
        check(d4[1]),
        Command::Vrfy {
            arg: SmtpString::new("Crispin").unwrap(),
            smtputf8: false
        }
    );
    for line in d2.iter().chain(&d3).chain(&d4) {
        encodes_as(line, line);
    }
    // The domain keeps its case (XYZ.COM); the local part too (RFC 5321 §2.4).
    let Command::Rcpt {
        to: ForwardPath::Path(p),
        ..
    } = check(d3[2])
    else {
        panic!()
    };
    assert_eq!(p.mailbox().local_part().as_str(), "Jones");
    assert_eq!(p.mailbox().host().as_str(), "XYZ.COM");
}

/// RFC 3030 §2 `bdat-cmd ::= "BDAT" SP chunk-size [ SP end-marker ] CR LF`, with the
/// client lines of the §4.1 (`BDAT 86 LAST`) and §4.2 (BINARYMIME, `BDAT 100000`,
/// `BDAT 324`, `BDAT 0 LAST`) example sessions.
#[test]
fn rfc3030_bdat() {
    assert_eq!(
        check("BDAT 86 LAST"),
        Command::Bdat {
            size: 86,
            last: true
        }
    );
    assert_eq!(
        check("BDAT 100000"),
        Command::Bdat {
            size: 100_000,
            last: false
        }
    );
    assert_eq!(
        check("BDAT 324"),
        Command::Bdat {
            size: 324,
            last: false
        }
    );
    assert_eq!(
        check("BDAT 0 LAST"),
        Command::Bdat {
            size: 0,
            last: true
        }
    );
    assert_eq!(
        check("MAIL FROM:<ned@ymir.claremont.edu> BODY=BINARYMIME"),
        mail(
            ReversePath::Path(path("<ned@ymir.claremont.edu>")),
            vec![Param::Body(Body::BinaryMime)]
        )
    );
    encodes_as("bdat 1000 last", "BDAT 1000 LAST");
    // Leading zeros are a number like any other; the encoding writes the number.
    encodes_as("BDAT 007", "BDAT 7");
    // u64::MAX and one more.
    assert_eq!(
        check("BDAT 18446744073709551615"),
        Command::Bdat {
            size: u64::MAX,
            last: false
        }
    );
    assert_eq!(
        err("BDAT 18446744073709551616"),
        Error::new(5, ErrorKind::NumberOverflow)
    );
    assert_eq!(
        err("BDAT 99999999999999999999999 LAST"),
        Error::new(5, ErrorKind::NumberOverflow)
    );
    expected_at("BDAT", 4);
    expected_at("BDAT ", 5);
    expected_at("BDAT x", 5);
    expected_at("BDAT -1", 5);
    expected_at("BDAT 10x", 7);
    expected_at("BDAT 10 LAS", 8);
    expected_at("BDAT 10 LAST x", 12);
    expected_at("BDAT 10  LAST", 8);
}

/// RFC 4954 §4 `"AUTH" SP sasl-mech [SP initial-response]`,
/// `initial-response = base64 / "="`; the §7 example `AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=`;
/// §4: "If the client is transmitting an initial response of zero length, it MUST instead
/// transmit the response as a single equals sign".
#[test]
fn rfc4954_auth() {
    assert_eq!(
        check("AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ="),
        Command::Auth {
            mechanism: Mechanism::new("PLAIN").unwrap(),
            initial_response: Some(InitialResponse::Data(
                SaslBase64::new("dGVzdAB0ZXN0ADEyMzQ=").unwrap()
            )),
        }
    );
    assert_eq!(
        check("AUTH EXTERNAL ="),
        Command::Auth {
            mechanism: Mechanism::new("EXTERNAL").unwrap(),
            initial_response: Some(InitialResponse::Empty),
        }
    );
    assert_eq!(
        check("AUTH GSSAPI"),
        Command::Auth {
            mechanism: Mechanism::new("GSSAPI").unwrap(),
            initial_response: None,
        }
    );
    // RFC 4422 §3.1 mech-char includes digits, '-' and '_'; 20 characters at most.
    check("AUTH SCRAM-SHA-256-PLUS");
    check("AUTH X_A-B_12345678901");
    expected_at("AUTH ABCDEFGHIJKLMNOPQRSTU", 25);
    check("AUTH ABCDEFGHIJKLMNOPQRST");
    // Lower-case mechanism names are kept as sent.
    let Command::Auth { mechanism, .. } = check("auth login") else {
        panic!()
    };
    assert_eq!(mechanism.as_str(), "login");
    assert!(mechanism.eq_ignore_case("LOGIN"));
    // base64 rules: multiple of 4, padding only at the end, at most two '='.
    check("AUTH PLAIN AAAA");
    check("AUTH PLAIN AA==");
    check("AUTH PLAIN AAA=");
    check("AUTH PLAIN a+/9");
    expected_at("AUTH PLAIN abc", 14);
    expected_at("AUTH PLAIN ab=c", 13);
    expected_at("AUTH PLAIN a===", 12);
    expected_at("AUTH PLAIN ab-d", 13);
    expected_at("AUTH PLAIN ", 11);
    expected_at("AUTH PLAIN ==", 12);
    expected_at("AUTH", 4);
    expected_at("AUTH PLAIN = =", 12);
    // RFC 4954 §5 example: MAIL with AUTH=, '=' in the mailbox xtext-encoded as +3D.
    let cmd = check("MAIL FROM:<e=mc2@example.com> AUTH=e+3Dmc2@example.com");
    let Command::Mail { params, .. } = &cmd else {
        panic!()
    };
    let Some(Param::Auth(x)) = params.iter().next() else {
        panic!()
    };
    assert_eq!(x.decode().as_ref(), b"e=mc2@example.com");
    assert_eq!(param("AUTH=<>"), Param::Auth(XText::new("<>").unwrap()));
}

#[test]
fn auth_line_limit() {
    // An AUTH line may exceed max_command_line up to max_auth_line (RFC 4954 §4: at least
    // 12288 octets); other commands may not.
    let token = "QUFB".repeat(1000); // 4000 base64 characters
    let line = format!("AUTH XOAUTH2 {token}\r\n");
    let opts = strict();
    assert!(matches!(
        Command::parse(line.as_bytes(), &opts),
        Ok(Status::Complete { .. })
    ));
    let small = strict().max_auth_line(100);
    assert_eq!(
        Command::parse(line.as_bytes(), &small),
        Err(Error::new(512, ErrorKind::LineTooLong { limit: 512 }))
    );
    let long_noop = format!("NOOP {}\r\n", "x".repeat(600));
    assert_eq!(
        Command::parse(long_noop.as_bytes(), &opts),
        Err(Error::new(512, ErrorKind::LineTooLong { limit: 512 }))
    );
    let tight = strict().max_command_line(10);
    assert_eq!(
        Command::parse(b"MAIL FROM:<a@b>\r\n", &tight),
        Err(Error::new(10, ErrorKind::LineTooLong { limit: 10 }))
    );
    // Reported before the line end arrives.
    assert_eq!(
        Command::parse(b"MAIL FROM:<a@b", &tight),
        Err(Error::new(10, ErrorKind::LineTooLong { limit: 10 }))
    );
    assert_eq!(
        Command::parse(b"QUIT\r\n", &tight),
        Ok(Status::Complete {
            value: Command::Quit,
            consumed: 6
        })
    );
}

/// RFC 3461 §4.1-§4.4 (NOTIFY, ORCPT, RET, ENVID) in the forms of its grammar.
#[test]
fn rfc3461_dsn_parameters() {
    // §4.1 notify-esmtp-value = "NEVER" / 1#notify-list-element
    assert_eq!(param("NOTIFY=NEVER"), Param::Notify(Notify::never()));
    assert_eq!(
        param("NOTIFY=SUCCESS"),
        Param::Notify(Notify::new(true, false, false).unwrap())
    );
    assert_eq!(
        param("NOTIFY=SUCCESS,FAILURE"),
        Param::Notify(Notify::new(true, true, false).unwrap())
    );
    assert_eq!(
        param("notify=delay,failure,success"),
        Param::Notify(Notify::new(true, true, true).unwrap())
    );
    expected_at("MAIL FROM:<a@example.com> NOTIFY=NEVER,SUCCESS", P + 7);
    expected_at("MAIL FROM:<a@example.com> NOTIFY=SUCCESS,", P + 15);
    expected_at("MAIL FROM:<a@example.com> NOTIFY=SOMETIMES", P + 7);
    expected_at("MAIL FROM:<a@example.com> NOTIFY", P + 6);
    // §4.2 orcpt-parameter = "ORCPT=" original-recipient-address;
    //      original-recipient-address = addr-type ";" xtext
    let Param::Orcpt(o) = param("ORCPT=rfc822;Bob@Example.COM") else {
        panic!()
    };
    assert!(o.is_rfc822());
    assert_eq!(o.raw_address(), "Bob@Example.COM");
    assert_eq!(o.address_str().unwrap(), "Bob@Example.COM");
    let Param::Orcpt(o) = param("ORCPT=RFC822;a+2Bb+3Dc@x.example") else {
        panic!()
    };
    assert!(o.is_rfc822());
    assert_eq!(o.address().as_ref(), b"a+b=c@x.example");
    // Another address type: kept, xtext.
    let Param::Orcpt(o) = param("ORCPT=x400;c+3Dus") else {
        panic!()
    };
    assert_eq!(o.addr_type(), "x400");
    assert_eq!(o.address().as_ref(), b"c=us");
    expected_at("MAIL FROM:<a@example.com> ORCPT=rfc822", P + 12);
    expected_at("MAIL FROM:<a@example.com> ORCPT=;a@b", P + 6);
    expected_at("MAIL FROM:<a@example.com> ORCPT=rfc822;", P + 13);
    assert_eq!(
        err("MAIL FROM:<a@example.com> ORCPT=rfc822;a+2x"),
        Error::new(P + 14, ErrorKind::InvalidXtext)
    );
    // §4.3 RET=FULL / HDRS
    assert_eq!(param("RET=FULL"), Param::Ret(Ret::Full));
    assert_eq!(param("ret=hdrs"), Param::Ret(Ret::Hdrs));
    expected_at("MAIL FROM:<a@example.com> RET=BODY", P + 4);
    // §4.4 ENVID=xtext
    let Param::EnvId(x) = param("ENVID=QQ314159") else {
        panic!()
    };
    assert_eq!(x.as_str(), "QQ314159");
    let Param::EnvId(x) = param("ENVID=a+2Bb") else {
        panic!()
    };
    assert_eq!(x.decode_str().unwrap(), "a+b");
    assert_eq!(
        err("MAIL FROM:<a@example.com> ENVID=a+2b"),
        Error::new(P + 7, ErrorKind::InvalidXtext)
    );
    expected_at("MAIL FROM:<a@example.com> ENVID=\u{fc}", P + 6);
    // The client lines of the RFC 3461 §6 example session (the transcript folds the RCPT
    // lines for print; on the wire each is one line).
    assert_eq!(
        check("MAIL FROM:<Alice@Example.ORG> RET=HDRS ENVID=QQ314159"),
        mail(
            ReversePath::Path(path("<Alice@Example.ORG>")),
            vec![
                Param::Ret(Ret::Hdrs),
                Param::EnvId(XText::new("QQ314159").unwrap())
            ]
        )
    );
    let success = Notify::new(true, false, false).unwrap();
    let failure = Notify::new(false, true, false).unwrap();
    let both = Notify::new(true, true, false).unwrap();
    for (line, to, notify, orcpt) in [
        (
            "RCPT TO:<Bob@Example.COM> NOTIFY=SUCCESS ORCPT=rfc822;Bob@Example.COM",
            "<Bob@Example.COM>",
            success,
            Some("Bob@Example.COM"),
        ),
        (
            "RCPT TO:<Carol@Ivory.EDU> NOTIFY=FAILURE ORCPT=rfc822;Carol@Ivory.EDU",
            "<Carol@Ivory.EDU>",
            failure,
            Some("Carol@Ivory.EDU"),
        ),
        (
            "RCPT TO:<Dana@Ivory.EDU> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;Dana@Ivory.EDU",
            "<Dana@Ivory.EDU>",
            both,
            Some("Dana@Ivory.EDU"),
        ),
        (
            "RCPT TO:<Eric@Bombs.AF.MIL> NOTIFY=FAILURE ORCPT=rfc822;Eric@Bombs.AF.MIL",
            "<Eric@Bombs.AF.MIL>",
            failure,
            Some("Eric@Bombs.AF.MIL"),
        ),
        (
            "RCPT TO:<Fred@Bombs.AF.MIL> NOTIFY=NEVER",
            "<Fred@Bombs.AF.MIL>",
            Notify::never(),
            None,
        ),
        (
            "RCPT TO:<George@Tax-ME.GOV> NOTIFY=FAILURE ORCPT=rfc822;George@Tax-ME.GOV",
            "<George@Tax-ME.GOV>",
            failure,
            Some("George@Tax-ME.GOV"),
        ),
    ] {
        let mut params = vec![Param::Notify(notify)];
        params.extend(orcpt.map(|a| Param::Orcpt(Orcpt::rfc822(a).unwrap())));
        assert_eq!(
            check(line),
            rcpt(ForwardPath::Path(path(to)), params),
            "{line}"
        );
    }
}

/// RFC 6533 §3: `utf-8-type-addr = "utf-8;" utf-8-enc-addr` with `utf-8-addr-xtext`
/// (ASCII, `\x{HEX}`) and `utf-8-addr-unitext` (UTF-8 kept) in ORCPT.
#[test]
fn rfc6533_orcpt_utf8() {
    // U+7528 U+6237 are 用户.
    let Param::Orcpt(o) = param("ORCPT=utf-8;\\x{7528}\\x{6237}@example.com") else {
        panic!()
    };
    assert!(o.is_utf8());
    assert_eq!(o.address_str().unwrap(), "用户@example.com");
    let Param::Orcpt(o) = param("ORCPT=UTF-8;用户@例子.广告") else {
        panic!()
    };
    assert_eq!(o.address_str().unwrap(), "用户@例子.广告");
    // '+' and '=' are not QCHAR: \x{2B} and \x{3D}.
    let Param::Orcpt(o) = param("ORCPT=utf-8;a\\x{2B}b\\x{3D}c@x") else {
        panic!()
    };
    assert_eq!(o.address().as_ref(), b"a+b=c@x");
    expected_at("MAIL FROM:<a@example.com> ORCPT=utf-8;a+b@x", P + 13);
    // HEXPOINT forms that RFC 6533 excludes: a printable ASCII character, leading zeros,
    // surrogates, beyond U+10FFFF, a missing brace.
    for (bad, at) in [
        ("\\x{41}@x", 0),
        ("a\\x{0041}@x", 1),
        ("\\x{D800}@x", 0),
        ("\\x{110000}@x", 0),
        ("\\x{7528@x", 0),
        ("\\y{7528}@x", 0),
    ] {
        assert_eq!(
            err(&format!("MAIL FROM:<a@example.com> ORCPT=utf-8;{bad}")),
            Error::new(P + 12 + at, ErrorKind::InvalidXtext),
            "{bad}"
        );
    }
    // Constructors produce each form.
    assert_eq!(
        Orcpt::utf8_ascii("用户@example.com").unwrap().raw_address(),
        "\\x{7528}\\x{6237}@example.com"
    );
    assert_eq!(
        Orcpt::utf8("用户+x@example.com").unwrap().raw_address(),
        "用户\\x{2B}x@example.com"
    );
    assert_eq!(
        Orcpt::rfc822("a+b=c d").unwrap().raw_address(),
        "a+2Bb+3Dc+20d"
    );
}

/// RFC 1985 §5 `ETRN [<option character>]<node name>`: a node, `@` for the domain and its
/// subdomains, `#` for a queue name.
#[test]
fn rfc1985_etrn() {
    assert_eq!(
        check("ETRN foo.bar.com"),
        Command::Etrn {
            arg: EtrnArg::Node(Domain::new("foo.bar.com").unwrap())
        }
    );
    assert_eq!(
        check("ETRN @foo.bar.com"),
        Command::Etrn {
            arg: EtrnArg::Subdomains(Domain::new("foo.bar.com").unwrap())
        }
    );
    assert_eq!(
        check("etrn #queue1"),
        Command::Etrn {
            arg: EtrnArg::Queue(SmtpString::new("queue1").unwrap())
        }
    );
    encodes_as("etrn @foo.bar.com", "ETRN @foo.bar.com");
    expected_at("ETRN", 4);
    expected_at("ETRN @", 6);
    expected_at("ETRN #", 6);
    expected_at("ETRN a b", 6);
}

/// RFC 2645 §4 `"ATRN" [SP domain *("," domain)]`.
#[test]
fn rfc2645_atrn() {
    assert_eq!(
        check("ATRN"),
        Command::Atrn {
            domains: DomainList::empty()
        }
    );
    let Command::Atrn { domains } = check("ATRN example.com,example.net") else {
        panic!()
    };
    let got: Vec<String> = domains.domains().map(|d| d.to_string()).collect();
    assert_eq!(got, ["example.com", "example.net"]);
    assert_eq!(
        DomainList::from_domains(&[
            Domain::new("example.com").unwrap(),
            Domain::new("example.net").unwrap()
        ]),
        domains
    );
    expected_at("ATRN ", 5);
    expected_at("ATRN example.com,", 17);
    expected_at("ATRN example.com example.net", 16);
}

/// RFC 4468 §3.3 `burl-cmd = "BURL" SP absolute-URI [SP end-marker] CRLF`,
/// `end-marker = "LAST"`, with the URL of its §5 example.
#[test]
fn rfc4468_burl() {
    let url = "imap://harry@gray.example.com/outbox;UIDVALIDITY=1078863300/;uid=25;urlauth=submit+harry:internal:91354a473744909de610943775f92038";
    let line = format!("BURL {url} LAST");
    assert_eq!(
        check(&line),
        Command::Burl {
            url: AbsoluteUri::new(url).unwrap(),
            last: true
        }
    );
    assert_eq!(
        check("BURL imap://a.example/INBOX/;uid=20"),
        Command::Burl {
            url: AbsoluteUri::new("imap://a.example/INBOX/;uid=20").unwrap(),
            last: false
        }
    );
    check("BURL imap://a.example/%2Fx last");
    expected_at("BURL", 4);
    expected_at("BURL noscheme", 13);
    expected_at("BURL 1map://x", 5);
    expected_at("BURL imap://a.example/#frag", 22);
    expected_at("BURL imap://a%2", 13);
    expected_at("BURL imap://a LAST x", 18);
}

/// RFC 2033 §4.1 `LHLO`, and RFC 5321 §4.1.1.1 HELO/EHLO with a domain or an address
/// literal.
#[test]
fn hello_commands() {
    assert_eq!(
        check("LHLO lmtp.example"),
        Command::Lhlo {
            host: host("lmtp.example")
        }
    );
    assert_eq!(
        check("HELO relay.example.org"),
        Command::Helo {
            host: host("relay.example.org")
        }
    );
    let Command::Ehlo {
        host: Host::Literal(lit),
    } = check("EHLO [IPv6:2001:db8::ff00:42:8329]")
    else {
        panic!()
    };
    assert_eq!(
        lit.ip(),
        Some(IpAddr::V6(Ipv6Addr::new(
            0x2001, 0xdb8, 0, 0, 0, 0xff00, 0x42, 0x8329
        )))
    );
    let Command::Helo {
        host: Host::Literal(lit),
    } = check("HELO [192.0.2.1]")
    else {
        panic!()
    };
    assert_eq!(lit.ip(), Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1))));
    // The IPv6 tag in any case (ABNF strings are case-insensitive); kept as sent.
    encodes_as("ehlo [ipv6:::1]", "EHLO [ipv6:::1]");
    // A general address literal (RFC 5321 §4.1.3).
    let Command::Ehlo {
        host: Host::Literal(lit),
    } = check("EHLO [x-tag:some/content]")
    else {
        panic!()
    };
    assert_eq!(lit.general(), Some(("x-tag", "some/content")));
    // U-labels (RFC 6531 §3.3 sub-domain =/ U-label).
    check("EHLO bücher.example");
    // Digits-only labels are letter-digit strings too.
    check("EHLO 123.example");
    expected_at("EHLO", 4);
    expected_at("EHLO ", 5);
    expected_at("EHLO -bad.example", 5);
    expected_at("EHLO bad-.example", 8);
    expected_at("EHLO a..b", 7);
    expected_at("EHLO a.b.", 9);
    expected_at("EHLO under_score.example", 10);
    expected_at("EHLO a b", 6);
    expected_at("EHLO [1.2.3]", 11);
    expected_at("EHLO [1.2.3.4", 13);
    expected_at("EHLO [1.2.3.4.5]", 13);
    expected_at("EHLO [1234.1.1.1]", 9);
    expected_at("EHLO [IPv6:1:2:3:4::6:7:8]", 11);
    expected_at("EHLO [IPv6:1:2:3:4:5:6:7]", 11);
    expected_at("EHLO [IPv6:1::2::3]", 15);
    expected_at("EHLO [IPv6:12345::1]", 15);
    expected_at("EHLO [IPv6:1.2.3.4]", 11);
    expected_at("EHLO [tag:]", 10);
    expected_at("EHLO [tag:a[b]", 11);
    expected_at("EHLO [:x]", 6);
    // "[" at 5, "1.2.3." up to 11, "256" starts at 12.
    assert_eq!(
        err("EHLO [1.2.3.256]"),
        Error::new(12, ErrorKind::NumberOverflow)
    );
}

/// RFC 5321 §4.5.3.1.2: "The maximum total length of a domain name or number is 255
/// octets"; offsets count from the domain's first byte (5 after "EHLO ").
#[test]
fn domain_length_limit() {
    let d255 = domain_of(255);
    assert_eq!(d255.len(), 255);
    check(&format!("EHLO {d255}"));
    let d256 = domain_of(256);
    assert_eq!(
        err(&format!("EHLO {d256}")),
        Error::new(5 + 255, ErrorKind::DomainTooLong { limit: 255 })
    );
    // An address literal counts with its brackets.
    let lit255 = format!("[x:{}]", "a".repeat(251));
    assert_eq!(lit255.len(), 255);
    check(&format!("EHLO {lit255}"));
    let lit256 = format!("[x:{}]", "a".repeat(252));
    assert_eq!(
        err(&format!("EHLO {lit256}")),
        Error::new(5 + 255, ErrorKind::DomainTooLong { limit: 255 })
    );
    // Inside a path the domain limit is found before the path limit.
    assert_eq!(
        err(&format!("MAIL FROM:<a@{d256}>")),
        Error::new(13 + 255, ErrorKind::DomainTooLong { limit: 255 })
    );
    assert!(Domain::new(d255).is_ok());
    assert_eq!(
        Domain::new(d256).unwrap_err(),
        Error::new(255, ErrorKind::DomainTooLong { limit: 255 })
    );
}

/// RFC 5321 §4.5.3.1.1 (local part 64 octets) and §4.5.3.1.3 (path 256 octets "including
/// the punctuation and element separators").
#[test]
fn local_part_and_path_limits() {
    let l64 = "a".repeat(64);
    check(&format!("MAIL FROM:<{l64}@example.com>"));
    let l65 = "a".repeat(65);
    // The local part starts at 11 ("MAIL FROM:<").
    assert_eq!(
        err(&format!("MAIL FROM:<{l65}@example.com>")),
        Error::new(11 + 64, ErrorKind::LocalPartTooLong { limit: 64 })
    );
    // A quoted local part counts with its quotes.
    let q64 = format!("\"{}\"", "b c".repeat(21).get(..62).unwrap());
    assert_eq!(q64.len(), 64);
    check(&format!("RCPT TO:<{q64}@example.com>"));
    let q65 = format!("\"{}\"", "b".repeat(63));
    assert_eq!(
        err(&format!("RCPT TO:<{q65}@example.com>")),
        Error::new(9 + 64, ErrorKind::LocalPartTooLong { limit: 64 })
    );
    // Path: "<" + 64 + "@" + 189 + ">" = 256 octets.
    let p256 = format!("<{l64}@{}>", domain_of(189));
    assert_eq!(p256.len(), 256);
    check(&format!("MAIL FROM:{p256}"));
    check(&format!("RCPT TO:{p256} NOTIFY=NEVER"));
    let p257 = format!("<{l64}@{}>", domain_of(190));
    assert_eq!(
        err(&format!("MAIL FROM:{p257}")),
        Error::new(10 + 256, ErrorKind::PathTooLong { limit: 256 })
    );
    // A source route counts too: "<@" + 60 + ":" + 64 + "@" + 128 + ">" = 257.
    let routed = format!("<@{}:{l64}@{}>", domain_of(60), domain_of(128));
    assert_eq!(routed.len(), 257);
    assert_eq!(
        err(&format!("MAIL FROM:{routed}")),
        Error::new(10 + 256, ErrorKind::PathTooLong { limit: 256 })
    );
    // Constructors enforce the same limits.
    assert_eq!(
        LocalPart::new(l65.as_str()).unwrap_err(),
        Error::new(64, ErrorKind::LocalPartTooLong { limit: 64 })
    );
    let mbox = Mailbox::new(
        LocalPart::new(l64.as_str()).unwrap(),
        Host::Domain(Domain::new(domain_of(190)).unwrap()),
    );
    assert_eq!(
        Path::new(mbox).unwrap_err().kind,
        ErrorKind::PathTooLong { limit: 256 }
    );
    // Lenient bare paths are measured with the brackets they will be encoded with.
    let bare_ok = format!("MAIL FROM:{l64}@{}", domain_of(189));
    check_with(&bare_ok, &lenient());
    let bare_long = format!("MAIL FROM:{l64}@{}", domain_of(190));
    assert_eq!(
        err_with(bare_long.as_bytes(), &lenient()),
        Error::new(10 + 254, ErrorKind::PathTooLong { limit: 256 })
    );
}

/// RFC 5321 §4.1.2 paths: null reverse-path, source routes, quoted local parts, address
/// literals; RFC 5321 §4.1.1.3 `<Postmaster>`; RFC 6531 UTF-8 mailboxes.
#[test]
fn paths() {
    assert_eq!(check("MAIL FROM:<>"), mail(ReversePath::Null, vec![]));
    assert_eq!(
        check("MAIL FROM:<> SIZE=1"),
        mail(ReversePath::Null, vec![Param::Size(1)])
    );
    // Source route: accepted and kept (RFC 5321 §4.1.2, Appendix C).
    let Command::Mail {
        from: ReversePath::Path(p),
        ..
    } = check("MAIL FROM:<@hosta.int,@jkl.org:userc@d.bar.org>")
    else {
        panic!()
    };
    let route: Vec<String> = p
        .route()
        .unwrap()
        .domains()
        .map(|d| d.to_string())
        .collect();
    assert_eq!(route, ["hosta.int", "jkl.org"]);
    assert_eq!(p.mailbox().to_string(), "userc@d.bar.org");
    assert_eq!(
        Path::with_route(
            Some(
                SourceRoute::from_domains(&[
                    Domain::new("hosta.int").unwrap(),
                    Domain::new("jkl.org").unwrap()
                ])
                .unwrap()
            ),
            Mailbox::parse("userc@d.bar.org").unwrap()
        )
        .unwrap(),
        p
    );
    expected_at("MAIL FROM:<@hosta.int userc@d.bar.org>", 21);
    expected_at("MAIL FROM:<@hosta.int,userc@d.bar.org>", 22);
    expected_at("MAIL FROM:<@:a@b>", 12);
    // Quoted local parts: wire form kept, decoded accessor.
    let Command::Rcpt {
        to: ForwardPath::Path(p),
        ..
    } = check(r#"RCPT TO:<"John \"Q\" Public"@example.com>"#)
    else {
        panic!()
    };
    let lp = p.mailbox().local_part();
    assert!(lp.is_quoted());
    assert_eq!(lp.as_str(), r#""John \"Q\" Public""#);
    assert_eq!(lp.decoded(), r#"John "Q" Public"#);
    check(r#"RCPT TO:<""@example.com>"#);
    check(r#"RCPT TO:<"a@b"@example.com>"#);
    expected_at(r#"RCPT TO:<"abc@example.com>"#, 26);
    // quoted-pairSMTP = %d92 %d32-126: a backslash before non-ASCII is refused.
    expected_at("RCPT TO:<\"a\\\u{e9}\"@example.com>", 12);
    // Dot-string rules.
    check("RCPT TO:<first.last+tag@example.com>");
    check("RCPT TO:<!#$%&'*+-/=?^_`{|}~@example.com>");
    expected_at("RCPT TO:<.a@example.com>", 9);
    expected_at("RCPT TO:<a.@example.com>", 11);
    expected_at("RCPT TO:<a..b@example.com>", 11);
    expected_at("RCPT TO:<a b@example.com>", 10);
    expected_at("RCPT TO:<a(b)@example.com>", 10);
    // Address literals in mailboxes.
    let Command::Rcpt {
        to: ForwardPath::Path(p),
        ..
    } = check("RCPT TO:<user@[IPv6:::ffff:192.0.2.1]>")
    else {
        panic!()
    };
    let Host::Literal(lit) = p.mailbox().host() else {
        panic!()
    };
    assert_eq!(
        lit.ip(),
        Some(IpAddr::V6(Ipv6Addr::new(
            0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201
        )))
    );
    // Postmaster without a domain, any case; encoded <Postmaster>.
    assert_eq!(
        check("RCPT TO:<Postmaster>"),
        rcpt(ForwardPath::Postmaster, vec![])
    );
    assert_eq!(
        check("rcpt to:<POSTMASTER>"),
        rcpt(ForwardPath::Postmaster, vec![])
    );
    encodes_as("RCPT TO:<postmaster>", "RCPT TO:<Postmaster>");
    assert_eq!(
        check("RCPT TO:<Postmaster> NOTIFY=NEVER"),
        rcpt(
            ForwardPath::Postmaster,
            vec![Param::Notify(Notify::never())]
        )
    );
    // With a domain it is an ordinary path.
    assert_eq!(
        check("RCPT TO:<Postmaster@example.com>"),
        rcpt(ForwardPath::Path(path("<Postmaster@example.com>")), vec![])
    );
    expected_at("RCPT TO:<>", 9);
    expected_at("RCPT TO:<Postmaster", 19);
    // SMTPUTF8 mailboxes (RFC 6531 §3.3): UTF-8 in the local part and the domain.
    let Command::Mail {
        from: ReversePath::Path(p),
        params,
    } = check("MAIL FROM:<用户@例子.广告> SMTPUTF8")
    else {
        panic!()
    };
    assert!(!p.mailbox().is_ascii());
    assert!(params.smtputf8());
    check("RCPT TO:<\"δοκιμή\"@παράδειγμα.δοκιμή>");
    // Invalid UTF-8 is refused where it starts: "MAIL FROM:<a" is 12 bytes.
    assert_eq!(
        err_with(b"MAIL FROM:<a\xff@b.example>", &strict()),
        Error::new(12, ErrorKind::InvalidUtf8)
    );
    assert_eq!(
        err_with(b"MAIL FROM:<a@b\xc3>", &strict()),
        Error::new(14, ErrorKind::InvalidUtf8)
    );
    // Missing or broken brackets, colon, keyword.
    expected_at("MAIL FROM:a@b.example", 10);
    expected_at("MAIL FROM:<a@b.example", 22);
    expected_at("MAIL FROM:<a@b.example>x", 23);
    expected_at("MAIL FROM <a@b.example>", 5);
    expected_at("MAIL TO:<a@b.example>", 5);
    expected_at("MAIL", 4);
    expected_at("RCPT FROM:<a@b.example>", 5);
    expected_at("MAIL FROM:", 10);
}

#[test]
fn address_literal_from_ip() {
    // Hand-written compressed forms: the longest run of two or more zero groups becomes "::".
    let cases = [
        (IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1)), "[192.0.2.1]"),
        (
            IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1)),
            "[IPv6:2001:db8::1]",
        ),
        (
            IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 0, 1, 0, 0, 0, 1)),
            "[IPv6:2001:db8:0:1::1]",
        ),
        (
            IpAddr::V6(Ipv6Addr::new(1, 0, 2, 3, 4, 5, 6, 7)),
            "[IPv6:1:0:2:3:4:5:6:7]",
        ),
        (IpAddr::V6(Ipv6Addr::UNSPECIFIED), "[IPv6:::]"),
        (IpAddr::V6(Ipv6Addr::LOCALHOST), "[IPv6:::1]"),
        (
            IpAddr::V6(Ipv6Addr::new(1, 0, 0, 2, 0, 0, 0, 3)),
            "[IPv6:1:0:0:2::3]",
        ),
    ];
    for (ip, text) in cases {
        let lit = AddressLiteral::from_ip(ip);
        assert_eq!(lit.as_str(), text);
        assert_eq!(AddressLiteral::new(text).unwrap().ip(), Some(ip));
        check(&format!("EHLO {text}"));
    }
}

/// Every typed parameter: accepted forms and the values they give.
#[test]
fn typed_parameters_accept() {
    // RFC 1870 §3 size-value = 1*20DIGIT
    assert_eq!(param("SIZE=0"), Param::Size(0));
    assert_eq!(param("size=1000000"), Param::Size(1_000_000));
    assert_eq!(param("SIZE=18446744073709551615"), Param::Size(u64::MAX));
    // RFC 6152 §2 / RFC 3030 §3
    assert_eq!(param("BODY=7BIT"), Param::Body(Body::SevenBit));
    assert_eq!(param("BODY=8bitmime"), Param::Body(Body::EightBitMime));
    assert_eq!(param("Body=BinaryMIME"), Param::Body(Body::BinaryMime));
    // RFC 6531 §3.4, RFC 8689 §4: keywords without values.
    assert_eq!(param("SMTPUTF8"), Param::SmtpUtf8);
    assert_eq!(param("smtputf8"), Param::SmtpUtf8);
    assert_eq!(param("REQUIRETLS"), Param::RequireTls);
    // RFC 6710 §3 priority-value = [ "+" / "-" ] 1DIGIT
    for (text, v) in [
        ("-9", -9),
        ("9", 9),
        ("+9", 9),
        ("0", 0),
        ("-0", 0),
        ("+3", 3),
    ] {
        assert_eq!(
            param(&format!("MT-PRIORITY={text}")),
            Param::MtPriority(MtPriority::new(v).unwrap()),
            "{text}"
        );
    }
    // RFC 4865 §5 HOLDFOR = 1*9DIGIT, HOLDUNTIL = date-time
    assert_eq!(param("HOLDFOR=0"), Param::HoldFor(HoldFor::new(0).unwrap()));
    assert_eq!(
        param("holdfor=999999999"),
        Param::HoldFor(HoldFor::new(999_999_999).unwrap())
    );
    let Param::HoldUntil(t) = param("HOLDUNTIL=2009-11-30T10:00:00Z") else {
        panic!()
    };
    let f = t.fields();
    assert_eq!(
        (
            f.year,
            f.month,
            f.day,
            f.hour,
            f.minute,
            f.second,
            f.offset_minutes
        ),
        (2009, 11, 30, 10, 0, 0, 0)
    );
    // RFC 2852 §4 by-value = by-time ";" by-mode [ by-trace ]
    assert_eq!(
        param("BY=120;R"),
        Param::By(By::new(120, ByMode::Return, false).unwrap())
    );
    assert_eq!(
        param("BY=-60;NT"),
        Param::By(By::new(-60, ByMode::Notify, true).unwrap())
    );
    assert_eq!(
        param("by=+999999999;rt"),
        Param::By(By::new(999_999_999, ByMode::Return, true).unwrap())
    );
    assert_eq!(
        param("BY=-999999999;N"),
        Param::By(By::new(-999_999_999, ByMode::Notify, false).unwrap())
    );
    // RFC 7293 §3.1 rrvs-param = "RRVS=" date-time [ ";" ( "C" / "R" ) ]
    assert_eq!(
        param("RRVS=2014-04-03T23:01:00Z"),
        Param::Rrvs(Rrvs {
            time: DateTime::new("2014-04-03T23:01:00Z").unwrap(),
            mode: None
        })
    );
    assert_eq!(
        param("RRVS=2014-04-03T23:01:00+02:00;C"),
        Param::Rrvs(Rrvs {
            time: DateTime::new("2014-04-03T23:01:00+02:00").unwrap(),
            mode: Some(RrvsMode::Continue)
        })
    );
    assert_eq!(
        param("rrvs=2014-04-03T23:01:00.5-01:30;r"),
        Param::Rrvs(Rrvs {
            time: DateTime::new("2014-04-03T23:01:00.5-01:30").unwrap(),
            mode: Some(RrvsMode::Reject)
        })
    );
    // Unknown parameters: kept as sent.
    assert_eq!(
        param("X-FOO"),
        Param::Unknown(UnknownParam::new("X-FOO", None::<&str>).unwrap())
    );
    assert_eq!(
        param("x-Foo=Bar+Baz"),
        Param::Unknown(UnknownParam::new("x-Foo", Some("Bar+Baz")).unwrap())
    );
    assert_eq!(
        param("8BITMIME"),
        Param::Unknown(UnknownParam::new("8BITMIME", None::<&str>).unwrap())
    );
    // RFC 6531 §3.3: esmtp-value =/ UTF8-non-ascii.
    assert_eq!(
        param("X-NAME=J\u{fc}rgen"),
        Param::Unknown(UnknownParam::new("X-NAME", Some("J\u{fc}rgen")).unwrap())
    );
    // A keyword that merely starts like a known one is unknown.
    assert!(matches!(param("SIZES=1"), Param::Unknown(_)));
    assert!(matches!(param("BYE"), Param::Unknown(_)));
}

/// Every typed parameter: refused forms, with the offset of the first offending byte
/// (`P` is where the parameter starts).
#[test]
fn typed_parameters_reject() {
    let e = |p: &str| err(&format!("MAIL FROM:<a@example.com> {p}"));
    let at = |p: &str, off: usize| expected_at(&format!("MAIL FROM:<a@example.com> {p}"), P + off);
    at("SIZE", 4);
    at("SIZE=", 5);
    at("SIZE=12a", 7);
    at("SIZE=-1", 5);
    assert_eq!(
        e("SIZE=18446744073709551616"),
        Error::new(P + 5, ErrorKind::NumberOverflow)
    );
    at("BODY=8BIT", 5);
    at("BODY", 4);
    at("SMTPUTF8=yes", 8);
    at("REQUIRETLS=1", 10);
    at("MT-PRIORITY=", 12);
    at("MT-PRIORITY=x", 12);
    at("MT-PRIORITY=+", 13);
    at("MT-PRIORITY=1.5", 13);
    assert_eq!(
        e("MT-PRIORITY=10"),
        Error::new(P + 12, ErrorKind::NumberOverflow)
    );
    assert_eq!(
        e("MT-PRIORITY=-10"),
        Error::new(P + 12, ErrorKind::NumberOverflow)
    );
    assert_eq!(
        e("HOLDFOR=1000000000"),
        Error::new(P + 8, ErrorKind::NumberOverflow)
    );
    at("HOLDFOR=-1", 8);
    at("HOLDUNTIL=2009-11-31T10:00:00Z", 18);
    at("HOLDUNTIL=2009-11-30", 20);
    at("BY=120", 6);
    at("BY=120;X", 7);
    at("BY=120;", 7);
    at("BY=120;NX", 8);
    at("BY=;N", 3);
    assert_eq!(
        e("BY=1000000000;N"),
        Error::new(P + 3, ErrorKind::NumberOverflow)
    );
    at("RRVS=2014-04-03T23:01:00Z;X", 26);
    at("RRVS=2014-04-03T23:01:00", 24);
    at("AUTH", 4);
    at("AUTH=\u{e9}", 5);
    // The grammar of the list itself.
    at("X=a=b", 3);
    at("=x", 0);
    at("-X", 0);
    at("X_Y", 1);
    at("X=", 2);
    expected_at("MAIL FROM:<a@example.com>  SIZE=1", P);
    expected_at("MAIL FROM:<a@example.com> SIZE=1 ", P + 7);
    expected_at("MAIL FROM:<a@example.com> ", P);
}

/// A repeated parameter keeps every occurrence in order (Python's smtplib repeats SIZE);
/// unknown parameters re-encode byte for byte; the list re-encodes as parsed.
#[test]
fn repeated_and_unknown_parameters() {
    assert_eq!(
        params_of("MAIL FROM:<a@example.com> SIZE=10 SIZE=10"),
        vec![Param::Size(10), Param::Size(10)]
    );
    assert_eq!(
        params_of("MAIL FROM:<a@example.com> size=1 BODY=7BIT SIZE=2"),
        vec![Param::Size(1), Param::Body(Body::SevenBit), Param::Size(2)]
    );
    for line in [
        "MAIL FROM:<a@example.com> x-Foo=Bar+Baz XYZ 8BITMIME X-N=\u{e9}",
        "MAIL FROM:<a@example.com> size=007 body=8bitmime notify=failure,success",
        "RCPT TO:<b@example.com> ORCPT=rfc822;b+2Bc@example.com X-ONE X-two=2",
    ] {
        encodes_as(line, line);
    }
    // Five or more parameters, all typed.
    let got = params_of(
        "MAIL FROM:<s@example.com> SIZE=123456 BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=QQ314159 REQUIRETLS MT-PRIORITY=-3",
    );
    assert_eq!(
        got,
        vec![
            Param::Size(123_456),
            Param::Body(Body::EightBitMime),
            Param::SmtpUtf8,
            Param::Ret(Ret::Hdrs),
            Param::EnvId(XText::new("QQ314159").unwrap()),
            Param::RequireTls,
            Param::MtPriority(MtPriority::new(-3).unwrap()),
        ]
    );
    // A built list and a parsed one compare by their parameters.
    let Command::Mail { params, .. } =
        check("MAIL FROM:<a@example.com> size=7 NOTIFY=DELAY,SUCCESS")
    else {
        panic!()
    };
    let built: Parameters<'_> = vec![
        Param::Size(7),
        Param::Notify(Notify::new(true, false, true).unwrap()),
    ]
    .into();
    assert_eq!(params, built);
    assert_eq!(built.to_string(), "SIZE=7 NOTIFY=SUCCESS,DELAY");
    assert_eq!(params.to_string(), "size=7 NOTIFY=DELAY,SUCCESS");
    assert_eq!(params.len(), 2);
    // Pushing onto a parsed list keeps what was there.
    let mut more = params.clone();
    more.push(Param::SmtpUtf8);
    assert_eq!(more.len(), 3);
    assert_eq!(more.to_string(), "SIZE=7 NOTIFY=SUCCESS,DELAY SMTPUTF8");
    let mut owned = params.clone().into_owned();
    owned.push(Param::RequireTls);
    assert!(owned.requiretls());
}

#[test]
fn built_commands_encode() {
    // Hand-written wire forms of commands built through the constructors.
    let cases: Vec<(Command<'_>, &str)> = vec![
        (
            mail(
                ReversePath::Null,
                vec![Param::Size(10), Param::Body(Body::EightBitMime)],
            ),
            "MAIL FROM:<> SIZE=10 BODY=8BITMIME",
        ),
        (
            rcpt(
                ForwardPath::Path(
                    Path::new(Mailbox::new(
                        LocalPart::from_text("John Doe").unwrap(),
                        Host::Literal(AddressLiteral::from_ip(IpAddr::V4(Ipv4Addr::new(
                            192, 0, 2, 9,
                        )))),
                    ))
                    .unwrap(),
                ),
                vec![
                    Param::Notify(Notify::never()),
                    Param::Orcpt(Orcpt::rfc822("John Doe@x").unwrap()),
                ],
            ),
            "RCPT TO:<\"John Doe\"@[192.0.2.9]> NOTIFY=NEVER ORCPT=rfc822;John+20Doe@x",
        ),
        (
            mail(
                ReversePath::Path(path("<a@b.example>")),
                vec![
                    Param::By(By::new(-5, ByMode::Notify, true).unwrap()),
                    Param::HoldFor(HoldFor::new(60).unwrap()),
                    Param::HoldUntil(DateTime::new("2030-01-01T00:00:00Z").unwrap()),
                    Param::Rrvs(Rrvs {
                        time: DateTime::new("2014-04-03T23:01:00Z").unwrap(),
                        mode: Some(RrvsMode::Reject),
                    }),
                    Param::MtPriority(MtPriority::new(4).unwrap()),
                    Param::Auth(XText::from_bytes(b"e=mc2@example.com").unwrap()),
                    Param::Unknown(UnknownParam::new("XX", Some("y")).unwrap()),
                ],
            ),
            "MAIL FROM:<a@b.example> BY=-5;NT HOLDFOR=60 HOLDUNTIL=2030-01-01T00:00:00Z RRVS=2014-04-03T23:01:00Z;R MT-PRIORITY=4 AUTH=e+3Dmc2@example.com XX=y",
        ),
        (
            Command::Vrfy {
                arg: SmtpString::new("\"John Smith\"").unwrap(),
                smtputf8: true,
            },
            "VRFY \"John Smith\" SMTPUTF8",
        ),
        (Command::Help { arg: None }, "HELP"),
        (
            Command::Noop {
                arg: Some(SmtpString::new("ping").unwrap()),
            },
            "NOOP ping",
        ),
        (Command::StartTls, "STARTTLS"),
        (
            Command::Unknown {
                verb: UnknownVerb::new("xclient").unwrap(),
                args: Some(Text::new("NAME=x ADDR=192.0.2.1").unwrap()),
            },
            "xclient NAME=x ADDR=192.0.2.1",
        ),
    ];
    for (cmd, wire) in cases {
        let bytes = cmd.to_bytes();
        assert_eq!(
            String::from_utf8(bytes.clone()).unwrap(),
            format!("{wire}\r\n")
        );
        let Ok(Status::Complete { value, .. }) = Command::parse(&bytes, &strict()) else {
            panic!("{wire}")
        };
        assert_eq!(value, cmd, "{wire}");
    }
}

/// RFC 5321 §4.1.1.6-§4.1.1.9 (VRFY, EXPN, HELP, NOOP take a String) and RFC 6531 §3.7.4
/// (the SMTPUTF8 parameter of VRFY and EXPN).
#[test]
fn string_argument_commands() {
    assert_eq!(
        check("VRFY <postmaster@example.com>"),
        Command::Vrfy {
            arg: SmtpString::new("<postmaster@example.com>").unwrap(),
            smtputf8: false
        }
    );
    let Command::Vrfy { arg, smtputf8 } = check("vrfy \"John Smith\" smtputf8") else {
        panic!()
    };
    assert!(smtputf8);
    assert_eq!(arg.decoded(), "John Smith");
    assert_eq!(
        check("VRFY SMTPUTF8"),
        Command::Vrfy {
            arg: SmtpString::new("SMTPUTF8").unwrap(),
            smtputf8: false
        }
    );
    assert_eq!(
        check("EXPN Example-People SMTPUTF8"),
        Command::Expn {
            arg: SmtpString::new("Example-People").unwrap(),
            smtputf8: true
        }
    );
    check("EXPN 用户");
    assert_eq!(check("HELP"), Command::Help { arg: None });
    assert_eq!(
        check("help MAIL"),
        Command::Help {
            arg: Some(SmtpString::new("MAIL").unwrap())
        }
    );
    assert_eq!(check("NOOP"), Command::Noop { arg: None });
    check("NOOP \"any thing\"");
    expected_at("VRFY", 4);
    expected_at("VRFY ", 5);
    expected_at("VRFY John Smith", 9);
    expected_at("VRFY x SMTPUTF8 y", 15);
    expected_at("EXPN \"open", 10);
    expected_at("HELP ", 5);
    expected_at("HELP a b", 6);
    expected_at("NOOP a b", 6);
}

#[test]
fn commands_without_arguments() {
    for (line, want) in [
        ("DATA", Command::Data),
        ("data", Command::Data),
        ("RSET", Command::Rset),
        ("rSeT", Command::Rset),
        ("QUIT", Command::Quit),
        ("quit", Command::Quit),
        ("STARTTLS", Command::StartTls),
        ("sTaRtTlS", Command::StartTls),
    ] {
        assert_eq!(check(line), want, "{line}");
        assert_eq!(check(line).verb(), want.verb());
        encodes_as(line, &line.to_ascii_uppercase());
    }
    expected_at("DATA x", 4);
    expected_at("QUIT ", 4);
    expected_at("STARTTLS now", 8);
    expected_at("RSET:", 4);
}

/// A well-formed line with a verb outside the grammar is `Command::Unknown`, not an error.
#[test]
fn unknown_verbs() {
    assert_eq!(
        check("XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2"),
        Command::Unknown {
            verb: UnknownVerb::new("XCLIENT").unwrap(),
            args: Some(Text::new("NAME=spike.porcupine.org ADDR=168.100.189.2").unwrap()),
        }
    );
    assert_eq!(
        check("TURN"),
        Command::Unknown {
            verb: UnknownVerb::new("TURN").unwrap(),
            args: None
        }
    );
    let c = check("bogus x");
    assert_eq!(c.verb(), "BOGUS");
    assert!(matches!(c, Command::Unknown { .. }));
    // Trailing text is kept as sent (strict mode), even an empty argument.
    let Command::Unknown { args, .. } = check("FOO ") else {
        panic!()
    };
    assert_eq!(args.unwrap().as_str(), "");
    encodes_as("x-private  two  spaces ", "x-private  two  spaces ");
    // Near misses of known verbs.
    for line in [
        "MAILX",
        "STARTTL",
        "STARTTLSX",
        "DATA2",
        "QUI",
        "EHLO2 x",
        "AUTHX",
    ] {
        assert!(
            matches!(check(line), Command::Unknown { .. }),
            "{line} should be unknown"
        );
    }
    check("XUTF8 ünïcode args");
    // Not a verb at all.
    expected_at("", 0);
    expected_at(" QUIT", 0);
    expected_at("-X", 0);
    expected_at("QUIT:", 4);
    expected_at("FOO:bar", 3);
    expected_at("<a@b>", 0);
    // Known verbs cannot be made into Unknown values.
    assert!(UnknownVerb::new("Data").is_err());
    assert!(UnknownVerb::new("X Y").is_err());
}

/// RFC 5321 §4.1: no rule admits a control character; NUL is its own error kind.
#[test]
fn control_characters_refused() {
    let e = |line: &[u8]| err_with(line, &strict());
    assert_eq!(e(b"DATA\0"), Error::new(4, ErrorKind::Nul));
    assert_eq!(e(b"MAIL FROM:<a\0@b>"), Error::new(12, ErrorKind::Nul));
    assert_eq!(
        e(b"NOOP\tx"),
        Error::new(4, ErrorKind::ControlCharacter { byte: 9 })
    );
    assert_eq!(
        e(b"XFOO a\x7fb"),
        Error::new(6, ErrorKind::ControlCharacter { byte: 0x7F })
    );
    assert_eq!(
        e(b"XFOO a\x1bb"),
        Error::new(6, ErrorKind::ControlCharacter { byte: 0x1B })
    );
    assert_eq!(
        e(b"MAIL FROM:<a@b> SIZE=1\x0c"),
        Error::new(22, ErrorKind::ControlCharacter { byte: 0x0C })
    );
    assert_eq!(
        e(b"VRFY \"a\tb\""),
        Error::new(7, ErrorKind::ControlCharacter { byte: 9 })
    );
    // A control character before invalid UTF-8 is reported first.
    assert_eq!(
        e(b"X\x01\xff"),
        Error::new(1, ErrorKind::ControlCharacter { byte: 1 })
    );
    // Lenient mode refuses them too, except trailing HT/SP.
    assert_eq!(
        err_with(b"MAIL FROM:<a@b>\tSIZE=1", &lenient()),
        Error::new(15, ErrorKind::ControlCharacter { byte: 9 })
    );
    assert_eq!(
        err_with(b"XFOO \0", &lenient()),
        Error::new(5, ErrorKind::Nul)
    );
    // Display names the byte and the offset.
    assert_eq!(
        e(b"NOOP\tx").to_string(),
        "control character 0x09 at offset 4"
    );
}

/// Strict mode refuses, lenient mode accepts, each documented deviation.
#[test]
fn lenient_quirks() {
    fn both(line: &str) -> (Error, Command<'_>) {
        (err(line), check_with(line, &lenient()))
    }
    // A space after MAIL FROM: / RCPT TO:.
    let (e, c) = both("MAIL FROM: <a@b.example>");
    assert_eq!(e.offset, 10);
    assert_eq!(c, mail(ReversePath::Path(path("<a@b.example>")), vec![]));
    let (e, c) = both("RCPT TO:  <a@b.example> NOTIFY=NEVER");
    assert_eq!(e.offset, 8);
    assert_eq!(
        c,
        rcpt(
            ForwardPath::Path(path("<a@b.example>")),
            vec![Param::Notify(Notify::never())]
        )
    );
    let (_, c) = both("MAIL FROM: <>");
    assert_eq!(c, mail(ReversePath::Null, vec![]));
    // A path without angle brackets; encoded with them.
    let (e, c) = both("MAIL FROM:a@b.example SIZE=5");
    assert_eq!(e.offset, 10);
    assert_eq!(
        c,
        mail(
            ReversePath::Path(path("<a@b.example>")),
            vec![Param::Size(5)]
        )
    );
    assert_eq!(c.to_bytes(), b"MAIL FROM:<a@b.example> SIZE=5\r\n");
    let (_, c) = both("RCPT TO:postmaster");
    assert_eq!(c, rcpt(ForwardPath::Postmaster, vec![]));
    let (_, c) = both("RCPT TO: bob@example.org");
    assert_eq!(
        c,
        rcpt(ForwardPath::Path(path("<bob@example.org>")), vec![])
    );
    // Trailing whitespace.
    let (e, c) = both("QUIT \t ");
    assert_eq!(e.offset, 4);
    assert_eq!(c, Command::Quit);
    let (e, c) = both("MAIL FROM:<a@b.example> SIZE=1 ");
    assert_eq!(e.offset, 31);
    assert_eq!(
        c,
        mail(
            ReversePath::Path(path("<a@b.example>")),
            vec![Param::Size(1)]
        )
    );
    // (Strict mode keeps the spaces: an unknown command's text is kept as sent.)
    let c = check_with("XFOO bar  ", &lenient());
    assert_eq!(
        c,
        Command::Unknown {
            verb: UnknownVerb::new("XFOO").unwrap(),
            args: Some(Text::new("bar").unwrap())
        }
    );
    // Still refused when lenient.
    for line in [
        "MAIL FROM:",
        "MAIL FROM: ",
        "MAIL FROM:<a@b.example",
        "MAIL FROM:a b",
        "RCPT TO:<no at>",
        "MAIL FROM:<a@b.example>  SIZE=1",
        "DATA x",
    ] {
        let e = err_with(line.as_bytes(), &lenient());
        assert!(
            matches!(e.kind, ErrorKind::Expected { .. }),
            "{line}: {e:?}"
        );
    }
}

/// Framing through `Command::parse`: CRLF, LF-only (lenient), bare CR, incomplete input,
/// pipelined commands.
#[test]
fn framing() {
    let s = strict();
    assert_eq!(Command::parse(b"QUIT", &s), Ok(Status::Incomplete));
    assert_eq!(Command::parse(b"QUIT\r", &s), Ok(Status::Incomplete));
    assert_eq!(Command::parse(b"", &s), Ok(Status::Incomplete));
    assert_eq!(
        Command::parse(b"QUIT\n", &s),
        Err(Error::new(4, ErrorKind::BareLf))
    );
    assert_eq!(
        Command::parse(b"QUIT\n", &lenient()),
        Ok(Status::Complete {
            value: Command::Quit,
            consumed: 5
        })
    );
    assert_eq!(
        Command::parse(b"QU\rIT\r\n", &lenient()),
        Err(Error::new(2, ErrorKind::BareCr))
    );
    // Pipelining (RFC 2920): several commands in one buffer, parsed one after the other.
    let input = b"MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\n";
    let mut at = 0;
    let mut got = Vec::new();
    while at < input.len() {
        let Ok(Status::Complete { value, consumed }) = Command::parse(&input[at..], &s) else {
            panic!()
        };
        got.push(value);
        at += consumed;
    }
    assert_eq!(
        got,
        [
            mail(ReversePath::Path(path("<a@b.example>")), vec![]),
            rcpt(ForwardPath::Path(path("<c@d.example>")), vec![]),
            Command::Data
        ]
    );
    // Errors from parse count from the start of the input (the line's start).
    assert_eq!(
        Command::parse(b"MAIL FROM:<x>\r\n", &s).unwrap_err().offset,
        12
    );
}

#[test]
fn constructors_validate() {
    assert!(Domain::new("a.b").is_ok());
    assert!(Domain::new("").is_err());
    assert!(Host::new("[192.0.2.1]").is_ok());
    assert!(Host::new("[192.0.2.1").is_err());
    assert!(Mailbox::parse("a@b").is_ok());
    assert!(Mailbox::parse("a@b c").is_err());
    assert!(SourceRoute::new("@a,@b").is_ok());
    assert!(SourceRoute::new("@a,b").is_err());
    assert!(SmtpString::new("").is_err());
    assert!(SmtpString::new("a\u{1}").is_err());
    assert!(Mechanism::new("PLAIN").is_ok());
    assert!(Mechanism::new("PL AIN").is_err());
    assert!(SaslBase64::new("=").is_err());
    assert!(SaslBase64::new("").is_err());
    assert!(AbsoluteUri::new("imap:").is_ok());
    assert!(Text::new("a b").is_ok());
    assert!(Text::new("a\tb").is_err());
    assert!(DomainList::new("").is_ok());
    assert!(DomainList::new("a,b").is_ok());
    assert!(DomainList::new("a,,b").is_err());
    assert!(XText::new("").is_err());
    assert!(XText::from_bytes(b"").is_err());
    assert!(XText::new("a+41").is_ok());
    assert!(Orcpt::new("rfc822", "a@b").is_ok());
    assert!(Orcpt::new("rfc;822", "a@b").is_err());
    assert!(Orcpt::new("rfc822", "a=b").is_err());
    assert!(Orcpt::new("utf-8", "a+b").is_err());
    assert!(MtPriority::new(10).is_none());
    assert!(MtPriority::new(-9).is_some());
    assert!(HoldFor::new(1_000_000_000).is_none());
    assert!(By::new(1_000_000_000, ByMode::Notify, false).is_none());
    assert!(Notify::new(false, false, false).is_none());
    assert!(UnknownParam::new("X", Some("")).is_err());
    assert!(UnknownParam::new("NOTIFY", None::<&str>).is_err());
    assert!(UnknownParam::new("mt-priority", None::<&str>).is_err());
    assert!(LocalPart::from_text("a\u{0}b").is_err());
    assert_eq!(LocalPart::from_text("a\\b").unwrap().as_str(), "\"a\\\\b\"");
}
