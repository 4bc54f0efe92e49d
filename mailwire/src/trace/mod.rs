//! `mailwire trace <smtp|pop3|imap>`: decode one captured connection (shared/CLI.md).
//!
//! A protocol module turns the two byte streams into [`Record`]s in conversation order;
//! this module reads the inputs, checks the tiling invariant and prints the records as
//! JSON lines or as a readable conversation.

use std::fmt::Write as _;
use std::io::{self, Read, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde::Serialize;

use crate::Failure;

mod imap;
mod pop3;
mod smtp;

/// The protocols `trace` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Protocol {
    /// SMTP / LMTP (smtp-proto).
    Smtp,
    /// POP3 (pop3-proto).
    Pop3,
    /// IMAP (imap-proto).
    Imap,
}

/// Arguments of `mailwire trace`.
#[derive(Debug, Args)]
pub(crate) struct TraceArgs {
    /// The protocol of the captured connection.
    #[arg(value_enum)]
    protocol: Protocol,
    /// Every byte the client sent (`-` for stdin).
    #[arg(long, value_name = "FILE")]
    client: Option<PathBuf>,
    /// Every byte the server sent (`-` for stdin).
    #[arg(long, value_name = "FILE")]
    server: Option<PathBuf>,
    /// One JSON object per record and line.
    #[arg(long)]
    json: bool,
    /// Accept the documented quirks of non-conforming but widely deployed peers
    /// (never relaxes the SMTP smuggling rules).
    #[arg(long)]
    lenient: bool,
}

/// Which stream a record belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Dir {
    /// Bytes the client sent.
    Client,
    /// Bytes the server sent.
    Server,
}

/// One decoded (or undecodable) piece of a stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Record {
    /// The stream.
    pub(crate) dir: Dir,
    /// First byte of the record in its stream.
    pub(crate) offset: usize,
    /// Number of bytes.
    pub(crate) len: usize,
    /// `command:EHLO`, `reply:250`, `data`, `opaque`, … (absent for errors).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) kind: Option<String>,
    /// Whether encode → decode of the decoded value gave it back (absent for `opaque` and errors).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) roundtrip: Option<bool>,
    /// Why the bytes could not be decoded (absent for decoded records).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) error: Option<String>,
    /// Compact text for the readable output (not part of the JSON contract).
    #[serde(skip)]
    pub(crate) summary: String,
}

impl Record {
    /// A decoded record.
    pub(crate) fn decoded(
        dir: Dir,
        offset: usize,
        len: usize,
        kind: impl Into<String>,
        roundtrip: Option<bool>,
        summary: String,
    ) -> Self {
        Self {
            dir,
            offset,
            len,
            kind: Some(kind.into()),
            roundtrip,
            error: None,
            summary,
        }
    }

    /// Bytes after an accepted STARTTLS / STLS: no kind of message, no roundtrip.
    pub(crate) fn opaque(dir: Dir, offset: usize, len: usize) -> Self {
        Self::decoded(dir, offset, len, "opaque", None, format!("{len} bytes"))
    }

    /// Bytes that could not be decoded.
    pub(crate) fn error(dir: Dir, offset: usize, len: usize, error: String) -> Self {
        Self {
            dir,
            offset,
            len,
            kind: None,
            roundtrip: None,
            error: Some(error),
            summary: String::new(),
        }
    }
}

/// One captured stream and the position of its decoder in it.
pub(crate) struct Side<'a, D> {
    /// The stream.
    pub(crate) bytes: &'a [u8],
    /// Bytes consumed so far.
    pub(crate) pos: usize,
    /// The crate's decoder for this direction.
    pub(crate) dec: D,
}

impl<'a, D> Side<'a, D> {
    /// A stream at its start.
    pub(crate) const fn new(bytes: &'a [u8], dec: D) -> Self {
        Self { bytes, pos: 0, dec }
    }
}

/// Adds `n` bytes to the last record of `dir` (the rest of a line an error record
/// covers, skipped by the decoder in pieces).
pub(crate) fn extend_last(records: &mut [Record], dir: Dir, n: usize) {
    if let Some(r) = records.iter_mut().rev().find(|r| r.dir == dir) {
        r.len += n;
    }
}

/// `line` without its line end (CRLF, or a lone LF).
pub(crate) fn trim_crlf(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// The two captured streams and the mode.
pub(crate) struct Session {
    /// Bytes the client sent.
    pub(crate) client: Vec<u8>,
    /// Bytes the server sent.
    pub(crate) server: Vec<u8>,
    /// Whether the server stream was given (or is the built-in sample).
    pub(crate) has_server: bool,
    /// `--lenient`.
    pub(crate) lenient: bool,
}

impl TraceArgs {
    /// Runs the command: exit status 0 when no record is an error, 1 otherwise.
    pub(crate) fn run(self) -> Result<(), Failure> {
        if self.client.as_deref() == Some("-".as_ref())
            && self.server.as_deref() == Some("-".as_ref())
        {
            return Err(Failure::Usage(
                "only one of --client and --server can read stdin".into(),
            ));
        }
        let sample = self.client.is_none() && self.server.is_none();
        let (client, server) = if sample {
            let (c, s) = match self.protocol {
                Protocol::Smtp => smtp::SAMPLE,
                Protocol::Pop3 => pop3::SAMPLE,
                Protocol::Imap => imap::SAMPLE,
            };
            (c.to_vec(), s.to_vec())
        } else {
            (read_opt(&self.client)?, read_opt(&self.server)?)
        };
        let session = Session {
            has_server: sample || self.server.is_some(),
            client,
            server,
            lenient: self.lenient,
        };
        let records = match self.protocol {
            Protocol::Smtp => smtp::trace(&session),
            Protocol::Pop3 => pop3::trace(&session),
            Protocol::Imap => imap::trace(&session),
        };
        check_tiling(&records, Dir::Client, session.client.len());
        check_tiling(&records, Dir::Server, session.server.len());
        print(&records, &session, self.json)?;
        if records.iter().any(|r| r.error.is_some()) {
            return Err(Failure::Exit(1));
        }
        Ok(())
    }
}

/// Reads a capture file (`-` is stdin); a missing option is an empty stream.
fn read_opt(path: &Option<PathBuf>) -> Result<Vec<u8>, Failure> {
    let Some(path) = path else {
        return Ok(Vec::new());
    };
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .map_err(|e| Failure::Usage(format!("cannot read stdin: {e}")))?;
        return Ok(buf);
    }
    std::fs::read(path).map_err(|e| Failure::Usage(format!("cannot read {}: {e}", path.display())))
}

/// The contract's tiling rule: a direction's records, sorted by offset, cover the stream
/// exactly. A protocol module that breaks it has a bug; fail loudly rather than print a lie.
fn check_tiling(records: &[Record], dir: Dir, len: usize) {
    let mut spans: Vec<(usize, usize)> = records
        .iter()
        .filter(|r| r.dir == dir)
        .map(|r| (r.offset, r.len))
        .collect();
    spans.sort_unstable();
    let mut next = 0;
    for (offset, n) in spans {
        assert_eq!(offset, next, "{dir:?} records do not tile the stream");
        assert!(n > 0, "{dir:?} record of length 0 at {offset}");
        next = offset + n;
    }
    assert_eq!(
        next, len,
        "{dir:?} records do not reach the end of the stream"
    );
}

fn print(records: &[Record], session: &Session, json: bool) -> Result<(), Failure> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    for r in records {
        if json {
            serde_json::to_writer(&mut out, r)
                .map_err(|e| Failure::Usage(format!("cannot write JSON: {e}")))?;
            out.write_all(b"\n")?;
        } else {
            let arrow = match r.dir {
                Dir::Client => "C:",
                Dir::Server => "S:",
            };
            let mut line = format!("{arrow} {:>7} +{:<5} ", r.offset, r.len);
            match (&r.kind, &r.error) {
                (Some(kind), _) => {
                    let rt = match r.roundtrip {
                        Some(false) => " (roundtrip differs)",
                        _ => "",
                    };
                    let _ = write!(line, "{kind:<16} {}{rt}", r.summary);
                }
                (None, Some(err)) => {
                    let bytes = match r.dir {
                        Dir::Client => &session.client,
                        Dir::Server => &session.server,
                    };
                    let _ = write!(
                        line,
                        "ERROR            {err}: {}",
                        printable(&bytes[r.offset..r.offset + r.len], 60)
                    );
                }
                (None, None) => {}
            }
            out.write_all(line.trim_end().as_bytes())?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(())
}

/// `bytes` as one printable line: CR/LF/TAB spelled out, other controls and non-ASCII as
/// `\xNN`, cut at `max` characters with an ellipsis.
pub(crate) fn printable(bytes: &[u8], max: usize) -> String {
    let mut s = String::new();
    for (i, &b) in bytes.iter().enumerate() {
        if s.len() >= max {
            let _ = write!(s, "… ({} more bytes)", bytes.len() - i);
            break;
        }
        match b {
            b'\r' => s.push_str("\\r"),
            b'\n' => s.push_str("\\n"),
            b'\t' => s.push_str("\\t"),
            b'\\' => s.push_str("\\\\"),
            0x20..=0x7e => s.push(char::from(b)),
            _ => {
                let _ = write!(s, "\\x{b:02x}");
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_escapes_and_cuts() {
        assert_eq!(printable(b"EHLO x\r\n", 80), "EHLO x\\r\\n");
        assert_eq!(printable(b"a\x00\xff\\", 80), "a\\x00\\xff\\\\");
        assert_eq!(printable(b"abcdef", 3), "abc… (3 more bytes)");
    }

    #[test]
    fn json_field_order_and_omissions() {
        let ok = Record::decoded(
            Dir::Client,
            0,
            16,
            "command:EHLO",
            Some(true),
            String::new(),
        );
        assert_eq!(
            serde_json::to_string(&ok).unwrap(),
            r#"{"dir":"client","offset":0,"len":16,"kind":"command:EHLO","roundtrip":true}"#
        );
        let opaque = Record::decoded(Dir::Server, 5, 3, "opaque", None, String::new());
        assert_eq!(
            serde_json::to_string(&opaque).unwrap(),
            r#"{"dir":"server","offset":5,"len":3,"kind":"opaque"}"#
        );
        let err = Record::error(
            Dir::Server,
            90,
            12,
            "expected SP after reply code at offset 93".into(),
        );
        assert_eq!(
            serde_json::to_string(&err).unwrap(),
            r#"{"dir":"server","offset":90,"len":12,"error":"expected SP after reply code at offset 93"}"#
        );
    }
}
