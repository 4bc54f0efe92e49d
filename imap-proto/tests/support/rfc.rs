//! The reader of the RFC example transcripts in `tests/rfc/<rfc-number>.txt` (format in
//! `tests/rfc/README.md`), shared by the command, response and search tests. It trusts the
//! format, which `rfc_vectors.rs` checks.
//!
//! Not a module of `support/mod.rs` (which brings the Dovecot helpers): each test includes
//! this file with `#[path = "support/rfc.rs"] mod rfc;`.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

/// One message of a block: its side (`'C'` or `'S'`) and its lines (a `C+` / `S+` line
/// continues the latest message of its side).
#[derive(Debug)]
pub(crate) struct Msg {
    pub(crate) side: char,
    pub(crate) lines: Vec<String>,
}

impl Msg {
    /// The lines joined with CRLF, with the final CRLF.
    pub(crate) fn bytes(&self) -> Vec<u8> {
        let mut v = self.lines.join("\r\n").into_bytes();
        v.extend_from_slice(b"\r\n");
        v
    }

    /// True when the message holds `...`, which every elision marker of the format holds
    /// (in a block flagged `! elided` such a message is not what was on the wire).
    pub(crate) fn has_dots(&self) -> bool {
        self.lines.iter().any(|l| l.contains("..."))
    }
}

/// One example block.
#[derive(Debug)]
pub(crate) struct Block {
    /// The header without its `# `.
    pub(crate) header: String,
    /// The flag lines without their `! `.
    pub(crate) flags: Vec<String>,
    pub(crate) messages: Vec<Msg>,
}

impl Block {
    /// True when the block carries the flag `f` (a flag line equal to it).
    pub(crate) fn has_flag(&self, f: &str) -> bool {
        self.flags.iter().any(|g| g == f)
    }
}

/// The directory of the transcripts.
pub(crate) fn rfc_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rfc")
}

/// Every transcript file, sorted.
pub(crate) fn rfc_files() -> Vec<PathBuf> {
    let mut files: Vec<_> = fs::read_dir(rfc_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
}

/// The blocks of one transcript file.
pub(crate) fn rfc_blocks(path: &Path) -> Vec<Block> {
    let text = fs::read_to_string(path).unwrap();
    let mut blocks = Vec::new();
    for chunk in text.split("\n\n").skip(1) {
        let mut b = Block {
            header: String::new(),
            flags: Vec::new(),
            messages: Vec::new(),
        };
        for line in chunk.lines() {
            if let Some(h) = line.strip_prefix("# ") {
                b.header = h.to_owned();
            } else if let Some(f) = line.strip_prefix("! ") {
                b.flags.push(f.to_owned());
            } else {
                let side = line.chars().next().unwrap();
                let t = line.get(3..).unwrap_or("").to_owned();
                if line.as_bytes()[1] == b'+' {
                    let m = b
                        .messages
                        .iter_mut()
                        .rev()
                        .find(|m| m.side == side)
                        .unwrap();
                    m.lines.push(t);
                } else {
                    b.messages.push(Msg {
                        side,
                        lines: vec![t],
                    });
                }
            }
        }
        blocks.push(b);
    }
    blocks
}
