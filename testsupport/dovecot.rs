//! The throwaway Dovecot server of `scripts/interop.sh` (see scripts/README.md, "The
//! throwaway Dovecot"): POP3, and IMAP when asked for, started on 127.0.0.1 on free ports with
//! a work directory under /tmp, filled with `maildir-put`, stopped when the guard drops (also
//! when the test fails). Shared by the pop3-proto and imap-proto tests (each includes it with
//! `#[path]` in its `tests/support` module, which provides the helpers of `real_peers.rs`).

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{ScratchDir, effective_uid, free_port, interop_script, require_tools, run, skip};

/// The path the script runs Dovecot from.
pub(crate) const DOVECOT: &str = "/usr/sbin/dovecot";

/// Whether the Dovecot test can run here; reports why not through [`skip`].
pub(crate) fn available() -> bool {
    if !require_tools(&["bash"]) {
        return false;
    }
    if !Path::new(DOVECOT).exists() {
        return skip(&format!(
            "{DOVECOT} not found (bash scripts/interop.sh install)"
        ));
    }
    if effective_uid() != Some(0) {
        return skip("starting Dovecot needs root");
    }
    true
}

/// A running Dovecot; stopped (and its work directory removed, unless panicking) on drop.
pub(crate) struct Dovecot {
    port: u16,
    imap_port: Option<u16>,
    dir: ScratchDir,
}

impl Dovecot {
    /// Starts Dovecot (POP3 only) with `interop.sh dovecot-start`.
    pub(crate) fn start() -> Self {
        Self::start_with(false)
    }

    /// Starts Dovecot with POP3 and IMAP.
    pub(crate) fn start_imap() -> Self {
        Self::start_with(true)
    }

    /// The ports are free when chosen but may be taken before Dovecot binds them: up to
    /// five tries.
    fn start_with(imap: bool) -> Self {
        let dir = ScratchDir::new("dovecot");
        let mut failures = Vec::new();
        for _ in 0..5 {
            let port = free_port();
            let imap_port = imap.then(|| {
                let mut p = free_port();
                while p == port {
                    p = free_port();
                }
                p
            });
            let mut command = Command::new("bash");
            command
                .arg(interop_script())
                .arg("dovecot-start")
                .arg(dir.path())
                .arg(port.to_string());
            if let Some(p) = imap_port {
                command.arg(p.to_string());
            }
            let done = run(&mut command);
            if done.status.success() {
                return Self {
                    port,
                    imap_port,
                    dir,
                };
            }
            failures.push(format!(
                "ports {port}, {imap_port:?}: {}",
                done.stderr.trim()
            ));
            // A failed start may have left a pid file; stopping is harmless either way.
            let _ = run(Command::new("bash")
                .arg(interop_script())
                .arg("dovecot-stop")
                .arg(dir.path()));
        }
        panic!("Dovecot did not start:\n{}", failures.join("\n"));
    }

    /// The port it listens on for POP3.
    pub(crate) const fn port(&self) -> u16 {
        self.port
    }

    /// The port it listens on for IMAP (started with [`Dovecot::start_imap`]).
    pub(crate) fn imap_port(&self) -> u16 {
        self.imap_port.expect("Dovecot started with IMAP")
    }

    /// The work directory (config, log, maildir).
    pub(crate) fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Stores `messages` (each as it is, no line-end conversion) with `interop.sh
    /// maildir-put`, in order, so they become the next message numbers; returns the paths,
    /// whose file names are the UIDLs.
    pub(crate) fn put(&self, messages: &[&[u8]]) -> Vec<PathBuf> {
        let staging = ScratchDir::new("dovecot-put");
        let files: Vec<PathBuf> = messages
            .iter()
            .enumerate()
            .map(|(i, m)| staging.write(&format!("{i:03}.eml"), m))
            .collect();
        let done = run(Command::new("bash")
            .arg(interop_script())
            .arg("maildir-put")
            .arg(self.dir())
            .args(&files));
        done.assert_success("interop.sh maildir-put");
        let paths: Vec<PathBuf> = String::from_utf8_lossy(&done.stdout)
            .lines()
            .map(PathBuf::from)
            .collect();
        assert_eq!(paths.len(), messages.len(), "maildir-put printed {paths:?}");
        paths
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        let done = run(Command::new("bash")
            .arg(interop_script())
            .arg("dovecot-stop")
            .arg(self.dir.path()));
        if !done.status.success() {
            eprintln!("interop.sh dovecot-stop failed: {}", done.stderr);
        }
        // `self.dir` drops after this, removing the work directory unless panicking.
    }
}
