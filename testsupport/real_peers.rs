//! Protocol-independent helpers of the real-peer tests of every protocol crate (smtp-proto's
//! `real_clients.rs`/`real_opensmtpd.rs`, pop3-proto's `real_clients.rs`/`real_dovecot.rs`):
//! skipping when a tool is missing (a failure instead with `CI=true`), scratch directories,
//! child processes with a time limit, free loopback ports, a base64 oracle, CRLF helpers,
//! a large test message and a byte-comparing assertion.
//!
//! Not a crate: each crate's `tests/support/mod.rs` includes this file with
//! `#[path = "../../../testsupport/real_peers.rs"] mod real_peers;` and re-exports it, so the
//! paths below (`CARGO_MANIFEST_DIR`) are those of the including crate, which sits one level
//! below the workspace root.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How long any one client process or server session may take before the test fails.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(30);

// ----- skipping -----

/// True when `CI` is `"true"`: then a missing tool is a failure, not a skip.
pub(crate) fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Reports why a test cannot run. Returns `false` (so `if !skip(..) { return }` reads
/// naturally) outside CI; with `CI=true` it fails the test instead.
pub(crate) fn skip(reason: &str) -> bool {
    assert!(
        !in_ci(),
        "CI=true, so this test may not be skipped: {reason}"
    );
    // Straight to stderr, not through eprintln!, which the test harness captures (and
    // hides for a passing test).
    let _ = writeln!(
        std::io::stderr(),
        "skipping {}: {reason} (with CI=true this fails)",
        thread::current().name().unwrap_or("a test")
    );
    false
}

/// The path of an executable called `name` on `PATH`, if there is one.
pub(crate) fn find_tool(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// True when every tool is on `PATH`; otherwise reports the missing ones through [`skip`].
pub(crate) fn require_tools(tools: &[&str]) -> bool {
    let missing: Vec<&str> = tools
        .iter()
        .copied()
        .filter(|t| find_tool(t).is_none())
        .collect();
    missing.is_empty()
        || skip(&format!(
            "{} not found on PATH (bash scripts/interop.sh install)",
            missing.join(", ")
        ))
}

/// The effective user id, from `/proc/self/status` (no libc in the crates' dependencies).
pub(crate) fn effective_uid() -> Option<u32> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("Uid:"))?;
    // "Uid:" real effective saved filesystem
    line.split_whitespace().nth(2)?.parse().ok()
}

// ----- scratch directories -----

/// A directory under `/tmp`, unique to this process and call, removed on drop unless the
/// thread is panicking (then it is kept and its path printed, for inspection).
#[derive(Debug)]
pub(crate) struct ScratchDir {
    path: PathBuf,
}

impl ScratchDir {
    /// Creates `/tmp/mailwire-<label>-<pid>-<nanos>-<n>`.
    pub(crate) fn new(label: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        // /tmp rather than std::env::temp_dir(): the unprivileged user OpenSMTPD delivers as
        // and Dovecot reads as must reach the maildir through every parent
        // (scripts/README.md), and interop.sh takes work dirs of [A-Za-z0-9._/-] only.
        let path = PathBuf::from(format!(
            "/tmp/mailwire-{label}-{}-{nanos}-{n}",
            std::process::id()
        ));
        std::fs::create_dir_all(&path).expect("create a scratch directory under /tmp");
        Self { path }
    }

    /// The directory.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `bytes` to `name` in the directory and returns its path.
    pub(crate) fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let file = self.path.join(name);
        std::fs::write(&file, bytes).expect("write a scratch file");
        file
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        if thread::panicking() {
            eprintln!("kept for inspection: {}", self.path.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

// ----- child processes -----

/// What a finished child process did.
#[derive(Debug)]
pub(crate) struct Finished {
    /// Its exit status.
    pub(crate) status: ExitStatus,
    /// Everything it wrote to stdout, as written.
    pub(crate) stdout: Vec<u8>,
    /// Everything it wrote to stderr.
    pub(crate) stderr: String,
}

impl Finished {
    /// Panics with the output unless the process exited with status 0.
    #[track_caller]
    pub(crate) fn assert_success(&self, what: &str) {
        assert!(
            self.status.success(),
            "{what} failed ({}):\nstdout: {}\nstderr: {}",
            self.status,
            String::from_utf8_lossy(&self.stdout),
            self.stderr
        );
    }
}

fn drain(mut from: impl Read + Send + 'static) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = from.read_to_end(&mut bytes);
        bytes
    })
}

/// Runs `command` with stdin closed and stdout/stderr captured; kills it and panics after
/// [`TIMEOUT`].
pub(crate) fn run(command: &mut Command) -> Finished {
    let description = format!("{command:?}");
    let mut child: Child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {description}: {e}"));
    let stdout = drain(child.stdout.take().expect("piped stdout"));
    let stderr = drain(child.stderr.take().expect("piped stderr"));
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for a child") {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{description} did not finish within {TIMEOUT:?}; stderr: {}",
                String::from_utf8_lossy(&stderr.join().unwrap_or_default())
            );
        }
        thread::sleep(Duration::from_millis(10));
    };
    Finished {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: String::from_utf8_lossy(&stderr.join().unwrap_or_default()).into_owned(),
    }
}

// ----- ports -----

/// A port nothing listens on right now: bind 127.0.0.1:0 and release it. Something else may
/// take it before the caller's server binds it, so callers retry a failed start.
pub(crate) fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local address").port()
}

// ----- base64 (RFC 4648 §4), an oracle for the SASL checks -----

/// The RFC 4648 §4 alphabet ("Table 1: The Base 64 Alphabet").
const BASE64_ALPHABET: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Decodes standard base64 with padding (RFC 4648 §4); `None` for anything else.
/// Written here from the RFC's alphabet table, independent of any crate.
pub(crate) fn base64_decode(text: &[u8]) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    if text.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let quads = text.len() / 4;
    for (i, quad) in text.chunks(4).enumerate() {
        let pad = quad.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && i + 1 != quads) {
            return None;
        }
        let mut n = 0u32;
        for &c in &quad[..4 - pad] {
            n = (n << 6) | value(c)?;
        }
        n <<= 6 * pad as u32;
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}

/// Encodes `bytes` as standard base64 with padding (RFC 4648 §4: each 24-bit group becomes
/// four characters; a final group of one or two octets is padded with `==` or `=`).
pub(crate) fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let mut n = 0u32;
        for (i, &b) in group.iter().enumerate() {
            n |= u32::from(b) << (16 - 8 * i);
        }
        // One octet gives two characters, two give three, three give four.
        for i in 0..=group.len() {
            out.push(char::from(
                BASE64_ALPHABET[(n >> (18 - 6 * i)) as usize & 63],
            ));
        }
        for _ in group.len()..3 {
            out.push('=');
        }
    }
    out
}

// ----- messages -----

/// Joins lines with CRLF, each line ended by CRLF (the wire form of a message, RFC 5322 §2.1).
pub(crate) fn crlf_lines(lines: &[&str]) -> Vec<u8> {
    let mut out = Vec::new();
    for line in lines {
        out.extend_from_slice(line.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// `bytes` with every CRLF replaced by LF.
pub(crate) fn crlf_to_lf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            out.push(b'\n');
            i += 2;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// `bytes` with every LF (none of which may follow a CR) replaced by CRLF.
pub(crate) fn lf_to_crlf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 32);
    for &b in bytes {
        if b == b'\n' {
            out.push(b'\r');
        }
        out.push(b);
    }
    out
}

/// A message of at least `min_len` octets: a header with Date and Message-ID, then a body
/// of pseudo-random printable lines of 0 to 998 octets (RFC 5322 §2.1.1's limit without
/// CRLF; one line exactly 998), about one in eight starting with `"."` or `".."`, every
/// line CRLF-terminated. Deterministic for a given `seed`.
pub(crate) fn large_message(seed: u64, min_len: usize, id: &str) -> Vec<u8> {
    let mut out = crlf_lines(&[
        "From: a@b.test",
        "To: user@example.test",
        "Subject: a large message",
        "Date: Thu, 01 Jan 2026 00:00:00 +0000",
        &format!("Message-ID: <{id}@b.test>"),
        "",
    ]);
    let mut state = seed | 1;
    let mut next = move || {
        // xorshift64 (Marsaglia 2003): a fixed, dependency-free sequence.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    out.extend(std::iter::repeat_n(b'x', 998));
    out.extend_from_slice(b"\r\n");
    while out.len() < min_len {
        let r = next();
        let len = match r % 4 {
            0 => (r >> 8) as usize % 999,
            1 => 998 - (r >> 8) as usize % 20,
            _ => (r >> 8) as usize % 120,
        };
        let mut line: Vec<u8> = (0..len)
            .map(|i| b' ' + ((r >> 16).wrapping_add(i as u64 * 7) % 95) as u8)
            .collect();
        match (r >> 40) % 16 {
            0 if !line.is_empty() => line[0] = b'.',
            1 if line.len() > 1 => line[..2].copy_from_slice(b".."),
            _ => {}
        }
        out.extend_from_slice(&line);
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// The length in octets of the longest line of `message`, without its line end.
pub(crate) fn longest_line(message: &[u8]) -> usize {
    message
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l).len())
        .max()
        .unwrap_or(0)
}

// ----- checks -----

/// Compares long byte strings, reporting the lengths and the first difference (with 40
/// bytes of context) instead of both values.
#[track_caller]
pub(crate) fn assert_bytes_eq(actual: &[u8], expected: &[u8], what: &str) {
    if actual == expected {
        return;
    }
    let at = actual
        .iter()
        .zip(expected)
        .position(|(a, b)| a != b)
        .unwrap_or(actual.len().min(expected.len()));
    let from = at.saturating_sub(40);
    panic!(
        "{what}: {} bytes received, {} expected; first difference at {at}:\n  got      {:?}\n  expected {:?}",
        actual.len(),
        expected.len(),
        String::from_utf8_lossy(&actual[from..actual.len().min(at + 40)]),
        String::from_utf8_lossy(&expected[from..expected.len().min(at + 40)]),
    );
}

// ----- paths -----

/// The workspace's `scripts/interop.sh` (the including crate sits one level below the root).
pub(crate) fn interop_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("scripts")
        .join("interop.sh")
}

#[cfg(test)]
mod self_checks {
    use super::*;

    #[test]
    fn base64_oracles_match_rfc_4648_examples() {
        // RFC 4648 §10 test vectors.
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(
                base64_decode(encoded.as_bytes()).as_deref(),
                Some(plain.as_bytes())
            );
            assert_eq!(base64_encode(plain.as_bytes()), encoded);
        }
        assert_eq!(base64_decode(b"Zg="), None);
        assert_eq!(base64_decode(b"Zg==Zg=="), None);
        assert_eq!(base64_decode(b"Z!=="), None);
        // High bits and every alphabet position survive the round trip.
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(base64_decode(base64_encode(&all).as_bytes()), Some(all));
    }

    #[test]
    fn large_message_respects_the_line_limit() {
        let m = large_message(7, 1 << 20, "big");
        assert!(m.len() >= 1 << 20);
        assert_eq!(longest_line(&m), 998);
        assert!(m.ends_with(b"\r\n"));
        assert!(m.windows(3).any(|w| w == b"\n.."));
        // Every LF is preceded by CR.
        assert!(m.windows(2).all(|w| w[1] != b'\n' || w[0] == b'\r'));
    }

    #[test]
    fn line_end_helpers_are_inverse_on_crlf_text() {
        let crlf = crlf_lines(&["a", "", ".b"]);
        assert_eq!(crlf, b"a\r\n\r\n.b\r\n");
        assert_eq!(crlf_to_lf(&crlf), b"a\n\n.b\n");
        assert_eq!(lf_to_crlf(&crlf_to_lf(&crlf)), crlf);
    }
}
