//! `mailwire`: the workspace's command-line tool.
//!
//! The contract (subcommands, flags, output formats, exit statuses) is
//! `shared/CLI.md`; `mailwire --help` summarises it. Usage errors and unreadable
//! input give a one-line message on stderr and exit status 2; data errors (input
//! that does not decode) exit 1.

mod codec;
mod trace;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The wire layer of mail, on the command line: session traces and the mail codecs.
#[derive(Debug, Parser)]
#[command(name = "mailwire", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Base64 (RFC 4648; MIME with --wrap / --mime), stdin to stdout.
    #[command(subcommand)]
    Base64(codec::Base64Command),
    /// RFC 2047 encoded words in header values, one value per line.
    #[command(subcommand)]
    Header(codec::HeaderCommand),
    /// Quoted-printable (RFC 2045 §6.7), stdin to stdout.
    #[command(subcommand)]
    Qp(codec::QpCommand),
    /// Decode one captured SMTP/POP3/IMAP connection (or a built-in sample session).
    Trace(trace::TraceArgs),
    /// IMAP modified UTF-7 mailbox names (RFC 3501 §5.1.3), one per line.
    #[command(subcommand)]
    Utf7(codec::Utf7Command),
}

/// How a command failed: the message is printed on one line, the status returned.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Input that does not decode: exit status 1.
    Data(String),
    /// Bad usage or unreadable input: exit status 2.
    Usage(String),
    /// Output closed by the reader (e.g. `| head`): stop quietly.
    BrokenPipe,
    /// Everything was reported on stdout already: exit with this status, print nothing.
    Exit(u8),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Self::BrokenPipe
        } else {
            Self::Usage(format!("I/O error: {e}"))
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version: print as clap formats them, succeed.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            // The contract wants one line: clap's first line carries the reason.
            let text = e.to_string();
            let first = text.lines().next().unwrap_or("usage error");
            let first = first.strip_prefix("error: ").unwrap_or(first);
            eprintln!("mailwire: {first} (see 'mailwire --help')");
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::Base64(c) => c.run(),
        Command::Header(c) => c.run(),
        Command::Qp(c) => c.run(),
        Command::Trace(c) => c.run(),
        Command::Utf7(c) => c.run(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::BrokenPipe) => ExitCode::SUCCESS,
        Err(Failure::Exit(status)) => ExitCode::from(status),
        Err(Failure::Data(m)) => {
            let _ = io::stdout().flush();
            eprintln!("mailwire: {m}");
            ExitCode::from(1)
        }
        Err(Failure::Usage(m)) => {
            eprintln!("mailwire: {m}");
            ExitCode::from(2)
        }
    }
}
