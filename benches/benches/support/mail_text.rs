//! Mail-like text for the DATA and RETR benches, the same on every run.

/// About `len` bytes of message content: lines of 60–79 characters of words
/// ending CRLF; when `dots` is true, about one line in eight starts with a
/// period (and a few are a lone period), which the wire form must stuff.
/// Fixed: the same on every run.
pub(crate) fn message_content(len: usize, dots: bool) -> Vec<u8> {
    const WORDS: [&str; 10] = [
        "the",
        "relay",
        "message",
        "delivered",
        "to",
        "mailbox",
        "a",
        "status",
        "queue",
        "ok",
    ];
    let mut state: u32 = 0x2468_ACE1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state
    };
    let mut out = Vec::with_capacity(len + 100);
    while out.len() < len {
        let width = 60 + next() as usize % 20;
        let line_start = out.len();
        if dots {
            match next() % 64 {
                0 => {
                    out.extend_from_slice(b".\r\n");
                    continue;
                }
                1..=8 => out.push(b'.'),
                _ => {}
            }
        }
        while out.len() - line_start < width {
            if out.len() > line_start {
                out.push(b' ');
            }
            out.extend_from_slice(WORDS[next() as usize % WORDS.len()].as_bytes());
        }
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// The dot-stuffed wire form of `content` (which is empty or ends with CRLF):
/// every line starting with "." gets one more, then ".\r\n" (SMTP DATA, RFC
/// 5321 §4.5.2; POP3 multi-line responses, RFC 1939 §3).
/// Written here from the RFC, sharing nothing with either receiver.
pub(crate) fn stuff(content: &[u8]) -> Vec<u8> {
    let mut wire = Vec::with_capacity(content.len() + content.len() / 32 + 3);
    for line in content.split_inclusive(|&b| b == b'\n') {
        if line.first() == Some(&b'.') {
            wire.push(b'.');
        }
        wire.extend_from_slice(line);
    }
    wire.extend_from_slice(b".\r\n");
    wire
}
