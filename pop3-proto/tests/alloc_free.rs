//! Parsing a command or a SASL line from a borrowed buffer, and decoding a pipelined stream
//! of them, performs no heap allocation. A counting wrapper around the system allocator,
//! for this test binary only, counts the allocations of the current thread.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use pop3_proto::stream::server::{ServerDecoder, ServerEvent};
use pop3_proto::types::command::{AuthLine, Command};
use pop3_proto::{ClientDecoder, ClientEvent, ParserOptions, Status};

struct Counting;

thread_local! {
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
}

fn bump() {
    // `try_with`: the thread-local may be gone while a thread shuts down.
    let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged; the
// counter is a thread-local `Cell` with a const initializer, which does not allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        bump();
        // SAFETY: forwarded as received.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        bump();
        // SAFETY: forwarded as received.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        bump();
        // SAFETY: forwarded as received.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as received.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations() -> usize {
    ALLOCS.with(Cell::get)
}

/// One line of every command form.
const LINES: &[&[u8]] = &[
    b"USER mrose\r\n",
    b"USER j\xc3\xb6rg@example.org\r\n",
    b"PASS two words \r\n",
    b"PASS gr\xfcn\r\n",
    b"APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n",
    b"STAT\r\n",
    b"LIST\r\n",
    b"LIST 2\r\n",
    b"RETR 1\r\n",
    b"DELE 4294967295\r\n",
    b"NOOP\r\n",
    b"RSET\r\n",
    b"QUIT\r\n",
    b"TOP 1 10\r\n",
    b"UIDL\r\n",
    b"UIDL 3\r\n",
    b"CAPA\r\n",
    b"STLS\r\n",
    b"AUTH\r\n",
    b"AUTH PLAIN\r\n",
    b"AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=\r\n",
    b"AUTH EXTERNAL =\r\n",
    b"UTF8\r\n",
    b"LANG\r\n",
    b"LANG en-boont\r\n",
    b"XTND XMIT\r\n",
    b"xtnd\r\n",
];

#[test]
fn parsing_commands_does_not_allocate() {
    let opts = ParserOptions::default();
    let lenient = ParserOptions::lenient();
    // Warm up anything lazily initialised on first use (none expected, but a one-time
    // allocation would not be a per-command cost).
    let _ = Command::parse(LINES[0], &opts);

    let before = allocations();
    let mut seen = 0usize;
    for line in LINES {
        let Ok(Status::Complete { value, consumed }) = Command::parse(line, &opts) else {
            panic!("line did not parse: {:?}", String::from_utf8_lossy(line));
        };
        assert_eq!(consumed, line.len());
        // The accessors borrow.
        seen += value.keyword().len() + usize::from(value.expects_multiline());
        let _ = value.kind();
        let text = &line[..line.len() - 2];
        assert!(Command::parse_line(text, &lenient).is_ok());
        // Errors do not allocate either.
        assert!(Command::parse_line(b"RETR 0", &opts).is_err());
        assert!(Command::parse_line(b"USER a\x00", &opts).is_err());
        assert!(Command::parse(b"ST\rAT\r\n", &opts).is_err());
    }
    for line in [&b"dGVzdAB0ZXN0AHRlc3Q=\r\n"[..], b"*\r\n", b"\r\n"] {
        assert!(matches!(
            AuthLine::parse(line, &opts),
            Ok(Status::Complete { .. })
        ));
    }
    assert!(AuthLine::parse_line(b"not base64", &opts).is_err());
    let after = allocations();
    assert!(seen > 0);
    assert_eq!(
        after - before,
        0,
        "parsing allocated {} times",
        after - before
    );

    // The counter works: an allocation is seen.
    let v = std::hint::black_box(vec![1u8; 10]);
    assert!(allocations() > after);
    drop(v);
}

#[test]
fn decoding_a_stream_does_not_allocate() {
    // Every line but STLS (which would end the command part), then the rest.
    let commands: Vec<u8> = LINES
        .iter()
        .filter(|l| !l.starts_with(b"STLS"))
        .flat_map(|l| l.iter().copied())
        .collect();
    let wire: Vec<u8> = [
        commands,
        b"NO\rOP\r\nRETR 0\r\nAUTH X\r\n".to_vec(),
        b"AAAA\r\nSTLS\r\n\x16\x03\x01".to_vec(),
    ]
    .concat();
    let mut dec = ServerDecoder::new(ParserOptions::default());
    let before = allocations();
    let mut events = 0usize;
    let mut rest = &wire[..];
    // Commands, invalid lines, a SASL line and the opaque tail after STLS.
    while let Status::Complete { value, consumed } = dec.decode(rest) {
        match value {
            ServerEvent::Command(Command::Auth {
                initial_response: None,
                ..
            }) if rest.starts_with(b"AUTH X") => dec.expect_auth_line(),
            ServerEvent::Command(Command::Stls) => dec.start_tls(),
            _ => {}
        }
        events += 1;
        rest = &rest[consumed..];
    }
    let after = allocations();
    assert!(rest.is_empty());
    assert!(events > LINES.len());
    assert_eq!(
        after - before,
        0,
        "decoding allocated {} times",
        after - before
    );
}

/// The client side: greeting, single-line replies (with response codes), an AUTH
/// challenge, and RETR/TOP content with and without stuffed lines decode without
/// allocating once the commands are recorded (recording may grow the pending queue; the
/// typed listings of LIST/UIDL/CAPA are `Vec`s by design and are not part of this).
#[test]
fn decoding_replies_and_messages_does_not_allocate() {
    let opts = ParserOptions::default();
    let commands: &[&[u8]] = &[
        b"USER mrose\r\n",
        b"PASS secret\r\n",
        b"STAT\r\n",
        b"LIST 1\r\n",
        b"UIDL 2\r\n",
        b"AUTH PLAIN\r\n",
        b"RETR 1\r\n",
        b"TOP 2 0\r\n",
        b"DELE 9\r\n",
        b"NOOP\r\n",
        b"QUIT\r\n",
    ];
    let wire: &[u8] = b"+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n\
        +OK mrose is a real hoopy frood\r\n\
        +OK maildrop locked and ready\r\n\
        +OK 2 320\r\n\
        +OK 1 120\r\n\
        +OK 2 QhdPYR:00WBw1Ph7x7\r\n\
        + \r\n\
        -ERR [AUTH] authentication failed\r\n\
        +OK 120 octets\r\nSubject: x\r\n\r\n..stuffed\r\nplain\r\n.\r\n\
        +OK top of message follows\r\nSubject: y\r\n\r\n.\r\n\
        -ERR [SYS/PERM] no such message\r\n\
        +OK\r\n\
        +OK dewey POP3 server signing off\r\n";
    let mut dec = ClientDecoder::new(opts);
    for line in commands {
        let Ok(Status::Complete { value, .. }) = Command::parse(line, &opts) else {
            panic!("{line:?}");
        };
        dec.sent(&value);
    }
    let before = allocations();
    let mut rest = wire;
    let (mut replies, mut data) = (0, 0);
    while let Status::Complete { value, consumed } = dec.decode(rest) {
        match value {
            ClientEvent::Greeting(_) | ClientEvent::Reply { .. } => replies += 1,
            ClientEvent::Continuation(_) | ClientEvent::MessageStart { .. } => replies += 1,
            ClientEvent::MessageData(d) => data += d.len(),
            ClientEvent::MessageEnd => {}
            other => panic!("unexpected {other:?}"),
        }
        rest = &rest[consumed..];
    }
    let after = allocations();
    assert!(rest.is_empty(), "left {:?}", String::from_utf8_lossy(rest));
    // 1 greeting, 11 answers and 1 challenge; both messages' content.
    assert_eq!(replies, 13);
    assert_eq!(
        data,
        b"Subject: x\r\n\r\n.stuffed\r\nplain\r\n".len() + b"Subject: y\r\n\r\n".len()
    );
    assert_eq!(
        after - before,
        0,
        "decoding allocated {} times",
        after - before
    );
}
