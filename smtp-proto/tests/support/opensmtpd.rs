//! The throwaway OpenSMTPD of `scripts/interop.sh` (see scripts/README.md): started on
//! 127.0.0.1 on a free port with a work directory under /tmp, stopped when the guard drops;
//! delivered maildir files read back and their prepended trace lines checked and removed.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{ScratchDir, effective_uid, free_port, interop_script, require_tools, run, skip};

/// The path the script runs OpenSMTPD from.
pub(crate) const SMTPD: &str = "/usr/sbin/smtpd";

/// A running OpenSMTPD; stopped (and its work directory removed, unless panicking) on drop.
pub(crate) struct OpenSmtpd {
    port: u16,
    dir: ScratchDir,
}

/// Whether the OpenSMTPD test can run here; reports why not through [`skip`].
pub(crate) fn available() -> bool {
    if !require_tools(&["bash"]) {
        return false;
    }
    if !Path::new(SMTPD).exists() {
        return skip(&format!(
            "{SMTPD} not found (bash scripts/interop.sh install)"
        ));
    }
    if effective_uid() != Some(0) {
        return skip("starting OpenSMTPD needs root");
    }
    true
}

impl OpenSmtpd {
    /// Starts OpenSMTPD with `interop.sh opensmtpd-start`. The port is free when chosen but
    /// may be taken before smtpd binds it (another test, another process): up to five tries.
    pub(crate) fn start() -> Self {
        let dir = ScratchDir::new("opensmtpd");
        let mut failures = Vec::new();
        for _ in 0..5 {
            let port = free_port();
            let done = run(Command::new("bash")
                .arg(interop_script())
                .arg("opensmtpd-start")
                .arg(dir.path())
                .arg(port.to_string()));
            if done.status.success() {
                return Self { port, dir };
            }
            failures.push(format!("port {port}: {}", done.stderr.trim()));
            // A failed start may have left a pid file; stopping is harmless either way.
            let _ = run(Command::new("bash")
                .arg(interop_script())
                .arg("opensmtpd-stop")
                .arg(dir.path()));
        }
        panic!("OpenSMTPD did not start:\n{}", failures.join("\n"));
    }

    /// The port it listens on.
    pub(crate) const fn port(&self) -> u16 {
        self.port
    }

    /// The work directory (config, log, maildir).
    pub(crate) fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Waits (at most 20 s) until at least `count` messages were delivered, with
    /// `interop.sh maildir-wait`; returns their paths.
    pub(crate) fn wait_for(&self, count: usize) -> Vec<PathBuf> {
        let done = run(Command::new("bash")
            .arg(interop_script())
            .arg("maildir-wait")
            .arg(self.dir())
            .arg(count.to_string())
            .arg("20"));
        done.assert_success("interop.sh maildir-wait");
        String::from_utf8_lossy(&done.stdout)
            .lines()
            .map(PathBuf::from)
            .collect()
    }
}

impl Drop for OpenSmtpd {
    fn drop(&mut self) {
        let done = run(Command::new("bash")
            .arg(interop_script())
            .arg("opensmtpd-stop")
            .arg(self.dir.path()));
        if !done.status.success() {
            eprintln!("interop.sh opensmtpd-stop failed: {}", done.stderr);
        }
        // `self.dir` drops after this, removing the work directory unless panicking.
    }
}

/// A delivered maildir file split into what OpenSMTPD prepended and the message.
#[derive(Debug)]
pub(crate) struct Delivered {
    /// The `Return-Path:` value, if the file has that line (absent for a null sender).
    pub(crate) return_path: Option<String>,
    /// The `Delivered-To:` value.
    pub(crate) delivered_to: String,
    /// The `Received:` field, all its lines, LF-terminated.
    pub(crate) received: String,
    /// Everything after those fields.
    pub(crate) message: Vec<u8>,
}

/// Splits a delivered file (scripts/README.md, "What a delivered file looks like"):
/// an optional `Return-Path: <…>` line, `Delivered-To: …`, a `Received:` field whose
/// continuation lines start with a TAB, each line ending in LF; then the message.
/// Panics when the file does not start that way.
pub(crate) fn parse_delivered(file: &[u8]) -> Delivered {
    let mut rest = file;
    let mut take_line = |prefix: &str| -> Option<String> {
        let text = rest.strip_prefix(prefix.as_bytes())?;
        let end = text.iter().position(|&b| b == b'\n')?;
        let value = String::from_utf8(text[..end].to_vec()).ok()?;
        rest = &text[end + 1..];
        Some(value)
    };
    let return_path = take_line("Return-Path: ");
    let delivered_to = take_line("Delivered-To: ").unwrap_or_else(|| {
        panic!(
            "no Delivered-To line where expected in {:?}",
            String::from_utf8_lossy(&file[..file.len().min(300)])
        )
    });
    let first = take_line("Received: ").expect("a Received field after Delivered-To");
    let mut received = format!("Received: {first}\n");
    while rest.first() == Some(&b'\t') {
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .expect("a Received continuation line ends in LF");
        received.push_str(&String::from_utf8_lossy(&rest[..=end]));
        rest = &rest[end + 1..];
    }
    Delivered {
        return_path,
        delivered_to,
        received,
        message: rest.to_vec(),
    }
}
