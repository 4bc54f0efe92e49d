//! Parsing a command from a borrowed buffer performs no heap allocation (the zero-allocation
//! target of the smtp-proto issue). A counting wrapper around the system allocator, for this
//! test binary only, counts the allocations of the current thread.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use smtp_proto::types::command::Command;
use smtp_proto::{Param, ParserOptions, Status};

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

const LINES: &[&[u8]] = &[
    b"EHLO [IPv6:2001:db8::ff00:42:8329]\r\n",
    b"EHLO mail.example.com\r\n",
    b"HELO [192.0.2.1]\r\n",
    b"LHLO lmtp.example\r\n",
    b"MAIL FROM:<sender@example.com> SIZE=123456 BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=QQ314159 AUTH=e+3Dmc2@example.com MT-PRIORITY=-3 REQUIRETLS X-UNKNOWN=yes\r\n",
    b"MAIL FROM:<> HOLDFOR=3600 BY=120;RT HOLDUNTIL=2025-01-01T00:00:00Z\r\n",
    b"MAIL FROM:<@a.example,@b.example:\"quoted user\"@[192.0.2.7]>\r\n",
    b"RCPT TO:<bob@example.org> NOTIFY=SUCCESS,FAILURE,DELAY ORCPT=rfc822;bob+2Bx@example.org RRVS=2014-04-03T23:01:00Z;C\r\n",
    b"RCPT TO:<\xe7\x94\xa8\xe6\x88\xb7@\xe4\xbe\x8b\xe5\xad\x90.\xe5\xb9\xbf\xe5\x91\x8a> ORCPT=utf-8;\\x{7528}\\x{6237}@example.com\r\n",
    b"RCPT TO:<Postmaster>\r\n",
    b"DATA\r\n",
    b"BDAT 18446744073709551615 LAST\r\n",
    b"RSET\r\n",
    b"VRFY <postmaster@example.com> SMTPUTF8\r\n",
    b"EXPN \"list name\"\r\n",
    b"HELP MAIL\r\n",
    b"NOOP\r\n",
    b"QUIT\r\n",
    b"STARTTLS\r\n",
    b"AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=\r\n",
    b"AUTH EXTERNAL =\r\n",
    b"ETRN @example.com\r\n",
    b"ATRN example.com,example.net\r\n",
    b"BURL imap://harry@gray.example.com/outbox;UIDVALIDITY=1078863300/;uid=25;urlauth=submit+harry:internal:91354a473744909de610943775f92038 LAST\r\n",
    b"XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2\r\n",
    b"bogus\r\n",
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
            panic!("line did not parse");
        };
        assert_eq!(consumed, line.len());
        // Reading the parameters back is allocation-free too.
        if let Command::Mail { params, .. } | Command::Rcpt { params, .. } = &value {
            for p in params.iter() {
                if let Param::Orcpt(o) = &p {
                    seen += o.raw_address().len();
                }
                seen += p.keyword().len();
            }
        }
        // `verb()` upper-cases an unknown verb sent in lower case (that allocates).
        if !matches!(value, Command::Unknown { .. }) {
            seen += value.verb().len();
        }
        let text = &line[..line.len() - 2];
        let again = Command::parse_line(text, &lenient);
        assert!(again.is_ok());
        // Errors do not allocate either.
        let bad = Command::parse_line(b"MAIL FROM:<no at sign>", &opts);
        assert!(bad.is_err());
    }
    // Decoding accessors borrow when there is nothing to decode.
    let Ok(Command::Rcpt { params, to }) = Command::parse_line(
        b"RCPT TO:<\"quoted\"@example.com> ORCPT=rfc822;bob@example.org ENVID=abc",
        &opts,
    ) else {
        panic!()
    };
    let o = params.orcpt().unwrap();
    seen += o.address_str().unwrap().len() + o.address().len();
    seen += params.envid().unwrap().decode().len();
    seen += to.path().unwrap().mailbox().local_part().decoded().len();
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
