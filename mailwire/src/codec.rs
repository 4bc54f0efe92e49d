//! The codec commands: stdin to stdout, streaming in bounded memory.

use std::io::{self, Read, Write};

use clap::{Args, Subcommand};
use mime_codec::base64::{self, Engine, LineEnding, LineWrap, Padding};

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

impl Stream for base64::Encoder {
    fn step(&mut self, input: &[u8], out: &mut Vec<u8>) -> Result<(), Failure> {
        self.encode(input, out);
        Ok(())
    }

    fn end(&mut self, out: &mut Vec<u8>) -> Result<(), Failure> {
        self.finish(out);
        Ok(())
    }
}

fn base64_failure(e: base64::DecodeError) -> Failure {
    Failure::Data(format!("base64 decode: {e}"))
}

impl Stream for base64::Decoder {
    fn step(&mut self, input: &[u8], out: &mut Vec<u8>) -> Result<(), Failure> {
        self.decode(input, out).map_err(base64_failure)
    }

    fn end(&mut self, out: &mut Vec<u8>) -> Result<(), Failure> {
        self.finish(out).map_err(base64_failure)
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
