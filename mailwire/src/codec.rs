//! The codec commands: stdin to stdout, streaming in bounded memory.

use std::io::{self, BufRead, Read, Write};

use clap::{Args, Subcommand};
use mime_codec::base64::{self, Engine, LineEnding, LineWrap, Padding};
use mime_codec::{qp, rfc2047, utf7};

use crate::Failure;

/// Bytes read from stdin at a time; output buffers are sized from it, so memory
/// stays bounded whatever the input size.
const CHUNK: usize = 64 * 1024;

/// A streaming transformation of stdin into stdout.
trait Stream {
    /// Transforms one chunk, appending to `out`.
    fn step(&mut self, input: &[u8], out: &mut Vec<u8>) -> Result<(), Failure>;
    /// Ends the input, appending what was held back.
    fn end(&mut self, out: &mut Vec<u8>) -> Result<(), Failure>;
}

/// Runs `codec` over stdin in chunks, writing its output to stdout as it goes.
/// A failing step's output is written before the failure is returned.
fn run_stream(codec: &mut impl Stream) -> Result<(), Failure> {
    let mut stdin = io::stdin().lock();
    let mut stdout = io::stdout().lock();
    let mut input = vec![0u8; CHUNK];
    let mut output = Vec::with_capacity(2 * CHUNK);
    loop {
        let n = match stdin.read(&mut input) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Failure::Usage(format!("cannot read stdin: {e}"))),
        };
        output.clear();
        let r = codec.step(&input[..n], &mut output);
        stdout.write_all(&output)?;
        r?;
    }
    output.clear();
    let r = codec.end(&mut output);
    stdout.write_all(&output)?;
    stdout.flush()?;
    r
}

/// Implements [`Stream`] for a codec module's streaming `Encoder` and `Decoder`
/// (Base64 and quoted-printable share the shape: `encode`/`decode` a chunk,
/// `finish` the stream), naming the command in decode errors.
macro_rules! stream_codec {
    ($module:ident, $command:literal) => {
        impl Stream for $module::Encoder {
            fn step(&mut self, input: &[u8], out: &mut Vec<u8>) -> Result<(), Failure> {
                self.encode(input, out);
                Ok(())
            }

            fn end(&mut self, out: &mut Vec<u8>) -> Result<(), Failure> {
                self.finish(out);
                Ok(())
            }
        }

        impl Stream for $module::Decoder {
            fn step(&mut self, input: &[u8], out: &mut Vec<u8>) -> Result<(), Failure> {
                self.decode(input, out)
                    .map_err(|e| Failure::Data(format!(concat!($command, ": {}"), e)))
            }

            fn end(&mut self, out: &mut Vec<u8>) -> Result<(), Failure> {
                self.finish(out)
                    .map_err(|e| Failure::Data(format!(concat!($command, ": {}"), e)))
            }
        }
    };
}

stream_codec!(base64, "base64 decode");
stream_codec!(qp, "qp decode");

/// `mailwire qp …`
#[derive(Debug, Subcommand)]
pub(crate) enum QpCommand {
    /// Encode stdin as quoted-printable (76-column lines, soft breaks `=` CRLF).
    Encode {
        /// Binary mode: encode every CR and LF instead of keeping line breaks.
        #[arg(long)]
        binary: bool,
    },
    /// Decode quoted-printable from stdin (strict RFC 2045 unless --lenient).
    Decode {
        /// Accept what real mail carries: lowercase hex, stray `=`, LF soft breaks.
        #[arg(long)]
        lenient: bool,
    },
}

impl QpCommand {
    pub(crate) fn run(self) -> Result<(), Failure> {
        match self {
            Self::Encode { binary } => {
                let config = if binary { qp::BINARY } else { qp::TEXT };
                run_stream(&mut config.encoder())
            }
            Self::Decode { lenient } => {
                let config = if lenient { qp::LENIENT } else { qp::STRICT };
                run_stream(&mut config.decoder())
            }
        }
    }
}

/// The longest line the line-oriented commands accept (header values, mailbox
/// names); a longer one is an error for that line, and memory stays bounded.
const MAX_LINE: usize = 1024 * 1024;

/// Runs `convert` on each line of stdin (without its LF or CRLF), writing each
/// result followed by LF. A line that fails is reported on stderr with its
/// number, produces no output, and makes the command exit 1 at the end.
fn run_lines(
    what: &str,
    mut convert: impl FnMut(&[u8], &mut Vec<u8>) -> Result<(), String>,
) -> Result<(), Failure> {
    let mut stdin = io::stdin().lock();
    let mut stdout = io::stdout().lock();
    let mut line = Vec::new();
    let mut out = Vec::new();
    let mut failed = 0usize;
    let mut number = 0usize;
    loop {
        line.clear();
        let (complete, too_long) = read_line(&mut stdin, &mut line)?;
        if line.is_empty() && !complete {
            break;
        }
        number += 1;
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        out.clear();
        let result = if too_long {
            Err(format!("longer than {MAX_LINE} bytes"))
        } else {
            convert(&line, &mut out)
        };
        match result {
            Ok(()) => {
                out.push(b'\n');
                stdout.write_all(&out)?;
            }
            Err(e) => {
                failed += 1;
                stdout.flush()?;
                eprintln!("mailwire: {what}: line {number}: {e}");
            }
        }
        if !complete {
            break;
        }
    }
    stdout.flush()?;
    match failed {
        0 => Ok(()),
        n => Err(Failure::Data(format!("{what}: {n} line(s) failed"))),
    }
}

/// Reads one line into `line` (without the LF), keeping at most [`MAX_LINE`]
/// bytes of it. Returns whether a LF ended it, and whether it was cut.
fn read_line(input: &mut impl BufRead, line: &mut Vec<u8>) -> Result<(bool, bool), Failure> {
    let mut too_long = false;
    loop {
        let buf = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Failure::Usage(format!("cannot read stdin: {e}"))),
        };
        if buf.is_empty() {
            return Ok((false, too_long));
        }
        let (chunk, ended) = match memchr::memchr(b'\n', buf) {
            Some(i) => (&buf[..i], Some(i + 1)),
            None => (buf, None),
        };
        let room = MAX_LINE.saturating_sub(line.len());
        too_long |= chunk.len() > room;
        line.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let used = ended.unwrap_or(buf.len());
        input.consume(used);
        if ended.is_some() {
            return Ok((true, too_long));
        }
    }
}

/// `mailwire header …`
#[derive(Debug, Subcommand)]
pub(crate) enum HeaderCommand {
    /// Decode RFC 2047 encoded words in header values, one value per line.
    Decode {
        /// Also decode what real mail carries: words glued to text, over-long
        /// words, unpadded Base64 (RFC 2047 exactly by default).
        #[arg(long)]
        lenient: bool,
    },
    /// Encode header values (UTF-8, one per line) with RFC 2047 encoded words where needed.
    Encode,
}

impl HeaderCommand {
    pub(crate) fn run(self) -> Result<(), Failure> {
        match self {
            Self::Decode { lenient } => {
                let decoder = if lenient {
                    rfc2047::Decoder::LENIENT
                } else {
                    rfc2047::Decoder::STRICT
                };
                // Decoding never fails: a word that cannot be decoded stays as written.
                run_lines("header decode", |line, out| {
                    out.extend_from_slice(decoder.decode_bytes(line).as_bytes());
                    Ok(())
                })
            }
            Self::Encode => run_lines("header encode", |line, out| {
                let value = std::str::from_utf8(line)
                    .map_err(|e| format!("not UTF-8 at offset {}", e.valid_up_to()))?;
                // One value per output line, so the words are not folded.
                out.extend_from_slice(rfc2047::Encoder::ONE_LINE.encode(value).as_bytes());
                Ok(())
            }),
        }
    }
}

/// `mailwire utf7 …`
#[derive(Debug, Subcommand)]
pub(crate) enum Utf7Command {
    /// Encode UTF-8 mailbox names, one per line, as IMAP modified UTF-7.
    Encode,
    /// Decode IMAP modified UTF-7 mailbox names (strict: canonical forms only), one per line.
    Decode,
}

impl Utf7Command {
    pub(crate) fn run(self) -> Result<(), Failure> {
        match self {
            Self::Encode => run_lines("utf7 encode", |line, out| {
                let name = std::str::from_utf8(line)
                    .map_err(|e| format!("not UTF-8 at offset {}", e.valid_up_to()))?;
                out.extend_from_slice(utf7::encode(name).as_bytes());
                Ok(())
            }),
            Self::Decode => run_lines("utf7 decode", |line, out| {
                let name = utf7::decode(line).map_err(|e| e.to_string())?;
                out.extend_from_slice(name.as_bytes());
                Ok(())
            }),
        }
    }
}

/// `mailwire base64 …`
#[derive(Debug, Subcommand)]
pub(crate) enum Base64Command {
    /// Encode stdin (one line, or lines of N symbols ending CRLF with --wrap N).
    Encode(Base64EncodeArgs),
    /// Decode stdin, strict RFC 4648 unless --mime / --allow-trailing-bits.
    Decode(Base64DecodeArgs),
}

#[derive(Debug, Args)]
pub(crate) struct Base64EncodeArgs {
    /// Use the URL and filename safe alphabet (RFC 4648 §5).
    #[arg(long)]
    url: bool,
    /// Omit the `=` padding.
    #[arg(long)]
    no_pad: bool,
    /// Lines of at most N symbols, each ending CRLF (76 for MIME).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    wrap: Option<u64>,
}

#[derive(Debug, Args)]
pub(crate) struct Base64DecodeArgs {
    /// Use the URL and filename safe alphabet (RFC 4648 §5).
    #[arg(long)]
    url: bool,
    /// Refuse `=` padding (the input must be unpadded).
    #[arg(long)]
    no_pad: bool,
    /// Skip CR, LF, space and tab, and accept a missing final padding.
    #[arg(long)]
    mime: bool,
    /// Accept non-zero bits after the last decoded byte.
    #[arg(long)]
    allow_trailing_bits: bool,
}

fn base64_engine(url: bool) -> Engine {
    if url {
        base64::URL_SAFE
    } else {
        base64::STANDARD
    }
}

impl Base64Command {
    pub(crate) fn run(self) -> Result<(), Failure> {
        match self {
            Self::Encode(a) => {
                let wrap = match a.wrap {
                    None => None,
                    Some(n) => {
                        let n = usize::try_from(n)
                            .map_err(|_| Failure::Usage(format!("--wrap {n} is too large")))?;
                        LineWrap::new(n, LineEnding::Crlf)
                    }
                };
                let engine = base64_engine(a.url)
                    .with_padding(if a.no_pad {
                        Padding::None
                    } else {
                        Padding::Required
                    })
                    .with_line_wrap(wrap);
                run_stream(&mut engine.encoder())
            }
            Self::Decode(a) => {
                let padding = match (a.no_pad, a.mime) {
                    (true, _) => Padding::None,
                    (false, true) => Padding::Either,
                    (false, false) => Padding::Required,
                };
                let engine = base64_engine(a.url)
                    .with_padding(padding)
                    .with_whitespace_skipped(a.mime)
                    .with_trailing_bits_allowed(a.allow_trailing_bits);
                run_stream(&mut engine.decoder())
            }
        }
    }
}
